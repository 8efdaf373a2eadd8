//! Shannon entropy of a candidate value, in bits per byte. Used as a floor by rules whose
//! value has no fixed shape (generic assignments, paired keys) to tell random from words.

/// Shannon entropy of `bytes` in bits per byte (0 for empty input).
pub fn shannon(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

/// `value` with its `%XX` escapes decoded. An escaped value's entropy is measured both ways:
/// escapes add varied characters (`pass%5B%7F` in URL parsers' test vectors) that say
/// nothing of how random the value is, and a run of escapes of every punctuation mark is
/// varied only once decoded.
pub fn percent_decoded(value: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    let hex = |b: u8| (b as char).to_digit(16);
    let escape_at = |i: usize| match (value.get(i + 1), value.get(i + 2)) {
        (Some(&h), Some(&l)) => hex(h).zip(hex(l)).map(|(h, l)| (h * 16 + l) as u8),
        _ => None,
    };
    if !value
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'%' && escape_at(i).is_some())
    {
        return std::borrow::Cow::Borrowed(value);
    }
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        match (value[i], escape_at(i)) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// How far below the most a string of its length can reach a value may fall.
const SHORT_VALUE_SLACK: f64 = 0.5;
/// Values shorter than this (a password policy's usual minimum) keep the rule's floor: `Pass`
/// and `s3cr3t` in URL parser tests are not credentials worth a block.
const SHORTEST_RELAXED: usize = 8;

/// The entropy floor a value of `len` bytes is held to under a rule's `entropy_min`: the rule's
/// floor, or, from [`SHORTEST_RELAXED`] bytes, log2(`len`) less [`SHORT_VALUE_SLACK`] when that
/// is lower. A string of n bytes cannot exceed log2(n) bits per byte, so a floor of 3.3 would
/// refuse every password of ten characters or fewer (`Summer24!`): short values need only be
/// nearly as varied as their length allows. Values of 20 bytes or more keep any floor up to
/// 3.8.
pub fn floor_for_length(min: f64, len: usize) -> f64 {
    if len < SHORTEST_RELAXED {
        return min;
    }
    min.min((len as f64).log2() - SHORT_VALUE_SLACK)
}

#[cfg(test)]
mod tests {
    use super::{floor_for_length, percent_decoded, shannon};

    #[test]
    fn known_values() {
        assert_eq!(shannon(b""), 0.0);
        assert_eq!(shannon(b"aaaa"), 0.0);
        assert!((shannon(b"ab") - 1.0).abs() < 1e-9);
        assert!((shannon(b"abcd") - 2.0).abs() < 1e-9);
        // 16 distinct symbols once each: 4 bits.
        assert!((shannon(b"0123456789abcdef") - 4.0).abs() < 1e-9);
    }

    #[test]
    fn random_tokens_score_higher_than_words() {
        assert!(shannon(b"hunter2hunter2") < 3.0);
        assert!(shannon(b"q8Vn3kLz0PwX7bT2mR5s") > 4.0);
    }

    #[test]
    fn short_values_are_held_to_what_their_length_allows() {
        // An eleven-character password with one repeat falls under 3.3 bits; held to
        // log2(11) - 0.5 it passes.
        let typed = b"tCCgPh7*682";
        assert!(shannon(typed) < 3.3);
        assert!(shannon(typed) >= floor_for_length(3.3, typed.len()));
        // Long values keep the rule's floor; a repeated short word still fails.
        assert_eq!(floor_for_length(3.5, 40), 3.5);
        assert!(shannon(b"abababab") < floor_for_length(3.3, 8));
        // Under eight bytes the rule's floor stands.
        assert_eq!(floor_for_length(3.3, 6), 3.3);
    }

    #[test]
    fn percent_escapes_are_decoded_before_measuring() {
        assert_eq!(&*percent_decoded(b"pass%5B%7F"), b"pass[\x7f");
        assert_eq!(&*percent_decoded(b"p%40ss%2"), b"p@ss%2");
        assert_eq!(&*percent_decoded(b"100%"), b"100%");
        assert_eq!(&*percent_decoded(b"%zz"), b"%zz");
    }
}
