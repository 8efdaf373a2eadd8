//! The scored-finding model through the real binary: outcomes (block / warn / info), --strict,
//! --only, --verbose, masking of personal data in every format, bulk extracts, context from
//! CSV headers, allowlisting by hash, and off-by-default rules. A custom personal-data rule in
//! the config drives it, so these tests do not depend on the built-in detectors' tuning.

mod common;

use common::{run, Dir, Fake};

/// A config with one scored personal-data rule: `SN` + 6 digits, warn alone (60), block with
/// a context word (+25), bulk on.
fn config(extra: &str) -> String {
    format!(
        r#"
[[rule]]
id = "staff-number"
name = "Staff number"
category = "pii"
severity = "high"
keywords = []
no_keywords_reason = "a number shape, no literal"
pattern = '(?-u:\b)(?P<value>SN[0-9]{{6}})(?-u:\b)'
remediation = "Remove it, or use SN000000 in examples."
examples = [{{ text = "staff_no: SN123456", outcome = "block" }}, {{ text = "SN123456", outcome = "warn" }}]
negative_examples = ["SN12345"]
{extra}
[rule.score]
base = 60
context = 25
context_words = ["staff no", "staff number"]
numeric = true
bulk = true

[[rule]]
id = "badge-number"
name = "Badge number"
category = "pii"
severity = "low"
keywords = ["badge"]
pattern = '(?-u:\b)(BD[0-9]{{5}})(?-u:\b)'
remediation = "Remove it."
examples = [{{ text = "badge BD12345", outcome = "info" }}]
negative_examples = ["BD1234"]
[rule.score]
base = 35
"#
    )
}

fn staff_numbers(fake: &mut Fake, n: usize) -> Vec<String> {
    (0..n)
        .map(|_| format!("SN{}", fake.chars("0123456789", 6)))
        .collect()
}

#[test]
fn a_warning_passes_and_says_strict_would_fail_it() {
    let dir = Dir::new();
    dir.write(".clearance.toml", config(""));
    let value = staff_numbers(&mut Fake::new(1), 1).remove(0);
    dir.write("notes.md", format!("Met the applicant {value} today.\n"));
    let r = run(dir.clearance(&["scan", "notes.md"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let last = r.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("clearance: WARN 1 personal data (1 warn) in 1 file"),
        "{last}"
    );
    assert!(last.contains("--strict fails on it"), "{last}");
    assert!(
        r.stdout.contains("staff-number (warn, score 60)"),
        "{}",
        r.stdout
    );
    let strict = run(dir.clearance(&["scan", "--strict", "notes.md"]));
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(strict
        .stderr
        .contains("clearance: BLOCKED 1 personal data (1 warn)"));
}

#[test]
fn personal_data_is_masked_in_every_format_even_with_show_secrets() {
    let dir = Dir::new();
    dir.write(".clearance.toml", config(""));
    let value = staff_numbers(&mut Fake::new(2), 1).remove(0);
    dir.write("people.yaml", format!("staff_number: {value}\n"));
    for format in ["human", "json", "sarif", "junit", "gitlab", "markdown"] {
        let r = run(dir.clearance(&["scan", "--show-secrets", "--format", format, "people.yaml"]));
        assert_eq!(r.code, 1, "{format}: {}", r.stderr);
        assert!(
            !r.stdout.contains(&value) && !r.stderr.contains(&value),
            "{format} printed the value:\n{}",
            r.stdout
        );
        let masked = format!("{}••••{}", &value[..2], &value[value.len() - 2..]);
        assert!(r.stdout.contains(&masked), "{format}: {}", r.stdout);
    }
    let json = run(dir.clearance(&["scan", "--format", "json", "people.yaml"])).json();
    let finding = &json["findings"][0];
    assert_eq!(finding["outcome"], "block");
    assert_eq!(finding["class"], "match");
    assert_eq!(finding["score"], 95, "{finding}");
    assert_eq!(json["summary"]["by_outcome"]["pii"]["block"], 1);
    let hash = finding["value_sha256"].as_str().unwrap_or_default();
    assert_eq!(hash.len(), 64);
}

#[test]
fn the_hash_from_the_report_allowlists_the_value() {
    let dir = Dir::new();
    dir.write(".clearance.toml", config(""));
    let values = staff_numbers(&mut Fake::new(3), 2);
    dir.write(
        "people.yaml",
        format!("staff_no: {}\nstaff_no: {}\n", values[0], values[1]),
    );
    let json = run(dir.clearance(&["scan", "--format", "json", "people.yaml"])).json();
    let hash = json["findings"][0]["value_sha256"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let allow = format!("{}\n[allowlist]\nsha256 = [\"{hash}\"]\n", config(""));
    dir.write(".clearance.toml", allow);
    let r = run(dir.clearance(&["scan", "--format", "json", "people.yaml"]));
    let found: Vec<u64> = r.path_lines().into_iter().map(|(_, l)| l).collect();
    assert_eq!(found, vec![2], "{}", r.stderr);
    assert!(
        r.stderr.contains("1 suppressed: 1 allowlist"),
        "{}",
        r.stderr
    );
    let config_text = std::fs::read_to_string(dir.path().join(".clearance.toml")).expect("read");
    assert!(!config_text.contains(&values[0]));
    dir.write(
        ".clearance.toml",
        format!("{}\n[allowlist]\nsha256 = [\"abc\"]\n", config("")),
    );
    let bad = run(dir.clearance(&["scan", "people.yaml"]));
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("key `allowlist.sha256`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn csv_headers_give_context_and_many_values_make_a_bulk_block() {
    let dir = Dir::new();
    dir.write(".clearance.toml", config(""));
    let values = staff_numbers(&mut Fake::new(4), 6);
    let mut csv = String::from("name,staff_no,team\n");
    for (i, v) in values.iter().enumerate() {
        csv.push_str(&format!("Person {i},{v},Ops\n"));
    }
    dir.write("export.csv", &csv);
    let json = run(dir.clearance(&["scan", "--format", "json", "export.csv"])).json();
    let findings = json["findings"].as_array().cloned().unwrap_or_default();
    assert_eq!(findings.len(), 7, "{json}");
    // Header context (+25) and a data file (+10): 95 for each value.
    assert!(findings.iter().all(|f| f["outcome"] == "block"));
    let bulk: Vec<_> = findings
        .iter()
        .filter(|f| {
            f["note"]
                .as_str()
                .is_some_and(|n| n.contains("data extract"))
        })
        .collect();
    assert_eq!(bulk.len(), 1, "{json}");
    assert!(bulk[0]["note"]
        .as_str()
        .unwrap_or_default()
        .starts_with("6 distinct values"));
    // Four values are not a data extract; without the header word they only warn (+10 data file).
    let four = values[..4].join("\n");
    dir.write("few.csv", format!("id\n{four}\n"));
    let json = run(dir.clearance(&["scan", "--format", "json", "few.csv"])).json();
    let findings = json["findings"].as_array().cloned().unwrap_or_default();
    assert_eq!(findings.len(), 4, "{json}");
    assert!(findings
        .iter()
        .all(|f| f["outcome"] == "warn" && f["score"] == 70));
}

#[test]
fn info_findings_are_counted_but_shown_only_with_verbose() {
    let dir = Dir::new();
    dir.write(".clearance.toml", config(""));
    dir.write("door.md", "badge BD48213 opens the side door\n");
    let r = run(dir.clearance(&["scan", "door.md"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("1 info finding not shown"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("badge-number"), "{}", r.stdout);
    let last = r.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("clearance: PASSED 1 file"), "{last}");
    assert!(last.contains("1 personal data (1 info)"), "{last}");
    let verbose = run(dir.clearance(&["scan", "--verbose", "door.md"]));
    assert!(verbose.stdout.contains("badge-number (info, score 35)"));
    let json = run(dir.clearance(&["scan", "--format", "json", "door.md"])).json();
    assert_eq!(json["verdict"], "passed");
    assert_eq!(json["findings"][0]["outcome"], "info");
}

#[test]
fn only_selects_categories() {
    let dir = Dir::new();
    dir.write(".clearance.toml", config(""));
    let mut fake = Fake::new(5);
    let value = staff_numbers(&mut fake, 1).remove(0);
    dir.write(
        "mixed.env",
        format!("{}STAFF_NO={value}\n", fake.aws_key_line()),
    );
    let categories = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["scan", "--format", "json"];
        all.extend_from_slice(args);
        all.push("mixed.env");
        let json = run(dir.clearance(&all)).json();
        json["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| f["category"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(categories(&[]), ["secret", "pii"]);
    assert_eq!(categories(&["--only", "secrets"]), ["secret"]);
    assert_eq!(categories(&["--only", "pii"]), ["pii"]);
    assert_eq!(categories(&["--only", "secrets,pii"]), ["secret", "pii"]);
    let bad = run(dir.clearance(&["scan", "--only", "passwords", "mixed.env"]));
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("unknown category `passwords`"),
        "{}",
        bad.stderr
    );
}

#[test]
fn off_by_default_rules_run_only_when_enabled() {
    let dir = Dir::new();
    dir.write(".clearance.toml", config("enabled = false"));
    let value = staff_numbers(&mut Fake::new(6), 1).remove(0);
    dir.write("people.yaml", format!("staff_no: {value}\n"));
    let r = run(dir.clearance(&["scan", "people.yaml"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let on = format!(
        "[rules]\nenable = [\"staff-number\"]\n{}",
        config("enabled = false")
    );
    dir.write(".clearance.toml", on);
    let r = run(dir.clearance(&["scan", "people.yaml"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
}
