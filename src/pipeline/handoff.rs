//! What the tasks of a planned build hand to each other through `WORK` (see [`super::plan`]):
//! the state a one-process build merges as it goes, written out so that a later stage can merge
//! it in input order. Each record is the input of one merge step of `build`, so replaying the
//! records of every rank in rank order repeats that build's merges exactly.

use crate::base::codec::*;
use crate::base::doc::DropReason;
use crate::io::spool::Record;
use crate::stages::dedup::Digest;

/// Scan → count: a distinct-text candidate's fingerprint and the line keys it adds to the counts.
pub(super) struct DocKeys {
    pub fingerprint: u128,
    pub keys: Vec<u64>,
}

/// Mark → count: the place, among every scan task's `DocKeys` in input order, of a document
/// whose text an earlier document has (its lines count once, with the first copy).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Later {
    pub at: u64,
}

/// Sign → near: a document with text left after cleaning, its content hash and MinHash
/// signature. `ordinal` counts from the rank's first document.
pub(super) struct Signed {
    pub ordinal: u64,
    pub hash: Digest,
    pub signature: Vec<u32>,
}

/// Sign → dedup: a document with text left after cleaning, its content hash and id (which
/// the removal records of its later copies name). `ordinal` counts from the rank's first
/// document.
pub(super) struct DocHash {
    pub ordinal: u64,
    pub hash: Digest,
    pub id: String,
}

/// Sign → dedup: one furniture text removed, with its kind, for the report's top lists.
pub(super) struct RemovedText {
    pub kind: usize,
    pub text: String,
}

/// Near → dedup: two documents the near-duplicate search found alike, by their ordinals in
/// the dedup index (an anchor of the previous release has `ANCHOR_BASE` plus its index).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Joined {
    pub later: u64,
    pub earlier: u64,
}

/// What happens to a document with text, decided in input order over the whole corpus (see
/// `building::Resolver`).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Decision {
    Keep {
        dup_count: u32,
        cluster_key: Digest,
        cluster_size: u32,
    },
    Drop {
        reason: DropReason,
        duplicate_of: Option<String>,
        /// What it duplicates (or is) is a document of the previous release (`--previous`).
        previous: bool,
    },
}

/// Dedup → write: what the dedup task that owns a document's text learnt of it, for the write
/// task that writes the document to decide on it (see `plan::groups`). `ordinal` counts in
/// the whole corpus.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Fact {
    pub ordinal: u64,
    /// Its text's node in the near-duplicate clusters (see `plan::groups::DOC_NODE`).
    pub node: u64,
    /// Copies of its text in this build's input.
    pub count: u32,
    pub copy: Copy,
}

/// Which copy of its text a document is.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Copy {
    /// The copy that is kept, unless a near-duplicate removes it; `old` is the anchor of the
    /// previous release's document with its id, and that document's cluster key.
    Kept { old: Option<(u32, Digest)> },
    /// A copy of a text the previous release holds, or that a document with an old id
    /// claimed: the duplicate of that document.
    OfOld { id: String },
    /// A later copy of the kept document with this id.
    Later { kept: Option<String> },
}

/// Dedup → write: the node of a document (or anchor) of a near-duplicate pair, for the write
/// tasks to build the clusters from the near tasks' pairs.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Paired {
    /// Its ordinal in the whole corpus, or `ANCHOR_BASE` plus its anchor index.
    pub end: u64,
    pub node: u64,
    /// Its text's content hash: a cluster's key is its members' smallest.
    pub hash: Digest,
    pub root: RootOf,
}

/// What the documents of a cluster whose root is this node point to.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RootOf {
    /// A document of the previous release: its id and cluster key.
    Anchor { id: String, key: Digest },
    /// A text of this build: the id of its kept copy, `None` when a document with an old id
    /// claimed it (`Resolver` has not met that copy when it names the root).
    Text { kept: Option<String> },
}

fn put_u128(out: &mut Vec<u8>, v: u128) {
    put_u64(out, v as u64);
    put_u64(out, (v >> 64) as u64);
}

fn get_u128(input: &mut &[u8]) -> Option<u128> {
    let low = get_u64(input)?;
    let high = get_u64(input)?;
    Some(u128::from(low) | u128::from(high) << 64)
}

fn get_digest(input: &mut &[u8]) -> Option<Digest> {
    take(input, 32)?.try_into().ok()
}

/// A count read back, bounded by the bytes left (each item takes at least `min` bytes), so a
/// damaged count never becomes a huge allocation.
fn get_len(input: &mut &[u8], min: usize) -> Option<usize> {
    let n = usize::try_from(get_u64(input)?).ok()?;
    (n <= input.len() / min.max(1)).then_some(n)
}

impl Record for DocKeys {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u128(out, self.fingerprint);
        put_u64(out, self.keys.len() as u64);
        for k in &self.keys {
            put_u64(out, *k);
        }
    }

    fn decode(input: &mut &[u8]) -> Option<DocKeys> {
        let fingerprint = get_u128(input)?;
        let n = get_len(input, 8)?;
        let keys = (0..n).map(|_| get_u64(input)).collect::<Option<_>>()?;
        Some(DocKeys { fingerprint, keys })
    }
}

impl Record for Later {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.at);
    }

    fn decode(input: &mut &[u8]) -> Option<Later> {
        Some(Later {
            at: get_u64(input)?,
        })
    }
}

impl Record for Signed {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.ordinal);
        out.extend_from_slice(&self.hash);
        put_u64(out, self.signature.len() as u64);
        for v in &self.signature {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }

    fn decode(input: &mut &[u8]) -> Option<Signed> {
        let ordinal = get_u64(input)?;
        let hash = get_digest(input)?;
        let n = get_len(input, 4)?;
        let signature = (0..n)
            .map(|_| Some(u32::from_le_bytes(take(input, 4)?.try_into().ok()?)))
            .collect::<Option<_>>()?;
        Some(Signed {
            ordinal,
            hash,
            signature,
        })
    }
}

impl Record for DocHash {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.ordinal);
        out.extend_from_slice(&self.hash);
        put_bytes(out, self.id.as_bytes());
    }

    fn decode(input: &mut &[u8]) -> Option<DocHash> {
        let ordinal = get_u64(input)?;
        let hash = get_digest(input)?;
        let id = get_string(input)?;
        Some(DocHash { ordinal, hash, id })
    }
}

impl Record for Joined {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.later);
        put_u64(out, self.earlier);
    }

    fn decode(input: &mut &[u8]) -> Option<Joined> {
        let later = get_u64(input)?;
        let earlier = get_u64(input)?;
        Some(Joined { later, earlier })
    }
}

impl Record for RemovedText {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.kind as u64);
        put_bytes(out, self.text.as_bytes());
    }

    fn decode(input: &mut &[u8]) -> Option<RemovedText> {
        let kind = usize::try_from(get_u64(input)?).ok()?;
        let text = get_string(input)?;
        Some(RemovedText { kind, text })
    }
}

fn get_u32(input: &mut &[u8]) -> Option<u32> {
    u32::try_from(get_u64(input)?).ok()
}

impl Record for Fact {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.ordinal);
        put_u64(out, self.node);
        put_u64(out, u64::from(self.count));
        match &self.copy {
            Copy::Kept { old: None } => out.push(0),
            Copy::Kept {
                old: Some((anchor, key)),
            } => {
                out.push(1);
                put_u64(out, u64::from(*anchor));
                out.extend_from_slice(key);
            }
            Copy::OfOld { id } => {
                out.push(2);
                put_bytes(out, id.as_bytes());
            }
            Copy::Later { kept } => {
                out.push(3);
                put_opt_str(out, kept.as_deref());
            }
        }
    }

    fn decode(input: &mut &[u8]) -> Option<Fact> {
        let ordinal = get_u64(input)?;
        let node = get_u64(input)?;
        let count = get_u32(input)?;
        let copy = match get_u8(input)? {
            0 => Copy::Kept { old: None },
            1 => Copy::Kept {
                old: Some((get_u32(input)?, get_digest(input)?)),
            },
            2 => Copy::OfOld {
                id: get_string(input)?,
            },
            3 => Copy::Later {
                kept: get_opt_string(input)?,
            },
            _ => return None,
        };
        Some(Fact {
            ordinal,
            node,
            count,
            copy,
        })
    }
}

impl Record for Paired {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.end);
        put_u64(out, self.node);
        out.extend_from_slice(&self.hash);
        match &self.root {
            RootOf::Anchor { id, key } => {
                out.push(0);
                put_bytes(out, id.as_bytes());
                out.extend_from_slice(key);
            }
            RootOf::Text { kept } => {
                out.push(1);
                put_opt_str(out, kept.as_deref());
            }
        }
    }

    fn decode(input: &mut &[u8]) -> Option<Paired> {
        let end = get_u64(input)?;
        let node = get_u64(input)?;
        let hash = get_digest(input)?;
        let root = match get_u8(input)? {
            0 => RootOf::Anchor {
                id: get_string(input)?,
                key: get_digest(input)?,
            },
            1 => RootOf::Text {
                kept: get_opt_string(input)?,
            },
            _ => return None,
        };
        Some(Paired {
            end,
            node,
            hash,
            root,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Record>(value: &T) -> T {
        let mut bytes = Vec::new();
        value.encode(&mut bytes);
        let mut input = bytes.as_slice();
        let back = T::decode(&mut input).expect("decodes");
        assert!(input.is_empty(), "every byte read");
        // A record cut short anywhere is refused, never misread.
        for cut in 0..bytes.len() {
            assert!(T::decode(&mut &bytes[..cut]).is_none(), "cut at {cut}");
        }
        back
    }

    #[test]
    fn facts_signatures_and_pairs_survive_the_spool() {
        for copy in [
            Copy::Kept { old: None },
            Copy::Kept {
                old: Some((3, [7; 32])),
            },
            Copy::OfOld {
                id: "kk/a01.txt".into(),
            },
            Copy::Later { kept: None },
            Copy::Later {
                kept: Some("kk/a01.txt".into()),
            },
        ] {
            let fact = Fact {
                ordinal: 9,
                node: (1 << 62) + 2,
                count: 3,
                copy,
            };
            assert_eq!(round_trip(&fact), fact);
        }
        for root in [
            RootOf::Anchor {
                id: "kk/a01.txt".into(),
                key: [2; 32],
            },
            RootOf::Text { kept: None },
            RootOf::Text {
                kept: Some("b".into()),
            },
        ] {
            let paired = Paired {
                end: 1 << 63,
                node: 4,
                hash: [9; 32],
                root,
            };
            assert_eq!(round_trip(&paired), paired);
        }
        let signed = round_trip(&Signed {
            ordinal: 4,
            hash: [1; 32],
            signature: vec![5, 6, u32::MAX],
        });
        assert_eq!(signed.signature, [5, 6, u32::MAX]);
        let hashed = round_trip(&DocHash {
            ordinal: 4,
            hash: [1; 32],
            id: "kk/a01.txt".into(),
        });
        assert_eq!((hashed.hash, hashed.id.as_str()), ([1; 32], "kk/a01.txt"));
        assert_eq!(round_trip(&Later { at: 7 }), Later { at: 7 });
        let joined = Joined {
            later: 1 << 63,
            earlier: 2,
        };
        assert_eq!(round_trip(&joined), joined);
        let keys = round_trip(&DocKeys {
            fingerprint: u128::MAX - 3,
            keys: vec![1, 2],
        });
        assert_eq!((keys.fingerprint, keys.keys), (u128::MAX - 3, vec![1, 2]));
    }
}
