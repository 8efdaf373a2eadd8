//! Test helpers: run a built-in rule's pattern the way the engine compiles it (bytes, Unicode
//! off, multi-line) and pass every match to the validator the rule names. The engine's
//! hygiene (numbers inside longer numbers, encoded tokens) and scoring are not applied here:
//! the rule examples (`cargo test --test rules`) run those through the real engine.

use std::cell::RefCell;
use std::collections::HashMap;

use regex::bytes::Regex;

use crate::engine::build_pattern;
use crate::engine::verdict::{ScoredValidator, Verdict};
use crate::rules::builtin_rules;

thread_local! {
    /// Compiled rules: property tests run thousands of texts through the same few.
    static RULES: RefCell<HashMap<String, (Regex, ScoredValidator)>> = RefCell::new(HashMap::new());
}

/// Built-in rule `id`: its compiled pattern and its personal-data validator.
fn rule(id: &str) -> (Regex, ScoredValidator) {
    RULES.with(|cache| {
        cache
            .borrow_mut()
            .entry(id.to_string())
            .or_insert_with(|| {
                let rules = builtin_rules().unwrap_or_else(|e| panic!("built-in rules: {e}"));
                let rule = rules
                    .into_iter()
                    .find(|r| r.id() == id)
                    .unwrap_or_else(|| panic!("no built-in rule `{id}`"));
                let regex = build_pattern(&rule.pattern)
                    .unwrap_or_else(|e| panic!("rule `{id}` does not compile: {e}"));
                let name = rule
                    .validator
                    .unwrap_or_else(|| panic!("rule `{id}` names no validator"));
                let validator = super::validator(&name)
                    .unwrap_or_else(|| panic!("rule `{id}`: unknown validator `{name}`"));
                (regex, validator)
            })
            .clone()
    })
}

/// Every match of rule `id` in `text` as (reported value, the validator's verdict).
pub fn run(id: &str, text: &str) -> Vec<(String, Option<Verdict>)> {
    let (regex, validator) = rule(id);
    regex
        .captures_iter(text.as_bytes())
        .map(|caps| {
            let value = String::from_utf8_lossy(super::groups::value(&caps)).into_owned();
            (value, validator(&caps))
        })
        .collect()
}

/// The verdicts of the matches of rule `id` its validator keeps.
pub fn kept(id: &str, text: &str) -> Vec<Verdict> {
    run(id, text).into_iter().filter_map(|(_, v)| v).collect()
}

/// The one verdict rule `id` yields on `text`; panics unless exactly one match is kept.
pub fn one(id: &str, text: &str) -> Verdict {
    let mut kept = kept(id, text);
    assert_eq!(
        kept.len(),
        1,
        "{id}: expected one kept match in {text:?}, got {kept:?}"
    );
    kept.remove(0)
}

/// Panics if rule `id` keeps any match in `text`.
pub fn nothing(id: &str, text: &str) {
    let kept = kept(id, text);
    assert!(
        kept.is_empty(),
        "{id}: expected nothing kept in {text:?}, got {kept:?}"
    );
}

/// True when rule `id`'s pattern matches somewhere in `text` (whatever the validator says).
pub fn matches(id: &str, text: &str) -> bool {
    rule(id).0.is_match(text.as_bytes())
}
