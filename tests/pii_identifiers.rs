//! The identifier detectors (NINO, NHS / CHI / H&C, bank accounts, IBAN, cards, UTR, VAT,
//! company numbers) through the real binary on realistic files: a CSV export with a header
//! row, a JSON fixture, a YAML config, a markdown note, a notebook, a table of numbers in code,
//! and a staged commit. Checks outcomes, exit codes, and that no value is ever printed whole.
//! Every identifier is generated at run time with a valid check digit (never stored).

mod common;

use clearance::engine::pii::checksum::{
    iban_check_digits, luhn_check_digit, nhs_check_digit, utr_check_digit,
};
use common::repo::Repo;
use common::{run, Dir, Fake, Run};
use serde_json::Value;

/// Synthetic identifiers that pass their checks, drawn from a seeded generator.
struct Synthetic(Fake);

impl Synthetic {
    fn new(seed: u64) -> Synthetic {
        Synthetic(Fake::new(seed))
    }

    fn digits(&mut self, n: usize) -> String {
        self.0.chars("0123456789", n)
    }

    /// A NINO with an issued-looking prefix (no D F I Q U V, no O second, none of the unused
    /// or administrative prefixes).
    fn nino(&mut self) -> String {
        let prefix =
            self.0.chars("ABCEGHJKLMNPRSTWXYZ", 1) + &self.0.chars("ABCEGHJKLMNPRSTWXYZ", 1);
        if [
            "BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "CR", "MW", "NC", "PP", "PY", "PZ",
        ]
        .contains(&prefix.as_str())
        {
            return self.nino();
        }
        let digits = self.digits(6);
        format!("{prefix}{digits}{}", self.0.chars("ABCD", 1))
    }

    /// An NHS number in an England/Wales range (4xx, 6xx, 7xx), unformatted.
    fn nhs(&mut self) -> String {
        let base = self.0.chars("467", 1) + &self.digits(8);
        match nhs_check_digit(base.as_bytes()) {
            Some(check) => format!("{base}{}", check as char),
            None => self.nhs(),
        }
    }

    /// A Visa number: 4, 14 random digits, the Luhn check digit.
    fn card(&mut self) -> String {
        let payload = format!("4{}", self.digits(14));
        format!("{payload}{}", luhn_check_digit(payload.as_bytes()) as char)
    }

    /// A GB IBAN with valid check digits.
    fn iban(&mut self) -> String {
        let bban = format!(
            "{}{}",
            self.0.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 4),
            self.digits(14)
        );
        let check = iban_check_digits(b"GB", bban.as_bytes()).expect("alphanumeric");
        format!("GB{}{bban}", String::from_utf8_lossy(&check))
    }

    /// A sort code that is no date (first pair 40 to 99), hyphenated.
    fn sort_code(&mut self) -> String {
        format!(
            "{}{}-{}-{}",
            self.0.chars("456789", 1),
            self.digits(1),
            self.digits(2),
            self.digits(2)
        )
    }

    /// An account number that is no YYYYMMDD date (first digit 3 to 9).
    fn account(&mut self) -> String {
        self.0.chars("3456789", 1) + &self.digits(7)
    }

    /// A plausible date of birth (1950-1989), ISO written; `i` varies the month and day.
    fn dob(&mut self, i: usize) -> String {
        format!(
            "19{}{}-{:02}-{:02}",
            5 + i % 4,
            self.digits(1),
            1 + i % 12,
            10 + i % 18
        )
    }

    /// A UTR: check digit first, then nine digits.
    fn utr(&mut self) -> String {
        let body = self.digits(9);
        format!("{}{body}", utr_check_digit(body.as_bytes()) as char)
    }
}

/// `value` in 3-3-4 (NHS) or 4-4-4-4 (card, IBAN) groups.
fn grouped(value: &str, sizes: &[usize]) -> String {
    let mut out = Vec::new();
    let mut rest = value;
    for &n in sizes {
        let (head, tail) = rest.split_at(n.min(rest.len()));
        out.push(head);
        rest = tail;
    }
    if !rest.is_empty() {
        out.push(rest);
    }
    out.join(" ")
}

/// Panics if any value, as written or with its separators removed, appears in the output.
fn assert_never_printed(r: &Run, values: &[String]) {
    for value in values {
        let compact: String = value.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        for form in [value.as_str(), compact.as_str()] {
            assert!(
                !r.stdout.contains(form) && !r.stderr.contains(form),
                "printed {form}:\n{}\n{}",
                r.stdout,
                r.stderr
            );
        }
    }
}

fn findings(json: &Value) -> Vec<Value> {
    json["findings"].as_array().cloned().unwrap_or_default()
}

/// (rule, outcome) of every finding that is not a bulk-extract finding.
fn rule_outcomes(json: &Value) -> Vec<(String, String)> {
    findings(json)
        .iter()
        .filter(|f| !is_bulk(f))
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default().to_string(),
                f["outcome"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn is_bulk(f: &Value) -> bool {
    f["note"]
        .as_str()
        .is_some_and(|n| n.contains("data extract"))
}

#[test]
fn csv_export_with_a_header_row_blocks_every_identifier_and_masks_them() {
    let dir = Dir::new();
    let mut gen = Synthetic::new(11);
    let mut csv = String::from("name,ni_number,nhs_number,sort_code,account_number,card_number\n");
    let mut values = Vec::new();
    for i in 0..6 {
        let (nino, nhs, sort, account, card) = (
            gen.nino(),
            gen.nhs(),
            gen.sort_code(),
            gen.account(),
            gen.card(),
        );
        csv.push_str(&format!(
            "Person {i},{nino},{nhs},{sort},{account},{card}\n"
        ));
        values.extend([nino, nhs, account, card]);
    }
    dir.write("export.csv", &csv);

    let r = run(dir.clearance(&["scan", "--format", "json", "export.csv"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_never_printed(&r, &values);
    let json = r.json();
    let outcomes = rule_outcomes(&json);
    for rule in ["uk-nino", "uk-nhs", "uk-bank-account", "pan"] {
        let of_rule: Vec<_> = outcomes.iter().filter(|(r, _)| r == rule).collect();
        assert_eq!(of_rule.len(), 6, "{rule}: {outcomes:?}");
        assert!(
            of_rule.iter().all(|(_, o)| o == "block"),
            "{rule}: {outcomes:?}"
        );
    }
    let bulk: Vec<String> = findings(&json)
        .iter()
        .filter(|f| is_bulk(f))
        .filter_map(|f| f["rule_id"].as_str().map(str::to_string))
        .collect();
    for rule in ["uk-nino", "uk-nhs", "pan"] {
        assert!(
            bulk.iter().any(|b| b == rule),
            "no bulk finding for {rule}: {bulk:?}"
        );
    }

    let human = run(dir.clearance(&["scan", "export.csv"]));
    assert_eq!(human.code, 1);
    assert_never_printed(&human, &values);
    assert!(human.stdout.contains("uk-nhs (block"), "{}", human.stdout);
    let nhs = &values[1];
    let masked = format!("{}••••••{}", &nhs[..2], &nhs[8..]);
    assert!(human.stdout.contains(&masked), "{}", human.stdout);
}

#[test]
fn json_fixture_with_a_patient_record_blocks() {
    let dir = Dir::new();
    let mut gen = Synthetic::new(12);
    let (nhs, nino, iban) = (gen.nhs(), gen.nino(), gen.iban());
    let nhs_printed = grouped(&nhs, &[3, 3, 4]);
    let fixture = format!(
        r#"{{
  "patient": {{
    "name": "Ann Example",
    "nhsNumber": "{nhs_printed}",
    "nationalInsuranceNumber": "{nino}",
    "payment": {{ "iban": "{iban}" }}
  }}
}}
"#
    );
    dir.write("tests/fixtures/patient.json", &fixture);
    let r = run(dir.clearance(&["scan", "--format", "json", "tests"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_never_printed(&r, &[nhs.clone(), nhs_printed, nino, iban]);
    let outcomes = rule_outcomes(&r.json());
    // Under tests/ (-10) each still blocks: NHS 40+25+40+20 (composite), NINO 60+25+10+20,
    // IBAN 85+10+10+20.
    for rule in ["uk-nhs", "uk-nino", "iban"] {
        assert!(
            outcomes.contains(&(rule.to_string(), "block".to_string())),
            "{rule}: {outcomes:?}"
        );
    }
}

#[test]
fn yaml_config_with_bank_details_blocks() {
    let dir = Dir::new();
    let mut gen = Synthetic::new(13);
    let (sort, account, iban) = (gen.sort_code(), gen.account(), gen.iban());
    let compact_sort: String = sort.chars().filter(char::is_ascii_digit).collect();
    let printed_iban = grouped(&iban, &[4, 4, 4, 4, 4]);
    let yaml = format!(
        "supplier:\n  name: Example Supplies\n  bank:\n    sortCode: \"{compact_sort}\"\n    accountNumber: \"{account}\"\n    iban: {printed_iban}\n"
    );
    dir.write("config/payees.yaml", &yaml);
    let r = run(dir.clearance(&["scan", "--format", "json", "config"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_never_printed(&r, &[account.clone(), iban.clone(), printed_iban]);
    let outcomes = rule_outcomes(&r.json());
    assert!(
        outcomes.contains(&("uk-bank-account".into(), "block".into())),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&("iban".into(), "block".into())),
        "{outcomes:?}"
    );
}

#[test]
fn a_markdown_note_warns_passes_and_fails_with_strict() {
    let dir = Dir::new();
    let nino = Synthetic::new(14).nino();
    let spaced = format!(
        "{} {} {} {} {}",
        &nino[..2],
        &nino[2..4],
        &nino[4..6],
        &nino[6..8],
        &nino[8..]
    );
    dir.write(
        "notes/visit.md",
        format!("# Visit\n\nApplicant {spaced} attended with a relative.\n"),
    );
    let r = run(dir.clearance(&["scan", "notes"]));
    assert_eq!(r.code, 0, "a warning alone passes: {}", r.stderr);
    assert!(
        r.stdout.contains("uk-nino (warn, score 60)"),
        "{}",
        r.stdout
    );
    assert_never_printed(&r, &[nino.clone(), spaced.clone()]);
    let last = r.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("clearance: WARN 1 personal data"),
        "{last}"
    );
    let strict = run(dir.clearance(&["scan", "--strict", "notes"]));
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert_never_printed(&strict, &[nino, spaced]);
}

#[test]
fn a_notebook_with_patient_data_in_a_cell_and_its_output_blocks() {
    let dir = Dir::new();
    let mut gen = Synthetic::new(15);
    let (nhs, card) = (gen.nhs(), gen.card());
    let card_printed = grouped(&card, &[4, 4, 4, 4]);
    let notebook = format!(
        r#"{{
 "cells": [
  {{
   "cell_type": "code",
   "execution_count": 3,
   "metadata": {{}},
   "outputs": [
    {{
     "name": "stdout",
     "output_type": "stream",
     "text": [
      "charged card {card_printed} for the prescription\n"
     ]
    }}
   ],
   "source": [
    "patient = df[df.nhs_number == \"{nhs}\"]\n",
    "charge(patient)\n"
   ]
  }}
 ],
 "metadata": {{ "kernelspec": {{ "name": "python3", "display_name": "Python 3" }} }},
 "nbformat": 4,
 "nbformat_minor": 5
}}
"#
    );
    dir.write("analysis.ipynb", &notebook);
    let r = run(dir.clearance(&["scan", "--format", "json", "analysis.ipynb"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_never_printed(&r, &[nhs, card, card_printed]);
    let outcomes = rule_outcomes(&r.json());
    assert!(
        outcomes.contains(&("uk-nhs".into(), "block".into())),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&("pan".into(), "block".into())),
        "{outcomes:?}"
    );
}

#[test]
fn documented_test_values_pass_and_are_reported_as_info_with_a_reason() {
    let dir = Dir::new();
    dir.write(
        "docs/testing.md",
        "Use only these in tests:\n\
         - NI number QQ 12 34 56 C\n\
         - NHS number 999 000 0018\n\
         - card 4242 4242 4242 4242\n\
         - IBAN GB82 WEST 1234 5698 7654 32\n\
         - UTR 1234567890\n\
         - sort code 00-00-00, account 00000000\n",
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "docs"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let found = findings(&r.json());
    let classes: Vec<(&str, &str)> = found
        .iter()
        .map(|f| {
            (
                f["rule_id"].as_str().unwrap_or_default(),
                f["class"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert!(found.iter().all(|f| f["outcome"] == "info"), "{classes:?}");
    for expected in [
        ("uk-nhs", "test"),
        ("pan", "test"),
        ("iban", "test"),
        ("uk-bank-account", "placeholder"),
    ] {
        assert!(classes.contains(&expected), "{expected:?} in {classes:?}");
    }
    assert!(
        found
            .iter()
            .all(|f| f["note"].as_str().is_some_and(|n| !n.is_empty())),
        "every test value says why: {found:?}"
    );
}

#[test]
fn the_widely_copied_real_nino_example_blocks_with_advice() {
    let dir = Dir::new();
    dir.write(
        "seed.py",
        "EXAMPLE_NINO = \"AB123456C\"  # from a tutorial\n",
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "seed.py"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let found = findings(&r.json());
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["class"], "known-real-example");
    assert_eq!(found[0]["outcome"], "block");
    assert!(found[0]["note"]
        .as_str()
        .is_some_and(|n| n.contains("QQ 12 34 56 C")));
}

#[test]
fn tables_of_numbers_in_code_are_not_personal_data() {
    let dir = Dir::new();
    let mut fake = Fake::new(16);
    let mut code =
        String::from("// Precomputed powers, do not edit.\npub const TABLE: [u64; 400] = [\n");
    for _ in 0..200 {
        code.push_str(&format!(
            "    {},\n",
            fake.chars("123456789", 1) + &fake.chars("0123456789", 9)
        ));
        code.push_str(&format!(
            "    {},\n",
            fake.chars("3456", 1) + &fake.chars("0123456789", 15)
        ));
    }
    code.push_str("];\n");
    dir.write("src/table.rs", &code);
    let r = run(dir.clearance(&["scan", "--format", "json", "src"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let found = findings(&r.json());
    assert!(
        !found.is_empty(),
        "some chance checksum passes are expected as info"
    );
    assert!(
        found.iter().all(|f| f["outcome"] == "info" && !is_bulk(f)),
        "{found:?}"
    );
}

#[test]
fn an_extract_without_context_is_a_bulk_block() {
    let dir = Dir::new();
    let mut gen = Synthetic::new(17);
    let mut text = String::from("ref,seen\n");
    let values: Vec<String> = (0..6).map(|_| gen.nhs()).collect();
    for v in &values {
        text.push_str(&format!("{v},yes\n"));
    }
    dir.write("extract.csv", &text);
    let r = run(dir.clearance(&["scan", "--format", "json", "extract.csv"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_never_printed(&r, &values);
    let found = findings(&r.json());
    let bulk: Vec<_> = found.iter().filter(|f| is_bulk(f)).collect();
    assert_eq!(bulk.len(), 1, "{found:?}");
    assert_eq!(bulk[0]["rule_id"], "uk-nhs");
    assert_eq!(bulk[0]["outcome"], "block");
    // Each value alone, unformatted and without context, is only info.
    assert!(found
        .iter()
        .filter(|f| !is_bulk(f))
        .all(|f| f["outcome"] == "info"));
}

/// A SQL seed file or dump holds its rows under one `INSERT ... (columns) VALUES`, a
/// `COPY ... (columns) FROM stdin`, or (mysqldump) an `INSERT` under its `CREATE TABLE`: each
/// value takes its column's name as context, as under a CSV header, on every row.
#[test]
fn a_sql_insert_names_the_column_of_every_row() {
    let dir = Dir::new();
    let mut gen = Synthetic::new(23);
    let mut sql = String::from(
        "-- generated by pg_dump\nINSERT INTO public.patients (id, full_name, nhs_number, date_of_birth, notes)\nVALUES\n",
    );
    let rows = 5;
    let count = |json: &Value, rule: &str| {
        rule_outcomes(json)
            .iter()
            .filter(|(r, o)| r == rule && o != "info")
            .count()
    };
    // Scans `folder`: every row's NHS number and date of birth is reported above info, and
    // none of `values` is printed.
    let every_row_found = |folder: &str, values: &[String]| {
        let r = run(dir.clearance(&["scan", "--format", "json", folder]));
        assert_eq!(r.code, 1, "{folder}: {}", r.stderr);
        assert_never_printed(&r, values);
        let json = r.json();
        assert_eq!(
            count(&json, "uk-nhs"),
            rows,
            "{folder}: {:?}",
            rule_outcomes(&json)
        );
        assert_eq!(
            count(&json, "dob"),
            rows,
            "{folder}: {:?}",
            rule_outcomes(&json)
        );
    };

    let mut values = Vec::new();
    for i in 0..rows {
        let (nhs, dob) = (gen.nhs(), gen.dob(i));
        let end = if i + 1 == rows { ";" } else { "," };
        sql.push_str(&format!(
            "  ({i}, 'Smith, Person {i}', '{nhs}', '{dob}', 'seen (twice), ok'){end}\n"
        ));
        values.extend([nhs, dob]);
    }
    dir.write("db/seed.sql", &sql);
    every_row_found("db", &values);

    // pg_dump's own form: `COPY ... FROM stdin;`, a tab-separated row per line.
    let mut copy = String::from(
        "COPY public.patients (id, full_name, nhs_number, date_of_birth) FROM stdin;\n",
    );
    let mut copied = Vec::new();
    for i in 0..rows {
        let (nhs, dob) = (gen.nhs(), gen.dob(i));
        copy.push_str(&format!("{i}\tSmith, Person {i}\t{nhs}\t{dob}\n"));
        copied.extend([nhs, dob]);
    }
    copy.push_str("\\.\n");
    dir.write("dump/dump.sql", &copy);
    every_row_found("dump", &copied);

    // mysqldump's default: rows without a column list, under the table's definition, all on
    // one line, longer than any line numbers are looked for on elsewhere.
    let mut mysql = String::from(
        "CREATE TABLE `patients` (\n  `id` int NOT NULL,\n  `nhs_number` char(10),\n  `dob` date,\n  `notes` text,\n  PRIMARY KEY (`id`)\n) ENGINE=InnoDB;\nINSERT INTO `patients` VALUES ",
    );
    let notes = "seen in clinic; ".repeat(80);
    let mut dumped = Vec::new();
    for i in 0..rows {
        let (nhs, dob) = (gen.nhs(), gen.dob(i));
        let sep = if i + 1 == rows { ";\n" } else { "," };
        mysql.push_str(&format!("({i},'{nhs}','{dob}','{notes}'){sep}"));
        dumped.extend([nhs, dob]);
    }
    dir.write("mysql/dump.sql", &mysql);
    every_row_found("mysql", &dumped);

    // The same lines in a text file: the column list is two lines above the first row, too
    // far for any value to take it as context.
    std::fs::remove_file(dir.path().join("db/seed.sql")).expect("removed");
    dir.write("db/seed.txt", &sql);
    let text = run(dir.clearance(&["scan", "--format", "json", "db"]));
    let json = text.json();
    assert_eq!(count(&json, "dob"), 0, "{:?}", rule_outcomes(&json));
    assert_eq!(count(&json, "uk-nhs"), 0, "{:?}", rule_outcomes(&json));
}

/// An API response or export saved on one line is as much data as its pretty-printed
/// form; a long line of code (a bundle) is still machine output to numeric detectors.
#[test]
fn a_json_export_on_one_line_is_read_like_a_pretty_one() {
    let dir = Dir::new();
    let mut gen = Synthetic::new(29);
    let records: Vec<String> = (0..80)
        .map(|i| {
            format!(
                "{{\"id\":{i},\"surname\":\"Person{i}\",\"nhsNumber\":\"{}\"}}",
                gen.nhs()
            )
        })
        .collect();
    let one_line = format!("[{}]", records.join(","));
    assert!(one_line.len() > 4096, "{}", one_line.len());
    let pretty = format!("[\n  {}\n]\n", records.join(",\n  "));
    let nhs_blocks = |json: &Value| {
        rule_outcomes(json)
            .iter()
            .filter(|(r, o)| r == "uk-nhs" && o == "block")
            .count()
    };
    dir.write("api/patients.json", &pretty);
    let r = run(dir.clearance(&["scan", "--format", "json", "api"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(nhs_blocks(&r.json()), records.len());
    dir.write("api/patients.json", &one_line);
    let r = run(dir.clearance(&["scan", "--format", "json", "api"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(nhs_blocks(&r.json()), records.len(), "{}", r.stdout);

    std::fs::remove_file(dir.path().join("api/patients.json")).expect("removed");
    dir.write("api/bundle.js", format!("var patients={one_line};"));
    let r = run(dir.clearance(&["scan", "--format", "json", "api"]));
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(nhs_blocks(&r.json()), 0);
}

/// A notebook's DataFrame output in HTML (as pandas renders it): each value takes its
/// column's header cell as context, on every row, not only the first.
#[test]
fn a_notebook_html_table_names_its_columns() {
    let dir = Dir::new();
    let mut gen = Synthetic::new(37);
    let values: Vec<String> = (0..4).map(|_| gen.nhs()).collect();
    let mut html = vec![
        "<table border=\\\"1\\\" class=\\\"dataframe\\\">\\n".to_string(),
        "  <thead>\\n    <tr style=\\\"text-align: right;\\\">\\n".to_string(),
        "      <th></th>\\n      <th>surname</th>\\n      <th>nhs_number</th>\\n".to_string(),
        "    </tr>\\n  </thead>\\n  <tbody>\\n".to_string(),
    ];
    for (i, v) in values.iter().enumerate() {
        html.push(format!(
            "    <tr>\\n      <th>{i}</th>\\n      <td>Person{i}</td>\\n      <td>{v}</td>\\n    </tr>\\n"
        ));
    }
    html.push("  </tbody>\\n</table>".to_string());
    let lines: Vec<String> = html.iter().map(|l| format!("      \"{l}\"")).collect();
    let notebook = format!(
        "{{\n \"cells\": [{{\n  \"cell_type\": \"code\",\n  \"outputs\": [{{\n   \"data\": {{\n    \"text/html\": [\n{}\n    ]\n   }},\n   \"output_type\": \"execute_result\"\n  }}],\n  \"source\": [\"df.head()\"]\n }}],\n \"nbformat\": 4\n}}\n",
        lines.join(",\n")
    );
    dir.write("analysis.ipynb", &notebook);
    let r = run(dir.clearance(&["scan", "--format", "json", "analysis.ipynb"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_never_printed(&r, &values);
    let json = r.json();
    let warned = rule_outcomes(&json)
        .iter()
        .filter(|(rule, o)| rule == "uk-nhs" && o != "info")
        .count();
    assert_eq!(
        warned,
        values.len(),
        "{:?}\n{notebook}",
        rule_outcomes(&json)
    );
}

#[test]
fn chi_hc_and_utr_need_their_context() {
    let dir = Dir::new();
    let mut gen = Synthetic::new(18);
    let utr = gen.utr();
    // 31/12/80 + two digits + sex digit, then the check digit.
    let chi = (0..100)
        .map(|n| format!("311280{n:02}1"))
        .find_map(|b| nhs_check_digit(b.as_bytes()).map(|c| format!("{b}{}", c as char)))
        .expect("a valid CHI");
    let with = format!("CHI number: {chi}\nSelf Assessment UTR: {utr}\n");
    dir.write("with.txt", &with);
    let r = run(dir.clearance(&["scan", "--format", "json", "with.txt"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_never_printed(&r, &[utr.clone(), chi.clone()]);
    let outcomes = rule_outcomes(&r.json());
    assert!(
        outcomes.contains(&("scot-chi".into(), "block".into())),
        "{outcomes:?}"
    );
    assert!(
        outcomes.contains(&("uk-utr".into(), "block".into())),
        "{outcomes:?}"
    );

    dir.write("without.md", format!("reference {chi}\norder {utr}\n"));
    let r = run(dir.clearance(&["scan", "--format", "json", "without.md"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rules: Vec<String> = rule_outcomes(&r.json())
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert!(
        !rules.iter().any(|r| r == "scot-chi" || r == "uk-utr"),
        "{rules:?}"
    );
}

#[test]
fn vat_and_company_numbers_are_off_until_enabled_and_then_info() {
    let dir = Dir::new();
    dir.write(
        "invoice.txt",
        "Example Supplies Ltd, company number 08407369, VAT GB 980 7806 84\n",
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "invoice.txt"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(findings(&r.json()).is_empty(), "{}", r.stdout);
    dir.write(
        ".clearance.toml",
        "[rules]\nenable = [\"uk-vat\", \"uk-company-number\"]\n",
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "invoice.txt"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut outcomes = rule_outcomes(&r.json());
    outcomes.sort();
    assert_eq!(
        outcomes,
        [
            ("uk-company-number".to_string(), "info".to_string()),
            ("uk-vat".to_string(), "info".to_string())
        ]
    );
}

#[test]
fn a_staged_export_fails_the_commit_hook() {
    let repo = Repo::new();
    repo.commit_file("README.md", "# Clinic tools\n", "init");
    let mut gen = Synthetic::new(19);
    let nhs = grouped(&gen.nhs(), &[3, 3, 4]);
    repo.write(
        "data/referrals.csv",
        format!("patient,nhs_number\nA Patient,{nhs}\n"),
    );
    repo.add(&["data/referrals.csv"]);
    let r = run(repo.clearance(&["scan", "--staged"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stdout.contains("data/referrals.csv:2"), "{}", r.stdout);
    assert_never_printed(&r, &[nhs]);
}

#[test]
fn a_bare_number_that_is_only_info_for_one_rule_does_not_hide_another_rules_warning() {
    let dir = Dir::new();
    dir.write(
        ".clearance.toml",
        r#"
[[rule]]
id = "payroll-number"
name = "Payroll number"
category = "pii"
severity = "high"
keywords = []
no_keywords_reason = "a number shape, no literal"
pattern = '(?-u:\b)(?P<value>7[0-9]{9})(?-u:\b)'
remediation = "Remove it."
examples = [{ text = "7000000001", outcome = "warn" }]
negative_examples = ["700000000"]
[rule.score]
base = 60
numeric = true
"#,
    );
    // An unformatted NHS-valid number in the 7xx range: uk-nhs gives it 40 (info), the
    // payroll rule 60 (warn). The warning must be reported.
    let nhs = (0..)
        .map(|n: u32| format!("7{n:08}"))
        .find_map(|b| nhs_check_digit(b.as_bytes()).map(|c| format!("{b}{}", c as char)))
        .expect("a valid NHS number");
    dir.write("payroll.md", format!("Paid {nhs} on Friday.\n"));
    let r = run(dir.clearance(&["scan", "--format", "json", "payroll.md"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        rule_outcomes(&r.json()),
        [("payroll-number".to_string(), "warn".to_string())]
    );
}
