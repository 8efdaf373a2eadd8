//! The CI gate source: every commit in `BASE..HEAD` (or `BASE...HEAD`, from the merge base),
//! oldest first, with the lines each commit adds (for a merge: lines new relative to every
//! parent) and its message. Each blob carries its commit (id, author, date).

use std::collections::BTreeMap;

use git2::{Commit, Oid, Repository, Sort};

use super::git::{commit_info, scan_change, Change, GitError};
use super::{Blob, Origin, ScanStats};

/// The display path given to commit messages.
pub const COMMIT_MESSAGE_PATH: &str = "<commit message>";

/// What the range covered.
#[derive(Debug, Default)]
pub struct RangeOutcome {
    pub commits: usize,
}

/// Resolves `spec` (`BASE..HEAD`, `BASE...HEAD`, or `BASE` meaning `BASE..HEAD`) to the
/// commits to scan, oldest first.
pub fn commits_in_range(repo: &Repository, spec: &str) -> Result<Vec<Oid>, GitError> {
    let (base, head, symmetric) = match spec.split_once("...") {
        Some((b, h)) => (b, h, true),
        None => match spec.split_once("..") {
            Some((b, h)) => (b, h, false),
            None => (spec, "HEAD", false),
        },
    };
    let head = if head.is_empty() { "HEAD" } else { head };
    let resolve = |name: &str, role: &str| -> Result<Oid, GitError> {
        repo.revparse_single(name)
            .and_then(|o| o.peel_to_commit())
            .map(|c| c.id())
            .map_err(|e| missing_revision(repo, name, role, &e))
    };
    if base.is_empty() {
        return Err(GitError::Other(format!(
            "`{spec}` has no BASE; use BASE..HEAD, e.g. origin/main..HEAD"
        )));
    }
    let base_id = resolve(base, "BASE")?;
    let head_id = resolve(head, "HEAD")?;
    let hide = if symmetric {
        repo.merge_base(base_id, head_id)
            .map_err(|e| missing_revision(repo, base, "merge base of BASE and HEAD", &e))?
    } else {
        base_id
    };
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    walk.push(head_id)?;
    walk.hide(hide)?;
    walk.map(|r| r.map_err(|e| GitError::object("a commit in the range", &e)))
        .collect()
}

/// Commits reachable from `head` that no remote-tracking ref reaches (only `remote`'s refs,
/// when given), oldest first: what a push of a new branch sends when there is no base to
/// name (pre-push with an all-zero old id, or a first push to an empty remote).
pub fn commits_not_on_remotes(
    repo: &Repository,
    head: &str,
    remote: Option<&str>,
) -> Result<Vec<Oid>, GitError> {
    let head_id = repo
        .revparse_single(head)
        .and_then(|o| o.peel_to_commit())
        .map(|c| c.id())
        .map_err(|e| missing_revision(repo, head, "the pushed commit", &e))?;
    let mut walk = repo.revwalk()?;
    walk.set_sorting(Sort::TOPOLOGICAL | Sort::REVERSE)?;
    walk.push(head_id)?;
    walk.hide_glob(&match remote {
        Some(name) => format!("refs/remotes/{name}/*"),
        None => "refs/remotes/*".to_string(),
    })?;
    walk.map(|r| r.map_err(|e| GitError::object("a commit to push", &e)))
        .collect()
}

fn missing_revision(repo: &Repository, name: &str, role: &str, err: &git2::Error) -> GitError {
    let mut message = format!(
        "{role} `{name}` is not in this repository ({})",
        err.message()
    );
    if repo.is_shallow() {
        message.push_str(
            ". This is a shallow clone, so older history is missing: fetch it with \
             `git fetch --unshallow` (or `git fetch --deepen=100`), or in GitHub Actions set \
             `fetch-depth: 0` on actions/checkout",
        );
    } else {
        message.push_str(". Fetch it first, e.g. `git fetch origin main`");
    }
    GitError::Other(message)
}

/// The changed paths of `commit` relative to each parent (the empty tree for a root commit).
/// For a merge, only paths that differ from every parent.
pub fn commit_changes(repo: &Repository, commit: &Commit<'_>) -> Result<Vec<Change>, GitError> {
    let tree = commit
        .tree()
        .map_err(|e| GitError::object(format!("tree of commit {}", commit.id()), &e))?;
    let parents: Vec<Option<git2::Tree<'_>>> = if commit.parent_count() == 0 {
        vec![None]
    } else {
        commit
            .parents()
            .map(|p| {
                p.tree()
                    .map(Some)
                    .map_err(|e| GitError::object(format!("tree of commit {}", p.id()), &e))
            })
            .collect::<Result<_, _>>()?
    };
    let mut by_path: BTreeMap<String, Change> = BTreeMap::new();
    let mut seen_in: BTreeMap<String, usize> = BTreeMap::new();
    for (i, parent) in parents.iter().enumerate() {
        let diff = repo.diff_tree_to_tree(parent.as_ref(), Some(&tree), None)?;
        for delta in diff.deltas() {
            if delta.status() == git2::Delta::Deleted {
                continue;
            }
            let new = delta.new_file();
            let path = String::from_utf8_lossy(new.path_bytes().unwrap_or_default()).into_owned();
            let old = delta.old_file();
            let old_id =
                (!old.id().is_zero() && old.mode() != git2::FileMode::Commit).then(|| old.id());
            let entry = by_path.entry(path.clone()).or_insert_with(|| Change {
                path: path.clone(),
                new_id: new.id(),
                new_mode: new.mode(),
                old: vec![None; parents.len()],
            });
            entry.old[i] = old_id;
            *seen_in.entry(path).or_insert(0) += 1;
        }
    }
    Ok(by_path
        .into_values()
        .filter(|c| seen_in.get(&c.path) == Some(&parents.len()))
        .collect())
}

/// Scans every commit of `spec`: the lines each adds, and its message.
pub fn scan_range(
    repo: &Repository,
    spec: &str,
    max_size: u64,
    stats: &ScanStats,
    visit: &(dyn Fn(Blob) + Sync),
) -> Result<RangeOutcome, GitError> {
    let commits = commits_in_range(repo, spec)?;
    scan_commits(repo, &commits, max_size, stats, visit)
}

/// Scans the given commits (oldest first): the lines each adds, and its message.
pub fn scan_commits(
    repo: &Repository,
    commits: &[Oid],
    max_size: u64,
    stats: &ScanStats,
    visit: &(dyn Fn(Blob) + Sync),
) -> Result<RangeOutcome, GitError> {
    for id in commits {
        let commit = repo
            .find_commit(*id)
            .map_err(|e| GitError::object(format!("commit {id}"), &e))?;
        let info = commit_info(&commit);
        for change in commit_changes(repo, &commit)? {
            let path = change.path.clone();
            if let Err(e) = scan_change(repo, change, Some(&info), max_size, stats, visit) {
                stats.unreadable(format!("{path} in commit {id}"), e.to_string());
            }
        }
        let message = commit.message_bytes().to_vec();
        visit(Blob {
            origin: Origin {
                path: COMMIT_MESSAGE_PATH.into(),
                commit: Some(info),
            },
            bytes: message,
            lines_of_interest: None,
            document: None,
        });
    }
    Ok(RangeOutcome {
        commits: commits.len(),
    })
}
