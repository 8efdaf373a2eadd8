//! Path allowlists: globs relative to the config file's directory, matched against a
//! finding's path after resolving it against the directory it is relative to.

use std::path::{Component, Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};

/// A compiled set of path globs.
#[derive(Debug)]
pub struct PathAllowlist {
    set: GlobSet,
    config_dir: PathBuf,
    origin_base: PathBuf,
}

impl PathAllowlist {
    /// Compiles `globs` (relative to `config_dir`); origin paths are relative to `origin_base`.
    pub fn new(
        globs: &[String],
        config_dir: &Path,
        origin_base: &Path,
    ) -> Result<PathAllowlist, globset::Error> {
        let mut builder = GlobSetBuilder::new();
        for glob in globs {
            builder.add(
                GlobBuilder::new(glob.trim_start_matches("./"))
                    .literal_separator(true)
                    .build()?,
            );
        }
        Ok(PathAllowlist {
            set: builder.build()?,
            config_dir: normalize(config_dir),
            origin_base: normalize(origin_base),
        })
    }

    /// True when `origin_path` lies under the config directory and matches a glob.
    pub fn matches(&self, origin_path: &str) -> bool {
        if origin_path == "<stdin>" {
            return false;
        }
        let full = normalize(&self.origin_base.join(origin_path));
        match full.strip_prefix(&self.config_dir) {
            Ok(relative) => self.set.is_match(relative),
            Err(_) => false,
        }
    }
}

/// Removes `.` and resolves `..` lexically.
fn normalize(path: &Path) -> PathBuf {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_resolve_against_the_config_directory() {
        let list = PathAllowlist::new(
            &[
                "patterns/**".to_string(),
                "tests/fixtures/*.txt".to_string(),
            ],
            Path::new("/repo"),
            Path::new("/repo/sub"),
        )
        .expect("compiles");
        assert!(list.matches("../patterns/secrets/aws.toml"));
        assert!(!list.matches("patterns/secrets/aws.toml")); // that is /repo/sub/patterns
        assert!(list.matches("../tests/fixtures/a.txt"));
        assert!(!list.matches("../tests/fixtures/deep/a.txt"));
        assert!(!list.matches("<stdin>"));
    }
}
