//! A finding: which rule matched, where, the (secret) value and its fingerprint.
//! The value is only ever rendered through [`crate::redact`].

use std::sync::Arc;

use sha2::{Digest, Sha256};

use crate::rules::RuleMeta;
use crate::source::Origin;

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
    /// so that a snippet never shows a neighbouring secret.
    pub redact_in_line: Vec<(usize, usize)>,
    /// Hex SHA-256 of the rule id and the value: stable across lines and files.
    pub fingerprint: String,
}

/// The fingerprint of a value found by a rule: hex SHA-256 of `rule_id`, a NUL, the value.
pub fn fingerprint(rule_id: &str, value: &[u8]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(rule_id.as_bytes());
    hasher.update([0u8]);
    hasher.update(value);
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

impl Finding {
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
