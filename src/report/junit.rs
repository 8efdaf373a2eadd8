//! JUnit XML, the test-report format Jenkins (`junit`), GitLab (`artifacts:reports:junit`)
//! and Azure DevOps (`PublishTestResults@2`) show in their test tabs.
//!
//! One `<testcase>` per finding: a `<failure>` when the finding fails the run, `<skipped>`
//! when it is reported but below `--fail-on` (or the run is `--warn-only`), so a warning never
//! turns a build red. Each carries the rule, the location (and commit), the line with the value
//! redacted, and how to fix it. A clean run has one passing testcase that says what was
//! scanned, so the test tab is never empty. Files that could not be scanned are `<error>`s
//! when the run fails closed on them, `<skipped>` otherwise.

use std::fmt::Write as _;

use super::text::xml_escape as esc;
use super::{location_of, Summary};
use crate::finding::Finding;
use crate::redact::render_line;

/// Renders the JUnit document with a trailing newline.
pub fn render(findings: &[Finding], summary: &Summary, show_secrets: bool) -> String {
    let time = format!("{:.3}", summary.duration.as_secs_f64());
    let mut cases = String::new();
    let (mut tests, mut failures, mut errors, mut skipped) = (0usize, 0usize, 0usize, 0usize);

    for f in findings {
        tests += 1;
        let fails = summary.gate.fails(f);
        let value = f.shown_value(show_secrets);
        let at = format!("{}:{}:{}", location_of(f), f.line, f.column);
        let message = format!(
            "{} ({}) at {at}: {value}",
            f.rule.name,
            f.rule.severity.as_str()
        );
        let _ = writeln!(
            cases,
            "    <testcase classname=\"clearance.{}\" name=\"{} {}\" file=\"{}\" line=\"{}\" time=\"0\">",
            esc(f.rule.category.as_str()),
            esc(&at),
            esc(&f.rule.id),
            esc(&f.origin.path),
            f.line
        );
        let details = details(f, show_secrets);
        if fails {
            failures += 1;
            let _ = writeln!(
                cases,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                esc(&f.rule.id),
                esc(&message),
                esc(&details)
            );
        } else {
            skipped += 1;
            let why = summary.gate.why_not_failing();
            let _ = writeln!(
                cases,
                "      <skipped message=\"WARN (not failing: {}): {}\"/>\n      <system-out>{}</system-out>",
                esc(&why),
                esc(&message),
                esc(&details)
            );
        }
        cases.push_str("    </testcase>\n");
    }

    for u in &summary.stats.unreadable {
        tests += 1;
        let _ = writeln!(
            cases,
            "    <testcase classname=\"clearance.unscanned\" name=\"not scanned: {}\" file=\"{}\" time=\"0\">",
            esc(&u.path),
            esc(&u.path)
        );
        if summary.fail_closed {
            errors += 1;
            let _ = writeln!(
                cases,
                "      <error type=\"not-scanned\" message=\"{}: {}\">This input could not be scanned, so the run cannot pass. Fix the cause, or pass --allow-unscanned.</error>",
                esc(&u.path),
                esc(&u.reason)
            );
        } else {
            skipped += 1;
            let _ = writeln!(
                cases,
                "      <skipped message=\"not scanned: {}: {}\"/>",
                esc(&u.path),
                esc(&u.reason)
            );
        }
        cases.push_str("    </testcase>\n");
    }

    if findings.is_empty() {
        tests += 1;
        let _ = writeln!(
            cases,
            "    <testcase classname=\"clearance\" name=\"no secrets, personal data or classification markings\" time=\"{time}\">\n      <system-out>{}</system-out>\n    </testcase>",
            esc(&format!("clearance: {} {}", summary.verdict(), summary.scanned()))
        );
    }

    let counts = format!(
        "tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{time}\""
    );
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"clearance\" {counts}>");
    let _ = writeln!(out, "  <testsuite name=\"clearance\" {counts}>");
    let _ = writeln!(
        out,
        "    <properties>\n      <property name=\"verdict\" value=\"{}\"/>\n      <property name=\"scanned\" value=\"{}\"/>\n      <property name=\"fail-on\" value=\"{}\"/>\n      <property name=\"warn-only\" value=\"{}\"/>\n    </properties>",
        summary.verdict(),
        esc(&summary.scanned()),
        summary.gate.fail_on.as_str(),
        summary.gate.warn_only
    );
    out.push_str(&cases);
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// The text of a failure: rule, location, commit, the redacted line, the fix.
fn details(f: &Finding, show_secrets: bool) -> String {
    let mut text = String::new();
    let _ = writeln!(
        text,
        "rule:     {} ({}; {} severity)",
        f.rule.id,
        f.rule.name,
        f.rule.severity.as_str()
    );
    let _ = writeln!(text, "location: {}:{}:{}", f.origin.path, f.line, f.column);
    if let Some(location) = &f.location {
        let _ = writeln!(text, "          in {location}");
    }
    if let Some(c) = &f.origin.commit {
        let _ = writeln!(text, "commit:   {} by {} on {}", c.id, c.author, c.date);
        if c.other_occurrences > 0 {
            let _ = writeln!(
                text,
                "          (also in {} other commits or paths)",
                c.other_occurrences
            );
        }
    }
    let line = render_line(&f.line_text, &f.redact_in_line, show_secrets);
    let _ = writeln!(text, "line:     {}", line.trim_end());
    let _ = writeln!(text, "fix:      {}", f.rule.remediation.trim());
    for url in &f.rule.references {
        let _ = writeln!(text, "see:      {url}");
    }
    text.push_str(
        "false positive? add `clearance:allow` to the line, or list the path in .clearance.toml\n",
    );
    text
}
