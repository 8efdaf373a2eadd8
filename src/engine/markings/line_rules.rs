//! The line rules (specification §2.3): a bare tier as the whole line (`BANNER-<TIER>`:
//! `SECRET`, `[CONFIDENTIAL]`, `OFFICIAL: PERSONAL`) and a bracketed tier opening an
//! email-style subject (`BRACKET-SUBJECT`: `[SECRET] Op update`). They look at the
//! [`stripped`] line (or the text after `Subject:`), and only at lines no other marking rule
//! matched: the caller makes sure of that.
//!
//! A bare tier word is an ordinary word in code (`SECRET` enum members, `[SECRET]` INI
//! sections, `SECRET:` YAML keys), so beyond the specification's INI and YAML guards:
//! - in code and configuration files the line must be a comment (in documents any line);
//! - a line between other bare-tier lines is an enumeration of levels, not a banner.

use std::ops::Range;
use std::sync::OnceLock;

use regex::bytes::{Regex, RegexBuilder};

use super::line::{
    is_comment, stripped, stripped_range, subject_text, Document, FileKind, Placement, Syntax,
};

/// A classification level a line rule names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tier {
    TopSecret,
    Secret,
    Confidential,
    Restricted,
    Protect,
    Official,
    NotProtectivelyMarked,
    Unclassified,
}

impl Tier {
    /// Every tier, strongest first.
    pub const ALL: [Tier; 8] = [
        Tier::TopSecret,
        Tier::Secret,
        Tier::Confidential,
        Tier::Restricted,
        Tier::Protect,
        Tier::Official,
        Tier::NotProtectivelyMarked,
        Tier::Unclassified,
    ];

    fn from_words(words: &[u8]) -> Option<Tier> {
        Some(match words {
            b"TOP SECRET" => Tier::TopSecret,
            b"SECRET" => Tier::Secret,
            b"CONFIDENTIAL" => Tier::Confidential,
            b"RESTRICTED" => Tier::Restricted,
            b"PROTECT" => Tier::Protect,
            b"OFFICIAL" => Tier::Official,
            b"NOT PROTECTIVELY MARKED" => Tier::NotProtectivelyMarked,
            b"UNCLASSIFIED" => Tier::Unclassified,
            _ => return None,
        })
    }

    /// The id suffix of this tier's rules (`banner-` + suffix).
    pub fn slug(self) -> &'static str {
        match self {
            Tier::TopSecret => "top-secret",
            Tier::Secret => "secret",
            Tier::Confidential => "confidential",
            Tier::Restricted => "restricted",
            Tier::Protect => "protect",
            Tier::Official => "official",
            Tier::NotProtectivelyMarked => "not-protectively-marked",
            Tier::Unclassified => "unclassified",
        }
    }
}

/// Which line rule matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LineRule {
    /// `BANNER-<TIER>`: the tier is the whole stripped line.
    Banner(Tier),
    /// `BRACKET-SUBJECT`: `[TIER] subject text` (TOP SECRET, SECRET or OFFICIAL only).
    BracketSubject(Tier),
}

impl LineRule {
    /// The rule id in `patterns/markings/` (`banner-secret`, `bracket-subject-secret`).
    pub fn rule_id(self) -> String {
        match self {
            LineRule::Banner(t) => format!("banner-{}", t.slug()),
            LineRule::BracketSubject(t) => format!("bracket-subject-{}", t.slug()),
        }
    }

    /// How the line model prices its position.
    pub fn placement(self) -> Placement {
        match self {
            LineRule::Banner(_) => Placement::BannerLine,
            LineRule::BracketSubject(_) => Placement::BracketSubject,
        }
    }
}

/// A line rule's hit: the rule and the marking's byte range in the blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineHit {
    pub rule: LineRule,
    pub value: Range<usize>,
}

const TIERS: &str = "TOP SECRET|SECRET|CONFIDENTIAL|RESTRICTED|PROTECT|OFFICIAL|UNCLASSIFIED|NOT PROTECTIVELY MARKED";

fn compile(pattern: &str) -> Regex {
    match RegexBuilder::new(pattern).unicode(false).build() {
        Ok(regex) => regex,
        // The patterns are constants checked by the tests.
        Err(e) => unreachable!("line-rule pattern {pattern:?}: {e}"),
    }
}

/// `BANNER-<TIER>` on a stripped line (the specification's pattern; Unicode off, so the dashes
/// are alternatives, not a class).
fn banner_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        compile(&format!(
            r"^[\[(]?(?:UK )?({TIERS})(?: ?(?:-|–|—|:|/) ?[A-Z][A-Z /&\-]*)?[\])]?:?$"
        ))
    })
}

/// `BRACKET-SUBJECT` on a stripped line or subject text.
fn bracket_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| compile(r"^(\[(?:UK )?(TOP SECRET|SECRET|OFFICIAL)\]) +\S"))
}

/// A bare `TIER:` YAML key, alone or with a value.
fn yaml_key_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| compile(&format!(r"^(?:{TIERS}):(?:[ \t].*)?$")))
}

/// A bare `[TIER]` INI/TOML section header.
fn section_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| compile(&format!(r"^\[(?:{TIERS})\]$")))
}

/// The line rule the line starting at byte `line_start` of `doc` matches, if any. Call it only
/// for lines no other marking rule matched.
pub fn line_rule(doc: &Document<'_>, line_start: usize) -> Option<LineHit> {
    let (line_start, line) = doc.line_at(line_start);
    if doc.kind != FileKind::Prose && !is_comment(line) {
        return None;
    }
    let strip = stripped_range(line);
    let text_at = strip.start + subject_text(&line[strip.clone()]).unwrap_or(0);
    let text = &line[text_at..strip.end];
    let guarded = match doc.syntax {
        Syntax::Ini => section_regex().is_match(text),
        Syntax::Yaml => yaml_key_regex().is_match(text),
        Syntax::Other => false,
    };
    if guarded {
        return None;
    }
    let at = |r: Range<usize>| line_start + text_at + r.start..line_start + text_at + r.end;
    if let Some(caps) = banner_regex().captures(text) {
        let tier = caps.get(1).and_then(|m| Tier::from_words(m.as_bytes()))?;
        if in_enumeration(doc, line_start, line.len()) {
            return None;
        }
        let whole = caps.get(0)?;
        return Some(LineHit {
            rule: LineRule::Banner(tier),
            value: at(whole.range()),
        });
    }
    let caps = bracket_regex().captures(text)?;
    let tier = caps.get(2).and_then(|m| Tier::from_words(m.as_bytes()))?;
    Some(LineHit {
        rule: LineRule::BracketSubject(tier),
        value: at(caps.get(1)?.range()),
    })
}

/// True when the line before or after the line at `line_start` (of `len` bytes) is also a
/// bare tier: a list of levels (`OFFICIAL` / `SECRET` / `TOP SECRET`), not a banner.
fn in_enumeration(doc: &Document<'_>, line_start: usize, len: usize) -> bool {
    let hay = doc.hay;
    let bare = |line: &[u8]| banner_regex().is_match(stripped(line));
    // `line_start - 1` is the previous line's `\n`: `line_at` gives that line.
    let previous = line_start.checked_sub(1).map(|nl| doc.line_at(nl).1);
    let next_start = line_start + len;
    let next = memchr::memchr(b'\n', &hay[next_start.min(hay.len())..])
        .map(|i| next_start + i + 1)
        .filter(|&s| s < hay.len())
        .map(|s| doc.line_at(s).1);
    previous.is_some_and(bare) || next.is_some_and(bare)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filler(n: usize) -> String {
        (0..n)
            .map(|i| format!("Ordinary line number {i}.\n"))
            .collect()
    }

    /// The line rule for the line holding the first occurrence of `line` in a file at `path`
    /// where it is line 1, with 20 ordinary lines after it.
    fn rule_for(line: &str, path: &str) -> Option<(String, String)> {
        let text = format!("{line}\n{}", filler(20));
        rule_in(&text, line, path)
    }

    fn rule_in(text: &str, line: &str, path: &str) -> Option<(String, String)> {
        let doc = Document::new(text.as_bytes(), path);
        let start = text.find(line).expect("line");
        line_rule(&doc, start).map(|h| (h.rule.rule_id(), text[h.value].to_string()))
    }

    fn found(id: &str, value: &str) -> Option<(String, String)> {
        Some((id.to_string(), value.to_string()))
    }

    #[test]
    fn patterns_compile() {
        let _ = (
            banner_regex(),
            bracket_regex(),
            yaml_key_regex(),
            section_regex(),
        );
    }

    #[test]
    fn bare_tiers_are_banners_in_documents() {
        assert_eq!(
            rule_for("SECRET", "doc.txt"),
            found("banner-secret", "SECRET")
        );
        assert_eq!(
            rule_for("CONFIDENTIAL", "doc2.txt"),
            found("banner-confidential", "CONFIDENTIAL")
        );
        assert_eq!(
            rule_for("OFFICIAL", "doc3.md"),
            found("banner-official", "OFFICIAL")
        );
        assert_eq!(
            rule_for("UNCLASSIFIED", "doc4.md"),
            found("banner-unclassified", "UNCLASSIFIED")
        );
        assert_eq!(
            rule_for("# TOP SECRET", "README.md"),
            found("banner-top-secret", "TOP SECRET")
        );
        assert_eq!(
            rule_for("[RESTRICTED]", "a.txt"),
            found("banner-restricted", "[RESTRICTED]")
        );
        assert_eq!(
            rule_for("UK OFFICIAL", "a.txt"),
            found("banner-official", "UK OFFICIAL")
        );
        assert_eq!(
            rule_for("OFFICIAL: PERSONAL", "a.txt"),
            found("banner-official", "OFFICIAL: PERSONAL")
        );
        assert_eq!(
            rule_for("PROTECT – POLICY", "a.txt"),
            found("banner-protect", "PROTECT – POLICY")
        );
        assert_eq!(
            rule_for("NOT PROTECTIVELY MARKED", "a.txt"),
            found("banner-not-protectively-marked", "NOT PROTECTIVELY MARKED")
        );
        assert_eq!(
            rule_for("Subject: SECRET", "mail.eml"),
            found("banner-secret", "SECRET")
        );
        assert_eq!(
            rule_for("SECRET:", "notes.txt"),
            found("banner-secret", "SECRET:")
        );
    }

    #[test]
    fn bracketed_subjects() {
        assert_eq!(
            rule_for("[SECRET] Op update for Tuesday", "subj.txt"),
            found("bracket-subject-secret", "[SECRET]")
        );
        assert_eq!(
            rule_for("Subject: [UK TOP SECRET] Op update", "mail.eml"),
            found("bracket-subject-top-secret", "[UK TOP SECRET]")
        );
        assert_eq!(
            rule_for("[OFFICIAL] Minutes", "mail.txt"),
            found("bracket-subject-official", "[OFFICIAL]")
        );
        // Markdown reference links and array indexing are not subjects.
        assert_eq!(rule_for("[SECRET]: https://example.org/s", "a.md"), None);
        assert_eq!(rule_for("[SECRET][1] is documented", "a.md"), None);
        assert_eq!(rule_for("config[SECRET] = 1", "a.txt"), None);
        assert_eq!(rule_for("[CONFIDENTIAL] notes", "a.txt"), None);
    }

    #[test]
    fn not_banners() {
        for line in [
            "- CONFIDENTIAL",
            "Top Secret Pizza Recipe",
            "# Top Secret Pizza Recipe",
            "SECRET//TODO: rotate this",
            "CONFIDENTIAL//FOR INTERNAL USE",
            "SECRET// note",
            "secret",
            "SECRET = 1",
            "SECRET_KEY",
            "The SECRET",
            "SECRET, CONFIDENTIAL",
        ] {
            assert_eq!(rule_for(line, "notes.md"), None, "{line}");
        }
    }

    #[test]
    fn code_and_config_need_a_comment() {
        assert_eq!(rule_for("SECRET", "levels.py"), None);
        assert_eq!(rule_for("  SECRET", "schema.graphql"), None);
        assert_eq!(
            rule_for("# SECRET", "x.py"),
            found("banner-secret", "SECRET")
        );
        assert_eq!(
            rule_for("// SECRET", "x.ts"),
            found("banner-secret", "SECRET")
        );
        assert_eq!(
            rule_for("<!-- SECRET -->", "pom.xml"),
            found("banner-secret", "SECRET")
        );
    }

    #[test]
    fn ini_and_yaml_guards() {
        // N16, N31.
        assert_eq!(rule_for("[SECRET]", "config.ini"), None);
        assert_eq!(rule_for("SECRET:", "values.yaml"), None);
        // Commented out, still a section or a key.
        assert_eq!(rule_for("; [SECRET]", "config.ini"), None);
        assert_eq!(rule_for("# [SECRET]", "Cargo.toml"), None);
        assert_eq!(rule_for("# SECRET: FOO", "values.yml"), None);
        assert_eq!(rule_for("# SECRET:", "values.yml"), None);
        // A banner comment in YAML is still a banner.
        assert_eq!(
            rule_for("# SECRET", "values.yml"),
            found("banner-secret", "SECRET")
        );
        assert_eq!(
            rule_for("# [SECRET]", "values.yml"),
            found("banner-secret", "[SECRET]")
        );
    }

    #[test]
    fn enumerations_of_levels_are_not_banners() {
        let text = "OFFICIAL\nSECRET\nTOP SECRET\n";
        for line in ["OFFICIAL", "SECRET\n", "TOP SECRET"] {
            assert_eq!(rule_in(text, line, "levels.txt"), None, "{line}");
        }
        let text = format!("{}# OFFICIAL\n# SECRET\n", filler(10));
        assert_eq!(rule_in(&text, "# SECRET", "enum.py"), None);
        // A banner followed by a caveat line is still a banner.
        let text = format!("TOP SECRET\nUK EYES ONLY\n{}", filler(10));
        assert_eq!(
            rule_in(&text, "TOP SECRET", "brief.txt"),
            found("banner-top-secret", "TOP SECRET")
        );
        // Top and bottom banners of a one-page document.
        let text = "SECRET\n\nBody.\n\nSECRET\n";
        assert_eq!(
            rule_in(text, "SECRET", "a.txt"),
            found("banner-secret", "SECRET")
        );
    }

    #[test]
    fn crlf_and_last_lines() {
        let text = "Body\r\nSECRET\r\n";
        assert_eq!(
            rule_in(text, "SECRET", "a.txt"),
            found("banner-secret", "SECRET")
        );
        let text = "Body\nSECRET";
        assert_eq!(
            rule_in(text, "SECRET", "a.txt"),
            found("banner-secret", "SECRET")
        );
    }
}
