//! A zip package read within limits: at most [`MAX_ENTRIES`] entries, and at most
//! [`MAX_UNCOMPRESSED`] bytes inflated over all the parts read (whatever sizes the archive
//! declares), so a decompression bomb costs a bounded amount of work; a package embedded in
//! another spends what is left of the outer one's budget. Also reads OPC
//! relationship parts (`_rels/*.rels`), which say which part is which.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::Event;
use quick_xml::Reader;
use zip::result::ZipError;
use zip::ZipArchive;

use super::NotRead;

/// The most bytes inflated from one document's parts.
pub const MAX_UNCOMPRESSED: u64 = 64 * 1024 * 1024;
/// The most entries a document's archive may hold.
pub const MAX_ENTRIES: usize = 20_000;

/// An open zip archive and what may still be inflated from it.
pub struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased entry name -> index (OPC part names are case-insensitive).
    index: HashMap<String, usize>,
    budget: u64,
}

/// One relationship of a part: its id, type (the last segment of the type URI), and target
/// (a package part name, or an external URI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub external: bool,
}

impl<'a> Package<'a> {
    /// Opens `bytes` as a zip archive.
    pub fn open(bytes: &'a [u8]) -> Result<Package<'a>, NotRead> {
        Package::open_within(bytes, MAX_UNCOMPRESSED)
    }

    /// Opens `bytes`, a package embedded in `outer`: it may inflate what is left of
    /// `outer`'s budget ([`Package::settle`] charges what it used).
    pub fn open_embedded(bytes: &'a [u8], outer: &Package<'_>) -> Result<Package<'a>, NotRead> {
        Package::open_within(bytes, outer.budget)
    }

    /// Charges what `inner`, opened with [`Package::open_embedded`], inflated.
    pub fn settle(&mut self, inner: &Package<'_>) {
        self.budget = self.budget.min(inner.budget);
    }

    fn open_within(bytes: &'a [u8], budget: u64) -> Result<Package<'a>, NotRead> {
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_failure(&e))?;
        if zip.len() > MAX_ENTRIES {
            return Err(NotRead::TooBig(format!(
                "the archive holds {} entries, more than the {MAX_ENTRIES} allowed",
                zip.len()
            )));
        }
        let index = zip
            .file_names()
            .map(str::to_ascii_lowercase)
            .zip(0..)
            .collect::<Vec<_>>();
        let mut map = HashMap::with_capacity(index.len());
        for (name, i) in index {
            map.entry(name).or_insert(i);
        }
        Ok(Package {
            zip,
            index: map,
            budget,
        })
    }

    /// True when the archive holds `name` (case-insensitively).
    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(&name.to_ascii_lowercase())
    }

    /// The names of the archive's files (not its folders), in archive order.
    pub fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter(|name| !name.ends_with('/'))
            .map(str::to_string)
            .collect()
    }

    /// The bytes of part `name`, or `None` when there is no such part. Fails when the part
    /// is encrypted or corrupt, or inflating it would exceed what is left of the budget.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, NotRead> {
        let Some(&i) = self.index.get(&name.to_ascii_lowercase()) else {
            return Ok(None);
        };
        let budget = self.budget;
        let mut file = self.zip.by_index(i).map_err(|e| zip_failure(&e))?;
        if file.size() > budget {
            return Err(over_budget());
        }
        let mut bytes = Vec::with_capacity(file.size().min(1 << 20) as usize);
        (&mut file)
            .take(budget + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| NotRead::Corrupt(format!("{name}: {e}")))?;
        if bytes.len() as u64 > budget {
            return Err(over_budget());
        }
        self.budget -= bytes.len() as u64;
        Ok(Some(bytes))
    }

    /// Part `name` as text (UTF-8, or UTF-16 with a byte-order mark), or `None`.
    pub fn read_text(&mut self, name: &str) -> Result<Option<String>, NotRead> {
        let Some(bytes) = self.read(name)? else {
            return Ok(None);
        };
        Ok(Some(match bytes.as_slice() {
            [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
            [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
            [0xEF, 0xBB, 0xBF, rest @ ..] => String::from_utf8_lossy(rest).into_owned(),
            _ => String::from_utf8_lossy(&bytes).into_owned(),
        }))
    }

    /// The relationships of part `part` (from `dir/_rels/name.rels`), with package targets
    /// resolved to part names. None when the part has no relationship part.
    pub fn relationships(&mut self, part: &str) -> Result<Vec<Relationship>, NotRead> {
        let (dir, name) = match part.rsplit_once('/') {
            Some((dir, name)) => (format!("{dir}/"), name),
            None => (String::new(), part),
        };
        let rels_name = format!("{dir}_rels/{name}.rels");
        let Some(xml) = self.read_text(&rels_name)? else {
            return Ok(Vec::new());
        };
        let mut reader = Reader::from_str(&xml);
        let mut out = Vec::new();
        loop {
            match reader.read_event() {
                Ok(Event::Start(e) | Event::Empty(e))
                    if e.local_name().as_ref() == b"Relationship" =>
                {
                    let (mut id, mut kind, mut target, mut external) =
                        (String::new(), String::new(), String::new(), false);
                    for attr in e.attributes().flatten() {
                        let value = super::xml::value_of(&attr).unwrap_or_default();
                        match attr.key.local_name().as_ref() {
                            b"Id" => id = value,
                            b"Type" => {
                                kind = value.rsplit('/').next().unwrap_or_default().to_string()
                            }
                            b"Target" => target = value,
                            b"TargetMode" => external = value.eq_ignore_ascii_case("External"),
                            _ => {}
                        }
                    }
                    if !external {
                        target = resolve(&dir, &target);
                    }
                    out.push(Relationship {
                        id,
                        kind,
                        target,
                        external,
                    });
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(e) => return Err(NotRead::Corrupt(format!("{rels_name}: {e}"))),
            }
        }
        Ok(out)
    }
}

/// A relationship target relative to `dir` (`../media/x.png` from `word/`), as a part name
/// without a leading `/`.
pub fn resolve(dir: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for segment in joined.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn over_budget() -> NotRead {
    NotRead::TooBig(format!(
        "its parts inflate to more than {} MiB (a decompression bomb?)",
        MAX_UNCOMPRESSED >> 20
    ))
}

fn zip_failure(err: &ZipError) -> NotRead {
    match err {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            NotRead::Encrypted
        }
        ZipError::UnsupportedArchive(what) => NotRead::Corrupt(format!("unsupported zip: {what}")),
        other => NotRead::Corrupt(other.to_string()),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn targets_resolve_against_the_source_part() {
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("ppt/slides/", "../notesSlides/n1.xml"),
            "ppt/notesSlides/n1.xml"
        );
        assert_eq!(
            resolve("xl/", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }
}
