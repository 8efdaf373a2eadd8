//! NHS number (`uk-nhs`, England, Wales, Isle of Man), Scottish CHI number (`scot-chi`) and
//! Northern Ireland Health and Care number (`ni-hc`): ten digits with a modulus-11 check
//! digit (NHS Data Dictionary), classified by the range they fall in.
//!
//! Ranges (Wikipedia "NHS number"; the `nhs-number` crate maintained for NHS Wales):
//! England/Wales/IoM issue 400-499 and 600-799, England also 3xx below 320 000 001; H&C
//! numbers are 320 000 001 to 399 999 999 (first nine digits); CHI numbers start with the date
//! of birth DDMMYY (010 100 0000 to 311 299 9999).
//! Test values: 999 000 0000 to 999 999 9999 is the testable range "guaranteed to never be
//! issued" (nhs-number crate docs; NHS FHIR profiles). No NHS England page stating the
//! reservation was found: checked with the docs/pages search, which found only the crate and
//! community material. The rest of 9xx is in no issued range; NHS England's PDS FHIR API
//! sandbox patient is 900 000 0009, so 9xx is treated as a test range as the spec says.
//! The community "digits 7-8 = 99" fake CHI/H&C marker is not treated as TEST (spec: opt-in).

use regex::bytes::Captures;

use super::checksum::{digits, is_ddmmyy, is_repdigit, nhs_mod11, number};
use super::groups::{group, took_part};
use crate::engine::verdict::Verdict;
use crate::finding::Class;

/// Added when the number is printed 3-3-4 with spaces or hyphens.
const FORMATTED_ADJUST: i32 = 25;

/// Added to checksum-valid numbers outside every issued range.
const UNALLOCATED_ADJUST: i32 = -20;

/// First nine digits of the Northern Ireland H&C range.
const HC_RANGE: std::ops::RangeInclusive<u32> = 320_000_001..=399_999_999;

/// A candidate that passed the shape and checksum tests.
struct Checked {
    digits: Vec<u8>,
    formatted: bool,
}

impl Checked {
    fn base(&self) -> u32 {
        number(&self.digits[..9])
    }

    fn normalised(&self) -> String {
        String::from_utf8_lossy(&self.digits).into_owned()
    }

    fn verdict(&self) -> Verdict {
        let verdict = Verdict::matched(self.normalised());
        if self.formatted {
            verdict.adjusted(FORMATTED_ADJUST)
        } else {
            verdict
        }
    }
}

/// The shared checks on a match of the 3-3-4 pattern (groups `value`, `s1`, `s2`, and
/// `minus`, a `-` right before the value): not a negative number, both separators the same,
/// modulus 11.
fn check(caps: &Captures<'_>) -> Option<Checked> {
    if took_part(caps, "minus") {
        return None; // -2144272371: a negative number (Windows HRESULTs), not an identifier
    }
    let (s1, s2) = (group(caps, "s1"), group(caps, "s2"));
    if s1 != s2 {
        return None; // "401 023-4563" is not an NHS number
    }
    let digits = digits(group(caps, "value"));
    if !nhs_mod11(&digits) {
        return None;
    }
    Some(Checked {
        digits,
        formatted: !s1.is_empty(),
    })
}

/// The class of a repdigit, which passes modulus 11 (0000000000, 9999999999).
fn placeholder(verdict: Verdict) -> Verdict {
    verdict.classed(Class::Placeholder, "repeated digits: a placeholder number")
}

/// Validates an NHS number (England, Wales, Isle of Man). H&C-range numbers are left to
/// `ni-hc`; CHI-shaped and other unallocated numbers score lower.
pub fn uk_nhs(caps: &Captures<'_>) -> Option<Verdict> {
    let checked = check(caps)?;
    let verdict = checked.verdict();
    let d = &checked.digits;
    if is_repdigit(d) {
        return Some(placeholder(verdict));
    }
    if d.starts_with(b"999") {
        return Some(verdict.classed(
            Class::Test,
            "NHS test range 999 000 0000 to 999 999 9999: never issued",
        ));
    }
    let date_shaped = is_ddmmyy(&d[..6]);
    Some(match d[0] {
        b'9' => verdict.classed(
            Class::Test,
            "unissued 9xx NHS range (NHS England sandbox and integration-test patients)",
        ),
        b'4' | b'6' | b'7' => verdict,
        b'3' if HC_RANGE.contains(&checked.base()) => return None,
        b'3' if date_shaped => Verdict {
            note: Some("NHS or Scottish CHI number".into()),
            ..verdict
        },
        b'3' => verdict,
        b'0'..=b'2' if date_shaped => Verdict {
            note: Some("in the Scottish CHI range, not an NHS England range".into()),
            ..verdict.adjusted(UNALLOCATED_ADJUST)
        },
        _ => Verdict {
            note: Some("checksum-valid but outside the issued NHS ranges".into()),
            ..verdict.adjusted(UNALLOCATED_ADJUST)
        },
    })
}

/// Validates a Scottish CHI number: NHS checksum and a DDMMYY date of birth in digits 1 to 6.
/// The rule requires CHI context; the 3-3-4 print form earns nothing here (it is not CHI's).
pub fn scot_chi(caps: &Captures<'_>) -> Option<Verdict> {
    let checked = check(caps)?;
    if !is_ddmmyy(&checked.digits[..6]) {
        return None;
    }
    let verdict = Verdict::matched(checked.normalised());
    Some(if is_repdigit(&checked.digits) {
        placeholder(verdict)
    } else {
        verdict
    })
}

/// Validates a Northern Ireland Health and Care number: NHS checksum in its own range.
pub fn ni_hc(caps: &Captures<'_>) -> Option<Verdict> {
    let checked = check(caps)?;
    if !HC_RANGE.contains(&checked.base()) {
        return None;
    }
    let verdict = checked.verdict();
    Some(if is_repdigit(&checked.digits) {
        placeholder(verdict)
    } else {
        verdict
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::pii::checksum::nhs_check_digit;
    use crate::engine::pii::test_support::{kept, nothing, one};
    use proptest::prelude::*;

    const NHS: &str = "uk-nhs";
    const CHI: &str = "scot-chi";
    const HC: &str = "ni-hc";

    fn nhs(text: &str) -> Verdict {
        one(NHS, text)
    }

    #[test]
    fn issued_ranges_match_and_formatting_scores() {
        let v = nhs(r#"nhs_number: "401 023 4563""#);
        assert_eq!((v.class, v.adjust), (Class::Match, 25));
        assert_eq!(v.normalised, "4010234563");
        assert_eq!(nhs(r#"{"nhsNumber": "4857773457"}"#).adjust, 0);
        assert_eq!(nhs("NHS No: 612-345-6784").adjust, 25);
        assert_eq!(nhs("Patient 450 557 7104 attended").adjust, 25);
        let v = nhs("ref 617 555 0196");
        assert_eq!((v.class, v.adjust), (Class::Match, 25));
    }

    #[test]
    fn england_3xx_below_hc_and_chi_overlap() {
        // 311 280 1237: England 3xx, and 31/12/80 makes it CHI-shaped too.
        let v = nhs("3112801237");
        assert_eq!(v.class, Class::Match);
        assert!(v.note.as_deref().is_some_and(|n| n.contains("CHI")));
        // The H&C range belongs to ni-hc.
        nothing(NHS, "320 000 0058");
    }

    #[test]
    fn test_ranges() {
        for text in ["999 000 0018", "999 000 0026", "9990000034"] {
            let v = nhs(text);
            assert_eq!(v.class, Class::Test, "{text}");
            assert!(v.note.as_deref().is_some_and(|n| n.contains("999")));
        }
        for text in ["943 476 5919", r#""nhsNumber": "9000000009""#] {
            assert_eq!(nhs(text).class, Class::Test, "{text}");
        }
    }

    #[test]
    fn placeholders() {
        assert_eq!(nhs("9999999999").class, Class::Placeholder);
        assert_eq!(nhs("0000000000").class, Class::Placeholder);
        assert_eq!(nhs("444 444 4444").class, Class::Placeholder);
    }

    #[test]
    fn unallocated_ranges_score_lower() {
        // 1701234564: epoch-seconds shaped, 17/01/23 a valid date, passes modulus 11.
        let v = nhs("created_at: 1701234564");
        assert_eq!(v.adjust, -20);
        let five = (0..10_000u32)
            .map(|n| format!("5{n:08}"))
            .find_map(|s| nhs_check_digit(s.as_bytes()).map(|c| format!("{s}{}", c as char)))
            .expect("most bases have a check digit");
        assert_eq!(nhs(&five).adjust, -20);
        assert!(nhs(&five).note.is_some());
    }

    #[test]
    fn failing_checksums_and_mixed_separators() {
        for text in [
            "987 654 4321",
            "485 777 3456",
            "401 023 4564",
            "401 023-4563",
            "401-023 4563",
            "401 0234563",
        ] {
            nothing(NHS, text);
        }
    }

    #[test]
    fn phone_shaped_number_is_valid_but_context_decides() {
        // US-style 415 555 0105 passes modulus 11 in an issued range: the rule's negative
        // context (phone) keeps it at info; the validator itself cannot tell.
        assert_eq!(nhs(r#"phone: "415 555 0105""#).class, Class::Match);
    }

    #[test]
    fn numbers_glued_to_digits_or_letters_are_not_candidates() {
        // Decimals and versions ("1.4010234563") are dropped by the engine's hygiene: see
        // the rule's negative examples.
        for text in [
            "v1.401.023.4563",
            "40102345631",
            "14010234563",
            "x4010234563",
        ] {
            nothing(NHS, text);
        }
        // A trailing full stop ends a sentence; a comma before is a CSV field separator.
        assert_eq!(kept(NHS, "Number 4010234563.").len(), 1);
        assert_eq!(kept(NHS, "J Smith,4010234563").len(), 1);
        assert_eq!(kept(NHS, "/patients/4010234563/records").len(), 1);
    }

    #[test]
    fn chi_needs_a_date_of_birth() {
        let v = one(CHI, "chi_number,3112801237");
        assert_eq!((v.class, v.adjust), (Class::Match, 0));
        let v = one(CHI, "1701234564");
        assert_eq!(
            v.class,
            Class::Match,
            "epoch-shaped: only CHI context makes it a finding"
        );
        nothing(CHI, "4010234563");
        nothing(CHI, "3213801232"); // checksum-valid, 32/13 is no date
        assert_eq!(one(CHI, "1111111111").class, Class::Placeholder);
    }

    #[test]
    fn hc_has_its_own_range() {
        let v = one(HC, "H&C number 320 000 0058");
        assert_eq!((v.class, v.adjust), (Class::Match, 25));
        nothing(HC, "401 023 4563");
        nothing(HC, "3112801237");
        assert_eq!(one(HC, "3333333333").class, Class::Placeholder);
    }

    /// Ten digits from nine, or None when the check value would be 10.
    fn complete(base: &str) -> Option<String> {
        nhs_check_digit(base.as_bytes()).map(|c| format!("{base}{}", c as char))
    }

    /// Every one-digit change of `valid`.
    fn one_digit_changes(valid: &str) -> Vec<String> {
        let mut out = Vec::new();
        for i in 0..valid.len() {
            for d in b'0'..=b'9' {
                let mut changed = valid.as_bytes().to_vec();
                if changed[i] != d {
                    changed[i] = d;
                    out.push(String::from_utf8(changed).expect("digits are ASCII"));
                }
            }
        }
        out
    }

    fn kept_count(rule: &str, text: &str) -> usize {
        kept(rule, text).len()
    }

    proptest! {
        #[test]
        fn nhs_valid_accepted_and_one_digit_changes_rejected(
            first in prop::sample::select(vec!['4', '6', '7']),
            rest in "[0-9]{8}",
        ) {
            if let Some(valid) = complete(&format!("{first}{rest}")) {
                prop_assert_eq!(kept_count(NHS, &valid), 1);
                for changed in one_digit_changes(&valid) {
                    prop_assert_eq!(kept_count(NHS, &changed), 0, "{}", changed);
                }
            }
        }

        #[test]
        fn chi_valid_accepted_and_one_digit_changes_rejected(
            day in 1u32..=28, month in 1u32..=12, yy in 0u32..=99, serial in "[0-9]{3}",
        ) {
            if let Some(valid) = complete(&format!("{day:02}{month:02}{yy:02}{serial}")) {
                prop_assert_eq!(kept_count(CHI, &valid), 1);
                for changed in one_digit_changes(&valid) {
                    prop_assert_eq!(kept_count(CHI, &changed), 0, "{}", changed);
                }
            }
        }

        #[test]
        fn hc_valid_accepted_and_one_digit_changes_rejected(base in 320_000_001u32..=399_999_999) {
            if let Some(valid) = complete(&base.to_string()) {
                prop_assert_eq!(kept_count(HC, &valid), 1);
                for changed in one_digit_changes(&valid) {
                    prop_assert_eq!(kept_count(HC, &changed), 0, "{}", changed);
                }
            }
        }
    }
}
