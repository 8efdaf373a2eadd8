//! Config allowlists: path globs and path regexes (relative to the config file's directory),
//! regexes on the value or on its line, and stopwords in the value. One [`CompiledAllow`] per
//! `[allowlist]` or `[allowlist.rules.ID]` table; each match names the entry that matched, so
//! `--show-suppressed` can say why a finding was dropped.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

use crate::config::AllowRules;
use crate::finding::Finding;

/// Resolves a finding's path (relative to the directory the scan's paths are relative to)
/// against another directory: the config's, or the baseline's.
#[derive(Debug, Clone)]
pub struct PathResolver {
    dir: PathBuf,
    origin_base: PathBuf,
}

impl PathResolver {
    /// Paths will be made relative to `dir`; origin paths are relative to `origin_base`.
    /// Both should be absolute.
    pub fn new(dir: &Path, origin_base: &Path) -> PathResolver {
        PathResolver {
            dir: normalize(dir),
            origin_base: normalize(origin_base),
        }
    }

    /// `origin_path` relative to the directory, `/`-separated; `None` for stdin or a path
    /// outside the directory.
    pub fn relative(&self, origin_path: &str) -> Option<String> {
        if origin_path == "<stdin>" {
            return None;
        }
        let full = normalize(&self.origin_base.join(origin_path));
        let rel = full.strip_prefix(&self.dir).ok()?;
        Some(slash_path(rel))
    }

    /// Like [`PathResolver::relative`], but a path outside the directory stays absolute and
    /// stdin stays `<stdin>`: a key that is stable for one file.
    pub fn key(&self, origin_path: &str) -> String {
        if origin_path == "<stdin>" {
            return origin_path.to_string();
        }
        self.relative(origin_path)
            .unwrap_or_else(|| slash_path(&normalize(&self.origin_base.join(origin_path))))
    }
}

/// `/`-separated text of a path.
fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let joined = parts.join("/");
    if path.is_absolute() && !joined.starts_with('/') {
        format!("/{joined}")
    } else {
        joined.replace("//", "/")
    }
}

/// Removes `.` and resolves `..` lexically.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// One allowlist, ready to match findings.
#[derive(Debug)]
pub struct CompiledAllow {
    /// `allowlist` or `allowlist.rules.ID`, to name the entry that matched.
    key: String,
    globs: GlobSet,
    rules: AllowRules,
}

impl CompiledAllow {
    /// Compiles the globs of `rules` (regexes were compiled when the config loaded).
    pub fn new(key: &str, rules: &AllowRules) -> Result<CompiledAllow, globset::Error> {
        let mut builder = GlobSetBuilder::new();
        for glob in &rules.paths {
            builder.add(
                GlobBuilder::new(glob.trim_start_matches("./"))
                    .literal_separator(true)
                    .build()?,
            );
        }
        Ok(CompiledAllow {
            key: key.to_string(),
            globs: builder.build()?,
            rules: rules.clone(),
        })
    }

    /// Whether the path lists match `relative` (the path relative to the config directory;
    /// `None` never matches). Returns the entry that matched.
    pub fn path_allowed(&self, relative: Option<&str>) -> Option<String> {
        let relative = relative?;
        if let Some(&i) = self.globs.matches(relative).first() {
            return Some(format!("{}.paths {:?}", self.key, self.rules.paths[i]));
        }
        self.rules
            .path_regexes
            .iter()
            .find(|r| r.is_match(relative))
            .map(|r| format!("{}.path_regexes {:?}", self.key, r.as_str()))
    }

    /// Whether the value lists match `finding`'s value or line. Returns the entry.
    pub fn value_allowed(&self, finding: &Finding) -> Option<String> {
        if !self.rules.sha256.is_empty() {
            let hash = finding
                .value_sha256
                .clone()
                .unwrap_or_else(|| crate::finding::sha256_hex(finding.value.as_bytes()));
            if self.rules.sha256.contains(&hash) {
                return Some(format!("{}.sha256 {:?}", self.key, &hash[..12]));
            }
        }
        if let Some(r) = self
            .rules
            .regexes
            .iter()
            .find(|r| r.is_match(&finding.value))
        {
            return Some(format!("{}.regexes {:?}", self.key, r.as_str()));
        }
        if let Some(r) = self
            .rules
            .line_regexes
            .iter()
            .find(|r| r.is_match(&finding.line_text))
        {
            return Some(format!("{}.line_regexes {:?}", self.key, r.as_str()));
        }
        if self.rules.stopwords.is_empty() {
            return None;
        }
        let value = finding.value.to_lowercase();
        self.rules
            .stopwords
            .iter()
            .find(|w| value.contains(w.as_str()))
            .map(|w| format!("{}.stopwords {w:?}", self.key))
    }

    /// True when nothing is listed.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_against_the_config_directory() {
        let resolver = PathResolver::new(Path::new("/repo"), Path::new("/repo/sub"));
        assert_eq!(
            resolver.relative("../patterns/secrets/aws.toml").as_deref(),
            Some("patterns/secrets/aws.toml")
        );
        assert_eq!(resolver.relative("a.txt").as_deref(), Some("sub/a.txt"));
        assert_eq!(resolver.relative("<stdin>"), None);
        assert_eq!(resolver.relative("../../etc/x"), None);
        assert_eq!(resolver.key("../../etc/x"), "/etc/x");
        assert_eq!(resolver.key("<stdin>"), "<stdin>");
    }

    #[test]
    fn globs_name_the_entry_that_matched() {
        let rules = AllowRules {
            paths: vec![
                "patterns/**".to_string(),
                "tests/fixtures/*.txt".to_string(),
            ],
            path_regexes: vec![regex::Regex::new(r"\.lock$").expect("regex")],
            ..AllowRules::default()
        };
        let allow = CompiledAllow::new("allowlist", &rules).expect("compiles");
        assert_eq!(
            allow
                .path_allowed(Some("patterns/secrets/aws.toml"))
                .as_deref(),
            Some("allowlist.paths \"patterns/**\"")
        );
        assert!(allow.path_allowed(Some("tests/fixtures/a.txt")).is_some());
        assert!(allow
            .path_allowed(Some("tests/fixtures/deep/a.txt"))
            .is_none());
        assert!(allow.path_allowed(Some("web/yarn.lock")).is_some());
        assert!(allow.path_allowed(None).is_none());
    }
}
