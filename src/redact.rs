//! The only code that renders sensitive values. By default a secret shows at most a short
//! prefix (enough to tell an `AKIA` key from a `ghp_` token) and the rest is masked; personal
//! data always shows only its first and last two characters (`JG•••••9A`), even with
//! `--show-secrets`; a classification marking is not sensitive and shows as written.

use serde::Deserialize;

/// How a rule's values are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mask {
    /// A short prefix, then asterisks; `--show-secrets` shows it whole.
    Secret,
    /// First two and last two characters, whatever the options.
    Personal,
    /// Shown as written (classification markings).
    None,
}

/// A byte range of a line to mask, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Masked {
    pub range: (usize, usize),
    pub mask: Mask,
}

/// `value` as `mask` shows it.
pub fn mask_value(value: &str, mask: Mask, show_secrets: bool) -> String {
    match mask {
        Mask::Secret if show_secrets => value.to_string(),
        Mask::Secret => redact(value),
        Mask::Personal => mask_personal(value),
        Mask::None => value.to_string(),
    }
}

/// The first two and last two characters with dots between (at least three dots); values
/// of six characters or fewer show no characters at all.
pub fn mask_personal(value: &str) -> String {
    let chars: Vec<char> = value.chars().filter(|c| *c != '\n').collect();
    if chars.len() <= 6 {
        return "•".repeat(chars.len().max(3));
    }
    let head: String = chars[..2].iter().collect();
    let tail: String = chars[chars.len() - 2..].iter().collect();
    format!("{head}{}{tail}", "•".repeat((chars.len() - 4).clamp(3, 12)))
}

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

/// `line` with every range in `ranges` replaced by its masked form (secrets are left as is
/// when `show_secrets`). Ranges must lie on char boundaries; overlapping ranges are merged.
pub fn render_line(line: &str, ranges: &[Masked], show_secrets: bool) -> String {
    let mut sorted: Vec<((usize, usize), Mask)> = ranges
        .iter()
        .filter(|m| m.mask == Mask::Personal || (m.mask == Mask::Secret && !show_secrets))
        .map(|m| {
            (
                (m.range.0.min(line.len()), m.range.1.min(line.len())),
                m.mask,
            )
        })
        .filter(|((s, e), _)| s < e && line.is_char_boundary(*s) && line.is_char_boundary(*e))
        .collect();
    if sorted.is_empty() {
        return line.to_string();
    }
    sorted.sort_unstable_by_key(|(range, _)| *range);
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    for ((start, end), mask) in sorted {
        if end <= at {
            continue;
        }
        let start = start.max(at);
        out.push_str(&line[at..start]);
        out.push_str(&mask_value(&line[start..end], mask, show_secrets));
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
        let secret = |range| Masked {
            range,
            mask: Mask::Secret,
        };
        let out = render_line(&line, &[secret((2, 22)), secret((25, 41))], false);
        assert_eq!(out, "a=AKIA******** b=q8Vn********");
        assert_eq!(render_line(&line, &[secret((2, 22))], true), line);
    }

    #[test]
    fn personal_data_is_masked_even_when_secrets_are_shown() {
        assert_eq!(mask_personal("JG103759A"), "JG•••••9A");
        assert_eq!(mask_personal("4010234563"), "40••••••63");
        assert_eq!(mask_personal("AB1"), "•••");
        let line = "nino = JG103759A, key = abc";
        let masked = [
            Masked {
                range: (7, 16),
                mask: Mask::Personal,
            },
            Masked {
                range: (24, 27),
                mask: Mask::None,
            },
        ];
        assert_eq!(
            render_line(line, &masked, true),
            "nino = JG•••••9A, key = abc"
        );
    }
}
