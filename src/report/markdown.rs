//! A Markdown summary for a pull request, a merge-request note or `$GITHUB_STEP_SUMMARY`:
//! the verdict as a heading, what was scanned, a table of findings with every value redacted
//! (unless `--show-secrets`), and what to do next, with each rule's fix once. Long tables are
//! cut (step summaries are limited to 1 MiB) and say how many rows were left out.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::text::{md_cell, md_code};
use super::{Scope, Summary};
use crate::finding::Finding;

/// At most this many findings are listed in the table.
pub const MAX_ROWS: usize = 200;

/// Renders the summary with a trailing newline.
pub fn render(findings: &[Finding], summary: &Summary, show_secrets: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## clearance: {}\n", summary.verdict());
    let scanned = summary.scanned();
    if findings.is_empty() {
        if summary.incomplete() {
            let _ = writeln!(
                out,
                "Nothing was found, but not everything could be scanned, so this is **not a pass**. \
                 Scanned {}.\n",
                md_cell(&scanned)
            );
        } else {
            let _ = writeln!(
                out,
                "No secrets, personal data or classification markings found. Scanned {}.\n",
                md_cell(&scanned)
            );
        }
    } else {
        let note = summary
            .not_failing_note()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "Found **{}**{}. Scanned {}.\n",
            md_cell(&summary.found()),
            md_cell(&note),
            md_cell(&scanned)
        );
        table(&mut out, findings, summary, show_secrets);
        next_steps(&mut out, findings, summary);
    }
    unscanned(&mut out, summary);
    let _ = writeln!(
        out,
        "<sub>clearance {} · fails on {} and above{}</sub>",
        env!("CARGO_PKG_VERSION"),
        summary.gate.fail_on.as_str(),
        if summary.gate.warn_only {
            " · --warn-only: reports, never fails on findings"
        } else {
            ""
        }
    );
    out
}

fn table(out: &mut String, findings: &[Finding], summary: &Summary, show_secrets: bool) {
    let commits = findings.iter().any(|f| f.origin.commit.is_some());
    out.push_str("| | Severity | Rule | Where |");
    if commits {
        out.push_str(" Commit |");
    }
    out.push_str(" Value |\n| --- | --- | --- | --- |");
    if commits {
        out.push_str(" --- |");
    }
    out.push_str(" --- |\n");
    for f in findings.iter().take(MAX_ROWS) {
        let status = if summary.gate.fails(f) {
            "**fail**"
        } else {
            "warn"
        };
        let value = f.shown_value(show_secrets);
        let _ = write!(
            out,
            "| {status} | {} | {} {} | {} |",
            f.rule.severity.as_str(),
            md_code(&f.rule.id),
            md_cell(&f.rule.name),
            match &f.location {
                Some(location) => format!("{} in {}", md_code(&f.origin.path), md_cell(location)),
                None => md_code(&format!("{}:{}:{}", f.origin.path, f.line, f.column)),
            },
        );
        if commits {
            let commit = match &f.origin.commit {
                Some(c) => md_code(&c.id[..c.id.len().min(10)]),
                None => String::new(),
            };
            let _ = write!(out, " {commit} |");
        }
        let _ = writeln!(out, " {} |", md_code(&value));
    }
    if findings.len() > MAX_ROWS {
        let _ = writeln!(
            out,
            "\n… and {} more; the full list is in the job log and the machine-readable reports.",
            findings.len() - MAX_ROWS
        );
    }
    out.push('\n');
}

fn next_steps(out: &mut String, findings: &[Finding], summary: &Summary) {
    out.push_str("### What to do next\n\n");
    let committed = matches!(summary.scope, Scope::Range { .. } | Scope::History { .. });
    out.push_str(if committed {
        "1. **Remove each value and revoke or rotate it.** Deleting the line is not enough: \
         the value is in the repository's history, so treat it as leaked. For each rule:\n"
    } else {
        "1. **Remove each value and revoke or rotate it.** If it was ever committed, pushed \
         or shared, deleting it is not enough: treat it as leaked. For each rule:\n"
    });
    let mut seen = BTreeSet::new();
    for f in findings {
        if !seen.insert(f.rule.id.as_str()) {
            continue;
        }
        let fix = f
            .rule
            .remediation
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let _ = writeln!(
            out,
            "   - {} ({}): {}",
            md_code(&f.rule.id),
            md_cell(&f.rule.name),
            md_cell(&fix)
        );
    }
    if committed {
        out.push_str(
            "2. **Keep it out of the default branch's history:** rewrite the commits that added \
             it (`git rebase -i`) or squash when merging. Rotating is still required.\n\
             3. ",
        );
    } else {
        out.push_str("2. ");
    }
    out.push_str(
        "**A false positive?** Add `clearance:allow` to the line (in a comment), or list the \
         path under `[allowlist] paths` in `.clearance.toml`.\n\n",
    );
}

fn unscanned(out: &mut String, summary: &Summary) {
    const SHOWN: usize = 20;
    let unreadable = &summary.stats.unreadable;
    if unreadable.is_empty() {
        return;
    }
    out.push_str("### Not scanned\n\n");
    for u in unreadable.iter().take(SHOWN) {
        let _ = writeln!(out, "- {}: {}", md_code(&u.path), md_cell(&u.reason));
    }
    if unreadable.len() > SHOWN {
        let _ = writeln!(out, "- … and {} more", unreadable.len() - SHOWN);
    }
    out.push('\n');
}
