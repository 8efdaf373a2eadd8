//! Objects embedded in a document. Office stores a spreadsheet embedded in a Word document
//! as a whole package (`word/embeddings/Microsoft_Excel_Worksheet.xlsx`) and most other
//! objects as OLE objects (`word/embeddings/oleObject1.bin`); OpenDocument stores an
//! embedded document as a folder of its own package (`Object 1/`).
//!
//! Embedded documents are read one level down: their text follows the document's, each
//! line labelled with the object's path, within the document's limits (what an embedded
//! package inflates counts against the outer document's budget). Whatever else is embedded
//! (OLE objects, PDFs, documents embedded in an embedded document) is listed as not read.
//! Images and media are not documents: they are left out.

use super::layout::Extraction;
use super::package::Package;
use super::{
    extension_of, extract_package, known_kind, odf, odf_kind, EmbeddedObject, NotRead,
    EMPTY_ZIP_MAGIC, OLE2_MAGIC, PDF_MAGIC, ZIP_MAGIC,
};

/// How deep the package being read is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The document itself: documents embedded in it are read.
    Top,
    /// A document embedded in it: what it embeds is listed as not read.
    Nested,
}

/// An object embedded in a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Object {
    /// A part holding the object's bytes (`word/embeddings/oleObject1.bin`, `Object 2`).
    Part(String),
    /// An OpenDocument sub-document: a folder of the package (`Object 1/`), and its media
    /// type.
    SubDocument { dir: String, media_type: String },
}

/// Image and media file extensions: pictures of objects, and media, are not documents.
const MEDIA: &[&str] = &[
    "png", "jpg", "jpeg", "jpe", "gif", "bmp", "dib", "tif", "tiff", "emf", "wmf", "emz", "wmz",
    "svg", "svgz", "webp", "wdp", "jxr", "ico", "pict", "mp3", "mp4", "m4a", "m4v", "wav", "wma",
    "wmv", "avi", "mov", "mpg", "mpeg", "ogg", "oga", "ogv",
];

/// Reads `objects`, embedded in `pkg` (a package at `level`): embedded documents' text goes
/// to `out`; what is not read is added to `not_read`.
pub fn read(
    pkg: &mut Package<'_>,
    objects: Vec<Object>,
    level: Level,
    out: &mut Extraction,
    not_read: &mut Vec<EmbeddedObject>,
) {
    for object in objects {
        match object {
            Object::Part(path) => read_part(pkg, path, level, out, not_read),
            Object::SubDocument { dir, media_type } => {
                read_sub_document(pkg, &dir, &media_type, level, out, not_read)
            }
        }
    }
}

/// Reads the objects embedded in the OpenDocument (sub-)document in folder `dir` of `pkg`
/// (`""`: the package's own document), as [`read`] does. A manifest that cannot be read
/// is itself listed as not read, since the objects it lists cannot be found without it.
pub fn read_odf(
    pkg: &mut Package<'_>,
    dir: &str,
    level: Level,
    out: &mut Extraction,
    not_read: &mut Vec<EmbeddedObject>,
) {
    match odf::embedded_objects(pkg, dir) {
        Ok(objects) => read(pkg, objects, level, out, not_read),
        Err(why) => not_read.push(EmbeddedObject {
            path: odf::MANIFEST.to_string(),
            kind: "OpenDocument manifest (the list of embedded objects)",
            why,
            sha256: None,
        }),
    }
}

fn read_part(
    pkg: &mut Package<'_>,
    path: String,
    level: Level,
    out: &mut Extraction,
    not_read: &mut Vec<EmbeddedObject>,
) {
    if extension_of(&path).is_some_and(|e| MEDIA.contains(&e.as_str())) {
        return;
    }
    let bytes = match pkg.read(&path) {
        Ok(Some(bytes)) if !bytes.is_empty() => bytes,
        Ok(_) => return, // empty, or listed in a manifest but not in the package
        Err(why) => {
            let kind = known_kind(&path).unwrap_or("embedded object");
            not_read.push(EmbeddedObject {
                path,
                kind,
                why,
                sha256: None,
            });
            return;
        }
    };
    let kind = kind_of(&path, &bytes);
    let is_zip = bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC);
    let (kind, why) = match (is_zip, level) {
        (true, Level::Top) => match read_package(pkg, &path, &bytes, out) {
            Ok(Some(inner_not_read)) => {
                not_read.extend(inner_not_read);
                return;
            }
            Ok(None) => (kind, NotRead::Opaque), // a zip archive, not a document
            Err((inner_kind, why)) => (inner_kind.unwrap_or(kind), why),
        },
        (true, Level::Nested) => (kind, NotRead::TooDeep),
        (false, _) => (kind, NotRead::Opaque),
    };
    not_read.push(EmbeddedObject {
        path,
        kind,
        why,
        sha256: Some(crate::finding::sha256_hex(&bytes)),
    });
}

/// Reads `bytes`, a zip package embedded at `path` in `outer`, one level down; returns what
/// it embeds that is not read (paths after `path`), or `Ok(None)` when it is not a document.
fn read_package(
    outer: &mut Package<'_>,
    path: &str,
    bytes: &[u8],
    out: &mut Extraction,
) -> Result<Option<Vec<EmbeddedObject>>, (Option<&'static str>, NotRead)> {
    let mut inner = Package::open_embedded(bytes, outer).map_err(|why| (None, why))?;
    let mut inner_not_read = Vec::new();
    out.enter(path);
    let read = extract_package(&mut inner, Level::Nested, out, &mut inner_not_read);
    out.leave();
    outer.settle(&inner);
    Ok(read?.map(|_| {
        inner_not_read
            .into_iter()
            .map(|object| EmbeddedObject {
                path: format!("{path} {}", object.path),
                ..object
            })
            .collect()
    }))
}

/// Reads an OpenDocument sub-document (folder `dir` of `pkg`, of `media_type`) one level
/// down. Its objects are parts of the same package, so their paths are already whole.
fn read_sub_document(
    pkg: &mut Package<'_>,
    dir: &str,
    media_type: &str,
    level: Level,
    out: &mut Extraction,
    not_read: &mut Vec<EmbeddedObject>,
) {
    let path = dir.trim_end_matches('/');
    let kind = odf_kind(media_type);
    let not_read_as = |why| EmbeddedObject {
        path: path.to_string(),
        kind,
        why,
        sha256: None,
    };
    if level == Level::Nested {
        not_read.push(not_read_as(NotRead::TooDeep));
        return;
    }
    out.enter(path);
    let read = odf::extract(pkg, dir, media_type, out);
    if read.is_ok() {
        read_odf(pkg, dir, Level::Nested, out, not_read);
    }
    out.leave();
    if let Err(why) = read {
        not_read.push(not_read_as(why));
    }
}

/// What an embedded object is, from its name, or else its first bytes.
fn kind_of(path: &str, bytes: &[u8]) -> &'static str {
    if let Some(kind) = known_kind(path) {
        kind
    } else if bytes.starts_with(OLE2_MAGIC) {
        "OLE object"
    } else if bytes.starts_with(PDF_MAGIC) {
        "PDF document"
    } else if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC) {
        "zip archive"
    } else {
        "embedded file"
    }
}
