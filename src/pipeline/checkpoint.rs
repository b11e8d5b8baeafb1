//! Resume checkpoints and spools. After the counting pass and after the hashing pass, their
//! results and the spool of documents they hand on are saved in a folder beside the target
//! (`.DIR.corpusmill-checkpoint/`), stamped with a fingerprint of the tool version, the resolved
//! config and the input listing. `build --resume` loads what matches and skips those passes; the
//! building pass always runs whole, and since every pass is deterministic the result is
//! byte-identical to an uninterrupted build. The folder is removed when the dataset is in place.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest as _, Sha256};

use crate::base::config::Config;
use crate::base::error::{Error, Result};
use crate::io::spool::{SpoolReader, SpoolWriter};
use crate::stages::boilerplate::{LineCounter, Samples};
use crate::stages::dedup::DedupIndex;
use crate::stages::neardup::Clusters;

/// Format of what a checkpoint holds. Bumped whenever saved state changes meaning without the
/// package version changing (02: line keys hash code points, not UTF-8 bytes; 03: pass two
/// spools its verdicts, not the cleaned texts; 04: pass one also spools each document's measured
/// lines for pass two; 05: line counts per distinct text, template and edge keys, and pass two's
/// verdicts with pieces of lines; 06: pass two's state also holds the most frequent furniture
/// lines; 07: spool frames may be stored uncompressed, and planned decisions carry ordinals in
/// the whole corpus; 08: a planned build's near stage and its spools; 09: the line counts are
/// kept in stripes, and a count task saves its part; 10: the dedup stage's tasks hand facts, not
/// decisions, to the write tasks; 11: the count tasks skip the later copies the mark tasks
/// found), so a resume never mixes state from two definitions.
const MAGIC: &[u8; 8] = b"CMCKPT11";
/// Furniture lines per kind kept in a checkpoint: as many as any report lists.
pub const KEPT_SAMPLES: usize = 50;

/// Spool of decoded, normalized documents, written by pass one (by pass two when there is no
/// pass one) and read by the passes after it.
pub const NORMALIZED: &str = "normalized.spool";
/// Spool of pass one for pass two: each document's countable lines, measured as they were
/// counted.
pub const LINES: &str = "lines.spool";
/// Spool of a planned build's scan task: the line keys each document adds to the counts.
pub const KEYS: &str = "keys.spool";
/// Spool of a planned build's mark task: the places of the later copies of the texts in its
/// part of the fingerprints (`handoff::Later`).
pub const LATER: &str = "later.spool";
/// Spool of pass two: each document's furniture lines and content hash, for pass three.
pub const CLEANED: &str = "cleaned.spool";
/// Pass one's line counts.
pub const LINE_COUNTS: &str = "lines.bin";
/// Pass two's exact-duplicate groups and near-duplicate clusters.
const DEDUP: &str = "dedup.bin";
/// A planned build's most frequent furniture lines, merged by the dedup stage.
pub const SAMPLES: &str = "samples.bin";
/// Spools of a planned build's sign task, of each document with text: its hash and signature
/// (for the near tasks), its hash and id (for the dedup stage).
pub const SIGNED: &str = "signed.spool";
pub const HASHES: &str = "hashes.spool";
/// Spool of a planned build's sign task: the furniture texts it removed.
pub const REMOVED: &str = "removed.spool";
/// Spool of a planned build's near-duplicate task: the alike pairs its bands found.
pub const JOINED: &str = "joined.spool";
/// Spool of a planned build's near-duplicate task, while it runs: the previous release's
/// anchors, signed once for both passes.
pub const ANCHORS: &str = "anchors.spool";
/// Spool of a planned build's dedup task: the node of each document (or anchor) of a
/// near-duplicate pair whose text falls in its part.
pub const PAIRED: &str = "paired.spool";
/// Spools of a planned build's sign task: the documents at the start of its share that an
/// earlier write task writes (see `plan::rows::Layout`), copied from `NORMALIZED` and `CLEANED`.
pub const HEAD_NORMALIZED: &str = "head-normalized.spool";
pub const HEAD_CLEANED: &str = "head-cleaned.spool";

pub struct Checkpoints {
    dir: PathBuf,
    fingerprint: [u8; 32],
    /// Whether saved state may be used (`--resume`).
    resume: bool,
    /// A dry run's folder: it holds only spools and goes away with the run, however it ends.
    ephemeral: bool,
    /// Whether the spools written here are compressed (see `io::spool::compress_spools`).
    compress: bool,
}

impl Checkpoints {
    pub fn new(out: &Path, config: &Config, listing_sha256: &str, resume: bool) -> Checkpoints {
        let dir = crate::release::output::beside(out, "checkpoint");
        Checkpoints::at(dir, config, listing_sha256, resume)
    }

    /// Checkpoints in `dir`: a planned build keeps each task's files in a folder of `WORK`.
    pub fn at(dir: PathBuf, config: &Config, listing_sha256: &str, resume: bool) -> Checkpoints {
        let mut h = Sha256::new();
        h.update(env!("CARGO_PKG_VERSION"));
        h.update(serde_json::to_vec(config).unwrap_or_default());
        h.update(listing_sha256);
        Checkpoints {
            dir,
            fingerprint: h.finalize().into(),
            resume,
            ephemeral: false,
            compress: true,
        }
    }

    /// The same folder, with spools written compressed or not.
    pub fn compressing(mut self, compress: bool) -> Checkpoints {
        self.compress = compress;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A dry run's spool folder: private to this process and removed when dropped.
    pub fn scratch(out: &Path, config: &Config, listing_sha256: &str) -> Checkpoints {
        let mut c = Checkpoints::new(out, config, listing_sha256, false);
        c.dir = crate::release::output::beside(out, &format!("dry-run-{}", std::process::id()));
        c.ephemeral = true;
        c
    }

    fn header(&self) -> Vec<u8> {
        [MAGIC.as_slice(), &self.fingerprint].concat()
    }

    /// A new spool `name`, replacing any earlier one once finished.
    pub fn spool_writer(&self, name: &str) -> Result<SpoolWriter> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        SpoolWriter::create(self.path(name), &self.header(), self.compress)
    }

    /// The finished spool `name` of this very build, if there is one.
    pub fn spool_reader(&self, name: &str) -> Option<SpoolReader> {
        SpoolReader::open(&self.path(name), &self.header())
    }

    /// The finished spool `name`, which a pass of this build wrote: an error when it is missing,
    /// since then something else is touching our folder.
    pub fn open_spool(&self, name: &str) -> Result<SpoolReader> {
        self.spool_reader(name).ok_or_else(|| {
            Error::io(
                &self.dir,
                std::io::Error::new(
                    std::io::ErrorKind::NotFound,
                    "a spool file written by this build disappeared",
                ),
            )
        })
    }

    /// Whether `--resume` may skip the pass that wrote spool `name`.
    pub fn resumable(&self, name: &str) -> bool {
        self.resume && self.spool_reader(name).is_some()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Writes `name` atomically (temp file + rename), so a kill leaves the old or the new state.
    fn save(
        &self,
        name: &str,
        write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        std::fs::create_dir_all(&self.dir).map_err(|e| Error::io(&self.dir, e))?;
        let path = self.path(name);
        let partial = self.path(&format!("{name}.partial"));
        let io = |e| Error::io(&partial, e);
        let file = File::create(&partial).map_err(io)?;
        let mut w = BufWriter::new(file);
        w.write_all(MAGIC).map_err(io)?;
        w.write_all(&self.fingerprint).map_err(io)?;
        write(&mut w).map_err(io)?;
        let file = w.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&partial, &path).map_err(|e| Error::io(&path, e))
    }

    /// Reads `name` if resuming and it was written for this very build; `None` otherwise.
    fn load<T>(
        &self,
        name: &str,
        read: impl FnOnce(&mut dyn Read) -> std::io::Result<T>,
    ) -> Option<T> {
        if !self.resume {
            return None;
        }
        let file = File::open(self.path(name)).ok()?;
        let mut r = BufReader::new(file);
        let mut head = [0u8; 40];
        r.read_exact(&mut head).ok()?;
        if head[..] != self.header()[..] {
            return None;
        }
        read(&mut r).ok()
    }

    pub fn save_lines(&self, counter: &LineCounter) -> Result<()> {
        self.save(LINE_COUNTS, |w| counter.save(w))
    }

    pub fn load_lines(&self) -> Option<LineCounter> {
        self.load(LINE_COUNTS, LineCounter::load)
    }

    pub fn save_dedup(
        &self,
        index: &DedupIndex,
        clusters: &Clusters,
        samples: &Samples,
    ) -> Result<()> {
        self.save(DEDUP, |w| {
            index.save(w)?;
            clusters.save(w)?;
            samples.save(KEPT_SAMPLES, w)
        })
    }

    pub fn save_samples(&self, samples: &Samples) -> Result<()> {
        self.save(SAMPLES, |w| samples.save(KEPT_SAMPLES, w))
    }

    pub fn load_samples(&self) -> Option<Samples> {
        self.load(SAMPLES, Samples::load)
    }

    pub fn load_dedup(&self) -> Option<(DedupIndex, Clusters, Samples)> {
        self.load(DEDUP, |r| {
            Ok((DedupIndex::load(r)?, Clusters::load(r)?, Samples::load(r)?))
        })
    }

    /// Called once the dataset is in place.
    pub fn remove(&self) -> Result<()> {
        match std::fs::remove_dir_all(&self.dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&self.dir, e)),
            _ => Ok(()),
        }
    }
}

impl Drop for Checkpoints {
    fn drop(&mut self) {
        if self.ephemeral {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
