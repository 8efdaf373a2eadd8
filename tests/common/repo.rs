//! Real git repositories for tests, built with the `git` CLI in a temp dir.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use super::Dir;

/// A git work tree in a temp directory, with a fixed identity and dates.
pub struct Repo {
    pub dir: Dir,
}

impl Repo {
    /// `git init` with user, email and no signing.
    pub fn new() -> Repo {
        let repo = Repo { dir: Dir::new() };
        repo.git(&["init", "-q", "-b", "main"]);
        repo.git(&["config", "user.name", "Test Author"]);
        repo.git(&["config", "user.email", "author@example.invalid"]);
        repo.git(&["config", "commit.gpgsign", "false"]);
        repo.git(&["config", "core.autocrlf", "false"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git with `args` in the repository; panics with git's stderr on failure.
    pub fn git(&self, args: &[&str]) -> String {
        self.git_in(self.path(), args)
    }

    /// A git command in `dir` with the repository's fixed dates and identity, not yet run:
    /// for commands that may fail (a commit a hook blocks) or need more environment.
    pub fn git_command(&self, dir: &Path, args: &[&str]) -> Process {
        let mut cmd = Process::new("git");
        cmd.current_dir(dir)
            .env("GIT_AUTHOR_DATE", "2024-01-02T03:04:05Z")
            .env("GIT_COMMITTER_DATE", "2024-01-02T03:04:05Z")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", self.path())
            .args(args);
        cmd
    }

    /// Runs git in `dir` (e.g. a linked worktree).
    pub fn git_in(&self, dir: &Path, args: &[&str]) -> String {
        let out = self.git_command(dir, args).output().expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Writes a file in the work tree.
    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        self.dir.write(rel, contents)
    }

    /// `git add` the paths.
    pub fn add(&self, paths: &[&str]) {
        let mut args = vec!["add", "--"];
        args.extend_from_slice(paths);
        self.git(&args);
    }

    /// Commits everything staged; returns the new commit id.
    pub fn commit(&self, message: &str) -> String {
        self.git(&["commit", "-q", "--allow-empty", "-m", message]);
        self.git(&["rev-parse", "HEAD"])
    }

    /// Writes, adds and commits one file.
    pub fn commit_file(&self, rel: &str, contents: impl AsRef<[u8]>, message: &str) -> String {
        self.write(rel, contents);
        self.add(&[rel]);
        self.commit(message)
    }

    /// `clearance ARGS...` in the repository.
    pub fn clearance(&self, args: &[&str]) -> assert_cmd::Command {
        self.dir.clearance(args)
    }
}
