//! Migration from other scanners' configuration. Each importer reads the other tool's file,
//! converts what has a faithful equivalent in `.clearance.toml`, and names every part it
//! could not convert (or converted only approximately), so nothing is dropped silently.

pub mod gitleaks;

/// A part of the source config that was not converted as it was, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Where in the source config, e.g. `rules[2] (acme-token).regex`.
    pub part: String,
    pub message: String,
    /// `true`: dropped; `false`: converted, but not exactly.
    pub dropped: bool,
}
