//! One module per subcommand. Each resolves the raw CLI options into configured stages
//! (source -> engine -> filter -> report) and returns an [`ExitStatus`].
//! [`Setup`] is what every scanning command shares: the config, the engine it selects, and
//! the baseline.

mod baseline;
mod config_cmd;
mod hash_codeword;
mod hook;
mod install_hook;
mod rules;
mod scan;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use crate::cli::{Cli, Command, CommonArgs};
use crate::config::{self, Config, SelectionReport};
use crate::engine::Engine;
use crate::filter::baseline::{Baseline, Date, BASELINE_FILE_NAME};
use crate::filter::{FilterOptions, Filters};
use crate::rules::Category;

/// The process exit status. An error is never `Clean`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ExitStatus {
    /// Nothing found.
    Clean = 0,
    /// Something found.
    Findings = 1,
    /// Something went wrong; nothing may be concluded.
    Error = 2,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitStatus> {
    match cli.command {
        Command::Scan(args) => scan::run(&args),
        Command::Rules { command } => rules::run(&command),
        Command::Hook(args) => hook::run(&args),
        Command::InstallHook(args) => install_hook::run(&args),
        Command::Baseline(args) => baseline::run(&args),
        Command::Config { command } => config_cmd::run(&command),
        Command::HashCodeword { word } => hash_codeword::run(&word),
    }
}

/// "1 entry", "2 entries".
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Loads `--config FILE`, or the nearest `.clearance.toml`, or no config.
fn load_config(explicit: Option<&Path>) -> anyhow::Result<Config> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let path = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => config::discover(&cwd),
    };
    match path {
        Some(path) => Ok(config::load(&path)?),
        None => Ok(Config::none(&cwd)),
    }
}

/// The engine over the built-in rules.
fn builtin_engine() -> anyhow::Result<Engine> {
    let rules = crate::rules::builtin_rules().context("built-in rules are broken")?;
    Ok(Engine::new(rules)?)
}

/// The engine `config` asks for: built-in rules selected, severities overridden, custom
/// rules added, compiled and their examples checked.
/// `only` (from `--only`), when not empty, keeps the rules of those categories.
fn engine_for(
    config: &Config,
    small_input: bool,
    only: &[Category],
) -> anyhow::Result<(Engine, SelectionReport)> {
    let mut builtin =
        crate::rules::builtin_rules_for_scan().context("built-in rules are broken")?;
    if !config.codewords.is_empty() {
        let source = match &config.path {
            Some(path) => format!("{} [markings] codewords_sha256", path.display()),
            None => "[markings] codewords_sha256".to_string(),
        };
        builtin.push(crate::engine::markings::codeword::rule(&source)?);
    }
    let (mut rules, mut report) = config.select_rules(builtin)?;
    if !only.is_empty() {
        rules.retain(|rule| {
            let keep = only.contains(&rule.meta.category);
            if !keep {
                report.disabled.push((
                    rule.id().to_string(),
                    format!("category `{}` not in --only", rule.meta.category.as_str()),
                ));
            }
            keep
        });
        report.running = rules.len();
    }
    let mut engine = if small_input {
        Engine::for_small_input(rules)?
    } else {
        Engine::new(rules)?
    }
    .with_codewords(config.codewords.clone());
    // Documents that were not read: a rule in code (there is no text to match), selected
    // like a built-in marking rule.
    let not_read = crate::engine::document::NOT_READ_RULE;
    let why_not = config.why_builtin_not_running(not_read, Category::Marking);
    let why_not = why_not.or_else(|| {
        (!only.is_empty() && !only.contains(&Category::Marking))
            .then(|| "category `marking` not in --only".to_string())
    });
    if let Some(why) = why_not {
        engine.skip_documents_not_read();
        report.disabled.push((not_read.to_string(), why));
    }
    config.check_custom_rules(&engine)?;
    Ok((engine, report))
}

/// Where the baseline is, and whether it was asked for by name.
#[derive(Debug, Clone)]
pub(crate) struct BaselineLocation {
    pub path: PathBuf,
    /// Named by `--baseline` or the config: it must exist when scanning.
    pub named: bool,
}

/// `--baseline FILE`, else the config's `baseline`, else the nearest
/// `.clearance-baseline.toml`, else where one would be written: beside the config, or at
/// the repository root, or in the working directory.
fn baseline_location(explicit: Option<&Path>, config: &Config) -> anyhow::Result<BaselineLocation> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    // Shown in messages: relative to the working directory when under it.
    let near = |path: PathBuf| match path.strip_prefix(&cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.to_path_buf(),
        _ => path,
    };
    if let Some(path) = explicit {
        return Ok(BaselineLocation {
            path: path.to_path_buf(),
            named: true,
        });
    }
    if let Some(path) = &config.baseline {
        return Ok(BaselineLocation {
            path: near(path.clone()),
            named: true,
        });
    }
    if let Some(path) = config::discover_file(&cwd, BASELINE_FILE_NAME) {
        return Ok(BaselineLocation {
            path: near(path),
            named: false,
        });
    }
    let dir = match &config.path {
        Some(_) => config.base_dir.clone(),
        None => config::repository_root(&cwd).unwrap_or_else(|| cwd.clone()),
    };
    Ok(BaselineLocation {
        path: near(dir.join(BASELINE_FILE_NAME)),
        named: false,
    })
}

/// What a scanning command needs before it reads anything.
pub(crate) struct Setup {
    pub config: Config,
    pub engine: Engine,
    /// Ids of every rule, running or not (inline markers may name them).
    pub rule_ids: HashSet<String>,
    /// The baseline applied to the scan, if any.
    pub baseline: Option<Baseline>,
    pub baseline_location: BaselineLocation,
    /// `--no-inline-allow` was not given.
    pub inline: bool,
}

impl Setup {
    /// Loads the config, builds its engine (`small_input`: tuned for a commit's few
    /// kilobytes, as in a hook), and (when `apply_baseline`) loads the baseline: one named
    /// by `--baseline` or the config must exist; the default one is used if it does.
    pub fn load(
        args: &CommonArgs,
        apply_baseline: bool,
        small_input: bool,
    ) -> anyhow::Result<Setup> {
        let config = load_config(args.config.as_deref())?;
        let (engine, report) = engine_for(&config, small_input, &args.only)?;
        // Every rule id, also of rules that do not run: a marker naming a disabled rule
        // must not become a marker for every rule.
        let rule_ids = engine
            .rules()
            .map(|r| r.id().to_string())
            .chain(report.disabled.into_iter().map(|(id, _)| id))
            .collect();
        let baseline_location = baseline_location(args.baseline.as_deref(), &config)?;
        let baseline = if !apply_baseline {
            None
        } else if baseline_location.path.is_file() {
            Some(Baseline::load(&baseline_location.path, Date::today())?)
        } else if baseline_location.named {
            anyhow::bail!(
                "baseline {} does not exist; create it with `clearance baseline`",
                baseline_location.path.display()
            );
        } else {
            None
        };
        Ok(Setup {
            config,
            engine,
            rule_ids,
            baseline,
            baseline_location,
            inline: !args.no_inline_allow,
        })
    }

    /// The filters for blobs whose paths are relative to `origin_base`, applying `baseline`.
    pub fn filters<'a>(
        &'a self,
        origin_base: &Path,
        baseline: Option<&'a Baseline>,
    ) -> anyhow::Result<Filters<'a>> {
        let options = FilterOptions {
            inline_rules: self.inline.then_some(&self.rule_ids),
            baseline,
        };
        Filters::new(&self.config, origin_base, options).context("bad allowlist in config")
    }
}
