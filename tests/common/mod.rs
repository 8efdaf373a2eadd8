//! Shared fixtures for the integration tests: temp directories, the real binary, and fake
//! credentials generated at run time (never stored in the repository).

#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub mod office;
pub mod repo;

use assert_cmd::Command;

/// A deterministic pseudo-random generator (xorshift), so snapshots are stable.
pub struct Fake(u64);

impl Fake {
    pub fn new(seed: u64) -> Fake {
        Fake(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// `n` characters drawn from `alphabet`.
    pub fn chars(&mut self, alphabet: &str, n: usize) -> String {
        let a: Vec<char> = alphabet.chars().collect();
        (0..n)
            .map(|_| a[(self.next() % a.len() as u64) as usize])
            .collect()
    }

    /// A fake AWS access key id: `AKIA` + 16 base32 characters.
    pub fn aws_key_id(&mut self) -> String {
        format!("AKIA{}", self.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16))
    }

    /// `AWS_ACCESS_KEY_ID=<fake key id>` and a newline: a line every scan must report.
    pub fn aws_key_line(&mut self) -> String {
        format!("AWS_ACCESS_KEY_ID={}\n", self.aws_key_id())
    }

    /// A fake GitHub classic token with a valid CRC32 checksum.
    pub fn github_token(&mut self) -> String {
        let random = self.chars(
            "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
            30,
        );
        let checksum = clearance::engine::validate::base62(crc32fast::hash(random.as_bytes()), 6);
        format!("ghp_{random}{checksum}")
    }
}

/// A temporary directory with helpers to write files.
pub struct Dir {
    pub temp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        Dir {
            temp: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.temp.path().join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, contents).expect("write");
        path
    }

    /// `clearance ARGS...` run in this directory with a clean environment.
    pub fn clearance(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("clearance").expect("binary");
        cmd.current_dir(self.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .args(args);
        cmd
    }
}

/// Output of a finished command.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Standard output parsed as a JSON report.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("bad json ({e}): {}\n{}", self.stdout, self.stderr))
    }

    /// (path, line) of every finding in a JSON report.
    pub fn path_lines(&self) -> Vec<(String, u64)> {
        self.json()["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| {
                (
                    f["path"].as_str().unwrap_or_default().to_string(),
                    f["line"].as_u64().unwrap_or(0),
                )
            })
            .collect()
    }
}

pub fn run(mut cmd: Command) -> Run {
    let out = cmd.output().expect("runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Replaces timings and the temp path so snapshots are stable.
pub fn stable(text: &str, dir: &Path) -> String {
    let text = text.replace(&dir.display().to_string(), "[TMP]");
    let re = regex::Regex::new(r"\d+(\.\d+)? (ms|s)\b").expect("regex");
    re.replace_all(&text, "[TIME]").into_owned()
}
