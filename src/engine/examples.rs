//! Runs every rule's examples and negative examples through a real engine: each example
//! must yield a finding of its rule (with the outcome and class it names; a plain example of
//! a personal-data or marking rule must warn or block), each negative example none (for
//! scored rules: none that warns or blocks). Used by the test suite and by
//! `clearance rules check`.

use super::Engine;
use crate::finding::{Finding, Outcome};
use crate::rules::ExampleCase;
use crate::source::{Blob, Origin};

/// One example that did not behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    pub rule_id: String,
    pub source: String,
    /// `true`: an example was missed; `false`: a negative example matched.
    pub missed: bool,
    pub example: String,
    /// What the rule did instead, e.g. "found as warn/match (score 65)".
    pub got: String,
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
            "{}: rule `{}`: {what}: {:?}{}",
            self.source,
            self.rule_id,
            self.example,
            if self.got.is_empty() {
                String::new()
            } else {
                format!(" ({})", self.got)
            }
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
        let scored = rule.score.is_some();
        let found = |case: &ExampleCase| -> Vec<Finding> {
            let path = case.path.as_deref().unwrap_or("example");
            let blob = Blob::whole(Origin::path(path), case.text.as_bytes().to_vec());
            engine
                .scan(&blob)
                .into_iter()
                .filter(|f| f.rule.id == rule.id())
                .collect()
        };
        let mut fail = |case: &ExampleCase, missed: bool, found: &[Finding]| {
            failures.push(ExampleFailure {
                rule_id: rule.id().to_string(),
                source: rule.source.clone(),
                missed,
                example: case.text.clone(),
                got: describe(case, found),
            });
        };
        for case in &rule.examples {
            let findings = found(case);
            let good = findings.iter().any(|f| {
                let outcome_ok = match case.outcome {
                    Some(outcome) => f.outcome == outcome,
                    None => !scored || case.class.is_some() || f.outcome >= Outcome::Warn,
                };
                outcome_ok && case.class.is_none_or(|c| c == f.class)
            });
            if !good {
                fail(case, true, &findings);
            }
        }
        for case in &rule.negative_examples {
            let findings = found(case);
            if findings
                .iter()
                .any(|f| !scored || f.outcome >= Outcome::Warn)
            {
                fail(case, false, &findings);
            }
        }
    }
    failures
}

/// What was expected and what the rule found, for a failure message.
fn describe(case: &ExampleCase, found: &[Finding]) -> String {
    let mut parts = Vec::new();
    if let Some(path) = &case.path {
        parts.push(format!("in {path}"));
    }
    if case.outcome.is_some() || case.class.is_some() {
        let want: Vec<&str> = [
            case.outcome.map(|o| o.as_str()),
            case.class.map(|c| c.as_str()),
        ]
        .into_iter()
        .flatten()
        .collect();
        parts.push(format!("expected {}", want.join("/")));
    }
    let got: Vec<String> = found
        .iter()
        .map(|f| {
            let score = f.score.map(|s| format!(" score {s}")).unwrap_or_default();
            format!("{}/{}{score}", f.outcome.as_str(), f.class.as_str())
        })
        .collect();
    parts.push(if got.is_empty() {
        "found nothing".to_string()
    } else {
        format!("found {}", got.join(", "))
    });
    parts.join("; ")
}
