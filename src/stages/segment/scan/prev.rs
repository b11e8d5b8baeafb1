//! What the token before a full stop is ([`Prev`]): an ordinary word, a
//! listed abbreviation (one that never ends a sentence, one that usually
//! does, or one that may), an initial, an ordinal or a list marker, found in
//! the language's lists or, failing them, from the token's shape.

use super::Scanner;
use super::lists::is_list_marker;
use super::lower::lowercase;
use super::words::MAX_TOKEN;
use crate::stages::segment::chars::{
    is_format, is_latin_or_cyrillic, is_lower, is_roman_numeral, is_upper, is_vowel,
};

/// What the token before a full stop is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Prev {
    Word,
    NonFinal,
    Abbrev,
    Final,
    Initial,
    Ordinal,
    ListMarker,
}

impl Scanner<'_> {
    pub(super) fn classify_prev(&self, dot: usize) -> Prev {
        let (start, tok) = self.token_before(dot);
        if tok.is_empty() || tok.contains(['@', '/', ':']) || tok.len() >= MAX_TOKEN {
            return Prev::Word;
        }
        let at_start = self.only_fillers(self.sent_start, start);
        if tok.len() <= 6 && ((at_start && is_list_marker(tok)) || self.next_in_list(tok)) {
            return Prev::ListMarker;
        }
        if self.in_dateline(dot) {
            return Prev::NonFinal;
        }
        if tok
            .bytes()
            .all(|b| b.is_ascii_digit() || b".,:-".contains(&b))
        {
            let r = self.rules;
            let ordinal =
                r.ordinal_dot && tok.len() <= 2 && tok.bytes().all(|b| b.is_ascii_digit());
            return if ordinal { Prev::Ordinal } else { Prev::Word };
        }
        // "XII. Pluku", "Karl V. von": Roman ordinals where ordinals take a dot.
        if self.rules.ordinal_dot && tok.len() > 1 && is_roman_numeral(tok) {
            return Prev::Ordinal;
        }
        let r = self.rules;
        if tok.len() > r.longest_entry {
            return self.classify_shape(start, tok, "");
        }
        let lowered = lowercase(tok);
        let low = lowered.as_str();
        let capital = tok.chars().next().is_some_and(is_upper);
        if let Some((prev_start, joined)) = self.spaced_abbrev(start, low)
            && let Some(kind) = self.lookup(prev_start, &joined, true)
        {
            return kind;
        }
        if let Some(kind) = self.lookup(start, low, capital) {
            return kind;
        }
        // Elided article or preposition: "l'Ing.", "dell'Avv.", "d'Av.".
        if let Some((head, word)) = tok.rsplit_once(['\'', '’'])
            && head.chars().count() <= 4
            && let Some(kind) =
                self.lookup(start, lowercase(word).as_str(), word.starts_with(is_upper))
        {
            return kind;
        }
        if !capital && r.words.contains(low) {
            return Prev::Word;
        }
        self.classify_shape(start, tok, low)
    }

    /// Which abbreviation list `low` belongs to; `capital` tells whether the
    /// token was capitalised, for entries that only match that way.
    fn lookup(&self, start: usize, low: &str, capital: bool) -> Option<Prev> {
        let r = self.rules;
        if !capital && r.cased.contains(low) {
            return None;
        }
        // "2007 г." is a year, "г. Москва" a city: the number decides. A
        // date that opens the sentence ("В 2010 г. Виктор…") cannot be all of it.
        if r.after_number.contains(low) && self.number_before(start) {
            let opening = self.words_before(start) <= 3 && !self.predicate_after_dash(start);
            return Some(if opening { Prev::Abbrev } else { Prev::Final });
        }
        if r.nonfinal.contains(low) {
            Some(Prev::NonFinal)
        } else if r.final_abbrev.contains(low) {
            Some(Prev::Final)
        } else if r.abbrev.contains(low) {
            // "Ұзындығы – 12 км.", "Салынған жылы – 1957 ж.": a figure after a
            // copula dash is the predicate, which closes the sentence.
            let predicate = self.number_before(start) && self.predicate_after_dash(start);
            Some(if predicate { Prev::Final } else { Prev::Abbrev })
        } else {
            None
        }
    }

    /// "т. д", "н. э", "z. B": an abbreviation written with a space after its
    /// inner dot, joined back ("т.д") for the lookup.
    fn spaced_abbrev(&self, start: usize, low: &str) -> Option<(usize, String)> {
        if low.chars().count() > 2 || start < 2 {
            return None;
        }
        let (prev_start, prev) = self.token_before(start - 1);
        let head = prev.strip_suffix('.')?;
        if prev_start < self.sent_start || head.is_empty() || head.chars().count() > 3 {
            return None;
        }
        Some((prev_start, format!("{}.{low}", lowercase(head))))
    }

    /// Number of words between the start of the sentence and `pos`.
    fn words_before(&self, pos: usize) -> usize {
        let from = self.content_start().min(pos);
        self.text
            .get(from..pos)
            .map_or(0, |s| s.split_whitespace().take(8).count())
    }

    /// Abbreviation-like shapes that no list has to spell out.
    fn classify_shape(&self, start: usize, tok: &str, low: &str) -> Prev {
        let letters = tok.chars().filter(|c| !is_format(*c)).count();
        let first_upper = tok.chars().next().is_some_and(is_upper);
        if letters == 1 && first_upper && self.roman_after_cyrillic_name(start, tok) {
            return Prev::Word;
        }
        if letters == 1 && first_upper {
            let weak = self.rules.not_initial.contains(low);
            return if !weak || self.capitalized_before(start) {
                Prev::Initial
            } else {
                Prev::Word
            };
        }
        if first_upper && self.rules.initials.contains(low) {
            return Prev::Initial;
        }
        if tok.contains('.') {
            // "т.е", "a.m", "Ph.D" but not "120.5°C" or "v2.1".
            let parts_short = tok
                .split('.')
                .all(|p| p.chars().count() <= 3 && p.chars().all(char::is_alphabetic));
            // "Қ.-Ж.", "J.-P.": initials of a hyphenated first name.
            let all_initials = tok.split('.').all(|p| {
                let p = p.strip_prefix(['-', '‐']).unwrap_or(p);
                p.chars().count() == 1 && p.chars().all(is_upper)
            });
            return match (all_initials, parts_short) {
                (true, _) => Prev::Initial,
                (false, true) => Prev::Abbrev,
                _ => Prev::Word,
            };
        }
        if letters == 1 && tok.chars().all(is_lower) {
            return Prev::Abbrev;
        }
        let vowelless = letters <= 5
            && tok.chars().any(is_lower)
            && tok.chars().all(|c| is_latin_or_cyrillic(c) && !is_vowel(c));
        if vowelless { Prev::Abbrev } else { Prev::Word }
    }

    /// "Univ", "Dept", "Assoc": a capitalised word of at most five letters.
    pub(super) fn short_capitalized(&self, dot: usize) -> bool {
        let (_, tok) = self.token_before(dot);
        let mut chars = tok.chars();
        chars.next().is_some_and(is_upper) && tok.chars().count() <= 5 && chars.all(is_lower)
    }
}
