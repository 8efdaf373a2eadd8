//! The pre-commit source: what `git commit` is about to record. Diffs HEAD (or the empty tree
//! in a repository with no commits) against the index, reads each staged blob from the index
//! (so a partly staged file is judged by what is staged), and marks the lines it adds, with
//! line numbers of the new file.

use std::collections::BTreeSet;

use git2::{Delta, DiffFindOptions, DiffOptions, FileMode, Repository};

use super::git::{cached_index_tree, scan_change, Change, GitError};
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

/// Paths that differ between HEAD's tree and the tree the index's cache-tree records, or
/// `None` when the cache-tree is missing or not valid at the root (then the caller diffs the
/// whole index). Only subtrees whose ids differ are read.
fn changed_paths_via_cache_tree<'r>(
    repo: &'r Repository,
    head: &git2::Tree<'_>,
) -> Option<(git2::Tree<'r>, Vec<String>)> {
    let staged_id = cached_index_tree(&index_file(repo))?;
    let staged = repo.find_tree(staged_id).ok()?;
    let mut paths = Vec::new();
    diff_trees(
        repo,
        Some(head),
        Some(&staged),
        &mut String::new(),
        &mut paths,
    )?;
    Some((staged, paths))
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
    // Fast path (what git itself does): when the index's cache-tree names the tree it would
    // commit (git refreshes it before running the pre-commit hook), compare that tree with
    // HEAD's, descending only into subtrees that differ, and diff the two trees on the paths
    // that changed, without loading the index (libgit2 checksums all of it). Otherwise diff
    // HEAD against the whole index.
    let cached = head_tree
        .as_ref()
        .and_then(|head| changed_paths_via_cache_tree(repo, head));
    let diff = match cached {
        Some((_, paths)) if paths.is_empty() => return Ok(StagedOutcome::default()),
        Some((staged, paths)) => {
            for path in &paths {
                diff_options.pathspec(path.as_str());
            }
            diff_options.disable_pathspec_match(true);
            repo.diff_tree_to_tree(head_tree.as_ref(), Some(&staged), Some(&mut diff_options))
        }
        None => {
            let index = repo
                .index()
                .map_err(|e| GitError::object("the index", &e))?;
            repo.diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut diff_options))
        }
    };
    let mut diff = diff.map_err(|e| GitError::object("the staged changes", &e))?;
    diff.find_similar(Some(DiffFindOptions::new().renames(true).copies(true)))?;

    let mut outcome = StagedOutcome::default();
    for delta in diff.deltas() {
        if delta.status() == Delta::Deleted {
            continue;
        }
        let new = delta.new_file();
        let path = path_string(new.path_bytes().unwrap_or_default());
        if let Some(only) = &options.only_paths {
            if !only.contains(&path) {
                continue;
            }
        }
        outcome.changed_paths.insert(path.clone());
        let old = delta.old_file();
        let old_id =
            (delta.status() != Delta::Added && old.mode() != FileMode::Commit).then(|| old.id());
        let change = Change {
            path: path.clone(),
            new_id: new.id(),
            new_mode: new.mode(),
            old: vec![old_id],
        };
        if let Err(e) = scan_change(repo, change, None, options.max_file_size, stats, visit) {
            stats.unreadable(&path, e.to_string());
        }
    }
    Ok(outcome)
}
