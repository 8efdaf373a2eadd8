//! A finding: which rule matched, where, the (secret) value and its fingerprint.
//! The value is only ever rendered through [`crate::redact`].

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::redact::{mask_value, Masked};
use crate::rules::RuleMeta;
use crate::source::Origin;

/// What a finding does to the run (ordered: `Info < Warn < Block`). Secrets always block;
/// personal data and markings get an outcome from their score (see [`Outcome::from_score`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Reported in machine formats and with `--verbose`; never fails the run.
    Info,
    /// Printed; fails the run only with `--strict`.
    Warn,
    /// Fails the run.
    Block,
}

impl Outcome {
    /// Score bands: 80 and above blocks, 50 to 79 warns, 30 to 49 is info, below 30 is dropped.
    pub fn from_score(score: i32) -> Option<Outcome> {
        match score {
            s if s >= 80 => Some(Outcome::Block),
            s if s >= 50 => Some(Outcome::Warn),
            s if s >= 30 => Some(Outcome::Info),
            _ => None,
        }
    }

    /// The lowercase name used in rule files, JSON and summaries.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Info => "info",
            Outcome::Warn => "warn",
            Outcome::Block => "block",
        }
    }
}

/// What kind of value a finding holds. Only `Match` and `KnownRealExample` may warn or block:
/// documented test values and placeholders are at most info, with a note saying why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Looks real.
    Match,
    /// A documented test, fictitious or reserved value (Ofcom drama number, NHS 999 range).
    Test,
    /// Repeated or sequential digits, all-zero groups and the like.
    Placeholder,
    /// A widely copied "example" that belongs to a real person (NINO `AB 12 34 56 C`).
    KnownRealExample,
}

impl Class {
    /// The name used in JSON and rule examples.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Match => "match",
            Class::Test => "test",
            Class::Placeholder => "placeholder",
            Class::KnownRealExample => "known-real-example",
        }
    }

    /// True for values that must never warn or block.
    pub fn is_harmless(self) -> bool {
        matches!(self, Class::Test | Class::Placeholder)
    }
}

/// One reported match.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: Arc<RuleMeta>,
    pub origin: Origin,
    /// 1-based line of the start of the value.
    pub line: u32,
    /// 1-based column (in characters) of the start of the value.
    pub column: u32,
    /// 1-based line of the end of the value (differs from `line` for multi-line keys).
    pub end_line: u32,
    /// The sensitive value. Never print it directly: see [`crate::redact`].
    pub value: String,
    /// The text of the line holding the start of the value (trimmed on long lines).
    pub line_text: String,
    /// Byte range of the value within `line_text` (clipped to the line).
    pub value_in_line: (usize, usize),
    /// Byte ranges within `line_text` of every value found on that line (this one included),
    /// with how each is masked, so that a snippet never shows a neighbouring secret.
    pub redact_in_line: Vec<Masked>,
    /// Hex SHA-256 of the rule id and the (normalised) value: stable across lines and files.
    pub fingerprint: String,
    /// What the finding does to the run: secrets always block.
    pub outcome: Outcome,
    /// Real-looking, or a documented test value, placeholder or known real example.
    pub class: Class,
    /// Personal data and markings: the score that gave the outcome.
    pub score: Option<i32>,
    /// Why the outcome or class is what it is ("Ofcom drama number", "data extract").
    pub note: Option<String>,
    /// Personal data and markings: hex SHA-256 of the normalised value, for allowlists that
    /// must not hold the value itself.
    pub value_sha256: Option<String>,
    /// Where in an office document the value is (`word/footer1.xml paragraph 1`, `sheet
    /// "Patients" cell C7`); `line` and `column` then count in the extracted text.
    pub location: Option<String>,
}

/// Hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * bytes.len());
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

/// The fingerprint of a value found by a rule: hex SHA-256 of `rule_id`, a NUL, the value.
pub fn fingerprint(rule_id: &str, value: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(rule_id.as_bytes());
    hasher.update([0u8]);
    hasher.update(value);
    hex(&hasher.finalize())
}

impl Finding {
    /// The value as reports show it (masked by its rule's [`crate::redact::Mask`]).
    pub fn shown_value(&self, show_secrets: bool) -> String {
        mask_value(&self.value, self.rule.mask, show_secrets)
    }

    /// Sort key that makes output deterministic whatever the thread order.
    pub fn sort_key(&self) -> (&str, Option<&str>, u32, u32, &str) {
        (
            &self.origin.path,
            self.origin.commit.as_ref().map(|c| c.id.as_str()),
            self.line,
            self.column,
            &self.rule.id,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::fingerprint;

    #[test]
    fn fingerprint_depends_on_rule_and_value_only() {
        let a = fingerprint("r1", b"value");
        assert_eq!(a.len(), 64);
        assert_eq!(a, fingerprint("r1", b"value"));
        assert_ne!(a, fingerprint("r2", b"value"));
        assert_ne!(a, fingerprint("r1", b"value2"));
        assert!(!a.contains("value"));
    }
}
