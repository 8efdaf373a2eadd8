//! `clearance config import-gitleaks` through the built binary: what converts, what is named
//! as not converted, and that the result loads and works once the rules have examples.

mod common;

use common::{run, stable, Dir, Fake};

/// A gitleaks config exercising its schema (README "Configuration"): extend, custom rules
/// with secretGroup/entropy/keywords/tags/path, rule allowlists (old and new forms), global
/// allowlists (old and new forms) with regexTarget, stopwords, commits, AND conditions and
/// targetRules, and regex syntax Rust's regex crate lacks.
const GITLEAKS: &str = r#"
title = "team gitleaks config"

[extend]
useDefault = true
disabledRules = ["generic-api-key", "aws-access-key-id"]

[[rules]]
id = "ACME_token"
description = "ACME internal token"
regex = '''(?i)(acme[_-]?token)\s*[:=]\s*['"]?([a-z0-9]{32})['"]?'''
secretGroup = 2
entropy = 3.5
keywords = ["acme"]
tags = ["internal"]

  [[rules.allowlists]]
  description = "test fixtures"
  paths = ['''testdata/''']
  stopwords = ["dummy"]

[[rules]]
id = "lookahead-rule"
regex = '''secret(?=\s*=)\s*=\s*(\w+)'''

[[rules]]
id = "only-in-terraform"
description = "Terraform variable"
regex = '''tfvar_([a-z]{10})'''
path = '''\.tf$'''

[[rules]]
id = "pem-files"
path = '''\.pem$'''

[[rules]]
id = "gitlab-pat"
  [rules.allowlist]
  regexTarget = "line"
  regexes = ['''MY-glpat-''']

[[rules]]
id = "some-gitleaks-default"
  [[rules.allowlists]]
  stopwords = ["x"]

[allowlist]
description = "old-style global allowlist"
paths = ['''(.*?)(jpg|gif|doc)$''']

[[allowlists]]
description = "global"
paths = ['''go\.sum$''']
regexes = ['''219-09-9999''', '''(\w)\1{5}''']
stopwords = ["example"]
commits = ["abc123"]

[[allowlists]]
condition = "AND"
regexTarget = "match"
regexes = ['''(?i)parseur[il]''']
paths = ['''package-lock\.json''']

[[allowlists]]
targetRules = ["ACME_token", "nope-rule"]
regexTarget = "match"
regexes = ['''acme_token = "x+"''']
"#;

#[test]
fn import_converts_what_it_can_and_names_the_rest() {
    let dir = Dir::new();
    dir.write(".gitleaks.toml", GITLEAKS);
    let r = run(dir.clearance(&["config", "import-gitleaks", ".gitleaks.toml"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("import_stderr", stable(&r.stderr, dir.path()));
    let text = std::fs::read_to_string(dir.path().join(".clearance.toml")).expect("written");
    insta::assert_snapshot!("import_config", text);

    // The converted rule has no examples yet: the config says so, naming the line.
    let r = run(dir.clearance(&["config", "check"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains(
            "key `rule.examples`: rule `acme-token`: needs at least one entry in `examples`"
        ),
        "{}",
        r.stderr
    );

    // Refuses to overwrite; --force and --output - do what they say.
    let r = run(dir.clearance(&["config", "import-gitleaks", ".gitleaks.toml"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("pass --force"), "{}", r.stderr);
    let r = run(dir.clearance(&["config", "import-gitleaks", ".gitleaks.toml", "-o", "-"]));
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, text);

    // With examples filled in, the config loads and the rule and allowlists work.
    let mut fake = Fake::new(51);
    let alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    let example = fake.chars(alphabet, 32);
    let empty = "examples = []\nnegative_examples = []";
    let filled = text
        .replacen(
            empty,
            &format!("examples = [\"acme_token = '{example}'\"]\nnegative_examples = [\"acme_token = short\"]"),
            1,
        )
        .replacen(
            empty,
            &format!(
                "examples = [\"tfvar_{}\"]\nnegative_examples = [\"tfvar_short\"]",
                fake.chars("abcdefghijklmnopqrstuvwxyz", 10)
            ),
            1,
        );
    dir.write(".clearance.toml", &filled);
    let r = run(dir.clearance(&["config", "check"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let leaked = fake.chars(alphabet, 32);
    dir.write("app/settings.py", format!("ACME_TOKEN = \"{leaked}\"\n"));
    dir.write(
        "testdata/settings.py",
        format!("ACME_TOKEN = \"{}\"\n", fake.chars(alphabet, 32)),
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "app", "testdata"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
    assert_eq!(doc["findings"][0]["rule_id"], "acme-token");
    assert_eq!(doc["findings"][0]["path"], "app/settings.py");
    assert_eq!(doc["summary"]["findings"], 1);
    assert_eq!(doc["summary"]["suppressed"]["allowlist"], 1);
}

#[test]
fn import_of_something_that_is_not_toml_is_an_error() {
    let dir = Dir::new();
    dir.write("gitleaks.toml", "[[rules]\nid = \n");
    let r = run(dir.clearance(&["config", "import-gitleaks", "gitleaks.toml"]));
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("is not valid TOML"), "{}", r.stderr);
    assert!(!dir.path().join(".clearance.toml").exists());
}
