//! Reading a scored rule's named capture groups. (Numbers inside longer numbers and values
//! inside encoded tokens never reach a validator: the engine's hygiene drops them.)

use regex::bytes::Captures;

/// The bytes of group `name`, empty when it did not take part in the match.
pub fn group<'h>(caps: &Captures<'h>, name: &str) -> &'h [u8] {
    caps.name(name).map_or(&[][..], |m| m.as_bytes())
}

/// The reported value: the group called `value`, else group 1 (what the engine reports).
pub fn value<'h>(caps: &Captures<'h>) -> &'h [u8] {
    caps.name("value")
        .or_else(|| caps.get(1))
        .map_or(&[][..], |m| m.as_bytes())
}

/// True when group `name` took part in the match (even if empty).
pub fn took_part(caps: &Captures<'_>, name: &str) -> bool {
    caps.name(name).is_some()
}
