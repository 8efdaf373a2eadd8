//! One module per subcommand. Each resolves the raw CLI options into configured stages
//! (source -> engine -> filter -> report) and returns an [`ExitStatus`].

mod hook;
mod install_hook;
mod rules;
mod scan;

use anyhow::Context as _;

use crate::cli::{Cli, Command};
use crate::config::{self, Config};
use crate::engine::Engine;

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
    }
}

/// Loads `--config FILE`, or the nearest `.clearance.toml`, or no config.
fn load_config(explicit: Option<&std::path::Path>) -> anyhow::Result<Config> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let path = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => config::discover(&cwd),
    };
    match path {
        Some(path) => Ok(config::load(&path)?),
        None => Ok(Config {
            base_dir: cwd,
            ..Config::default()
        }),
    }
}

/// The engine over the built-in rules.
fn builtin_engine() -> anyhow::Result<Engine> {
    let rules = crate::rules::builtin_rules().context("built-in rules are broken")?;
    Ok(Engine::new(rules)?)
}
