//! `clearance scan [PATH...]`: walk files (or read stdin), scan each blob, filter, report.

use std::io::{IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Instant;

use std::collections::BTreeSet;

use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};

use super::{ExitStatus, Setup};
use crate::cli::{ColorChoice, CommonArgs, ScanArgs};
use crate::engine::Engine;
use crate::filter::{Baseline, Filters, Suppressed};
use crate::finding::Finding;
use crate::report::{self, human, Format, Gate, Scope, Summary};
use crate::source::history::{self, HistoryOptions};
use crate::source::staged::{self, StagedOptions};
use crate::source::{fs as fs_source, git, range, Blob, ScanStats, StatsSnapshot};

/// Findings and suppressed findings gathered from worker threads.
#[derive(Default)]
struct Collected {
    findings: Vec<Finding>,
    suppressed: Vec<Suppressed>,
}

/// What a run scans.
#[derive(Debug, Clone)]
pub(crate) enum Mode {
    /// Files and directories (`-` is stdin).
    Paths(Vec<PathBuf>),
    /// Staged changes, optionally only some paths; `whole` files that have no staged change
    /// are scanned whole from the work tree (what `pre-commit run --files` asks for).
    Staged {
        only: Option<Vec<PathBuf>>,
        whole_if_unstaged: bool,
    },
    /// The commits of a range.
    Range(String),
    /// Commits reachable from `head` that are on no remote-tracking ref (of `remote`, or of
    /// any remote): a push with no base commit (a new branch to an empty remote).
    Unpushed {
        head: String,
        remote: Option<String>,
    },
    /// Every blob in history.
    History { branch: Option<String> },
}

/// Runs `clearance scan` with the mode its flags select.
pub fn run(args: &ScanArgs) -> anyhow::Result<ExitStatus> {
    run_mode(&args.common, mode_of(args))
}

/// The mode the scan flags select.
pub(crate) fn mode_of(args: &ScanArgs) -> Mode {
    if args.staged {
        Mode::Staged {
            only: (!args.paths.is_empty()).then(|| args.paths.clone()),
            whole_if_unstaged: false,
        }
    } else if let Some(spec) = &args.diff {
        Mode::Range(spec.clone())
    } else if args.history {
        Mode::History {
            branch: args.branch.clone(),
        }
    } else {
        Mode::Paths(if args.paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            args.paths.clone()
        })
    }
}

/// What one scan produced, before it is reported.
pub(crate) struct Scanned {
    /// Every finding the filters kept, sorted (history: every occurrence, not yet reduced
    /// to the first one).
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Suppressed>,
    pub stats: StatsSnapshot,
    pub scope: Scope,
    pub fail_closed: bool,
    pub history: Option<history::HistoryOutcome>,
    /// The directory the findings' paths are relative to.
    pub origin_base: PathBuf,
    /// Rules that could not run (their regex failed to compile at scan time).
    pub late_errors: Vec<String>,
}

/// The whole pipeline for one mode: source -> engine -> filters -> report.
pub(crate) fn run_mode(args: &CommonArgs, mode: Mode) -> anyhow::Result<ExitStatus> {
    let started = Instant::now();
    let started_at = std::time::SystemTime::now();
    // A commit's changes are a few kilobytes: an engine that builds fastest wins there.
    let small_input = !matches!(mode, Mode::Paths(_) | Mode::History { .. });
    let setup = Setup::load(args, true, small_input)?;
    let scanned = scan_mode(args, mode, &setup, setup.baseline.as_ref())?;
    let Scanned {
        mut findings,
        suppressed,
        stats,
        scope,
        fail_closed,
        history: history_outcome,
        origin_base,
        late_errors: errors,
    } = scanned;
    if let Some(outcome) = &history_outcome {
        findings = history::keep_first_occurrence(findings, outcome);
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    let mut summary = Summary::new(stats, started.elapsed(), &findings, &suppressed);
    summary.scope = scope;
    summary.fail_closed = fail_closed;
    summary.started_at = Some(started_at);
    summary.root = Some(origin_base);
    summary.apply_gate(
        Gate {
            fail_on: args.fail_on,
            warn_only: args.warn_only,
            strict: args.strict,
        },
        &findings,
    );
    if let Some(baseline) = &setup.baseline {
        summary.baseline_expired = baseline.expired().into_iter().cloned().collect();
    }
    if args.show_suppressed {
        summary.suppressed_list = suppressed;
    }
    emit(args, &findings, &summary)?;
    if !errors.is_empty() {
        anyhow::bail!(
            "some rules could not run, so the scan is incomplete: {}",
            errors.join("; ")
        );
    }
    Ok(if summary.incomplete() {
        ExitStatus::Error
    } else if summary.blocked() {
        ExitStatus::Findings
    } else {
        ExitStatus::Clean
    })
}

/// Scans what `mode` selects with `setup`'s engine and filters (and `baseline`, which the
/// `baseline` command leaves out); nothing is printed.
pub(crate) fn scan_mode(
    args: &CommonArgs,
    mode: Mode,
    setup: &Setup,
    baseline: Option<&Baseline>,
) -> anyhow::Result<Scanned> {
    let engine = &setup.engine;
    let stats = ScanStats::default();
    let collected = Mutex::new(Collected::default());
    let cwd = std::env::current_dir().context("cannot read the current directory")?;

    let mut history_outcome = None;
    let mut origin_base = cwd.clone();
    let (scope, fail_closed) = match mode {
        Mode::Paths(paths) => {
            let filters = setup.filters(&cwd, baseline)?;
            let visit = |blob: Blob| scan_blob(engine, &filters, &blob, &collected);
            scan_paths(args, &paths, &stats, &visit)?;
            (Scope::Files, false)
        }
        Mode::History { branch } => {
            let base = git::open(&cwd)?
                .workdir()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_else(|| cwd.clone());
            origin_base.clone_from(&base);
            let filters = setup.filters(&base, baseline)?;
            let visit = |blob: Blob| scan_blob(engine, &filters, &blob, &collected);
            let options = HistoryOptions {
                max_file_size: args.max_file_size,
                branch,
            };
            let progress = progress_bar(args.quiet);
            let outcome = history::scan_history(&cwd, &options, &stats, &progress, &visit)?;
            progress.finish();
            history_outcome = Some(outcome);
            let outcome = history_outcome.as_ref().context("history outcome")?;
            (
                Scope::History {
                    commits: outcome.commits,
                    blobs: outcome.unique_blobs,
                    shallow: outcome.shallow,
                },
                false,
            )
        }
        Mode::Staged {
            only,
            whole_if_unstaged,
        } => {
            let repo = git::open(&cwd)?;
            let base = repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf();
            origin_base.clone_from(&base);
            let filters = setup.filters(&base, baseline)?;
            let visit = |blob: Blob| scan_blob(engine, &filters, &blob, &collected);
            let only_paths = match &only {
                Some(paths) => Some(repo_relative(&repo, &cwd, paths)?),
                None => None,
            };
            let options = StagedOptions {
                max_file_size: args.max_file_size,
                only_paths: only_paths.clone(),
            };
            let outcome = staged::scan_staged(&repo, &options, &stats, &visit)?;
            let before = stats.snapshot().files;
            if whole_if_unstaged {
                for rel in only_paths
                    .iter()
                    .flatten()
                    .filter(|p| !outcome.changed_paths.contains(*p))
                {
                    let path = base.join(rel);
                    fs_source::read_file_as(&path, rel, args.max_file_size, &stats, &visit);
                }
            }
            let whole_files = stats.snapshot().files - before;
            (Scope::Staged { whole_files }, !args.allow_unscanned)
        }
        Mode::Range(spec) => {
            let repo = git::open(&cwd)?;
            let base = repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf();
            origin_base.clone_from(&base);
            let filters = setup.filters(&base, baseline)?;
            let visit = |blob: Blob| scan_blob(engine, &filters, &blob, &collected);
            let outcome = range::scan_range(&repo, &spec, args.max_file_size, &stats, &visit)?;
            (
                Scope::Range {
                    spec,
                    commits: outcome.commits,
                },
                !args.allow_unscanned,
            )
        }
        Mode::Unpushed { head, remote } => {
            let repo = git::open(&cwd)?;
            let base = repo.workdir().unwrap_or_else(|| repo.path()).to_path_buf();
            origin_base.clone_from(&base);
            let filters = setup.filters(&base, baseline)?;
            let visit = |blob: Blob| scan_blob(engine, &filters, &blob, &collected);
            let commits = range::commits_not_on_remotes(&repo, &head, remote.as_deref())?;
            let outcome = range::scan_commits(&repo, &commits, args.max_file_size, &stats, &visit)?;
            let spec = match &remote {
                Some(name) => format!("{head} not yet on {name}"),
                None => format!("{head} not yet on any remote"),
            };
            (
                Scope::Range {
                    spec,
                    commits: outcome.commits,
                },
                !args.allow_unscanned,
            )
        }
    };

    let late_errors = engine.late_errors();
    let Collected {
        mut findings,
        mut suppressed,
    } = collected.into_inner().unwrap_or_else(|p| p.into_inner());
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    suppressed.sort_by(|a, b| a.finding.sort_key().cmp(&b.finding.sort_key()));
    Ok(Scanned {
        findings,
        suppressed,
        stats: stats.snapshot(),
        scope,
        fail_closed,
        history: history_outcome,
        origin_base,
        late_errors,
    })
}

/// Files, directories and stdin.
fn scan_paths(
    args: &CommonArgs,
    paths: &[PathBuf],
    stats: &ScanStats,
    visit: &(dyn Fn(Blob) + Sync),
) -> anyhow::Result<()> {
    for path in paths {
        if path.as_os_str() != "-" && std::fs::symlink_metadata(path).is_err() {
            anyhow::bail!("{}: no such file or directory", path.display());
        }
    }
    let (stdin, files): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.iter().cloned().partition(|p| p.as_os_str() == "-");
    if !stdin.is_empty() {
        fs_source::read_stdin(args.max_file_size, stats, visit);
    }
    let options = fs_source::WalkOptions {
        max_file_size: args.max_file_size,
        follow_links: args.follow,
        no_ignore: args.no_ignore,
        threads: args.threads,
    };
    fs_source::walk(&files, &options, stats, visit);
    Ok(())
}

/// Paths given on the command line, relative to the repository's work tree.
pub(crate) fn repo_relative(
    repo: &git2::Repository,
    cwd: &std::path::Path,
    paths: &[PathBuf],
) -> anyhow::Result<BTreeSet<String>> {
    let workdir = repo
        .workdir()
        .context("a bare repository has no work tree")?;
    let workdir = workdir
        .canonicalize()
        .unwrap_or_else(|_| workdir.to_path_buf());
    let cwd = cwd.canonicalize().unwrap_or_else(|_| cwd.to_path_buf());
    let mut out = BTreeSet::new();
    for path in paths {
        let full = cwd.join(path);
        let full = full
            .parent()
            .and_then(|p| p.canonicalize().ok())
            .map_or(full.clone(), |p| {
                p.join(full.file_name().unwrap_or_default())
            });
        let rel = full.strip_prefix(&workdir).with_context(|| {
            format!(
                "{} is outside the repository at {}",
                path.display(),
                workdir.display()
            )
        })?;
        out.insert(fs_source::display_path(rel));
    }
    Ok(out)
}

/// A progress bar on an interactive terminal (not under pre-commit's pseudo-terminal).
fn progress_bar(quiet: bool) -> BarProgress {
    let visible =
        !quiet && std::io::stderr().is_terminal() && std::env::var_os("PRE_COMMIT").is_none();
    let bar = visible.then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} scanning history: {pos}/{len} blobs, {msg} read ({per_sec}, ETA {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_message("walking commits");
        bar.enable_steady_tick(std::time::Duration::from_millis(200));
        bar
    });
    BarProgress(bar, std::sync::atomic::AtomicU64::new(0))
}

struct BarProgress(Option<ProgressBar>, std::sync::atomic::AtomicU64);

impl BarProgress {
    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl history::Progress for BarProgress {
    fn discovered(&self, blobs: u64) {
        if let Some(bar) = &self.0 {
            bar.inc_length(blobs);
        }
    }

    fn advance(&self, bytes: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
            let total = self
                .1
                .fetch_add(bytes, std::sync::atomic::Ordering::Relaxed)
                + bytes;
            bar.set_message(report::human_bytes(total));
        }
    }
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

/// Prints the headline, the --format report (stdout or --output), every --report file,
/// unreadable-file warnings and the verdict line.
fn emit(args: &CommonArgs, findings: &[Finding], summary: &Summary) -> anyhow::Result<()> {
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
    let body = if args.quiet && args.format == Format::Human {
        String::new()
    } else {
        render(args.format, findings, summary, args, color)
    };
    match &args.output {
        Some(path) => write_report(path, &body)?,
        None => write_stdout(&body)?,
    }
    for target in &args.reports {
        let body = render(target.format, findings, summary, args, false);
        write_report(&target.path, &body)?;
    }
    let mut err = stderr.lock();
    if !args.quiet {
        const SHOWN: usize = 20;
        for u in summary.stats.unreadable.iter().take(SHOWN) {
            writeln!(
                err,
                "clearance: warning: not scanned: {}: {}",
                u.path, u.reason
            )?;
        }
        if summary.stats.unreadable.len() > SHOWN {
            writeln!(
                err,
                "clearance: warning: ... and {} more not scanned",
                summary.stats.unreadable.len() - SHOWN
            )?;
        }
    }
    if !args.quiet {
        for e in &summary.baseline_expired {
            let expires = e.expires.map(|d| d.to_string()).unwrap_or_default();
            writeln!(
                err,
                "clearance: warning: baseline entry EXPIRED on {expires} (line {}): {}; it no longer suppresses",
                e.line,
                e.describe()
            )?;
        }
    }
    writeln!(err, "{}", report::final_line(summary))?;
    Ok(())
}

/// One report in `format`. Reporters only format; where the text goes is decided above.
fn render(
    format: Format,
    findings: &[Finding],
    summary: &Summary,
    args: &CommonArgs,
    color: bool,
) -> String {
    let show_secrets = args.show_secrets;
    match format {
        Format::Human => {
            let options = human::HumanOptions {
                color,
                show_secrets,
                verbose: args.verbose,
            };
            let text = human::render(findings, options);
            let hidden = human::render_suppressed(&summary.suppressed_list, options);
            let text = match (text.is_empty(), hidden.is_empty()) {
                (_, true) => text,
                (true, false) => hidden,
                (false, false) => format!("{text}\n{hidden}"),
            };
            if text.is_empty() {
                text
            } else {
                format!("\n{text}\n")
            }
        }
        Format::Json => report::json::render(findings, summary, show_secrets),
        Format::Sarif => report::sarif::render(findings, summary, show_secrets),
        Format::Junit => report::junit::render(findings, summary, show_secrets),
        Format::Gitlab => report::gitlab::render(findings, summary, show_secrets),
        Format::Markdown => report::markdown::render(findings, summary, show_secrets),
    }
}

/// Writes a report file, creating its directory (CI recipes name `reports/x.sarif`).
fn write_report(path: &std::path::Path, body: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create {} for a report", dir.display()))?;
    }
    std::fs::write(path, body.as_bytes())
        .with_context(|| format!("cannot write report to {}", path.display()))
}

/// Writes to stdout; a closed pipe (`| head`) is not an error, the verdict still counts.
fn write_stdout(text: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
