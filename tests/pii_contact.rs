//! The contact, network, travel, US SSN, date-of-birth and postcode detectors through the real
//! binary on realistic files: a CSV export with a header row, a package.json with an author,
//! a YAML infrastructure config, a stored email and a markdown note, a Jupyter notebook whose
//! output leaks a table, passport machine-readable zones, and a staged commit. Checks
//! outcomes, exit codes, and that no value is ever printed whole. Every value is generated at
//! run time (never stored in the repository); documented test values are the published ones.

mod common;

use clearance::engine::pii::mrz_check_digit;
use common::repo::Repo;
use common::{run, Dir, Fake, Run};
use serde_json::Value;

/// Synthetic people, drawn from a seeded generator.
struct People(Fake);

impl People {
    fn new(seed: u64) -> People {
        People(Fake::new(seed))
    }

    fn word(&mut self, n: usize) -> String {
        self.0.chars("abcdefghijklmnopqrstuvwxyz", n)
    }

    /// `first.last@domain`, a named person's mailbox.
    fn email(&mut self, domain: &str) -> String {
        format!("{}.{}@{domain}", self.word(5), self.word(7))
    }

    /// Digits where no neighbour is one more or one less than the last (and no repeats), so
    /// the number is never a sequential or repeated placeholder.
    fn unsequenced(&mut self, first: u8, n: usize) -> String {
        let mut out = vec![first];
        while out.len() < n {
            let d = self.0.chars("0123456789", 1).as_bytes()[0];
            let last = out[out.len() - 1];
            let (a, b) = (last - b'0', d - b'0');
            if a != b && (a + 1) % 10 != b && (b + 1) % 10 != a {
                out.push(d);
            }
        }
        String::from_utf8(out).expect("digits")
    }

    /// A UK mobile: 07, a mobile range digit (not 0 or 6), 8 more digits.
    fn mobile(&mut self) -> String {
        let range = self.0.chars("12345789", 1).as_bytes()[0];
        format!("07{}", self.unsequenced(range, 9))
    }

    /// A date of birth, `DD/MM/YYYY`, 1950 to 1999.
    fn dob(&mut self) -> String {
        let day = 1 + self.0.chars("0123456789", 2).parse::<u32>().unwrap_or(0) % 28;
        let month = 1 + self.0.chars("0123456789", 2).parse::<u32>().unwrap_or(0) % 12;
        format!("{day:02}/{month:02}/19{}", self.unsequenced(b'5', 2))
    }

    /// A Leeds postcode (`LSn nAA`, inward letters from the allowed set).
    fn postcode(&mut self) -> String {
        format!(
            "LS{} {}{}",
            self.0.chars("123456789", 1),
            self.0.chars("123456789", 1),
            self.0.chars("ABDEFGHJLNPQRSTUWXYZ", 2)
        )
    }

    /// A public IPv4 address in 51.0.0.0/8 (outside every special range).
    fn public_ip(&mut self) -> String {
        let octet = |p: &mut People| 10 + p.0.chars("0123456789", 2).parse::<u32>().unwrap_or(0);
        format!("51.{}.{}.{}", octet(self), octet(self), octet(self))
    }
}

/// A passport MRZ line 2 (TD3) with every check digit computed.
fn mrz_line2(doc: &str, nationality: &str, birth: &str, sex: char, expiry: &str) -> String {
    let digit = |field: &str| mrz_check_digit(field.as_bytes()).expect("MRZ characters") as char;
    let personal = "<".repeat(14);
    let doc_part = format!("{doc}{}", digit(doc));
    let birth_part = format!("{birth}{}", digit(birth));
    let expiry_part = format!("{expiry}{}", digit(expiry));
    let personal_part = format!("{personal}{}", digit(&personal));
    let composite = format!("{doc_part}{birth_part}{expiry_part}{personal_part}");
    format!(
        "{doc_part}{nationality}{birth_part}{sex}{expiry_part}{personal_part}{}",
        digit(&composite)
    )
}

/// Panics if any value appears whole in the output.
fn assert_never_printed(r: &Run, values: &[String]) {
    for value in values {
        assert!(
            !r.stdout.contains(value.as_str()) && !r.stderr.contains(value.as_str()),
            "printed {value}:\n{}\n{}",
            r.stdout,
            r.stderr
        );
    }
}

fn findings(json: &Value) -> Vec<Value> {
    json["findings"].as_array().cloned().unwrap_or_default()
}

fn is_bulk(f: &Value) -> bool {
    f["note"]
        .as_str()
        .is_some_and(|n| n.contains("data extract"))
}

/// Outcomes of the (non-bulk) findings of `rule`.
fn outcomes(json: &Value, rule: &str) -> Vec<String> {
    findings(json)
        .iter()
        .filter(|f| f["rule_id"] == rule && !is_bulk(f))
        .map(|f| f["outcome"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The score of the first finding of `rule`; panics when there is none.
fn score_of(json: &Value, rule: &str) -> Option<i64> {
    findings(json)
        .iter()
        .find(|f| f["rule_id"] == rule)
        .map(|f| f["score"].as_i64())
        .unwrap_or_else(|| panic!("no `{rule}` finding"))
}

fn bulk_rules(json: &Value) -> Vec<String> {
    findings(json)
        .iter()
        .filter(|f| is_bulk(f))
        .map(|f| f["rule_id"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Postcodes are off as a reporter by default (spec 3.3): alone in prose, even next to an
/// address word or on a street line, they are not reported; beside other personal data they
/// form a record that raises both. Enabled in the config, they report on their own.
#[test]
fn postcodes_only_strengthen_other_findings_unless_enabled() {
    let dir = Dir::new();
    let mut people = People::new(33);
    let (home, work, mobile) = (people.postcode(), people.postcode(), people.mobile());
    dir.write(
        "notes/addresses.md",
        format!("Send it to 12 Acacia Avenue, Leeds {home}\n\npostcode: {work}\n"),
    );
    let alone = run(dir.clearance(&["scan", "--format", "json", "notes"]));
    assert_eq!(alone.code, 0, "{}", alone.stderr);
    assert!(
        outcomes(&alone.json(), "uk-postcode").is_empty(),
        "{}",
        alone.stdout
    );

    // A mobile number within five lines: both are one record.
    dir.write(
        "notes/addresses.md",
        format!("Send it to 12 Acacia Avenue, Leeds {home}\n\n\n\ncall {mobile}\n"),
    );
    let record = run(dir.clearance(&["scan", "--format", "json", "notes"]));
    let json = record.json();
    assert_eq!(
        outcomes(&json, "uk-postcode"),
        vec!["warn"],
        "{}",
        record.stdout
    );
    let phone = score_of(&json, "uk-phone");
    // Seven lines apart: no record, no postcode.
    dir.write(
        "notes/addresses.md",
        format!("Send it to 12 Acacia Avenue, Leeds {home}\n\n\n\n\n\n\ncall {mobile}\n"),
    );
    let apart = run(dir.clearance(&["scan", "--format", "json", "notes"]));
    let json_apart = apart.json();
    assert!(
        outcomes(&json_apart, "uk-postcode").is_empty(),
        "{}",
        apart.stdout
    );
    let phone_apart = score_of(&json_apart, "uk-phone");
    assert_eq!(
        phone.zip(phone_apart).map(|(a, b)| a - b),
        Some(20),
        "the record raised it"
    );

    // Enabled, postcodes report on their own.
    dir.write(
        "notes/addresses.md",
        format!("Send it to 12 Acacia Avenue, Leeds {home}\n\npostcode: {work}\n"),
    );
    dir.write(".clearance.toml", "[rules]\nenable = [\"uk-postcode\"]\n");
    let enabled = run(dir.clearance(&["scan", "--format", "json", "notes"]));
    let mut found = outcomes(&enabled.json(), "uk-postcode");
    found.sort();
    assert_eq!(found, vec!["info", "warn"], "{}", enabled.stdout);

    // `rules explain` says so, since its examples are with the rule enabled.
    let explained = run(dir.clearance(&["rules", "explain", "uk-postcode"]));
    assert!(
        explained.stdout.contains("default:   off as a reporter"),
        "{}",
        explained.stdout
    );
}

/// Spec 3.3: off as a reporter by default, a postcode still reaches a warning after a house
/// number and street. An address export (a table with a postcode or address column) warns
/// on every row; a column of postcodes alone, or the rows without their header, do not.
#[test]
fn an_address_export_warns_by_default_and_postcodes_alone_do_not() {
    let dir = Dir::new();
    let mut people = People::new(31);
    let mut addresses = String::from("name,address_line_1,town,postcode\n");
    let mut postcodes = String::from("name,postcode\n");
    let mut rows = String::new();
    for i in 0..6 {
        let postcode = people.postcode();
        let row = format!("Person {i},{} Acacia Avenue,Leeds,{postcode}\n", 10 + i);
        addresses.push_str(&row);
        rows.push_str(&row);
        postcodes.push_str(&format!("Person {i},{postcode}\n"));
    }
    dir.write("exports/addresses.csv", &addresses);
    let r = run(dir.clearance(&["scan", "--format", "json", "exports"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        outcomes(&r.json(), "uk-postcode"),
        vec!["warn"; 6],
        "{}",
        r.stdout
    );
    let strict = run(dir.clearance(&["scan", "--strict", "exports"]));
    assert_eq!(strict.code, 1, "{}", strict.stdout);

    for (name, text) in [("postcodes", postcodes), ("no header", rows)] {
        dir.write("exports/addresses.csv", &text);
        let r = run(dir.clearance(&["scan", "--format", "json", "exports"]));
        assert!(
            outcomes(&r.json(), "uk-postcode").is_empty(),
            "{name}: {}",
            r.stdout
        );
    }
}

/// An on-call rota in the docs: a Markdown table whose `Mobile` column names every number
/// below it, as a CSV header does. Personal mobiles warn on every row; the same numbers in
/// prose stay info.
#[test]
fn a_markdown_table_names_its_columns() {
    let dir = Dir::new();
    let mut people = People::new(41);
    let numbers: Vec<String> = (0..4).map(|_| people.mobile()).collect();
    let mut rota = String::from("# On-call rota\n\n| Week | Engineer | Mobile |\n|---|---|---|\n");
    let mut prose = String::from("# Team\n\n");
    for (i, number) in numbers.iter().enumerate() {
        rota.push_str(&format!("| {i} | Person {i} | {number} |\n"));
        prose.push_str(&format!("Person {i} is on {number} this week.\n\n"));
    }
    dir.write("docs/on-call.md", &rota);
    let r = run(dir.clearance(&["scan", "--format", "json", "docs"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_never_printed(&r, &numbers);
    assert_eq!(
        outcomes(&r.json(), "uk-phone"),
        vec!["warn"; 4],
        "{}",
        r.stdout
    );

    dir.write("docs/on-call.md", &prose);
    let r = run(dir.clearance(&["scan", "--format", "json", "docs"]));
    assert_eq!(
        outcomes(&r.json(), "uk-phone"),
        vec!["info"; 4],
        "{}",
        r.stdout
    );
}

/// The rules that are off by default say so where a developer looks for rules: `rules list`
/// (human and JSON) and `config check`, and stop saying so once the config enables them.
#[test]
fn rules_off_by_default_say_so_in_rules_list_and_config_check() {
    let dir = Dir::new();
    let listed = run(dir.clearance(&["rules", "list"]));
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let line_of = |id: &str| {
        listed
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(id))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line_of("uk-postcode")
            .ends_with("[off by default; only within personal-data records and tables]"),
        "{}",
        line_of("uk-postcode")
    );
    assert!(
        line_of("uk-vat").ends_with("[off by default]"),
        "{}",
        line_of("uk-vat")
    );
    assert!(
        !line_of("uk-nhs").contains("off by default"),
        "{}",
        line_of("uk-nhs")
    );
    let last = listed.stdout.lines().last().unwrap_or_default();
    let off = listed.stdout.matches("[off by default").count();
    assert!(
        last.contains(&format!(" rules, {off} off by default")) && off >= 4,
        "{last}"
    );

    let json = run(dir.clearance(&["rules", "list", "--format", "json"]));
    let rules: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    let default_of = |id: &str| {
        rules
            .as_array()
            .and_then(|all| all.iter().find(|r| r["id"] == id))
            .map(|r| r["default"].clone())
    };
    assert_eq!(default_of("uk-postcode"), Some("record".into()));
    assert_eq!(default_of("uk-company-number"), Some("off".into()));
    assert_eq!(default_of("email"), Some("on".into()));

    let checked = run(dir.clearance(&["config", "check"]));
    assert_eq!(checked.code, 0, "{}", checked.stderr);
    assert!(
        checked
            .stdout
            .contains("run only within personal-data records and tables (off alone by default; name them in rules.enable to report them alone): uk-postcode"),
        "{}",
        checked.stdout
    );
    dir.write(".clearance.toml", "[rules]\nenable = [\"uk-postcode\"]\n");
    let enabled = run(dir.clearance(&["config", "check"]));
    assert_eq!(enabled.code, 0, "{}", enabled.stderr);
    assert!(
        !enabled.stdout.contains("personal-data records"),
        "{}",
        enabled.stdout
    );
}

#[test]
fn a_csv_export_of_contacts_blocks_and_masks_every_value() {
    let dir = Dir::new();
    let mut people = People::new(21);
    let mut csv = String::from("name,email,mobile,date_of_birth,postcode\n");
    let mut values = Vec::new();
    for i in 0..6 {
        let (email, mobile, dob, postcode) = (
            people.email("gmail.com"),
            people.mobile(),
            people.dob(),
            people.postcode(),
        );
        csv.push_str(&format!("Person {i},{email},{mobile},{dob},{postcode}\n"));
        values.extend([email, mobile, dob]);
    }
    dir.write("exports/contacts.csv", &csv);

    let r = run(dir.clearance(&["scan", "--format", "json", "exports"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_never_printed(&r, &values);
    let json = r.json();
    for rule in ["email", "uk-phone", "dob"] {
        let found = outcomes(&json, rule);
        assert_eq!(found.len(), 6, "{rule}: {found:?}");
        assert!(
            found.iter().all(|o| o == "warn" || o == "block"),
            "{rule}: {found:?}"
        );
    }
    // A phone number alone is capped at warn; the extract is what blocks.
    assert!(outcomes(&json, "uk-phone").iter().all(|o| o == "warn"));
    let bulk = bulk_rules(&json);
    for rule in ["email", "uk-phone", "dob"] {
        assert!(bulk.iter().any(|b| b == rule), "{rule}: {bulk:?}");
    }
    // Postcodes are reported as part of each row's record.
    assert_eq!(outcomes(&json, "uk-postcode").len(), 6);

    let human = run(dir.clearance(&["scan", "exports"]));
    assert_eq!(human.code, 1, "{}", human.stderr);
    assert_never_printed(&human, &values);
    let email = &values[0];
    let masked = format!(
        "{}{}{}",
        &email[..2],
        "•".repeat((email.len() - 4).clamp(3, 12)),
        &email[email.len() - 2..]
    );
    assert!(human.stdout.contains(&masked), "{}", human.stdout);
}

#[test]
fn a_package_manifest_author_is_not_a_leak() {
    let dir = Dir::new();
    let mut people = People::new(22);
    let author = people.email("gmail.com");
    let contributor = people.email("outlook.com");
    dir.write(
        "package.json",
        format!(
            r#"{{
  "name": "left-pad-ng",
  "version": "1.4.0",
  "author": "Jo Example <{author}>",
  "contributors": [
    {{ "name": "Sam", "email": "{contributor}" }}
  ],
  "repository": "git+ssh://git@github.com/example/left-pad-ng.git",
  "dependencies": {{ "lodash": "^4.17.21" }}
}}
"#
        ),
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "."]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("PASSED"), "{}", r.stderr);
    assert_never_printed(&r, &[author, contributor]);
    let json = r.json();
    assert!(outcomes(&json, "email").iter().all(|o| o == "info"));
    assert!(bulk_rules(&json).is_empty());
}

#[test]
fn an_infrastructure_config_warns_on_public_addresses_only() {
    let dir = Dir::new();
    let mut people = People::new(23);
    let public = people.public_ip();
    dir.write(
        "deploy/values.yaml",
        format!(
            "# Web tier\nweb:\n  bind: 0.0.0.0\n  upstream: 10.20.0.15\n  example: 203.0.113.7\n  \
             public_address: {public}\n  ipv6: 2001:db8::10\n  alerts: noreply@service.gov.uk\n"
        ),
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "deploy"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_never_printed(&r, std::slice::from_ref(&public));
    let json = r.json();
    assert_eq!(outcomes(&json, "ipv4"), ["warn"]);
    assert!(outcomes(&json, "ipv6").is_empty());
    assert!(outcomes(&json, "email").iter().all(|o| o == "info"));
    assert!(r.stderr.contains("WARN"), "{}", r.stderr);

    let strict = run(dir.clearance(&["scan", "--strict", "deploy"]));
    assert_eq!(strict.code, 1, "{}", strict.stderr);

    // The same address quoted in a README is only info.
    dir.write(
        "README.md",
        format!("Health check: curl http://{public}:8080/health\n"),
    );
    let readme = run(dir.clearance(&["scan", "--format", "json", "README.md"]));
    assert_eq!(readme.code, 0, "{}", readme.stderr);
    assert_eq!(outcomes(&readme.json(), "ipv4"), ["info"]);
}

#[test]
fn a_stored_email_warns_and_a_note_with_test_values_passes() {
    let dir = Dir::new();
    let mut people = People::new(24);
    let (sender, recipient) = (people.email("gmail.com"), people.email("dwp.gov.uk"));
    let mobile = people.mobile();
    dir.write(
        "evidence/complaint.eml",
        format!(
            "From: Ann Other <{sender}>\nTo: {recipient}\nSubject: my claim\n\n\
             Please call me back.\n"
        ),
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "evidence"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_never_printed(&r, &[sender.clone(), recipient.clone()]);
    let json = r.json();
    assert_eq!(outcomes(&json, "email"), ["warn", "warn"]);
    assert_eq!(
        run(dir.clearance(&["scan", "--strict", "evidence"])).code,
        1
    );

    // A note with a real-looking mobile next to "Mobile:" warns; the documented test values
    // (an Ofcom drama number, RFC 2606 addresses, a documentation IP) are info with a reason.
    dir.write(
        "notes/contact.md",
        format!(
            "# Call notes\n\nMobile: {mobile}\n\nFor the demo use 07700 900123 and \
             alice@example.com; the test server is 192.0.2.10.\n"
        ),
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "notes"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_never_printed(&r, std::slice::from_ref(&mobile));
    let json = r.json();
    assert_eq!(outcomes(&json, "uk-phone"), ["warn", "info"]);
    let notes: Vec<String> = findings(&json)
        .iter()
        .filter(|f| f["class"] == "test")
        .filter_map(|f| f["note"].as_str().map(str::to_string))
        .collect();
    assert!(notes.iter().any(|n| n.contains("Ofcom drama")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("RFC 2606")), "{notes:?}");
    assert!(outcomes(&json, "ipv4").is_empty());

    // Only test values: nothing warns.
    dir.write(
        "notes/contact.md",
        "Use 07700 900123, 020 7946 0123 or alice@example.com in examples.\n",
    );
    let clean = run(dir.clearance(&["scan", "notes"]));
    assert_eq!(clean.code, 0, "{}", clean.stderr);
    assert!(clean.stderr.contains("PASSED"), "{}", clean.stderr);
}

#[test]
fn a_notebook_whose_output_leaks_a_table_blocks() {
    let dir = Dir::new();
    let mut people = People::new(25);
    let mut rows = Vec::new();
    let mut values = Vec::new();
    for i in 0..5 {
        let (email, mobile) = (people.email("nhs.net"), people.mobile());
        rows.push(format!("\"{i}  {email}  {mobile}\\n\""));
        values.extend([email, mobile]);
    }
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
      "   email  phone\n",
      {}
     ]
    }}
   ],
   "source": ["df = pd.read_csv(\"referrals.csv\")\n", "print(df[[\"email\", \"phone\"]])"]
  }}
 ],
 "metadata": {{}},
 "nbformat": 4,
 "nbformat_minor": 5
}}
"#,
        rows.join(",\n      ")
    );
    dir.write("analysis.ipynb", &notebook);
    let r = run(dir.clearance(&["scan", "--format", "json", "analysis.ipynb"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_never_printed(&r, &values);
    let json = r.json();
    assert_eq!(outcomes(&json, "email").len(), 5);
    assert!(outcomes(&json, "email").iter().all(|o| o != "info"));
    assert!(bulk_rules(&json).iter().any(|b| b == "email"));
}

#[test]
fn passport_zones_block_unless_they_are_the_icao_specimen() {
    let dir = Dir::new();
    let specimen = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n\
                    L898902C36UTO7408122F1204159ZE184226B<<<<<10\n";
    dir.write("tests/fixtures/specimen.txt", specimen);
    let r = run(dir.clearance(&["scan", "--format", "json", "tests"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = r.json();
    assert!(findings(&json)
        .iter()
        .all(|f| f["outcome"] == "info" && f["class"] == "test"));
    assert_eq!(findings(&json).len(), 2);

    let mut fake = Fake::new(26);
    let doc = fake.chars("123456789", 9);
    let line1 = format!("P<GBR{:<<39}", "HOLDER<<ALEX<SAM");
    let line2 = mrz_line2(&doc, "GBR", "850315", 'F', "310412");
    dir.write("scans/ocr_result.txt", format!("{line1}\n{line2}\n"));
    let r = run(dir.clearance(&["scan", "--format", "json", "scans"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_never_printed(&r, &[line2.clone(), doc]);
    let json = r.json();
    assert_eq!(outcomes(&json, "passport-mrz"), ["block"]);
    assert_eq!(outcomes(&json, "passport-mrz-name"), ["block"]);

    // One digit off and the zone is no MRZ at all.
    let mut broken = line2.into_bytes();
    broken[43] = if broken[43] == b'9' {
        b'0'
    } else {
        broken[43] + 1
    };
    dir.write(
        "scans/ocr_result.txt",
        String::from_utf8(broken).expect("ASCII"),
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "scans"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(outcomes(&r.json(), "passport-mrz").is_empty());
}

#[test]
fn dates_need_a_date_of_birth_word_and_ssns_their_context() {
    let dir = Dir::new();
    let mut people = People::new(27);
    let dob = people.dob();
    dir.write(
        "records.yaml",
        format!("created: 2019-04-01\nupdated: 2024-11-30\nperson:\n  dob: {dob}\n"),
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "records.yaml"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(outcomes(&r.json(), "dob"), ["warn"]);

    let ssn = format!(
        "{}-{}-{}",
        people.unsequenced(b'4', 3),
        people.unsequenced(b'2', 2),
        people.unsequenced(b'7', 4)
    );
    dir.write(
        "intake.md",
        format!("Applicant SSN: {ssn}\n\nStock list\nPart no. {ssn}\n"),
    );
    let r = run(dir.clearance(&["scan", "--format", "json", "intake.md"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_never_printed(&r, std::slice::from_ref(&ssn));
    let mut found = outcomes(&r.json(), "us-ssn");
    found.sort();
    assert_eq!(found, ["block", "info"]);
}

#[test]
fn a_staged_driving_licence_fails_the_commit() {
    let repo = Repo::new();
    repo.commit_file("README.md", "# Fleet\n", "init");
    let mut fake = Fake::new(28);
    // Surname, decade, month (+50: a woman), day, year digit, initials, digit, checks.
    let number = format!(
        "{}7{}{}",
        fake.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 5),
        "5315",
        format_args!("{}AB9{}", fake.chars("0123456789", 1), fake.chars("XYZ", 2))
    );
    repo.write(
        "drivers.md",
        format!("# Pool car drivers\n\nDriving licence: {number}\n"),
    );
    repo.add(&["drivers.md"]);
    let out = run(repo.clearance(&["scan", "--staged"]));
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("uk-driving-licence (block"),
        "{}",
        out.stdout
    );
    assert_never_printed(&out, std::slice::from_ref(&number));
}
