//! Candidate hygiene for personal-data rules (spec section 1.3), applied before validators:
//! a number glued to other digits or inside encoded data (base64, hex digests, UUIDs) is not
//! an identifier, and numeric detectors skip files that are machine output.

/// True when the numeric value at `hay[start..end]` is part of a longer number: preceded by
/// a digit or `.`, or followed by a digit or `.` + digit (decimals, versions, OIDs). A
/// preceding comma is fine: it separates CSV fields.
pub fn in_longer_number(hay: &[u8], start: usize, end: usize) -> bool {
    let before = start.checked_sub(1).map(|i| hay[i]);
    if before.is_some_and(|b| b.is_ascii_digit() || b == b'.') {
        return true;
    }
    match (hay.get(end), hay.get(end + 1)) {
        (Some(b), _) if b.is_ascii_digit() => true,
        (Some(b'.'), Some(d)) if d.is_ascii_digit() => true,
        _ => false,
    }
}

/// True when the value at `hay[start..end]` sits inside a token that looks like encoded data:
/// the token (extended over `[A-Za-z0-9+/=_.-]`) is more than 4 bytes longer than the value
/// and the part outside the value holds a run of 16+ hex, base32 or mixed base64 characters.
/// An inner `=` marks a `key=value` pair, not encoding; a UUID around the value counts as
/// encoded too.
pub fn in_encoded_token(hay: &[u8], start: usize, end: usize) -> bool {
    let token_byte = |b: u8| b.is_ascii_alphanumeric() || b"+/=_.-".contains(&b);
    let mut left = start;
    while left > 0 && token_byte(hay[left - 1]) {
        left -= 1;
    }
    let mut right = end;
    while right < hay.len() && token_byte(hay[right]) {
        right += 1;
    }
    if is_uuid_around(hay, start, end) {
        return true;
    }
    if (start - left) + (right - end) <= 4 {
        return false;
    }
    // Split at an inner `=` (key=value): only the part holding the value counts.
    let mut from = left;
    if let Some(eq) = hay[left..start].iter().rposition(|&b| b == b'=') {
        from = left + eq + 1;
    }
    let mut to = right;
    if let Some(eq) = hay[end..right]
        .iter()
        .position(|&b| b == b'=')
        .filter(|&i| hay[end + i..right].iter().any(|&b| b != b'='))
    {
        to = end + eq;
    }
    encoded_run(&hay[from..start]) || encoded_run(&hay[end..to])
}

/// A run of 16+ characters that is all hex, all base32, or base64 with upper, lower and
/// digits.
fn encoded_run(part: &[u8]) -> bool {
    part.split(|b| !(b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/'))
        .filter(|run| run.len() >= 16)
        .any(|run| {
            run.iter().all(u8::is_ascii_hexdigit)
                || run
                    .iter()
                    .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(b))
                || (run.iter().any(u8::is_ascii_uppercase)
                    && run.iter().any(u8::is_ascii_lowercase)
                    && run.iter().any(u8::is_ascii_digit))
        })
}

/// True when the value lies inside an `8-4-4-4-12` hex UUID.
fn is_uuid_around(hay: &[u8], start: usize, end: usize) -> bool {
    let mut left = start;
    while left > 0 && (hay[left - 1].is_ascii_hexdigit() || hay[left - 1] == b'-') {
        left -= 1;
    }
    let mut right = end;
    while right < hay.len() && (hay[right].is_ascii_hexdigit() || hay[right] == b'-') {
        right += 1;
    }
    let token = &hay[left..right];
    token.len() >= 36
        && token.windows(36).any(|w| {
            w.iter().enumerate().all(|(i, b)| match i {
                8 | 13 | 18 | 23 => *b == b'-',
                _ => b.is_ascii_hexdigit(),
            })
        })
}

/// Files numeric detectors skip: lock files, minified bundles, source maps, SVG and fonts.
pub fn skips_numeric(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    const LOCK_FILES: &[&str] = &[
        "Cargo.lock",
        "package-lock.json",
        "npm-shrinkwrap.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "poetry.lock",
        "Pipfile.lock",
        "Gemfile.lock",
        "go.sum",
        "composer.lock",
        "packages.lock.json",
        "flake.lock",
        "uv.lock",
    ];
    let lower = name.to_ascii_lowercase();
    LOCK_FILES.contains(&name)
        || [
            ".min.js", ".min.css", ".map", ".svg", ".woff", ".woff2", ".ttf", ".otf", ".eot",
            ".pb.go", "_pb2.py", ".pb.cc", ".pb.h",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

/// Lines longer than this are machine output for numeric detectors (minified code, embedded
/// data), but in [`long_lines_are_data`] files.
pub const NUMERIC_LINE_MAX: usize = 4096;

/// Data formats whose long lines are records, not machine output: a JSON export or API
/// response saved on one line, JSON Lines, CSV/TSV rows, XML on one line.
pub fn long_lines_are_data(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".json", ".jsonl", ".ndjson", ".csv", ".tsv", ".xml"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn longer(text: &str, value: &str) -> bool {
        let start = text.find(value).expect("value in text");
        in_longer_number(text.as_bytes(), start, start + value.len())
    }

    fn encoded(text: &str, value: &str) -> bool {
        let start = text.find(value).expect("value in text");
        in_encoded_token(text.as_bytes(), start, start + value.len())
    }

    #[test]
    fn numbers_inside_longer_numbers_are_not_candidates() {
        assert!(longer("v1.4010234563", "4010234563"));
        assert!(longer("4010234563.5", "4010234563"));
        assert!(longer("94010234563", "4010234563"));
        assert!(!longer("J Smith,4010234563", "4010234563"));
        assert!(!longer("id 4010234563.", "4010234563"));
    }

    #[test]
    fn values_inside_encoded_tokens_are_dropped() {
        assert!(encoded(
            "sha=e3b0c44298fc1c149afbf4c8996fb924JG103759A",
            "JG103759A"
        ));
        assert!(encoded(
            "data:aGVsbG8gd29ybGQgdGhpcyBpcyBKRzEwMzc1OUE4010234563xyz",
            "4010234563"
        ));
        assert!(encoded("id: 4f0e5c1a-4010-4234-a563-0123456789ab", "4010"));
        assert!(!encoded("NHS_NUMBER=4010234563", "4010234563"));
        assert!(!encoded("/patients/4010234563/records", "4010234563"));
        assert!(!encoded(
            "nhs_number_of_patient_in_clinic=4010234563",
            "4010234563"
        ));
    }

    #[test]
    fn machine_output_is_skipped_by_numeric_detectors() {
        assert!(skips_numeric("web/package-lock.json"));
        assert!(skips_numeric("dist/app.min.js"));
        assert!(skips_numeric("dist/app.js.map"));
        assert!(!skips_numeric("data/patients.csv"));
    }
}
