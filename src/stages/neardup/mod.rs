//! Stage 5: near-duplicate detection with MinHash over word shingles and LSH banding.
//!
//! Each distinct document gets a signature of `bands × rows` 32-bit minimums (400 bytes with the
//! defaults), followed by `lead_hashes` one-byte minimums of its lead (the shingles of its first
//! `lead_words` words; 64 bytes). Documents that agree on every row of at least one band become
//! candidates; a candidate pair is joined only when the signatures agree on at least `threshold`
//! of their positions (the estimated Jaccard similarity), which keeps chance band collisions out,
//! and, unless they agree on `lead_waived_at` or more, when their leads agree on at least
//! `lead_threshold`: a repost keeps the headline and lead of its story, while a new story that
//! repeats background paragraphs of an older one starts differently. Clusters are the connected components (union–find). With 20 bands of 5 rows, a
//! pair with Jaccard similarity s becomes a candidate with probability 1 − (1 − s⁵)²⁰: 0.9995 at
//! s = 0.8, 0.996 at 0.75, 0.47 at 0.5, 0.05 at 0.3 (see the README).

use std::collections::HashMap;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use crate::base::chars::{FNV_OFFSET, FNV_PRIME, fold_and_class};
use crate::base::config::{MAX_PERMUTATIONS, NearDupConfig};
use crate::stages::dedup::Digest;

mod buckets;

pub use buckets::BucketSearch;

/// splitmix64: a fast, well-mixed 64-bit permutation.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Computes signatures; the permutation seeds are fixed so signatures are reproducible.
#[derive(Debug, Clone)]
pub struct MinHasher {
    permutations: Permutations,
    shingle_words: usize,
    bands: usize,
    rows: usize,
    lead_words: usize,
    /// Lead minimums kept, one byte each (0 when the lead is not compared).
    lead_hashes: usize,
}

impl MinHasher {
    pub fn new(config: &NearDupConfig) -> MinHasher {
        // Validation already refuses more; the bound only keeps a config that skipped it from
        // asking for billions of permutations.
        let n = config.permutations().min(MAX_PERMUTATIONS);
        let seeds = (0..n).map(|i| mix(i ^ 0x6e65_6172_6475_7073));
        MinHasher {
            permutations: Permutations::new(seeds),
            shingle_words: config.shingle_words as usize,
            bands: config.bands as usize,
            rows: config.rows as usize,
            lead_words: config.lead_words as usize,
            lead_hashes: if config.lead_words == 0 {
                0
            } else {
                (config.lead_hashes as usize).min(n as usize)
            },
        }
    }

    /// Length of a signature: the text's minimums, then the lead's bytes packed four to a `u32`.
    pub fn width(&self) -> usize {
        self.permutations.b.len() + self.lead_hashes.div_ceil(4)
    }

    /// Hashes of the word shingles of a text, given the hashes of its words.
    /// A repeated shingle stays in: a minimum does not change when it sees a value twice, and
    /// sorting to drop repeats cost more than hashing them again.
    fn shingles(&self, words: &[u64]) -> Vec<u64> {
        if words.is_empty() {
            return Vec::new();
        }
        let k = self.shingle_words.min(words.len());
        words
            .windows(k)
            .map(|w| w.iter().fold(0u64, |acc, h| mix(acc ^ h)))
            .collect()
    }

    /// How many of the first shingles lie within the lead (the whole text when it is shorter).
    fn lead_shingles(&self, words: usize) -> usize {
        let k = self.shingle_words.min(words);
        self.lead_words.min(words).saturating_sub(k) + 1
    }

    /// The MinHash signature; empty for a text without words (such texts never cluster).
    pub fn signature(&self, text: &str) -> Vec<u32> {
        let words = word_hashes(text);
        let shingles = self.shingles(&words);
        if shingles.is_empty() {
            return Vec::new();
        }
        let n = self.permutations.b.len();
        let mut signature = vec![u32::MAX; self.width()];
        let (mins, lead) = signature.split_at_mut(n);
        // The lead's minimums are the text's minimums part way through: the lead's shingles come
        // first, so keeping them costs no hashing.
        let at = self.lead_shingles(words.len()).min(shingles.len());
        let (head, rest) = shingles.split_at(at);
        min_hashes(mins, &self.permutations, head);
        pack_lead(lead, mins.get(..self.lead_hashes).unwrap_or_default());
        min_hashes(mins, &self.permutations, rest);
        signature
    }

    /// Whether two signatures of this hasher's width are near-duplicates: alike as a whole and,
    /// unless nearly the same throughout, alike in their leads.
    fn alike(&self, a: &[u32], b: &[u32], rule: &JoinRule) -> bool {
        let n = self.permutations.b.len();
        let (Some((a, a_lead)), Some((b, b_lead))) = (a.split_at_checked(n), b.split_at_checked(n))
        else {
            return false;
        };
        let whole = similarity(a, b);
        whole >= rule.threshold
            && (self.lead_hashes == 0
                || whole >= rule.lead_waived_at
                || lead_similarity(a_lead, b_lead, self.lead_hashes) >= rule.lead_threshold)
    }
}

/// When a candidate pair joins a cluster (see [`NearDupConfig`]).
struct JoinRule {
    threshold: f64,
    lead_threshold: f64,
    lead_waived_at: f64,
}

impl JoinRule {
    fn new(config: &NearDupConfig) -> JoinRule {
        JoinRule {
            threshold: config.threshold,
            lead_threshold: config.lead_threshold,
            lead_waived_at: config.lead_waived_at,
        }
    }
}

/// Keeps the low byte of each lead minimum, four to a `u32` (b-bit MinHash, Li and König): a
/// quarter of the memory, and two different minimums agree by chance on only 1 in 256.
fn pack_lead(lead: &mut [u32], mins: &[u32]) {
    lead.fill(0);
    for (j, m) in mins.iter().enumerate() {
        if let Some(word) = lead.get_mut(j / 4) {
            *word |= (m & 0xFF) << (8 * (j % 4));
        }
    }
}

/// Share of the first `n` lead bytes on which two signatures agree, less the 1 in 256 that agree
/// by chance: an estimate of the Jaccard similarity of the two leads.
fn lead_similarity(a: &[u32], b: &[u32], n: usize) -> f64 {
    const CHANCE: f64 = 1.0 / 256.0;
    let byte = |s: &[u32], j: usize| s.get(j / 4).map(|w| (w >> (8 * (j % 4))) & 0xFF);
    let same = (0..n).filter(|&j| byte(a, j) == byte(b, j)).count();
    if n == 0 {
        return 0.0;
    }
    (same as f64 / n as f64 - CHANCE) / (1.0 - CHANCE)
}

/// Multiply-shift hashing (Dietzfelbinger) of 32-bit shingle hashes x: the high 32 bits of
/// a·x + b mod 2⁶⁴ with random odd 64-bit a, one permutation per signature position. (With a
/// 32-bit a the high bits would be monotone in x.) Since x < 2³², that is
/// ((a_lo·x + b) mod 2⁶⁴) >> 32, plus a_hi·x mod 2³²: two 32-bit multiplies where a 64-bit
/// multiply costs three in vector lanes without a 64-bit multiply (AVX2).
#[derive(Debug, Clone)]
struct Permutations {
    a_lo: Vec<u32>,
    a_hi: Vec<u32>,
    b: Vec<u64>,
}

impl Permutations {
    fn new(seeds: impl Iterator<Item = u64>) -> Permutations {
        let mut p = Permutations {
            a_lo: Vec::new(),
            a_hi: Vec::new(),
            b: Vec::new(),
        };
        for s in seeds {
            let a = s | 1;
            p.a_lo.push(a as u32);
            p.a_hi.push((a >> 32) as u32);
            p.b.push(mix(s));
        }
        p
    }
}

/// Folds every shingle's hash under each permutation into `mins`.
fn min_hashes(mins: &mut [u32], p: &Permutations, shingles: &[u64]) {
    // The baseline x86-64 target has SSE2 only: two lanes, and no unsigned 32-bit minimum. The
    // same loop built for AVX2 runs four lanes with a native minimum, about twice as fast;
    // integer arithmetic, so the signatures are identical either way.
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2, checked just above.
        unsafe { min_hashes_avx2(mins, p, shingles) };
        return;
    }
    min_hashes_portable(mins, p, shingles);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn min_hashes_avx2(mins: &mut [u32], p: &Permutations, shingles: &[u64]) {
    min_hashes_portable(mins, p, shingles);
}

#[inline(always)]
fn min_hashes_portable(mins: &mut [u32], p: &Permutations, shingles: &[u64]) {
    let n = mins
        .len()
        .min(p.a_lo.len())
        .min(p.a_hi.len())
        .min(p.b.len());
    let (mins, a_lo, a_hi, b) = (&mut mins[..n], &p.a_lo[..n], &p.a_hi[..n], &p.b[..n]);
    for s in shingles {
        let x = (s ^ (s >> 32)) as u32;
        for i in 0..n {
            let low = (u64::from(a_lo[i]) * u64::from(x)).wrapping_add(b[i]);
            let h = ((low >> 32) as u32).wrapping_add(a_hi[i].wrapping_mul(x));
            mins[i] = mins[i].min(h);
        }
    }
}

/// FNV-1a hashes of the lowercased words of `text` (over their UTF-8 bytes), in one walk over its
/// characters. Out of line: inlined into [`MinHasher::signature`] since the lead was added, its
/// loop took more instructions (callgrind).
#[inline(never)]
fn word_hashes(text: &str) -> Vec<u64> {
    let fnv = |h: u64, b: u32| (h ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    let mut words = Vec::new();
    let mut h = FNV_OFFSET;
    let mut in_word = false;
    for c in text.chars() {
        let (lower, letter, digit) = fold_and_class(c);
        if letter || digit {
            // The lowercase's UTF-8 bytes, written out for the one- and two-byte characters
            // of Latin and Cyrillic text rather than encoded into a buffer.
            h = match lower {
                0..0x80 => fnv(h, lower),
                0x80..0x800 => fnv(fnv(h, 0xC0 | lower >> 6), 0x80 | (lower & 0x3F)),
                _ => {
                    let c = char::from_u32(lower).unwrap_or(c);
                    c.encode_utf8(&mut [0; 4])
                        .bytes()
                        .fold(h, |h, b| fnv(h, u32::from(b)))
                }
            };
            in_word = true;
        } else if in_word {
            words.push(h);
            h = FNV_OFFSET;
            in_word = false;
        }
    }
    if in_word {
        words.push(h);
    }
    words
}

/// Share of positions on which two signatures agree: an estimate of Jaccard similarity.
pub fn similarity(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

/// Collects signatures of distinct documents (in input order) and finds clusters.
pub struct NearDupIndex {
    hasher: MinHasher,
    rule: JoinRule,
    signatures: Signatures,
    buckets: HashTable<Bucket>,
    components: Components,
    /// Candidate pairs checked and joined, for stats.
    pub candidates: u64,
    pub joined: u64,
}

impl NearDupIndex {
    pub fn new(config: &NearDupConfig) -> NearDupIndex {
        let hasher = MinHasher::new(config);
        NearDupIndex {
            signatures: Signatures::new(hasher.width()),
            hasher,
            rule: JoinRule::new(config),
            buckets: HashTable::new(),
            components: Components::default(),
            candidates: 0,
            joined: 0,
        }
    }

    #[cfg(test)]
    pub fn hasher(&self) -> &MinHasher {
        &self.hasher
    }

    /// Adds the next distinct document's signature; returns its index.
    pub fn insert(&mut self, signature: Vec<u32>) -> u32 {
        let idx = self.components.add();
        let (bands, rows) = (self.hasher.bands, self.hasher.rows);
        if signature.len() == self.hasher.width() {
            for band in 0..bands {
                let key = band_key(band, &signature[band * rows..(band + 1) * rows]);
                // Band keys are already mixed, so a key is its own hash. One probe finds the
                // bucket or the slot for it: most band values are new.
                let other = match self.buckets.entry(key, |b| b.key() == key, Bucket::key) {
                    Entry::Occupied(e) => Some(e.get().first()),
                    Entry::Vacant(e) => {
                        e.insert(Bucket::new(key, idx));
                        None
                    }
                };
                if let Some(other) = other {
                    self.consider(idx, other, &signature);
                }
            }
        }
        self.signatures.push(&signature);
        idx
    }

    fn consider(&mut self, idx: u32, other: u32, signature: &[u32]) {
        if self.components.same(idx, other) {
            return;
        }
        self.candidates += 1;
        let Some(other_sig) = self.signatures.get(other) else {
            return;
        };
        if self.hasher.alike(signature, other_sig, &self.rule) {
            self.components.join(idx, other);
            self.joined += 1;
        }
    }

    /// Final clusters: for every document index, its cluster root (the first member in input
    /// order). Signatures are dropped: only 4 bytes per document remain.
    pub fn finish(self) -> Vec<u32> {
        let NearDupIndex {
            signatures,
            buckets,
            components,
            ..
        } = self;
        drop((signatures, buckets));
        components.roots()
    }
}

/// Clusters as they are joined (union–find): each a tree whose root is its smallest index, so
/// the roots do not depend on the order of the joins.
#[derive(Debug, Default)]
pub struct Components {
    parent: Vec<u32>,
}

impl Components {
    /// A new singleton; returns its index.
    pub fn add(&mut self) -> u32 {
        let idx = self.parent.len() as u32;
        self.parent.push(idx);
        idx
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while let Some(&parent) = self.parent.get(x as usize)
            && parent != x
        {
            let grand = self.parent[parent as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    fn same(&mut self, a: u32, b: u32) -> bool {
        self.find(a) == self.find(b)
    }

    /// Joins the clusters of `a` and `b`; the smaller root becomes the root.
    pub fn join(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        let (root, child) = if ra < rb { (ra, rb) } else { (rb, ra) };
        if let Some(p) = self.parent.get_mut(child as usize) {
            *p = root;
        }
    }

    /// Every index's root.
    pub fn roots(mut self) -> Vec<u32> {
        (0..self.parent.len() as u32)
            .map(|i| self.find(i))
            .collect()
    }
}

/// Signatures to compare candidates with, one per document in index order, stored back to back
/// in chunks of `SIGNATURES_PER_CHUNK`: a `Vec` per signature took a 448-byte allocation and a
/// 24-byte header for its 400 bytes, and one growing buffer would double past what it holds.
struct Signatures {
    width: usize,
    chunks: Vec<Vec<u32>>,
}

const SIGNATURES_PER_CHUNK: usize = 4096;

impl Signatures {
    fn new(width: usize) -> Signatures {
        Signatures {
            width,
            chunks: Vec::new(),
        }
    }

    /// Appends a signature; one of another width (a text without shingles has none) is stored
    /// as `u32::MAX` everywhere. Such a document has no band values, so no candidate is compared
    /// with it.
    fn push(&mut self, signature: &[u32]) {
        if self.width == 0 {
            return;
        }
        let chunk_len = self.width * SIGNATURES_PER_CHUNK;
        if self.chunks.last().is_none_or(|c| c.len() == chunk_len) {
            self.chunks.push(Vec::with_capacity(chunk_len));
        }
        let Some(chunk) = self.chunks.last_mut() else {
            return;
        };
        if signature.len() == self.width {
            chunk.extend_from_slice(signature);
        } else {
            chunk.resize(chunk.len() + self.width, u32::MAX);
        }
    }

    fn get(&self, idx: u32) -> Option<&[u32]> {
        let (chunk, i) = (
            idx as usize / SIGNATURES_PER_CHUNK,
            idx as usize % SIGNATURES_PER_CHUNK,
        );
        self.chunks
            .get(chunk)?
            .get(i * self.width..(i + 1) * self.width)
    }
}

/// A band value and the first document that had it. Packed into 12 bytes, where a `(u64, u32)`
/// pair takes 16: the table holds up to 20 per distinct document and is the largest index of the
/// hashing pass.
#[derive(Clone, Copy)]
#[repr(C, packed(4))]
struct Bucket {
    key: u64,
    first: u32,
}

impl Bucket {
    fn new(key: u64, first: u32) -> Bucket {
        Bucket { key, first }
    }

    fn key(&self) -> u64 {
        self.key
    }

    fn first(&self) -> u32 {
        self.first
    }
}

fn band_key(band: usize, rows: &[u32]) -> u64 {
    rows.iter()
        .fold(mix(band as u64), |acc, r| mix(acc ^ u64::from(*r)))
}

/// Per-cluster facts the writer needs: size, and the smallest content hash (the split key, so a
/// cluster's split does not depend on which member came first).
pub struct Clusters {
    root: Vec<u32>,
    size: HashMap<u32, u32>,
    min_hash: HashMap<u32, Digest>,
}

impl Clusters {
    #[cfg(test)]
    pub fn clustered_documents(&self) -> u64 {
        self.size.values().map(|n| u64::from(*n)).sum()
    }

    /// `hashes[i]` is the content hash of distinct document `i`.
    pub fn new(root: Vec<u32>, hashes: &[Digest]) -> Clusters {
        let mut size: HashMap<u32, u32> = HashMap::new();
        let mut min_hash: HashMap<u32, Digest> = HashMap::new();
        for (r, h) in root.iter().zip(hashes) {
            *size.entry(*r).or_insert(0) += 1;
            let slot = min_hash.entry(*r).or_insert(*h);
            if h < slot {
                *slot = *h;
            }
        }
        // Singletons need no entries: keep the maps to real clusters only.
        size.retain(|_, n| *n > 1);
        min_hash.retain(|r, _| size.contains_key(r));
        Clusters {
            root,
            size,
            min_hash,
        }
    }

    /// (root, size, split key) of distinct document `idx`, given its own content hash.
    pub fn of(&self, idx: u32, own_hash: &Digest) -> (u32, u32, Digest) {
        let root = self.root.get(idx as usize).copied().unwrap_or(idx);
        let size = self.size.get(&root).copied().unwrap_or(1);
        let key = self.min_hash.get(&root).copied().unwrap_or(*own_hash);
        (root, size, key)
    }

    /// Serializes the clusters for a resume checkpoint: roots, then (root, size, min hash) of
    /// real clusters sorted by root.
    pub fn save(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        w.write_all(&(self.root.len() as u64).to_le_bytes())?;
        for r in &self.root {
            w.write_all(&r.to_le_bytes())?;
        }
        let mut sizes: Vec<(u32, u32)> = self.size.iter().map(|(r, n)| (*r, *n)).collect();
        sizes.sort_unstable();
        w.write_all(&(sizes.len() as u64).to_le_bytes())?;
        for (root, size) in sizes {
            let hash = self.min_hash.get(&root).copied().unwrap_or([0; 32]);
            w.write_all(&root.to_le_bytes())?;
            w.write_all(&size.to_le_bytes())?;
            w.write_all(&hash)?;
        }
        Ok(())
    }

    pub fn load(r: &mut dyn std::io::Read) -> std::io::Result<Clusters> {
        use crate::base::codec::{read_u32, read_u64};
        let n = read_u64(r)?;
        let root = (0..n)
            .map(|_| read_u32(r))
            .collect::<std::io::Result<Vec<u32>>>()?;
        let (mut size, mut min_hash) = (HashMap::new(), HashMap::new());
        for _ in 0..read_u64(r)? {
            let (id, n) = (read_u32(r)?, read_u32(r)?);
            let mut hash = [0u8; 32];
            r.read_exact(&mut hash)?;
            size.insert(id, n);
            min_hash.insert(id, hash);
        }
        Ok(Clusters {
            root,
            size,
            min_hash,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> NearDupConfig {
        NearDupConfig::default()
    }

    const STORY: &str = "Елорданың сол жағалауында ауданы он екі гектар болатын жаңа саябақ ашылды. \
        Саябақта балалар алаңы, велосипед жолы және шағын көл бар. Қала әкімдігінің мәліметінше, \
        құрылыс жұмыстары өткен жылы көктемде басталған. Жобаға бір жарым миллиард теңге жұмсалды. \
        Тұрғындар бұл жерді ұзақ күтті, енді балалар қауіпсіз ойнай алады деді аудан әкімі. \
        Саябаққа қаланың кез келген бөлігінен қоғамдық көлікпен жетуге болады.";

    /// The reference `word_hashes` is checked against: FNV-1a of each lowercased word's bytes.
    fn split_word_hashes(text: &str) -> Vec<u64> {
        text.split(|c: char| !crate::base::chars::is_word_char(c))
            .filter(|w| !w.is_empty())
            .map(|w| crate::base::chars::fnv1a_chars(w, crate::base::chars::fold_case))
            .collect()
    }

    #[test]
    fn word_hashes_match_hashing_each_split_word() {
        let text = "  Астана, 12.03 — ӘКІМ  said: «Hello-world» 2024ж.  ";
        assert_eq!(word_hashes(text), split_word_hashes(text));
        assert!(word_hashes(" ,. ").is_empty());
    }

    proptest::proptest! {
        /// Lowercases that take one, two or three UTF-8 bytes, and those shorter or longer than
        /// their capitals (İ, ẞ, Ⱥ), hash as the encoded words do.
        #[test]
        fn word_hashes_are_those_of_the_encoded_words(text in "[a-zA-ZәӘа-яА-ЯİẞȺꙀ0-9٣①² ,.«»-]{0,60}") {
            proptest::prop_assert_eq!(word_hashes(&text), split_word_hashes(&text));
        }
    }

    #[test]
    fn avx2_min_hashes_equal_the_portable_loop() {
        let hasher = MinHasher::new(&config());
        let shingles = hasher.shingles(&word_hashes(STORY));
        let mut portable = vec![u32::MAX; hasher.permutations.b.len()];
        min_hashes_portable(&mut portable, &hasher.permutations, &shingles);
        assert_eq!(hasher.signature(STORY)[..portable.len()], portable);
    }

    #[test]
    fn signatures_are_found_across_chunks() {
        let mut store = Signatures::new(2);
        let n = SIGNATURES_PER_CHUNK as u32 + 3;
        for i in 0..n {
            if i == 5 {
                store.push(&[]);
            } else {
                store.push(&[i, i.wrapping_mul(7)]);
            }
        }
        assert_eq!(store.chunks.len(), 2);
        assert_eq!(store.get(0), Some(&[0, 0][..]));
        assert_eq!(store.get(5), Some(&[u32::MAX, u32::MAX][..]));
        let last = n - 1;
        assert_eq!(store.get(last), Some(&[last, last * 7][..]));
        assert_eq!(
            store.get(SIGNATURES_PER_CHUNK as u32),
            Some(&[4096, 4096 * 7][..])
        );
        assert_eq!(store.get(n), None);
    }

    #[test]
    fn lsh_bucket_entries_take_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Bucket>(), 12);
        let b = Bucket::new(u64::MAX - 1, 7);
        assert_eq!((b.key(), b.first()), (u64::MAX - 1, 7));
    }

    #[test]
    fn repeated_shingles_leave_the_signature_as_distinct_ones_do() {
        let hasher = MinHasher::new(&config());
        let text = format!("{STORY} {STORY} {STORY}");
        let mut distinct = hasher.shingles(&word_hashes(&text));
        let all = distinct.len();
        distinct.sort_unstable();
        distinct.dedup();
        assert!(distinct.len() < all);
        let mut mins = vec![u32::MAX; hasher.permutations.b.len()];
        min_hashes_portable(&mut mins, &hasher.permutations, &distinct);
        assert_eq!(hasher.signature(&text)[..mins.len()], mins);
    }

    #[test]
    fn split_multiply_equals_the_high_bits_of_the_64_bit_hash() {
        let seeds: Vec<u64> = (0..64).map(|i| mix(i ^ 0x5eed)).collect();
        let p = Permutations::new(seeds.iter().copied());
        let shingles: Vec<u64> = (0..64)
            .map(|i| mix(i ^ 0x5111))
            .chain([0, u64::MAX])
            .collect();
        let mut split = vec![u32::MAX; seeds.len()];
        min_hashes_portable(&mut split, &p, &shingles);
        let full: Vec<u32> = seeds
            .iter()
            .map(|&s| {
                let (a, b) = (s | 1, mix(s));
                let hash = |x: u64| (a.wrapping_mul(x).wrapping_add(b) >> 32) as u32;
                shingles
                    .iter()
                    .map(|s| hash((s ^ (s >> 32)) & 0xffff_ffff))
                    .fold(u32::MAX, u32::min)
            })
            .collect();
        assert_eq!(split, full);
    }

    #[test]
    fn identical_texts_have_identical_signatures() {
        let h = MinHasher::new(&config());
        assert_eq!(h.signature(STORY), h.signature(STORY));
        assert_eq!(h.signature(STORY).len(), 100 + 64 / 4);
        assert!(h.signature("!!! ...").is_empty());
    }

    #[test]
    fn a_repost_with_one_edited_sentence_clusters() {
        let edited = STORY.replace("бір жарым миллиард", "екі миллиард");
        let other = "Алматы облысында жаңа мектеп салынды. Мектепте үш жүз оқушы оқиды. Құрылысқа \
            жергілікті бюджеттен қаржы бөлінді. Мектеп жанында спорт кешені бар. Оқушылар жаңа \
            сыныптарда қыркүйектен бастап оқиды. Ата-аналар жаңа мектепке риза.";
        let mut index = NearDupIndex::new(&config());
        let h = index.hasher().clone();
        index.insert(h.signature(STORY));
        index.insert(h.signature(other));
        index.insert(h.signature(&edited));
        assert_eq!(index.finish(), [0, 1, 0]);
    }

    /// Background paragraphs that both stories below repeat after their own leads.
    const BACKGROUND: &str = "Напомним, весной прошлого года паводок затронул двенадцать сёл \
        области. Тогда из зоны подтопления вывезли более двух тысяч человек, а ущерб от большой \
        воды оценили в три миллиарда тенге.\n\nПо данным департамента по чрезвычайным ситуациям, \
        уровень воды в реке растёт на пятнадцать сантиметров в сутки. Спасатели круглосуточно \
        дежурят у дамбы и укрепляют её мешками с песком. Жителей низинных улиц просят заранее \
        собрать документы и тёплые вещи.\n\nВ прошлом году государство выплатило пострадавшим \
        семьям компенсации за утраченное имущество, а для тех, кто лишился жилья, построили новый \
        микрорайон на возвышенности за городом.\n\nСиноптики предупреждают, что в ближайшие дни \
        в области ожидаются дожди, а ночью температура воздуха опустится ниже нуля, поэтому лёд на \
        притоках реки будет таять медленнее, чем обычно.\n\nОперативный штаб работает в здании \
        акимата, телефон горячей линии указан на сайте области, а на дорогах к затопленным сёлам \
        дежурят наряды полиции и машины скорой помощи.";

    fn flood_story() -> String {
        format!(
            "Река вышла из берегов и подтопила сорок домов\n\nВ ночь на субботу вода из реки \
            подтопила сорок частных домов на северной окраине города. Жителей эвакуировали в \
            здание школы номер двенадцать, где волонтёры раздали им одеяла, воду и горячую еду, \
            а врачи осмотрели детей и пожилых людей.\n\n{BACKGROUND}"
        )
    }

    fn clusters_of(config: &NearDupConfig, texts: &[&str]) -> Vec<u32> {
        let mut index = NearDupIndex::new(config);
        let h = index.hasher().clone();
        for text in texts {
            index.insert(h.signature(text));
        }
        index.finish()
    }

    #[test]
    fn a_new_story_repeating_background_paragraphs_is_not_grouped() {
        let old = flood_story();
        let new = format!(
            "Аким пообещал выплатить компенсации до конца мая\n\nВладельцы подтопленных \
            домов получат компенсации до конца мая, сообщил аким области на встрече с жителями \
            в районном доме культуры. Списки пострадавших семей составят сотрудники отделов \
            социальной защиты вместе с участковыми.\n\n{BACKGROUND}"
        );
        // Without the lead, the shared paragraphs alone would join the two stories.
        let whole_text_only = NearDupConfig {
            lead_words: 0,
            ..config()
        };
        assert_eq!(clusters_of(&whole_text_only, &[&old, &new]), [0, 0]);
        assert_eq!(clusters_of(&config(), &[&old, &new]), [0, 1]);
    }

    #[test]
    fn texts_alike_throughout_join_whatever_their_leads() {
        let old = flood_story();
        let new = old.replace(
            "В ночь на субботу вода из реки подтопила сорок частных домов",
            "Сорок частных домов оказались под водой после того, как река ночью",
        );
        let lead_always = NearDupConfig {
            lead_waived_at: 1.0,
            ..config()
        };
        let lead_waived = NearDupConfig {
            lead_waived_at: 0.6,
            lead_threshold: 1.0,
            ..config()
        };
        assert_eq!(clusters_of(&lead_waived, &[&old, &new]), [0, 0]);
        assert_eq!(
            clusters_of(
                &NearDupConfig {
                    lead_threshold: 1.0,
                    ..lead_always
                },
                &[&old, &new]
            ),
            [0, 1]
        );
    }

    #[test]
    fn a_repost_with_other_furniture_and_an_edited_lead_sentence_is_grouped() {
        let old = flood_story();
        let repost = old
            .replace("сорок домов\n\n", "сорок домов\nФото: пресс-служба ДЧС\n\n")
            .replace("номер двенадцать", "номер четырнадцать");
        assert_ne!(repost, old);
        assert_eq!(clusters_of(&config(), &[&old, &repost]), [0, 0]);
    }

    #[test]
    fn lead_values_are_those_of_the_leading_words_alone() {
        let h = MinHasher::new(&config());
        let story = flood_story();
        let lead: Vec<&str> = story.split_whitespace().take(40).collect();
        let (whole, alone) = (h.signature(&story), h.signature(&lead.join(" ")));
        // Punctuation-only tokens in the first 40 would shorten the lead: this story has none.
        assert_eq!(word_hashes(&lead.join(" ")).len(), 40);
        assert_eq!(whole[100..], alone[100..]);
        let mut packed = [0u32; 16];
        pack_lead(&mut packed, &alone[..64]);
        assert_eq!(whole[100..], packed);
        assert_ne!(whole[..100], alone[..100]);
    }

    #[test]
    fn lead_similarity_is_one_for_equal_leads_and_near_zero_for_unrelated_ones() {
        let h = MinHasher::new(&config());
        let (a, b) = (h.signature(STORY), h.signature(&flood_story()));
        assert!((lead_similarity(&a[100..], &a[100..], 64) - 1.0).abs() < 1e-9);
        assert!(lead_similarity(&a[100..], &b[100..], 64) < 0.1);
    }

    #[test]
    fn cluster_split_key_is_the_smallest_member_hash() {
        let hashes = [[3u8; 32], [9u8; 32], [1u8; 32]];
        let clusters = Clusters::new(vec![0, 1, 0], &hashes);
        assert_eq!(clusters.of(0, &hashes[0]), (0, 2, [1u8; 32]));
        assert_eq!(clusters.of(2, &hashes[2]), (0, 2, [1u8; 32]));
        assert_eq!(clusters.of(1, &hashes[1]), (1, 1, [9u8; 32]));
        assert_eq!(clusters.clustered_documents(), 2);
    }

    #[test]
    fn similarity_estimates_jaccard() {
        // Two texts sharing about half their shingles.
        let a: String = (0..400).map(|i| format!("w{i} ")).collect();
        let b: String = (200..600).map(|i| format!("w{i} ")).collect();
        let h = MinHasher::new(&NearDupConfig {
            bands: 64,
            rows: 8,
            ..config()
        });
        let s = similarity(&h.signature(&a), &h.signature(&b));
        // True Jaccard of 5-shingles: 196 / 600 ≈ 0.33.
        assert!((0.22..0.44).contains(&s), "{s}");
    }

    /// Regression: a multiply-shift with a 32-bit multiplier made signatures monotone in the
    /// shingle hash, so unrelated texts agreed on most positions.
    #[test]
    fn distinct_articles_do_not_cluster() {
        let mut state = 0x1234_5678_9abc_def1u64;
        let mut word = || {
            state = mix(state);
            format!("сөз{}", state % 5000)
        };
        let mut index = NearDupIndex::new(&config());
        let h = index.hasher().clone();
        for _ in 0..300 {
            let text: Vec<String> = (0..120).map(|_| word()).collect();
            index.insert(h.signature(&text.join(" ")));
        }
        let roots = index.finish();
        assert!(roots.iter().enumerate().all(|(i, r)| i as u32 == *r));
    }
}
