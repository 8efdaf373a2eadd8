//! Embeds every rule file under `patterns/` in the binary: writes `builtin_rules.rs` into
//! OUT_DIR as a sorted list of `(relative path, include_str!(absolute path))`, and
//! `builtin_rules.json`: the same rules without their examples, pre-parsed so that a scan
//! starts without parsing TOML (JSON parses several times faster). A rule file that is not
//! valid TOML fails the build, naming the file and line.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> io::Result<()> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(io::Error::other)?);
    let patterns = root.join("patterns");
    println!("cargo:rerun-if-changed={}", patterns.display());
    let mut files = Vec::new();
    collect(&patterns, &mut files)?;
    files.sort();
    let mut code = String::from("/// Built-in rule files: (path under patterns/, contents).\n");
    code.push_str("pub(crate) static BUILTIN_RULE_FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        let rel = file.strip_prefix(&patterns).map_err(io::Error::other)?;
        let rel = rel.to_string_lossy().replace('\\', "/");
        code.push_str(&format!(
            "    ({rel:?}, include_str!({:?})),\n",
            file.display().to_string()
        ));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(io::Error::other)?);
    fs::write(out.join("builtin_rules.rs"), code)?;

    let mut compact = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&patterns).map_err(io::Error::other)?;
        let source = format!("patterns/{}", rel.to_string_lossy().replace('\\', "/"));
        let text = fs::read_to_string(file)?;
        let mut value: toml::Table =
            toml::from_str(&text).map_err(|e| io::Error::other(format!("{source}: {e}")))?;
        if let Some(toml::Value::Array(rules)) = value.get_mut("rule") {
            for rule in rules.iter_mut() {
                if let toml::Value::Table(table) = rule {
                    table.remove("examples");
                    table.remove("negative_examples");
                }
            }
        }
        compact.push(serde_json::json!({ "source": source, "rule": value.get("rule") }));
    }
    let json = serde_json::to_string(&compact).map_err(io::Error::other)?;
    fs::write(out.join("builtin_rules.json"), json)
}
