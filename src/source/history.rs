//! The pre-publication audit source: every unique blob reachable from any ref (branches, tags,
//! remote-tracking refs, the stash), or from one `--branch`, plus every commit message.
//!
//! Phase 1 walks commits oldest first and each *unique* tree once, so the first time a blob is
//! met is in the first commit (and path) that introduced it. Phase 2 reads and scans the unique
//! blobs in parallel, one libgit2 handle per worker.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use git2::{ObjectType, Oid, Repository, Sort};
use rayon::prelude::*;

use super::git::{classify, commit_info, count_skip, Content, GitError};
use super::range::COMMIT_MESSAGE_PATH;
use super::{Blob, CommitInfo, Origin, ScanStats};

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
}

/// Progress callbacks (a progress bar on a terminal; nothing otherwise).
pub trait Progress: Sync {
    /// Phase 2 starts: `blobs` to read, `bytes` in total.
    fn start(&self, blobs: u64, bytes: u64);
    /// One blob of `bytes` done.
    fn advance(&self, bytes: u64);
}

/// No progress output.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64, _: u64) {}
    fn advance(&self, _: u64) {}
}

struct FirstSeen {
    id: Oid,
    commit: u32,
    path: String,
    other_paths: Vec<u64>,
}

/// A value found in several blobs of history is one leak: keep its earliest finding (by commit
/// order, then path and line) and count the others in `other_occurrences`.
pub fn keep_first_occurrence(
    findings: Vec<crate::finding::Finding>,
) -> Vec<crate::finding::Finding> {
    let mut by_value: HashMap<(String, String), crate::finding::Finding> = HashMap::new();
    let mut extra: HashMap<(String, String), u32> = HashMap::new();
    for f in findings {
        let key = (f.rule.id.clone(), f.fingerprint.clone());
        let rank = |f: &crate::finding::Finding| {
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
            if let (Some(n), Some(commit)) = (extra.get(&key), f.origin.commit.as_mut()) {
                Arc::make_mut(commit).other_occurrences += n;
            }
            f
        })
        .collect()
}

/// Walks the history of the repository at `repo_path` and visits every unique text blob once.
pub fn scan_history(
    repo_path: &Path,
    options: &HistoryOptions,
    stats: &ScanStats,
    progress: &dyn Progress,
    visit: &(dyn Fn(Blob) + Sync),
) -> Result<HistoryOutcome, GitError> {
    super::git::tune_libgit2();
    let repo = super::git::open(repo_path)?;
    let git_dir: PathBuf = repo.path().to_path_buf();
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

    let mut commits: Vec<Arc<CommitInfo>> = Vec::new();
    let mut blobs: Vec<FirstSeen> = Vec::new();
    let mut blob_index: HashMap<Oid, u32> = HashMap::new();
    let mut seen_trees: HashSet<Oid> = HashSet::new();
    for id in walk {
        let id = id.map_err(|e| GitError::object("a commit while walking history", &e))?;
        let commit = repo
            .find_commit(id)
            .map_err(|e| GitError::object(format!("commit {id}"), &e))?;
        let commit_idx = commits.len() as u32;
        let mut info = commit_info(&commit);
        Arc::make_mut(&mut info).seq = commit_idx;
        let message = commit.message_bytes().to_vec();
        visit(Blob {
            origin: Origin {
                path: COMMIT_MESSAGE_PATH.into(),
                commit: Some(info.clone()),
            },
            bytes: message,
            lines_of_interest: None,
        });
        commits.push(info);
        let tree_id = commit.tree_id();
        if seen_trees.insert(tree_id) {
            let mut prefix = String::new();
            walk_tree(
                &repo,
                tree_id,
                &mut prefix,
                commit_idx,
                &mut seen_trees,
                &mut blobs,
                &mut blob_index,
                stats,
            )?;
        }
    }
    let outcome = HistoryOutcome {
        commits: commits.len(),
        unique_blobs: blobs.len(),
        shallow: repo.is_shallow(),
    };
    drop(repo);

    let total_bytes = 0;
    progress.start(blobs.len() as u64, total_bytes);
    let errors: Vec<GitError> = blobs
        .par_iter()
        .map_init(
            || Repository::open(&git_dir),
            |repo, seen| -> Option<GitError> {
                let repo = match repo {
                    Ok(repo) => repo,
                    Err(e) => return Some(GitError::object(git_dir.display().to_string(), e)),
                };
                let blob = match repo.find_blob(seen.id) {
                    Ok(blob) => blob,
                    Err(e) => {
                        return Some(GitError::object(
                            format!("object {} ({})", seen.id, seen.path),
                            &e,
                        ));
                    }
                };
                progress.advance(blob.size() as u64);
                let commit = &commits[seen.commit as usize];
                match classify(blob.content(), options.max_file_size) {
                    Content::Text(text) => {
                        stats.scanned(text.len());
                        let mut info = CommitInfo::clone(commit);
                        info.other_occurrences = seen.other_paths.len() as u32;
                        visit(Blob {
                            origin: Origin {
                                path: seen.path.clone(),
                                commit: Some(Arc::new(info)),
                            },
                            bytes: text,
                            lines_of_interest: None,
                        });
                    }
                    Content::LfsPointer => stats.lfs(),
                    Content::Skipped(reason) => {
                        count_skip(stats, reason, &seen.path, options.max_file_size, false)
                    }
                }
                None
            },
        )
        .flatten()
        .collect();
    if let Some(first) = errors.into_iter().next() {
        return Err(first);
    }
    Ok(outcome)
}

/// Pushes every ref that peels to a commit: branches, tags, remote-tracking refs, the stash.
fn push_all_refs(repo: &Repository, walk: &mut git2::Revwalk<'_>) -> Result<(), GitError> {
    for reference in repo.references()? {
        let reference = reference?;
        if let Ok(commit) = reference.peel_to_commit() {
            walk.push(commit.id())?;
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

/// Records the blobs of a tree not seen before, recursing into unseen subtrees only.
#[allow(clippy::too_many_arguments)]
fn walk_tree(
    repo: &Repository,
    tree_id: Oid,
    prefix: &mut String,
    commit: u32,
    seen_trees: &mut HashSet<Oid>,
    blobs: &mut Vec<FirstSeen>,
    blob_index: &mut HashMap<Oid, u32>,
    stats: &ScanStats,
) -> Result<(), GitError> {
    let tree = match repo.find_tree(tree_id) {
        Ok(tree) => tree,
        Err(e) => {
            let at = if prefix.is_empty() {
                "/"
            } else {
                prefix.as_str()
            };
            return Err(GitError::object(format!("tree {tree_id} ({at})"), &e));
        }
    };
    for entry in tree.iter() {
        let name = String::from_utf8_lossy(entry.name_bytes());
        let len = prefix.len();
        prefix.push_str(&name);
        match entry.kind() {
            Some(ObjectType::Tree) if seen_trees.insert(entry.id()) => {
                prefix.push('/');
                walk_tree(
                    repo,
                    entry.id(),
                    prefix,
                    commit,
                    seen_trees,
                    blobs,
                    blob_index,
                    stats,
                )?;
            }
            Some(ObjectType::Tree) => {}
            Some(ObjectType::Blob) if entry.filemode() == 0o120000 => {} // symlink: its target path
            Some(ObjectType::Blob) => match blob_index.get(&entry.id()) {
                None => {
                    blob_index.insert(entry.id(), blobs.len() as u32);
                    blobs.push(FirstSeen {
                        id: entry.id(),
                        commit,
                        path: prefix.clone(),
                        other_paths: Vec::new(),
                    });
                }
                Some(&i) => {
                    let seen = &mut blobs[i as usize];
                    if seen.path != *prefix {
                        let h = hash_path(prefix);
                        if !seen.other_paths.contains(&h) {
                            seen.other_paths.push(h);
                        }
                    }
                }
            },
            Some(ObjectType::Commit) => stats.submodule(),
            _ => {}
        }
        prefix.truncate(len);
    }
    Ok(())
}
