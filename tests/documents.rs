//! Office documents through the real binary: text is extracted from Word, Excel, PowerPoint
//! and OpenDocument files built here with the zip crate, and each finding names its part
//! and paragraph or cell; documents that cannot be read (PDF, corrupt, decompression bombs)
//! are an info finding that never fails the run, and so is each object embedded in a
//! document that is not read (a workbook embedded in a Word document is read); committed
//! documents are read by the git sources too.

mod common;

use common::office::{edit_part, odt, ole_object, pptx, xlsx, zip, Cell, Word};
use common::repo::Repo;
use common::{run, Dir, Fake};

/// Findings of a JSON report as (rule, location, outcome).
fn located(json: &serde_json::Value) -> Vec<(String, String, String)> {
    json["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule_id"), s("location"), s("outcome"))
        })
        .collect()
}

/// A marking, built here so that this file carries none itself.
fn marking() -> String {
    ["OFFICIAL", "SENSITIVE"].join("-")
}

/// A custom marking rule (for [`marking`], with the built-in rules for the same words off)
/// and three personal-data rules (a staff number that needs its column header or a nearby word
/// to block, a door badge found only under its keyword, and a numeric payroll number), so these
/// tests do not depend on the tuning of the built-in detectors.
fn config() -> String {
    CONFIG.replace("MARKING", &marking())
}

const CONFIG: &str = r#"
[rules]
disable = ["uk-official-sensitive", "uk-official-sensitive-any-case"]

[[rule]]
id = "test-marking"
name = "Test marking"
category = "marking"
severity = "high"
keywords = ["official"]
pattern = '(?P<value>MARKING)'
remediation = "Remove the marking."
examples = [{ text = "MARKING", outcome = "block" }]
negative_examples = ["official"]
[rule.score]
base = 85

[[rule]]
id = "staff-number"
name = "Staff number"
category = "pii"
severity = "high"
keywords = []
no_keywords_reason = "a number shape, no literal"
pattern = '(?-u:\b)(?P<value>SN[0-9]{6})(?-u:\b)'
remediation = "Remove it."
examples = [{ text = "staff_no: SN123456", outcome = "block" }]
negative_examples = ["SN12345"]
[rule.score]
base = 60
context = 25
context_words = ["staff no", "staff number"]
numeric = true

[[rule]]
id = "door-badge"
name = "Door badge"
category = "pii"
severity = "high"
keywords = ["badge"]
pattern = '(?-u:\b)(?P<value>BD[0-9]{5})(?-u:\b)'
remediation = "Remove it."
examples = [{ text = "badge BD12345", outcome = "warn" }]
negative_examples = ["BD12345"]
[rule.score]
base = 50
context = 10
context_words = ["badge"]
context_required = true

[[rule]]
id = "payroll-number"
name = "Payroll number"
category = "pii"
severity = "high"
keywords = []
no_keywords_reason = "a number shape, no literal"
pattern = '(?-u:\b)(?P<value>77[0-9]{8})(?-u:\b)'
remediation = "Remove it."
examples = [{ text = "7712345678", outcome = "warn" }]
negative_examples = ["771234567"]
[rule.score]
base = 60
numeric = true
"#;

#[test]
fn word_findings_name_the_header_body_table_footer_and_title() {
    let dir = Dir::new();
    dir.write(".clearance.toml", config());
    let mut fake = Fake::new(51);
    let (in_body, in_table, in_footer) = (fake.aws_key_id(), fake.aws_key_id(), fake.aws_key_id());
    let in_title = fake.github_token();
    let body = format!("aws_access_key_id = {in_body}");
    let footer = format!("{} key {in_footer}", marking());
    let title = format!("token {in_title}");
    let docx = Word {
        title: &title,
        header: &[&marking()],
        body: &["Quarterly report", "", &body],
        table: &[&["Name", "Key"], &["Ops, Leeds", &in_table]],
        footer: &[&footer],
        ..Word::default()
    }
    .build();
    dir.write("docs/report.docx", docx);

    let r = run(dir.clearance(&["scan", "--format", "json", "docs"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json = r.json();
    let mut found = located(&json);
    found.sort();
    let want = |rule: &str, location: &str, outcome: &str| {
        (rule.to_string(), location.to_string(), outcome.to_string())
    };
    let mut expected = vec![
        want(
            "aws-access-key-id",
            "word/document.xml paragraph 3",
            "block",
        ),
        want(
            "aws-access-key-id",
            "word/document.xml table 1 row 2 column 2",
            "block",
        ),
        want("aws-access-key-id", "word/footer1.xml paragraph 1", "block"),
        want("github-pat-classic", "docProps/core.xml title", "block"),
        want("test-marking", "word/header1.xml paragraph 1", "block"),
        want("test-marking", "word/footer1.xml paragraph 1", "block"),
    ];
    expected.sort();
    assert_eq!(found, expected, "{json}");
    assert_eq!(json["summary"]["documents"]["read"], 1);
    assert_eq!(json["summary"]["files_scanned"], 1);
    // The value is masked in the snippet as in any file; the header is the first line.
    let header = &json["findings"]
        .as_array()
        .and_then(|f| {
            f.iter()
                .find(|f| f["location"] == "word/header1.xml paragraph 1")
        })
        .cloned()
        .unwrap_or_default();
    assert_eq!(header["line"], 1, "{header}");

    let human = run(dir.clearance(&["scan", "docs"]));
    assert_eq!(human.code, 1);
    assert!(
        human.stdout.contains("docs/report.docx:")
            && human
                .stdout
                .contains("    in word/footer1.xml paragraph 1\n"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("in word/document.xml table 1 row 2 column 2"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains(&in_footer), "{}", human.stdout);
    assert!(
        human.stderr.contains("1 office document read"),
        "{}",
        human.stderr
    );
}

#[test]
fn spreadsheet_rows_are_csv_with_each_sheets_header_and_cells_named() {
    let dir = Dir::new();
    dir.write(".clearance.toml", config());
    let mut fake = Fake::new(52);
    let staff: Vec<String> = (0..2)
        .map(|_| format!("SN{}", fake.chars("0123456789", 6)))
        .collect();
    let key = fake.aws_key_id();
    let patients = vec![
        vec![
            Cell::Text("Name"),
            Cell::Text("Staff no"),
            Cell::Text("Payroll"),
        ],
        vec![
            Cell::Text("Smith, J"),
            Cell::Text(&staff[0]),
            Cell::Number("7712345678"),
        ],
    ];
    // A second sheet whose header gives no context: its staff number only warns.
    let other = vec![
        vec![Cell::Text("id"), Cell::Text("ref"), Cell::Text("notes")],
        vec![Cell::Number("1"), Cell::Text(&staff[1]), Cell::Text("")],
        vec![
            Cell::Number("2"),
            Cell::Number("7.712345679E9"),
            Cell::Text(&key),
        ],
    ];
    let book = xlsx(&[("Patients", patients), ("Other", other)], &marking());
    dir.write("export.xlsx", book);

    let json = run(dir.clearance(&["scan", "--format", "json", "export.xlsx"])).json();
    let mut found = located(&json);
    found.sort();
    let want = |rule: &str, location: &str, outcome: &str| {
        (rule.to_string(), location.to_string(), outcome.to_string())
    };
    let mut expected = vec![
        // Column header "Staff no" (+25) and a spreadsheet is a data file (+10): 95.
        want("staff-number", "sheet \"Patients\" cell B2", "block"),
        // No header context: 60 + 10.
        want("staff-number", "sheet \"Other\" cell B2", "warn"),
        want("payroll-number", "sheet \"Patients\" cell C2", "warn"),
        // Excel writes large numbers in exponent form; they are read as the integer.
        want("payroll-number", "sheet \"Other\" cell B3", "warn"),
        want("aws-access-key-id", "sheet \"Other\" cell C3", "block"),
        want("test-marking", "sheet \"Patients\" page footer", "block"),
    ];
    expected.sort();
    assert_eq!(found, expected, "{json}");
    let snippet = json["findings"]
        .as_array()
        .and_then(|f| {
            f.iter()
                .find(|f| f["location"] == "sheet \"Patients\" cell B2")
        })
        .map(|f| f["snippet"].as_str().unwrap_or_default().to_string())
        .unwrap_or_default();
    assert!(snippet.starts_with("\"Smith, J\","), "{snippet}");
}

#[test]
fn slides_notes_and_opendocument_footers_are_located() {
    let dir = Dir::new();
    let mut fake = Fake::new(53);
    let (a, b, c, d) = (
        fake.aws_key_id(),
        fake.aws_key_id(),
        fake.aws_key_id(),
        fake.aws_key_id(),
    );
    let on_slide = format!("key {a}");
    let in_notes = format!("speaker key {b}");
    dir.write(
        "deck.pptx",
        pptx(&[&["Title slide"], &["Agenda", &on_slide]], &in_notes),
    );
    let in_body = format!("key {c}");
    let in_footer = format!("footer key {d}");
    dir.write("minutes.odt", odt(&["Attendees", &in_body], &in_footer));

    let json = run(dir.clearance(&["scan", "--format", "json", "."])).json();
    let mut found: Vec<(String, String)> = json["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            (
                f["path"].as_str().unwrap_or_default().to_string(),
                f["location"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            (
                "deck.pptx".to_string(),
                "slide 2 notes paragraph 1".to_string()
            ),
            ("deck.pptx".to_string(), "slide 2 paragraph 2".to_string()),
            (
                "minutes.odt".to_string(),
                "content.xml paragraph 3".to_string()
            ),
            (
                "minutes.odt".to_string(),
                "styles.xml footer paragraph 1".to_string()
            ),
        ],
        "{json}"
    );
    assert_eq!(json["summary"]["documents"]["read"], 2);
}

#[test]
fn a_pdf_and_a_corrupt_document_are_info_findings_that_pass() {
    let dir = Dir::new();
    dir.write(
        "scan.pdf",
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 4 >>\nstream\n\0\0\0\0\nendstream\n",
    );
    // A real zip whose document part is cut short mid-element.
    dir.write(
        "broken.docx",
        zip(&[
            ("[Content_Types].xml", b"<Types/>".to_vec()),
            (
                "word/document.xml",
                b"<w:document><w:body><w:p><w:r><w:t>Hello</w:r>".to_vec(),
            ),
        ]),
    );
    // Not a zip at all, but named like a document.
    dir.write("garbage.xlsx", b"\x01\x02\0\0\x03 not a workbook");
    // An archive that is not a document stays a binary file; a .doc that is text is text.
    dir.write(
        "lib.jar",
        zip(&[("META-INF/MANIFEST.MF", b"Manifest-Version: 1.0\n".to_vec())]),
    );
    dir.write("page.doc", "<html><body>Minutes</body></html>\n");

    let r = run(dir.clearance(&["scan", "--format", "json", "."]));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let json = r.json();
    assert_eq!(json["verdict"], "passed");
    let findings = json["findings"].as_array().cloned().unwrap_or_default();
    let mut seen: Vec<(String, String, String)> = findings
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("path"), s("rule_id"), s("outcome"))
        })
        .collect();
    seen.sort();
    let not_read = |path: &str| {
        (
            path.to_string(),
            "binary-document-present".to_string(),
            "info".to_string(),
        )
    };
    assert_eq!(
        seen,
        vec![
            not_read("broken.docx"),
            not_read("garbage.xlsx"),
            not_read("scan.pdf")
        ],
        "{json}"
    );
    let snippet = |path: &str| {
        findings
            .iter()
            .find(|f| f["path"] == path)
            .map(|f| f["snippet"].as_str().unwrap_or_default().to_string())
            .unwrap_or_default()
    };
    assert!(
        snippet("scan.pdf").starts_with("PDF document not read"),
        "{json}"
    );
    assert!(snippet("broken.docx").contains("corrupt"), "{json}");
    assert_eq!(json["summary"]["documents"]["not_read"], 3);
    assert_eq!(json["summary"]["skipped"]["binary"], 1, "the .jar");
    assert_eq!(json["summary"]["files_scanned"], 1, "page.doc as text");

    // The human format passes, counts them, and lists them with --verbose.
    let human = run(dir.clearance(&["scan", "."]));
    assert_eq!(human.code, 0);
    let last = human.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("clearance: PASSED"), "{last}");
    assert!(last.contains("3 documents NOT READ"), "{last}");
    let verbose = run(dir.clearance(&["scan", "--verbose", "scan.pdf"]));
    assert!(
        verbose
            .stdout
            .contains("scan.pdf:1:1: binary-document-present"),
        "{}",
        verbose.stdout
    );
    // SARIF carries it as a result that does not fail.
    let sarif = run(dir.clearance(&["scan", "--format", "sarif", "scan.pdf"]));
    assert_eq!(sarif.code, 0);
    let log: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("sarif json");
    assert_eq!(
        log["runs"][0]["results"][0]["ruleId"], "binary-document-present",
        "{log}"
    );
    // A baseline accepts this version of the document, not the next one.
    let only_pdf = Dir::new();
    only_pdf.write("scan.pdf", b"%PDF-1.7\n\0 first\n");
    assert_eq!(run(only_pdf.clearance(&["baseline"])).code, 0);
    let accepted = run(only_pdf.clearance(&["scan", "--format", "json", "."])).json();
    assert_eq!(accepted["findings"], serde_json::json!([]), "{accepted}");
    only_pdf.write("scan.pdf", b"%PDF-1.7\n\0 second\n");
    let changed = run(only_pdf.clearance(&["scan", "--format", "json", "."])).json();
    assert_eq!(changed["findings"][0]["rule_id"], "binary-document-present");
    // The rule is explained, and can be turned off like any built-in rule.
    let explained = run(dir.clearance(&["rules", "explain", "binary-document-present"]));
    assert_eq!(explained.code, 0);
    assert!(
        explained.stdout.contains("outcome:   info"),
        "{}",
        explained.stdout
    );
    dir.write(
        ".clearance.toml",
        "[rules]\ndisable = [\"binary-document-present\"]\n",
    );
    let off = run(dir.clearance(&["scan", "--format", "json", "scan.pdf"])).json();
    assert_eq!(off["findings"], serde_json::json!([]), "{off}");
    assert_eq!(off["summary"]["documents"]["not_read"], 1);
}

#[test]
fn a_decompression_bomb_is_reported_not_inflated() {
    let dir = Dir::new();
    // 65 MiB of one letter deflates to about 65 KB: over the 64 MiB limit once inflated.
    let mut xml = String::from("<w:document><w:body><w:p><w:r><w:t>");
    xml.push_str(&"a".repeat(65 << 20));
    xml.push_str("</w:t></w:r></w:p></w:body></w:document>");
    let bomb = zip(&[
        ("[Content_Types].xml", b"<Types/>".to_vec()),
        ("word/document.xml", xml.into_bytes()),
    ]);
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    dir.write("bomb.docx", bomb);
    let r = run(dir.clearance(&["scan", "--format", "json", "bomb.docx"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = r.json();
    let snippet = json["findings"][0]["snippet"].as_str().unwrap_or_default();
    assert!(
        snippet.starts_with("Word document not read: it is too large to read")
            && snippet.contains("64 MiB"),
        "{json}"
    );
}

#[test]
fn git_sources_read_committed_documents() {
    let repo = Repo::new();
    let mut fake = Fake::new(54);
    let (first, second) = (fake.aws_key_id(), fake.aws_key_id());
    let first_line = format!("aws_access_key_id = {first}");
    let second_line = format!("aws_access_key_id = {second}");
    let v1 = Word {
        body: &["Intro", &first_line],
        ..Word::default()
    };
    let commit = repo.commit_file("docs/plan.docx", v1.build(), "add plan");

    let history = run(repo.clearance(&["scan", "--history", "--format", "json"])).json();
    let found = &history["findings"][0];
    assert_eq!(found["path"], "docs/plan.docx", "{history}");
    assert_eq!(
        found["location"], "word/document.xml paragraph 2",
        "{history}"
    );
    assert_eq!(found["commit"]["id"], commit.as_str());

    // Staged: a new version adds one paragraph; only the paragraph it adds is reported.
    let v2 = Word {
        body: &["Intro", &first_line, "More", &second_line],
        ..Word::default()
    };
    repo.write("docs/plan.docx", v2.build());
    repo.add(&["docs/plan.docx"]);
    let r = run(repo.clearance(&["scan", "--staged", "--format", "json"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let staged = r.json();
    assert_eq!(
        located(&staged),
        vec![(
            "aws-access-key-id".to_string(),
            "word/document.xml paragraph 4".to_string(),
            "block".to_string()
        )],
        "{staged}"
    );
    assert_eq!(staged["summary"]["documents"]["read"], 1);

    // A spreadsheet's second sheet gains a row: the keyword in that sheet's header row
    // (not an added line, and not the first line of the text) reaches it.
    repo.git(&["reset", "-q", "--hard"]);
    repo.write(".clearance.toml", config());
    repo.add(&[".clearance.toml"]);
    let doors = |rows: &[&str]| {
        let mut sheet = vec![vec![Cell::Text("Badge"), Cell::Text("Door")]];
        for badge in rows {
            sheet.push(vec![Cell::Text(badge), Cell::Text("Side")]);
        }
        xlsx(
            &[
                ("Intro", vec![vec![Cell::Text("Access list")]]),
                ("Doors", sheet),
            ],
            "",
        )
    };
    repo.write("access.xlsx", doors(&["BD48213"]));
    repo.add(&["access.xlsx"]);
    repo.commit("access list");
    repo.write("access.xlsx", doors(&["BD48213", "BD77120"]));
    repo.add(&["access.xlsx"]);
    let staged = run(repo.clearance(&["scan", "--staged", "--format", "json"])).json();
    assert_eq!(
        located(&staged),
        vec![(
            "door-badge".to_string(),
            "sheet \"Doors\" cell A3".to_string(),
            "warn".to_string()
        )],
        "{staged}"
    );

    // A committed PDF is reported by the commit range too, and does not fail it.
    repo.commit("badge");
    let base = repo.git(&["rev-parse", "HEAD"]);
    repo.commit_file("docs/scan.pdf", b"%PDF-1.4\n\0\0", "add scan");
    let range = format!("{base}..HEAD");
    let r = run(repo.clearance(&["scan", "--diff", &range, "--format", "json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let json = r.json();
    assert_eq!(
        json["findings"][0]["rule_id"], "binary-document-present",
        "{json}"
    );
    assert_eq!(json["findings"][0]["outcome"], "info");
}

/// An Excel workbook of one sheet, "Patients", with `key` in cell C2.
fn patients(key: &str) -> Vec<u8> {
    let rows = vec![
        vec![Cell::Text("Name"), Cell::Text("Ward"), Cell::Text("Token")],
        vec![Cell::Text("Smith, J"), Cell::Text("4"), Cell::Text(key)],
    ];
    xlsx(&[("Patients", rows)], "")
}

#[test]
fn a_workbook_embedded_in_a_word_document_is_read_and_its_cells_named() {
    let dir = Dir::new();
    let mut fake = Fake::new(55);
    let (in_body, in_workbook) = (fake.aws_key_id(), fake.aws_key_id());
    let body = format!("aws_access_key_id = {in_body}");
    let embedded = [(
        "Microsoft_Excel_Worksheet.xlsx",
        patients(&format!("aws_access_key_id={in_workbook}")),
    )];
    let docx = Word {
        body: &["Ward figures", &body],
        embedded: &embedded,
        ..Word::default()
    }
    .build();
    dir.write("report.docx", docx);

    let r = run(dir.clearance(&["scan", "--format", "json", "report.docx"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json = r.json();
    let block = |location: &str| {
        (
            "aws-access-key-id".to_string(),
            location.to_string(),
            "block".to_string(),
        )
    };
    // The picture Word shows in place of the workbook is not reported.
    assert_eq!(
        located(&json),
        vec![
            block("word/document.xml paragraph 2"),
            block("word/embeddings/Microsoft_Excel_Worksheet.xlsx sheet \"Patients\" cell C2"),
        ],
        "{json}"
    );
    assert_eq!(json["summary"]["documents"]["read"], 1);
    assert_eq!(json["summary"]["documents"]["not_read"], 0);
    let human = run(dir.clearance(&["scan", "report.docx"]));
    assert!(
        human.stdout.contains(
            "    in word/embeddings/Microsoft_Excel_Worksheet.xlsx sheet \"Patients\" cell C2\n"
        ),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains(&in_workbook), "{}", human.stdout);
}

#[test]
fn an_embedded_ole_object_is_an_info_finding_that_names_it() {
    let dir = Dir::new();
    let mut fake = Fake::new(56);
    let object = ole_object(fake.chars("abcdefgh", 64).as_bytes());
    let docx = |body: &str, object: Option<&[u8]>| {
        let embedded: Vec<(&str, Vec<u8>)> = object
            .map(|bytes| ("oleObject1.bin", bytes.to_vec()))
            .into_iter()
            .collect();
        Word {
            body: &[body],
            embedded: &embedded,
            ..Word::default()
        }
        .build()
    };
    dir.write("minutes.docx", docx("Minutes", Some(&object)));

    let r = run(dir.clearance(&["scan", "--format", "json", "."]));
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let json = r.json();
    assert_eq!(
        located(&json),
        vec![(
            "binary-document-present".to_string(),
            "word/embeddings/oleObject1.bin".to_string(),
            "info".to_string()
        )],
        "{json}"
    );
    let snippet = json["findings"][0]["snippet"].as_str().unwrap_or_default();
    assert_eq!(
        snippet,
        "embedded OLE object word/embeddings/oleObject1.bin not read: clearance does not \
         extract text from this format",
        "{json}"
    );
    assert_eq!(json["summary"]["documents"]["read"], 1);
    assert_eq!(json["summary"]["documents"]["not_read"], 1);
    let human = run(dir.clearance(&["scan", "."]));
    let last = human.stderr.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("clearance: PASSED")
            && last.contains("1 office document read")
            && last.contains("1 document NOT READ"),
        "{last}"
    );

    // A baseline accepts this version of the object, whatever else the document says; a
    // changed object is reported again.
    assert_eq!(run(dir.clearance(&["baseline"])).code, 0);
    dir.write("minutes.docx", docx("Minutes, amended", Some(&object)));
    let accepted = run(dir.clearance(&["scan", "--format", "json", "."])).json();
    assert_eq!(accepted["findings"], serde_json::json!([]), "{accepted}");
    let changed_object = ole_object(fake.chars("abcdefgh", 64).as_bytes());
    dir.write(
        "minutes.docx",
        docx("Minutes, amended", Some(&changed_object)),
    );
    let changed = run(dir.clearance(&["scan", "--format", "json", "."])).json();
    assert_eq!(
        changed["findings"][0]["location"], "word/embeddings/oleObject1.bin",
        "{changed}"
    );

    // In git, the change that adds the object reports it, even when no text changes; a
    // later change to the text does not.
    let repo = Repo::new();
    repo.commit_file("minutes.docx", docx("Minutes", None), "add minutes");
    repo.write("minutes.docx", docx("Minutes", Some(&object)));
    repo.add(&["minutes.docx"]);
    let staged = run(repo.clearance(&["scan", "--staged", "--format", "json"])).json();
    assert_eq!(
        staged["findings"][0]["location"], "word/embeddings/oleObject1.bin",
        "{staged}"
    );
    repo.commit("embed an object");
    repo.write("minutes.docx", docx("Minutes, amended", Some(&object)));
    repo.add(&["minutes.docx"]);
    let staged = run(repo.clearance(&["scan", "--staged", "--format", "json"])).json();
    assert_eq!(staged["findings"], serde_json::json!([]), "{staged}");
}

#[test]
fn an_embedded_package_inflates_within_the_documents_budget() {
    let dir = Dir::new();
    let mut fake = Fake::new(57);
    let (in_body, in_first) = (fake.aws_key_id(), fake.aws_key_id());
    // Each workbook's sheet carries a comment that inflates to many MiB and deflates to a
    // few KB: 40 MiB fits the 64 MiB budget; 30 more do not, though alone they would.
    let padded = |key: &str, mib: usize| {
        edit_part(&patients(key), "xl/worksheets/sheet1.xml", |xml| {
            xml.extend_from_slice(b"<!--");
            xml.resize(xml.len() + (mib << 20), b'a');
            xml.extend_from_slice(b"-->");
        })
    };
    let first = padded(&format!("aws_access_key_id={in_first}"), 40);
    let bomb = padded("nothing", 30);
    assert!(bomb.len() < 1 << 20, "{} bytes", bomb.len());
    let body = format!("aws_access_key_id = {in_body}");
    let embedded = [
        ("Microsoft_Excel_Worksheet1.xlsx", first),
        ("Microsoft_Excel_Worksheet2.xlsx", bomb),
    ];
    let docx = Word {
        body: &[&body],
        embedded: &embedded,
        ..Word::default()
    }
    .build();
    dir.write("report.docx", docx);

    let r = run(dir.clearance(&["scan", "--format", "json", "report.docx"]));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let json = r.json();
    let mut found = located(&json);
    found.sort();
    let want = |rule: &str, location: &str, outcome: &str| {
        (rule.to_string(), location.to_string(), outcome.to_string())
    };
    assert_eq!(
        found,
        vec![
            want(
                "aws-access-key-id",
                "word/document.xml paragraph 1",
                "block"
            ),
            want(
                "aws-access-key-id",
                "word/embeddings/Microsoft_Excel_Worksheet1.xlsx sheet \"Patients\" cell C2",
                "block"
            ),
            want(
                "binary-document-present",
                "word/embeddings/Microsoft_Excel_Worksheet2.xlsx",
                "info"
            ),
        ],
        "{json}"
    );
    let bomb_finding = json["findings"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["rule_id"] == "binary-document-present"))
        .cloned()
        .unwrap_or_default();
    let snippet = bomb_finding["snippet"].as_str().unwrap_or_default();
    assert!(
        snippet.starts_with(
            "embedded Excel workbook word/embeddings/Microsoft_Excel_Worksheet2.xlsx not read: \
             it is too large to read"
        ) && snippet.contains("64 MiB"),
        "{snippet}"
    );
    assert_eq!(json["summary"]["documents"]["not_read"], 1);
}
