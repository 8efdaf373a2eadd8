//! The finding for a document a source recognised but could not read (a PDF, a legacy or
//! encrypted Office file, a corrupt or oversized document), and one for each object embedded
//! in a document that was read but that clearance could not read itself (an OLE object, a
//! document embedded two levels down): documents are a common carrier of markings and
//! personal data, so one that was not read is reported, never skipped in silence. The
//! finding is info: it never fails the run.

use std::sync::Arc;

use crate::finding::{fingerprint, Class, Finding, Outcome};
use crate::redact::Mask;
use crate::rules::{Category, RuleMeta, Severity};
use crate::source::document::EmbeddedObject;
use crate::source::{Blob, Document};

/// The id of the rule (spec section 1.5).
pub const NOT_READ_RULE: &str = "binary-document-present";

/// What reporters show about the rule.
pub fn not_read_rule() -> Arc<RuleMeta> {
    Arc::new(RuleMeta {
        id: NOT_READ_RULE.to_string(),
        name: "Document not read".to_string(),
        category: Category::Marking,
        severity: Severity::Low,
        remediation: "Documents are a common carrier of classification markings and personal \
                      data, and clearance could not read this one (or this object embedded \
                      in one): review it by hand, or remove it. Text is read from Word, \
                      Excel, PowerPoint and OpenDocument files that are not encrypted, and \
                      from such documents embedded in them one level down; accept a reviewed \
                      document with `clearance baseline`."
            .to_string(),
        references: Vec::new(),
        mask: Mask::None,
    })
}

/// The finding for `blob` when it is a document that was not read.
pub fn not_read_finding(rule: &Arc<RuleMeta>, blob: &Blob) -> Option<Finding> {
    let Document::NotRead { kind, why, sha256 } = blob.document.as_deref()? else {
        return None;
    };
    // The file's hash identifies the document, so a baseline entry accepts this version of
    // it only; without one (a file over the size limit), the reason does.
    let value = sha256.clone().unwrap_or_else(|| why.to_string());
    Some(finding(
        rule,
        blob,
        format!("{kind} not read: {why}"),
        value,
        None,
    ))
}

/// One finding for each object embedded in `blob`, a document that was read, that was not
/// read itself. Each names the object in its location; the object's hash identifies it, so
/// a baseline entry accepts this version of the object whatever else changes in the
/// document.
pub fn embedded_not_read_findings(rule: &Arc<RuleMeta>, blob: &Blob) -> Vec<Finding> {
    let Some(Document::Read {
        objects_not_read, ..
    }) = blob.document.as_deref()
    else {
        return Vec::new();
    };
    objects_not_read
        .iter()
        .map(|object: &EmbeddedObject| {
            let EmbeddedObject {
                path, kind, why, ..
            } = object;
            let text = format!("embedded {kind} {path} not read: {why}");
            finding(rule, blob, text, object.identity(), Some(path.clone()))
        })
        .collect()
}

fn finding(
    rule: &Arc<RuleMeta>,
    blob: &Blob,
    line_text: String,
    value: String,
    location: Option<String>,
) -> Finding {
    Finding {
        rule: rule.clone(),
        origin: blob.origin.clone(),
        line: 1,
        column: 1,
        end_line: 1,
        fingerprint: fingerprint(NOT_READ_RULE, value.as_bytes()),
        value,
        line_text,
        value_in_line: (0, 0),
        redact_in_line: Vec::new(),
        outcome: Outcome::Info,
        class: Class::Match,
        score: None,
        note: None,
        value_sha256: None,
        location,
    }
}
