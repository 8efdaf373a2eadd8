//! What a scored validator says about one candidate (personal data and marking rules): its
//! class, a score adjustment, a note for the user and the normalised value.

use regex::bytes::Captures;

use crate::finding::Class;

/// A scored validator's judgement of one regex match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// `Match` unless the value is a documented test value, a placeholder or a known real
    /// example.
    pub class: Class,
    /// Added to the rule's base score (e.g. NINO administrative prefix -10).
    pub adjust: i32,
    /// Shown to the user: "Ofcom drama number", "belongs to a real person: use QQ 12 34 56 C".
    pub note: Option<String>,
    /// Separators removed, letters upper-cased: hashed for allowlists, counted for bulk.
    pub normalised: String,
}

impl Verdict {
    /// A real-looking value with no adjustment.
    pub fn matched(normalised: impl Into<String>) -> Verdict {
        Verdict {
            class: Class::Match,
            adjust: 0,
            note: None,
            normalised: normalised.into(),
        }
    }

    /// Sets the class and the note that explains it.
    pub fn classed(mut self, class: Class, note: impl Into<String>) -> Verdict {
        self.class = class;
        self.note = Some(note.into());
        self
    }

    /// Adds to the score adjustment.
    pub fn adjusted(mut self, by: i32) -> Verdict {
        self.adjust += by;
        self
    }
}

/// Judges one regex match of a scored rule; `None` drops the candidate. The value is the
/// named group `value` when the pattern has one, else group 1.
pub type ScoredValidator = fn(&Captures<'_>) -> Option<Verdict>;
