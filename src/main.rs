//! The `clearance` binary: parse arguments, run, map the outcome to an exit code
//! (0 clean, 1 findings, 2 error). Errors are printed once, with their causes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = clearance::cli::Cli::parse();
    match clearance::commands::run(cli) {
        Ok(status) => ExitCode::from(status as u8),
        Err(err) => {
            eprintln!("clearance: ERROR {err:#}");
            eprintln!(
                "clearance: nothing was reported as clean; fix the error above and run again"
            );
            ExitCode::from(clearance::commands::ExitStatus::Error as u8)
        }
    }
}
