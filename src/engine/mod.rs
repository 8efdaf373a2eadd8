//! The engine turns a blob into findings:
//! 1. [`prefilter`]: one Aho-Corasick pass finds every rule keyword, so only rules whose
//!    keywords occur run, and only on windows around the hits;
//! 2. [`matcher`]: each candidate rule's regex (compiled on first use) runs over its windows;
//! 3. checks on the captured value: [`placeholder`], [`entropy`] floor, [`validate`]d shape;
//!    for personal data and markings a scored validator's verdict; the [`markings`] step
//!    (position of a marking in its file, line rules, portion marks, codewords), then the
//!    score and outcome;
//! 4. a [`Finding`] with line, column and fingerprint, for lines of interest only.
//!
//! The engine knows nothing of files or git: it reads a [`Blob`] and returns findings in a
//! deterministic order.

mod context;
pub mod document;
pub mod entropy;
pub mod examples;
pub mod hygiene;
pub(crate) mod location;
pub mod markings;
mod matcher;
mod numeric;
pub mod pii;
pub mod placeholder;
pub mod prefilter;
mod score;
mod tables;
#[cfg(test)]
mod test_random;
pub mod validate;
pub mod verdict;

use std::sync::{Arc, Mutex};

use crate::finding::{fingerprint, sha256_hex, Class, Finding};
use crate::redact::Masked;
use crate::rules::{Category, Rule, RuleMeta};
use crate::source::Blob;
use location::LineIndex;
pub use matcher::build_pattern;
use matcher::{CompiledRule, Window};
use prefilter::Prefilter;
use score::Assessed;
use verdict::Verdict;

/// Why an engine could not be built.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("{source_name}: rule `{id}`: {message}")]
    Rule {
        source_name: String,
        id: String,
        message: String,
    },
    #[error("building the keyword automaton: {0}")]
    Prefilter(#[from] aho_corasick::BuildError),
}

/// A set of rules ready to scan blobs. Cheap to share between threads.
pub struct Engine {
    rules: Vec<CompiledRule>,
    prefilter: Prefilter,
    /// Rules that run on every blob (no keywords), but for numeric scored rules.
    keywordless: Vec<u32>,
    /// Numeric scored rules with no keywords: run where digits are dense.
    numeric: numeric::NumericPass,
    /// Off-by-default rules that only strengthen records (`score.contributes`): run on the
    /// lines around the other personal-data candidates, kept only in a composite record.
    contributors: Vec<u32>,
    /// The rule reporting documents that were not read (`None`: not selected).
    not_read: Option<Arc<RuleMeta>>,
    /// Regex compile failures met at scan time (reported by the caller as errors).
    late_errors: Mutex<Vec<String>>,
    /// The codeword rule and the configured codewords it looks for (see
    /// [`Engine::with_codewords`]).
    codewords: Option<(u32, markings::codeword::Codewords)>,
}

/// A raw match before it becomes a finding.
#[derive(Clone)]
struct Candidate {
    rule: u32,
    value: (usize, usize),
    /// Length of the whole regex match: more matched context means a more specific rule.
    context: usize,
    /// Scored rules: what the validator said (class, adjustment, normalised value).
    verdict: Option<Verdict>,
}

/// Lines kept around a hit on very long lines (minified files).
const LINE_CLIP: usize = 1024;
/// How far past a hit a `multiline` rule may match.
const MULTILINE_SPAN: usize = 64 * 1024;

impl Engine {
    /// Builds an engine: resolves validators; the regexes compile on first use (or in
    /// [`Engine::compile_all`], which checks every pattern).
    pub fn new(rules: Vec<Rule>) -> Result<Engine, EngineError> {
        Engine::build(rules, true)
    }

    /// Like [`Engine::new`], tuned for a few small blobs (a commit): cheaper to build, slower
    /// per byte. Findings are the same.
    pub fn for_small_input(rules: Vec<Rule>) -> Result<Engine, EngineError> {
        Engine::build(rules, false)
    }

    fn build(mut rules: Vec<Rule>, large_input: bool) -> Result<Engine, EngineError> {
        // A value one provider publishes as its documentation example is one for every rule:
        // jwt.io's token assigned to `TOKEN = "..."` is no more a secret for the generic rules.
        let mut published: Vec<String> = rules
            .iter()
            .flat_map(|r| r.known_examples.iter().cloned())
            .collect();
        published.sort_unstable();
        published.dedup();
        for rule in &mut rules {
            rule.known_examples.clone_from(&published);
        }
        let compiled = rules
            .into_iter()
            .map(CompiledRule::new)
            .collect::<Result<Vec<_>, _>>()?;
        // Composite contributors are not looked for by keyword (see `contributors`).
        let keywords: Vec<&[String]> = compiled
            .iter()
            .map(|r| match r.rule.contributor_only {
                true => &[],
                false => r.rule.keywords.as_slice(),
            })
            .collect();
        let prefilter = Prefilter::new(&keywords, large_input)?;
        let is_numeric = |r: &CompiledRule| r.rule.score.as_ref().is_some_and(|s| s.numeric);
        let keywordless = compiled
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.rule.keywords.is_empty()
                    && !is_numeric(r)
                    && !markings::pass::fed_by_engine(&r.rule)
                    && !r.rule.contributor_only
            })
            .map(|(i, _)| i as u32)
            .collect();
        let numeric = numeric::NumericPass::new(
            compiled
                .iter()
                .enumerate()
                .filter(|(_, r)| {
                    r.rule.keywords.is_empty() && is_numeric(r) && !r.rule.contributor_only
                })
                .map(|(i, r)| {
                    let probe = r.rule.probe.as_ref().unwrap_or(&r.rule.pattern);
                    (i as u32, probe.clone(), r.rule.pattern.clone())
                })
                .collect(),
            large_input,
        );
        let contributors = compiled
            .iter()
            .enumerate()
            .filter(|(_, r)| r.rule.contributor_only)
            .map(|(i, _)| i as u32)
            .collect();
        Ok(Engine {
            contributors,
            rules: compiled,
            prefilter,
            keywordless,
            numeric,
            not_read: Some(document::not_read_rule()),
            late_errors: Mutex::new(Vec::new()),
            codewords: None,
        })
    }

    /// Looks for these organisation codewords with this engine's codeword rule (the rule
    /// [`markings::codeword::rule`] makes); without that rule, or with no codewords, nothing.
    pub fn with_codewords(mut self, codewords: markings::codeword::Codewords) -> Engine {
        let rule = self
            .rules
            .iter()
            .position(|r| markings::pass::fed_by_engine(&r.rule));
        self.codewords = match rule {
            Some(rule) if !codewords.is_empty() => Some((rule as u32, codewords)),
            _ => None,
        };
        self
    }

    /// The rules this engine runs, in load order.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.rules.iter().map(|r| &r.rule)
    }

    /// Compiles every regex now and checks its capture groups (for `rules check`, the test
    /// suite and custom rules).
    pub fn compile_all(&self) -> Result<(), EngineError> {
        for r in &self.rules {
            r.verify().map_err(|message| EngineError::Rule {
                source_name: r.rule.source.clone(),
                id: r.rule.id().to_string(),
                message,
            })?;
        }
        Ok(())
    }

    /// Compiles the regex of rule `id` now and checks its capture groups (custom rules are
    /// checked this way when the config loads, without compiling every built-in rule).
    pub fn verify_rule(&self, id: &str) -> Result<(), EngineError> {
        for r in self.rules.iter().filter(|r| r.rule.id() == id) {
            r.verify().map_err(|message| EngineError::Rule {
                source_name: r.rule.source.clone(),
                id: r.rule.id().to_string(),
                message,
            })?;
        }
        Ok(())
    }

    /// Regex compile failures met while scanning; non-empty means the scan was incomplete.
    pub fn late_errors(&self) -> Vec<String> {
        match self.late_errors.lock() {
            Ok(list) => list.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Stops reporting documents that were not read (their rule is not selected).
    pub fn skip_documents_not_read(&mut self) {
        self.not_read = None;
    }

    /// Scans one blob and returns its findings, sorted by position then rule.
    pub fn scan(&self, blob: &Blob) -> Vec<Finding> {
        let Some(rule) = &self.not_read else {
            return self.scan_text(blob);
        };
        if let Some(finding) = document::not_read_finding(rule, blob) {
            return vec![finding];
        }
        let mut findings = self.scan_text(blob);
        let embedded = document::embedded_not_read_findings(rule, blob);
        if !embedded.is_empty() {
            findings.extend(embedded);
            findings.sort_by(|a, b| {
                (a.line, a.column, &a.rule.id).cmp(&(b.line, b.column, &b.rule.id))
            });
        }
        findings
    }

    /// The findings in a blob's text, sorted by position then rule.
    fn scan_text(&self, blob: &Blob) -> Vec<Finding> {
        let hay = blob.bytes.as_slice();
        let path = blob.origin.path.as_str();
        let skip_numeric = hygiene::skips_numeric(path);
        let runs = |compiled: &CompiledRule| {
            !(skip_numeric && compiled.rule.score.as_ref().is_some_and(|s| s.numeric))
                && compiled.runs_in(path)
        };
        let mut candidates = Vec::new();
        // A commit's blobs come with the lines it added: keyword hits whose windows cannot
        // reach one of them are dropped before any regex runs (or compiles).
        let interest = blob
            .lines_of_interest
            .as_deref()
            .map(|ranges| (LineIndex::new(hay), ranges));
        let tables = tables::Tables::new(path, hay, blob.layout());
        let headers = tables.header_line_starts(hay);
        let reaches_interest = |start: usize, reach: Reach| -> bool {
            let Some((lines, ranges)) = &interest else {
                return true;
            };
            let (line, line_start, _) = lines.line_of(start);
            let last = match reach {
                Reach::Line => line,
                Reach::NextLine { table: true } if headers.binary_search(&line_start).is_ok() => {
                    u32::MAX
                }
                Reach::NextLine { .. } => line + 1,
                Reach::Multiline => u32::MAX,
            };
            ranges.iter().any(|&(lo, hi)| lo <= last && hi >= line)
        };
        let mut tally = score::Tally::default();
        let hits = self.prefilter.hits(hay);
        for group in hits.chunk_by(|a, b| a.rule == b.rule) {
            let rule = group[0].rule;
            let compiled = &self.rules[rule as usize];
            if !runs(compiled) {
                continue;
            }
            let reach = if compiled.rule.multiline {
                Reach::Multiline
            } else if compiled.rule.score.is_some() {
                Reach::NextLine {
                    table: !headers.is_empty(),
                }
            } else {
                Reach::Line
            };
            let near = group
                .iter()
                .filter(|h| reaches_interest(h.start, reach))
                .filter(|h| {
                    compiled
                        .keyword_guard
                        .is_none_or(|ok| ok(hay, h.start, h.end))
                })
                .map(|h| (h.start, h.end));
            let windows = windows_around(hay, near, reach, &headers);
            if !windows.is_empty() {
                self.run_rule(rule, hay, &windows, &mut candidates, &mut tally);
            }
        }
        if !skip_numeric {
            for (rule, mut windows) in self.numeric.plan(hay) {
                if !self.rules[rule as usize].runs_in(path) {
                    continue;
                }
                if let Some((lines, ranges)) = &interest {
                    windows.retain(|w| {
                        let (first, last) = (
                            lines.line_of(w.start).0,
                            lines.line_of(w.end.saturating_sub(1).max(w.start)).0,
                        );
                        ranges.iter().any(|&(lo, hi)| lo <= last && hi >= first)
                    });
                }
                if !windows.is_empty() {
                    self.run_rule(rule, hay, &windows, &mut candidates, &mut tally);
                }
            }
        }
        for &rule in &self.keywordless {
            if !runs(&self.rules[rule as usize]) {
                continue;
            }
            self.run_rule(
                rule,
                hay,
                &[Window {
                    start: 0,
                    end: hay.len(),
                }],
                &mut candidates,
                &mut tally,
            );
        }
        if !self.contributors.is_empty() {
            let records =
                record_windows(hay, &candidates, |c| score::may_join_record(&self.rules, c));
            let header_words = context::Context::of_headers(hay, &headers);
            let whole = [Window {
                start: 0,
                end: hay.len(),
            }];
            for &rule in &self.contributors {
                let compiled = &self.rules[rule as usize];
                // A table with a column the rule's context names (`postcode`, `address`)
                // holds one on every row: the rule runs over all of it.
                let windows = match header_words.has_any(&compiled.context_phrases) {
                    true => &whole[..],
                    false => &records[..],
                };
                if runs(compiled) && !windows.is_empty() {
                    self.run_rule(rule, hay, windows, &mut candidates, &mut tally);
                }
            }
        }
        if let Some((rule, codewords)) = &self.codewords {
            markings::pass::codeword_candidates(*rule, codewords, hay, &mut candidates);
        }
        if candidates.is_empty() {
            return Vec::new();
        }
        let candidates = markings::pass::settle(&self.rules, path, hay, candidates);
        // Every line looked up from here on holds a candidate or comes before one.
        let lines = match interest {
            Some((lines, _)) => lines,
            None => LineIndex::up_to(hay, candidates.iter().map(|c| c.value.1).max().unwrap_or(0)),
        };
        let assessed = score::assess(&self.rules, path, hay, &lines, candidates, &tables, &tally);
        let mut values: Vec<Masked> = assessed
            .iter()
            .filter(|a| a.bulk.is_none())
            .map(|a| Masked {
                range: a.candidate.value,
                mask: self.rules[a.candidate.rule as usize].rule.meta.mask,
            })
            .collect();
        values.sort_by_key(|m| m.range);
        let mut findings: Vec<Finding> = assessed
            .into_iter()
            .filter_map(|a| self.finding(blob, &lines, a, &values))
            .collect();
        findings
            .sort_by(|a, b| (a.line, a.column, &a.rule.id).cmp(&(b.line, b.column, &b.rule.id)));
        findings
    }

    fn run_rule(
        &self,
        rule: u32,
        hay: &[u8],
        windows: &[Window],
        out: &mut Vec<Candidate>,
        tally: &mut score::Tally,
    ) {
        let compiled = &self.rules[rule as usize];
        let regex = match compiled.regex() {
            Ok(regex) => regex,
            Err(message) => {
                let text = format!("rule `{}`: {message}", compiled.rule.id());
                if let Ok(mut errors) = self.late_errors.lock() {
                    if !errors.contains(&text) {
                        errors.push(text);
                    }
                }
                return;
            }
        };
        let personal = compiled.rule.meta.category == Category::Pii;
        let numeric = compiled.rule.score.as_ref().is_some_and(|s| s.numeric);
        let bulk = compiled.rule.score.as_ref().is_some_and(|s| s.bulk);
        // Numbers glued to longer numbers or inside encoded tokens are no values: they never
        // reach the validator.
        let clean = |span: (usize, usize)| {
            !(numeric && hygiene::in_longer_number(hay, span.0, span.1)
                || personal && hygiene::in_encoded_token(hay, span.0, span.1))
        };
        let mut consider =
            |caps: regex::bytes::Captures<'_>, offset: usize, tally: &mut score::Tally| {
                let Some(value) = caps.get(regex.value_group) else {
                    return;
                };
                let span = (offset + value.start(), offset + value.end());
                let whole = caps.get(0).map_or(0, |m| m.len());
                let verdict = if compiled.rule.score.is_some() {
                    if !clean(span) {
                        return;
                    }
                    let verdict = match compiled.scored {
                        Some(validate) => validate(&caps),
                        None => Some(Verdict::matched(normalise(value.as_bytes()))),
                    };
                    if bulk {
                        tally.record(rule, verdict.is_some());
                    }
                    match verdict {
                        Some(v) => Some(v),
                        None => return,
                    }
                } else if compiled.accepts(value.as_bytes()) {
                    None
                } else {
                    return;
                };
                out.push(Candidate {
                    rule,
                    value: span,
                    context: whole,
                    verdict,
                });
            };
        for window in windows {
            let text = &hay[window.start..window.end];
            let Some(guard) = compiled.match_guard else {
                for caps in regex.regex.captures_iter(text) {
                    consider(caps, window.start, tally);
                }
                continue;
            };
            // Guarded rules: a match whose digits fail the check is the validator's reject,
            // known without reading its groups (the value is the span of those digits).
            for m in regex.regex.find_iter(text) {
                if let Some(((first, last), false)) = pii::guard_digits(guard, m.as_bytes()) {
                    let start = window.start + m.start();
                    if bulk && clean((start + first, start + last)) {
                        tally.record(rule, false);
                    }
                    continue;
                }
                if let Some(caps) = regex.regex.captures_at(text, m.start()) {
                    consider(caps, window.start, tally);
                }
            }
        }
    }

    fn finding(
        &self,
        blob: &Blob,
        lines: &LineIndex,
        assessed: Assessed,
        values: &[Masked],
    ) -> Option<Finding> {
        let Assessed {
            candidate: c,
            outcome,
            score,
            bulk,
        } = assessed;
        let hay = blob.bytes.as_slice();
        let (start, end) = c.value;
        let (line, line_start, line_end) = lines.line_of(start);
        let end_line = lines.line_of(end.saturating_sub(1).max(start)).0;
        if let Some(ranges) = &blob.lines_of_interest {
            if !ranges.iter().any(|&(lo, hi)| line <= hi && end_line >= lo) {
                return None;
            }
        }
        let rule = &self.rules[c.rule as usize].rule;
        let value = &hay[start..end];
        let (text_start, text_end) = clip_line(line_start, line_end, start, end);
        let text_end = if text_end > text_start && hay[text_end - 1] == b'\r' {
            text_end - 1
        } else {
            text_end
        };
        let line_text = String::from_utf8_lossy(&hay[text_start..text_end]).into_owned();
        // Offsets in `line_text` differ from byte offsets when lossy decoding replaced bytes;
        // measure on the decoded text so slicing stays on char boundaries.
        let in_line = |(s, e): (usize, usize)| -> (usize, usize) {
            let (s, e) = (s.clamp(text_start, text_end), e.clamp(text_start, text_end));
            let before = String::from_utf8_lossy(&hay[text_start..s]).len();
            (before, before + String::from_utf8_lossy(&hay[s..e]).len())
        };
        // `values` are sorted and do not overlap (see `score::drop_overlaps`): binary search the first
        // that reaches this line instead of testing every value for every finding.
        let first = values.partition_point(|m| m.range.1 <= text_start);
        let redact_in_line = values[first..]
            .iter()
            .take_while(|m| m.range.0 < text_end)
            .map(|m| Masked {
                range: in_line(m.range),
                mask: m.mask,
            })
            .collect();
        let column = String::from_utf8_lossy(&hay[line_start..start])
            .chars()
            .count() as u32
            + 1;
        Some(Finding {
            rule: rule.meta.clone(),
            origin: blob.origin.clone(),
            line,
            column,
            end_line,
            value: String::from_utf8_lossy(value).into_owned(),
            line_text,
            value_in_line: in_line((start, end)),
            redact_in_line,
            fingerprint: match (&c.verdict, bulk) {
                (_, Some(_)) => fingerprint(&format!("{}/bulk", rule.id()), b""),
                (Some(v), None) => fingerprint(rule.id(), v.normalised.as_bytes()),
                (None, None) => fingerprint(rule.id(), value),
            },
            outcome,
            class: c.verdict.as_ref().map_or(Class::Match, |v| v.class),
            score,
            note: match bulk {
                Some(n) => Some(format!(
                    "{n} distinct values in this file: it looks like a data extract"
                )),
                None => c.verdict.as_ref().and_then(|v| v.note.clone()),
            },
            value_sha256: c
                .verdict
                .as_ref()
                .map(|v| sha256_hex(v.normalised.as_bytes())),
            location: blob.location(line, column),
        })
    }
}

/// The lines a composite record could share with each candidate `in_record` accepts: from
/// [`score::COMPOSITE_LINES`] lines before its line to as many after, merged and in order.
fn record_windows(
    hay: &[u8],
    candidates: &[Candidate],
    in_record: impl Fn(&Candidate) -> bool,
) -> Vec<Window> {
    let mut spans: Vec<(usize, usize)> = candidates
        .iter()
        .filter(|c| in_record(c))
        .map(|c| c.value)
        .collect();
    spans.sort_unstable();
    let line_start = |at: usize| memchr::memrchr(b'\n', &hay[..at]).map_or(0, |i| i + 1);
    let line_end = |at: usize| memchr::memchr(b'\n', &hay[at..]).map_or(hay.len(), |i| at + i);
    let mut windows: Vec<Window> = Vec::new();
    for (start, end) in spans {
        let (mut from, mut to) = (line_start(start), line_end(end));
        for _ in 0..score::COMPOSITE_LINES {
            if from > 0 {
                from = line_start(from - 1);
            }
            if to + 1 < hay.len() {
                to = line_end(to + 1);
            }
        }
        match windows.last_mut() {
            Some(last) if from <= last.end + 1 => last.end = last.end.max(to),
            _ => windows.push(Window {
                start: from,
                end: to,
            }),
        }
    }
    windows
}

/// How far past a keyword a rule may match.
#[derive(Clone, Copy)]
enum Reach {
    /// The keyword's line (secrets).
    Line,
    /// The keyword's line and the next (scored rules: a context word on the line before the
    /// value); in a CSV/TSV file or a document's table, a keyword in a header row reaches
    /// the rest of the blob.
    NextLine { table: bool },
    /// [`MULTILINE_SPAN`] past the keyword (private keys).
    Multiline,
}

/// Merged, sorted windows around keyword hits: the hit's line (clipped on long lines), or as
/// far as `reach` says.
fn windows_around(
    hay: &[u8],
    hits: impl Iterator<Item = (usize, usize)>,
    reach: Reach,
    headers: &[usize],
) -> Vec<Window> {
    let mut windows: Vec<Window> = Vec::new();
    for (start, end) in hits {
        let line_start = memchr::memrchr(b'\n', &hay[..start]).map_or(0, |i| i + 1);
        let window_start = line_start.max(start.saturating_sub(LINE_CLIP));
        let line_end = || memchr::memchr(b'\n', &hay[end..]).map_or(hay.len(), |i| end + i);
        let window_end = match reach {
            Reach::Multiline => hay.len().min(end + MULTILINE_SPAN),
            Reach::Line => line_end().min(end + LINE_CLIP),
            Reach::NextLine { table: true } if headers.binary_search(&line_start).is_ok() => {
                hay.len()
            }
            Reach::NextLine { .. } => {
                let first = line_end();
                let second = memchr::memchr(b'\n', hay.get(first + 1..).unwrap_or_default())
                    .map_or(hay.len(), |i| first + 1 + i);
                second.min(end + 2 * LINE_CLIP)
            }
        };
        match windows.last_mut() {
            Some(last) if window_start <= last.end => last.end = last.end.max(window_end),
            _ => windows.push(Window {
                start: window_start,
                end: window_end,
            }),
        }
    }
    windows
}

/// Separators removed and letters upper-cased: the value a scored rule without a validator
/// reports and hashes.
fn normalise(value: &[u8]) -> String {
    value
        .iter()
        .filter(|b| !matches!(b, b' ' | b'-' | b'.' | b'\t'))
        .map(|b| b.to_ascii_uppercase() as char)
        .collect()
}

/// Clips a line to at most [`LINE_CLIP`] bytes either side of the value, on char boundaries.
fn clip_line(line_start: usize, line_end: usize, start: usize, end: usize) -> (usize, usize) {
    let from = line_start.max(start.saturating_sub(120));
    let to = line_end.min(end.max(start) + 120).max(from);
    (from, to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Outcome;
    use crate::rules::parse_rule_file;
    use crate::source::Origin;

    fn engine(extra: &str) -> Engine {
        let text = format!(
            r#"
[[rule]]
id = "demo-token"
name = "Demo token"
category = "secret"
severity = "high"
keywords = ["demo_"]
pattern = '(?-u:\b)(demo_[a-zA-Z0-9]{{12}})(?-u:\b)'
remediation = "Rotate it."
examples = ["demo_q8Vn3kLz0PwX"]
negative_examples = ["demo_short"]
{extra}"#
        );
        Engine::new(parse_rule_file(&text, "t.toml").expect("parses")).expect("engine")
    }

    fn scan(engine: &Engine, text: &str) -> Vec<Finding> {
        engine.scan(&Blob::whole(
            Origin::path("t.txt"),
            text.as_bytes().to_vec(),
        ))
    }

    /// What each finding says, for comparing two engines.
    fn summary(found: &[Finding]) -> Vec<String> {
        found
            .iter()
            .map(|f| {
                format!(
                    "{} {}:{} {:?} {:?} {:?} {}",
                    f.rule.id, f.line, f.column, f.outcome, f.class, f.score, f.fingerprint
                )
            })
            .collect()
    }

    #[test]
    fn guarded_rules_find_what_reading_every_match_finds() {
        let rules: Vec<Rule> = crate::rules::builtin_rules()
            .expect("built-in rules load")
            .into_iter()
            .filter(|r| r.meta.category == Category::Pii)
            .collect();
        let guarded = Engine::new(rules.clone()).expect("engine");
        let mut unguarded = Engine::new(rules).expect("engine");
        let mut guards = 0;
        for compiled in &mut unguarded.rules {
            guards += usize::from(compiled.match_guard.take().is_some());
        }
        assert!(guards >= 2, "card and NHS rules have guards: {guards}");
        let mut random = crate::engine::test_random::numbers(0x51a7_e5c0_ffee_1234);
        let mut digits =
            |n: usize| -> Vec<u8> { (0..n).map(|_| b'0' + random(10) as u8).collect() };
        let mut found = 0;
        for round in 0..40 {
            let mut text = String::from("name,chi,h&c number,card,nhs number,notes\n");
            for row in 0..(5 + round % 30) {
                let mut nhs = digits(9);
                if let Some(check) = pii::checksum::nhs_check_digit(&nhs) {
                    nhs.push(check);
                } else {
                    nhs.push(b'0');
                }
                let mut card = b"4".to_vec();
                card.extend(digits(14));
                card.push(pii::checksum::luhn_check_digit(&card));
                let noise = digits(10 + row % 9);
                let cells: Vec<String> = [&nhs, &card, &noise]
                    .iter()
                    .map(|d| {
                        let d = String::from_utf8_lossy(d).into_owned();
                        match row % 5 {
                            0 => d,
                            1 => format!("-{d}"),
                            2 => format!("{} {} {}", &d[..3], &d[3..6], &d[6..]),
                            3 => format!("1.{d}"),
                            _ => format!("x{d}="),
                        }
                    })
                    .collect();
                text.push_str(&format!(
                    "Person {row},{},CHI {}\n",
                    cells.join(","),
                    cells[0]
                ));
            }
            let blob = |path: &str| Blob::whole(Origin::path(path), text.as_bytes().to_vec());
            for path in ["people.csv", "notes.md"] {
                let expected = summary(&unguarded.scan(&blob(path)));
                assert_eq!(
                    summary(&guarded.scan(&blob(path))),
                    expected,
                    "round {round}: {text}"
                );
                found += expected.len();
            }
        }
        assert!(found > 500, "the texts hold findings: {found}");
    }

    #[test]
    fn finds_with_line_and_column() {
        let e = engine("");
        let found = scan(&e, "first line\nkey = \"demo_q8Vn3kLz0PwX\"\n");
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].column), (2, 8));
        assert_eq!(found[0].value, "demo_q8Vn3kLz0PwX");
        assert_eq!(
            &found[0].line_text[found[0].value_in_line.0..found[0].value_in_line.1],
            "demo_q8Vn3kLz0PwX"
        );
    }

    #[test]
    fn keyword_is_case_insensitive_but_regex_decides() {
        let e = engine("");
        assert!(scan(&e, "DEMO_q8Vn3kLz0PwX").is_empty());
        assert_eq!(scan(&e, "x demo_q8Vn3kLz0PwX y demo_Zk92mWpQ71xL").len(), 2);
    }

    #[test]
    fn a_snippet_redacts_every_value_on_its_line() {
        let e = engine("");
        let found = scan(
            &e,
            "a\nx demo_q8Vn3kLz0PwX y demo_Zk92mWpQ71xL\nb demo_Ab3dEf6hIj9k\n",
        );
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].redact_in_line.len(), 2);
        assert_eq!(found[1].redact_in_line, found[0].redact_in_line);
        assert_eq!(found[2].redact_in_line.len(), 1);
    }

    #[test]
    fn placeholders_are_dropped() {
        let e = engine("");
        assert!(scan(&e, "demo_xxxxxxxxxxxx").is_empty());
        assert!(scan(&e, "demo_EXAMPLE12345").is_empty());
    }

    #[test]
    fn lines_of_interest_filter_findings() {
        let e = engine("");
        let mut blob = Blob::whole(
            Origin::path("t"),
            b"demo_q8Vn3kLz0PwX\nclean\ndemo_Zk92mWpQ71xL\n".to_vec(),
        );
        blob.lines_of_interest = Some(vec![(3, 3)]);
        let found = e.scan(&blob);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].line, 3);
    }

    #[test]
    fn overlapping_generic_match_yields_to_specific_rule() {
        let e = engine(
            r#"
[[rule]]
id = "generic-thing"
name = "Generic"
priority = -2
category = "secret"
severity = "critical"
keywords = ["key"]
pattern = 'key = "([^"]+)"'
remediation = "Rotate it."
examples = ['key = "q8Vn3kLz0PwX"']
negative_examples = ["key"]
"#,
        );
        let found = scan(&e, "key = \"demo_q8Vn3kLz0PwX\"");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule.id, "demo-token");
    }

    #[test]
    fn long_lines_are_windowed_and_snippets_clipped() {
        let e = engine("");
        let text = format!(
            "{}demo_q8Vn3kLz0PwX{}",
            "a ".repeat(50_000),
            " b".repeat(50_000)
        );
        let found = scan(&e, &text);
        assert_eq!(found.len(), 1);
        assert!(found[0].line_text.len() < 300);
        assert_eq!(found[0].column, 100_001);
    }

    /// A scored personal-data rule: `SN` + 6 digits, warn alone (55), -20 in files named
    /// `AUTHORS*` or `*.roster`, bulk on.
    fn staff_engine() -> Engine {
        engine(
            r#"
[[rule]]
id = "staff-number"
name = "Staff number"
category = "pii"
severity = "high"
keywords = []
no_keywords_reason = "a number shape"
pattern = '(?-u:\b)(?P<value>SN[0-9]{6})(?-u:\b)'
remediation = "Remove it."
examples = ["SN123456"]
negative_examples = ["SN12345"]
[rule.score]
base = 55
data_file = 0
bulk = true
[[rule.score.files]]
names = ["AUTHORS*", "*.roster"]
adjust = -20
"#,
        )
    }

    fn scan_at(engine: &Engine, path: &str, text: &str) -> Vec<Finding> {
        engine.scan(&Blob::whole(Origin::path(path), text.as_bytes().to_vec()))
    }

    #[test]
    fn file_names_adjust_scores() {
        let e = staff_engine();
        let outcomes = |path: &str| -> Vec<(Option<i32>, Outcome)> {
            scan_at(&e, path, "SN482913\n")
                .iter()
                .map(|f| (f.score, f.outcome))
                .collect()
        };
        assert_eq!(outcomes("docs/notes.md"), [(Some(55), Outcome::Warn)]);
        assert_eq!(outcomes("docs/AUTHORS.md"), [(Some(35), Outcome::Info)]);
        assert_eq!(outcomes("authors"), [(Some(35), Outcome::Info)]);
        assert_eq!(outcomes("team/x.ROSTER"), [(Some(35), Outcome::Info)]);
        assert_eq!(
            outcomes("team/authors-notes/x.md"),
            [(Some(55), Outcome::Warn)]
        );
    }

    #[test]
    fn bulk_min_keeps_info_values_out_of_bulk() {
        let e = staff_engine();
        let text = "SN482913\nSN571024\nSN690135\nSN702246\nSN813357\n";
        let bulk = |path: &str| {
            scan_at(&e, path, text)
                .iter()
                .filter(|f| {
                    f.note
                        .as_deref()
                        .is_some_and(|n| n.contains("data extract"))
                })
                .count()
        };
        assert_eq!(bulk("staff.md"), 1);
        let weak = String::from(
            r#"
[[rule]]
id = "staff-number"
name = "Staff number"
category = "pii"
severity = "high"
keywords = []
no_keywords_reason = "a number shape"
pattern = '(?-u:\b)(?P<value>SN[0-9]{6})(?-u:\b)'
remediation = "Remove it."
examples = ["SN123456"]
negative_examples = ["SN12345"]
[rule.score]
base = 40
data_file = 0
bulk = true
{bulk_min}
"#,
        );
        let strict = weak.replace("{bulk_min}", "bulk_min = \"warn\"");
        let found = scan_at(&engine(&strict), "staff.md", text);
        assert_eq!(found.len(), 5);
        assert!(found
            .iter()
            .all(|f| f.outcome == Outcome::Info && f.note.is_none()));
        // By default values at info count: five of them are an extract.
        let found = scan_at(&engine(&weak.replace("{bulk_min}", "")), "staff.md", text);
        assert_eq!(found.len(), 6);
        assert_eq!(
            found.iter().filter(|f| f.outcome == Outcome::Block).count(),
            1
        );
    }

    #[test]
    fn bad_validator_and_bad_regex_name_the_rule() {
        let text = r#"
[[rule]]
id = "broken"
name = "Broken"
category = "secret"
severity = "low"
keywords = ["x"]
pattern = '(unclosed'
remediation = "r"
examples = ["x"]
negative_examples = ["y"]
"#;
        let engine = Engine::new(parse_rule_file(text, "c.toml").expect("parses")).expect("lazy");
        let err = engine.compile_all().expect_err("fails");
        assert!(err.to_string().contains("broken"), "{err}");
        let two = text.replace("(unclosed", "(x)(y)");
        let engine = Engine::new(parse_rule_file(&two, "c.toml").expect("parses")).expect("lazy");
        let err = engine.compile_all().expect_err("two groups");
        assert!(
            err.to_string().contains("exactly one capturing group"),
            "{err}"
        );
        let text = text
            .replace("(unclosed", "(x)")
            .replace("keywords", "validator = \"nope\"\nkeywords");
        let err = Engine::new(parse_rule_file(&text, "c.toml").expect("parses"))
            .err()
            .expect("fails");
        assert!(err.to_string().contains("nope"), "{err}");
    }

    #[test]
    fn a_record_reaches_five_lines_either_side_of_a_candidate() {
        let text: String = (1..=20).map(|n| format!("line {n:02}\n")).collect();
        let at = |line: usize| (line - 1) * 8 + 5;
        let candidate = |line: usize| Candidate {
            rule: 0,
            value: (at(line), at(line) + 2),
            context: 2,
            verdict: None,
        };
        let windows = |lines: &[usize], accept: bool| -> Vec<String> {
            let candidates: Vec<Candidate> = lines.iter().map(|&l| candidate(l)).collect();
            record_windows(text.as_bytes(), &candidates, |_| accept)
                .iter()
                .map(|w| text[w.start..w.end].to_string())
                .collect()
        };
        let one = windows(&[9], true);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].lines().count(), 11);
        assert!(
            one[0].starts_with("line 04") && one[0].ends_with("line 14"),
            "{one:?}"
        );
        // At the edges of the file; two candidates whose lines meet make one window; one the
        // filter refuses makes none.
        let edges = windows(&[19, 2], true);
        assert_eq!(edges.len(), 2);
        assert!(edges[0].starts_with("line 01") && edges[0].ends_with("line 07"));
        assert!(edges[1].starts_with("line 14") && edges[1].ends_with("line 20"));
        assert_eq!(windows(&[12, 3], true).len(), 1);
        assert!(windows(&[9], false).is_empty());
    }

    #[test]
    fn a_probe_must_match_inside_every_match_of_its_pattern() {
        let text = r#"
[[rule]]
id = "staff-id"
name = "Staff id"
category = "pii"
severity = "low"
keywords = []
no_keywords_reason = "digits"
pattern = 'ID(?P<value>[0-9]{8})'
probe = 'ID[0-9]{8}'
remediation = "r"
examples = ["ID12345678Z"]
negative_examples = ["y"]

[rule.score]
base = 60
numeric = true
"#;
        let engine = Engine::new(parse_rule_file(text, "c.toml").expect("parses")).expect("lazy");
        engine
            .compile_all()
            .expect("the probe lies inside the match");
        let outside = text.replace("probe = 'ID[0-9]{8}'", "probe = '[0-9]{8}Z'");
        let engine =
            Engine::new(parse_rule_file(&outside, "c.toml").expect("parses")).expect("lazy");
        let err = engine
            .compile_all()
            .expect_err("probe reaches past the match");
        assert!(
            err.to_string().contains("staff-id") && err.to_string().contains("probe"),
            "{err}"
        );
    }

    #[test]
    fn a_guarded_validator_needs_the_value_to_span_the_match_digits() {
        let text = r#"
[[rule]]
id = "card-ref"
name = "Card with a reference"
category = "pii"
severity = "high"
keywords = ["card"]
pattern = 'card (?P<value>[0-9]{16})'
validator = "pan"
remediation = "r"
examples = ["card 4242424242424242"]
negative_examples = ["card 4242"]

[rule.score]
base = 60
"#;
        let engine = Engine::new(parse_rule_file(text, "c.toml").expect("parses")).expect("lazy");
        engine
            .compile_all()
            .expect("the value is the match's digits");
        // A reference number before the card: the match's digits are not the value's.
        let longer = text
            .replace("'card (?P<value>", "'card [0-9]{2} (?P<value>")
            .replace("card 4242424242424242", "card 12 4242424242424242");
        let engine =
            Engine::new(parse_rule_file(&longer, "c.toml").expect("parses")).expect("lazy");
        let err = engine
            .compile_all()
            .expect_err("the match holds digits outside the value");
        assert!(
            err.to_string().contains("card-ref") && err.to_string().contains("first digit"),
            "{err}"
        );
    }
}
