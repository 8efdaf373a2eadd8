//! Classification markings through the real binary on real-looking files: every positive and
//! negative example of the specification (pii-and-markings.md 2.5 and 2.6) in its file and at
//! its position, documents (markdown, plain text, email), code and configuration with the
//! traps, staged commits, and organisation codewords from the config.

mod common;

use std::collections::BTreeMap;

use common::repo::Repo;
use common::{run, Dir, Run};
use serde_json::Value;

/// Where the example line sits in its file.
#[derive(Clone, Copy)]
enum At {
    /// Line 1, then ordinary lines.
    First,
    /// Line `n` (1-based) of ordinary lines.
    Line(usize),
    /// In the middle of ordinary lines.
    Mid,
    /// The last line, after ordinary lines.
    Last,
    /// The first and the last line of 32.
    FirstAndLast,
    /// The file is this one line.
    Only,
}

/// Ordinary lines for a file with this name: code-like in code, prose elsewhere.
fn ordinary(path: &str, n: usize) -> Vec<String> {
    let ext = path.rsplit_once('.').map_or("", |(_, e)| e);
    (0..n)
        .map(|i| match ext {
            "py" => format!("total_{i} = compute({i})"),
            "ts" | "java" | "js" => format!("const total{i} = compute({i});"),
            "yaml" | "yml" => format!("key_{i}: value {i}"),
            "ini" | "toml" => format!("key_{i} = {i}"),
            "html" => format!("<p>Paragraph {i} of the page.</p>"),
            "sh" => format!("echo step {i}"),
            "json" => format!("{{\"n\": {i}}}"),
            _ => format!("Paragraph {i} of ordinary text about the project."),
        })
        .collect()
}

/// A file holding `line` at `at`, with at least 12 other ordinary lines unless `Only`.
fn file_with(path: &str, line: &str, at: At) -> String {
    let filler = ordinary(path, 14);
    let mut lines: Vec<String> = match at {
        At::First => std::iter::once(line.to_string()).chain(filler).collect(),
        At::Line(n) => {
            let mut l = filler;
            l.insert(n - 1, line.to_string());
            l
        }
        At::Mid => {
            let mut l = filler;
            l.insert(7, line.to_string());
            l
        }
        At::Last => filler.into_iter().chain([line.to_string()]).collect(),
        At::FirstAndLast => {
            let mut l = vec![line.to_string()];
            l.extend(ordinary(path, 30));
            l.push(line.to_string());
            l
        }
        At::Only => vec![line.to_string()],
    };
    lines.push(String::new());
    lines.join("\n")
}

/// Marking findings of a JSON scan, by path: (rule, outcome, score, line).
fn markings_by_path(r: &Run) -> BTreeMap<String, Vec<(String, String, i64, u64)>> {
    let mut out: BTreeMap<String, Vec<(String, String, i64, u64)>> = BTreeMap::new();
    for f in r.json()["findings"].as_array().into_iter().flatten() {
        if f["category"] != "marking" {
            continue;
        }
        out.entry(f["path"].as_str().unwrap_or_default().to_string())
            .or_default()
            .push((
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["outcome"].as_str().unwrap_or_default().to_string(),
                f["score"].as_i64().unwrap_or(-1),
                f["line"].as_u64().unwrap_or(0),
            ));
    }
    out
}

fn scan_json(dir: &Dir, args: &[&str]) -> Run {
    let mut all = vec!["scan", "--only", "markings", "--format", "json"];
    all.extend_from_slice(args);
    run(dir.clearance(&all))
}

/// Spec 2.5: file, position, line, and the finding it must give (rule, outcome, score).
const POSITIVE: &[(&str, &str, At, &str, &str, &str, i64)] = &[
    (
        "P1",
        "README.md",
        At::First,
        "# OFFICIAL-SENSITIVE",
        "uk-official-sensitive",
        "block",
        95,
    ),
    (
        "P2",
        "design.md",
        At::First,
        "OFFICIAL - SENSITIVE",
        "uk-official-sensitive",
        "block",
        95,
    ),
    (
        "P3",
        "notes.eml",
        At::Line(2),
        "Subject: [OFFICIAL-SENSITIVE] Q3 referrals",
        "uk-official-sensitive",
        "block",
        90,
    ),
    (
        "P4",
        "minutes.md",
        At::Last,
        "OFFICIAL-SENSITIVE [PERSONAL]",
        "uk-official-sensitive",
        "block",
        95,
    ),
    (
        "P5",
        "bid.md",
        At::First,
        "OFFICIAL–SENSITIVE: COMMERCIAL",
        "uk-official-sensitive",
        "block",
        95,
    ),
    (
        "P6",
        "brief.txt",
        At::First,
        "SECRET UK EYES ONLY",
        "uk-eyes-only",
        "block",
        100,
    ),
    (
        "P7",
        "brief2.txt",
        At::First,
        "TOP SECRET – UK / US EYES ONLY",
        "uk-eyes-only",
        "block",
        100,
    ),
    (
        "P8",
        "page.html",
        At::First,
        "<!-- UK OFFICIAL-SENSITIVE -->",
        "uk-official-sensitive",
        "block",
        95,
    ),
    (
        "P9",
        "intel.txt",
        At::First,
        "TOP SECRET//SI//NOFORN",
        "us-banner",
        "block",
        105,
    ),
    (
        "P10",
        "cable.txt",
        At::First,
        "SECRET//REL TO USA, GBR",
        "us-banner",
        "block",
        105,
    ),
    (
        "P11",
        "report.md",
        At::Mid,
        "(TS//SI//NF) The collection platform was retasked.",
        "us-portion",
        "block",
        80,
    ),
    (
        "P12",
        "contacts.md",
        At::Mid,
        "(U//FOUO) Contact list for the programme.",
        "us-portion",
        "warn",
        60,
    ),
    (
        "P13",
        "cui.md",
        At::First,
        "CUI//SP-PRVCY",
        "us-banner",
        "block",
        80,
    ),
    (
        "P14",
        "memo.txt",
        At::First,
        "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
        "us-banner",
        "block",
        85,
    ),
    (
        "P15",
        "nato.txt",
        At::First,
        "NATO RESTRICTED",
        "nato",
        "block",
        100,
    ),
    (
        "P16",
        "nato2.txt",
        At::Last,
        "COSMIC TOP SECRET ATOMAL",
        "nato",
        "block",
        100,
    ),
    (
        "P17",
        "eu.txt",
        At::First,
        "RESTREINT UE/EU RESTRICTED",
        "eu-classified",
        "block",
        100,
    ),
    (
        "P18",
        "eu2.md",
        At::First,
        "* CONFIDENTIEL UE/EU CONFIDENTIAL *",
        "eu-classified",
        "block",
        100,
    ),
    (
        "P19",
        "old.txt",
        At::First,
        "RESTRICTED - COMMERCIAL",
        "gpms-compound",
        "block",
        85,
    ),
    (
        "P20",
        "old2.txt",
        At::Last,
        "PROTECT - PERSONAL",
        "gpms-compound",
        "block",
        85,
    ),
    (
        "P21",
        "doc.txt",
        At::FirstAndLast,
        "SECRET",
        "banner-secret",
        "block",
        95,
    ),
    (
        "P22",
        "doc2.txt",
        At::First,
        "CONFIDENTIAL",
        "banner-confidential",
        "warn",
        75,
    ),
    ("P23", "x.py", At::Mid, "# NOFORN", "us-noforn", "block", 90),
    (
        "P24",
        "handling.md",
        At::Mid,
        "Handling: HMG USE ONLY",
        "uk-hmg-use-only",
        "warn",
        55,
    ),
    (
        "P25",
        "etl.py",
        At::Mid,
        "# Data in this table is OFFICIAL-SENSITIVE and must not be logged",
        "uk-official-sensitive",
        "warn",
        70,
    ),
    (
        "P26",
        "footer.py",
        At::Mid,
        "FOOTER = \"OFFICIAL-SENSITIVE\"",
        "uk-official-sensitive",
        "warn",
        50,
    ),
    (
        "P27",
        "subj.txt",
        At::Mid,
        "[SECRET] Op update for Tuesday",
        "bracket-subject-secret",
        "warn",
        70,
    ),
    (
        "P27b",
        "subj2.txt",
        At::Mid,
        "Subject: [SECRET] Op update for Tuesday",
        "bracket-subject-secret",
        "block",
        90,
    ),
];

#[test]
fn every_positive_example_of_the_spec_in_its_file_and_position() {
    let dir = Dir::new();
    for (_, path, at, line, ..) in POSITIVE {
        dir.write(path, file_with(path, line, *at));
    }
    let r = scan_json(&dir, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let found = markings_by_path(&r);
    for (id, path, _, line, rule, outcome, score) in POSITIVE {
        let got = found.get(*path).cloned().unwrap_or_default();
        assert!(
            got.iter()
                .any(|(r, o, s, _)| r == rule && o == outcome && s == score),
            "{id} {path}: {line:?} should give {rule} {outcome} {score}; got {got:?}"
        );
        // Nothing else about that line is stronger than what the spec says.
        let want = if *outcome == "block" { 3 } else { 2 };
        let rank = |o: &str| match o {
            "block" => 3,
            "warn" => 2,
            _ => 1,
        };
        assert!(
            got.iter().all(|(_, o, _, _)| rank(o) <= want),
            "{id} {path}: {got:?}"
        );
    }
}

#[test]
fn the_australian_rule_is_off_until_enabled() {
    let dir = Dir::new();
    let path = "mail.txt";
    dir.write(
        path,
        file_with(path, "Subject: Budget [SEC=OFFICIAL:Sensitive]", At::Mid),
    );
    let off = markings_by_path(&scan_json(&dir, &[]));
    assert!(
        off.values().flatten().all(|(r, _, _, _)| r != "au-pspf"),
        "{off:?}"
    );
    // Off, the case-insensitive pass still sees it: a warning, not a block.
    assert_eq!(
        off[path],
        vec![(
            "uk-official-sensitive-any-case".to_string(),
            "warn".to_string(),
            60,
            8
        )]
    );
    dir.write(".clearance.toml", "[rules]\nenable = [\"au-pspf\"]\n");
    let on = markings_by_path(&scan_json(&dir, &[]));
    // P28: AU-PSPF 80 + 20 (subject) = 100.
    assert_eq!(
        on[path],
        vec![("au-pspf".to_string(), "block".to_string(), 100, 8)]
    );
}

/// Spec 2.6: none of these may warn or block; those with a rule give exactly that rule at info.
const NEGATIVE: &[(&str, &str, At, &str, Option<&str>)] = &[
    (
        "N1",
        "app.py",
        At::Mid,
        "CLIENT_SECRET = os.environ[\"CLIENT_SECRET\"]",
        None,
    ),
    (
        "N2",
        "settings.py",
        At::Mid,
        "secret_key = settings.SECRET_KEY",
        None,
    ),
    (
        "N3",
        "index.html",
        At::Mid,
        "<a href=\"https://www.gov.uk\">Official website</a>",
        None,
    ),
    ("N4", "k8s.yaml", At::First, "kind: Secret", None),
    ("N5", "oidc.yaml", At::Mid, "  confidential: true", None),
    (
        "N6",
        "client.json",
        At::Only,
        "{\"confidential\": false}",
        None,
    ),
    (
        "N7",
        "rotate.sh",
        At::First,
        "SECRET//TODO: rotate this",
        None,
    ),
    ("N8", "LICENSE", At::First, "(C) Crown copyright 2024", None),
    (
        "N9",
        "Main.java",
        At::First,
        "// Copyright (c) 2023 HM Revenue & Customs",
        None,
    ),
    (
        "N10",
        "model.ts",
        At::First,
        "enum Classification { OFFICIAL, OFFICIAL_SENSITIVE, SECRET, TOP_SECRET }",
        None,
    ),
    (
        "N11",
        "cfg.py",
        At::First,
        "classification = \"OFFICIAL\"",
        None,
    ),
    (
        "N12",
        "pizza.md",
        At::First,
        "# Top Secret Pizza Recipe",
        None,
    ),
    ("N13", "levels.py", At::First, "TOP_SECRET_LEVEL = 4", None),
    (
        "N14",
        "ci.yml",
        At::Mid,
        "token: ${{ secrets.GITHUB_TOKEN }}",
        None,
    ),
    (
        "N15",
        "CHANGELOG.md",
        At::First,
        "1.2.3 (S) fixed scrolling",
        None,
    ),
    ("N16", "config.ini", At::First, "[SECRET]", None),
    (
        "N17",
        "vault.sh",
        At::First,
        "vault kv get secret/myapp",
        None,
    ),
    (
        "N18",
        "films.txt",
        At::First,
        "FOR YOUR EYES ONLY (1981)",
        None,
    ),
    (
        "N19",
        "form.html",
        At::Mid,
        "<option>OFFICIAL</option>",
        None,
    ),
    (
        "N20",
        "doc3.md",
        At::First,
        "OFFICIAL",
        Some("banner-official"),
    ),
    (
        "N21",
        "nato3.txt",
        At::First,
        "NATO UNCLASSIFIED",
        Some("nato-unclassified"),
    ),
    ("N22", "es.py", At::First, "LIMITE = 100", None),
    (
        "N23",
        "aws.sh",
        At::First,
        "aws secretsmanager get-secret-value --secret-id prod/db",
        None,
    ),
    (
        "N24",
        "policy.md",
        At::First,
        "The GSCP has three tiers: OFFICIAL, SECRET and TOP SECRET.",
        None,
    ),
    (
        "N25",
        "doc4.md",
        At::First,
        "UNCLASSIFIED",
        Some("banner-unclassified"),
    ),
    (
        "N26",
        "notes.md",
        At::Mid,
        "Label the doc with the OFFICIAL-SENSITIVE marking if needed, e.g. in the footer.",
        Some("uk-official-sensitive"),
    ),
    (
        "N27",
        "schema.graphql",
        At::First,
        "enum Level { PUBLIC CONFIDENTIAL RESTRICTED }",
        None,
    ),
    (
        "N28",
        "docker-compose.yml",
        At::Mid,
        "      - DJANGO_SECRET_KEY=${SECRET}",
        None,
    ),
    (
        "N29",
        "cache.py",
        At::First,
        "# SECRET//FIX: race on refresh",
        None,
    ),
    (
        "N30",
        "notes.txt",
        At::First,
        "CONFIDENTIAL//FOR INTERNAL USE",
        None,
    ),
    ("N31", "values.yaml", At::First, "SECRET:", None),
];

#[test]
fn no_negative_example_of_the_spec_warns_or_blocks() {
    let dir = Dir::new();
    for (_, path, at, line, _) in NEGATIVE {
        dir.write(path, file_with(path, line, *at));
    }
    let r = scan_json(&dir, &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let found = markings_by_path(&r);
    for (id, path, _, line, info) in NEGATIVE {
        let got = found.get(*path).cloned().unwrap_or_default();
        match info {
            None => assert!(got.is_empty(), "{id} {path}: {line:?} gave {got:?}"),
            Some(rule) => assert!(
                got.len() == 1 && got[0].0 == *rule && got[0].1 == "info",
                "{id} {path}: {line:?} should be info from {rule}; got {got:?}"
            ),
        }
    }
    // With --verbose the info findings are shown and the run still passes.
    let r = run(dir.clearance(&["scan", "--only", "markings", "--verbose"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("banner-official (info"), "{}", r.stdout);
}

#[test]
fn a_marked_markdown_document_blocks_at_its_banners() {
    let dir = Dir::new();
    dir.write(
        "docs/briefing.md",
        "---\ntitle: Referral pathway review\n---\n\n**Classification:** OFFICIAL-SENSITIVE\n\n\
         # Referral pathway review\n\nThe review covers the 2023 referrals.\n\n\
         ## Findings\n\n- Waiting times rose in Q3.\n- Two sites share one inbox.\n\n\
         ## Next steps\n\nThe team will report in May.\n\nOFFICIAL-SENSITIVE\n",
    );
    let r = scan_json(&dir, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let found = &markings_by_path(&r)["docs/briefing.md"];
    // Top (labelled, line 5) and bottom (last line) banners: 70 + 15 (banner) + 10 (edge).
    assert_eq!(
        found,
        &vec![
            ("uk-official-sensitive".into(), "block".into(), 95, 5),
            ("uk-official-sensitive".into(), "block".into(), 95, 20),
        ]
    );
    // Human output shows the marking as written, says what to do, and the verdict counts it.
    let r = run(dir.clearance(&["scan", "docs"]));
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("**Classification:** OFFICIAL-SENSITIVE"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("uk-official-sensitive (block, score 95)"),
        "{}",
        r.stdout
    );
    let last = r.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("clearance: BLOCKED 2 markings"), "{last}");
}

#[test]
fn a_plain_text_memo_and_an_email() {
    let dir = Dir::new();
    dir.write(
        "memo.txt",
        "SECRET\n\nTo: Director of Operations\nFrom: Planning cell\n\n\
         1. The exercise moves to the northern range.\n2. Transport is booked.\n\n\
         SECRET\n",
    );
    dir.write(
        "inbox/referrals.eml",
        "Return-Path: <planning@example.org>\nFrom: Planning <planning@example.org>\n\
         To: Team <team@example.org>\nDate: Tue, 2 Jan 2024 09:00:00 +0000\n\
         Subject: OFFICIAL-SENSITIVE: Q3 referrals\nMIME-Version: 1.0\n\
         Content-Type: text/plain; charset=utf-8\n\nHello,\n\nThe Q3 figures are attached.\n\n\
         > On Monday you wrote:\n> Can we have the figures?\n\nThanks\n",
    );
    let r = scan_json(&dir, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let found = markings_by_path(&r);
    assert_eq!(
        found["memo.txt"],
        vec![
            ("banner-secret".into(), "block".into(), 95, 1),
            ("banner-secret".into(), "block".into(), 95, 9),
        ]
    );
    // Subject line (+20), in the first five lines but not a banner: 70 + 20.
    assert_eq!(
        found["inbox/referrals.eml"],
        vec![("uk-official-sensitive".into(), "block".into(), 90, 5)]
    );
}

#[test]
fn code_and_configuration_traps_never_block() {
    let dir = Dir::new();
    dir.write(
        "app/settings.py",
        "\"\"\"Settings for the referrals service.\"\"\"\nimport os\nfrom enum import Enum\n\n\
         CLIENT_SECRET = os.environ[\"CLIENT_SECRET\"]\nSECRET_KEY = os.environ.get(\"SECRET_KEY\")\n\n\n\
         class Classification(Enum):\n    OFFICIAL = \"OFFICIAL\"\n    OFFICIAL_SENSITIVE = \"OFFICIAL-SENSITIVE\"\n\
         \x20   SECRET = \"SECRET\"\n    TOP_SECRET = \"TOP SECRET\"\n\n\n\
         # Data in this table is OFFICIAL-SENSITIVE and must not be logged\n\
         FOOTER = \"OFFICIAL-SENSITIVE\"\nLEVELS = [\"OFFICIAL\", \"SECRET\", \"TOP SECRET\"]\n\
         DEBUG = False\n",
    );
    dir.write(
        "web/marking.ts",
        "export enum Classification {\n  OFFICIAL = 'OFFICIAL',\n  SECRET = 'SECRET',\n}\n\n\
         export const OPTIONS = ['OFFICIAL', 'OFFICIAL-SENSITIVE', 'SECRET'];\n\n\
         // The banner reads OFFICIAL-SENSITIVE when the user picks it, e.g. in the footer.\n\
         export function banner(level: string): string {\n  return `${level}`;\n}\n",
    );
    dir.write(
        "deploy/values.yaml",
        "SECRET:\n  name: app-secret\nkind: Secret\nlevels:\n  - OFFICIAL\n  - CONFIDENTIAL\n  - SECRET\n\
         oidc:\n  confidential: true\nclassification: OFFICIAL-SENSITIVE\n",
    );
    dir.write(
        "deploy/app.ini",
        "[SECRET]\npath = /run/secrets\n\n[RESTRICTED]\nusers = ops\n",
    );
    let r = scan_json(&dir, &[]);
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let found = markings_by_path(&r);
    assert!(
        found.values().flatten().all(|(_, o, _, _)| o != "block"),
        "{found:?}"
    );
    // The comment and the footer string are mentions: warnings, with their scores.
    let py = &found["app/settings.py"];
    assert!(
        py.contains(&("uk-official-sensitive".into(), "warn".into(), 70, 16)),
        "{py:?}"
    );
    assert!(
        py.contains(&("uk-official-sensitive".into(), "warn".into(), 50, 17)),
        "{py:?}"
    );
    assert!(!found.contains_key("deploy/app.ini"), "{found:?}");
    // `classification: OFFICIAL-SENSITIVE` in configuration is prose about a marking.
    assert_eq!(
        found["deploy/values.yaml"],
        vec![("uk-official-sensitive".into(), "info".into(), 45, 10)]
    );
}

#[test]
fn a_portion_marked_document_blocks_with_its_banner() {
    let dir = Dir::new();
    let body = "(U) Background to the programme and its sponsors.\n\n\
                (S) The collection platform was retasked in March.\n\n\
                (C) Liaison arrangements with the partner are unchanged.\n\n\
                (U) Next review in June.\n";
    dir.write("plain.md", format!("# Programme update\n\n{body}"));
    dir.write("marked.txt", format!("SECRET\n\n{body}\nSECRET\n"));
    dir.write(
        "LICENSE",
        "(C) Crown copyright 2024\n\n(U) Under the Open Government Licence\n\n\
         (C) Copyright 2023 HM Revenue & Customs\n",
    );
    let r = scan_json(&dir, &[]);
    let found = markings_by_path(&r);
    assert_eq!(
        found["plain.md"],
        vec![("portion-aggregate".into(), "warn".into(), 60, 3)]
    );
    assert!(
        found["marked.txt"].contains(&("portion-aggregate".into(), "block".into(), 85, 3)),
        "{found:?}"
    );
    assert!(!found.contains_key("LICENSE"), "{found:?}");
    let json = r.json();
    let note = json["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|f| f["path"] == "plain.md")
        .map(|f| f["note"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    assert!(
        note.starts_with("4 lines open with a portion mark"),
        "{note}"
    );
}

#[test]
fn a_staged_commit_is_judged_on_the_whole_file() {
    let repo = Repo::new();
    let body: String = (0..20).map(|i| format!("Paragraph {i}.\n")).collect();
    repo.commit_file("brief.md", format!("OFFICIAL-SENSITIVE\n\n{body}"), "brief");
    // A new paragraph in the middle of a marked file: not a marking itself.
    repo.write(
        "brief.md",
        format!("OFFICIAL-SENSITIVE\n\nA new paragraph.\n{body}"),
    );
    repo.add(&["brief.md"]);
    let r = run(repo.clearance(&["scan", "--staged", "--only", "markings"]));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // A new file with a banner at its foot: the foot is an edge of the whole staged file.
    repo.write("annex.md", format!("# Annex\n\n{body}\nSECRET\n"));
    repo.add(&["annex.md"]);
    let r = run(repo.clearance(&["scan", "--staged", "--only", "markings", "--format", "json"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.path_lines(), vec![("annex.md".to_string(), 24)]);
}

#[test]
fn inline_allow_accepts_a_mention() {
    let dir = Dir::new();
    dir.write(
        "footer.py",
        "FOOTER = \"OFFICIAL-SENSITIVE\"  # clearance:allow uk-official-sensitive reason=\"template option\"\n",
    );
    let r = run(dir.clearance(&["scan", "--only", "markings", "--strict"]));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("1 suppressed"), "{}", r.stderr);
}

/// `clearance hash-codeword -` with `words` on standard input.
fn hash_words(dir: &Dir, words: &str) -> Run {
    let mut cmd = dir.clearance(&["hash-codeword", "-"]);
    cmd.write_stdin(words.to_string());
    run(cmd)
}

#[test]
fn hash_codeword_prints_hashes_never_the_word() {
    let dir = Dir::new();
    let r = hash_words(&dir, "nightjar\n\nKESTREL\n");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let hashes: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(hashes.len(), 2);
    // `printf NIGHTJAR | sha256sum`
    assert_eq!(
        hashes[0],
        "acc03eaa6e06ef21d26fcebabfee6044d9a5001d3d5ec3f5de99d493dce73853"
    );
    assert!(!format!("{}{}", r.stdout, r.stderr)
        .to_uppercase()
        .contains("NIGHTJAR"));
    let arg = run(dir.clearance(&["hash-codeword", "Nightjar"]));
    assert_eq!(arg.stdout.trim(), hashes[0]);
    for bad in ["NIGHT JAR\n", "OS\n", "\n", "9LIVES\n"] {
        let r = hash_words(&dir, bad);
        assert_eq!(r.code, 2, "{bad:?}: {}", r.stdout);
        let word = bad.trim();
        assert!(
            word.is_empty() || !r.stderr.contains(word),
            "{bad:?} echoed: {}",
            r.stderr
        );
        assert!(r.stdout.is_empty());
    }
}

#[test]
fn codewords_from_the_config_block_and_stay_masked() {
    let dir = Dir::new();
    let hashes = hash_words(&dir, "NIGHTJAR\nKESTREL\n").stdout;
    let list: Vec<String> = hashes.lines().map(|h| format!("  \"{h}\",")).collect();
    dir.write(
        ".clearance.toml",
        format!("[markings]\ncodewords_sha256 = [\n{}\n]\n", list.join("\n")),
    );
    dir.write(
        "plan.md",
        "# Exercise plan\n\nThe NIGHTJAR phase starts in May; Nightjar the bird is unrelated.\n\
         KESTREL_HOST=10.0.0.1\nOSPREY is not a codeword.\n",
    );
    let r = scan_json(&dir, &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        markings_by_path(&r)["plan.md"],
        vec![
            ("codeword".into(), "block".into(), 90, 3),
            ("codeword".into(), "block".into(), 90, 4),
        ]
    );
    let json = r.json();
    let f: &Value = &json["findings"][0];
    assert_eq!(
        f["value_sha256"].as_str(),
        hashes.lines().next(),
        "the report's hash is the configured one"
    );
    // Masked in every format: the codeword never reaches the output.
    for format in ["human", "json", "sarif", "markdown"] {
        let r = run(dir.clearance(&["scan", "--format", format, "plan.md"]));
        assert_eq!(r.code, 1);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(
            !all.contains("NIGHTJAR") && !all.contains("KESTREL"),
            "{format}: {all}"
        );
    }
    // Inline allow and rule selection know the rule.
    dir.write(
        "ok.md",
        "NIGHTJAR  <!-- clearance:allow codeword reason=\"the bird survey\" -->\n",
    );
    let r = run(dir.clearance(&["scan", "ok.md"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = run(dir.clearance(&["config", "check"]));
    assert!(r.stdout.contains("codewords: 2 hashes"), "{}", r.stdout);
}

#[test]
fn a_bad_codeword_hash_names_its_line_without_quoting_it() {
    let dir = Dir::new();
    dir.write(
        ".clearance.toml",
        "# codewords\n[markings]\ncodewords_sha256 = [\n  \"NIGHTJAR\",\n]\n",
    );
    dir.write("a.txt", "hello\n");
    let r = run(dir.clearance(&["scan", "a.txt"]));
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("line 4, key `markings.codewords_sha256`: entry 1: not a SHA-256 hash"),
        "{}",
        r.stderr
    );
    assert!(!r.stderr.contains("NIGHTJAR"), "{}", r.stderr);
}
