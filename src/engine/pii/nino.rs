//! UK National Insurance number (`uk-nino`): HMRC's prefix rules, consistent separators,
//! placeholder digits, the widely copied example that belongs to a real person, and the
//! administrative prefixes that score lower.
//!
//! Format (HMRC National Insurance Manual NIM39110; GOV.UK Design System "National Insurance
//! numbers" pattern): two prefix letters, six digits, suffix A to D, printed `QQ 12 34 56 C`.
//! D F I Q U V are never first or second letter and O is never second (the pattern's letter
//! classes); BG GB KN NK NT TN ZZ are never used (checked here). No check character exists.
//! Temporary `TN` + date of birth + M/F references (layout [unverified] in the spec; NIM39110
//! only says temporary numbers are no longer used) end in a letter other than A to D and
//! start with the unused TN prefix, so they never match whatever their exact layout.

use regex::bytes::Captures;

use super::checksum::{is_repdigit, same_separators};
use super::groups::group;
use crate::engine::verdict::Verdict;
use crate::finding::Class;

/// Prefixes HMRC never allocates (NIM39110).
const UNUSED_PREFIXES: &[&[u8]] = &[b"BG", b"GB", b"KN", b"NK", b"NT", b"TN", b"ZZ"];

/// NINO-shaped administrative references (CR, FY, MW, NC per NIM39110; PP, PY, PZ per public
/// accounts of DWP use). They still identify a person, so they are kept at -10. (FY cannot
/// reach here: F is never a first letter, so the pattern's letter class excludes it.)
const ADMIN_PREFIXES: &[&[u8]] = &[b"CR", b"FY", b"MW", b"NC", b"PP", b"PY", b"PZ"];

/// The example GOV.UK's Service Manual tells services not to use: it belongs to a real person.
const KNOWN_REAL_EXAMPLE: &str = "AB123456C";

/// Score adjustment for an administrative prefix.
const ADMIN_ADJUST: i32 = -10;

/// Validates a match of the `uk-nino` pattern: groups `prefix`, `s1`..`s4` (separators),
/// `d1`..`d3` (digit pairs), `suffix`.
pub fn uk_nino(caps: &Captures<'_>) -> Option<Verdict> {
    let prefix = group(caps, "prefix");
    if UNUSED_PREFIXES.contains(&prefix) {
        return None;
    }
    let seps = [
        group(caps, "s1"),
        group(caps, "s2"),
        group(caps, "s3"),
        group(caps, "s4"),
    ];
    // All the same (none, spaces, hyphens), or the printed "QQ 123456 C" form.
    let paired = seps[0] == b" " && seps[3] == b" " && seps[1].is_empty() && seps[2].is_empty();
    if !same_separators(&seps) && !paired {
        return None;
    }
    let digits: Vec<u8> = [group(caps, "d1"), group(caps, "d2"), group(caps, "d3")].concat();
    let normalised = format!(
        "{}{}{}",
        String::from_utf8_lossy(prefix),
        String::from_utf8_lossy(&digits),
        String::from_utf8_lossy(group(caps, "suffix"))
    );
    let mut verdict = Verdict::matched(normalised.clone());
    if is_repdigit(&digits) {
        verdict = verdict.classed(Class::Placeholder, "repeated digits: a placeholder NINO");
    } else if normalised == KNOWN_REAL_EXAMPLE {
        verdict = verdict.classed(
            Class::KnownRealExample,
            "AB 12 34 56 C belongs to a real person (GOV.UK Service Manual): use QQ 12 34 56 C in examples",
        );
    }
    if ADMIN_PREFIXES.contains(&prefix) {
        verdict = verdict.adjusted(ADMIN_ADJUST);
        if verdict.note.is_none() {
            verdict.note =
                Some("administrative NINO-shaped reference (still identifies a person)".into());
        }
    }
    Some(verdict)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::pii::test_support::{matches, nothing, one};

    const RULE: &str = "uk-nino";

    fn nino(text: &str) -> Verdict {
        one(RULE, text)
    }

    #[test]
    fn accepts_every_printed_form() {
        for text in [
            r#"nino = "JG103759A""#,
            "National Insurance number: JG 10 37 59 A",
            "JG-10-37-59-A",
            "Applicant JG 103759 A",
            "J Smith,SK 39 48 12 B",
        ] {
            let v = nino(text);
            assert_eq!(v.class, Class::Match, "{text}");
            assert_eq!(v.adjust, 0, "{text}");
        }
        assert_eq!(nino("JG 10 37 59 A").normalised, "JG103759A");
    }

    #[test]
    fn known_real_example_is_a_match_with_advice() {
        let v = nino(r#"example_nino: "AB123456C""#);
        assert_eq!(v.class, Class::KnownRealExample);
        assert!(v
            .note
            .as_deref()
            .is_some_and(|n| n.contains("QQ 12 34 56 C")));
        assert_eq!(nino("AB 12 34 56 C").class, Class::KnownRealExample);
    }

    #[test]
    fn administrative_prefixes_score_lower() {
        let v = nino("nino: CR 40 21 88 D");
        assert_eq!(v.adjust, -10);
        assert_eq!(v.class, Class::Match);
        // FY is on HMRC's list too, but F is never a first letter, so the pattern cannot match it.
        assert!(!matches(RULE, "FY402188D"));
        for prefix in ["MW", "NC", "PP", "PY", "PZ"] {
            assert_eq!(nino(&format!("{prefix}402188D")).adjust, -10, "{prefix}");
        }
    }

    #[test]
    fn placeholder_digits() {
        assert_eq!(nino("JG000000A").class, Class::Placeholder);
        assert_eq!(nino("JG 11 11 11 A").class, Class::Placeholder);
    }

    #[test]
    fn published_examples_and_impossible_prefixes_never_match() {
        for text in [
            "QQ123456C",
            "QQ 12 34 56 C",
            "QQ 12 34 56 A",
            "DA123456A",
            "AO123456A",
        ] {
            assert!(!matches(RULE, text), "{text}");
        }
        for text in [
            "BG123456C",
            "GB123456A",
            "NK123456B",
            "ZZ123456A",
            "KN123456A",
            "NT123456A",
        ] {
            nothing(RULE, text);
        }
    }

    #[test]
    fn wrong_shapes_and_mixed_separators() {
        for text in [
            "TN311280M",
            "jg103759a",
            "JG1037 59A",
            "JG 10-37 59 A",
            "JG 1037 59 A",
            "AA1234567",
            "XYZ123456A",
            "HJG103759A",
            "JG103759AB",
            "JG1037590A",
        ] {
            nothing(RULE, text);
        }
    }

    #[test]
    fn embedded_in_identifiers_is_not_matched() {
        nothing(RULE, "x_JG103759A");
        nothing(RULE, "JG103759A_x");
        nothing(RULE, "9JG103759A");
    }
}
