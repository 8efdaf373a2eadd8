//! Embeds every rule file under `patterns/` in the binary: writes `builtin_rules.rs` into
//! OUT_DIR as a sorted list of `(relative path, include_str!(absolute path))`.

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
    fs::write(out.join("builtin_rules.rs"), code)
}
