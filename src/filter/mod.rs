//! Filters drop findings the user has accepted, in this order:
//!
//! 1. [`allowlist`]: the config's allowlists (paths, path regexes, value and line regexes,
//!    stopwords), global and per rule;
//! 2. [`inline`]: `clearance:allow` markers on the line (unless `--no-inline-allow`);
//! 3. [`baseline`]: entries of `.clearance-baseline.toml` (unless expired).
//!
//! Every dropped finding is kept as [`Suppressed`], with what dropped it and why, so the
//! summary can count it and `--show-suppressed` can list it: nothing disappears silently.
//! Filters run only on findings, never on every line.

pub mod allowlist;
pub mod baseline;
pub mod inline;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use allowlist::{CompiledAllow, PathResolver};
pub use baseline::{Baseline, Verdict};

use crate::config::Config;
use crate::finding::Finding;
use crate::source::Blob;

/// What suppressed a finding. The order is the order of the summary's counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SuppressedBy {
    /// An entry of the baseline file.
    Baseline,
    /// An allowlist in the config.
    Allowlist,
    /// A `clearance:allow` marker.
    Inline,
}

impl SuppressedBy {
    /// The lowercase name used in summaries and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            SuppressedBy::Baseline => "baseline",
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
    /// Which entry dropped it: `allowlist.paths "tests/**"`, the inline marker, the
    /// baseline entry's line.
    pub detail: String,
    /// The reason its author gave (inline `reason="..."`, baseline `reason`).
    pub reason: Option<String>,
}

/// What the filters use besides the config.
#[derive(Debug, Clone, Copy, Default)]
pub struct FilterOptions<'a> {
    /// Rule ids inline markers may name; `None` ignores inline markers (`--no-inline-allow`).
    pub inline_rules: Option<&'a HashSet<String>>,
    /// The baseline to apply, if any.
    pub baseline: Option<&'a Baseline>,
}

/// The filter chain for one scan.
#[derive(Debug)]
pub struct Filters<'a> {
    /// Origin paths relative to the config's directory.
    config_paths: PathResolver,
    global: Option<CompiledAllow>,
    per_rule: HashMap<String, CompiledAllow>,
    /// The config file (relative to its directory) and its custom rules' examples, which
    /// are not findings there.
    own_examples: Option<(String, Vec<(String, String)>)>,
    inline_rules: Option<&'a HashSet<String>>,
    baseline: Option<(&'a Baseline, PathResolver)>,
}

impl<'a> Filters<'a> {
    /// Builds the filters from `config`. `origin_base` is the directory that the scanned
    /// blobs' paths are relative to (the working directory, or the repository root).
    pub fn new(
        config: &Config,
        origin_base: &Path,
        options: FilterOptions<'a>,
    ) -> Result<Filters<'a>, globset::Error> {
        let origin_base = absolute(origin_base);
        let global = CompiledAllow::new("allowlist", &config.allowlist.global)?;
        let mut per_rule = HashMap::new();
        for (id, rules) in &config.allowlist.rules {
            let allow = CompiledAllow::new(&format!("allowlist.rules.{}", id.value), rules)?;
            if !allow.is_empty() {
                per_rule.insert(id.value.clone(), allow);
            }
        }
        let own_examples = config
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .filter(|_| !config.custom_rules.is_empty())
            .map(|name| {
                let examples = config
                    .custom_rules
                    .iter()
                    .flat_map(|c| {
                        let r = &c.rule;
                        r.examples
                            .iter()
                            .chain(&r.negative_examples)
                            .map(|e| (r.id().to_string(), e.text.clone()))
                    })
                    .collect();
                (name.to_string_lossy().into_owned(), examples)
            });
        Ok(Filters {
            config_paths: PathResolver::new(&absolute(&config.base_dir), &origin_base),
            own_examples,
            global: (!global.is_empty()).then_some(global),
            per_rule,
            inline_rules: options.inline_rules,
            baseline: options.baseline.map(|b| {
                let resolver = PathResolver::new(&absolute(b.dir()), &origin_base);
                (b, resolver)
            }),
        })
    }

    /// Splits a blob's findings into kept and suppressed.
    pub fn apply(&self, blob: &Blob, findings: Vec<Finding>) -> (Vec<Finding>, Vec<Suppressed>) {
        if findings.is_empty() {
            return (findings, Vec::new());
        }
        let config_relative =
            (self.global.is_some() || !self.per_rule.is_empty() || self.own_examples.is_some())
                .then(|| self.config_paths.relative(&blob.origin.path))
                .flatten();
        let global_path = self
            .global
            .as_ref()
            .and_then(|g| g.path_allowed(config_relative.as_deref()));
        let mut markers = self
            .inline_rules
            .map(|known| inline::AllowMarkers::new(&blob.bytes, known));
        let baseline_path = self
            .baseline
            .as_ref()
            .map(|(_, resolver)| resolver.key(&blob.origin.path));
        let mut kept = Vec::new();
        let mut suppressed = Vec::new();
        for finding in findings {
            let rule_allow = self.per_rule.get(&finding.rule.id);
            let allowlisted = global_path
                .clone()
                .or_else(|| self.global.as_ref().and_then(|g| g.value_allowed(&finding)))
                .or_else(|| rule_allow.and_then(|a| a.path_allowed(config_relative.as_deref())))
                .or_else(|| rule_allow.and_then(|a| a.value_allowed(&finding)))
                .or_else(|| self.own_example(config_relative.as_deref(), &finding));
            if let Some(detail) = allowlisted {
                suppressed.push(Suppressed {
                    finding,
                    by: SuppressedBy::Allowlist,
                    detail,
                    reason: None,
                });
                continue;
            }
            if let Some(allow) = markers
                .as_mut()
                .and_then(|m| m.allow_for(finding.line, &finding.rule.id))
            {
                let (detail, reason) = (allow.describe(), allow.reason.clone());
                suppressed.push(Suppressed {
                    finding,
                    by: SuppressedBy::Inline,
                    detail,
                    reason,
                });
                continue;
            }
            if let (Some((baseline, _)), Some(path)) = (&self.baseline, &baseline_path) {
                if let Verdict::Accepted(entry) = baseline.check(&finding.fingerprint, path) {
                    let mut detail = format!("{} line {}", baseline.path.display(), entry.line);
                    if let Some(owner) = &entry.owner {
                        detail.push_str(&format!(", owner {owner}"));
                    }
                    if let Some(expires) = entry.expires {
                        detail.push_str(&format!(", expires {expires}"));
                    }
                    suppressed.push(Suppressed {
                        finding,
                        by: SuppressedBy::Baseline,
                        detail,
                        reason: entry.reason.clone(),
                    });
                    continue;
                }
            }
            kept.push(finding);
        }
        (kept, suppressed)
    }
}

impl Filters<'_> {
    /// A finding in the config file whose value is part of a custom rule's example.
    fn own_example(&self, relative: Option<&str>, finding: &Finding) -> Option<String> {
        let (file, examples) = self.own_examples.as_ref()?;
        if relative? != file {
            return None;
        }
        examples
            .iter()
            .find(|(_, example)| example.contains(&finding.value))
            .map(|(id, _)| format!("an example of custom rule `{id}` in {file}"))
    }
}

/// `path` made absolute against the working directory.
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}
