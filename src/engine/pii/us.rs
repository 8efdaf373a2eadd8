//! US Social Security numbers (`us-ssn`): the never-issued areas, groups and serials are
//! dropped; the voided wallet and pamphlet numbers are TEST; sequences and repeated digits
//! PLACEHOLDER.
//!
//! Checked (search, 2026): the SSA's randomisation notes as quoted publicly ("SSN
//! randomization will not assign group number 00 or serial number 0000"; random assignment
//! from 25 June 2011; area 000, 666 and 900-999 never issued, 9xx being ITINs). `078-05-1120`
//! (the 1938 Woolworth wallet insert, later voided) and `219-09-9999` (a Social Security
//! Board pamphlet's sample card; secondary accounts give 1940 and 1962) come from snopes and
//! "Now I Know" as quoted in public forums: no SSA page was read.

use regex::bytes::Captures;

use super::checksum::is_repdigit;
use super::groups::group;
use super::shape::{longest_sequence, number};
use crate::engine::verdict::Verdict;
use crate::finding::Class;

/// Numbers printed on sample cards and adopted by thousands of people.
const VOIDED_SAMPLES: [&str; 2] = ["078051120", "219099999"];

/// Judges an SSN candidate. Groups: `area`, `group`, `serial` and the separators `s1`, `s2`
/// (both hyphens, both spaces or both absent).
pub fn us_ssn(caps: &Captures<'_>) -> Option<Verdict> {
    if group(caps, "s1") != group(caps, "s2") {
        return None;
    }
    let (area, grp, serial) = (
        group(caps, "area"),
        group(caps, "group"),
        group(caps, "serial"),
    );
    let area_number = number(area)?;
    if area_number == 0 || area_number == 666 || area_number >= 900 {
        return None;
    }
    if number(grp)? == 0 || number(serial)? == 0 {
        return None;
    }
    let digits = [area, grp, serial].concat();
    let normalised = String::from_utf8_lossy(&digits).into_owned();
    let verdict = Verdict::matched(normalised.clone());
    Some(if VOIDED_SAMPLES.contains(&normalised.as_str()) {
        verdict.classed(
            Class::Test,
            "printed on a sample card (wallet insert or SSA pamphlet) and voided",
        )
    } else if is_repdigit(&digits)
        || longest_sequence(&digits) >= 6
        || [area, grp, serial].iter().all(|part| is_repdigit(part))
    {
        verdict.classed(
            Class::Placeholder,
            "repeated or sequential digits: a placeholder",
        )
    } else {
        verdict
    })
}

#[cfg(test)]
mod tests {
    use super::super::shape::{rule_pattern, run};
    use super::*;
    use std::sync::LazyLock;

    static HYPHENATED: LazyLock<String> = LazyLock::new(|| rule_pattern("us.toml", "us-ssn"));
    static UNFORMATTED: LazyLock<String> =
        LazyLock::new(|| rule_pattern("us.toml", "us-ssn-unformatted"));

    fn judge(pattern: &str, text: &str) -> Option<Verdict> {
        let mut found = run(pattern, us_ssn, text);
        assert!(found.len() <= 1, "one candidate in {text:?}: {found:?}");
        found.pop().map(|(_, v)| v)
    }

    /// Context words are the framework's job (the rules' examples in patterns/pii/us.toml test
    /// them); these cases are the numbers alone.
    #[test]
    fn synthetic_numbers_match() {
        for text in [
            "536-22-1875",
            "412-58-9037",
            r#""a": "245-71-3390""#,
            "601-44-2358",
            "304-19-8812",
            "773-01-0001",
        ] {
            let verdict = judge(&HYPHENATED, text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(verdict.class, Class::Match, "{text}");
        }
        assert_eq!(
            judge(&HYPHENATED, "536-22-1875")
                .expect("test value")
                .normalised,
            "536221875"
        );
        assert_eq!(
            judge(&UNFORMATTED, "536 22 1875")
                .expect("test value")
                .normalised,
            "536221875"
        );
        assert_eq!(
            judge(&UNFORMATTED, "536221875").expect("test value").class,
            Class::Match
        );
    }

    #[test]
    fn never_issued_numbers_are_dropped() {
        for text in [
            "000-12-3456",
            "666-12-3456",
            "900-12-3456",
            "987-65-4321",
            "123-00-4567",
            "123-45-0000",
            "2023-01-15",
            "1-800-55-1234",
            "536-22-1875-2",
            "v1.536-22-1875",
        ] {
            assert!(judge(&HYPHENATED, text).is_none(), "{text}");
        }
        assert!(judge(&UNFORMATTED, "536 221875").is_none());
        assert!(judge(&UNFORMATTED, "5362218751").is_none());
    }

    #[test]
    fn samples_and_placeholders() {
        for text in ["078-05-1120", "219-09-9999"] {
            assert_eq!(
                judge(&HYPHENATED, text).expect("test value").class,
                Class::Test,
                "{text}"
            );
        }
        for text in ["123-45-6789", "555-55-5555", "111-11-1111", "111-22-3333"] {
            assert_eq!(
                judge(&HYPHENATED, text).expect("test value").class,
                Class::Placeholder,
                "{text}"
            );
        }
    }
}
