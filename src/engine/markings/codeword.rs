//! Organisation codewords (specification §2.8): the config lists SHA-256 hashes of upper-cased
//! codewords (`[markings] codewords_sha256`), never the words, so the config can be committed
//! and shared. A scan hashes every upper-case word of a blob (`[A-Z][A-Z0-9]{2,}`, not glued
//! to lower-case letters) and looks it up.
//!
//! Cost, only when hashes are configured: capitals are found eight bytes at a time, each
//! upper-case word is one SHA-256 compression (words up to 55 bytes fit one block), and the set
//! lookup hashes nothing more (a SHA-256 is already uniform: its first eight bytes are the
//! set's hash). On src-large (454 MB of real source) that is about 0.5 s of CPU.

use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

use sha2::{Digest, Sha256};

use crate::rules::{parse_rule_file, Rule, RuleError};

/// Shortest codeword token.
pub const MIN_LEN: usize = 3;
/// Longest token hashed: longer upper-case runs are identifiers or encoded data, not words.
pub const MAX_LEN: usize = 64;

/// The codeword rule, added to the built-in rules when `[markings] codewords_sha256` lists
/// hashes. The engine feeds it ([`crate::engine::Engine::with_codewords`]): its pattern only
/// describes the words that are hashed and is never run.
const RULE: &str = r#"
[[rule]]
id = "codeword"
name = "Organisation codeword"
category = "marking"
severity = "critical"
no_keywords_reason = "Codewords are configured as SHA-256 hashes: every upper-case word is hashed and looked up."
pattern = '(?-u:\b)(?P<value>[A-Z][A-Z0-9]{2,63})(?-u:\b)'
validator = "codeword"
mask = "secret"
remediation = """This word is one of your organisation's codewords ([markings] codewords_sha256 in \
.clearance.toml). Codewords give cover to sensitive assets: remove it, and if it was committed, \
ask your security team whether the repository history must be rewritten. If this is not the \
codeword but the same word used innocently, allow the line with a reason \
(clearance:allow codeword reason="...")."""
references = ["https://www.gov.uk/government/publications/government-security-classifications"]
examples = ["Operation NIGHTJAR"]
negative_examples = ["Operation Nightjar"]

[rule.score]
base = 90
cap = "block"
"#;

/// The codeword rule (see [`RULE`]), from `source` (where its hashes are configured).
pub fn rule(source: &str) -> Result<Rule, RuleError> {
    let mut rules = parse_rule_file(RULE, source)?;
    rules.pop().ok_or_else(|| RuleError::Parse {
        source_name: source.to_string(),
        message: "the codeword rule is missing".to_string(),
    })
}

/// A codeword that cannot be hashed for the config. The messages never repeat the word.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodewordError {
    #[error("no codeword given")]
    Empty,
    #[error(
        "a codeword is one word of letters A-Z and digits, starting with a letter \
         (scans match upper-case words [A-Z][A-Z0-9]{{2,}}); this one has {0}"
    )]
    NotAWord(&'static str),
    #[error("a codeword has {MIN_LEN} to {MAX_LEN} characters; this one has {0}")]
    Length(usize),
}

/// The normalised form of a codeword (trimmed, upper-cased), checked to be a word a scan can
/// find.
pub fn normalise(word: &str) -> Result<String, CodewordError> {
    let word = word.trim();
    if word.is_empty() {
        return Err(CodewordError::Empty);
    }
    let upper = word.to_ascii_uppercase();
    if upper.chars().any(char::is_whitespace) {
        return Err(CodewordError::NotAWord(
            "spaces (hash each word separately)",
        ));
    }
    if !upper
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
    {
        return Err(CodewordError::NotAWord(
            "characters other than letters and digits",
        ));
    }
    if !upper.as_bytes()[0].is_ascii_uppercase() {
        return Err(CodewordError::NotAWord("a digit first"));
    }
    if !(MIN_LEN..=MAX_LEN).contains(&upper.len()) {
        return Err(CodewordError::Length(upper.len()));
    }
    Ok(upper)
}

/// The hex SHA-256 of a codeword, as `[markings] codewords_sha256` lists it.
pub fn hash_hex(word: &str) -> Result<String, CodewordError> {
    let upper = normalise(word)?;
    Ok(crate::finding::sha256_hex(upper.as_bytes()))
}

/// Why a configured hash was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error(
        "not a SHA-256 hash: expected 64 hexadecimal characters, found {0} characters \
         (make one with `clearance hash-codeword -`; never write the codeword itself here)"
    )]
    Length(usize),
    #[error(
        "not a SHA-256 hash: only 0-9 and a-f are allowed (make one with \
         `clearance hash-codeword -`; never write the codeword itself here)"
    )]
    NotHex,
}

/// The 32 bytes of a hex SHA-256 (either case).
pub fn parse_hash(text: &str) -> Result<[u8; 32], HashError> {
    let text = text.trim();
    if text.len() != 64 {
        return Err(HashError::Length(text.chars().count()));
    }
    let mut out = [0u8; 32];
    for (i, pair) in text.as_bytes().chunks(2).enumerate() {
        let digit = |b: u8| (b as char).to_digit(16).ok_or(HashError::NotHex);
        out[i] = (digit(pair[0])? * 16 + digit(pair[1])?) as u8;
    }
    Ok(out)
}

/// A hasher for keys that are already SHA-256 digests: their first eight bytes.
#[derive(Default)]
struct DigestPrefix(u64);

impl Hasher for DigestPrefix {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // `[u8; 32]` hashes as its bytes (arrays write no length prefix).
        for (i, &b) in bytes.iter().take(8).enumerate() {
            self.0 |= u64::from(b) << (8 * i);
        }
    }
}

/// The configured codeword hashes.
#[derive(Debug, Clone, Default)]
pub struct Codewords {
    hashes: HashSet<[u8; 32], BuildHasherDefault<DigestPrefix>>,
}

impl Codewords {
    /// No codewords: [`Codewords::find`] does nothing.
    pub fn new() -> Codewords {
        Codewords::default()
    }

    /// Adds the hash of one codeword.
    pub fn insert(&mut self, hash: [u8; 32]) {
        self.hashes.insert(hash);
    }

    /// True when no hashes are configured.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// How many distinct hashes are configured.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// True when the upper-case word `token` is a configured codeword.
    pub fn contains(&self, token: &[u8]) -> bool {
        self.hashes.contains(&digest(token))
    }

    /// The byte ranges of every configured codeword in `hay`, in order.
    pub fn find(&self, hay: &[u8]) -> Vec<Range<usize>> {
        if self.is_empty() {
            return Vec::new();
        }
        tokens(hay)
            .filter(|r| self.contains(&hay[r.clone()]))
            .collect()
    }
}

/// The upper-case words of `hay` a codeword can be: maximal runs of `A-Z0-9` that start with a
/// letter, are [`MIN_LEN`] to [`MAX_LEN`] long, and touch no letter or digit before them and
/// no lower-case letter after them (`NIGHTJAR_API` and `NIGHTJAR2` hold tokens, `Nightjar`
/// and `xNIGHTJAR` do not).
pub fn tokens(hay: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(start) = next_capital(hay, at) {
            at = start + 1;
            while at < hay.len() && (hay[at].is_ascii_uppercase() || hay[at].is_ascii_digit()) {
                at += 1;
            }
            let clear_before = start == 0 || !hay[start - 1].is_ascii_alphanumeric();
            let clear_after = at == hay.len() || !hay[at].is_ascii_lowercase();
            if clear_before && clear_after && (MIN_LEN..=MAX_LEN).contains(&(at - start)) {
                return Some(start..at);
            }
        }
        at = hay.len();
        None
    })
}

/// The offset of the first ASCII capital at or after `from`. Most of a blob holds no
/// capital: eight bytes are tested at once.
fn next_capital(hay: &[u8], mut from: usize) -> Option<usize> {
    while let Some(chunk) = hay.get(from..from + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let capitals = capital_bits(u64::from_le_bytes(word));
        if capitals != 0 {
            return Some(from + (capitals.trailing_zeros() / 8) as usize);
        }
        from += 8;
    }
    hay.get(from..)?
        .iter()
        .position(u8::is_ascii_uppercase)
        .map(|i| from + i)
}

/// The high bit of each byte of `x` that is an ASCII capital (`A`-`Z`): for each byte's low
/// seven bits `v`, `v + 0x3F` sets the high bit when `v >= 0x41` and `v + 0x25` when
/// `v >= 0x5B` (no carry crosses bytes); bytes with the high bit set are not ASCII.
fn capital_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let low = x & !HIGH;
    let at_least_a = low + ONES * 0x3F;
    let past_z = low + ONES * 0x25;
    at_least_a & !past_z & !x & HIGH
}

/// SHA-256's initial state (FIPS 180-4, 5.3.3).
const SHA256_IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// SHA-256 of `token`. A word of up to 55 bytes fits one padded block, compressed directly:
/// a scan hashes millions of words, and this skips the streaming hasher's bookkeeping.
fn digest(token: &[u8]) -> [u8; 32] {
    if token.len() > 55 {
        return Sha256::digest(token).into();
    }
    let mut block = [0u8; 64];
    block[..token.len()].copy_from_slice(token);
    block[token.len()] = 0x80;
    block[56..].copy_from_slice(&(token.len() as u64 * 8).to_be_bytes());
    let mut state = SHA256_IV;
    sha2::compress256(
        &mut state,
        &[sha2::digest::generic_array::GenericArray::clone_from_slice(
            &block,
        )],
    );
    let mut out = [0u8; 32];
    for (bytes, word) in out.chunks_exact_mut(4).zip(state) {
        bytes.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_block_digest_is_sha256() {
        for len in 0..=80 {
            let token: Vec<u8> = (0..len).map(|i| b'A' + (i * 7 % 26) as u8).collect();
            let want: [u8; 32] = Sha256::digest(&token).into();
            assert_eq!(digest(&token), want, "length {len}");
        }
    }

    #[test]
    fn capitals_are_found_eight_bytes_at_a_time() {
        for b in 0u8..=255 {
            let word = u64::from_le_bytes([b'a', b'-', b, 0xC3, b'z', b'0', b' ', 0x80]);
            let want = if b.is_ascii_uppercase() {
                0x80 << 16
            } else {
                0
            };
            assert_eq!(capital_bits(word), want, "byte {b:#x}");
        }
        assert_eq!(capital_bits(u64::from_le_bytes(*b"abc@[`{z")), 0);
        let text = b"lower case only, then Capital and more CAPS at the end: Z";
        let all: Vec<usize> = (0..text.len())
            .filter(|&i| text[i].is_ascii_uppercase())
            .collect();
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(i) = next_capital(text, at) {
            found.push(i);
            at = i + 1;
        }
        assert_eq!(found, all);
    }

    #[test]
    fn hash_is_sha256_of_the_upper_cased_word() {
        // `printf ABC | sha256sum`
        let upper = hash_hex("abc").expect("hashes");
        assert_eq!(upper, hash_hex("ABC").expect("hashes"));
        assert_eq!(upper, hash_hex("  Abc\n").expect("hashes"));
        assert_eq!(
            upper,
            "b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78"
        );
        assert_eq!(upper.len(), 64);
    }

    #[test]
    fn words_a_scan_cannot_find_are_refused_without_repeating_them() {
        for (word, err) in [
            ("", CodewordError::Empty),
            ("  ", CodewordError::Empty),
            (
                "NIGHT JAR",
                CodewordError::NotAWord("spaces (hash each word separately)"),
            ),
            (
                "NIGHT-JAR",
                CodewordError::NotAWord("characters other than letters and digits"),
            ),
            (
                "ÉCLAIR",
                CodewordError::NotAWord("characters other than letters and digits"),
            ),
            ("9LIVES", CodewordError::NotAWord("a digit first")),
            ("AB", CodewordError::Length(2)),
        ] {
            let e = hash_hex(word).expect_err(word);
            assert_eq!(e, err, "{word}");
            if !word.trim().is_empty() {
                assert!(!e.to_string().contains(word.trim()), "{e}");
            }
        }
        assert!(hash_hex(&"A".repeat(65)).is_err());
        assert!(hash_hex(&"A".repeat(64)).is_ok());
    }

    #[test]
    fn parses_hex_hashes() {
        let h = hash_hex("NIGHTJAR").expect("hashes");
        let bytes = parse_hash(&h).expect("parses");
        assert_eq!(crate::finding::hex(&bytes), h);
        assert_eq!(parse_hash(&h.to_uppercase()).expect("upper"), bytes);
        assert_eq!(parse_hash(&format!(" {h} ")).expect("trimmed"), bytes);
        assert_eq!(parse_hash("abc"), Err(HashError::Length(3)));
        assert_eq!(parse_hash("NIGHTJAR"), Err(HashError::Length(8)));
        let bad = format!("{}zz", &h[..62]);
        assert_eq!(parse_hash(&bad), Err(HashError::NotHex));
        let multibyte = format!("{}é", &h[..62]);
        assert!(parse_hash(&multibyte).is_err());
    }

    fn words(text: &str) -> Vec<&str> {
        tokens(text.as_bytes()).map(|r| &text[r]).collect()
    }

    #[test]
    fn tokens_are_whole_upper_case_words() {
        assert_eq!(
            words("Operation NIGHTJAR starts; NIGHTJAR_API=1, NIGHTJAR2 (KESTREL)"),
            vec!["NIGHTJAR", "NIGHTJAR", "API", "NIGHTJAR2", "KESTREL"]
        );
        assert_eq!(
            words("Nightjar xNIGHTJAR NIGHTJARs 9NIGHTJAR AB A1"),
            Vec::<&str>::new()
        );
        assert_eq!(words("NIGHTJAR"), vec!["NIGHTJAR"]);
        assert_eq!(words("-NIGHTJAR-"), vec!["NIGHTJAR"]);
        assert_eq!(words(&"Q".repeat(65)), Vec::<&str>::new());
        assert_eq!(words("é NIGHTJAR é"), vec!["NIGHTJAR"]);
        assert_eq!(words(""), Vec::<&str>::new());
    }

    #[test]
    fn the_codeword_rule_loads() {
        let rule = rule("c.toml").expect("loads");
        assert_eq!(rule.id(), "codeword");
        assert_eq!(rule.validator.as_deref(), Some("codeword"));
        assert!(crate::engine::markings::pass::fed_by_engine(&rule));
        assert_eq!(rule.score.as_ref().map(|s| s.base), Some(90));
    }

    #[test]
    fn finds_configured_codewords_only() {
        let mut set = Codewords::new();
        assert!(set.find(b"NIGHTJAR").is_empty());
        set.insert(parse_hash(&hash_hex("nightjar").expect("hash")).expect("parse"));
        set.insert(parse_hash(&hash_hex("KESTREL").expect("hash")).expect("parse"));
        set.insert(parse_hash(&hash_hex("KESTREL").expect("hash")).expect("parse"));
        assert_eq!(set.len(), 2);
        let text = "Ops: NIGHTJAR and Nightjar, KESTREL_HOST, OSPREY, kestrel";
        let found: Vec<&str> = set
            .find(text.as_bytes())
            .into_iter()
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, vec!["NIGHTJAR", "KESTREL"]);
    }
}
