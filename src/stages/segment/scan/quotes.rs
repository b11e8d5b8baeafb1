//! Quotes and brackets: how deep the current sentence is inside each kind
//! ([`Depth`]), and whether a terminal mark stands inside an enclosure whose
//! closer is near: nothing inside (…) ends a sentence, while quoted speech
//! may hold several.

use super::Scanner;
use crate::stages::segment::chars::is_opener;

/// How far ahead a closing quote or bracket may be for a terminal inside it
/// to be treated as quoted speech rather than a sentence end.
const CLOSER_LOOKAHEAD: usize = 400;

/// Open brackets and quotes in the current sentence.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Depth {
    pub(super) paren: u16,
    guillemet: u16,
    curly: u16,
    low_quote: u16,
    pub(super) straight: u16,
    cjk: u16,
}

impl Depth {
    fn any(&self) -> bool {
        (self.paren | self.guillemet | self.curly | self.low_quote | self.straight | self.cjk) != 0
    }
}

/// What a terminal mark stands inside.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Enclosure {
    Bracket,
    Quote,
}

impl Scanner<'_> {
    /// A straight quote opens when attached to the word after it and closes
    /// when attached to the text before it; one with spaces on both sides
    /// (tokenised text) says nothing and is ignored.
    pub(super) fn track_straight_quote(&mut self, i: usize) {
        let before = self.text.get(..i).and_then(|s| s.chars().next_back());
        let after = self.char_at(i + 1);
        // A quote opening a sentence glued to the one before ("родину."Данные").
        let open_before =
            i == self.sent_start || before.is_none_or(|c| c.is_whitespace() || is_opener(c));
        if open_before && after.is_some_and(|c| !c.is_whitespace()) {
            self.depth.straight = self.depth.straight.saturating_add(1);
        } else if !open_before {
            self.depth.straight = self.depth.straight.saturating_sub(1);
        }
    }

    pub(super) fn track_bracket(&mut self, c: char) {
        let d = &mut self.depth;
        match c {
            '(' | '[' => d.paren = d.paren.saturating_add(1),
            ')' | ']' => d.paren = d.paren.saturating_sub(1),
            '«' => d.guillemet = d.guillemet.saturating_add(1),
            '»' => d.guillemet = d.guillemet.saturating_sub(1),
            '„' => d.low_quote = d.low_quote.saturating_add(1),
            // German/Russian „…“ closes with “; English opens with it.
            '“' if d.low_quote > 0 => d.low_quote -= 1,
            '“' => d.curly = d.curly.saturating_add(1),
            '”' => d.curly = d.curly.saturating_sub(1),
            '《' | '「' | '『' | '（' | '【' | '〈' => d.cjk = d.cjk.saturating_add(1),
            '》' | '」' | '』' | '）' | '】' | '〉' => d.cjk = d.cjk.saturating_sub(1),
            _ => {}
        }
    }

    /// A terminal inside «…», “…”, (…) or 《…》 whose closer is close ahead:
    /// brackets hold a parenthetical, quotes hold speech that may contain
    /// several sentences of its own.
    pub(super) fn enclosure(&self, from: usize) -> Option<Enclosure> {
        if !self.depth.any() {
            return None;
        }
        let d = self.depth;
        let limit = (from + CLOSER_LOOKAHEAD).min(self.text.len());
        // A blank line (paragraph break) ends every quotation.
        let mut newline_in_gap = false;
        for (off, c) in self.text.get(from..).unwrap_or("").char_indices() {
            if from + off >= limit || (c == '\n' && newline_in_gap) {
                return None;
            }
            if c == '\n' {
                newline_in_gap = true;
            } else if !c.is_whitespace() {
                newline_in_gap = false;
            }
            let found = match c {
                ')' | ']' if d.paren > 0 => Enclosure::Bracket,
                '》' | '」' | '』' | '）' | '】' | '〉' if d.cjk > 0 => Enclosure::Bracket,
                '»' if d.guillemet > 0 => Enclosure::Quote,
                '”' if d.curly > 0 => Enclosure::Quote,
                '“' if d.low_quote > 0 => Enclosure::Quote,
                '"' if d.straight > 0 && self.closes_here(from + off) => Enclosure::Quote,
                _ => continue,
            };
            return Some(found);
        }
        None
    }

    /// A straight quote at `at` attached to the text before it and not to a
    /// word after it closes a quotation.
    fn closes_here(&self, at: usize) -> bool {
        let before = self.text.get(..at).and_then(|s| s.chars().next_back());
        before.is_some_and(|c| !c.is_whitespace())
            && self.char_at(at + 1).is_none_or(|c| !c.is_alphanumeric())
    }
}
