//! `clearance baseline [scan options]`: scan as `clearance scan` would (allowlists and inline
//! allows apply, the baseline itself does not), then
//!
//! - add an entry for every finding not yet listed (`--reason`, `--owner`, `--expires` are
//!   recorded on the new entries; existing entries keep theirs), and with `--prune` remove
//!   entries no finding matched; or
//! - with `--check`, write nothing: list the entries no finding matched (stale) and exit 1
//!   when there are any.
//!
//! Only this command writes the baseline; `scan` and `hook` only read it. A scan that could
//! not read everything it should have writes nothing (a missed file would look stale).

use std::collections::HashSet;
use std::io::Write as _;
use std::time::Instant;

use anyhow::Context as _;

use super::scan::{mode_of, scan_mode};
use super::{plural, ExitStatus, Setup};
use crate::cli::BaselineArgs;
use crate::filter::baseline::{self, Baseline, Date, Entry};
use crate::filter::{absolute, PathResolver};
use crate::report::{self, Summary};

/// Runs `clearance baseline`.
pub fn run(args: &BaselineArgs) -> anyhow::Result<ExitStatus> {
    let started = Instant::now();
    let common = &args.scan.common;
    let setup = Setup::load(common, false, false)?;
    let path = setup.baseline_location.path.clone();
    let today = Date::today();
    let existing = if path.is_file() {
        Some(Baseline::load(&path, today)?)
    } else {
        None
    };
    if args.check && existing.is_none() {
        anyhow::bail!(
            "there is no baseline at {}; create one with `clearance baseline`",
            path.display()
        );
    }

    let scanned = scan_mode(common, mode_of(&args.scan), &setup, None)?;
    if !scanned.late_errors.is_empty() {
        anyhow::bail!(
            "some rules could not run, so the baseline was not {}: {}",
            if args.check { "checked" } else { "written" },
            scanned.late_errors.join("; ")
        );
    }
    let mut summary = Summary::new(
        scanned.stats.clone(),
        started.elapsed(),
        &scanned.findings,
        &scanned.suppressed,
    );
    summary.scope = scanned.scope.clone();
    summary.fail_closed = scanned.fail_closed;
    if summary.incomplete() {
        anyhow::bail!(
            "some files could not be scanned, so the baseline was not {} ({})",
            if args.check { "checked" } else { "written" },
            report::scanned_phrase(&summary)
        );
    }

    let baseline_dir = absolute(match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => std::path::Path::new("."),
    });
    let resolver = PathResolver::new(&baseline_dir, &absolute(&scanned.origin_base));
    let mut current: Vec<Entry> = scanned
        .findings
        .iter()
        .map(|f| Entry {
            fingerprint: f.fingerprint.clone(),
            rule: f.rule.id.clone(),
            path: resolver.key(&f.origin.path),
            reason: args.reason.clone(),
            owner: args.owner.clone(),
            expires: args.expires,
            line: 0,
        })
        .collect();
    current.sort();
    current.dedup_by(|a, b| a.fingerprint == b.fingerprint && a.path == b.path);

    let shown = path.display().to_string();
    let mut err = std::io::stderr().lock();
    let scanned_text = report::scanned_phrase(&summary);
    match existing {
        Some(existing) if args.check => {
            for e in &current {
                existing.check(&e.fingerprint, &e.path);
            }
            let stale = existing.stale();
            for e in stale.iter().filter(|_| !common.quiet) {
                writeln!(
                    err,
                    "clearance: STALE baseline entry (line {}): {}: no longer found",
                    e.line,
                    e.describe()
                )?;
            }
            for e in existing.expired().iter().filter(|_| !common.quiet) {
                writeln!(
                    err,
                    "clearance: warning: baseline entry EXPIRED on {} (line {}): {}",
                    e.expires.map(|d| d.to_string()).unwrap_or_default(),
                    e.line,
                    e.describe()
                )?;
            }
            let unlisted = current
                .iter()
                .filter(|e| !existing.contains(&e.fingerprint, &e.path))
                .count();
            let entries = existing.entries.len();
            if stale.is_empty() {
                writeln!(
                    err,
                    "clearance: PASSED baseline {shown}: every one of its {} is still found \
                     ({} not in it); scanned {scanned_text}",
                    plural(entries, "entry", "entries"),
                    plural(unlisted, "finding", "findings"),
                )?;
                Ok(ExitStatus::Clean)
            } else {
                writeln!(
                    err,
                    "clearance: STALE baseline {shown}: {} of {} no longer found \
                     ({} not in it); scanned {scanned_text}. Next: run \
                     `clearance baseline --prune` over the whole tree to remove them",
                    stale.len(),
                    plural(entries, "entry", "entries"),
                    plural(unlisted, "finding", "findings"),
                )?;
                Ok(ExitStatus::Findings)
            }
        }
        existing => {
            let old = existing.map(|b| b.entries).unwrap_or_default();
            let found: HashSet<(&str, &str)> = current
                .iter()
                .map(|e| (e.fingerprint.as_str(), e.path.as_str()))
                .collect();
            let listed: HashSet<(String, String)> = old
                .iter()
                .map(|e| (e.fingerprint.clone(), e.path.clone()))
                .collect();
            let (kept, dropped): (Vec<Entry>, Vec<Entry>) = old.into_iter().partition(|e| {
                !args.prune || found.contains(&(e.fingerprint.as_str(), e.path.as_str()))
            });
            let stale_kept = kept
                .iter()
                .filter(|e| !found.contains(&(e.fingerprint.as_str(), e.path.as_str())))
                .count();
            let added: Vec<Entry> = current
                .into_iter()
                .filter(|e| !listed.contains(&(e.fingerprint.clone(), e.path.clone())))
                .collect();
            if !common.quiet {
                const SHOWN: usize = 20;
                for e in added.iter().take(SHOWN) {
                    writeln!(err, "clearance: added: {}", e.describe())?;
                }
                if added.len() > SHOWN {
                    writeln!(err, "clearance: ... and {} more added", added.len() - SHOWN)?;
                }
                for e in &dropped {
                    writeln!(
                        err,
                        "clearance: removed (no longer found): {} (was line {})",
                        e.describe(),
                        e.line
                    )?;
                }
            }
            let (added_n, kept_n, dropped_n) = (added.len(), kept.len(), dropped.len());
            let mut all = kept;
            all.extend(added);
            let text = baseline::render(&all);
            let unchanged = std::fs::read_to_string(&path).is_ok_and(|old| old == text);
            if !unchanged {
                std::fs::write(&path, text.as_bytes())
                    .with_context(|| format!("cannot write baseline {shown}"))?;
            }
            let stale_note = if stale_kept > 0 {
                format!(
                    "; {} no longer found (`clearance baseline --prune` removes them)",
                    plural(stale_kept, "entry is", "entries are")
                )
            } else {
                String::new()
            };
            writeln!(
                err,
                "clearance: baseline {shown}{}: {} ({added_n} added, {kept_n} kept, {dropped_n} removed){stale_note}; \
                 scanned {scanned_text}. Review and commit it",
                if unchanged { " unchanged" } else { " written" },
                plural(all.len(), "entry", "entries"),
            )?;
            Ok(ExitStatus::Clean)
        }
    }
}
