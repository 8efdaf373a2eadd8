//! The human format: findings grouped by file, each as `path:line:col: rule (severity) name`,
//! the line with every value redacted, and how to fix it; with `--show-suppressed`, the
//! suppressed findings after them, each with what suppressed it. Colour only when asked for.

use std::fmt::Write as _;

use crate::filter::Suppressed;
use crate::finding::Finding;
use crate::redact::render_line;

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub color: bool,
    pub show_secrets: bool,
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
    let refs: Vec<&Finding> = findings.iter().collect();
    render_blocks(&refs, &[], options)
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
        let severity = match f.rule.severity {
            crate::rules::Severity::Critical | crate::rules::Severity::High => {
                paint.wrap("1;31", f.rule.severity.as_str())
            }
            _ => paint.wrap("33", f.rule.severity.as_str()),
        };
        let _ = writeln!(
            out,
            "{}: {} ({severity}) {}",
            paint.wrap("1", &format!("{}:{}:{}", f.origin.path, f.line, f.column)),
            paint.wrap("36", &f.rule.id),
            f.rule.name
        );
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
