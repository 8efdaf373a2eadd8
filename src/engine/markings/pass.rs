//! The marking step of a blob scan: what the engine's regex pass cannot decide from a match
//! alone. The engine calls [`codeword_candidates`] after its regex passes and [`settle`]
//! before overlapping matches are resolved; the scorer then adds the base score.
//!
//! A rule's kind comes from its validator name (`patterns/markings/*.toml`):
//! - `banner-line`, `bracket-subject`: line rules. Their regex only finds lines that may be
//!   banners; [`line_rule`] decides on the stripped line (guards, comments in code,
//!   enumerations), sets the value, and a line rule never reports a line another marking rule
//!   matched;
//! - `portion-aggregate`: the document rule; its regex finds `(U)` lines, and the whole blob
//!   is then read once for [`portion_aggregate`]: one finding, or none;
//! - `codeword`: configured codewords ([`codeword_candidates`]); scored on their base alone;
//! - anything else: a pattern rule, adjusted by where it sits ([`adjustment`]) or dropped by
//!   the identifier guard.

use std::collections::HashSet;

use super::codeword::Codewords;
use super::line::{adjustment, Document, Placement};
use super::line_rules::line_rule;
use super::normalise;
use super::portion::portion_aggregate;
use crate::engine::matcher::CompiledRule;
use crate::engine::verdict::Verdict;
use crate::engine::Candidate;
use crate::finding::Outcome;
use crate::rules::{Category, Rule};

/// Score added to PORTION-AGGREGATE when another marking that can warn fired in the blob.
pub const PORTION_WITH_MARKING: i32 = 25;

/// What the marking step does with a rule's candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Adjusted by position and context; dropped when glued to an identifier.
    Pattern,
    /// A line rule (`BANNER-<TIER>`, `BRACKET-SUBJECT`).
    Line,
    /// PORTION-AGGREGATE.
    Portion,
    /// A configured codeword.
    Codeword,
    /// WEAK-WORD: a bare tier word mid-line; never hides a line rule, and gives way to any
    /// other marking on its line.
    Weak,
    /// Not a marking rule.
    Other,
}

/// The kind of `rule` (see the module doc).
pub fn kind(rule: &Rule) -> Kind {
    if rule.meta.category != Category::Marking {
        return Kind::Other;
    }
    match rule.validator.as_deref() {
        Some("banner-line" | "bracket-subject") => Kind::Line,
        Some("portion-aggregate") => Kind::Portion,
        Some("codeword") => Kind::Codeword,
        Some("weak-word") => Kind::Weak,
        _ => Kind::Pattern,
    }
}

/// True for rules the engine feeds itself rather than running their regex: codewords.
pub fn fed_by_engine(rule: &Rule) -> bool {
    kind(rule) == Kind::Codeword
}

/// Candidates of rule `rule` (the codeword rule) for every configured codeword in `hay`.
pub(in crate::engine) fn codeword_candidates(
    rule: u32,
    codewords: &Codewords,
    hay: &[u8],
    out: &mut Vec<Candidate>,
) {
    for found in codewords.find(hay) {
        out.push(Candidate {
            rule,
            value: (found.start, found.end),
            context: found.len(),
            verdict: Some(Verdict::matched(normalise(&hay[found]))),
        });
    }
}

/// Settles the marking candidates of one blob (read from `path`): pattern rules get their
/// position and context adjustment or are dropped, line rules are decided on the stripped
/// line, PORTION-AGGREGATE becomes one finding or none. Other candidates pass through.
pub(in crate::engine) fn settle(
    rules: &[CompiledRule],
    path: &str,
    hay: &[u8],
    candidates: Vec<Candidate>,
) -> Vec<Candidate> {
    let kind_of = |c: &Candidate| kind(&rules[c.rule as usize].rule);
    if candidates.iter().all(|c| kind_of(c) == Kind::Other) {
        return candidates;
    }
    let doc = Document::new(hay, path);
    let mut out: Vec<Candidate> = Vec::with_capacity(candidates.len());
    let mut lines: Vec<Candidate> = Vec::new();
    let mut portions: Vec<Candidate> = Vec::new();
    let mut weak: Vec<Candidate> = Vec::new();
    for mut c in candidates {
        match kind_of(&c) {
            Kind::Other | Kind::Codeword => out.push(c),
            Kind::Line => lines.push(c),
            Kind::Portion => portions.push(c),
            Kind::Weak => weak.push(c),
            Kind::Pattern => {
                let value = c.value.0..c.value.1;
                if let Some(d) = adjustment(&doc, value, Placement::Pattern) {
                    add(&mut c, d);
                    out.push(c);
                }
            }
        }
    }
    // Lines a pattern rule matched: no line rule reports them.
    let taken: HashSet<usize> = out
        .iter()
        .filter(|c| kind_of(c) == Kind::Pattern)
        .map(|c| doc.line_at(c.value.0).0)
        .collect();
    for mut c in lines {
        let rule = &rules[c.rule as usize].rule;
        let (line_start, _) = doc.line_at(c.value.0);
        if taken.contains(&line_start) {
            continue;
        }
        let Some(hit) = line_rule(&doc, line_start) else {
            continue;
        };
        if hit.rule.rule_id() != rule.id() {
            continue;
        }
        let Some(d) = adjustment(&doc, hit.value.clone(), hit.rule.placement()) else {
            continue;
        };
        c.value = (hit.value.start, hit.value.end);
        if let Some(v) = c.verdict.as_mut() {
            v.normalised = normalise(&hay[hit.value]);
        }
        add(&mut c, d);
        out.push(c);
    }
    let marked: HashSet<usize> = out
        .iter()
        .filter(|c| matches!(kind_of(c), Kind::Pattern | Kind::Line))
        .map(|c| doc.line_at(c.value.0).0)
        .collect();
    for mut c in weak {
        if marked.contains(&doc.line_at(c.value.0).0) {
            continue;
        }
        if let Some(d) = adjustment(&doc, c.value.0..c.value.1, Placement::Pattern) {
            add(&mut c, d);
            out.push(c);
        }
    }
    if let Some(mut c) = portions.into_iter().next() {
        if let Some(agg) = portion_aggregate(hay) {
            let can_warn = |o: &Candidate| {
                matches!(kind_of(o), Kind::Pattern | Kind::Line)
                    && rules[o.rule as usize]
                        .rule
                        .score
                        .as_ref()
                        .is_some_and(|s| s.cap >= Outcome::Warn)
            };
            if out.iter().any(can_warn) {
                add(&mut c, PORTION_WITH_MARKING);
            }
            c.value = (agg.first.start, agg.first.end);
            if let Some(v) = c.verdict.as_mut() {
                v.note = Some(format!(
                    "{} lines open with a portion mark ((TS), (S), (C), (R), (U)), {} of them \
                     above (U)",
                    agg.lines, agg.classified
                ));
            }
            out.push(c);
        }
    }
    out
}

/// Adds `d` to a candidate's score adjustment.
fn add(c: &mut Candidate, d: i32) {
    if let Some(v) = c.verdict.as_mut() {
        v.adjust += d;
    }
}
