//! Reading objects straight from a repository's pack files (`objects/pack/*.pack` with a
//! version 2 `.idx`), for the history scan, which reads every tree and blob of a repository
//! once: no memory map (pread of a window around each object into per-thread buffers), no
//! global locks, zlib-rs for inflate with the index's CRC-32 in place of zlib's checksum, and
//! a per-thread cache of delta bases sized for reading every version of a file in turn.
//!
//! Only what it is sure of is served here: an object in no pack (loose, in an alternate, a
//! pack with an index this does not read) is `Ok(None)`, for libgit2 to read; an object whose
//! pack data is corrupt is an error, never a silent fallback.

use std::collections::{HashMap, VecDeque};
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};

use flate2::{Decompress, FlushDecompress, Status};

/// The kind of a (non-delta) object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Commit,
    Tree,
    Blob,
    Tag,
}

impl Kind {
    fn from_type(t: u8) -> Option<Kind> {
        match t {
            1 => Some(Kind::Commit),
            2 => Some(Kind::Tree),
            3 => Some(Kind::Blob),
            4 => Some(Kind::Tag),
            _ => None,
        }
    }

    /// Git's name for the kind.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Commit => "commit",
            Kind::Tree => "tree",
            Kind::Blob => "blob",
            Kind::Tag => "tag",
        }
    }
}

/// An object is in a pack but cannot be read from it.
#[derive(Debug, thiserror::Error)]
#[error("{pack} at offset {offset}: {reason}")]
pub struct PackError {
    pack: String,
    offset: u64,
    reason: String,
}

/// Delta chains longer than this are treated as corrupt (git itself caps `pack.depth` at 4095).
const MAX_DEPTH: usize = 10_000;

/// The packs of one object directory, with their indexes in memory. Shared by all threads.
#[derive(Default)]
pub struct Packs {
    packs: Vec<Pack>,
}

/// One pack file and its parsed index.
struct Pack {
    path: PathBuf,
    file: File,
    /// The object ids, sorted (the index's order).
    names: Vec<[u8; 20]>,
    /// The pack offset of each object, in the order of `names`.
    offsets: Vec<u64>,
    /// A finer fan-out than the index's: `fanout[k]` is the first object whose id's first
    /// `fanout_bits` bits are `k` or more, so that a lookup compares a handful of ids.
    fanout: Vec<u32>,
    fanout_bits: u32,
    /// Every object's offset, sorted: the next one after an object's is where it ends.
    sorted_offsets: Vec<u64>,
    /// The CRC-32 of each object's stored bytes, in the order of `sorted_offsets`.
    sorted_crcs: Vec<u32>,
    /// `pages[k]`: the first of `sorted_offsets` at or after `k << page_shift`, so that
    /// finding where an object ends is a short scan.
    pages: Vec<u32>,
    page_shift: u32,
    /// Where object data ends (the pack's trailing checksum starts).
    data_end: u64,
}

impl Packs {
    /// The packs under `objects_dir/pack` whose index this reads. Never fails: a pack that
    /// cannot be opened or whose index is unusual is left out (libgit2 then serves it).
    pub fn open(objects_dir: &Path) -> Packs {
        let mut packs = Vec::new();
        let Ok(dir) = std::fs::read_dir(objects_dir.join("pack")) else {
            return Packs { packs };
        };
        let mut idx_paths: Vec<PathBuf> = dir
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "idx"))
            .collect();
        idx_paths.sort();
        for idx in idx_paths {
            if let Some(pack) = Pack::open(&idx) {
                packs.push(pack);
            }
        }
        Packs { packs }
    }

    /// How many packs are served.
    pub fn len(&self) -> usize {
        self.packs.len()
    }

    /// Whether no pack is served.
    pub fn is_empty(&self) -> bool {
        self.packs.is_empty()
    }

    /// Reads object `id` into `out`: `Ok(None)` when it is in no pack served here (or its
    /// delta base is not), an error when its pack data is corrupt.
    pub fn read(
        &self,
        id: &[u8; 20],
        reader: &mut PackReader,
        out: &mut Vec<u8>,
    ) -> Result<Option<Kind>, PackError> {
        match self.find(id, None) {
            Some((pack, offset)) => self.read_at(pack, offset, reader, out),
            None => Ok(None),
        }
    }

    /// The pack and offset of `id`, looking first in pack `first`.
    fn find(&self, id: &[u8; 20], first: Option<usize>) -> Option<(usize, u64)> {
        if let Some(p) = first {
            if let Some(offset) = self.packs[p].find(id) {
                return Some((p, offset));
            }
        }
        self.packs
            .iter()
            .enumerate()
            .filter(|&(p, _)| Some(p) != first)
            .find_map(|(p, pack)| pack.find(id).map(|offset| (p, offset)))
    }

    /// Reads the object at `offset` of pack `pack`, resolving its delta chain.
    fn read_at(
        &self,
        mut pack: usize,
        mut offset: u64,
        reader: &mut PackReader,
        out: &mut Vec<u8>,
    ) -> Result<Option<Kind>, PackError> {
        // Down the chain to a cached object or a whole one, inflating each delta on the way.
        reader.chain.clear();
        let (kind, bottom) = loop {
            if let Some(kind) = reader.cache.touch(pack, offset) {
                break (kind, Bottom::Cached(pack, offset));
            }
            if reader.chain.len() > MAX_DEPTH {
                return Err(self.packs[pack].error(offset, "delta chain too deep"));
            }
            let p = &self.packs[pack];
            let (end, crc) = p
                .extent(offset)
                .ok_or_else(|| p.error(offset, "no object starts at this offset"))?;
            let object = p.read_extent(pack, offset, end, &mut reader.window)?;
            // The index's CRC of the stored bytes stands in for zlib's checksum of the
            // inflated ones (cheaper: fewer bytes, and faster to check).
            if crc32fast::hash(object) != crc {
                return Err(p.error(offset, "CRC mismatch: the pack data is corrupt"));
            }
            let header =
                parse_header(object).ok_or_else(|| p.error(offset, "bad object header"))?;
            let data = &object[header.len..];
            let depth = reader.chain.len();
            match header.kind {
                6 | 7 => {
                    if reader.deltas.len() <= depth {
                        reader.deltas.push(Vec::new());
                    }
                    let (base, used) = if header.kind == 6 {
                        let (distance, used) = parse_ofs(data)
                            .ok_or_else(|| p.error(offset, "bad delta base offset"))?;
                        let base = offset
                            .checked_sub(distance)
                            .filter(|&b| b >= 12 && b < offset)
                            .ok_or_else(|| p.error(offset, "delta base offset out of range"))?;
                        (Some((pack, base)), used)
                    } else {
                        let id: [u8; 20] = data
                            .get(..20)
                            .and_then(|b| b.try_into().ok())
                            .ok_or_else(|| p.error(offset, "truncated delta base id"))?;
                        (self.find(&id, Some(pack)), 20)
                    };
                    inflate(
                        &mut reader.inflate,
                        &data[used..],
                        header.size,
                        &mut reader.deltas[depth],
                    )
                    .map_err(|reason| p.error(offset, reason))?;
                    reader.chain.push((pack, offset));
                    match base {
                        Some((base_pack, base_offset)) => {
                            pack = base_pack;
                            offset = base_offset;
                        }
                        // A base in no pack here: libgit2 reads the whole object.
                        None => return Ok(None),
                    }
                }
                t => {
                    let kind = Kind::from_type(t)
                        .ok_or_else(|| p.error(offset, format!("unknown object type {t}")))?;
                    let target = if reader.chain.is_empty() {
                        &mut *out
                    } else {
                        &mut reader.base
                    };
                    inflate(&mut reader.inflate, data, header.size, target)
                        .map_err(|reason| p.error(offset, reason))?;
                    break (kind, Bottom::Whole(pack, offset));
                }
            }
        };
        // Back up the chain, applying each delta; the results in between are cached, since
        // the other versions of the same file are usually deltas against them.
        let PackReader {
            keep,
            cache,
            chain,
            deltas,
            base,
            ..
        } = reader;
        let mut current = bottom;
        if chain.is_empty() {
            match current {
                Bottom::Cached(p, o) => {
                    out.clear();
                    out.extend_from_slice(cache.get(p, o).unwrap_or_default());
                }
                Bottom::Whole(p, o) if *keep == Keep::Everything && cache.fits(out.len()) => {
                    let copy = cache.copy(out);
                    cache.insert(p, o, kind, copy);
                }
                _ => {}
            }
            return Ok(Some(kind));
        }
        let mut owned: Vec<u8> = Vec::new();
        for depth in (0..chain.len()).rev() {
            let (p, o) = chain[depth];
            let mut result = Vec::new();
            let source: &[u8] = match current {
                Bottom::Cached(cp, co) => cache.get(cp, co).unwrap_or_default(),
                Bottom::Whole(..) => base,
                Bottom::Owned => &owned,
            };
            if depth == 0 {
                apply_delta(source, &deltas[depth], out)
                    .map_err(|reason| self.packs[p].error(o, reason))?;
                if *keep != Keep::Bases && cache.fits(out.len()) {
                    let copy = cache.copy(out);
                    cache.insert(p, o, kind, copy);
                }
                break;
            }
            apply_delta(source, &deltas[depth], &mut result)
                .map_err(|reason| self.packs[p].error(o, reason))?;
            if let Bottom::Whole(bp, bo) = current {
                // The whole object at the bottom is a base too: keep it for its other deltas.
                if cache.fits(base.len()) {
                    let whole = cache.keep_buffer(base);
                    cache.insert(bp, bo, kind, whole);
                }
            }
            if cache.fits(result.len()) {
                cache.insert(p, o, kind, result);
                current = Bottom::Cached(p, o);
            } else {
                owned = result;
                current = Bottom::Owned;
            }
        }
        if let Bottom::Whole(bp, bo) = current {
            if cache.fits(base.len()) {
                let whole = cache.keep_buffer(base);
                cache.insert(bp, bo, kind, whole);
            }
        }
        Ok(Some(kind))
    }
}

/// Where the application of a chain's deltas starts.
#[derive(Clone, Copy)]
enum Bottom {
    /// A cached object.
    Cached(usize, u64),
    /// A whole object just inflated into the reader's `base`.
    Whole(usize, u64),
    /// An intermediate result too large to cache, held locally.
    Owned,
}

/// One thread's buffers, inflater and delta-base cache.
pub struct PackReader {
    inflate: Decompress,
    /// The part of a pack read last.
    window: Window,
    /// The inflated deltas of the chain being read, by depth.
    deltas: Vec<Vec<u8>>,
    /// The chain being read: (pack, offset) of each delta, from the object requested down.
    chain: Vec<(usize, u64)>,
    /// The whole object at the bottom of a chain.
    base: Vec<u8>,
    cache: BaseCache,
    keep: Keep,
}

/// A part of a pack read at once: objects stored near each other are often read together.
struct Window {
    pack: usize,
    start: u64,
    bytes: Vec<u8>,
    /// How many of `bytes` hold the pack from `start` on.
    len: usize,
    /// How much to read at once.
    size: usize,
}

/// Which objects a reader's cache keeps, besides those met on the way down a delta chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Only those: bases of the objects read.
    Bases,
    /// Also the objects read that were deltas.
    Deltas,
    /// Also every object read (when each version is read in turn, and is the base of the next).
    Everything,
}

impl PackReader {
    /// A reader whose delta-base cache holds up to `cache_bytes` of objects.
    pub fn new(cache_bytes: usize, keep: Keep, window_bytes: usize) -> PackReader {
        PackReader {
            inflate: Decompress::new(false),
            window: Window {
                pack: usize::MAX,
                start: 0,
                bytes: Vec::new(),
                len: 0,
                size: window_bytes,
            },
            deltas: Vec::new(),
            chain: Vec::new(),
            base: Vec::new(),
            cache: BaseCache::new(cache_bytes),
            keep,
        }
    }
}

/// Objects recently used as (or produced on the way to) delta bases, least recently used
/// first out, bounded by their total size.
struct BaseCache {
    entries: HashMap<(usize, u64), CacheEntry, BuildHasherDefault<OffsetHasher>>,
    /// Uses in order, oldest first; an entry's stale uses (older than its `tick`) are skipped.
    order: VecDeque<((usize, u64), u64)>,
    tick: u64,
    bytes: usize,
    limit: usize,
    /// Buffers of evicted entries, for new ones (fewer allocations).
    spare: Vec<Vec<u8>>,
}

/// Hashes (pack, offset) keys with a multiply: SipHash was a tenth of the cache's time.
#[derive(Default)]
struct OffsetHasher(u64);

impl Hasher for OffsetHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

struct CacheEntry {
    kind: Kind,
    data: Vec<u8>,
    tick: u64,
}

impl BaseCache {
    fn new(limit: usize) -> BaseCache {
        BaseCache {
            entries: HashMap::default(),
            order: VecDeque::new(),
            tick: 0,
            bytes: 0,
            limit,
            spare: Vec::new(),
        }
    }

    /// Whether an object of `len` bytes is worth caching.
    fn fits(&self, len: usize) -> bool {
        len <= self.limit / 8
    }

    /// Marks a cached object used; its kind, if cached.
    fn touch(&mut self, pack: usize, offset: u64) -> Option<Kind> {
        let entry = self.entries.get_mut(&(pack, offset))?;
        self.tick += 1;
        entry.tick = self.tick;
        let kind = entry.kind;
        self.order.push_back(((pack, offset), self.tick));
        if self.order.len() > 4 * self.entries.len() + 64 {
            let entries = &self.entries;
            self.order
                .retain(|(key, tick)| entries.get(key).is_some_and(|e| e.tick == *tick));
        }
        Some(kind)
    }

    /// A copy of `data` for a new entry, in an evicted entry's buffer if one is about the
    /// right size.
    fn copy(&mut self, data: &[u8]) -> Vec<u8> {
        let fits = |b: &Vec<u8>| (data.len()..=2 * data.len() + 256).contains(&b.capacity());
        let mut buffer = match self.spare.iter().rposition(fits) {
            Some(at) => self.spare.swap_remove(at),
            None => Vec::with_capacity(data.len()),
        };
        buffer.extend_from_slice(data);
        buffer
    }

    /// `buffer`'s bytes for a new entry: the buffer itself unless it is much larger than
    /// they are (a reused buffer that once held a larger object).
    fn keep_buffer(&mut self, buffer: &mut Vec<u8>) -> Vec<u8> {
        if buffer.capacity() <= 2 * buffer.len() + 256 {
            std::mem::take(buffer)
        } else {
            self.copy(buffer)
        }
    }

    fn get(&self, pack: usize, offset: u64) -> Option<&[u8]> {
        self.entries.get(&(pack, offset)).map(|e| e.data.as_slice())
    }

    fn insert(&mut self, pack: usize, offset: u64, kind: Kind, data: Vec<u8>) {
        while self.bytes + data.capacity() > self.limit {
            let Some((key, tick)) = self.order.pop_front() else {
                break;
            };
            if self.entries.get(&key).is_some_and(|e| e.tick == tick) {
                if let Some(mut old) = self.entries.remove(&key) {
                    self.bytes -= old.data.capacity();
                    if self.spare.len() < 16 {
                        old.data.clear();
                        self.spare.push(old.data);
                    }
                }
            }
        }
        self.tick += 1;
        self.bytes += data.capacity();
        self.order.push_back(((pack, offset), self.tick));
        if let Some(old) = self.entries.insert(
            (pack, offset),
            CacheEntry {
                kind,
                data,
                tick: self.tick,
            },
        ) {
            self.bytes -= old.data.capacity();
        }
    }
}

impl Pack {
    /// Opens the pack of index `idx_path`; `None` if anything about it is unusual.
    fn open(idx_path: &Path) -> Option<Pack> {
        let idx = std::fs::read(idx_path).ok()?;
        let pack_path = idx_path.with_extension("pack");
        let file = File::open(&pack_path).ok()?;
        let pack_len = file.metadata().ok()?.len();
        let be32 = |at: usize| -> Option<u32> {
            Some(u32::from_be_bytes(idx.get(at..at + 4)?.try_into().ok()?))
        };
        if idx.get(..4)? != b"\xfftOc" || be32(4)? != 2 {
            return None;
        }
        let mut fanout = [0u32; 256];
        for (i, f) in fanout.iter_mut().enumerate() {
            *f = be32(8 + 4 * i)?;
        }
        if fanout.windows(2).any(|w| w[0] > w[1]) {
            return None;
        }
        let n = fanout[255] as usize;
        let names_at = 8 + 1024;
        let offsets_at = names_at + n.checked_mul(24)?; // names, then CRCs
        let large_at = offsets_at + 4 * n;
        if idx.len() < large_at + 40 {
            return None;
        }
        let large_count = (offsets_at..large_at)
            .step_by(4)
            .filter(|&at| be32(at).is_some_and(|o| o & 0x8000_0000 != 0))
            .count();
        if idx.len() != large_at + 8 * large_count + 40 {
            return None;
        }
        // Names sorted and unique.
        let mut names = Vec::with_capacity(n);
        for chunk in idx[names_at..names_at + 20 * n].chunks_exact(20) {
            names.push(<[u8; 20]>::try_from(chunk).ok()?);
        }
        if names.windows(2).any(|w| w[0] >= w[1]) {
            return None;
        }
        for (b, &count) in fanout.iter().enumerate() {
            // Every name counted up to byte b starts with a byte <= b.
            let before = if b == 0 { 0 } else { fanout[b - 1] as usize };
            if names[before..count as usize]
                .iter()
                .any(|name| usize::from(name[0]) != b)
            {
                return None;
            }
        }
        let data_end = pack_len.checked_sub(20)?;
        let mut offsets = Vec::with_capacity(n);
        for i in 0..n {
            let o = be32(offsets_at + 4 * i)?;
            let offset = if o & 0x8000_0000 == 0 {
                u64::from(o)
            } else {
                let at = large_at + 8 * (o & 0x7fff_ffff) as usize;
                u64::from_be_bytes(idx.get(at..at + 8)?.try_into().ok()?)
            };
            if offset < 12 || offset >= data_end {
                return None;
            }
            offsets.push(offset);
        }
        // The pack: its header agrees with the index, and the index names this pack's checksum.
        let mut head = [0u8; 12];
        file.read_exact_at(&mut head, 0).ok()?;
        let version = u32::from_be_bytes(head[4..8].try_into().ok()?);
        let count = u32::from_be_bytes(head[8..12].try_into().ok()?);
        if &head[..4] != b"PACK" || !(version == 2 || version == 3) || count as usize != n {
            return None;
        }
        let mut checksum = [0u8; 20];
        file.read_exact_at(&mut checksum, data_end).ok()?;
        if idx.get(idx.len() - 40..idx.len() - 20)? != checksum {
            return None;
        }
        let crcs_at = names_at + 20 * n;
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_unstable_by_key(|&i| offsets[i]);
        let sorted_offsets: Vec<u64> = order.iter().map(|&i| offsets[i]).collect();
        if sorted_offsets.windows(2).any(|w| w[0] == w[1]) {
            return None;
        }
        let sorted_crcs = order
            .iter()
            .map(|&i| be32(crcs_at + 4 * i))
            .collect::<Option<Vec<u32>>>()?;
        // About four ids per fan-out slot, and two objects per page.
        let fanout_bits = (usize::BITS - (n / 4).leading_zeros()).clamp(8, 16);
        let mut fine = Vec::with_capacity((1 << fanout_bits) + 1);
        let mut at = 0;
        for k in 0..=(1usize << fanout_bits) {
            while at < n
                && (usize::from(names[at][0]) << 8 | usize::from(names[at][1]))
                    >> (16 - fanout_bits)
                    < k
            {
                at += 1;
            }
            fine.push(at as u32);
        }
        let page_shift = (64 - (data_end / (n as u64 / 2 + 1)).leading_zeros()).max(4);
        let mut pages = Vec::with_capacity((data_end >> page_shift) as usize + 1);
        let mut at = 0;
        for page in 0..=(data_end >> page_shift) {
            while at < n && sorted_offsets[at] < page << page_shift {
                at += 1;
            }
            pages.push(at as u32);
        }
        Some(Pack {
            path: pack_path,
            file,
            names,
            offsets,
            fanout: fine,
            fanout_bits,
            sorted_offsets,
            sorted_crcs,
            pages,
            page_shift,
            data_end,
        })
    }

    /// The offset of `id` in this pack.
    fn find(&self, id: &[u8; 20]) -> Option<u64> {
        let k = (usize::from(id[0]) << 8 | usize::from(id[1])) >> (16 - self.fanout_bits);
        let (lo, hi) = (self.fanout[k] as usize, self.fanout[k + 1] as usize);
        let at = lo + self.names.get(lo..hi)?.iter().position(|name| name == id)?;
        Some(self.offsets[at])
    }

    /// Where the object starting at `offset` ends (where the next one starts), and the CRC
    /// of its stored bytes; `None` if no object starts there.
    fn extent(&self, offset: u64) -> Option<(u64, u32)> {
        let page = usize::try_from(offset >> self.page_shift).ok()?;
        let from = *self.pages.get(page)? as usize;
        let at = from
            + self.sorted_offsets[from..]
                .iter()
                .position(|&o| o >= offset)?;
        if self.sorted_offsets[at] != offset {
            return None;
        }
        let end = self
            .sorted_offsets
            .get(at + 1)
            .copied()
            .unwrap_or(self.data_end);
        Some((end, self.sorted_crcs[at]))
    }

    /// The bytes from `offset` to `end`, from the reader's window onto the pack when they
    /// are in it; else a new window around them is read (or, if large, just them).
    fn read_extent<'w>(
        &self,
        pack: usize,
        offset: u64,
        end: u64,
        window: &'w mut Window,
    ) -> Result<&'w [u8], PackError> {
        let len = end
            .checked_sub(offset)
            .filter(|&l| l > 0 && end <= self.data_end)
            .ok_or_else(|| self.error(offset, "object extent out of range"))?;
        let in_window =
            |w: &Window| w.pack == pack && offset >= w.start && end <= w.start + w.len as u64;
        if !in_window(window) {
            let size = window.size as u64;
            let (start, read) = if len > size / 2 {
                (offset, len)
            } else {
                // Centred: the objects read next are as often just before as just after.
                let start = offset.saturating_sub(size / 2);
                (start, size.min(self.data_end - start))
            };
            window.pack = usize::MAX;
            let read = read as usize;
            // Grown (and zeroed) only when a larger read comes: zeroing the whole window
            // before every read was 2.5% of a history scan's instructions.
            if window.bytes.len() < read {
                window.bytes.resize(read, 0);
            }
            window.len = read;
            self.file
                .read_exact_at(&mut window.bytes[..read], start)
                .map_err(|e| self.error(offset, e.to_string()))?;
            window.pack = pack;
            window.start = start;
        }
        let from = (offset - window.start) as usize;
        Ok(&window.bytes[from..from + len as usize])
    }

    fn error(&self, offset: u64, reason: impl Into<String>) -> PackError {
        PackError {
            pack: self.path.display().to_string(),
            offset,
            reason: reason.into(),
        }
    }
}

/// An object's header in a pack: its type, its (inflated) size, and the bytes it took.
struct Header {
    kind: u8,
    size: usize,
    len: usize,
}

fn parse_header(data: &[u8]) -> Option<Header> {
    let first = *data.first()?;
    let kind = (first >> 4) & 7;
    let mut size = u64::from(first & 0x0f);
    let mut shift = 4;
    let mut len = 1;
    let mut byte = first;
    while byte & 0x80 != 0 {
        byte = *data.get(len)?;
        len += 1;
        if shift > 57 {
            return None;
        }
        size |= u64::from(byte & 0x7f) << shift;
        shift += 7;
    }
    Some(Header {
        kind,
        size: usize::try_from(size).ok()?,
        len,
    })
}

/// An OFS_DELTA's distance back to its base, and the bytes it took.
fn parse_ofs(data: &[u8]) -> Option<(u64, usize)> {
    let mut byte = *data.first()?;
    let mut distance = u64::from(byte & 0x7f);
    let mut len = 1;
    while byte & 0x80 != 0 {
        byte = *data.get(len)?;
        len += 1;
        distance = distance
            .checked_add(1)?
            .checked_mul(128)?
            .checked_add(u64::from(byte & 0x7f))?;
    }
    Some((distance, len))
}

/// Inflates the zlib stream `input` into `out`, which must come to exactly `size` bytes.
fn inflate(
    inflater: &mut Decompress,
    input: &[u8],
    size: usize,
    out: &mut Vec<u8>,
) -> Result<(), String> {
    // The zlib header (deflate, no preset dictionary), then raw deflate: the pack index's CRC
    // already covers these bytes, so zlib's checksum need not be computed.
    let deflate = match input {
        [cmf, flg, rest @ ..]
            if cmf & 0x0f == 8
                && cmf >> 4 <= 7
                && flg & 0x20 == 0
                && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0 =>
        {
            rest
        }
        _ => return Err("bad zlib header".into()),
    };
    // Deflate expands at most 1032 to 1: a larger size is a corrupt header (and must not be
    // allocated).
    if size > deflate.len().saturating_mul(1032).saturating_add(64) {
        return Err(format!(
            "the header says {size} bytes, more than {} compressed bytes can hold",
            deflate.len()
        ));
    }
    inflater.reset(false);
    out.clear();
    // One byte more than expected, so that a stream longer than its header says shows.
    out.reserve(size + 1);
    match inflater.decompress_vec(deflate, out, FlushDecompress::Finish) {
        Ok(Status::StreamEnd) if out.len() == size => Ok(()),
        Ok(Status::StreamEnd) => Err(format!(
            "inflated to {} bytes, the header says {size}",
            out.len()
        )),
        Ok(_) => Err("truncated or oversized zlib data".into()),
        Err(e) => Err(format!("corrupt zlib data: {e}")),
    }
}

/// A delta's variable-length size, and the bytes it took.
fn delta_size(data: &[u8]) -> Option<(usize, usize)> {
    let mut size = 0u64;
    let mut shift = 0;
    let mut len = 0;
    loop {
        let byte = *data.get(len)?;
        len += 1;
        if shift > 63 {
            return None;
        }
        size |= u64::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            return Some((usize::try_from(size).ok()?, len));
        }
    }
}

/// Applies git delta `delta` to `base`, writing the result to `out`; any inconsistency (sizes,
/// copies outside the base, a reserved instruction) is an error.
pub fn apply_delta(base: &[u8], delta: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
    let (base_size, a) = delta_size(delta).ok_or("truncated delta header")?;
    let (result_size, b) = delta_size(&delta[a..]).ok_or("truncated delta header")?;
    if base_size != base.len() {
        return Err(format!(
            "delta expects a base of {base_size} bytes, the base has {}",
            base.len()
        ));
    }
    out.clear();
    // Reserved no more than the instructions could plausibly make: a corrupt size must not
    // be allocated (the result is checked against it as it grows).
    out.reserve(result_size.min(base.len() + delta.len()));
    let mut at = a + b;
    while at < delta.len() {
        let op = delta[at];
        at += 1;
        if op & 0x80 != 0 {
            let mut offset = 0usize;
            let mut size = 0usize;
            for i in 0..4 {
                if op & (1 << i) != 0 {
                    offset |= usize::from(*delta.get(at).ok_or("truncated delta copy")?) << (8 * i);
                    at += 1;
                }
            }
            for i in 0..3 {
                if op & (0x10 << i) != 0 {
                    size |= usize::from(*delta.get(at).ok_or("truncated delta copy")?) << (8 * i);
                    at += 1;
                }
            }
            if size == 0 {
                size = 0x10000;
            }
            let chunk = offset
                .checked_add(size)
                .and_then(|end| base.get(offset..end))
                .ok_or("delta copies from outside its base")?;
            if out.len() + chunk.len() > result_size {
                return Err("delta result larger than its header says".into());
            }
            out.extend_from_slice(chunk);
        } else if op != 0 {
            let chunk = delta
                .get(at..at + usize::from(op))
                .ok_or("truncated delta insert")?;
            at += usize::from(op);
            if out.len() + chunk.len() > result_size {
                return Err("delta result larger than its header says".into());
            }
            out.extend_from_slice(chunk);
        } else {
            return Err("reserved delta instruction 0".into());
        }
    }
    if out.len() != result_size {
        return Err(format!(
            "delta result has {} bytes, its header says {result_size}",
            out.len()
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deltas_copy_and_insert() {
        let base = b"hello, world";
        // base 12, result 11: copy 7 bytes at 0 ("hello, "), insert "git!"
        let delta = [12, 11, 0x90, 7, 4, b'g', b'i', b't', b'!'];
        let mut out = Vec::new();
        apply_delta(base, &delta, &mut out).expect("a valid delta");
        assert_eq!(out, b"hello, git!");
    }

    #[test]
    fn bad_deltas_are_errors() {
        let base = b"hello, world";
        let mut out = Vec::new();
        let bad: &[&[u8]] = &[
            &[],                                       // no header
            &[0x80],                                   // truncated size
            &[13, 5, 0x90, 5],                         // wrong base size
            &[12, 5, 0x91, 10, 5],                     // copy past the base's end
            &[12, 5, 0x9f, 0xff, 0xff, 0xff, 0xff, 5], // huge offset
            &[12, 5, 0],                               // reserved instruction
            &[12, 5, 9, b'a'],                         // insert past the delta's end
            &[12, 2, 3, b'a', b'b', b'c'],             // result larger than declared
            &[12, 9, 2, b'a', b'b'],                   // result smaller than declared
            &[12, 5, 0x91],                            // truncated copy
            &[
                12, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
            ], // size overflow
            &[
                12, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10, 0x91, 0, 5,
            ], // huge result
        ];
        for delta in bad {
            assert!(apply_delta(base, delta, &mut out).is_err(), "{delta:?}");
        }
    }

    #[test]
    fn headers_and_offsets() {
        let h = parse_header(&[0x95, 0x0a]).expect("header");
        assert_eq!((h.kind, h.size, h.len), (1, 5 + (10 << 4), 2));
        assert!(parse_header(&[0x95]).is_none());
        assert_eq!(parse_ofs(&[0x05]), Some((5, 1)));
        assert_eq!(parse_ofs(&[0x81, 0x00]), Some(((1 + 1) * 128, 2)));
        assert!(parse_ofs(&[0xff; 20]).is_none());
        // A size no compressed data could hold is an error, not an allocation.
        let mut out = Vec::new();
        let mut inflater = Decompress::new(false);
        assert!(inflate(&mut inflater, &[0x78, 0x9c, 3, 0], 1 << 50, &mut out).is_err());
        assert!(inflate(&mut inflater, &[0x78, 0x9c, 3, 0], 0, &mut out).is_ok());
        assert!(inflate(&mut inflater, &[0x78, 0x9d, 3, 0], 0, &mut out).is_err());
    }

    #[test]
    fn the_cache_stays_within_its_size() {
        let mut cache = BaseCache::new(100);
        for i in 0..50u64 {
            cache.insert(0, i, Kind::Blob, vec![0; 10]);
            assert!(cache.bytes <= 100);
            let _ = cache.touch(0, i / 2);
        }
        assert!(cache.entries.len() <= 10);
        assert!(cache.get(0, 49).is_some());
    }
}
