//! Bank account identifiers: a UK sort code + account number pair (`uk-bank-account`) and an
//! IBAN (`iban`, any country in the SWIFT IBAN registry).
//!
//! A sort code alone is public branch data and is never reported; only a pair is. Dates and
//! version triplets look like sort codes and `YYYYMMDD` build numbers like account numbers, so
//! date shapes need bank wording inside the match. The optional VocaLink modulus check is not
//! implemented (its tables must be kept current).
//!
//! IBAN: ISO 13616 — country code, two check digits (ISO 7064 MOD 97-10), a BBAN whose length
//! the SWIFT IBAN registry fixes per country. Lengths below: the registry (release 9x, read via
//! the docs search: a payment provider's copy of the ISO 13616 table agreed with it, including
//! Costa Rica's change to 22).

use regex::bytes::Captures;

use super::checksum::{digits, iban_remainder, is_ddmmyy, is_repdigit, is_sequential, is_yyyymmdd};
use super::groups::{group, took_part};
use crate::engine::verdict::Verdict;
use crate::finding::Class;

/// Words that show a sort code / account pair is about a bank account.
const BANK_WORDS: &[&[u8]] = &[
    b"sort",
    b"account",
    b"acct",
    b"acc no",
    b"a/c",
    b"bank",
    b"payee",
    b"beneficiary",
    b"bacs",
];

/// Sort codes used as placeholders.
const PLACEHOLDER_SORT_CODES: &[&[u8]] = &[b"123456", b"010203"];

/// True when `text` contains `word`, ASCII case-insensitively.
fn mentions(text: &[u8], word: &[u8]) -> bool {
    text.windows(word.len())
        .any(|w| w.eq_ignore_ascii_case(word))
}

fn mentions_bank(text: &[u8]) -> bool {
    BANK_WORDS.iter().any(|w| mentions(text, w))
}

/// Validates a sort code + account number pair, for two patterns: sort code first (groups
/// `kw`, an optional leading keyword, then `sort`, `s1`, `s2`, `gap`, `account`) or account
/// first (groups `account_first`, `gap_rev`, `sort_last`, `r1`, `r2`).
pub fn uk_bank_account(caps: &Captures<'_>) -> Option<Verdict> {
    let kw = group(caps, "kw");
    let sort_first = took_part(caps, "sort");
    let (sort, seps, gap, account) = if sort_first {
        (
            group(caps, "sort"),
            [group(caps, "s1"), group(caps, "s2")],
            group(caps, "gap"),
            group(caps, "account"),
        )
    } else {
        (
            group(caps, "sort_last"),
            [group(caps, "r1"), group(caps, "r2")],
            group(caps, "gap_rev"),
            group(caps, "account_first"),
        )
    };
    if seps[0] != seps[1] {
        return None;
    }
    // The label right before the sort code: the leading keyword, or the gap when the account
    // number comes first.
    let sort_label = if sort_first {
        mentions(kw, b"sort")
    } else {
        mentions(gap, b"sort")
    };
    let hyphenated = seps[0] == b"-";
    if !sort_label && (!hyphenated || !sort_first) {
        return None; // "NN NN NN", "NNNNNN" and account-first pairs need a sort-code label
    }
    if gap.contains(&b'\n') && !sort_label {
        return None; // pairs across lines only after an explicit label
    }
    let sort = digits(sort);
    let account = digits(account);
    let bank_context = !kw.is_empty() || mentions_bank(gap);
    if !bank_context && is_ddmmyy(&sort) {
        return None; // DD-MM-YY date
    }
    if is_yyyymmdd(&account) {
        return None; // a date or build number
    }
    let normalised = format!(
        "{}{}",
        String::from_utf8_lossy(&sort),
        String::from_utf8_lossy(&account)
    );
    let verdict = Verdict::matched(normalised);
    Some(
        if is_repdigit(&sort) || PLACEHOLDER_SORT_CODES.contains(&sort.as_slice()) {
            verdict.classed(Class::Placeholder, "placeholder sort code")
        } else if is_repdigit(&account) || is_sequential(&account) {
            verdict.classed(Class::Placeholder, "placeholder account number")
        } else {
            verdict
        },
    )
}

/// IBAN length per country code (SWIFT IBAN registry).
const IBAN_LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BI", 27),
    (b"BR", 29),
    (b"BY", 28),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DJ", 27),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FK", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"GT", 28),
    (b"HN", 28),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IQ", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LC", 32),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"LY", 25),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MN", 20),
    (b"MR", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NI", 28),
    (b"NL", 18),
    (b"NO", 15),
    (b"OM", 23),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"RU", 33),
    (b"SA", 24),
    (b"SC", 31),
    (b"SD", 18),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"SO", 23),
    (b"ST", 25),
    (b"SV", 28),
    (b"TL", 23),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"VG", 24),
    (b"XK", 20),
    (b"YE", 30),
];

/// IBANs published as examples (SWIFT registry, banks' and standards' documentation); all
/// pass the checksum and are copied into code everywhere.
const TEST_IBANS: &[&str] = &[
    "GB29NWBK60161331926819",
    "GB82WEST12345698765432",
    "GB33BUKB20201555555555",
    "DE89370400440532013000",
    "FR1420041010050500013M02606",
    "NL91ABNA0417164300",
    "BE68539007547034",
    "ES9121000418450200051332",
    "IT60X0542811101000000123456",
    "IE29AIBK93115212345678",
    "CH9300762011623852957",
    "AT611904300234573201",
    "PL61109010140000071219812874",
    "SE4550000000058398257466",
    "DK5000400440116243",
    "FI2112345600000785",
    "NO9386011117947",
    "PT50000201231234567890154",
    "LU280019400644750000",
];

/// The registry length of an IBAN for `country`.
pub fn iban_length(country: &[u8]) -> Option<usize> {
    IBAN_LENGTHS
        .iter()
        .find(|(code, _)| code.as_slice() == country)
        .map(|&(_, len)| len)
}

/// The IBAN inside a match: the first `len` non-space characters, when the match is exactly
/// that long or goes on after a space (the greedy pattern also swallows a following short
/// token: "BE68 5390 0754 7034 2024", "AT61 ... 3201 EUR"). `None` if spaces are not every
/// four characters throughout (all or nothing).
fn iban_span(raw: &[u8], len: usize) -> Option<Vec<u8>> {
    let mut compact = Vec::with_capacity(len);
    let mut spaces = 0;
    let mut rest = raw.iter();
    for &c in rest.by_ref() {
        if c == b' ' {
            if compact.len() % 4 != 0 {
                return None;
            }
            spaces += 1;
        } else {
            compact.push(c);
            if compact.len() == len {
                break;
            }
        }
    }
    if compact.len() != len {
        return None;
    }
    if let Some(&next) = rest.next() {
        if next != b' ' {
            return None;
        }
    }
    (spaces == 0 || spaces == (len - 1) / 4).then_some(compact)
}

/// Validates an IBAN: known country, registry length, GB layout, MOD 97-10; published
/// examples are TEST.
pub fn iban(caps: &Captures<'_>) -> Option<Verdict> {
    let raw = group(caps, "value");
    let len = iban_length(raw.get(..2)?)?;
    let iban = iban_span(raw, len)?;
    if iban.starts_with(b"GB")
        && !(iban[2..4].iter().all(u8::is_ascii_digit)
            && iban[4..8].iter().all(u8::is_ascii_uppercase)
            && iban[8..].iter().all(u8::is_ascii_digit))
    {
        return None;
    }
    if iban_remainder(&iban)? != 1 {
        return None;
    }
    let normalised = String::from_utf8_lossy(&iban).into_owned();
    let verdict = Verdict::matched(normalised.clone());
    Some(if TEST_IBANS.contains(&normalised.as_str()) {
        verdict.classed(
            Class::Test,
            "published example IBAN (SWIFT registry or bank documentation)",
        )
    } else {
        verdict
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::engine::pii::checksum::iban_check_digits;
    use crate::engine::pii::test_support::{kept, matches, nothing, one};
    use proptest::prelude::*;

    const BANK: &str = "uk-bank-account";
    const REVERSED: &str = "uk-bank-account-reversed";
    const IBAN: &str = "iban";

    /// The one pair either rule keeps in `text`.
    fn bank(text: &str) -> Verdict {
        let mut kept = kept(BANK, text);
        kept.extend(kept_reversed(text));
        assert_eq!(kept.len(), 1, "expected one pair in {text:?}, got {kept:?}");
        kept.remove(0)
    }

    fn kept_reversed(text: &str) -> Vec<Verdict> {
        kept(REVERSED, text)
    }

    fn no_pair(text: &str) {
        nothing(BANK, text);
        nothing(REVERSED, text);
    }

    #[test]
    fn pairs_with_and_without_context() {
        for text in [
            "Sort code: 40-47-84, Account: 70872490",
            r#"sort_code = "20-32-06"; account_number = "13214521""#,
            r#"bank: { sortCode: "30-94-57", accountNumber: "41527963" }"#,
            "Pay to 09-01-28 acct 31926819",
            "20-32-06 / 13214521",
            "J Smith,40-47-84,70872490",
            "Sort code 40 47 84 account number 70872490",
            r#"sortCode: "309457", accountNumber: "41527963""#,
            "Account number: 70872490, sort code: 40-47-84",
        ] {
            assert_eq!(bank(text).class, Class::Match, "{text}");
        }
        assert_eq!(
            bank("Sort code: 40-47-84, Account: 70872490").normalised,
            "40478470872490"
        );
        assert_eq!(
            bank("Account number: 70872490, sort code: 40-47-84").normalised,
            "40478470872490"
        );
    }

    #[test]
    fn pair_across_lines_after_a_label() {
        let yaml = "sortCode: \"309457\"\naccountNumber: \"41527963\"\n";
        assert_eq!(bank(yaml).normalised, "30945741527963");
        no_pair("30-94-57\n\nitems:\n41527963");
        no_pair("41527963\n\n30-94-57");
    }

    #[test]
    fn a_number_before_a_pair_does_not_hide_it() {
        assert_eq!(
            bank("ref 11223344, 40-47-84 / 70872490").normalised,
            "40478470872490"
        );
    }

    #[test]
    fn placeholders() {
        for text in [
            "sort code 00-00-00 account 00000000",
            "sort code 20-00-00 account 12345678",
            "sort code 12-34-56 account 41527963",
            "version 10-20-30 build 12345678",
        ] {
            assert_eq!(bank(text).class, Class::Placeholder, "{text}");
        }
    }

    #[test]
    fn dates_and_lone_sort_codes() {
        for text in [
            "12-03-21 release 20230101",
            "12-03-21 release 41527963",
            "12-34-56",
            "20-32-06 / 20230101",
            "203206 / 13214521",
            "20 32 06 / 13214521",
            "20-32 06 / 13214521",
            "13214521, 20-32-06",
        ] {
            no_pair(text);
        }
    }

    fn iban_verdict(text: &str) -> Verdict {
        one(IBAN, text)
    }

    #[test]
    fn ibans_match() {
        for text in [
            "GB94 BARC 1020 1530 0934 59",
            "GB15MIDL40051512345678",
            "GB85 LOYD 3096 3412 8640 97",
            r#""iban": "GB42HBUK40127655881934""#,
            "IE25 BOFI 9000 1731 5829 46",
        ] {
            assert_eq!(iban_verdict(text).class, Class::Match, "{text}");
        }
        assert_eq!(
            iban_verdict("GB94 BARC 1020 1530 0934 59").normalised,
            "GB94BARC10201530093459"
        );
    }

    #[test]
    fn published_examples_are_test() {
        for text in TEST_IBANS {
            assert_eq!(iban_verdict(text).class, Class::Test, "{text}");
        }
        for text in [
            "GB82 WEST 1234 5698 7654 32",
            "GB29 NWBK 6016 1331 9268 19",
            "DE89 3704 0044 0532 0130 00",
            "FR14 2004 1010 0505 0001 3M02 606",
            "NO93 8601 1117 947",
        ] {
            assert_eq!(iban_verdict(text).class, Class::Test, "{text}");
        }
    }

    #[test]
    fn following_short_token_is_not_part_of_the_iban() {
        assert_eq!(
            iban_verdict("BE68 5390 0754 7034 2024").normalised,
            "BE68539007547034"
        );
        assert_eq!(
            iban_verdict("AT61 1904 3002 3457 3201 EUR").normalised,
            "AT611904300234573201"
        );
        assert_eq!(
            iban_verdict("IBAN GB29 NWBK 6016 1331 9268 19 GBP").normalised,
            "GB29NWBK60161331926819"
        );
    }

    #[test]
    fn iban_negatives() {
        for text in [
            "GB82 WEST 1234 5698 7654 33",
            "AB12 CDEF 1234 5678",
            "GB00ABCD12345612345678",
            "GB94 BARC10201530093459",
            "GB94BARC 1020 1530 0934 59",
            "GB9412341020153009345",
            "GB94BARC102015300934591234",
        ] {
            nothing(IBAN, text);
        }
        assert!(!matches(IBAN, "gb82west12345698765432"));
    }

    fn kept_ibans(text: &str) -> usize {
        kept(IBAN, text).len()
    }

    proptest! {
        #[test]
        fn iban_valid_accepted_and_one_digit_changes_rejected(
            bank in "[A-Z]{4}", account in "[0-9]{14}", spaced in any::<bool>(),
        ) {
            let bban = format!("{bank}{account}");
            let check = iban_check_digits(b"GB", bban.as_bytes()).expect("BBAN is alphanumeric");
            let valid = format!("GB{}{bban}", String::from_utf8_lossy(&check));
            let show = |s: &str| if spaced {
                s.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned())
                    .collect::<Vec<_>>().join(" ")
            } else {
                s.to_string()
            };
            prop_assert_eq!(kept_ibans(&show(&valid)), 1);
            for i in (2..valid.len()).filter(|&i| valid.as_bytes()[i].is_ascii_digit()) {
                for d in b'0'..=b'9' {
                    let mut changed = valid.as_bytes().to_vec();
                    if changed[i] == d { continue; }
                    changed[i] = d;
                    let changed = String::from_utf8(changed).expect("digits are ASCII");
                    prop_assert_eq!(kept_ibans(&show(&changed)), 0, "{}", changed);
                }
            }
        }
    }
}
