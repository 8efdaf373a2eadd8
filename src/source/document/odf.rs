//! OpenDocument (ODF 1.2+): text (`.odt`), spreadsheets (`.ods`), presentations (`.odp`) and
//! drawings, with their templates. Page headers (from `styles.xml`) come first, then the
//! body (`content.xml`: paragraphs, headings, notes, comments, tracked deletions, and
//! tables as CSV rows), the document properties (`meta.xml`, including user-defined ones),
//! and page footers last.

use super::layout::{CellNames, Extraction};
use super::package::Package;
use super::xml::{attribute, leaf_values, paragraphs, Dialect, TableDialect};
use super::NotRead;

const TABLES: TableDialect = TableDialect {
    table: b"table",
    row: b"table-row",
    cells: &[b"table-cell"],
    placeholder_cells: &[b"covered-table-cell"],
    row_repeat: Some(b"number-rows-repeated"),
    cell_repeat: Some(b"number-columns-repeated"),
    span: None,
    name: Some(b"name"),
    names: CellNames::Letters,
    label: named_table,
};

/// Text documents and presentations. Presentation footers (`presentation:footer-decl`)
/// hold their text directly, so they count as paragraphs.
const ODF: Dialect = Dialect {
    paragraphs: &[b"p", b"h", b"footer-decl", b"header-decl"],
    text: &[],
    breaks: &[b"line-break"],
    tabs: &[b"tab"],
    spaces: Some(b"s"),
    // A note's citation is its number; an annotation's author and date are not its text.
    ignored: &[b"note-citation", b"creator", b"date"],
    table: Some(TABLES),
};

const SPREADSHEET: Dialect = Dialect {
    table: Some(TableDialect {
        label: named_sheet,
        ..TABLES
    }),
    ..ODF
};

/// `styles.xml` without its page footers, and without its page headers.
const HEADERS: Dialect = Dialect {
    ignored: &[
        b"note-citation",
        b"creator",
        b"date",
        b"footer",
        b"footer-left",
        b"footer-first",
    ],
    ..ODF
};
const FOOTERS: Dialect = Dialect {
    ignored: &[
        b"note-citation",
        b"creator",
        b"date",
        b"header",
        b"header-left",
        b"header-first",
    ],
    ..ODF
};

fn named_table(part: &str, number: u32, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("{part} table {name:?}"),
        None => format!("{part} table {number}"),
    }
}

fn named_sheet(_: &str, number: u32, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("sheet {name:?}"),
        None => format!("sheet {number}"),
    }
}

/// The ODF media type of a package (`application/vnd.oasis.opendocument.text`), if it is one.
pub fn media_type(pkg: &mut Package<'_>) -> Result<Option<String>, NotRead> {
    if !pkg.has("mimetype") || !pkg.has("content.xml") {
        return Ok(None);
    }
    let mime = pkg.read_text("mimetype")?.unwrap_or_default();
    let mime = mime.trim();
    Ok(mime
        .starts_with("application/vnd.oasis.opendocument.")
        .then(|| mime.to_string()))
}

/// Extracts an ODF package of media type `mime`.
pub fn extract(pkg: &mut Package<'_>, mime: &str, out: &mut Extraction) -> Result<(), NotRead> {
    let body = if mime.contains(".spreadsheet") {
        &SPREADSHEET
    } else {
        &ODF
    };
    let styles = pkg.read_text("styles.xml")?;
    if let Some(xml) = &styles {
        paragraphs(xml, &HEADERS, "styles.xml header", out)?;
    }
    if let Some(xml) = pkg.read_text("content.xml")? {
        paragraphs(&xml, body, "content.xml", out)?;
    }
    if let Some(xml) = pkg.read_text("meta.xml")? {
        leaf_values(&xml, "meta.xml", out, |name, e| match name {
            b"title" | b"subject" | b"keyword" | b"description" => {
                Some(format!("meta.xml {}", String::from_utf8_lossy(name)))
            }
            b"user-defined" => Some(format!(
                "meta.xml property {:?}",
                attribute(e, b"name").unwrap_or_default()
            )),
            _ => None,
        })?;
    }
    if let Some(xml) = &styles {
        paragraphs(xml, &FOOTERS, "styles.xml footer", out)?;
    }
    Ok(())
}
