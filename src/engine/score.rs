//! Scoring for personal-data and marking rules (spec sections 1.1, 1.4-1.6): base score plus
//! the validator's adjustment (for markings it already holds the line's position: see
//! `markings::pass`), context words, data files, test folders; then overlapping candidates are resolved (the stronger outcome wins);
//! then composite records (+20) and bulk extracts (one extra block); then the outcome, capped
//! by the rule and by the class (test values are at most info).

use std::collections::{HashMap, HashSet};

use super::context::Context;
use super::hygiene::{long_lines_are_data, NUMERIC_LINE_MAX};
use super::location::LineIndex;
use super::matcher::CompiledRule;
use super::tables::Tables;
use super::Candidate;
use crate::finding::{Class, Outcome};

/// A candidate with its outcome.
pub struct Assessed {
    pub candidate: Candidate,
    pub outcome: Outcome,
    pub score: Option<i32>,
    /// Set on the extra file-level finding of a bulk extract: how many distinct values.
    pub bulk: Option<usize>,
}

/// Composite records: values of different detectors this many lines apart or closer.
pub(crate) const COMPOSITE_LINES: u32 = 5;
/// Distinct real-looking values of one bulk detector that make a file a data extract.
const BULK_MIN: usize = 5;

/// Per bulk rule: how many regex matches reached its validator (past the hygiene checks) and
/// how many the validator kept. A handful of rules per blob, counted for every match of a
/// table of figures: a short list, not a hash map.
#[derive(Debug, Default)]
pub struct Tally(Vec<(u32, (usize, usize))>);

impl Tally {
    /// Counts one match of `rule` that reached the validator.
    pub fn record(&mut self, rule: u32, kept: bool) {
        let at = match self.0.iter().position(|(r, _)| *r == rule) {
            Some(at) => at,
            None => {
                self.0.push((rule, (0, 0)));
                self.0.len() - 1
            }
        };
        let counts = &mut self.0[at].1;
        counts.0 += 1;
        counts.1 += usize::from(kept);
    }

    /// True unless most of `rule`'s matches failed its validator. In a real extract nearly
    /// every value in the column passes the check; in a table of numbers in code (float
    /// tables, test vectors, polynomial coefficients) a checksum passes by chance one time
    /// in ten or eleven, and five chance passes must not make a "data extract".
    fn mostly_valid(&self, rule: u32) -> bool {
        self.0
            .iter()
            .find(|(r, _)| *r == rule)
            .is_none_or(|&(_, (tried, kept))| kept * BULK_VALID_SHARE >= tried)
    }
}

/// A bulk extract needs at least one in this many of a rule's matches to pass its validator.
const BULK_VALID_SHARE: usize = 3;

/// Scores every candidate; drops those below the info band or missing required context, and
/// of overlapping candidates keeps one (see [`drop_overlaps`]).
pub fn assess(
    rules: &[CompiledRule],
    path: &str,
    hay: &[u8],
    lines: &LineIndex,
    candidates: Vec<Candidate>,
    tables: &Tables,
    tally: &Tally,
) -> Vec<Assessed> {
    let data_file = is_data_file(path);
    let long_lines_data = long_lines_are_data(path);
    let test_path = is_test_path(path);
    // First pass: everything but composite records.
    let mut scored: Vec<(Candidate, Option<i32>, u32)> = Vec::with_capacity(candidates.len());
    let mut file_adjustments: Vec<(u32, i32)> = Vec::new();
    for c in candidates {
        let compiled = &rules[c.rule as usize];
        let rule = &compiled.rule;
        let (Some(spec), Some(verdict)) = (&rule.score, &c.verdict) else {
            scored.push((c, None, 0));
            continue;
        };
        let (line_no, line_start, line_end) = lines.line_of(c.value.0);
        if spec.numeric
            && line_end - line_start > NUMERIC_LINE_MAX
            && !(long_lines_data || tables.in_sql_rows(c.value.0))
        {
            continue;
        }
        let mut score = spec.base + verdict.adjust;
        if !spec.context_words.is_empty() || !spec.negative_words.is_empty() {
            let context = Context::around(hay, lines, c.value.0, tables);
            if context.has_any(&compiled.context_phrases) {
                score += spec.context;
            } else if spec.context_required {
                continue;
            } else if context.has_any(&compiled.negative_phrases) {
                score += spec.negative;
            }
        }
        if data_file {
            score += spec.data_file.unwrap_or(0);
        }
        if test_path {
            score += spec.test_path.unwrap_or(0);
        }
        // The file name's adjustment is the same for every candidate of a rule: matched
        // once per rule, not per candidate (10,000 email addresses in a file).
        let adjustment = match file_adjustments.iter().find(|(rule, _)| *rule == c.rule) {
            Some(&(_, adjustment)) => adjustment,
            None => {
                let adjustment = compiled.file_adjustment(path);
                file_adjustments.push((c.rule, adjustment));
                adjustment
            }
        };
        score += adjustment;
        scored.push((c, Some(score), line_no));
    }
    let mut scored = drop_overlaps(rules, scored);
    let boosted = add_composite_bonus(rules, &mut scored);
    // A composite contributor (an off-by-default rule, see `score.contributes`) is reported
    // only as part of a record, or where it reaches a warning on its own (a postcode after a
    // house number and street).
    if scored
        .iter()
        .any(|(c, _, _)| rules[c.rule as usize].rule.contributor_only)
    {
        let mut in_record = vec![false; scored.len()];
        for i in boosted {
            in_record[i] = true;
        }
        scored = scored
            .into_iter()
            .zip(in_record)
            .filter(|((c, score, _), in_record)| {
                *in_record
                    || !rules[c.rule as usize].rule.contributor_only
                    || score.is_some_and(|s| Outcome::from_score(s) >= Some(Outcome::Warn))
            })
            .map(|(entry, _)| entry)
            .collect();
    }

    let mut out: Vec<Assessed> = Vec::with_capacity(scored.len());
    for (candidate, score, _) in scored {
        if let Some(outcome) = outcome_of(rules, &candidate, score) {
            out.push(Assessed {
                candidate,
                outcome,
                score,
                bulk: None,
            });
        }
    }
    add_bulk_findings(rules, &mut out, tally);
    out
}

/// The outcome of a candidate with `score` (`None`: unscored, a secret, which blocks): its
/// score band, capped by the rule, and at most info for test values and placeholders.
fn outcome_of(
    rules: &[CompiledRule],
    candidate: &Candidate,
    score: Option<i32>,
) -> Option<Outcome> {
    let Some(score) = score else {
        return Some(Outcome::Block);
    };
    let rule = &rules[candidate.rule as usize].rule;
    let cap = rule.score.as_ref().map_or(Outcome::Block, |s| s.cap);
    let class = candidate.verdict.as_ref().map_or(Class::Match, |v| v.class);
    Outcome::from_score(score).map(|o| {
        let o = o.min(cap);
        if class.is_harmless() {
            o.min(Outcome::Info)
        } else {
            o
        }
    })
}

/// When two rules capture overlapping values, keep one: the stronger outcome (so a bare
/// number that is only info for one rule never hides another rule's warning on the same
/// digits, and a candidate missing its required context was already dropped), then higher
/// `priority` (a provider rule beats a URL rule, which beats a generic rule), then higher
/// severity, then the rule that matched more context (a whole connection string beats a bare
/// key), then the longer value, then rule order. Returns the kept candidates sorted by
/// position.
pub fn drop_overlaps(
    rules: &[CompiledRule],
    mut scored: Vec<(Candidate, Option<i32>, u32)>,
) -> Vec<(Candidate, Option<i32>, u32)> {
    scored.sort_by_key(|(c, _, _)| (c.value.0, c.value.1, c.rule));
    scored.dedup_by_key(|(c, _, _)| (c.value, c.rule));
    let rank = |(c, score, _): &(Candidate, Option<i32>, u32)| {
        let rule = &rules[c.rule as usize].rule;
        (
            outcome_of(rules, c, *score),
            rule.priority,
            rule.meta.severity,
            c.context,
            c.value.1 - c.value.0,
            std::cmp::Reverse(c.rule),
        )
    };
    // Candidates come sorted by start and `kept` never overlaps itself, so its ends are
    // sorted too: only the last kept value can overlap the next candidate (linear, not
    // quadratic, in a file with thousands of matches).
    let mut kept: Vec<(Candidate, Option<i32>, u32)> = Vec::with_capacity(scored.len());
    for entry in scored {
        match kept.last_mut() {
            Some(last) if last.0.value.0 < entry.0.value.1 && entry.0.value.0 < last.0.value.1 => {
                if rank(&entry) > rank(last) {
                    *last = entry;
                }
            }
            _ => kept.push(entry),
        }
    }
    kept
}

/// Whether `c` can be part of a composite record, before its score is known: a composite
/// detector's real-looking value (test values and placeholders never count).
pub(crate) fn may_join_record(rules: &[CompiledRule], c: &Candidate) -> bool {
    rules[c.rule as usize]
        .rule
        .score
        .as_ref()
        .is_some_and(|s| s.composite)
        && c.verdict.as_ref().is_some_and(|v| v.class == Class::Match)
}

/// Two or more different composite detectors with real-looking values within
/// [`COMPOSITE_LINES`] lines: each gains 20. Returns the indices of those that did.
fn add_composite_bonus(
    rules: &[CompiledRule],
    scored: &mut [(Candidate, Option<i32>, u32)],
) -> Vec<usize> {
    let takes_part = |c: &Candidate, score: Option<i32>| {
        may_join_record(rules, c) && score.is_some_and(|s| s >= 30)
    };
    let members: Vec<(usize, u32, u32)> = scored
        .iter()
        .enumerate()
        .filter(|(_, (c, score, _))| takes_part(c, *score))
        .map(|(i, (c, _, line))| (i, c.rule, *line))
        .collect();
    if members.len() < 2 {
        return Vec::new();
    }
    // `scored` is sorted by position, so `members` by line: slide a window of lines over
    // them, counting each rule's members inside it (linear: a file of 10,000 email addresses
    // made the pairwise test a second of work).
    let mut in_window: HashMap<u32, usize> = HashMap::new();
    let (mut first, mut past) = (0, 0);
    let mut boosted = Vec::new();
    for &(i, rule, line) in &members {
        while past < members.len() && members[past].2 <= line + COMPOSITE_LINES {
            *in_window.entry(members[past].1).or_default() += 1;
            past += 1;
        }
        while members[first].2 + COMPOSITE_LINES < line {
            if let Some(count) = in_window.get_mut(&members[first].1) {
                *count -= 1;
            }
            first += 1;
        }
        let own = in_window.get(&rule).copied().unwrap_or(0);
        if past - first > own {
            boosted.push(i);
        }
    }
    for &i in &boosted {
        if let Some(score) = scored[i].1.as_mut() {
            *score += 20;
        }
    }
    boosted
}

/// [`BULK_MIN`] or more distinct real-looking values of one bulk detector in the blob, each
/// at least at the rule's `bulk_min` outcome, when its matches mostly pass its validator
/// ([`Tally`]): one extra block finding at the first of them.
fn add_bulk_findings(rules: &[CompiledRule], out: &mut Vec<Assessed>, tally: &Tally) {
    let mut distinct: HashMap<u32, (usize, HashSet<&str>)> = HashMap::new();
    for (i, a) in out.iter().enumerate() {
        let rule = &rules[a.candidate.rule as usize].rule;
        let Some(verdict) = &a.candidate.verdict else {
            continue;
        };
        if rule
            .score
            .as_ref()
            .is_some_and(|s| s.bulk && a.outcome >= s.bulk_min)
            && verdict.class == Class::Match
        {
            distinct
                .entry(a.candidate.rule)
                .or_insert_with(|| (i, HashSet::new()))
                .1
                .insert(verdict.normalised.as_str());
        }
    }
    let mut extra: Vec<Assessed> = distinct
        .into_iter()
        .filter(|(rule, (_, values))| values.len() >= BULK_MIN && tally.mostly_valid(*rule))
        .map(|(_, (first, values))| Assessed {
            candidate: out[first].candidate.clone(),
            outcome: Outcome::Block,
            score: out[first].score,
            bulk: Some(values.len()),
        })
        .collect();
    extra.sort_by_key(|a| a.candidate.value);
    out.extend(extra);
}

/// Files whose personal data is data, not code: `.csv .tsv .json .jsonl .ndjson .xml .yaml
/// .yml .sql .txt`, and spreadsheets (`.xlsx .xlsm .ods`, read as CSV rows).
pub fn is_data_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    matches!(
        ext,
        "csv"
            | "tsv"
            | "json"
            | "jsonl"
            | "ndjson"
            | "xml"
            | "yaml"
            | "yml"
            | "sql"
            | "txt"
            | "xlsx"
            | "xlsm"
            | "ods"
    )
}

/// Test folders: `test/ tests/ spec/ fixtures/ __snapshots__/ testdata/` and the like.
pub fn is_test_path(path: &str) -> bool {
    path.split(['/', '\\']).rev().skip(1).any(|dir| {
        matches!(
            dir.to_ascii_lowercase().as_str(),
            "test"
                | "tests"
                | "spec"
                | "specs"
                | "fixtures"
                | "fixture"
                | "__snapshots__"
                | "__tests__"
                | "testdata"
                | "test-data"
                | "test_data"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_needs_most_matches_to_pass_the_validator() {
        let mut tally = Tally::default();
        for kept in [true, true, false, false, false, false, false] {
            tally.record(1, kept);
        }
        assert!(!tally.mostly_valid(1), "2 of 7 is a chance rate");
        for kept in [true, false, true, true, false, true] {
            tally.record(2, kept);
        }
        assert!(tally.mostly_valid(2));
        assert!(
            tally.mostly_valid(3),
            "a rule never tallied is not held back"
        );
    }

    #[test]
    fn composite_records_are_different_detectors_within_five_lines() {
        let rules: Vec<CompiledRule> = crate::rules::builtin_rules()
            .expect("built-in rules load")
            .into_iter()
            .filter(|r| ["email", "uk-phone", "pan"].contains(&r.id()))
            .map(|r| CompiledRule::new(r).expect("compiles"))
            .collect();
        assert_eq!(rules.len(), 3);
        let candidate = |rule: u32, at: usize| Candidate {
            rule,
            value: (at, at + 1),
            context: 1,
            verdict: Some(super::super::verdict::Verdict::matched("x")),
        };
        // The definition: a member gains 20 when a member of another rule is 5 lines away
        // or closer. Pseudo-random files of members (rule, line), lines in order.
        let mut random = crate::engine::test_random::numbers(0x9e37_79b9_7f4a_7c15);
        let mut boosted_seen = 0;
        for round in 0..200 {
            let mut line = 1u32;
            let mut scored = Vec::new();
            for at in 0..(1 + random(30)) {
                line += random(if round % 2 == 0 { 3 } else { 9 }) as u32;
                // Rule 2 (pan) at score 20 does not take part.
                let rule = random(3) as u32;
                let score = if rule == 2 && random(2) == 0 { 20 } else { 40 };
                scored.push((candidate(rule, at), Some(score), line));
            }
            let expected: Vec<Option<i32>> = scored
                .iter()
                .map(|(c, score, l)| {
                    let member =
                        |c: &Candidate, s: Option<i32>| s.is_some_and(|s| s >= 30) && c.rule < 3;
                    let other_near = scored.iter().any(|(o, os, ol)| {
                        member(o, *os) && o.rule != c.rule && ol.abs_diff(*l) <= COMPOSITE_LINES
                    });
                    if member(c, *score) && other_near {
                        score.map(|s| s + 20)
                    } else {
                        *score
                    }
                })
                .collect();
            add_composite_bonus(&rules, &mut scored);
            let got: Vec<Option<i32>> = scored.iter().map(|(_, s, _)| *s).collect();
            assert_eq!(got, expected, "round {round}");
            boosted_seen += got
                .iter()
                .zip(&expected)
                .filter(|(g, _)| g.is_some_and(|s| s > 50))
                .count();
        }
        assert!(
            boosted_seen > 100,
            "the files hold composite records: {boosted_seen}"
        );
    }

    #[test]
    fn data_files_and_test_paths() {
        assert!(is_data_file("exports/People.CSV"));
        assert!(!is_data_file("src/main.rs"));
        assert!(is_test_path("app/tests/fixtures/people.csv"));
        assert!(is_test_path("__snapshots__/x.snap"));
        assert!(!is_test_path("tests.md"));
        assert!(!is_test_path("src/testing.rs"));
    }
}
