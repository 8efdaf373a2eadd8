//! The human format: findings grouped by file, each as `path:line:col: rule (severity) name`
//! (personal data and markings: `(block, score 95)`; in an office document, `in
//! word/footer1.xml paragraph 1`, where line and column count in the extracted text), the line
//! with every value masked, a note on why (test value, data extract), and how to fix it; info
//! findings only with `--verbose` (a line counts the hidden ones); with `--show-suppressed`,
//! the suppressed findings after them, each with what suppressed it. Colour only when asked for.

use std::fmt::Write as _;

use crate::filter::Suppressed;
use crate::finding::{Class, Finding, Outcome};
use crate::redact::render_line;

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub color: bool,
    pub show_secrets: bool,
    /// Show info findings too.
    pub verbose: bool,
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
}

/// Renders sorted findings.
pub fn render(findings: &[Finding], options: HumanOptions) -> String {
    let refs: Vec<&Finding> = findings
        .iter()
        .filter(|f| options.verbose || f.outcome > Outcome::Info)
        .collect();
    let mut out = render_blocks(&refs, &[], options);
    let hidden = findings.len() - refs.len();
    if hidden > 0 {
        if !out.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "{hidden} info finding{} not shown (documented test values, unmarked-level markings, \
             addresses, documents not read): --verbose shows {}",
            if hidden == 1 { "" } else { "s" },
            if hidden == 1 { "it" } else { "them" }
        );
    }
    out
}

/// Renders sorted suppressed findings under a heading, each with what suppressed it.
pub fn render_suppressed(suppressed: &[Suppressed], options: HumanOptions) -> String {
    if suppressed.is_empty() {
        return String::new();
    }
    let findings: Vec<&Finding> = suppressed.iter().map(|s| &s.finding).collect();
    let refs: Vec<&Suppressed> = suppressed.iter().collect();
    format!(
        "Suppressed ({}):\n{}",
        suppressed.len(),
        render_blocks(&findings, &refs, options)
    )
}

/// One block per finding; when `suppressed` is given (same length), what suppressed each
/// replaces the fix.
fn render_blocks(
    findings: &[&Finding],
    suppressed: &[&Suppressed],
    options: HumanOptions,
) -> String {
    let paint = Paint(options.color);
    let mut out = String::new();
    let mut previous: Option<&str> = None;
    for (index, f) in findings.iter().enumerate() {
        if previous.is_some_and(|p| p != f.origin.path) {
            out.push('\n');
        }
        previous = Some(&f.origin.path);
        let severity = match (f.score, f.outcome, f.rule.severity) {
            (Some(score), outcome, _) => {
                let code = match outcome {
                    Outcome::Block => "1;31",
                    Outcome::Warn => "33",
                    Outcome::Info => "2",
                };
                paint.wrap(code, &format!("{}, score {score}", outcome.as_str()))
            }
            (None, _, crate::rules::Severity::Critical | crate::rules::Severity::High) => {
                paint.wrap("1;31", f.rule.severity.as_str())
            }
            (None, _, severity) => paint.wrap("33", severity.as_str()),
        };
        let _ = writeln!(
            out,
            "{}: {} ({severity}) {}",
            paint.wrap("1", &format!("{}:{}:{}", f.origin.path, f.line, f.column)),
            paint.wrap("36", &f.rule.id),
            f.rule.name
        );
        if let Some(location) = &f.location {
            let _ = writeln!(out, "    in {location}");
        }
        if let Some(c) = &f.origin.commit {
            let _ = writeln!(out, "    commit {} by {} on {}", &c.id, c.author, c.date);
            if c.other_occurrences > 0 {
                let _ = writeln!(
                    out,
                    "    (also in {} other commits or paths)",
                    c.other_occurrences
                );
            }
        }
        let line = render_line(&f.line_text, &f.redact_in_line, options.show_secrets);
        let _ = writeln!(out, "    {:>5} | {}", f.line, line.trim_end());
        match (&f.note, f.class) {
            (Some(note), Class::Match) => {
                let _ = writeln!(out, "    note: {note}");
            }
            (Some(note), class) => {
                let _ = writeln!(out, "    note: {} value: {note}", class.as_str());
            }
            (None, Class::Match) => {}
            (None, class) => {
                let _ = writeln!(out, "    note: {} value", class.as_str());
            }
        }
        if let Some(s) = suppressed.get(index) {
            let _ = writeln!(
                out,
                "    suppressed by {}: {}",
                paint.wrap("33", s.by.as_str()),
                s.detail
            );
            if let Some(reason) = &s.reason {
                let _ = writeln!(out, "    reason: {reason}");
            }
            continue;
        }
        let mut fix = f.rule.remediation.lines();
        if let Some(first) = fix.next() {
            let _ = writeln!(out, "    fix: {first}");
            for more in fix {
                let _ = writeln!(out, "         {more}");
            }
        }
    }
    out
}
