//! Classification markings (specification §2): what the rules in `patterns/markings/*.toml`
//! need beyond a regex.
//! - [`vocabulary`]: the marking words, and where they were checked;
//! - [`line`]: the line model (stripped line, banner, edge, subject, meta, code string) and
//!   the position and context adjustments of a candidate;
//! - [`line_rules`]: `BANNER-<TIER>` and `BRACKET-SUBJECT`, which look at whole lines;
//! - [`portion`]: the document rule `PORTION-AGGREGATE`;
//! - [`codeword`]: organisation codewords configured as SHA-256 hashes;
//! - [`pass`]: the marking step of a blob scan, which puts the above together;
//! - the [`ScoredValidator`]s rules name in `validator` (this module): US control vocabulary,
//!   `EYES ONLY` nations, the case-insensitive second pass, and the names that mark line,
//!   document and codeword rules for [`pass`].

pub mod codeword;
pub mod line;
pub mod line_rules;
pub mod pass;
pub mod portion;
pub mod vocabulary;

use regex::bytes::Captures;

use super::verdict::{ScoredValidator, Verdict};
use vocabulary::{
    is_country_code, is_eyes_only_nation, is_us_control, RELEASE_GROUPS, US_MULTI_WORD_CONTROLS,
};

/// The marking validator called `name` in rule files.
pub fn validator(name: &str) -> Option<ScoredValidator> {
    Some(match name {
        "us-control" => us_control,
        "eyes-only-nations" => eyes_only_nations,
        "marking-any-case" => any_case,
        "rel-to-countries" => rel_to_countries,
        "banner-line" | "bracket-subject" | "portion-aggregate" | "codeword" | "weak-word" => {
            as_found
        }
        _ => return None,
    })
}

/// Every marking validator name, for error messages.
pub const NAMES: &[&str] = &[
    "us-control",
    "eyes-only-nations",
    "marking-any-case",
    "rel-to-countries",
    "banner-line",
    "bracket-subject",
    "portion-aggregate",
    "codeword",
    "weak-word",
];

/// The reported value: the named group `value`, else group 1, else the whole match.
fn value<'h>(caps: &Captures<'h>) -> &'h [u8] {
    caps.name("value")
        .or_else(|| caps.get(1))
        .or_else(|| caps.get(0))
        .map_or(&[], |m| m.as_bytes())
}

/// A marking normalised for hashing and counting: upper case, whitespace runs as one space.
pub fn normalise(value: &[u8]) -> String {
    let text = String::from_utf8_lossy(value).to_uppercase();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// US-BANNER and US-PORTION: `LEVEL//CONTROL...` is a marking only when the first control is
/// US control vocabulary or an ISO 3166-1 alpha-3 code (`SECRET//FIX`, `SECRET//TODO` are
/// comments), a multi-word control is there whole (`CONFIDENTIAL//FOR INTERNAL USE` is not
/// `FOR OFFICIAL USE ONLY`), or the level is CUI (any category follows). Named groups: `level`,
/// `control` (the first control, up to a space, `/` or `,`) and optionally `tail` (what
/// follows it). UNCLASSIFIED (`U`) levels score 20 less (80 -> 60).
fn us_control(caps: &Captures<'_>) -> Option<Verdict> {
    let level = caps.name("level")?.as_bytes();
    let control = caps.name("control")?.as_bytes();
    let tail = caps.name("tail").map_or(&[][..], |m| m.as_bytes());
    let cui = matches!(level, b"CUI" | b"CONTROLLED");
    if !cui && !known_control(control, tail) {
        return None;
    }
    let adjust = if matches!(level, b"UNCLASSIFIED" | b"U") {
        -20
    } else {
        0
    };
    Some(Verdict::matched(normalise(value(caps))).adjusted(adjust))
}

/// See [`us_control`].
fn known_control(control: &[u8], tail: &[u8]) -> bool {
    let first = control.split(|&b| b == b'-').next().unwrap_or_default();
    if !is_us_control(first) && !is_country_code(first) {
        return false;
    }
    let Some(phrase) = US_MULTI_WORD_CONTROLS
        .iter()
        .find(|p| p.split(' ').next().is_some_and(|w| w.as_bytes() == first))
    else {
        return true;
    };
    // The whole phrase, word by word, however the words are spaced.
    let mut words = control.split(|&b| b == b' ').chain(
        tail.split(|&b| b == b' ' || b == b',' || b == b'/')
            .filter(|w| !w.is_empty()),
    );
    phrase
        .split(' ')
        .all(|want| words.next().is_some_and(|got| got == want.as_bytes()))
}

/// UK-EYES-ONLY: every `/`-separated token of the named group `nations` (before
/// `EYES ONLY`) is a nation or alliance (`UK`, `US`, `FIVE`, `CANUKUS`...): `FOR YOUR EYES
/// ONLY` is a film.
fn eyes_only_nations(caps: &Captures<'_>) -> Option<Verdict> {
    let nations = caps.name("nations")?.as_bytes();
    let all_nations = nations
        .split(|&b| b == b'/')
        .map(<[u8]>::trim_ascii)
        .all(is_eyes_only_nation);
    all_nations.then(|| Verdict::matched(normalise(value(caps))))
}

/// US-REL-TO: every member of the list after `REL TO` (named group `list`, comma-separated) is
/// an ISO 3166-1 alpha-3 code or `FVEY`, `NATO`, `EU`: `REL TO THE TEAM` is not a release list.
fn rel_to_countries(caps: &Captures<'_>) -> Option<Verdict> {
    let list = caps.name("list")?.as_bytes();
    let countries = list
        .split(|&b| b == b',')
        .map(<[u8]>::trim_ascii)
        .all(|w| is_country_code(w) || RELEASE_GROUPS.iter().any(|g| g.as_bytes() == w));
    countries.then(|| Verdict::matched(normalise(value(caps))))
}

/// The case-insensitive second pass (`official-sensitive`, `Official Sensitive`,
/// `uk eyes only`): dropped when all upper case (the upper-case rules report those), +10 for
/// Title Case exactly `Official-Sensitive` / `Official Sensitive` (base 40 -> 50).
fn any_case(caps: &Captures<'_>) -> Option<Verdict> {
    let value = value(caps);
    let adjust = line::any_case_adjustment(value)?;
    Some(Verdict::matched(normalise(value)).adjusted(adjust))
}

/// Line, document and codeword rules: the match as found; [`pass`] decides the rest.
fn as_found(caps: &Captures<'_>) -> Option<Verdict> {
    Some(Verdict::matched(normalise(value(caps))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::build_pattern;

    /// US-BANNER as `patterns/markings/us.toml` writes it.
    const US_BANNER: &str = r"(?-u:\b)(?P<value>(?P<level>TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|RESTRICTED|CUI|CONTROLLED)//(?P<control>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(?:/{1,2}[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)*)(?P<tail>[A-Z0-9 ,/\-]*)";
    /// US-PORTION.
    const US_PORTION: &str = r"(?P<value>\((?P<level>TS|S|C|U|R|CUI)//(?P<control>[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*)(?P<tail>[A-Z0-9 ,/\-]*)\))";
    /// UK-EYES-ONLY.
    const EYES_ONLY: &str =
        r"(?-u:\b)(?P<value>(?P<nations>[A-Z]{2,12}(?: ?/ ?[A-Z]{2,12})*) EYES ONLY)(?-u:\b)";
    /// US-REL-TO.
    const REL_TO: &str =
        r"(?-u:\b)(?P<value>REL TO (?P<list>[A-Z]{3,4}(?:, ?[A-Z]{3,4})*))(?-u:\b)";
    /// The case-insensitive pass for OFFICIAL-SENSITIVE.
    const ANY_CASE: &str =
        r"(?i)(?-u:\b)(?P<value>official[ \t]*(?:-|–|—|:)?[ \t]*sensitive)(?-u:\b)";

    /// What `validator` says about the first match of `pattern` in `text`: `None` when there is
    /// no match, `Some(None)` when the validator drops it, else the adjustment and value.
    fn judge(pattern: &str, name: &str, text: &str) -> Option<Option<(i32, String)>> {
        let regex = build_pattern(pattern).expect("compiles");
        let caps = regex.captures(text.as_bytes())?;
        let v = validator(name).expect("validator");
        Some(v(&caps).map(|verdict| (verdict.adjust, verdict.normalised)))
    }

    fn kept(adjust: i32, value: &str) -> Option<Option<(i32, String)>> {
        Some(Some((adjust, value.to_string())))
    }

    #[test]
    fn every_name_resolves() {
        for name in NAMES {
            assert!(validator(name).is_some(), "{name}");
        }
        assert!(validator("uk-nino").is_none());
    }

    #[test]
    fn us_banner_vocabulary() {
        let j = |t: &str| judge(US_BANNER, "us-control", t);
        assert_eq!(
            j("TOP SECRET//SI//NOFORN"),
            kept(0, "TOP SECRET//SI//NOFORN")
        );
        assert_eq!(j("SECRET//REL TO USA, GBR"), kept(0, "SECRET//REL"));
        assert_eq!(j("SECRET//NF"), kept(0, "SECRET//NF"));
        assert_eq!(j("SECRET//GBR"), kept(0, "SECRET//GBR"));
        assert_eq!(j("CUI//SP-PRVCY"), kept(0, "CUI//SP-PRVCY"));
        assert_eq!(j("CONTROLLED//ANYTHING"), kept(0, "CONTROLLED//ANYTHING"));
        assert_eq!(
            j("UNCLASSIFIED//FOR OFFICIAL USE ONLY"),
            kept(-20, "UNCLASSIFIED//FOR")
        );
        assert_eq!(j("UNCLASSIFIED//FOUO"), kept(-20, "UNCLASSIFIED//FOUO"));
        assert_eq!(j("SECRET//DISPLAY ONLY IRQ"), kept(0, "SECRET//DISPLAY"));
        assert_eq!(j("CUI//SP-CTI//FED ONLY"), kept(0, "CUI//SP-CTI//FED"));
        // N7, N29, N30 and friends.
        assert_eq!(j("SECRET//TODO: rotate this"), Some(None));
        assert_eq!(j("# SECRET//FIX: race on refresh"), Some(None));
        assert_eq!(j("SECRET//TBD"), Some(None));
        assert_eq!(j("CONFIDENTIAL//FOR INTERNAL USE"), Some(None));
        assert_eq!(j("SECRET//REL"), Some(None));
        assert_eq!(j("SECRET//REL TOO"), Some(None));
        assert_eq!(j("SECRET//DISPLAY"), Some(None));
        assert_eq!(j("SECRET// note"), None);
        assert_eq!(j("CLIENT_SECRET//NOFORN"), None);
    }

    #[test]
    fn us_portion_vocabulary() {
        let j = |t: &str| judge(US_PORTION, "us-control", t);
        assert_eq!(
            j("(TS//SI//NF) The collection platform was retasked."),
            kept(0, "(TS//SI//NF)")
        );
        assert_eq!(j("(U//FOUO) Contact list."), kept(-20, "(U//FOUO)"));
        assert_eq!(
            j("(S//REL TO USA, GBR) Text"),
            kept(0, "(S//REL TO USA, GBR)")
        );
        assert_eq!(j("(S//NF/PROPIN) Text"), kept(0, "(S//NF/PROPIN)"));
        assert_eq!(j("(CUI//SP-CTI) Text"), kept(0, "(CUI//SP-CTI)"));
        assert_eq!(j("(C//FOR INTERNAL USE) Text"), Some(None));
        assert_eq!(j("(S//TODO) Text"), Some(None));
        assert_eq!(j("(S) Text"), None);
    }

    #[test]
    fn eyes_only_needs_nations() {
        let j = |t: &str| judge(EYES_ONLY, "eyes-only-nations", t);
        assert_eq!(j("SECRET UK EYES ONLY"), kept(0, "UK EYES ONLY"));
        assert_eq!(
            j("TOP SECRET – UK / US EYES ONLY"),
            kept(0, "UK / US EYES ONLY")
        );
        assert_eq!(j("UK/US EYES ONLY"), kept(0, "UK/US EYES ONLY"));
        assert_eq!(j("FIVE EYES ONLY"), kept(0, "FIVE EYES ONLY"));
        assert_eq!(
            j("AUSCANNZUKUS EYES ONLY"),
            kept(0, "AUSCANNZUKUS EYES ONLY")
        );
        // N18.
        assert_eq!(j("FOR YOUR EYES ONLY (1981)"), Some(None));
        assert_eq!(j("UK/MY EYES ONLY"), Some(None));
    }

    #[test]
    fn release_lists_name_countries() {
        let j = |t: &str| judge(REL_TO, "rel-to-countries", t);
        assert_eq!(j("SECRET//REL TO USA, GBR"), kept(0, "REL TO USA, GBR"));
        assert_eq!(
            j("REL TO USA,AUS,CAN,GBR,NZL"),
            kept(0, "REL TO USA,AUS,CAN,GBR,NZL")
        );
        assert_eq!(j("REL TO USA, FVEY"), kept(0, "REL TO USA, FVEY"));
        assert_eq!(j("REL TO USA, NATO"), kept(0, "REL TO USA, NATO"));
        assert_eq!(j("REL TO THE TEAM"), Some(None));
        assert_eq!(j("REL TO USA, ALL"), Some(None));
    }

    #[test]
    fn case_insensitive_pass() {
        let j = |t: &str| judge(ANY_CASE, "marking-any-case", t);
        assert_eq!(j("OFFICIAL-SENSITIVE"), Some(None));
        assert_eq!(j("Official-Sensitive"), kept(10, "OFFICIAL-SENSITIVE"));
        assert_eq!(j("Official Sensitive"), kept(10, "OFFICIAL SENSITIVE"));
        assert_eq!(
            j("class=\"cortex-official-sensitive\""),
            kept(0, "OFFICIAL-SENSITIVE")
        );
        assert_eq!(j("Official –  sensitive"), kept(0, "OFFICIAL – SENSITIVE"));
        assert_eq!(j("official_sensitive"), None);
    }

    #[test]
    fn normalised_values() {
        assert_eq!(normalise(b"official  -\tsensitive"), "OFFICIAL - SENSITIVE");
        assert_eq!(normalise("Très Secret UE".as_bytes()), "TRÈS SECRET UE");
    }
}
