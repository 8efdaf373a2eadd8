//! Small shape checks the contact, travel, network and date validators share: reading a
//! named group, repeated digits and ascending or descending digit runs (the usual ways people
//! write a placeholder: `07911 123456`, `000000000`, `AB1234567`).

use regex::bytes::Captures;

/// The bytes of group `name`, empty when the group did not take part in the match.
pub(super) fn group<'h>(caps: &Captures<'h>, name: &str) -> &'h [u8] {
    caps.name(name).map_or(&[], |m| m.as_bytes())
}

/// The reported value: the group called `value`, else group 1 (the framework's rule).
pub(super) fn value<'h>(caps: &Captures<'h>) -> &'h [u8] {
    caps.name("value")
        .or_else(|| caps.get(1))
        .map_or(&[], |m| m.as_bytes())
}

/// True when `digits` has at least two bytes and they are all the same (`0000000000`).
pub(super) fn is_repdigit(digits: &[u8]) -> bool {
    digits.len() >= 2 && digits.iter().all(|&d| d == digits[0])
}

/// The length of the longest run of digits that go up or down by one at each step, with
/// 9 -> 0 continuing an ascending run and 0 -> 9 a descending one (`567890`, `0987`): the
/// keyboard sequences people type as stand-ins.
pub(super) fn longest_sequence(digits: &[u8]) -> usize {
    let mut longest = usize::from(!digits.is_empty());
    let (mut up, mut down) = (1, 1);
    for pair in digits.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if !a.is_ascii_digit() || !b.is_ascii_digit() {
            (up, down) = (1, 1);
            continue;
        }
        let (a, b) = (a - b'0', b - b'0');
        up = if b == (a + 1) % 10 { up + 1 } else { 1 };
        down = if a == (b + 1) % 10 { down + 1 } else { 1 };
        longest = longest.max(up).max(down);
    }
    longest
}

/// Parses ASCII decimal digits (at most 9 of them, so no overflow); `None` for anything else.
pub(super) fn number(digits: &[u8]) -> Option<u32> {
    if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0')))
}

/// Days in `month` (1-12) of `year`; `None` for a month that does not exist.
pub(super) fn days_in_month(year: u32, month: u32) -> Option<u32> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    Some(match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

/// The pattern of rule `id` in `patterns/pii/{file}`: unit tests run the rules' own patterns.
#[cfg(test)]
pub(super) fn rule_pattern(file: &str, id: &str) -> String {
    let path = format!("{}/patterns/pii/{file}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("rule file reads");
    let rules: toml::Value = toml::from_str(&text).expect("rule file parses");
    rules["rule"]
        .as_array()
        .expect("[[rule]] tables")
        .iter()
        .find(|rule| rule["id"].as_str() == Some(id))
        .and_then(|rule| rule["pattern"].as_str())
        .unwrap_or_else(|| panic!("rule {id} in {file}"))
        .to_string()
}

/// Runs `pattern` (compiled as the engine compiles rule patterns) over `text` and calls
/// `validator` on each match: the value and the verdict for every candidate it keeps.
#[cfg(test)]
pub(super) fn run(
    pattern: &str,
    validator: super::super::verdict::ScoredValidator,
    text: &str,
) -> Vec<(String, super::super::verdict::Verdict)> {
    thread_local! {
        static COMPILED: std::cell::RefCell<std::collections::HashMap<String, regex::bytes::Regex>> =
            std::cell::RefCell::default();
    }
    let regex = COMPILED.with(|compiled| {
        compiled
            .borrow_mut()
            .entry(pattern.to_string())
            .or_insert_with(|| super::super::build_pattern(pattern).expect("pattern compiles"))
            .clone()
    });
    regex
        .captures_iter(text.as_bytes())
        .filter_map(|caps| {
            let found = String::from_utf8_lossy(value(&caps)).into_owned();
            validator(&caps).map(|verdict| (found, verdict))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repdigits() {
        assert!(is_repdigit(b"0000000000"));
        assert!(is_repdigit(b"55"));
        assert!(!is_repdigit(b"5"));
        assert!(!is_repdigit(b"5556"));
    }

    #[test]
    fn sequences_go_both_ways_and_wrap() {
        assert_eq!(longest_sequence(b"7911123456"), 6);
        assert_eq!(longest_sequence(b"1234567890"), 10);
        assert_eq!(longest_sequence(b"9876543210"), 10);
        assert_eq!(longest_sequence(b"7911638204"), 1);
        assert_eq!(longest_sequence(b"7911638234"), 3);
        assert_eq!(longest_sequence(b""), 0);
        assert_eq!(longest_sequence(b"7"), 1);
        assert_eq!(longest_sequence(b"12A345"), 3);
    }

    #[test]
    fn numbers_and_calendar() {
        assert_eq!(number(b"0912"), Some(912));
        assert_eq!(number(b""), None);
        assert_eq!(number(b"1a"), None);
        assert_eq!(days_in_month(2000, 2), Some(29));
        assert_eq!(days_in_month(1900, 2), Some(28));
        assert_eq!(days_in_month(2024, 2), Some(29));
        assert_eq!(days_in_month(2023, 4), Some(30));
        assert_eq!(days_in_month(2023, 13), None);
    }
}
