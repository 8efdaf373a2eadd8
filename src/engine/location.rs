//! Byte offsets to 1-based line numbers, built only for blobs that have matches.

/// Offsets of every line start in a blob.
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes `hay`'s lines.
    pub fn new(hay: &[u8]) -> LineIndex {
        let mut starts = Vec::with_capacity(hay.len() / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', hay).map(|i| i + 1));
        LineIndex {
            starts,
            len: hay.len(),
        }
    }

    /// Indexes only `hay`'s lines up to the one holding offset `end`: enough for offsets up
    /// to `end`. A file's matches are often near its top (a licence header's address), and
    /// indexing every line of a large file cost more than the rest of its assessment.
    pub fn up_to(hay: &[u8], end: usize) -> LineIndex {
        let end = end.min(hay.len());
        let mut starts = Vec::with_capacity(end / 40 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', &hay[..end]).map(|i| i + 1));
        LineIndex {
            starts,
            len: memchr::memchr(b'\n', &hay[end..]).map_or(hay.len(), |i| end + i),
        }
    }

    /// The byte offset where 1-based `line` starts.
    pub fn start_of(&self, line: u32) -> Option<usize> {
        self.starts.get(line.checked_sub(1)? as usize).copied()
    }

    /// The 1-based line holding `offset`, with that line's start and end (excluding the `\n`).
    /// (Built with [`LineIndex::up_to`], offsets up to its `end` only.)
    pub fn line_of(&self, offset: usize) -> (u32, usize, usize) {
        let idx = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[idx];
        let end = self.starts.get(idx + 1).map_or(self.len, |&next| next - 1);
        (idx as u32 + 1, start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::LineIndex;

    #[test]
    fn lines_and_bounds() {
        let idx = LineIndex::new(b"ab\ncd\n\nef");
        assert_eq!(idx.line_of(0), (1, 0, 2));
        assert_eq!(idx.line_of(3), (2, 3, 5));
        assert_eq!(idx.line_of(6), (3, 6, 6));
        assert_eq!(idx.line_of(8), (4, 7, 9));
    }

    #[test]
    fn an_index_up_to_an_offset_agrees_with_the_whole_index_there() {
        let text = b"first\n\nthird line\nfourth\n\nsixth";
        let whole = LineIndex::new(text);
        for end in 0..=text.len() {
            let part = LineIndex::up_to(text, end);
            for offset in 0..=end {
                assert_eq!(
                    part.line_of(offset),
                    whole.line_of(offset),
                    "up to {end}: {offset}"
                );
            }
            for line in 1..=whole.line_of(end).0 {
                assert_eq!(
                    part.start_of(line),
                    whole.start_of(line),
                    "up to {end}: line {line}"
                );
            }
        }
    }
}
