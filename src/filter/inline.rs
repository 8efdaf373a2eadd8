//! Inline allows: a line carrying `clearance:allow` (in any comment syntax) suppresses the
//! findings that start on it.

/// The marker users put on a line.
pub const ALLOW_MARKER: &[u8] = b"clearance:allow";

/// Lines of a blob that carry the marker, found lazily.
pub struct AllowMarkers<'a> {
    bytes: &'a [u8],
    /// 1-based line numbers holding the marker; `None` until first asked.
    lines: Option<Vec<u32>>,
}

impl<'a> AllowMarkers<'a> {
    /// Prepares to answer questions about `bytes`.
    pub fn new(bytes: &'a [u8]) -> AllowMarkers<'a> {
        AllowMarkers { bytes, lines: None }
    }

    /// True when 1-based `line` carries the marker.
    pub fn allows(&mut self, line: u32) -> bool {
        let bytes = self.bytes;
        let lines = self.lines.get_or_insert_with(|| {
            memchr::memmem::find_iter(bytes, ALLOW_MARKER)
                .map(|at| memchr::memchr_iter(b'\n', &bytes[..at]).count() as u32 + 1)
                .collect()
        });
        lines.binary_search(&line).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::AllowMarkers;

    #[test]
    fn marker_lines() {
        let text = b"a\nkey = 1 # clearance:allow\nb // clearance:allow\n";
        let mut markers = AllowMarkers::new(text);
        assert!(!markers.allows(1));
        assert!(markers.allows(2));
        assert!(markers.allows(3));
    }
}
