//! At a terminal mark: reading the whole run of marks and closing quotes or
//! brackets after it (`?!`, `.»`, `. . .`) into a [`Cluster`], and the runs
//! that never end a sentence (an omission "[...]", marks at a sentence's
//! start) or end it in an unusual place (MLA ". . . .", a source note after
//! it). Whether an ordinary run ends its sentence is `decide`'s question.

use super::Scanner;
use super::words::Lead;
use crate::stages::segment::chars::{
    is_closer, is_format, is_hard_terminal, is_question_or_exclamation, is_terminal,
};

/// The strongest mark in a cluster, which sets how much evidence it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Period,
    Ellipsis,
    QuestionExclamation,
    Hard,
}

/// A run of terminal marks and closing quotes/brackets (`?!`, `.»`, `. . .`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Cluster {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) kind: Kind,
    pub(super) question: bool,
    pub(super) closed: bool,
    pub(super) dots: usize,
    /// Written ". . ." with spaces.
    spaced: bool,
}

impl Scanner<'_> {
    pub(super) fn on_terminal(&mut self, i: usize) -> usize {
        let cl = self.cluster(i);
        if self.only_fillers(self.sent_start, i) || self.is_omission(&cl) {
            return cl.end;
        }
        if cl.spaced && cl.dots >= 4 && self.attached(i) {
            // MLA "word. . . . Next": a full stop, then an ellipsis that opens
            // the next (quoted) sentence.
            let nx = self.next_info(cl.end);
            if matches!(nx.lead, Lead::Upper) && !nx.blank_line {
                self.cut(i + 1);
            }
            return cl.end;
        }
        if !self.decide(&cl) {
            return cl.end;
        }
        if let Some(end) = self.source_note(cl.end) {
            // The full stop already closed the sentence, so the note is a
            // unit of its own, as treebanks annotate it.
            self.cut(cl.end);
            self.cut(end);
            return end;
        }
        self.cut(cl.end);
        cl.end
    }

    /// "[...]" and "(...)" mark an omission inside a quotation, and so does
    /// a free-standing three-dot ". . ." (four dots end the sentence).
    fn is_omission(&self, cl: &Cluster) -> bool {
        let i = cl.start;
        matches!(self.bytes.get(i.wrapping_sub(1)), Some(b'[' | b'('))
            || (cl.spaced && cl.dots == 3 && !self.attached(i))
    }

    fn attached(&self, i: usize) -> bool {
        self.text
            .get(..i)
            .and_then(|s| s.chars().next_back())
            .is_some_and(|c| !c.is_whitespace())
    }

    /// Consumes terminal marks, closers and the spaced ellipsis ". . .".
    fn cluster(&mut self, i: usize) -> Cluster {
        let mut cl = Cluster {
            start: i,
            end: i,
            kind: Kind::Period,
            question: false,
            closed: false,
            dots: 0,
            spaced: false,
        };
        let (mut dots, mut qe, mut hard) = (0usize, false, false);
        let mut p = i;
        while let Some(c) = self.char_at(p) {
            if self.is_term(c) {
                dots += usize::from(c == '.') + 2 * usize::from(c == '…');
                qe |= is_question_or_exclamation(c) || !is_terminal(c);
                cl.question |= matches!(c, '?' | '？' | '؟' | '⁇' | '⁈' | '⁉');
                hard |= is_hard_terminal(c);
            } else if c == ' ' && dots > 0 && self.spaced_dot(p) {
                cl.spaced = true;
            } else if is_closer(c) && self.closer_here(p, c) {
                if c == '"' {
                    self.track_straight_quote(p);
                } else {
                    self.track_bracket(c);
                }
                cl.closed |= !is_format(c);
            } else {
                break;
            }
            p += c.len_utf8();
        }
        cl.end = p;
        cl.dots = dots;
        cl.kind = if hard {
            Kind::Hard
        } else if qe {
            Kind::QuestionExclamation
        } else if dots >= 2 {
            Kind::Ellipsis
        } else {
            Kind::Period
        };
        cl
    }

    /// " ." inside ". . ." (the next dot follows a single space).
    fn spaced_dot(&self, p: usize) -> bool {
        self.bytes.get(p + 1) == Some(&b'.')
            && matches!(
                self.bytes.get(p + 2),
                None | Some(b' ' | b'.' | b'\n' | b'"')
            )
    }

    /// `"` and `'` close only when nothing word-like follows them.
    fn closer_here(&self, p: usize, c: char) -> bool {
        if !matches!(c, '"' | '\'') {
            return true;
        }
        self.char_at(p + 1)
            .is_none_or(|n| n.is_whitespace() || is_terminal(n) || is_closer(n) || n == ',')
    }
}
