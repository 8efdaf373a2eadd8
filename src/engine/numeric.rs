//! The numeric pass: personal-data rules with no keyword (NHS, card, phone numbers...) would
//! each need a pass over every byte. Instead (spec section 1.2):
//! 1. a digit-density scan finds the few stretches of a blob with 6 or more digits within 32
//!    bytes, counting digits 32 bytes at a time (vectorised, near memory speed);
//! 2. on large blobs, one multi-pattern regex of every numeric rule runs over those stretches
//!    and keeps only the lines where some rule matches;
//! 3. each numeric rule then runs only over those lines.

use std::sync::OnceLock;

use regex_automata::meta::Regex as MultiRegex;
use regex_automata::util::syntax;

use super::matcher::Window;
use super::LINE_CLIP;

/// Digits that make a stretch worth a look (the shortest numeric identifiers have 6).
const MIN_DIGITS: usize = 6;
/// Digits are counted in chunks of this many bytes.
const CHUNK: usize = 32;
/// Below this size the multi-pattern regex is not worth building: rules run on the
/// stretches directly.
const MULTI_FROM: usize = 64 * 1024;

/// The numeric rules and their combined pattern (built on first use on a large blob).
pub struct NumericPass {
    /// Engine indices of the numeric keyword-less rules.
    pub rules: Vec<u32>,
    patterns: Vec<String>,
    combined: OnceLock<Option<MultiRegex>>,
}

impl NumericPass {
    /// A pass over `rules` (engine index, pattern).
    pub fn new(rules: Vec<(u32, String)>) -> NumericPass {
        let (rules, patterns) = rules.into_iter().unzip();
        NumericPass {
            rules,
            patterns,
            combined: OnceLock::new(),
        }
    }

    /// The windows of `hay` where a numeric rule can match.
    pub fn windows(&self, hay: &[u8]) -> Vec<Window> {
        if self.rules.is_empty() {
            return Vec::new();
        }
        let dense = dense_windows(hay);
        if dense.is_empty() || hay.len() < MULTI_FROM {
            return dense;
        }
        let Some(combined) = self.combined.get_or_init(|| self.build()) else {
            return dense;
        };
        let mut lines: Vec<Window> = Vec::new();
        for window in dense {
            let input = regex_automata::Input::new(hay).range(window.start..window.end);
            for m in combined.find_iter(input) {
                push_merged(&mut lines, line_window(hay, m.start(), m.end()));
            }
        }
        lines
    }

    /// The multi-pattern regex; `None` if it cannot be built (each rule then runs on the
    /// dense stretches, which is slower but finds the same).
    fn build(&self) -> Option<MultiRegex> {
        MultiRegex::builder()
            .syntax(
                syntax::Config::new()
                    .unicode(false)
                    .utf8(false)
                    .multi_line(true)
                    .crlf(true),
            )
            .configure(
                MultiRegex::config()
                    .nfa_size_limit(Some(64 << 20))
                    .hybrid_cache_capacity(8 << 20)
                    .utf8_empty(false),
            )
            .build_many(&self.patterns)
            .ok()
    }
}

/// Lines (clipped to [`LINE_CLIP`] around the digits) holding [`MIN_DIGITS`] digits within
/// any [`CHUNK`] bytes, merged and sorted.
pub fn dense_windows(hay: &[u8]) -> Vec<Window> {
    let mut windows: Vec<Window> = Vec::new();
    let mut previous = 0usize;
    for (index, chunk) in hay.chunks(CHUNK).enumerate() {
        let digits = chunk
            .iter()
            .map(|&b| usize::from(b.wrapping_sub(b'0') < 10))
            .sum::<usize>();
        // Any CHUNK-byte span lies within two neighbouring chunks.
        if digits + previous >= MIN_DIGITS && digits > 0 {
            let start = index.saturating_sub(usize::from(previous > 0)) * CHUNK;
            let end = (index * CHUNK + chunk.len()).min(hay.len());
            push_dense_lines(hay, start, end, &mut windows);
        }
        previous = digits;
    }
    windows
}

/// Pushes the lines meeting `hay[start..end]` that hold [`MIN_DIGITS`] digits (clipped).
fn push_dense_lines(hay: &[u8], start: usize, end: usize, windows: &mut Vec<Window>) {
    let mut at = start;
    while at < end {
        if let Some(last) = windows.last().filter(|w| at < w.end) {
            at = last.end + 1;
            continue;
        }
        let line = line_window(hay, at, at);
        let digits = hay[line.start..line.end]
            .iter()
            .filter(|b| b.is_ascii_digit())
            .count();
        if digits >= MIN_DIGITS {
            push_merged(windows, line);
        }
        at = line.end + 1;
    }
}

/// The line(s) around `hay[start..end]`, clipped to [`LINE_CLIP`] either side.
fn line_window(hay: &[u8], start: usize, end: usize) -> Window {
    let from = start.saturating_sub(LINE_CLIP);
    let line_start = memchr::memrchr(b'\n', &hay[from..start]).map_or(from, |i| from + i + 1);
    let to = (end + LINE_CLIP).min(hay.len());
    let line_end = memchr::memchr(b'\n', &hay[end..to]).map_or(to, |i| end + i);
    Window {
        start: line_start,
        end: line_end,
    }
}

/// Appends `w`, merging it into the last window when they touch (windows come in order).
fn push_merged(windows: &mut Vec<Window>, w: Window) {
    match windows.last_mut() {
        Some(last) if w.start <= last.end + 1 => last.end = last.end.max(w.end),
        _ => windows.push(w),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(hay: &str) -> Vec<&str> {
        dense_windows(hay.as_bytes())
            .into_iter()
            .map(|w| &hay[w.start..w.end])
            .collect()
    }

    #[test]
    fn only_lines_with_enough_digits_are_kept() {
        let hay = "fn main() {}\nlet nhs = \"401 023 4563\";\nversion 1.2\nport 8080\n";
        assert_eq!(texts(hay), ["let nhs = \"401 023 4563\";"]);
        // Digits split across a chunk boundary still count.
        let hay = format!("{}12345\n6789012\n", "a".repeat(29));
        assert_eq!(texts(&hay).len(), 1);
        assert!(texts("no digits here\n").is_empty());
    }

    #[test]
    fn the_combined_pass_keeps_only_matching_lines() {
        let pass = NumericPass::new(vec![
            (
                0,
                r"(?-u:\b)([0-9]{3} [0-9]{3} [0-9]{4})(?-u:\b)".to_string(),
            ),
            (1, r"(?P<value>SN[0-9]{6})".to_string()),
        ]);
        let mut hay = "x = 123456789012345678\n".repeat(5000);
        hay.push_str("nhs 401 023 4563\nstaff SN123456\n");
        let found: Vec<&str> = pass
            .windows(hay.as_bytes())
            .into_iter()
            .map(|w| &hay[w.start..w.end])
            .collect();
        assert_eq!(found, ["nhs 401 023 4563\nstaff SN123456"]);
    }
}
