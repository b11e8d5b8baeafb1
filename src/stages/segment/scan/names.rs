//! Names and initials around a full stop: whether the word after it is an
//! initial, whether initials after a surname close the name, a regnal number
//! after a name, and a change of script that ends a foreign name.

use super::Scanner;
use super::lower::lowercase;
use super::words::Next;
use crate::stages::segment::chars::{is_lower, is_upper};

impl Scanner<'_> {
    /// "Судья Касымов Е.Т. Приговор…": initials written after a surname end the
    /// name, so a capitalised word after them that is not itself a surname
    /// (as in "Казахстана А.Б. Сарсенов") starts a sentence.
    pub(super) fn initials_close_a_name(&self, dot: usize, nx: &Next) -> bool {
        let r = self.rules;
        if r.surname_endings.is_empty() {
            return false;
        }
        let (start, tok) = self.token_before(dot);
        let initials = tok.split('.').count() >= 2
            && tok
                .split('.')
                .all(|p| p.chars().count() == 1 && p.chars().all(is_upper));
        if !initials || start <= self.sent_start + 1 {
            return false;
        }
        let (name_start, name) = self.token_before(start - 1);
        let mut chars = name.chars();
        let name_like =
            chars.next().is_some_and(is_upper) && chars.all(|c| is_lower(c) || c == '-');
        name_start >= self.sent_start
            && name_like
            && self.is_surname(name, false)
            && !self.is_surname(self.next_word(nx).0, true)
    }

    /// Whether `word` ends like a surname, with one of the case suffixes when
    /// `inflected`.
    fn is_surname(&self, word: &str, inflected: bool) -> bool {
        let r = self.rules;
        let lowered = lowercase(word);
        let low = lowered.as_str();
        let ends_like_name = |stem: &str| {
            r.surname_endings
                .iter()
                .any(|e| stem.len() >= e.len() + 4 && stem.ends_with(e.as_str()))
        };
        if ends_like_name(low) {
            return true;
        }
        inflected
            && low.char_indices().rev().take(4).any(|(i, _)| {
                low.get(i..)
                    .is_some_and(|case| r.surname_cases.contains(case))
                    && low.get(..i).is_some_and(ends_like_name)
            })
    }

    pub(super) fn is_initial_word(&self, nx: &Next) -> bool {
        let (word, dot) = self.next_word(nx);
        dot && (word.chars().count() == 1 || self.in_set(&self.rules.initials, word))
            && word.chars().next().is_some_and(is_upper)
    }

    /// "Warner Bros. Подчиняется…": a name written in Latin letters inside
    /// Cyrillic text ends where the script changes, so a Cyrillic capital after
    /// its abbreviation opens a sentence (a Latin one may go on with the name).
    pub(super) fn script_changes(&self, dot: usize, nx: &Next) -> bool {
        // Cheap checks first: this runs after most abbreviations.
        let latin_end = dot
            .checked_sub(1)
            .and_then(|i| self.bytes.get(i))
            .is_some_and(u8::is_ascii_alphabetic);
        if !latin_end || !self.char_at(nx.at).is_some_and(is_cyrillic) {
            return false;
        }
        let (_, tok) = self.token_before(dot);
        tok.chars().count() >= 2 && tok.chars().all(|c| c.is_ascii_alphabetic())
    }

    /// "королю Твртко I. Сын…": a Latin I, V or X after a Cyrillic name is a
    /// regnal number, not an initial (Cyrillic names take Cyrillic initials).
    pub(super) fn roman_after_cyrillic_name(&self, start: usize, tok: &str) -> bool {
        if !matches!(tok, "I" | "V" | "X") || start <= self.sent_start {
            return false;
        }
        let (_, prev) = self.token_before(start.saturating_sub(1));
        let mut chars = prev.chars();
        chars.next().is_some_and(|c| is_upper(c) && is_cyrillic(c)) && chars.all(is_lower)
    }

    /// "Albert I." versus "you and I.": a name before a one-letter word.
    pub(super) fn capitalized_before(&self, start: usize) -> bool {
        if start <= self.sent_start {
            return false;
        }
        let (s, prev) = self.token_before(start.saturating_sub(1));
        s > self.sent_start
            && !self.only_fillers(self.sent_start, s)
            && prev.chars().next().is_some_and(is_upper)
            && prev.chars().all(char::is_alphabetic)
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}
