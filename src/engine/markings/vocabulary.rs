//! The words classification markings are made of: UK tiers (current and legacy), the
//! SENSITIVE mark, descriptors, handling instructions, national caveats, US control markings,
//! NATO and EU levels, and the ISO 3166-1 alpha-3 country codes used in `REL TO` lists.
//! The line model asks [`is_banner_word`] whether a line holds nothing else; the US validators
//! ask [`is_us_control`] and [`is_country_code`].
//!
//! # Where the vocabulary comes from (checked for this release)
//!
//! Confirmed on GOV.UK:
//! - *Government Security Classifications Policy (HTML)*, versions "Updated 17 July 2023"
//!   and "Updated 5 August 2024":
//!   <https://www.gov.uk/government/publications/government-security-classifications/government-security-classifications-policy-html>
//!   Both say the system "uses three classification tiers (OFFICIAL, SECRET and TOP SECRET)"
//!   and that "All HMG information should be clearly marked with a classification tier", while
//!   "there are a wide variety of operational settings where marking OFFICIAL information would
//!   either be inappropriate or not possible" (so a bare OFFICIAL banner is info only here).
//! - *Government Security Classifications Policy Quick Read (HTML)*, versions "Updated
//!   17 July 2023" and "Updated 5 August 2024":
//!   <https://www.gov.uk/government/publications/government-security-classifications/government-security-classifications-policy-quick-read-html>
//!   It confirms the three tiers and that the policy defines "standardised additional markings
//!   (including: handling instructions, descriptors, prefixes and national caveats)".
//!
//! Not confirmed on GOV.UK (still **unverified**): the stored copies of both GOV.UK pages
//! available to this project hold their opening sections only, not the "Additional Markings"
//! tables. The lists of handling instructions ([`HANDLING_INSTRUCTIONS`]), 2023 descriptors
//! ([`DESCRIPTORS`]), the `UK` prefix and the `EYES ONLY` caveat format therefore rest on:
//! - the `classification-uk` data model (github.com/trquinn76/classification,
//!   `classification-uk/README.md`), which quotes the GSCP tables "Handling Instructions",
//!   "Descriptors", "Prefixes and National Caveats" and "Code Words", and says its copy of the
//!   policy is the GOV.UK "2024 GSCP UPDATE" PDF downloaded on 7 May 2025
//!   (`classification-uk/documents/GovernmentSecurityClassificationsPolicy/README.md`);
//! - a second, independent public implementation (a TypeScript GSCP banner component) with the
//!   same four fixed handling instructions.
//!
//! Confirmed from other primary or near-primary sources:
//! - MOD *Industry Security Notice 2014/01* (re-issued April 2014; copy at
//!   <https://tr.scribd.com/document/243750981/20140217-Industry-Security-Notice-ISN-2014-01-Updated-April-2014-U>):
//!   three tiers; GPMS "NOT PROTECTIVELY MARKED, PROTECT, RESTRICTED, and some CONFIDENTIAL
//!   information" consolidated into OFFICIAL; the "additional handling caveat SENSITIVE all such
//!   information must be marked OFFICIAL-SENSITIVE".
//! - BIS *Government Security Classifications: handling instructions and guidance* (version
//!   2.1.1, 17 February 2014; copy at
//!   <https://docsbay.net/security-handling-rules-for-different-levels-of-protective-marking>):
//!   the six GPMS tiers "UNCLASSIFIED, PROTECT, RESTRICTED, CONFIDENTIAL, SECRET and TOP SECRET"
//!   ([`LEGACY_TIERS`]).
//! - Wikipedia, "Classified information in the United Kingdom": markings are capitalised and
//!   placed at the top and bottom of each page, optional at OFFICIAL (the edge-of-file bonus).
//! - The 2014 descriptors `COMMERCIAL`, `LOCSEN`, `PERSONAL` ([`DESCRIPTORS_2014`]) rest on
//!   secondary sources and public UK-government code (the 2014 policy text was not re-read).
//!
//! US, NATO and EU words follow the specification (`pii-and-markings.md` §2.1, from the ODNI
//! register, the NARA CUI handbook and the MISP `nato`/`euci`/`dni-ism` taxonomies).

use std::collections::HashSet;
use std::sync::OnceLock;

/// The UK classification tiers since 2 April 2014 (GSCP).
pub const TIERS: &[&str] = &["OFFICIAL", "SECRET", "TOP SECRET"];

/// The SENSITIVE mark, appended to OFFICIAL with a hyphen (`OFFICIAL-SENSITIVE`).
pub const SENSITIVE_MARK: &str = "SENSITIVE";

/// The UK prefix for assets sent to foreign governments and international organisations.
pub const UK_PREFIX: &str = "UK";

/// Government Protective Marking Scheme levels (before 2014; still found in old documents).
pub const LEGACY_TIERS: &[&str] = &[
    "UNCLASSIFIED",
    "NOT PROTECTIVELY MARKED",
    "PROTECT",
    "RESTRICTED",
    "CONFIDENTIAL",
    "SECRET",
    "TOP SECRET",
];

/// GSCP descriptors (2023 policy; organisations may add their own).
pub const DESCRIPTORS: &[&str] = &[
    "PERSONAL DATA",
    "LEGAL PROFESSIONAL PRIVILEGE",
    "LPP",
    "LEGAL",
    "MARKET SENSITIVE",
    "COMMERCIAL",
    "HR/MANAGEMENT",
];

/// Descriptors used with OFFICIAL-SENSITIVE under the 2014 policy.
pub const DESCRIPTORS_2014: &[&str] = &["COMMERCIAL", "LOCSEN", "PERSONAL"];

/// Descriptors that followed a GPMS level (`RESTRICTED - COMMERCIAL`, `PROTECT - PERSONAL`).
pub const GPMS_DESCRIPTORS: &[&str] = &[
    "PERSONAL",
    "COMMERCIAL",
    "MANAGEMENT",
    "STAFF",
    "POLICY",
    "APPOINTMENTS",
    "MEDICAL",
    "CONTRACTS",
    "INVESTIGATION",
    "INVESTIGATIONS",
    "HONOURS",
    "REGULATORY",
    "SECURITY",
    "LOCSEN",
];

/// GPMS "in confidence" markings (`STAFF - IN CONFIDENCE`).
pub const IN_CONFIDENCE: &[&str] = &[
    "STAFF IN CONFIDENCE",
    "MANAGEMENT IN CONFIDENCE",
    "COMMERCIAL IN CONFIDENCE",
    "MEDICAL IN CONFIDENCE",
    "PERSONAL IN CONFIDENCE",
];

/// GSCP handling instructions (2023). `[ORGANISATION(S)] USE ONLY` takes organisation names
/// before `USE ONLY`; [`is_banner_word`]'s caller accepts those (see the line model).
pub const HANDLING_INSTRUCTIONS: &[&str] = &[
    "RECIPIENTS ONLY",
    "FOR PUBLIC RELEASE",
    "USE ONLY",
    "HMG USE ONLY",
    "EMBARGOED",
];

/// Tokens allowed before `EYES ONLY` (`UK EYES ONLY`, `UK/US EYES ONLY`, `FIVE EYES ONLY`,
/// run-together legacy forms): a caveat naming anything else (`FOR YOUR EYES ONLY`) is not a
/// marking.
pub const EYES_ONLY_NATIONS: &[&str] = &[
    "UK",
    "US",
    "USA",
    "GB",
    "GBR",
    "CAN",
    "CA",
    "AUS",
    "AU",
    "NZ",
    "NZL",
    "FVEY",
    "FIVE",
    "NATO",
    "EU",
    "CANADIAN",
    "AUSTRALIAN",
    "BRITISH",
    "AMERICAN",
    "CANUKUS",
    "AUSCANNZUKUS",
];

/// Other caveat words: `EYES ONLY`, the `UKEO` abbreviation, `REL TO` (and `REL EU`).
pub const CAVEAT_WORDS: &[&str] = &["EYES", "ONLY", "UKEO", "REL", "TO"];

/// US control markings that may follow `LEVEL//` in a banner or portion mark: SCI control
/// systems, dissemination controls, Atomic Energy Act markings, legacy unclassified controls,
/// CUI limited-dissemination controls and the first word of the multi-word controls.
pub const US_CONTROLS: &[&str] = &[
    "SI", "TK", "HCS", "G", "KDK", "RSV", "NOFORN", "NF", "ORCON", "OC", "IMCON", "RELIDO",
    "PROPIN", "FISA", "FOUO", "LES", "SBU", "LIMDIS", "EXDIS", "NODIS", "REL", "DISPLAY", "RD",
    "FRD", "CNWDI", "FGI", "NATO", "COSMIC", "ATOMAL", "JOINT", "DSEN", "FEDCON", "NOCON", "FED",
    "DL", "SAR", "FOR",
];

/// US controls of several words: each counts only when the whole phrase follows the `//`
/// (`CONFIDENTIAL//FOR INTERNAL USE` is not a marking).
pub const US_MULTI_WORD_CONTROLS: &[&str] = &[
    "FOR OFFICIAL USE ONLY",
    "REL TO",
    "DISPLAY ONLY",
    "FED ONLY",
    "DL ONLY",
];

/// US marking phrases seen whole in banners (legacy controls, CUI).
pub const US_PHRASES: &[&str] = &[
    "FOR OFFICIAL USE ONLY",
    "LAW ENFORCEMENT SENSITIVE",
    "SENSITIVE BUT UNCLASSIFIED",
    "CONTROLLED UNCLASSIFIED INFORMATION",
    "CUI",
    "CONTROLLED",
];

/// NATO levels and their special categories.
pub const NATO_WORDS: &[&str] = &[
    "NATO",
    "COSMIC",
    "TOP",
    "SECRET",
    "CONFIDENTIAL",
    "RESTRICTED",
    "UNCLASSIFIED",
    "ATOMAL",
    "BOHEMIA",
];

/// EU levels (Council Decision 2013/488/EU) in French and English.
pub const EU_WORDS: &[&str] = &[
    "RESTREINT",
    "CONFIDENTIEL",
    "TRÈS",
    "TRES",
    "UE",
    "EU",
    "RESTRICTED",
    "CONFIDENTIAL",
    "SECRET",
    "TOP",
];

/// ISO 3166-1 alpha-3 codes (the 249 officially assigned), sorted for binary search.
pub const ISO_3166_ALPHA3: &[&str] = &[
    "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF",
    "ATG", "AUS", "AUT", "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS",
    "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL", "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF",
    "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG", "COK", "COL", "COM", "CPV",
    "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM", "DZA",
    "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM",
    "GAB", "GBR", "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD",
    "GRL", "GTM", "GUF", "GUM", "GUY", "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN",
    "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA", "JAM", "JEY", "JOR", "JPN", "KAZ",
    "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY", "LCA", "LIE",
    "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX",
    "MHL", "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS",
    "MWI", "MYS", "MYT", "NAM", "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL",
    "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER", "PHL", "PLW", "PNG", "POL", "PRI", "PRK",
    "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU", "SDN", "SEN", "SGP",
    "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
    "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL",
    "TKM", "TLS", "TON", "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY",
    "USA", "UZB", "VAT", "VCT", "VEN", "VGB", "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF",
    "ZMB", "ZWE",
];

/// Release-list members that are not countries (`REL TO USA, FVEY`, `REL TO USA, NATO`).
pub const RELEASE_GROUPS: &[&str] = &["FVEY", "NATO", "EU"];

/// True for an ISO 3166-1 alpha-3 code (upper case).
pub fn is_country_code(word: &[u8]) -> bool {
    word.len() == 3
        && ISO_3166_ALPHA3
            .binary_search_by(|c| c.as_bytes().cmp(word))
            .is_ok()
}

/// True for a US control word that may follow `LEVEL//` (see [`US_CONTROLS`]).
pub fn is_us_control(word: &[u8]) -> bool {
    US_CONTROLS.iter().any(|c| c.as_bytes() == word)
}

/// True for a token allowed before `EYES ONLY` (see [`EYES_ONLY_NATIONS`]).
pub fn is_eyes_only_nation(word: &[u8]) -> bool {
    EYES_ONLY_NATIONS.iter().any(|n| n.as_bytes() == word)
}

/// True for a word that may appear in a banner line: any word of any list above except the
/// country codes (which count only in a `REL TO` list; the line model handles that).
pub fn is_banner_word(word: &str) -> bool {
    banner_words().contains(word)
}

fn banner_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let lists: &[&[&'static str]] = &[
            TIERS,
            &[SENSITIVE_MARK, UK_PREFIX],
            LEGACY_TIERS,
            DESCRIPTORS,
            DESCRIPTORS_2014,
            GPMS_DESCRIPTORS,
            IN_CONFIDENCE,
            HANDLING_INSTRUCTIONS,
            EYES_ONLY_NATIONS,
            CAVEAT_WORDS,
            US_CONTROLS,
            US_MULTI_WORD_CONTROLS,
            US_PHRASES,
            NATO_WORDS,
            EU_WORDS,
            RELEASE_GROUPS,
        ];
        lists
            .iter()
            .flat_map(|list| list.iter())
            .flat_map(|phrase| phrase.split([' ', '/']))
            .filter(|w| !w.is_empty())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_the_249_assigned_sorted_and_unique() {
        assert_eq!(ISO_3166_ALPHA3.len(), 249);
        assert!(ISO_3166_ALPHA3.windows(2).all(|w| w[0] < w[1]), "sorted");
        assert!(ISO_3166_ALPHA3
            .iter()
            .all(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())));
        for code in [
            "USA", "GBR", "CAN", "AUS", "NZL", "FRA", "DEU", "AND", "ARE",
        ] {
            assert!(is_country_code(code.as_bytes()), "{code}");
        }
        for word in ["FIX", "TBD", "TODO", "XXX", "GB", "UK", "usa", "EUR"] {
            assert!(!is_country_code(word.as_bytes()), "{word}");
        }
    }

    #[test]
    fn us_controls_and_nations() {
        assert!(is_us_control(b"NOFORN") && is_us_control(b"SI") && is_us_control(b"FOR"));
        assert!(!is_us_control(b"TODO") && !is_us_control(b"noforn") && !is_us_control(b"FIX"));
        assert!(is_eyes_only_nation(b"UK") && is_eyes_only_nation(b"AUSCANNZUKUS"));
        assert!(!is_eyes_only_nation(b"YOUR") && !is_eyes_only_nation(b"MY"));
    }

    #[test]
    fn banner_words_are_upper_case_vocabulary_words() {
        for w in [
            "OFFICIAL",
            "SENSITIVE",
            "TOP",
            "PERSONAL",
            "HR",
            "MANAGEMENT",
            "NOFORN",
            "EYES",
            "ONLY",
            "TRÈS",
            "UE",
            "CUI",
            "PROTECTIVELY",
            "HMG",
            "RECIPIENTS",
        ] {
            assert!(is_banner_word(w), "{w}");
        }
        for w in [
            "Official", "official", "TABLE", "THE", "YOUR", "FIX", "FRA", "",
        ] {
            assert!(!is_banner_word(w), "{w:?}");
        }
    }
}
