//! Dates of birth (`dob`, context-only: the rules fire only next to a date-of-birth word): a
//! real calendar date, not in the future, at most 120 years ago, with matching separators;
//! epoch and "start of century" defaults are PLACEHOLDER.
//!
//! One validator serves the three date shapes. Groups: `y`, `d`, and either `m` (digits) or
//! `mon` (an English month name); slashed dates also give `first`, `second` (the two day or
//! month numbers, UK order first) and separators `s1`, `s2`.

use regex::bytes::Captures;

use super::shape::{days_in_month, group, number};
use crate::date::Date;
use crate::engine::verdict::Verdict;
use crate::finding::Class;

/// Library and database defaults that mean "no date".
const PLACEHOLDER_DATES: [&str; 4] = ["1970-01-01", "1900-01-01", "1901-01-01", "2000-01-01"];

/// The oldest age accepted.
const MAX_AGE: i32 = 120;

/// Judges a date next to a date-of-birth word.
pub fn date_of_birth(caps: &Captures<'_>) -> Option<Verdict> {
    date_of_birth_on(caps, Date::today())
}

fn date_of_birth_on(caps: &Captures<'_>, today: Date) -> Option<Verdict> {
    if group(caps, "s1") != group(caps, "s2") {
        return None;
    }
    let year = number(group(caps, "y"))?;
    let (month, day) = month_and_day(caps, year)?;
    let date = Date {
        year: i32::try_from(year).ok()?,
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
    };
    let normalised = date.to_string();
    if PLACEHOLDER_DATES.contains(&normalised.as_str()) {
        return Some(Verdict::matched(normalised).classed(
            Class::Placeholder,
            "a default date (epoch or century start)",
        ));
    }
    if date > today || date.year < today.year - MAX_AGE {
        return None;
    }
    Some(Verdict::matched(normalised))
}

/// The month and day: ISO and named-month dates say which is which; slashed dates are read
/// in UK order (day first) and, when that is no date, in US order (`12/31/1990`).
fn month_and_day(caps: &Captures<'_>, year: u32) -> Option<(u32, u32)> {
    let valid = |month: u32, day: u32| {
        days_in_month(year, month).is_some_and(|last| (1..=last).contains(&day))
    };
    let pair = if !group(caps, "first").is_empty() {
        let (first, second) = (
            number(group(caps, "first"))?,
            number(group(caps, "second"))?,
        );
        if valid(second, first) {
            (second, first)
        } else {
            (first, second)
        }
    } else if !group(caps, "mon").is_empty() {
        (month_named(group(caps, "mon"))?, number(group(caps, "d"))?)
    } else {
        (number(group(caps, "m"))?, number(group(caps, "d"))?)
    };
    valid(pair.0, pair.1).then_some(pair)
}

/// `Jan`, `January`, `Sept` ...: the month number from the first three letters.
fn month_named(name: &[u8]) -> Option<u32> {
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let index = MONTHS.iter().position(|m| name.starts_with(m))?;
    u32::try_from(index + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The `dob` rules' patterns (patterns/pii/dob.toml): ISO, slashed/dotted, named month.
    const ISO: &str = r"\b(?P<value>(?P<y>19[0-9]{2}|20[0-9]{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01]))\b";
    const SLASHED: &str = r"\b(?P<value>(?P<first>[0-9]{1,2})(?P<s1>[/.-])(?P<second>[0-9]{1,2})(?P<s2>[/.-])(?P<y>19[0-9]{2}|20[0-9]{2}))\b";
    const NAMED: &str = r"\b(?P<value>(?P<d>0?[1-9]|[12][0-9]|3[01]) (?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?) (?P<y>19[0-9]{2}|20[0-9]{2}))\b";

    const TODAY: Date = Date {
        year: 2026,
        month: 6,
        day: 15,
    };

    fn judge(text: &str) -> Option<Verdict> {
        let mut found = Vec::new();
        for pattern in [ISO, SLASHED, NAMED] {
            let regex = crate::engine::build_pattern(pattern).expect("test value");
            found.extend(
                regex
                    .captures_iter(text.as_bytes())
                    .filter_map(|caps| date_of_birth_on(&caps, TODAY)),
            );
        }
        assert!(found.len() <= 1, "one candidate in {text:?}: {found:?}");
        found.pop()
    }

    #[test]
    fn dates_of_birth() {
        for (text, date) in [
            (r#""dateOfBirth": "1984-03-17""#, "1984-03-17"),
            ("dob: 17/03/1984", "1984-03-17"),
            ("DOB 17 March 1984", "1984-03-17"),
            ("date_of_birth,03/11/1962", "1962-11-03"),
            (
                r#"{"nino": "JG103759A", "dob": "1991-07-04"}"#,
                "1991-07-04",
            ),
            ("born 12/31/1990", "1990-12-31"),
            ("dob 1.2.1980", "1980-02-01"),
            ("dob: 29 Feb 2000", "2000-02-29"),
            ("birthday 3 Sept 1977", "1977-09-03"),
            ("dob 2026-06-15", "2026-06-15"),
            ("dob 1906-06-15", "1906-06-15"),
        ] {
            let verdict = judge(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(
                (verdict.class, verdict.normalised.as_str()),
                (Class::Match, date),
                "{text}"
            );
        }
    }

    #[test]
    fn not_dates_of_birth() {
        for text in [
            "dob: 2099-01-01",
            "dob: 2026-06-16",
            "dob: 31/02/1990",
            "dob: 29 Feb 2001",
            "dob: 17/03-1984",
            "dob: 13/13/1990",
            "dob 1905-06-14",
            r#"dob_format = "DD/MM/YYYY""#,
            r#""dateOfBirth": null"#,
            "dob: 1111-11-11",
        ] {
            assert!(judge(text).is_none(), "{text}");
        }
    }

    #[test]
    fn default_dates_are_placeholders() {
        for text in [
            "dob: 1970-01-01",
            "dob 01/01/1900",
            "dob 1 Jan 2000",
            "dob 1901-01-01",
        ] {
            assert_eq!(
                judge(text).expect("test value").class,
                Class::Placeholder,
                "{text}"
            );
        }
    }

    #[test]
    fn month_names() {
        assert_eq!(month_named(b"Sept"), Some(9));
        assert_eq!(month_named(b"December"), Some(12));
        assert_eq!(month_named(b"Foo"), None);
    }
}
