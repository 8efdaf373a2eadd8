//! GitLab's secret-detection report (schema version [`SCHEMA_VERSION`] of
//! gitlab-org/security-products/security-report-schemas), for
//! `artifacts: reports: secret_detection:` so findings show in merge-request widgets, the
//! pipeline's security tab and the vulnerability report.
//!
//! Each finding is a vulnerability with a stable UUID-shaped `id` (from the fingerprint, path,
//! line and commit), the rule as its primary identifier, the remediation as `solution`, and
//! the commit it came from (`0000000` for files scanned outside git, as GitLab's own analyzer
//! writes). The schema's `raw_source_code_extract` is an *unsanitized* excerpt, so it is only
//! written with `--show-secrets`; the description shows the line redacted.

use std::time::SystemTime;

use serde_json::{json, Value};

use super::text::{clip, stable_uuid, utc_timestamp};
use super::Summary;
use crate::finding::Finding;
use crate::redact::render_line;
use crate::rules::Severity;

/// The report schema version written in `version`.
pub const SCHEMA_VERSION: &str = "15.2.1";

/// Renders the report, pretty-printed, with a trailing newline.
pub fn render(findings: &[Finding], summary: &Summary, show_secrets: bool) -> String {
    let start = summary.started_at.unwrap_or_else(SystemTime::now);
    let end = start + summary.duration;
    let tool = json!({
        "id": "clearance",
        "name": "clearance",
        "version": env!("CARGO_PKG_VERSION"),
        "vendor": { "name": "clearance" },
    });
    let mut messages: Vec<Value> = summary
        .stats
        .unreadable
        .iter()
        .map(|u| {
            json!({
                "level": if summary.fail_closed { "fatal" } else { "warn" },
                "value": format!("not scanned: {}: {}", u.path, u.reason),
            })
        })
        .collect();
    messages.push(json!({
        "level": "info",
        "value": format!("clearance: {}; scanned {}", summary.verdict(), summary.scanned()),
    }));
    let report = json!({
        "version": SCHEMA_VERSION,
        "schema": format!(
            "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v{SCHEMA_VERSION}/dist/secret-detection-report-format.json"
        ),
        "scan": {
            "analyzer": tool,
            "scanner": tool,
            "type": "secret_detection",
            "start_time": utc_timestamp(start),
            "end_time": utc_timestamp(end),
            "status": if summary.incomplete() { "failure" } else { "success" },
            "messages": messages,
        },
        "vulnerabilities": findings.iter().map(|f| vulnerability(f, show_secrets)).collect::<Vec<_>>(),
    });
    let mut text =
        serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "Critical",
        Severity::High => "High",
        Severity::Medium => "Medium",
        Severity::Low => "Low",
    }
}

fn is_web_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://")) && url.len() > 8
}

fn vulnerability(f: &Finding, show_secrets: bool) -> Value {
    let commit_id = f.origin.commit.as_ref().map_or("", |c| c.id.as_str());
    let id = stable_uuid(&[
        &f.fingerprint,
        &f.origin.path,
        &f.line.to_string(),
        commit_id,
    ]);
    let line = render_line(&f.line_text, &f.redact_in_line, show_secrets);
    let mut description = format!(
        "{} ({} severity) in `{}` line {}",
        f.rule.name,
        f.rule.severity.as_str(),
        f.origin.path,
        f.line
    );
    if let Some(location) = &f.location {
        description.push_str(&format!(" ({location})"));
    }
    if let Some(c) = &f.origin.commit {
        description.push_str(&format!(
            ", added by commit {} ({}, {})",
            c.id, c.author, c.date
        ));
    }
    description.push_str(&format!(
        ":\n\n```\n{}\n```\n\nRemove the value, revoke or rotate it, and keep the new one in a secret store. \
         A false positive? Add `clearance:allow` to the line.",
        line.trim_end().replace("```", "` ` `")
    ));
    let mut identifier = json!({
        "type": "clearance_rule_id",
        "name": format!("clearance rule {}", f.rule.id),
        "value": f.rule.id,
    });
    if let (Some(url), Some(obj)) = (
        f.rule.references.iter().find(|u| is_web_url(u)),
        identifier.as_object_mut(),
    ) {
        obj.insert("url".into(), json!(url));
    }
    let commit = match &f.origin.commit {
        Some(c) => json!({ "sha": c.id, "author": c.author, "date": c.date }),
        None => json!({ "sha": "0000000" }),
    };
    let mut v = json!({
        "id": id,
        "name": clip(&f.rule.name, 255),
        "description": clip(&description, 1_048_576),
        "severity": severity(f.rule.severity),
        "solution": clip(f.rule.remediation.trim(), 7000),
        "identifiers": [identifier],
        "links": f.rule.references.iter().filter(|u| is_web_url(u)).map(|u| json!({ "url": u })).collect::<Vec<_>>(),
        "location": {
            "file": f.origin.path,
            "start_line": f.line,
            "end_line": f.end_line,
            "commit": commit,
        },
    });
    if show_secrets {
        if let Some(obj) = v.as_object_mut() {
            obj.insert(
                "raw_source_code_extract".into(),
                json!(render_line(&f.line_text, &f.redact_in_line, true)),
            );
        }
    }
    v
}
