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
//! - Objects embedded in a document ([`embedded`]): a Word, Excel, PowerPoint or
//!   OpenDocument package inside another is read one level down, within the outer
//!   document's limits; other objects (OLE objects, PDFs, packages nested deeper) are listed
//!   as not read ([`EmbeddedObject`]); images and media are not documents and are left out.
//!
//! Anything else (source code, text, images, other archives) is not a document: the caller
//! treats it as before. Recognising costs a few byte comparisons for a file that is not a
//! zip, PDF or OLE2 file.

mod embedded;
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
    /// `objects_not_read` lists what is embedded in it that clearance did not read.
    Read {
        kind: &'static str,
        layout: Layout,
        objects_not_read: Vec<EmbeddedObject>,
    },
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

/// An object embedded in a document that was read, which clearance did not read itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedObject {
    /// Where it is in the document: `word/embeddings/oleObject1.bin`, `Object 2`; one
    /// level down, after the path of the object holding it
    /// (`word/embeddings/Microsoft_Excel_Worksheet.xlsx xl/embeddings/oleObject1.bin`).
    pub path: String,
    /// What it is: "OLE object", "PDF document", "Excel workbook".
    pub kind: &'static str,
    pub why: NotRead,
    /// The hex SHA-256 of its bytes, when they were inflated.
    pub sha256: Option<String>,
}

impl EmbeddedObject {
    /// What identifies this version of the object: its hash, or where it is and why it was
    /// not read when its bytes were not inflated.
    pub fn identity(&self) -> String {
        match &self.sha256 {
            Some(sha256) => sha256.clone(),
            None => format!("{}: {}", self.path, self.why),
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
    /// A document embedded in a document that is itself embedded.
    TooDeep,
}

impl std::fmt::Display for NotRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotRead::Opaque => f.write_str("clearance does not extract text from this format"),
            NotRead::Encrypted => f.write_str("it is encrypted (password-protected)"),
            NotRead::TooBig(why) => write!(f, "it is too large to read: {why}"),
            NotRead::Corrupt(why) => write!(f, "it is corrupt or incomplete: {why}"),
            NotRead::TooDeep => f.write_str(
                "it is embedded in an embedded document (clearance reads embedded documents \
                 one level down)",
            ),
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
    let known = known_kind(path);
    let not_read = |kind: &'static str, why: NotRead| {
        let sha256 = Some(crate::finding::sha256_hex(bytes));
        Some((Vec::new(), Document::NotRead { kind, why, sha256 }))
    };
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        return match read_package(bytes) {
            Ok(Some((kind, text, layout, objects_not_read))) => Some((
                text.into_bytes(),
                Document::Read {
                    kind,
                    layout,
                    objects_not_read,
                },
            )),
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
    let kind = known_kind(path)?;
    Some(Document::NotRead {
        kind,
        why: NotRead::TooBig(format!(
            "the file is larger than --max-file-size ({max_size} bytes)"
        )),
        sha256: None,
    })
}

/// What a document is, by its file extension.
fn known_kind(path: &str) -> Option<&'static str> {
    let extension = extension_of(path)?;
    DOCUMENT_EXTENSIONS
        .iter()
        .find(|(ext, _)| *ext == extension)
        .map(|(_, kind)| *kind)
}

/// The lower-case extension of the last path component.
fn extension_of(path: &str) -> Option<String> {
    let name = path.rsplit(['/', '\\']).next()?;
    let (_, ext) = name.rsplit_once('.')?;
    Some(ext.to_ascii_lowercase())
}

type Extracted = (&'static str, String, Layout, Vec<EmbeddedObject>);

/// Opens and extracts a zip package: `Ok(None)` when it is not a document; an error names
/// what kind of document it is when that is known.
fn read_package(bytes: &[u8]) -> Result<Option<Extracted>, (Option<&'static str>, NotRead)> {
    let mut pkg = package::Package::open(bytes).map_err(|why| (None, why))?;
    let mut out = layout::Extraction::new(MAX_TEXT);
    let mut objects_not_read = Vec::new();
    let Some(kind) = extract_package(
        &mut pkg,
        embedded::Level::Top,
        &mut out,
        &mut objects_not_read,
    )?
    else {
        return Ok(None);
    };
    let (text, layout) = out.finish();
    Ok(Some((kind, text, layout, objects_not_read)))
}

/// Extracts the text of an open package into `out`, then reads the objects embedded in it
/// (listing those not read in `not_read`); says what kind of document it is, or `Ok(None)`
/// when it is not one.
fn extract_package(
    pkg: &mut package::Package<'_>,
    level: embedded::Level,
    out: &mut layout::Extraction,
    not_read: &mut Vec<EmbeddedObject>,
) -> Result<Option<&'static str>, (Option<&'static str>, NotRead)> {
    if let Some((flavour, main)) = ooxml::main_part(pkg).map_err(|why| (None, why))? {
        let kind = match flavour {
            ooxml::Flavour::Word => "Word document",
            ooxml::Flavour::Excel => "Excel workbook",
            ooxml::Flavour::PowerPoint => "PowerPoint presentation",
        };
        ooxml::extract(pkg, flavour, &main, out).map_err(|why| (Some(kind), why))?;
        let objects = ooxml::embedded_objects(pkg, &main);
        embedded::read(pkg, objects, level, out, not_read);
        return Ok(Some(kind));
    }
    if let Some(mime) = odf::media_type(pkg).map_err(|why| (None, why))? {
        let kind = odf_kind(&mime);
        odf::extract(pkg, "", &mime, out).map_err(|why| (Some(kind), why))?;
        embedded::read_odf(pkg, "", level, out, not_read);
        return Ok(Some(kind));
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
        let entries: Vec<(&str, Vec<u8>)> = entries
            .iter()
            .map(|(name, text)| (*name, text.as_bytes().to_vec()))
            .collect();
        zip_bytes(&entries)
    }

    fn zip_bytes(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            w.start_file(*name, options).expect("entry");
            w.write_all(bytes).expect("write");
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
        let Document::Read { layout, kind, .. } = doc else {
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

    /// Each object not read: "path: kind: why".
    fn objects_not_read(path: &str, bytes: &[u8]) -> Vec<String> {
        match recognise(path, bytes) {
            Some((
                _,
                Document::Read {
                    objects_not_read, ..
                },
            )) => objects_not_read
                .iter()
                .map(|o| format!("{}: {}: {}", o.path, o.kind, o.why))
                .collect(),
            other => panic!("not read: {other:?}"),
        }
    }

    #[test]
    fn embedded_packages_are_read_one_level_down() {
        let workbook =
            r#"<workbook xmlns:r="r"><sheets><sheet name="Data" r:id="rId1"/></sheets></workbook>"#;
        let rels = r#"<Relationships><Relationship Id="rId1" Type="t/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
        let sheet = r#"<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Ref</t></is></c></row><row r="2"><c r="B2" t="inlineStr"><is><t>inner</t></is></c></row></sheetData></worksheet>"#;
        let two_down = zip(&[("word/document.xml", "<w:p><w:t>two down</w:t></w:p>")]);
        let xlsx = zip_bytes(&[
            ("xl/workbook.xml", workbook.into()),
            ("xl/_rels/workbook.xml.rels", rels.into()),
            ("xl/worksheets/sheet1.xml", sheet.into()),
            ("xl/embeddings/Microsoft_Word_Document.docx", two_down),
            ("xl/embeddings/picture.png", b"\x89PNG".to_vec()),
        ]);
        let docx = zip_bytes(&[
            ("word/document.xml", b"<w:p><w:t>outer</w:t></w:p>".to_vec()),
            ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", xlsx),
            ("word/embeddings/oleObject1.bin", OLE2_MAGIC.to_vec()),
            ("word/embeddings/Doc.pdf", b"%PDF-1.7\n".to_vec()),
            ("word/media/image1.png", b"\x89PNG".to_vec()),
        ]);
        let xlsx_path = "word/embeddings/Microsoft_Excel_Worksheet.xlsx";
        assert_eq!(
            read("a.docx", &docx),
            pairs(&[
                ("outer", "word/document.xml paragraph 1"),
                ("Ref", &format!("{xlsx_path} sheet \"Data\" cell A1")),
                (",inner", &format!("{xlsx_path} sheet \"Data\" cell B2")),
            ])
        );
        let opaque = "clearance does not extract text from this format";
        assert_eq!(
            objects_not_read("a.docx", &docx),
            vec![
                format!("word/embeddings/Doc.pdf: PDF document: {opaque}"),
                format!(
                    "{xlsx_path} xl/embeddings/Microsoft_Word_Document.docx: Word document: {}",
                    NotRead::TooDeep
                ),
                format!("word/embeddings/oleObject1.bin: OLE object: {opaque}"),
            ]
        );
    }

    #[test]
    fn opendocument_sub_documents_are_read_and_ole_objects_listed() {
        let manifest = r#"<manifest:manifest xmlns:manifest="m">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="Object 1/content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="Object 1/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="Object 1/Object 3/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="Object 2" manifest:media-type="application/vnd.sun.star.oleobject"/>
<manifest:file-entry manifest:full-path="ObjectReplacements/Object 1" manifest:media-type="application/x-openoffice-gdimetafile;windows_formatname=&quot;GDIMetaFile&quot;"/>
<manifest:file-entry manifest:full-path="Pictures/a.png" manifest:media-type="image/png"/>
</manifest:manifest>"#;
        let sheet = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="Staff"><table:table-row><table:table-cell><text:p>Name</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
        let text = r#"<office:document-content xmlns:office="o" xmlns:text="x"><office:body><office:text><text:p>Body</text:p></office:text></office:body></office:document-content>"#;
        let odt = zip_bytes(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.text".to_vec(),
            ),
            ("content.xml", text.into()),
            ("META-INF/manifest.xml", manifest.into()),
            ("Object 1/content.xml", sheet.into()),
            ("Object 1/Object 3/content.xml", text.into()),
            ("Object 2", OLE2_MAGIC.to_vec()),
            ("ObjectReplacements/Object 1", b"VCLMTF".to_vec()),
            ("Pictures/a.png", b"\x89PNG".to_vec()),
        ]);
        assert_eq!(
            read("a.odt", &odt),
            pairs(&[
                ("Body", "content.xml paragraph 1"),
                ("Name", "Object 1 sheet \"Staff\" cell A1"),
            ])
        );
        assert_eq!(
            objects_not_read("a.odt", &odt),
            vec![
                format!("Object 1/Object 3: OpenDocument text: {}", NotRead::TooDeep),
                "Object 2: OLE object: clearance does not extract text from this format"
                    .to_string(),
            ]
        );
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
