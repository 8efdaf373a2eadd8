//! The document rule PORTION-AGGREGATE (specification §2.3): US-style portion marks
//! (`(S) The platform...`, `(U) Background.`) opening paragraphs. One bare `(C)` or `(S)` is a
//! copyright sign or a changelog tag, so only several of them together count: at least three
//! portion-marked lines, at least one of them `(U)`, not counting `(C) Crown copyright` and
//! `(C) Copyright ...` lines. Beyond the specification, at least one mark must be above `(U)`:
//! a document whose every paragraph is `(U)` is unclassified. The marking step adds +25 when
//! another marking fired in the file.

use std::ops::Range;

/// Fewest portion-marked lines that make a portion-marked document.
pub const MIN_LINES: usize = 3;

/// A portion-marked document: where its first portion mark is and how many lines carry one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortionAggregate {
    /// Byte range of the first portion mark (`(S)`) in the blob.
    pub first: Range<usize>,
    /// Lines that start with a portion mark.
    pub lines: usize,
    /// Of those, lines marked above `(U)`: `(TS)`, `(S)`, `(C)` or `(R)`.
    pub classified: usize,
}

/// Portion marks opening a line: `(TS)`, `(S)`, `(C)`, `(U)`, `(R)`.
const MARKS: &[&[u8]] = &[b"(TS)", b"(S)", b"(C)", b"(U)", b"(R)"];

/// PORTION-AGGREGATE over the blob `hay`, if its conditions are met. Reads the blob's lines
/// only when it holds a `(U)` at all.
pub fn portion_aggregate(hay: &[u8]) -> Option<PortionAggregate> {
    memchr::memmem::find(hay, b"(U)")?;
    let mut first = None;
    let mut lines = 0;
    let mut unclassified = false;
    let mut classified = 0;
    let mut start = 0;
    while start < hay.len() {
        let end = memchr::memchr(b'\n', &hay[start..]).map_or(hay.len(), |i| start + i);
        if let Some(mark) = portion_mark(&hay[start..end]) {
            let mark = start + mark.start..start + mark.end;
            if &hay[mark.clone()] == b"(U)" {
                unclassified = true;
            } else {
                classified += 1;
            }
            first.get_or_insert(mark);
            lines += 1;
        }
        start = end + 1;
    }
    (lines >= MIN_LINES && unclassified && classified > 0).then(|| PortionAggregate {
        first: first.unwrap_or(0..0),
        lines,
        classified,
    })
}

/// The portion mark opening `line`, if it has one: `^\s*\((TS|S|C|U|R)\)[ ]+[A-Z]`, except
/// `(C)` followed by `Crown` or `Copyright`.
pub fn portion_mark(line: &[u8]) -> Option<Range<usize>> {
    let at = line.iter().position(|b| !b.is_ascii_whitespace())?;
    let rest = &line[at..];
    let mark = MARKS.iter().find(|m| rest.starts_with(m))?;
    let after = &rest[mark.len()..];
    let spaces = after.iter().take_while(|&&b| b == b' ').count();
    let text = &after[spaces..];
    if spaces == 0 || !text.first().is_some_and(u8::is_ascii_uppercase) {
        return None;
    }
    if *mark == b"(C)" && (text.starts_with(b"Crown") || text.starts_with(b"Copyright")) {
        return None;
    }
    Some(at..at + mark.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portion_marks_open_lines() {
        fn mark(l: &str) -> Option<&str> {
            portion_mark(l.as_bytes()).map(|r| &l[r])
        }
        assert_eq!(mark("(S) The platform was retasked."), Some("(S)"));
        assert_eq!(mark("  (TS) Sources."), Some("(TS)"));
        assert_eq!(mark("\t(U)  Background."), Some("(U)"));
        assert_eq!(mark("(C) Liaison arrangements."), Some("(C)"));
        assert_eq!(mark("(R) Restricted paragraph."), Some("(R)"));
        // N8, N15 and other lookalikes.
        assert_eq!(mark("(C) Crown copyright 2024"), None);
        assert_eq!(mark("(C) Copyright 2023 Example Ltd"), None);
        assert_eq!(mark("(C) 2023 Example Ltd"), None);
        assert_eq!(mark("(c) copyright"), None);
        assert_eq!(mark("1.2.3 (S) fixed scrolling"), None);
        assert_eq!(mark("(S)fixed"), None);
        assert_eq!(mark("(S) fixed scrolling"), None);
        assert_eq!(mark("(TS//SI//NF) Text"), None);
        assert_eq!(mark(""), None);
        assert_eq!(mark("   "), None);
    }

    fn doc(lines: &[&str]) -> String {
        let mut text = String::from("Ordinary heading\n\n");
        for l in lines {
            text.push_str(l);
            text.push_str("\n\n");
        }
        text
    }

    #[test]
    fn three_marked_lines_with_an_unclassified_one() {
        let text = doc(&[
            "(U) Background to the programme.",
            "(S) The collection platform was retasked.",
            "(C) Liaison arrangements are unchanged.",
        ]);
        let found = portion_aggregate(text.as_bytes()).expect("aggregate");
        assert_eq!(&text[found.first.clone()], "(U)");
        assert_eq!(found.first.start, text.find("(U)").expect("first"));
        assert_eq!((found.lines, found.classified), (3, 2));
    }

    #[test]
    fn too_few_or_no_unclassified_or_copyright_only() {
        let two = doc(&["(U) Background.", "(S) Detail."]);
        assert_eq!(portion_aggregate(two.as_bytes()), None);
        let no_u = doc(&["(S) One.", "(S) Two.", "(C) Three.", "(TS) Four."]);
        assert_eq!(portion_aggregate(no_u.as_bytes()), None);
        let copyright = doc(&[
            "(U) Summary.",
            "(C) Crown copyright 2024",
            "(C) Copyright 2023 HM Revenue & Customs",
        ]);
        assert_eq!(portion_aggregate(copyright.as_bytes()), None);
        let all_u = doc(&["(U) One.", "(U) Two.", "(U) Three."]);
        assert_eq!(portion_aggregate(all_u.as_bytes()), None);
        let changelog = "1.2.3 (S) fixed scrolling\n1.2.4 (U) updated deps\n1.2.5 (S) fix\n";
        assert_eq!(portion_aggregate(changelog.as_bytes()), None);
    }

    #[test]
    fn crlf_and_no_final_newline() {
        let text = "(U) One.\r\n(S) Two.\r\n(S) Three.";
        let found = portion_aggregate(text.as_bytes()).expect("aggregate");
        assert_eq!(found.lines, 3);
        assert_eq!(found.first, 0..3);
    }
}
