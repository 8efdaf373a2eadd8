//! `clearance config check` (validate a config, run its custom rules' examples, say what it
//! changes) and `clearance config import-gitleaks FILE` (convert a gitleaks config, naming
//! every part that could not be converted).

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::Context as _;

use super::{baseline_location, engine_for, load_config, plural, ExitStatus};
use crate::cli::ConfigCommand;
use crate::config::{AllowRules, Config, SelectionReport};
use crate::filter::baseline::{Baseline, Date};

/// Runs a `config` subcommand.
pub fn run(command: &ConfigCommand) -> anyhow::Result<ExitStatus> {
    match command {
        ConfigCommand::Check { config } => check(config.as_deref()),
        ConfigCommand::ImportGitleaks {
            file,
            output,
            force,
        } => import_gitleaks(file, output, *force),
    }
}

fn check(explicit: Option<&std::path::Path>) -> anyhow::Result<ExitStatus> {
    let config = load_config(explicit)?;
    let (engine, report) = engine_for(&config, false, &[])?;
    let location = baseline_location(None, &config)?;
    let baseline = if location.path.is_file() {
        Some(Baseline::load(&location.path, Date::today())?)
    } else if location.named {
        anyhow::bail!(
            "the config names baseline {}, which does not exist; create it with `clearance baseline`",
            location.path.display()
        );
    } else {
        None
    };
    let mut out = String::new();
    match &config.path {
        Some(path) => {
            let _ = writeln!(out, "config {}: valid", path.display());
        }
        None => {
            let _ = writeln!(
                out,
                "no {} found from here up to the repository root: built-in rules, no allowlists",
                crate::config::CONFIG_FILE_NAME
            );
        }
    }
    describe_rules(&mut out, &config, &report, &engine);
    describe_allowlists(&mut out, &config);
    if !config.codewords.is_empty() {
        let _ = writeln!(
            out,
            "codewords: {} ([markings] codewords_sha256; rule `codeword`)",
            plural(config.codewords.len(), "hash", "hashes")
        );
    }
    match &baseline {
        Some(b) => {
            let expired = b.expired().len();
            let _ = writeln!(
                out,
                "baseline {}: {}{}",
                b.path.display(),
                plural(b.entries.len(), "entry", "entries"),
                if expired > 0 {
                    format!(", {expired} EXPIRED (they no longer suppress)")
                } else {
                    String::new()
                }
            );
        }
        None => {
            let _ = writeln!(
                out,
                "baseline: none (`clearance baseline` would write {})",
                location.path.display()
            );
        }
    }
    let _ = writeln!(
        out,
        "inline allows: honoured (`--no-inline-allow` ignores them)"
    );
    print!("{out}");
    Ok(ExitStatus::Clean)
}

fn describe_rules(
    out: &mut String,
    config: &Config,
    report: &SelectionReport,
    engine: &crate::engine::Engine,
) {
    let builtin_running = report.running - report.added.len();
    let _ = writeln!(
        out,
        "rules: {} run: {builtin_running} of {} built-in, {} custom",
        report.running,
        report.builtin_total,
        report.added.len()
    );
    let mut by_reason: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (id, why) in &report.disabled {
        by_reason.entry(why).or_default().push(id);
    }
    for (why, ids) in by_reason {
        let _ = writeln!(
            out,
            "  not run ({why}): {}: {}",
            plural(ids.len(), "rule", "rules"),
            ids.join(", ")
        );
    }
    if !report.contributors.is_empty() {
        let _ = writeln!(
            out,
            "  run only within personal-data records and tables (off alone by default; name \
             them in rules.enable to report them alone): {}",
            report.contributors.join(", ")
        );
    }
    for (id, from, to) in &report.severity {
        let _ = writeln!(out, "  severity: {id} {} -> {}", from.as_str(), to.as_str());
    }
    for id in &report.added {
        if let Some(rule) = engine.rules().find(|r| r.id() == id) {
            let _ = writeln!(
                out,
                "  added: {id} ({}, {}; defined at {}; {} and {} pass)",
                rule.meta.category.as_str(),
                rule.meta.severity.as_str(),
                rule.source,
                plural(rule.examples.len(), "example", "examples"),
                plural(
                    rule.negative_examples.len(),
                    "negative example",
                    "negative examples"
                ),
            );
        }
    }
    if config.custom_rules.len() > report.added.len() {
        let running: HashSet<&str> = report.added.iter().map(String::as_str).collect();
        for c in config
            .custom_rules
            .iter()
            .filter(|c| !running.contains(c.rule.id()))
        {
            let _ = writeln!(
                out,
                "  defined but not run: {} (line {})",
                c.rule.id(),
                config.line_of(&c.span)
            );
        }
    }
}

fn describe_allowlists(out: &mut String, config: &Config) {
    let lists = std::iter::once(("every rule".to_string(), &config.allowlist.global)).chain(
        config
            .allowlist
            .rules
            .iter()
            .map(|(id, rules)| (format!("rule {}", id.value), rules)),
    );
    let mut any = false;
    for (scope, rules) in lists {
        if rules.is_empty() {
            continue;
        }
        any = true;
        let _ = writeln!(out, "allowlist for {scope}:");
        describe_allow(out, rules);
    }
    if !any {
        let _ = writeln!(out, "allowlists: none");
    }
}

fn describe_allow(out: &mut String, rules: &AllowRules) {
    let quoted = |items: Vec<String>| -> String {
        items
            .iter()
            .map(|i| format!("{i:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let regexes = |list: &[regex::Regex]| list.iter().map(|r| r.as_str().to_string()).collect();
    let rows = [
        ("paths (globs)", rules.paths.clone()),
        ("path_regexes", regexes(&rules.path_regexes)),
        ("regexes (on values)", regexes(&rules.regexes)),
        ("line_regexes (on lines)", regexes(&rules.line_regexes)),
        ("stopwords (in values)", rules.stopwords.clone()),
    ];
    for (name, items) in rows {
        if !items.is_empty() {
            let _ = writeln!(out, "  {name}: {}", quoted(items));
        }
    }
}

fn import_gitleaks(
    file: &std::path::Path,
    output: &std::path::Path,
    force: bool,
) -> anyhow::Result<ExitStatus> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let builtin: HashSet<String> = crate::rules::builtin_rules()
        .context("built-in rules are broken")?
        .iter()
        .map(|r| r.id().to_string())
        .collect();
    let shown = file.display().to_string();
    let imported =
        crate::migrate::gitleaks::convert(&text, &shown, &builtin).map_err(anyhow::Error::msg)?;
    // Everything but the rules (which need examples first) must load as it is.
    crate::config::parse(
        &imported.text_without_rules,
        "the converted config",
        std::path::Path::new("."),
    )
    .context("the conversion produced an invalid config (a bug: please report it)")?;

    let to_stdout = output.as_os_str() == "-";
    if !to_stdout {
        if output.exists() && !force {
            anyhow::bail!(
                "{} exists; pass --force to overwrite it, or --output another file",
                output.display()
            );
        }
        std::fs::write(output, imported.text.as_bytes())
            .with_context(|| format!("cannot write {}", output.display()))?;
    } else {
        print!("{}", imported.text);
    }

    let mut err = std::io::stderr().lock();
    for note in &imported.notes {
        writeln!(
            err,
            "clearance: {}: {}: {}",
            if note.dropped {
                "NOT CONVERTED"
            } else {
                "converted approximately"
            },
            note.part,
            note.message
        )?;
    }
    for id in &imported.rules {
        writeln!(
            err,
            "clearance: to do: rule `{id}` needs examples and negative_examples before the config loads"
        )?;
    }
    let not_converted = imported.notes.iter().filter(|n| n.dropped).count();
    let target = if to_stdout {
        "standard output".to_string()
    } else {
        output.display().to_string()
    };
    writeln!(
        err,
        "clearance: converted {shown} into {target}: {} allowlist entries, {} rules, {} disabled \
         rules; {not_converted} parts not converted, {} approximately (listed above). Next: {}`clearance config check`",
        imported.allowlist_entries,
        imported.rules.len(),
        imported.disabled.len(),
        imported.notes.len() - not_converted,
        if imported.rules.is_empty() {
            ""
        } else {
            "add examples to the converted rules, then "
        },
    )?;
    Ok(ExitStatus::Clean)
}
