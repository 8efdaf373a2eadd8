//! Personal-data validators: check digits, issued ranges and documented test values for the
//! rules in `patterns/pii/*.toml`. Each is a [`ScoredValidator`] a rule names in `validator`.

use super::verdict::ScoredValidator;

/// The personal-data validator called `name` in rule files.
pub fn validator(name: &str) -> Option<ScoredValidator> {
    let _ = name;
    None
}

/// Every personal-data validator name, for error messages.
pub const NAMES: &[&str] = &[];
