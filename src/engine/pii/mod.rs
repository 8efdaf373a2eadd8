//! Personal-data validators: check digits, issued ranges and documented test values for the
//! rules in `patterns/pii/*.toml`. Each is a [`ScoredValidator`] a rule names in `validator`.
//! [`checksum`] holds the pure check-digit helpers they share, `groups` the capture-group
//! reading. The rule files name the validators; `test_cards.txt` lists published test cards.

mod bank;
mod card;
pub mod checksum;
mod groups;
mod nhs;
mod nino;
mod tax;
#[cfg(test)]
mod test_support;

mod dob;
mod email;
mod network;
mod phone;
mod postcode;
mod shape;
mod travel;
mod us;

use super::verdict::ScoredValidator;
pub use travel::mrz_check_digit;

/// The personal-data validator called `name` in rule files.
pub fn validator(name: &str) -> Option<ScoredValidator> {
    Some(match name {
        "uk-nino" => nino::uk_nino,
        "uk-nhs" => nhs::uk_nhs,
        "scot-chi" => nhs::scot_chi,
        "ni-hc" => nhs::ni_hc,
        "uk-bank-account" => bank::uk_bank_account,
        "iban" => bank::iban,
        "pan" => card::pan,
        "uk-utr" => tax::uk_utr,
        "uk-vat" => tax::uk_vat,
        "uk-vat-government" => tax::uk_vat_government,
        "uk-company-number" => tax::uk_company_number,
        "dob" => dob::date_of_birth,
        "email" => email::email,
        "ipv4" => network::ipv4,
        "ipv6" => network::ipv6,
        "mrz-td3-line1" => travel::mrz_line1,
        "mrz-td3-line2" => travel::mrz_line2,
        "uk-driving-licence" => travel::uk_driving_licence,
        "uk-passport" => travel::uk_passport_number,
        "uk-phone" => phone::uk_phone,
        "uk-postcode" => postcode::uk_postcode,
        "us-ssn" => us::us_ssn,
        _ => return None,
    })
}

/// A cheap test of one keyword hit (`hay`, start, end) before a rule's pattern runs near it:
/// `false` means the pattern cannot match there.
pub type KeywordGuard = fn(&[u8], usize, usize) -> bool;

/// The keyword guard that goes with the personal-data validator called `name`, if any.
pub fn keyword_guard(name: &str) -> Option<KeywordGuard> {
    match name {
        "email" => Some(|hay, start, end| {
            &hay[start..end] != b"@" || email::could_join_address(hay, start)
        }),
        // Context is required and every context phrase holds `chi` or "community health
        // index" as words: a hit inside a word (`machine`, `child`, 63,000 of them in
        // src-large) can never count, and its window need not be read.
        "scot-chi" => Some(crate::engine::context::could_be_words),
        _ => None,
    }
}

/// A cheap test of a whole regex match before its groups are read: given the match's digits,
/// `false` means the validator would reject it (a failed check digit, which most numbers in
/// a table of figures fail). Card and NHS candidates run into tens of thousands in number
/// tables; reading their groups cost half of those rules' time.
///
/// It holds for a rule whose `value` group runs from the match's first digit to its last;
/// `rules check` (and a custom rule's loading) tests that on the rule's examples.
pub type MatchGuard = fn(&[u8]) -> bool;

/// The match guard that goes with the personal-data validator called `name`, if any.
pub fn match_guard(name: &str) -> Option<MatchGuard> {
    match name {
        "pan" => Some(checksum::luhn_valid),
        "uk-nhs" | "scot-chi" | "ni-hc" => Some(checksum::nhs_mod11),
        _ => None,
    }
}

/// Where the digits of `matched` start and end, and whether `guard` passes them; `None`
/// when the match has no digit. More digits than any guarded value has pass unread.
pub fn guard_digits(guard: MatchGuard, matched: &[u8]) -> Option<((usize, usize), bool)> {
    let first = matched.iter().position(u8::is_ascii_digit)?;
    let last = matched.iter().rposition(u8::is_ascii_digit)? + 1;
    let mut digits = [0u8; 24];
    let mut count = 0;
    for &b in &matched[first..last] {
        if b.is_ascii_digit() {
            if count == digits.len() {
                return Some(((first, last), true));
            }
            digits[count] = b;
            count += 1;
        }
    }
    Some(((first, last), guard(&digits[..count])))
}

/// Every personal-data validator name, for error messages.
pub const NAMES: &[&str] = &[
    "uk-nino",
    "uk-nhs",
    "scot-chi",
    "ni-hc",
    "uk-bank-account",
    "iban",
    "pan",
    "uk-utr",
    "uk-vat",
    "uk-vat-government",
    "uk-company-number",
    "dob",
    "email",
    "ipv4",
    "ipv6",
    "mrz-td3-line1",
    "mrz-td3-line2",
    "uk-driving-licence",
    "uk-passport",
    "uk-phone",
    "uk-postcode",
    "us-ssn",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_resolves_and_unknown_names_do_not() {
        for name in NAMES {
            assert!(validator(name).is_some(), "{name}");
        }
        assert!(validator("no-such-validator").is_none());
    }
}
