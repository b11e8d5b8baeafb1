//! The document as it travels through the pipeline, with its provenance, and the reasons a
//! document can be removed.

use serde::{Deserialize, Serialize};

/// Where an input document came from and what it carried besides its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origin {
    /// Position in input order over the whole run; the tie-breaker that makes "first copy wins"
    /// deterministic.
    pub ordinal: u64,
    /// txt: path relative to its input root without extension; jsonl/parquet: the id field, else
    /// the source.
    pub id: String,
    /// Input path relative to its root; `path:line` for JSONL and `path:row` for Parquet.
    pub source: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
}

/// What a reader produced for one document: raw bytes still to decode, text that is already a
/// Unicode string (JSON, Parquet), or a record that could not be read at all.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Bytes(Vec<u8>),
    Text(String),
    Unreadable(DropReason, String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct RawDoc {
    pub origin: Origin,
    pub payload: Payload,
}

/// Why an input document reached no split. The codes are part of the output contract
/// (`removed/` and the manifest) and listed in the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// The file could not be read (permissions, I/O error).
    Unreadable,
    /// Not valid UTF-8, and no legacy encoding fits with confidence.
    InvalidEncoding,
    /// UTF-8 garbled by a wrong decoder ("РЎРѕРІРµС‚"), beyond exact repair.
    Mojibake,
    /// Larger than `max_doc_bytes`.
    TooLarge,
    /// The content holds NUL bytes: a binary file, not text.
    Binary,
    /// Nothing but whitespace (or nothing at all) after normalization.
    Empty,
    /// Nothing left once site furniture was removed.
    Boilerplate,
    /// A JSONL line that is not a JSON object.
    BadJson,
    /// A JSONL line or Parquet row without a string in the text field.
    MissingText,
    /// Same cleaned text as an earlier document (see `duplicate_of`).
    Duplicate,
    /// Nearly the same text as an earlier document (see `duplicate_of`).
    NearDuplicate,
    /// The document's language is not in `langs`.
    Language,
    /// Fewer characters than `min_chars`.
    TooShort,
    /// Fewer words than `quality.min_words`.
    TooFewWords,
    /// Too many characters that are not letters (`quality.max_non_letter_share`).
    NonLetter,
    /// Too many repeated lines (`quality.max_dup_line_share`).
    RepeatedLines,
    /// Too much text in repeated word 5-grams (`quality.max_dup_ngram_share`).
    RepeatedNgrams,
    /// Built again unchanged from a document of the previous release, left out by `--only-new`.
    InPrevious,
}

impl DropReason {
    pub const ALL: [DropReason; 18] = [
        DropReason::Unreadable,
        DropReason::InvalidEncoding,
        DropReason::Mojibake,
        DropReason::TooLarge,
        DropReason::Binary,
        DropReason::Empty,
        DropReason::Boilerplate,
        DropReason::BadJson,
        DropReason::MissingText,
        DropReason::Duplicate,
        DropReason::NearDuplicate,
        DropReason::Language,
        DropReason::TooShort,
        DropReason::TooFewWords,
        DropReason::NonLetter,
        DropReason::RepeatedLines,
        DropReason::RepeatedNgrams,
        DropReason::InPrevious,
    ];

    pub fn code(self) -> &'static str {
        match self {
            DropReason::Unreadable => "unreadable",
            DropReason::InvalidEncoding => "invalid_encoding",
            DropReason::Mojibake => "mojibake",
            DropReason::TooLarge => "too_large",
            DropReason::Binary => "binary",
            DropReason::Empty => "empty",
            DropReason::Boilerplate => "boilerplate",
            DropReason::BadJson => "bad_json",
            DropReason::MissingText => "missing_text",
            DropReason::Duplicate => "duplicate",
            DropReason::NearDuplicate => "near_duplicate",
            DropReason::Language => "language",
            DropReason::TooShort => "too_short",
            DropReason::TooFewWords => "too_few_words",
            DropReason::NonLetter => "non_letter",
            DropReason::RepeatedLines => "repeated_lines",
            DropReason::RepeatedNgrams => "repeated_ngrams",
            DropReason::InPrevious => "in_previous",
        }
    }
}

/// One removal record, a row of `removed/`.
#[derive(Debug, Clone, PartialEq)]
pub struct Removal {
    pub id: String,
    pub source: String,
    pub reason: DropReason,
    pub detail: String,
    pub duplicate_of: Option<String>,
    /// The text that was removed, when it had one and `removed_text` keeps it: the cleaned
    /// text (the normalized one when nothing but furniture was left).
    pub text: Option<String>,
}

impl Removal {
    pub fn new(origin: &Origin, reason: DropReason, detail: impl Into<String>) -> Removal {
        Removal {
            id: origin.id.clone(),
            source: origin.source.clone(),
            reason,
            detail: detail.into(),
            duplicate_of: None,
            text: None,
        }
    }

    /// The removal with the text removed.
    pub fn with_text(mut self, text: &str) -> Removal {
        self.text = Some(text.to_string());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_match_serde_names() {
        for reason in DropReason::ALL {
            let json = serde_json::to_string(&reason).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", reason.code()));
        }
    }
}
