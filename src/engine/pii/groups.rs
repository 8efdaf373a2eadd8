//! Reading a scored rule's named capture groups, and the numeric-run guard shared by the
//! numeric detectors (spec §1.3 item 4).

use regex::bytes::Captures;

/// The bytes of group `name`, empty when it did not take part in the match.
pub fn group<'h>(caps: &Captures<'h>, name: &str) -> &'h [u8] {
    caps.name(name).map_or(&[][..], |m| m.as_bytes())
}

/// True when group `name` took part in the match (even if empty).
pub fn took_part(caps: &Captures<'_>, name: &str) -> bool {
    caps.name(name).is_some()
}

/// False when a numeric candidate sits inside a longer number: the patterns capture a `.`
/// right before the value as `pre` and a `.` + digit right after it as `post` (decimals,
/// version strings, OIDs); a digit on either side is already excluded by `\b`.
pub fn clear_of_numeric_run(caps: &Captures<'_>) -> bool {
    !took_part(caps, "pre") && !took_part(caps, "post")
}
