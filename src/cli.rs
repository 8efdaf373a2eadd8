//! Command-line definitions (clap derive) and nothing else: these raw types stop at
//! [`crate::commands`], which resolves them into configured sources, engine and reporters.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::report::Format;
use crate::rules::Severity;

/// Stop secrets, personal data and classification markings from reaching a git repository.
///
/// Exit status: 0 nothing found, 1 findings, 2 error (an error never exits 0).
#[derive(Debug, Parser)]
#[command(name = "clearance", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scan files and directories (default: the current directory); `-` reads stdin.
    Scan(ScanArgs),
    /// Show the rules: what is checked, with examples and remediation.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// What git hooks and the pre-commit framework run: the lines staged for commit, the given
    /// files (whole when nothing of them is staged), or, in pre-push, the commits being pushed.
    Hook(HookArgs),
    /// Write a git pre-commit hook that runs `clearance hook` (honours core.hooksPath).
    InstallHook(InstallHookArgs),
    /// Accept the current findings: add them to .clearance-baseline.toml (fingerprints only,
    /// never values), or with --check list entries that are no longer found.
    Baseline(BaselineArgs),
    /// Validate .clearance.toml, or import a gitleaks config.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
    /// Print the SHA-256 of an organisation codeword for `[markings] codewords_sha256`
    /// (the hash of the word in upper case). The word itself is never printed.
    HashCodeword {
        /// The codeword; `-` reads it from standard input instead, so that it stays out of
        /// shell history: typed without echo on a terminal, or one word per line from a pipe
        /// (one hash per line out).
        #[arg(value_name = "WORD", allow_hyphen_values = true)]
        word: String,
    },
}

/// Options of `clearance baseline`: the scan options, plus what to do with the baseline.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    #[command(flatten)]
    pub scan: ScanArgs,

    /// Write nothing: list entries no longer found by this scan (stale) and exit 1 if any.
    #[arg(long, conflicts_with_all = ["prune", "reason", "owner", "expires"])]
    pub check: bool,

    /// Also remove entries that this scan no longer finds (scan the whole tree first).
    #[arg(long)]
    pub prune: bool,

    /// Reason recorded on the new entries.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

    /// Owner recorded on the new entries (a person or team).
    #[arg(long, value_name = "NAME")]
    pub owner: Option<String>,

    /// Expiry date of the new entries (YYYY-MM-DD); after it they stop suppressing.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub expires: Option<crate::filter::baseline::Date>,
}

/// `clearance config ...`
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Validate the config (and its custom rules' examples) and print what it changes.
    Check {
        /// Use this config instead of the nearest .clearance.toml.
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// Convert a gitleaks config's allowlists and custom rules into a .clearance.toml,
    /// naming every part that cannot be converted.
    ImportGitleaks {
        /// The gitleaks config (.gitleaks.toml).
        file: PathBuf,

        /// Where to write the clearance config (`-`: standard output).
        #[arg(
            long,
            short = 'o',
            value_name = "FILE",
            default_value = ".clearance.toml"
        )]
        output: PathBuf,

        /// Overwrite the output file if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// Options of `clearance hook`.
#[derive(Debug, Args)]
pub struct HookArgs {
    /// Files to check (the pre-commit framework passes them): their staged lines, or the whole
    /// file when nothing of it is staged. None: every staged change.
    /// Ignored in pre-push (PRE_COMMIT_FROM_REF/PRE_COMMIT_TO_REF set): the pushed commits
    /// are scanned instead, so a value added and removed again is still caught.
    pub files: Vec<PathBuf>,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options of `clearance install-hook`.
#[derive(Debug, Args)]
pub struct InstallHookArgs {
    /// Replace an existing pre-commit hook.
    #[arg(long, conflicts_with = "chain")]
    pub force: bool,

    /// Keep an existing pre-commit hook (renamed to pre-commit.pre-clearance) and run it first;
    /// the commit stops if it fails.
    #[arg(long)]
    pub chain: bool,
}

/// `clearance rules ...`
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// One line per rule: id, category, severity, name.
    List {
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Everything about one rule.
    Explain {
        /// The rule id, as shown by `clearance rules list`.
        id: String,
    },
    /// Compile every rule and run its examples and negative examples.
    Check,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Only when writing to a terminal and NO_COLOR is unset.
    Auto,
    Always,
    Never,
}

/// Options of `clearance scan`: what to scan, plus the common options.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Files or directories to scan; `-` reads standard input. Default: `.`
    /// With --staged: only these staged paths. --diff and --history scan the repository
    /// of the current directory and take no paths (run them inside the repository).
    #[arg(conflicts_with_all = ["diff", "history"])]
    pub paths: Vec<PathBuf>,

    /// Scan what is staged for the next commit: the lines it adds (pre-commit).
    #[arg(long, conflicts_with_all = ["diff", "history"])]
    pub staged: bool,

    /// Scan the lines added by each commit in BASE..HEAD or BASE...HEAD (CI gate).
    #[arg(long, value_name = "RANGE", conflicts_with = "history")]
    pub diff: Option<String>,

    /// Scan every blob ever committed, reachable from any ref, and every commit message.
    #[arg(long)]
    pub history: bool,

    /// With --history: only commits reachable from REF.
    #[arg(long, value_name = "REF", requires = "history")]
    pub branch: Option<String>,

    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options shared by every command that scans (`scan`, `hook`).
#[derive(Debug, Clone, Args)]
pub struct CommonArgs {
    /// Output format of the report (the verdict line always goes to stderr).
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,

    /// Write the report to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Also write a report in FORMAT to FILE; repeat for several (e.g. `--report
    /// sarif=clearance.sarif --report markdown=summary.md`). The --format report still goes
    /// to standard output (or --output).
    #[arg(long = "report", value_name = "FORMAT=FILE", value_parser = parse_report)]
    pub reports: Vec<ReportTarget>,

    /// Fail only on findings of SEVERITY or higher; lower ones are still reported, and a run
    /// with nothing else says WARN and exits 0.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value = "low")]
    pub fail_on: Severity,

    /// Report findings but exit 0; the verdict says WARN. Errors still exit 2.
    #[arg(long)]
    pub warn_only: bool,

    /// Personal data and markings that only warn fail the run too.
    #[arg(long)]
    pub strict: bool,

    /// Run only these categories: secrets, pii, markings (comma-separated).
    #[arg(long, value_name = "CATEGORIES", value_delimiter = ',', value_parser = parse_category)]
    pub only: Vec<crate::rules::Category>,

    /// Also print info findings (test values, bare OFFICIAL, IP addresses) in the human
    /// format; JSON and SARIF always carry them.
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Use this config instead of the nearest .clearance.toml.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Suppress the findings this baseline lists (default: the config's `baseline`, else the
    /// nearest .clearance-baseline.toml).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Ignore `clearance:allow` markers (a CI gate that refuses self-service).
    #[arg(long)]
    pub no_inline_allow: bool,

    /// List the suppressed findings too, with what suppressed each.
    #[arg(long)]
    pub show_suppressed: bool,

    /// Skip (and count) files larger than this: bytes, or with K/KB/M/MB/G/GB.
    #[arg(long, value_name = "SIZE", default_value = "25MB", value_parser = parse_size)]
    pub max_file_size: u64,

    /// Worker threads (0: one per core).
    #[arg(long, short = 'j', value_name = "N", default_value_t = 0)]
    pub threads: usize,

    /// Print sensitive values in full instead of redacted.
    #[arg(long)]
    pub show_secrets: bool,

    /// Print only the verdict line.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Colour in the human format.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,

    /// Do not honour .gitignore, .ignore or .clearanceignore: scan every file.
    #[arg(long)]
    pub no_ignore: bool,

    /// Follow symbolic links (loops are reported, not fatal).
    #[arg(long, short = 'L')]
    pub follow: bool,

    /// In git modes: do not fail when a changed file cannot be scanned.
    #[arg(long)]
    pub allow_unscanned: bool,
}

/// Parses a category name for `--only`: `secrets`, `pii` (or `personal`), `markings`.
pub fn parse_category(text: &str) -> Result<crate::rules::Category, String> {
    use crate::rules::Category;
    match text.trim().to_ascii_lowercase().as_str() {
        "secret" | "secrets" => Ok(Category::Secret),
        "pii" | "personal" | "personal-data" => Ok(Category::Pii),
        "marking" | "markings" => Ok(Category::Marking),
        other => Err(format!(
            "unknown category `{other}` (use secrets, pii or markings)"
        )),
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Result<crate::filter::baseline::Date, String> {
    crate::filter::baseline::Date::parse(text)
        .ok_or_else(|| format!("`{text}` is not a date like 2025-06-30"))
}

/// One extra report: `--report FORMAT=FILE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTarget {
    pub format: Format,
    pub path: PathBuf,
}

/// Parses `sarif=out/clearance.sarif`.
pub fn parse_report(text: &str) -> Result<ReportTarget, String> {
    use clap::ValueEnum as _;
    let (format, path) = text
        .split_once('=')
        .ok_or_else(|| format!("`{text}` is not FORMAT=FILE (e.g. sarif=clearance.sarif)"))?;
    let format = Format::from_str(format.trim(), true).map_err(|_| {
        let names: Vec<&str> = Format::value_variants()
            .iter()
            .map(|f| f.as_str())
            .collect();
        format!(
            "unknown report format `{format}` (use one of {})",
            names.join(", ")
        )
    })?;
    if path.is_empty() {
        return Err(format!("`{text}` names no file"));
    }
    Ok(ReportTarget {
        format,
        path: PathBuf::from(path),
    })
}

/// Parses `10MB`, `512K`, `1G`, `1048576` (K = 1024 bytes).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (digits, unit) = t.split_at(split);
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size like 10MB"))?;
    let factor: u64 = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        other => return Err(format!("unknown size unit `{other}` (use K, M or G)")),
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("`{text}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10MB"), Ok(10 << 20));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("100"), Ok(100));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("1TB").is_err());
    }

    #[test]
    fn report_targets() {
        assert_eq!(
            parse_report("sarif=out/c.sarif"),
            Ok(ReportTarget {
                format: Format::Sarif,
                path: PathBuf::from("out/c.sarif")
            })
        );
        assert_eq!(
            parse_report("JUnit=a=b.xml").map(|r| (r.format, r.path)),
            Ok((Format::Junit, PathBuf::from("a=b.xml")))
        );
        assert!(parse_report("sarif").is_err());
        assert!(parse_report("pdf=x").is_err_and(|e| e.contains("markdown")));
        assert!(parse_report("json=").is_err());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
