//! Files and directories: `ignore`'s parallel walker (honours `.gitignore`, `.ignore` and
//! `.clearanceignore`, scans hidden files such as `.env`, never enters `.git`), plus
//! standard input for `clearance scan -`.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use ignore::{WalkBuilder, WalkState};

use std::sync::Arc;

use super::blob::{decode, Blob, Decoded};
use super::{document, Origin, ScanStats, SkipReason};

/// How to walk.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Files larger than this are skipped and counted.
    pub max_file_size: u64,
    /// Follow symbolic links (loops are then reported per file).
    pub follow_links: bool,
    /// Ignore `.gitignore` and friends: scan everything.
    pub no_ignore: bool,
    /// Worker threads (0 = one per core).
    pub threads: usize,
}

/// The display form of a path: `/` separators, no leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    match text.strip_prefix("./") {
        Some(rest) if !rest.is_empty() => rest.to_string(),
        _ => text,
    }
}

/// Walks `roots` in parallel and calls `visit` with every text blob. Skips and unreadable
/// paths are counted in `stats`; nothing is dropped silently.
pub fn walk(
    roots: &[PathBuf],
    options: &WalkOptions,
    stats: &ScanStats,
    visit: &(dyn Fn(Blob) + Sync),
) {
    let Some((first, rest)) = roots.split_first() else {
        return;
    };
    let mut builder = WalkBuilder::new(first);
    for root in rest {
        builder.add(root);
    }
    builder
        .hidden(false)
        .parents(true)
        .ignore(!options.no_ignore)
        .git_ignore(!options.no_ignore)
        .git_exclude(!options.no_ignore)
        .git_global(false)
        .require_git(false)
        .follow_links(options.follow_links)
        .threads(options.threads)
        .filter_entry(|entry| entry.file_name() != ".git");
    if !options.no_ignore {
        builder.add_custom_ignore_filename(".clearanceignore");
    }
    builder.build_parallel().run(|| {
        Box::new(|result| {
            match result {
                Ok(entry) => {
                    let is_root = entry.depth() == 0;
                    match entry.file_type() {
                        Some(t) if t.is_dir() => {}
                        Some(t) if t.is_symlink() && !is_root => stats.symlink(),
                        _ => read_file(entry.path(), options.max_file_size, stats, visit),
                    }
                }
                Err(err) => {
                    let (path, reason) = describe_walk_error(&err);
                    stats.unreadable(path, reason);
                }
            }
            WalkState::Continue
        })
    });
}

/// Reads one file (at most `max_file_size` bytes) and hands it to `visit` if it is text.
pub fn read_file(
    path: &Path,
    max_file_size: u64,
    stats: &ScanStats,
    visit: &(dyn Fn(Blob) + Sync),
) {
    read_file_as(path, &display_path(path), max_file_size, stats, visit);
}

/// Like [`read_file`], showing the file as `shown` (e.g. relative to a repository root).
pub fn read_file_as(
    path: &Path,
    shown: &str,
    max_file_size: u64,
    stats: &ScanStats,
    visit: &(dyn Fn(Blob) + Sync),
) {
    let shown = shown.to_string();
    let result = File::open(path).and_then(|file| {
        let meta = file.metadata()?;
        if meta.is_dir() {
            return Err(io::Error::other("is a directory"));
        }
        read_limited(file, max_file_size)
    });
    match result {
        Ok(Some(bytes)) => hand_over(Origin::path(shown), bytes, stats, visit),
        Ok(None) => match document::over_size_limit(&shown, max_file_size) {
            Some(doc) => visit_document(Origin::path(shown), Vec::new(), doc, stats, visit),
            None => stats.skipped(SkipReason::TooLarge),
        },
        Err(err) => stats.unreadable(shown, io_reason(&err)),
    }
}

/// Reads standard input as one blob named `<stdin>`.
pub fn read_stdin(max_file_size: u64, stats: &ScanStats, visit: &(dyn Fn(Blob) + Sync)) {
    match read_limited(io::stdin().lock(), max_file_size) {
        Ok(Some(bytes)) => hand_over(Origin::path("<stdin>"), bytes, stats, visit),
        Ok(None) => stats.skipped(SkipReason::TooLarge),
        Err(err) => stats.unreadable("<stdin>", io_reason(&err)),
    }
}

/// Extracts an office document's text, or decodes text; counts the blob and visits it (a
/// document that could not be read too, with no bytes), or counts it as binary.
pub fn hand_over(origin: Origin, bytes: Vec<u8>, stats: &ScanStats, visit: &(dyn Fn(Blob) + Sync)) {
    if let Some((text, doc)) = document::recognise(&origin.path, &bytes) {
        return visit_document(origin, text, doc, stats, visit);
    }
    match decode(bytes) {
        Decoded::Text(text) => {
            stats.scanned(text.len());
            visit(Blob::whole(origin, text));
        }
        Decoded::Binary => stats.skipped(SkipReason::Binary),
    }
}

/// Counts and visits a document: its extracted text, or no bytes when it was not read.
fn visit_document(
    origin: Origin,
    text: Vec<u8>,
    doc: document::Document,
    stats: &ScanStats,
    visit: &(dyn Fn(Blob) + Sync),
) {
    stats.document(&doc, text.len());
    visit(Blob {
        origin,
        bytes: text,
        lines_of_interest: None,
        document: Some(Arc::new(doc)),
    });
}

/// Reads everything, or returns `None` once more than `limit` bytes arrive.
fn read_limited(reader: impl Read, limit: u64) -> io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

fn io_reason(err: &io::Error) -> String {
    match err.raw_os_error() {
        Some(40) => "symbolic link loop".to_string(),
        _ => match err.kind() {
            io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            io::ErrorKind::NotFound => "no such file or directory".to_string(),
            _ => err.to_string(),
        },
    }
}

/// A walk error's path and a short reason.
fn describe_walk_error(err: &ignore::Error) -> (String, String) {
    match err {
        ignore::Error::WithPath { path, err } => (display_path(path), describe_walk_error(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            describe_walk_error(err)
        }
        ignore::Error::Loop { child, .. } => {
            (display_path(child), "symbolic link loop".to_string())
        }
        ignore::Error::Io(io) => (String::from("?"), io_reason(io)),
        other => (String::from("?"), other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn walk_dir(dir: &Path, follow: bool) -> (Vec<String>, super::super::StatsSnapshot) {
        let stats = ScanStats::default();
        let seen = Mutex::new(Vec::new());
        let options = WalkOptions {
            max_file_size: 64,
            follow_links: follow,
            no_ignore: false,
            threads: 2,
        };
        walk(&[dir.to_path_buf()], &options, &stats, &|blob: Blob| {
            seen.lock().expect("lock").push(blob.origin.path);
        });
        let mut seen = seen.into_inner().expect("lock");
        let prefix = format!("{}/", display_path(dir));
        for p in &mut seen {
            *p = p.trim_start_matches(&prefix).to_string();
        }
        seen.sort();
        (seen, stats.snapshot())
    }

    #[test]
    fn walks_hidden_files_honours_gitignore_skips_git_binary_and_large() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::write(root.join(".env"), "A=1\n")?;
        std::fs::write(root.join(".gitignore"), "ignored.txt\n")?;
        std::fs::write(root.join("ignored.txt"), "x")?;
        std::fs::create_dir(root.join(".git"))?;
        std::fs::write(root.join(".git/config"), "x")?;
        std::fs::write(root.join("bin.dat"), b"ab\0cd")?;
        std::fs::write(root.join("big.txt"), "x".repeat(65))?;
        std::fs::write(root.join("ok.txt"), "x".repeat(64))?;
        let (seen, stats) = walk_dir(root, false);
        assert_eq!(seen, vec![".env", ".gitignore", "ok.txt"]);
        assert_eq!((stats.binary, stats.too_large, stats.files), (1, 1, 3));
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_fatal() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::write(root.join("a.txt"), "hello")?;
        std::os::unix::fs::symlink(root, root.join("loop"))?;
        let (seen, stats) = walk_dir(root, true);
        assert_eq!(seen, vec!["a.txt"]);
        assert_eq!(stats.unreadable.len(), 1, "{:?}", stats.unreadable);
        assert!(stats.unreadable[0].reason.contains("loop"));
        let (_, stats) = walk_dir(root, false);
        assert_eq!(stats.symlinks, 1);
        assert!(stats.unreadable.is_empty());
        Ok(())
    }
}
