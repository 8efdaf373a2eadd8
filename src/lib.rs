//! clearance finds credentials, personal data and classification markings before they reach
//! a git repository.
//!
//! Data flows one way:
//!
//! ```text
//! source (files, stdin, git)  ->  engine (prefilter, regex, checks)  ->  filter (allowlists,
//!   produces Blobs                  turns a Blob into Findings           inline allows,
//!                                                                        baseline)
//!                                                                   ->  report (human, json)
//! ```
//!
//! [`rules`] are data (`patterns/*.toml`, embedded at build time); [`config`] is the user's
//! `.clearance.toml` (rule selection, custom rules, allowlists); [`commands`] wires the
//! stages together for each subcommand; [`migrate`] converts other scanners' configs.

pub mod cli;
pub mod commands;
pub mod config;
pub mod date;
pub mod engine;
pub mod filter;
pub mod finding;
pub mod migrate;
pub mod redact;
pub mod report;
pub mod rules;
pub mod source;
