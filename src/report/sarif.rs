//! SARIF 2.1.0 (the OASIS standard GitHub code scanning ingests).
//!
//! - `tool.driver.rules` holds each rule that has a result: its name, help text and markdown
//!   (the remediation and the provider's references), `helpUri`, and `properties` with `tags`
//!   (`security` and the category) and a numeric `security-severity`, which GitHub maps to
//!   critical (9.0+), high (7.0+), medium (4.0+) and low.
//! - Each result points at a relative URI under `%SRCROOT%` (the scanned directory or the
//!   repository's work tree, given absolutely in `originalUriBaseIds`), with a region in
//!   Unicode code points (`columnKind`), and `partialFingerprints` from the finding's
//!   fingerprint (SHA-256 of rule id and value, never the value), so an alert keeps its
//!   identity when lines move.
//! - Findings from `--diff` and `--history` carry their commit in `properties.commit`.
//! - Findings in office documents name the part and paragraph or cell in a logical
//!   location (and the message); their region counts lines of the extracted text.
//! - Values are redacted in messages and snippets unless `--show-secrets`.
//! - Files that could not be scanned are `toolExecutionNotifications`; a run that fails
//!   closed on them has `executionSuccessful: false`.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::text::{file_uri, uri_path};
use super::Summary;
use crate::finding::{Finding, Outcome};
use crate::redact::render_line;
use crate::rules::{Category, RuleMeta, Severity};

/// The schema URI written in `$schema` (the copy GitHub's documentation points to).
pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The `uriBaseId` of every relative artifact location.
pub const SRCROOT: &str = "%SRCROOT%";

/// SARIF level for a severity: critical and high are errors, medium a warning, low a note.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// GitHub's `security-severity` score for a severity.
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "2.0",
    }
}

/// Renders the SARIF log, pretty-printed, with a trailing newline.
pub fn render(findings: &[Finding], summary: &Summary, show_secrets: bool) -> String {
    let mut rule_index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules: Vec<&RuleMeta> = Vec::new();
    for f in findings {
        if !rule_index.contains_key(f.rule.id.as_str()) {
            rule_index.insert(&f.rule.id, rules.len());
            rules.push(&f.rule);
        }
    }
    let results: Vec<Value> = findings
        .iter()
        .map(|f| result(f, rule_index[f.rule.id.as_str()], summary, show_secrets))
        .collect();

    let mut run = Map::new();
    run.insert(
        "tool".into(),
        json!({
            "driver": {
                "name": "clearance",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules.iter().map(|r| rule(r)).collect::<Vec<_>>(),
            }
        }),
    );
    if let Some(root) = &summary.root {
        let mut uri = file_uri(&root.to_string_lossy().replace('\\', "/"));
        if !uri.ends_with('/') {
            uri.push('/');
        }
        run.insert(
            "originalUriBaseIds".into(),
            json!({ SRCROOT: { "uri": uri } }),
        );
    }
    run.insert("invocations".into(), json!([invocation(summary)]));
    run.insert("columnKind".into(), json!("unicodeCodePoints"));
    run.insert("results".into(), Value::Array(results));
    run.insert(
        "properties".into(),
        json!({
            "verdict": summary.verdict().to_ascii_lowercase(),
            "findings": summary.findings,
            "failing": summary.failing,
            "failOn": summary.gate.fail_on.as_str(),
            "warnOnly": summary.gate.warn_only,
            "scanned": summary.scanned(),
        }),
    );
    let log = json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [Value::Object(run)],
    });
    let mut text = serde_json::to_string_pretty(&log).unwrap_or_else(|e| {
        format!("{{\"version\": \"2.1.0\", \"runs\": [], \"error\": \"{e}\"}}")
    });
    text.push('\n');
    text
}

/// A `reportingDescriptor` for a rule.
fn rule(r: &RuleMeta) -> Value {
    let mut help_text = r.remediation.trim().to_string();
    let mut help_md = format!(
        "**{}** ({}, {} severity)\n\n{}",
        r.name,
        category_word(r.category),
        r.severity.as_str(),
        r.remediation.trim()
    );
    if !r.references.is_empty() {
        help_text.push_str("\n\nReferences:");
        help_md.push_str("\n\nReferences:\n");
        for url in &r.references {
            help_text.push_str(&format!("\n- {url}"));
            help_md.push_str(&format!("\n- <{url}>"));
        }
    }
    help_md.push_str(
        "\n\nA false positive? Add `clearance:allow` to the line, or list the path in \
         `.clearance.toml`.",
    );
    let mut value = json!({
        "id": r.id,
        "name": pascal_case(&r.id),
        "shortDescription": { "text": r.name },
        "fullDescription": {
            "text": format!("{} ({}, {} severity)", r.name, category_word(r.category), r.severity.as_str())
        },
        "help": { "text": help_text, "markdown": help_md },
        "defaultConfiguration": { "level": level(r.severity) },
        "properties": {
            "tags": ["security", r.category.as_str(), "clearance"],
            "security-severity": security_severity(r.severity),
            "category": r.category.as_str(),
            "severity": r.severity.as_str(),
        },
    });
    if let (Some(url), Some(obj)) = (r.references.first(), value.as_object_mut()) {
        obj.insert("helpUri".into(), json!(url));
    }
    value
}

/// One `result`.
fn result(f: &Finding, rule_index: usize, summary: &Summary, show_secrets: bool) -> Value {
    let value = f.shown_value(show_secrets);
    let where_ = match &f.origin.commit {
        Some(c) => format!(
            "{} in commit {}",
            f.origin.path,
            &c.id[..c.id.len().min(10)]
        ),
        None => f.origin.path.clone(),
    };
    let where_ = match &f.location {
        Some(location) => format!("{where_} ({location})"),
        None => where_,
    };
    let message = match f.score {
        None => format!(
            "{} ({}) in {where_}: {value}. Remove it and revoke or rotate it; see the rule's help for how.",
            f.rule.name,
            f.rule.severity.as_str()
        ),
        Some(score) => format!(
            "{} ({}, score {score}, {}) in {where_}: {value}.{} See the rule's help for what to do.",
            f.rule.name,
            f.outcome.as_str(),
            f.class.as_str(),
            f.note.as_ref().map(|n| format!(" {n}.")).unwrap_or_default()
        ),
    };
    let snippet = render_line(&f.line_text, &f.redact_in_line, show_secrets);
    let mut properties = json!({
        "category": f.rule.category.as_str(),
        "severity": f.rule.severity.as_str(),
        "outcome": f.outcome.as_str(),
        "class": f.class.as_str(),
        "failing": summary.gate.fails(f),
    });
    if let Some(obj) = properties.as_object_mut() {
        if let Some(score) = f.score {
            obj.insert("score".into(), json!(score));
        }
        if let Some(hash) = &f.value_sha256 {
            obj.insert("valueSha256".into(), json!(hash));
        }
    }
    if let (Some(c), Some(obj)) = (&f.origin.commit, properties.as_object_mut()) {
        obj.insert(
            "commit".into(),
            json!({
                "id": c.id,
                "author": c.author,
                "date": c.date,
                "otherOccurrences": c.other_occurrences,
            }),
        );
    }
    json!({
        "ruleId": f.rule.id,
        "ruleIndex": rule_index,
        "level": match f.outcome {
            Outcome::Block => level(f.rule.severity),
            Outcome::Warn => "warning",
            Outcome::Info => "note",
        },
        "message": { "text": message },
        "locations": [location(f, &snippet)],
        "partialFingerprints": {
            "clearanceValue/v1": f.fingerprint,
            "clearancePath/v1": super::text::stable_uuid(&[&f.fingerprint, &f.origin.path]),
        },
        "properties": properties,
    })
}

/// The physical location: a relative URI under `%SRCROOT%` (or a `file://` URI for an absolute
/// path). GitHub rejects a whole upload when one result has no physical location, so
/// `<stdin>` and `<commit message>` get one too (their percent-encoded pseudo path), with a
/// logical location that says what they are.
fn location(f: &Finding, snippet: &str) -> Value {
    let path = f.origin.path.as_str();
    let mut region = json!({
        "startLine": f.line,
        "startColumn": f.column,
        "endLine": f.end_line,
        "snippet": { "text": snippet },
    });
    if f.end_line == f.line {
        if let Some(obj) = region.as_object_mut() {
            obj.insert(
                "endColumn".into(),
                json!(f.column as usize + f.value.chars().count()),
            );
        }
    }
    let artifact = if path.starts_with('/') {
        json!({ "uri": file_uri(path) })
    } else {
        json!({ "uri": uri_path(path), "uriBaseId": SRCROOT })
    };
    let mut loc = json!({
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": region,
        }
    });
    if path.starts_with('<') && path.ends_with('>') {
        let name = path.trim_matches(|c| c == '<' || c == '>');
        let qualified = match &f.origin.commit {
            Some(c) => format!("{} of commit {}", name, c.id),
            None => name.to_string(),
        };
        if let Some(obj) = loc.as_object_mut() {
            obj.insert(
                "logicalLocations".into(),
                json!([{ "name": name, "fullyQualifiedName": qualified, "kind": "object" }]),
            );
        }
    } else if let (Some(location), Some(obj)) = (&f.location, loc.as_object_mut()) {
        // Inside an office document: the region counts lines of the extracted text, so the
        // part and paragraph or cell is said here.
        obj.insert(
            "logicalLocations".into(),
            json!([{
                "name": location,
                "fullyQualifiedName": format!("{path}: {location}"),
                "kind": "element",
            }]),
        );
    }
    loc
}

/// The `invocation`: successful unless inputs could not be scanned in a fail-closed mode;
/// each unscanned input is a notification.
fn invocation(summary: &Summary) -> Value {
    let level = if summary.fail_closed {
        "error"
    } else {
        "warning"
    };
    let notes: Vec<Value> = summary
        .stats
        .unreadable
        .iter()
        .map(|u| {
            json!({
                "level": level,
                "message": { "text": format!("not scanned: {}: {}", u.path, u.reason) },
            })
        })
        .collect();
    let mut inv = json!({ "executionSuccessful": !summary.incomplete() });
    if !notes.is_empty() {
        if let Some(obj) = inv.as_object_mut() {
            obj.insert("toolExecutionNotifications".into(), Value::Array(notes));
        }
    }
    inv
}

fn category_word(c: Category) -> &'static str {
    match c {
        Category::Secret => "secret",
        Category::Pii => "personal data",
        Category::Marking => "classification marking",
    }
}

/// `aws-access-key-id` -> `AwsAccessKeyId`
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_and_scores_follow_severity() {
        assert_eq!(level(Severity::Critical), "error");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Low), "note");
        assert_eq!(security_severity(Severity::High), "8.0");
        assert_eq!(pascal_case("aws-access-key-id"), "AwsAccessKeyId");
    }
}
