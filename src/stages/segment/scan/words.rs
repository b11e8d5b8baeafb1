//! The words on either side of a candidate boundary: what follows it (the
//! kind of character a sentence would open with, and through which openers
//! and dashes), and the token or word that precedes or follows a position.
//! Words are read at most `MAX_TOKEN` bytes far, so no word check is costly.

use super::Scanner;
use super::lower::lowercase;
use crate::stages::segment::chars::{
    is_bullet, is_caseless_letter, is_closer, is_dash, is_format, is_lower, is_opener,
    is_roman_numeral, is_terminal, is_upper,
};
use crate::stages::segment::rules::WordSet;

/// Longest token considered for abbreviation lookups.
pub(super) const MAX_TOKEN: usize = 48;

/// The kind of character a sentence after a candidate would open with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lead {
    Upper,
    Lower,
    Digit,
    Caseless,
    Bullet,
    Symbol,
    Punct,
    End,
}

/// What follows a candidate boundary.
#[derive(Debug, Clone, Copy)]
pub(super) struct Next {
    pub(super) lead: Lead,
    pub(super) via_open: bool,
    pub(super) via_dash: bool,
    pub(super) blank_line: bool,
    /// Byte offset of the first letter/digit after openers and dashes.
    pub(super) at: usize,
    /// A lowercase-initial name ("iPhone", "mTOR") that may open a sentence
    /// after an ordinary word (not after a unit: "коп. кВт").
    pub(super) camel: bool,
}

impl<'a> Scanner<'a> {
    pub(super) fn next_info(&self, from: usize) -> Next {
        let rest = self.text.get(from..).unwrap_or("");
        let mut newlines = 0;
        let mut start = None;
        for (off, c) in rest.char_indices() {
            if c == '\n' {
                newlines += 1;
            } else if !c.is_whitespace() {
                start = Some(from + off);
                break;
            }
        }
        let mut nx = Next {
            lead: Lead::End,
            via_open: false,
            via_dash: false,
            blank_line: newlines >= 2,
            at: self.text.len(),
            camel: false,
        };
        let Some(mut q) = start else {
            return nx;
        };
        for _ in 0..6 {
            match self.char_at(q) {
                Some(c) if is_opener(c) => nx.via_open = true,
                Some(c) if is_dash(c) => nx.via_dash = true,
                Some(c) if c.is_whitespace() && c != '\n' && (nx.via_dash || nx.via_open) => {}
                _ => break,
            }
            q += self.char_at(q).map_or(1, char::len_utf8);
        }
        let Some(c) = self.char_at(q) else {
            return nx;
        };
        nx.lead = lead_of(c);
        if c == '#' && self.char_at(q + 1).is_some_and(char::is_alphabetic) {
            // Hashtags close a post ("…Соседов. #новости"); they open no sentence.
            nx.lead = Lead::Punct;
        }
        nx.at = q;
        nx.camel = nx.lead == Lead::Lower && self.next_word(&nx).0.chars().skip(1).any(is_upper);
        nx
    }

    /// The word that follows a candidate boundary and whether a dot ends it.
    pub(super) fn next_word(&self, nx: &Next) -> (&'a str, bool) {
        let text: &'a str = self.text;
        let word = text.get(nx.at..).unwrap_or("");
        let len = word_len(word);
        (
            word.get(..len).unwrap_or(""),
            word.as_bytes().get(len) == Some(&b'.'),
        )
    }

    pub(super) fn is_starter(&self, nx: &Next) -> bool {
        self.in_set(&self.rules.starters, self.next_word(nx).0)
    }

    #[inline]
    pub(super) fn in_set(&self, set: &WordSet, word: &str) -> bool {
        !word.is_empty() && !set.is_empty() && set.contains(lowercase(word).as_str())
    }

    /// The whitespace-delimited token starting at `at`, or "" if it is
    /// longer than any word worth inspecting (keeps every check bounded).
    pub(super) fn word_after(&self, at: usize) -> &'a str {
        let text: &'a str = self.text;
        let rest = text.get(at..).unwrap_or("");
        let end = rest
            .char_indices()
            .take_while(|(i, _)| *i <= MAX_TOKEN)
            .find(|(_, c)| c.is_whitespace())
            .map_or(rest.len(), |(i, _)| i);
        if end > MAX_TOKEN {
            ""
        } else {
            rest.get(..end).unwrap_or("")
        }
    }

    /// The whitespace-delimited token before `end`, without leading openers.
    pub(super) fn token_before(&self, end: usize) -> (usize, &'a str) {
        let text: &'a str = self.text;
        let before = text.get(..end).unwrap_or("");
        let mut start = end;
        for (idx, c) in before.char_indices().rev() {
            if c.is_whitespace() || end - idx > MAX_TOKEN {
                break;
            }
            start = idx;
        }
        let tok = text.get(start..end).unwrap_or("");
        let trimmed = tok.trim_start_matches(|c: char| is_opener(c) || is_bullet(c) || is_dash(c));
        (end - trimmed.len(), trimmed)
    }

    /// "XVIII" followed by a space: a century or ordinal opening a sentence.
    pub(super) fn roman_word_at(&self, at: usize) -> bool {
        let word = self.word_after(at);
        word.len() < self.text.len() - at.min(self.text.len()) && is_roman_numeral(word)
    }
}

pub(super) fn starts_sentence(nx: &Next) -> bool {
    matches!(
        nx.lead,
        Lead::Upper | Lead::Digit | Lead::Caseless | Lead::Bullet | Lead::Symbol
    )
}

fn lead_of(c: char) -> Lead {
    if is_upper(c) {
        Lead::Upper
    } else if is_lower(c) {
        Lead::Lower
    } else if c.is_numeric() {
        Lead::Digit
    } else if is_caseless_letter(c) {
        Lead::Caseless
    } else if is_bullet(c) {
        Lead::Bullet
    } else if is_punctuation(c) {
        Lead::Punct
    } else {
        // Currency, №, emoji, ©: can open a sentence.
        Lead::Symbol
    }
}

/// Marks that continue a sentence rather than start one.
fn is_punctuation(c: char) -> bool {
    (c.is_ascii_punctuation() && !matches!(c, '$' | '#' | '@' | '*' | '+' | '&' | '|'))
        || is_closer(c)
        || is_terminal(c)
        || is_dash(c)
        || matches!(c, '\u{2010}'..='\u{205E}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}' | '،' | '؛')
}

/// Length in bytes of the word at the start of `s` (letters, digits and
/// inner hyphens/apostrophes), capped so lookups stay cheap.
#[inline]
pub(super) fn word_len(s: &str) -> usize {
    let mut end = 0;
    let mut prev_inner = false;
    for (i, c) in s.char_indices() {
        if i > MAX_TOKEN {
            break;
        }
        if is_word_char(c) || is_format(c) {
            end = i + c.len_utf8();
            prev_inner = false;
        } else if matches!(c, '-' | '\'' | '’') && end > 0 && !prev_inner {
            prev_inner = true;
        } else {
            break;
        }
    }
    end
}

/// `char::is_alphanumeric` with the common cases first: the cased-letter
/// tables are much cheaper to consult than the full alphabetic one.
/// Inlined: it runs on every character of every word looked up (measured).
#[inline(always)]
pub(super) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        is_lower(c) || is_upper(c) || c.is_alphanumeric()
    }
}
