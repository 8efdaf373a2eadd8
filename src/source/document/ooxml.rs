//! Office Open XML (ECMA-376): Word (`.docx`), Excel (`.xlsx`) and PowerPoint (`.pptx`),
//! and their macro-enabled and template variants. Parts are found through the package's
//! relationships, as Office finds them, so unusual part names still work.
//!
//! - Word: headers first, then the body, footnotes, endnotes, comments and document
//!   properties, and footers last, so a classification banner in a header or footer sits at
//!   the top or bottom of the extracted text, as it does on the page.
//! - Excel: each sheet's rows as CSV lines (the first row is the header), numbers included
//!   (a personal number is a number in a spreadsheet); then cell comments, document
//!   properties, and page headers and footers.
//! - PowerPoint: each slide's paragraphs and tables, its speaker notes and comments; then
//!   document properties and the slide masters (where footers are set).
//!
//! Hyperlink targets (external relationships) are extracted too: URLs carry tokens.
//! Objects embedded in the document are in the `embeddings` folder beside its main part.

use std::sync::Arc;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::embedded::Object;
use super::layout::{parse_cell_ref, CellNames, Extraction};
use super::package::{Package, Relationship};
use super::xml::{attribute, entity, leaf_values, paragraphs, value_of, Dialect, TableDialect};
use super::NotRead;

/// What an OOXML package is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flavour {
    Word,
    Excel,
    PowerPoint,
}

/// The main part of an OOXML package and what it is, from the package relationships (or
/// the conventional part names).
pub fn main_part(pkg: &mut Package<'_>) -> Result<Option<(Flavour, String)>, NotRead> {
    let main = pkg
        .relationships("")?
        .into_iter()
        .find(|r| r.kind == "officeDocument" && !r.external)
        .map(|r| r.target)
        .filter(|t| pkg.has(t));
    let candidates = [
        ("word/", Flavour::Word, "word/document.xml"),
        ("xl/", Flavour::Excel, "xl/workbook.xml"),
        ("ppt/", Flavour::PowerPoint, "ppt/presentation.xml"),
    ];
    for (dir, flavour, conventional) in candidates {
        match &main {
            Some(target) if target.to_ascii_lowercase().starts_with(dir) => {
                return Ok(Some((flavour, target.clone())));
            }
            None if pkg.has(conventional) => return Ok(Some((flavour, conventional.to_string()))),
            _ => {}
        }
    }
    Ok(None)
}

/// Extracts the text of an OOXML package whose main part is `main`.
pub fn extract(
    pkg: &mut Package<'_>,
    flavour: Flavour,
    main: &str,
    out: &mut Extraction,
) -> Result<(), NotRead> {
    match flavour {
        Flavour::Word => word(pkg, main, out),
        Flavour::Excel => excel(pkg, main, out),
        Flavour::PowerPoint => powerpoint(pkg, main, out),
    }
}

/// The objects embedded in a package whose main part is `main`: the parts in the
/// `embeddings` folder beside it (`word/embeddings/`), where Office keeps embedded packages
/// and OLE objects whichever part shows them.
pub fn embedded_objects(pkg: &Package<'_>, main: &str) -> Vec<Object> {
    let dir = main.rsplit_once('/').map_or("", |(dir, _)| dir);
    let folder = format!("{dir}/embeddings/")
        .trim_start_matches('/')
        .to_ascii_lowercase();
    let mut parts: Vec<String> = pkg
        .names()
        .into_iter()
        .filter(|name| name.to_ascii_lowercase().starts_with(&folder))
        .collect();
    parts.sort_by(|a, b| natural_key(a).cmp(&natural_key(b)).then_with(|| a.cmp(b)));
    parts.into_iter().map(Object::Part).collect()
}

const WORD: Dialect = Dialect {
    paragraphs: &[b"p"],
    text: &[b"t", b"delText"],
    breaks: &[b"br", b"cr"],
    tabs: &[b"tab"],
    spaces: None,
    // Paragraph properties hold tab stops (`w:tab` too); `mc:Fallback` repeats the text of
    // the `mc:Choice` beside it (text boxes are written twice).
    ignored: &[b"pPr", b"Fallback", b"instrText"],
    table: Some(TableDialect {
        table: b"tbl",
        row: b"tr",
        cells: &[b"tc"],
        placeholder_cells: &[],
        row_repeat: None,
        cell_repeat: None,
        span: Some(b"gridSpan"),
        name: None,
        names: CellNames::Numbers,
        label: numbered_table,
    }),
};

const DRAWING: Dialect = Dialect {
    paragraphs: &[b"p"],
    text: &[b"t"],
    breaks: &[b"br"],
    tabs: &[],
    spaces: None,
    ignored: &[b"Fallback"],
    table: Some(TableDialect {
        table: b"tbl",
        row: b"tr",
        cells: &[b"tc"],
        placeholder_cells: &[],
        row_repeat: None,
        cell_repeat: None,
        span: None,
        name: None,
        names: CellNames::Numbers,
        label: numbered_table,
    }),
};

/// Slide comments: legacy `p:cm/p:text`, or modern comments' DrawingML paragraphs.
const SLIDE_COMMENTS: Dialect = Dialect {
    paragraphs: &[b"text", b"p"],
    text: &[],
    breaks: &[b"br"],
    tabs: &[],
    spaces: None,
    ignored: &[b"rPr", b"pPr", b"extLst"],
    table: None,
};

fn numbered_table(part: &str, number: u32, _: Option<&str>) -> String {
    format!("{part} table {number}")
}

fn word(pkg: &mut Package<'_>, main: &str, out: &mut Extraction) -> Result<(), NotRead> {
    let rels = pkg.relationships(main)?;
    let of_kind = |kind: &str| -> Vec<String> {
        let mut parts: Vec<String> = rels
            .iter()
            .filter(|r| r.kind == kind && !r.external)
            .map(|r| r.target.clone())
            .collect();
        parts.sort_by_key(|p| natural_key(p));
        parts.dedup();
        parts
    };
    let (headers, footers) = (of_kind("header"), of_kind("footer"));
    for part in &headers {
        text_part(pkg, part, part, &WORD, out)?;
    }
    text_part(pkg, main, main, &WORD, out)?;
    for kind in ["footnotes", "endnotes", "comments"] {
        for part in of_kind(kind) {
            text_part(pkg, &part, &part, &WORD, out)?;
        }
    }
    links(main, &rels, out)?;
    properties(pkg, out)?;
    for part in &footers {
        text_part(pkg, part, part, &WORD, out)?;
    }
    Ok(())
}

fn powerpoint(pkg: &mut Package<'_>, main: &str, out: &mut Extraction) -> Result<(), NotRead> {
    let rels = pkg.relationships(main)?;
    let xml = pkg.read_text(main)?.unwrap_or_default();
    let mut slide_ids = Vec::new();
    let mut reader = Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"sldId" => {
                if let Some(id) = attribute_qualified(&e, b"id", b"r") {
                    slide_ids.push(id);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(NotRead::Corrupt(format!("{main}: {e}"))),
        }
    }
    let target = |id: &str| rels.iter().find(|r| r.id == id).map(|r| r.target.clone());
    let mut slides: Vec<String> = slide_ids.iter().filter_map(|id| target(id)).collect();
    if slides.is_empty() {
        slides = rels
            .iter()
            .filter(|r| r.kind == "slide" && !r.external)
            .map(|r| r.target.clone())
            .collect();
        slides.sort_by_key(|p| natural_key(p));
    }
    for (i, slide) in slides.iter().enumerate() {
        let label = format!("slide {}", i + 1);
        text_part(pkg, slide, &label, &DRAWING, out)?;
        let slide_rels = pkg.relationships(slide)?;
        for r in slide_rels.iter().filter(|r| !r.external) {
            match r.kind.as_str() {
                "notesSlide" => {
                    text_part(pkg, &r.target, &format!("{label} notes"), &DRAWING, out)?
                }
                "comments" => text_part(
                    pkg,
                    &r.target,
                    &format!("{label} comments"),
                    &SLIDE_COMMENTS,
                    out,
                )?,
                _ => {}
            }
        }
        links(&label, &slide_rels, out)?;
    }
    properties(pkg, out)?;
    let mut masters: Vec<String> = rels
        .iter()
        .filter(|r| r.kind == "slideMaster" && !r.external)
        .map(|r| r.target.clone())
        .collect();
    masters.sort_by_key(|p| natural_key(p));
    for master in &masters {
        text_part(pkg, master, master, &DRAWING, out)?;
    }
    Ok(())
}

/// Extracts one paragraph-shaped part, if the package has it.
fn text_part(
    pkg: &mut Package<'_>,
    part: &str,
    label: &str,
    dialect: &Dialect,
    out: &mut Extraction,
) -> Result<(), NotRead> {
    match pkg.read_text(part)? {
        Some(xml) => paragraphs(&xml, dialect, label, out),
        None => Ok(()),
    }
}

/// External relationship targets (hyperlinks) of a part, one line each.
fn links(label: &str, rels: &[Relationship], out: &mut Extraction) -> Result<(), NotRead> {
    for r in rels.iter().filter(|r| r.external) {
        let line_label: Arc<str> = Arc::from(format!("{label} link {}", r.id));
        out.line(&r.target, &line_label).map_err(too_much)?;
    }
    Ok(())
}

/// Title, subject, keywords, description, category and status from `docProps/core.xml`, and
/// every custom property (where labelling tools record a classification) from
/// `docProps/custom.xml`: each value on a line of its own.
fn properties(pkg: &mut Package<'_>, out: &mut Extraction) -> Result<(), NotRead> {
    const CORE: [&[u8]; 6] = [
        b"title",
        b"subject",
        b"keywords",
        b"description",
        b"category",
        b"contentStatus",
    ];
    if let Some(xml) = pkg.read_text("docProps/core.xml")? {
        leaf_values(&xml, "docProps/core.xml", out, |name, _| {
            CORE.contains(&name)
                .then(|| format!("docProps/core.xml {}", String::from_utf8_lossy(name)))
        })?;
    }
    if let Some(xml) = pkg.read_text("docProps/custom.xml")? {
        let mut property = String::new();
        let mut reader = Reader::from_str(&xml);
        let mut value = String::new();
        let mut depth_in_property = 0usize;
        loop {
            let event = reader
                .read_event()
                .map_err(|e| NotRead::Corrupt(format!("docProps/custom.xml: {e}")))?;
            match event {
                Event::Start(e) if e.local_name().as_ref() == b"property" => {
                    property = attribute(&e, b"name").unwrap_or_default();
                    value.clear();
                    depth_in_property = 1;
                }
                Event::Start(_) if depth_in_property > 0 => depth_in_property += 1,
                Event::End(e) if e.local_name().as_ref() == b"property" => {
                    let label: Arc<str> =
                        Arc::from(format!("docProps/custom.xml property {property:?}"));
                    out.line(&value, &label).map_err(too_much)?;
                    depth_in_property = 0;
                }
                Event::End(_) if depth_in_property > 0 => depth_in_property -= 1,
                Event::Text(t) if depth_in_property > 1 => {
                    value.push_str(&t.decode().unwrap_or_default())
                }
                Event::GeneralRef(r) if depth_in_property > 1 => value.extend(entity(&r)),
                Event::Eof => break,
                _ => {}
            }
        }
    }
    Ok(())
}

fn excel(pkg: &mut Package<'_>, main: &str, out: &mut Extraction) -> Result<(), NotRead> {
    let rels = pkg.relationships(main)?;
    let shared = match rels
        .iter()
        .find(|r| r.kind == "sharedStrings" && !r.external)
    {
        Some(r) => {
            let target = r.target.clone();
            match pkg.read_text(&target)? {
                Some(xml) => shared_strings(&xml, &target)?,
                None => Vec::new(),
            }
        }
        None => Vec::new(),
    };
    let xml = pkg.read_text(main)?.unwrap_or_default();
    let mut sheets: Vec<(String, String)> = Vec::new();
    let mut reader = Reader::from_str(&xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"sheet" => {
                let name = attribute(&e, b"name").unwrap_or_default();
                let id = attribute_qualified(&e, b"id", b"r").unwrap_or_default();
                if let Some(r) = rels.iter().find(|r| r.id == id && !r.external) {
                    sheets.push((name, r.target.clone()));
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(NotRead::Corrupt(format!("{main}: {e}"))),
        }
    }
    let mut notes: Vec<(String, String)> = Vec::new();
    for (name, part) in &sheets {
        let label: Arc<str> = Arc::from(format!("sheet {name:?}"));
        let Some(xml) = pkg.read_text(part)? else {
            continue;
        };
        sheet(&xml, part, &label, &shared, out, &mut notes)?;
        let sheet_rels = pkg.relationships(part)?;
        for r in sheet_rels
            .iter()
            .filter(|r| r.kind == "comments" && !r.external)
        {
            if let Some(xml) = pkg.read_text(&r.target)? {
                cell_comments(&xml, &r.target, &label, out)?;
            }
        }
        links(&label, &sheet_rels, out)?;
    }
    properties(pkg, out)?;
    for (label, text) in notes {
        out.line(&text, &Arc::from(label)).map_err(too_much)?;
    }
    Ok(())
}

/// The shared-string table: each `si`'s text (rich-text runs joined, phonetic guides left
/// out).
fn shared_strings(xml: &str, part: &str) -> Result<Vec<String>, NotRead> {
    let mut strings = Vec::new();
    let mut current = String::new();
    let (mut in_t, mut in_phonetic) = (false, 0usize);
    let mut reader = Reader::from_str(xml);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| NotRead::Corrupt(format!("{part}: {e}")))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"si" => current.clear(),
                b"t" => in_t = true,
                b"rPh" => in_phonetic += 1,
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == b"si" => strings.push(String::new()),
            Event::End(e) => match e.local_name().as_ref() {
                b"si" => strings.push(std::mem::take(&mut current)),
                b"t" => in_t = false,
                b"rPh" => in_phonetic = in_phonetic.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if in_t && in_phonetic == 0 => {
                current.push_str(&t.decode().unwrap_or_default())
            }
            Event::CData(t) if in_t && in_phonetic == 0 => {
                current.push_str(&t.decode().unwrap_or_default())
            }
            Event::GeneralRef(r) if in_t && in_phonetic == 0 => current.extend(entity(&r)),
            Event::Eof => return Ok(strings),
            _ => {}
        }
    }
}

/// A cell being read: column, type (`t` attribute) and the text of its value.
struct Cell {
    column: u32,
    kind: String,
    value: String,
}

/// One worksheet: every row with a value as a CSV line; page headers and footers are
/// collected into `notes` (they go after every sheet's rows).
fn sheet(
    xml: &str,
    part: &str,
    label: &Arc<str>,
    shared: &[String],
    out: &mut Extraction,
    notes: &mut Vec<(String, String)>,
) -> Result<(), NotRead> {
    let mut reader = Reader::from_str(xml);
    let mut row = 0u32;
    let mut cells: Vec<(u32, String)> = Vec::new();
    let mut next_column = 0u32;
    let mut cell: Option<Cell> = None;
    // Inside `v`, or inside an inline string's `t`.
    let mut in_value = false;
    let mut header_footer: Option<(&'static str, String)> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| NotRead::Corrupt(format!("{part}: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"row" => {
                row = attribute(&e, b"r")
                    .and_then(|r| r.parse().ok())
                    .unwrap_or(row + 1);
                cells.clear();
                next_column = 0;
            }
            Event::End(e) if e.local_name().as_ref() == b"row" => {
                out.row(label, row, CellNames::Letters, &cells)
                    .map_err(too_much)?;
                cells.clear();
            }
            Event::Start(e) if e.local_name().as_ref() == b"c" => {
                let column = attribute(&e, b"r")
                    .and_then(|r| parse_cell_ref(&r))
                    .map_or(next_column, |(c, _)| c);
                cell = Some(Cell {
                    column,
                    kind: attribute(&e, b"t").unwrap_or_default(),
                    value: String::new(),
                });
            }
            Event::Empty(e) if e.local_name().as_ref() == b"c" => {
                next_column = attribute(&e, b"r")
                    .and_then(|r| parse_cell_ref(&r))
                    .map_or(next_column, |(c, _)| c)
                    + 1;
            }
            Event::End(e) if e.local_name().as_ref() == b"c" => {
                if let Some(c) = cell.take() {
                    let text = cell_text(&c, shared);
                    if !text.trim().is_empty() && cells.last().is_none_or(|l| l.0 < c.column) {
                        cells.push((c.column, text));
                    }
                    next_column = c.column + 1;
                }
            }
            Event::Start(e) => match e.local_name().as_ref() {
                b"v" | b"t" if cell.is_some() => in_value = true,
                b"oddHeader" | b"evenHeader" | b"firstHeader" => {
                    header_footer = Some(("header", String::new()))
                }
                b"oddFooter" | b"evenFooter" | b"firstFooter" => {
                    header_footer = Some(("footer", String::new()))
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"v" | b"t" => in_value = false,
                b"oddHeader" | b"evenHeader" | b"firstHeader" | b"oddFooter" | b"evenFooter"
                | b"firstFooter" => {
                    if let Some((which, text)) = header_footer.take() {
                        notes.push((format!("{label} page {which}"), strip_header_codes(&text)));
                    }
                }
                _ => {}
            },
            Event::Text(t) => {
                let text = t.decode().unwrap_or_default();
                if let Some((_, hf)) = header_footer.as_mut() {
                    hf.push_str(&text);
                } else if let (true, Some(c)) = (in_value, cell.as_mut()) {
                    c.value.push_str(&text);
                }
            }
            Event::GeneralRef(r) => {
                if let Some((_, hf)) = header_footer.as_mut() {
                    hf.extend(entity(&r));
                } else if let (true, Some(c)) = (in_value, cell.as_mut()) {
                    c.value.extend(entity(&r));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// A cell's text as Excel shows it (before number formats): shared and inline strings,
/// formula string results, and numbers (integral ones without an exponent).
fn cell_text(cell: &Cell, shared: &[String]) -> String {
    match cell.kind.as_str() {
        "s" => cell
            .value
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| shared.get(i).cloned())
            .unwrap_or_default(),
        "inlineStr" | "str" | "d" => cell.value.clone(),
        "b" | "e" => String::new(),
        _ => number_text(cell.value.trim()),
    }
}

/// `7.7123456780000000E+9` -> `7712345678`: Excel writes large integers in exponent form.
fn number_text(value: &str) -> String {
    if value.contains(['E', 'e']) {
        if let Ok(f) = value.parse::<f64>() {
            if f.fract() == 0.0 && f.abs() < 1e17 {
                return format!("{}", f as i64);
            }
        }
    }
    value.to_string()
}

/// Removes Excel's header and footer codes (`&L`, `&C`, `&P`, `&"Arial,Bold"`, `&12`);
/// the left, centre and right sections become separate lines.
fn strip_header_codes(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '&' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('&') => out.push('&'),
            Some('L' | 'C' | 'R') => out.push('\n'),
            Some('"') => {
                for c in chars.by_ref() {
                    if c == '"' {
                        break;
                    }
                }
            }
            Some(d) if d.is_ascii_digit() => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            Some('K') => {
                for _ in 0..6 {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    out
}

/// Cell comments (`xl/comments1.xml`): each comment's text, labelled with its cell.
fn cell_comments(
    xml: &str,
    part: &str,
    sheet: &Arc<str>,
    out: &mut Extraction,
) -> Result<(), NotRead> {
    simple_comments(xml, part, out, |e| {
        attribute(e, b"ref").map(|cell| format!("{sheet} comment {cell}"))
    })
}

/// Comments: for each `comment` element labelled by `label_of`, its `t` text.
fn simple_comments(
    xml: &str,
    part: &str,
    out: &mut Extraction,
    label_of: impl Fn(&quick_xml::events::BytesStart<'_>) -> Option<String>,
) -> Result<(), NotRead> {
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, String)> = None;
    let mut in_t = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| NotRead::Corrupt(format!("{part}: {e}")))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                b"comment" => current = label_of(&e).map(|l| (l, String::new())),
                b"t" => in_t = true,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                b"comment" => {
                    if let Some((label, text)) = current.take() {
                        out.line(&text, &Arc::from(label)).map_err(too_much)?;
                    }
                }
                b"t" => in_t = false,
                _ => {}
            },
            Event::Text(t) if in_t => {
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(&t.decode().unwrap_or_default());
                }
            }
            Event::GeneralRef(r) if in_t => {
                if let Some((_, text)) = current.as_mut() {
                    text.extend(entity(&r));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The value of attribute `prefix:local` (relationship ids are `r:id`, beside plain `id`s).
fn attribute_qualified(
    e: &quick_xml::events::BytesStart<'_>,
    local: &[u8],
    prefix: &[u8],
) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| {
            a.key.local_name().as_ref() == local
                && a.key.prefix().is_some_and(|p| p.as_ref() == prefix)
        })
        .and_then(|a| value_of(&a))
}

/// Sorts `header2.xml` before `header10.xml`.
fn natural_key(part: &str) -> (String, u64) {
    let digits: String = part
        .chars()
        .rev()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let stem = part.trim_end_matches(|c: char| !c.is_ascii_digit());
    let stem = stem.trim_end_matches(|c: char| c.is_ascii_digit());
    (stem.to_string(), digits.parse().unwrap_or(0))
}

fn too_much(_: super::layout::TooMuchText) -> NotRead {
    super::too_much_text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_header_codes() {
        assert_eq!(number_text("7.712345678E+9"), "7712345678");
        assert_eq!(number_text("12.5"), "12.5");
        assert_eq!(number_text("1E-3"), "1E-3");
        assert_eq!(
            strip_header_codes("&L&\"Arial,Bold\"&14Draft for review&RPage &P of &N && more"),
            "\nDraft for review\nPage  of  & more"
        );
        assert!(natural_key("word/header2.xml") < natural_key("word/header10.xml"));
    }
}
