//! Test helpers: run a pattern the way the engine compiles it (bytes, Unicode off, multi-line)
//! and pass every match to a scored validator.

use std::cell::RefCell;
use std::collections::HashMap;

use regex::bytes::Regex;

use crate::engine::build_pattern;
use crate::engine::verdict::{ScoredValidator, Verdict};

thread_local! {
    /// Compiled patterns: property tests run thousands of texts through the same few.
    static COMPILED: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
}

/// `pattern` compiled the engine's way (cached per thread).
fn compiled(pattern: &str) -> Regex {
    COMPILED.with(|cache| {
        cache
            .borrow_mut()
            .entry(pattern.to_string())
            .or_insert_with(|| {
                build_pattern(pattern).unwrap_or_else(|e| panic!("pattern does not compile: {e}"))
            })
            .clone()
    })
}

/// The reported value: group `value`, else group 1 (what the engine reports).
fn reported_value<'h>(caps: &regex::bytes::Captures<'h>) -> &'h [u8] {
    caps.name("value")
        .or_else(|| caps.get(1))
        .map_or(&[][..], |m| m.as_bytes())
}

/// Every regex match in `text` as (reported value, the validator's verdict).
pub fn run(
    pattern: &str,
    validator: ScoredValidator,
    text: &str,
) -> Vec<(String, Option<Verdict>)> {
    compiled(pattern)
        .captures_iter(text.as_bytes())
        .map(|caps| {
            let value = String::from_utf8_lossy(reported_value(&caps)).into_owned();
            (value, validator(&caps))
        })
        .collect()
}

/// The verdicts of the matches the validator keeps.
pub fn kept(pattern: &str, validator: ScoredValidator, text: &str) -> Vec<Verdict> {
    run(pattern, validator, text)
        .into_iter()
        .filter_map(|(_, v)| v)
        .collect()
}

/// The one verdict `text` yields; panics unless exactly one match is kept.
pub fn one(pattern: &str, validator: ScoredValidator, text: &str) -> Verdict {
    let mut kept = kept(pattern, validator, text);
    assert_eq!(
        kept.len(),
        1,
        "expected one kept match in {text:?}, got {kept:?}"
    );
    kept.remove(0)
}

/// Panics if the validator keeps any match in `text`.
pub fn nothing(pattern: &str, validator: ScoredValidator, text: &str) {
    let kept = kept(pattern, validator, text);
    assert!(
        kept.is_empty(),
        "expected nothing kept in {text:?}, got {kept:?}"
    );
}

/// True when the regex matches somewhere in `text` (whatever the validator says).
pub fn matches(pattern: &str, text: &str) -> bool {
    compiled(pattern).is_match(text.as_bytes())
}
