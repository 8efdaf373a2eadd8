//! `clearance hash-codeword WORD`: the SHA-256 an organisation lists in
//! `[markings] codewords_sha256` for a codeword. The word never reaches the output, an error
//! message or the terminal's echo.

use std::io::{BufRead as _, IsTerminal as _};

use anyhow::Context as _;

use super::ExitStatus;
use crate::engine::markings::codeword::hash_hex;

/// Prints the hash of `word`, or of each word read from standard input when `word` is `-`.
pub fn run(word: &str) -> anyhow::Result<ExitStatus> {
    let hashes = if word == "-" {
        read_words()?
    } else {
        vec![hash_hex(word)?]
    };
    for hash in &hashes {
        println!("{hash}");
    }
    eprintln!(
        "clearance: add {} to [markings] codewords_sha256 in .clearance.toml",
        if hashes.len() == 1 { "it" } else { "them" }
    );
    Ok(ExitStatus::Clean)
}

/// Hashes of the words on standard input: one typed without echo on a terminal, or one per
/// non-empty line from a pipe or file.
fn read_words() -> anyhow::Result<Vec<String>> {
    if std::io::stdin().is_terminal() {
        let term = if std::io::stderr().is_terminal() {
            Some(console::Term::stderr())
        } else if std::io::stdout().is_terminal() {
            Some(console::Term::stdout())
        } else {
            None
        };
        if let Some(term) = term {
            term.write_str("codeword (not shown as you type): ")
                .context("cannot prompt on the terminal")?;
            let word = term
                .read_secure_line()
                .context("cannot read the codeword from the terminal")?;
            return Ok(vec![hash_hex(&word)?]);
        }
    }
    let mut hashes = Vec::new();
    for (i, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line.context("cannot read standard input")?;
        if line.trim().is_empty() {
            continue;
        }
        hashes.push(hash_hex(&line).with_context(|| format!("standard input, line {}", i + 1))?);
    }
    if hashes.is_empty() {
        anyhow::bail!("no codeword on standard input");
    }
    Ok(hashes)
}
