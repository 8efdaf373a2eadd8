//! Small text helpers the machine formats share: UTC timestamps without a date crate, URI
//! percent-encoding for relative paths, XML and Markdown escaping, and stable UUID-shaped ids.

use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

/// `2024-01-02T03:04:05` (UTC, whole seconds), the form GitLab's report schema asks for.
pub fn utc_timestamp(time: SystemTime) -> String {
    let secs = time
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let (y, m, d) = crate::date::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Percent-encodes a `/`-separated relative path as a URI reference: unreserved characters,
/// sub-delimiters, `:`, `@` and `/` stay; everything else (spaces, `%`, `#`, `?`, non-ASCII
/// bytes) is encoded. A first segment with a `:` is prefixed with `./` so that it cannot read
/// as a scheme.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    let first = out.split('/').next().unwrap_or_default();
    if first.contains(':') {
        out.insert_str(0, "./");
    }
    out
}

/// A `file://` URI for an absolute path.
pub fn file_uri(path: &str) -> String {
    let encoded = uri_path(path.trim_start_matches("./"));
    if encoded.starts_with('/') {
        format!("file://{encoded}")
    } else {
        format!("file:///{encoded}")
    }
}

/// Escapes text for XML content and attribute values; characters XML 1.0 cannot hold
/// (control characters other than tab, newline and carriage return) become U+FFFD.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text for a Markdown table cell: pipes escaped, newlines flattened, HTML-ish characters
/// escaped so a value cannot open a tag.
pub fn md_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// Inline code in Markdown that survives backticks in `text`; safe inside a table cell.
pub fn md_code(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let mut longest = 0;
    let mut run = 0;
    for c in flat.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if flat.starts_with('`') || flat.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{}{pad}{fence}", flat.replace('|', "\\|"))
}

/// A stable UUID-shaped id (version 8, "custom") from the SHA-256 of `parts`.
pub fn stable_uuid(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0u8]);
    }
    let mut b: [u8; 16] = [0; 16];
    b.copy_from_slice(&hasher.finalize()[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = crate::finding::hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `text` cut to at most `max` bytes on a character boundary, with `…` when cut.
pub fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max.saturating_sub('…'.len_utf8());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn timestamps_are_utc_calendar_dates() {
        assert_eq!(utc_timestamp(UNIX_EPOCH), "1970-01-01T00:00:00");
        let t = UNIX_EPOCH + Duration::from_secs(1_704_164_645);
        assert_eq!(utc_timestamp(t), "2024-01-02T03:04:05");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(utc_timestamp(leap), "2000-02-29T00:00:00");
    }

    #[test]
    fn uris_encode_what_a_path_segment_cannot_hold() {
        assert_eq!(uri_path("config/prod.env"), "config/prod.env");
        assert_eq!(uri_path("my dir/a#b?.txt"), "my%20dir/a%23b%3F.txt");
        assert_eq!(uri_path("café/100%.env"), "caf%C3%A9/100%25.env");
        assert_eq!(uri_path("c:weird/x"), "./c:weird/x");
        assert_eq!(file_uri("/tmp/a b"), "file:///tmp/a%20b");
    }

    #[test]
    fn xml_and_markdown_escaping() {
        assert_eq!(
            xml_escape("a<b>&\"'\u{1}"),
            "a&lt;b&gt;&amp;&quot;&apos;\u{FFFD}"
        );
        assert_eq!(md_cell("a|b\nc<d>"), "a\\|b c&lt;d&gt;");
        assert_eq!(md_code("x"), "`x`");
        assert_eq!(md_code("a`b"), "``a`b``");
        assert_eq!(md_code("`a"), "`` `a ``");
    }

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = stable_uuid(&["x", "y"]);
        assert_eq!(a, stable_uuid(&["x", "y"]));
        assert_ne!(a, stable_uuid(&["xy", ""]));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
    }

    #[test]
    fn clipping_respects_characters() {
        assert_eq!(clip("abc", 5), "abc");
        assert_eq!(clip("ééééé", 6), "é…");
    }
}
