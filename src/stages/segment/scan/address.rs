//! E-mail addresses and URLs: their dots and slashes are never boundaries,
//! and one that ends a line of a signature, mail header or link list ends
//! its unit when the line break was lost.

use super::Scanner;
use super::words::Lead;
use crate::stages::segment::chars::{is_closer, is_terminal};

/// Longest e-mail address or URL the scanner inspects; longer tokens are
/// left to the ordinary rules.
const MAX_ADDRESS: usize = 512;

impl Scanner<'_> {
    /// Signatures, mail headers and link lists end a line with an e-mail
    /// address or URL and no full stop; when the line break is lost, the
    /// next capitalised word, number or URL shows where the sentence ended.
    /// In running text an address is followed by a lowercase word or by
    /// punctuation, which the ordinary rules decide. Returns where scanning
    /// resumes: after the address, or at the punctuation that closes it.
    pub(super) fn on_address(&mut self, i: usize) -> usize {
        let Some(end) = self.address_end(i) else {
            if let Some(end) = self.time_stamp_end(i) {
                if self.depth.paren == 0 {
                    self.cut(end);
                }
                return end;
            }
            return i + 1;
        };
        let token = self.text.get(i..end).unwrap_or("");
        let core = i + token
            .trim_end_matches(|c: char| {
                is_terminal(c) || is_closer(c) || matches!(c, ',' | ';' | ':' | '>')
            })
            .len();
        let only_angle = self
            .text
            .get(core..end)
            .is_some_and(|t| t.bytes().all(|b| b == b'>'));
        if only_angle && self.depth.paren == 0 && self.address_ends_sentence(end) {
            self.cut(end);
        }
        core.max(i + 1)
    }

    /// End of the address around `i` ("://" of a URL or "@" inside an
    /// e-mail address), or None if `i` is not in one.
    fn address_end(&self, i: usize) -> Option<usize> {
        let b = self.bytes;
        let prev = *b.get(i.checked_sub(1)?)?;
        let next = *b.get(i + 1)?;
        let url = b.get(i) == Some(&b'/') && prev == b':' && next == b'/';
        let mail =
            b.get(i) == Some(&b'@') && !prev.is_ascii_whitespace() && next.is_ascii_alphanumeric();
        if !url && !mail {
            return None;
        }
        let rest = b.get(i..)?;
        match rest
            .iter()
            .take(MAX_ADDRESS)
            .position(u8::is_ascii_whitespace)
        {
            Some(len) => Some(i + len),
            None if rest.len() <= MAX_ADDRESS => Some(b.len()),
            None => None,
        }
    }

    /// A capitalised word, a number or another URL after an address.
    fn address_ends_sentence(&self, end: usize) -> bool {
        if !self.char_at(end).is_some_and(char::is_whitespace) {
            return false;
        }
        let nx = self.next_info(end);
        if nx.blank_line || nx.via_open {
            return false;
        }
        match nx.lead {
            Lead::Upper | Lead::Digit => true,
            Lead::Lower => {
                // Not `word_after`: URLs are often longer than a word.
                let rest = self.text.get(nx.at..).unwrap_or("");
                ["http://", "https://", "www."]
                    .iter()
                    .any(|p| rest.starts_with(p))
            }
            _ => false,
        }
    }
}
