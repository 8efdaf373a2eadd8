//! `clearance rules list|explain|check`: what is checked, and proof that each rule's
//! examples behave.

use std::fmt::Write as _;

use super::{builtin_engine, ExitStatus};
use crate::cli::RulesCommand;
use crate::engine::examples::check_examples;
use crate::report::Format;
use crate::rules::{ExampleCase, Rule};

/// Runs a `rules` subcommand.
pub fn run(command: &RulesCommand) -> anyhow::Result<ExitStatus> {
    let engine = builtin_engine()?;
    let rules: Vec<&Rule> = engine.rules().collect();
    match command {
        RulesCommand::List { format } => {
            print!("{}", list(&rules, *format)?);
            Ok(ExitStatus::Clean)
        }
        RulesCommand::Explain { id } => match rules.iter().find(|r| r.id() == id) {
            Some(rule) => {
                print!("{}", explain(rule));
                Ok(ExitStatus::Clean)
            }
            None if id == crate::engine::document::NOT_READ_RULE => {
                print!("{}", explain_not_read());
                Ok(ExitStatus::Clean)
            }
            None => {
                let near: Vec<&str> = rules
                    .iter()
                    .map(|r| r.id())
                    .filter(|r| r.contains(id.as_str()) || id.contains(r))
                    .take(8)
                    .collect();
                let hint = if near.is_empty() {
                    "run `clearance rules list` to see every id".to_string()
                } else {
                    format!("did you mean: {}?", near.join(", "))
                };
                anyhow::bail!("no rule with id `{id}`; {hint}")
            }
        },
        RulesCommand::Check => {
            engine.compile_all()?;
            let failures = check_examples(&engine);
            for failure in &failures {
                eprintln!("{failure}");
            }
            let examples: usize = rules
                .iter()
                .map(|r| r.examples.len() + r.negative_examples.len())
                .sum();
            if failures.is_empty() {
                eprintln!("clearance: PASSED rules check: {} rules, {examples} examples and negative examples", rules.len());
                Ok(ExitStatus::Clean)
            } else {
                eprintln!(
                    "clearance: FAILED rules check: {} of {examples} examples misbehave",
                    failures.len()
                );
                Ok(ExitStatus::Findings)
            }
        }
    }
}

/// Whether a rule runs without the config naming it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum DefaultState {
    On,
    /// `[rules] enable` runs it.
    Off,
    /// Off alone, but it runs within personal-data records and tables (`score.contributes`).
    Record,
}

impl DefaultState {
    fn of(rule: &Rule) -> DefaultState {
        match (
            rule.enabled,
            rule.score.as_ref().is_some_and(|s| s.contributes),
        ) {
            (true, _) => DefaultState::On,
            (false, true) => DefaultState::Record,
            (false, false) => DefaultState::Off,
        }
    }

    /// The name in `rules list --format json`.
    fn as_str(self) -> &'static str {
        match self {
            DefaultState::On => "on",
            DefaultState::Off => "off",
            DefaultState::Record => "record",
        }
    }
}

fn list(rules: &[&Rule], format: Format) -> anyhow::Result<String> {
    match format {
        Format::Human => {
            let width = rules.iter().map(|r| r.id().len()).max().unwrap_or(0);
            let mut out = String::new();
            for r in rules {
                let default = match DefaultState::of(r) {
                    DefaultState::On => "",
                    DefaultState::Off => "  [off by default]",
                    DefaultState::Record => {
                        "  [off by default; only within personal-data records and tables]"
                    }
                };
                let _ = writeln!(
                    out,
                    "{:width$}  {:7}  {:8}  {}{default}",
                    r.id(),
                    r.meta.category.as_str(),
                    r.meta.severity.as_str(),
                    r.meta.name
                );
            }
            let off = rules.iter().filter(|r| !r.enabled).count();
            let _ = writeln!(
                out,
                "{} rules, {off} off by default (`[rules] enable = [\"ID\"]` in .clearance.toml \
                 runs one; `clearance rules explain ID` tells more)",
                rules.len()
            );
            Ok(out)
        }
        Format::Json => {
            let items: Vec<serde_json::Value> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id(),
                        "name": r.meta.name,
                        "category": r.meta.category.as_str(),
                        "severity": r.meta.severity.as_str(),
                        "default": DefaultState::of(r).as_str(),
                        "keywords": r.keywords,
                        "source": r.source,
                    })
                })
                .collect();
            Ok(format!("{}\n", serde_json::to_string_pretty(&items)?))
        }
        other => anyhow::bail!("`rules list` writes human or json, not {}", other.as_str()),
    }
}

fn explain(r: &Rule) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}  ({})", r.meta.name, r.id());
    let _ = writeln!(out, "  category:  {}", r.meta.category.as_str());
    let _ = writeln!(out, "  severity:  {}", r.meta.severity.as_str());
    let _ = writeln!(out, "  defined:   {}", r.source);
    let default = match DefaultState::of(r) {
        DefaultState::On => None,
        DefaultState::Record => Some(
            "off as a reporter: it runs only on the lines around other personal \
                         data and in tables with a column its context names, and is reported \
                         only as part of a record or where it reaches a warning on its own; \
                         `[rules] enable` runs it everywhere (the examples below are with it \
                         enabled)",
        ),
        DefaultState::Off => Some("off: `[rules] enable` runs it"),
    };
    if let Some(default) = default {
        let _ = writeln!(out, "  default:   {default}");
    }
    if r.keywords.is_empty() {
        let _ = writeln!(out, "  keywords:  (none: runs on every file)");
    } else {
        let _ = writeln!(out, "  keywords:  {}", r.keywords.join(", "));
    }
    let _ = writeln!(out, "  pattern:   {}", r.pattern.trim());
    if let Some(e) = r.entropy_min {
        let _ = writeln!(out, "  entropy:   at least {e} bits per character");
    }
    if let Some(v) = &r.validator {
        let _ = writeln!(out, "  validator: {v}");
    }
    if !r.placeholder_check {
        let _ = writeln!(out, "  placeholders are not filtered for this rule");
    }
    let _ = writeln!(out, "\nRemediation:");
    for line in r.meta.remediation.lines() {
        let _ = writeln!(out, "  {line}");
    }
    if !r.meta.references.is_empty() {
        let _ = writeln!(out, "\nReferences:");
        for url in &r.meta.references {
            let _ = writeln!(out, "  {url}");
        }
    }
    let _ = writeln!(out, "\nFound (examples):");
    for e in &r.examples {
        let _ = writeln!(out, "  {}", describe_example(e));
    }
    let _ = writeln!(out, "\nNot found (negative examples):");
    for e in &r.negative_examples {
        let _ = writeln!(out, "  {}", describe_example(e));
    }
    out
}

/// The rule in code that reports documents that were not read.
fn explain_not_read() -> String {
    let meta = crate::engine::document::not_read_rule();
    let mut out = String::new();
    let _ = writeln!(out, "{}  ({})", meta.name, meta.id);
    let _ = writeln!(out, "  category:  {}", meta.category.as_str());
    let _ = writeln!(out, "  outcome:   info (never fails the run)");
    let _ = writeln!(
        out,
        "  defined:   in code (src/engine/document.rs): there is no text to match"
    );
    let _ = writeln!(
        out,
        "  reports:   PDF, legacy Office (.doc .xls .ppt), Outlook .msg, and encrypted, corrupt\n             \
         or oversized documents, with the reason"
    );
    let _ = writeln!(out, "\nRemediation:\n  {}", meta.remediation);
    out
}

/// An example's text, indented, with the file and expected outcome when it gives them.
fn describe_example(e: &ExampleCase) -> String {
    let mut text = e.text.trim_end().replace('\n', "\n  ");
    let expect: Vec<&str> = [
        e.path.as_deref(),
        e.outcome.map(|o| o.as_str()),
        e.class.map(|c| c.as_str()),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !expect.is_empty() {
        let _ = write!(text, "   ({})", expect.join(", "));
    }
    text
}
