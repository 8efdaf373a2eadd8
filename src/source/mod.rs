//! Sources produce blobs to scan: files and directories ([`fs`]), standard input, and (later)
//! the git index, commit ranges and history. A source knows nothing of rules; it reads bytes,
//! decodes text ([`blob`]) or extracts it from office documents ([`document`]), and counts
//! what it scanned and what it had to skip ([`ScanStats`]).

pub mod blob;
pub mod document;
pub mod fs;
pub mod git;
pub mod history;
pub mod pack;
pub mod range;
pub mod staged;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

pub use blob::{Blob, Decoded};
pub use document::Document;

/// The commit that introduced a blob, for git sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// Full hex object id.
    pub id: String,
    pub author: String,
    /// ISO 8601 date of the commit.
    pub date: String,
    /// History scans: how many other paths, and other blobs, carry the same content or value.
    pub other_occurrences: u32,
    /// Position of the commit in the walk, oldest first (0 outside history scans).
    pub seq: u32,
}

/// Where a blob came from: the display path and, for git sources, its commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Path as shown to the user (relative where possible, `/` separators, `<stdin>`).
    pub path: String,
    pub commit: Option<Arc<CommitInfo>>,
}

impl Origin {
    /// An origin with a path and no commit.
    pub fn path(path: impl Into<String>) -> Origin {
        Origin {
            path: path.into(),
            commit: None,
        }
    }
}

/// Why an input was not scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SkipReason {
    /// NUL byte in the first 8 KiB.
    Binary,
    /// Larger than `--max-file-size`.
    TooLarge,
}

/// A path that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unreadable {
    pub path: String,
    pub reason: String,
}

/// Counters a source fills while it runs (shared across worker threads).
#[derive(Debug, Default)]
pub struct ScanStats {
    pub files: AtomicU64,
    pub bytes: AtomicU64,
    pub binary: AtomicU64,
    pub too_large: AtomicU64,
    pub symlinks: AtomicU64,
    pub submodules: AtomicU64,
    pub lfs: AtomicU64,
    pub added_lines: AtomicU64,
    /// Office documents whose text was extracted and scanned (also counted in `files`).
    pub documents: AtomicU64,
    /// Documents, and objects embedded in documents, that could not be read (each is also
    /// reported as a finding).
    pub documents_not_read: AtomicU64,
    unreadable: Mutex<Vec<Unreadable>>,
}

impl ScanStats {
    /// Counts one scanned blob of `len` bytes.
    pub fn scanned(&self, len: usize) {
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes.fetch_add(len as u64, Ordering::Relaxed);
    }

    /// Counts one skipped input.
    pub fn skipped(&self, reason: SkipReason) {
        let counter = match reason {
            SkipReason::Binary => &self.binary,
            SkipReason::TooLarge => &self.too_large,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a symbolic link that was not followed.
    pub fn symlink(&self) {
        self.symlinks.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a submodule entry (its content lives in another repository).
    pub fn submodule(&self) {
        self.submodules.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a Git LFS pointer (its content is stored outside git).
    pub fn lfs(&self) {
        self.lfs.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a recognised office document: one read (`text_len` bytes extracted and
    /// scanned, and each object embedded in it that was not read), or one that could not be
    /// read.
    pub fn document(&self, document: &Document, text_len: usize) {
        match document {
            Document::Read {
                objects_not_read, ..
            } => {
                self.documents.fetch_add(1, Ordering::Relaxed);
                self.documents_not_read
                    .fetch_add(objects_not_read.len() as u64, Ordering::Relaxed);
                self.scanned(text_len);
            }
            Document::NotRead { .. } => {
                self.documents_not_read.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Counts lines added by a change (git sources).
    pub fn added_lines(&self, n: u64) {
        self.added_lines.fetch_add(n, Ordering::Relaxed);
    }

    /// Records an input that could not be read.
    pub fn unreadable(&self, path: impl Into<String>, reason: impl Into<String>) {
        let entry = Unreadable {
            path: path.into(),
            reason: reason.into(),
        };
        match self.unreadable.lock() {
            Ok(mut list) => list.push(entry),
            Err(poisoned) => poisoned.into_inner().push(entry),
        }
    }

    /// A plain snapshot, with unreadable paths sorted.
    pub fn snapshot(&self) -> StatsSnapshot {
        let mut unreadable = match self.unreadable.lock() {
            Ok(list) => list.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        unreadable.sort();
        StatsSnapshot {
            files: self.files.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            binary: self.binary.load(Ordering::Relaxed),
            too_large: self.too_large.load(Ordering::Relaxed),
            symlinks: self.symlinks.load(Ordering::Relaxed),
            submodules: self.submodules.load(Ordering::Relaxed),
            lfs: self.lfs.load(Ordering::Relaxed),
            added_lines: self.added_lines.load(Ordering::Relaxed),
            documents: self.documents.load(Ordering::Relaxed),
            documents_not_read: self.documents_not_read.load(Ordering::Relaxed),
            unreadable,
        }
    }
}

/// What a finished source scanned and skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsSnapshot {
    pub files: u64,
    pub bytes: u64,
    pub binary: u64,
    pub too_large: u64,
    pub symlinks: u64,
    pub submodules: u64,
    pub lfs: u64,
    pub added_lines: u64,
    pub documents: u64,
    pub documents_not_read: u64,
    pub unreadable: Vec<Unreadable>,
}
