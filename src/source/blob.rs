//! A blob is the unit the engine scans: decoded text bytes plus where they came from.
//! Decoding lives here so every source treats binary files, byte-order marks and UTF-16
//! the same way. Text extracted from an office document carries the document's
//! [`Layout`](super::document::Layout), which names the part, paragraph or cell of each line.

use std::sync::Arc;

use super::document::{Document, Layout};
use super::Origin;

/// How many leading bytes are inspected for a NUL to call a blob binary.
pub const BINARY_SNIFF_LEN: usize = 8 * 1024;

/// Text ready for the engine.
#[derive(Debug, Clone)]
pub struct Blob {
    pub origin: Origin,
    /// UTF-8 where the input was text in a known encoding; otherwise the raw bytes.
    pub bytes: Vec<u8>,
    /// 1-based inclusive line ranges to report on (added lines); `None` means all lines.
    pub lines_of_interest: Option<Vec<(u32, u32)>>,
    /// Set when `bytes` is text extracted from an office document, or when a document could
    /// not be read (then `bytes` is empty).
    pub document: Option<Arc<Document>>,
}

impl Blob {
    /// A blob whose every line is of interest.
    pub fn whole(origin: Origin, bytes: Vec<u8>) -> Blob {
        Blob {
            origin,
            bytes,
            lines_of_interest: None,
            document: None,
        }
    }

    /// Where in its document line `line`, column `column` came from (`word/footer1.xml
    /// paragraph 1`); `None` for a blob that is not an office document.
    pub fn location(&self, line: u32, column: u32) -> Option<String> {
        self.layout()?.label(line, column)
    }

    /// The layout of text extracted from a document.
    pub fn layout(&self) -> Option<&Layout> {
        match self.document.as_deref()? {
            Document::Read { layout, .. } => Some(layout),
            Document::NotRead { .. } => None,
        }
    }
}

/// The result of looking at raw bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Text (UTF-8, or invalid UTF-8 scanned as bytes).
    Text(Vec<u8>),
    /// A NUL in the first 8 KiB and no UTF-16 signature.
    Binary,
}

/// Whether [`decode`] would call `bytes` binary, from their first 8 KiB and without copying
/// them.
pub fn is_binary(bytes: &[u8]) -> bool {
    matches!(encoding(bytes), Encoding::Binary)
}

/// Strips a UTF-8 byte-order mark, decodes UTF-16 (with a BOM, or unmistakably ASCII-range
/// UTF-16 without one), and calls anything else with a NUL in the first 8 KiB binary.
pub fn decode(bytes: Vec<u8>) -> Decoded {
    match encoding(&bytes) {
        Encoding::Utf8 { bom: 0 } => Decoded::Text(bytes),
        Encoding::Utf8 { bom } => Decoded::Text(bytes[bom..].to_vec()),
        Encoding::Utf16(Endian::Little, bom) => {
            Decoded::Text(utf16_to_utf8(&bytes[bom..], u16::from_le_bytes))
        }
        Encoding::Utf16(Endian::Big, bom) => {
            Decoded::Text(utf16_to_utf8(&bytes[bom..], u16::from_be_bytes))
        }
        Encoding::Binary => Decoded::Binary,
    }
}

/// How a blob's bytes are to be read, and how long their byte-order mark is.
enum Encoding {
    /// UTF-8 (or bytes scanned as they are).
    Utf8 {
        bom: usize,
    },
    Utf16(Endian, usize),
    Binary,
}

/// Decides [`Encoding`] from a byte-order mark, else from the first 8 KiB: a NUL there means
/// binary unless the text is plainly BOM-less UTF-16.
fn encoding(bytes: &[u8]) -> Encoding {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Encoding::Utf8 { bom: 3 };
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Encoding::Utf16(Endian::Little, 2);
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Encoding::Utf16(Endian::Big, 2);
    }
    let sniff = &bytes[..bytes.len().min(BINARY_SNIFF_LEN)];
    if memchr::memchr(0, sniff).is_none() {
        return Encoding::Utf8 { bom: 0 };
    }
    match bom_less_utf16(sniff) {
        Some(endian) => Encoding::Utf16(endian, 0),
        None => Encoding::Binary,
    }
}

enum Endian {
    Little,
    Big,
}

/// UTF-16 without a BOM, recognised only when it is plainly ASCII text: every other byte NUL
/// and the rest printable or whitespace.
fn bom_less_utf16(sniff: &[u8]) -> Option<Endian> {
    if sniff.len() < 16 {
        return None;
    }
    let even = sniff.iter().step_by(2);
    let odd = sniff.iter().skip(1).step_by(2);
    let texty = |b: &u8| b.is_ascii_graphic() || b.is_ascii_whitespace();
    if odd.clone().all(|&b| b == 0) && even.clone().all(texty) {
        Some(Endian::Little)
    } else if even.clone().all(|&b| b == 0) && odd.clone().all(texty) {
        Some(Endian::Big)
    } else {
        None
    }
}

fn utf16_to_utf8(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Vec<u8> {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect::<String>()
        .into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for u in s.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    }

    #[test]
    fn utf8_passes_through_and_bom_is_stripped() {
        assert_eq!(decode(b"abc".to_vec()), Decoded::Text(b"abc".to_vec()));
        assert_eq!(
            decode(b"\xEF\xBB\xBFabc".to_vec()),
            Decoded::Text(b"abc".to_vec())
        );
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let text = "note = \"q8Vn3kLz0PwX\"\n";
        assert_eq!(
            decode(utf16le(text, true)),
            Decoded::Text(text.as_bytes().to_vec())
        );
        assert_eq!(
            decode(utf16le(text, false)),
            Decoded::Text(text.as_bytes().to_vec())
        );
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(decode(be), Decoded::Text(text.as_bytes().to_vec()));
    }

    #[test]
    fn is_binary_says_what_decode_would_without_copying() {
        let mut late_nul = vec![b'a'; BINARY_SNIFF_LEN];
        late_nul.push(0);
        let utf16: Vec<u8> = "hello world, hello".bytes().flat_map(|b| [b, 0]).collect();
        let inputs: Vec<Vec<u8>> = vec![
            b"plain text\n".to_vec(),
            b"\xEF\xBB\xBFbom\x00".to_vec(),
            b"\xFF\xFEh\x00i\x00".to_vec(),
            b"\xFE\xFF\x00h\x00i".to_vec(),
            utf16,
            b"\x7fELF\x02\x01\x01\x00\x00\x00".to_vec(),
            late_nul,
            b"\xff\xfe\xfd not utf-8".to_vec()[2..].to_vec(),
            Vec::new(),
        ];
        for bytes in inputs {
            let binary = matches!(decode(bytes.clone()), Decoded::Binary);
            assert_eq!(is_binary(&bytes), binary, "{bytes:?}");
        }
    }

    #[test]
    fn nul_means_binary_and_invalid_utf8_is_text() {
        assert_eq!(
            decode(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03".to_vec()),
            Decoded::Binary
        );
        assert_eq!(
            decode(b"caf\xe9 token".to_vec()),
            Decoded::Text(b"caf\xe9 token".to_vec())
        );
    }
}
