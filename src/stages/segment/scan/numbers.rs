//! Numbers before an abbreviation, which decide its role: "2007 г." is a
//! year where "г. Москва" is a city, and a figure after a copula dash
//! ("Ұзындығы – 12 км.") is the predicate that closes the sentence.

use super::Scanner;
use super::lower::lowercase;

impl Scanner<'_> {
    /// "2007 г", "10 млн", "XX ғ": the word before `start` is a number.
    pub(super) fn number_before(&self, start: usize) -> bool {
        let (prev_start, prev) = self.token_before(start.saturating_sub(1).max(self.sent_start));
        if prev.chars().last().is_some_and(|c| c.is_ascii_digit()) || is_century(prev) {
            return true;
        }
        // "3,5 млрд руб.": a multiplier or unit may stand between.
        let unit = prev.trim_end_matches('.');
        prev_start > self.sent_start
            && prev_start < start
            && !unit.is_empty()
            && unit.len() <= self.rules.longest_entry
            && self.rules.after_number.contains(lowercase(unit).as_str())
            && {
                let (_, before) = self.token_before(prev_start.saturating_sub(1));
                before.chars().last().is_some_and(|c| c.is_ascii_digit())
            }
    }

    /// "– 2025–2029 жж", "— 12 км": the number before `start` comes right after a
    /// dash that follows a word, as in a "subject – predicate" sentence.
    pub(super) fn predicate_after_dash(&self, start: usize) -> bool {
        let (num_start, _) = self.token_before(start.saturating_sub(1).max(self.sent_start));
        if num_start <= self.sent_start {
            return false;
        }
        let before = self.text.get(self.sent_start..num_start).unwrap_or("");
        let Some(head) = before.trim_end().strip_suffix(['–', '—', '-']) else {
            return false;
        };
        // The dash stands alone after a word: not "2025-", "—12" or the range "1380 — 93".
        head.ends_with(char::is_whitespace)
            && head.trim_end().ends_with(|c: char| c.is_alphabetic())
    }
}

/// "XIX", "XI–XII", and "ХІХ" typed with the Cyrillic look-alikes Х and І, as
/// Kazakh and Russian texts often do.
fn is_century(token: &str) -> bool {
    let last = token.rsplit(['–', '—', '-']).next().unwrap_or(token);
    !last.is_empty()
        && last.chars().count() <= 6
        && last
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'M' | 'Х' | 'І'))
}
