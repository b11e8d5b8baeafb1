//! News datelines: "АСТАНА. 8 қаңтар. KAZINFORM – …", "MOSCOW, May 5. …".
//! The place (and date) opening a paragraph is a prefix of the first
//! sentence, so the full stops inside it end nothing.

use super::Scanner;
use crate::stages::segment::chars::{is_lower, is_upper};

impl Scanner<'_> {
    /// "АСТАНА. 8 қаңтар. KAZINFORM – …", "MOSCOW, May 5. …": a news
    /// dateline opening a paragraph (a capitalised place, optionally a day and
    /// month) is a prefix of the first sentence, not a sentence.
    pub(super) fn in_dateline(&self, dot: usize) -> bool {
        let from = self.content_start().min(dot);
        let first_of_paragraph = self.cuts.last().is_none_or(|&c| c <= self.para_start);
        if dot - from > 60 || !first_of_paragraph {
            return false;
        }
        let Some(head) = self.text.get(from..dot) else {
            return false;
        };
        if !head.starts_with(is_upper) {
            return false;
        }
        let mut words = head.split_whitespace();
        let place = words.next().unwrap_or("").trim_end_matches(['.', ',']);
        let capitals = written_in_capitals(place);
        // "Астана. 5 сәуір. Baq.kz – …": a place written like a word is a
        // dateline only with a date and then the dash before the story.
        let titled = place.chars().count() >= 3
            && place.split('-').all(|part| {
                let mut chars = part.chars();
                chars.next().is_some_and(is_upper) && chars.all(is_lower)
            });
        let is_day = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
        let is_month = |w: &str| self.in_set(&self.rules.months, w.trim_end_matches(','));
        let rest: Vec<&str> = words.collect();
        match rest.as_slice() {
            [] if capitals => self.agency_or_date_after(dot),
            [] if titled => self.date_after(dot) || self.agency_after(dot),
            [a, b] => {
                (capitals || (titled && self.dash_after(dot)))
                    && ((is_day(a) && is_month(b)) || (is_month(a) && is_day(b)))
            }
            _ => false,
        }
    }

    /// "Астана. 5 сәуір. Baq.kz – …": after the dot at `dot` come a day, a month
    /// with its own dot, and within three words the dash that ends a dateline.
    fn date_after(&self, dot: usize) -> bool {
        let rest = self.text.get(dot + 1..).unwrap_or("");
        let mut words = rest.split_whitespace();
        let (Some(day), Some(month)) = (words.next(), words.next()) else {
            return false;
        };
        day.len() <= 2
            && day.bytes().all(|b| b.is_ascii_digit())
            && month.ends_with('.')
            && self.in_set(&self.rules.months, month.trim_end_matches('.'))
            && words.take(4).any(is_dash_word)
    }

    /// A lone dash among the four words after `dot`.
    fn dash_after(&self, dot: usize) -> bool {
        let rest = self.text.get(dot + 1..).unwrap_or("");
        rest.split_whitespace().take(4).any(is_dash_word)
    }

    /// "Нұр-Сұлтан. ҚазАқпарат – …": after a place written like a word, an
    /// agency name, which is written in capitals or as a brand (at least two
    /// capitals), and within three words the dash that ends a dateline.
    fn agency_after(&self, dot: usize) -> bool {
        let rest = self.text.get(dot + 1..).unwrap_or("");
        let mut words = rest.split_whitespace();
        let agency = words
            .next()
            .is_some_and(|w| w.chars().filter(|c| is_upper(*c)).count() >= 2);
        agency && words.take(3).any(is_dash_word)
    }

    /// After "АСТАНА." comes a date or an agency name ("KAZINFORM",
    /// "ҚазАқпарат"), not an ordinary sentence ("FYI. We…").
    fn agency_or_date_after(&self, dot: usize) -> bool {
        let rest = self.text.get(dot + 1..).unwrap_or("");
        let word = self.word_after(dot + 1 + (rest.len() - rest.trim_start().len()));
        word.starts_with(|c: char| c.is_ascii_digit())
            || word.chars().filter(|c| is_upper(*c)).count() >= 2
    }
}

/// "АСТАНА", "NUR-SULTAN", and "TAShKENT" with the digraph of an ASCII
/// transliteration (Sh, Ch, Zh): capitals with no two small letters in a row.
fn written_in_capitals(word: &str) -> bool {
    let mut prev_lower = true;
    let mut capitals = 0;
    for c in word.chars() {
        let lower = is_lower(c);
        if (lower && prev_lower) || !(lower || is_upper(c) || c == '-') {
            return false;
        }
        capitals += usize::from(is_upper(c));
        prev_lower = lower;
    }
    capitals >= 4
}

fn is_dash_word(word: &str) -> bool {
    matches!(word, "–" | "—" | "-")
}
