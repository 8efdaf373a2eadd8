//! The pre-commit source: what `git commit` is about to record. Diffs HEAD (or the empty tree
//! in a repository with no commits) against the index, reads each staged blob from the index
//! (so a partly staged file is judged by what is staged), and marks the lines it adds, with
//! line numbers of the new file.

use std::collections::BTreeSet;

use git2::{Delta, DiffFindOptions, DiffOptions, FileMode, Repository};

use super::git::{scan_change, Change, GitError};
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
    let index = repo
        .index()
        .map_err(|e| GitError::object("the index", &e))?;
    let mut diff_options = DiffOptions::new();
    diff_options
        .include_typechange(true)
        .ignore_submodules(false)
        .context_lines(0);
    let mut diff = repo
        .diff_tree_to_index(head_tree.as_ref(), Some(&index), Some(&mut diff_options))
        .map_err(|e| GitError::object("the staged changes", &e))?;
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
