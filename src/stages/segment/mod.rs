//! Rule-based, language-aware sentence segmentation.
//!
//! The segmenter never rewrites text: it returns byte ranges of the input.
//! Language knowledge (abbreviations, initials, sentence starters, month
//! names, units, verbs of saying) lives in `data/<lang>.txt`, embedded at
//! compile time and merged with `data/default.txt`; the scanner (`scan.rs`,
//! with one submodule per kind of evidence in `scan/`) holds only the
//! language-independent logic. See `data/README.md` for the data format.
//!
//! How a boundary is decided, in short:
//! - a blank line always ends a sentence; a single line break does when the
//!   next line starts a sentence (capital, digit, dash, bullet, list marker)
//!   unless the paragraph is evidently hard-wrapped;
//! - `。！？` and script full stops (`؟ । ։ ။ ።`) end a sentence even without a
//!   space; `. ! ? …` need whitespace after them (or a lost space:
//!   "болды.Бұл"), so numbers, URLs and e-mails are never split;
//! - what follows decides first: a lowercase word, a comma or a dash plus a
//!   lowercase word continue the sentence ("?» — деді ол");
//! - what precedes a full stop decides next: a known or abbreviation-shaped
//!   token, an initial, an ordinal or a list marker only ends a sentence
//!   before a typical sentence starter of the language ("млрд. Бұл");
//! - quotes and brackets: a closing quote stays with its sentence, nothing
//!   inside (…) ends one, and inside «…» a new capitalised sentence does but
//!   dialogue with the author's words ("— сказал он. —") does not.

mod chars;
mod rules;
mod scan;
#[cfg(test)]
mod tests;

use std::ops::Range;

use rules::{LangRules, RuleBook};

/// Embedded rule files; the first one is the default every language extends.
const DATA: &[(&str, &str)] = &[
    ("default.txt", include_str!("data/default.txt")),
    ("kk.txt", include_str!("data/kk.txt")),
    ("ru.txt", include_str!("data/ru.txt")),
    ("en.txt", include_str!("data/en.txt")),
    ("uk.txt", include_str!("data/uk.txt")),
    ("ky.txt", include_str!("data/ky.txt")),
    ("tt.txt", include_str!("data/tt.txt")),
    ("uz.txt", include_str!("data/uz.txt")),
    ("tr.txt", include_str!("data/tr.txt")),
    ("de.txt", include_str!("data/de.txt")),
    ("ar.txt", include_str!("data/ar.txt")),
    ("zh.txt", include_str!("data/zh.txt")),
    ("es.txt", include_str!("data/es.txt")),
    ("it.txt", include_str!("data/it.txt")),
    ("fr.txt", include_str!("data/fr.txt")),
    ("pt.txt", include_str!("data/pt.txt")),
    ("ordinal_dot.txt", include_str!("data/ordinal_dot.txt")),
    ("hy.txt", include_str!("data/hy.txt")),
    ("el.txt", include_str!("data/el.txt")),
];

/// Sentence segmenter holding the parsed rules of every supported language.
#[derive(Debug)]
pub struct Segmenter {
    book: RuleBook,
}

impl Default for Segmenter {
    fn default() -> Self {
        Self::new()
    }
}

impl Segmenter {
    /// Parses the embedded per-language data. Embedded data is checked by a unit test.
    pub fn new() -> Segmenter {
        Segmenter {
            book: RuleBook::build(DATA),
        }
    }

    /// Sentence spans of `text` as byte ranges: ascending, non-overlapping,
    /// non-empty, trimmed of surrounding whitespace, together covering every
    /// non-whitespace char of `text`. Unknown `lang` codes use the defaults.
    pub fn split(&self, text: &str, lang: &str) -> Vec<Range<usize>> {
        let rules = self.rules(lang);
        let cuts = scan::Scanner::new(text, rules).run();
        let mut spans = Vec::with_capacity(cuts.len() + 1);
        let mut start = 0;
        for end in cuts.into_iter().chain(std::iter::once(text.len())) {
            if end <= start || !text.is_char_boundary(end) {
                continue;
            }
            if let Some(span) = trimmed(text, start..end) {
                split_inline_list(text, span, rules.marker_alone, &mut spans);
            }
            start = end;
        }
        spans
    }

    fn rules(&self, lang: &str) -> &LangRules {
        self.book.get(lang)
    }

    /// Problems found while parsing the embedded data (empty when it is valid).
    #[cfg(test)]
    fn data_errors(&self) -> &[String] {
        &self.book.errors
    }
}

/// `range` without leading and trailing whitespace, or None if nothing is left.
fn trimmed(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = text.get(range.clone())?;
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    (!body.is_empty()).then(|| range.start + lead..range.start + lead + body.len())
}

/// "1) first item 2) second item" written on one line: once a sentence
/// starts with a list marker, the next marker in sequence starts a new item.
fn split_inline_list(text: &str, span: Range<usize>, alone: bool, out: &mut Vec<Range<usize>>) {
    let mut span = span;
    while let Some(at) = next_list_item(text, &span) {
        if let Some(head) = trimmed(text, span.start..at) {
            push_item(text, head, alone, out);
        }
        span = at..span.end;
    }
    push_item(text, span, alone, out);
}

/// With `alone` set, "1. Затвердити…" becomes "1." and "Затвердити…". Only
/// a numeric marker before a capital counts: "1. хліб" in a shopping list
/// is one item, not a marker and a fragment.
fn push_item(text: &str, span: Range<usize>, alone: bool, out: &mut Vec<Range<usize>>) {
    let marker = alone
        .then(|| text.get(span.clone()).and_then(numbered_marker_len))
        .flatten();
    if let Some(len) = marker
        && let Some(rest) = trimmed(text, span.start + len..span.end)
    {
        out.push(span.start..span.start + len);
        out.push(rest);
        return;
    }
    out.push(span);
}

/// Byte length of "12." opening `s` when a space and a capitalised word
/// (possibly quoted) follow it.
fn numbered_marker_len(s: &str) -> Option<usize> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) || s.as_bytes().get(digits) != Some(&b'.') {
        return None;
    }
    let rest = s.get(digits + 1..)?;
    let body = rest.trim_start();
    let first = body.chars().find(|c| !chars::is_opener(*c))?;
    (body.len() < rest.len() && chars::is_upper(first)).then_some(digits + 1)
}

fn next_list_item(text: &str, span: &Range<usize>) -> Option<usize> {
    let s = text.get(span.clone())?;
    let len = scan::list_marker_len(s)?;
    let (marker, sep) = (s.get(..len)?, s.get(len..)?);
    if !sep.starts_with(' ') {
        return None;
    }
    let body = marker.trim_end_matches(['.', ')']);
    let punct = marker.get(body.len()..)?;
    let next = scan::successor(body)?;
    let needle = format!(" {next}{punct} ");
    let pos = s.get(len..)?.find(&needle)?;
    Some(span.start + len + pos + 1)
}
