//! Context for scored rules (spec section 1.4): the words near a candidate — its own line,
//! the line before, and in a table (CSV/TSV, spreadsheet, SQL `INSERT`) the name of its
//! column — as one lower-case word
//! sequence in which rule phrases are looked up. Identifiers are split on `_ - .` and
//! camelCase, so `nhsNumber`, `NHS_NO` and `nhs-number` all read as `nhs number`/`nhs no`.

use super::location::LineIndex;
use super::tables::Tables;

/// The words around one candidate, as ` word word word ` (spaces at both ends).
pub struct Context {
    words: String,
}

impl Context {
    /// Reads the context of the value starting at byte `start` of `hay`; `tables` says
    /// which column names the values of a table (CSV, document, SQL `INSERT`) take.
    pub fn around(hay: &[u8], lines: &LineIndex, start: usize, tables: &Tables) -> Context {
        let (line_no, line_start, line_end) = lines.line_of(start);
        let mut text = String::new();
        if line_no > 1 {
            let (_, prev_start, prev_end) = lines.line_of(line_start - 1);
            push_words(&mut text, clip(hay, prev_start, prev_end));
        }
        let from = line_start.max(start.saturating_sub(CLIP_BEFORE));
        push_words(&mut text, clip(hay, from, line_end));
        if let Some(column) = tables.column_name(hay, lines, line_no, line_start, start) {
            push_words(&mut text, column);
        }
        Context { words: text }
    }

    /// The words of the lines starting at `header_starts`, a blob's table headers (see
    /// [`Tables::header_line_starts`]), each read as context is.
    pub fn of_headers(hay: &[u8], header_starts: &[usize]) -> Context {
        let mut text = String::new();
        for &start in header_starts {
            let end = memchr::memchr(b'\n', &hay[start..]).map_or(hay.len(), |i| start + i);
            push_words(&mut text, clip(hay, start, end));
        }
        Context { words: text }
    }

    /// True when one of `phrases` appears as whole words.
    pub fn has_any(&self, phrases: &Phrases) -> bool {
        phrases
            .words
            .iter()
            .any(|p| self.words.contains(p.as_str()))
    }

    /// True when `phrase` appears as whole words.
    #[cfg(test)]
    pub fn has(&self, phrase: &str) -> bool {
        self.has_any(&Phrases::new(&[phrase.to_string()]))
    }
}

/// A rule's context phrases read the way context is (` nhs number `: lower case, words split
/// like identifiers, a space either side), so a lookup is one substring search.
#[derive(Debug, Default)]
pub struct Phrases {
    words: Vec<String>,
}

impl Phrases {
    /// The phrases that hold a word (one with none could never match).
    pub fn new(phrases: &[String]) -> Phrases {
        let words = phrases
            .iter()
            .map(|phrase| {
                let mut wanted = String::from(" ");
                push_words(&mut wanted, phrase.as_bytes());
                wanted
            })
            .filter(|wanted| wanted.len() > 1)
            .collect();
        Phrases { words }
    }
}

/// How much of a line is read for context: its start (where a key is), or on a line longer
/// than that (a one-line JSON export, a SQL dump) the stretch that ends past the value and
/// starts [`CLIP_BEFORE`] bytes before it (its key, and its record's other keys).
const CLIP: usize = 2048;
const CLIP_BEFORE: usize = 1536;

fn clip(hay: &[u8], start: usize, end: usize) -> &[u8] {
    &hay[start..end.min(start + CLIP)]
}

/// False when `hay[start..end]` cannot be whole words the way [`push_words`] splits text:
/// a lowercase letter runs on into it from a lowercase letter before it, or out of it into a
/// lowercase letter after it (`machine`, `child`, `Chip`). A cheap test of a keyword hit for
/// rules whose context phrases all hold that keyword as words.
pub fn could_be_words(hay: &[u8], start: usize, end: usize) -> bool {
    let runs_on = |a: Option<&u8>, b: Option<&u8>| {
        a.is_some_and(u8::is_ascii_lowercase) && b.is_some_and(u8::is_ascii_lowercase)
    };
    let before = start.checked_sub(1).and_then(|i| hay.get(i));
    let last = end.checked_sub(1).and_then(|i| hay.get(i));
    !(start < end && (runs_on(before, hay.get(start)) || runs_on(last, hay.get(end))))
}

/// Appends the words of `text`, lower case, each followed by a space; splits identifiers on
/// punctuation and camelCase (`nhsNumber` -> `nhs number`, `HTTPServer` -> `http server`).
fn push_words(out: &mut String, text: &[u8]) {
    if out.is_empty() {
        out.push(' ');
    }
    let mut prev: Option<u8> = None;
    let mut in_word = false;
    for (i, &b) in text.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            if in_word {
                out.push(' ');
                in_word = false;
            }
            prev = None;
            continue;
        }
        let next = text.get(i + 1).copied();
        let boundary = match prev {
            Some(p) if p.is_ascii_lowercase() && b.is_ascii_uppercase() => true,
            Some(p) if p.is_ascii_alphabetic() != b.is_ascii_alphabetic() => true,
            Some(p)
                if p.is_ascii_uppercase()
                    && b.is_ascii_uppercase()
                    && next.is_some_and(|n| n.is_ascii_lowercase()) =>
            {
                true
            }
            _ => false,
        };
        if boundary && in_word {
            out.push(' ');
        }
        out.push(b.to_ascii_lowercase() as char);
        in_word = true;
        prev = Some(b);
    }
    if in_word {
        out.push(' ');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyword_rejected_as_not_words_never_is_a_word() {
        // Every text of one `chi` (any case) between random letters, digits and separators:
        // when the test says it cannot be words, the words of the text never hold `chi`.
        let mut random = crate::engine::test_random::numbers(0x2545_f491_4f6c_dd1d);
        let around = b"aZmN_ 9x.Q";
        let (mut rejected, mut words) = (0, 0);
        for _ in 0..20_000 {
            let mut text: Vec<u8> = (0..random(4))
                .map(|_| around[random(around.len())])
                .collect();
            let start = text.len();
            for c in b"chi" {
                text.push(if random(2) == 0 {
                    c.to_ascii_uppercase()
                } else {
                    *c
                });
            }
            let end = text.len();
            text.extend((0..random(4)).map(|_| around[random(around.len())]));
            let mut out = String::new();
            push_words(&mut out, &text);
            let is_word = out.contains(" chi ");
            words += usize::from(is_word);
            if !could_be_words(&text, start, end) {
                rejected += 1;
                assert!(!is_word, "{:?} -> {out:?}", String::from_utf8_lossy(&text));
            }
        }
        assert!(
            rejected > 3_000 && words > 2_000,
            "{rejected} rejected, {words} words"
        );
    }

    fn context(text: &str, value: &str, path: &str) -> Context {
        let start = text.find(value).expect("value in text");
        Context::around(
            text.as_bytes(),
            &LineIndex::new(text.as_bytes()),
            start,
            &Tables::new(path, text.as_bytes(), None),
        )
    }

    #[test]
    fn identifiers_are_split_into_words() {
        for line in [
            "nhsNumber: 4010234563",
            "NHS_NUMBER=4010234563",
            "nhs-number 4010234563",
            "\"NhsNumber\": \"4010234563\"",
        ] {
            assert!(
                context(line, "4010234563", "a.yaml").has("nhs number"),
                "{line}"
            );
        }
        assert!(context("NHS_NO=4010234563", "4010234563", "a").has("nhs no"));
        assert!(!context("enhanced=4010234563", "4010234563", "a").has("nhs"));
    }

    #[test]
    fn the_previous_line_and_csv_header_count() {
        let text = "# NI number\nvalue: JG103759A\n";
        assert!(context(text, "JG103759A", "a.yaml").has("ni number"));
        let csv = "name,ni_number,city\nJ Smith,JG103759A,Leeds\nA Jones,JG103759B,York\n";
        let c = context(csv, "JG103759B", "people.csv");
        assert!(c.has("ni number"));
        assert!(!c.has("city"));
        assert!(!context(csv, "JG103759B", "people.txt").has("ni number"));
    }

    #[test]
    fn on_a_long_line_the_words_before_the_value_count() {
        let filler = "\"meta\":\"x\",".repeat(500);
        let line = format!("{{{filler}\"nhsNumber\":\"4010234563\"}}");
        assert!(line.len() > 2 * CLIP);
        assert!(context(&line, "4010234563", "a.json").has("nhs number"));
        let far = format!("{{\"nhsNumber\":\"x\",{filler}\"id\":\"4010234563\"}}");
        assert!(!context(&far, "4010234563", "a.json").has("nhs number"));
    }

    #[test]
    fn phrases_with_punctuation_match_like_text() {
        assert!(context("H&C number 3200000058", "3200000058", "a").has("h&c"));
        // clearance:allow-next-line dob reason="a context-word test, not a date of birth"
        assert!(context("date of birth: 01/02/1980", "01/02", "a").has("date of birth"));
    }
}
