//! What the tasks of a planned build hand to each other through `WORK` (see [`super::plan`]):
//! the state a one-process build merges as it goes, written out so that a later stage can merge
//! it in input order. Each record is the input of one merge step of `build`, so replaying the
//! records of every rank in rank order repeats that build's merges exactly.

use crate::base::codec::*;
use crate::base::doc::DropReason;
use crate::io::spool::Record;
use crate::pipeline::records::{get_reason_code, put_reason_code};
use crate::stages::dedup::Digest;

/// Scan → count: a distinct-text candidate's fingerprint and the line keys it adds to the counts.
pub(super) struct DocKeys {
    pub fingerprint: u128,
    pub keys: Vec<u64>,
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

/// Dedup → write: what happens to a document with text, decided in input order over the whole
/// corpus.
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

/// A decision with the ordinal of its document in the whole corpus, to check the two files
/// line up.
pub(super) struct Decided {
    pub ordinal: u64,
    pub decision: Decision,
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

impl Record for Decided {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.ordinal);
        match &self.decision {
            Decision::Keep {
                dup_count,
                cluster_key,
                cluster_size,
            } => {
                out.push(0);
                put_u64(out, u64::from(*dup_count));
                out.extend_from_slice(cluster_key);
                put_u64(out, u64::from(*cluster_size));
            }
            Decision::Drop {
                reason,
                duplicate_of,
                previous,
            } => {
                out.push(1 + u8::from(*previous));
                put_reason_code(out, *reason);
                put_opt_str(out, duplicate_of.as_deref());
            }
        }
    }

    fn decode(input: &mut &[u8]) -> Option<Decided> {
        let ordinal = get_u64(input)?;
        let decision = match get_u8(input)? {
            0 => Decision::Keep {
                dup_count: u32::try_from(get_u64(input)?).ok()?,
                cluster_key: get_digest(input)?,
                cluster_size: u32::try_from(get_u64(input)?).ok()?,
            },
            tag @ (1 | 2) => Decision::Drop {
                reason: get_reason_code(input)?,
                duplicate_of: get_opt_string(input)?,
                previous: tag == 2,
            },
            _ => return None,
        };
        Some(Decided { ordinal, decision })
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
    fn decisions_signatures_and_pairs_survive_the_spool() {
        for decision in [
            Decision::Keep {
                dup_count: 3,
                cluster_key: [7; 32],
                cluster_size: 2,
            },
            Decision::Drop {
                reason: DropReason::Duplicate,
                duplicate_of: None,
                previous: false,
            },
            Decision::Drop {
                reason: DropReason::NearDuplicate,
                duplicate_of: Some("kk/a01.txt".into()),
                previous: true,
            },
        ] {
            let back = round_trip(&Decided {
                ordinal: 9,
                decision: decision.clone(),
            });
            assert_eq!((back.ordinal, back.decision), (9, decision));
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
