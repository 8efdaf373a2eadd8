//! Inline allows, written in a comment of any syntax:
//!
//! - `clearance:allow` anywhere on a line suppresses every finding that starts on it;
//! - `clearance:allow RULE-ID reason="..."` only findings of that rule (several ids may be
//!   joined with commas); the reason is kept and shown by `--show-suppressed`;
//! - `clearance:allow-next-line [RULE-ID] [reason="..."]` applies to the next line instead,
//!   for formats where a trailing comment is impossible (JSON-like data, heredocs, PEM).
//!
//! The word after the marker counts as a rule id only when a rule has that id; anything else
//! is free text, and the marker allows every rule (as a bare marker does).
//! Markers are looked for only in blobs that have findings, once per blob.

use std::collections::HashSet;

/// The marker users put on a line.
pub const ALLOW_MARKER: &[u8] = b"clearance:allow";
const NEXT_LINE: &[u8] = b"-next-line";

/// One parsed marker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InlineAllow {
    /// The line whose findings it allows (1-based).
    pub line: u32,
    /// The line the marker is written on.
    pub marker_line: u32,
    /// Rule ids it is limited to; empty: every rule.
    pub rules: Vec<String>,
    pub reason: Option<String>,
}

impl InlineAllow {
    /// Describes the allow for `--show-suppressed`.
    pub fn describe(&self) -> String {
        let mut text = if self.line == self.marker_line {
            "clearance:allow".to_string()
        } else {
            format!("clearance:allow-next-line on line {}", self.marker_line)
        };
        if !self.rules.is_empty() {
            text.push(' ');
            text.push_str(&self.rules.join(","));
        }
        if let Some(reason) = &self.reason {
            text.push_str(&format!(" reason={reason:?}"));
        }
        text
    }
}

/// The markers of one blob, parsed on first use.
pub struct AllowMarkers<'a> {
    bytes: &'a [u8],
    known_rules: &'a HashSet<String>,
    /// Sorted by the line they allow; `None` until first asked.
    allows: Option<Vec<InlineAllow>>,
}

impl<'a> AllowMarkers<'a> {
    /// Prepares to answer questions about `bytes`; `known_rules` are the ids a marker may name.
    pub fn new(bytes: &'a [u8], known_rules: &'a HashSet<String>) -> AllowMarkers<'a> {
        AllowMarkers {
            bytes,
            known_rules,
            allows: None,
        }
    }

    /// The marker that allows a finding of `rule` starting on 1-based `line`, if any.
    pub fn allow_for(&mut self, line: u32, rule: &str) -> Option<&InlineAllow> {
        let (bytes, known) = (self.bytes, self.known_rules);
        let allows = self.allows.get_or_insert_with(|| parse_all(bytes, known));
        let first = allows.partition_point(|a| a.line < line);
        allows[first..]
            .iter()
            .take_while(|a| a.line == line)
            .find(|a| a.rules.is_empty() || a.rules.iter().any(|r| r == rule))
    }
}

/// Every marker in `bytes`, sorted by the line it allows.
fn parse_all(bytes: &[u8], known: &HashSet<String>) -> Vec<InlineAllow> {
    let mut out = Vec::new();
    let mut line = 1u32;
    let mut counted_to = 0usize;
    for at in memchr::memmem::find_iter(bytes, ALLOW_MARKER) {
        line += memchr::memchr_iter(b'\n', &bytes[counted_to..at]).count() as u32;
        counted_to = at;
        let rest_start = at + ALLOW_MARKER.len();
        let rest_end =
            memchr::memchr(b'\n', &bytes[rest_start..]).map_or(bytes.len(), |i| rest_start + i);
        out.push(parse_marker(&bytes[rest_start..rest_end], line, known));
    }
    out.sort_by_key(|a| a.line);
    out
}

/// Parses what follows `clearance:allow` on its line.
fn parse_marker(rest: &[u8], marker_line: u32, known: &HashSet<String>) -> InlineAllow {
    let (next_line, rest) = match rest.strip_prefix(NEXT_LINE) {
        Some(after) => (true, after),
        None => (false, rest),
    };
    let text = String::from_utf8_lossy(rest);
    let text = text.trim_start();
    let first = text.split_whitespace().next().unwrap_or_default();
    let rules: Vec<String> = if !first.is_empty()
        && !first.starts_with("reason=")
        && first.split(',').all(|id| known.contains(id))
    {
        first.split(',').map(str::to_string).collect()
    } else {
        Vec::new()
    };
    InlineAllow {
        line: if next_line {
            marker_line + 1
        } else {
            marker_line
        },
        marker_line,
        rules,
        reason: reason_in(text),
    }
}

/// `reason="..."`, `reason='...'` or `reason=word`.
fn reason_in(text: &str) -> Option<String> {
    let at = text.find("reason=")?;
    let value = &text[at + "reason=".len()..];
    let reason = match value.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let body = &value[1..];
            body.find(q).map_or(body, |end| &body[..end])
        }
        _ => value.split_whitespace().next().unwrap_or_default(),
    };
    let reason = reason.trim();
    (!reason.is_empty()).then(|| reason.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> HashSet<String> {
        ["aws-access-key-id", "github-pat-classic"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn bare_markers_allow_every_rule_on_their_line() {
        let known = known();
        let text = b"a\nkey = 1 # clearance:allow\nb // clearance:allow because tests\n";
        let mut markers = AllowMarkers::new(text, &known);
        assert!(markers.allow_for(1, "aws-access-key-id").is_none());
        assert!(markers.allow_for(2, "aws-access-key-id").is_some());
        assert!(markers.allow_for(3, "github-pat-classic").is_some());
    }

    #[test]
    fn rule_ids_and_reasons() {
        let known = known();
        let text = b"x # clearance:allow aws-access-key-id reason=\"test account\"\n\
                     y <!-- clearance:allow aws-access-key-id,github-pat-classic reason='x y' -->\n\
                     z # clearance:allow reason=fixture\n";
        let mut markers = AllowMarkers::new(text, &known);
        let allow = markers.allow_for(1, "aws-access-key-id").cloned();
        assert_eq!(
            allow,
            Some(InlineAllow {
                line: 1,
                marker_line: 1,
                rules: vec!["aws-access-key-id".to_string()],
                reason: Some("test account".to_string()),
            })
        );
        assert!(markers.allow_for(1, "github-pat-classic").is_none());
        assert_eq!(
            markers
                .allow_for(2, "github-pat-classic")
                .and_then(|a| a.reason.clone())
                .as_deref(),
            Some("x y")
        );
        let bare = markers.allow_for(3, "github-pat-classic").cloned();
        assert_eq!(
            bare.map(|a| (a.rules.is_empty(), a.reason)),
            Some((true, Some("fixture".to_string())))
        );
    }

    #[test]
    fn next_line_markers_allow_the_following_line() {
        let known = known();
        let text = b"// clearance:allow-next-line github-pat-classic reason=\"docs\"\n\
                     \"token\": \"...\"\n\
                     # clearance:allow-next-line\n\
                     other\n";
        let mut markers = AllowMarkers::new(text, &known);
        assert!(markers.allow_for(1, "github-pat-classic").is_none());
        let allow = markers.allow_for(2, "github-pat-classic").cloned();
        assert_eq!(allow.as_ref().map(|a| a.marker_line), Some(1));
        assert!(markers.allow_for(2, "aws-access-key-id").is_none());
        assert!(markers.allow_for(4, "aws-access-key-id").is_some());
        assert!(markers.allow_for(3, "aws-access-key-id").is_none());
        assert_eq!(
            allow.map(|a| a.describe()).as_deref(),
            Some("clearance:allow-next-line on line 1 github-pat-classic reason=\"docs\"")
        );
    }
}
