//! The boundary scanner: one pass over the bytes, stopping only at bytes that
//! can start a terminal mark, a bracket/quote, a bullet or a line break.
//! Every decision looks at a few tokens around the candidate and never
//! allocates except to lowercase a word for a list lookup.
//!
//! This file holds the loop and the state of the current sentence. Each
//! kind of evidence has a submodule of `scan/`, all adding methods to
//! [`Scanner`]:
//!
//! - reading the text: `words` (the words on either side of a candidate),
//!   `lower` (lowercasing a word for a list lookup);
//! - at a terminal mark: `terminal` (reading a run of marks), `decide` (does
//!   it end the sentence), `prev` (what the token before a full stop is),
//!   `numbers`, `names`, `dateline`, `lists` (the cases `prev` and `decide`
//!   consult), `glue` (a mark with no space after it);
//! - at other candidates: `lines` (line breaks), `quotes` (quotes and
//!   brackets), `parens` (notes and emoticons in parentheses), `address`
//!   (e-mail addresses and URLs) and `stamp` (e-mail time stamps);
//! - passes after the loop, over the units found: `glue` (glued headings),
//!   `signoff` (a letter's sign-off) and `unmarked` (sentence ends with no
//!   mark at all).

use super::chars::{is_bullet, is_dash, is_opener, is_terminal};
use super::rules::LangRules;
use quotes::Depth;
use unmarked::cjk_space_cuts;

mod address;
mod dateline;
mod decide;
mod glue;
mod lines;
mod lists;
mod lower;
mod names;
mod numbers;
mod parens;
mod prev;
mod quotes;
mod signoff;
mod stamp;
mod terminal;
mod unmarked;
mod words;

// The segmenter splits inline lists with the scanner's list rules.
pub(super) use lists::{list_marker_len, successor};
#[cfg(test)]
pub(super) use lower::lowercase;

/// Bytes the scanner must look at: ASCII marks, `@` and `/` (addresses),
/// and lead bytes of the multi-byte marks (guillemets C2, Armenian D6, Arabic/Syriac/N'Ko D8–DF,
/// Indic/Myanmar/Ethiopic E0–E1, punctuation E2, CJK E3, fullwidth EF).
static CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    let ascii = b".!?\n()[]\"@/";
    let mut i = 0;
    while i < ascii.len() {
        t[ascii[i] as usize] = true;
        i += 1;
    }
    let leads = [
        0xC2u8, 0xD6, 0xD8, 0xDB, 0xDC, 0xDF, 0xE0, 0xE1, 0xE2, 0xE3, 0xEF,
    ];
    let mut j = 0;
    while j < leads.len() {
        t[leads[j] as usize] = true;
        j += 1;
    }
    t
};

/// One scan of one text: the cuts found so far and the state of the
/// sentence and paragraph the scan is in.
pub(super) struct Scanner<'a> {
    /// Bytes that may start a candidate: `CANDIDATE` plus the language's
    /// own terminal marks.
    candidate: [bool; 256],
    text: &'a str,
    bytes: &'a [u8],
    rules: &'a LangRules,
    /// Sentence starts found so far.
    cuts: Vec<usize>,
    /// Start of the current sentence: the last cut.
    sent_start: usize,
    depth: Depth,
    /// First byte of the current paragraph.
    para_start: usize,
    /// Whether the current paragraph is hard-wrapped (`lines`), worked out
    /// at most once per paragraph.
    para_wrapped: std::cell::Cell<Option<bool>>,
    /// `content_start`, worked out at most once per sentence.
    content: std::cell::Cell<Option<usize>>,
    /// A full stop glued to the next sentence was found: the text lost its
    /// paragraph breaks, so glued headings are looked for too.
    glued_seen: std::cell::Cell<bool>,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(text: &'a str, rules: &'a LangRules) -> Self {
        let mut candidate = CANDIDATE;
        for c in &rules.terminals {
            let mut buf = [0u8; 4];
            if let Some(&lead) = c.encode_utf8(&mut buf).as_bytes().first() {
                candidate[usize::from(lead)] = true;
            }
        }
        Scanner {
            candidate,
            text,
            bytes: text.as_bytes(),
            rules,
            cuts: Vec::new(),
            sent_start: 0,
            depth: Depth::default(),
            para_start: 0,
            para_wrapped: std::cell::Cell::new(None),
            content: std::cell::Cell::new(None),
            glued_seen: std::cell::Cell::new(false),
        }
    }

    /// Byte offsets where a new sentence starts (ascending).
    pub(super) fn run(mut self) -> Vec<usize> {
        let mut i = 0;
        while let Some(off) = self
            .bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| self.candidate[usize::from(b)]))
        {
            let at = i + off;
            i = self.step(at).max(at + 1);
        }
        if self.glued_seen.get() {
            let headings = self.glued_heading_cuts();
            if !headings.is_empty() {
                self.cuts.extend(headings);
                self.cuts.sort_unstable();
                self.cuts.dedup();
            }
        }
        if !self.rules.closings.is_empty() {
            let sign_offs = self.sign_off_cuts();
            if !sign_offs.is_empty() {
                self.cuts.extend(sign_offs);
                self.cuts.sort_unstable();
            }
        }
        if !self.rules.lowercase_inside.is_empty() {
            let unmarked = self.unmarked_cuts();
            if !unmarked.is_empty() {
                self.cuts.extend(unmarked);
                self.cuts.sort_unstable();
                self.cuts.dedup();
            }
        }
        if self.rules.space_between_cjk {
            self.cuts.extend(cjk_space_cuts(self.text));
            self.cuts.sort_unstable();
            self.cuts.dedup();
        }
        self.cuts
    }

    /// Start and end of every unit between the cuts made so far.
    fn units(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let starts = std::iter::once(0).chain(self.cuts.iter().copied());
        let ends = self
            .cuts
            .iter()
            .copied()
            .chain(std::iter::once(self.text.len()));
        starts.zip(ends)
    }

    /// A universal terminal mark or one of the language's own.
    fn is_term(&self, c: char) -> bool {
        is_terminal(c) || (!self.rules.terminals.is_empty() && self.rules.terminals.contains(&c))
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    /// Handles the candidate byte at `i`; returns where scanning resumes.
    fn step(&mut self, i: usize) -> usize {
        let Some(c) = self.char_at(i) else {
            return i + 1;
        };
        let next = i + c.len_utf8();
        match c {
            '\n' => self.on_newline(i),
            c if self.is_term(c) => self.on_terminal(i),
            c if is_bullet(c) => {
                self.on_bullet(i);
                next
            }
            '"' => {
                self.track_straight_quote(i);
                next
            }
            '@' | '/' => self.on_address(i),
            ')' if self.depth.paren == 0 && self.smiley_paren(i) => {
                if self.decide_emoticon(next) {
                    self.cut(next);
                }
                next
            }
            ')' if self.depth.paren == 1 && self.opening_note(i) => {
                self.track_bracket(c);
                self.cut(next);
                next
            }
            ')' | '(' if self.emoticon_before(i) => {
                if self.decide_emoticon(next) {
                    self.cut(next);
                }
                next
            }
            c => {
                self.track_bracket(c);
                next
            }
        }
    }

    /// Starts a sentence at `pos`; quotes and brackets left open do not
    /// carry over into it.
    fn cut(&mut self, pos: usize) {
        if pos > self.sent_start && self.text.is_char_boundary(pos) {
            self.cuts.push(pos);
            self.sent_start = pos;
            self.content.set(None);
            self.depth = Depth::default();
        }
    }

    fn on_bullet(&mut self, i: usize) {
        let after_space = self.text.get(..i).and_then(|s| s.chars().next_back());
        if after_space.is_some_and(char::is_whitespace) && !self.only_fillers(self.sent_start, i) {
            self.cut(i);
        }
    }

    /// True if `text[from..to]` holds nothing but spaces, openers and bullets.
    fn only_fillers(&self, from: usize, to: usize) -> bool {
        if from == self.sent_start {
            return to <= self.content_start();
        }
        self.text
            .get(from..to)
            .is_none_or(|s| s.chars().all(is_filler))
    }

    /// First byte of the current sentence that is not space, opener or bullet.
    fn content_start(&self) -> usize {
        if let Some(pos) = self.content.get() {
            return pos;
        }
        let rest = self.text.get(self.sent_start..).unwrap_or("");
        let pos = rest
            .char_indices()
            .find(|(_, c)| !is_filler(*c))
            .map_or(self.text.len(), |(i, _)| self.sent_start + i);
        self.content.set(Some(pos));
        pos
    }
}

fn is_filler(c: char) -> bool {
    c.is_whitespace() || is_opener(c) || is_bullet(c) || is_dash(c)
}
