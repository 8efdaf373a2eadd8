//! Filters drop findings the user has accepted: path allowlists from the config and inline
//! `clearance:allow` markers. Every dropped finding is kept as [`Suppressed`] so the summary
//! can count it (and later list it); nothing disappears silently.

mod allowlist;
mod inline;

use std::path::{Path, PathBuf};

pub use allowlist::PathAllowlist;

use crate::config::Config;
use crate::finding::Finding;
use crate::source::Blob;

/// What suppressed a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuppressedBy {
    /// A path allowlist in the config.
    Allowlist,
    /// A `clearance:allow` marker on the line.
    Inline,
}

impl SuppressedBy {
    /// The lowercase name used in summaries and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressedBy::Allowlist => "allowlist",
            SuppressedBy::Inline => "inline",
        }
    }
}

/// A finding that a filter dropped.
#[derive(Debug, Clone)]
pub struct Suppressed {
    pub finding: Finding,
    pub by: SuppressedBy,
}

/// The filter chain.
#[derive(Debug)]
pub struct Filters {
    paths: Option<PathAllowlist>,
    inline: bool,
}

impl Filters {
    /// Builds the filters from `config`. `origin_base` is the directory that the scanned
    /// blobs' paths are relative to (the working directory, or the repository root).
    pub fn new(
        config: &Config,
        origin_base: &Path,
        inline: bool,
    ) -> Result<Filters, globset::Error> {
        let paths = if config.allowlist_paths.is_empty() {
            None
        } else {
            Some(PathAllowlist::new(
                &config.allowlist_paths,
                &absolute(&config.base_dir),
                &absolute(origin_base),
            )?)
        };
        Ok(Filters { paths, inline })
    }

    /// Splits a blob's findings into kept and suppressed.
    pub fn apply(&self, blob: &Blob, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Suppressed>) {
        if findings.is_empty() {
            return (findings, Vec::new());
        }
        let path_allowed = self
            .paths
            .as_ref()
            .is_some_and(|p| p.matches(&blob.origin.path));
        let mut inline_lines = self.inline.then(|| inline::AllowMarkers::new(&blob.bytes));
        let mut kept = Vec::new();
        let mut suppressed = Vec::new();
        for finding in findings {
            let by = if path_allowed {
                Some(SuppressedBy::Allowlist)
            } else if inline_lines
                .as_mut()
                .is_some_and(|m| m.allows(finding.line))
            {
                Some(SuppressedBy::Inline)
            } else {
                None
            };
            match by {
                Some(by) => suppressed.push(Suppressed { finding, by }),
                None => kept.push(finding),
            }
        }
        (kept, suppressed)
    }
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}
