//! Text extracted from a document, one line per paragraph or table row, and where each line
//! came from: [`Extraction`] builds both, bounded in size; [`Layout`] answers "which part,
//! paragraph or cell holds line L, column C" for the findings on that line. Lines extracted
//! from an object embedded in the document carry its path before their label
//! (`word/embeddings/Microsoft_Excel_Worksheet.xlsx sheet "Patients" cell C7`).

use std::sync::Arc;

/// How the cells of a row are named in labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellNames {
    /// Spreadsheet style: `cell C7`.
    Letters,
    /// Word-processor tables: `row 3 column 2`.
    Numbers,
}

/// Where one extracted line came from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Line {
    /// The whole line has one label: `word/footer1.xml paragraph 1`.
    Whole(Arc<str>),
    /// A table or sheet row, its cells separated by commas (CSV).
    Row(Row),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    /// `sheet "Patients"`, `word/document.xml table 2`.
    table: Arc<str>,
    /// 1-based row number within the table.
    number: u32,
    /// The extracted line holding the table's first row (its header, in a data sheet).
    header_line: u32,
    names: CellNames,
    cells: Vec<CellSpan>,
}

/// Where one cell sits in its line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct CellSpan {
    /// 1-based character column of the cell's first character.
    column: u32,
    /// Byte range of the cell's field in the line.
    bytes: (usize, usize),
    /// 0-based index of the cell's column in its table.
    index: u32,
}

/// The labels of every extracted line of one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    lines: Vec<Line>,
    /// Where the lines of an embedded object begin (0-based line index, its path) and where
    /// the document's own lines resume (`None`), in order.
    embedded: Vec<(usize, Option<Arc<str>>)>,
}

impl Layout {
    /// Where 1-based `line`, 1-based character `column`, came from: `word/document.xml
    /// paragraph 12`, `sheet "Patients" cell C7`, `slide 3 paragraph 2`.
    pub fn label(&self, line: u32, column: u32) -> Option<String> {
        let index = line.checked_sub(1)? as usize;
        let label = match self.lines.get(index)? {
            Line::Whole(label) => label.to_string(),
            Line::Row(row) => {
                let at = row.cells.partition_point(|c| c.column <= column);
                let index = row.cells.get(at.saturating_sub(1)).map_or(0, |c| c.index);
                match row.names {
                    CellNames::Letters => {
                        format!("{} cell {}{}", row.table, column_letters(index), row.number)
                    }
                    CellNames::Numbers => {
                        format!("{} row {} column {}", row.table, row.number, index + 1)
                    }
                }
            }
        };
        let section = self.embedded.partition_point(|(start, _)| *start <= index);
        Some(match section.checked_sub(1).map(|s| &self.embedded[s].1) {
            Some(Some(object)) => format!("{object} {label}"),
            _ => label,
        })
    }

    /// For a line that is a table row, the line holding that table's first row (the column
    /// headers of a data sheet), so context can come from the header as in a CSV file.
    pub fn header_line(&self, line: u32) -> Option<u32> {
        match self.lines.get(line.checked_sub(1)? as usize)? {
            Line::Row(row) => Some(row.header_line),
            Line::Whole(_) => None,
        }
    }

    /// For a value at byte `offset` of table row `line`, the header of its column: the line
    /// holding the table's first row and the byte range of the same column's field there
    /// (`None` on the first row itself, and for lines that are not table rows).
    pub fn column_header(&self, line: u32, offset: usize) -> Option<(u32, (usize, usize))> {
        let Line::Row(row) = self.lines.get(line.checked_sub(1)? as usize)? else {
            return None;
        };
        if row.header_line == line {
            return None;
        }
        let at = row.cells.partition_point(|c| c.bytes.0 <= offset);
        let index = row.cells.get(at.checked_sub(1)?)?.index;
        let Line::Row(header) = self.lines.get(row.header_line as usize - 1)? else {
            return None;
        };
        let cell = header.cells.iter().find(|c| c.index == index)?;
        Some((row.header_line, cell.bytes))
    }

    /// The lines holding the first row of a table, in order.
    pub fn header_lines(&self) -> Vec<u32> {
        let mut lines: Vec<u32> = self
            .lines
            .iter()
            .filter_map(|l| match l {
                Line::Row(row) => Some(row.header_line),
                Line::Whole(_) => None,
            })
            .collect();
        lines.dedup();
        lines
    }

    /// How many lines were extracted.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when nothing was extracted.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }
}

/// `0 -> A`, `25 -> Z`, `26 -> AA`, `16383 -> XFD`.
pub fn column_letters(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8_lossy(&out).into_owned()
}

/// `C7 -> (2, 7)`; the row is `None` for a bare column (`C`).
pub fn parse_cell_ref(reference: &str) -> Option<(u32, Option<u32>)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let mut column: u32 = 0;
    for b in reference[..letters].bytes() {
        column = column * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let digits = &reference[letters..];
    let row = if digits.is_empty() {
        None
    } else {
        Some(digits.parse().ok()?)
    };
    Some((column - 1, row))
}

/// The extracted text grew past its limit (a decompression bomb, or a sheet of millions of
/// cells): the document is not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooMuchText;

/// Builds the extracted text and its layout, refusing to grow past a byte limit.
#[derive(Debug)]
pub struct Extraction {
    text: String,
    layout: Layout,
    limit: usize,
    /// The table of the previous row and the line of its first row.
    last_table: Option<(Arc<str>, u32)>,
}

impl Extraction {
    /// An empty extraction that may hold at most `limit` bytes of text.
    pub fn new(limit: usize) -> Extraction {
        Extraction {
            text: String::new(),
            layout: Layout::default(),
            limit,
            last_table: None,
        }
    }

    /// Adds `text` labelled `label`: one line per line of `text` (a paragraph with line
    /// breaks keeps its label on each), whitespace-only lines left out.
    pub fn line(&mut self, text: &str, label: &Arc<str>) -> Result<(), TooMuchText> {
        for piece in text.split(['\n', '\r']) {
            let piece = piece.trim_end();
            if piece.trim_start().is_empty() {
                continue;
            }
            self.push(piece)?;
            self.layout.lines.push(Line::Whole(label.clone()));
        }
        self.last_table = None;
        Ok(())
    }

    /// Adds one table row as a CSV line: `cells` are (0-based column index, text), in column
    /// order; missing columns become empty fields so columns line up with the first row's.
    /// A row with no text is left out.
    pub fn row(
        &mut self,
        table: &Arc<str>,
        number: u32,
        names: CellNames,
        cells: &[(u32, String)],
    ) -> Result<(), TooMuchText> {
        if cells.iter().all(|(_, text)| text.trim().is_empty()) {
            return Ok(());
        }
        let line_number = self.layout.lines.len() as u32 + 1;
        let header_line = match &self.last_table {
            Some((last, first)) if Arc::ptr_eq(last, table) => *first,
            _ => line_number,
        };
        let mut line = String::new();
        let mut offsets = Vec::with_capacity(cells.len());
        let mut chars: u32 = 0;
        let mut next_column = 0u32;
        for (column, text) in cells {
            // Empty fields for skipped columns, plus the separator before every cell but the first.
            let gap = column.saturating_sub(next_column);
            let commas = if offsets.is_empty() { gap } else { gap + 1 };
            if line.len() + commas as usize > self.limit {
                return Err(TooMuchText);
            }
            line.extend(std::iter::repeat_n(',', commas as usize));
            chars += commas;
            let field = csv_field(text);
            offsets.push(CellSpan {
                column: chars + 1,
                bytes: (line.len(), line.len() + field.len()),
                index: *column,
            });
            chars += field.chars().count() as u32;
            line.push_str(&field);
            next_column = column + 1;
        }
        self.push(&line)?;
        self.layout.lines.push(Line::Row(Row {
            table: table.clone(),
            number,
            header_line,
            names,
            cells: offsets,
        }));
        self.last_table = Some((table.clone(), header_line));
        Ok(())
    }

    /// The lines added from now on come from the object embedded at `path` (until
    /// [`Extraction::leave`]); their labels start with it.
    pub fn enter(&mut self, path: &str) {
        self.mark(Some(Arc::from(path)));
    }

    /// The lines added from now on are the document's own again.
    pub fn leave(&mut self) {
        self.mark(None);
    }

    fn mark(&mut self, object: Option<Arc<str>>) {
        let start = self.layout.lines.len();
        let sections = &mut self.layout.embedded;
        if sections.last().is_some_and(|(last, _)| *last == start) {
            sections.pop();
        }
        if sections
            .last()
            .map_or(object.is_some(), |(_, last)| *last != object)
        {
            sections.push((start, object));
        }
        self.last_table = None;
    }

    fn push(&mut self, line: &str) -> Result<(), TooMuchText> {
        if self.text.len() + line.len() + 1 > self.limit {
            return Err(TooMuchText);
        }
        self.text.push_str(line);
        self.text.push('\n');
        Ok(())
    }

    /// The text and its layout.
    pub fn finish(self) -> (String, Layout) {
        (self.text, self.layout)
    }
}

/// A cell as a CSV field: one line, quoted when it holds a comma or a quote.
fn csv_field(text: &str) -> String {
    let flat: String = text
        .trim()
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    if flat.contains([',', '"']) {
        format!("\"{}\"", flat.replace('"', "\"\""))
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names_round_trip() {
        for (index, name) in [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (16383, "XFD")] {
            assert_eq!(column_letters(index), name);
            assert_eq!(parse_cell_ref(name), Some((index, None)));
        }
        assert_eq!(parse_cell_ref("C7"), Some((2, Some(7))));
        assert_eq!(parse_cell_ref("7"), None);
        assert_eq!(parse_cell_ref("ABCD1"), None);
    }

    #[test]
    fn lines_and_rows_are_labelled() -> Result<(), TooMuchText> {
        let mut x = Extraction::new(1 << 20);
        let footer: Arc<str> = Arc::from("word/footer1.xml paragraph 1");
        x.line("Draft\n\n  \nsecond", &footer)?;
        let sheet: Arc<str> = Arc::from("sheet \"Patients\"");
        x.row(
            &sheet,
            1,
            CellNames::Letters,
            &[(0, "Name".into()), (2, "Ref".into())],
        )?;
        x.row(
            &sheet,
            2,
            CellNames::Letters,
            &[(0, "Smith, J".into()), (2, "A-100".into())],
        )?;
        x.row(&sheet, 3, CellNames::Letters, &[(1, " ".into())])?;
        let (text, layout) = x.finish();
        assert_eq!(text, "Draft\nsecond\nName,,Ref\n\"Smith, J\",,A-100\n");
        assert_eq!(layout.len(), 4);
        let label = |l, c| layout.label(l, c).unwrap_or_default();
        assert_eq!(label(1, 1), "word/footer1.xml paragraph 1");
        assert_eq!(label(2, 3), "word/footer1.xml paragraph 1");
        assert_eq!(label(3, 1), "sheet \"Patients\" cell A1");
        assert_eq!(label(3, 7), "sheet \"Patients\" cell C1");
        assert_eq!(label(4, 1), "sheet \"Patients\" cell A2");
        assert_eq!(label(4, 14), "sheet \"Patients\" cell C2");
        assert_eq!(layout.header_line(4), Some(3));
        assert_eq!(layout.header_line(1), None);
        // "Smith, J" is quoted; the value in column C still finds the header of column C.
        let in_c = "\"Smith, J\",,".len();
        assert_eq!(layout.column_header(4, in_c), Some((3, (6, 9))));
        assert_eq!(layout.column_header(4, 0), Some((3, (0, 4))));
        assert_eq!(layout.column_header(3, 0), None);
        assert_eq!(layout.header_lines(), vec![3]);
        assert_eq!(layout.label(5, 1), None);
        Ok(())
    }

    #[test]
    fn lines_of_embedded_objects_start_with_their_path() -> Result<(), TooMuchText> {
        let mut x = Extraction::new(1 << 20);
        let body: Arc<str> = Arc::from("word/document.xml paragraph 1");
        x.line("outer", &body)?;
        x.enter("word/embeddings/empty.xlsx");
        x.leave();
        x.enter("word/embeddings/a.xlsx");
        x.row(
            &Arc::from("sheet \"S\""),
            7,
            CellNames::Letters,
            &[(2, "v".into())],
        )?;
        x.leave();
        x.line("after", &body)?;
        let (_, layout) = x.finish();
        let label = |l| layout.label(l, 1).unwrap_or_default();
        assert_eq!(label(1), "word/document.xml paragraph 1");
        assert_eq!(label(2), "word/embeddings/a.xlsx sheet \"S\" cell C7");
        assert_eq!(label(3), "word/document.xml paragraph 1");
        Ok(())
    }

    #[test]
    fn numbered_cells_and_the_limit() {
        let mut x = Extraction::new(16);
        let table: Arc<str> = Arc::from("word/document.xml table 1");
        assert!(x
            .row(
                &table,
                3,
                CellNames::Numbers,
                &[(0, "a".into()), (1, "b".into())]
            )
            .is_ok());
        assert_eq!(
            x.row(&table, 4, CellNames::Numbers, &[(16000, "z".into())]),
            Err(TooMuchText)
        );
        let (_, layout) = x.finish();
        assert_eq!(
            layout.label(1, 3).as_deref(),
            Some("word/document.xml table 1 row 3 column 2")
        );
    }
}
