//! Sentence ends left unmarked, found after the main loop from what follows
//! them. Where orthography allows a capital only at a sentence start, the
//! capital of the next word shows the end: German writes articles,
//! conjunctions and adverbs ("der", "dabei", "wenn") in lowercase inside a
//! sentence, so "…startet im Herbst Der Konkurrent…" holds two (a headline run
//! into its story, or a review that dropped its full stops). Where words are
//! written without spaces (Chinese, Japanese), a space between ideographs does.

use super::Scanner;
use crate::stages::segment::chars::{is_cjk, is_lower};

/// Longest listed word in bytes ("vielleicht", "allerdings"); longer words
/// skip the lookup.
const MAX_WORD: usize = 12;

impl Scanner<'_> {
    /// Starts of capitalised `lowercase_inside` words that follow a word
    /// with no punctuation after it.
    pub(super) fn unmarked_cuts(&self) -> Vec<usize> {
        let b = self.bytes;
        let mut cuts = Vec::new();
        // Byte scan: the listed words are ASCII-initial, so only a space
        // before an ASCII capital and small letter is worth a closer look
        // (German nouns make capitals common, so the word is checked next).
        // A plain pair scan: words are short, so searching for each space
        // (memchr) costs more than looking at every byte once.
        for (i, pair) in b.windows(2).enumerate() {
            if pair[0] != b' ' || !pair[1].is_ascii_uppercase() {
                continue;
            }
            let at = i + 1;
            // "Dabei", not "DABEI" of a shouted headline.
            if !b.get(at + 1).is_some_and(u8::is_ascii_lowercase) {
                continue;
            }
            let mut buf = [0u8; MAX_WORD];
            let Some(low) = ascii_word_lowered(b.get(at..).unwrap_or(&[]), &mut buf) else {
                continue;
            };
            if !self.rules.lowercase_inside.contains(low) {
                continue;
            }
            let (_, prev) = self.token_before(i);
            let after_text = prev.ends_with(char::is_alphanumeric) && prev.chars().any(is_lower);
            if after_text && self.cuts.binary_search(&at).is_err() {
                cuts.push(at);
            }
        }
        cuts
    }
}

/// The ASCII word at the start of `bytes` lowercased into `buf`, when it is
/// a whole word (a space, line break or the end after it) that fits.
fn ascii_word_lowered<'b>(bytes: &[u8], buf: &'b mut [u8; MAX_WORD]) -> Option<&'b str> {
    let len = bytes
        .iter()
        .take(MAX_WORD + 1)
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let ends = bytes.get(len).is_none_or(|&b| b == b' ' || b == b'\n');
    let dst = buf.get_mut(..len).filter(|_| ends)?;
    dst.copy_from_slice(bytes.get(..len)?);
    dst.make_ascii_lowercase();
    std::str::from_utf8(dst).ok()
}

/// Chinese and Japanese put no spaces between words, so a space between two
/// ideographs marks where a heading or unpunctuated line ended.
pub(super) fn cjk_space_cuts(text: &str) -> Vec<usize> {
    let mut cuts = Vec::new();
    let mut prev: Option<char> = None;
    let mut gap_start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            gap_start = gap_start.or(Some(i));
            continue;
        }
        if let (Some(p), Some(g)) = (prev, gap_start)
            && is_cjk(p)
            && is_cjk(c)
        {
            cuts.push(g);
        }
        gap_start = None;
        prev = Some(c);
    }
    cuts
}
