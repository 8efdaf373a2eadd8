//! The serde shape of a rule file (`patterns/**/*.toml` and custom rules in `.clearance.toml`).
//! These are raw, unvalidated types; [`super::Rule::from_spec`] turns them into rules.

use serde::{Deserialize, Serialize};

use crate::finding::{Class, Outcome};

/// A rule file: an array of `[[rule]]` tables.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The rules in file order.
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
}

/// One rule exactly as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub name: String,
    pub category: Category,
    pub severity: Severity,
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Why a rule has no keywords (required when `keywords` is empty).
    #[serde(default)]
    pub no_keywords_reason: Option<String>,
    pub pattern: String,
    /// Keyword-less numeric rules: a cheaper pattern that matches inside every match of
    /// `pattern` the validator keeps, asked in the numeric pass's combined automaton instead of `pattern`, whose
    /// long gaps or optional parts make it slow; the rule then runs around the probe's
    /// matches. `pattern` still finds the value. Checked on the rule's examples.
    #[serde(default)]
    pub probe: Option<String>,
    #[serde(default)]
    pub entropy_min: Option<f64>,
    #[serde(default)]
    pub validator: Option<String>,
    #[serde(default)]
    pub multiline: bool,
    /// File-name globs (`*.py`) the rule does not run in: languages where its syntax means
    /// something else (an unquoted `token: OAuth2Token` in Python is a type annotation).
    #[serde(default)]
    pub skip_files: Vec<String>,
    /// File-name globs (`.pgpass`) the rule runs only in: formats known by their file name,
    /// whose lines mean nothing elsewhere. Empty: every file.
    #[serde(default)]
    pub only_files: Vec<String>,
    #[serde(default = "default_true")]
    pub placeholder_check: bool,
    /// When two rules capture the same value, the higher priority wins: provider rules 0
    /// (default), structural rules (URLs, connection strings) -1, generic rules -2.
    #[serde(default)]
    pub priority: i8,
    /// Values the provider publishes in its documentation (never reported).
    #[serde(default)]
    pub known_examples: Vec<String>,
    pub remediation: String,
    #[serde(default)]
    pub references: Vec<String>,
    /// How values are shown: `secret`, `personal` or `none` (default by category).
    #[serde(default)]
    pub mask: Option<crate::redact::Mask>,
    /// Off-by-default rules run only when the config enables them (`[rules] enable`).
    #[serde(default = "default_true")]
    pub enabled: bool,
    /// Personal data and markings: how a candidate's score, and so its outcome, is reached.
    #[serde(default)]
    pub score: Option<ScoreSpec>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub negative_examples: Vec<ExampleSpec>,
}

/// An example as written: a bare string, or a table giving the file it sits in and the
/// outcome (and class) it must get.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ExampleSpec {
    Text(String),
    Case(ExampleCase),
}

/// An example with its expectations.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleCase {
    /// The file's text.
    pub text: String,
    /// The file's path (its extension and folders change scores), default `example`.
    #[serde(default)]
    pub path: Option<String>,
    /// The outcome the rule's finding must have.
    #[serde(default)]
    pub outcome: Option<Outcome>,
    /// The class the rule's finding must have.
    #[serde(default)]
    pub class: Option<Class>,
}

impl From<ExampleSpec> for ExampleCase {
    fn from(spec: ExampleSpec) -> ExampleCase {
        match spec {
            ExampleSpec::Text(text) => ExampleCase {
                text,
                path: None,
                outcome: None,
                class: None,
            },
            ExampleSpec::Case(case) => case,
        }
    }
}

/// How a personal-data or marking candidate is scored (spec section 1): a base, plus the
/// validator's adjustment, plus context, file type and path adjustments. Score 80+ blocks,
/// 50-79 warns, 30-49 is info, below 30 is dropped; never above `cap`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSpec {
    pub base: i32,
    /// The highest outcome the rule may reach.
    #[serde(default = "default_cap")]
    pub cap: Outcome,
    /// Added when a context word is near (same or previous line, key, CSV column header).
    #[serde(default)]
    pub context: i32,
    /// Phrases in lower case; identifiers near the value are split (`nhsNumber`, `NHS_NO`).
    #[serde(default)]
    pub context_words: Vec<String>,
    /// Drop the candidate when no context word is near.
    #[serde(default)]
    pub context_required: bool,
    /// Added when a negative word is near and no context word is.
    #[serde(default)]
    pub negative: i32,
    #[serde(default)]
    pub negative_words: Vec<String>,
    /// Added in data files (.csv .json .yaml .sql .txt ...): default 10 for personal data.
    #[serde(default)]
    pub data_file: Option<i32>,
    /// Added under test folders (tests/, fixtures/ ...): default -10 for personal data.
    #[serde(default)]
    pub test_path: Option<i32>,
    /// Numeric detector: skipped in lock files, minified files and source maps, and on lines
    /// longer than 4,096 bytes.
    #[serde(default)]
    pub numeric: bool,
    /// Five or more distinct real-looking values in one file add one file-level block.
    #[serde(default)]
    pub bulk: bool,
    /// The weakest outcome a value must have on its own to count towards bulk (default info);
    /// `warn` keeps lists of maintainer contacts, held at info, from looking like extracts.
    #[serde(default = "default_bulk_min")]
    pub bulk_min: Outcome,
    /// Takes part in composite records: two different personal-data detectors within five
    /// lines add 20 to each.
    #[serde(default)]
    pub composite: bool,
    /// With `enabled = false`: unless the config enables the rule, it still runs as a
    /// composite contributor, without its keywords, only on the lines around other
    /// personal-data candidates, and is reported only as part of a composite record (it
    /// raises the others and is raised itself). Enabled, it runs and reports on its own.
    #[serde(default)]
    pub contributes: bool,
    /// Added when the file's name matches (maintainer lists for email addresses,
    /// infrastructure configs for IP addresses); every matching entry adds.
    #[serde(default)]
    pub files: Vec<FileAdjustment>,
}

/// A score adjustment for files with certain names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileAdjustment {
    /// Globs matched, case-insensitively, against the file's name without its folders:
    /// `AUTHORS*`, `CODEOWNERS`, `*.tf`.
    pub names: Vec<String>,
    pub adjust: i32,
}

fn default_bulk_min() -> Outcome {
    Outcome::Info
}

fn default_cap() -> Outcome {
    Outcome::Block
}

fn default_true() -> bool {
    true
}

/// What kind of thing a rule finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Credentials: keys, tokens, passwords.
    Secret,
    /// Personal data.
    Pii,
    /// Security classification markings.
    Marking,
}

impl Category {
    /// The lowercase name used in rule files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Secret => "secret",
            Category::Pii => "pii",
            Category::Marking => "marking",
        }
    }

    /// Singular and plural nouns for summaries ("1 secret", "2 secrets").
    pub fn noun(self, count: usize) -> &'static str {
        match (self, count) {
            (Category::Secret, 1) => "secret",
            (Category::Secret, _) => "secrets",
            (Category::Pii, _) => "personal data",
            (Category::Marking, 1) => "marking",
            (Category::Marking, _) => "markings",
        }
    }
}

/// How bad a finding is (ordered: `Low < Medium < High < Critical`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    Serialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// The lowercase name used in rule files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }
}
