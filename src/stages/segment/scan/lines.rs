//! Line breaks: a blank line always ends a sentence; a single line break
//! without a terminal mark before it (headline, list item, caption) does when
//! the next line starts a sentence, unless the paragraph is hard-wrapped
//! running text, whose line breaks fall anywhere.

use super::Scanner;
use super::words::{Lead, Next};
use crate::stages::segment::chars::{is_closer, is_dash, is_lower, is_upper};

/// Shortest line taken as filled to a hard-wrap margin (usual margins are
/// 60-80 columns).
const WRAP_WIDTH: usize = 40;

impl Scanner<'_> {
    pub(super) fn on_newline(&mut self, i: usize) -> usize {
        let rest = self.text.get(i..).unwrap_or("");
        let mut next = self.text.len();
        let mut newlines = 0;
        for (off, c) in rest.char_indices() {
            if c == '\n' {
                newlines += 1;
            } else if !c.is_whitespace() {
                next = i + off;
                break;
            }
        }
        if newlines >= 2 {
            self.cut(i);
            self.para_start = next;
            self.para_wrapped.set(None);
        } else if next < self.text.len()
            && !self.line_ends_with_terminal(i)
            && self.decide_linebreak(i, next)
        {
            self.cut(i);
        }
        next
    }

    fn line_ends_with_terminal(&self, i: usize) -> bool {
        let before = self.text.get(..i).unwrap_or("");
        before
            .trim_end()
            .chars()
            .rev()
            .find(|c| !is_closer(*c))
            .is_some_and(|c| self.is_term(c))
    }

    /// A line break without a terminal mark before it (headline, list item,
    /// caption): a boundary when the next line starts a sentence, unless the
    /// paragraph is hard-wrapped running text.
    fn decide_linebreak(&self, i: usize, next: usize) -> bool {
        let last = self
            .text
            .get(..i)
            .and_then(|s| s.trim_end().chars().next_back());
        let nx = self.next_info(next);
        if matches!(nx.lead, Lead::Bullet) || nx.via_dash || self.list_marker_at(next) {
            return true;
        }
        if last.is_some_and(|c| matches!(c, ',' | ';') || is_dash(c)) {
            return false;
        }
        match nx.lead {
            Lead::Lower | Lead::Punct | Lead::End => false,
            _ => !self.wrapped(),
        }
    }

    /// A paragraph is hard-wrapped if some line break in it evidently falls
    /// mid-sentence: the next line starts lowercase or the line ends in a
    /// comma or a hyphenated word part.
    fn wrapped(&self) -> bool {
        if let Some(w) = self.para_wrapped.get() {
            return w;
        }
        let para = self.text.get(self.para_start..).unwrap_or("");
        let para = para.split("\n\n").next().unwrap_or("");
        let mut lines = para.split('\n').map(str::trim).peekable();
        let mut wrapped = false;
        while let (Some(line), Some(next)) = (lines.next(), lines.peek()) {
            // A wrapped line is filled to the margin; a short line ending in
            // a comma before a capitalised one is verse or a letter's
            // salutation ("Dear Anna,"), whose line breaks are real.
            let long_comma = line.ends_with(',') && line.chars().count() >= WRAP_WIDTH;
            let ends_mid = long_comma || (line.ends_with('-') && !line.ends_with(" -"));
            let next_lower = next.chars().next().is_some_and(is_lower);
            if ends_mid || next_lower || runs_on_past_a_sentence(line) {
                wrapped = true;
                break;
            }
        }
        self.para_wrapped.set(Some(wrapped));
        wrapped
    }

    /// "kat 2.\nSonuçlar": where lines are not hard-wrapped, a line ends where
    /// its sentence does, even after an abbreviation, initial or ordinal.
    /// A month still continues a date split over two lines ("am 3.\nOktober").
    pub(super) fn line_break_before(&self, from: usize, nx: &Next) -> bool {
        self.text
            .get(from..nx.at)
            .is_some_and(|gap| gap.contains('\n'))
            && !self.in_set(&self.rules.months, self.next_word(nx).0)
            && !self.wrapped()
    }
}

/// "…депутаттары қатысты. Жиында": a long line where one sentence ends and the
/// next runs on to the line break without a final mark was cut at the margin;
/// a headline or caption does not end a sentence halfway through.
fn runs_on_past_a_sentence(line: &str) -> bool {
    // Cheapest tests first: most lines end in a mark, and this runs on every line.
    if !line.ends_with(|c| is_lower(c) || is_upper(c)) || line.len() < WRAP_WIDTH {
        return false;
    }
    // The last ". ", found with `rfind(char)`, which uses memchr.
    let mut end = line.len();
    let split = loop {
        match line.get(..end).and_then(|l| l.rfind('.')) {
            Some(i) if line.as_bytes().get(i + 1) == Some(&b' ') => break Some(i),
            Some(i) => end = i,
            None => break None,
        }
    };
    let Some((head, tail)) = split.and_then(|i| Some((line.get(..i)?, line.get(i + 2..)?))) else {
        return false;
    };
    if line.chars().count() < WRAP_WIDTH {
        return false;
    }
    // The full stop ends a word of running text, not "1." or "Б." of a list or a name.
    let last = head.rsplit(char::is_whitespace).next().unwrap_or("");
    last.chars().filter(|c| c.is_lowercase()).count() >= 2
        && tail.starts_with(char::is_uppercase)
        && tail.chars().all(|c| c.is_alphabetic() || c == ' ')
}
