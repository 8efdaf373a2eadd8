//! `clearance scan [PATH...]`: walk files (or read stdin), scan each blob, filter, report.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use anyhow::Context as _;

use super::{builtin_engine, load_config, ExitStatus};
use crate::cli::{ColorChoice, ScanArgs};
use crate::engine::Engine;
use crate::filter::{Filters, Suppressed};
use crate::finding::Finding;
use crate::report::{self, human, Format, Summary};
use crate::source::{fs as fs_source, Blob, ScanStats};

/// Findings and suppressed findings gathered from worker threads.
#[derive(Default)]
struct Collected {
    findings: Vec<Finding>,
    suppressed: Vec<Suppressed>,
}

/// Runs a scan of paths or stdin.
pub fn run(args: &ScanArgs) -> anyhow::Result<ExitStatus> {
    let started = Instant::now();
    let config = load_config(args.config.as_deref())?;
    let engine = builtin_engine()?;
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let filters = Filters::new(&config, &cwd, true).context("bad allowlist in config")?;

    let paths: Vec<PathBuf> = if args.paths.is_empty() { vec![PathBuf::from(".")] } else { args.paths.clone() };
    for path in &paths {
        if path.as_os_str() != "-" && std::fs::symlink_metadata(path).is_err() && !path.exists() {
            anyhow::bail!("{}: no such file or directory", path.display());
        }
    }
    let stats = ScanStats::default();
    let collected = Mutex::new(Collected::default());
    let visit = |blob: Blob| scan_blob(&engine, &filters, &blob, &collected);
    let (stdin, files): (Vec<PathBuf>, Vec<PathBuf>) = paths.into_iter().partition(|p| p.as_os_str() == "-");
    if !stdin.is_empty() {
        fs_source::read_stdin(args.max_file_size, &stats, &visit);
    }
    let options = fs_source::WalkOptions {
        max_file_size: args.max_file_size,
        follow_links: args.follow,
        no_ignore: args.no_ignore,
        threads: args.threads,
    };
    fs_source::walk(&files, &options, &stats, &visit);

    let errors = engine.late_errors();
    let Collected { mut findings, mut suppressed } = collected.into_inner().unwrap_or_else(|p| p.into_inner());
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    suppressed.sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
    let summary = Summary::new(stats.snapshot(), started.elapsed(), &findings, &suppressed);
    emit(args, &findings, &summary)?;
    if !errors.is_empty() {
        anyhow::bail!("some rules could not run, so the scan is incomplete: {}", errors.join("; "));
    }
    Ok(if summary.blocked() { ExitStatus::Findings } else { ExitStatus::Clean })
}

/// The per-blob pipeline: engine, then filters, then into the shared collection.
fn scan_blob(engine: &Engine, filters: &Filters, blob: &Blob, collected: &Mutex<Collected>) {
    let findings = engine.scan(blob);
    if findings.is_empty() {
        return;
    }
    let (kept, suppressed) = filters.apply(blob, findings);
    let mut all = collected.lock().unwrap_or_else(|p| p.into_inner());
    all.findings.extend(kept);
    all.suppressed.extend(suppressed);
}

/// Prints the headline, the report, unreadable-file warnings and the verdict line.
fn emit(args: &ScanArgs, findings: &[Finding], summary: &Summary) -> anyhow::Result<()> {
    let stderr = std::io::stderr();
    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    if !args.quiet && args.format == Format::Human {
        if let Some(line) = report::headline(summary) {
            writeln!(stderr.lock(), "{line}")?;
        }
    }
    let body = match args.format {
        Format::Human if args.quiet => String::new(),
        Format::Human => {
            let text = human::render(findings, human::HumanOptions { color, show_secrets: args.show_secrets });
            if text.is_empty() { text } else { format!("\n{text}\n") }
        }
        Format::Json => report::json::render(findings, summary, args.show_secrets),
    };
    match &args.output {
        Some(path) => std::fs::write(path, body.as_bytes())
            .with_context(|| format!("cannot write report to {}", path.display()))?,
        None => write_stdout(&body)?,
    }
    let mut err = stderr.lock();
    if !args.quiet {
        const SHOWN: usize = 20;
        for u in summary.stats.unreadable.iter().take(SHOWN) {
            writeln!(err, "clearance: warning: not scanned: {}: {}", u.path, u.reason)?;
        }
        if summary.stats.unreadable.len() > SHOWN {
            writeln!(err, "clearance: warning: ... and {} more not scanned", summary.stats.unreadable.len() - SHOWN)?;
        }
    }
    writeln!(err, "{}", report::final_line(summary))?;
    Ok(())
}

/// Writes to stdout; a closed pipe (`| head`) is not an error, the verdict still counts.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
