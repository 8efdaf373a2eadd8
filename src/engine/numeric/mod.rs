//! The numeric pass: personal-data rules with no keyword (NHS, card, phone numbers...) would
//! each need a pass over every byte. Instead (spec section 1.2):
//! 1. a digit-density scan finds the few stretches of a blob with 6 or more digits within 32
//!    bytes, counting digits 32 bytes at a time (vectorised, near memory speed);
//! 2. in directory and history scans, one walk of a lazy DFA of every numeric rule over each
//!    stretch tells which rules match in it and where their matches end ([`automaton`]);
//! 3. each numeric rule then runs only there: for each cluster of its match ends (ends more
//!    than twice its longest match apart start a new one), over the whole lines from the
//!    first end less its longest match to the last end plus its longest match.
//!
//! For a commit's few kilobytes (`large_input` off) step 2 is skipped: building the combined
//! automaton would cost more than running each rule on the stretches.

mod automaton;

use std::sync::OnceLock;

use regex_automata::util::syntax;

use super::matcher::Window;
use super::LINE_CLIP;

/// Digits that make a stretch worth a look (the shortest numeric identifiers have 6).
const MIN_DIGITS: usize = 6;
/// Digits are counted in chunks of this many bytes.
const CHUNK: usize = 32;
/// The numeric rules and their combined automaton (built on first use).
pub struct NumericPass {
    /// Engine indices of the numeric keyword-less rules.
    pub rules: Vec<u32>,
    /// Each rule's probe (else its pattern): what the automaton looks for.
    probes: Vec<String>,
    /// Each rule's pattern: how far around a probe match the rule's own match can reach.
    patterns: Vec<String>,
    /// Use the combined automaton (directory and history scans).
    large_input: bool,
    combined: OnceLock<Option<Combined>>,
}

/// The automaton of every probe, and each rule's longest match (`None`: unbounded).
struct Combined {
    automaton: automaton::RulesAutomaton,
    longest: Vec<Option<usize>>,
}

impl NumericPass {
    /// A pass over `rules` (engine index, probe or pattern, pattern). A probe matches
    /// inside every match of its rule's pattern (see `probe` in the rule schema).
    pub fn new(rules: Vec<(u32, String, String)>, large_input: bool) -> NumericPass {
        let mut pass = NumericPass {
            rules: Vec::new(),
            probes: Vec::new(),
            patterns: Vec::new(),
            large_input,
            combined: OnceLock::new(),
        };
        for (rule, probe, pattern) in rules {
            pass.rules.push(rule);
            pass.probes.push(probe);
            pass.patterns.push(pattern);
        }
        pass
    }

    /// Which numeric rule runs on which windows of `hay`: (engine rule index, windows), only
    /// for rules with somewhere to run.
    pub fn plan(&self, hay: &[u8]) -> Vec<(u32, Vec<Window>)> {
        if self.rules.is_empty() {
            return Vec::new();
        }
        let dense = dense_windows(hay);
        if dense.is_empty() {
            return Vec::new();
        }
        let combined = match self.large_input {
            true => self.combined.get_or_init(|| self.build()).as_ref(),
            false => None,
        };
        let Some(combined) = combined else {
            return self.rules.iter().map(|&r| (r, dense.clone())).collect();
        };
        let mut per_rule: Vec<Vec<Window>> = vec![Vec::new(); self.rules.len()];
        combined
            .automaton
            .for_each_window(hay, &dense, |i, clusters| {
                let window = dense[i];
                for &(rule, first, last) in clusters {
                    let lines = match combined.longest[rule] {
                        Some(longest) => around(hay, window, first, last, longest),
                        None => window,
                    };
                    // A rule's clusters come in order within a window, its windows in
                    // order; lines of neighbouring clusters may meet.
                    push_merged(&mut per_rule[rule], lines);
                }
            });
        self.rules
            .iter()
            .zip(per_rule)
            .filter(|(_, windows)| !windows.is_empty())
            .map(|(&rule, windows)| (rule, windows))
            .collect()
    }

    /// The automaton and each rule's longest match; `None` if the automaton cannot be built
    /// (each rule then runs on the dense stretches, which is slower but finds the same).
    fn build(&self) -> Option<Combined> {
        let config = syntax::Config::new()
            .unicode(false)
            .utf8(false)
            .multi_line(true)
            .crlf(true);
        let longest: Vec<Option<usize>> = self
            .patterns
            .iter()
            .map(|pattern| {
                syntax::parse_with(pattern, &config)
                    .ok()
                    .and_then(|hir| hir.properties().maximum_len())
            })
            .collect();
        // Ends further apart than twice the longest match have nothing between them that a
        // match could need: separate clusters, separate lines to run on.
        let gaps = longest
            .iter()
            .map(|l: &Option<usize>| l.map_or(usize::MAX, |l| l.saturating_mul(2)))
            .collect();
        Some(Combined {
            automaton: automaton::RulesAutomaton::new(&self.probes, gaps)?,
            longest,
        })
    }
}

/// The whole lines of `window` from `longest` bytes before the first match end to `longest`
/// bytes after the last. Every match of the rule holds a probe match, so it ends at most
/// `longest` bytes after that match's end and starts at most `longest` before: all of the
/// rule's matches in the window lie in these lines, and none that starts before them can
/// reach into them, so the rule finds there exactly what it finds in the whole window.
fn around(hay: &[u8], window: Window, first: usize, last: usize, longest: usize) -> Window {
    let from = first.saturating_sub(longest).max(window.start);
    let to = last.saturating_add(longest).min(window.end);
    Window {
        start: memchr::memrchr(b'\n', &hay[window.start..from])
            .map_or(window.start, |i| window.start + i + 1),
        end: memchr::memchr(b'\n', &hay[to..window.end]).map_or(window.end, |i| to + i),
    }
}

/// Lines (clipped to [`LINE_CLIP`] around the digits) meeting any [`CHUNK`] bytes that hold
/// [`MIN_DIGITS`] digits that could be part of a number (see [`NumberDigits`]), merged and
/// sorted. Neighbouring dense chunks form one run, extended to line boundaries once.
pub fn dense_windows(hay: &[u8]) -> Vec<Window> {
    let mut windows: Vec<Window> = Vec::new();
    let mut run: Option<(usize, usize)> = None;
    let mut previous = 0u32;
    let mut number_digits = NumberDigits::default();
    let mut not_looked_at: Option<&[u8]> = None;
    let mut chunk_index = 0usize;
    // The last, shorter block, padded with zeros.
    let mut tail = [0u8; 2 * CHUNK];
    for block in hay.chunks(2 * CHUNK) {
        let (low, high) = block.split_at(block.len().min(CHUNK));
        let bytes: &[u8; 2 * CHUNK] = match block.try_into() {
            Ok(whole) => whole,
            Err(_) => {
                tail[..block.len()].copy_from_slice(block);
                &tail
            }
        };
        if !any_digit(bytes) {
            // Most blocks: no digit, so no dense chunk ends here.
            not_looked_at = Some(block);
            previous = 0;
            chunk_index += block.len().div_ceil(CHUNK);
            continue;
        }
        let mut counts = digit_counts(bytes);
        // Counting every digit is cheap; the few blocks where that finds enough look again,
        // counting only digits that could be part of a number.
        let could_be_dense = (counts[0] > 0 && counts[0] + previous >= MIN_DIGITS as u32)
            || (counts[1] > 0 && counts[1] + counts[0] >= MIN_DIGITS as u32);
        if could_be_dense {
            // Only now does it matter how the block before ended.
            if let Some(before) = not_looked_at.take() {
                number_digits.skip(before);
            }
            let digit = mask_of(bytes, |b| b.is_ascii_digit());
            let counted = number_digits.block(bytes, digit, block);
            counts = [
                (counted as u32).count_ones(),
                ((counted >> 32) as u32).count_ones(),
            ];
        } else {
            not_looked_at = Some(block);
        }
        for (count, len) in counts.into_iter().zip([low.len(), high.len()]) {
            if len == 0 {
                break;
            }
            if count > 0 && (count + previous) as usize >= MIN_DIGITS {
                // Any CHUNK-byte span lies within two neighbouring chunks.
                let start = chunk_index.saturating_sub(usize::from(previous > 0)) * CHUNK;
                let end = chunk_index * CHUNK + len;
                run = match run {
                    Some((from, to)) if start <= to => Some((from, end)),
                    Some((from, to)) => {
                        push_run(&mut windows, hay, from, to);
                        Some((start, end))
                    }
                    None => Some((start, end)),
                };
            }
            previous = count;
            chunk_index += 1;
        }
    }
    if let Some((from, to)) = run {
        push_run(&mut windows, hay, from, to);
    }
    windows
}

/// Adds the window of the dense run `hay[from..to]` if one of its lines holds
/// [`MIN_DIGITS`] digits. Every numeric value does (its digits are on one line, and in the run,
/// whose chunks they made dense); stacked lines of small numbers (enum values, `// edit 7081`
/// comments, table rows) do not, and were most dense runs.
fn push_run(windows: &mut Vec<Window>, hay: &[u8], from: usize, to: usize) {
    let mut on_line = 0;
    let has_dense_line = hay[from..to].iter().any(|&b| {
        if b == b'\n' {
            on_line = 0;
        } else if b.is_ascii_digit() {
            on_line += 1;
        }
        on_line >= MIN_DIGITS
    });
    if has_dense_line {
        push_merged(windows, line_window(hay, from, to));
    }
}

/// Picks out, 64 bytes at a time, the digits that could belong to a personal-data number.
/// Most digits in source code cannot: they follow a lowercase letter (other than the hex
/// digits `a`-`f`, for IPv6) or `_` inside a word (`u32`, `utf8`, `x86_64`, `sha256`,
/// `_bindgen_ty_22`, the `1F600` of `0x1F600`). Every numeric rule starts its number at a
/// word boundary, after a separator or after uppercase letters (NINO, IBAN, MRZ, driving
/// licence), so skipping those digits loses no match.
///
/// Bit masks with carries: adding a word's first lowercase letter to the mask of word bytes
/// carries through to the end of the word, so `(word + lowercase) ^ word` marks the rest of
/// every word from its first lowercase letter on, across block boundaries too.
///
/// Years are left out too: a 4-digit `19xx` or `20xx` standing alone (`Copyright (C)
/// 1991-2022`, `2017, 2018`, dates) made most dense stretches of real code and documents.
/// No identifier is mostly such groups: a card, NHS or phone number that holds one keeps
/// enough other digits to stay dense.
#[derive(Default)]
struct NumberDigits {
    /// The previous block ended inside a word, after an identifier's letter (see above).
    in_skipped_word: u64,
    /// The previous block's last byte was a digit or `:` (1) or not (0).
    ended_joined: u64,
}

impl NumberDigits {
    /// The digits of `block` (at most 64 bytes) that count, as a bit mask (bit i = byte i).
    /// `bytes` is `block` padded with zeros, `digit` its digit mask.
    fn block(&mut self, bytes: &[u8; 64], digit: u64, block: &[u8]) -> u64 {
        let word = mask_of(bytes, |b| b.is_ascii_alphanumeric() || b == b'_');
        let lower = mask_of(bytes, starts_identifier);
        let seeds = lower | (word & 1 & self.in_skipped_word);
        let skipped = (word.wrapping_add(seeds) ^ word) & word;
        self.in_skipped_word = ((skipped | lower) >> 63) & (word >> 63);
        let years = self.years(bytes, digit, block.len());
        self.ended_joined = u64::from(
            block
                .last()
                .is_some_and(|b| b.is_ascii_digit() || *b == b':'),
        );
        digit & !skipped & !years & !suffixed(digit, lower)
    }

    /// The digits of standalone `19xx` and `20xx` groups in a block whose digit mask is
    /// `digit`. A group running into the next block is not known to end there: it counts.
    /// Groups of exactly four digits are found in the mask; only those few are read.
    fn years(&self, bytes: &[u8; 64], digit: u64, len: usize) -> u64 {
        let four_digits = digit & (digit >> 1) & (digit >> 2) & (digit >> 3);
        let known_end = if len >= 4 { (1u64 << (len - 4)) - 1 } else { 0 };
        let digit_before = (digit << 1) | self.ended_joined;
        let mut groups = four_digits & !digit_before & !(digit >> 4) & known_end;
        let mut starts = 0u64;
        while groups != 0 {
            let i = groups.trailing_zeros() as usize;
            groups &= groups - 1;
            let century = matches!((bytes[i], bytes[i + 1]), (b'1', b'9') | (b'2', b'0'));
            // Next to a `:` it is an IPv6 group (`2001:db8::1`), not a year. (Before the
            // block, `ended_joined` already said.)
            let colon_before = i > 0 && bytes[i - 1] == b':';
            if century && !colon_before && bytes[i + 4] != b':' {
                starts |= 1 << i;
            }
        }
        starts | (starts << 1) | (starts << 2) | (starts << 3)
    }

    /// Moves past a block whose digits need no second look, keeping only whether it ends
    /// inside a word after an identifier letter or `_`.
    fn skip(&mut self, block: &[u8]) {
        self.ended_joined = u64::from(
            block
                .last()
                .is_some_and(|b| b.is_ascii_digit() || *b == b':'),
        );
        let mut trailing_word = block
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_');
        self.in_skipped_word = u64::from(trailing_word.any(|&b| starts_identifier(b)));
    }
}

/// The digits of runs followed straight away by an identifier letter or `_` (`0x1F`,
/// `100ms`, `10px`, `2nd`, `64bit`): no numeric value ends inside a run of digits, and only
/// an IPv4 address may go on into a lowercase letter (its other octets still count), so
/// these digits are in no value. Hex tables (`0x60, 0x86, 0x48`) were dense on their zeros
/// alone; without them src-large's dense windows shrink by a fifth. A run going on into the
/// next block is not known to be followed by one: it counts.
fn suffixed(digit: u64, lower: u64) -> u64 {
    let mut marked = digit & (lower >> 1);
    // Back to the start of each run (runs are short: a few rounds).
    loop {
        let grown = marked | ((marked >> 1) & digit);
        if grown == marked {
            return marked;
        }
        marked = grown;
    }
}

/// A lowercase letter that is not a hex digit (`a`-`f` are IPv6 groups and hashes), or `_`:
/// the digits after one in the same word are part of an identifier.
fn starts_identifier(b: u8) -> bool {
    b.wrapping_sub(b'g') < 20 || b == b'_'
}

/// True when a 64-byte block holds a digit: a vectorised test with one bit mask at the end,
/// half the work of counting them (which the 61% of blocks with no digit can skip).
#[inline]
fn any_digit(bytes: &[u8; 64]) -> bool {
    bytes
        .iter()
        .fold(0u8, |any, &b| any | u8::from(b.wrapping_sub(b'0') < 10))
        != 0
}

/// How many digits each half of a 64-byte block holds. Summing flags (the compiler
/// vectorises it) is cheaper than building the bit mask, which only the few blocks that
/// could be dense need.
#[inline]
fn digit_counts(bytes: &[u8; 64]) -> [u32; 2] {
    let (low, high) = bytes.split_at(CHUNK);
    let count = |half: &[u8]| {
        half.iter()
            .fold(0u8, |n, &b| n + u8::from(b.wrapping_sub(b'0') < 10))
    };
    [u32::from(count(low)), u32::from(count(high))]
}

/// Bit i set when `class(bytes[i])`. The class test runs over the whole block (the compiler
/// vectorises it), then each 8 flags are packed into a byte by one multiplication.
#[inline]
fn mask_of(bytes: &[u8; 64], class: impl Fn(u8) -> bool) -> u64 {
    let mut flags = [0u8; 64];
    for (flag, &b) in flags.iter_mut().zip(bytes) {
        *flag = u8::from(class(b));
    }
    let mut mask = 0u64;
    for (k, eight) in flags.chunks_exact(8).enumerate() {
        let mut word = [0u8; 8];
        word.copy_from_slice(eight);
        // Byte j (0 or 1) lands on bit 56 + j; no two products share a bit, so no carries.
        let packed = u64::from_le_bytes(word).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask |= packed << (8 * k);
    }
    mask
}

/// The line(s) around `hay[start..end]`, clipped to [`LINE_CLIP`] either side.
fn line_window(hay: &[u8], start: usize, end: usize) -> Window {
    let from = start.saturating_sub(LINE_CLIP);
    let line_start = memchr::memrchr(b'\n', &hay[from..start]).map_or(from, |i| from + i + 1);
    let to = (end + LINE_CLIP).min(hay.len());
    let line_end = memchr::memchr(b'\n', &hay[end..to]).map_or(to, |i| end + i);
    Window {
        start: line_start,
        end: line_end,
    }
}

/// Appends `w`, merging it into the last window when they touch (windows come in order).
fn push_merged(windows: &mut Vec<Window>, w: Window) {
    match windows.last_mut() {
        Some(last) if w.start <= last.end + 1 => last.end = last.end.max(w.end),
        _ => windows.push(w),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(hay: &str) -> Vec<&str> {
        dense_windows(hay.as_bytes())
            .into_iter()
            .map(|w| &hay[w.start..w.end])
            .collect()
    }

    #[test]
    fn dense_stretches_become_line_aligned_windows() {
        let hay = "fn main() {}\nlet nhs = \"401 023 4563\";\nversion 1.2\nport 8080\n";
        let found = texts(hay);
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("let nhs = \"401 023 4563\";"));
        assert!(found[0].starts_with("fn main"));
        // Digits split across a chunk boundary still count.
        let hay = format!("{}12345\n6789012\n", "a".repeat(29));
        assert_eq!(texts(&hay).len(), 1);
        assert!(texts("no digits here\nversion 1.2.3\n").is_empty());
        // Far apart stretches stay apart.
        let hay = format!(
            "id 401 023 4563\n{}id 401 023 4564\n",
            "words, only words\n".repeat(8)
        );
        let found = texts(&hay);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("id 401 023 4563") && found[1].ends_with("4564\n"));
    }

    #[test]
    fn digits_inside_identifiers_and_hex_literals_do_not_make_a_stretch_dense() {
        let code = "let x: u32 = a.u64_x86_64 + b.sha256 + c.utf8 + 0x1F600 + ty_22_33_44;\n";
        assert!(texts(code).is_empty(), "{:?}", texts(code));
        // Numbers, uppercase-prefixed identifiers (NINO, IBAN, MRZ) and numbers after
        // separators still count.
        for hay in [
            "nino = AB123456C\n",
            "iban = GB82WEST12345698765432\n",
            "tel: 020 7946 0000\n",
            "x=943 476 5919\n",
        ] {
            assert_eq!(texts(hay).len(), 1, "{hay}");
        }
        // Digits running into a lowercase letter: hex tables, units, ordinals.
        for hay in [
            "DER_P_OBJECT, 9, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x0B\n",
            "timeouts 100ms 250ms 500ms 1000ms 64bit\n",
        ] {
            assert!(texts(hay).is_empty(), "{hay}: {:?}", texts(hay));
        }
        // A word that runs across the 64-byte block boundary stays skipped after it.
        let hay = format!("{}xyz123456789\n", " ".repeat(60));
        assert!(texts(&hay).is_empty());
        let hay = format!("{}XYZ123456789\n", " ".repeat(60));
        assert_eq!(texts(&hay).len(), 1);
    }

    #[test]
    fn standalone_years_do_not_make_a_stretch_dense_but_numbers_holding_one_still_do() {
        for hay in [
            "/* Copyright (C) 1991-2022 Free Software Foundation, Inc. */\n",
            "// Copyright 2017, 2018, 2019 The developers\n",
        ] {
            assert!(texts(hay).is_empty(), "{hay}: {:?}", texts(hay));
        }
        for hay in [
            "card 4111 2019 1111 1111\n",
            "nhs 943 476 2019\n",
            "tel 01632 960 2019\n",
            "dns 2001:4860:4860::8888\n",
            "id 20192020\n",
        ] {
            assert_eq!(texts(hay).len(), 1, "{hay}");
        }
        // A year that may run on into the next 64-byte block is not known to be one: here
        // `2022` ends the block, and with the `12` before it makes six digits.
        let hay = format!("{}12 2022\n", " ".repeat(57));
        assert_eq!(texts(&hay).len(), 1);
        let hay = format!("{}12 2022 \n", " ".repeat(56));
        assert!(texts(&hay).is_empty());
    }

    proptest::proptest! {
        /// The suffixed-run mask agrees with its definition: a digit whose run of digits is
        /// followed, inside the block, by a lowercase identifier letter or `_`.
        #[test]
        fn suffixed_digits_are_exactly_the_runs_followed_by_an_identifier_letter(
            text in proptest::collection::vec(proptest::sample::select(b"0129ax_ .".to_vec()), 64),
        ) {
            let mut bytes = [0u8; 64];
            bytes.copy_from_slice(&text);
            let digit = mask_of(&bytes, |b| b.is_ascii_digit());
            let lower = mask_of(&bytes, starts_identifier);
            let expected = (0..64).filter(|&i| {
                let after = (i..64).find(|&j| !bytes[j].is_ascii_digit());
                bytes[i].is_ascii_digit() && after.is_some_and(|j| starts_identifier(bytes[j]))
            })
            .fold(0u64, |m, i| m | 1 << i);
            proptest::prop_assert_eq!(suffixed(digit, lower), expected);
        }

        /// The year mask (found from the digit mask, a few bytes read) agrees with the
        /// definition: a `19xx`/`20xx` group with no digit or `:` either side, ending before
        /// the block does.
        #[test]
        fn years_are_exactly_the_standalone_century_groups(
            text in proptest::collection::vec(proptest::sample::select(b"0129:a ".to_vec()), 1..=64),
            ended_joined in proptest::bool::ANY,
        ) {
            let mut bytes = [0u8; 64];
            bytes[..text.len()].copy_from_slice(&text);
            let digit = mask_of(&bytes, |b| b.is_ascii_digit());
            let numbers = NumberDigits { in_skipped_word: 0, ended_joined: u64::from(ended_joined) };
            let joined = |b: u8| b.is_ascii_digit() || b == b':';
            let mut expected = 0u64;
            for i in 0..text.len().saturating_sub(4) {
                let before = if i == 0 { ended_joined } else { joined(text[i - 1]) };
                let group = text[i..i + 4].iter().all(u8::is_ascii_digit);
                let century = text[i..i + 2] == *b"19" || text[i..i + 2] == *b"20";
                if group && century && !before && !joined(text[i + 4]) {
                    expected |= 0b1111 << i;
                }
            }
            proptest::prop_assert_eq!(numbers.years(&bytes, digit, text.len()), expected);
        }
    }

    #[test]
    fn stacked_lines_of_small_numbers_are_not_dense_but_one_long_number_among_them_is() {
        let stacked = "A = 16,\nB = 17,\nC = 18,\n// edit 7081 by Dev\n// edit 12111 by Ada\n";
        assert!(texts(stacked).is_empty(), "{:?}", texts(stacked));
        let hay = format!("{stacked}nhs 943 476 5919\n{stacked}");
        let found = texts(&hay);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("nhs 943 476 5919"));
    }

    #[test]
    fn class_masks_set_one_bit_per_matching_byte() {
        let mut bytes = [0u8; 64];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(37).wrapping_add(11);
        }
        let expected = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| b.is_ascii_digit())
            .fold(0u64, |m, (i, _)| m | 1 << i);
        assert_eq!(mask_of(&bytes, |b| b.is_ascii_digit()), expected);
    }

    #[test]
    fn the_combined_pass_runs_each_rule_where_it_matches() {
        let nhs = r"(?-u:\b)([0-9]{3} [0-9]{3} [0-9]{4})(?-u:\b)".to_string();
        let staff = r"(?P<value>SN[0-9]{6})".to_string();
        let rules = vec![(7, nhs.clone(), nhs), (9, staff.clone(), staff)];
        let gap = "no digits on this line, only words\n".repeat(3);
        let mut hay = "x = 123456789012345678\n".repeat(50);
        hay.push_str(&format!(
            "{gap}nhs 401 023 4563\n{gap}staff SN123456 and 999 000 0018\n"
        ));
        let texts = |plan: Vec<(u32, Vec<Window>)>| -> Vec<(u32, Vec<&str>)> {
            plan.into_iter()
                .map(|(r, ws)| (r, ws.iter().map(|w| &hay[w.start..w.end]).collect()))
                .collect()
        };
        let large = texts(NumericPass::new(rules.clone(), true).plan(hay.as_bytes()));
        // Each rule runs only on the stretches where it matches (stretches are line-aligned
        // and may take in a neighbouring line).
        assert_eq!(large.len(), 2, "{large:?}");
        assert_eq!(large[0].0, 7);
        assert_eq!(large[0].1.len(), 2);
        assert!(large[0].1[0].contains("nhs 401 023 4563") && !large[0].1[0].contains('x'));
        assert!(large[0].1[1].contains("staff SN123456"));
        assert_eq!(large[1].0, 9);
        assert_eq!(large[1].1.len(), 1);
        assert!(large[1].1[0].contains("staff SN123456") && !large[1].1[0].contains("nhs"));
        // In a long dense stretch a rule runs only on the lines around its matches.
        let table = "1234567890 1234567890 1234567890\n".repeat(200);
        let long = format!("{table}staff SN123456\n{table}");
        let plan = NumericPass::new(rules.clone(), true).plan(long.as_bytes());
        assert_eq!(plan.len(), 1, "{plan:?}");
        let only = &long[plan[0].1[0].start..plan[0].1[0].end];
        assert!(
            only.contains("staff SN123456") && only.len() < 100,
            "{only:?} ({} bytes)",
            only.len()
        );
        // A commit's blobs skip the combined automaton: every rule runs on every dense line.
        let small = texts(NumericPass::new(rules, false).plan(hay.as_bytes()));
        assert_eq!(small.len(), 2);
        assert_eq!(small[0].1.len(), 3, "{small:?}");
    }

    /// What the engine does with a plan: every match of each rule's regex in its windows
    /// that the rule's validator keeps, as (rule, match start, match end).
    fn matches_of(
        plan: Vec<(u32, Vec<Window>)>,
        rules: &[crate::rules::Rule],
        hay: &[u8],
    ) -> Vec<(u32, usize, usize)> {
        let mut found = Vec::new();
        for (rule, windows) in plan {
            let rule_spec = &rules[rule as usize];
            let regex = crate::engine::build_pattern(&rule_spec.pattern).expect("compiles");
            let validate = rule_spec
                .validator
                .as_deref()
                .and_then(crate::engine::pii::validator)
                .expect("numeric rules name a validator");
            for w in windows {
                for caps in regex.captures_iter(&hay[w.start..w.end]) {
                    let Some(m) = caps.get(0) else { continue };
                    if validate(&caps).is_some() {
                        found.push((rule, w.start + m.start(), w.start + m.end()));
                    }
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn rules_find_around_their_matches_what_they_find_in_whole_stretches() {
        let rules: Vec<crate::rules::Rule> = crate::rules::builtin_rules()
            .expect("built-in rules load")
            .into_iter()
            .filter(|r| r.keywords.is_empty() && r.score.as_ref().is_some_and(|s| s.numeric))
            .collect();
        let numeric: Vec<(u32, String, String)> = rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                (
                    i as u32,
                    r.probe.clone().unwrap_or(r.pattern.clone()),
                    r.pattern.clone(),
                )
            })
            .collect();
        let narrowed = NumericPass::new(numeric.clone(), true);
        let whole = NumericPass::new(numeric, false);
        let pieces = [
            "4242 4242 4242 4242",
            "943 476 5919",
            "12-34-56",
            "31926819",
            "sort code",
            "account",
            "AB123456C",
            "GB82 WEST 1234 5698 7654 32",
            "192.168.1.10",
            "2001:db8:85a3::8a2e:370:7334",
            "+44 20 7946 0000",
            "020 7946 0000",
            "078-05-1120",
            "GB123456789",
            "P<GBRSMITH<<JOHN",
            "1234567897GBR8001014M2501017<<<<<<<<<<<<<<04",
            "3.14159265358979",
            "x86_64",
            "0x1F600",
            "2019",
            "and",
            "the",
            ",",
            ":",
            "(",
            ")",
            "\n",
            "\n",
            "\n",
            "12345678",
            "87654321",
            "1234 5678",
            "99",
            "7",
        ];
        let mut random = crate::engine::test_random::numbers(0x9e37_79b9_7f4a_7c15);
        let mut total = 0;
        for round in 0..300 {
            let mut hay = String::new();
            for _ in 0..(20 + random(300)) {
                hay.push_str(pieces[random(pieces.len())]);
                hay.push_str([" ", " ", "  ", "", ", ", "\t"][random(6)]);
            }
            let hay = hay.as_bytes();
            let expected = matches_of(whole.plan(hay), &rules, hay);
            let got = matches_of(narrowed.plan(hay), &rules, hay);
            assert_eq!(
                got,
                expected,
                "round {round}: {:?}",
                String::from_utf8_lossy(hay)
            );
            total += expected.len();
        }
        assert!(total > 2_000, "the texts hold matches: {total}");
    }
}
