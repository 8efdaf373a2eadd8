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

#[cfg(test)]
mod tests {
    use super::shannon;

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
}
