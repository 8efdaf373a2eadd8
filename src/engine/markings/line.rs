//! The line model every marking rule shares (specification §2.2) and the position and
//! context adjustments that turn a regex hit into a score (§2.4).
//!
//! A marking is the same words whether it is *applied* (a banner at the top of a document, an
//! email subject) or *mentioned* (a comment saying data is OFFICIAL-SENSITIVE, a dropdown
//! option in a template). What tells them apart is where the words sit:
//! - [`stripped`]: the line without comment and quote markers (but with list bullets: a
//!   `- CONFIDENTIAL` enumeration item is not a banner);
//! - [`is_banner`]: the stripped line holds marking words and punctuation and nothing else;
//! - [`Edges`]: the first and last five non-empty lines of the blob, where banners live;
//! - [`subject_text`]: an email subject line;
//! - [`meta`]: prose *about* markings ("e.g.", "classification", "label"...);
//! - [`in_code_string`]: a quoted literal in programming-language source.
//!
//! [`adjustment`] combines them for one candidate; [`joined_to_identifier`] drops hits glued
//! to identifiers (`OFFICIAL_SENSITIVE`, `SecretManager`); [`any_case_adjustment`] prices the
//! case-insensitive second pass.

use std::ops::Range;

use super::vocabulary::{is_banner_word, is_country_code, RELEASE_GROUPS};

/// What kind of file a blob is, from its path: decides whether quoted strings are code
/// strings and whether a bare line can be a banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Programming-language source: quotes delimit strings; banners only in comments.
    Code,
    /// Configuration and data (YAML, JSON, TOML, INI, XML...): banners only in comments.
    Config,
    /// Everything else: documents, notes, email, markup, files without an extension.
    Prose,
}

/// Extensions of programming-language source files.
const CODE_EXTENSIONS: &[&str] = &[
    "py", "pyi", "pyw", "js", "mjs", "cjs", "jsx", "ts", "mts", "cts", "tsx", "java", "kt", "kts",
    "scala", "sc", "groovy", "gradle", "go", "rs", "c", "h", "cc", "cpp", "cxx", "hh", "hpp",
    "hxx", "cs", "fs", "fsx", "vb", "rb", "php", "swift", "m", "mm", "pl", "pm", "sh", "bash",
    "zsh", "fish", "ps1", "psm1", "bat", "cmd", "lua", "r", "dart", "clj", "cljs", "ex", "exs",
    "erl", "hrl", "hs", "ml", "mli", "elm", "jl", "nim", "zig", "v", "sql", "vue", "svelte",
    "coffee", "tf", "proto", "graphql", "gql",
];

/// Extensions of configuration and data files.
const CONFIG_EXTENSIONS: &[&str] = &[
    "yaml",
    "yml",
    "json",
    "jsonc",
    "json5",
    "toml",
    "ini",
    "cfg",
    "conf",
    "properties",
    "env",
    "xml",
    "plist",
    "xsd",
    "csv",
    "tsv",
    "lock",
];

/// File names (no extension) that are code.
const CODE_FILE_NAMES: &[&str] = &[
    "dockerfile",
    "makefile",
    "gnumakefile",
    "jenkinsfile",
    "rakefile",
    "gemfile",
    "vagrantfile",
    "justfile",
];

impl FileKind {
    /// The kind of the file at `path` (`/`- or `\`-separated), by extension or name.
    pub fn of_path(path: &str) -> FileKind {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        if CODE_FILE_NAMES.contains(&lower.as_str()) || lower.starts_with("dockerfile.") {
            return FileKind::Code;
        }
        let Some((stem, ext)) = lower.rsplit_once('.') else {
            return FileKind::Prose;
        };
        if stem.is_empty() {
            // A dot file: `.env`, `.bashrc`, `.gitlab-ci.yml` is handled above.
            return match ext {
                "env" | "npmrc" | "editorconfig" | "gitconfig" => FileKind::Config,
                "bashrc" | "zshrc" | "profile" | "bash_profile" => FileKind::Code,
                _ => FileKind::Prose,
            };
        }
        if CODE_EXTENSIONS.contains(&ext) {
            FileKind::Code
        } else if CONFIG_EXTENSIONS.contains(&ext) {
            FileKind::Config
        } else {
            FileKind::Prose
        }
    }
}

/// Leading comment and quote markers, longest first (`REM` is handled separately: it needs
/// a word boundary).
const LEADING_MARKERS: &[&[u8]] = &[
    b"<!--", b"\"\"\"", b"'''", b"/*", b"//", b"--", b"#", b"*", b";", b"%", b">",
];

/// Trailing closers.
const TRAILING_CLOSERS: &[&[u8]] = &[b"-->", b"\"\"\"", b"'''", b"*/", b"*"];

/// The byte range of `line` left after removing leading comment/quote markers (`#`, `//`,
/// `/*`, `*`, `--`, `;`, `%`, `<!--`, `"""`, `'''`, `>`, `REM`), trailing closers (`*/`,
/// `-->`, `"""`, `'''`) and surrounding `**`/`__`, and the whitespace around them.
/// List bullets (`- `) are kept.
pub fn stripped_range(line: &[u8]) -> Range<usize> {
    let mut start = 0;
    let mut end = line.len();
    loop {
        start = skip_space(line, start, end);
        let rest = &line[start..end];
        if let Some(m) = LEADING_MARKERS.iter().find(|m| rest.starts_with(m)) {
            start += m.len();
            // `///` and `//!` doc comments.
            if *m == b"//" && matches!(line.get(start), Some(b'/' | b'!')) && start < end {
                start += 1;
            }
            continue;
        }
        if rest.len() >= 3
            && rest[..3].eq_ignore_ascii_case(b"REM")
            && rest.get(3).is_none_or(|b| b.is_ascii_whitespace())
        {
            start += 3;
            continue;
        }
        break;
    }
    loop {
        end = trim_space_end(line, start, end);
        let rest = &line[start..end];
        if let Some(c) = TRAILING_CLOSERS.iter().find(|c| rest.ends_with(c)) {
            end -= c.len();
            continue;
        }
        // A closing `#` run of an ATX heading (`# SECRET #`).
        let hashes = rest.iter().rev().take_while(|&&b| b == b'#').count();
        if hashes > 0 && rest.len() > hashes && rest[rest.len() - hashes - 1].is_ascii_whitespace()
        {
            end -= hashes;
            continue;
        }
        break;
    }
    let rest = &line[start..end];
    if rest.len() >= 4 && rest.starts_with(b"__") && rest.ends_with(b"__") {
        start += 2;
        end -= 2;
    }
    start = skip_space(line, start, end);
    end = trim_space_end(line, start, end);
    start..end
}

/// `line` without its comment/quote markers: see [`stripped_range`].
pub fn stripped(line: &[u8]) -> &[u8] {
    &line[stripped_range(line)]
}

/// True when a comment or quote marker was removed from the start of `line`: the line is a
/// comment (or quoted text), not code.
pub fn is_comment(line: &[u8]) -> bool {
    let first = skip_space(line, 0, line.len());
    let start = stripped_range(line).start;
    start > first && !line[first..start].iter().all(|b| matches!(b, b'_'))
}

fn skip_space(line: &[u8], mut start: usize, end: usize) -> usize {
    while start < end && line[start].is_ascii_whitespace() {
        start += 1;
    }
    start
}

fn trim_space_end(line: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && line[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    end
}

/// Characters a banner may hold besides marking words.
fn is_banner_punctuation(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '–' | '—' | ':' | '/' | ',' | '[' | ']' | '(' | ')' | '|' | '*' | '_'
        )
}

/// True when `stripped` is a banner: after trimming outer `[ ] ( ) :` it holds only marking
/// vocabulary words (upper case; country codes only in a `REL TO` list; organisation names
/// only before `USE ONLY`) and the punctuation `- – — : / , [ ] ( ) | * _`, and does not open
/// with a `-` list bullet.
pub fn is_banner(stripped: &[u8]) -> bool {
    let text = String::from_utf8_lossy(stripped);
    let text =
        text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | '(' | ')' | ':'));
    let mut words: Vec<&str> = Vec::new();
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word_start.get_or_insert(i);
        } else if is_banner_punctuation(c) {
            if let Some(s) = word_start.take() {
                words.push(&text[s..i]);
            }
        } else {
            return false;
        }
    }
    if let Some(s) = word_start {
        words.push(&text[s..]);
    }
    // A list bullet (`- CONFIDENTIAL`) makes an enumeration item, not a banner.
    if words.is_empty() || text.starts_with('-') {
        return false;
    }
    let mut known: Vec<bool> = words.iter().map(|w| is_banner_word(w)).collect();
    for i in 0..words.len() {
        // `REL TO USA, GBR, FVEY`: the release list.
        if words[i] == "REL" && words.get(i + 1) == Some(&"TO") {
            for j in i + 2..words.len() {
                let w = words[j];
                if is_country_code(w.as_bytes()) || RELEASE_GROUPS.contains(&w) {
                    known[j] = true;
                } else {
                    break;
                }
            }
        }
        // `[ORGANISATION(S)] USE ONLY`: up to three upper-case names before `USE ONLY`.
        if words[i] == "USE" && words.get(i + 1) == Some(&"ONLY") {
            for j in (i.saturating_sub(3)..i).rev() {
                if known[j] {
                    break;
                }
                let w = words[j];
                if w.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                    && w.bytes().next().is_some_and(|b| b.is_ascii_uppercase())
                {
                    known[j] = true;
                } else {
                    break;
                }
            }
        }
    }
    known.iter().all(|&k| k)
}

/// Field labels that introduce a marking in a document (`Classification: OFFICIAL-SENSITIVE`,
/// `**Security classification:** SECRET`), lower case.
const FIELD_LABELS: &[&str] = &[
    "security classification",
    "protective marking",
    "security marking",
    "classification",
    "marking",
];

/// In a document line that starts with a field label (`Classification:`), the offset where the
/// text after the label (and its `:` and `*`/`_` emphasis) starts.
pub fn after_field_label(stripped: &[u8]) -> Option<usize> {
    let label = FIELD_LABELS.iter().find(|l| {
        stripped.len() > l.len() && stripped[..l.len()].eq_ignore_ascii_case(l.as_bytes())
    })?;
    let mut at = label.len();
    let skip = |at: &mut usize| {
        while stripped
            .get(*at)
            .is_some_and(|&b| matches!(b, b'*' | b'_' | b' ' | b'\t'))
        {
            *at += 1;
        }
    };
    skip(&mut at);
    if stripped.get(at) != Some(&b':') {
        return None;
    }
    at += 1;
    skip(&mut at);
    (at < stripped.len()).then_some(at)
}

/// Subject-line prefixes (lower case).
const SUBJECT_PREFIXES: &[&[u8]] = &[b"subject:", b"re:", b"fwd:", b"fw:"];

/// When `stripped` is an email subject line (it starts, in any case, with `Subject:`, `Re:`,
/// `Fw:` or `Fwd:`), the offset of the subject text after every such prefix.
pub fn subject_text(stripped: &[u8]) -> Option<usize> {
    let mut at = 0;
    let mut found = false;
    loop {
        let rest = &stripped[at..];
        let Some(p) = SUBJECT_PREFIXES
            .iter()
            .find(|p| rest.len() >= p.len() && rest[..p.len()].eq_ignore_ascii_case(p))
        else {
            break;
        };
        at = skip_space(stripped, at + p.len(), stripped.len());
        found = true;
    }
    found.then_some(at)
}

/// Words that make a line prose *about* markings rather than a marking (lower case).
const META_WORDS: &[&[u8]] = &[
    b"e.g",
    b"example",
    b"such as",
    b"classification",
    b"marking",
    b"label",
    b"levels",
    b"caveat",
    b"descriptor",
    b"tiers",
];

/// True when `line` (any case) talks about markings: "e.g.", "example", "such as",
/// "classification", "marking", "label", "levels", "caveat", "descriptor", "tiers".
pub fn meta(line: &[u8]) -> bool {
    let lower = line.to_ascii_lowercase();
    META_WORDS
        .iter()
        .any(|w| memchr::memmem::find(&lower, w).is_some())
}

/// True when byte `at` of `line` is inside a quoted literal: an odd number of `"`, `'` or
/// `` ` `` before it. An apostrophe between two letters (`don't`) is not a quote.
pub fn in_code_string(line: &[u8], at: usize) -> bool {
    let before = &line[..at.min(line.len())];
    let mut double = 0usize;
    let mut single = 0usize;
    let mut back = 0usize;
    for (i, &b) in before.iter().enumerate() {
        match b {
            b'"' => double += 1,
            b'`' => back += 1,
            b'\'' => {
                let letter_before = i > 0 && before[i - 1].is_ascii_alphabetic();
                let letter_after = line.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
                if !(letter_before && letter_after) {
                    single += 1;
                }
            }
            _ => {}
        }
    }
    double % 2 == 1 || single % 2 == 1 || back % 2 == 1
}

/// True when the value at `value` in `line` is glued to an identifier: a letter or `_` right
/// before or after it (`OFFICIAL_SENSITIVE`, `TOP_SECRET_LEVEL`, `SecretManager`).
pub fn joined_to_identifier(line: &[u8], value: Range<usize>) -> bool {
    let glue = |b: &u8| b.is_ascii_alphabetic() || *b == b'_';
    let before = value.start.checked_sub(1).and_then(|i| line.get(i));
    let after = line.get(value.end);
    before.is_some_and(glue) || after.is_some_and(glue)
}

/// How many non-empty lines at each end of a blob are "edge" lines.
pub const EDGE_LINES: usize = 5;

/// The first and last [`EDGE_LINES`] non-empty lines of a blob: where banners live.
#[derive(Debug, Clone, Default)]
pub struct Edges {
    /// `(line start offset, stripped text range in the blob)`, sorted by offset, no duplicates.
    lines: Vec<(usize, Range<usize>)>,
}

impl Edges {
    /// Finds the edge lines of `hay`: reads at most the first and last few lines.
    pub fn of(hay: &[u8]) -> Edges {
        let mut lines: Vec<(usize, Range<usize>)> = Vec::with_capacity(2 * EDGE_LINES);
        let mut at = 0;
        let mut found = 0;
        while at < hay.len() && found < EDGE_LINES {
            let end = memchr::memchr(b'\n', &hay[at..]).map_or(hay.len(), |i| at + i);
            if let Some(entry) = edge_entry(hay, at, end) {
                lines.push(entry);
                found += 1;
            }
            at = end + 1;
        }
        let mut end = hay.len();
        let mut found = 0;
        loop {
            if found == EDGE_LINES {
                break;
            }
            let start = memchr::memrchr(b'\n', &hay[..end]).map_or(0, |i| i + 1);
            if let Some(entry) = edge_entry(hay, start, end) {
                if !lines.iter().any(|(s, _)| *s == start) {
                    lines.push(entry);
                }
                found += 1;
            }
            if start == 0 {
                break;
            }
            end = start - 1;
        }
        lines.sort_by_key(|(s, _)| *s);
        Edges { lines }
    }

    /// True when the line starting at byte `line_start` is an edge line.
    pub fn contains(&self, line_start: usize) -> bool {
        self.lines.iter().any(|(s, _)| *s == line_start)
    }

    /// True when another edge line has the same stripped text as the edge line starting at
    /// `line_start` (the same banner at the top and the bottom).
    pub fn repeated(&self, hay: &[u8], line_start: usize) -> bool {
        let Some((_, text)) = self.lines.iter().find(|(s, _)| *s == line_start) else {
            return false;
        };
        let text = &hay[text.clone()];
        self.lines
            .iter()
            .any(|(s, other)| *s != line_start && &hay[other.clone()] == text)
    }
}

/// The edge-line entry for the line `hay[start..end]` (without its `\n`), if not blank.
fn edge_entry(hay: &[u8], start: usize, end: usize) -> Option<(usize, Range<usize>)> {
    let line = &hay[start..end];
    if line.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let r = stripped_range(line);
    Some((start, start + r.start..start + r.end))
}

/// Syntaxes whose structure looks like a banner line: an INI/TOML section header `[SECRET]`,
/// a YAML mapping key `SECRET:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// `.ini .toml .cfg .conf`
    Ini,
    /// `.yaml .yml`
    Yaml,
    /// Anything else.
    Other,
}

impl Syntax {
    /// The syntax of the file at `path`, by extension.
    pub fn of_path(path: &str) -> Syntax {
        let lower = path.to_ascii_lowercase();
        match lower.rsplit_once('.').map(|(_, ext)| ext) {
            Some("ini" | "toml" | "cfg" | "conf") => Syntax::Ini,
            Some("yaml" | "yml") => Syntax::Yaml,
            _ => Syntax::Other,
        }
    }
}

/// A blob as the line model sees it: its text, its kind and its edge lines.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    pub hay: &'a [u8],
    pub kind: FileKind,
    pub syntax: Syntax,
    pub edges: Edges,
}

impl<'a> Document<'a> {
    /// The document for the blob `hay` read from `path`.
    pub fn new(hay: &'a [u8], path: &str) -> Document<'a> {
        Document {
            hay,
            kind: FileKind::of_path(path),
            syntax: Syntax::of_path(path),
            edges: Edges::of(hay),
        }
    }

    /// The line holding byte `offset`: its start offset and its text (without `\n` or `\r`).
    pub fn line_at(&self, offset: usize) -> (usize, &'a [u8]) {
        let offset = offset.min(self.hay.len());
        let start = memchr::memrchr(b'\n', &self.hay[..offset]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &self.hay[offset..]).map_or(self.hay.len(), |i| offset + i);
        let line = &self.hay[start..end];
        (start, line.strip_suffix(b"\r").unwrap_or(line))
    }
}

/// How a marking candidate was found: decides which position bonuses apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// A regex rule matched somewhere in the line (UK-OS, US-BANNER, NATO...).
    Pattern,
    /// A line rule found a bare tier banner (BANNER-<TIER>): +20 at an edge, nothing for
    /// being a banner elsewhere.
    BannerLine,
    /// The BRACKET-SUBJECT line rule (`[SECRET] subject`): its base already prices the
    /// bracket.
    BracketSubject,
}

/// Score changes of §2.4.
pub mod delta {
    /// The marking is the whole (stripped) line.
    pub const BANNER: i32 = 15;
    /// A banner among the first or last five non-empty lines.
    pub const BANNER_AT_EDGE: i32 = 10;
    /// A line-rule banner among the first or last five non-empty lines.
    pub const LINE_RULE_AT_EDGE: i32 = 20;
    /// The same banner on another edge line (top and bottom of the document).
    pub const REPEATED_AT_EDGES: i32 = 10;
    /// An email subject line.
    pub const SUBJECT: i32 = 20;
    /// A subject-style bracket around the marking (`[OFFICIAL-SENSITIVE] Q3 referrals`).
    pub const BRACKET: i32 = 10;
    /// Prose about markings.
    pub const META: i32 = -25;
    /// A quoted literal in programming-language source.
    pub const CODE_STRING: i32 = -20;
    /// Title Case `Official-Sensitive` in the case-insensitive pass (base 40 -> 50).
    pub const TITLE_CASE: i32 = 10;
}

/// The position and context adjustment for a marking candidate whose value is the byte range
/// `value` of `doc` (a single line), or `None` when the identifier guard drops it.
pub fn adjustment(doc: &Document<'_>, value: Range<usize>, placement: Placement) -> Option<i32> {
    let (line_start, line) = doc.line_at(value.start);
    let in_line = value.start - line_start..(value.end - line_start).min(line.len());
    if placement == Placement::Pattern && joined_to_identifier(line, in_line.clone()) {
        return None;
    }
    let strip = stripped_range(line);
    let stripped = &line[strip.clone()];
    let after_label = match doc.kind {
        FileKind::Prose => after_field_label(stripped),
        FileKind::Code | FileKind::Config => None,
    };
    let labelled_banner = after_label.is_some_and(|at| is_banner(&stripped[at..]));
    let banner = labelled_banner || is_banner(stripped);
    let edge = doc.edges.contains(line_start);
    let repeated = || doc.edges.repeated(doc.hay, line_start);
    let mut d = 0;
    match placement {
        Placement::Pattern => {
            if banner {
                d += delta::BANNER;
                if edge {
                    d += delta::BANNER_AT_EDGE;
                    if repeated() {
                        d += delta::REPEATED_AT_EDGES;
                    }
                }
            } else if bracketed(line, strip.start, in_line.start) {
                d += delta::BRACKET;
            }
        }
        Placement::BannerLine => {
            if edge {
                d += delta::LINE_RULE_AT_EDGE;
                if repeated() {
                    d += delta::REPEATED_AT_EDGES;
                }
            }
        }
        Placement::BracketSubject => {}
    }
    if subject_text(stripped).is_some() {
        d += delta::SUBJECT;
    }
    let about = match (labelled_banner, after_label) {
        (true, Some(at)) => meta(&stripped[at..]),
        // Words inside the marking itself (`[SEC=PROTECTED, CAVEAT=...]`) are not prose.
        _ => meta(&[&line[..in_line.start], b" ", &line[in_line.end..]].concat()),
    };
    if about {
        d += delta::META;
    }
    if doc.kind == FileKind::Code && in_code_string(line, in_line.start) {
        d += delta::CODE_STRING;
    }
    Some(d)
}

/// True when the stripped line opens with `[` right before the value (or before `UK ` and
/// the value): the marking is bracketed like an email subject tag.
fn bracketed(line: &[u8], stripped_start: usize, value_start: usize) -> bool {
    if line.get(stripped_start) != Some(&b'[') || value_start <= stripped_start {
        return false;
    }
    let between = &line[stripped_start + 1..value_start];
    between.is_empty() || between == b"UK "
}

/// The adjustment of a case-insensitive second-pass hit (`official-sensitive`,
/// `Official Sensitive`, `uk eyes only`) over its base of 40: `None` when the hit is all upper
/// case (the upper-case rules already report it), +10 for Title Case exactly
/// `Official-Sensitive` or `Official Sensitive`, else 0.
pub fn any_case_adjustment(value: &[u8]) -> Option<i32> {
    if !value.iter().any(u8::is_ascii_lowercase) {
        return None;
    }
    if value == b"Official-Sensitive" || value == b"Official Sensitive" {
        Some(delta::TITLE_CASE)
    } else {
        Some(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(line: &str) -> &str {
        std::str::from_utf8(stripped(line.as_bytes())).expect("utf8")
    }

    #[test]
    fn stripped_removes_comment_and_quote_markers() {
        assert_eq!(s("# OFFICIAL-SENSITIVE"), "OFFICIAL-SENSITIVE");
        assert_eq!(s("### SECRET ###"), "SECRET");
        assert_eq!(s("  // NOFORN"), "NOFORN");
        assert_eq!(s("/// SECRET"), "SECRET");
        assert_eq!(s("//! SECRET"), "SECRET");
        assert_eq!(s("/* TOP SECRET */"), "TOP SECRET");
        assert_eq!(s("/** SECRET */"), "SECRET");
        assert_eq!(s(" * SECRET"), "SECRET");
        assert_eq!(s("-- RESTRICTED"), "RESTRICTED");
        assert_eq!(s(";; SECRET"), "SECRET");
        assert_eq!(s("% SECRET"), "SECRET");
        assert_eq!(s("<!-- UK OFFICIAL-SENSITIVE -->"), "UK OFFICIAL-SENSITIVE");
        assert_eq!(s("\"\"\"SECRET\"\"\""), "SECRET");
        assert_eq!(s("'''SECRET'''"), "SECRET");
        assert_eq!(s("> > SECRET"), "SECRET");
        assert_eq!(s("REM SECRET"), "SECRET");
        assert_eq!(s("rem SECRET"), "SECRET");
        assert_eq!(s("REMARK SECRET"), "REMARK SECRET");
        assert_eq!(s("**OFFICIAL-SENSITIVE**"), "OFFICIAL-SENSITIVE");
        assert_eq!(s("__SECRET__"), "SECRET");
        assert_eq!(
            s("* CONFIDENTIEL UE/EU CONFIDENTIAL *"),
            "CONFIDENTIEL UE/EU CONFIDENTIAL"
        );
        assert_eq!(s("SECRET\r"), "SECRET");
        assert_eq!(s(""), "");
        assert_eq!(s("   "), "");
        assert_eq!(s("#"), "");
    }

    #[test]
    fn stripped_keeps_bullets_and_code() {
        assert_eq!(s("- CONFIDENTIAL"), "- CONFIDENTIAL");
        assert_eq!(s("  - SECRET"), "- SECRET");
        assert_eq!(s("1. SECRET"), "1. SECRET");
        assert_eq!(s("kind: Secret"), "kind: Secret");
        assert_eq!(
            s("FOOTER = \"OFFICIAL-SENSITIVE\""),
            "FOOTER = \"OFFICIAL-SENSITIVE\""
        );
    }

    #[test]
    fn comments_are_recognised() {
        assert!(is_comment(b"# SECRET"));
        assert!(is_comment(b"    // SECRET"));
        assert!(is_comment(b"<!-- SECRET -->"));
        assert!(!is_comment(b"SECRET"));
        assert!(!is_comment(b"  SECRET:"));
        assert!(!is_comment(b"[SECRET]"));
        assert!(!is_comment(b"- SECRET"));
    }

    fn banner(line: &str) -> bool {
        is_banner(stripped(line.as_bytes()))
    }

    #[test]
    fn banners_hold_only_marking_words() {
        for line in [
            "# OFFICIAL-SENSITIVE",
            "OFFICIAL - SENSITIVE",
            "OFFICIAL-SENSITIVE [PERSONAL]",
            "OFFICIAL–SENSITIVE: COMMERCIAL",
            "OFFICIAL: SENSITIVE: PERSONAL",
            "SECRET UK EYES ONLY",
            "TOP SECRET – UK / US EYES ONLY",
            "<!-- UK OFFICIAL-SENSITIVE -->",
            "TOP SECRET//SI//NOFORN",
            "TOP SECRET//SI/TK//NOFORN",
            "SECRET//REL TO USA, GBR",
            "SECRET//REL TO USA, FRA, DEU, NATO",
            "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
            "NATO RESTRICTED",
            "COSMIC TOP SECRET ATOMAL",
            "RESTREINT UE/EU RESTRICTED",
            "* CONFIDENTIEL UE/EU CONFIDENTIAL *",
            "TRÈS SECRET UE/EU TOP SECRET",
            "RESTRICTED - COMMERCIAL",
            "PROTECT - PERSONAL",
            "STAFF - IN CONFIDENCE",
            "SECRET",
            "[SECRET]",
            "(OFFICIAL)",
            "# NOFORN",
            "OFFICIAL-SENSITIVE HMRC USE ONLY",
            "OFFICIAL-SENSITIVE DWP/HMRC USE ONLY",
            "OFFICIAL-SENSITIVE | LEGAL PROFESSIONAL PRIVILEGE",
            "OFFICIAL-SENSITIVE: HR/MANAGEMENT",
            "CANUKUS EYES ONLY",
            "NOT PROTECTIVELY MARKED",
        ] {
            assert!(banner(line), "{line}");
        }
    }

    #[test]
    fn mentions_and_code_are_not_banners() {
        for line in [
            "",
            "#",
            "Subject: [OFFICIAL-SENSITIVE] Q3 referrals",
            "(TS//SI//NF) The collection platform was retasked.",
            "CUI//SP-PRVCY",
            "Handling: HMG USE ONLY",
            "# Data in this table is OFFICIAL-SENSITIVE and must not be logged",
            "FOOTER = \"OFFICIAL-SENSITIVE\"",
            "- CONFIDENTIAL",
            "Official-Sensitive",
            "OFFICIAL-SENSITIVE.",
            "SECRET FRA",
            "TOP SECRET AND CONFIDENTIAL",
            "FOR YOUR EYES ONLY",
            "SECRET_KEY",
            "SECRET = 1",
            "EMBARGOED 2024",
            "SECRET//TODO: rotate this",
            "use only",
        ] {
            assert!(!banner(line), "{line}");
        }
    }

    #[test]
    fn field_labels_introduce_markings() {
        fn at(l: &str) -> Option<&str> {
            after_field_label(l.as_bytes()).map(|i| &l[i..])
        }
        assert_eq!(
            at("Classification: OFFICIAL-SENSITIVE"),
            Some("OFFICIAL-SENSITIVE")
        );
        assert_eq!(at("Security classification:** SECRET"), Some("SECRET"));
        assert_eq!(at("PROTECTIVE MARKING : SECRET"), Some("SECRET"));
        assert_eq!(at("Classification**: OFFICIAL"), Some("OFFICIAL"));
        assert_eq!(at("Classification levels: OFFICIAL"), None);
        assert_eq!(at("Classification:"), None);
        assert_eq!(at("Class: SECRET"), None);
    }

    #[test]
    fn subject_lines() {
        fn at(l: &str) -> Option<&str> {
            subject_text(l.as_bytes()).map(|i| &l[i..])
        }
        assert_eq!(
            at("Subject: [SECRET] Op update"),
            Some("[SECRET] Op update")
        );
        assert_eq!(at("subject:SECRET"), Some("SECRET"));
        assert_eq!(at("Subject: RE: Fwd: SECRET"), Some("SECRET"));
        assert_eq!(
            at("Re: OFFICIAL-SENSITIVE: minutes"),
            Some("OFFICIAL-SENSITIVE: minutes")
        );
        assert_eq!(at("FW: SECRET"), Some("SECRET"));
        assert_eq!(at("Subjects: SECRET"), None);
        assert_eq!(at("Regarding SECRET"), None);
        assert_eq!(at("[SECRET] Op update"), None);
    }

    #[test]
    fn meta_lines_talk_about_markings() {
        assert!(meta(
            b"Label the doc with the OFFICIAL-SENSITIVE marking if needed, e.g. in the footer."
        ));
        assert!(meta(
            b"The GSCP has three tiers: OFFICIAL, SECRET and TOP SECRET."
        ));
        assert!(meta(b"Use a CAVEAT such as UK EYES ONLY"));
        assert!(meta(b"CLASSIFICATION LEVELS"));
        assert!(!meta(b"# OFFICIAL-SENSITIVE"));
        assert!(!meta(b"SECRET//REL TO USA, GBR"));
    }

    #[test]
    fn code_strings_count_quotes_before_the_hit() {
        let line = b"FOOTER = \"OFFICIAL-SENSITIVE\"";
        assert!(in_code_string(line, 10));
        assert!(!in_code_string(line, 0));
        assert!(in_code_string(b"x = 'SECRET//NF'", 5));
        assert!(in_code_string(b"msg = `TOP SECRET`", 7));
        assert!(!in_code_string(b"# don't log OFFICIAL-SENSITIVE data", 12));
        assert!(!in_code_string(b"a = \"x\" + OFFICIAL", 10));
    }

    #[test]
    fn identifier_guard() {
        let hit = |line: &str, word: &str| {
            let start = line.find(word).expect("word");
            joined_to_identifier(line.as_bytes(), start..start + word.len())
        };
        assert!(hit("X = OFFICIAL_SENSITIVE", "OFFICIAL"));
        assert!(hit("TOP_SECRET_LEVEL = 4", "SECRET"));
        assert!(hit("SecretManager", "Secret"));
        assert!(hit("CLIENT_SECRET", "SECRET"));
        assert!(!hit("# OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"));
        assert!(!hit("(TS//SI//NF) text", "(TS//SI//NF)"));
        assert!(!hit("\"SECRET\"", "SECRET"));
        assert!(!hit("SECRET2", "SECRET"));
    }

    fn doc(text: &str) -> Document<'_> {
        Document::new(text.as_bytes(), "notes.md")
    }

    /// A file of `n` ordinary lines.
    fn filler(n: usize) -> String {
        (0..n)
            .map(|i| format!("Ordinary line number {i}.\n"))
            .collect()
    }

    #[test]
    fn edges_are_the_first_and_last_five_non_empty_lines() {
        let mut text = String::from("\n  \nfirst\n\nsecond\n");
        text.push_str(&filler(20));
        text.push_str("last\n\n\n");
        let d = doc(&text);
        let start_of = |needle: &str| text.find(needle).expect("needle");
        assert!(d.edges.contains(start_of("first")));
        assert!(d.edges.contains(start_of("second")));
        assert!(d.edges.contains(start_of("Ordinary line number 2.")));
        assert!(!d.edges.contains(start_of("Ordinary line number 3.")));
        assert!(!d.edges.contains(start_of("Ordinary line number 15.")));
        assert!(d.edges.contains(start_of("Ordinary line number 16.")));
        assert!(d.edges.contains(start_of("last")));
        assert!(!d.edges.contains(0), "blank lines are never edges");
    }

    #[test]
    fn short_files_are_all_edge() {
        let text = "a\nb\nc\n";
        let d = doc(text);
        assert!(d.edges.contains(0) && d.edges.contains(2) && d.edges.contains(4));
        assert_eq!(d.edges.lines.len(), 3, "no duplicates");
        let empty = doc("");
        assert!(!empty.edges.contains(0));
        let single = doc("SECRET");
        assert!(single.edges.contains(0));
        assert!(!single.edges.repeated(single.hay, 0));
    }

    #[test]
    fn the_same_banner_top_and_bottom_is_repeated() {
        let text = format!("# SECRET\n{}SECRET\n", filler(30));
        let d = doc(&text);
        assert!(d.edges.repeated(d.hay, 0));
        let bottom = text.rfind("SECRET").expect("bottom");
        assert!(d.edges.repeated(d.hay, bottom));
        let other = format!("SECRET\n{}CONFIDENTIAL\n", filler(30));
        let d = doc(&other);
        assert!(!d.edges.repeated(d.hay, 0));
    }

    /// The adjustment for the first occurrence of `value` in `text`, a file at `path`.
    fn adjust(text: &str, path: &str, value: &str, placement: Placement) -> Option<i32> {
        let d = Document::new(text.as_bytes(), path);
        let start = text.find(value).expect("value in text");
        adjustment(&d, start..start + value.len(), placement)
    }

    /// `line` as line `at` (1-based) of a file of 30 lines.
    fn placed(line: &str, at: usize) -> String {
        let mut text = filler(at - 1);
        text.push_str(line);
        text.push('\n');
        text.push_str(&filler(30 - at));
        text
    }

    #[test]
    fn spec_positive_examples_get_the_spec_adjustments() {
        let p = Placement::Pattern;
        // P1: UK-OS 70 + 15 + 10 = 95.
        let t = placed("# OFFICIAL-SENSITIVE", 1);
        assert_eq!(adjust(&t, "README.md", "OFFICIAL-SENSITIVE", p), Some(25));
        // P3: UK-OS 70 + 20 (subject) = 90.
        let t = placed("Subject: [OFFICIAL-SENSITIVE] Q3 referrals", 2);
        assert_eq!(adjust(&t, "notes.eml", "OFFICIAL-SENSITIVE", p), Some(20));
        // P4: last line.
        let t = format!("{}OFFICIAL-SENSITIVE [PERSONAL]\n", filler(20));
        assert_eq!(adjust(&t, "minutes.md", "OFFICIAL-SENSITIVE", p), Some(25));
        // P7: UK-EYES-ONLY 75 + 25 = 100.
        let t = placed("TOP SECRET – UK / US EYES ONLY", 1);
        assert_eq!(adjust(&t, "brief2.txt", "UK / US EYES ONLY", p), Some(25));
        // P8: HTML comment.
        let t = placed("<!-- UK OFFICIAL-SENSITIVE -->", 1);
        assert_eq!(
            adjust(&t, "page.html", "UK OFFICIAL-SENSITIVE", p),
            Some(25)
        );
        // P11: portion mark mid-file: no adjustment (US-PORTION 80).
        let t = placed("(TS//SI//NF) The collection platform was retasked.", 15);
        assert_eq!(adjust(&t, "report.md", "(TS//SI//NF)", p), Some(0));
        // P13: CUI categories are not banner words: US-BANNER 80.
        let t = placed("CUI//SP-PRVCY", 1);
        assert_eq!(adjust(&t, "cui.md", "CUI//SP-PRVCY", p), Some(0));
        // P23: a banner comment mid-file: US-NOFORN 75 + 15 = 90.
        let t = placed("# NOFORN", 15);
        assert_eq!(adjust(&t, "x.py", "NOFORN", p), Some(15));
        // P24: not a banner: 55.
        let t = placed("Handling: HMG USE ONLY", 15);
        assert_eq!(adjust(&t, "handling.md", "HMG USE ONLY", p), Some(0));
        // P25: a mention in a comment: 70.
        let line = "# Data in this table is OFFICIAL-SENSITIVE and must not be logged";
        let t = placed(line, 15);
        assert_eq!(adjust(&t, "etl.py", "OFFICIAL-SENSITIVE", p), Some(0));
        // P26: a string in code: 70 - 20 = 50.
        let t = placed("FOOTER = \"OFFICIAL-SENSITIVE\"", 15);
        assert_eq!(adjust(&t, "footer.py", "OFFICIAL-SENSITIVE", p), Some(-20));
        // The same line in YAML is not code: no string penalty.
        let t = placed("footer: \"OFFICIAL-SENSITIVE\"", 15);
        assert_eq!(adjust(&t, "values.yaml", "OFFICIAL-SENSITIVE", p), Some(0));
        // P28: AU rule in a subject: 80 + 20.
        let t = placed("Subject: Budget [SEC=OFFICIAL:Sensitive]", 15);
        assert_eq!(
            adjust(&t, "mail.txt", "[SEC=OFFICIAL:Sensitive", p),
            Some(20)
        );
    }

    #[test]
    fn line_rule_placements() {
        // P21: BANNER-SECRET 65 + 20 (edge) + 10 (top and bottom) = 95.
        let t = format!("SECRET\n{}SECRET\n", filler(30));
        assert_eq!(
            adjust(&t, "doc.txt", "SECRET", Placement::BannerLine),
            Some(30)
        );
        // P22: BANNER-CONFIDENTIAL 55 + 20 = 75.
        let t = placed("CONFIDENTIAL", 1);
        assert_eq!(
            adjust(&t, "doc2.txt", "CONFIDENTIAL", Placement::BannerLine),
            Some(20)
        );
        // Mid-file: no banner bonus for line rules (WARN elsewhere).
        let t = placed("SECRET", 15);
        assert_eq!(
            adjust(&t, "doc.txt", "SECRET", Placement::BannerLine),
            Some(0)
        );
        // P27: BRACKET-SECRET 70 mid-file; 90 after `Subject:`.
        let t = placed("[SECRET] Op update for Tuesday", 15);
        assert_eq!(
            adjust(&t, "subj.txt", "[SECRET]", Placement::BracketSubject),
            Some(0)
        );
        let t = placed("Subject: [SECRET] Op update for Tuesday", 15);
        assert_eq!(
            adjust(&t, "subj.txt", "[SECRET]", Placement::BracketSubject),
            Some(20)
        );
    }

    #[test]
    fn bracket_bonus_only_for_a_bracketed_marking() {
        let p = Placement::Pattern;
        let t = placed("[OFFICIAL-SENSITIVE] Q3 referrals", 15);
        assert_eq!(adjust(&t, "notes.txt", "OFFICIAL-SENSITIVE", p), Some(10));
        let t = placed("[UK OFFICIAL-SENSITIVE] Q3 referrals", 15);
        assert_eq!(adjust(&t, "notes.txt", "OFFICIAL-SENSITIVE", p), Some(10));
        let t = placed("[\"OFFICIAL\", \"OFFICIAL-SENSITIVE\"]", 15);
        assert_eq!(adjust(&t, "levels.py", "OFFICIAL-SENSITIVE", p), Some(-20));
    }

    #[test]
    fn meta_prose_is_demoted() {
        // N26: UK-OS 70 - 25 = 45 (info).
        let line =
            "Label the doc with the OFFICIAL-SENSITIVE marking if needed, e.g. in the footer.";
        let t = placed(line, 15);
        assert_eq!(
            adjust(&t, "notes.md", "OFFICIAL-SENSITIVE", Placement::Pattern),
            Some(-25)
        );
    }

    #[test]
    fn a_labelled_marking_in_a_document_is_a_banner() {
        let p = Placement::Pattern;
        let t = placed("**Classification:** OFFICIAL-SENSITIVE", 2);
        assert_eq!(adjust(&t, "brief.md", "OFFICIAL-SENSITIVE", p), Some(25));
        let t = placed("Security classification: OFFICIAL-SENSITIVE", 15);
        assert_eq!(adjust(&t, "brief.md", "OFFICIAL-SENSITIVE", p), Some(15));
        // In configuration a `classification:` key is data: meta applies.
        let t = placed("classification: OFFICIAL-SENSITIVE", 2);
        assert_eq!(adjust(&t, "app.yaml", "OFFICIAL-SENSITIVE", p), Some(-25));
        // A label followed by prose is still prose about markings.
        let t = placed("Classification: OFFICIAL-SENSITIVE applies here", 2);
        assert_eq!(adjust(&t, "brief.md", "OFFICIAL-SENSITIVE", p), Some(-25));
    }

    #[test]
    fn identifier_hits_are_dropped() {
        let t = placed("X = TOP_SECRET_LEVEL", 1);
        assert_eq!(adjust(&t, "levels.py", "SECRET", Placement::Pattern), None);
        let t = placed("cortex-official-sensitive", 1);
        assert_eq!(
            adjust(&t, "site.css", "official-sensitive", Placement::Pattern),
            Some(0)
        );
    }

    #[test]
    fn crlf_lines() {
        let t = "OFFICIAL-SENSITIVE\r\nbody\r\nmore\r\n";
        assert_eq!(
            adjust(t, "a.txt", "OFFICIAL-SENSITIVE", Placement::Pattern),
            Some(25)
        );
    }

    #[test]
    fn case_insensitive_pass() {
        assert_eq!(any_case_adjustment(b"OFFICIAL-SENSITIVE"), None);
        assert_eq!(any_case_adjustment(b"UK EYES ONLY"), None);
        assert_eq!(any_case_adjustment(b"Official-Sensitive"), Some(10));
        assert_eq!(any_case_adjustment(b"Official Sensitive"), Some(10));
        assert_eq!(any_case_adjustment(b"official-sensitive"), Some(0));
        assert_eq!(any_case_adjustment(b"Official: Sensitive"), Some(0));
        assert_eq!(any_case_adjustment(b"UK Eyes Only"), Some(0));
    }

    #[test]
    fn file_kinds() {
        assert_eq!(FileKind::of_path("src/app.py"), FileKind::Code);
        assert_eq!(FileKind::of_path("web/Footer.TSX"), FileKind::Code);
        assert_eq!(FileKind::of_path("Dockerfile"), FileKind::Code);
        assert_eq!(FileKind::of_path("a\\b\\Makefile"), FileKind::Code);
        assert_eq!(FileKind::of_path("k8s/values.yaml"), FileKind::Config);
        assert_eq!(FileKind::of_path("config.ini"), FileKind::Config);
        assert_eq!(FileKind::of_path(".env"), FileKind::Config);
        assert_eq!(FileKind::of_path("README.md"), FileKind::Prose);
        assert_eq!(FileKind::of_path("notes.eml"), FileKind::Prose);
        assert_eq!(FileKind::of_path("LICENSE"), FileKind::Prose);
        assert_eq!(FileKind::of_path("page.html"), FileKind::Prose);
        assert_eq!(FileKind::of_path("-"), FileKind::Prose);
    }
}
