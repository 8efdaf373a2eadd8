//! Real office documents for tests, built with the zip crate: minimal but valid Word, Excel,
//! PowerPoint and OpenDocument packages (the parts, relationships and content types Office
//! and LibreOffice write), so the scanner reads what users commit.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A zip archive holding `entries` (name, bytes), deflated, in order.
pub fn zip(entries: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(false);
    for (name, bytes) in entries {
        // ODF wants its media type first and stored, as LibreOffice writes it.
        let options = if *name == "mimetype" {
            options.compression_method(CompressionMethod::Stored)
        } else {
            options
        };
        writer.start_file(*name, options).expect("zip entry");
        writer.write_all(bytes).expect("zip write");
    }
    writer.finish().expect("zip finish").into_inner()
}

/// Escapes text for XML.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS: &str = r#"xmlns="http://schemas.openxmlformats.org/package/2006/relationships""#;

fn rels(list: &[(&str, &str, &str)]) -> Vec<u8> {
    let mut out = format!("{XML}<Relationships {RELS}>");
    for (id, kind, target) in list {
        let external = if target.starts_with("http") {
            r#" TargetMode="External""#
        } else {
            ""
        };
        out.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL}/{kind}" Target="{}"{external}/>"#,
            esc(target)
        ));
    }
    out.push_str("</Relationships>");
    out.into_bytes()
}

fn content_types(overrides: &[(&str, &str)]) -> Vec<u8> {
    let mut out = format!(
        r#"{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#
    );
    for (part, kind) in overrides {
        out.push_str(&format!(
            r#"<Override PartName="/{part}" ContentType="application/vnd.openxmlformats-officedocument.{kind}"/>"#
        ));
    }
    out.push_str("</Types>");
    out.into_bytes()
}

fn core_properties(title: &str) -> Vec<u8> {
    format!(
        r#"{XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>Test Author</dc:creator></cp:coreProperties>"#,
        esc(title)
    )
    .into_bytes()
}

/// A Word paragraph (with paragraph properties holding a tab stop, as Word writes them).
fn w_paragraph(text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="center" w:pos="4513"/></w:tabs></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(text)
    )
}

/// What goes into a Word document.
#[derive(Default)]
pub struct Word<'a> {
    pub title: &'a str,
    pub header: &'a [&'a str],
    pub body: &'a [&'a str],
    /// A table after the body paragraphs: rows of cells.
    pub table: &'a [&'a [&'a str]],
    pub footer: &'a [&'a str],
    /// Objects embedded after the body, as Word embeds them: (file name in
    /// `word/embeddings/`, bytes); a `.xlsx` is an embedded package, anything else an OLE
    /// object. Each is shown by a picture in `word/media/`.
    pub embedded: &'a [(&'a str, Vec<u8>)],
}

impl Word<'_> {
    /// The `.docx` bytes.
    pub fn build(&self) -> Vec<u8> {
        let mut body: String = self.body.iter().map(|p| w_paragraph(p)).collect();
        if !self.table.is_empty() {
            body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>");
            for row in self.table {
                body.push_str("<w:tr>");
                for cell in *row {
                    body.push_str(&format!("<w:tc>{}</w:tc>", w_paragraph(cell)));
                }
                body.push_str("</w:tr>");
            }
            body.push_str("</w:tbl><w:p/>");
        }
        let mut document_rels = vec![
            ("rId8".to_string(), "header", "header1.xml".to_string()),
            ("rId9".to_string(), "footer", "footer1.xml".to_string()),
        ];
        let mut content = vec![
            (
                "word/document.xml".to_string(),
                "wordprocessingml.document.main+xml",
            ),
            (
                "word/header1.xml".to_string(),
                "wordprocessingml.header+xml",
            ),
            (
                "word/footer1.xml".to_string(),
                "wordprocessingml.footer+xml",
            ),
        ];
        let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
        for (n, (name, bytes)) in self.embedded.iter().enumerate() {
            let (kind, content_type, prog_id) = if name.ends_with(".xlsx") {
                ("package", "spreadsheetml.sheet", "Excel.Sheet.12")
            } else {
                ("oleObject", "oleObject", "Package")
            };
            let (object, picture) = (format!("rIdO{n}"), format!("rIdP{n}"));
            body.push_str(&format!(
                r#"<w:p><w:r><w:object xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><v:shape id="_x0000_i10{n}" style="width:300pt;height:100pt"><v:imagedata r:id="{picture}"/></v:shape><o:OLEObject Type="Embed" ProgID="{prog_id}" ShapeID="_x0000_i10{n}" DrawAspect="Content" ObjectID="_17000000{n}" r:id="{object}"/></w:object></w:r></w:p>"#
            ));
            document_rels.push((object, kind, format!("embeddings/{name}")));
            document_rels.push((picture, "image", format!("media/image{n}.emf")));
            content.push((format!("word/embeddings/{name}"), content_type));
            parts.push((format!("word/embeddings/{name}"), bytes.clone()));
            // An EMF header record: the picture Word shows in place of the object.
            let mut emf = vec![1, 0, 0, 0, 108, 0, 0, 0];
            emf.resize(40, 0);
            emf.extend_from_slice(b" EMF");
            parts.push((format!("word/media/image{n}.emf"), emf));
        }
        let part = |root: &str, paragraphs: &[&str]| -> Vec<u8> {
            let inner: String = paragraphs.iter().map(|p| w_paragraph(p)).collect();
            format!("{XML}<w:{root} {W}>{inner}</w:{root}>").into_bytes()
        };
        let document = format!(
            r#"{XML}<w:document {W}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId8"/><w:footerReference w:type="default" r:id="rId9"/></w:sectPr></w:body></w:document>"#
        );
        let content: Vec<(&str, &str)> = content.iter().map(|(p, k)| (p.as_str(), *k)).collect();
        let document_rels: Vec<(&str, &str, &str)> = document_rels
            .iter()
            .map(|(id, kind, target)| (id.as_str(), *kind, target.as_str()))
            .collect();
        let mut all: Vec<(&str, Vec<u8>)> = vec![
            ("[Content_Types].xml", content_types(&content)),
            (
                "_rels/.rels",
                rels(&[
                    ("rId1", "officeDocument", "word/document.xml"),
                    ("rId2", "metadata/core-properties", "docProps/core.xml"),
                ]),
            ),
            ("docProps/core.xml", core_properties(self.title)),
            ("word/document.xml", document.into_bytes()),
            ("word/_rels/document.xml.rels", rels(&document_rels)),
            ("word/header1.xml", part("hdr", self.header)),
            ("word/footer1.xml", part("ftr", self.footer)),
        ];
        for (name, bytes) in &parts {
            all.push((name.as_str(), bytes.clone()));
        }
        zip(&all)
    }
}

/// An OLE object as Office stores it (`oleObject1.bin`): a compound file, here its header
/// sector followed by `contents`.
pub fn ole_object(contents: &[u8]) -> Vec<u8> {
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.resize(512, 0);
    bytes.extend_from_slice(contents);
    bytes
}

/// `package` (a zip archive) with its part `name` changed by `edit`.
pub fn edit_part(package: &[u8], name: &str, edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).expect("a zip archive");
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).expect("read entry");
        parts.push((file.name().to_string(), bytes));
    }
    let part = parts
        .iter_mut()
        .find(|(n, _)| n == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    edit(&mut part.1);
    let parts: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    zip(&parts)
}

/// A spreadsheet cell.
pub enum Cell<'a> {
    Text(&'a str),
    Number(&'a str),
}

/// An `.xlsx` with `sheets` (name, rows of cells from column A), text in the shared-string
/// table, numbers as numbers; `footer` is the first sheet's page footer.
pub fn xlsx(sheets: &[(&str, Vec<Vec<Cell<'_>>>)], footer: &str) -> Vec<u8> {
    let mut shared: Vec<String> = Vec::new();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut workbook_sheets = String::new();
    let mut workbook_rels = Vec::new();
    let mut overrides = vec![(
        "xl/workbook.xml".to_string(),
        "spreadsheetml.sheet.main+xml",
    )];
    for (i, (name, rows)) in sheets.iter().enumerate() {
        let n = i + 1;
        let mut data = String::new();
        for (r, row) in rows.iter().enumerate() {
            data.push_str(&format!(r#"<row r="{}">"#, r + 1));
            for (c, cell) in row.iter().enumerate() {
                let reference = format!("{}{}", (b'A' + c as u8) as char, r + 1);
                match cell {
                    Cell::Text(t) => {
                        let index = shared.iter().position(|s| s == t).unwrap_or_else(|| {
                            shared.push(t.to_string());
                            shared.len() - 1
                        });
                        data.push_str(&format!(r#"<c r="{reference}" t="s"><v>{index}</v></c>"#));
                    }
                    Cell::Number(v) => {
                        data.push_str(&format!(r#"<c r="{reference}"><v>{v}</v></c>"#))
                    }
                }
            }
            data.push_str("</row>");
        }
        let page = if i == 0 && !footer.is_empty() {
            format!(
                "<headerFooter><oddFooter>&amp;C&amp;\"Arial,Bold\"{}&amp;RPage &amp;P</oddFooter></headerFooter>",
                esc(footer)
            )
        } else {
            String::new()
        };
        let xml = format!(
            r#"{XML}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData>{page}</worksheet>"#
        );
        entries.push((format!("xl/worksheets/sheet{n}.xml"), xml.into_bytes()));
        workbook_sheets.push_str(&format!(
            r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#,
            esc(name)
        ));
        workbook_rels.push((format!("rId{n}"), format!("worksheets/sheet{n}.xml")));
        overrides.push((
            format!("xl/worksheets/sheet{n}.xml"),
            "spreadsheetml.worksheet+xml",
        ));
    }
    let strings: String = shared
        .iter()
        .map(|s| format!("<si><t>{}</t></si>", esc(s)))
        .collect();
    let sst = format!(
        r#"{XML}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{0}" uniqueCount="{0}">{strings}</sst>"#,
        shared.len()
    );
    let workbook = format!(
        r#"{XML}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{REL}"><sheets>{workbook_sheets}</sheets></workbook>"#
    );
    let mut rel_list: Vec<(&str, &str, &str)> = workbook_rels
        .iter()
        .map(|(id, target)| (id.as_str(), "worksheet", target.as_str()))
        .collect();
    rel_list.push(("rIdS", "sharedStrings", "sharedStrings.xml"));
    overrides.push((
        "xl/sharedStrings.xml".to_string(),
        "spreadsheetml.sharedStrings+xml",
    ));
    let overrides: Vec<(&str, &str)> = overrides.iter().map(|(p, k)| (p.as_str(), *k)).collect();
    let mut all: Vec<(&str, Vec<u8>)> = vec![
        ("[Content_Types].xml", content_types(&overrides)),
        (
            "_rels/.rels",
            rels(&[("rId1", "officeDocument", "xl/workbook.xml")]),
        ),
        ("xl/workbook.xml", workbook.into_bytes()),
        ("xl/_rels/workbook.xml.rels", rels(&rel_list)),
        ("xl/sharedStrings.xml", sst.into_bytes()),
    ];
    for (name, bytes) in &entries {
        all.push((name.as_str(), bytes.clone()));
    }
    zip(&all)
}

/// A `.pptx` whose slides hold the given paragraphs (one text box each), with `notes` as
/// the speaker notes of the last slide.
pub fn pptx(slides: &[&[&str]], notes: &str) -> Vec<u8> {
    const P: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
    let text_body = |paragraphs: &[&str]| -> String {
        let ps: String = paragraphs
            .iter()
            .map(|t| {
                format!(
                    r#"<a:p><a:r><a:rPr lang="en-GB"/><a:t>{}</a:t></a:r></a:p>"#,
                    esc(t)
                )
            })
            .collect();
        format!(
            r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="Text 1"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{ps}</p:txBody></p:sp>"#
        )
    };
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    let mut ids = String::new();
    let mut pres_rels = Vec::new();
    for (i, paragraphs) in slides.iter().enumerate() {
        let n = i + 1;
        let xml = format!(
            r#"{XML}<p:sld {P}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>{}</p:spTree></p:cSld></p:sld>"#,
            text_body(paragraphs)
        );
        entries.push((format!("ppt/slides/slide{n}.xml"), xml.into_bytes()));
        ids.push_str(&format!(r#"<p:sldId id="{}" r:id="rId{n}"/>"#, 255 + n));
        pres_rels.push((format!("rId{n}"), format!("slides/slide{n}.xml")));
        if n == slides.len() && !notes.is_empty() {
            let notes_xml = format!(
                r#"{XML}<p:notes {P}><p:cSld><p:spTree>{}</p:spTree></p:cSld></p:notes>"#,
                text_body(&[notes])
            );
            entries.push((
                "ppt/notesSlides/notesSlide1.xml".into(),
                notes_xml.into_bytes(),
            ));
            entries.push((
                format!("ppt/slides/_rels/slide{n}.xml.rels"),
                rels(&[("rId2", "notesSlide", "../notesSlides/notesSlide1.xml")]),
            ));
        }
    }
    let presentation =
        format!(r#"{XML}<p:presentation {P}><p:sldIdLst>{ids}</p:sldIdLst></p:presentation>"#);
    let rel_list: Vec<(&str, &str, &str)> = pres_rels
        .iter()
        .map(|(id, target)| (id.as_str(), "slide", target.as_str()))
        .collect();
    let mut all: Vec<(&str, Vec<u8>)> = vec![
        (
            "[Content_Types].xml",
            content_types(&[(
                "ppt/presentation.xml",
                "presentationml.presentation.main+xml",
            )]),
        ),
        (
            "_rels/.rels",
            rels(&[("rId1", "officeDocument", "ppt/presentation.xml")]),
        ),
        ("ppt/presentation.xml", presentation.into_bytes()),
        ("ppt/_rels/presentation.xml.rels", rels(&rel_list)),
    ];
    for (name, bytes) in &entries {
        all.push((name.as_str(), bytes.clone()));
    }
    zip(&all)
}

/// An `.odt` with `body` paragraphs and `footer` in the page footer (in `styles.xml`).
pub fn odt(body: &[&str], footer: &str) -> Vec<u8> {
    const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.3""#;
    let paragraphs: String = body
        .iter()
        .map(|t| format!(r#"<text:p text:style-name="Standard">{}</text:p>"#, esc(t)))
        .collect();
    let content = format!(
        r#"{XML}<office:document-content {NS}><office:body><office:text><text:h text:outline-level="1">Report</text:h>{paragraphs}</office:text></office:body></office:document-content>"#
    );
    let styles = format!(
        r#"{XML}<office:document-styles {NS}><office:master-styles><style:master-page style:name="Standard"><style:header><text:p>Header text</text:p></style:header><style:footer><text:p>{}</text:p></style:footer></style:master-page></office:master-styles></office:document-styles>"#,
        esc(footer)
    );
    let manifest = format!(
        r#"{XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>"#
    );
    zip(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.text".to_vec(),
        ),
        ("content.xml", content.into_bytes()),
        ("styles.xml", styles.into_bytes()),
        ("META-INF/manifest.xml", manifest.into_bytes()),
    ])
}
