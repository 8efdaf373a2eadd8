//! One walker for the paragraph-shaped XML of word-processor, presentation and ODF parts:
//! a [`Dialect`] names the elements (paragraphs, text runs, breaks, tables, what to skip)
//! and [`paragraphs`] turns a part into labelled lines: one per paragraph
//! (`word/document.xml paragraph 12`), and one CSV line per table row
//! (`word/document.xml table 1 row 3 column 2`). Paragraphs nested in paragraphs (text
//! boxes, footnotes in ODF) get lines of their own.

use std::sync::Arc;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;

use super::layout::{CellNames, Extraction};
use super::NotRead;

/// The element names (local names, without namespace prefix) of one XML vocabulary.
#[derive(Debug, Clone, Copy)]
pub struct Dialect {
    /// Paragraph elements.
    pub paragraphs: &'static [&'static [u8]],
    /// Elements whose character data is text; empty: all character data inside a paragraph.
    pub text: &'static [&'static [u8]],
    /// Elements that break a line within a paragraph.
    pub breaks: &'static [&'static [u8]],
    /// Elements that stand for a tab.
    pub tabs: &'static [&'static [u8]],
    /// An element standing for a run of spaces, its count in attribute `c` (ODF `text:s`).
    pub spaces: Option<&'static [u8]>,
    /// Elements whose whole subtree is skipped (properties, duplicate fallback content).
    pub ignored: &'static [&'static [u8]],
    /// How tables are written, if the vocabulary has them.
    pub table: Option<TableDialect>,
}

/// Table, row and cell elements, and how a table's rows are labelled.
#[derive(Debug, Clone, Copy)]
pub struct TableDialect {
    pub table: &'static [u8],
    pub row: &'static [u8],
    /// Cells; the second list are cells that only hold a place (merged-over cells).
    pub cells: &'static [&'static [u8]],
    pub placeholder_cells: &'static [&'static [u8]],
    /// Attributes repeating a row or a cell (ODF), and an element setting a cell's span
    /// in columns in its `val` attribute (Word's `gridSpan`).
    pub row_repeat: Option<&'static [u8]>,
    pub cell_repeat: Option<&'static [u8]>,
    pub span: Option<&'static [u8]>,
    /// Attribute naming a table (ODF `table:name`).
    pub name: Option<&'static [u8]>,
    pub names: CellNames,
    /// The label of table `number` (1-based) of the part labelled `part`, named `name`.
    pub label: fn(part: &str, number: u32, name: Option<&str>) -> String,
}

/// The most copies made of a repeated non-empty cell.
const MAX_CELL_REPEAT: u32 = 256;
/// The most spaces one ODF `text:s` stands for.
const MAX_SPACES: usize = 256;

/// An open paragraph.
struct Paragraph {
    text: String,
    label: Arc<str>,
    /// Inside a table cell: its text joins the cell's instead of making a line.
    in_cell: bool,
}

/// The open top-level table.
struct Table {
    label: Arc<str>,
    /// Row number of the current row (1-based), and how many rows it stands for.
    row: u32,
    row_repeat: u32,
    cells: Vec<(u32, String)>,
    /// Column of the next cell.
    column: u32,
    /// The open cell: its text, how many columns it covers and how often it repeats.
    cell: Option<(String, u32, u32)>,
}

/// Extracts the paragraphs and table rows of one XML part labelled `part` into `out`.
pub fn paragraphs(
    xml: &str,
    dialect: &Dialect,
    part: &str,
    out: &mut Extraction,
) -> Result<(), NotRead> {
    let mut walker = Walker {
        dialect,
        part,
        out,
        stack: Vec::new(),
        ignoring: 0,
        in_text: 0,
        paragraphs: 0,
        tables: 0,
        table_depth: 0,
        table: None,
    };
    let mut reader = Reader::from_str(xml);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| NotRead::Corrupt(format!("{part}: {e}")))?;
        match event {
            Event::Eof => return Ok(()),
            event => walker.event(event)?,
        }
    }
}

struct Walker<'a> {
    dialect: &'a Dialect,
    part: &'a str,
    out: &'a mut Extraction,
    stack: Vec<Paragraph>,
    /// Depth inside an ignored subtree (0: not ignoring).
    ignoring: usize,
    /// Depth inside text elements.
    in_text: usize,
    paragraphs: u32,
    tables: u32,
    table_depth: u32,
    table: Option<Table>,
}

impl Walker<'_> {
    fn event(&mut self, event: Event<'_>) -> Result<(), NotRead> {
        if self.ignoring > 0 {
            match event {
                Event::Start(_) => self.ignoring += 1,
                Event::End(_) => self.ignoring -= 1,
                _ => {}
            }
            return Ok(());
        }
        match event {
            Event::Start(e) => self.start(&e, false),
            Event::Empty(e) => {
                self.start(&e, true);
                self.end(e.local_name().as_ref())?;
            }
            Event::End(e) => self.end(e.local_name().as_ref())?,
            Event::Text(t) => {
                let text = t.decode().unwrap_or_default();
                self.text(&text);
            }
            Event::CData(t) => {
                let text = t.decode().unwrap_or_default();
                self.text(&text);
            }
            Event::GeneralRef(r) => {
                if let Some(c) = entity(&r) {
                    self.text(c.encode_utf8(&mut [0; 4]));
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        let d = self.dialect;
        if d.ignored.contains(&name) {
            if !empty {
                self.ignoring = 1;
            }
            return;
        }
        if d.paragraphs.contains(&name) {
            self.paragraphs += 1;
            self.stack.push(Paragraph {
                text: String::new(),
                label: Arc::from(format!("{} paragraph {}", self.part, self.paragraphs)),
                in_cell: self.table.as_ref().is_some_and(|t| t.cell.is_some()),
            });
        } else if d.text.contains(&name) {
            self.in_text += 1;
        } else if d.breaks.contains(&name) {
            self.put("\n");
        } else if d.tabs.contains(&name) {
            self.put("\t");
        } else if d.spaces == Some(name) {
            let n = attribute(e, b"c")
                .and_then(|c| c.parse::<usize>().ok())
                .unwrap_or(1);
            self.put(&" ".repeat(n.min(MAX_SPACES)));
        } else if let Some(t) = d.table {
            self.table_start(&t, e, name);
        }
    }

    fn table_start(&mut self, t: &TableDialect, e: &BytesStart<'_>, name: &[u8]) {
        let repeat = |attr: Option<&[u8]>| {
            attr.and_then(|a| attribute(e, a))
                .and_then(|v| v.parse::<u32>().ok())
                .unwrap_or(1)
                .max(1)
        };
        if name == t.table {
            self.table_depth += 1;
            if self.table_depth == 1 {
                self.tables += 1;
                let table_name = t.name.and_then(|a| attribute(e, a));
                self.table = Some(Table {
                    label: Arc::from((t.label)(self.part, self.tables, table_name.as_deref())),
                    row: 0,
                    row_repeat: 1,
                    cells: Vec::new(),
                    column: 0,
                    cell: None,
                });
            }
            return;
        }
        if self.table_depth != 1 {
            return;
        }
        let Some(table) = self.table.as_mut() else {
            return;
        };
        if name == t.row {
            table.row += table.row_repeat;
            table.row_repeat = repeat(t.row_repeat);
            table.cells.clear();
            table.column = 0;
        } else if t.cells.contains(&name) {
            table.cell = Some((String::new(), 1, repeat(t.cell_repeat)));
        } else if t.placeholder_cells.contains(&name) {
            table.column = table.column.saturating_add(repeat(t.cell_repeat));
        } else if t.span == Some(name) {
            if let Some(cell) = table.cell.as_mut() {
                cell.1 = attribute(e, b"val")
                    .and_then(|v| v.parse::<u32>().ok())
                    .unwrap_or(1)
                    .max(1);
            }
        }
    }

    fn end(&mut self, name: &[u8]) -> Result<(), NotRead> {
        let d = self.dialect;
        if d.paragraphs.contains(&name) {
            if let Some(p) = self.stack.pop() {
                if p.in_cell {
                    self.put(" ");
                } else {
                    self.out.line(&p.text, &p.label).map_err(too_much)?;
                }
            }
        } else if d.text.contains(&name) {
            self.in_text = self.in_text.saturating_sub(1);
        } else if let Some(t) = d.table {
            self.table_end(&t, name)?;
        }
        Ok(())
    }

    fn table_end(&mut self, t: &TableDialect, name: &[u8]) -> Result<(), NotRead> {
        if name == t.table {
            self.table_depth = self.table_depth.saturating_sub(1);
            if self.table_depth == 0 {
                self.table = None;
            }
            return Ok(());
        }
        if self.table_depth != 1 {
            return Ok(());
        }
        let Some(table) = self.table.as_mut() else {
            return Ok(());
        };
        if name == t.row {
            self.out
                .row(&table.label, table.row.max(1), t.names, &table.cells)
                .map_err(too_much)?;
        } else if t.cells.contains(&name) {
            if let Some((text, span, repeat)) = table.cell.take() {
                let copies = if text.trim().is_empty() {
                    0
                } else {
                    repeat.min(MAX_CELL_REPEAT)
                };
                for i in 0..copies {
                    table.cells.push((table.column + i * span, text.clone()));
                }
                table.column = table.column.saturating_add(span.saturating_mul(repeat));
            }
        }
        Ok(())
    }

    /// Character data: kept inside text elements (or anywhere in a paragraph, for
    /// vocabularies without text elements).
    fn text(&mut self, text: &str) {
        if self.dialect.text.is_empty() || self.in_text > 0 {
            self.put(text);
        }
    }

    /// Adds text to the innermost open paragraph, or to its table cell.
    fn put(&mut self, text: &str) {
        match self.stack.last_mut() {
            Some(p) if p.in_cell => {
                if let Some((cell, _, _)) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
                    cell.push_str(text);
                }
            }
            Some(p) => p.text.push_str(text),
            None => {}
        }
    }
}

fn too_much(_: super::layout::TooMuchText) -> NotRead {
    super::too_much_text()
}

/// Lines from the text of the elements that `label_of(local name, element)` labels (flat
/// property lists such as `docProps/core.xml` and ODF's `meta.xml`).
pub fn leaf_values(
    xml: &str,
    part: &str,
    out: &mut Extraction,
    label_of: impl Fn(&[u8], &BytesStart<'_>) -> Option<String>,
) -> Result<(), NotRead> {
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, String)> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| NotRead::Corrupt(format!("{part}: {e}")))?;
        match event {
            Event::Start(e) => {
                current = label_of(e.local_name().as_ref(), &e).map(|l| (l, String::new()));
            }
            Event::Text(t) => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t.decode().unwrap_or_default());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, text)) = current.as_mut() {
                    text.extend(entity(&r));
                }
            }
            Event::End(_) => {
                if let Some((label, text)) = current.take() {
                    out.line(&text, &Arc::from(label)).map_err(too_much)?;
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The value of attribute `local` (any namespace prefix), unescaped.
pub fn attribute(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| value_of(&a))
}

/// An attribute's value with entities resolved.
pub fn value_of(a: &quick_xml::events::attributes::Attribute<'_>) -> Option<String> {
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// The character an entity or character reference stands for (the five XML entities).
pub fn entity(r: &BytesRef<'_>) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    match &**r {
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"amp" => Some('&'),
        b"apos" => Some('\''),
        b"quot" => Some('"'),
        _ => None,
    }
}
