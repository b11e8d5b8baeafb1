//! `--previous OLD`: a release built on an earlier one. The old release's kept documents enter
//! the dedup index before every document of this build (as anchors), so that
//! - a document built again (same id) keeps its cluster key, hence its split, and stays kept;
//! - a new exact or near copy of an old document is its duplicate (removed, naming it, or in
//!   tag mode kept in its cluster and split);
//! - a cluster an old document is in keeps the old cluster key however it grows.
//!
//! The split is a function of the cluster key and the split settings, so those settings must
//! be the old release's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use arrow_array::RecordBatch;
use arrow_array::cast::AsArray;
use rayon::prelude::*;

use crate::base::config::Config;
use crate::base::digest::{from_hex, hash_file};
use crate::base::error::{Error, Result};
use crate::pipeline::hashing::Grouping;
use crate::release::manifest::{Lineage, Manifest};
use crate::release::tables::batches;
use crate::stages::dedup::Digest;
use crate::stages::neardup::MinHasher;

/// Ordinals of anchors in the dedup index: above every ordinal of an input document.
pub(super) const ANCHOR_BASE: u64 = 1 << 63;

/// Where [`Previous::load`] puts the anchors, and how it signs them.
pub(super) struct Seeding<'g> {
    pub anchors: &'g mut dyn Anchors,
    pub hasher: Option<&'g MinHasher>,
}

/// What takes the anchors: a dedup index ([`Grouping`]), or a planned build's near-duplicate
/// search.
pub(super) trait Anchors {
    /// The next anchor, with ordinal `ANCHOR_BASE + i` for the `i`-th; returns `Some(i)`
    /// when its text is new there.
    fn anchor(&mut self, hash: Digest, ordinal: u64, signature: Vec<u32>) -> Option<u32>;
}

impl Anchors for Grouping<'_> {
    fn anchor(&mut self, hash: Digest, ordinal: u64, signature: Vec<u32>) -> Option<u32> {
        Grouping::anchor(self, hash, ordinal, signature)
    }
}

/// A row of the previous release's documents.
pub(super) struct OldDoc<'a> {
    pub id: &'a str,
    pub hash: Digest,
    /// The hex of its cluster key.
    pub cluster: &'a str,
}

/// A kept document of the previous release.
#[derive(Debug, Clone)]
pub(super) struct Anchor {
    pub id: String,
    pub cluster_key: Digest,
}

/// The previous release, as the dedup step and the release's changelog need it.
#[derive(Debug)]
pub struct Previous {
    pub dir: PathBuf,
    pub lineage: Lineage,
    /// Its kept documents, one per distinct text, in its file order: anchor `i` has distinct
    /// index `i` and ordinal `ANCHOR_BASE + i`.
    pub(super) anchors: Vec<Anchor>,
    /// Every kept document's id, to the anchor of its text.
    pub(super) by_id: HashMap<String, u32>,
    /// Leave the documents built again unchanged out of this release (`--only-new`).
    pub only_new: bool,
    /// Its documents files, as its manifest lists them.
    pub(super) documents: Vec<PathBuf>,
}

const COLUMNS: [&str; 4] = ["id", "sha256", "cluster", "text"];

impl Previous {
    /// The release in `dir`, checked against this build's `config`: what the manifest says.
    /// The anchors come with [`Previous::load`].
    pub fn open(dir: &Path, config: &Config, only_new: bool) -> Result<Previous> {
        let manifest = Manifest::read(dir)?;
        check_split_settings(dir, &manifest, config)?;
        let (_, manifest_sha256) = hash_file(&dir.join("manifest.json"))?;
        let version = match manifest.config.pointer("/release/version") {
            Some(serde_json::Value::String(v)) => Some(v.clone()),
            _ => None,
        };
        Ok(Previous {
            dir: dir.to_path_buf(),
            lineage: Lineage {
                version,
                manifest_sha256,
            },
            anchors: Vec::new(),
            by_id: HashMap::new(),
            only_new,
            documents: manifest
                .files
                .iter()
                .filter(|f| f.config == "documents")
                .map(|f| dir.join(&f.path))
                .collect(),
        })
    }

    /// Reads the previous release's kept documents, one anchor per distinct text. With a
    /// `seeding` (and this build's MinHash settings, `None` when near-duplicates are off),
    /// each anchor also enters its dedup index, before any document of this build; without,
    /// the anchors are only named (a resumed build whose index holds them already).
    pub(super) fn load(&mut self, mut seeding: Option<Seeding>) -> Result<()> {
        let mut seen = HashMap::new();
        // Texts only to sign them.
        let columns: &[&str] = match seeding.as_ref().and_then(|s| s.hasher) {
            Some(_) => &COLUMNS,
            None => &COLUMNS[..3],
        };
        for path in self.documents.clone() {
            for batch in batches(&path, Some(columns))? {
                self.load_batch(&path, &batch?, &mut seen, seeding.as_mut())?;
            }
        }
        Ok(())
    }

    fn load_batch(
        &mut self,
        path: &Path,
        batch: &RecordBatch,
        seen: &mut HashMap<Digest, u32>,
        mut seeding: Option<&mut Seeding>,
    ) -> Result<()> {
        let column = |name: &str| {
            batch
                .column_by_name(name)
                .and_then(|c| c.as_string_opt::<i32>())
                .ok_or_else(|| bad(path, format!("no string column `{name}`")))
        };
        let (ids, hashes, clusters) = (column("id")?, column("sha256")?, column("cluster")?);
        let signatures: Vec<Vec<u32>> = match seeding.as_ref().and_then(|s| s.hasher) {
            Some(h) => {
                let texts = column("text")?;
                (0..batch.num_rows())
                    .into_par_iter()
                    .map(|row| h.signature(texts.value(row)))
                    .collect()
            }
            None => vec![Vec::new(); batch.num_rows()],
        };
        for (row, signature) in signatures.into_iter().enumerate() {
            let old = OldDoc {
                id: ids.value(row),
                hash: digest(path, hashes.value(row))?,
                cluster: clusters.value(row),
            };
            self.add(old, signature, seen, seeding.as_deref_mut())
                .map_err(|message| bad(path, message))?;
        }
        Ok(())
    }

    /// One kept document of the previous release: an anchor when its text is new.
    pub(super) fn add(
        &mut self,
        old: OldDoc,
        signature: Vec<u32>,
        seen: &mut HashMap<Digest, u32>,
        seeding: Option<&mut Seeding>,
    ) -> Result<(), String> {
        let next = self.anchors.len() as u32;
        // A text the release holds twice (it cannot, but an edited dataset might): the
        // second id follows the first copy.
        let anchor = *seen.entry(old.hash).or_insert(next);
        if anchor == next {
            if let Some(s) = seeding {
                let ordinal = ANCHOR_BASE + u64::from(next);
                if s.anchors.anchor(old.hash, ordinal, signature) != Some(next) {
                    return Err("the index held documents before it".into());
                }
            }
            let cluster_key = from_hex(old.cluster)
                .ok_or_else(|| format!("`{}` is not a SHA-256", old.cluster))?;
            let id = old.id.to_string();
            self.anchors.push(Anchor { id, cluster_key });
        }
        self.by_id.insert(old.id.to_string(), anchor);
        Ok(())
    }

    /// The anchor with dedup ordinal `ordinal`, if it is one.
    pub(super) fn anchor_at(&self, ordinal: u64) -> Option<(u32, &Anchor)> {
        let i = u32::try_from(ordinal.checked_sub(ANCHOR_BASE)?).ok()?;
        Some((i, self.anchors.get(i as usize)?))
    }

    /// The anchor with distinct index `distinct`, if it is one.
    pub(super) fn anchor_of_distinct(&self, distinct: u32) -> Option<&Anchor> {
        self.anchors.get(distinct as usize)
    }

    /// The anchor of the old document with this id.
    pub(super) fn anchor_of_id(&self, id: &str) -> Option<(u32, &Anchor)> {
        let i = *self.by_id.get(id)?;
        Some((i, self.anchors.get(i as usize)?))
    }
}

/// Splits are a function of the cluster key, the seed and the ratios: with other settings the
/// old documents would move, which a release built on another must never do.
fn check_split_settings(dir: &Path, old: &Manifest, config: &Config) -> Result<()> {
    let settings = [
        ("seed", serde_json::to_value(config.seed)),
        ("split", serde_json::to_value(config.split)),
    ];
    for (key, new) in settings {
        let new = new.map_err(|e| Error::json(dir.join("manifest.json"), e))?;
        let old = old.config.get(key).cloned().unwrap_or_default();
        if old != new {
            return Err(Error::Config {
                key: key.to_string(),
                message: format!(
                    "{old} in the previous release {}, {new} here; a release built on another \
                     keeps its split settings, so that no document changes split",
                    dir.display()
                ),
            });
        }
    }
    Ok(())
}

fn digest(path: &Path, hex: &str) -> Result<Digest> {
    from_hex(hex).ok_or_else(|| bad(path, format!("`{hex}` is not a SHA-256")))
}

fn bad(path: &Path, message: String) -> Error {
    Error::BadDataset {
        path: path.to_path_buf(),
        message: format!("cannot be built on: {message}"),
    }
}
