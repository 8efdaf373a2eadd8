//! Every built-in rule is checked through the real engine: each example must be found by its
//! rule and no negative example may be. A failure names the rule, its file and the example.

use clearance::engine::examples::check_examples;
use clearance::engine::Engine;
use clearance::rules::{builtin_rules, Category};

fn engine() -> Engine {
    let rules = builtin_rules().unwrap_or_else(|e| panic!("built-in rules do not load: {e}"));
    Engine::new(rules).unwrap_or_else(|e| panic!("built-in rules do not build: {e}"))
}

#[test]
fn every_rule_compiles() {
    if let Err(e) = engine().compile_all() {
        panic!("{e}");
    }
}

#[test]
fn every_example_and_negative_example_behaves() {
    let small = Engine::for_small_input(builtin_rules().unwrap_or_else(|e| panic!("{e}")))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        check_examples(&small),
        check_examples(&engine()),
        "the small-input engine differs"
    );
    let failures = check_examples(&engine());
    let text: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(
        failures.is_empty(),
        "{} example(s) misbehave:\n{}",
        failures.len(),
        text.join("\n")
    );
}

#[test]
fn at_least_80_secret_rules_with_remediation_and_references() {
    let engine = engine();
    let secrets: Vec<_> = engine
        .rules()
        .filter(|r| r.meta.category == Category::Secret)
        .collect();
    assert!(secrets.len() >= 80, "only {} secret rules", secrets.len());
    for rule in secrets {
        assert!(
            rule.meta.remediation.contains("http"),
            "rule `{}` remediation has no URL",
            rule.id()
        );
        assert!(
            !rule.meta.references.is_empty(),
            "rule `{}` has no references",
            rule.id()
        );
        assert!(
            rule.negative_examples.len() >= 2,
            "rule `{}` needs more negative examples",
            rule.id()
        );
    }
}
