//! Rules as data: loading the built-in rule files embedded from `patterns/` and custom rule
//! files, and checking that each rule is well formed (unique ids, keywords, examples).
//! Rules are plain data here; the engine compiles and runs them.

mod builtin;
pub mod schema;

use std::collections::HashSet;
use std::sync::Arc;

use crate::redact::Mask;

pub use schema::{Category, ExampleCase, FileAdjustment, RuleSpec, ScoreSpec, Severity};

/// What reporters and findings need to know about a rule (shared, cheap to clone).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleMeta {
    pub id: String,
    pub name: String,
    pub category: Category,
    pub severity: Severity,
    pub remediation: String,
    pub references: Vec<String>,
    /// How its values are shown (see [`crate::redact`]).
    pub mask: Mask,
}

/// A validated rule, ready for the engine to compile.
#[derive(Debug, Clone)]
pub struct Rule {
    pub meta: Arc<RuleMeta>,
    /// Lowercased keyword literals; empty only for rules that gave a reason.
    pub keywords: Vec<String>,
    pub pattern: String,
    /// A cheaper superset of `pattern` for the numeric pass (see the rule schema).
    pub probe: Option<String>,
    pub entropy_min: Option<f64>,
    pub validator: Option<String>,
    pub multiline: bool,
    /// File-name globs the rule does not run in, and the only ones it runs in (see the rule
    /// schema).
    pub skip_files: Vec<String>,
    pub only_files: Vec<String>,
    pub placeholder_check: bool,
    /// Which rule wins when two capture the same value (higher wins).
    pub priority: i8,
    /// Documented example values the provider publishes: never reported.
    pub known_examples: Vec<String>,
    /// False for rules that run only when the config enables them.
    pub enabled: bool,
    /// Set by rule selection: an off-by-default rule with `score.contributes` that the config
    /// did not enable runs only as a composite contributor (see the rule schema).
    pub contributor_only: bool,
    /// How personal data and markings are scored (`None`: a secret rule, always blocks).
    pub score: Option<ScoreSpec>,
    pub examples: Vec<ExampleCase>,
    pub negative_examples: Vec<ExampleCase>,
    /// Where the rule was defined, e.g. `patterns/secrets/aws.toml`.
    pub source: String,
}

/// A rule file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{source_name}: {message}")]
    Parse {
        source_name: String,
        message: String,
    },
    #[error("{source_name}: rule `{id}`: {message}")]
    Invalid {
        source_name: String,
        id: String,
        message: String,
    },
}

impl Rule {
    /// Validates a spec read from `source_name`.
    pub fn from_spec(spec: RuleSpec, source_name: &str) -> Result<Rule, RuleError> {
        Rule::validated(spec, source_name, true)
    }

    fn validated(
        spec: RuleSpec,
        source_name: &str,
        require_examples: bool,
    ) -> Result<Rule, RuleError> {
        let invalid = |message: String| RuleError::Invalid {
            source_name: source_name.to_string(),
            id: spec.id.clone(),
            message,
        };
        let id_ok = !spec.id.is_empty()
            && spec.id.len() <= 64
            && spec
                .id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !spec.id.starts_with('-')
            && !spec.id.ends_with('-');
        if !id_ok {
            return Err(invalid(
                "id must be lowercase kebab-case (a-z, 0-9, -), at most 64 characters".into(),
            ));
        }
        if spec.keywords.is_empty() && spec.no_keywords_reason.is_none() {
            return Err(invalid(
                "has no keywords: add at least one, or say why in `no_keywords_reason`".into(),
            ));
        }
        if let Some(k) = spec.keywords.iter().find(|k| k.trim().is_empty()) {
            return Err(invalid(format!("empty keyword {k:?}")));
        }
        if let Some(k) = spec.keywords.iter().find(|k| k.contains(['\n', '\r'])) {
            return Err(invalid(format!(
                "keyword {k:?} holds a line break: keywords are found line by line"
            )));
        }
        if require_examples && spec.examples.is_empty() {
            return Err(invalid("needs at least one entry in `examples`".into()));
        }
        if require_examples && spec.negative_examples.is_empty() {
            return Err(invalid(
                "needs at least one entry in `negative_examples`".into(),
            ));
        }
        if let Some(score) = &spec.score {
            if score.context_required && score.context_words.is_empty() {
                return Err(invalid(
                    "score.context_required needs at least one entry in `score.context_words`"
                        .into(),
                ));
            }
            for glob in score.files.iter().flat_map(|f| &f.names) {
                if let Err(e) = globset::Glob::new(glob) {
                    return Err(invalid(format!("score.files: bad glob {glob:?}: {e}")));
                }
            }
            if !(0..=100).contains(&score.base) {
                return Err(invalid(format!(
                    "score.base {} is outside 0..=100",
                    score.base
                )));
            }
        }
        if let Some(score) = spec.score.as_ref().filter(|score| score.contributes) {
            if spec.enabled || !score.composite {
                return Err(invalid(
                    "score.contributes is for rules that are off by default (`enabled = false`) \
                     and take part in composite records (`score.composite = true`)"
                        .into(),
                ));
            }
        }
        let numeric = spec.score.as_ref().is_some_and(|score| score.numeric);
        if spec.probe.is_some() && !(numeric && spec.keywords.is_empty()) {
            return Err(invalid(
                "`probe` is used only by keyword-less rules with `score.numeric = true` \
                 (the numeric pass); remove it or the keywords"
                    .into(),
            ));
        }
        if spec.remediation.trim().is_empty() {
            return Err(invalid("needs a `remediation`".into()));
        }
        if let Some(e) = spec.entropy_min {
            if !(0.0..=8.0).contains(&e) {
                return Err(invalid(format!(
                    "entropy_min {e} is outside 0..=8 bits per byte"
                )));
            }
        }
        Ok(Rule {
            meta: Arc::new(RuleMeta {
                id: spec.id,
                name: spec.name,
                category: spec.category,
                severity: spec.severity,
                remediation: spec.remediation.trim().to_string(),
                references: spec.references,
                mask: spec.mask.unwrap_or(match spec.category {
                    Category::Secret => Mask::Secret,
                    Category::Pii => Mask::Personal,
                    Category::Marking => Mask::None,
                }),
            }),
            keywords: spec
                .keywords
                .iter()
                .map(|k| k.to_ascii_lowercase())
                .collect(),
            pattern: spec.pattern,
            probe: spec.probe,
            entropy_min: spec.entropy_min,
            validator: spec.validator,
            multiline: spec.multiline,
            skip_files: spec.skip_files,
            only_files: spec.only_files,
            placeholder_check: spec.placeholder_check,
            priority: spec.priority,
            known_examples: spec.known_examples,
            enabled: spec.enabled,
            contributor_only: false,
            score: spec.score.map(|mut score| {
                let personal = spec.category == Category::Pii;
                score.data_file.get_or_insert(if personal { 10 } else { 0 });
                score
                    .test_path
                    .get_or_insert(if personal { -10 } else { 0 });
                for word in score
                    .context_words
                    .iter_mut()
                    .chain(score.negative_words.iter_mut())
                {
                    *word = word.to_lowercase();
                }
                score
            }),
            examples: spec.examples.into_iter().map(Into::into).collect(),
            negative_examples: spec.negative_examples.into_iter().map(Into::into).collect(),
            source: source_name.to_string(),
        })
    }

    /// The rule's id.
    pub fn id(&self) -> &str {
        &self.meta.id
    }
}

/// Parses one rule file's text. `source_name` is used in error messages.
pub fn parse_rule_file(text: &str, source_name: &str) -> Result<Vec<Rule>, RuleError> {
    let file: schema::RuleFile = toml::from_str(text).map_err(|e| RuleError::Parse {
        source_name: source_name.to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    file.rule
        .into_iter()
        .map(|spec| Rule::from_spec(spec, source_name))
        .collect()
}

/// Every built-in rule, in a stable order (file path, then order in the file).
pub fn builtin_rules() -> Result<Vec<Rule>, RuleError> {
    let mut rules = Vec::new();
    for (path, text) in builtin::BUILTIN_RULE_FILES {
        rules.extend(parse_rule_file(text, &format!("patterns/{path}"))?);
    }
    ensure_unique_ids(&rules)?;
    Ok(rules)
}

/// The built-in rules for scanning: the same rules as [`builtin_rules`] without their
/// examples, read from JSON pre-parsed at build time (a few milliseconds less per run).
pub fn builtin_rules_for_scan() -> Result<Vec<Rule>, RuleError> {
    #[derive(serde::Deserialize)]
    struct CompactFile {
        source: String,
        #[serde(default)]
        rule: Vec<RuleSpec>,
    }
    let files: Vec<CompactFile> =
        serde_json::from_str(builtin::BUILTIN_RULES_JSON).map_err(|e| RuleError::Parse {
            source_name: "built-in rules".into(),
            message: e.to_string(),
        })?;
    let mut rules = Vec::new();
    for file in files {
        for spec in file.rule {
            rules.push(Rule::validated(spec, &file.source, false)?);
        }
    }
    ensure_unique_ids(&rules)?;
    Ok(rules)
}

/// Fails on the first id that appears twice.
pub fn ensure_unique_ids(rules: &[Rule]) -> Result<(), RuleError> {
    let mut seen = HashSet::new();
    for rule in rules {
        if !seen.insert(rule.id()) {
            return Err(RuleError::Invalid {
                source_name: rule.source.clone(),
                id: rule.id().to_string(),
                message: "duplicate rule id".into(),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[[rule]]
id = "demo-token"
name = "Demo token"
category = "secret"
severity = "high"
keywords = ["DEMO_"]
pattern = '(DEMO_[a-z]{8})'
remediation = "Rotate it."
examples = ["DEMO_abcdefgh"]
negative_examples = ["DEMO_abc"]
"#;

    #[test]
    fn parses_a_good_rule_and_lowercases_keywords() {
        let rules = parse_rule_file(GOOD, "t.toml").expect("parses");
        assert_eq!(rules.len(), 1);
        assert_eq!(rules[0].keywords, vec!["demo_".to_string()]);
        assert!(rules[0].placeholder_check);
    }

    #[test]
    fn unknown_field_names_the_line() {
        let text = GOOD.replace("severity = \"high\"", "severity = \"high\"\nsevereness = 1");
        let err = parse_rule_file(&text, "t.toml").expect_err("unknown field");
        let msg = err.to_string();
        assert!(msg.contains("t.toml"), "{msg}");
        assert!(msg.contains("line 7"), "{msg}");
        assert!(msg.contains("severeness"), "{msg}");
    }

    #[test]
    fn rejects_a_keyword_with_a_line_break() {
        let text = GOOD.replace("keywords = [\"DEMO_\"]", "keywords = [\"DEMO\\n_\"]");
        let err = parse_rule_file(&text, "t.toml").expect_err("line break");
        assert!(err.to_string().contains("line break"), "{err}");
    }

    #[test]
    fn rejects_missing_keywords_without_reason() {
        let text = GOOD.replace("keywords = [\"DEMO_\"]", "keywords = []");
        let err = parse_rule_file(&text, "t.toml").expect_err("no keywords");
        assert!(err.to_string().contains("no keywords"));
    }

    #[test]
    fn a_composite_contributor_must_be_off_by_default_and_composite() {
        let rule = |enabled: bool, composite: bool| {
            format!(
                r#"
[[rule]]
id = "demo-place"
name = "Demo place"
category = "pii"
severity = "low"
enabled = {enabled}
keywords = ["place"]
pattern = '(?P<value>PL[0-9]{{3}})'
remediation = "Remove it."
examples = ["place PL123"]
negative_examples = ["place PL12"]

[rule.score]
base = 30
composite = {composite}
contributes = true
"#
            )
        };
        parse_rule_file(&rule(false, true), "t.toml").expect("a contributor");
        for (enabled, composite) in [(true, true), (false, false)] {
            let err = parse_rule_file(&rule(enabled, composite), "t.toml").expect_err("invalid");
            assert!(err.to_string().contains("score.contributes"), "{err}");
        }
    }

    #[test]
    fn rejects_a_probe_the_numeric_pass_would_never_use() {
        let text = GOOD.replace("remediation =", "probe = 'DEMO_'\nremediation =");
        let err = parse_rule_file(&text, "t.toml").expect_err("probe on a keyword rule");
        assert!(err.to_string().contains("`probe`"), "{err}");
    }

    #[test]
    fn rejects_bad_ids_and_duplicates() {
        let text = GOOD.replace("demo-token", "Demo Token");
        assert!(parse_rule_file(&text, "t.toml").is_err());
        let two = format!("{GOOD}{GOOD}");
        let rules = parse_rule_file(&two, "t.toml").expect("parses");
        assert!(ensure_unique_ids(&rules).is_err());
    }

    #[test]
    fn compact_builtin_rules_equal_the_toml_ones_without_examples() {
        let full = builtin_rules().expect("toml");
        let compact = builtin_rules_for_scan().expect("json");
        assert_eq!(full.len(), compact.len());
        for (a, b) in full.iter().zip(&compact) {
            assert_eq!(
                (a.meta.as_ref(), &a.keywords, &a.pattern, &a.validator),
                (b.meta.as_ref(), &b.keywords, &b.pattern, &b.validator)
            );
            assert_eq!(
                (a.entropy_min, a.multiline, a.placeholder_check, a.priority),
                (b.entropy_min, b.multiline, b.placeholder_check, b.priority)
            );
            assert_eq!(
                (&a.known_examples, &a.source),
                (&b.known_examples, &b.source)
            );
            assert!(b.examples.is_empty());
        }
    }

    #[test]
    fn builtin_rules_load() {
        builtin_rules().expect("built-in rules load");
    }
}
