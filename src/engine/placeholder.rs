//! Recognises values that are placeholders or references rather than secrets:
//! `YOUR_API_KEY_HERE`, `xxxx`, `<token>`, `${VAR}`, `os.environ[...]`, AWS's documented
//! `...EXAMPLE` keys. Applied to every captured value unless a rule opts out.

/// Words that mark a value as documentation or a stand-in (matched case-insensitively).
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "sample",
    "placeholder",
    "dummy",
    "changeme",
    "change_me",
    "change-me",
    "replaceme",
    "replace_me",
    "replace-me",
    "redacted",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yoursecret",
    "yourpassword",
    "insert_",
    "insert-",
    "_here",
    "-here",
    "password",
    "xxxx",
    "****",
    "...",
    "…",
    "••",
    "process.env",
    "os.environ",
    "getenv",
    "secrets.",
    "env(",
    "env[",
    "vault(",
    "lookup(",
];

/// Fragments that mean the value is a reference or template, not a literal.
const REFERENCE_MARKERS: &[&str] = &["${", "{{", "}}", "$(", "%s", "%(", "#{", "<", ">"];

/// True when `value` looks like a placeholder or a reference, not a real secret.
pub fn is_placeholder(value: &[u8]) -> bool {
    if value.is_empty() {
        return true;
    }
    let lower = value.to_ascii_lowercase();
    if value[0] == b'$' || value[0] == b'%' && value.last() == Some(&b'%') {
        return true;
    }
    if PLACEHOLDER_WORDS
        .iter()
        .chain(REFERENCE_MARKERS)
        .any(|w| contains(&lower, w.as_bytes()))
    {
        return true;
    }
    one_repeated_byte(value)
        || spells_password(&lower)
        || is_stand_in_password(&lower)
        || straight_runs(&lower, 8) > 0
        || straight_runs(&lower, 4) >= 2
        || encodes_placeholder_text(value)
}

/// Base64 that decodes to readable text naming a placeholder, e.g. "not my real password".
fn encodes_placeholder_text(value: &[u8]) -> bool {
    if value.len() < 12 || value.len() > 256 {
        return false;
    }
    let Some(decoded) = super::validate::decode_base64(value) else {
        return false;
    };
    let readable = decoded.iter().all(|b| b.is_ascii_graphic() || *b == b' ');
    readable && {
        let lower = decoded.to_ascii_lowercase();
        PLACEHOLDER_WORDS
            .iter()
            .chain(["secret", "real", "fake", "test"].iter())
            .any(|w| contains(&lower, w.as_bytes()))
    }
}

/// "password" written with the usual digit and symbol swaps (`P@ssw0rd`, `Pa$$w0rd`,
/// `P4ssw0rd!`) or broken by a symbol (`Pass@Word1`): documentation's stand-in password, as
/// placeholder as "password" itself.
fn spells_password(lower: &[u8]) -> bool {
    let unswapped = |b: u8| match b {
        b'@' | b'4' => b'a',
        b'$' | b'5' => b's',
        b'0' => b'o',
        b'1' | b'!' => b'i',
        b'3' => b'e',
        other => other,
    };
    let swapped: Vec<u8> = lower.iter().map(|&b| unswapped(b)).collect();
    let joined: Vec<u8> = lower
        .iter()
        .filter(|b| b.is_ascii_alphanumeric())
        .map(|&b| unswapped(b))
        .collect();
    contains(&swapped, b"password") || contains(&joined, b"password")
}

/// Words test fixtures and tutorials build passwords from (`test1234`, `Admin123!`,
/// `secret99`, `changeit`, `testpass1`): a value made of one or two of them and then digits or
/// symbols is a stand-in. A real weak password built on another word (`Welcome2024`) is not.
const STAND_IN_WORDS: &[&str] = &[
    "test",
    "testing",
    "tester",
    "admin",
    "administrator",
    "root",
    "user",
    "guest",
    "demo",
    "secret",
    "pass",
    "pwd",
    "qwerty",
    "letmein",
    "changeit",
    "default",
    "foo",
    "bar",
    "abc",
    "dev",
    "local",
    "sample",
    "dummy",
];

fn is_stand_in_password(lower: &[u8]) -> bool {
    let letters_end = lower
        .iter()
        .position(|b| !b.is_ascii_alphabetic())
        .unwrap_or(lower.len());
    let (word, rest) = lower.split_at(letters_end);
    if word.is_empty() || rest.iter().any(u8::is_ascii_alphabetic) {
        return false;
    }
    let is_word = |w: &[u8]| STAND_IN_WORDS.iter().any(|s| s.as_bytes() == w);
    is_word(word) || (1..word.len()).any(|cut| is_word(&word[..cut]) && is_word(&word[cut..]))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(haystack, needle).is_some()
}

fn one_repeated_byte(value: &[u8]) -> bool {
    value.iter().all(|&b| b == value[0])
}

/// How many runs like `1234` or `abcd` (ascending by one, at least `len` long) a value has:
/// typed by a person, not random.
fn straight_runs(lower: &[u8], len: usize) -> usize {
    let mut runs = 0;
    let mut run = 1;
    for pair in lower.windows(2) {
        if pair[0].is_ascii_alphanumeric() && pair[1] == pair[0].wrapping_add(1) {
            run += 1;
            if run == len {
                runs += 1;
            }
        } else {
            run = 1;
        }
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn placeholders_and_references() {
        for v in [
            "YOUR_API_KEY_HERE",
            "AKIAIOSFODNN7EXAMPLE",
            "xxxxxxxxxxxxxxxxxxxx",
            "<token>",
            "${API_TOKEN}",
            "$API_TOKEN",
            "{{ .Values.token }}",
            "${{ secrets.TOKEN }}",
            "os.environ['TOKEN']",
            "process.env.TOKEN",
            "changeme",
            "********",
            "REDACTED",
            "%API_TOKEN%",
            "0000000000000000",
            "abcdefghijklmnop",
            "1234567890abcdef",
            "abcd1234defg5678",
            "eyJ2IjoiMSIsInMiOjEsImMiOi...",
            "SomeKindOfPassword123!@#",
            "bm90IG15IHJlYWwgcGFzc3dvcmQ=",
            "P@ssw0rd",
            "Pa$$w0rd!",
            "P4ssw0rd2024",
            "Pass@Word1",
            "test1234",
            "Admin123!",
            "testpass1",
            "secret99",
        ] {
            assert!(is_placeholder(v.as_bytes()), "{v} should be a placeholder");
        }
    }

    #[test]
    fn random_values_are_not_placeholders() {
        // Built at run time so the repository's own scan does not see a key-shaped literal.
        let key_like = format!("{}{}", "AKIA", "Z7Q2M4N6P3R5T7V2");
        for v in [
            "q8Vn3kLz0PwX7bT2mR5s",
            "hunter2",
            "Welcome2024",
            "testing-Zq81",
            "Zk9-2mW_pQ71xLs0",
            key_like.as_str(),
        ] {
            assert!(
                !is_placeholder(v.as_bytes()),
                "{v} should not be a placeholder"
            );
        }
    }
}
