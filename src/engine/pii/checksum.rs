//! Pure check-digit and shape helpers the personal-data validators share: NHS modulus 11,
//! HMRC's UTR modulus 11 and VAT modulus 97 / 9755, Luhn, ISO 7064 MOD 97-10 (IBAN),
//! separator consistency, repeated digits and calendar dates. Digits are ASCII bytes
//! (`b'0'..=b'9'`); callers pass only digits where a function says so.

/// The ASCII digits of `bytes`, in order, everything else skipped.
pub fn digits(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().copied().filter(u8::is_ascii_digit).collect()
}

/// The numeric value of an ASCII digit.
fn val(digit: u8) -> u32 {
    u32::from(digit.wrapping_sub(b'0'))
}

/// The number written by ASCII `digits` (at most 9 of them, so it fits).
pub fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |n, &d| n * 10 + val(d))
}

/// True when every separator is the same (all empty, all spaces or all hyphens).
pub fn same_separators(separators: &[&[u8]]) -> bool {
    separators.windows(2).all(|pair| pair[0] == pair[1])
}

/// True when there are at least two bytes and all are the same digit (`0000000000`, `55`).
pub fn is_repdigit(digits: &[u8]) -> bool {
    match digits.split_first() {
        Some((first, rest)) => {
            !rest.is_empty() && first.is_ascii_digit() && rest.iter().all(|d| d == first)
        }
        None => false,
    }
}

/// True for a run of consecutive ascending or descending digits (`12345678`, `87654321`).
pub fn is_sequential(digits: &[u8]) -> bool {
    digits.len() > 2
        && (digits.windows(2).all(|p| p[1] == p[0] + 1)
            || digits.windows(2).all(|p| p[0] == p[1] + 1))
}

/// The NHS modulus-11 check digit for the first nine digits, or `None` when the check value
/// is 10 (such bases are never issued). NHS Data Dictionary: weights 10 down to 2, check =
/// 11 - (sum mod 11), 11 becomes 0.
pub fn nhs_check_digit(first_nine: &[u8]) -> Option<u8> {
    let sum: u32 = first_nine
        .iter()
        .zip((2..=10).rev())
        .map(|(&d, w)| val(d) * w)
        .sum();
    match 11 - sum % 11 {
        11 => Some(b'0'),
        10 => None,
        c => Some(b'0' + c as u8),
    }
}

/// True when ten digits pass the NHS modulus-11 check (also used by CHI and H&C numbers).
pub fn nhs_mod11(digits: &[u8]) -> bool {
    digits.len() == 10 && nhs_check_digit(&digits[..9]) == Some(digits[9])
}

/// HMRC's UTR check characters, indexed by the weighted remainder (hmrc/domain
/// `UtrReferenceChecker`).
const UTR_CHECK: &[u8; 11] = b"21987654321";

/// The weighted remainder of a UTR's nine body digits (digits 2 to 10): weights
/// 6, 7, 8, 9, 10, 5, 4, 3, 2, modulo 11.
pub fn utr_remainder(body: &[u8]) -> usize {
    const WEIGHTS: [u32; 9] = [6, 7, 8, 9, 10, 5, 4, 3, 2];
    let sum: u32 = body.iter().zip(WEIGHTS).map(|(&d, w)| val(d) * w).sum();
    (sum % 11) as usize
}

/// The check digit (the first of the ten) a UTR's nine body digits call for.
pub fn utr_check_digit(body: &[u8]) -> u8 {
    UTR_CHECK[utr_remainder(body)]
}

/// True when ten digits form a UTR whose first digit matches HMRC's modulus-11 check.
pub fn utr_valid(digits: &[u8]) -> bool {
    digits.len() == 10 && utr_check_digit(&digits[1..]) == digits[0]
}

/// Which of HMRC's two VAT check schemes a nine-digit VAT number satisfies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VatScheme {
    /// The original scheme: check = -w mod 97.
    Original,
    /// The "9755" scheme (numbers issued since 2010): check = (-w - 55) mod 97.
    Scheme9755,
}

/// HMRC's VAT weighted sum of the first seven digits: weights 8 down to 2.
fn vat_weighted(digits: &[u8]) -> u32 {
    digits[..7]
        .iter()
        .zip((2..=8).rev())
        .map(|(&d, w)| val(d) * w)
        .sum()
}

/// The two check digits (as a number 0..=96) a VAT number's first seven digits call for
/// under `scheme`.
pub fn vat_check(first_seven: &[u8], scheme: VatScheme) -> u32 {
    let w = vat_weighted(first_seven);
    let offset = match scheme {
        VatScheme::Original => 0,
        VatScheme::Scheme9755 => 55,
    };
    (97 - (w + offset) % 97) % 97
}

/// The scheme nine VAT digits satisfy, if any (HMRC `VatReferenceChecker`: the last two
/// digits equal `-w mod 97`, or `-(w + 55) mod 97`). Check values 97 to 99 never validate.
pub fn vat_scheme(digits: &[u8]) -> Option<VatScheme> {
    if digits.len() != 9 {
        return None;
    }
    let check = number(&digits[7..]);
    [VatScheme::Original, VatScheme::Scheme9755]
        .into_iter()
        .find(|&s| vat_check(&digits[..7], s) == check)
}

/// True when `digits` (any length) pass the Luhn check.
pub fn luhn_valid(digits: &[u8]) -> bool {
    !digits.is_empty() && luhn_sum(digits, false) % 10 == 0
}

/// The Luhn check digit to append to `payload`.
pub fn luhn_check_digit(payload: &[u8]) -> u8 {
    b'0' + ((10 - luhn_sum(payload, true) % 10) % 10) as u8
}

/// Luhn sum from the right; `double_first` doubles the rightmost digit (payload without its
/// check digit).
fn luhn_sum(digits: &[u8], double_first: bool) -> u32 {
    digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let v = val(d);
            if (i % 2 == 0) == double_first {
                let twice = v * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                v
            }
        })
        .sum()
}

/// ISO 7064 MOD 97-10 remainder of an IBAN (upper-case letters and digits, no spaces): the
/// first four characters moved to the end, letters read as 10..=35, computed digit by
/// digit so no big integers are needed. A valid IBAN leaves 1. `None` for any other byte.
pub fn iban_remainder(iban: &[u8]) -> Option<u32> {
    if iban.len() < 5 {
        return None;
    }
    let (head, tail) = iban.split_at(4);
    let mut rem = 0u32;
    for &c in tail.iter().chain(head) {
        rem = match c {
            b'0'..=b'9' => (rem * 10 + val(c)) % 97,
            b'A'..=b'Z' => (rem * 100 + u32::from(c - b'A') + 10) % 97,
            _ => return None,
        };
    }
    Some(rem)
}

/// The two IBAN check digits for a country code and BBAN.
pub fn iban_check_digits(country: &[u8], bban: &[u8]) -> Option<[u8; 2]> {
    let mut probe = Vec::with_capacity(bban.len() + 4);
    probe.extend_from_slice(country);
    probe.extend_from_slice(b"00");
    probe.extend_from_slice(bban);
    let check = 98 - iban_remainder(&probe)?;
    Some([b'0' + (check / 10) as u8, b'0' + (check % 10) as u8])
}

/// Days in `month` (1..=12) of `year`, Gregorian.
pub fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        _ => 0,
    }
}

/// True when six digits read as a calendar date DDMMYY. The century is unknown, so
/// 29 February is accepted in every year divisible by four (00 included: 2000 was leap).
pub fn is_ddmmyy(digits: &[u8]) -> bool {
    if digits.len() != 6 {
        return false;
    }
    let (day, month, yy) = (
        number(&digits[..2]),
        number(&digits[2..4]),
        number(&digits[4..]),
    );
    let year = 2000 + yy; // leap years agree for 19yy and 20yy except 1900, treated as 2000
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)
}

/// True when eight digits read as a date YYYYMMDD in 1900..=2099.
pub fn is_yyyymmdd(digits: &[u8]) -> bool {
    if digits.len() != 8 {
        return false;
    }
    let (year, month, day) = (
        number(&digits[..4]),
        number(&digits[4..6]),
        number(&digits[6..]),
    );
    (1900..=2099).contains(&year)
        && (1..=12).contains(&month)
        && day >= 1
        && day <= days_in_month(year, month)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhs_published_examples() {
        // NHS Data Dictionary worked example and Wikipedia's example.
        assert!(nhs_mod11(b"9434765919"));
        assert!(!nhs_mod11(b"9876544321"));
        assert_eq!(nhs_check_digit(b"943476591"), Some(b'9'));
        // A check value of 10 is never issued.
        assert_eq!(nhs_check_digit(b"100000000"), Some(b'1'));
        let ten = (0..1000u32)
            .map(|n| format!("{n:09}"))
            .find(|s| nhs_check_digit(s.as_bytes()).is_none());
        assert!(ten.is_some(), "some bases must have check value 10");
    }

    #[test]
    fn utr_examples() {
        // Sage's reproduction of HMRC's worked example: 3282497350, remainder 8 -> '3'.
        assert_eq!(utr_remainder(b"282497350"), 8);
        assert!(utr_valid(b"3282497350"));
        assert!(!utr_valid(b"1234567890"), "HMRC's display example fails");
        assert!(utr_valid(b"1111111111"), "repdigits pass the check");
    }

    #[test]
    fn vat_examples() {
        assert_eq!(vat_scheme(b"980780684"), Some(VatScheme::Original));
        assert_eq!(vat_scheme(b"100000132"), Some(VatScheme::Scheme9755));
        assert_eq!(vat_scheme(b"802311781"), None);
        assert_eq!(vat_scheme(b"123456789"), None);
    }

    #[test]
    fn luhn_examples() {
        assert!(luhn_valid(b"4111111111111111"));
        assert!(luhn_valid(b"378282246310005"));
        assert!(!luhn_valid(b"1234567812345678"));
        assert_eq!(luhn_check_digit(b"411111111111111"), b'1');
        assert_eq!(luhn_check_digit(b"37828224631000"), b'5');
        assert!(!luhn_valid(b""));
    }

    #[test]
    fn iban_examples() {
        assert_eq!(iban_remainder(b"GB29NWBK60161331926819"), Some(1));
        assert_eq!(iban_remainder(b"GB82WEST12345698765432"), Some(1));
        assert_ne!(iban_remainder(b"GB82WEST12345698765433"), Some(1));
        assert_eq!(iban_remainder(b"gb82west12345698765432"), None);
        assert_eq!(
            iban_check_digits(b"GB", b"WEST12345698765432"),
            Some(*b"82")
        );
    }

    #[test]
    fn dates() {
        assert!(is_ddmmyy(b"311280"));
        assert!(is_ddmmyy(b"290200"));
        assert!(is_ddmmyy(b"290296"));
        assert!(!is_ddmmyy(b"290297"));
        assert!(!is_ddmmyy(b"320180"));
        assert!(!is_ddmmyy(b"011380"));
        assert!(!is_ddmmyy(b"000180"));
        assert!(is_yyyymmdd(b"20230101"));
        assert!(!is_yyyymmdd(b"20231301"));
        assert!(!is_yyyymmdd(b"18991231"));
        assert!(!is_yyyymmdd(b"19000229"));
    }

    #[test]
    fn shapes() {
        assert!(is_repdigit(b"0000000000"));
        assert!(!is_repdigit(b"0000000001"));
        assert!(!is_repdigit(b""));
        assert!(is_repdigit(b"55"));
        assert!(!is_repdigit(b"5"));
        assert!(!is_repdigit(b"5556"));
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2023, 4), 30);
        assert_eq!(days_in_month(2023, 13), 0);
        assert!(is_sequential(b"12345678"));
        assert!(is_sequential(b"87654321"));
        assert!(!is_sequential(b"12345679"));
        assert!(same_separators(&[b" ", b" ", b" "]));
        assert!(same_separators(&[b"", b""]));
        assert!(!same_separators(&[b" ", b"-"]));
        assert_eq!(digits(b"401 023-4563"), b"4010234563");
    }
}
