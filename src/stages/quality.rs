//! The measures of the quality filters: Gopher-style document quality heuristics. The filters
//! that compare them with their settings, and the thresholds `build --dry-run` suggests, are in
//! [`filters`](super::filters).

use std::collections::HashMap;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_prose_measures_clean() {
        let text = "Астанада жаңа саябақ ашылды. Саябақта балалар алаңы, велосипед жолы және шағын \
                    көл бар. Құрылыс жұмыстары өткен жылы басталған.";
        let m = measure(text);
        assert!(m.non_letter_share < 0.1 && m.dup_line_share == 0.0 && m.dup_ngram_share == 0.0);
    }

    #[test]
    fn number_tables_are_mostly_non_letter() {
        let m = measure("2024 | 15,3 | 17,8 | 22,1\n2023 | 14,0 | 16,2 | 20,9");
        assert!(m.non_letter_share > 0.9, "{m:?}");
    }

    #[test]
    fn repeated_lines_and_ngrams_are_measured() {
        let spam = "Купить дешево здесь и сейчас онлайн\n".repeat(5);
        let m = measure(&spam);
        assert!(m.dup_line_share >= 0.8);
        assert!(m.dup_ngram_share > 0.9);
    }

    #[test]
    fn words_are_counted() {
        assert_eq!(measure("Үш сөз бар").words, 3);
    }
}
