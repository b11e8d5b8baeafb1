//! Sentence ends left unmarked, found from the capital of the next word
//! where orthography allows a capital only at a sentence start: German writes
//! articles, conjunctions and adverbs ("der", "dabei", "wenn") in lowercase
//! inside a sentence, so "…startet im Herbst Der Konkurrent…" holds two
//! (a headline run into its story, or a review that dropped its full stops).

use super::{Scanner, lowercase};
use crate::segment::chars::{is_lower, is_upper};

impl Scanner<'_> {
    /// Starts of capitalised `lowercase_inside` words that follow a word
    /// with no punctuation after it.
    pub(super) fn unmarked_cuts(&self) -> Vec<usize> {
        let mut cuts = Vec::new();
        let mut prev: &str = "";
        let mut offset = 0;
        for word in self.text.split(' ') {
            let at = offset;
            offset += word.len() + 1;
            if word.is_empty() {
                continue;
            }
            if self.opens_unmarked(prev, word) && self.cuts.binary_search(&at).is_err() {
                cuts.push(at);
            }
            prev = word;
        }
        cuts
    }

    /// `word` is a capitalised closed-class word ("Dabei", not "DABEI" of a
    /// shouted headline), after a word in running-text case that ends in a
    /// letter or digit ("im Herbst", not "Herbst:" or "PS").
    fn opens_unmarked(&self, prev: &str, word: &str) -> bool {
        let mut chars = word.chars();
        let capitalised = chars.next().is_some_and(is_upper) && chars.next().is_some_and(is_lower);
        let after_text = prev.ends_with(char::is_alphanumeric)
            && prev.chars().any(is_lower)
            && !prev.contains('\n');
        capitalised
            && after_text
            && word.len() <= 16
            && self
                .rules
                .lowercase_inside
                .contains(lowercase(word).as_str())
    }
}
