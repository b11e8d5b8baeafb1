//! Stage 3: site furniture removal. Two complementary signals:
//! - repetition: over the whole input, in how many documents each normalized line occurs (pass
//!   one); a short line found in many documents is furniture and is removed everywhere. The
//!   counts hold one 8-byte hash and a 4-byte count per distinct line, never texts, and fall back
//!   to lossy counting (pruning rare lines) past a configured number of lines;
//! - rules (`rules/*.txt`): credits, "read also" markers and the headline after them, calls to
//!   action, copyright lines, tags — what repetition cannot see in a first, small build.
//!
//! A short line without final punctuation that sits in the same paragraph as removed furniture
//! is furniture too ("Фото:" / "Ақорда" on two lines); the article's own headline (its first
//! line that is not furniture itself) is never removed that way.

mod rules;

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::BuildHasherDefault;

pub use rules::Rules;
use rules::{LineVerdict, is_caption, is_headline};

use crate::chars::{FNV_OFFSET, FNV_PRIME, fold_and_class, lowercase};
use crate::config::BoilerplateConfig;
use crate::dedup::DigestHasher;

/// Lines up to this long without final punctuation, next to furniture, are furniture too.
const ADJACENT_MAX_CHARS: usize = 60;

/// How many times more often a full sentence must recur than a fragment to count as furniture.
const SENTENCE_FACTOR: u32 = 10;

/// A line of at least five words ending like a sentence.
fn looks_like_sentence(line: &str, shape: &LineShape) -> bool {
    let end = line.trim_end_matches(['»', '"', '”', ')', ' ']);
    end.ends_with(['.', '!', '?', '…']) && shape.words >= 5
}

/// Names of the removal kinds that are not rule kinds.
pub const REPEATED: &str = "repeated_line";
pub const ADJACENT: &str = "adjacent_to_furniture";

/// Lines with at most this many words count with their digits folded.
const FOLD_DIGITS_MAX_WORDS: usize = 3;

/// What counting and cleaning need of one line, from a single walk over its characters: the
/// line is lowercased and hashed as it is walked.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LineShape {
    chars: usize,
    /// Words of two or more letters.
    words: usize,
    /// 64-bit FNV-1a of the line lowercased.
    exact: u64,
    /// The key the line is counted under: `exact`, or in lines of a few words the same hash
    /// with every digit folded to `0`.
    key: u64,
}

impl LineShape {
    /// FNV-1a over code points rather than UTF-8 bytes: one multiply per character. The keys
    /// only live in this build's counts and its checkpoints, whose format mark changes with them.
    fn of(line: &str) -> LineShape {
        let mut exact = FNV_OFFSET;
        let (mut chars, mut words, mut run, mut digits) = (0, 0, 0, false);
        for c in line.chars() {
            let (lower, letter, digit) = fold_and_class(c);
            chars += 1;
            run = if letter { run + 1 } else { 0 };
            words += usize::from(run == 2);
            digits |= digit;
            exact = (exact ^ u64::from(lower)).wrapping_mul(FNV_PRIME);
        }
        // Only short lines are counted with their digits folded, and they are short enough
        // to walk again: one hash chain per character on the long ones.
        let key = if words <= FOLD_DIGITS_MAX_WORDS && digits {
            digits_folded(line)
        } else {
            exact
        };
        LineShape {
            chars,
            words,
            exact,
            key,
        }
    }
}

/// The hash of [`LineShape::exact`] with every digit read as `0`. In lines of a few words digits
/// are folded, so "© Site, 2023" and "© Site, 2024", or "Просмотров: 1234" and "Просмотров: 87",
/// count as one line; sentences keep their numbers, since sentences that differ only in figures
/// are different news. A collision only merges two lines' counts.
fn digits_folded(line: &str) -> u64 {
    const ZERO: u64 = '0' as u64;
    line.chars().fold(FNV_OFFSET, |h, c| {
        let (lower, _, digit) = fold_and_class(c);
        let code = if digit { ZERO } else { u64::from(lower) };
        (h ^ code).wrapping_mul(FNV_PRIME)
    })
}

/// What cleaning needs to know of one countable line, measured where the line is counted, so
/// that the cleaning pass need not walk the line again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineKey {
    /// Index of the line in `text.split('\n')`.
    pub line: u32,
    /// Hash of the line lowercased.
    pub exact: u64,
    /// The key the line is counted under: `exact`, or in lines of a few words the hash with
    /// digits folded.
    pub key: u64,
    /// Whether the line looks like a full sentence, which must recur more often to be furniture.
    pub sentence: bool,
}

impl LineKey {
    fn of(index: usize, line: &str, shape: &LineShape) -> LineKey {
        LineKey {
            line: u32::try_from(index).unwrap_or(u32::MAX),
            exact: shape.exact,
            key: shape.key,
            sentence: looks_like_sentence(line, shape),
        }
    }
}

/// The countable lines of one document, in order: those of at most `max_line_chars`
/// characters. Lines are split on `\n` as the cleaner splits them.
pub fn line_keys(text: &str, max_line_chars: u32) -> Vec<LineKey> {
    let max = max_line_chars as usize;
    let mut keys = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        if line.is_empty() || line.len() > 4 * max {
            continue;
        }
        let shape = LineShape::of(line);
        if shape.chars <= max {
            keys.push(LineKey::of(i, line, &shape));
        }
    }
    keys
}

/// The distinct keys a document adds to the counts, sorted. Folded lines with digits are also
/// counted as written, for headlines (see `Cleaner::is_repeated`).
pub fn counted_keys(lines: &[LineKey]) -> Vec<u64> {
    let mut keys: Vec<u64> = Vec::with_capacity(2 * lines.len());
    for l in lines {
        keys.push(l.key);
        if l.exact != l.key {
            keys.push(l.exact);
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Document frequency of line keys, with bounded memory.
pub struct LineCounter {
    counts: HashMap<u64, u32, BuildHasherDefault<DigestHasher>>,
    max_entries: usize,
    /// Counts below this may have been pruned; kept lines' counts are lower bounds.
    pruned_below: u32,
    documents: u64,
}

impl LineCounter {
    pub fn new(max_entries: u64) -> LineCounter {
        LineCounter {
            counts: HashMap::default(),
            max_entries: usize::try_from(max_entries).unwrap_or(usize::MAX).max(1024),
            pruned_below: 0,
            documents: 0,
        }
    }

    /// Adds one document's distinct keys (from [`counted_keys`]).
    pub fn add(&mut self, keys: &[u64]) {
        self.documents += 1;
        for key in keys {
            *self.counts.entry(*key).or_insert(0) += 1;
        }
        if self.counts.len() > self.max_entries {
            self.prune();
        }
    }

    /// Lossy counting: drop the rarest lines until the table is at most half full. Repeated
    /// furniture has high counts and survives; what is lost is the long tail of unique lines.
    fn prune(&mut self) {
        while self.counts.len() > self.max_entries / 2 {
            self.pruned_below += 1;
            let floor = self.pruned_below;
            self.counts.retain(|_, c| *c > floor);
        }
    }

    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Serializes the counts for a resume checkpoint: entries sorted by key, so the bytes are
    /// deterministic.
    pub fn save(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut entries: Vec<(u64, u32)> = self.counts.iter().map(|(k, v)| (*k, *v)).collect();
        entries.sort_unstable();
        for v in [
            self.max_entries as u64,
            u64::from(self.pruned_below),
            self.documents,
            entries.len() as u64,
        ] {
            w.write_all(&v.to_le_bytes())?;
        }
        for (k, v) in entries {
            w.write_all(&k.to_le_bytes())?;
            w.write_all(&v.to_le_bytes())?;
        }
        Ok(())
    }

    pub fn load(r: &mut dyn std::io::Read) -> std::io::Result<LineCounter> {
        let mut head = [0u64; 4];
        for v in &mut head {
            *v = crate::checkpoint::read_u64(r)?;
        }
        let [max_entries, pruned_below, documents, n] = head;
        let mut counts = HashMap::default();
        for _ in 0..n {
            let k = crate::checkpoint::read_u64(r)?;
            let v = crate::checkpoint::read_u32(r)?;
            counts.insert(k, v);
        }
        Ok(LineCounter {
            counts,
            max_entries: usize::try_from(max_entries).unwrap_or(usize::MAX),
            pruned_below: u32::try_from(pruned_below).unwrap_or(u32::MAX),
            documents,
        })
    }

    pub fn distinct_lines(&self) -> usize {
        self.counts.len()
    }

    fn count(&self, key: u64) -> u32 {
        self.counts.get(&key).copied().unwrap_or(0)
    }
}

/// Removes furniture from documents, using the finished counts and the rules.
pub struct Cleaner {
    counter: Option<LineCounter>,
    threshold: u32,
    rules: Option<Rules>,
    max_line_chars: usize,
    kinds: Vec<String>,
}

/// Lines removed from one document, per kind index (see [`Cleaner::kinds`]).
pub type Removed = Vec<(usize, u32)>;

impl Cleaner {
    pub fn new(
        config: &BoilerplateConfig,
        counter: Option<LineCounter>,
        rules: Option<Rules>,
    ) -> Cleaner {
        let documents = counter.as_ref().map_or(0, LineCounter::documents);
        let by_share = (config.doc_share * documents as f64).ceil() as u32;
        let mut kinds = vec![REPEATED.to_string(), ADJACENT.to_string()];
        if let Some(rules) = &rules {
            kinds.extend(rules.kinds().iter().cloned());
        }
        Cleaner {
            counter,
            threshold: config.min_docs.max(by_share),
            rules,
            max_line_chars: config.max_line_chars as usize,
            kinds,
        }
    }

    /// The document count from which a line counts as repeated furniture.
    pub fn threshold(&self) -> u32 {
        self.threshold
    }

    /// Names of removal kinds, indexed by the numbers in [`Removed`].
    pub fn kinds(&self) -> &[String] {
        &self.kinds
    }

    /// The text without furniture, and what was removed.
    pub fn clean(&self, text: &str) -> (String, Removed) {
        let cut = self.cut(text);
        (cut.apply(text).into_owned(), cut.removed)
    }

    /// Which lines of `text` are furniture, without building the cleaned text.
    pub fn cut(&self, text: &str) -> Cut {
        self.cut_measured(text, &[])
    }

    /// [`Cleaner::cut`] given the [`line_keys`] of `text` measured when it was counted; lines
    /// missing from `measured` are measured here.
    pub fn cut_measured(&self, text: &str, measured: &[LineKey]) -> Cut {
        let lines: Vec<&str> = text.split('\n').collect();
        let mut verdicts: Vec<Option<usize>> = vec![None; lines.len()];
        self.apply_rules_and_counts(&lines, measured, &mut verdicts);
        if verdicts.iter().all(Option::is_none) {
            return Cut::default();
        }
        mark_adjacent(&lines, &mut verdicts);
        Cut {
            lines: (0..verdicts.len())
                .filter(|&i| verdicts[i].is_some())
                .collect(),
            removed: tally(&verdicts),
        }
    }

    fn apply_rules_and_counts(
        &self,
        lines: &[&str],
        measured: &[LineKey],
        verdicts: &mut [Option<usize>],
    ) {
        let mut measured = measured.iter().peekable();
        // Until a line is kept, lines are headline candidates: "Биыл 325 дәріхана жөнделеді"
        // must not fall to the folded count of "Биыл 0 дәріхана жөнделеді".
        let mut headline_pending = true;
        for i in 0..lines.len() {
            let line = lines[i];
            if line.is_empty() || verdicts[i].is_some() {
                continue;
            }
            // Long lines are article text: no rule matches them and they are never counted, so
            // the common case skips lowercasing and hashing altogether.
            let limit = self.max_line_chars.max(rules::MAX_RULE_LINE_CHARS);
            let chars = if line.len() > 4 * limit {
                usize::MAX
            } else {
                line.chars().count()
            };
            if chars > limit {
                continue;
            }
            let rule = match &self.rules {
                Some(r) if chars <= rules::MAX_RULE_LINE_CHARS => r.judge(&lowercase(line), chars),
                _ => LineVerdict::Keep,
            };
            match rule {
                LineVerdict::Remove(kind) => verdicts[i] = Some(kind + 2),
                LineVerdict::RemoveWithNext(kind) => {
                    verdicts[i] = Some(kind + 2);
                    if let Some(next) = next_headline(lines, i) {
                        verdicts[next] = Some(kind + 2);
                    }
                }
                LineVerdict::Keep => {
                    let repeated = match &self.counter {
                        Some(counter) if chars <= self.max_line_chars => {
                            let key = key_of_line(&mut measured, i, line);
                            self.is_repeated(counter, &key, headline_pending)
                        }
                        _ => false,
                    };
                    if repeated {
                        verdicts[i] = Some(0);
                    } else {
                        headline_pending = false;
                    }
                }
            }
        }
    }

    fn is_repeated(&self, counter: &LineCounter, line: &LineKey, as_written: bool) -> bool {
        // A full sentence recurs in many articles for two reasons: site furniture ("Редакция
        // может не разделять мнение автора.") or a news formula ("Бұл туралы министрлік
        // хабарлады."). Furniture recurs in nearly every article of its site, formulas far
        // less, so sentences must recur ten times as often before they count as furniture.
        let needed = if line.sentence {
            self.threshold.saturating_mul(SENTENCE_FACTOR)
        } else {
            self.threshold
        };
        let key = if as_written { line.exact } else { line.key };
        counter.count(key) >= needed
    }
}

/// Line `i`'s key from the measured keys (in line order, and read up to line `i` on return), or
/// measured now if it is not among them.
fn key_of_line(
    measured: &mut std::iter::Peekable<std::slice::Iter<'_, LineKey>>,
    i: usize,
    line: &str,
) -> LineKey {
    while measured.next_if(|k| (k.line as usize) < i).is_some() {}
    match measured.next_if(|k| k.line as usize == i) {
        Some(k) => *k,
        None => LineKey::of(i, line, &LineShape::of(line)),
    }
}

/// The headline a "read also" marker points to: the next line of its paragraph, or a one-line
/// paragraph right after it.
fn next_headline(lines: &[&str], i: usize) -> Option<usize> {
    match lines.get(i + 1) {
        Some(next) if !next.is_empty() => is_headline(next).then_some(i + 1),
        Some(_) => {
            let candidate = lines.get(i + 2)?;
            let alone = lines.get(i + 3).is_none_or(|l| l.is_empty());
            (!candidate.is_empty() && alone && is_headline(candidate)).then_some(i + 2)
        }
        None => None,
    }
}

/// Short unpunctuated lines in the same paragraph as removed furniture go too, except the
/// document's headline.
fn mark_adjacent(lines: &[&str], verdicts: &mut [Option<usize>]) {
    // The headline is the first line that is not furniture itself (a site header may sit above).
    let first = (0..lines.len())
        .find(|&i| !lines[i].is_empty() && verdicts[i].is_none())
        .unwrap_or(0);
    let removed: Vec<bool> = verdicts.iter().map(Option::is_some).collect();
    for i in 0..lines.len() {
        if i == first || removed[i] || lines[i].is_empty() {
            continue;
        }
        let short = lines[i].chars().count() <= ADJACENT_MAX_CHARS && is_caption(lines[i]);
        let prev = i > 0 && removed[i - 1];
        let next = removed.get(i + 1).copied().unwrap_or(false);
        if short && (prev || next) {
            verdicts[i] = Some(1);
        }
    }
}

/// The furniture lines of one document and what they were: what [`Cleaner::clean`] removes,
/// small enough to hand to a later pass in place of the cleaned text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cut {
    /// Indices of the removed lines in `text.split('\n')`, ascending.
    pub lines: Vec<usize>,
    pub removed: Removed,
}

impl Cut {
    /// `text` without the cut lines; the text itself when nothing was cut.
    pub fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.lines.is_empty() {
            true => Cow::Borrowed(text),
            false => Cow::Owned(rebuild(text, &self.lines)),
        }
    }
}

/// Joins the lines not cut, with single blank lines between paragraphs and no blank line at the
/// ends.
fn rebuild(text: &str, cut: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_break = false;
    let mut cut = cut.iter().peekable();
    for (i, line) in text.split('\n').enumerate() {
        if cut.next_if(|&&c| c <= i).is_some_and(|&c| c == i) {
            continue;
        }
        if line.is_empty() {
            pending_break = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if pending_break { "\n\n" } else { "\n" });
        }
        pending_break = false;
        out.push_str(line);
    }
    out
}

fn tally(verdicts: &[Option<usize>]) -> Removed {
    let mut counts: Vec<(usize, u32)> = Vec::new();
    for kind in verdicts.iter().flatten() {
        match counts.iter_mut().find(|(k, _)| k == kind) {
            Some((_, n)) => *n += 1,
            None => counts.push((*kind, 1)),
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines the measured-lines property test draws documents from.
    const MEASURE_POOL: [&str; 12] = [
        "Биыл 325 дәріхана жөнделеді",
        "Биыл 417 дәріхана жөнделеді",
        "Биыл 908 дәріхана жөнделеді",
        "Бұл туралы министрлік бүгін баспасөз мәслихатында хабарлады.",
        "Редакция может не разделять мнение автора.",
        "Просмотров: 1234",
        "Просмотров: 5678",
        "Просмотров: 9012",
        "Фото: ТАСС",
        "",
        "Жаңа саябақ ашылды",
        "Мәтін (own)",
    ];

    fn cleaner_with(docs: &[&str]) -> Cleaner {
        let config = BoilerplateConfig {
            min_docs: 3,
            ..BoilerplateConfig::default()
        };
        let mut counter = LineCounter::new(1 << 20);
        for d in docs {
            counter.add(&counted_keys(&line_keys(d, config.max_line_chars)));
        }
        Cleaner::new(&config, Some(counter), Rules::builtin().ok())
    }

    fn removed_kinds(cleaner: &Cleaner, removed: &Removed) -> Vec<String> {
        let mut kinds: Vec<String> = removed
            .iter()
            .map(|(k, _)| cleaner.kinds()[*k].clone())
            .collect();
        kinds.sort();
        kinds
    }

    #[test]
    fn repeated_short_lines_are_removed_everywhere() {
        let docs = [
            "Бірінші жаңалық\n\nМәтін бір.\n\nБіздің сайттың жолы 2023",
            "Екінші жаңалық\n\nМәтін екі.\n\nБіздің сайттың жолы 2024",
            "Үшінші жаңалық\n\nМәтін үш.\n\nБіздің сайттың жолы 2025",
        ];
        let cleaner = cleaner_with(&docs);
        let (text, removed) = cleaner.clean(docs[0]);
        assert_eq!(text, "Бірінші жаңалық\n\nМәтін бір.");
        assert_eq!(removed_kinds(&cleaner, &removed), [REPEATED]);
    }

    #[test]
    fn long_repeated_lines_are_article_text_and_stay() {
        let body = "Бұл ұзын абзац репост болған мақаланың мәтіні, оны жоюға болмайды. ".repeat(6);
        let titles = [
            "Бірінші тақырып",
            "Екінші тақырып",
            "Үшінші тақырып",
            "Төртінші тақырып",
        ];
        let docs: Vec<String> = titles
            .iter()
            .map(|t| format!("{t}\n\n{}", body.trim_end()))
            .collect();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let cleaner = cleaner_with(&refs);
        assert_eq!(cleaner.clean(refs[0]).0, refs[0]);
    }

    #[test]
    fn read_also_marker_takes_the_other_headline_but_not_our_title() {
        let cleaner = cleaner_with(&[]);
        let doc = "Астанада жаңа саябақ ашылды\n\nФото: Ақорда\n\nСаябақта көл бар.\n\nТағы да оқыңыздар:\nАлматыда жол жөндеу басталды";
        let (text, removed) = cleaner.clean(doc);
        assert_eq!(text, "Астанада жаңа саябақ ашылды\n\nСаябақта көл бар.");
        assert_eq!(removed_kinds(&cleaner, &removed), ["credit", "read_also"]);
    }

    #[test]
    fn caption_line_next_to_a_credit_goes_too() {
        let cleaner = cleaner_with(&[]);
        let doc = "Тақырып\n\nМәтін осында.\n\nФото:\nАқорда баспасөз қызметі";
        let (text, removed) = cleaner.clean(doc);
        assert_eq!(text, "Тақырып\n\nМәтін осында.");
        assert_eq!(removed_kinds(&cleaner, &removed), [ADJACENT, "credit"]);
    }

    #[test]
    fn lossy_counting_keeps_frequent_lines() {
        let mut counter = LineCounter::new(1024);
        for i in 0..5000u64 {
            counter.add(&[i + 100, 7]);
        }
        assert!(counter.distinct_lines() <= 1024);
        assert!(counter.count(7) >= 5000 - counter.pruned_below);
    }

    #[test]
    fn headline_below_a_site_header_is_kept() {
        let cleaner = cleaner_with(&[]);
        let doc = "Басты бет / Жаңалықтар\nБелдөң ауылында қорық салынбақ\n\nМәтін осында.";
        assert_eq!(
            cleaner.clean(doc).0,
            "Белдөң ауылында қорық салынбақ\n\nМәтін осында."
        );
    }

    #[test]
    fn sentences_differing_in_figures_are_not_one_repeated_line() {
        let docs: Vec<String> = (0..12)
            .map(|i| {
                format!(
                    "Тақырып {}\n\nӨткен жылмен салыстырғанда бұл көрсеткіш {i},3% өскен.",
                    ["а", "б", "в", "г", "д", "е", "ж", "з", "и", "к", "л", "м"][i]
                )
            })
            .collect();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let cleaner = cleaner_with(&refs);
        assert!(
            cleaner.clean(refs[0]).0.contains("38,3%") || cleaner.clean(refs[0]).0.contains("0,3%")
        );
        let views: Vec<String> = (0..12)
            .map(|i| format!("Мәтін {i}.\nПросмотров: {}", i * 17))
            .collect();
        let refs: Vec<&str> = views.iter().map(String::as_str).collect();
        let cleaner = cleaner_with(&refs);
        assert!(!cleaner.clean(refs[3]).0.contains("Просмотров"));
    }

    #[test]
    fn formulaic_sentences_need_far_more_repeats_than_fragments() {
        let formula = "Жоспар бойынша жұмыстар жыл соңына дейін аяқталады.";
        let docs: Vec<String> = (0..12)
            .map(|i| {
                format!(
                    "Мәтін нөмірі {}\n{formula}",
                    "абвгдежзиклм".chars().nth(i).unwrap_or('а')
                )
            })
            .collect();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let cleaner = cleaner_with(&refs);
        assert!(
            cleaner.clean(refs[0]).0.contains(formula),
            "12 repeats of a sentence are not furniture"
        );
        let many: Vec<String> = (0..40)
            .map(|i| format!("Мәтін {i} туралы\nРедакция автордың пікірімен келіспеуі мүмкін."))
            .collect();
        let refs: Vec<&str> = many.iter().map(String::as_str).collect();
        let cleaner = cleaner_with(&refs);
        assert!(
            !cleaner.clean(refs[0]).0.contains("Редакция"),
            "40 repeats at threshold 3 are"
        );
    }

    #[test]
    fn headlines_keep_their_numbers() {
        let docs: Vec<String> = (0..12)
            .map(|i| {
                format!(
                    "Биыл {} дәріхана жөнделеді\n\nМәтін {i}. Бұл жаңалық.",
                    300 + i
                )
            })
            .collect();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let cleaner = cleaner_with(&refs);
        assert!(
            cleaner
                .clean(refs[0])
                .0
                .starts_with("Биыл 300 дәріхана жөнделеді")
        );
    }

    #[test]
    fn text_without_furniture_is_unchanged() {
        let cleaner = cleaner_with(&[]);
        let doc = "Тақырып\n\nБірінші абзац.\nЕкінші жол.\n\nҮшінші абзац.";
        assert_eq!(cleaner.clean(doc), (doc.to_string(), Vec::new()));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("CORPUSMILL_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
        ))]
        /// A line's keys ignore case, the folded key also the value of each digit, and the
        /// word count is that of a split into runs of letters.
        #[test]
        fn line_shape_folds_case_and_digits(line in "[a-zA-Zа-яА-ЯәӘ0-9٣① .,:©-]{0,40}") {
            let shape = LineShape::of(&line);
            let lower = LineShape::of(&lowercase(&line));
            proptest::prop_assert_eq!(shape.exact, lower.exact);
            let zeroed: String = line.chars().map(|c| if c.is_numeric() { '7' } else { c }).collect();
            proptest::prop_assert_eq!(digits_folded(&line), digits_folded(&zeroed));
            let short = shape.words <= FOLD_DIGITS_MAX_WORDS;
            let key = if short { digits_folded(&line) } else { shape.exact };
            proptest::prop_assert_eq!(shape.key, key);
            if zeroed != line {
                proptest::prop_assert_ne!(shape.exact, LineShape::of(&zeroed).exact);
            }
            let words = line
                .split(|c: char| !crate::chars::is_letter(c))
                .filter(|w| w.chars().nth(1).is_some())
                .count();
            proptest::prop_assert_eq!(shape.words, words);
            proptest::prop_assert_eq!(shape.chars, line.chars().count());
        }

        /// The single-chain walk keys lines as the two chains side by side did, so counts and
        /// checkpoints keep their keys.
        #[test]
        fn line_keys_are_those_of_two_chains(line in "[a-zA-Zа-яА-ЯәӘ0-9٣①² .,:©-]{0,40}") {
            let (mut exact, mut folded) = (FNV_OFFSET, FNV_OFFSET);
            for c in line.chars() {
                let code = u64::from(u32::from(crate::chars::fold_case(c)));
                let digit = crate::chars::letter_or_numeric(c).1;
                exact = (exact ^ code).wrapping_mul(FNV_PRIME);
                folded = (folded ^ if digit { u64::from(b'0') } else { code }).wrapping_mul(FNV_PRIME);
            }
            let shape = LineShape::of(&line);
            let key = if shape.words <= FOLD_DIGITS_MAX_WORDS { folded } else { exact };
            proptest::prop_assert_eq!((shape.exact, shape.key), (exact, key));
        }

        /// Cutting with the lines measured when they were counted, with some of them or with
        /// none, cuts as measuring every line again does: documents drawn from a few lines, so
        /// that sentences, headlines with figures and folded lines recur.
        #[test]
        fn measured_lines_cut_as_lines_measured_again(
            docs in proptest::collection::vec(proptest::collection::vec(0..MEASURE_POOL.len(), 0..6), 3..36),
            keep in proptest::collection::vec(proptest::bool::ANY, 8),
        ) {
            // The last pool line stands for a line of the document's own, which is kept and
            // so ends the headline.
            let own = |doc: usize| -> String {
                let letters: String = doc.to_string().chars().map(|d| ['а', 'б', 'в', 'г', 'д', 'е', 'ж', 'з', 'и', 'к'][d as usize - '0' as usize]).collect();
                format!("Мәтін {letters}")
            };
            let texts: Vec<String> = docs
                .iter()
                .enumerate()
                .map(|(n, d)| {
                    let lines: Vec<String> = d
                        .iter()
                        .map(|&i| match i + 1 == MEASURE_POOL.len() {
                            true => own(n),
                            false => MEASURE_POOL[i].to_string(),
                        })
                        .collect();
                    lines.join("\n")
                })
                .collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let cleaner = cleaner_with(&refs);
            for text in &texts {
                let measured = line_keys(text, 300);
                let some: Vec<LineKey> = measured
                    .iter()
                    .zip(keep.iter().cycle())
                    .filter(|(_, k)| **k)
                    .map(|(l, _)| *l)
                    .collect();
                let cut = cleaner.cut(text);
                proptest::prop_assert_eq!(&cleaner.cut_measured(text, &measured), &cut);
                proptest::prop_assert_eq!(&cleaner.cut_measured(text, &some), &cut);
            }
        }

        /// Cleaning only removes whole lines, never edits one, and is idempotent.
        #[test]
        fn cleaning_removes_whole_lines_only(lines in proptest::collection::vec("(Фото: |Читайте также|©|[a-zа-яә ]{0,30})[a-zа-яә .]{0,20}", 0..12)) {
            let cleaner = cleaner_with(&[]);
            let text = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n");
            let (out, _) = cleaner.clean(&text);
            let input: Vec<&str> = text.lines().collect();
            for line in out.lines() {
                proptest::prop_assert!(input.contains(&line), "{line:?} was not an input line");
            }
            proptest::prop_assert_eq!(cleaner.clean(&out).0, out.clone());
        }
    }
}
