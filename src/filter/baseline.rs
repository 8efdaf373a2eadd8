//! Baselines: `.clearance-baseline.toml` lists findings a team has accepted, so that a scanner
//! can be adopted on a repository that already has some, and only new ones block.
//!
//! One entry per accepted value, each a TOML table on one line:
//!
//! ```toml
//! finding = [
//!   { fingerprint = "3f1c…", rule = "aws-access-key-id", path = "config/prod.env", reason = "...", owner = "...", expires = 2025-06-30 },
//! ]
//! ```
//!
//! `fingerprint` is the SHA-256 of the rule id and the value (never the value); `path` is
//! relative to the baseline file's directory; `reason`, `owner` and `expires` (a TOML date;
//! after it the entry stops suppressing) are optional. `[[finding]]` tables written by hand
//! are read too.
//!
//! An entry matches a finding with the same fingerprint **in the same file**: no line
//! number is stored, so moving the value within its file keeps it accepted, but copying or
//! moving it to another file is a new exposure that must be reviewed (the old entry then
//! shows up as stale in `clearance baseline --check`).
//!
//! Entries are written sorted by fingerprint, one per line, under a header that never
//! changes: two branches that add entries merge without a conflict unless both entries sort
//! into the same place, and always with `merge=union` in `.gitattributes` (each entry is
//! one self-contained line, so a union of lines is a valid file; multi-line tables are not:
//! git aligns their identical `[[finding]]` and `rule = ...` lines and interleaves them).
//! One line per entry also lets `git blame` say who accepted what. Duplicate entries, which
//! a union merge can produce, are accepted.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Deserialize;
use toml::Spanned;

/// The default file name, at the repository root.
pub const BASELINE_FILE_NAME: &str = ".clearance-baseline.toml";

/// The header written at the top of every baseline. Constant, so it never conflicts.
const HEADER: &str = "\
# clearance baseline: findings accepted as they are, one per line: a value (by its fingerprint,
# the SHA-256 of the rule id and the value, never the value itself) in one file. Add entries
# with `clearance baseline`; list entries no longer found with `clearance baseline --check`.
# Sorted by fingerprint so that branches adding entries merge cleanly (add
# `.clearance-baseline.toml merge=union` to .gitattributes to never see a conflict).
# `reason`, `owner` and `expires = YYYY-MM-DD` may be added to an entry by hand.
";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    #[serde(default)]
    finding: Vec<Spanned<EntrySpec>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EntrySpec {
    fingerprint: String,
    rule: String,
    path: String,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    owner: Option<String>,
    #[serde(default)]
    expires: Option<Spanned<toml::value::Datetime>>,
}

pub use crate::date::Date;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    /// Relative to the baseline's directory, `/`-separated.
    pub path: String,
    pub reason: Option<String>,
    pub owner: Option<String>,
    /// The last day the entry suppresses.
    pub expires: Option<Date>,
    /// Line of the entry's table in the file (0 for entries not read from a file).
    pub line: usize,
}

impl Entry {
    /// `path rule fingerprint-prefix`, for messages.
    pub fn describe(&self) -> String {
        format!(
            "{} {} {}",
            self.path,
            self.rule,
            &self.fingerprint[..self.fingerprint.len().min(12)]
        )
    }

    fn key(&self) -> (&str, &str) {
        (&self.fingerprint, &self.path)
    }
}

/// What a baseline says about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict<'a> {
    /// Listed and not expired: suppress.
    Accepted(&'a Entry),
    /// Listed, but expired: report it.
    Expired(&'a Entry),
    /// Not listed.
    Unlisted,
}

/// A baseline file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read baseline {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("bad baseline {path}, line {line}: {message}{excerpt}")]
    Invalid {
        path: String,
        line: usize,
        message: String,
        excerpt: String,
    },
}

/// A loaded baseline. Lookups record which entries were used, so that entries no longer
/// found (stale) can be listed after a scan.
#[derive(Debug)]
pub struct Baseline {
    /// The file.
    pub path: PathBuf,
    pub entries: Vec<Entry>,
    index: HashMap<(String, String), usize>,
    used: Vec<AtomicBool>,
    today: Date,
}

impl Baseline {
    /// An empty baseline that would be written to `path`.
    pub fn empty(path: &Path, today: Date) -> Baseline {
        Baseline::from_entries(path, Vec::new(), today)
    }

    /// A baseline over `entries`.
    pub fn from_entries(path: &Path, entries: Vec<Entry>, today: Date) -> Baseline {
        let mut index = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            index
                .entry((e.fingerprint.clone(), e.path.clone()))
                .or_insert(i);
        }
        let used = entries.iter().map(|_| AtomicBool::new(false)).collect();
        Baseline {
            path: path.to_path_buf(),
            entries,
            index,
            used,
            today,
        }
    }

    /// Reads and validates `path`; errors name the line.
    pub fn load(path: &Path, today: Date) -> Result<Baseline, BaselineError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: shown.clone(),
            source,
        })?;
        Baseline::parse(&text, path, today)
    }

    /// Parses baseline text read from `path`.
    pub fn parse(text: &str, path: &Path, today: Date) -> Result<Baseline, BaselineError> {
        let shown = path.display().to_string();
        let invalid = |span: std::ops::Range<usize>, message: String| BaselineError::Invalid {
            path: shown.clone(),
            line: crate::config::line_of(text, span.start),
            message,
            excerpt: crate::config::excerpt(text, &span),
        };
        let file: BaselineFile = toml::from_str(text)
            .map_err(|e| invalid(e.span().unwrap_or(0..0), e.message().trim_end().to_string()))?;
        let mut entries = Vec::new();
        for spanned in file.finding {
            let span = spanned.span();
            let spec = spanned.into_inner();
            let fingerprint_ok = spec.fingerprint.len() == 64
                && spec
                    .fingerprint
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            if !fingerprint_ok {
                return Err(invalid(
                    span,
                    format!(
                        "fingerprint {:?} is not 64 lowercase hex digits (copy it from a report)",
                        spec.fingerprint
                    ),
                ));
            }
            let expires = match spec.expires {
                None => None,
                Some(d) => {
                    let dspan = d.span();
                    let dt = d.into_inner();
                    match (dt.date, dt.time, dt.offset) {
                        (Some(date), None, None) => Some(Date {
                            year: i32::from(date.year),
                            month: date.month,
                            day: date.day,
                        }),
                        _ => {
                            return Err(invalid(
                                dspan,
                                format!("expires = {dt}: use a date like 2025-06-30"),
                            ))
                        }
                    }
                }
            };
            entries.push(Entry {
                fingerprint: spec.fingerprint,
                rule: spec.rule,
                path: spec.path,
                reason: spec.reason.filter(|r| !r.trim().is_empty()),
                owner: spec.owner.filter(|o| !o.trim().is_empty()),
                expires,
                line: crate::config::line_of(text, span.start),
            });
        }
        Ok(Baseline::from_entries(path, entries, today))
    }

    /// The directory entry paths are relative to.
    pub fn dir(&self) -> &Path {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        }
    }

    /// What the baseline says about a finding with `fingerprint` in `path` (relative to the
    /// baseline's directory). Marks the entry as used.
    pub fn check(&self, fingerprint: &str, path: &str) -> Verdict<'_> {
        let Some(&i) = self.index.get(&(fingerprint.to_string(), path.to_string())) else {
            return Verdict::Unlisted;
        };
        self.used[i].store(true, Ordering::Relaxed);
        let entry = &self.entries[i];
        if self.is_expired(entry) {
            Verdict::Expired(entry)
        } else {
            Verdict::Accepted(entry)
        }
    }

    /// True when `entry`'s expiry date has passed.
    pub fn is_expired(&self, entry: &Entry) -> bool {
        entry.expires.is_some_and(|d| d < self.today)
    }

    /// Entries that no finding matched during the scan (duplicates excluded).
    pub fn stale(&self) -> Vec<&Entry> {
        self.index
            .values()
            .filter(|&&i| !self.used[i].load(Ordering::Relaxed))
            .map(|&i| &self.entries[i])
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect()
    }

    /// Entries whose expiry date has passed, in file order.
    pub fn expired(&self) -> Vec<&Entry> {
        self.entries.iter().filter(|e| self.is_expired(e)).collect()
    }

    /// True when an entry for `(fingerprint, path)` exists.
    pub fn contains(&self, fingerprint: &str, path: &str) -> bool {
        self.index
            .contains_key(&(fingerprint.to_string(), path.to_string()))
    }
}

impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key()
            .cmp(&other.key())
            .then_with(|| self.line.cmp(&other.line))
    }
}

/// The file text for `entries`: the constant header, then one line per entry sorted by
/// fingerprint and path (duplicates dropped).
pub fn render(entries: &[Entry]) -> String {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by(|a, b| a.key().cmp(&b.key()));
    sorted.dedup_by(|a, b| a.key() == b.key());
    let mut out = String::from(HEADER);
    out.push_str("\nfinding = [\n");
    for e in sorted {
        out.push_str(&format!(
            "  {{ fingerprint = {}, rule = {}, path = {}",
            toml_string(&e.fingerprint),
            toml_string(&e.rule),
            toml_string(&e.path)
        ));
        if let Some(reason) = &e.reason {
            out.push_str(&format!(", reason = {}", toml_string(reason)));
        }
        if let Some(owner) = &e.owner {
            out.push_str(&format!(", owner = {}", toml_string(owner)));
        }
        if let Some(expires) = e.expires {
            out.push_str(&format!(", expires = {expires}"));
        }
        out.push_str(" },\n");
    }
    out.push_str("]\n");
    out
}

/// A TOML basic string with escapes.
pub fn toml_string(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(fp: char, path: &str) -> Entry {
        Entry {
            fingerprint: fp.to_string().repeat(64),
            rule: "aws-access-key-id".to_string(),
            path: path.to_string(),
            reason: None,
            owner: None,
            expires: None,
            line: 0,
        }
    }

    #[test]
    fn dates() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(19_723).to_string(), "2024-01-01");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
        assert_eq!(
            Date::parse("2025-06-30").map(|d| d.to_string()).as_deref(),
            Some("2025-06-30")
        );
        assert_eq!(Date::parse("2025-13-01"), None);
        assert!(Date::today().year >= 2024);
    }

    #[test]
    fn renders_sorted_and_reads_back() {
        let mut b = entry('b', "x.env");
        b.reason = Some("legacy \"test\" account".to_string());
        b.owner = Some("platform".to_string());
        b.expires = Date::parse("2030-01-31");
        let entries = vec![b, entry('a', "y.env"), entry('a', "y.env")];
        let text = render(&entries);
        assert!(text.find(&"a".repeat(64)) < text.find(&"b".repeat(64)));
        assert_eq!(
            text.lines()
                .filter(|l| l.starts_with("  { fingerprint"))
                .count(),
            2
        );
        let today = Date::parse("2029-01-01").expect("date");
        let loaded = Baseline::parse(&text, Path::new("b.toml"), today).expect("parses");
        assert_eq!(loaded.entries.len(), 2);
        assert_eq!(
            loaded.entries[1].reason.as_deref(),
            Some("legacy \"test\" account")
        );
        assert_eq!(render(&loaded.entries), text);
    }

    #[test]
    fn lookups_expiry_and_staleness() {
        let mut old = entry('c', "old.env");
        old.expires = Date::parse("2020-01-01");
        let entries = vec![entry('a', "a.env"), entry('b', "b.env"), old];
        let today = Date::parse("2024-05-05").expect("date");
        let baseline = Baseline::from_entries(Path::new("b.toml"), entries, today);
        let a = "a".repeat(64);
        assert!(matches!(baseline.check(&a, "a.env"), Verdict::Accepted(_)));
        assert_eq!(baseline.check(&a, "moved.env"), Verdict::Unlisted);
        assert!(matches!(
            baseline.check(&"c".repeat(64), "old.env"),
            Verdict::Expired(_)
        ));
        let stale: Vec<String> = baseline.stale().iter().map(|e| e.path.clone()).collect();
        assert_eq!(stale, vec!["b.env".to_string()]);
        assert_eq!(baseline.expired().len(), 1);
    }

    #[test]
    fn tables_written_by_hand_are_read_too() {
        let text = format!(
            "[[finding]]\nfingerprint = \"{}\"\nrule = \"r\"\npath = \"p\"\nexpires = 2030-01-01\n",
            "a".repeat(64)
        );
        let b = Baseline::parse(&text, Path::new("b.toml"), Date::today()).expect("parses");
        assert_eq!(b.entries.len(), 1);
        assert_eq!(b.entries[0].line, 1);
    }

    #[test]
    fn bad_entries_name_the_line() {
        let text = "finding = [\n  { fingerprint = \"abc\", rule = \"r\", path = \"p\" },\n]\n";
        let err = Baseline::parse(text, Path::new("b.toml"), Date::today())
            .expect_err("bad fingerprint")
            .to_string();
        assert!(err.contains("b.toml, line 2"), "{err}");
        let text = format!(
            "[[finding]]\nfingerprint = \"{}\"\nrule = \"r\"\npath = \"p\"\nexpires = 2024-01-01T10:00:00\n",
            "a".repeat(64)
        );
        let err = Baseline::parse(&text, Path::new("b.toml"), Date::today())
            .expect_err("datetime")
            .to_string();
        assert!(
            err.contains("line 5") && err.contains("use a date"),
            "{err}"
        );
    }
}
