//! The LSH search of [`NearDupIndex`](super::NearDupIndex) cut into parts by bucket, so that a
//! planned build's near-duplicate stage spreads its memory over its tasks: each part keeps the
//! buckets whose band value falls in it (the values are hashes: a fair share of every band),
//! and no signature but those a candidate pair still waits for.
//!
//! Two passes over the same nodes in the same order. The first ([`BucketSearch`]) finds the
//! candidate pairs: a node and, in each of its buckets that fall in the part, the first node
//! that had that band value. The second ([`Verifier`]) compares each pair's signatures as the
//! index does, holding an earlier node's signature from its pass until its last pair.
//!
//! The clusters these pairs join are the index's, whatever the cut: the index compares a node
//! with the first node of each of its buckets too, and only skips pairs already in one cluster,
//! which joins nothing; whether a pair is alike depends on the two signatures alone.
//! The nodes here are every document with text, not only the first copy of each text, so a
//! copy is recognised by its content hash (the bucket keeps a tag of it) and adds no pairs: the
//! pairs it would add are those of its first copy, or with it.

use std::collections::HashMap;

use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use super::{JoinRule, MinHasher, band_key};
use crate::base::config::NearDupConfig;

/// A band value, the first node that had it, and a tag of that node's content hash.
#[derive(Clone, Copy)]
struct Bucket {
    key: u64,
    first: u64,
    tag: u64,
}

/// Pass one of a part of the search: the buckets whose band value `v` has
/// `v % parts == part`.
pub struct BucketSearch {
    hasher: MinHasher,
    rule: JoinRule,
    part: u64,
    parts: u64,
    buckets: HashTable<Bucket>,
    /// (node, earlier node) pairs, in node order.
    candidates: Vec<(u64, u64)>,
    /// The current node's earlier nodes, reused.
    firsts: Vec<u64>,
}

impl BucketSearch {
    /// The search of part `part` of `parts`, for at most `nodes` nodes: its table is made
    /// about as large as it will be at once, since growing it would hold the old table and the
    /// new one together.
    pub fn new(config: &NearDupConfig, (part, parts): (u64, u64), nodes: u64) -> BucketSearch {
        let parts = parts.max(1);
        let entries = nodes.saturating_mul(u64::from(config.bands)) / parts;
        BucketSearch {
            hasher: MinHasher::new(config),
            rule: JoinRule::new(config),
            part,
            parts,
            // A sixteenth more, for parts that get more than their share.
            buckets: HashTable::with_capacity(usize::try_from(entries + entries / 16).unwrap_or(0)),
            candidates: Vec::new(),
            firsts: Vec::new(),
        }
    }

    /// The next node: `node` numbers it (ascending from call to call), `tag` is a tag of its
    /// content hash (the same for copies of a text), `signature` its MinHash signature.
    pub fn observe(&mut self, node: u64, tag: u64, signature: &[u32]) {
        let (bands, rows) = (self.hasher.bands, self.hasher.rows);
        if signature.len() != self.hasher.width() {
            return;
        }
        self.firsts.clear();
        let mut copy = false;
        for band in 0..bands {
            let key = band_key(band, &signature[band * rows..(band + 1) * rows]);
            if key % self.parts != self.part {
                continue;
            }
            match self.buckets.entry(key, |b| b.key == key, |b| b.key) {
                Entry::Occupied(e) if e.get().tag == tag => copy = true,
                Entry::Occupied(e) => self.firsts.push(e.get().first),
                Entry::Vacant(e) => {
                    e.insert(Bucket {
                        key,
                        first: node,
                        tag,
                    });
                }
            }
        }
        if copy {
            return;
        }
        self.firsts.sort_unstable();
        self.firsts.dedup();
        self.candidates
            .extend(self.firsts.iter().map(|&f| (node, f)));
    }

    /// Ends pass one: the buckets are dropped, and the pairs go to pass two.
    pub fn verifier(self) -> Verifier {
        let mut waiting: HashMap<u64, u32> = HashMap::new();
        for &(_, earlier) in &self.candidates {
            *waiting.entry(earlier).or_insert(0) += 1;
        }
        Verifier {
            hasher: self.hasher,
            rule: self.rule,
            candidates: self.candidates,
            next: 0,
            waiting,
            held: HashMap::new(),
        }
    }
}

/// Pass two: the nodes again, in the same order; the alike pairs come out as they are found.
pub struct Verifier {
    hasher: MinHasher,
    rule: JoinRule,
    candidates: Vec<(u64, u64)>,
    /// The first pair not yet compared.
    next: usize,
    /// Pairs still to compare with each earlier node.
    waiting: HashMap<u64, u32>,
    /// The signatures of the earlier nodes some pair still waits for.
    held: HashMap<u64, Vec<u32>>,
}

impl Verifier {
    /// The node numbered `node` in pass one, with the same signature; returns the earlier
    /// nodes it is alike with, ascending.
    pub fn observe(&mut self, node: u64, signature: &[u32]) -> Vec<u64> {
        let mut alike = Vec::new();
        while let Some(&(later, earlier)) = self.candidates.get(self.next)
            && later <= node
        {
            self.next += 1;
            if later == node
                && let Some(other) = self.held.get(&earlier)
                && self.hasher.alike(signature, other, &self.rule)
            {
                alike.push(earlier);
            }
            self.release(earlier);
        }
        if self.waiting.contains_key(&node) {
            self.held.insert(node, signature.to_vec());
        }
        alike
    }

    /// One pair less waits for `earlier`; its signature goes with the last.
    fn release(&mut self, earlier: u64) {
        if let Some(n) = self.waiting.get_mut(&earlier) {
            *n -= 1;
            if *n == 0 {
                self.waiting.remove(&earlier);
                self.held.remove(&earlier);
            }
        }
    }

    /// Signatures held for pairs still to come.
    #[cfg(test)]
    fn held(&self) -> usize {
        self.held.len()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Components, NearDupIndex};
    use super::*;
    use proptest::prelude::*;

    fn config() -> NearDupConfig {
        NearDupConfig {
            enabled: true,
            ..NearDupConfig::default()
        }
    }

    /// Stories, reposts of them with a word or two changed, exact copies, and texts too short
    /// to sign; `picks` chooses which, in order.
    fn corpus(picks: &[(u8, u8)]) -> Vec<String> {
        let story = |s: u8| -> Vec<String> {
            (0..60)
                .map(|w| format!("w{}x{}", (u32::from(s) * 7919 + w * 31) % 500, w % 13))
                .collect()
        };
        picks
            .iter()
            .map(|&(s, edit)| {
                let mut words = story(s % 12);
                match edit % 4 {
                    0 => {}
                    1 => words[30] = format!("edited{edit}"),
                    2 => {
                        words[5] = format!("changed{edit}");
                        words[50] = "other".into();
                    }
                    _ => words.truncate(2),
                }
                words.join(" ")
            })
            .collect()
    }

    /// Roots by the one-process index over the distinct texts, and by `parts` bucket searches
    /// over every text, joined per distinct text.
    fn both(texts: &[String], parts: usize) -> (Vec<u32>, Vec<u32>) {
        let config = config();
        let hasher = MinHasher::new(&config);
        let mut distinct: HashMap<&str, u32> = HashMap::new();
        let mut of_node = Vec::new();
        let mut index = NearDupIndex::new(&config);
        for text in texts {
            let next = distinct.len() as u32;
            let d = *distinct.entry(text.as_str()).or_insert(next);
            if d == next {
                index.insert(hasher.signature(text));
            }
            of_node.push(d);
        }
        let mut components = Components::default();
        for _ in 0..distinct.len() {
            components.add();
        }
        for part in 0..parts {
            let tag = |t: &str| u64::from(distinct[t]) * 0x9e37_79b9;
            let mut search =
                BucketSearch::new(&config, (part as u64, parts as u64), texts.len() as u64);
            for (node, text) in texts.iter().enumerate() {
                search.observe(node as u64, tag(text), &hasher.signature(text));
            }
            let mut verifier = search.verifier();
            for (node, text) in texts.iter().enumerate() {
                for earlier in verifier.observe(node as u64, &hasher.signature(text)) {
                    components.join(of_node[node], of_node[earlier as usize]);
                }
            }
            assert_eq!(verifier.held(), 0, "every held signature is let go");
        }
        (index.finish(), components.roots())
    }

    #[test]
    fn bucket_searches_find_the_clusters_of_the_index_for_any_number_of_parts() {
        let picks: Vec<(u8, u8)> = (0..80u8).map(|i| (i % 9, i / 9 % 4)).collect();
        let texts = corpus(&picks);
        let (index, _) = both(&texts, 1);
        assert!(
            index.iter().enumerate().any(|(i, r)| *r != i as u32),
            "the corpus has clusters"
        );
        for parts in [1, 2, 3, 7, 20, 64] {
            assert_eq!(both(&texts, parts).1, index, "{parts} parts");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        #[test]
        fn bucket_searches_join_what_the_index_joins(
            picks in proptest::collection::vec((0u8..12, 0u8..8), 1..60),
            parts in 1usize..8,
        ) {
            let (index, searched) = both(&corpus(&picks), parts);
            prop_assert_eq!(searched, index);
        }
    }
}
