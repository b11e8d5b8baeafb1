//! Parentheses that stand between sentences rather than inside one: an
//! editorial note opening a sentence ("(Reuters) Police said…"), a source
//! after one ("…he said. (Reuters) The…"), and smileys and emoticons that
//! close a clause in informal writing ("Спасибо) Приходите", "Danke! :-) Dann").

use super::Scanner;
use super::words::Lead;

impl Scanner<'_> {
    /// "(Siehe auch Seite 3) Der Kanzler…", "(Reuters) Police said…": a
    /// short parenthesis opening a sentence and followed by a capitalised
    /// word is an editorial note or source line of its own.
    pub(super) fn opening_note(&self, close: usize) -> bool {
        // Not `content_start`, which skips the "(" as an opener.
        let head = self.text.get(self.sent_start..close).unwrap_or("");
        let open = close - head.trim_start().len();
        if open >= close || close - open > 120 || self.bytes.get(open) != Some(&b'(') {
            return false;
        }
        let inner = self.text.get(open + 1..close).unwrap_or("");
        // "(571) Дульсинея": a number is part of the name after it.
        if !inner.contains(char::is_alphabetic) || inner.contains(['(', ')', '\n']) {
            return false;
        }
        if !self.char_at(close + 1).is_some_and(char::is_whitespace) {
            return false;
        }
        let nx = self.next_info(close + 1);
        !nx.blank_line && nx.lead == Lead::Upper
    }

    /// "…he said. (Reuters) The…", "…шаги. (А. А. Блок) Это…": a short
    /// parenthesised source right after a sentence never opens the next one,
    /// so a boundary falls after the closing parenthesis.
    pub(super) fn source_note(&self, from: usize) -> Option<usize> {
        let rest = self.text.get(from..)?;
        let body = rest.trim_start_matches([' ', '\u{a0}']).strip_prefix('(')?;
        let (close, _) = body
            .char_indices()
            .take_while(|(i, _)| *i < 120)
            .find(|(_, c)| *c == ')')?;
        let inner = body.get(..close)?;
        // "(571) Дульсинея" is a number in a name, not a source: sources have letters.
        let plain = !inner.contains(['?', '!', '…', '(', '\n'])
            && !inner.trim_end().ends_with('.')
            && inner.contains(char::is_alphabetic);
        let end = from + (rest.len() - body.len()) + close + 1;
        let nx = self.next_info(end);
        let space_after = self.char_at(end).is_some_and(char::is_whitespace);
        (plain
            && !inner.trim().is_empty()
            && space_after
            && !nx.blank_line
            && nx.lead == Lead::Upper)
            .then_some(end)
    }

    /// ":-)", ":)", ";-)", ":(" written as a separate word.
    pub(super) fn emoticon_before(&self, i: usize) -> bool {
        let head = self.bytes.get(..i).unwrap_or(&[]);
        let eyes = match head {
            [.., b':' | b';', b'-'] => head.len() - 2,
            [.., b':' | b';'] => head.len() - 1,
            _ => return false,
        };
        eyes == 0 || head.get(eyes - 1).is_some_and(u8::is_ascii_whitespace)
    }

    /// "Спасибо) Приходите", "совы))) По": a closing parenthesis with no
    /// opening one, attached to a word, is a smiley (not a "1)" list marker).
    pub(super) fn smiley_paren(&self, i: usize) -> bool {
        let (start, tok) = self.token_before(i);
        let word = tok.trim_end_matches(')');
        start < i
            && word.chars().count() > 1
            && word.chars().last().is_some_and(char::is_alphabetic)
            && !self.only_fillers(self.sent_start, start)
    }

    /// An emoticon closes a clause in informal writing: "Danke! :-) Dann…".
    pub(super) fn decide_emoticon(&self, after: usize) -> bool {
        if !self.char_at(after).is_some_and(char::is_whitespace) {
            return false;
        }
        let nx = self.next_info(after);
        !nx.blank_line && matches!(nx.lead, Lead::Upper | Lead::Digit | Lead::Caseless)
    }
}
