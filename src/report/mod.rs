//! Reporters turn findings and the run summary into text: [`human`] for people, [`json`] for
//! machines, [`sarif`] for code scanning, [`junit`] for CI test tabs, [`gitlab`] for GitLab's
//! security widgets and [`markdown`] for pull-request summaries. A reporter only formats;
//! `commands::scan` decides where each report goes. Every run, in every format, ends with one
//! verdict line on stderr ([`final_line`]); when something is found, [`headline`] is printed
//! first, because a git client may show only the first line of a hook's output.

pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod sarif;
pub(crate) mod text;

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use crate::filter::baseline::Entry as BaselineEntry;
use crate::filter::{Suppressed, SuppressedBy};
use crate::finding::{Finding, Outcome};
use crate::rules::{Category, Severity};
use crate::source::StatsSnapshot;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Grouped by file, for people.
    Human,
    /// A versioned JSON document (docs/json-schema.md).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML, for the test tabs of Jenkins, GitLab and Azure DevOps.
    Junit,
    /// GitLab's secret-detection report (artifacts:reports:secret_detection).
    Gitlab,
    /// A Markdown summary for a pull request or $GITHUB_STEP_SUMMARY.
    Markdown,
}

impl Format {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Human => "human",
            Format::Json => "json",
            Format::Sarif => "sarif",
            Format::Junit => "junit",
            Format::Gitlab => "gitlab",
            Format::Markdown => "markdown",
        }
    }
}

/// When findings fail the run: at or above `fail_on`, unless `warn_only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    /// Findings below this severity are reported but do not fail the run.
    pub fail_on: Severity,
    /// Report everything, fail on nothing (errors still fail).
    pub warn_only: bool,
    /// Findings whose outcome is warn fail the run too.
    pub strict: bool,
}

impl Default for Gate {
    fn default() -> Gate {
        Gate {
            fail_on: Severity::Low,
            warn_only: false,
            strict: false,
        }
    }
}

impl Gate {
    /// True when this finding fails the run: it blocks (or warns, with `--strict`), is at or
    /// above `--fail-on`, and the run is not `--warn-only`.
    pub fn fails(&self, f: &Finding) -> bool {
        !self.warn_only && f.rule.severity >= self.fail_on && self.would_fail(f.outcome)
    }

    /// True when a finding with `outcome` fails the run before `--fail-on`/`--warn-only`.
    pub fn would_fail(&self, outcome: Outcome) -> bool {
        outcome == Outcome::Block || (self.strict && outcome == Outcome::Warn)
    }

    /// Why a finding that does not fail the run does not: "--warn-only" or
    /// "below --fail-on high".
    pub fn why_not_failing(&self) -> String {
        if self.warn_only {
            "--warn-only".to_string()
        } else {
            format!("below --fail-on {}", self.fail_on.as_str())
        }
    }
}

/// Everything a reporter needs about the run besides the findings.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub stats: StatsSnapshot,
    pub duration: Duration,
    pub findings: usize,
    pub by_category: BTreeMap<Category, usize>,
    /// Findings per category and outcome.
    pub by_outcome: BTreeMap<(Category, Outcome), usize>,
    pub files_with_findings: usize,
    pub suppressed: BTreeMap<SuppressedBy, usize>,
    /// The suppressed findings themselves, when `--show-suppressed` asks for them.
    pub suppressed_list: Vec<Suppressed>,
    /// Baseline entries whose expiry date has passed (they no longer suppress anything).
    pub baseline_expired: Vec<BaselineEntry>,
    /// `path:line rule-id` of the first finding in output order.
    pub first: Option<String>,
    /// What was scanned (files, staged changes, a commit range, history).
    pub scope: Scope,
    /// Inputs that could not be scanned make the run fail (git modes).
    pub fail_closed: bool,
    /// Which findings fail the run.
    pub gate: Gate,
    /// Findings that fail the run under `gate` (all blocks by default).
    pub failing: usize,
    /// Findings that would fail but for `--fail-on` or `--warn-only`.
    pub gated: usize,
    /// Warn findings that do not fail the run (no `--strict`).
    pub warnings: usize,
    /// Info findings (never fail the run).
    pub info: usize,
    /// Wall-clock time the run started (reports that carry timestamps).
    pub started_at: Option<SystemTime>,
    /// The directory that relative finding paths are relative to (SARIF's `%SRCROOT%`).
    pub root: Option<std::path::PathBuf>,
}

/// What a run covered, for the verdict line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Scope {
    /// Files and directories (or stdin).
    #[default]
    Files,
    /// Staged changes; `whole_files` of the files counted were named (by `clearance hook`)
    /// without a staged change, and were scanned whole from the work tree.
    Staged { whole_files: u64 },
    /// The commits of a range.
    Range { spec: String, commits: usize },
    /// Every blob in history.
    History {
        commits: usize,
        blobs: usize,
        shallow: bool,
    },
}

impl Summary {
    /// Summarises sorted `findings` and the `suppressed` ones.
    pub fn new(
        stats: StatsSnapshot,
        duration: Duration,
        findings: &[Finding],
        suppressed: &[Suppressed],
    ) -> Summary {
        let mut by_category = BTreeMap::new();
        let mut by_outcome = BTreeMap::new();
        for f in findings {
            *by_category.entry(f.rule.category).or_insert(0) += 1;
            *by_outcome.entry((f.rule.category, f.outcome)).or_insert(0) += 1;
        }
        let mut suppressed_by = BTreeMap::new();
        for s in suppressed {
            *suppressed_by.entry(s.by).or_insert(0) += 1;
        }
        let mut paths: Vec<&str> = findings.iter().map(|f| f.origin.path.as_str()).collect();
        paths.dedup();
        paths.sort_unstable();
        paths.dedup();
        Summary {
            stats,
            duration,
            findings: findings.len(),
            by_category,
            by_outcome,
            files_with_findings: paths.len(),
            suppressed: suppressed_by,
            first: findings.first().map(first_text),
            scope: Scope::Files,
            fail_closed: false,
            suppressed_list: Vec::new(),
            baseline_expired: Vec::new(),
            gate: Gate::default(),
            failing: 0,
            gated: 0,
            warnings: 0,
            info: 0,
            started_at: None,
            root: None,
        }
    }

    /// Applies `--fail-on` / `--warn-only` to the same sorted `findings`: counts those that
    /// fail, and makes `first` the first failing one (or the first one when none fails).
    pub fn apply_gate(&mut self, gate: Gate, findings: &[Finding]) {
        self.gate = gate;
        self.failing = findings.iter().filter(|f| gate.fails(f)).count();
        self.gated = findings
            .iter()
            .filter(|f| gate.would_fail(f.outcome) && !gate.fails(f))
            .count();
        self.warnings = findings
            .iter()
            .filter(|f| f.outcome == Outcome::Warn && !gate.would_fail(f.outcome))
            .count();
        self.info = findings
            .iter()
            .filter(|f| f.outcome == Outcome::Info)
            .count();
        self.first = findings
            .iter()
            .find(|f| gate.fails(f))
            .or_else(|| findings.iter().find(|f| f.outcome > Outcome::Info))
            .or_else(|| findings.first())
            .map(first_text);
    }

    /// True when inputs were not scanned and the mode fails closed.
    pub fn incomplete(&self) -> bool {
        self.fail_closed && !self.stats.unreadable.is_empty()
    }

    /// True when the run found something that fails it.
    pub fn blocked(&self) -> bool {
        self.failing > 0
    }

    /// True when findings that warn (or would block but for `--fail-on`, `--warn-only`) were
    /// reported and none fails the run. Info findings alone are a pass.
    pub fn warned(&self) -> bool {
        self.failing == 0 && self.gated + self.warnings > 0
    }

    /// The verdict word: `BLOCKED`, `WARN`, `ERROR` (nothing found, but not everything could
    /// be scanned) or `PASSED`.
    pub fn verdict(&self) -> &'static str {
        if self.blocked() {
            "BLOCKED"
        } else if self.warned() {
            "WARN"
        } else if self.incomplete() {
            "ERROR"
        } else {
            "PASSED"
        }
    }

    /// Why findings do not fail the run, when some do not: "not failing: --warn-only",
    /// "2 warn only (--strict fails on them)", "1 info".
    pub fn not_failing_note(&self) -> Option<String> {
        let mut notes = Vec::new();
        if self.gated > 0 {
            notes.push(if self.gate.warn_only {
                "not failing: --warn-only".to_string()
            } else if self.failing == 0 {
                format!(
                    "not failing: below --fail-on {}",
                    self.gate.fail_on.as_str()
                )
            } else {
                format!(
                    "{} below --fail-on {}, not failing",
                    self.gated,
                    self.gate.fail_on.as_str()
                )
            });
        }
        if self.warnings > 0 && !self.gate.warn_only {
            notes.push(format!(
                "{} warn only, not failing (--strict fails on {})",
                self.warnings,
                if self.warnings == 1 { "it" } else { "them" }
            ));
        }
        if self.info > 0 {
            notes.push(format!("{} info", self.info));
        }
        (!notes.is_empty()).then(|| notes.join("; "))
    }

    /// A one-line description of what was scanned: "42 files, 1.3 MB in 12 ms".
    pub fn scanned(&self) -> String {
        scanned_phrase(self)
    }

    /// "2 secrets, 1 personal data in 2 files"
    pub fn found(&self) -> String {
        found_phrase(self)
    }
}

fn first_text(f: &Finding) -> String {
    match &f.location {
        Some(location) => format!("{} ({location}) {}", location_of(f), f.rule.id),
        None => format!("{}:{} {}", location_of(f), f.line, f.rule.id),
    }
}

/// `path`, or `path@commit` (short) for findings from git history.
pub fn location_of(f: &Finding) -> String {
    match &f.origin.commit {
        Some(c) => format!("{}@{}", f.origin.path, &c.id[..c.id.len().min(10)]),
        None => f.origin.path.clone(),
    }
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "2 secrets, 3 personal data (1 block, 2 warn) in 2 files": personal data and markings
/// say how many of each outcome, so a developer sees why a run blocked or only warned.
fn found_phrase(s: &Summary) -> String {
    let parts: Vec<String> = s
        .by_category
        .iter()
        .map(|(cat, n)| {
            let mut part = format!("{n} {}", cat.noun(*n));
            if *cat != Category::Secret {
                let outcomes: Vec<String> = [Outcome::Block, Outcome::Warn, Outcome::Info]
                    .into_iter()
                    .filter_map(|o| {
                        let count = s.by_outcome.get(&(*cat, o)).copied().unwrap_or(0);
                        (count > 0).then(|| format!("{count} {}", o.as_str()))
                    })
                    .collect();
                part.push_str(&format!(" ({})", outcomes.join(", ")));
            }
            part
        })
        .collect();
    format!(
        "{} in {}",
        parts.join(", "),
        plural(s.files_with_findings as u64, "file", "files")
    )
}

/// "42 files, 1.3 MB in 12 ms (2 binary skipped)"
pub fn scanned_phrase(s: &Summary) -> String {
    let size = format!(
        "{} in {}",
        human_bytes(s.stats.bytes),
        human_duration(s.duration)
    );
    let lines = plural(s.stats.added_lines, "added line", "added lines");
    let mut text = match &s.scope {
        Scope::Files => format!("{}, {size}", plural(s.stats.files, "file", "files")),
        Scope::Staged { .. } if s.stats.files == 0 => format!(
            "nothing to scan: no staged change adds a line of text, in {}",
            human_duration(s.duration)
        ),
        Scope::Staged { whole_files: 0 } => format!(
            "{} ({lines}), {size}",
            plural(s.stats.files, "staged file", "staged files")
        ),
        Scope::Staged { whole_files } if *whole_files >= s.stats.files => format!(
            "{} whole (nothing staged in them), {size}",
            plural(*whole_files, "file", "files")
        ),
        Scope::Staged { whole_files } => format!(
            "{} ({lines}) and {} whole, {size}",
            plural(s.stats.files - whole_files, "staged file", "staged files"),
            plural(*whole_files, "file", "files")
        ),
        Scope::Range { spec, commits } => format!(
            "{} in {spec}: {} ({lines}) and their messages, {size}",
            plural(*commits as u64, "commit", "commits"),
            plural(s.stats.files, "changed file", "changed files"),
        ),
        Scope::History { commits, blobs, .. } => format!(
            "{} and {} from every ref, {size}",
            plural(*commits as u64, "commit", "commits"),
            plural(*blobs as u64, "unique blob", "unique blobs"),
        ),
    };
    let mut notes = Vec::new();
    if let Scope::History { shallow: true, .. } = s.scope {
        notes.push("SHALLOW clone: history before its oldest commit was not scanned; `git fetch --unshallow` first".to_string());
    }
    if s.stats.submodules > 0 {
        notes.push(plural(
            s.stats.submodules,
            "submodule skipped",
            "submodules skipped",
        ));
    }
    if s.stats.lfs > 0 {
        notes.push(plural(
            s.stats.lfs,
            "Git LFS pointer skipped",
            "Git LFS pointers skipped",
        ));
    }
    if s.stats.documents > 0 {
        notes.push(plural(
            s.stats.documents,
            "office document read",
            "office documents read",
        ));
    }
    if s.stats.documents_not_read > 0 {
        notes.push(plural(
            s.stats.documents_not_read,
            "document NOT READ",
            "documents NOT READ",
        ));
    }
    if s.stats.binary > 0 {
        notes.push(format!("{} binary skipped", s.stats.binary));
    }
    if s.stats.too_large > 0 {
        notes.push(format!("{} over size limit skipped", s.stats.too_large));
    }
    if s.stats.symlinks > 0 {
        notes.push(plural(
            s.stats.symlinks,
            "symlink not followed",
            "symlinks not followed",
        ));
    }
    if !s.stats.unreadable.is_empty() {
        let first = &s.stats.unreadable[0];
        notes.push(format!(
            "{} NOT SCANNED, first: {}: {}",
            plural(s.stats.unreadable.len() as u64, "file", "files"),
            first.path,
            first.reason
        ));
    }
    let suppressed: u64 = s.suppressed.values().map(|&n| n as u64).sum();
    if suppressed > 0 {
        let by: Vec<String> = s
            .suppressed
            .iter()
            .map(|(k, n)| format!("{n} {}", k.as_str()))
            .collect();
        notes.push(format!("{suppressed} suppressed: {}", by.join(", ")));
    }
    if !s.baseline_expired.is_empty() {
        notes.push(plural(
            s.baseline_expired.len() as u64,
            "baseline entry EXPIRED",
            "baseline entries EXPIRED",
        ));
    }
    if !notes.is_empty() {
        text.push_str(&format!(" ({})", notes.join("; ")));
    }
    text
}

/// "2 secrets in 1 file (1 below --fail-on high, not failing)"
fn found_with_note(s: &Summary) -> String {
    match s.not_failing_note() {
        Some(note) => format!("{} ({note})", found_phrase(s)),
        None => found_phrase(s),
    }
}

/// The first line printed when something was found.
pub fn headline(s: &Summary) -> Option<String> {
    let first = s.first.as_ref().filter(|_| s.blocked() || s.warned())?;
    Some(format!(
        "clearance: {} {}; first: {first}",
        s.verdict(),
        found_with_note(s)
    ))
}

/// The verdict line every run ends with.
pub fn final_line(s: &Summary) -> String {
    match &s.first {
        Some(first) if s.blocked() || s.warned() => format!(
            "clearance: {} {}; first: {first}; scanned {}. Next: {}; if one is a false positive, \
             add `clearance:allow` to its line; to accept existing findings, run `clearance baseline`",
            s.verdict(),
            found_with_note(s),
            scanned_phrase(s),
            next_step(s)
        ),
        _ if s.incomplete() => format!(
            "clearance: ERROR could not scan everything, so this is not a pass; scanned {}. \
             Fix the cause, or pass --allow-unscanned to accept unscanned files",
            scanned_phrase(s)
        ),
        Some(_) => format!(
            "clearance: PASSED {}; {} (nothing that warns or blocks)",
            scanned_phrase(s),
            found_phrase(s)
        ),
        None => format!("clearance: PASSED {}", scanned_phrase(s)),
    }
}

/// What to do about the findings, by the categories found.
fn next_step(s: &Summary) -> String {
    let mut steps = Vec::new();
    if s.by_category.contains_key(&Category::Secret) {
        steps.push("remove each secret and rotate it (see the fix under each finding)");
    }
    if s.by_category.contains_key(&Category::Pii) {
        steps.push("remove the personal data or replace it with a documented test value");
    }
    if s.by_category.contains_key(&Category::Marking) {
        steps
            .push("remove classified or marked material, or confirm it is cleared for publication");
    }
    steps.join("; ")
}

/// "1.3 MB", "512 B"
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// "12 ms", "1.4 s"
pub fn human_duration(d: Duration) -> String {
    let ms = d.as_millis();
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Unreadable;

    #[test]
    fn passed_line_says_what_was_scanned_and_skipped() {
        let s = Summary {
            stats: StatsSnapshot {
                files: 42,
                bytes: 1_300_000,
                binary: 2,
                ..Default::default()
            },
            duration: Duration::from_millis(12),
            ..Default::default()
        };
        assert_eq!(
            final_line(&s),
            "clearance: PASSED 42 files, 1.3 MB in 12 ms (2 binary skipped)"
        );
        assert_eq!(headline(&s), None);
    }

    #[test]
    fn unreadable_files_are_named_in_the_verdict() {
        let s = Summary {
            stats: StatsSnapshot {
                files: 1,
                unreadable: vec![Unreadable {
                    path: "x".into(),
                    reason: "permission denied".into(),
                }],
                ..Default::default()
            },
            ..Default::default()
        };
        assert!(final_line(&s).contains("1 file NOT SCANNED, first: x: permission denied"));
    }

    #[test]
    fn staged_verdicts_say_what_was_read_whole() {
        let mut s = Summary {
            stats: StatsSnapshot {
                files: 3,
                bytes: 1_500,
                added_lines: 4,
                ..Default::default()
            },
            duration: Duration::from_millis(5),
            scope: Scope::Staged { whole_files: 0 },
            ..Default::default()
        };
        assert_eq!(
            final_line(&s),
            "clearance: PASSED 3 staged files (4 added lines), 1.5 KB in 5 ms"
        );
        s.scope = Scope::Staged { whole_files: 2 };
        assert_eq!(
            final_line(&s),
            "clearance: PASSED 1 staged file (4 added lines) and 2 files whole, 1.5 KB in 5 ms"
        );
        s.scope = Scope::Staged { whole_files: 3 };
        s.stats.added_lines = 0;
        assert_eq!(
            final_line(&s),
            "clearance: PASSED 3 files whole (nothing staged in them), 1.5 KB in 5 ms"
        );
        s.stats.files = 0;
        s.scope = Scope::Staged { whole_files: 0 };
        assert!(final_line(&s).starts_with("clearance: PASSED nothing to scan:"));
    }

    #[test]
    fn gates_turn_blocked_into_warn_and_say_why() {
        let mut s = Summary {
            stats: StatsSnapshot {
                files: 1,
                ..Default::default()
            },
            findings: 2,
            by_category: BTreeMap::from([(Category::Secret, 2)]),
            files_with_findings: 1,
            first: Some("a.env:1 r".into()),
            failing: 2,
            ..Default::default()
        };
        assert_eq!(s.verdict(), "BLOCKED");
        assert_eq!(s.not_failing_note(), None);
        s.failing = 1;
        s.gated = 1;
        s.gate.fail_on = Severity::High;
        assert_eq!(
            s.not_failing_note().as_deref(),
            Some("1 below --fail-on high, not failing")
        );
        s.failing = 0;
        s.gated = 2;
        assert_eq!(s.verdict(), "WARN");
        assert!(final_line(&s).starts_with(
            "clearance: WARN 2 secrets in 1 file (not failing: below --fail-on high); first: a.env:1 r"
        ));
        s.gate.warn_only = true;
        assert_eq!(
            headline(&s).as_deref(),
            Some(
                "clearance: WARN 2 secrets in 1 file (not failing: --warn-only); first: a.env:1 r"
            )
        );
        assert_eq!(s.gate.why_not_failing(), "--warn-only");
    }

    #[test]
    fn sizes_and_durations() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1_500), "1.5 KB");
        assert_eq!(human_bytes(2_000_000_000), "2.0 GB");
        assert_eq!(human_duration(Duration::from_millis(1400)), "1.4 s");
    }
}
