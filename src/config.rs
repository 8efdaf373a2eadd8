//! `.clearance.toml`: finding it (the nearest one from the working directory up to the
//! repository root, or `--config FILE`), parsing it strictly (unknown keys are errors that
//! name the file and line) and resolving it into a [`Config`].

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The name of the config file looked for at the repository root.
pub const CONFIG_FILE_NAME: &str = ".clearance.toml";

/// The file as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    allowlist: AllowlistSpec,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowlistSpec {
    /// Globs, relative to the directory holding the config file.
    #[serde(default)]
    paths: Vec<String>,
}

/// A loaded, validated configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from (`None` when there is no config).
    pub path: Option<PathBuf>,
    /// The directory relative paths in the config are relative to.
    pub base_dir: PathBuf,
    /// Path globs whose findings are suppressed.
    pub allowlist_paths: Vec<String>,
}

/// A config that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("bad config {path}: {message}")]
    Parse { path: String, message: String },
}

/// The nearest `.clearance.toml` from `start` upwards, stopping at the directory that holds
/// `.git` (the repository root).
pub fn discover(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        let candidate = dir.join(CONFIG_FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        if dir.join(".git").exists() {
            break;
        }
    }
    None
}

/// Loads `path`; relative entries resolve against its directory.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: shown.clone(),
        source,
    })?;
    parse(&text, &shown, path.parent().unwrap_or(Path::new(".")))
}

/// Parses config text; `shown` names the file in errors.
pub fn parse(text: &str, shown: &str, base_dir: &Path) -> Result<Config, ConfigError> {
    let file: ConfigFile = toml::from_str(text).map_err(|e| ConfigError::Parse {
        path: shown.to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    for glob in &file.allowlist.paths {
        globset::Glob::new(glob).map_err(|e| ConfigError::Parse {
            path: shown.to_string(),
            message: format!("allowlist.paths: {e}"),
        })?;
    }
    Ok(Config {
        path: Some(PathBuf::from(shown)),
        base_dir: base_dir.to_path_buf(),
        allowlist_paths: file.allowlist.paths,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_allowlist_paths() {
        let config = parse(
            "[allowlist]\npaths = [\"patterns/**\"]\n",
            "c.toml",
            Path::new("/r"),
        )
        .expect("parses");
        assert_eq!(config.allowlist_paths, vec!["patterns/**".to_string()]);
    }

    #[test]
    fn unknown_key_names_file_line_and_key() {
        let err = parse(
            "[allowlist]\npaths = []\npathz = []\n",
            "c.toml",
            Path::new("/r"),
        )
        .expect_err("fails");
        let msg = err.to_string();
        assert!(
            msg.contains("c.toml") && msg.contains("line 3") && msg.contains("pathz"),
            "{msg}"
        );
    }

    #[test]
    fn bad_glob_is_an_error() {
        let err = parse(
            "[allowlist]\npaths = [\"a/[\"]\n",
            "c.toml",
            Path::new("/r"),
        )
        .expect_err("fails");
        assert!(err.to_string().contains("allowlist.paths"), "{err}");
    }

    #[test]
    fn discover_stops_at_repository_root() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git"))?;
        std::fs::create_dir_all(repo.join("sub/deeper"))?;
        std::fs::write(dir.path().join(CONFIG_FILE_NAME), "")?;
        assert_eq!(discover(&repo.join("sub/deeper")), None);
        std::fs::write(repo.join(CONFIG_FILE_NAME), "")?;
        assert_eq!(
            discover(&repo.join("sub/deeper")),
            Some(repo.join(CONFIG_FILE_NAME))
        );
        Ok(())
    }
}
