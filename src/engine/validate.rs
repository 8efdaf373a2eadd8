//! Named validators: cheap structural checks a candidate value must pass before it is
//! reported (checksums, decodable encodings, shapes that rule out words and numbers).
//! A rule names its validator in `validator = "..."`; unknown names are rejected when the
//! engine is built.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

/// A validator a rule can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// GitHub-style token: `prefix_` + 30 base62 chars + 6-char base62 CRC32 of those 30.
    GithubCrc32,
    /// A JSON Web Token whose header decodes to a JSON object with `alg`.
    Jwt,
    /// Decodes as standard or URL-safe base64 (padding optional).
    Base64,
    /// Hexadecimal digits only.
    Hex,
    /// Anything but a bare UUID.
    NotUuid,
    /// At least two of: lowercase, uppercase, digits.
    MixedCharset,
    /// HTTP Basic credentials (RFC 7617): base64 of printable `user:password`, the password
    /// six or more characters, [`Validator::MixedCharset`] and no placeholder.
    BasicAuth,
}

/// Every validator name, for error messages and docs.
pub const VALIDATOR_NAMES: &[&str] = &[
    "github_crc32",
    "jwt",
    "base64",
    "hex",
    "not_uuid",
    "mixed_charset",
    "basic_auth",
];

impl Validator {
    /// Looks a validator up by the name used in rule files.
    pub fn from_name(name: &str) -> Option<Validator> {
        Some(match name {
            "github_crc32" => Validator::GithubCrc32,
            "jwt" => Validator::Jwt,
            "base64" => Validator::Base64,
            "hex" => Validator::Hex,
            "not_uuid" => Validator::NotUuid,
            "mixed_charset" => Validator::MixedCharset,
            "basic_auth" => Validator::BasicAuth,
            _ => return None,
        })
    }

    /// True when `value` passes.
    pub fn accepts(self, value: &[u8]) -> bool {
        match self {
            Validator::GithubCrc32 => github_crc32(value),
            Validator::Jwt => jwt(value),
            Validator::Base64 => decode_base64(value).is_some(),
            Validator::Hex => !value.is_empty() && value.iter().all(u8::is_ascii_hexdigit),
            Validator::NotUuid => !is_uuid(value),
            Validator::MixedCharset => mixed_charset(value),
            Validator::BasicAuth => basic_auth(value),
        }
    }
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Encodes `n` in base62, left-padded with `0` to `width` characters.
pub fn base62(mut n: u32, width: usize) -> String {
    let mut digits = Vec::with_capacity(width);
    while n > 0 {
        digits.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    while digits.len() < width {
        digits.push(b'0');
    }
    digits.reverse();
    String::from_utf8_lossy(&digits).into_owned()
}

fn github_crc32(value: &[u8]) -> bool {
    let Some(underscore) = value.iter().rposition(|&b| b == b'_') else {
        return false;
    };
    let body = &value[underscore + 1..];
    if body.len() != 36 || !body.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (random, checksum) = body.split_at(30);
    base62(crc32fast::hash(random), 6).as_bytes() == checksum
}

const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, LENIENT);

/// Decodes standard or URL-safe base64, padded or not.
pub fn decode_base64(value: &[u8]) -> Option<Vec<u8>> {
    STANDARD_LENIENT
        .decode(value)
        .or_else(|_| URL_SAFE_LENIENT.decode(value))
        .ok()
}

fn jwt(value: &[u8]) -> bool {
    let mut parts = value.split(|&b| b == b'.');
    let (Some(header), Some(payload), Some(_signature)) =
        (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    if parts.next().is_some() || payload.is_empty() {
        return false;
    }
    let Some(decoded) = decode_base64(header) else {
        return false;
    };
    match serde_json::from_slice::<serde_json::Value>(&decoded) {
        Ok(serde_json::Value::Object(map)) => map.contains_key("alg"),
        _ => false,
    }
}

/// True for `8-4-4-4-12` hexadecimal UUIDs.
pub fn is_uuid(value: &[u8]) -> bool {
    value.len() == 36
        && value.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn basic_auth(value: &[u8]) -> bool {
    let Ok(decoded) = STANDARD_LENIENT.decode(value) else {
        return false;
    };
    if decoded.iter().any(|&b| !(b' '..=b'~').contains(&b)) {
        return false;
    }
    let Some(colon) = decoded.iter().position(|&b| b == b':') else {
        return false;
    };
    let (user, password) = (&decoded[..colon], &decoded[colon + 1..]);
    !user.is_empty()
        && password.len() >= 6
        && mixed_charset(password)
        && !super::placeholder::is_placeholder(password)
}

fn mixed_charset(value: &[u8]) -> bool {
    let lower = value.iter().any(u8::is_ascii_lowercase);
    let upper = value.iter().any(u8::is_ascii_uppercase);
    let digit = value.iter().any(u8::is_ascii_digit);
    usize::from(lower) + usize::from(upper) + usize::from(digit) >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    fn github_token(prefix: &str, random: &str) -> String {
        format!(
            "{prefix}_{random}{}",
            base62(crc32fast::hash(random.as_bytes()), 6)
        )
    }

    #[test]
    fn base62_pads_and_encodes() {
        assert_eq!(base62(0, 6), "000000");
        assert_eq!(base62(61, 2), "0z");
        assert_eq!(base62(62, 1), "10");
    }

    #[test]
    fn github_checksum_accepts_valid_and_rejects_one_changed_char() {
        let token = github_token("ghp", "q8Vn3kLz0PwX7bT2mR5sA1cD4eF6gH");
        assert!(Validator::GithubCrc32.accepts(token.as_bytes()));
        let mut bad = token.into_bytes();
        bad[10] = if bad[10] == b'a' { b'b' } else { b'a' };
        assert!(!Validator::GithubCrc32.accepts(&bad));
        assert!(!Validator::GithubCrc32.accepts(b"ghp_short"));
    }

    #[test]
    fn jwt_needs_a_json_header_with_alg() {
        let header = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"sub":"1"}"#);
        let token = format!("{header}.{payload}.c2lnbmF0dXJl");
        assert!(Validator::Jwt.accepts(token.as_bytes()));
        let no_alg = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"typ":"JWT"}"#);
        assert!(!Validator::Jwt.accepts(format!("{no_alg}.{payload}.x").as_bytes()));
        assert!(!Validator::Jwt.accepts(b"eyJhbGciOi.not.json"));
    }

    #[test]
    fn uuid_hex_mixed() {
        assert!(is_uuid(b"123e4567-e89b-12d3-a456-426614174000"));
        assert!(!Validator::NotUuid.accepts(b"123e4567-e89b-12d3-a456-426614174000"));
        assert!(Validator::Hex.accepts(b"deadBEEF01"));
        assert!(!Validator::Hex.accepts(b"xyz"));
        assert!(Validator::MixedCharset.accepts(b"abc123"));
        assert!(!Validator::MixedCharset.accepts(b"password"));
        assert!(!Validator::MixedCharset.accepts(b"12345678"));
    }

    #[test]
    fn basic_auth_decodes_user_and_a_strong_enough_password() {
        use base64::engine::general_purpose::STANDARD;
        let encoded = |text: &str| STANDARD.encode(text);
        let check = |text: &str| Validator::BasicAuth.accepts(encoded(text).as_bytes());
        assert!(check("svc-deploy:Q7rmT2xLk9pZ"));
        assert!(check("alerts@dwp.gov.uk:w9-zl4qt7mx2r"));
        // RFC 7617's example, weak and placeholder passwords, no colon, no user, control bytes.
        assert!(!check("Aladdin:open sesame"));
        assert!(!check("admin:admin"));
        assert!(!check("user:password1"));
        assert!(!check("deploy:${REGISTRY_TOKEN}"));
        assert!(!check("not-a-credential"));
        assert!(!check(":Q7rmT2xLk9pZ"));
        assert!(!check("svc:Q7rm\tT2xLk9pZ"));
        assert!(!Validator::BasicAuth.accepts(b"not base64!"));
    }

    #[test]
    fn every_listed_name_resolves() {
        for name in VALIDATOR_NAMES {
            assert!(Validator::from_name(name).is_some(), "{name}");
        }
        assert!(Validator::from_name("nope").is_none());
    }
}
