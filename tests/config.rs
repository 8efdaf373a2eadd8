//! `.clearance.toml` through the built binary: rule selection, severity overrides, custom
//! rules, allowlists, `clearance config check`, and the error messages (snapshots).

mod common;

use common::{run, stable, Dir, Fake};

/// A custom rule (valid), with an example value generated at run time.
fn custom_rule(fake: &mut Fake) -> (String, String) {
    let value = format!(
        "acme_{}",
        fake.chars("abcdefghijklmnopqrstuvwxyz0123456789", 16)
    );
    let rule = format!(
        r#"
[[rule]]
id = "acme-token"
name = "ACME internal token"
category = "secret"
severity = "high"
keywords = ["acme_"]
pattern = '(?-u:\b)(acme_[a-z0-9]{{16}})(?-u:\b)'
remediation = "Revoke it in the ACME console."
examples = ["token = {value}"]
negative_examples = ["acme_short"]
"#
    );
    (rule, value)
}

fn found(doc: &serde_json::Value) -> Vec<(String, String)> {
    doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["rule_id"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn config_errors_name_file_line_and_key() {
    let mut fake = Fake::new(21);
    let (good_rule, _) = custom_rule(&mut fake);
    let cases: Vec<(&str, String)> = vec![
        (
            "unknown top-level key",
            "[rules]\ndisable = []\n\n[allowlists]\npaths = []\n".into(),
        ),
        (
            "unknown key in a table",
            "[rules]\ndisabled = [\"aws-access-key-id\"]\n".into(),
        ),
        (
            "wrong type",
            "[rules.severity]\naws-access-key-id = \"huge\"\n".into(),
        ),
        (
            "bad glob",
            "[allowlist]\npaths = [\n  \"docs/**\",\n  \"a/[\",\n]\n".into(),
        ),
        (
            "bad value regex",
            "[allowlist]\nregexes = ['(unclosed']\n".into(),
        ),
        (
            "bad line regex in a rule allowlist",
            "[allowlist.rules.aws-access-key-id]\nline_regexes = ['ok', 'x{2,1}']\n".into(),
        ),
        (
            "look-around",
            "[allowlist]\nregexes = ['foo(?=bar)']\n".into(),
        ),
        (
            "unknown rule id",
            "[rules]\ndisable = [\"aws-acess-key-id\"]\n".into(),
        ),
        (
            "unknown rule in an allowlist",
            "[allowlist.rules.no-such-rule]\nstopwords = [\"x\"]\n".into(),
        ),
        (
            "custom rule without examples",
            good_rule.replace("examples = [\"token", "# examples = [\"token"),
        ),
        (
            "custom rule whose example is not found",
            good_rule.replace("{16}", "{20}"),
        ),
        (
            "custom rule whose pattern does not compile",
            good_rule
                .replace("(acme_", "(acme_(")
                .replace("{16})", "{16}"),
        ),
        (
            "custom rule with two capturing groups",
            good_rule.replace("(acme_", "(acme)(_"),
        ),
        (
            "custom rule with a built-in id",
            good_rule.replace("id = \"acme-token\"", "id = \"aws-access-key-id\""),
        ),
        (
            "custom rule with an unknown validator",
            good_rule.replace("keywords", "validator = \"luhnn\"\nkeywords"),
        ),
        ("baseline key empty", "baseline = \"\"\n".into()),
    ];
    let mut report = String::new();
    for (name, text) in cases {
        let dir = Dir::new();
        dir.write(".clearance.toml", &text);
        let r = run(dir.clearance(&["config", "check"]));
        assert_eq!(r.code, 2, "{name}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{name}");
        let scan = run(dir.clearance(&["scan", "."]));
        assert_eq!(scan.code, 2, "{name}: scan must refuse the config too");
        report.push_str(&format!("=== {name}\n{}\n", stable(&r.stderr, dir.path())));
    }
    // Lists that grow as rules and validators are added are cut short.
    let near = regex::Regex::new(r"did you mean (`[^`]+`)[^?]*\?").expect("regex");
    let report = near.replace_all(&report, "did you mean $1, ...?");
    let known = regex::Regex::new(r"\(known: [^)]*\)").expect("regex");
    let report = known.replace_all(&report, "(known: ...)");
    insta::assert_snapshot!("config_errors", report);
}

#[test]
fn config_check_says_what_the_config_changes() {
    let dir = Dir::new();
    let (rule, _) = custom_rule(&mut Fake::new(22));
    dir.write(
        ".clearance.toml",
        format!(
            r#"
[rules]
disable = ["github-pat-classic"]
categories = ["secret"]

[rules.severity]
aws-access-key-id = "critical"

[allowlist]
paths = ["vendor/**"]
path_regexes = ['\.lock$']
stopwords = ["sample"]

[allowlist.rules.aws-access-key-id]
line_regexes = ['#\s*test fixture']
{rule}"#
        ),
    );
    let r = run(dir.clearance(&["config", "check"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let counts = regex::Regex::new(r"\d+ run: \d+ of \d+ built-in").expect("regex");
    let text = counts
        .replace(
            &stable(&r.stdout, dir.path()),
            "[N] run: [N] of [N] built-in",
        )
        .into_owned();
    insta::assert_snapshot!("config_check", text);

    let none = Dir::new();
    let r = run(none.clearance(&["config", "check"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("no .clearance.toml found"),
        "{}",
        r.stdout
    );
}

#[test]
fn rules_can_be_disabled_enabled_by_category_and_overridden() {
    let dir = Dir::new();
    let mut fake = Fake::new(23);
    dir.write(
        "app.env",
        format!(
            "AWS_ACCESS_KEY_ID={}\nGITHUB_TOKEN={}\n",
            fake.aws_key_id(),
            fake.github_token()
        ),
    );
    let scan = |config: &str| {
        dir.write(".clearance.toml", config);
        let r = run(dir.clearance(&["scan", "--format", "json", "."]));
        assert!(r.code < 2, "{}", r.stderr);
        r.json()
    };
    let doc = scan("");
    assert_eq!(doc["summary"]["findings"], 2);

    let doc = scan("[rules]\ndisable = [\"github-pat-classic\"]\n");
    let rules: Vec<String> = found(&doc).into_iter().map(|(_, r)| r).collect();
    assert!(
        rules.contains(&"aws-access-key-id".to_string()),
        "{rules:?}"
    );
    assert!(
        !rules.contains(&"github-pat-classic".to_string()),
        "{rules:?}"
    );

    let doc = scan("[rules]\ncategories = [\"pii\"]\n");
    assert_eq!(doc["summary"]["findings"], 0);
    assert_eq!(doc["verdict"], "passed");

    let doc = scan("[rules]\ncategories = [\"pii\"]\nenable = [\"github-pat-classic\"]\n");
    assert_eq!(
        found(&doc),
        vec![("app.env".into(), "github-pat-classic".into())]
    );

    let doc = scan("[rules.severity]\naws-access-key-id = \"low\"\n");
    let aws = doc["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["rule_id"] == "aws-access-key-id")
        .cloned()
        .unwrap_or_default();
    assert_eq!(aws["severity"], "low");
}

#[test]
fn custom_rules_extend_or_replace_the_built_in_rules() {
    let dir = Dir::new();
    let mut fake = Fake::new(24);
    let (rule, example) = custom_rule(&mut fake);
    let value = format!(
        "acme_{}",
        fake.chars("abcdefghijklmnopqrstuvwxyz0123456789", 16)
    );
    dir.write("src/settings.py", format!("ACME = \"{value}\"\n"));
    dir.write(
        "app.env",
        format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()),
    );

    dir.write(".clearance.toml", &rule);
    let r = run(dir.clearance(&["scan", "--format", "json", "."]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc = r.json();
    assert_eq!(
        found(&doc),
        vec![
            ("app.env".into(), "aws-access-key-id".into()),
            ("src/settings.py".into(), "acme-token".into()),
        ]
    );
    // The rule's own example, in the config, is not a finding (but is counted).
    assert_eq!(doc["summary"]["suppressed"]["allowlist"], 1);
    assert!(!r.stdout.contains(&value) && !r.stdout.contains(&example));

    dir.write(
        ".clearance.toml",
        format!("[rules]\nbuiltin = \"replace\"\n{rule}"),
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "."]));
    let doc = r.json();
    assert_eq!(
        found(&doc),
        vec![("src/settings.py".into(), "acme-token".into())]
    );
}

#[test]
fn allowlists_match_paths_values_lines_and_stopwords_globally_and_per_rule() {
    let dir = Dir::new();
    let mut fake = Fake::new(25);
    let mut key = || fake.aws_key_id();
    dir.write(
        "vendor/lib/keys.env",
        format!("AWS_ACCESS_KEY_ID={}\n", key()),
    );
    dir.write("web/yarn.lock", format!("AWS_ACCESS_KEY_ID={}\n", key()));
    dir.write(
        "line.env",
        format!("AWS_ACCESS_KEY_ID={} # test fixture\n", key()),
    );
    let special = format!("AKIAQQQQ{}", &key()[8..]);
    dir.write("value.env", format!("AWS_ACCESS_KEY_ID={special}\n"));
    dir.write("kept.env", format!("AWS_ACCESS_KEY_ID={}\n", key()));
    let mut fake = Fake::new(26);
    dir.write(
        "token.env",
        format!("GITHUB_TOKEN={}\n", fake.github_token()),
    );
    dir.write(
        ".clearance.toml",
        r#"
[allowlist]
paths = ["vendor/**"]
path_regexes = ['\.lock$']

[allowlist.rules.aws-access-key-id]
regexes = ['^AKIAQQQQ']
line_regexes = ['#\s*test fixture']
"#,
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "--show-suppressed", "."]));
    let doc = r.json();
    assert_eq!(
        found(&doc),
        vec![
            ("kept.env".into(), "aws-access-key-id".into()),
            ("token.env".into(), "github-pat-classic".into()),
        ]
    );
    let details: Vec<(String, String)> = doc["suppressed"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["path"].as_str().unwrap_or_default().to_string(),
                s["suppressed_detail"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    assert_eq!(
        details,
        vec![
            (
                "line.env".into(),
                "allowlist.rules.aws-access-key-id.line_regexes \"#\\\\s*test fixture\"".into()
            ),
            (
                "value.env".into(),
                "allowlist.rules.aws-access-key-id.regexes \"^AKIAQQQQ\"".into()
            ),
            (
                "vendor/lib/keys.env".into(),
                "allowlist.paths \"vendor/**\"".into()
            ),
            (
                "web/yarn.lock".into(),
                "allowlist.path_regexes \"\\\\.lock$\"".into()
            ),
        ]
    );
    assert!(
        r.stderr.contains("4 suppressed: 4 allowlist"),
        "{}",
        r.stderr
    );

    // Stopwords: in the value, any case; globally.
    let dir = Dir::new();
    let mut fake = Fake::new(27);
    let token = fake.github_token();
    dir.write("a.env", format!("GITHUB_TOKEN={token}\n"));
    let word = token[10..16].to_uppercase();
    dir.write(
        ".clearance.toml",
        format!("[allowlist]\nstopwords = [\"{word}\"]\n"),
    );
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("1 suppressed: 1 allowlist"),
        "{}",
        r.stderr
    );
}

#[test]
fn globs_are_relative_to_the_config_and_config_can_be_named() {
    let dir = Dir::new();
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    let mut fake = Fake::new(28);
    dir.write(
        "sub/fixtures/a.env",
        format!("AWS_ACCESS_KEY_ID={}\n", fake.aws_key_id()),
    );
    dir.write(
        ".clearance.toml",
        "[allowlist]\npaths = [\"sub/fixtures/**\"]\n",
    );
    // From a subdirectory, the root config is found and its globs still apply.
    let mut cmd = dir.clearance(&["scan", "."]);
    cmd.current_dir(dir.path().join("sub"));
    let r = run(cmd);
    assert_eq!(r.code, 0, "{}", r.stderr);

    // --config FILE elsewhere: its globs are relative to its own directory.
    dir.write("etc/strict.toml", "[allowlist]\npaths = [\"nothing/**\"]\n");
    let r = run(dir.clearance(&["scan", "--config", "etc/strict.toml", "."]));
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn the_documented_example_config_is_valid() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/config.md"))
        .expect("docs/config.md");
    let section = doc.split("## Every key").nth(1).expect("section");
    let block = section
        .split("```toml\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("toml block");
    let dir = Dir::new();
    dir.write(".clearance.toml", block);
    std::fs::create_dir_all(dir.path().join("security")).expect("mkdir");
    let r = run(dir.clearance(&["baseline"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.clearance(&["config", "check"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("added: acme-token"), "{}", r.stdout);
}
