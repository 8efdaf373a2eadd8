//! A rule ready to run: its regex (compiled on first use, with Unicode off and `^`/`$` as
//! line anchors) and the checks its captured value must pass.

use std::sync::OnceLock;

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use regex::bytes::{Regex, RegexBuilder};

use super::context::Phrases;
use super::placeholder::is_placeholder;
use super::validate::{Validator, VALIDATOR_NAMES};
use super::verdict::ScoredValidator;
use super::{entropy, markings, pii, EngineError};
use crate::rules::Rule;

/// A byte range of a blob that a rule's regex runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
}

/// Compiles a rule pattern the way every rule is compiled: bytes, Unicode off, `^`/`$` at
/// line boundaries (CRLF aware).
pub fn build_pattern(pattern: &str) -> Result<Regex, String> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .multi_line(true)
        .crlf(true)
        .size_limit(32 * 1024 * 1024)
        .dfa_size_limit(32 * 1024 * 1024)
        .build()
        .map_err(|e| e.to_string())
}

/// A compiled pattern and the capture group that holds the value (`value`, else 1).
pub struct Pattern {
    pub regex: Regex,
    pub value_group: usize,
}

/// A rule with its lazily compiled regex and resolved validator.
pub struct CompiledRule {
    pub rule: Rule,
    regex: OnceLock<Result<Pattern, String>>,
    validator: Option<Validator>,
    /// Scored rules (personal data, markings): the validator that judges a match.
    pub scored: Option<ScoredValidator>,
    /// A cheap test of each keyword hit before the pattern runs near it (see
    /// [`pii::KeywordGuard`]).
    pub keyword_guard: Option<pii::KeywordGuard>,
    /// A cheap test of each match before its groups are read (see [`pii::MatchGuard`]).
    pub match_guard: Option<pii::MatchGuard>,
    /// Scored rules: file-name globs and the score each adds (`score.files`).
    file_adjustments: Vec<(GlobSet, i32)>,
    /// File-name globs the rule does not run in (`skip_files`), and the only ones it runs in
    /// (`only_files`).
    skipped_files: Option<GlobSet>,
    only_files: Option<GlobSet>,
    /// Scored rules: `score.context_words` and `score.negative_words` in the form context
    /// is read in (see [`Phrases`]), made once instead of for every candidate.
    pub context_phrases: Phrases,
    pub negative_phrases: Phrases,
}

impl CompiledRule {
    /// Resolves the validator. The pattern is only compiled (and checked) on first use or by
    /// [`CompiledRule::verify`]: parsing every pattern up front cost ~20 ms of start-up.
    pub fn new(rule: Rule) -> Result<CompiledRule, EngineError> {
        let file_globs = |field: &str, names: &[String]| {
            name_globs(names).map_err(|e| EngineError::Rule {
                source_name: rule.source.clone(),
                id: rule.id().to_string(),
                message: format!("{field}: {e}"),
            })
        };
        let skipped_files = file_globs("skip_files", &rule.skip_files)?;
        let only_files = file_globs("only_files", &rule.only_files)?;
        if rule.score.is_some() {
            let scored = match &rule.validator {
                None => None,
                Some(name) => Some(
                    pii::validator(name)
                        .or_else(|| markings::validator(name))
                        .ok_or_else(|| EngineError::Rule {
                            source_name: rule.source.clone(),
                            id: rule.id().to_string(),
                            message: format!(
                                "unknown scored validator `{name}` (known: {})",
                                pii::NAMES
                                    .iter()
                                    .chain(markings::NAMES)
                                    .copied()
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        })?,
                ),
            };
            let file_adjustments = file_adjustments(&rule).map_err(|e| EngineError::Rule {
                source_name: rule.source.clone(),
                id: rule.id().to_string(),
                message: format!("score.files: {e}"),
            })?;
            let keyword_guard = rule.validator.as_deref().and_then(pii::keyword_guard);
            let match_guard = rule.validator.as_deref().and_then(pii::match_guard);
            let (context_phrases, negative_phrases) = match &rule.score {
                Some(spec) => (
                    Phrases::new(&spec.context_words),
                    Phrases::new(&spec.negative_words),
                ),
                None => Default::default(),
            };
            return Ok(CompiledRule {
                rule,
                regex: OnceLock::new(),
                validator: None,
                scored,
                keyword_guard,
                match_guard,
                file_adjustments,
                skipped_files,
                only_files,
                context_phrases,
                negative_phrases,
            });
        }
        let validator = match &rule.validator {
            None => None,
            Some(name) => Some(Validator::from_name(name).ok_or_else(|| EngineError::Rule {
                source_name: rule.source.clone(),
                id: rule.id().to_string(),
                message: format!(
                    "unknown validator `{name}` (known: {})",
                    VALIDATOR_NAMES.join(", ")
                ),
            })?),
        };
        Ok(CompiledRule {
            rule,
            regex: OnceLock::new(),
            validator,
            scored: None,
            keyword_guard: None,
            match_guard: None,
            file_adjustments: Vec::new(),
            skipped_files,
            only_files,
            context_phrases: Phrases::default(),
            negative_phrases: Phrases::default(),
        })
    }

    /// False in files `skip_files` names and, when the rule has `only_files`, in every file
    /// those do not name (only the file's name counts).
    pub fn runs_in(&self, path: &str) -> bool {
        let name = file_name(path);
        self.skipped_files
            .as_ref()
            .is_none_or(|globs| !globs.is_match(name))
            && self
                .only_files
                .as_ref()
                .is_none_or(|globs| globs.is_match(name))
    }

    /// What `score.files` adds for a file at `path` (only its name counts).
    pub fn file_adjustment(&self, path: &str) -> i32 {
        if self.file_adjustments.is_empty() {
            return 0;
        }
        let name = file_name(path);
        self.file_adjustments
            .iter()
            .filter(|(globs, _)| globs.is_match(name))
            .map(|(_, adjust)| adjust)
            .sum()
    }

    /// Compiles the pattern and checks its capturing groups: exactly one (the sensitive
    /// value), or a group named `value` (scored rules whose validators read other groups).
    pub fn verify(&self) -> Result<(), String> {
        let pattern = self.regex()?;
        let groups = pattern.regex.captures_len() - 1;
        let named = pattern.regex.capture_names().any(|n| n == Some("value"));
        if groups != 1 && !named {
            return Err(format!(
                "pattern must have exactly one capturing group (the sensitive value), found {groups}; \
                 use (?:...) for the others, or name the value's group (?P<value>...)"
            ));
        }
        if let (Some(guard), Some(validate)) = (self.match_guard, self.scored) {
            // The engine reads a match's groups only when the guard passes its digits, and
            // takes the span of those digits for the value's: both must hold on the examples.
            for example in &self.rule.examples {
                let text = example.text.as_bytes();
                for caps in pattern.regex.captures_iter(text) {
                    let (Some(m), Some(value)) = (caps.get(0), caps.get(pattern.value_group))
                    else {
                        continue;
                    };
                    let Some(((first, last), passes)) = pii::guard_digits(guard, m.as_bytes())
                    else {
                        continue;
                    };
                    let digits_span = (m.start() + first, m.start() + last);
                    if digits_span != (value.start(), value.end())
                        || (!passes && validate(&caps).is_some())
                    {
                        return Err(format!(
                            "validator `{}` reads a match's digits before its groups: the value must \
                             run from the match's first digit to its last, and pass the check when \
                             the validator keeps it; it does not in {:?} of example {:?}",
                            self.rule.validator.as_deref().unwrap_or_default(),
                            String::from_utf8_lossy(m.as_bytes()),
                            example.text
                        ));
                    }
                }
            }
        }
        if let Some(probe) = &self.rule.probe {
            let probe = build_pattern(probe).map_err(|e| format!("probe: {e}"))?;
            // The numeric pass runs the rule only around the probe's matches: each match of
            // the pattern its validator keeps must hold one.
            for example in &self.rule.examples {
                let text = example.text.as_bytes();
                for caps in pattern.regex.captures_iter(text) {
                    if self
                        .scored
                        .is_some_and(|validate| validate(&caps).is_none())
                    {
                        continue;
                    }
                    let Some(m) = caps.get(0) else { continue };
                    let inside = probe
                        .find_iter(text)
                        .any(|p| p.start() >= m.start() && p.end() <= m.end());
                    if !inside {
                        return Err(format!(
                            "probe does not match inside the pattern's match {:?} of example {:?}",
                            String::from_utf8_lossy(m.as_bytes()),
                            example.text
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// The compiled regex (compiled now if this is the first use).
    pub fn regex(&self) -> Result<&Pattern, String> {
        self.regex
            .get_or_init(|| {
                let regex = build_pattern(&self.rule.pattern)?;
                let value_group = regex
                    .capture_names()
                    .position(|n| n == Some("value"))
                    .unwrap_or(1);
                Ok(Pattern { regex, value_group })
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The checks a captured value must pass: not a placeholder, entropy floor, validator.
    pub fn accepts(&self, value: &[u8]) -> bool {
        if self.rule.placeholder_check && is_placeholder(value) {
            return false;
        }
        if self
            .rule
            .known_examples
            .iter()
            .any(|e| e.as_bytes() == value)
        {
            return false;
        }
        if let Some(min) = self.rule.entropy_min {
            // Escaped values must pass as written and decoded (see `percent_decoded`).
            let random_enough =
                |v: &[u8]| entropy::shannon(v) >= entropy::floor_for_length(min, v.len());
            if !random_enough(value) || !random_enough(&entropy::percent_decoded(value)) {
                return false;
            }
        }
        self.validator.is_none_or(|v| v.accepts(value))
    }
}

/// The last component of `path`, which `skip_files` and `score.files` globs are matched on.
fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// Compiled case-insensitive file-name globs (`None` for an empty list).
fn name_globs(names: &[String]) -> Result<Option<GlobSet>, globset::Error> {
    if names.is_empty() {
        return Ok(None);
    }
    let mut builder = GlobSetBuilder::new();
    for name in names {
        builder.add(GlobBuilder::new(name).case_insensitive(true).build()?);
    }
    builder.build().map(Some)
}

/// The compiled `score.files` entries of a scored rule.
fn file_adjustments(rule: &Rule) -> Result<Vec<(GlobSet, i32)>, globset::Error> {
    let Some(score) = &rule.score else {
        return Ok(Vec::new());
    };
    score
        .files
        .iter()
        .map(|entry| {
            let globs = name_globs(&entry.names)?.unwrap_or_else(GlobSet::empty);
            Ok((globs, entry.adjust))
        })
        .collect()
}
