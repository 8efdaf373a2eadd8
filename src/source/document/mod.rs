//! Office documents carry classification markings and personal data more often than code.
//! This module recognises documents by their content and extracts their text for the
//! engine, with a label for every line saying where in the document it came from
//! ([`Layout`]: `word/footer1.xml paragraph 1`, `sheet "Patients" cell C7`, `slide 3
//! paragraph 2`).
//!
//! - Read: zip packages holding Office Open XML (Word, Excel, PowerPoint: [`ooxml`]) or
//!   OpenDocument ([`odf`]) parts, recognised by their part names, whatever the file is
//!   called.
//! - Not read, and said so ([`Document::NotRead`]): PDF, legacy binary Office files and
//!   Outlook messages (OLE2 compound files, which is also how Office stores an encrypted
//!   document), other document packages, and documents that are encrypted, corrupt, or
//!   too large once inflated ([`package`] bounds the work a decompression bomb can cause).
//!
//! Anything else (source code, text, images, other archives) is not a document: the caller
//! treats it as before. Recognising costs a few byte comparisons for a file that is not a
//! zip, PDF or OLE2 file.

mod layout;
mod odf;
mod ooxml;
mod package;
mod xml;

pub use layout::{column_letters, Layout};
pub use package::{MAX_ENTRIES, MAX_UNCOMPRESSED};

/// The most text extracted from one document.
pub const MAX_TEXT: usize = 64 * 1024 * 1024;

/// What a source learned about a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Document {
    /// Its text was extracted (the blob's bytes); `layout` labels each line.
    Read { kind: &'static str, layout: Layout },
    /// It could not be read (the blob has no bytes). `sha256` is the hex SHA-256 of the
    /// file, when its bytes were read.
    NotRead {
        kind: &'static str,
        why: NotRead,
        sha256: Option<String>,
    },
}

impl Document {
    /// What the document is: "Word document", "PDF document".
    pub fn kind(&self) -> &'static str {
        match self {
            Document::Read { kind, .. } | Document::NotRead { kind, .. } => kind,
        }
    }
}

/// Why a document was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotRead {
    /// A format whose text clearance does not extract.
    Opaque,
    /// Encrypted (password-protected).
    Encrypted,
    /// Larger than the limits once inflated or extracted; says which limit.
    TooBig(String),
    /// Not a valid document; says what is wrong.
    Corrupt(String),
}

impl std::fmt::Display for NotRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotRead::Opaque => f.write_str("clearance does not extract text from this format"),
            NotRead::Encrypted => f.write_str("it is encrypted (password-protected)"),
            NotRead::TooBig(why) => write!(f, "it is too large to read: {why}"),
            NotRead::Corrupt(why) => write!(f, "it is corrupt or incomplete: {why}"),
        }
    }
}

fn too_much_text() -> NotRead {
    NotRead::TooBig(format!("its text is longer than {} MiB", MAX_TEXT >> 20))
}

/// File extensions of documents: a binary file with one of these that is not a document
/// clearance can read is reported as not read (a `.docx` that is not a zip is corrupt).
const DOCUMENT_EXTENSIONS: &[(&str, &str)] = &[
    ("doc", "Word document"),
    ("dot", "Word template"),
    ("docx", "Word document"),
    ("docm", "Word document"),
    ("dotx", "Word template"),
    ("dotm", "Word template"),
    ("xls", "Excel workbook"),
    ("xlt", "Excel template"),
    ("xlsx", "Excel workbook"),
    ("xlsm", "Excel workbook"),
    ("xlsb", "Excel binary workbook"),
    ("xltx", "Excel template"),
    ("xltm", "Excel template"),
    ("ppt", "PowerPoint presentation"),
    ("pps", "PowerPoint presentation"),
    ("pot", "PowerPoint template"),
    ("pptx", "PowerPoint presentation"),
    ("pptm", "PowerPoint presentation"),
    ("ppsx", "PowerPoint presentation"),
    ("potx", "PowerPoint template"),
    ("odt", "OpenDocument text"),
    ("ott", "OpenDocument text"),
    ("ods", "OpenDocument spreadsheet"),
    ("ots", "OpenDocument spreadsheet"),
    ("odp", "OpenDocument presentation"),
    ("otp", "OpenDocument presentation"),
    ("odg", "OpenDocument drawing"),
    ("msg", "Outlook message"),
    ("pdf", "PDF document"),
    ("pub", "Publisher document"),
    ("vsd", "Visio drawing"),
    ("vsdx", "Visio drawing"),
    ("xps", "XPS document"),
    ("oxps", "XPS document"),
    ("pages", "Pages document"),
    ("numbers", "Numbers spreadsheet"),
];

/// Installer databases are OLE2 files too, but not documents.
const NOT_DOCUMENTS_OLE2: &[&str] = &["msi", "msp", "msm", "mst"];

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const OLE2_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
const PDF_MAGIC: &[u8] = b"%PDF-";

/// Recognises a document in `bytes` (named `path`): its extracted text (empty when not
/// read) and what it is. `None`: not a document.
pub fn recognise(path: &str, bytes: &[u8]) -> Option<(Vec<u8>, Document)> {
    let extension = extension_of(path);
    let known = DOCUMENT_EXTENSIONS
        .iter()
        .find(|(ext, _)| extension.as_deref() == Some(*ext))
        .map(|(_, kind)| *kind);
    let not_read = |kind: &'static str, why: NotRead| {
        let sha256 = Some(sha256_hex(bytes));
        Some((Vec::new(), Document::NotRead { kind, why, sha256 }))
    };
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return match read_package(bytes) {
            Ok(Some((kind, text, layout))) => {
                Some((text.into_bytes(), Document::Read { kind, layout }))
            }
            Ok(None) => known.and_then(|kind| {
                not_read(
                    kind,
                    NotRead::Corrupt(
                        "it holds none of the parts of a document clearance reads".into(),
                    ),
                )
            }),
            Err((kind, why)) => match kind.or(known) {
                Some(kind) => not_read(kind, why),
                None => None, // a zip archive that is not a document (a .jar, a .zip)
            },
        };
    }
    if bytes.starts_with(PDF_MAGIC)
        || (known == Some("PDF document")
            && memchr::memmem::find(&bytes[..bytes.len().min(1024)], PDF_MAGIC).is_some())
    {
        return not_read("PDF document", NotRead::Opaque);
    }
    if bytes.starts_with(OLE2_MAGIC) {
        if extension
            .as_deref()
            .is_some_and(|e| NOT_DOCUMENTS_OLE2.contains(&e))
        {
            return None;
        }
        // Office stores a password-protected .docx/.xlsx/.pptx as an OLE2 file.
        return match extension.as_deref() {
            Some(e) if e.ends_with('x') || e.ends_with('m') => {
                not_read(known.unwrap_or("Office document"), NotRead::Encrypted)
            }
            _ => not_read(
                known.unwrap_or("legacy Office document (OLE2 compound file)"),
                NotRead::Opaque,
            ),
        };
    }
    let kind = known?;
    let sniff = &bytes[..bytes.len().min(super::blob::BINARY_SNIFF_LEN)];
    // A text file with a document's name (Word saves HTML and RTF as .doc) is scanned as text.
    memchr::memchr(0, sniff)?;
    not_read(
        kind,
        NotRead::Corrupt("its content is not in any document format clearance recognises".into()),
    )
}

/// A document, by its name, that is larger than `max_size` bytes (`--max-file-size`): it is
/// reported as not read. `None` for other files.
pub fn over_size_limit(path: &str, max_size: u64) -> Option<Document> {
    let extension = extension_of(path)?;
    let (_, kind) = DOCUMENT_EXTENSIONS
        .iter()
        .find(|(ext, _)| *ext == extension)?;
    Some(Document::NotRead {
        kind,
        why: NotRead::TooBig(format!(
            "the file is larger than --max-file-size ({max_size} bytes)"
        )),
        sha256: None,
    })
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The lower-case extension of the last path component.
fn extension_of(path: &str) -> Option<String> {
    let name = path.rsplit(['/', '\\']).next()?;
    let (_, ext) = name.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

type Extracted = (&'static str, String, Layout);

/// Opens and extracts a zip package: `Ok(None)` when it is not a document; an error names
/// what kind of document it is when that is known.
fn read_package(bytes: &[u8]) -> Result<Option<Extracted>, (Option<&'static str>, NotRead)> {
    let mut pkg = package::Package::open(bytes).map_err(|why| (None, why))?;
    let mut out = layout::Extraction::new(MAX_TEXT);
    if let Some((flavour, main)) = ooxml::main_part(&mut pkg).map_err(|why| (None, why))? {
        let kind = match flavour {
            ooxml::Flavour::Word => "Word document",
            ooxml::Flavour::Excel => "Excel workbook",
            ooxml::Flavour::PowerPoint => "PowerPoint presentation",
        };
        ooxml::extract(&mut pkg, flavour, &main, &mut out).map_err(|why| (Some(kind), why))?;
        let (text, layout) = out.finish();
        return Ok(Some((kind, text, layout)));
    }
    if let Some(mime) = odf::media_type(&mut pkg).map_err(|why| (None, why))? {
        let kind = odf_kind(&mime);
        odf::extract(&mut pkg, &mime, &mut out).map_err(|why| (Some(kind), why))?;
        let (text, layout) = out.finish();
        return Ok(Some((kind, text, layout)));
    }
    if pkg.has("xl/workbook.bin") {
        return Err((Some("Excel binary workbook"), NotRead::Opaque));
    }
    if pkg.has("visio/document.xml") {
        return Err((Some("Visio drawing"), NotRead::Opaque));
    }
    Ok(None)
}

fn odf_kind(mime: &str) -> &'static str {
    let kind = mime.trim_start_matches("application/vnd.oasis.opendocument.");
    match kind.trim_end_matches("-template") {
        "text" | "text-master" | "text-web" => "OpenDocument text",
        "spreadsheet" => "OpenDocument spreadsheet",
        "presentation" => "OpenDocument presentation",
        "graphics" => "OpenDocument drawing",
        _ => "OpenDocument file",
    }
}

#[cfg(test)]
mod tests {
    use std::io::{Cursor, Write};

    use super::*;

    fn zip(entries: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in entries {
            w.start_file(*name, options).expect("entry");
            w.write_all(text.as_bytes()).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    /// The extracted lines, each with its label at column 1.
    fn read(path: &str, bytes: &[u8]) -> Vec<(String, String)> {
        match recognise(path, bytes) {
            Some((text, Document::Read { layout, .. })) => String::from_utf8_lossy(&text)
                .lines()
                .enumerate()
                .map(|(i, l)| {
                    let label = layout.label(i as u32 + 1, 1).unwrap_or_default();
                    (l.to_string(), label)
                })
                .collect(),
            other => panic!("not read: {other:?}"),
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn word_text_boxes_once_deletions_breaks_and_tabs() {
        let doc = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
<w:p><w:r><w:t>Before</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></mc:Choice><mc:Fallback><w:txbxContent><w:p><w:r><w:t>In a box</w:t></w:r></w:p></w:txbxContent></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t xml:space="preserve"> after</w:t></w:r></w:p>
<w:p><w:del><w:r><w:delText>deleted &amp; kept</w:delText></w:r></w:del></w:p>
<w:p><w:r><w:t>one</w:t><w:br/><w:t>two</w:t><w:tab/><w:t>three</w:t><w:instrText>PAGE</w:instrText></w:r></w:p>
</w:body></w:document>"#;
        let bytes = zip(&[("word/document.xml", doc)]);
        assert_eq!(
            read("x.docx", &bytes),
            pairs(&[
                ("In a box", "word/document.xml paragraph 2"),
                ("Before after", "word/document.xml paragraph 1"),
                ("deleted & kept", "word/document.xml paragraph 3"),
                ("one", "word/document.xml paragraph 4"),
                ("two\tthree", "word/document.xml paragraph 4"),
            ])
        );
    }

    #[test]
    fn opendocument_spreadsheets_are_rows_with_repeats() {
        let content = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>
<table:table table:name="Staff"><table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>Ref</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
<table:table-row><table:table-cell><text:p>A<text:s text:c="2"/>Smith</text:p></table:table-cell><table:covered-table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>R1</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let bytes = zip(&[
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
            ("content.xml", content),
        ]);
        let (text, doc) = recognise("book.ods", &bytes).expect("a document");
        assert_eq!(
            String::from_utf8_lossy(&text),
            "Name,,,Ref\nA  Smith,,,R1\n"
        );
        let Document::Read { layout, kind } = doc else {
            panic!("not read")
        };
        assert_eq!(kind, "OpenDocument spreadsheet");
        assert_eq!(
            layout.label(2, 12).as_deref(),
            Some("sheet \"Staff\" cell D5")
        );
    }

    #[test]
    fn what_is_not_read_and_why() {
        let why = |path: &str, bytes: &[u8]| match recognise(path, bytes) {
            Some((_, Document::NotRead { kind, why, .. })) => format!("{kind}: {why}"),
            Some((_, Document::Read { .. })) => "read".to_string(),
            None => "not a document".to_string(),
        };
        assert_eq!(
            why("a.pdf", b"%PDF-1.4\n"),
            "PDF document: clearance does not extract text from this format"
        );
        let ole2 = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0";
        assert!(why("old.doc", ole2).starts_with("Word document: clearance does not"));
        assert!(why("locked.xlsx", ole2).starts_with("Excel workbook: it is encrypted"));
        assert_eq!(why("setup.msi", ole2), "not a document");
        assert_eq!(why("notes.txt", b"plain text"), "not a document");
        assert_eq!(why("page.doc", b"<html>minutes</html>"), "not a document");
        assert_eq!(why("lib.jar", &zip(&[("a.class", "x")])), "not a document");
        assert!(why("a.docx", &zip(&[("a.class", "x")])).contains("holds none of the parts"));
        let bad_xml = zip(&[("word/document.xml", "<w:p><w:t>x</w:p>")]);
        assert!(why("a.docx", &bad_xml).starts_with("Word document: it is corrupt"));
        let mut truncated = zip(&[("word/document.xml", "<w:p><w:t>hello</w:t></w:p>")]);
        truncated.truncate(truncated.len() / 2);
        assert!(why("a.docx", &truncated).starts_with("Word document: it is corrupt"));
    }

    #[test]
    fn too_many_entries_is_not_read() {
        let names: Vec<String> = (0..=MAX_ENTRIES).map(|i| format!("f{i}")).collect();
        let entries: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), "")).collect();
        let mut with_document = entries.clone();
        with_document.push(("word/document.xml", "<w:p/>"));
        let bytes = zip(&with_document);
        match recognise("big.docx", &bytes) {
            Some((_, Document::NotRead { why, .. })) => {
                assert!(why.to_string().contains("entries"), "{why}")
            }
            other => panic!("{other:?}"),
        }
    }
}
