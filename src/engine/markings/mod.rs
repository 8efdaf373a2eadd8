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

/// Score adjustment for a marking at `value` (byte range of `hay`) from where it sits: banner
/// lines, file edges, email subjects, prose about markings, string literals in code.
pub fn position_adjustment(
    hay: &[u8],
    lines: &super::location::LineIndex,
    value: (usize, usize),
    path: &str,
) -> i32 {
    let _ = (hay, lines, value, path);
    0
}
