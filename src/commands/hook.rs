//! `clearance hook [FILES...]`: what git hooks and the pre-commit framework run.
//!
//! The hook picks what to scan from its arguments and from the variables pre-commit sets:
//!
//! - pre-push (`PRE_COMMIT_FROM_REF` and `PRE_COMMIT_TO_REF`): every commit of
//!   `FROM..TO`, so a value added by one pushed commit and removed by a later one is still
//!   caught. The file names pre-commit passes (the net diff) are not enough for that.
//! - pre-push with no base: pre-commit 4.x never passes an all-zero `FROM` (it computes the
//!   fork point itself), but when the pushed history reaches a root commit that is on no
//!   remote-tracking ref (a first push to an empty remote) it runs the hook with every file
//!   and no refs, only `PRE_COMMIT_LOCAL_BRANCH`/`PRE_COMMIT_REMOTE_NAME`. Both cases scan the
//!   commits reachable from the pushed commit that no remote-tracking ref reaches.
//! - FILES given (pre-commit at commit time, `pre-commit run --files`, `--all-files`): the
//!   staged lines of the files that have a staged change, and the other files whole from
//!   the work tree (with `--all-files` nothing is staged, so every file is read whole).
//! - nothing (a plain git hook from `clearance install-hook`): every staged change.
//!
//! Progress bars stay off under `PRE_COMMIT=1` (pre-commit runs hooks under a
//! pseudo-terminal), and the verdict line always says what was scanned.

use std::path::PathBuf;

use super::scan::{run_mode, Mode};
use super::ExitStatus;
use crate::cli::HookArgs;

/// Runs `clearance hook`.
pub fn run(args: &HookArgs) -> anyhow::Result<ExitStatus> {
    let mode = mode_for(&args.files, |name| std::env::var(name).ok());
    run_mode(&args.common, mode)
}

/// The mode for these FILES and environment (`env` looks a variable up).
pub(crate) fn mode_for(files: &[PathBuf], env: impl Fn(&str) -> Option<String>) -> Mode {
    let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let remote = var("PRE_COMMIT_REMOTE_NAME");
    if let (Some(from), Some(to)) = (var("PRE_COMMIT_FROM_REF"), var("PRE_COMMIT_TO_REF")) {
        return if is_null_id(&from) {
            Mode::Unpushed { head: to, remote }
        } else {
            Mode::Range(format!("{from}..{to}"))
        };
    }
    if let (Some(head), Some(_)) = (var("PRE_COMMIT_LOCAL_BRANCH"), &remote) {
        // pre-push, pushing history that starts at a root commit: pre-commit passes every
        // file and no refs; the commits being pushed are what matters.
        return Mode::Unpushed { head, remote };
    }
    if files.is_empty() {
        Mode::Staged {
            only: None,
            whole_if_unstaged: false,
        }
    } else {
        Mode::Staged {
            only: Some(files.to_vec()),
            whole_if_unstaged: true,
        }
    }
}

/// git's all-zero object id (SHA-1 or SHA-256): "no commit", as in a pre-push for a new ref.
fn is_null_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b == b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_string())
        }
    }

    #[test]
    fn staged_without_files_and_whole_with_files() {
        assert!(matches!(
            mode_for(&[], env(&[])),
            Mode::Staged {
                only: None,
                whole_if_unstaged: false
            }
        ));
        let files = [PathBuf::from("a.txt")];
        assert!(matches!(
            mode_for(&files, env(&[("PRE_COMMIT", "1")])),
            Mode::Staged { only: Some(ref f), whole_if_unstaged: true } if f == &files
        ));
    }

    #[test]
    fn pre_push_scans_the_pushed_commits() {
        let files = [PathBuf::from("a.txt")];
        let vars = [("PRE_COMMIT_FROM_REF", "abc"), ("PRE_COMMIT_TO_REF", "def")];
        assert!(matches!(
            mode_for(&files, env(&vars)),
            Mode::Range(ref spec) if spec == "abc..def"
        ));
        let zeros = "0".repeat(40);
        let vars = [
            ("PRE_COMMIT_FROM_REF", zeros.as_str()),
            ("PRE_COMMIT_TO_REF", "def"),
            ("PRE_COMMIT_REMOTE_NAME", "origin"),
        ];
        assert!(matches!(
            mode_for(&files, env(&vars)),
            Mode::Unpushed { ref head, remote: Some(ref r) } if head == "def" && r == "origin"
        ));
        let vars = [
            ("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/main"),
            ("PRE_COMMIT_REMOTE_NAME", "origin"),
        ];
        assert!(matches!(
            mode_for(&files, env(&vars)),
            Mode::Unpushed { ref head, .. } if head == "refs/heads/main"
        ));
        let vars = [("PRE_COMMIT_FROM_REF", ""), ("PRE_COMMIT_TO_REF", "def")];
        assert!(matches!(mode_for(&files, env(&vars)), Mode::Staged { .. }));
    }
}
