//! OpenDocument (ODF 1.2+): text (`.odt`), spreadsheets (`.ods`), presentations (`.odp`) and
//! drawings, with their templates. Page headers (from `styles.xml`) come first, then the
//! body (`content.xml`: paragraphs, headings, notes, comments, tracked deletions, and
//! tables as CSV rows), the document properties (`meta.xml`, including user-defined ones),
//! and page footers last. An embedded document is a folder of the package (`Object 1/`)
//! holding the same parts; other embedded objects are files beside `content.xml`; the
//! manifest lists both.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::embedded::Object;
use super::layout::{CellNames, Extraction};
use super::package::Package;
use super::xml::{attribute, leaf_values, paragraphs, Dialect, TableDialect};
use super::NotRead;

/// The part listing every file of the package and its media type.
pub const MANIFEST: &str = "META-INF/manifest.xml";

/// The parts of a document (or sub-document) folder that are not embedded objects.
const DOCUMENT_PARTS: &[&str] = &[
    "mimetype",
    "content.xml",
    "styles.xml",
    "meta.xml",
    "settings.xml",
    "manifest.rdf",
    "layout-cache",
];

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

/// Extracts the ODF document of media type `mime` in folder `dir` of the package (`""`, or
/// `Object 1/` for an embedded one).
pub fn extract(
    pkg: &mut Package<'_>,
    dir: &str,
    mime: &str,
    out: &mut Extraction,
) -> Result<(), NotRead> {
    let body = if mime.contains(".spreadsheet") {
        &SPREADSHEET
    } else {
        &ODF
    };
    let styles = pkg.read_text(&format!("{dir}styles.xml"))?;
    if let Some(xml) = &styles {
        paragraphs(xml, &HEADERS, "styles.xml header", out)?;
    }
    if let Some(xml) = pkg.read_text(&format!("{dir}content.xml"))? {
        paragraphs(&xml, body, "content.xml", out)?;
    }
    if let Some(xml) = pkg.read_text(&format!("{dir}meta.xml"))? {
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

/// The objects embedded in the document in folder `dir`, from the manifest: sub-documents
/// (folders of an OpenDocument media type directly in `dir`), and the files directly in
/// `dir` that are not the document's own parts, nor images or media. Files in folders
/// (`Pictures/`, `Thumbnails/`, `ObjectReplacements/`, settings) are not objects.
pub fn embedded_objects(pkg: &mut Package<'_>, dir: &str) -> Result<Vec<Object>, NotRead> {
    let Some(xml) = pkg.read_text(MANIFEST)? else {
        return Ok(Vec::new());
    };
    let mut objects = Vec::new();
    let mut reader = Reader::from_str(&xml);
    loop {
        let event = reader
            .read_event()
            .map_err(|e| NotRead::Corrupt(format!("{MANIFEST}: {e}")))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"file-entry" => {
                let path = attribute(&e, b"full-path").unwrap_or_default();
                let media_type = attribute(&e, b"media-type").unwrap_or_default();
                let Some(name) = path.strip_prefix(dir) else {
                    continue;
                };
                if let Some(folder) = name.strip_suffix('/') {
                    if !folder.is_empty()
                        && !folder.contains('/')
                        && media_type.starts_with("application/vnd.oasis.opendocument.")
                    {
                        objects.push(Object::SubDocument {
                            dir: path,
                            media_type,
                        });
                    }
                } else if !name.is_empty()
                    && !name.contains('/')
                    && !DOCUMENT_PARTS.contains(&name)
                    && !["image/", "audio/", "video/"]
                        .iter()
                        .any(|m| media_type.starts_with(m))
                {
                    objects.push(Object::Part(path));
                }
            }
            Event::Eof => return Ok(objects),
            _ => {}
        }
    }
}
