//! Stage 8 filters beyond language and length: Gopher-style document quality heuristics. All are
//! off or mild by default; `build --dry-run` reports what each would remove at its configured
//! threshold, or at a suggested one when it is off, before a user turns it on.

use std::collections::HashMap;

use crate::base::config::QualityConfig;
use crate::base::doc::DropReason;

/// Thresholds `--dry-run` reports for filters that are off (Gopher's published values where
/// they exist).
pub const SUGGESTED: QualityConfig = QualityConfig {
    min_words: 50,
    max_non_letter_share: 0.5,
    max_dup_line_share: 0.3,
    max_dup_ngram_share: 0.15,
};

/// The measurements the filters compare against their thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measures {
    pub words: u64,
    pub non_letter_share: f64,
    pub dup_line_share: f64,
    pub dup_ngram_share: f64,
}

pub fn measure(text: &str) -> Measures {
    let mut letters = 0u64;
    let mut others = 0u64;
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        if c.is_alphabetic() {
            letters += 1;
        } else {
            others += 1;
        }
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    Measures {
        words: words.len() as u64,
        non_letter_share: share(others, letters + others),
        dup_line_share: dup_line_share(text),
        dup_ngram_share: dup_ngram_share(&words, 5),
    }
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// Share of non-empty lines that repeat an earlier line of the same document.
fn dup_line_share(text: &str) -> f64 {
    let mut seen: HashMap<&str, ()> = HashMap::new();
    let mut lines = 0u64;
    let mut dups = 0u64;
    for line in text.lines().filter(|l| !l.is_empty()) {
        lines += 1;
        if seen.insert(line, ()).is_some() {
            dups += 1;
        }
    }
    share(dups, lines)
}

/// Share of word characters covered by word n-grams that occur more than once (Gopher's
/// "duplicate n-gram character fraction").
fn dup_ngram_share(words: &[&str], n: usize) -> f64 {
    if words.len() < n {
        return 0.0;
    }
    let mut counts: HashMap<&[&str], u32> = HashMap::new();
    for gram in words.windows(n) {
        *counts.entry(gram).or_insert(0) += 1;
    }
    let mut covered = vec![false; words.len()];
    for (i, gram) in words.windows(n).enumerate() {
        if counts.get(gram).copied().unwrap_or(0) > 1 {
            covered[i..i + n].iter_mut().for_each(|c| *c = true);
        }
    }
    let total: usize = words.iter().map(|w| w.chars().count()).sum();
    let dup: usize = words
        .iter()
        .zip(&covered)
        .filter(|(_, c)| **c)
        .map(|(w, _)| w.chars().count())
        .sum();
    share(dup as u64, total as u64)
}

/// The first filter (in a fixed order) that removes a document, with a detail for `removed/`.
pub fn judge(m: &Measures, q: &QualityConfig) -> Option<(DropReason, String)> {
    failures(m, q).into_iter().next()
}

/// Every filter that would remove the document under `q`.
pub fn failures(m: &Measures, q: &QualityConfig) -> Vec<(DropReason, String)> {
    let mut out = Vec::new();
    if m.words < q.min_words {
        out.push((
            DropReason::TooFewWords,
            format!("{} words, fewer than {}", m.words, q.min_words),
        ));
    }
    if m.non_letter_share > q.max_non_letter_share {
        out.push((
            DropReason::NonLetter,
            format!("{:.2} of characters are not letters", m.non_letter_share),
        ));
    }
    if m.dup_line_share > q.max_dup_line_share {
        out.push((
            DropReason::RepeatedLines,
            format!("{:.2} of lines are repeats", m.dup_line_share),
        ));
    }
    if m.dup_ngram_share > q.max_dup_ngram_share {
        out.push((
            DropReason::RepeatedNgrams,
            format!("{:.2} of characters in repeated 5-grams", m.dup_ngram_share),
        ));
    }
    out
}

/// For `--dry-run`: the thresholds to report, the configured one where a filter is on.
pub fn report_thresholds(q: &QualityConfig) -> QualityConfig {
    let off = QualityConfig::default();
    let pick =
        |on: f64, default_off: f64, suggested: f64| if on == default_off { suggested } else { on };
    QualityConfig {
        min_words: if q.min_words == off.min_words {
            SUGGESTED.min_words
        } else {
            q.min_words
        },
        max_non_letter_share: pick(
            q.max_non_letter_share,
            off.max_non_letter_share,
            SUGGESTED.max_non_letter_share,
        ),
        max_dup_line_share: pick(
            q.max_dup_line_share,
            off.max_dup_line_share,
            SUGGESTED.max_dup_line_share,
        ),
        max_dup_ngram_share: pick(
            q.max_dup_ngram_share,
            off.max_dup_ngram_share,
            SUGGESTED.max_dup_ngram_share,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_prose_passes_defaults_and_suggestions() {
        let text = "Астанада жаңа саябақ ашылды. Саябақта балалар алаңы, велосипед жолы және шағын \
                    көл бар. Құрылыс жұмыстары өткен жылы басталған.";
        let m = measure(text);
        assert!(judge(&m, &QualityConfig::default()).is_none());
        assert!(m.non_letter_share < 0.1 && m.dup_line_share == 0.0 && m.dup_ngram_share == 0.0);
    }

    #[test]
    fn number_tables_are_non_letter() {
        let m = measure("2024 | 15,3 | 17,8 | 22,1\n2023 | 14,0 | 16,2 | 20,9");
        let reasons: Vec<DropReason> = failures(&m, &SUGGESTED).into_iter().map(|f| f.0).collect();
        assert!(reasons.contains(&DropReason::NonLetter), "{reasons:?}");
    }

    #[test]
    fn repeated_lines_and_ngrams_are_caught() {
        let spam = "Купить дешево здесь и сейчас онлайн\n".repeat(5);
        let m = measure(&spam);
        assert!(m.dup_line_share >= 0.8);
        assert!(m.dup_ngram_share > 0.9);
        let reasons: Vec<DropReason> = failures(&m, &SUGGESTED).into_iter().map(|f| f.0).collect();
        assert!(
            reasons.contains(&DropReason::RepeatedLines)
                && reasons.contains(&DropReason::RepeatedNgrams)
        );
    }

    #[test]
    fn word_minimum() {
        let m = measure("Үш сөз бар");
        assert_eq!(m.words, 3);
        let q = QualityConfig {
            min_words: 4,
            ..QualityConfig::default()
        };
        assert_eq!(judge(&m, &q).map(|f| f.0), Some(DropReason::TooFewWords));
    }
}
