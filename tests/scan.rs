//! `clearance scan` on real files in temp directories, through the built binary.

mod common;

use common::{run, stable, Dir, Fake};

#[test]
fn clean_directory_passes_and_says_what_was_scanned() {
    let dir = Dir::new();
    dir.write("README.md", "# hello\n");
    dir.write("src/main.py", "print('hi')\n");
    dir.write("logo.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, "");
    insta::assert_snapshot!("pass_stderr", stable(&r.stderr, dir.path()));
}

#[test]
fn findings_block_and_the_first_line_names_file_line_and_rule() {
    let dir = Dir::new();
    let mut fake = Fake::new(7);
    let key = fake.aws_key_id();
    let token = fake.github_token();
    dir.write(
        "config/prod.env",
        format!("# production\nAWS_ACCESS_KEY_ID={key}\nGITHUB_TOKEN={token}\n"),
    );
    dir.write("clean.txt", "nothing here\n");
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 1);
    let first = r.stderr.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "clearance: BLOCKED 2 secrets in 1 file; first: config/prod.env:2 aws-access-key-id"
    );
    assert!(
        !r.stdout.contains(&key) && !r.stderr.contains(&key),
        "value leaked"
    );
    assert!(!r.stdout.contains(&token[4..]), "value leaked");
    insta::assert_snapshot!("block_stdout", stable(&r.stdout, dir.path()));
    insta::assert_snapshot!("block_stderr", stable(&r.stderr, dir.path()));
}

#[test]
fn errors_exit_2_and_name_the_problem() {
    let dir = Dir::new();
    dir.write(
        ".clearance.toml",
        "[allowlist]\npaths = []\npathz = [\"x\"]\n",
    );
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 2);
    assert_eq!(r.stdout, "");
    insta::assert_snapshot!("error_stderr", stable(&r.stderr, dir.path()));

    let r = run(dir.clearance(&["scan", "--config", "/nonexistent/c.toml", "."]));
    assert_eq!(r.code, 2);
    let r = run(Dir::new().clearance(&["scan", "no-such-dir"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("no-such-dir: no such file or directory"),
        "{}",
        r.stderr
    );
}

#[test]
fn show_secrets_prints_the_value_and_json_redacts_by_default() {
    let dir = Dir::new();
    let key = Fake::new(3).aws_key_id();
    dir.write("a.env", format!("AWS_ACCESS_KEY_ID={key}\n"));
    let r = run(dir.clearance(&["scan", "--show-secrets", "."]));
    assert!(r.stdout.contains(&key));

    let r = run(dir.clearance(&["scan", "--format", "json", "."]));
    assert_eq!(r.code, 1);
    assert!(!r.stdout.contains(&key));
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["verdict"], "blocked");
    assert_eq!(doc["summary"]["files_scanned"], 1);
    let f = &doc["findings"][0];
    assert_eq!(f["rule_id"], "aws-access-key-id");
    assert_eq!(
        (f["path"].as_str(), f["line"].as_u64(), f["column"].as_u64()),
        (Some("a.env"), Some(1), Some(19))
    );
    assert_eq!(f["value"], "AKIA********");
    assert_eq!(f["fingerprint"].as_str().map(str::len), Some(64));
    assert!(
        r.stderr.starts_with("clearance: BLOCKED"),
        "summary line on stderr: {}",
        r.stderr
    );
}

#[test]
fn stdin_is_scanned() {
    let dir = Dir::new();
    let key = Fake::new(4).aws_key_id();
    let r = run({
        let mut c = dir.clearance(&["scan", "-"]);
        c.write_stdin(format!("key={key}\n"));
        c
    });
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("first: <stdin>:1 aws-access-key-id"),
        "{}",
        r.stderr
    );
}

#[test]
fn hidden_files_are_scanned_gitignored_and_git_dirs_are_not() {
    let dir = Dir::new();
    let mut fake = Fake::new(5);
    dir.write(".env", format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()));
    dir.write(".gitignore", "local/\n");
    dir.write(
        "local/secret.env",
        format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()),
    );
    dir.write(
        ".git/config",
        format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()),
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "."]));
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let paths: Vec<&str> = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths, vec![".env"]);
    let r = run(dir.clearance(&["scan", "--no-ignore", "--format", "json", "."]));
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(doc["findings"].as_array().map(Vec::len), Some(2));
}

#[test]
fn binary_large_utf16_and_invalid_utf8_files() {
    let dir = Dir::new();
    let mut fake = Fake::new(6);
    let mut binary = b"\x7fELF\0\0\0".to_vec();
    binary.extend_from_slice(format!("AWS_ACCESS_KEY_ID={}", fake.aws_key_id()).as_bytes());
    dir.write("prog.bin", binary);
    dir.write(
        "big.env",
        format!(
            "AWS_ACCESS_KEY_ID={}\n{}",
            fake.aws_key_id(),
            "#".repeat(2000)
        ),
    );
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in format!("line one\r\nAWS_ACCESS_KEY_ID={}\r\n", fake.aws_key_id()).encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    dir.write("windows.ps1", utf16);
    let mut latin1 = b"caf\xe9 = 1\n".to_vec();
    latin1.extend_from_slice(format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()).as_bytes());
    dir.write("latin1.txt", latin1);
    let r = run(dir.clearance(&["scan", "--max-file-size", "1K", "--format", "json", "."]));
    assert_eq!(r.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    let found: Vec<(String, u64)> = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("latin1.txt".to_string(), 2),
            ("windows.ps1".to_string(), 2)
        ]
    );
    assert_eq!(doc["summary"]["skipped"]["binary"], 1);
    assert_eq!(doc["summary"]["skipped"]["too_large"], 1);
    assert!(
        r.stderr
            .contains("1 binary skipped; 1 over size limit skipped"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn unreadable_paths_and_symlink_loops_are_reported_not_fatal() {
    let dir = Dir::new();
    dir.write("ok.txt", "fine\n");
    std::os::unix::fs::symlink("loop", dir.path().join("loop")).expect("symlink");
    // An explicitly named symlink loop cannot be opened.
    let r = run(dir.clearance(&["scan", "ok.txt", "loop"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("clearance: warning: not scanned: loop: symbolic link loop"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("PASSED 1 file"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("1 file NOT SCANNED, first: loop: symbolic link loop"),
        "{}",
        r.stderr
    );
    // While walking a directory, links are not followed unless asked, and then loops are reported.
    std::fs::create_dir(dir.path().join("d")).expect("mkdir");
    std::os::unix::fs::symlink("..", dir.path().join("d/up")).expect("symlink");
    let r = run(dir.clearance(&["scan", "-L", "d"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("symbolic link loop"), "{}", r.stderr);
}

#[test]
fn inline_allow_and_config_allowlist_suppress_and_are_counted() {
    let dir = Dir::new();
    let mut fake = Fake::new(8);
    dir.write(
        "app.env",
        format!(
            "AWS_ACCESS_KEY_ID={} # clearance:allow\n",
            fake.aws_key_id()
        ),
    );
    dir.write(
        "fixtures/keys.txt",
        format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()),
    );
    dir.write(
        ".clearance.toml",
        "[allowlist]\npaths = [\"fixtures/**\"]\n",
    );
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("2 suppressed: 1 allowlist, 1 inline"),
        "{}",
        r.stderr
    );
}
