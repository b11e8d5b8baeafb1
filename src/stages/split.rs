//! Stage 7: train/validation/test assignment. A document's split is a pure function of its content
//! hash and the seed, so it never depends on thread count, input order or the rest of the corpus:
//! a rebuild with more data keeps every old document in its old split.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::base::config::SplitRatios;
use crate::stages::dedup::Digest;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    Train,
    Validation,
    Test,
}

impl Split {
    pub const ALL: [Split; 3] = [Split::Train, Split::Validation, Split::Test];

    pub fn name(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Validation => "validation",
            Split::Test => "test",
        }
    }
}

/// Maps (seed, content hash) to a point in [0, 1) and the point to a split.
pub fn assign(hash: &Digest, seed: u64, ratios: &SplitRatios) -> Split {
    let mut hasher = Sha256::new();
    hasher.update(b"corpusmill split v1\0");
    hasher.update(seed.to_le_bytes());
    hasher.update(hash);
    let digest = hasher.finalize();
    let mut top = [0u8; 8];
    top.copy_from_slice(&digest[..8]);
    // 53 bits: exactly representable in an f64, uniform in [0, 1).
    let point = (u64::from_le_bytes(top) >> 11) as f64 / (1u64 << 53) as f64;
    if point < ratios.train {
        Split::Train
    } else if point < ratios.train + ratios.validation {
        Split::Validation
    } else if ratios.test > 0.0 || ratios.validation == 0.0 {
        Split::Test
    } else {
        // Rounding left a sliver above train + validation although test is empty.
        Split::Validation
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::dedup::content_hash;
    use proptest::prelude::*;

    #[test]
    fn ratios_are_respected_roughly() {
        let ratios = SplitRatios::default();
        let mut counts = [0usize; 3];
        for i in 0..20_000 {
            let s = assign(&content_hash(&i.to_string()), 0, &ratios);
            counts[s as usize] += 1;
        }
        assert!((17_600..18_400).contains(&counts[0]), "{counts:?}");
        assert!((800..1_200).contains(&counts[1]), "{counts:?}");
        assert!((800..1_200).contains(&counts[2]), "{counts:?}");
    }

    #[test]
    fn empty_splits_get_nothing() {
        let ratios = SplitRatios {
            train: 0.8,
            validation: 0.2,
            test: 0.0,
        };
        for i in 0..5_000 {
            assert_ne!(
                assign(&content_hash(&i.to_string()), 3, &ratios),
                Split::Test
            );
        }
    }

    #[test]
    fn seed_changes_the_assignment() {
        let ratios = SplitRatios::default();
        let moved = (0..2_000)
            .filter(|i| {
                let h = content_hash(&i.to_string());
                assign(&h, 1, &ratios) != assign(&h, 2, &ratios)
            })
            .count();
        assert!(moved > 50);
    }

    proptest! {
        /// A split with a zero ratio never receives a document, whatever the text and seed.
        #[test]
        fn zero_ratio_splits_stay_empty(text in ".*", seed in any::<u64>(), train in 0.0f64..=1.0) {
            let ratios = SplitRatios { train, validation: 1.0 - train, test: 0.0 };
            let split = assign(&content_hash(&text), seed, &ratios);
            prop_assert_ne!(split, Split::Test);
            if train == 0.0 {
                prop_assert_eq!(split, Split::Validation);
            }
        }
    }
}
