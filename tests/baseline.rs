//! Baselines through the built binary, on real files and git repositories: writing,
//! suppressing, moving values, expiry, stale entries, merging branches, and that scans and
//! hooks never rewrite the file.

mod common;

use common::repo::Repo;
use common::{run, Dir, Fake};

const BASELINE: &str = ".clearance-baseline.toml";

fn read(dir: &Dir, rel: &str) -> String {
    std::fs::read_to_string(dir.path().join(rel)).unwrap_or_default()
}

#[test]
fn baseline_accepts_current_findings_by_fingerprint_never_by_value_or_line() {
    let dir = Dir::new();
    let mut fake = Fake::new(41);
    let key = fake.aws_key_id();
    let token = fake.github_token();
    dir.write("config/prod.env", format!("AWS_ACCESS_KEY_ID={key}\n"));
    dir.write("ci/token.txt", format!("GITHUB_TOKEN={token}\n"));

    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 1);
    let r = run(dir.clearance(&[
        "baseline",
        "--reason",
        "pre-existing, rotation tracked in SEC-12",
        "--owner",
        "platform-team",
        "--expires",
        "2999-12-31",
    ]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("2 entries (2 added, 0 kept, 0 removed)"),
        "{}",
        r.stderr
    );
    let text = read(&dir, BASELINE);
    assert!(
        !text.contains(&key) && !text.contains(&token[4..]),
        "value in baseline"
    );
    assert!(!text.contains("line ="), "no line numbers: {text}");
    assert_eq!(
        text.lines()
            .filter(|l| l.starts_with("  { fingerprint = "))
            .count(),
        2
    );
    assert!(text.contains("path = \"config/prod.env\""), "{text}");
    assert!(text.contains("owner = \"platform-team\"") && text.contains("expires = 2999-12-31"));
    let fingerprints: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("  { fingerprint = \""))
        .collect();
    let mut sorted = fingerprints.clone();
    sorted.sort_unstable();
    assert_eq!(fingerprints, sorted, "entries sorted by fingerprint");

    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("(2 suppressed: 2 baseline)"),
        "{}",
        r.stderr
    );

    // The value moves to another line of the same file: still accepted.
    dir.write(
        "config/prod.env",
        format!("# moved down\nREGION=eu-west-2\nAWS_ACCESS_KEY_ID={key}\n"),
    );
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);

    // It moves to another file: a new exposure, reported; the old entry is stale.
    std::fs::remove_file(dir.path().join("config/prod.env")).expect("rm");
    dir.write("config/staging.env", format!("AWS_ACCESS_KEY_ID={key}\n"));
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("first: config/staging.env:1 aws-access-key-id"),
        "{}",
        r.stderr
    );
    let r = run(dir.clearance(&["baseline", "--check"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("STALE baseline entry (line ")
            && r.stderr.contains("config/prod.env aws-access-key-id"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("1 of 2 entries no longer found"),
        "{}",
        r.stderr
    );
    assert_eq!(read(&dir, BASELINE), text, "--check writes nothing");

    // Adding keeps existing entries (and their metadata); --prune drops the stale one.
    let r = run(dir.clearance(&["baseline"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("3 entries (1 added, 2 kept, 0 removed); 1 entry is no longer found"),
        "{}",
        r.stderr
    );
    let r = run(dir.clearance(&["baseline", "--prune"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("2 entries (0 added, 2 kept, 1 removed)"),
        "{}",
        r.stderr
    );
    let text = read(&dir, BASELINE);
    assert!(!text.contains("config/prod.env") && text.contains("config/staging.env"));
    assert!(
        text.contains("owner = \"platform-team\""),
        "metadata kept: {text}"
    );
    let r = run(dir.clearance(&["baseline", "--check"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn expired_entries_stop_suppressing_and_are_reported() {
    let dir = Dir::new();
    let key = Fake::new(42).aws_key_id();
    dir.write("a.env", format!("AWS_ACCESS_KEY_ID={key}\n"));
    let r = run(dir.clearance(&["baseline", "--expires", "2001-02-03"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.clearance(&["scan", "--format", "json", "."]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(doc["summary"]["findings"], 1);
    let expired = &doc["summary"]["baseline_expired"][0];
    assert_eq!(expired["expires"], "2001-02-03");
    assert_eq!(expired["path"], "a.env");
    assert_eq!(expired["rule"], "aws-access-key-id");
    assert!(
        r.stderr
            .contains("baseline entry EXPIRED on 2001-02-03 (line 9): a.env aws-access-key-id"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("1 baseline entry EXPIRED"),
        "{}",
        r.stderr
    );
    // Regenerating does not renew it.
    let r = run(dir.clearance(&["baseline"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(read(&dir, BASELINE).contains("expires = 2001-02-03"));
    let r = run(dir.clearance(&["config", "check"]));
    assert!(r.stdout.contains("1 EXPIRED"), "{}", r.stdout);
}

#[test]
fn baseline_file_from_option_or_config_must_exist_and_be_valid() {
    let dir = Dir::new();
    let key = Fake::new(43).aws_key_id();
    dir.write("a.env", format!("AWS_ACCESS_KEY_ID={key}\n"));
    let r = run(dir.clearance(&["baseline", "--baseline", "security/accepted.toml"]));
    assert_ne!(r.code, 0, "the directory does not exist: {}", r.stderr);
    std::fs::create_dir(dir.path().join("security")).expect("mkdir");
    let r = run(dir.clearance(&["baseline", "--baseline", "security/accepted.toml"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!dir.path().join(BASELINE).exists());

    // Not found by default under another name...
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 1);
    // ...but by option, or by the config key (relative to the config).
    let r = run(dir.clearance(&["scan", "--baseline", "security/accepted.toml", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    dir.write(".clearance.toml", "baseline = \"security/accepted.toml\"\n");
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("1 suppressed: 1 baseline"),
        "{}",
        r.stderr
    );

    // Named but missing: an error, never a pass.
    let r = run(dir.clearance(&["scan", "--baseline", "nope.toml", "."]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("baseline nope.toml does not exist"),
        "{}",
        r.stderr
    );
    let r = run(dir.clearance(&["baseline", "--check", "--baseline", "nope.toml"]));
    assert_eq!(r.code, 2);

    // Broken: an error naming the line.
    dir.write(
        "security/accepted.toml",
        "[[finding]]\nfingerprint = \"abc\"\nrule = \"aws-access-key-id\"\npath = \"a.env\"\n",
    );
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("bad baseline security/accepted.toml, line 1: fingerprint \"abc\" is not 64 lowercase hex digits"),
        "{}",
        r.stderr
    );
}

#[test]
fn entries_added_on_two_branches_merge_without_conflict() {
    let repo = Repo::new();
    let mut fake = Fake::new(44);
    // A few accepted values on main.
    let mut body = String::new();
    for _ in 0..6 {
        body.push_str(&format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()));
    }
    repo.write("legacy.env", &body);
    let r = run(repo.clearance(&["baseline"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    repo.add(&["legacy.env", BASELINE]);
    repo.commit("baseline legacy keys");

    // Each branch accepts one more value, in its own file.
    let branch = |name: &str, file: &str, fake: &mut Fake| {
        repo.git(&["checkout", "-q", "-b", name, "main"]);
        repo.write(file, format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()));
        let r = run(repo.clearance(&["baseline"]));
        assert_eq!(r.code, 0, "{}", r.stderr);
        repo.add(&[file, BASELINE]);
        repo.commit(name);
    };
    branch("one", "one.env", &mut fake);
    branch("two", "two.env", &mut fake);
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-edit", "one"]);
    // No .gitattributes: a plain three-way merge.
    repo.git(&["merge", "-q", "--no-edit", "two"]);
    let r = run(repo.clearance(&["scan", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("8 suppressed: 8 baseline"),
        "{}",
        r.stderr
    );
    let r = run(repo.clearance(&["baseline", "--check"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn union_merge_of_entries_in_the_same_place_gives_a_valid_baseline() {
    let repo = Repo::new();
    repo.write(".gitattributes", format!("{BASELINE} merge=union\n"));
    repo.add(&[".gitattributes"]);
    repo.commit("init");
    let mut fake = Fake::new(45);
    // An empty baseline: both branches append after the header, the worst case for git.
    let r = run(repo.clearance(&["baseline"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    repo.add(&[BASELINE]);
    repo.commit("empty baseline");
    for name in ["one", "two"] {
        repo.git(&["checkout", "-q", "-b", name, "main"]);
        let file = format!("{name}.env");
        repo.write(&file, format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()));
        let r = run(repo.clearance(&["baseline"]));
        assert_eq!(r.code, 0, "{}", r.stderr);
        repo.add(&[&file, BASELINE]);
        repo.commit(name);
    }
    repo.git(&["checkout", "-q", "main"]);
    repo.git(&["merge", "-q", "--no-edit", "one"]);
    repo.git(&["merge", "-q", "--no-edit", "two"]);
    let r = run(repo.clearance(&["scan", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("2 suppressed: 2 baseline"),
        "{}",
        r.stderr
    );
}

#[test]
fn scans_and_hooks_never_rewrite_the_baseline() {
    let repo = Repo::new();
    let mut fake = Fake::new(46);
    repo.commit_file(
        "old.env",
        format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()),
        "old",
    );
    let r = run(repo.clearance(&["baseline"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    repo.add(&[BASELINE]);
    repo.commit("baseline");
    let before = std::fs::metadata(repo.path().join(BASELINE)).expect("meta");
    let text = std::fs::read_to_string(repo.path().join(BASELINE)).expect("read");

    repo.write(
        "new.env",
        format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()),
    );
    repo.add(&["new.env"]);
    for (args, code) in [
        (vec!["hook"], 1),
        (vec!["hook", "new.env", "old.env"], 1),
        (vec!["scan", "--staged"], 1),
        (vec!["scan", "."], 1),
        (vec!["scan", "--history"], 0),
    ] {
        let r = run(repo.clearance(&args));
        assert_eq!(r.code, code, "{args:?}: {}", r.stderr);
    }
    let after = std::fs::metadata(repo.path().join(BASELINE)).expect("meta");
    assert_eq!(before.modified().ok(), after.modified().ok());
    assert_eq!(
        std::fs::read_to_string(repo.path().join(BASELINE)).ok(),
        Some(text)
    );
    assert_eq!(repo.git(&["status", "--porcelain", "--", BASELINE]), "");
}

#[test]
fn history_baselines_cover_every_place_a_value_was_committed() {
    let repo = Repo::new();
    let key = Fake::new(47).aws_key_id();
    repo.commit_file("a.env", format!("AWS_ACCESS_KEY_ID={key}\n"), "add a");
    repo.commit_file(
        "b/copy.env",
        format!("# copied\nAWS_ACCESS_KEY_ID={key}\n"),
        "copy to b",
    );
    repo.git(&["rm", "-q", "a.env"]);
    repo.commit("remove a");
    let r = run(repo.clearance(&["scan", "--history"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let r = run(repo.clearance(&["baseline", "--history"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("2 entries (2 added"), "{}", r.stderr);
    let r = run(repo.clearance(&["scan", "--history"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("2 suppressed: 2 baseline"),
        "{}",
        r.stderr
    );
    // From a subdirectory the same baseline (at the root) applies.
    let mut cmd = repo.clearance(&["scan", "--history"]);
    cmd.current_dir(repo.path().join("b"));
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);
}

#[test]
fn the_verdict_counts_suppressions_by_what_suppressed_them() {
    let dir = Dir::new();
    let mut fake = Fake::new(48);
    dir.write(
        "old.env",
        format!(
            "AWS_ACCESS_KEY_ID={}\nGITHUB_TOKEN={}\n",
            fake.aws_key_id(),
            fake.github_token()
        ),
    );
    let r = run(dir.clearance(&["baseline"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    dir.write(
        "new.env",
        format!(
            "AWS_ACCESS_KEY_ID={} # clearance:allow reason=\"sandbox account\"\n",
            fake.aws_key_id()
        ),
    );
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("(3 suppressed: 2 baseline, 1 inline)"),
        "{}",
        r.stderr
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "."]));
    let doc = r.json();
    assert_eq!(
        doc["summary"]["suppressed"],
        serde_json::json!({"baseline": 2, "inline": 1})
    );
    assert!(doc.get("suppressed").is_none(), "listed only when asked");
}
