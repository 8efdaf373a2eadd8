//! Classification-marking support: vocabulary checks for the rules in
//! `patterns/markings/*.toml`. Each validator is a [`ScoredValidator`] a rule names in
//! `validator`.

use super::verdict::ScoredValidator;

/// The marking validator called `name` in rule files.
pub fn validator(name: &str) -> Option<ScoredValidator> {
    let _ = name;
    None
}

/// Every marking validator name, for error messages.
pub const NAMES: &[&str] = &[];
