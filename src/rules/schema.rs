//! The serde shape of a rule file (`patterns/**/*.toml` and custom rules in `.clearance.toml`).
//! These are raw, unvalidated types; [`super::Rule::from_spec`] turns them into rules.

use serde::{Deserialize, Serialize};

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
    #[serde(default)]
    pub entropy_min: Option<f64>,
    #[serde(default)]
    pub validator: Option<String>,
    #[serde(default)]
    pub multiline: bool,
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
    #[serde(default)]
    pub examples: Vec<String>,
    #[serde(default)]
    pub negative_examples: Vec<String>,
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
