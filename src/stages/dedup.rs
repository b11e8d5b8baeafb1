//! Stage 3: exact deduplication by SHA-256 of the normalized text. The first copy in input order
//! is kept and learns how many copies there were; the others name it in `duplicate_of`.
//!
//! Two passes make that possible without holding texts: pass one observes every hash, pass two asks
//! for a verdict. The index costs a fixed number of bytes per distinct document (32-byte hash,
//! 8-byte ordinal, 4-byte count, plus the table's slack), whatever the documents' length.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use sha2::{Digest as _, Sha256};

pub type Digest = [u8; 32];

pub fn content_hash(text: &str) -> Digest {
    Sha256::digest(text.as_bytes()).into()
}

/// The keys are already uniform SHA-256 digests: their first 8 bytes are a perfect table hash, so
/// hashing them again would only cost time.
#[derive(Default)]
pub struct DigestHasher(u64);

impl Hasher for DigestHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for (i, b) in bytes.iter().take(8).enumerate() {
            self.0 |= u64::from(*b) << (8 * i);
        }
    }
}

pub type DigestMap<V> = HashMap<Digest, V, BuildHasherDefault<DigestHasher>>;

#[derive(Debug, Clone, Copy)]
struct Group {
    first: u64,
    count: u32,
    /// Index of this distinct text among all distinct texts, in input order.
    distinct: u32,
}

/// What pass two does with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The first copy; `dup_count` copies exist in all (1 when unique); `distinct` is its index
    /// among distinct texts in input order.
    Keep { dup_count: u32, distinct: u32 },
    /// A later copy of the document with this ordinal.
    Duplicate { first: u64 },
}

#[derive(Default)]
pub struct DedupIndex {
    groups: DigestMap<Group>,
    /// Documents that are their text's kept copy whatever came before them (a document of the
    /// previous release built again), by ordinal, with their ids.
    claimed: HashMap<u64, String>,
}

impl DedupIndex {
    /// Pass one: must be called in input order. Returns the distinct index when the text is new.
    pub fn observe(&mut self, hash: Digest, ordinal: u64) -> Option<u32> {
        let next = u32::try_from(self.groups.len()).unwrap_or(u32::MAX);
        let mut new = false;
        let group = self.groups.entry(hash).or_insert_with(|| {
            new = true;
            Group {
                first: ordinal,
                count: 0,
                distinct: next,
            }
        });
        group.count = group.count.saturating_add(1);
        new.then_some(next)
    }

    /// A text of an earlier release, before any document of this one: copies of it in this
    /// release are its duplicates, but it is not one of their copies (`count` stays 0). Returns
    /// the distinct index when the text is new.
    pub fn anchor(&mut self, hash: Digest, ordinal: u64) -> Option<u32> {
        let next = u32::try_from(self.groups.len()).unwrap_or(u32::MAX);
        let mut new = false;
        self.groups.entry(hash).or_insert_with(|| {
            new = true;
            Group {
                first: ordinal,
                count: 0,
                distinct: next,
            }
        });
        new.then_some(next)
    }

    /// Makes document `ordinal` (with `id`) its text's kept copy, unless another document
    /// claimed the text first. Call after [`DedupIndex::observe`]; earlier copies become its
    /// duplicates although they come first.
    pub fn claim(&mut self, hash: &Digest, ordinal: u64, id: &str) {
        let Some(group) = self.groups.get_mut(hash) else {
            return;
        };
        if !self.claimed.contains_key(&group.first) {
            group.first = ordinal;
            self.claimed.insert(ordinal, id.to_string());
        }
    }

    /// The id of the document that claimed its text, if document `ordinal` did.
    pub fn claimant(&self, ordinal: u64) -> Option<&str> {
        self.claimed.get(&ordinal).map(String::as_str)
    }

    /// The distinct index of a text observed (or anchored).
    #[cfg(test)]
    pub fn distinct(&self, hash: &Digest) -> Option<u32> {
        self.groups.get(hash).map(|g| g.distinct)
    }

    /// Copies of the text in this release's input.
    pub fn count(&self, hash: &Digest) -> u32 {
        self.groups.get(hash).map_or(0, |g| g.count)
    }

    /// Pass two. A hash never observed is treated as unique.
    pub fn verdict(&self, hash: &Digest, ordinal: u64) -> Verdict {
        match self.groups.get(hash) {
            Some(g) if g.first != ordinal => Verdict::Duplicate { first: g.first },
            Some(g) => Verdict::Keep {
                dup_count: g.count,
                distinct: g.distinct,
            },
            None => Verdict::Keep {
                dup_count: 1,
                distinct: u32::MAX,
            },
        }
    }

    /// Serializes the index for a resume checkpoint, in distinct order (deterministic bytes).
    pub fn save(&self, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut groups: Vec<(&Digest, &Group)> = self.groups.iter().collect();
        groups.sort_unstable_by_key(|(_, g)| g.distinct);
        w.write_all(&(groups.len() as u64).to_le_bytes())?;
        for (hash, g) in groups {
            w.write_all(hash.as_slice())?;
            w.write_all(&g.first.to_le_bytes())?;
            w.write_all(&g.count.to_le_bytes())?;
            w.write_all(&g.distinct.to_le_bytes())?;
        }
        let mut claimed: Vec<(&u64, &String)> = self.claimed.iter().collect();
        claimed.sort_unstable();
        w.write_all(&(claimed.len() as u64).to_le_bytes())?;
        for (ordinal, id) in claimed {
            w.write_all(&ordinal.to_le_bytes())?;
            w.write_all(&(id.len() as u64).to_le_bytes())?;
            w.write_all(id.as_bytes())?;
        }
        Ok(())
    }

    pub fn load(r: &mut dyn std::io::Read) -> std::io::Result<DedupIndex> {
        let n = crate::base::codec::read_u64(r)?;
        let mut groups = DigestMap::default();
        for _ in 0..n {
            let mut hash = [0u8; 32];
            r.read_exact(&mut hash)?;
            let first = crate::base::codec::read_u64(r)?;
            let count = crate::base::codec::read_u32(r)?;
            let distinct = crate::base::codec::read_u32(r)?;
            groups.insert(
                hash,
                Group {
                    first,
                    count,
                    distinct,
                },
            );
        }
        let mut claimed = HashMap::new();
        for _ in 0..crate::base::codec::read_u64(r)? {
            let ordinal = crate::base::codec::read_u64(r)?;
            let len = crate::base::codec::read_u64(r)?;
            let mut id = Vec::new();
            std::io::Read::read_to_end(&mut std::io::Read::take(&mut *r, len), &mut id)?;
            let id = String::from_utf8(id)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            claimed.insert(ordinal, id);
        }
        Ok(DedupIndex { groups, claimed })
    }
}

/// Pass two's memory of kept ids, so later copies can name them. Only groups with copies are held,
/// and each is dropped once its last copy has been seen. Keys are ordinals for exact duplicates
/// and distinct indexes for near-duplicate clusters.
#[derive(Default)]
pub struct KeptIds {
    ids: HashMap<u64, (String, u32)>,
}

impl KeptIds {
    pub fn remember(&mut self, ordinal: u64, id: &str, dup_count: u32) {
        if dup_count > 1 {
            self.ids.insert(ordinal, (id.to_string(), dup_count - 1));
        }
    }

    /// The id of the kept copy `first`, consuming one expected duplicate.
    pub fn take(&mut self, first: u64) -> Option<String> {
        let (id, remaining) = self.ids.get_mut(&first)?;
        *remaining -= 1;
        let id = id.clone();
        if *remaining == 0 {
            self.ids.remove(&first);
        }
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn run(texts: &[&str]) -> Vec<Verdict> {
        let mut index = DedupIndex::default();
        for (i, t) in texts.iter().enumerate() {
            let _ = index.observe(content_hash(t), i as u64);
        }
        texts
            .iter()
            .enumerate()
            .map(|(i, t)| index.verdict(&content_hash(t), i as u64))
            .collect()
    }

    #[test]
    fn first_copy_wins_and_counts() {
        assert_eq!(
            run(&["a", "b", "a", "a"]),
            [
                Verdict::Keep {
                    dup_count: 3,
                    distinct: 0
                },
                Verdict::Keep {
                    dup_count: 1,
                    distinct: 1
                },
                Verdict::Duplicate { first: 0 },
                Verdict::Duplicate { first: 0 },
            ]
        );
    }

    /// A document of the previous release built again claims its text although a copy came
    /// first; a resumed build reads the claim back from its checkpoint.
    #[test]
    fn a_claim_makes_a_later_copy_the_kept_one_and_survives_a_checkpoint() {
        let mut index = DedupIndex::default();
        let hash = content_hash("сол мәтін");
        let _ = index.anchor(hash, 1 << 63);
        let _ = index.observe(hash, 0);
        let _ = index.observe(hash, 1);
        index.claim(&hash, 1, "old-id");
        let mut bytes = Vec::new();
        index.save(&mut bytes).unwrap();
        let back = DedupIndex::load(&mut &bytes[..]).unwrap();
        for index in [&index, &back] {
            assert_eq!(index.verdict(&hash, 0), Verdict::Duplicate { first: 1 });
            assert!(matches!(
                index.verdict(&hash, 1),
                Verdict::Keep { dup_count: 2, .. }
            ));
            assert_eq!(index.claimant(1), Some("old-id"));
        }
    }

    #[test]
    fn kept_ids_are_released_after_last_copy() {
        let mut ids = KeptIds::default();
        ids.remember(0, "a", 3);
        ids.remember(1, "b", 1);
        assert_eq!(ids.take(0).as_deref(), Some("a"));
        assert_eq!(ids.take(0).as_deref(), Some("a"));
        assert_eq!(ids.take(0), None);
        assert_eq!(ids.take(1), None);
    }

    proptest! {
        /// Dedup is idempotent: the kept texts, deduplicated again, are all kept.
        #[test]
        fn dedup_is_idempotent(texts in proptest::collection::vec("[ab]{0,3}", 0..40)) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let kept: Vec<&str> = run(&refs)
                .iter()
                .zip(&refs)
                .filter(|(v, _)| matches!(v, Verdict::Keep { .. }))
                .map(|(_, t)| *t)
                .collect();
            let again = run(&kept);
            let all_unique = again.iter().all(|v| matches!(v, Verdict::Keep { dup_count: 1, .. }));
            prop_assert!(all_unique);
            let total: u32 = run(&refs).iter().map(|v| match v { Verdict::Keep { dup_count, .. } => *dup_count, _ => 0 }).sum();
            prop_assert_eq!(total as usize, refs.len());
        }
    }
}
