//! Letters' sign-offs ("Best regards,", "Thanks,") that lost the line break
//! after them: a pass after the main loop, for languages that list closing
//! words.

use super::Scanner;
use super::words::{Lead, is_word_char};

/// Bytes of a sentence's start searched for a sign-off's comma; the longest
/// sign-offs ("With kind regards,", "Yours very truly,") are about 20.
const SIGN_OFF_WINDOW: usize = 32;

impl Scanner<'_> {
    /// A letter's sign-off ("Best regards,", "Thanks,") is written on a line
    /// of its own above the name; when the line break is lost, the comma
    /// after the closing word is where that sentence ended.
    pub(super) fn sign_off_cuts(&self) -> Vec<usize> {
        self.units()
            .filter_map(|(start, end)| self.sign_off_end(start).filter(|&p| p < end))
            .collect()
    }

    /// End of a sign-off of at most three words opening the sentence at
    /// `start`, when a capitalised name follows it. A name followed by a
    /// comma is addressed, not signed: "Thanks, Anna, for the tea."
    fn sign_off_end(&self, start: usize) -> Option<usize> {
        let rest = self.text.get(start..)?;
        let body = rest.trim_start();
        // Most sentences have no comma near their start: a short search
        // (memchr, via `str::find`) rules them out before any word is read.
        let mut n = body.len().min(SIGN_OFF_WINDOW);
        while !body.is_char_boundary(n) {
            n -= 1;
        }
        let comma = body.get(..n)?.find(',')?;
        // "Thanks, but…": only a capital after the comma is worth a lookup.
        let name_first = body.as_bytes().get(comma + 2).copied().unwrap_or(0);
        if !body
            .as_bytes()
            .get(comma + 1)
            .is_some_and(u8::is_ascii_whitespace)
            || !(name_first.is_ascii_uppercase() || name_first >= 0x80)
        {
            return None;
        }
        let head = body.get(..comma)?;
        let closing = head.rsplit(' ').next()?;
        let plain = head.split(' ').count() <= 3
            && head
                .split(' ')
                .all(|w| !w.is_empty() && w.chars().all(is_word_char));
        if !plain || !self.in_set(&self.rules.closings, closing) {
            return None;
        }
        let end = start + (rest.len() - body.len()) + comma + 1;
        let nx = self.next_info(end);
        let (name, _) = self.next_word(&nx);
        let addressed = self.bytes.get(nx.at + name.len()) == Some(&b',');
        let signed = nx.lead == Lead::Upper && !nx.blank_line && !nx.via_dash;
        (signed && !addressed).then_some(end)
    }
}
