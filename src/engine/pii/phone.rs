//! UK telephone numbers (`uk-phone`): the national significant number's length by its first
//! digit, consistent separators, Ofcom's numbers reserved for drama (TEST), repeated and
//! sequential placeholders (PLACEHOLDER), and the number's type as a score adjustment
//! (the rule's base is the mobile score; geographic and non-geographic numbers score less).
//!
//! The drama table: Ofcom's page ("Telephone numbers for use in TV and radio drama
//! programmes", ofcom.org.uk/phones-and-broadband/phone-numbers/numbers-for-drama) could not be
//! read directly. Checked instead (search, 2026): the BBC's account of the reservation (20,000
//! numbers: 15,000 geographic incl. Leeds, London, Bristol, Tyneside and Northern Ireland;
//! 4,000 in 07700, 08081, 0909 and 03069; 1,000 in 01632) and two independent public copies of
//! Ofcom's table (a PHP number picker and a test-data Markdown table) that agree on every block
//! below, including Tyneside 0191 498 and Northern Ireland 028 9018.

use regex::bytes::Captures;

use super::checksum::is_repdigit;
use super::groups::value;
use super::shape::longest_sequence;
use crate::engine::verdict::Verdict;
use crate::finding::Class;

/// Ofcom's drama blocks: the first 8 digits of the 11-digit national number (each block is
/// the 1,000 numbers that follow) and where the block belongs.
pub const DRAMA_PREFIXES: [(&str, &str); 20] = [
    ("01134960", "Leeds 0113 496 0xxx"),
    ("01144960", "Sheffield 0114 496 0xxx"),
    ("01154960", "Nottingham 0115 496 0xxx"),
    ("01164960", "Leicester 0116 496 0xxx"),
    ("01174960", "Bristol 0117 496 0xxx"),
    ("01184960", "Reading 0118 496 0xxx"),
    ("01214960", "Birmingham 0121 496 0xxx"),
    ("01314960", "Edinburgh 0131 496 0xxx"),
    ("01414960", "Glasgow 0141 496 0xxx"),
    ("01514960", "Liverpool 0151 496 0xxx"),
    ("01614960", "Manchester 0161 496 0xxx"),
    ("02079460", "London 020 7946 0xxx"),
    ("01914980", "Tyneside 0191 498 0xxx"),
    ("02890180", "Northern Ireland 028 9018 0xxx"),
    ("02920180", "Cardiff 029 2018 0xxx"),
    ("01632960", "no area, 01632 960xxx"),
    ("07700900", "mobile 07700 900xxx"),
    ("08081570", "freephone 08081 570xxx"),
    ("09098790", "premium rate 0909 879 0xxx"),
    ("03069990", "UK-wide 03069 990xxx"),
];

/// Score adjustments relative to the rule's base (the mobile score, 45): geographic numbers
/// score 40, personal numbering (070) and pagers (076) 25 (alone they drop below info).
const GEOGRAPHIC: i32 = -5;
const NON_GEOGRAPHIC: i32 = -20;
/// Organisations' numbers score 10: 03 (public bodies, charities, businesses), 05 (corporate),
/// 08 (freephone, special rates) and 09 (premium rate) are never a person's line, so even
/// beside "call" or "tel" they reach only info (the helpline in a README).
const ORGANISATION: i32 = -35;
/// `01632` outside the drama block: the area code is fictional, but only 960xxx is reserved.
const FICTIONAL_AREA: i32 = -10;

/// Judges a UK telephone number candidate.
pub fn uk_phone(caps: &Captures<'_>) -> Option<Verdict> {
    let number = Written::parse(value(caps))?;
    let nsn = number.nsn.as_slice();
    if !length_fits(nsn) {
        return None;
    }
    let national = format!("0{}", String::from_utf8_lossy(nsn));
    if let Some((_, block)) = DRAMA_PREFIXES
        .iter()
        .find(|(prefix, _)| national.len() == 11 && national.starts_with(prefix))
    {
        return Some(Verdict::matched(national).classed(
            Class::Test,
            format!("Ofcom drama number ({block}): reserved for fiction, never allocated"),
        ));
    }
    if let Some(why) = placeholder(nsn) {
        return Some(Verdict::matched(national).classed(Class::Placeholder, why));
    }
    let kind = kind_adjustment(nsn);
    let verdict = Verdict::matched(national.clone()).adjusted(kind);
    Some(if kind == ORGANISATION {
        Verdict {
            note: Some("an organisation's number (03, 05, 08 or 09), not a person's".into()),
            ..verdict
        }
    } else if national.starts_with("01632") {
        Verdict {
            note: Some("01632 is a fictional area code, but only 01632 960xxx is reserved".into()),
            ..verdict.adjusted(FICTIONAL_AREA)
        }
    } else {
        verdict
    })
}

/// A candidate as written: its national significant number and how it was grouped.
struct Written {
    nsn: Vec<u8>,
}

impl Written {
    /// Strips `+44`, `0044` (each with an optional `(0)`) or the trunk `0`, then checks the
    /// separators: one kind only (space, hyphen or dot) after the country code, parentheses
    /// only around a national area code, and never the French pairs (`01 23 45 67 89`).
    fn parse(raw: &[u8]) -> Option<Written> {
        let (rest, national) = if let Some(rest) = raw.strip_prefix(b"+44") {
            (skip_trunk(rest), false)
        } else if let Some(rest) = raw.strip_prefix(b"0044") {
            (skip_trunk(rest), false)
        } else if let Some(rest) = raw.strip_prefix(b"(0") {
            (rest, true)
        } else {
            (raw.strip_prefix(b"0")?, false)
        };
        let opened = national;
        let closes = rest.iter().filter(|&&b| b == b')').count();
        if closes != usize::from(opened) {
            return None;
        }
        let mut separators = rest.iter().filter(|b| matches!(b, b' ' | b'-' | b'.'));
        if let Some(first) = separators.next() {
            if separators.any(|s| s != first) {
                return None;
            }
        }
        let groups: Vec<usize> = rest
            .split(|b| !b.is_ascii_digit())
            .map(<[u8]>::len)
            .filter(|&n| n > 0)
            .collect();
        if groups.len() >= 4 && groups.iter().all(|&n| n <= 2) {
            return None;
        }
        let nsn = rest.iter().copied().filter(u8::is_ascii_digit).collect();
        Some(Written { nsn })
    }
}

/// After `+44`/`0044`: an optional separator, then an optional `(0)` and separator.
fn skip_trunk(rest: &[u8]) -> &[u8] {
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    let rest = rest
        .strip_prefix(b"-")
        .or_else(|| rest.strip_prefix(b"."))
        .unwrap_or(rest);
    match rest.strip_prefix(b"(0)") {
        Some(after) => after
            .strip_prefix(b" ")
            .or_else(|| after.strip_prefix(b"-"))
            .or_else(|| after.strip_prefix(b"."))
            .unwrap_or(after),
        None => rest,
    }
}

/// The national significant number's length by its first digit: 1 -> 9 or 10 (a few small
/// exchanges have 9), 8 -> 9 or 10 (`0800 xxx xxx`), 2, 3, 5, 7, 9 -> 10; 4 and 6 are unused.
fn length_fits(nsn: &[u8]) -> bool {
    matches!(
        (nsn.first(), nsn.len()),
        (Some(b'1' | b'8'), 9 | 10) | (Some(b'2' | b'3' | b'5' | b'7' | b'9'), 10)
    )
}

/// Why the number is a stand-in, if it is: repeated digits, an ascending or descending run of
/// six or more (`07911 123456`, `01234 567890`), or a subscriber part of one repeated digit.
fn placeholder(nsn: &[u8]) -> Option<&'static str> {
    if is_repdigit(nsn) {
        return Some("repeated digits: a placeholder, not a number");
    }
    if longest_sequence(nsn) >= 6 {
        return Some("sequential digits: a format example, not a number");
    }
    if is_repdigit(&nsn[nsn.len().saturating_sub(6)..]) {
        return Some("subscriber part is one repeated digit: a placeholder");
    }
    None
}

/// Mobile (071-075, 077-079, Isle of Man 07624) keeps the base score; geographic (01, 02),
/// personal numbering (070) and pager (076) numbers score less, organisations' (03, 05, 08,
/// 09) least.
fn kind_adjustment(nsn: &[u8]) -> i32 {
    match nsn {
        [b'7', b'1'..=b'5' | b'7'..=b'9', ..] | [b'7', b'6', b'2', b'4', ..] => 0,
        [b'1' | b'2', ..] => GEOGRAPHIC,
        [b'3' | b'5' | b'8' | b'9', ..] => ORGANISATION,
        _ => NON_GEOGRAPHIC,
    }
}

#[cfg(test)]
mod tests {
    use super::super::shape::{rule_pattern, run};
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static PATTERN: LazyLock<String> = LazyLock::new(|| rule_pattern("contact.toml", "uk-phone"));

    fn judge(text: &str) -> Option<Verdict> {
        let mut found = run(&PATTERN, uk_phone, text);
        assert!(found.len() <= 1, "one candidate in {text:?}: {found:?}");
        found.pop().map(|(_, verdict)| verdict)
    }

    fn class(text: &str) -> Option<Class> {
        judge(text).map(|v| v.class)
    }

    #[test]
    fn real_looking_numbers_match_with_their_type() {
        let first = judge(r#""+44 7911 638204""#).expect("test value");
        assert_eq!((first.class, first.adjust), (Class::Match, 0));
        assert_eq!(first.normalised, "07911638204");
        let london = judge("020 7183 2946").expect("test value");
        assert_eq!((london.class, london.adjust), (Class::Match, GEOGRAPHIC));
        assert_eq!(london.normalised, "02071832946");
        assert_eq!(
            judge("+44 (0)7911 638204").expect("test value").normalised,
            "07911638204"
        );
        assert_eq!(judge("07911638204").expect("test value").adjust, 0);
        assert_eq!(
            judge("(020) 7183 2946").expect("test value").adjust,
            GEOGRAPHIC
        );
        assert_eq!(
            judge("id=07911638204").expect("test value").class,
            Class::Match
        );
        assert_eq!(
            judge("0044 7911 638204").expect("test value").normalised,
            "07911638204"
        );
        assert_eq!(
            judge("020-7183-2946").expect("test value").class,
            Class::Match
        );
        assert_eq!(
            judge("0300 123 3000").expect("test value").adjust,
            ORGANISATION
        );
        assert_eq!(
            judge("0800 731 8012").expect("test value").adjust,
            ORGANISATION
        );
        assert_eq!(
            judge("0800 731 801").expect("test value").adjust,
            ORGANISATION
        );
        assert_eq!(judge("07624 384910").expect("test value").adjust, 0);
        assert_eq!(
            judge("07624 384910").expect("test value").normalised,
            "07624384910"
        );
        assert_eq!(
            judge("07693 384910").expect("test value").adjust,
            NON_GEOGRAPHIC
        );
        assert_eq!(
            judge("07031 384910").expect("test value").adjust,
            NON_GEOGRAPHIC
        );
    }

    #[test]
    fn drama_numbers_are_test_values() {
        for text in [
            "07700 900123",
            "+44 7700 900123",
            "020 7946 0123",
            "0161 496 0999",
            "0113 496 0000",
            "028 9018 0500",
            "01632 960001",
            "08081 570123",
            "0909 879 0123",
            "03069 990123",
            "0191 498 0456",
            "029 2018 0321",
        ] {
            let verdict = judge(text).unwrap_or_else(|| panic!("{text} matches"));
            assert_eq!(verdict.class, Class::Test, "{text}");
            assert!(
                verdict.note.expect("test value").contains("Ofcom drama"),
                "{text}"
            );
        }
    }

    #[test]
    fn other_01632_numbers_match_lower() {
        let verdict = judge("01632 123987").expect("test value");
        assert_eq!(verdict.class, Class::Match);
        assert_eq!(verdict.adjust, GEOGRAPHIC + FICTIONAL_AREA);
        assert!(verdict.note.expect("test value").contains("960xxx"));
    }

    #[test]
    fn placeholders() {
        for text in [
            "01234 567890",
            "07911 123456",
            "+44 7911 123456",
            "020 7123 4567",
            "07777 777777",
            "0161 000 0000",
            "07911 000000",
            "07987 654321",
        ] {
            assert_eq!(class(text), Some(Class::Placeholder), "{text}");
        }
    }

    #[test]
    fn spec_negatives_never_match() {
        for text in [
            "v1.07911123456",
            "0.12345678901",
            "12345678901",
            "0601 234567",
            "07911 12345",
            "0407 123 4567",
            "020 7183-2946",
            "01 23 45 67 89",
            "+33 1 23 45 67 89",
            "020) 7183 2946",
            "(020 7183 2946",
            "x07911638204",
            "07911638204123",
            "a_07911638204",
        ] {
            assert_eq!(class(text), None, "{text}");
        }
    }

    #[test]
    fn separators_after_the_country_code_may_differ() {
        assert_eq!(class("+44-20-7183-2946"), Some(Class::Match));
        assert_eq!(class("+44.20.7183.2946"), Some(Class::Match));
        assert_eq!(class("+44 (0)20-7183-2946"), Some(Class::Match));
        assert_eq!(class("+44 20-7183 2946"), None);
    }

    /// Writes `national` (11 digits) the way people do: grouped national, international,
    /// `(0)` and bare forms.
    fn written(national: &str, style: usize) -> String {
        let nsn = &national[1..];
        match style {
            0 => national.to_string(),
            1 => format!("{} {}", &national[..5], &national[5..]),
            2 => format!("+44 {} {}", &nsn[..4], &nsn[4..]),
            3 => format!("+44 (0){} {}", &nsn[..4], &nsn[4..]),
            4 => format!("0044{nsn}"),
            _ => format!("{}-{}-{}", &national[..4], &national[4..7], &national[7..]),
        }
    }

    proptest! {
        #[test]
        fn generated_drama_numbers_are_test(block in 0..DRAMA_PREFIXES.len(), n in 0u32..1000, style in 0usize..6) {
            let national = format!("{}{n:03}", DRAMA_PREFIXES[block].0);
            let text = format!("call {} today", written(&national, style));
            let verdict = judge(&text);
            prop_assert!(verdict.is_some(), "{} matches", text);
            let verdict = verdict.expect("test value");
            prop_assert_eq!(verdict.class, Class::Test);
            prop_assert_eq!(verdict.normalised, national);
        }

        #[test]
        fn numbers_next_to_a_drama_block_are_not_test(block in 0..DRAMA_PREFIXES.len(), n in 0u32..1000) {
            let prefix = DRAMA_PREFIXES[block].0;
            let last: u32 = prefix[7..].parse().expect("test value");
            let national = format!("{}{}{n:03}", &prefix[..7], (last + 1) % 10);
            let verdict = judge(&written(&national, 1));
            prop_assert!(!matches!(verdict, Some(v) if v.class == Class::Test));
        }
    }
}
