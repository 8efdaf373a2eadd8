//! The CI report formats (`sarif`, `junit`, `gitlab`, `markdown`), `--report FORMAT=FILE`,
//! `--fail-on` and `--warn-only`, through the built binary on real files and git repositories.
//!
//! SARIF and GitLab reports are validated against the published schemas in
//! tests/data/schemas/ with Python's `jsonschema`, and JUnit is parsed as XML, using the python
//! that `scripts/test-tools.sh` installs (`CLEARANCE_TEST_PYTHON`). Without it the validation
//! is skipped with a notice, except under CI (`CI` set), where it is required.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use common::repo::Repo;
use common::{run, stable, Dir, Fake};

const FORMATS: [&str; 4] = ["sarif", "junit", "gitlab", "markdown"];
const SARIF_SCHEMA: &str = "tests/data/schemas/sarif-2.1.0.json";
const GITLAB_SCHEMA: &str = "tests/data/schemas/secret-detection-report-format-15.2.1.json";

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The python with jsonschema, or None (only outside CI) when there is none.
fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CLEARANCE_TEST_PYTHON").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let ok = Process::new("python3")
        .args(["-c", "import jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(PathBuf::from("python3"));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI needs Python's jsonschema: export CLEARANCE_TEST_PYTHON=\"$(scripts/test-tools.sh)\""
    );
    eprintln!(
        "NOTE: report schema validation skipped: no python with jsonschema; \
         export CLEARANCE_TEST_PYTHON=\"$(scripts/test-tools.sh)\" to run it"
    );
    None
}

/// Runs scripts/check-report.py on `text` (written to a temp file); panics with its errors.
fn check_report(mode: &str, schema: Option<&str>, text: &str) -> Option<String> {
    let python = python()?;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("report");
    std::fs::write(&file, text).expect("write report");
    let mut cmd = Process::new(python);
    cmd.arg(repo_root().join("scripts/check-report.py"))
        .arg(mode);
    if let Some(schema) = schema {
        cmd.arg(repo_root().join(schema));
    }
    let out = cmd.arg(&file).output().expect("python runs");
    assert!(
        out.status.success(),
        "{mode} check failed:\n{}\n--- report ---\n{text}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Validates a report of `format` the way its consumer would read it.
fn validate(format: &str, text: &str) {
    match format {
        "sarif" => {
            check_report("schema", Some(SARIF_SCHEMA), text);
            // Beyond the schema, GitHub rejects a whole upload when any result lacks a
            // physical location with a URI.
            for result in json(text)["runs"][0]["results"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
                assert!(uri.as_str().is_some_and(|u| !u.is_empty()), "{result}");
            }
        }
        "gitlab" => {
            check_report("schema", Some(GITLAB_SCHEMA), text);
        }
        "junit" => {
            check_report("junit", None, text);
        }
        _ => {}
    }
}

/// Snapshots are stable: temp paths, durations, timestamps and the tool's version filtered.
fn stable_report(text: &str, dir: &Path) -> String {
    let text = stable(text, dir).replace(env!("CARGO_PKG_VERSION"), "[VERSION]");
    let time_attr = regex::Regex::new(r#"time="\d+\.\d+""#).expect("regex");
    let text = time_attr.replace_all(&text, r#"time="[T]""#);
    let stamps = regex::Regex::new(r#""(start|end)_time": "[0-9T:-]+""#).expect("regex");
    stamps
        .replace_all(&text, r#""${1}_time": "[STAMP]""#)
        .into_owned()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("bad json ({e}): {text}"))
}

/// A directory with a critical, a high and a medium finding in two files.
struct Blocking {
    dir: Dir,
    values: Vec<String>,
}

fn blocking_dir() -> Blocking {
    let dir = Dir::new();
    let mut fake = Fake::new(70);
    let key = fake.aws_key_id();
    let token = fake.github_token();
    let password = fake.chars(
        "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789",
        20,
    );
    dir.write(
        "config/prod.env",
        format!("# production\nAWS_ACCESS_KEY_ID={key}\nGITHUB_TOKEN={token}\n"),
    );
    dir.write("app.py", format!("db_password = \"{password}\"\n"));
    dir.write("README.md", "# app\n");
    Blocking {
        dir,
        values: vec![key, token, password],
    }
}

fn assert_no_value(text: &str, values: &[String]) {
    for v in values {
        assert!(!text.contains(v.as_str()), "value leaked: {text}");
        assert!(!text.contains(&v[4..]), "value tail leaked: {text}");
    }
}

/// A repository whose secret was committed, then removed.
fn history_repo() -> (Repo, String, String) {
    let repo = Repo::new();
    let mut fake = Fake::new(71);
    let key = fake.aws_key_id();
    repo.commit_file("README.md", "hi\n", "initial");
    let introduced = repo.commit_file(
        "deploy/app.env",
        format!("AWS_ACCESS_KEY_ID={key}\n"),
        "add config",
    );
    repo.commit_file("deploy/app.env", "# from the vault now\n", "remove the key");
    (repo, key, introduced)
}

#[test]
fn every_format_on_a_clean_directory_passes() {
    let dir = Dir::new();
    dir.write("README.md", "# hello\n");
    dir.write("src/main.py", "print('hi')\n");
    for format in FORMATS {
        let r = run(dir.clearance(&["scan", "--format", format, "."]));
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        assert!(
            r.stderr.starts_with("clearance: PASSED 2 files"),
            "{}",
            r.stderr
        );
        validate(format, &r.stdout);
        insta::assert_snapshot!(
            format!("pass_{format}"),
            stable_report(&r.stdout, dir.path())
        );
    }
}

#[test]
fn every_format_reports_a_block_with_values_redacted() {
    let b = blocking_dir();
    for format in FORMATS {
        let r = run(b.dir.clearance(&["scan", "--format", format, "."]));
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert_no_value(&r.stdout, &b.values);
        assert_no_value(&r.stderr, &b.values);
        assert_eq!(
            r.stderr.lines().count(),
            1,
            "only the verdict: {}",
            r.stderr
        );
        assert!(r
            .stderr
            .starts_with("clearance: BLOCKED 3 secrets in 2 files"));
        validate(format, &r.stdout);
        insta::assert_snapshot!(
            format!("block_{format}"),
            stable_report(&r.stdout, b.dir.path())
        );
    }
    if let Some(counts) = check_report(
        "junit",
        None,
        &run(b.dir.clearance(&["scan", "--format", "junit", "."])).stdout,
    ) {
        assert_eq!(
            counts.trim(),
            r#"{"errors": 0, "failures": 3, "skipped": 0, "tests": 3}"#
        );
    }
}

#[test]
fn every_format_reports_a_history_finding_with_its_commit() {
    let (repo, key, introduced) = history_repo();
    for format in FORMATS {
        let r = run(repo.clearance(&["scan", "--history", "--format", format]));
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert_no_value(&r.stdout, std::slice::from_ref(&key));
        validate(format, &r.stdout);
        match format {
            "sarif" => {
                let doc = json(&r.stdout);
                let result = &doc["runs"][0]["results"][0];
                assert_eq!(result["properties"]["commit"]["id"], introduced.as_str());
                assert_eq!(
                    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                    "deploy/app.env"
                );
            }
            "gitlab" => {
                let doc = json(&r.stdout);
                assert_eq!(
                    doc["vulnerabilities"][0]["location"]["commit"]["sha"],
                    introduced.as_str()
                );
            }
            _ => assert!(r.stdout.contains(&introduced[..10]), "{}", r.stdout),
        }
        insta::assert_snapshot!(
            format!("history_{format}"),
            stable_report(&r.stdout, repo.path())
        );
    }
}

#[test]
fn sarif_has_what_github_code_scanning_needs() {
    let b = blocking_dir();
    let r = run(b.dir.clearance(&["scan", "--format", "sarif", "."]));
    let doc = json(&r.stdout);
    assert_eq!(doc["version"], "2.1.0");
    let run0 = &doc["runs"][0];
    let rules = run0["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .clone();
    let results = run0["results"].as_array().expect("results").clone();
    assert_eq!(results.len(), 3);
    assert_eq!(rules.len(), 3, "one descriptor per rule that has a result");
    for rule in &rules {
        assert!(rule["help"]["text"].as_str().is_some_and(|t| t.len() > 40));
        assert!(rule["help"]["markdown"].as_str().is_some());
        assert!(rule["helpUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://")));
        assert!(rule["properties"]["security-severity"].as_str().is_some());
        assert_eq!(rule["properties"]["tags"][0], "security");
    }
    for result in &results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let fp = result["partialFingerprints"]["clearanceValue/v1"]
            .as_str()
            .expect("fingerprint");
        assert_eq!(fp.len(), 64);
        let loc = &result["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let uri = loc["artifactLocation"]["uri"].as_str().expect("uri");
        assert!(
            !uri.starts_with('/') && !uri.contains("://"),
            "relative: {uri}"
        );
        assert!(loc["region"]["startLine"].as_u64().is_some_and(|l| l >= 1));
        assert!(loc["region"]["startColumn"]
            .as_u64()
            .is_some_and(|c| c >= 1));
        assert!(loc["region"]["endLine"].as_u64().is_some());
    }
    let levels: Vec<&str> = results.iter().filter_map(|r| r["level"].as_str()).collect();
    assert_eq!(
        levels,
        vec!["warning", "error", "error"],
        "medium, high, critical"
    );
    let root = run0["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .expect("base");
    assert!(
        root.starts_with("file:///") && root.ends_with('/'),
        "{root}"
    );
    assert_eq!(run0["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn diff_findings_name_their_commit_in_every_format() {
    let repo = Repo::new();
    let mut fake = Fake::new(72);
    let base = repo.commit_file("README.md", "hi\n", "initial");
    let key = fake.aws_key_id();
    let commit = repo.commit_file("ci/deploy.env", format!("AWS_ACCESS_KEY_ID={key}\n"), "ci");
    let range = format!("{base}..HEAD");
    for format in FORMATS {
        let r = run(repo.clearance(&["scan", "--diff", &range, "--format", format]));
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert_no_value(&r.stdout, std::slice::from_ref(&key));
        validate(format, &r.stdout);
        assert!(r.stdout.contains(&commit[..10]), "{format}: {}", r.stdout);
    }
    let r = run(repo.clearance(&["scan", "--diff", &range, "--format", "sarif"]));
    assert_eq!(
        json(&r.stdout)["runs"][0]["results"][0]["properties"]["commit"]["id"],
        commit.as_str()
    );
}

#[test]
fn stdin_commit_messages_and_unscanned_files_still_make_valid_reports() {
    // stdin: a logical location, no file.
    let dir = Dir::new();
    let key = Fake::new(73).aws_key_id();
    for format in FORMATS {
        let mut cmd = dir.clearance(&["scan", "--format", format, "-"]);
        cmd.write_stdin(format!("key={key}\n"));
        let r = run(cmd);
        assert_eq!(r.code, 1, "{}", r.stderr);
        validate(format, &r.stdout);
    }

    // A commit message in history.
    let repo = Repo::new();
    repo.commit_file("README.md", "hi\n", "initial");
    repo.commit(&format!("deploy with {}", Fake::new(74).github_token()));
    for format in FORMATS {
        let r = run(repo.clearance(&["scan", "--history", "--format", format]));
        assert_eq!(r.code, 1, "{}", r.stderr);
        validate(format, &r.stdout);
        assert!(r.stdout.contains("commit message"), "{}", r.stdout);
    }
    // GitHub rejects a whole SARIF upload if one result lacks a physical location.
    let r = run(repo.clearance(&["scan", "--history", "--format", "sarif"]));
    let loc = &json(&r.stdout)["runs"][0]["results"][0]["locations"][0];
    assert_eq!(
        loc["physicalLocation"]["artifactLocation"]["uri"],
        "%3Ccommit%20message%3E"
    );
    assert_eq!(loc["logicalLocations"][0]["name"], "commit message");

    // A staged file too large to scan: an error in a fail-closed mode, a note otherwise.
    repo.write("dump.sql", "INSERT INTO t VALUES (1);\n".repeat(100));
    repo.add(&["dump.sql"]);
    for format in FORMATS {
        let r = run(repo.clearance(&[
            "scan",
            "--staged",
            "--max-file-size",
            "1K",
            "--format",
            format,
        ]));
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(r.stdout.contains("dump.sql"), "{format}: {}", r.stdout);
        validate(format, &r.stdout);
        let allowed = run(repo.clearance(&[
            "scan",
            "--staged",
            "--max-file-size",
            "1K",
            "--allow-unscanned",
            "--format",
            format,
        ]));
        assert_eq!(allowed.code, 0, "{}", allowed.stderr);
        validate(format, &allowed.stdout);
    }
    let r = run(repo.clearance(&[
        "scan",
        "--staged",
        "--max-file-size",
        "1K",
        "--format",
        "sarif",
    ]));
    let inv = &json(&r.stdout)["runs"][0]["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    assert_eq!(inv["toolExecutionNotifications"][0]["level"], "error");
    let r = run(repo.clearance(&[
        "scan",
        "--staged",
        "--max-file-size",
        "1K",
        "--format",
        "gitlab",
    ]));
    assert_eq!(json(&r.stdout)["scan"]["status"], "failure");
    let r = run(repo.clearance(&[
        "scan",
        "--staged",
        "--max-file-size",
        "1K",
        "--format",
        "junit",
    ]));
    assert!(
        r.stdout.contains("<error type=\"not-scanned\""),
        "{}",
        r.stdout
    );
}

#[test]
fn several_reports_in_one_run_and_the_human_report_still_on_the_terminal() {
    let b = blocking_dir();
    let inputs = ["config", "app.py", "README.md"];
    let r = run(b.dir.clearance(&[
        "scan",
        "config",
        "app.py",
        "README.md",
        "--report",
        "sarif=out/clearance.sarif",
        "--report",
        "junit=out/junit/clearance.xml",
        "--report",
        "gitlab=gl-secret-detection-report.json",
        "--report",
        "markdown=summary.md",
        "--report",
        "json=out/clearance.json",
    ]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("config/prod.env:2:19: aws-access-key-id"));
    assert!(r
        .stderr
        .starts_with("clearance: BLOCKED 3 secrets in 2 files; first:"));
    assert!(r
        .stderr
        .trim_end()
        .lines()
        .last()
        .is_some_and(|l| l.starts_with("clearance: BLOCKED")));
    for (format, file) in [
        ("sarif", "out/clearance.sarif"),
        ("junit", "out/junit/clearance.xml"),
        ("gitlab", "gl-secret-detection-report.json"),
        ("markdown", "summary.md"),
    ] {
        let text = std::fs::read_to_string(b.dir.path().join(file)).expect(file);
        assert_no_value(&text, &b.values);
        validate(format, &text);
        let mut args = vec!["scan", "--format", format];
        args.extend(inputs);
        let direct = run(b.dir.clearance(&args));
        assert_eq!(
            stable_report(&text, b.dir.path()),
            stable_report(&direct.stdout, b.dir.path()),
            "{format} written by --report equals --format"
        );
    }
    let doc =
        json(&std::fs::read_to_string(b.dir.path().join("out/clearance.json")).expect("json"));
    assert_eq!(doc["verdict"], "blocked");

    // --quiet silences the terminal report, not the files; --output and --report together.
    let r = run(b.dir.clearance(&[
        "scan",
        ".",
        "--quiet",
        "--format",
        "json",
        "--output",
        "main.json",
        "--report",
        "markdown=again.md",
    ]));
    assert_eq!(r.code, 1);
    assert_eq!(r.stdout, "");
    assert!(b.dir.path().join("main.json").is_file());
    assert!(std::fs::read_to_string(b.dir.path().join("again.md"))
        .is_ok_and(|t| t.starts_with("## clearance: BLOCKED")));
}

#[test]
fn bad_report_arguments_are_errors_never_a_pass() {
    let dir = Dir::new();
    dir.write("a.txt", "clean\n");
    let r = run(dir.clearance(&["scan", ".", "--report", "pdf=x.pdf"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("unknown report format `pdf`"),
        "{}",
        r.stderr
    );
    let r = run(dir.clearance(&["scan", ".", "--report", "sarif"]));
    assert_eq!(r.code, 2);
    let r = run(dir.clearance(&["scan", ".", "--report", "sarif=a.txt/x.sarif"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(
        r.stderr.contains("clearance: ERROR cannot create a.txt"),
        "{}",
        r.stderr
    );
    let r = run(dir.clearance(&[
        "scan",
        ".",
        "--warn-only",
        "--report",
        "sarif=a.txt/x.sarif",
    ]));
    assert_eq!(r.code, 2, "an error is never a pass, even with --warn-only");
}

#[test]
fn fail_on_reports_lower_findings_without_failing() {
    let b = blocking_dir();
    // Everything is below critical except the GitHub token.
    let r = run(b.dir.clearance(&["scan", ".", "--fail-on", "critical"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().next().unwrap_or_default(),
        "clearance: BLOCKED 3 secrets in 2 files (2 below --fail-on critical, not failing); \
         first: config/prod.env:3 github-pat-classic"
    );
    assert!(
        r.stdout
            .contains("app.py:1:16: generic-password-assignment"),
        "still reported"
    );

    // Only the medium password: reported, exit 0, and the verdict says WARN.
    let dir = Dir::new();
    let password = Fake::new(75).chars(
        "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789",
        20,
    );
    dir.write("app.py", format!("db_password = \"{password}\"\n"));
    let r = run(dir.clearance(&["scan", ".", "--fail-on", "high"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("generic-password-assignment"));
    let last = r.stderr.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with(
            "clearance: WARN 1 secret in 1 file (not failing: below --fail-on high); first: app.py:1"
        ),
        "{last}"
    );
    let r = run(dir.clearance(&["scan", ".", "--fail-on", "medium"]));
    assert_eq!(r.code, 1);

    // Machine formats say which findings fail.
    let r = run(b
        .dir
        .clearance(&["scan", ".", "--fail-on", "high", "--format", "junit"]));
    assert_eq!(r.code, 1);
    if let Some(counts) = check_report("junit", None, &r.stdout) {
        assert_eq!(
            counts.trim(),
            r#"{"errors": 0, "failures": 2, "skipped": 1, "tests": 3}"#
        );
    }
    assert!(r
        .stdout
        .contains("WARN (not failing: below --fail-on high)"));
    let r = run(b
        .dir
        .clearance(&["scan", ".", "--fail-on", "high", "--format", "sarif"]));
    let failing: Vec<bool> = json(&r.stdout)["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["properties"]["failing"].as_bool())
        .collect();
    assert_eq!(failing, vec![false, true, true]);
    let r = run(b
        .dir
        .clearance(&["scan", ".", "--fail-on", "critical", "--format", "json"]));
    let doc = json(&r.stdout);
    assert_eq!(
        (doc["verdict"].as_str(), doc["summary"]["failing"].as_u64()),
        (Some("blocked"), Some(1))
    );
    let r = run(dir.clearance(&["scan", ".", "--fail-on", "high", "--format", "markdown"]));
    assert!(r.stdout.starts_with("## clearance: WARN"), "{}", r.stdout);
    assert!(r.stdout.contains("| warn | medium |"), "{}", r.stdout);
    let r = run(dir.clearance(&["scan", ".", "--fail-on", "severe"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn warn_only_reports_and_exits_0_but_errors_still_exit_2() {
    let b = blocking_dir();
    let r = run(b.dir.clearance(&["scan", ".", "--warn-only"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("aws-access-key-id"));
    let first = r.stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with(
            "clearance: WARN 3 secrets in 2 files (not failing: --warn-only); first: app.py:1"
        ),
        "{first}"
    );
    assert!(!r.stderr.contains("PASSED") && !r.stderr.contains("BLOCKED"));
    for format in FORMATS {
        let r = run(b
            .dir
            .clearance(&["scan", ".", "--warn-only", "--format", format]));
        assert_eq!(r.code, 0, "{format}");
        validate(format, &r.stdout);
    }
    let r = run(b
        .dir
        .clearance(&["scan", ".", "--warn-only", "--format", "json"]));
    assert_eq!(json(&r.stdout)["verdict"], "warn");

    // A broken config is an error whatever the thresholds.
    b.dir.write(".clearance.toml", "[allowlist]\npathz = []\n");
    let r = run(b.dir.clearance(&["scan", ".", "--warn-only"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
    // So is an unscannable staged file.
    let repo = Repo::new();
    repo.commit_file("README.md", "hi\n", "initial");
    repo.write("dump.sql", "INSERT INTO t VALUES (1);\n".repeat(100));
    repo.add(&["dump.sql"]);
    let r = run(repo.clearance(&["scan", "--staged", "--max-file-size", "1K", "--warn-only"]));
    assert_eq!(r.code, 2, "{}", r.stderr);
}

#[test]
fn show_secrets_reveals_values_in_every_format_only_when_asked() {
    let b = blocking_dir();
    for format in FORMATS {
        let r = run(b
            .dir
            .clearance(&["scan", "--show-secrets", "--format", format, "."]));
        assert!(r.stdout.contains(&b.values[0]), "{format}: {}", r.stdout);
        validate(format, &r.stdout);
    }
}

#[test]
fn office_document_findings_name_their_part_in_every_format() {
    let dir = Dir::new();
    let key = Fake::new(71).aws_key_id();
    let footer = format!("key {key}");
    let docx = common::office::Word {
        body: &["Minutes"],
        footer: &[&footer],
        ..Default::default()
    };
    dir.write("minutes.docx", docx.build());
    dir.write("scan.pdf", b"%PDF-1.7\n\0\0");
    for format in FORMATS {
        let r = run(dir.clearance(&["scan", "--format", format, "."]));
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert_no_value(&r.stdout, std::slice::from_ref(&key));
        validate(format, &r.stdout);
        assert!(
            r.stdout.contains("word/footer1.xml paragraph 1"),
            "{format}: {}",
            r.stdout
        );
    }
    let sarif = json(&run(dir.clearance(&["scan", "--format", "sarif", "."])).stdout);
    let results = sarif["runs"][0]["results"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let in_docx = results
        .iter()
        .find(|r| r["ruleId"] == "aws-access-key-id")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        in_docx["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "minutes.docx: word/footer1.xml paragraph 1",
        "{sarif}"
    );
    let pdf = results
        .iter()
        .find(|r| r["ruleId"] == "binary-document-present")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        pdf["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "scan.pdf",
        "{sarif}"
    );
}
