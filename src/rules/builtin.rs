//! The rule files under `patterns/`, embedded at build time by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The same rules without examples, as JSON written by `build.rs` (fast to parse).
pub(crate) static BUILTIN_RULES_JSON: &str =
    include_str!(concat!(env!("OUT_DIR"), "/builtin_rules.json"));
