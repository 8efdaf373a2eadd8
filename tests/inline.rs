//! Inline allows through the built binary: bare markers, markers limited to a rule with a
//! reason, next-line markers, `--no-inline-allow`, and `--show-suppressed` listing them.

mod common;

use common::{run, Dir, Fake};

#[test]
fn markers_allow_every_rule_one_rule_or_the_next_line() {
    let dir = Dir::new();
    let mut fake = Fake::new(31);
    let aws = |fake: &mut Fake| fake.aws_key_id();
    dir.write(
        "bare.env",
        format!("AWS_ACCESS_KEY_ID={}  # clearance:allow\n", aws(&mut fake)),
    );
    dir.write(
        "scoped.env",
        format!(
            "AWS_ACCESS_KEY_ID={}  # clearance:allow aws-access-key-id reason=\"test account, no permissions\"\n",
            aws(&mut fake)
        ),
    );
    // Scoped to another rule: the AWS key is still reported.
    dir.write(
        "wrong-rule.env",
        format!(
            "AWS_ACCESS_KEY_ID={}  # clearance:allow github-pat-classic reason=\"not this one\"\n",
            aws(&mut fake)
        ),
    );
    // JSON cannot carry a comment on the value's line.
    dir.write(
        "next.json5",
        format!(
            "// clearance:allow-next-line aws-access-key-id reason=\"documented sample\"\n\"key\": \"{}\",\n\"other\": \"{}\"\n",
            aws(&mut fake),
            aws(&mut fake)
        ),
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "--show-suppressed", "."]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let doc = r.json();
    let reported: Vec<(String, u64)> = doc["findings"]
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
        reported,
        vec![
            ("next.json5".to_string(), 3),
            ("wrong-rule.env".to_string(), 1)
        ]
    );
    let suppressed: Vec<(String, String, Option<String>)> = doc["suppressed"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["path"].as_str().unwrap_or_default().to_string(),
                s["suppressed_by"].as_str().unwrap_or_default().to_string(),
                s["suppressed_reason"].as_str().map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        suppressed,
        vec![
            ("bare.env".into(), "inline".into(), None),
            (
                "next.json5".into(),
                "inline".into(),
                Some("documented sample".into())
            ),
            (
                "scoped.env".into(),
                "inline".into(),
                Some("test account, no permissions".into())
            ),
        ]
    );
    assert_eq!(doc["summary"]["suppressed"]["inline"], 3);
    assert!(
        r.stderr.contains("(3 suppressed: 3 inline)"),
        "{}",
        r.stderr
    );

    // The human listing names the marker and its reason; values stay redacted.
    let r = run(dir.clearance(&["scan", "--show-suppressed", "."]));
    assert!(r.stdout.contains("Suppressed (3):"), "{}", r.stdout);
    assert!(
        r.stdout.contains(
            "suppressed by inline: clearance:allow-next-line on line 1 aws-access-key-id reason=\"documented sample\""
        ),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains(&Fake::new(31).aws_key_id()),
        "value leaked"
    );

    // A CI gate can refuse self-service.
    let r = run(dir.clearance(&["scan", "--no-inline-allow", "--format", "json", "."]));
    let doc = r.json();
    assert_eq!(doc["summary"]["findings"], 5);
    assert_eq!(doc["summary"]["suppressed"], serde_json::json!({}));
}

#[test]
fn a_marker_naming_a_disabled_rule_does_not_allow_every_rule() {
    let dir = Dir::new();
    let key = Fake::new(33).aws_key_id();
    dir.write(
        "a.env",
        format!("AWS_ACCESS_KEY_ID={key}  # clearance:allow github-pat-classic\n"),
    );
    dir.write(
        ".clearance.toml",
        "[rules]\ndisable = [\"github-pat-classic\"]\n",
    );
    let r = run(dir.clearance(&["scan", "."]));
    assert_eq!(r.code, 1, "{}", r.stderr);
}

#[test]
fn inline_allows_work_in_staged_mode_and_the_hook() {
    let repo = common::repo::Repo::new();
    repo.commit_file("README.md", "# demo\n", "init");
    let key = Fake::new(32).aws_key_id();
    repo.write(
        "config.yaml",
        format!("# clearance:allow-next-line reason=\"fixture\"\naws_key: {key}\n"),
    );
    repo.add(&["config.yaml"]);
    let r = run(repo.clearance(&["hook"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("1 suppressed: 1 inline"), "{}", r.stderr);
    let r = run(repo.clearance(&["hook", "--no-inline-allow"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
}
