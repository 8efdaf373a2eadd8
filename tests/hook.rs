//! `clearance hook` (what git hooks and the pre-commit framework run) and
//! `clearance install-hook`, on real repositories built with the git CLI.

mod common;

use std::path::{Path, PathBuf};

use common::repo::Repo;
use common::{run, Fake, Run};

/// The verdict line (the last line of stderr).
fn verdict(r: &Run) -> &str {
    r.stderr.lines().last().unwrap_or_default()
}

/// `clearance hook ARGS...` in `repo` with extra environment variables.
fn hook(repo: &Repo, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = repo.clearance(&["hook"]);
    cmd.args(args).env("PRE_COMMIT", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    run(cmd)
}

// ---------------------------------------------------------------- hook, commit time

#[test]
fn staged_files_report_only_added_lines_and_the_first_line_names_file_and_rule() {
    let repo = Repo::new();
    let mut fake = Fake::new(31);
    let old = fake.aws_key_line();
    repo.commit_file("app.env", format!("# app\n{old}"), "initial");
    repo.write(
        "app.env",
        format!("# app\n{old}DEBUG=1\n{}", fake.aws_key_line()),
    );
    repo.add(&["app.env"]);

    let r = hook(&repo, &["--format", "json", "app.env"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.path_lines(), vec![("app.env".to_string(), 4)]);

    let r = hook(&repo, &["app.env"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let first = r.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("clearance: BLOCKED") && first.contains("app.env:4 aws-access-key-id"),
        "{}",
        r.stderr
    );
    assert!(
        verdict(&r).contains("scanned 1 staged file (2 added lines)"),
        "{}",
        r.stderr
    );
}

#[test]
fn files_with_nothing_staged_are_scanned_whole() {
    let repo = Repo::new();
    let mut fake = Fake::new(32);
    repo.commit_file("old.env", format!("# old\n{}", fake.aws_key_line()), "old");
    repo.commit_file("README.md", "hello\n", "readme");

    // What `pre-commit run --all-files` passes: every file, nothing staged.
    let r = hook(&repo, &["--format", "json", "README.md", "old.env"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.path_lines(), vec![("old.env".to_string(), 2)]);
    assert!(
        verdict(&r).contains("scanned 2 files whole (nothing staged in them)"),
        "{}",
        r.stderr
    );

    let r = hook(&repo, &["README.md"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        verdict(&r).starts_with("clearance: PASSED 1 file whole (nothing staged in them), "),
        "{}",
        r.stderr
    );
}

#[test]
fn staged_and_unstaged_files_together() {
    let repo = Repo::new();
    repo.commit_file("a.txt", "a\n", "a");
    repo.commit_file("b.txt", "b\n", "b");
    repo.write("a.txt", "a\nmore\n");
    repo.add(&["a.txt"]);
    let r = hook(&repo, &["a.txt", "b.txt"], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        verdict(&r)
            .starts_with("clearance: PASSED 1 staged file (1 added line) and 1 file whole, "),
        "{}",
        r.stderr
    );
}

#[test]
fn nothing_staged_and_no_files_says_nothing_to_scan() {
    let repo = Repo::new();
    repo.commit_file("a.txt", "a\n", "a");
    let r = hook(&repo, &[], &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        verdict(&r).starts_with("clearance: PASSED nothing to scan"),
        "{}",
        r.stderr
    );
}

#[test]
fn hook_outside_a_repository_is_an_error() {
    let dir = common::Dir::new();
    let r = run(dir.clearance(&["hook"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not in a git repository"), "{}", r.stderr);
}

// ---------------------------------------------------------------- hook, pre-push

/// base, then a commit adding a secret, then one removing it: the work tree is clean.
fn added_then_removed(repo: &Repo, fake: &mut Fake) -> (String, String, String) {
    let base = repo.commit_file("README.md", "hello\n", "base");
    let bad = repo.commit_file("app.env", fake.aws_key_line(), "add config");
    let tip = repo.commit_file("app.env", "clean\n", "remove the key");
    (base, bad, tip)
}

#[test]
fn pre_push_scans_every_pushed_commit_not_the_files() {
    let repo = Repo::new();
    let mut fake = Fake::new(33);
    let (base, bad, tip) = added_then_removed(&repo, &mut fake);
    let env = [
        ("PRE_COMMIT_FROM_REF", base.as_str()),
        ("PRE_COMMIT_TO_REF", tip.as_str()),
    ];
    let r = hook(&repo, &["app.env"], &env);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let first = r.stderr.lines().next().unwrap_or_default();
    assert!(
        first.contains(&format!("app.env@{}:1 aws-access-key-id", &bad[..10])),
        "{}",
        r.stderr
    );
    assert!(
        verdict(&r).contains(&format!("2 commits in {base}..{tip}")),
        "{}",
        r.stderr
    );

    // The commits after the bad one are clean.
    let env = [
        ("PRE_COMMIT_FROM_REF", bad.as_str()),
        ("PRE_COMMIT_TO_REF", tip.as_str()),
    ];
    let r = hook(&repo, &["app.env"], &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(verdict(&r).contains("PASSED 1 commit in"), "{}", r.stderr);
}

#[test]
fn pre_push_of_a_new_branch() {
    let repo = Repo::new();
    let mut fake = Fake::new(34);
    // main, already pushed, has a key in its history (not this push's business).
    repo.commit_file("old.env", fake.aws_key_line(), "old key");
    let pushed = repo.commit_file("old.env", "gone\n", "remove old key");
    repo.git(&["update-ref", "refs/remotes/origin/main", &pushed]);
    repo.git(&["checkout", "-q", "-b", "feature"]);
    let clean = repo.commit_file("feature.txt", "feature\n", "feature");

    // pre-commit names the fork point itself: FROM is the parent of the first new commit.
    let env = [
        ("PRE_COMMIT_FROM_REF", pushed.as_str()),
        ("PRE_COMMIT_TO_REF", clean.as_str()),
        ("PRE_COMMIT_REMOTE_NAME", "origin"),
        ("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/feature"),
    ];
    let r = hook(&repo, &["feature.txt"], &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(verdict(&r).contains("PASSED 1 commit in"), "{}", r.stderr);

    // An all-zero FROM (other runners, or a hand-made call): the commits on no
    // remote-tracking ref.
    let zeros = "0".repeat(40);
    let env = [
        ("PRE_COMMIT_FROM_REF", zeros.as_str()),
        ("PRE_COMMIT_TO_REF", clean.as_str()),
        ("PRE_COMMIT_REMOTE_NAME", "origin"),
    ];
    let r = hook(&repo, &["feature.txt"], &env);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        verdict(&r).contains(&format!("PASSED 1 commit in {clean} not yet on origin")),
        "{}",
        r.stderr
    );

    let bad = repo.commit_file("feature.env", fake.aws_key_line(), "feature key");
    let env = [
        ("PRE_COMMIT_FROM_REF", zeros.as_str()),
        ("PRE_COMMIT_TO_REF", bad.as_str()),
    ];
    let r = hook(&repo, &["feature.env"], &env);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        verdict(&r).contains(&format!("2 commits in {bad} not yet on any remote")),
        "{}",
        r.stderr
    );
}

#[test]
fn first_push_to_an_empty_remote_scans_the_pushed_history() {
    // pre-commit passes every file and no refs when the pushed history reaches a root commit
    // on no remote-tracking ref; it still sets the remote and local branch.
    let repo = Repo::new();
    let mut fake = Fake::new(35);
    let (_, bad, _) = added_then_removed(&repo, &mut fake);
    let env = [
        ("PRE_COMMIT_REMOTE_NAME", "origin"),
        ("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/main"),
        ("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/main"),
    ];
    let r = hook(&repo, &["README.md", "app.env"], &env);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("app.env@{}:1", &bad[..10])),
        "{}",
        r.stderr
    );
    assert!(
        verdict(&r).contains("3 commits in refs/heads/main not yet on origin"),
        "{}",
        r.stderr
    );
}

// ---------------------------------------------------------------- install-hook

fn binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("clearance")
}

/// PATH with the built binary's folder first.
fn path_with_binary() -> std::ffi::OsString {
    let dir = binary().parent().map(Path::to_path_buf).unwrap_or_default();
    let mut paths = vec![dir];
    paths.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(paths).unwrap_or_default()
}

/// `git commit -m MESSAGE` with PATH finding the binary; the hook's verdict is in stderr.
fn git_commit(repo: &Repo, message: &str, path: &std::ffi::OsStr) -> Run {
    let out = repo
        .git_command(repo.path(), &["commit", "-q", "-m", message])
        .env("PATH", path)
        .output()
        .expect("git runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn install(repo: &Repo, args: &[&str]) -> Run {
    let mut cmd = repo.clearance(&["install-hook"]);
    cmd.args(args);
    run(cmd)
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path)
        .map(|m| m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn is_executable(_path: &Path) -> bool {
    true
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn install_hook_writes_an_executable_hook_that_blocks_a_commit() {
    let repo = Repo::new();
    let mut fake = Fake::new(36);
    repo.commit_file("README.md", "hello\n", "initial");
    let r = install(&repo, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let hook = repo.path().join(".git/hooks/pre-commit");
    assert!(
        r.stderr.contains(&hook.display().to_string()),
        "{}",
        r.stderr
    );
    let script = read(&hook);
    assert!(script.starts_with("#!/bin/sh\n"), "{script}");
    assert!(script.contains(&binary().display().to_string()), "{script}");
    assert!(is_executable(&hook));

    let head = repo.git(&["rev-parse", "HEAD"]);
    repo.write("config.env", format!("# settings\n{}", fake.aws_key_line()));
    repo.add(&["config.env"]);
    let r = git_commit(&repo, "add config", &path_with_binary());
    assert_ne!(r.code, 0, "the commit went through: {}", r.stderr);
    let first = r.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("clearance: BLOCKED") && first.contains("config.env:2 aws-access-key-id"),
        "{}",
        r.stderr
    );
    assert_eq!(
        repo.git(&["rev-parse", "HEAD"]),
        head,
        "nothing was committed"
    );

    // A clean commit goes through.
    repo.write("config.env", "# settings\nREGION=eu-west-2\n");
    repo.add(&["config.env"]);
    let r = git_commit(&repo, "add config", &path_with_binary());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_ne!(repo.git(&["rev-parse", "HEAD"]), head);

    // Installing again over our own hook needs no --force.
    let r = install(&repo, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn install_hook_honours_a_relative_core_hooks_path() {
    let repo = Repo::new();
    repo.git(&["config", "core.hooksPath", ".githooks"]);
    repo.write("sub/dir/x.txt", "x\n");
    let mut cmd = repo.clearance(&["install-hook"]);
    cmd.current_dir(repo.path().join("sub/dir"));
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let hook = repo.path().join(".githooks/pre-commit");
    assert!(is_executable(&hook), "{}", r.stderr);
    assert!(r.stderr.contains("core.hooksPath"), "{}", r.stderr);
    assert!(!repo.path().join(".git/hooks/pre-commit").exists());
}

#[test]
fn install_hook_refuses_an_existing_hook_without_force() {
    let repo = Repo::new();
    let hook = repo.write(".git/hooks/pre-commit", "#!/bin/sh\necho mine\n");
    let r = install(&repo, &[]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("already exists") && r.stderr.contains("--force"),
        "{}",
        r.stderr
    );
    assert_eq!(read(&hook), "#!/bin/sh\necho mine\n", "left as it was");

    let r = install(&repo, &["--force"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("replaced"), "{}", r.stderr);
    assert!(read(&hook).contains("clearance"), "replaced");

    let r = install(&repo, &["--force", "--chain"]);
    assert_eq!(r.code, 2, "--force and --chain conflict: {}", r.stderr);
}

#[cfg(unix)]
#[test]
fn install_hook_chain_runs_the_old_hook_first() {
    use std::os::unix::fs::PermissionsExt as _;

    let repo = Repo::new();
    let mut fake = Fake::new(37);
    repo.commit_file("README.md", "hello\n", "initial");
    let old = repo.write(
        ".git/hooks/pre-commit",
        "#!/bin/sh\necho old hook ran >&2\n[ ! -f stop ] || exit 7\n",
    );
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    let r = install(&repo, &["--chain"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let kept = repo.path().join(".git/hooks/pre-commit.pre-clearance");
    assert!(read(&kept).contains("old hook ran"), "{}", r.stderr);
    assert!(
        r.stderr.contains("pre-commit.pre-clearance"),
        "{}",
        r.stderr
    );

    // The old hook runs first, then clearance blocks.
    repo.write("a.env", fake.aws_key_line());
    repo.add(&["a.env"]);
    let r = git_commit(&repo, "key", &path_with_binary());
    assert_ne!(r.code, 0, "{}", r.stderr);
    let old_at = r.stderr.find("old hook ran").unwrap_or(usize::MAX);
    let blocked_at = r.stderr.find("clearance: BLOCKED").unwrap_or(0);
    assert!(old_at < blocked_at, "{}", r.stderr);

    // When the old hook fails, the commit stops there and clearance does not run.
    repo.write("a.env", "clean\n");
    repo.write("stop", "");
    repo.add(&["a.env"]);
    let r = git_commit(&repo, "clean", &path_with_binary());
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("old hook ran"), "{}", r.stderr);
    assert!(!r.stderr.contains("clearance:"), "{}", r.stderr);

    // Both pass: committed.
    std::fs::remove_file(repo.path().join("stop")).expect("rm");
    let r = git_commit(&repo, "clean", &path_with_binary());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("clearance: PASSED 1 staged file"),
        "{}",
        r.stderr
    );

    // A second --chain would overwrite the kept hook: reinstalling keeps the chain instead.
    let r = install(&repo, &[]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(&repo.path().join(".git/hooks/pre-commit")).contains("pre-commit.pre-clearance"));
}

#[test]
fn install_hook_in_a_linked_worktree_uses_the_common_hooks_folder() {
    let repo = Repo::new();
    repo.commit_file("README.md", "hello\n", "initial");
    let linked = repo.path().join("linked");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "side",
        linked.to_str().unwrap_or_default(),
    ]);
    let mut cmd = repo.clearance(&["install-hook"]);
    cmd.current_dir(&linked);
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        is_executable(&repo.path().join(".git/hooks/pre-commit")),
        "{}",
        r.stderr
    );

    let mut fake = Fake::new(38);
    std::fs::write(linked.join("a.env"), fake.aws_key_line()).expect("write");
    repo.git_in(&linked, &["add", "a.env"]);
    let out = repo
        .git_command(&linked, &["commit", "-q", "-m", "key"])
        .env("PATH", path_with_binary())
        .output()
        .expect("git runs");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("a.env:1 aws-access-key-id"));
}

#[cfg(unix)]
#[test]
fn the_hook_falls_back_to_path_when_the_binary_moved() {
    let repo = Repo::new();
    let mut fake = Fake::new(39);
    repo.commit_file("README.md", "hello\n", "initial");
    // Install from a copy of the binary, then delete the copy.
    let copy_dir = common::Dir::new();
    let copy = copy_dir.path().join("clearance");
    std::fs::copy(binary(), &copy).expect("copy binary");
    let r = run({
        let mut cmd = assert_cmd::Command::new(&copy);
        cmd.current_dir(repo.path()).arg("install-hook");
        cmd
    });
    assert_eq!(r.code, 0, "{}", r.stderr);
    std::fs::remove_file(&copy).expect("rm copy");

    repo.write("a.env", fake.aws_key_line());
    repo.add(&["a.env"]);
    // Found on PATH: blocked by clearance.
    let r = git_commit(&repo, "key", &path_with_binary());
    assert_ne!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("clearance: BLOCKED"), "{}", r.stderr);
    // Nowhere: the commit still stops, with a reason and a next step.
    let bin_dir = binary().parent().map(Path::to_path_buf).unwrap_or_default();
    let without: Vec<PathBuf> =
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .filter(|p| *p != bin_dir && !p.join("clearance").exists())
            .collect();
    let without = std::env::join_paths(without).unwrap_or_default();
    let r = git_commit(&repo, "key", &without);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("cannot find clearance") && r.stderr.contains("install-hook --force"),
        "{}",
        r.stderr
    );
}

/// `git commit -a` and `git commit PATH` commit a temporary index named by GIT_INDEX_FILE:
/// the hook must judge that index, not `.git/index`.
#[test]
fn commit_all_and_commit_path_judge_the_index_git_is_committing() {
    let repo = Repo::new();
    let mut fake = Fake::new(41);
    repo.commit_file("config.env", "# settings\n", "initial");
    assert_eq!(install(&repo, &[]).code, 0);
    repo.write("config.env", format!("# settings\n{}", fake.aws_key_line()));
    for args in [
        &["commit", "-q", "-a", "-m", "all"][..],
        &["commit", "-q", "-m", "path", "config.env"][..],
    ] {
        let out = repo
            .git_command(repo.path(), args)
            .env("PATH", path_with_binary())
            .output()
            .expect("git runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "git {args:?} went through: {stderr}");
        assert!(
            stderr.contains("config.env:2 aws-access-key-id"),
            "{stderr}"
        );
    }
}
