//! The git modes (`--staged`, `--diff`, `--history`) on real repositories built with the git CLI.

mod common;

use common::repo::Repo;
use common::{run, Fake, Run};

fn staged_json(repo: &Repo) -> Run {
    run(repo.clearance(&["scan", "--staged", "--format", "json"]))
}

#[test]
fn staged_reports_only_added_lines_with_new_file_line_numbers() {
    let repo = Repo::new();
    let mut fake = Fake::new(11);
    let old_secret = fake.aws_key_line();
    repo.commit_file("app.env", format!("# app\n{old_secret}"), "initial");
    // An unrelated line is added above the old secret, and a new secret at the end.
    repo.write(
        "app.env",
        format!("# app\nDEBUG=1\n{old_secret}{}", fake.aws_key_line()),
    );
    repo.add(&["app.env"]);
    let r = staged_json(&repo);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.path_lines(), vec![("app.env".to_string(), 4)]);
    assert!(
        r.stderr.contains("1 staged file (2 added lines)"),
        "{}",
        r.stderr
    );
}

#[test]
fn staged_content_is_judged_not_the_work_tree() {
    let repo = Repo::new();
    let mut fake = Fake::new(12);
    repo.commit_file("README.md", "hello\n", "initial");
    // Staged secret, clean work tree: blocked.
    repo.write("a.txt", fake.aws_key_line());
    repo.add(&["a.txt"]);
    repo.write("a.txt", "clean now\n");
    assert_eq!(staged_json(&repo).code, 1);
    // Staged clean, secret only in the work tree: passes.
    repo.add(&["a.txt"]);
    repo.write("a.txt", fake.aws_key_line());
    let r = run(repo.clearance(&["scan", "--staged"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("clearance: PASSED 1 staged file"),
        "{}",
        r.stderr
    );
}

#[test]
fn staged_in_a_repository_without_commits_and_with_nothing_staged() {
    let repo = Repo::new();
    let r = run(repo.clearance(&["scan", "--staged"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("nothing to scan"), "{}", r.stderr);
    repo.write("first.env", Fake::new(13).aws_key_line());
    repo.add(&["first.env"]);
    let r = run(repo.clearance(&["scan", "--staged"]));
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.starts_with(
            "clearance: BLOCKED 1 secret in 1 file; first: first.env:1 aws-access-key-id"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn renames_deletions_and_mode_changes_add_nothing() {
    let repo = Repo::new();
    let mut fake = Fake::new(14);
    repo.commit_file(
        "old.env",
        fake.aws_key_line(),
        "with a secret already committed",
    );
    repo.commit_file("gone.env", fake.aws_key_line(), "another");
    repo.git(&["mv", "old.env", "renamed.env"]);
    repo.git(&["rm", "-q", "gone.env"]);
    repo.write("tool.sh", "#!/bin/sh\necho hi\n");
    repo.add(&["tool.sh"]);
    repo.commit("tool");
    repo.git(&["update-index", "--chmod=+x", "tool.sh"]);
    let r = staged_json(&repo);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.path_lines(), vec![]);
}

#[test]
fn crlf_files_and_multi_line_private_keys() {
    let repo = Repo::new();
    let mut fake = Fake::new(15);
    repo.commit_file("win.ini", "[a]\r\nx=1\r\n", "initial");
    repo.write(
        "win.ini",
        format!(
            "[a]\r\nx=1\r\n{}",
            fake.aws_key_line().replace('\n', "\r\n")
        ),
    );
    let body: Vec<String> = (0..6)
        .map(|_| {
            fake.chars(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
                64,
            )
        })
        .collect();
    let pem = format!(
        "-----BEGIN RSA PRIVATE KEY-----\n{}\n-----END RSA PRIVATE KEY-----\n",
        body.join("\n")
    );
    repo.write("deploy/id_rsa", format!("# deploy key\n{pem}"));
    repo.add(&["win.ini", "deploy/id_rsa"]);
    let r = staged_json(&repo);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let mut got = r.path_lines();
    got.sort();
    assert_eq!(
        got,
        vec![("deploy/id_rsa".to_string(), 3), ("win.ini".to_string(), 3)]
    );
}

#[test]
fn symlinks_submodules_lfs_pointers_and_binaries_are_counted() {
    let repo = Repo::new();
    repo.commit_file("README.md", "hi\n", "initial");
    let sub = Repo::new();
    sub.commit_file("x.txt", "x\n", "sub");
    repo.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        &sub.path().display().to_string(),
        "vendor/sub",
    ]);
    std::os::unix::fs::symlink("README.md", repo.path().join("link")).expect("symlink");
    repo.write("big.psd", "version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n");
    repo.write("image.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    repo.add(&["link", "big.psd", "image.png"]);
    let r = run(repo.clearance(&["scan", "--staged"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    for note in [
        "1 binary skipped",
        "1 symlink not followed",
        "1 submodule skipped",
        "1 Git LFS pointer skipped",
    ] {
        assert!(r.stderr.contains(note), "missing {note:?} in {}", r.stderr);
    }
}

#[test]
fn an_unscannable_staged_file_fails_closed_unless_allowed() {
    let repo = Repo::new();
    repo.commit_file("README.md", "hi\n", "initial");
    repo.write("dump.sql", "INSERT INTO t VALUES (1);\n".repeat(100));
    repo.add(&["dump.sql"]);
    let r = run(repo.clearance(&["scan", "--staged", "--max-file-size", "1K"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("clearance: ERROR could not scan everything"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("dump.sql"), "{}", r.stderr);
    let r = run(repo.clearance(&[
        "scan",
        "--staged",
        "--max-file-size",
        "1K",
        "--allow-unscanned",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("NOT SCANNED"), "{}", r.stderr);
}

#[test]
fn not_a_repository_is_an_error() {
    let dir = common::Dir::new();
    let r = run(dir.clearance(&["scan", "--staged"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("is not in a git repository"),
        "{}",
        r.stderr
    );
}

#[test]
fn detached_head_linked_worktree_and_non_utf8_paths() {
    let repo = Repo::new();
    let mut fake = Fake::new(16);
    repo.commit_file("a.txt", "a\n", "one");
    repo.commit_file("b.txt", "b\n", "two");
    repo.git(&["checkout", "-q", "--detach", "HEAD~1"]);
    repo.write("c.env", fake.aws_key_line());
    repo.add(&["c.env"]);
    assert_eq!(
        staged_json(&repo).path_lines(),
        vec![("c.env".to_string(), 1)]
    );
    repo.git(&["reset", "-q"]);

    let wt = repo.path().join("wt");
    repo.git(&[
        "worktree",
        "add",
        "-q",
        "-b",
        "feature",
        &wt.display().to_string(),
        "main",
    ]);
    std::fs::write(wt.join("w.env"), fake.aws_key_line()).expect("write");
    repo.git_in(&wt, &["add", "w.env"]);
    let r = run({
        let mut c = repo.clearance(&["scan", "--staged", "--format", "json"]);
        c.current_dir(&wt);
        c
    });
    assert_eq!(r.path_lines(), vec![("w.env".to_string(), 1)]);

    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.env");
        std::fs::write(repo.path().join(name), fake.aws_key_line()).expect("write");
        repo.git(&["add", "--all"]);
        let r = staged_json(&repo);
        assert_eq!(r.code, 1, "{}", r.stderr);
        assert!(
            r.path_lines()
                .iter()
                .any(|(p, _)| p.starts_with("caf") && p.ends_with(".env")),
            "{}",
            r.stdout
        );
    }
}

#[test]
fn diff_range_reports_each_commit_with_author_and_date() {
    let repo = Repo::new();
    let mut fake = Fake::new(17);
    let base = repo.commit_file("README.md", "hi\n", "initial");
    let first = repo.commit_file("a.env", fake.aws_key_line(), "add a");
    let second = repo.commit_file("b.env", fake.aws_key_line(), "add b");
    let r = run(repo.clearance(&[
        "scan",
        "--diff",
        &format!("{base}..HEAD"),
        "--format",
        "json",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc = r.json();
    let commits: Vec<&str> = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["commit"]["id"].as_str())
        .collect();
    assert_eq!(commits, vec![first.as_str(), second.as_str()]);
    assert_eq!(
        doc["findings"][0]["commit"]["author"],
        "Test Author <author@example.invalid>"
    );
    assert_eq!(
        doc["findings"][0]["commit"]["date"],
        "2024-01-02T03:04:05+00:00"
    );
    assert!(r.stderr.contains("2 commits in"), "{}", r.stderr);
    // Only the newest commit: one finding.
    let r = run(repo.clearance(&[
        "scan",
        "--diff",
        &format!("{first}..{second}"),
        "--format",
        "json",
    ]));
    assert_eq!(r.path_lines(), vec![("b.env".to_string(), 1)]);
}

#[test]
fn diff_three_dots_starts_at_the_merge_base_and_merges_report_only_new_lines() {
    let repo = Repo::new();
    let mut fake = Fake::new(18);
    repo.commit_file("README.md", "hi\n", "initial");
    repo.git(&["checkout", "-q", "-b", "feature"]);
    repo.commit_file("feature.env", fake.aws_key_line(), "feature secret");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit_file("main.env", fake.aws_key_line(), "main secret");
    let r = run(repo.clearance(&["scan", "--diff", "main...feature", "--format", "json"]));
    assert_eq!(r.path_lines(), vec![("feature.env".to_string(), 1)]);
    // A clean merge adds nothing new relative to both parents.
    repo.git(&["merge", "-q", "--no-edit", "feature"]);
    let r = run(repo.clearance(&["scan", "--diff", "HEAD~1..HEAD", "--format", "json"]));
    let merge = repo.git(&["rev-parse", "HEAD"]);
    let commits: Vec<String> = r.json()["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["commit"]["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        commits.len(),
        1,
        "only the feature commit's secret: {commits:?}"
    );
    assert!(
        !commits.contains(&merge),
        "the merge adds no line of its own"
    );
}

#[test]
fn diff_with_a_missing_base_in_a_shallow_clone_says_how_to_fetch() {
    let origin = Repo::new();
    for i in 0..4 {
        origin.commit_file(&format!("f{i}.txt"), format!("{i}\n"), &format!("c{i}"));
    }
    let clone = Repo::new();
    let url = format!("file://{}", origin.path().display());
    let target = clone.path().join("shallow");
    clone.git(&[
        "clone",
        "-q",
        "--depth",
        "1",
        &url,
        &target.display().to_string(),
    ]);
    let r = run({
        let mut c = clone.clearance(&["scan", "--diff", "HEAD~3..HEAD"]);
        c.current_dir(&target);
        c
    });
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("shallow clone"), "{}", r.stderr);
    assert!(r.stderr.contains("git fetch --unshallow"), "{}", r.stderr);
}

#[test]
fn history_finds_removed_secrets_on_every_ref_and_in_commit_messages() {
    let repo = Repo::new();
    let mut fake = Fake::new(19);
    repo.commit_file("README.md", "hi\n", "initial");
    let introduced = repo.commit_file("config.env", fake.aws_key_line(), "add config");
    repo.commit_file("config.env", "# moved to the vault\n", "remove the secret");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.commit_file("side.env", fake.aws_key_line(), "side branch");
    repo.git(&["tag", "v1"]);
    repo.git(&["checkout", "-q", "main"]);
    repo.commit(&format!("deploy with {}", fake.github_token()));
    repo.write("README.md", format!("hi\n{}", fake.aws_key_line()));
    repo.git(&["stash", "-q"]);
    repo.git(&["branch", "-D", "side"]); // still reachable from the tag

    let r = run(repo.clearance(&["scan", "--history", "--format", "json"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc = r.json();
    let mut got: Vec<(String, String)> = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["rule_id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (
                "<commit message>".to_string(),
                "github-pat-classic".to_string()
            ),
            ("README.md".to_string(), "aws-access-key-id".to_string()),
            ("config.env".to_string(), "aws-access-key-id".to_string()),
            ("side.env".to_string(), "aws-access-key-id".to_string()),
        ]
    );
    let config = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["path"] == "config.env")
        .cloned()
        .unwrap_or_default();
    assert_eq!(config["commit"]["id"], introduced.as_str());

    let r = run(repo.clearance(&["scan", "--history", "--branch", "main", "--format", "json"]));
    let paths: Vec<String> = r.path_lines().into_iter().map(|(p, _)| p).collect();
    assert!(!paths.contains(&"side.env".to_string()), "{paths:?}");
}

/// The walk looks only at the entries of a directory that differ from the version it walked
/// before: entries added before, between and after unchanged ones (git sorts a directory `a`
/// as `a/`, after `a.txt` and before `a0.txt`), changed subdirectories and a blob moved to a
/// new path must each be found, under the commit that introduced them.
#[test]
fn history_finds_what_each_new_version_of_a_directory_adds() {
    let repo = Repo::new();
    let mut fake = Fake::new(22);
    repo.write("d/a.txt", "a\n");
    repo.write("d/a/x.txt", "x\n");
    repo.write("d/b.txt", "b\n");
    repo.add(&["d"]);
    repo.commit("clean start");
    let before = fake.aws_key_line();
    let c2 = repo.commit_file("d/a-b.txt", &before, "sorted before a.txt");
    repo.write("d/a/x.txt", format!("x\n{}", fake.aws_key_line()));
    repo.write("d/a0.txt", fake.aws_key_line());
    repo.add(&["d"]);
    let c3 = repo.commit("a changed subdirectory, and a file sorted after it");
    repo.git(&["rm", "-q", "d/a.txt"]);
    repo.write("d/a/y.txt", &before);
    repo.write("d/z.txt", fake.aws_key_line());
    repo.add(&["d"]);
    let c4 = repo.commit("a copy under a new path, a deletion, a file at the end");

    let r = run(repo.clearance(&["scan", "--history", "--format", "json"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc = r.json();
    let mut got: Vec<(String, String, u64)> = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["commit"]["id"].as_str().unwrap_or_default().to_string(),
                f["commit"]["other_occurrences"].as_u64().unwrap_or(99),
            )
        })
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            ("d/a-b.txt".to_string(), c2, 1),
            ("d/a/x.txt".to_string(), c3.clone(), 0),
            ("d/a0.txt".to_string(), c3, 0),
            ("d/z.txt".to_string(), c4, 0),
        ]
    );
}

#[test]
fn history_works_on_bare_empty_and_shallow_repositories() {
    let repo = Repo::new();
    let mut fake = Fake::new(20);
    repo.commit_file("a.env", fake.aws_key_line(), "one");
    repo.commit_file("b.txt", "b\n", "two");
    let bare = repo.path().join("bare.git");
    repo.git(&["clone", "-q", "--bare", ".", &bare.display().to_string()]);
    let r = run({
        let mut c = repo.clearance(&["scan", "--history"]);
        c.current_dir(&bare);
        c
    });
    assert_eq!(r.code, 1, "{}", r.stderr);

    let empty = Repo::new();
    let r = run(empty.clearance(&["scan", "--history"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("PASSED 0 commits"), "{}", r.stderr);

    let shallow = repo.path().join("shallow");
    repo.git(&[
        "clone",
        "-q",
        "--depth",
        "1",
        &format!("file://{}", repo.path().display()),
        &shallow.display().to_string(),
    ]);
    let r = run({
        let mut c = repo.clearance(&["scan", "--history"]);
        c.current_dir(&shallow);
        c
    });
    assert!(r.stderr.contains("SHALLOW clone"), "{}", r.stderr);
}

#[test]
fn a_corrupt_object_is_an_error_that_names_it() {
    let repo = Repo::new();
    repo.commit_file("a.txt", "some content\n", "one");
    let blob = repo.git(&["rev-parse", "HEAD:a.txt"]);
    let path = repo
        .path()
        .join(".git/objects")
        .join(&blob[..2])
        .join(&blob[2..]);
    std::fs::remove_file(&path).expect("remove object");
    let r = run(repo.clearance(&["scan", "--history"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(&blob), "{}", r.stderr);
    assert!(r.stderr.contains("a.txt"), "{}", r.stderr);
}

#[test]
fn a_ref_to_a_missing_object_fails_the_audit_but_tree_tags_and_dangling_symbolic_refs_do_not() {
    let repo = Repo::new();
    repo.commit_file("a.txt", "some content\n", "one");
    // Legitimate refs with no history of their own: a tag of a tree, and a symbolic ref
    // whose branch was deleted.
    repo.git(&["tag", "tree-tag", "HEAD^{tree}"]);
    repo.git(&[
        "symbolic-ref",
        "refs/remotes/origin/HEAD",
        "refs/remotes/origin/gone",
    ]);
    let r = run(repo.clearance(&["scan", "--history"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("PASSED"), "{}", r.stderr);
    // A branch whose commit is not in the repository: the audit cannot be complete.
    let missing = "0123456789abcdef0123456789abcdef01234567";
    std::fs::write(
        repo.path().join(".git/refs/heads/broken"),
        format!("{missing}\n"),
    )
    .expect("write ref");
    let r = run(repo.clearance(&["scan", "--history"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("refs/heads/broken"), "{}", r.stderr);
}

#[test]
fn history_and_diff_refuse_a_path_instead_of_scanning_another_repository() {
    let repo = Repo::new();
    repo.commit_file("a.txt", "some content\n", "one");
    let elsewhere = common::Dir::new();
    for args in [
        vec!["scan", "--history", "some/other/repo"],
        vec!["scan", "--diff", "HEAD~1..HEAD", "some/other/repo"],
    ] {
        let r = run(repo.clearance(&args));
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    }
    // Run inside the repository instead: that works, and outside one it says so.
    let r = run(repo.clearance(&["scan", "--history"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(elsewhere.clearance(&["scan", "--history"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("not in a git repository"), "{}", r.stderr);
}

#[test]
fn a_missing_tree_is_an_error_that_names_it_and_its_path() {
    let repo = Repo::new();
    repo.commit_file("src/deep/a.txt", "some content\n", "one");
    let tree = repo.git(&["rev-parse", "HEAD:src/deep"]);
    let path = repo
        .path()
        .join(".git/objects")
        .join(&tree[..2])
        .join(&tree[2..]);
    std::fs::remove_file(&path).expect("remove object");
    let r = run(repo.clearance(&["scan", "--history"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains(&tree), "{}", r.stderr);
    assert!(r.stderr.contains("src/deep"), "{}", r.stderr);
}

/// `git commit` refreshes the index's cache-tree before the hook runs, and `--staged` then
/// compares trees instead of the whole index: both ways must give the same findings.
#[test]
fn staged_results_are_the_same_with_a_valid_cache_tree() {
    let repo = Repo::new();
    let mut fake = Fake::new(21);
    repo.commit_file("keep/old.env", fake.aws_key_line(), "old secret");
    repo.commit_file("deep/a/b/c.txt", "c\n", "deep");
    repo.commit_file("gone.txt", "bye\n", "to delete");
    std::fs::create_dir_all(repo.path().join("moved")).expect("mkdir");
    repo.git(&["mv", "keep/old.env", "moved/old.env"]);
    repo.git(&["rm", "-q", "gone.txt"]);
    repo.write("deep/a/b/c.txt", format!("c\n{}", fake.aws_key_line()));
    repo.write("new/dir/n.env", fake.aws_key_line());
    repo.add(&["deep/a/b/c.txt", "new/dir/n.env"]);
    let before = staged_json(&repo).path_lines();
    repo.git(&["write-tree"]); // makes the cache-tree valid, as `git commit` does
    let after = staged_json(&repo).path_lines();
    assert_eq!(
        before,
        vec![
            ("deep/a/b/c.txt".to_string(), 2),
            ("new/dir/n.env".to_string(), 1)
        ]
    );
    assert_eq!(after, before);
}

/// After `git add` the cache-tree is valid everywhere but above what was added: `--staged`
/// compares the index with HEAD only in those directories. Modified, added and
/// mode-changed files in changed, new and untouched directories must all be seen exactly as
/// the whole-index diff sees them.
#[test]
fn staged_reads_only_the_directories_git_add_invalidated() {
    let repo = Repo::new();
    let mut fake = Fake::new(22);
    repo.write("untouched/secret.env", fake.aws_key_line());
    repo.write("src/deep/mod.txt", "one\n");
    repo.write("src/deep/tool.sh", "echo hi\n");
    repo.write("src/other/keep.txt", "keep\n");
    repo.write("top.txt", "top\n");
    repo.add(&["."]);
    repo.git(&["commit", "-q", "-m", "base"]);
    repo.write("src/deep/mod.txt", format!("one\n{}", fake.aws_key_line()));
    repo.write("src/deep/added.env", fake.aws_key_line());
    repo.write("brand/new/dir/n.env", format!("x\n{}", fake.aws_key_line()));
    repo.write("top.txt", format!("top\n\n{}", fake.aws_key_line()));
    repo.git(&["update-index", "--chmod=+x", "src/deep/tool.sh"]);
    repo.add(&["src/deep/mod.txt", "src/deep/added.env", "brand", "top.txt"]);
    let expected = vec![
        ("brand/new/dir/n.env".to_string(), 2),
        ("src/deep/added.env".to_string(), 1),
        ("src/deep/mod.txt".to_string(), 2),
        ("top.txt".to_string(), 3),
    ];
    let partial = staged_json(&repo);
    assert_eq!(partial.path_lines(), expected, "{}", partial.stdout);
    let scanned = |stderr: &str| stderr.split("scanned ").nth(1).map(|s| s[..30].to_string());
    assert_eq!(
        scanned(&partial.stderr).as_deref(),
        Some("4 staged files (6 added lines)")
    );
    repo.git(&["write-tree"]);
    let whole = staged_json(&repo);
    assert_eq!(whole.path_lines(), expected);
    assert_eq!(scanned(&whole.stderr), scanned(&partial.stderr));
}

/// A split index keeps most entries in a shared file, which libgit2 cannot read: `--staged`
/// must fail closed and say how to fix it, never read only the small main index and pass.
#[test]
fn a_split_index_is_an_error_that_says_how_to_fix_it() {
    let repo = Repo::new();
    let mut fake = Fake::new(23);
    repo.write("a/one.txt", "one\n");
    repo.write("b/two.txt", "two\n");
    repo.add(&["."]);
    repo.git(&["commit", "-q", "-m", "base"]);
    repo.git(&["update-index", "--split-index"]);
    repo.write("b/two.txt", format!("two\n{}", fake.aws_key_line()));
    repo.add(&["b/two.txt"]);
    let run = staged_json(&repo);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("split index"), "{}", run.stderr);
    assert!(
        run.stderr.contains("git update-index --no-split-index"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "no report may look like a pass");
}
