//! UK postcodes (`uk-postcode`): the letters must name one of Royal Mail's postcode areas,
//! and the public institutional postcodes (Parliament, Buckingham Palace, Downing Street, the
//! BBC, Girobank) are dropped. The rule is a weak signal by design: alone it stays at info and
//! is off by default; it matters as part of a record (name + postcode + date of birth).
//!
//! Areas checked (search, 2026) against the list of postcode areas (121 in the UK and GY, IM,
//! JE for the Crown Dependencies, plus the non-geographic BF for BFPO and BX) as published
//! from Royal Mail's data; the NHS pseudo-postcodes (`ZZ99 3VZ`) and Santa's `XM4 5HQ` never
//! reach the validator, since the pattern's letter rules exclude them.

use regex::bytes::Captures;

use super::groups::{group, value};
use crate::engine::verdict::Verdict;

/// Royal Mail postcode areas (the letters before the district number).
const AREAS: &[&str] = &[
    "AB", "AL", "B", "BA", "BB", "BD", "BF", "BH", "BL", "BN", "BR", "BS", "BT", "BX", "CA", "CB",
    "CF", "CH", "CM", "CO", "CR", "CT", "CV", "CW", "DA", "DD", "DE", "DG", "DH", "DL", "DN", "DT",
    "DY", "E", "EC", "EH", "EN", "EX", "FK", "FY", "G", "GL", "GU", "GY", "HA", "HD", "HG", "HP",
    "HR", "HS", "HU", "HX", "IG", "IM", "IP", "IV", "JE", "KA", "KT", "KW", "KY", "L", "LA", "LD",
    "LE", "LL", "LN", "LS", "LU", "M", "ME", "MK", "ML", "N", "NE", "NG", "NN", "NP", "NR", "NW",
    "OL", "OX", "PA", "PE", "PH", "PL", "PO", "PR", "RG", "RH", "RM", "S", "SA", "SE", "SG", "SK",
    "SL", "SM", "SN", "SO", "SP", "SR", "SS", "ST", "SW", "SY", "TA", "TD", "TF", "TN", "TQ", "TR",
    "TS", "TW", "UB", "W", "WA", "WC", "WD", "WF", "WN", "WR", "WS", "WV", "YO", "ZE",
];

/// A house number and street on the same line, before the postcode (spec: address line +20).
const STREET_LINE: i32 = 20;

/// Postcodes of public institutions, printed on every letterhead: not anyone's home.
const INSTITUTIONAL: &[&str] = &["SW1A0AA", "SW1A1AA", "SW1A2AA", "W1A1AA", "GIR0AA"];

/// Judges a UK postcode candidate (groups: `value`, optional `street`).
pub fn uk_postcode(caps: &Captures<'_>) -> Option<Verdict> {
    let normalised: String = value(caps)
        .iter()
        .filter(|b| !b.is_ascii_whitespace())
        .map(|&b| char::from(b.to_ascii_uppercase()))
        .collect();
    if INSTITUTIONAL.contains(&normalised.as_str()) {
        return None;
    }
    let area: String = normalised
        .chars()
        .take_while(char::is_ascii_alphabetic)
        .collect();
    if !AREAS.contains(&area.as_str()) {
        return None;
    }
    let verdict = Verdict::matched(normalised);
    Some(if group(caps, "street").is_empty() {
        verdict
    } else {
        Verdict {
            note: Some("part of a street address".into()),
            ..verdict.adjusted(STREET_LINE)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::shape::{rule_pattern, run};
    use super::*;
    use std::sync::LazyLock;

    static PATTERN: LazyLock<String> =
        LazyLock::new(|| rule_pattern("postcode.toml", "uk-postcode"));

    fn kept(text: &str) -> Vec<String> {
        run(&PATTERN, uk_postcode, text)
            .into_iter()
            .map(|(_, v)| v.normalised)
            .collect()
    }

    #[test]
    fn postcodes() {
        for (text, code) in [
            (r#""postcode": "LS1 4AP""#, "LS14AP"),
            ("JG103759A,LS6 2QX", "LS62QX"),
            ("EC1A 1BB", "EC1A1BB"),
            ("B33 8TH", "B338TH"),
            ("CR2 6XH", "CR26XH"),
            ("DN55 1PT", "DN551PT"),
            ("M1 1AE", "M11AE"),
            ("W1D 3QU", "W1D3QU"),
            ("BT7 1NN", "BT71NN"),
            ("SW1P3JR", "SW1P3JR"),
        ] {
            assert_eq!(kept(text), [code], "{text}");
        }
    }

    #[test]
    fn a_street_line_raises_the_score() {
        // Built from parts, so that the source holds no street address.
        let line = ["12 Acacia ", "Avenue, Leeds LS6 2QX"].concat();
        let found = run(&PATTERN, uk_postcode, &line);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "LS6 2QX");
        assert_eq!(found[0].1.adjust, STREET_LINE);
        let alone = run(&PATTERN, uk_postcode, "Leeds LS6 2QX");
        assert_eq!(alone[0].1.adjust, 0);
    }

    #[test]
    fn not_personal_postcodes() {
        for text in [
            "SW1A 2AA",
            "SW1A 1AA",
            "SW1A 0AA",
            "W1A 1AA",
            "GIR 0AA",
            "ZZ99 3VZ",
            "XM4 5HQ",
            "QA1 1AA",
            "V8 9AB",
            "AB1 1CI",
            "sw1a 2aa",
            "AA1 1AA",
            "FO1 2BA",
            "XSW1P 3JR",
        ] {
            assert!(kept(text).is_empty(), "{text}");
        }
    }
}
