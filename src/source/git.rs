//! What the git sources share: opening a repository, reading and classifying blobs (binary,
//! Git LFS pointer, oversized), the lines a change adds, and commit metadata.
//! Uses libgit2 (git2) only; the product never shells out to git.

use std::path::Path;
use std::sync::Arc;

use git2::{FileMode, Oid, Repository};

use super::blob::{decode, Decoded};
use super::document::{self, Document};
use super::{Blob, CommitInfo, Origin, ScanStats, SkipReason};

/// Why a git source could not run.
#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error("{path} is not in a git repository (for plain files use `clearance scan PATH`)")]
    NotARepository { path: String },
    #[error("cannot read {what}: {message}")]
    Object { what: String, message: String },
    #[error("{0}")]
    Other(String),
}

impl GitError {
    /// An error about a specific object or path, with libgit2's reason.
    pub fn object(what: impl Into<String>, err: &git2::Error) -> GitError {
        GitError::Object {
            what: what.into(),
            message: err.message().to_string(),
        }
    }
}

impl From<git2::Error> for GitError {
    fn from(err: git2::Error) -> GitError {
        GitError::Other(err.message().to_string())
    }
}

/// Opens the repository holding `path` (a work tree, a linked worktree or a bare repository).
pub fn open(path: &Path) -> Result<Repository, GitError> {
    tune_libgit2();
    // Inside a git hook, git points at the repository and at the index being committed with
    // GIT_DIR and GIT_INDEX_FILE (`git commit -a` and `git commit PATH` use a temporary index).
    if std::env::var_os("GIT_INDEX_FILE").is_some() || std::env::var_os("GIT_DIR").is_some() {
        return Repository::open_from_env().map_err(|e| {
            GitError::Other(format!(
                "cannot open the repository named by GIT_DIR/GIT_INDEX_FILE: {}",
                e.message()
            ))
        });
    }
    Repository::discover(path).map_err(|e| match e.code() {
        git2::ErrorCode::NotFound => GitError::NotARepository {
            path: path.display().to_string(),
        },
        _ => GitError::Other(format!(
            "cannot open the repository at {}: {}",
            path.display(),
            e.message()
        )),
    })
}

/// Process-wide libgit2 settings for reading many objects: objects are still checked by
/// zlib and pack checksums, but not re-hashed on every read (SHA-1 with collision detection
/// was a sixth of a history scan), and nothing is cached (each tree and blob is read once).
pub fn tune_libgit2() {
    git2::opts::strict_hash_verification(false);
    git2::opts::enable_caching(false);
}

/// What the index file records, read directly (libgit2 checksums the whole file and sorts
/// it, which is most of a pre-commit hook's time in a large repository).
pub struct IndexSnapshot {
    /// Stage-0 entries, sorted by path as git stores them.
    pub entries: Vec<IndexEntry>,
    /// The cache-tree extension (what `write-tree` would record), when present.
    pub cache_tree: Option<CacheTree>,
}

/// One file of the index.
pub struct IndexEntry {
    pub path: Vec<u8>,
    pub id: Oid,
    pub mode: u32,
}

/// A directory of the cache-tree: the tree it would be written as (`None` once a change
/// below it invalidated it), and its subdirectories.
pub struct CacheTree {
    pub id: Option<Oid>,
    pub children: Vec<(Vec<u8>, CacheTree)>,
}

/// Reads the index at `index_file`. `None` whenever anything is unusual, for the caller to
/// fall back to libgit2: index v4, merge conflicts, extended flags (intent-to-add,
/// skip-worktree), a sparse or split index, a truncated or unreadable file.
pub fn read_index(index_file: &Path) -> Option<IndexSnapshot> {
    let data = std::fs::read(index_file).ok()?;
    let be32 = |at: usize| -> Option<usize> {
        let b = data.get(at..at + 4)?;
        Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    if data.get(..4)? != b"DIRC" || !matches!(be32(4)?, 2 | 3) {
        return None;
    }
    let count = be32(8)?;
    let mut entries = Vec::with_capacity(count);
    let mut pos = 12;
    for _ in 0..count {
        let flags = u16::from_be_bytes([*data.get(pos + 60)?, *data.get(pos + 61)?]);
        // Extended flags, or a stage other than 0 (a conflict).
        if flags & 0x4000 != 0 || flags & 0x3000 != 0 {
            return None;
        }
        let name_len = match usize::from(flags & 0x0FFF) {
            0x0FFF => memchr::memchr(0, data.get(pos + 62..)?)?,
            n => n,
        };
        let mode = be32(pos + 24)? as u32;
        if mode == 0o040000 {
            return None; // a sparse index's directory entry
        }
        entries.push(IndexEntry {
            path: data.get(pos + 62..pos + 62 + name_len)?.to_vec(),
            id: Oid::from_bytes(data.get(pos + 40..pos + 60)?).ok()?,
            mode,
        });
        pos += (62 + name_len + 8) & !7;
    }
    let mut cache_tree = None;
    while pos + 8 <= data.len().saturating_sub(20) {
        let size = be32(pos + 4)?;
        let body = data.get(pos + 8..pos + 8 + size)?;
        match data.get(pos..pos + 4)? {
            b"TREE" => cache_tree = Some(parse_cache_tree(&mut &body[..])?.1),
            // A sparse index, or a split index whose entries live in a shared file.
            b"sdir" | b"link" => return None,
            _ => {}
        }
        pos += 8 + size;
    }
    Some(IndexSnapshot {
        entries,
        cache_tree,
    })
}

/// One cache-tree node and its subtree, in the extension's pre-order: `name NUL entry_count
/// SP subtree_count LF [20-byte id when entry_count >= 0]`, then its subtrees.
fn parse_cache_tree(data: &mut &[u8]) -> Option<(Vec<u8>, CacheTree)> {
    let nul = memchr::memchr(0, data)?;
    let name = data[..nul].to_vec();
    let rest = &data[nul + 1..];
    let newline = memchr::memchr(b'\n', rest)?;
    let counts = std::str::from_utf8(&rest[..newline]).ok()?;
    let (entry_count, subtrees) = counts.split_once(' ')?;
    let entry_count: i64 = entry_count.parse().ok()?;
    let subtrees: usize = subtrees.parse().ok()?;
    let mut rest = &rest[newline + 1..];
    let id = if entry_count >= 0 {
        let id = Oid::from_bytes(rest.get(..20)?).ok()?;
        rest = &rest[20..];
        Some(id)
    } else {
        None
    };
    *data = rest;
    let mut children = Vec::with_capacity(subtrees);
    for _ in 0..subtrees {
        children.push(parse_cache_tree(data)?);
    }
    Some((name, CacheTree { id, children }))
}

/// What a blob's bytes turned out to be.
pub enum Content {
    /// Decoded text, ready to scan.
    Text(Vec<u8>),
    /// An office document: its extracted text (empty when it could not be read).
    Document(Vec<u8>, Document),
    /// Not scanned, and why (counted by the caller).
    Skipped(SkipReason),
    /// A Git LFS pointer: the content lives elsewhere.
    LfsPointer,
}

/// Classifies raw blob bytes found at `path`. Size is checked after binary, so a large
/// image is "binary"; a document too large to read is a document not read.
pub fn classify(bytes: &[u8], path: &str, max_size: u64) -> Content {
    if bytes.starts_with(b"version https://git-lfs.github.com/spec/") && bytes.len() < 1024 {
        return Content::LfsPointer;
    }
    if bytes.len() as u64 > max_size {
        if let Some(doc) = document::over_size_limit(path, max_size) {
            return Content::Document(Vec::new(), doc);
        }
    } else if let Some((text, doc)) = document::recognise(path, bytes) {
        return Content::Document(text, doc);
    }
    if super::blob::is_binary(bytes) {
        return Content::Skipped(SkipReason::Binary);
    }
    if bytes.len() as u64 > max_size {
        return Content::Skipped(SkipReason::TooLarge);
    }
    match decode(bytes.to_vec()) {
        Decoded::Text(text) => Content::Text(text),
        Decoded::Binary => Content::Skipped(SkipReason::Binary),
    }
}

/// Reads a blob's bytes, naming the object and path on failure (a corrupt or missing object).
pub fn read_blob(repo: &Repository, id: Oid, path: &str) -> Result<Vec<u8>, GitError> {
    let blob = repo
        .find_blob(id)
        .map_err(|e| GitError::object(format!("object {id} ({path})"), &e))?;
    Ok(blob.content().to_vec())
}

/// How long one file's line diff may take before the rest counts as added (a conservative
/// answer: more lines are scanned, none is missed).
const DIFF_DEADLINE: std::time::Duration = std::time::Duration::from_millis(200);

/// The lines of `text` without their `\n` or `\r\n` (a last line without a newline equals
/// the same line with one).
fn text_lines(text: &[u8]) -> Vec<&[u8]> {
    text.split_inclusive(|&b| b == b'\n')
        .map(|l| {
            let l = l.strip_suffix(b"\n").unwrap_or(l);
            l.strip_suffix(b"\r").unwrap_or(l)
        })
        .collect()
}

/// The 1-based inclusive line ranges of `new` that are not in `old` (both decoded text): a
/// Myers line diff (libgit2's buffer diff re-hashed both buffers, a tenth of a hook's time).
pub fn added_lines(old: &[u8], new: &[u8]) -> Result<Vec<(u32, u32)>, GitError> {
    let (old, new) = (text_lines(old), text_lines(new));
    let deadline = std::time::Instant::now() + DIFF_DEADLINE;
    let ops = similar::capture_diff_deadline(
        similar::Algorithm::Myers,
        &old,
        0..old.len(),
        &new,
        0..new.len(),
        Some(deadline),
    );
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for op in ops {
        let (tag, _, added) = op.as_tag_tuple();
        if !matches!(tag, similar::DiffTag::Insert | similar::DiffTag::Replace) || added.is_empty()
        {
            continue;
        }
        let (lo, hi) = (added.start as u32 + 1, added.end as u32);
        match ranges.last_mut() {
            Some(last) if last.1 + 1 >= lo => last.1 = last.1.max(hi),
            _ => ranges.push((lo, hi)),
        }
    }
    Ok(ranges)
}

/// Lines present in every one of `sets` (for merges: added relative to every parent).
pub fn intersect_ranges(sets: &[Vec<(u32, u32)>]) -> Vec<(u32, u32)> {
    let Some((first, rest)) = sets.split_first() else {
        return Vec::new();
    };
    let mut current = first.clone();
    for other in rest {
        let mut next = Vec::new();
        for &(a_lo, a_hi) in &current {
            for &(b_lo, b_hi) in other {
                let (lo, hi) = (a_lo.max(b_lo), a_hi.min(b_hi));
                if lo <= hi {
                    next.push((lo, hi));
                }
            }
        }
        current = next;
    }
    current
}

/// Author, date and id of a commit.
pub fn commit_info(commit: &git2::Commit<'_>) -> Arc<CommitInfo> {
    let author = commit.author();
    let name = String::from_utf8_lossy(author.name_bytes()).into_owned();
    let email = String::from_utf8_lossy(author.email_bytes()).into_owned();
    Arc::new(CommitInfo {
        id: commit.id().to_string(),
        author: if email.is_empty() {
            name
        } else {
            format!("{name} <{email}>")
        },
        date: iso_date(author.when()),
        other_occurrences: 0,
        seq: 0,
    })
}

/// `2024-01-31T12:00:00+01:00` for a git time.
pub fn iso_date(time: git2::Time) -> String {
    let offset = i64::from(time.offset_minutes());
    let local = time.seconds() + offset * 60;
    let days = local.div_euclid(86_400);
    let secs = local.rem_euclid(86_400);
    let (y, m, d) = crate::date::civil_from_days(days);
    let sign = if offset < 0 { '-' } else { '+' };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}{sign}{:02}:{:02}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        offset.abs() / 60,
        offset.abs() % 60
    )
}

/// Counts a skipped blob; in modes that must fail closed, an oversized text blob is
/// recorded as not scanned instead.
pub fn count_skip(
    stats: &ScanStats,
    reason: SkipReason,
    path: &str,
    max_size: u64,
    fail_closed: bool,
) {
    if fail_closed && reason == SkipReason::TooLarge {
        stats.unreadable(
            path,
            format!("larger than --max-file-size ({max_size} bytes); raise it or pass --allow-unscanned"),
        );
    } else {
        stats.skipped(reason);
    }
}

/// One changed path: its new blob, and the blob it replaces in each parent (`None`: absent).
#[derive(Debug, Clone)]
pub struct Change {
    pub path: String,
    pub new_id: Oid,
    pub new_mode: FileMode,
    /// One entry per parent (one for staged changes and ordinary commits).
    pub old: Vec<Option<Oid>>,
}

/// Reads a change's new blob and visits it with the lines it adds relative to every parent.
/// Submodules, symlinks, LFS pointers, binary and oversized blobs are counted, not scanned;
/// with `fail_closed`, an oversized or unreadable blob is recorded as not scanned.
pub fn scan_change(
    repo: &Repository,
    change: Change,
    commit: Option<&Arc<CommitInfo>>,
    max_size: u64,
    stats: &ScanStats,
    visit: &(dyn Fn(Blob) + Sync),
) -> Result<(), GitError> {
    match change.new_mode {
        FileMode::Commit => {
            stats.submodule();
            return Ok(());
        }
        FileMode::Link => {
            stats.symlink();
            return Ok(());
        }
        _ if change.new_id.is_zero() => return Ok(()), // `git add -N`: nothing staged yet
        _ => {}
    }
    let path = change.path;
    let shown = match commit {
        Some(c) => format!("{path} in commit {}", &c.id[..c.id.len().min(10)]),
        None => path.clone(),
    };
    let new_bytes = read_blob(repo, change.new_id, &path)?;
    let (new_text, mut document) = match classify(&new_bytes, &path, max_size) {
        Content::Text(text) => (text, None),
        Content::Document(_, doc @ Document::NotRead { .. }) => {
            // Nothing to diff: report the document unless the change only renamed it.
            if !change.old.contains(&Some(change.new_id)) {
                stats.document(&doc, 0);
                visit(Blob {
                    origin: Origin {
                        path,
                        commit: commit.cloned(),
                    },
                    bytes: Vec::new(),
                    lines_of_interest: None,
                    document: Some(Arc::new(doc)),
                });
            }
            return Ok(());
        }
        Content::Document(text, doc) => (text, Some(doc)),
        Content::LfsPointer => {
            stats.lfs();
            return Ok(());
        }
        Content::Skipped(reason) => {
            count_skip(stats, reason, &shown, max_size, true);
            return Ok(());
        }
    };
    let mut per_parent = Vec::with_capacity(change.old.len().max(1));
    let mut old_objects: Vec<Vec<String>> = Vec::with_capacity(change.old.len());
    for old in &change.old {
        let (old_text, objects) = match old {
            None => (Vec::new(), Vec::new()),
            Some(id) if id.is_zero() => (Vec::new(), Vec::new()),
            Some(id) => match classify(&read_blob(repo, *id, &path)?, &path, u64::MAX) {
                Content::Text(text) => (text, Vec::new()),
                Content::Document(text, doc) => (text, embedded_identities(&doc)),
                _ => (Vec::new(), Vec::new()),
            },
        };
        per_parent.push(added_lines(&old_text, &new_text)?);
        old_objects.push(objects);
    }
    // Like a line, an embedded object not read is reported by the change that adds it.
    let mut objects_added = 0;
    if let Some(Document::Read {
        objects_not_read, ..
    }) = &mut document
    {
        objects_not_read.retain(|o| {
            let identity = o.identity();
            old_objects.iter().all(|old| !old.contains(&identity))
        });
        objects_added = objects_not_read.len();
    }
    let ranges = if per_parent.is_empty() {
        vec![(1, u32::MAX)]
    } else {
        intersect_ranges(&per_parent)
    };
    if ranges.is_empty() && objects_added == 0 {
        return Ok(()); // a rename, a mode change or only deletions: nothing added
    }
    let total_lines = memchr::memchr_iter(b'\n', &new_text).count() as u64 + 1;
    stats.added_lines(
        ranges
            .iter()
            .map(|(lo, hi)| u64::from(hi - lo + 1))
            .sum::<u64>()
            .min(total_lines),
    );
    match &document {
        Some(doc) => stats.document(doc, new_text.len()),
        None => stats.scanned(new_text.len()),
    }
    visit(Blob {
        origin: Origin {
            path,
            commit: commit.cloned(),
        },
        bytes: new_text,
        lines_of_interest: Some(ranges),
        document: document.map(Arc::new),
    });
    Ok(())
}

/// What identifies each object embedded in a document that was not read.
fn embedded_identities(document: &Document) -> Vec<String> {
    match document {
        Document::Read {
            objects_not_read, ..
        } => objects_not_read.iter().map(|o| o.identity()).collect(),
        Document::NotRead { .. } => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_of_a_change() -> Result<(), GitError> {
        assert_eq!(added_lines(b"", b"a\nb\n")?, vec![(1, 2)]);
        assert_eq!(
            added_lines(b"a\nb\nc\n", b"a\nX\nc\nd\n")?,
            vec![(2, 2), (4, 4)]
        );
        assert_eq!(
            added_lines(b"a\r\nb\r\n", b"a\r\nb\r\nc\r\n")?,
            vec![(3, 3)]
        );
        assert_eq!(added_lines(b"same\n", b"same\n")?, vec![]);
        Ok(())
    }

    #[test]
    fn intersection_of_ranges() {
        assert_eq!(
            intersect_ranges(&[vec![(1, 5), (8, 9)], vec![(4, 8)]]),
            vec![(4, 5), (8, 8)]
        );
        assert_eq!(intersect_ranges(&[vec![(1, 2)]]), vec![(1, 2)]);
    }

    #[test]
    fn dates() {
        assert_eq!(iso_date(git2::Time::new(0, 0)), "1970-01-01T00:00:00+00:00");
        assert_eq!(
            iso_date(git2::Time::new(1_704_067_200, 60)),
            "2024-01-01T01:00:00+01:00"
        );
        assert_eq!(
            iso_date(git2::Time::new(951_782_400, -300)),
            "2000-02-28T19:00:00-05:00"
        );
    }

    #[test]
    fn lfs_pointers_and_binary() {
        let lfs = b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n";
        assert!(matches!(classify(lfs, "a", 100), Content::LfsPointer));
        assert!(matches!(
            classify(b"a\0b", "a", 100),
            Content::Skipped(SkipReason::Binary)
        ));
        assert!(matches!(
            classify(b"abc", "a", 2),
            Content::Skipped(SkipReason::TooLarge)
        ));
        assert!(matches!(classify(b"abc", "a", 3), Content::Text(_)));
        assert!(matches!(
            classify(b"%PDF-1.7\n", "a.pdf", 100),
            Content::Document(_, Document::NotRead { .. })
        ));
        assert!(matches!(
            classify(b"%PDF-1.7\n", "a.pdf", 4),
            Content::Document(_, Document::NotRead { .. })
        ));
        assert!(matches!(
            classify(b"PK\x03\x04\0\0", "a.jar", 4),
            Content::Skipped(SkipReason::Binary)
        ));
    }
}
