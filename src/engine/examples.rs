//! Runs every rule's examples and negative examples through a real engine: each example
//! must yield a finding of its rule, each negative example none. Used by the test suite and
//! by `clearance rules check`.

use super::Engine;
use crate::source::{Blob, Origin};

/// One example that did not behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule_id: String,
    pub source: String,
    /// `true`: an example was missed; `false`: a negative example matched.
    pub missed: bool,
    pub example: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.missed {
            "example is not found"
        } else {
            "negative example is reported"
        };
        write!(
            f,
            "{}: rule `{}`: {what}: {:?}",
            self.source, self.rule_id, self.example
        )
    }
}

/// Checks the examples of every rule in `engine`, scanning each one with the whole engine.
pub fn check_examples(engine: &Engine) -> Vec<ExampleFailure> {
    check_examples_where(engine, |_| true)
}

/// Checks the examples of the rules of `engine` that `which` selects (custom rules when a
/// config loads), scanning each one with the whole engine, as a real scan would.
pub fn check_examples_where(
    engine: &Engine,
    which: impl Fn(&crate::rules::Rule) -> bool,
) -> Vec<ExampleFailure> {
    let mut failures = Vec::new();
    for rule in engine.rules().filter(|r| which(r)) {
        let fires = |text: &str| {
            let blob = Blob::whole(Origin::path("example"), text.as_bytes().to_vec());
            engine.scan(&blob).iter().any(|f| f.rule.id == rule.id())
        };
        let cases = rule
            .examples
            .iter()
            .map(|e| (e, true))
            .chain(rule.negative_examples.iter().map(|e| (e, false)));
        for (example, should_fire) in cases {
            if fires(example) != should_fire {
                failures.push(ExampleFailure {
                    rule_id: rule.id().to_string(),
                    source: rule.source.clone(),
                    missed: should_fire,
                    example: example.clone(),
                });
            }
        }
    }
    failures
}
