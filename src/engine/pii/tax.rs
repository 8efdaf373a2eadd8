//! HMRC and Companies House references: Unique Taxpayer Reference (`uk-utr`), VAT
//! registration number (`uk-vat`, `uk-vat-government`) and company number
//! (`uk-company-number`).
//!
//! UTR: ten digits, the first a modulus-11 check over the other nine (HMRC's own
//! `hmrc/domain` `UtrReferenceChecker`; the same worked example, 3282497350, is reproduced in
//! Sage's HMRC reference notes). The 13-digit form is flagged [unverified] in the spec:
//! checked with the docs/pages search — HMRC's design-patterns issue #126 (HMRC staff: "if
//! that's the case we ask that they only provide the last 10 digits") and accountancy guides
//! ("123 0123456789 A") agree that the UTR is the *last* ten digits, so only those are
//! checked; nothing supports trying the first ten.
//! VAT: nine digits, the last two a modulus-97 check (HMRC `VatReferenceChecker`, original
//! and "9755" schemes), optionally a three-digit branch; `GD`/`HA` + three digits for
//! government departments and health authorities.
//! Company number: eight digits or a two-character prefix and six digits; no checksum, so
//! the rule needs context.

use regex::bytes::Captures;

use super::checksum::{digits, is_repdigit, is_sequential, is_yyyymmdd, utr_valid, vat_scheme};
use super::groups::{group, took_part};
use crate::engine::verdict::Verdict;
use crate::finding::Class;

/// Validates a match of the `uk-utr` pattern (groups `value`, `office` for the 13-digit form,
/// `a` and `b` for the two five-digit halves).
pub fn uk_utr(caps: &Captures<'_>) -> Option<Verdict> {
    let utr = [group(caps, "a"), group(caps, "b")].concat();
    if !utr_valid(&utr) {
        return None; // 1234567890, HMRC's display example, fails here
    }
    let mut verdict = Verdict::matched(String::from_utf8_lossy(&utr).into_owned());
    if is_repdigit(&utr) {
        verdict = verdict.classed(Class::Placeholder, "repeated digits: a placeholder UTR");
    } else if took_part(caps, "office") {
        verdict.note = Some("13-digit form: the last ten digits are the UTR".into());
    }
    Some(verdict)
}

/// Validates a match of the `uk-vat` pattern (groups `country`, `a`, `b`, `c`, separators
/// `s1`..`s3`, optional `branch`).
pub fn uk_vat(caps: &Captures<'_>) -> Option<Verdict> {
    let (s1, s2) = (group(caps, "s1"), group(caps, "s2"));
    let branch = group(caps, "branch");
    if s1 != s2 || (took_part(caps, "branch") && group(caps, "s3") != s2) {
        return None;
    }
    let number = [group(caps, "a"), group(caps, "b"), group(caps, "c")].concat();
    vat_scheme(&number)?;
    let normalised = format!(
        "{}{}{}",
        String::from_utf8_lossy(group(caps, "country")),
        String::from_utf8_lossy(&number),
        String::from_utf8_lossy(branch)
    );
    let verdict = Verdict::matched(normalised);
    Some(if is_repdigit(&number) {
        verdict.classed(
            Class::Placeholder,
            "repeated digits: a placeholder VAT number",
        )
    } else if branch == b"000" {
        Verdict {
            note: Some("VAT number or EORI (GB + VAT number + 000)".into()),
            ..verdict
        }
    } else {
        verdict
    })
}

/// Validates a match of the `uk-vat-government` pattern: the pattern already holds `GD`
/// to 000-499 and `HA` to 500-999; this names which it is.
pub fn uk_vat_government(caps: &Captures<'_>) -> Option<Verdict> {
    let value = group(caps, "value");
    let code = value.get(value.len().checked_sub(5)?..)?;
    let note = if code.starts_with(b"GD") {
        "VAT number of a government department"
    } else {
        "VAT number of a health authority"
    };
    Some(Verdict {
        note: Some(note.into()),
        ..Verdict::matched(String::from_utf8_lossy(value).into_owned())
    })
}

/// Validates a match of the `uk-company-number` pattern (group `value`):
/// drops `YYYYMMDD` dates, marks repeated and sequential digits as placeholders.
pub fn uk_company_number(caps: &Captures<'_>) -> Option<Verdict> {
    let value = group(caps, "value");
    let numeric = digits(value);
    if numeric.len() == 8 && is_yyyymmdd(&numeric) {
        return None; // build 20240101
    }
    let serial = &numeric[numeric.len().saturating_sub(6)..];
    let verdict = Verdict::matched(String::from_utf8_lossy(value).into_owned());
    Some(
        if is_repdigit(serial)
            || is_sequential(&numeric)
            || numeric.iter().filter(|&&d| d != b'0').count() <= 1
        {
            verdict.classed(Class::Placeholder, "placeholder company number")
        } else {
            verdict
        },
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::pii::checksum::{utr_check_digit, utr_remainder, vat_check, VatScheme};
    use crate::engine::pii::test_support::{kept, matches, nothing, one};
    use proptest::prelude::*;

    const UTR: &str = "uk-utr";
    const VAT: &str = "uk-vat";
    const VAT_GOVERNMENT: &str = "uk-vat-government";
    const COMPANY: &str = "uk-company-number";

    fn utr(text: &str) -> Verdict {
        one(UTR, text)
    }

    #[test]
    fn utr_positives() {
        for text in [
            "UTR: 3402917365",
            r#""saUtr": "4318265094""#,
            "utr=7750031886",
            "Self Assessment reference 1123456789",
            "ct_utr,2234567890",
            "UTR 11234 56789",
            "UTR 1123456789K",
            "UTR k1123456789",
            "3282497350",
        ] {
            assert_eq!(utr(text).class, Class::Match, "{text}");
        }
        assert_eq!(utr("UTR 11234 56789").normalised, "1123456789");
    }

    #[test]
    fn utr_thirteen_digits_use_the_last_ten() {
        let v = utr("UTR 123 1123456789");
        assert_eq!(v.normalised, "1123456789");
        assert!(v.note.is_some());
        let v = utr("UTR 1231123456789");
        assert_eq!(v.normalised, "1123456789");
        // The first ten digits of this one pass, the last ten do not.
        nothing(UTR, "1123456789555");
    }

    #[test]
    fn utr_negatives() {
        assert_eq!(utr("UTR 1111111111").class, Class::Placeholder);
        for text in [
            "UTR 1234567890",
            "UTR 1123456788",
            "utr: 12345",
            "11234567890",
        ] {
            nothing(UTR, text);
        }
    }

    fn vat(text: &str) -> Verdict {
        one(VAT, text)
    }

    #[test]
    fn vat_positives() {
        for (text, normalised) in [
            ("VAT: GB 980 7806 84", "GB980780684"),
            ("vat_number: GB562235945", "GB562235945"),
            ("XI 100 0001 32", "XI100000132"),
            ("sole trader VAT GB220430231", "GB220430231"),
            ("GB980780684001", "GB980780684001"),
        ] {
            let v = vat(text);
            assert_eq!(
                (v.class, v.normalised.as_str()),
                (Class::Match, normalised),
                "{text}"
            );
        }
        assert!(vat("EORI GB980780684000")
            .note
            .is_some_and(|n| n.contains("EORI")));
        assert_eq!(vat("GB000000000").class, Class::Placeholder);
    }

    #[test]
    fn vat_negatives() {
        for text in [
            "GB802311781",
            "GB123456789",
            "GB 654 3219 87",
            "GB 980 780684",
            "GB 9807806 84",
            "gb980780684",
        ] {
            nothing(VAT, text);
        }
    }

    #[test]
    fn vat_government_and_health() {
        let v = one(VAT_GOVERNMENT, "GD123");
        assert!(v.note.is_some_and(|n| n.contains("government")));
        let v = one(VAT_GOVERNMENT, "VAT GBHA512");
        assert!(v.note.is_some_and(|n| n.contains("health")));
        for text in ["GD500", "HA499", "GD12", "GD1234"] {
            assert!(!matches(VAT_GOVERNMENT, text), "{text}");
        }
    }

    fn company(text: &str) -> Verdict {
        one(COMPANY, text)
    }

    #[test]
    fn company_numbers() {
        for text in [
            "Company number: 08407369",
            r#"companies_house_no = "SC234456""#,
            "Registered in Scotland, company no. SC234561",
            "CRN NI612345",
            "LLP number OC301234",
            "R0612345",
        ] {
            assert_eq!(company(text).class, Class::Match, "{text}");
        }
        // The spec's "company no. SC123456" example is found, as a placeholder (sequential).
        for text in [
            "version 00000001",
            "id: 12345678",
            "SC000000",
            "SC111111",
            "company no. SC123456",
        ] {
            assert_eq!(company(text).class, Class::Placeholder, "{text}");
        }
        for text in ["build 20240101", "OC12345", "XX123456"] {
            nothing(COMPANY, text);
        }
    }

    fn kept_count(rule: &str, text: &str) -> usize {
        kept(rule, text).len()
    }

    fn change(valid: &str, i: usize, d: u8) -> Option<String> {
        let mut changed = valid.as_bytes().to_vec();
        (changed[i] != d).then(|| {
            changed[i] = d;
            String::from_utf8(changed).expect("digits are ASCII")
        })
    }

    proptest! {
        /// HMRC's check characters `21987654321` repeat: remainders 0 and 9 both call for 2,
        /// 1 and 10 both for 1. So a one-digit change of the body is caught exactly when it
        /// moves the remainder to one with a different check character; a change of the
        /// check digit is always caught.
        #[test]
        fn utr_valid_accepted_and_one_digit_changes_rejected_unless_check_characters_collide(
            body in "[0-9]{9}",
        ) {
            let valid = format!("{}{body}", utr_check_digit(body.as_bytes()) as char);
            prop_assert_eq!(kept_count(UTR, &valid), 1);
            for i in 0..10 {
                for d in b'0'..=b'9' {
                    let Some(changed) = change(&valid, i, d) else { continue };
                    let kept = kept_count(UTR, &changed);
                    if i == 0 {
                        prop_assert_eq!(kept, 0, "{}", changed);
                    } else {
                        let (before, after) = (
                            utr_remainder(&valid.as_bytes()[1..]),
                            utr_remainder(&changed.as_bytes()[1..]),
                        );
                        prop_assert_ne!(before, after, "a body change always moves the remainder");
                        let collide = matches!((before.min(after), before.max(after)), (0, 9) | (1, 10));
                        prop_assert_eq!(kept == 1, collide, "{}", changed);
                    }
                }
            }
        }

        /// A one-digit change is always caught under the scheme the number was made with;
        /// it passes only when it lands exactly on the other scheme's check value.
        #[test]
        fn vat_valid_accepted_and_one_digit_changes_never_stay_in_their_scheme(
            first_seven in "[0-9]{7}", use_9755 in any::<bool>(),
        ) {
            let scheme = if use_9755 { VatScheme::Scheme9755 } else { VatScheme::Original };
            let number = format!("{first_seven}{:02}", vat_check(first_seven.as_bytes(), scheme));
            prop_assert_eq!(vat_scheme(number.as_bytes()), Some(scheme));
            prop_assert_eq!(kept_count(VAT, &format!("GB{number}")), 1);
            for i in 0..9 {
                for d in b'0'..=b'9' {
                    let Some(changed) = change(&number, i, d) else { continue };
                    let after = vat_scheme(changed.as_bytes());
                    prop_assert_ne!(after, Some(scheme), "{}", changed);
                    let kept = kept_count(VAT, &format!("GB{changed}"));
                    prop_assert_eq!(kept == 1, after.is_some(), "{}", changed);
                }
            }
        }
    }
}
