//! Small shape checks the contact, travel, network and date validators share: ascending or
//! descending digit runs (the usual way people write a placeholder: `07911 123456`,
//! `AB1234567`) and checked number parsing. Named groups are read with [`super::groups`];
//! repeated digits and calendar checks are in [`super::checksum`].

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
            let found = String::from_utf8_lossy(super::groups::value(&caps)).into_owned();
            validator(&caps).map(|verdict| (found, verdict))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn numbers() {
        assert_eq!(number(b"0912"), Some(912));
        assert_eq!(number(b""), None);
        assert_eq!(number(b"1a"), None);
    }
}
