//! The pre-publication audit source: every unique blob reachable from any ref (branches, tags,
//! remote-tracking refs, the stash), or from one `--branch`, plus every commit message.
//!
//! A producer thread walks commits oldest first and each *unique* tree once, so the first time
//! a blob is met is in the first commit (and path) that introduced it; it streams each new
//! blob to workers that read and scan blobs in parallel, one libgit2 handle per worker, while
//! the walk goes on.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, OnceLock};

use git2::{ObjectType, Oid, Repository, Sort};
use rayon::prelude::*;

use super::git::{classify, commit_info, count_skip, Content, GitError};
use super::pack::{Keep, Kind, PackReader, Packs};
use super::range::COMMIT_MESSAGE_PATH;
use super::{Blob, CommitInfo, Origin, ScanStats};
use crate::finding::{hex, Finding};

/// What to walk.
#[derive(Debug, Clone, Default)]
pub struct HistoryOptions {
    pub max_file_size: u64,
    /// Only commits reachable from this ref.
    pub branch: Option<String>,
}

/// What the walk covered.
#[derive(Debug, Default)]
pub struct HistoryOutcome {
    pub commits: usize,
    pub unique_blobs: usize,
    pub shallow: bool,
    /// For blobs also found under other paths: (first commit's seq, first path) -> how many.
    other_paths: HashMap<(u32, String), u32>,
}

/// Progress callbacks (a progress bar on a terminal; nothing otherwise).
pub trait Progress: Sync {
    /// More blobs were found by the walk.
    fn discovered(&self, blobs: u64);
    /// One blob of `bytes` was read and scanned.
    fn advance(&self, bytes: u64);
}

/// No progress output.
pub struct NoProgress;

impl Progress for NoProgress {
    fn discovered(&self, _: u64) {}
    fn advance(&self, _: u64) {}
}

/// Work for the readers: a blob to read, with the commit and path that introduced it, or a
/// commit message to scan (off the walker's thread, which is the critical path).
///
/// What a job points to stays owned by the walker (its map of blobs, its recent commits), so
/// readers never free the walker's memory: freeing memory another thread allocated takes that
/// thread's allocator lock, which the walker, allocating for every tree it reads, holds most
/// of the time (measured: 38,000 more lock waits and 8% more CPU for the whole scan).
enum Job {
    Blob {
        id: OidKey,
        commit: Arc<CommitInfo>,
        path: Arc<str>,
    },
    Message {
        commit: Arc<CommitInfo>,
        text: Arc<[u8]>,
    },
}

/// Commits (and their messages) the walker keeps after sending them, so that they are freed
/// by the walker: far more than the jobs the channel holds.
const RECENT_COMMITS: usize = 1 << 16;

/// What the walk keeps about each unique blob.
struct Seen {
    commit: u32,
    path: Arc<str>,
    other_paths: Vec<u64>,
}

/// A value found in several blobs of history is one leak: keep its earliest finding (by commit
/// order, then path and line) and count the others in `other_occurrences`.
pub fn keep_first_occurrence(findings: Vec<Finding>, outcome: &HistoryOutcome) -> Vec<Finding> {
    let mut by_value: HashMap<(String, String), Finding> = HashMap::new();
    let mut extra: HashMap<(String, String), u32> = HashMap::new();
    for f in findings {
        let key = (f.rule.id.clone(), f.fingerprint.clone());
        let rank = |f: &Finding| {
            (
                f.origin.commit.as_ref().map_or(0, |c| c.seq),
                f.origin.path.clone(),
                f.line,
                f.column,
            )
        };
        match by_value.get_mut(&key) {
            None => {
                by_value.insert(key, f);
            }
            Some(kept) => {
                *extra.entry(key).or_insert(0) += 1;
                if rank(&f) < rank(kept) {
                    *kept = f;
                }
            }
        }
    }
    by_value
        .into_iter()
        .map(|(key, mut f)| {
            if let Some(commit) = f.origin.commit.as_mut() {
                let paths = outcome
                    .other_paths
                    .get(&(commit.seq, f.origin.path.clone()))
                    .copied()
                    .unwrap_or(0);
                let values = extra.get(&key).copied().unwrap_or(0);
                if paths + values > 0 {
                    Arc::make_mut(commit).other_occurrences += paths + values;
                }
            }
            f
        })
        .collect()
}

/// Walks the history of the repository at `repo_path` and visits every unique text blob once,
/// and every commit message.
pub fn scan_history(
    repo_path: &Path,
    options: &HistoryOptions,
    stats: &ScanStats,
    progress: &dyn Progress,
    visit: &(dyn Fn(Blob) + Sync),
) -> Result<HistoryOutcome, GitError> {
    let repo = super::git::open(repo_path)?;
    let git_dir: PathBuf = repo.path().to_path_buf();
    let shallow = repo.is_shallow();
    let packs = PackSource {
        objects_dir: is_sha1(&repo).then(|| repo.commondir().join("objects")),
        packs: OnceLock::new(),
    };
    drop(repo);
    let packs = &packs;
    let (jobs, receiver) = sync_channel::<Vec<Job>>(256);
    std::thread::scope(|scope| {
        // The indexes are read while libgit2 sorts the commits, before any tree is read.
        scope.spawn(|| packs.get());
        let walker = scope.spawn(|| walk_history(&git_dir, packs, options, stats, progress, jobs));
        let read_errors: Vec<GitError> = receiver
            .into_iter()
            .par_bridge()
            .map_init(
                || Reader {
                    repo: Repository::open(&git_dir),
                    packs,
                    pack: PackReader::new(BLOB_CACHE_BYTES, Keep::Deltas, BLOB_WINDOW_BYTES),
                    bytes: Vec::new(),
                },
                |reader, batch: Vec<Job>| {
                    batch
                        .into_iter()
                        .filter_map(|job| {
                            read_and_visit(reader, job, options, stats, progress, visit)
                        })
                        .collect::<Vec<_>>()
                },
            )
            .flatten()
            .collect();
        let walked = walker
            .join()
            .map_err(|_| GitError::Other("the history walker panicked".into()))??;
        match read_errors.into_iter().next() {
            Some(error) => Err(error),
            None => Ok(HistoryOutcome { shallow, ..walked }),
        }
    })
}

/// The repository's packs, opened once by whichever thread needs them first.
struct PackSource {
    /// `None`: no pack is read here (a SHA-256 repository).
    objects_dir: Option<PathBuf>,
    packs: OnceLock<Packs>,
}

impl PackSource {
    fn get(&self) -> &Packs {
        self.packs.get_or_init(|| {
            self.objects_dir
                .as_deref()
                .map_or_else(Packs::default, Packs::open)
        })
    }
}

/// Whether the repository's objects are named by SHA-1 (the only ids the pack reader reads).
fn is_sha1(repo: &Repository) -> bool {
    match repo
        .config()
        .and_then(|c| c.get_string("extensions.objectformat"))
    {
        Ok(format) => format.eq_ignore_ascii_case("sha1"),
        Err(e) => e.code() == git2::ErrorCode::NotFound,
    }
}

/// Delta-base caches, per thread. The walker keeps every tree it reads: the next version of
/// a directory is usually a delta against it (on the history corpus, measured: its 220k
/// trees took 223k inflations with 32 MiB, 242k with 16 MiB). The caches and the pack's index
/// (~13 MB there) are most of what the pack reader adds to peak memory, which must stay under
/// 300 MB there: libgit2 still maps the whole pack to read commits.
const BLOB_CACHE_BYTES: usize = 6 << 20;
const TREE_CACHE_BYTES: usize = 24 << 20;
/// How much of a pack the walker and the readers read at once: the trees read one after the
/// other are mostly stored within a few KiB of each other (on the history corpus, 94% of
/// tree reads fall in the 16 KiB read for an earlier one), blobs less closely.
const TREE_WINDOW_BYTES: usize = 16 << 10;
const BLOB_WINDOW_BYTES: usize = 64 << 10;

/// One reader thread's handles and buffers.
struct Reader<'p> {
    repo: Result<Repository, git2::Error>,
    packs: &'p PackSource,
    pack: PackReader,
    /// The blob being scanned, when read from a pack.
    bytes: Vec<u8>,
}

/// Reads one blob and visits it if it is text; an unreadable object is an error.
fn read_and_visit(
    reader: &mut Reader<'_>,
    job: Job,
    options: &HistoryOptions,
    stats: &ScanStats,
    progress: &dyn Progress,
    visit: &(dyn Fn(Blob) + Sync),
) -> Option<GitError> {
    let (id, commit, path) = match job {
        Job::Blob { id, commit, path } => (id, commit, path.to_string()),
        Job::Message { commit, text } => {
            visit(Blob {
                origin: Origin {
                    path: COMMIT_MESSAGE_PATH.into(),
                    commit: Some(commit),
                },
                bytes: text.to_vec(),
                lines_of_interest: None,
                document: None,
            });
            return None;
        }
    };
    let Reader {
        repo,
        packs,
        pack,
        bytes,
    } = reader;
    let what = || format!("object {} ({path})", hex(&id));
    match read_packed(packs.get(), pack, &id, Kind::Blob, what, bytes) {
        Ok(true) => {
            scan_blob(bytes, path, commit, options, stats, progress, visit);
            return None;
        }
        Ok(false) => {}
        Err(e) => return Some(e),
    }
    let repo = match repo {
        Ok(repo) => repo,
        Err(e) => return Some(GitError::object("the repository", e)),
    };
    let blob = match Oid::from_bytes(&id).and_then(|id| repo.find_blob(id)) {
        Ok(blob) => blob,
        Err(e) => return Some(GitError::object(what(), &e)),
    };
    scan_blob(
        blob.content(),
        path,
        commit,
        options,
        stats,
        progress,
        visit,
    );
    None
}

/// Reads object `id`, which must be a `want`, from the packs into `data`: `Ok(true)` when read,
/// `Ok(false)` when it is in no pack (libgit2 reads it), an error naming it (`what`) when its
/// pack data is corrupt or it is another kind of object.
fn read_packed(
    packs: &Packs,
    reader: &mut PackReader,
    id: &OidKey,
    want: Kind,
    what: impl Fn() -> String,
    data: &mut Vec<u8>,
) -> Result<bool, GitError> {
    match packs.read(id, reader, data) {
        Ok(Some(kind)) if kind == want => Ok(true),
        Ok(Some(kind)) => Err(not_a(what(), kind.name(), want)),
        Ok(None) => Ok(false),
        Err(e) => Err(GitError::Object {
            what: what(),
            message: e.to_string(),
        }),
    }
}

/// The error for an object that is not the kind its tree entry says.
fn not_a(what: String, kind: &str, want: Kind) -> GitError {
    GitError::Object {
        what,
        message: format!("it is a {kind}, not a {}", want.name()),
    }
}

/// Classifies a blob's bytes and visits it if it is text.
fn scan_blob(
    content: &[u8],
    path: String,
    commit: Arc<CommitInfo>,
    options: &HistoryOptions,
    stats: &ScanStats,
    progress: &dyn Progress,
    visit: &(dyn Fn(Blob) + Sync),
) {
    progress.advance(content.len() as u64);
    match classify(content, &path, options.max_file_size) {
        Content::Text(text) => {
            stats.scanned(text.len());
            visit(Blob {
                origin: Origin {
                    path,
                    commit: Some(commit),
                },
                bytes: text,
                lines_of_interest: None,
                document: None,
            });
        }
        Content::Document(text, document) => {
            stats.document(&document, text.len());
            visit(Blob {
                origin: Origin {
                    path,
                    commit: Some(commit),
                },
                bytes: text,
                lines_of_interest: None,
                document: Some(Arc::new(document)),
            });
        }
        Content::LfsPointer => stats.lfs(),
        Content::Skipped(reason) => count_skip(stats, reason, &path, options.max_file_size, false),
    }
}

/// The producer: walks commits oldest first, sends each commit message, and each blob the
/// first time it is met.
fn walk_history(
    git_dir: &Path,
    packs: &PackSource,
    options: &HistoryOptions,
    stats: &ScanStats,
    progress: &dyn Progress,
    jobs: SyncSender<Vec<Job>>,
) -> Result<HistoryOutcome, GitError> {
    let repo = Repository::open(git_dir)
        .map_err(|e| GitError::object(git_dir.display().to_string(), &e))?;
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    match &options.branch {
        Some(name) => {
            let commit = repo
                .revparse_single(name)
                .and_then(|o| o.peel_to_commit())
                .map_err(|e| {
                    GitError::Other(format!(
                        "--branch `{name}` is not a commit in this repository: {}",
                        e.message()
                    ))
                })?;
            walk.push(commit.id())?;
        }
        None => push_all_refs(&repo, &mut walk)?,
    }
    let odb = repo.odb()?;
    let mut walker = TreeWalker {
        odb: &odb,
        packs,
        reader: PackReader::new(TREE_CACHE_BYTES, Keep::Everything, TREE_WINDOW_BYTES),
        buffers: Vec::new(),
        seen_trees: OidSet::default(),
        last_walked: HashMap::new(),
        blobs: OidMap::default(),
        stats,
        jobs: &jobs,
        batch: Vec::with_capacity(JOB_BATCH),
    };
    let mut commits = 0u32;
    let mut recent = std::collections::VecDeque::new();
    for id in walk {
        let id = id.map_err(|e| GitError::object("a commit while walking history", &e))?;
        let commit = repo
            .find_commit(id)
            .map_err(|e| GitError::object(format!("commit {id}"), &e))?;
        let mut info = commit_info(&commit);
        Arc::make_mut(&mut info).seq = commits;
        commits += 1;
        let message: Arc<[u8]> = commit.message_bytes().into();
        walker.send(Job::Message {
            commit: info.clone(),
            text: message.clone(),
        });
        let tree_id = commit.tree_id();
        if walker.seen_trees.insert(key(tree_id)) {
            let before = walker.blobs.len();
            walker.walk(key(tree_id), &mut Vec::new(), &info)?;
            progress.discovered((walker.blobs.len() - before) as u64);
        }
        if recent.len() == RECENT_COMMITS {
            recent.pop_front();
        }
        recent.push_back((info, message));
    }
    walker.flush();
    let other_paths = walker
        .blobs
        .values()
        .filter(|s| !s.other_paths.is_empty())
        .map(|s| ((s.commit, s.path.to_string()), s.other_paths.len() as u32))
        .collect();
    Ok(HistoryOutcome {
        commits: commits as usize,
        unique_blobs: walker.blobs.len(),
        shallow: false,
        other_paths,
    })
}

/// Pushes every ref that peels to a commit: branches, tags, remote-tracking refs, the stash.
fn push_all_refs(repo: &Repository, walk: &mut git2::Revwalk<'_>) -> Result<(), GitError> {
    for reference in repo.references()? {
        let reference = reference?;
        // A symbolic ref whose branch is gone (`origin/HEAD` after the branch was deleted)
        // has nothing to walk.
        let Ok(direct) = reference.resolve() else {
            continue;
        };
        let name = String::from_utf8_lossy(reference.name_bytes()).into_owned();
        // Tags are followed to what they tag; a ref to a tree or blob has no history, but a
        // ref whose object cannot be read is an error, never a quietly smaller audit.
        let target = direct
            .peel(ObjectType::Any)
            .map_err(|e| GitError::object(format!("the object of ref {name}"), &e))?;
        if target.kind() == Some(ObjectType::Commit) {
            walk.push(target.id())?;
        }
    }
    Ok(())
}

fn hash_path(path: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut hasher);
    hasher.finish()
}

/// One entry of a raw tree object: `<octal mode> <name>\0<20-byte id>`.
struct RawEntry<'t> {
    mode: u32,
    name: &'t [u8],
    id: OidKey,
    /// Bytes the entry takes.
    len: usize,
}

impl<'t> RawEntry<'t> {
    /// The first entry of `data`; `None` if it is malformed.
    fn parse(data: &'t [u8]) -> Option<RawEntry<'t>> {
        let space = memchr::memchr(b' ', data)?;
        let mode = data[..space].iter().try_fold(0u32, |mode, &b| {
            (b'0'..=b'7')
                .contains(&b)
                .then(|| mode * 8 + u32::from(b - b'0'))
        })?;
        let nul = space + 1 + memchr::memchr(0, &data[space + 1..])?;
        let id: OidKey = data.get(nul + 1..nul + 21)?.try_into().ok()?;
        Some(RawEntry {
            mode,
            name: &data[space + 1..nul],
            id,
            len: nul + 21,
        })
    }
}

/// The entries of the previous version of a tree, met in order while the new version is
/// read: both are sorted the same way, so one forward pass over each finds the entries the
/// two share. (A corrupt, unsorted tree only makes it find fewer: an entry is skipped only
/// when it is byte for byte one of the previous version's.)
struct UnchangedEntries<'p> {
    rest: &'p [u8],
    next: Option<RawEntry<'p>>,
}

impl<'p> UnchangedEntries<'p> {
    fn new(previous: &'p [u8]) -> UnchangedEntries<'p> {
        UnchangedEntries {
            rest: previous,
            next: RawEntry::parse(previous),
        }
    }

    /// Whether `raw` (the bytes of `entry`) is an entry of the previous version; moves past
    /// the previous version's entries that sort before it.
    fn contains(&mut self, raw: &[u8], entry: &RawEntry<'_>) -> bool {
        while let Some(old) = &self.next {
            let old_raw = &self.rest[..old.len];
            if old_raw == raw {
                self.advance();
                return true;
            }
            if tree_order(old, entry) == std::cmp::Ordering::Less {
                self.advance();
            } else {
                return false;
            }
        }
        false
    }

    fn advance(&mut self) {
        if let Some(old) = &self.next {
            self.rest = &self.rest[old.len..];
            self.next = RawEntry::parse(self.rest);
        }
    }
}

/// Git's order of tree entries: by name, a directory's name read as if it ended in `/`.
fn tree_order(a: &RawEntry<'_>, b: &RawEntry<'_>) -> std::cmp::Ordering {
    let end = |e: &RawEntry<'_>| if e.mode == 0o040000 { b'/' } else { 0 };
    let common = a.name.len().min(b.name.len());
    a.name[..common].cmp(&b.name[..common]).then_with(|| {
        let next = |e: &RawEntry<'_>| e.name.get(common).copied().unwrap_or_else(|| end(e));
        next(a).cmp(&next(b))
    })
}

/// A tree's path for messages: `/` for the root.
fn shown_path(prefix: &[u8]) -> String {
    if prefix.is_empty() {
        "/".to_string()
    } else {
        String::from_utf8_lossy(prefix).into_owned()
    }
}

/// Walks trees, each unique tree once, recording and sending blobs not seen before.
///
/// A new version of a directory mostly repeats the version walked before it: only its entries
/// that differ from that version (kept raw, by path, in `last_walked`) are looked at. Skipping
/// the rest (a hash lookup and a path each) saves about a tenth of the walk.
struct TreeWalker<'a> {
    odb: &'a git2::Odb<'a>,
    packs: &'a PackSource,
    reader: PackReader,
    /// Spare tree buffers.
    buffers: Vec<Vec<u8>>,
    seen_trees: OidSet,
    /// The raw bytes of the last tree walked at each directory path (`""` for the root).
    /// Every entry of it was handled, so an identical entry (mode, name, id) at the same path
    /// needs nothing more.
    last_walked: HashMap<Vec<u8>, Vec<u8>>,
    blobs: OidMap<Seen>,
    stats: &'a ScanStats,
    jobs: &'a SyncSender<Vec<Job>>,
    /// Blobs waiting to be sent: batches keep the readers busy with little synchronisation.
    batch: Vec<Job>,
}

/// Object ids as plain bytes: `git2::Oid`'s equality is a C call, and SipHash is wasted on
/// ids that are already uniformly random. (Together they were a tenth of the walk.)
type OidKey = [u8; 20];
type OidSet = HashSet<OidKey, BuildHasherDefault<OidHasher>>;
type OidMap<V> = HashMap<OidKey, V, BuildHasherDefault<OidHasher>>;

fn key(id: Oid) -> OidKey {
    let mut k = [0u8; 20];
    k.copy_from_slice(&id.as_bytes()[..20]);
    k
}

/// Hashes an object id by its first eight bytes (they are already random).
#[derive(Default)]
struct OidHasher(u64);

impl Hasher for OidHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8).take(1) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 ^= u64::from_le_bytes(word);
        }
    }
}

/// Blobs per batch sent to the readers.
const JOB_BATCH: usize = 64;

impl TreeWalker<'_> {
    /// Queues a job, sending the batch when it is full.
    fn send(&mut self, job: Job) {
        self.batch.push(job);
        if self.batch.len() >= JOB_BATCH {
            self.flush();
        }
    }

    /// Sends the waiting blobs to the readers.
    fn flush(&mut self) {
        if !self.batch.is_empty() {
            // A closed channel means the readers stopped; the walk's result still reports.
            let _ = self.jobs.send(std::mem::take(&mut self.batch));
        }
    }

    /// Reads raw tree `tree_id` into `data`: from a pack, else through libgit2.
    fn read_tree(
        &mut self,
        tree_id: &OidKey,
        prefix: &[u8],
        data: &mut Vec<u8>,
    ) -> Result<(), GitError> {
        let what = || format!("tree {} ({})", hex(tree_id), shown_path(prefix));
        if read_packed(
            self.packs.get(),
            &mut self.reader,
            tree_id,
            Kind::Tree,
            what,
            data,
        )? {
            return Ok(());
        }
        let object = Oid::from_bytes(tree_id)
            .and_then(|id| self.odb.read(id))
            .map_err(|e| GitError::object(what(), &e))?;
        if object.kind() != ObjectType::Tree {
            return Err(not_a(what(), object.kind().str(), Kind::Tree));
        }
        data.clear();
        data.extend_from_slice(object.data());
        Ok(())
    }

    fn walk(
        &mut self,
        tree_id: OidKey,
        prefix: &mut Vec<u8>,
        commit: &Arc<CommitInfo>,
    ) -> Result<(), GitError> {
        // Raw tree bytes parsed here: libgit2's tree objects (an allocation per entry, octal
        // modes parsed by strtol) were most of the walk, which is the critical path.
        let mut data = self.buffers.pop().unwrap_or_default();
        self.read_tree(&tree_id, prefix, &mut data)?;
        let mut previous = self
            .last_walked
            .remove(prefix.as_slice())
            .unwrap_or_default();
        let mut unchanged = UnchangedEntries::new(&previous);
        let mut rest = data.as_slice();
        while !rest.is_empty() {
            let Some(entry) = RawEntry::parse(rest) else {
                return Err(GitError::Other(format!(
                    "tree {} ({}) is corrupt",
                    hex(&tree_id),
                    shown_path(prefix)
                )));
            };
            let raw = &rest[..entry.len];
            rest = &rest[entry.len..];
            if unchanged.contains(raw, &entry) {
                continue;
            }
            let len = prefix.len();
            prefix.extend_from_slice(entry.name);
            match entry.mode {
                0o040000 if self.seen_trees.insert(entry.id) => {
                    prefix.push(b'/');
                    self.walk(entry.id, prefix, commit)?;
                }
                0o040000 => {}
                0o120000 => {} // symlink: its blob is a path
                0o160000 => self.stats.submodule(),
                _ => self.blob(entry.id, prefix, commit),
            }
            prefix.truncate(len);
        }
        // This version is the one the next version of the directory is compared with.
        self.last_walked.insert(prefix.clone(), data);
        previous.clear();
        self.buffers.push(previous);
        Ok(())
    }

    fn blob(&mut self, id: OidKey, path: &[u8], commit: &Arc<CommitInfo>) {
        match self.blobs.get_mut(&id) {
            None => {
                let path: Arc<str> = String::from_utf8_lossy(path).into();
                self.blobs.insert(
                    id,
                    Seen {
                        commit: commit.seq,
                        path: path.clone(),
                        other_paths: Vec::new(),
                    },
                );
                self.send(Job::Blob {
                    id,
                    commit: commit.clone(),
                    path,
                });
            }
            Some(seen) if seen.path.as_bytes() != path => {
                let h = hash_path(&String::from_utf8_lossy(path));
                if !seen.other_paths.contains(&h) {
                    seen.other_paths.push(h);
                }
            }
            Some(_) => {}
        }
    }
}
