//! Dates of birth (`dob`, context-only: the rules fire only next to a date-of-birth word): a
//! real calendar date, not in the future, at most 120 years ago, with matching separators;
//! epoch and "start of century" defaults are PLACEHOLDER.
//!
//! One pattern holds the three date shapes, each with its own groups: ISO `iy`, `im`, `id`;
//! slashed or dotted `first`, `s1`, `second`, `s2`, `sy` (day or month first); named month
//! `nd`, `mon`, `ny`.

use regex::bytes::Captures;

use super::checksum::days_in_month;
use super::groups::group;
use super::shape::number;
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
    let (year, month, day) = year_month_day(caps)?;
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

/// The date's year, month and day, if it is a real one. ISO and named-month dates say which
/// number is which; slashed dates are read in UK order (day first) and, when that is no date,
/// in US order (`12/31/1990`); their two separators must be the same.
fn year_month_day(caps: &Captures<'_>) -> Option<(u32, u32, u32)> {
    let g = |name| group(caps, name);
    let (year, month, day) = if !g("iy").is_empty() {
        (number(g("iy"))?, number(g("im"))?, number(g("id"))?)
    } else if !g("sy").is_empty() {
        if g("s1") != g("s2") {
            return None;
        }
        let year = number(g("sy"))?;
        let (first, second) = (number(g("first"))?, number(g("second"))?);
        if real(year, second, first) {
            (year, second, first)
        } else {
            (year, first, second)
        }
    } else {
        (number(g("ny"))?, month_named(g("mon"))?, number(g("nd"))?)
    };
    real(year, month, day).then_some((year, month, day))
}

fn real(year: u32, month: u32, day: u32) -> bool {
    (1..=days_in_month(year, month)).contains(&day)
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
    use std::sync::LazyLock;

    static PATTERN: LazyLock<String> =
        LazyLock::new(|| super::super::shape::rule_pattern("dob.toml", "dob"));

    const TODAY: Date = Date {
        year: 2026,
        month: 6,
        day: 15,
    };

    fn judge(text: &str) -> Option<Verdict> {
        let regex = crate::engine::build_pattern(&PATTERN).expect("pattern compiles");
        let mut found: Vec<Verdict> = regex
            .captures_iter(text.as_bytes())
            .filter_map(|caps| date_of_birth_on(&caps, TODAY))
            .collect();
        assert!(found.len() <= 1, "one candidate in {text:?}: {found:?}");
        found.pop()
    }

    /// Context words are the framework's job (the rule's examples in patterns/pii/dob.toml test
    /// them); these cases are the dates alone.
    #[test]
    fn dates_of_birth() {
        for (text, date) in [
            ("1984-03-17", "1984-03-17"),
            ("17/03/1984", "1984-03-17"),
            ("17 March 1984", "1984-03-17"),
            ("03/11/1962", "1962-11-03"),
            (r#"{"a": "1991-07-04"}"#, "1991-07-04"),
            ("12/31/1990", "1990-12-31"),
            ("1.2.1980", "1980-02-01"),
            ("29 Feb 2000", "2000-02-29"),
            ("3 Sept 1977", "1977-09-03"),
            ("2026-06-15", "2026-06-15"),
            ("1906-06-15", "1906-06-15"),
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
            "2099-01-01",
            "2026-06-16",
            "31/02/1990",
            "29 Feb 2001",
            "17/03-1984",
            "13/13/1990",
            "1905-06-14",
            "DD/MM/YYYY",
            "1111-11-11",
        ] {
            assert!(judge(text).is_none(), "{text}");
        }
    }

    #[test]
    fn default_dates_are_placeholders() {
        for text in ["1970-01-01", "01/01/1900", "1 Jan 2000", "1901-01-01"] {
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
