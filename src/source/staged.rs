//! The pre-commit source: what `git commit` is about to record. Diffs HEAD (or the empty tree
//! in a repository with no commits) against the index, reads each staged blob from the index
//! (so a partly staged file is judged by what is staged), and marks the lines it adds, with
//! line numbers of the new file.

use std::collections::BTreeSet;

use git2::{Delta, DiffFindOptions, DiffOptions, FileMode, Repository};

use super::git::{read_index, scan_change, CacheTree, Change, GitError, IndexEntry};
use super::{Blob, ScanStats};

/// How to read the index.
#[derive(Debug, Clone, Default)]
pub struct StagedOptions {
    pub max_file_size: u64,
    /// Only these repository-relative paths (the files pre-commit passes); `None`: all.
    pub only_paths: Option<BTreeSet<String>>,
}

/// Staged changes, for the caller to know what the source covered.
#[derive(Debug, Default)]
pub struct StagedOutcome {
    /// Repository-relative paths with a staged change (whether or not they add lines).
    pub changed_paths: BTreeSet<String>,
}

/// How to find what is staged, cheapest first. Git keeps a cache-tree in the index: the tree
/// id of every directory that has not changed since the tree was last written (`git commit`
/// refreshes it before running the pre-commit hook; `git add` invalidates only the
/// directories above what it adds).
enum StagedPlan<'r> {
    /// The cache-tree is valid at the root: diff HEAD's tree with that tree on these paths.
    Trees(git2::Tree<'r>, Vec<String>),
    /// The cache-tree is valid below the changed directories: these changes, found by
    /// comparing the index with HEAD only in the directories it marks as changed.
    Changes(Vec<Change>),
    /// Diff HEAD against the whole index with libgit2.
    WholeIndex,
}

fn plan<'r>(repo: &'r Repository, head: Option<&git2::Tree<'_>>) -> StagedPlan<'r> {
    let (Some(head), Some(index)) = (head, read_index(&index_file(repo))) else {
        return StagedPlan::WholeIndex;
    };
    let Some(cache) = &index.cache_tree else {
        return StagedPlan::WholeIndex;
    };
    if let Some(staged) = cache.id.and_then(|id| repo.find_tree(id).ok()) {
        let mut paths = Vec::new();
        return match diff_trees(
            repo,
            Some(head),
            Some(&staged),
            &mut String::new(),
            &mut paths,
        ) {
            Some(()) => StagedPlan::Trees(staged, paths),
            None => StagedPlan::WholeIndex,
        };
    }
    let mut changes = Vec::new();
    match changes_below(
        repo,
        Some(head),
        Some(cache),
        &index.entries,
        0,
        &mut changes,
    ) {
        Some(()) => StagedPlan::Changes(changes),
        None => StagedPlan::WholeIndex,
    }
}

/// Compares the index entries of one directory (`entries`: every path starts with the
/// directory's `prefix_len` bytes) with HEAD's tree for it, skipping each subdirectory whose
/// cache-tree id equals HEAD's. `None` (diff the whole index instead) when something in HEAD
/// is gone from the index: a deletion may be half of a rename, which libgit2's rename
/// detection must see.
fn changes_below(
    repo: &Repository,
    head: Option<&git2::Tree<'_>>,
    cache: Option<&CacheTree>,
    entries: &[IndexEntry],
    prefix_len: usize,
    out: &mut Vec<Change>,
) -> Option<()> {
    if let (Some(head), Some(id)) = (head, cache.and_then(|c| c.id)) {
        if head.id() == id {
            return Some(());
        }
    }
    let in_head = |name: &[u8]| head.and_then(|tree| tree.get_name_bytes(name));
    let mut found_in_head = 0;
    let mut i = 0;
    while i < entries.len() {
        let entry = &entries[i];
        let rest = entry.path.get(prefix_len..)?;
        let Some(slash) = memchr::memchr(b'/', rest) else {
            // A file of this directory.
            let old = in_head(rest);
            found_in_head += usize::from(old.is_some());
            let old = match old {
                Some(old) if old.filemode() == 0o040000 => return None, // a directory became a file
                Some(old) if old.id() == entry.id && old.filemode() as u32 == entry.mode => {
                    i += 1;
                    continue;
                }
                Some(old) => (old.filemode() != 0o160000).then(|| old.id()),
                None => None,
            };
            out.push(Change {
                path: path_string(&entry.path),
                new_id: entry.id,
                new_mode: file_mode(entry.mode),
                old: vec![old],
            });
            i += 1;
            continue;
        };
        // A subdirectory: every entry below it, then its tree in HEAD and its cache-tree node.
        let dir = &rest[..=slash];
        let end = i + entries[i..]
            .iter()
            .take_while(|e| e.path.get(prefix_len..).is_some_and(|r| r.starts_with(dir)))
            .count();
        let name = &dir[..slash];
        let old = in_head(name);
        found_in_head += usize::from(old.is_some());
        let old_tree = match old {
            Some(old) if old.filemode() == 0o040000 => Some(repo.find_tree(old.id()).ok()?),
            Some(_) => return None, // a file became a directory
            None => None,
        };
        let node = cache.and_then(|c| c.children.iter().find(|(n, _)| n == name).map(|(_, t)| t));
        changes_below(
            repo,
            old_tree.as_ref(),
            node,
            &entries[i..end],
            prefix_len + slash + 1,
            out,
        )?;
        i = end;
    }
    (found_in_head == head.map_or(0, |tree| tree.len())).then_some(())
}

/// The git file mode of an index entry.
fn file_mode(mode: u32) -> FileMode {
    match mode {
        0o100755 => FileMode::BlobExecutable,
        0o120000 => FileMode::Link,
        0o160000 => FileMode::Commit,
        _ => FileMode::Blob,
    }
}

/// The index file libgit2 would open: `GIT_INDEX_FILE` (set by git inside hooks; relative to
/// the working directory, as libgit2 reads it) or the repository's `index`.
fn index_file(repo: &Repository) -> std::path::PathBuf {
    match std::env::var_os("GIT_INDEX_FILE") {
        Some(path) if !path.is_empty() => std::path::PathBuf::from(path),
        _ => repo.path().join("index"),
    }
}

/// A tree entry's id and mode on one side of a comparison (`None`: absent).
type Side = Option<(git2::Oid, i32)>;

/// Appends to `out` every path below `prefix` whose entry differs between `old` and `new`.
fn diff_trees(
    repo: &Repository,
    old: Option<&git2::Tree<'_>>,
    new: Option<&git2::Tree<'_>>,
    prefix: &mut String,
    out: &mut Vec<String>,
) -> Option<()> {
    let mut entries: std::collections::BTreeMap<Vec<u8>, (Side, Side)> =
        std::collections::BTreeMap::new();
    for (side, tree) in [(0, old), (1, new)] {
        for entry in tree.into_iter().flat_map(|t| t.iter()) {
            let slot = entries.entry(entry.name_bytes().to_vec()).or_default();
            let value = Some((entry.id(), entry.filemode()));
            if side == 0 {
                slot.0 = value;
            } else {
                slot.1 = value;
            }
        }
    }
    for (name, (a, b)) in entries {
        if a == b {
            continue;
        }
        let len = prefix.len();
        prefix.push_str(&String::from_utf8_lossy(&name));
        let is_tree = |e: Side| e.is_some_and(|(_, mode)| mode == 0o040000);
        if is_tree(a) || is_tree(b) {
            let subtree = |e: Side| match e {
                Some((id, 0o040000)) => repo.find_tree(id).ok(),
                _ => None,
            };
            let (sa, sb) = (subtree(a), subtree(b));
            if !is_tree(a) && a.is_some() || !is_tree(b) && b.is_some() {
                out.push(prefix.clone()); // a file replaced by a directory, or back
            }
            prefix.push('/');
            diff_trees(repo, sa.as_ref(), sb.as_ref(), prefix, out)?;
        } else {
            out.push(prefix.clone());
        }
        prefix.truncate(len);
    }
    Some(())
}

/// A path as a `/`-separated string (lossy for non-UTF-8 bytes).
pub fn path_string(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Scans the staged changes of `repo`, visiting one blob per changed text file.
pub fn scan_staged(
    repo: &Repository,
    options: &StagedOptions,
    stats: &ScanStats,
    visit: &(dyn Fn(Blob) + Sync),
) -> Result<StagedOutcome, GitError> {
    if repo.is_bare() {
        return Err(GitError::Other(
            "a bare repository has no index to scan; use `clearance scan --history`".into(),
        ));
    }
    let head_tree = match repo.head() {
        Ok(head) => Some(
            head.peel_to_tree()
                .map_err(|e| GitError::object("HEAD's tree", &e))?,
        ),
        Err(e)
            if matches!(
                e.code(),
                git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound
            ) =>
        {
            None
        }
        Err(e) => return Err(GitError::object("HEAD", &e)),
    };
    let mut diff_options = DiffOptions::new();
    diff_options
        .include_typechange(true)
        .ignore_submodules(false)
        .context_lines(0);
    let mut outcome = StagedOutcome::default();
    let mut visit_change = |change: Change| {
        if let Some(only) = &options.only_paths {
            if !only.contains(&change.path) {
                return;
            }
        }
        outcome.changed_paths.insert(change.path.clone());
        let path = change.path.clone();
        if let Err(e) = scan_change(repo, change, None, options.max_file_size, stats, visit) {
            stats.unreadable(&path, e.to_string());
        }
    };
    // What git itself does: read only the subtrees that changed. When the cache-tree is
    // valid at the root, diff the two trees on the paths that changed; when `git add`
    // invalidated some directories, compare the index with HEAD in those only. Otherwise
    // (no commit yet, a deletion, anything unusual) diff HEAD against the whole index.
    let diff = match plan(repo, head_tree.as_ref()) {
        StagedPlan::Trees(_, paths) if paths.is_empty() => return Ok(outcome),
        StagedPlan::Trees(staged, paths) => {
            for path in &paths {
                diff_options.pathspec(path.as_str());
            }
            diff_options.disable_pathspec_match(true);
            repo.diff_tree_to_tree(head_tree.as_ref(), Some(&staged), Some(&mut diff_options))
        }
        StagedPlan::Changes(changes) => {
            changes.into_iter().for_each(&mut visit_change);
            return Ok(outcome);
        }
        StagedPlan::WholeIndex => {
            let index = repo.index().map_err(|e| match e.message() {
                m if m.contains("'link'") => GitError::Other(format!(
                    "cannot read the index: it is a split index (core.splitIndex), which \
                     libgit2 cannot read ({m}); run `git update-index --no-split-index` \
                     (and `git config core.splitIndex false`), then scan again"
                )),
                _ => GitError::object("the index", &e),
            })?;
            repo.diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut diff_options))
        }
    };
    let mut diff = diff.map_err(|e| GitError::object("the staged changes", &e))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true).copies(true)))?;
    for delta in diff.deltas() {
        if delta.status() == Delta::Deleted {
            continue;
        }
        let new = delta.new_file();
        let old = delta.old_file();
        let old_id =
            (delta.status() != Delta::Added && old.mode() != FileMode::Commit).then(|| old.id());
        visit_change(Change {
            path: path_string(new.path_bytes().unwrap_or_default()),
            new_id: new.id(),
            new_mode: new.mode(),
            old: vec![old_id],
        });
    }
    Ok(outcome)
}
