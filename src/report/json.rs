//! The JSON format: one versioned document (schema in docs/json-schema.md). Values are
//! redacted unless `--show-secrets`; field names are stable within a `version`.

use serde::Serialize;

use super::Summary;
use crate::finding::Finding;
use crate::redact::render_line;

/// Bumped on any incompatible change to the document's shape.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    verdict: &'static str,
    summary: JsonSummary<'a>,
    findings: Vec<JsonFinding<'a>>,
    /// Only with `--show-suppressed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    suppressed: Option<Vec<JsonSuppressed<'a>>>,
}

#[derive(Serialize)]
struct JsonSuppressed<'a> {
    #[serde(flatten)]
    finding: JsonFinding<'a>,
    suppressed_by: &'static str,
    suppressed_detail: &'a str,
    suppressed_reason: Option<&'a str>,
}

#[derive(Serialize)]
struct Expired<'a> {
    fingerprint: &'a str,
    rule: &'a str,
    path: &'a str,
    expires: String,
    line: usize,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct JsonSummary<'a> {
    files_scanned: u64,
    bytes_scanned: u64,
    duration_ms: u64,
    findings: usize,
    failing: usize,
    files_with_findings: usize,
    by_category: std::collections::BTreeMap<&'static str, usize>,
    /// Per category, findings per outcome: `{"pii": {"block": 1, "warn": 2}}`.
    by_outcome:
        std::collections::BTreeMap<&'static str, std::collections::BTreeMap<&'static str, usize>>,
    skipped: Skipped,
    documents: Documents,
    unreadable: Vec<Unreadable<'a>>,
    suppressed: std::collections::BTreeMap<&'static str, usize>,
    baseline_expired: Vec<Expired<'a>>,
}

#[derive(Serialize)]
struct Skipped {
    binary: u64,
    too_large: u64,
    symlinks: u64,
}

/// Office documents: text extracted and scanned, or not read (each also a finding).
#[derive(Serialize)]
struct Documents {
    read: u64,
    not_read: u64,
}

#[derive(Serialize)]
struct Unreadable<'a> {
    path: &'a str,
    reason: &'a str,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule_id: &'a str,
    rule_name: &'a str,
    category: &'static str,
    severity: &'static str,
    /// `block`, `warn` or `info`.
    outcome: &'static str,
    /// `match`, `test`, `placeholder` or `known-real-example`.
    class: &'static str,
    /// Personal data and markings: the score behind the outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<i32>,
    /// Why the outcome or class is what it is.
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    /// Where in an office document (`sheet "Patients" cell C7`); null elsewhere.
    location: Option<&'a str>,
    commit: Option<Commit<'a>>,
    value: String,
    snippet: String,
    fingerprint: &'a str,
    /// Personal data and markings: SHA-256 of the normalised value, for `allowlist.sha256`.
    #[serde(skip_serializing_if = "Option::is_none")]
    value_sha256: Option<&'a str>,
    remediation: &'a str,
    references: &'a [String],
}

#[derive(Serialize)]
struct Commit<'a> {
    id: &'a str,
    author: &'a str,
    date: &'a str,
    other_occurrences: u32,
}

/// Renders the whole document, pretty-printed, with a trailing newline.
pub fn render(findings: &[Finding], summary: &Summary, show_secrets: bool) -> String {
    let doc = Document {
        version: SCHEMA_VERSION,
        tool: Tool {
            name: "clearance",
            version: env!("CARGO_PKG_VERSION"),
        },
        verdict: match summary.verdict() {
            "BLOCKED" => "blocked",
            "WARN" => "warn",
            "ERROR" => "error",
            _ => "passed",
        },
        summary: JsonSummary {
            files_scanned: summary.stats.files,
            bytes_scanned: summary.stats.bytes,
            duration_ms: summary.duration.as_millis() as u64,
            findings: summary.findings,
            failing: summary.failing,
            files_with_findings: summary.files_with_findings,
            by_category: summary
                .by_category
                .iter()
                .map(|(c, n)| (c.as_str(), *n))
                .collect(),
            by_outcome: summary.by_outcome.iter().fold(
                std::collections::BTreeMap::new(),
                |mut map, ((category, outcome), n)| {
                    map.entry(category.as_str())
                        .or_insert_with(std::collections::BTreeMap::new)
                        .insert(outcome.as_str(), *n);
                    map
                },
            ),
            skipped: Skipped {
                binary: summary.stats.binary,
                too_large: summary.stats.too_large,
                symlinks: summary.stats.symlinks,
            },
            documents: Documents {
                read: summary.stats.documents,
                not_read: summary.stats.documents_not_read,
            },
            unreadable: summary
                .stats
                .unreadable
                .iter()
                .map(|u| Unreadable {
                    path: &u.path,
                    reason: &u.reason,
                })
                .collect(),
            suppressed: summary
                .suppressed
                .iter()
                .map(|(k, n)| (k.as_str(), *n))
                .collect(),
            baseline_expired: summary
                .baseline_expired
                .iter()
                .map(|e| Expired {
                    fingerprint: &e.fingerprint,
                    rule: &e.rule,
                    path: &e.path,
                    expires: e.expires.map(|d| d.to_string()).unwrap_or_default(),
                    line: e.line,
                })
                .collect(),
        },
        suppressed: (!summary.suppressed_list.is_empty()).then(|| {
            summary
                .suppressed_list
                .iter()
                .map(|s| JsonSuppressed {
                    finding: json_finding(&s.finding, show_secrets),
                    suppressed_by: s.by.as_str(),
                    suppressed_detail: &s.detail,
                    suppressed_reason: s.reason.as_deref(),
                })
                .collect()
        }),
        findings: findings
            .iter()
            .map(|f| json_finding(f, show_secrets))
            .collect(),
    };
    let mut text =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn json_finding(f: &Finding, show_secrets: bool) -> JsonFinding<'_> {
    JsonFinding {
        rule_id: &f.rule.id,
        rule_name: &f.rule.name,
        category: f.rule.category.as_str(),
        severity: f.rule.severity.as_str(),
        outcome: f.outcome.as_str(),
        class: f.class.as_str(),
        score: f.score,
        note: f.note.as_deref(),
        path: &f.origin.path,
        line: f.line,
        column: f.column,
        end_line: f.end_line,
        location: f.location.as_deref(),
        commit: f.origin.commit.as_ref().map(|c| Commit {
            id: &c.id,
            author: &c.author,
            date: &c.date,
            other_occurrences: c.other_occurrences,
        }),
        value: f.shown_value(show_secrets),
        snippet: render_line(&f.line_text, &f.redact_in_line, show_secrets),
        fingerprint: &f.fingerprint,
        value_sha256: f.value_sha256.as_deref(),
        remediation: &f.rule.remediation,
        references: &f.rule.references,
    }
}
