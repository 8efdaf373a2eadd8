//! Payment card number (`pan`): a known issuer range with an allowed length, the Luhn check,
//! one separator throughout; providers' published test cards are TEST, repeated or zeroed
//! digits PLACEHOLDER.
//!
//! Issuer ranges and lengths: Visa 4 (13, 16, 19); Mastercard 51-55 and 2221-2720 (16); Amex
//! 34, 37 (15); Discover 6011, 644-649, 65, 622126-622925 (16-19); Diners 300-305, 36, 38-39
//! (14-19); JCB 3528-3589 (16-19); UnionPay 62 (16-19); Maestro 5018 5020 5038 5893 6304 6759
//! 6761-6763 (12-19). The test cards live in `test_cards.txt` so the list can grow.

use regex::bytes::Captures;

use super::checksum::{digits, luhn_valid, number};
use super::groups::group;
use crate::engine::verdict::Verdict;
use crate::finding::Class;

/// Published test card numbers, one per line with the providers that publish them.
const TEST_CARDS: &str = include_str!("test_cards.txt");

/// Added when the number is grouped the way its brand prints it.
const LAYOUT_ADJUST: i32 = 20;

/// Added when the number is written without separators: a bare 13 to 19 digit number in code
/// is far more often a constant, a float table entry or a test vector (one in ten passes
/// Luhn) than a card. With a card word near (+40 in the rule) it still blocks.
const UNFORMATTED_ADJUST: i32 = -15;

/// Added when Maestro's broad ranges are the only brand that fits (spec: base 50, not 60).
const MAESTRO_ONLY_ADJUST: i32 = -10;

/// A card brand whose issuer range and length a number fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Brand {
    Visa,
    Mastercard,
    Amex,
    Discover,
    Diners,
    Jcb,
    UnionPay,
    Maestro,
}

/// Every brand whose issuer range and allowed lengths fit `digits`.
pub fn brands(digits: &[u8]) -> Vec<Brand> {
    let len = digits.len();
    let prefix = |n: usize| number(&digits[..n.min(len)]);
    let mut out = Vec::new();
    if digits.first() == Some(&b'4') && matches!(len, 13 | 16 | 19) {
        out.push(Brand::Visa);
    }
    if ((51..=55).contains(&prefix(2)) || (2221..=2720).contains(&prefix(4))) && len == 16 {
        out.push(Brand::Mastercard);
    }
    if matches!(prefix(2), 34 | 37) && len == 15 {
        out.push(Brand::Amex);
    }
    let sixteen_to_nineteen = (16..=19).contains(&len);
    if sixteen_to_nineteen
        && (prefix(4) == 6011
            || (644..=649).contains(&prefix(3))
            || prefix(2) == 65
            || (622_126..=622_925).contains(&prefix(6)))
    {
        out.push(Brand::Discover);
    }
    if (14..=19).contains(&len)
        && ((300..=305).contains(&prefix(3)) || matches!(prefix(2), 36 | 38 | 39))
    {
        out.push(Brand::Diners);
    }
    if sixteen_to_nineteen && (3528..=3589).contains(&prefix(4)) {
        out.push(Brand::Jcb);
    }
    if sixteen_to_nineteen && prefix(2) == 62 {
        out.push(Brand::UnionPay);
    }
    if (12..=19).contains(&len)
        && matches!(
            prefix(4),
            5018 | 5020 | 5038 | 5893 | 6304 | 6759 | 6761 | 6762 | 6763
        )
    {
        out.push(Brand::Maestro);
    }
    out
}

/// The providers that publish `digits` as a test card, if they do.
fn test_card(digits: &[u8]) -> Option<&'static str> {
    TEST_CARDS
        .lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let (number, providers) = line.split_once(' ').unwrap_or((line, ""));
            (number.as_bytes() == digits).then(|| providers.trim())
        })
}

/// Repeated or zeroed digits: at least 9 of the last 12 the same digit, or every digit after
/// the six-digit issuer prefix zero.
fn is_placeholder(digits: &[u8]) -> bool {
    let last12 = &digits[digits.len().saturating_sub(12)..];
    let most_repeated = (b'0'..=b'9')
        .map(|d| last12.iter().filter(|&&c| c == d).count())
        .max()
        .unwrap_or(0);
    most_repeated >= 9 || digits[6..].iter().all(|&d| d == b'0')
}

/// True when the groups are the brand's printed layout: Amex 4-6-5, Diners 4-6-4, otherwise
/// fours with a shorter last group.
fn brand_layout(groups: &[usize], brands: &[Brand]) -> bool {
    match groups {
        [4, 6, 5] => brands.contains(&Brand::Amex),
        [4, 6, 4] => brands.contains(&Brand::Diners),
        [init @ .., last] => {
            init.len() >= 2 && init.iter().all(|&g| g == 4) && (1..=4).contains(last)
        }
        [] => false,
    }
}

/// Validates a match of the `pan` pattern (group `value`).
pub fn pan(caps: &Captures<'_>) -> Option<Verdict> {
    let raw = group(caps, "value");
    let mut separators = raw.iter().filter(|c| !c.is_ascii_digit());
    let separator = separators.next().copied();
    if separators.any(|&c| Some(c) != separator) {
        return None; // "4111 1111-1111 1111"
    }
    let digits = digits(raw);
    let brands = brands(&digits);
    if brands.is_empty() || !luhn_valid(&digits) {
        return None;
    }
    let mut verdict = Verdict::matched(String::from_utf8_lossy(&digits).into_owned());
    if let Some(providers) = test_card(&digits) {
        return Some(verdict.classed(Class::Test, format!("published test card ({providers})")));
    }
    if is_placeholder(&digits) {
        verdict = verdict.classed(
            Class::Placeholder,
            "repeated or zeroed digits: a placeholder card number",
        );
    }
    if brands == [Brand::Maestro] {
        verdict = verdict.adjusted(MAESTRO_ONLY_ADJUST);
    }
    match separator {
        Some(sep) => {
            let groups: Vec<usize> = raw.split(|&c| c == sep).map(<[u8]>::len).collect();
            if brand_layout(&groups, &brands) {
                verdict = verdict.adjusted(LAYOUT_ADJUST);
            }
        }
        None => verdict = verdict.adjusted(UNFORMATTED_ADJUST),
    }
    Some(verdict)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::pii::checksum::luhn_check_digit;
    use crate::engine::pii::test_support::{kept, nothing, one};
    use proptest::prelude::*;

    const RULE: &str = "pan";

    fn card(text: &str) -> Verdict {
        one(RULE, text)
    }

    #[test]
    fn every_test_card_line_is_a_valid_card() {
        let mut count = 0;
        for line in TEST_CARDS.lines().filter(|l| !l.starts_with('#')) {
            let (number, providers) = line.split_once(' ').unwrap_or((line, ""));
            assert!(!providers.trim().is_empty(), "{line}: name the provider");
            let d = number.as_bytes();
            assert!(d.iter().all(u8::is_ascii_digit), "{line}");
            assert!(luhn_valid(d), "{line}: fails Luhn");
            assert!(!brands(d).is_empty(), "{line}: no brand fits");
            let v = card(number);
            assert_eq!(v.class, Class::Test, "{line}");
            assert!(v
                .note
                .as_deref()
                .is_some_and(|n| n.contains(providers.trim())));
            count += 1;
        }
        assert!(count > 50);
    }

    #[test]
    fn grouped_and_bare_cards() {
        for (text, adjust) in [
            ("4929 2630 5276 5173", 20),
            ("5312-7266-9998-8160", 20),
            ("3756 603791 65192", 20),
            (r#""cardNumber": "4556488805510176""#, -15),
            ("2720 9355 3324 7229", 20),
            ("6011056791075530", -15),
        ] {
            let v = card(text);
            assert_eq!((v.class, v.adjust), (Class::Match, adjust), "{text}");
        }
        assert_eq!(card("4929 2630 5276 5173").normalised, "4929263052765173");
    }

    #[test]
    fn maestro_only_scores_lower() {
        let payload = "501800000012345";
        let number = format!("{payload}{}", luhn_check_digit(payload.as_bytes()) as char);
        assert_eq!(brands(number.as_bytes()), [Brand::Maestro]);
        assert_eq!(card(&number).adjust, -10 - 15);
    }

    #[test]
    fn published_test_cards_in_any_layout() {
        for text in [
            "4111 1111 1111 1111",
            "4242424242424242",
            "5555 5555 5555 4444",
            "3782 822463 10005",
        ] {
            let v = card(text);
            assert_eq!(v.class, Class::Test, "{text}");
        }
    }

    #[test]
    fn placeholders() {
        assert_eq!(card("4462 0300 0000 0000").class, Class::Placeholder);
        // 4000 0000 0000 0010: Stripe-style scenario number not in the list.
        let payload = "400000000000001";
        let number = format!("{payload}{}", luhn_check_digit(payload.as_bytes()) as char);
        assert_eq!(card(&number).class, Class::Placeholder);
    }

    #[test]
    fn rejected() {
        for text in [
            "4111 1111-1111 1111",
            "1234567812345678",
            "1700000000000",
            "490154203237518",
            "4929 2630 5276 5174",
            "49292630527651731234",
        ] {
            nothing(RULE, text);
        }
    }

    fn kept_count(text: &str) -> usize {
        kept(RULE, text).len()
    }

    proptest! {
        #[test]
        fn luhn_valid_accepted_and_one_digit_changes_rejected(
            first in prop::sample::select(vec!["4", "51", "52", "53", "54", "55", "2221", "2720"]),
            rest in "[0-9]{14}",
        ) {
            let payload = format!("{first}{rest}")[..15].to_string();
            let valid = format!("{payload}{}", luhn_check_digit(payload.as_bytes()) as char);
            prop_assert_eq!(kept_count(&valid), 1, "{}", valid);
            for i in 0..valid.len() {
                for d in b'0'..=b'9' {
                    let mut changed = valid.as_bytes().to_vec();
                    if changed[i] == d { continue; }
                    changed[i] = d;
                    let changed = String::from_utf8(changed).expect("digits are ASCII");
                    prop_assert_eq!(kept_count(&changed), 0, "{}", changed);
                }
            }
        }
    }
}
