//! Travel and driving documents: UK passport numbers (`uk-passport`, found only next to a
//! passport word), passport machine-readable zones (`mrz-td3-line1`, `mrz-td3-line2`: ICAO
//! 9303 check digits) and GB driving licence numbers (`uk-driving-licence`: surname, date of
//! birth and separator structure).
//!
//! Sources checked (search, 2026):
//! - ICAO Doc 9303 (7th edition 2015 and 8th edition 2021, Part 3): check digits weight 7, 3,
//!   1 repeating, `0-9` -> 0-9, `A-Z` -> 10-35, `<` -> 0, modulus 10; the specimen passport of
//!   the fictional state Utopia (`UTO`, document `L898902C3`, ERIKSSON ANNA MARIA) and its
//!   line 2 `L898902C36UTO7408122F1204159ZE184226B<<<<<10`.
//! - Passport number: GOV.UK "basic passport checks" and the NHS Data Dictionary "Passport
//!   Number (New)" (9 digits) as quoted by secondary sources; older numbers were one letter +
//!   6 digits (criminaljusticehub.org.uk; it also lists 6 digits + 1 letter). No HM Passport
//!   Office page was found, so all three shapes of the spec are kept, context-only.
//! - Driving licence: DVLA's leaflet "How to check your driver number" as reproduced publicly
//!   (`MORGA 657054 SM 9IJ`: 5 surname letters padded with 9, decade, month +5 in the tens
//!   digit for women, day, year digit, two initials padded with 9, then computer check
//!   characters; the issue number "is not part of the driver number"). No DVLA page was read
//!   directly; the check-character algorithm is not public.

use regex::bytes::Captures;

use super::checksum::{days_in_month, is_repdigit};
use super::groups::{group, value};
use super::shape::{longest_sequence, number};
use crate::engine::verdict::Verdict;
use crate::finding::Class;

/// Documentation examples of GB driver numbers: DVLA's leaflet and the encyclopaedia example.
const PUBLISHED_DRIVER_NUMBERS: [&str; 2] = ["MORGA657054SM9IJ", "MORGA753116SM9IJ"];

/// ICAO's specimen document number (state `UTO`).
const SPECIMEN_DOCUMENT: &[u8] = b"L898902C3";

/// Judges a passport number found next to a passport word: real-looking unless its digits are
/// a placeholder.
pub fn uk_passport_number(caps: &Captures<'_>) -> Option<Verdict> {
    let found = value(caps).to_ascii_uppercase();
    let digits: Vec<u8> = found.iter().copied().filter(u8::is_ascii_digit).collect();
    let verdict = Verdict::matched(String::from_utf8_lossy(&found).into_owned());
    Some(match number_placeholder(&digits) {
        Some(why) => verdict.classed(Class::Placeholder, why),
        None => verdict,
    })
}

/// Why a document number's digits are a stand-in: all zeros, one repeated digit, or a run of
/// six or more ascending or descending digits (`123456789`, `AB1234567`).
fn number_placeholder(digits: &[u8]) -> Option<&'static str> {
    if is_repdigit(digits) {
        Some("repeated digits: a placeholder document number")
    } else if longest_sequence(digits) >= 6 {
        Some("sequential digits: a placeholder document number")
    } else {
        None
    }
}

/// ICAO 9303 character value: digits 0-9, letters 10-35, filler `<` 0.
fn mrz_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// ICAO 9303 check digit of `field` (weights 7, 3, 1 repeating, modulus 10), as an ASCII digit.
pub fn mrz_check_digit(field: &[u8]) -> Option<u8> {
    let mut sum = 0;
    for (i, &c) in field.iter().enumerate() {
        sum += mrz_value(c)? * [7, 3, 1][i % 3];
    }
    Some(b'0' + (sum % 10) as u8)
}

fn checks(field: &[u8], digit: &[u8]) -> bool {
    digit.len() == 1 && mrz_check_digit(field) == Some(digit[0])
}

/// `YYMMDD` with a real month and a day that month can have (29 February always allowed:
/// the century is unknown).
fn mrz_date(date: &[u8]) -> bool {
    if date.len() != 6 {
        return false;
    }
    match (number(&date[2..4]), number(&date[4..6])) {
        (Some(month), Some(day)) => (1..=days_in_month(2000, month)).contains(&day),
        _ => false,
    }
}

/// Judges the second line of a passport MRZ (TD3): every check digit (document number, date of
/// birth, expiry, personal number, composite) and both dates must be right. Groups: `doc`,
/// `doc_check`, `nationality`, `birth`, `birth_check`, `sex`, `expiry`, `expiry_check`,
/// `personal`, `personal_check`, `composite`.
pub fn mrz_line2(caps: &Captures<'_>) -> Option<Verdict> {
    let g = |name| group(caps, name);
    let personal_ok = (g("personal_check") == b"<" && g("personal").iter().all(|&c| c == b'<'))
        || checks(g("personal"), g("personal_check"));
    let composite: Vec<u8> = [
        g("doc"),
        g("doc_check"),
        g("birth"),
        g("birth_check"),
        g("expiry"),
        g("expiry_check"),
        g("personal"),
        g("personal_check"),
    ]
    .concat();
    let valid = checks(g("doc"), g("doc_check"))
        && checks(g("birth"), g("birth_check"))
        && checks(g("expiry"), g("expiry_check"))
        && personal_ok
        && checks(&composite, g("composite"))
        && mrz_date(g("birth"))
        && mrz_date(g("expiry"));
    if !valid {
        return None;
    }
    let verdict = Verdict::matched(String::from_utf8_lossy(value(caps)).into_owned());
    let doc_digits: Vec<u8> = g("doc")
        .iter()
        .copied()
        .filter(u8::is_ascii_digit)
        .collect();
    Some(
        if g("nationality") == b"UTO" || g("doc") == SPECIMEN_DOCUMENT {
            verdict.classed(Class::Test, "ICAO specimen passport (Utopia, UTO)")
        } else if let Some(why) = number_placeholder(&doc_digits) {
            verdict.classed(Class::Placeholder, why)
        } else {
            verdict
        },
    )
}

/// Judges the first line of a passport MRZ (TD3): `P`, a type character, the issuing state and
/// a name field with the `<<` surname separator and a name starting with a letter. Groups:
/// `state`, `name`.
pub fn mrz_line1(caps: &Captures<'_>) -> Option<Verdict> {
    let (state, name) = (group(caps, "state"), group(caps, "name"));
    let names_a_person = name.first().is_some_and(u8::is_ascii_uppercase)
        && name.windows(2).any(|w| w == b"<<")
        && state.first().is_some_and(u8::is_ascii_uppercase);
    if !names_a_person {
        return None;
    }
    let verdict = Verdict::matched(String::from_utf8_lossy(value(caps)).into_owned());
    Some(if state == b"UTO" {
        verdict.classed(Class::Test, "ICAO specimen passport (Utopia, UTO)")
    } else if name.windows(8).any(|w| w == b"SPECIMEN") {
        verdict.classed(Class::Test, "specimen passport (name field says SPECIMEN)")
    } else {
        verdict
    })
}

/// Judges a GB driver number. Groups: `surname` (5), `s1`, `decade`, `month`, `day`, `year`,
/// `s2`, `initials`, `s3`, `digit`, `check` (2), optional `issue`.
pub fn uk_driving_licence(caps: &Captures<'_>) -> Option<Verdict> {
    let g = |name| group(caps, name);
    let surname = g("surname");
    let letters = surname
        .iter()
        .take_while(|c| c.is_ascii_uppercase())
        .count();
    if letters == 0 || surname[letters..].iter().any(|&c| c != b'9') {
        return None;
    }
    let separators_ok = match (g("s1"), g("s2")) {
        (b"", b"") => g("s3").is_empty(),
        (b" ", b" ") => true,
        _ => false,
    };
    if !separators_ok {
        return None;
    }
    let month = number(g("month"))?;
    let month = if month > 50 { month - 50 } else { month };
    let day = number(g("day"))?;
    if !(1..=days_in_month(2000, month)).contains(&day) {
        return None;
    }
    let driver_number: String = [
        surname,
        g("decade"),
        g("month"),
        g("day"),
        g("year"),
        g("initials"),
        g("digit"),
        g("check"),
    ]
    .iter()
    .map(|part| String::from_utf8_lossy(part))
    .collect();
    let published = PUBLISHED_DRIVER_NUMBERS.contains(&driver_number.as_str());
    let verdict = Verdict::matched(driver_number);
    Some(if published {
        verdict.classed(
            Class::Test,
            "published example driver number (DVLA leaflet / encyclopaedia)",
        )
    } else {
        verdict
    })
}

#[cfg(test)]
mod tests {
    use super::super::shape::{rule_pattern, run};
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static PASSPORT: LazyLock<String> =
        LazyLock::new(|| rule_pattern("travel.toml", "uk-passport"));
    static LINE2: LazyLock<String> = LazyLock::new(|| rule_pattern("travel.toml", "passport-mrz"));
    static LINE1: LazyLock<String> =
        LazyLock::new(|| rule_pattern("travel.toml", "passport-mrz-name"));
    static LICENCE: LazyLock<String> =
        LazyLock::new(|| rule_pattern("travel.toml", "uk-driving-licence"));

    fn one(
        pattern: &str,
        validator: crate::engine::verdict::ScoredValidator,
        text: &str,
    ) -> Option<Verdict> {
        let mut found = run(pattern, validator, text);
        assert!(found.len() <= 1, "one candidate in {text:?}: {found:?}");
        found.pop().map(|(_, v)| v)
    }

    #[test]
    fn check_digits_of_the_icao_specimen() {
        assert_eq!(mrz_check_digit(b"L898902C3"), Some(b'6'));
        assert_eq!(mrz_check_digit(b"740812"), Some(b'2'));
        assert_eq!(mrz_check_digit(b"120415"), Some(b'9'));
        assert_eq!(mrz_check_digit(b"ZE184226B<<<<<"), Some(b'1'));
        assert_eq!(mrz_check_digit(b"L898902C<"), Some(b'3'));
        assert_eq!(mrz_check_digit(b"a"), None);
    }

    #[test]
    fn icao_specimens_are_test() {
        for line in [
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
            "L898902C<3UTO6908061F9406236ZE184226B<<<<<14",
        ] {
            let verdict = one(&LINE2, mrz_line2, line).unwrap_or_else(|| panic!("{line} valid"));
            assert_eq!(verdict.class, Class::Test, "{line}");
        }
        let line1 = one(
            &LINE1,
            mrz_line1,
            "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
        )
        .expect("test value");
        assert_eq!(line1.class, Class::Test);
        let specimen = one(
            &LINE1,
            mrz_line1,
            "P<GBRUK<SPECIMEN<<ANGELA<ZOE<<<<<<<<<<<<<<<<",
        )
        .expect("test value");
        assert_eq!(specimen.class, Class::Test);
        assert!(specimen.note.expect("test value").contains("SPECIMEN"));
    }

    #[test]
    fn synthetic_gb_mrz_matches() {
        let line2 = synthetic_line2();
        assert_eq!(
            line2,
            ["9128034566GBR", "8503150M", "3104127", &"<".repeat(15), "6"].concat()
        );
        let verdict = one(&LINE2, mrz_line2, &line2).expect("test value");
        assert_eq!(verdict.class, Class::Match);
        assert_eq!(verdict.normalised, line2);
        let embedded = format!("mrz: \"{line2}\"");
        assert_eq!(
            one(&LINE2, mrz_line2, &embedded).expect("test value").class,
            Class::Match
        );
        let line1 = format!("P<GBR{:<<39}", "SMITH<<JANE<ANNE");
        assert_eq!(
            one(&LINE1, mrz_line1, &line1).expect("test value").class,
            Class::Match
        );
    }

    /// The spec's synthetic GB line 2 (built here so that the source holds no valid MRZ),
    /// with `<` for the check digit of an empty personal number, as passports print it (`<`
    /// and `0` have the same value).
    fn synthetic_line2() -> String {
        let line = mrz_line(
            b"912803456",
            b"GBR",
            b"850315",
            b'M',
            b"310412",
            &[b'<'; 14],
        );
        changed(&line, 42, b'<')
    }

    /// `line` with the byte at `at` replaced.
    fn changed(line: &str, at: usize, to: u8) -> String {
        let mut bytes = line.as_bytes().to_vec();
        bytes[at] = to;
        String::from_utf8(bytes).expect("ASCII")
    }

    #[test]
    fn broken_mrz_is_dropped() {
        let good = synthetic_line2();
        for line in [
            "L898902C36UTO7408122F1204159ZE184226B<<<<<11".to_string(),
            changed(&good, 43, b'7'),
            changed(&good, 8, b'7'),
            changed(&good, 15, b'1'),
            format!("X{good}"),
        ] {
            assert!(one(&LINE2, mrz_line2, &line).is_none(), "{line}");
        }
        for line in [
            "PXGBRABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJKLM",
            "P<GBR<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<",
        ] {
            assert!(one(&LINE1, mrz_line1, line).is_none(), "{line}");
        }
    }

    #[test]
    fn mrz_placeholder_document_number() {
        let doc = b"123456789";
        let line = mrz_line(doc, b"GBR", b"850315", b'M', b"310412", b"<<<<<<<<<<<<<<");
        assert_eq!(
            one(&LINE2, mrz_line2, &line).expect("test value").class,
            Class::Placeholder
        );
    }

    /// Context words are the framework's job (the rules' examples in patterns/pii/travel.toml
    /// test them); these cases are the values alone.
    #[test]
    fn document_numbers() {
        for text in [r#"{"a": "912803456"}"#, "ZX7305816", "A304918"] {
            assert_eq!(
                one(&PASSPORT, uk_passport_number, text)
                    .expect("test value")
                    .class,
                Class::Match,
                "{text}"
            );
        }
        for text in ["123456789", "AB1234567", "000000000", "987654321"] {
            assert_eq!(
                one(&PASSPORT, uk_passport_number, text)
                    .expect("test value")
                    .class,
                Class::Placeholder,
                "{text}"
            );
        }
        assert!(one(&PASSPORT, uk_passport_number, "9128034561").is_none());
        assert!(one(&PASSPORT, uk_passport_number, "zx7305816").is_none());
    }

    /// Driver numbers are built from their parts (surname, date digits, initials and check
    /// characters) so that the source holds none whole.
    fn driver(parts: &[&str]) -> String {
        parts.concat()
    }

    #[test]
    fn driving_licences() {
        for parts in [
            &["SMITH", "701251", "JJ9AB"][..],
            &["\"", "SMITH", "701251", "JJ9AB 03\""],
            &["LEE99", "755315", "A99XY"],
            &["JONES", "852103", "AB9CD"],
            &["SMITH", "751251", "JJ9AB"],
            &["SMITH ", "701251 ", "JJ 9AB"],
            &["SMITH", "702291", "JJ9AB"],
        ] {
            let text = driver(parts);
            let verdict =
                one(&LICENCE, uk_driving_licence, &text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(verdict.class, Class::Match, "{text}");
            assert_eq!(verdict.normalised.len(), 16, "{text}");
        }
        let whole = driver(&["SMITH", "701251", "JJ9AB"]);
        for text in [
            driver(&["SMITH ", "701251 ", "JJ 9AB"]),
            driver(&["SMITH", "701251", "JJ9AB", " 03"]),
        ] {
            let verdict = one(&LICENCE, uk_driving_licence, &text).expect("test value");
            assert_eq!(verdict.normalised, whole);
        }
        for text in [
            "MORGA 657054 SM 9IJ",
            "MORGA753116SM9IJ 35",
            "MORGA657054SM9IJ",
            "MORGA 753116 SM9IJ",
        ] {
            assert_eq!(
                one(&LICENCE, uk_driving_licence, text)
                    .expect("test value")
                    .class,
                Class::Test,
                "{text}"
            );
        }
        for text in [
            "99999701251JJ9AB",
            "SM1TH701251JJ9AB",
            "SMITH713251JJ9AB",
            "SMITH702301JJ9AB",
            "SMITH704311JJ9AB",
            "JBSWY3DPEHPK3PXP",
            "ABCDE123456789AB",
            "SMITH 701251JJ 9AB",
            "SMITH701251 JJ9AB",
            "SMITH701251JJ 9AB",
            "S9ITH701251JJ9AB",
            "smith701251jj9ab",
        ] {
            assert!(one(&LICENCE, uk_driving_licence, text).is_none(), "{text}");
        }
    }

    /// A TD3 line 2 with every check digit computed.
    fn mrz_line(
        doc: &[u8],
        nationality: &[u8],
        birth: &[u8],
        sex: u8,
        expiry: &[u8],
        personal: &[u8],
    ) -> String {
        let digit = |f: &[u8]| mrz_check_digit(f).expect("test value");
        let mut line = Vec::new();
        line.extend_from_slice(doc);
        line.push(digit(doc));
        line.extend_from_slice(nationality);
        line.extend_from_slice(birth);
        line.push(digit(birth));
        line.push(sex);
        line.extend_from_slice(expiry);
        line.push(digit(expiry));
        line.extend_from_slice(personal);
        line.push(digit(personal));
        let composite: Vec<u8> = [&line[0..10], &line[13..20], &line[21..43]].concat();
        line.push(digit(&composite));
        String::from_utf8(line).expect("test value")
    }

    fn field(alphabet: &'static str, len: usize) -> impl Strategy<Value = Vec<u8>> {
        proptest::collection::vec(proptest::sample::select(alphabet.as_bytes().to_vec()), len)
    }

    fn date() -> impl Strategy<Value = Vec<u8>> {
        (0u32..100, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| format!("{y:02}{m:02}{d:02}").into_bytes())
    }

    proptest! {
        #[test]
        fn generated_lines_pass_and_any_changed_digit_fails(
            doc in field("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", 9),
            nationality in field("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 3),
            birth in date(),
            sex in proptest::sample::select(b"MFX<".to_vec()),
            expiry in date(),
            personal in field("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", 14),
            position in 0usize..44,
            bump in 1u8..10,
        ) {
            let line = mrz_line(&doc, &nationality, &birth, sex, &expiry, &personal);
            prop_assert_eq!(line.len(), 44);
            prop_assert!(one(&LINE2, mrz_line2, &line).is_some(), "{} accepted", line);
            let mut changed = line.clone().into_bytes();
            if changed[position].is_ascii_digit() {
                changed[position] = b'0' + (changed[position] - b'0' + bump) % 10;
                let changed = String::from_utf8(changed).expect("test value");
                prop_assert!(one(&LINE2, mrz_line2, &changed).is_none(), "{} rejected", changed);
            }
        }
    }
}
