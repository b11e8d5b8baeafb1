//! Repetition: over the whole input, in how many distinct documents each normalized line occurs.
//! A short line found in many documents is site furniture. The counts hold one 8-byte hash and
//! a 4-byte count per distinct line, never texts, and fall back to lossy counting (pruning rare
//! lines) past a configured number of lines.
//!
//! Lines are keyed so that the instances of one template count as one line: lowercased, and in
//! short lines with digits every run of digits and every month or day name folded ("14:37, 13
//! Qańtar 2026 | GMT +5" and "09:05, 2 Aqpan 2026 | GMT +5"). Lines among the first and last
//! few of a document are also counted apart from body lines, with every line that is not a
//! sentence folded that way, since templates (bylines, dates, counters) sit there. Each distinct
//! text counts once: the exact copies of a document (a mirrored feed posting one text hundreds
//! of times) must not turn its own lines into furniture.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasherDefault;

use crate::base::chars::{FNV_OFFSET, FNV_PRIME, fold_and_class};
use crate::stages::dedup::DigestHasher;

/// Lines with at most this many words count with their digits folded anywhere.
const FOLD_DIGITS_MAX_WORDS: usize = 3;
/// Lines among the first and last this many non-empty lines of a document are edge lines.
const EDGE_LINES: usize = 3;
/// Edge lines longer than this are text, counted as written.
const EDGE_FOLD_MAX_CHARS: usize = 200;
/// Mixed into the keys of edge lines, so they count apart from the same lines in the body.
const EDGE_SALT: u64 = 0x9e37_79b9_7f4a_7c15;

/// A line of at least five words ending like a sentence.
pub(super) fn looks_like_sentence(line: &str, words: usize) -> bool {
    let end = line.trim_end_matches(['»', '"', '”', ')', ' ']);
    end.ends_with(['.', '!', '?', '…']) && words >= 5
}

/// What counting and cleaning need of one line, from a single walk over its characters: the
/// line is lowercased and hashed as it is walked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct LineShape {
    pub chars: usize,
    /// Words of two or more letters.
    pub words: usize,
    /// 64-bit FNV-1a of the line lowercased.
    pub exact: u64,
    /// The key the line is counted under in the body: `exact`, or in lines of a few words the
    /// template key ([`template_key`]).
    pub key: u64,
    pub digits: bool,
}

impl LineShape {
    /// FNV-1a over code points rather than UTF-8 bytes: one multiply per character. The keys
    /// only live in this build's counts and its checkpoints, whose format mark changes with them.
    pub fn of(line: &str) -> LineShape {
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
        // Only short lines are counted as templates, and they are short enough to walk again:
        // one hash chain per character on the long ones.
        let key = if words <= FOLD_DIGITS_MAX_WORDS && digits {
            template_key(line)
        } else {
            exact
        };
        LineShape {
            chars,
            words,
            exact,
            key,
            digits,
        }
    }
}

/// The hash of a line lowercased, with every run of digits read as one `0` and every month or
/// day name as one placeholder. Sentences keep their numbers, since sentences that differ only
/// in figures are different news. A collision only merges two lines' counts.
pub(super) fn template_key(line: &str) -> u64 {
    const ZERO: u64 = '0' as u64;
    /// Stands for a month or day name: not a character, so no text hashes to it.
    const DATE: u64 = 0x11_0000;
    let mut h = FNV_OFFSET;
    let mut word = String::new();
    let mut in_digits = false;
    let flush = |word: &mut String, h: &mut u64| {
        if word.is_empty() {
            return;
        }
        if super::dates::is_month_or_day(word) {
            *h = (*h ^ DATE).wrapping_mul(FNV_PRIME);
        } else {
            for c in word.chars() {
                *h = (*h ^ u64::from(u32::from(c))).wrapping_mul(FNV_PRIME);
            }
        }
        word.clear();
    };
    for c in line.chars() {
        let (lower, letter, digit) = fold_and_class(c);
        if letter {
            word.push(char::from_u32(lower).unwrap_or(c));
            in_digits = false;
            continue;
        }
        flush(&mut word, &mut h);
        if digit {
            if !in_digits {
                h = (h ^ ZERO).wrapping_mul(FNV_PRIME);
            }
            in_digits = true;
            continue;
        }
        in_digits = false;
        h = (h ^ u64::from(lower)).wrapping_mul(FNV_PRIME);
    }
    flush(&mut word, &mut h);
    h
}

/// What cleaning needs to know of one countable line, measured where the line is counted, so
/// that the cleaning pass need not walk the line again.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LineKey {
    /// Index of the line in `text.split('\n')`.
    pub line: u32,
    /// Hash of the line lowercased.
    pub exact: u64,
    /// The key the line is counted under: `exact`, or in lines of a few words the template key.
    pub key: u64,
    /// Whether the line looks like a full sentence, which must recur more often to be furniture.
    pub sentence: bool,
    /// For a line among the first or last few of its document, the key it is also counted
    /// under there.
    pub edge: Option<u64>,
}

impl LineKey {
    pub(super) fn of(index: usize, line: &str, shape: &LineShape, edge: bool) -> LineKey {
        let sentence = looks_like_sentence(line, shape.words);
        LineKey {
            line: u32::try_from(index).unwrap_or(u32::MAX),
            exact: shape.exact,
            key: shape.key,
            sentence,
            edge: edge.then(|| edge_key(line, shape, sentence)),
        }
    }
}

/// An edge line that is no sentence is counted as a template; a line ending like a sentence,
/// however short ("Бағдарламаға 255 отбасы қатысады."), keeps its figures.
fn edge_key(line: &str, shape: &LineShape, sentence: bool) -> u64 {
    let base = if sentence
        || !shape.digits
        || shape.chars > EDGE_FOLD_MAX_CHARS
        || ends_like_sentence(line)
    {
        shape.exact
    } else if shape.key != shape.exact {
        shape.key
    } else {
        template_key(line)
    };
    (base ^ EDGE_SALT).wrapping_mul(FNV_PRIME)
}

/// Whether a line ends with sentence punctuation that is not the full stop of a one-letter
/// abbreviation ("2024 ж.", "2024 г.").
fn ends_like_sentence(line: &str) -> bool {
    let end = line.trim_end_matches(['»', '"', '”', ')', ' ']);
    match end.chars().last() {
        Some('.') => !super::inline::abbreviation_before(end, '.'),
        Some('!' | '?' | '…') => true,
        _ => false,
    }
}

/// Which lines of a document are edge lines: the first and last [`EDGE_LINES`] non-empty ones.
pub(super) struct Edges {
    first_end: usize,
    last_start: usize,
}

impl Edges {
    pub fn of(lines: &[&str]) -> Edges {
        let non_empty: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
        Edges {
            first_end: non_empty.get(EDGE_LINES).copied().unwrap_or(usize::MAX),
            last_start: non_empty
                .len()
                .checked_sub(EDGE_LINES)
                .and_then(|k| non_empty.get(k).copied())
                .unwrap_or(0),
        }
    }

    pub fn contains(&self, line: usize) -> bool {
        line < self.first_end || line >= self.last_start
    }
}

/// The countable lines of one document, in order: those of at most `max_line_chars`
/// characters. Lines are split on `\n` as the cleaner splits them.
pub fn line_keys(text: &str, max_line_chars: u32) -> Vec<LineKey> {
    let max = max_line_chars as usize;
    let lines: Vec<&str> = text.split('\n').collect();
    let edges = Edges::of(&lines);
    let mut keys = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.is_empty() || line.len() > 4 * max {
            continue;
        }
        let shape = LineShape::of(line);
        if shape.chars <= max {
            keys.push(LineKey::of(i, line, &shape, edges.contains(i)));
        }
    }
    keys
}

/// The distinct keys a document adds to the counts, sorted. Folded lines with digits are also
/// counted as written, for headlines (see `Cleaner::is_repeated`), and edge lines also under
/// their edge key.
pub fn counted_keys(lines: &[LineKey]) -> Vec<u64> {
    let mut keys: Vec<u64> = Vec::with_capacity(2 * lines.len());
    for l in lines {
        keys.push(l.key);
        if l.exact != l.key {
            keys.push(l.exact);
        }
        keys.extend(l.edge);
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// A 128-bit fingerprint of a document's text, to count each distinct text once. Not
/// cryptographic: two lanes of multiply-rotate over 8-byte words, about as fast as reading.
pub fn fingerprint(text: &str) -> u128 {
    const K1: u64 = 0x9e37_79b9_7f4a_7c15;
    const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;
    let bytes = text.as_bytes();
    let (mut a, mut b) = (K1 ^ bytes.len() as u64, K2);
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        let mut word = [0u8; 8];
        word.copy_from_slice(w);
        let v = u64::from_le_bytes(word);
        a = (a ^ v).wrapping_mul(K2).rotate_left(29);
        b = (b ^ v).wrapping_mul(K1).rotate_left(31) ^ a;
    }
    let mut tail = [0u8; 8];
    tail[..words.remainder().len()].copy_from_slice(words.remainder());
    let v = u64::from_le_bytes(tail);
    a = mix((a ^ v).wrapping_mul(K2));
    b = mix((b ^ v).wrapping_mul(K1) ^ a);
    (u128::from(a) << 64) | u128::from(b)
}

/// MurmurHash3's 64-bit finalizer.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

/// The counts are kept in this many stripes, each pruned on its own, so that a planned build's
/// count tasks can each own some stripes and count exactly what a one-process count does: up
/// to this many count tasks share the work.
const STRIPES: usize = 256;
/// Entries a stripe may hold at least before it is pruned, whatever `max_tracked_lines` says.
const MIN_STRIPE_ENTRIES: usize = 16;

/// The stripe of line key `key`: the top bits of a multiplicative hash, which the table's own
/// bucket and tag bits (the key's low and top bits) do not depend on.
fn stripe_of(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - STRIPES.trailing_zeros())) as usize
}

type Counts = HashMap<u64, u32, BuildHasherDefault<DigestHasher>>;

#[derive(Default)]
struct Stripe {
    counts: Counts,
    /// Counts below this may have been pruned; kept lines' counts are lower bounds.
    pruned_below: u32,
}

impl Stripe {
    /// Lossy counting: drop the rarest lines until the stripe is at most half full. Repeated
    /// furniture has high counts and survives; what is lost is the long tail of unique lines.
    fn prune(&mut self, max_entries: usize) {
        while self.counts.len() > max_entries / 2 {
            self.pruned_below += 1;
            let floor = self.pruned_below;
            self.counts.retain(|_, c| *c > floor);
        }
    }
}

/// Document frequency of line keys over distinct texts, with bounded memory.
pub struct LineCounter {
    stripes: Vec<Stripe>,
    /// Which stripes this counter counts: all of them, or a count task's share.
    part: (usize, usize),
    /// Entries one stripe may hold before it is pruned.
    stripe_entries: usize,
    documents: u64,
    /// Fingerprints of the texts counted so far (only while counting; not saved).
    seen: HashSet<u128, BuildHasherDefault<DigestHasher>>,
}

impl LineCounter {
    /// A counter of every line, holding about `max_entries` lines at most.
    pub fn new(max_entries: u64) -> LineCounter {
        LineCounter::part(max_entries, (0, 1))
    }

    /// A counter of the stripes `s` with `s % parts == part` only; every part's documents
    /// are the whole count's. The parts of one input, joined ([`LineCounter::join`]), equal the
    /// counter of [`LineCounter::new`].
    pub fn part(max_entries: u64, (part, parts): (usize, usize)) -> LineCounter {
        let max_entries = usize::try_from(max_entries).unwrap_or(usize::MAX);
        LineCounter {
            stripes: (0..STRIPES).map(|_| Stripe::default()).collect(),
            part: (part, parts.max(1)),
            stripe_entries: (max_entries / STRIPES).max(MIN_STRIPE_ENTRIES),
            documents: 0,
            seen: HashSet::default(),
        }
    }

    /// Adds one document's distinct keys (from [`counted_keys`]) unless a document with the
    /// same text ([`fingerprint`]) was added before; says whether it counted.
    pub fn add_distinct(&mut self, fingerprint: u128, keys: &[u64]) -> bool {
        if !self.seen.insert(fingerprint) {
            return false;
        }
        self.add(keys);
        true
    }

    /// Adds one document's distinct keys (from [`counted_keys`]).
    pub fn add(&mut self, keys: &[u64]) {
        self.documents += 1;
        let (part, parts) = self.part;
        for &key in keys {
            let s = stripe_of(key);
            // `build` owns every stripe: no division per key for it.
            if parts != 1 && s % parts != part {
                continue;
            }
            let stripe = &mut self.stripes[s];
            *stripe.counts.entry(key).or_insert(0) += 1;
            if stripe.counts.len() > self.stripe_entries {
                stripe.prune(self.stripe_entries);
            }
        }
    }

    /// Forgets every line counted fewer than `floor` times, and the fingerprints: once counting
    /// is done, the cleaner only asks whether a line reached a threshold of at least `floor`.
    /// Most lines occur once, and a table of repeated lines alone stays in cache, where the
    /// full one made every lookup of the cleaning pass a cache miss.
    pub fn keep_at_least(&mut self, floor: u32) {
        for stripe in &mut self.stripes {
            stripe.counts.retain(|_, c| *c >= floor);
            stripe.counts.shrink_to_fit();
        }
        self.seen = HashSet::default();
    }

    /// The counter of every stripe from the counters of parts `0..parts` of one input, in any
    /// order. `None` unless each part is there once.
    pub fn join(parts: Vec<LineCounter>) -> Option<LineCounter> {
        let n = parts.len();
        let mut joined: Option<LineCounter> = None;
        let mut found = vec![false; n];
        for counter in parts {
            let (part, of) = counter.part;
            if of != n || std::mem::replace(found.get_mut(part)?, true) {
                return None;
            }
            let whole = joined.get_or_insert_with(|| LineCounter {
                stripes: (0..STRIPES).map(|_| Stripe::default()).collect(),
                part: (0, 1),
                stripe_entries: counter.stripe_entries,
                documents: counter.documents,
                seen: HashSet::default(),
            });
            if whole.documents != counter.documents {
                return None;
            }
            for (s, stripe) in counter.stripes.into_iter().enumerate() {
                if s % of == part {
                    whole.stripes[s] = stripe;
                }
            }
        }
        joined
    }

    /// Distinct documents counted.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Serializes the counts for a resume checkpoint: the stripes in order, each's entries
    /// sorted by key, so the bytes are deterministic.
    pub fn save(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let (part, parts) = self.part;
        for v in [
            self.stripe_entries as u64,
            part as u64,
            parts as u64,
            self.documents,
        ] {
            w.write_all(&v.to_le_bytes())?;
        }
        for stripe in &self.stripes {
            let mut entries: Vec<(u64, u32)> =
                stripe.counts.iter().map(|(k, v)| (*k, *v)).collect();
            entries.sort_unstable();
            w.write_all(&u64::from(stripe.pruned_below).to_le_bytes())?;
            w.write_all(&(entries.len() as u64).to_le_bytes())?;
            for (k, v) in entries {
                w.write_all(&k.to_le_bytes())?;
                w.write_all(&v.to_le_bytes())?;
            }
        }
        Ok(())
    }

    pub fn load(r: &mut dyn std::io::Read) -> std::io::Result<LineCounter> {
        let mut head = [0u64; 4];
        for v in &mut head {
            *v = crate::base::codec::read_u64(r)?;
        }
        let [stripe_entries, part, parts, documents] = head;
        let size = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
        let mut stripes = Vec::with_capacity(STRIPES);
        for _ in 0..STRIPES {
            let pruned_below = crate::base::codec::read_u64(r)?;
            let n = crate::base::codec::read_u64(r)?;
            let mut counts = Counts::default();
            for _ in 0..n {
                let k = crate::base::codec::read_u64(r)?;
                let v = crate::base::codec::read_u32(r)?;
                counts.insert(k, v);
            }
            stripes.push(Stripe {
                counts,
                pruned_below: u32::try_from(pruned_below).unwrap_or(u32::MAX),
            });
        }
        Ok(LineCounter {
            stripes,
            part: (size(part), size(parts).max(1)),
            stripe_entries: size(stripe_entries),
            documents,
            seen: HashSet::default(),
        })
    }

    #[cfg(test)]
    pub fn distinct_lines(&self) -> usize {
        self.stripes.iter().map(|s| s.counts.len()).sum()
    }

    pub(super) fn count(&self, key: u64) -> u32 {
        self.stripes
            .get(stripe_of(key))
            .and_then(|stripe| stripe.counts.get(&key))
            .copied()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::chars::lowercase;

    #[test]
    fn keeping_counts_at_least_a_floor_forgets_only_rarer_lines() {
        let mut counter = LineCounter::new(1 << 20);
        counter.add(&[1, 2, 3]);
        counter.add(&[1, 2]);
        counter.add(&[1]);
        counter.keep_at_least(2);
        assert_eq!([1, 2, 3].map(|k| counter.count(k)), [3, 2, 0]);
        assert_eq!(counter.documents(), 3);
    }

    #[test]
    fn date_lines_of_one_site_are_one_template() {
        assert_eq!(
            template_key("14:37, 13 Qańtar 2026 | GMT +5"),
            template_key("09:05, 2 Aqpan 2025 | GMT +5")
        );
        assert_eq!(
            template_key("100 рет көрсетілді"),
            template_key("7 рет көрсетілді")
        );
        assert_ne!(
            template_key("100 рет көрсетілді"),
            template_key("7 рет оқылды")
        );
        assert_ne!(template_key("5 жыл"), template_key("5 ай"));
    }

    #[test]
    fn short_sentences_at_the_edges_keep_their_figures() {
        let text = |n: u32| format!("Тақырып\nБағдарламаға {n} отбасы қатысады.");
        let keys = |t: &str| line_keys(t, 300)[1];
        assert_ne!(keys(&text(255)).edge, keys(&text(7)).edge);
        let dated = |d: u32| format!("Тақырып\nЖаңартылған {d} мамыр 2024 ж.");
        assert_eq!(keys(&dated(3)).edge, keys(&dated(17)).edge);
    }

    #[test]
    fn copies_of_one_text_count_once() {
        let mut counter = LineCounter::new(1 << 20);
        let text = "Бір мәтін\nОның жолы";
        let keys = counted_keys(&line_keys(text, 300));
        for _ in 0..20 {
            counter.add_distinct(fingerprint(text), &keys);
        }
        assert_eq!(counter.documents(), 1);
        assert!(keys.iter().all(|k| counter.count(*k) == 1));
        assert_ne!(fingerprint("аб"), fingerprint("ба"));
        assert_ne!(fingerprint(""), fingerprint("\0"));
    }

    #[test]
    fn edge_lines_are_the_first_and_last_three() {
        let lines: Vec<&str> = "a\n\nb\nc\nd\ne\nf\n\ng\n".split('\n').collect();
        let edges = Edges::of(&lines);
        let at: Vec<&str> = (0..lines.len())
            .filter(|&i| !lines[i].is_empty() && edges.contains(i))
            .map(|i| lines[i])
            .collect();
        assert_eq!(at, ["a", "b", "c", "e", "f", "g"]);
    }

    #[test]
    fn lossy_counting_keeps_frequent_lines() {
        let mut counter = LineCounter::new(1024);
        for i in 0..5000u64 {
            counter.add(&[i + 100, 7]);
        }
        assert!(counter.distinct_lines() <= STRIPES * MIN_STRIPE_ENTRIES);
        assert!(counter.count(7) >= 5000 - counter.stripes[stripe_of(7)].pruned_below);
    }

    /// The counter of one-process counting, and the parts of 1, 2, 3, 7, 64 and 300 count
    /// tasks joined, saved: the bytes must be the same.
    fn whole_and_joined(docs: &[(u128, Vec<u64>)], max_entries: u64) -> Vec<(usize, Vec<u8>)> {
        let saved = |counter: &LineCounter| {
            let mut bytes = Vec::new();
            counter.save(&mut bytes).expect("to memory");
            bytes
        };
        let count = |part| {
            let mut counter = LineCounter::part(max_entries, part);
            for (fingerprint, keys) in docs {
                counter.add_distinct(*fingerprint, keys);
            }
            counter
        };
        let mut out = vec![(0, saved(&count((0, 1))))];
        for parts in [1, 2, 3, 7, 64, 300] {
            let joined = LineCounter::join((0..parts).rev().map(|p| count((p, parts))).collect());
            out.push((parts, saved(&joined.expect("every part once"))));
        }
        out
    }

    #[test]
    fn parts_missing_twice_or_of_another_plan_do_not_join() {
        let part = |p, n| LineCounter::part(1 << 20, (p, n));
        assert!(LineCounter::join(vec![part(0, 2)]).is_none());
        assert!(LineCounter::join(vec![part(0, 2), part(0, 2)]).is_none());
        assert!(LineCounter::join(vec![part(0, 3), part(1, 3)]).is_none());
        let mut other = part(1, 2);
        other.add(&[1]);
        assert!(LineCounter::join(vec![part(0, 2), other]).is_none());
        assert!(LineCounter::join(vec![part(1, 2), part(0, 2)]).is_some());
    }

    proptest::proptest! {
        // Each case counts the documents 378 times over (once per part of every task count).
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Count tasks own stripes of the keys; joined, they are the one-process counter,
        /// pruned stripes included (a table of 1024 lines prunes a stripe past 16 lines).
        #[test]
        fn count_tasks_joined_count_as_one_process_does(
            docs in proptest::collection::vec(
                (0u128..150, proptest::collection::vec(0u64..20_000, 0..50)),
                0..150,
            ),
            small in proptest::bool::ANY,
        ) {
            let docs: Vec<(u128, Vec<u64>)> = docs
                .into_iter()
                .map(|(f, mut keys)| {
                    keys.sort_unstable();
                    keys.dedup();
                    (f, keys.into_iter().map(|k| k.wrapping_mul(0xff51_afd7_ed55_8ccd)).collect())
                })
                .collect();
            let saved = whole_and_joined(&docs, if small { 1024 } else { 1 << 20 });
            for (parts, bytes) in &saved[1..] {
                proptest::prop_assert!(bytes == &saved[0].1, "{} parts", parts);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("CORPUSMILL_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
        ))]
        /// A line's keys ignore case, the template key also the value of each digit run, and
        /// the word count is that of a split into runs of letters.
        #[test]
        fn line_shape_folds_case_and_digits(line in "[a-zA-Zа-яА-ЯәӘ0-9٣① .,:©-]{0,40}") {
            let shape = LineShape::of(&line);
            let lower = LineShape::of(&lowercase(&line));
            proptest::prop_assert_eq!(shape.exact, lower.exact);
            let sevens: String = line.chars().map(|c| if c.is_numeric() { '7' } else { c }).collect();
            proptest::prop_assert_eq!(template_key(&line), template_key(&sevens));
            let short = shape.words <= FOLD_DIGITS_MAX_WORDS && shape.digits;
            let key = if short { template_key(&line) } else { shape.exact };
            proptest::prop_assert_eq!(shape.key, key);
            if sevens != line {
                proptest::prop_assert_ne!(shape.exact, LineShape::of(&sevens).exact);
            }
            let words = line
                .split(|c: char| !crate::base::chars::is_letter(c))
                .filter(|w| w.chars().nth(1).is_some())
                .count();
            proptest::prop_assert_eq!(shape.words, words);
            proptest::prop_assert_eq!(shape.chars, line.chars().count());
        }
    }
}
