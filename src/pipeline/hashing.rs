//! Pass two, hashing: remove furniture, then group exact duplicates (SHA-256) and cluster near
//! duplicates (MinHash signatures of the distinct texts).
//!
//! Reads `normalized.spool` and `lines.spool` from pass one, with the line counts of
//! `lines.bin` inside the [`Cleaner`]; with furniture removal off there is no pass one, and it
//! reads the input files instead and writes `normalized.spool` itself. Writes `cleaned.spool`
//! (per document: the furniture cut and the content hash) and `dedup.bin` (the groups and
//! clusters). What it spools for pass three is its verdict on each document, not the cleaned
//! text: pass three takes the text from `normalized.spool`, so the text is compressed once
//! rather than twice.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::base::config::NearDupConfig;
use crate::base::error::Result;
use crate::io::ingest::{self, DocStream, InputFile};
use crate::io::spool::{SpoolReader, SpoolWriter};
use crate::pipeline::batches::{Reporter, pipelined, zipped_batch};
use crate::pipeline::checkpoint::{CLEANED, Checkpoints, LINES, NORMALIZED};
use crate::pipeline::context::Stages;
use crate::pipeline::handoff::{DocHash, RemovedText, Signed};
use crate::pipeline::inputs::{decode_doc, fields, raw_batch};
use crate::pipeline::records::{Cleaned, Decoded, MeasuredLines};
use crate::pipeline::timing::Stage;
use crate::stages::boilerplate::{Cleaner, Cut, LineKey, Samples};
use crate::stages::dedup::{self, DedupIndex, Digest};
#[cfg(test)]
use crate::stages::neardup::Components;
use crate::stages::neardup::{Clusters, MinHasher, NearDupIndex};

/// What pass two reads.
pub(super) enum Upstream<'a> {
    /// Pass one's spools.
    Counting,
    /// The input files, when pass one did not run.
    Inputs(&'a [InputFile]),
}

/// Pass two over what `upstream` holds; every batch's verdicts, hashes and removed furniture
/// texts go to `observer` in input order.
pub(super) fn run(
    stages: &Stages,
    cleaner: &Cleaner,
    upstream: Upstream<'_>,
    checkpoints: &Checkpoints,
    reporter: &dyn Reporter,
    observer: &mut dyn Observer,
) -> Result<()> {
    let mut source = Source::open(upstream, stages, checkpoints)?;
    let hasher = stages
        .config
        .near_dup
        .enabled
        .then(|| MinHasher::new(&stages.config.near_dup));
    let mut verdicts = checkpoints.spool_writer(CLEANED)?;
    // Without a counting pass, this pass reads the inputs, and spools their texts itself.
    let mut texts = match source {
        Source::Inputs(_) => Some(checkpoints.spool_writer(NORMALIZED)?),
        Source::Spool(..) => None,
    };
    let keep_texts = texts.is_some();
    let t = &stages.timings;
    let total = source.total_bytes();
    let read = || source.next_batch(stages);
    let work = |batch: Vec<Measured>| -> Worked {
        clean_batch(stages, cleaner, hasher.as_ref(), keep_texts, batch)
    };
    // Compressed beside the next batch's work, as in the counting pass.
    let finish = |(docs, cleaned, hashes, removed): Worked| -> Result<()> {
        observer.observe(&cleaned, hashes, removed)?;
        t.time(Stage::Spool, || {
            if let Some(texts) = texts.as_mut() {
                texts.write(&docs)?;
            }
            verdicts.write(&cleaned)
        })
    };
    pipelined(
        &stages.out,
        ("hashing", total),
        reporter,
        read,
        work,
        finish,
    )?;
    let skipped = source.take_skipped();
    if let Some(texts) = texts {
        texts.finish(&skipped)?;
    }
    verdicts.finish(&skipped)
}

/// Where pass two's results go, batch by batch in input order: into the groups and clusters of
/// a one-process build ([`Grouping`]), or into a sign task's spools ([`SignSpools`]).
pub(super) trait Observer: Send {
    fn observe(
        &mut self,
        cleaned: &[Cleaned],
        hashed: Vec<Option<Hashed>>,
        removed: Vec<(usize, String)>,
    ) -> Result<()>;
}

/// Pass two's order-dependent state: the exact-duplicate groups, the near-duplicate index of
/// the distinct texts, which are observed in input order, and the removed furniture texts.
pub(super) struct Grouping<'s> {
    index: DedupIndex,
    near: Near,
    /// The hash of each distinct text, in the order the near-duplicate index numbers them.
    distinct: Vec<Digest>,
    /// The ids of the previous release's documents (lent by `Previous`): built again, each is
    /// its text's kept copy.
    pub old_ids: HashMap<String, u32>,
    samples: &'s mut Samples,
}

/// How the near-duplicate clusters are found: by the index, from each distinct text's
/// signature, or, in the tests that hold a planned build's dedup to `build`'s, from given
/// pairs (`Grouping::join`).
enum Near {
    Searched(Box<NearDupIndex>),
    #[cfg(test)]
    Joined(Components),
}

impl<'s> Grouping<'s> {
    pub fn new(config: &NearDupConfig, samples: &'s mut Samples) -> Grouping<'s> {
        Grouping::with(Near::Searched(Box::new(NearDupIndex::new(config))), samples)
    }

    /// A grouping whose clusters are joined by [`Grouping::join`]: it takes no signatures.
    #[cfg(test)]
    pub fn joined(samples: &'s mut Samples) -> Grouping<'s> {
        Grouping::with(Near::Joined(Components::default()), samples)
    }

    fn with(near: Near, samples: &'s mut Samples) -> Grouping<'s> {
        Grouping {
            index: DedupIndex::default(),
            near,
            distinct: Vec::new(),
            old_ids: HashMap::new(),
            samples,
        }
    }

    fn insert(&mut self, hash: Digest, signature: Vec<u32>) {
        match &mut self.near {
            Near::Searched(index) => {
                index.insert(signature);
            }
            #[cfg(test)]
            Near::Joined(components) => {
                components.add();
            }
        }
        self.distinct.push(hash);
    }

    /// Joins the clusters of the texts with these distinct indexes (of a grouping made by
    /// [`Grouping::joined`]).
    #[cfg(test)]
    pub fn join(&mut self, a: u32, b: u32) {
        if let Near::Joined(components) = &mut self.near {
            components.join(a, b);
        }
    }

    /// The distinct index of the text with this hash, once it was added.
    #[cfg(test)]
    pub fn distinct(&self, hash: &Digest) -> Option<u32> {
        self.index.distinct(hash)
    }

    /// A kept document of the previous release, before every document of this one: it gets
    /// the next distinct index, so the previous release's documents are the first indexes
    /// and the root of every cluster they are in.
    pub fn anchor(&mut self, hash: Digest, ordinal: u64, signature: Vec<u32>) -> Option<u32> {
        let distinct = self.index.anchor(hash, ordinal)?;
        self.insert(hash, signature);
        Some(distinct)
    }

    /// One document with text, in input order; the first copy of a text enters the
    /// near-duplicate index.
    pub fn add(&mut self, hash: Digest, ordinal: u64, signature: Vec<u32>, id: &str) {
        if self.index.observe(hash, ordinal).is_some() {
            self.insert(hash, signature);
        }
        if self.old_ids.contains_key(id) {
            self.index.claim(&hash, ordinal, id);
        }
    }

    pub fn add_removed(&mut self, kind: usize, text: String) {
        self.samples.add(kind, text);
    }

    pub fn finish(self) -> (DedupIndex, Clusters) {
        let roots = match self.near {
            Near::Searched(index) => index.finish(),
            #[cfg(test)]
            Near::Joined(components) => components.roots(),
        };
        let clusters = Clusters::new(roots, &self.distinct);
        (self.index, clusters)
    }
}

impl Observer for Grouping<'_> {
    fn observe(
        &mut self,
        cleaned: &[Cleaned],
        hashed: Vec<Option<Hashed>>,
        removed: Vec<(usize, String)>,
    ) -> Result<()> {
        for (kind, text) in removed {
            self.add_removed(kind, text);
        }
        for (c, hashed) in cleaned.iter().zip(hashed) {
            if let Some(h) = hashed {
                self.add(h.hash, c.ordinal, h.signature, &h.id);
            }
        }
        Ok(())
    }
}

/// A sign task's results, spooled for the near tasks (`signed.spool`: hash and signature of
/// each document with text) and for the dedup tasks, which group them by hash in input order
/// (`hashes.spool`: hash and id of each; `removed.spool`: the removed furniture texts).
pub(super) struct SignSpools {
    pub signed: SpoolWriter,
    pub hashes: SpoolWriter,
    pub removed: SpoolWriter,
}

impl SignSpools {
    pub fn finish(self) -> Result<()> {
        self.signed.finish(&[])?;
        self.hashes.finish(&[])?;
        self.removed.finish(&[])
    }
}

impl Observer for SignSpools {
    fn observe(
        &mut self,
        cleaned: &[Cleaned],
        hashed: Vec<Option<Hashed>>,
        removed: Vec<(usize, String)>,
    ) -> Result<()> {
        let removed: Vec<RemovedText> = removed
            .into_iter()
            .map(|(kind, text)| RemovedText { kind, text })
            .collect();
        self.removed.write(&removed)?;
        let (signed, hashes): (Vec<Signed>, Vec<DocHash>) = cleaned
            .iter()
            .zip(hashed)
            .filter_map(|(c, h)| {
                let h = h?;
                let signed = Signed {
                    ordinal: c.ordinal,
                    hash: h.hash,
                    signature: h.signature,
                };
                let hash = DocHash {
                    ordinal: c.ordinal,
                    hash: h.hash,
                    id: h.id,
                };
                Some((signed, hash))
            })
            .unzip();
        self.signed.write(&signed)?;
        self.hashes.write(&hashes)
    }
}

/// A document pass two reads, with its countable lines as pass one measured them (none when
/// pass one did not run).
type Measured = (Decoded, Vec<LineKey>);

/// The content hash and MinHash signature of a document with text, and its id (which the
/// removal records of its later copies name).
pub(super) struct Hashed {
    pub hash: Digest,
    pub signature: Vec<u32>,
    pub id: String,
}

/// Where pass two reads: pass one's spools (texts and measured lines), or the inputs when pass
/// one did not run.
enum Source<'a> {
    Inputs(DocStream<'a>),
    Spool(Box<[SpoolReader; 2]>),
}

impl<'a> Source<'a> {
    fn open(
        upstream: Upstream<'a>,
        stages: &Stages,
        checkpoints: &Checkpoints,
    ) -> Result<Source<'a>> {
        Ok(match upstream {
            Upstream::Counting => Source::Spool(Box::new([
                checkpoints.open_spool(NORMALIZED)?,
                checkpoints.open_spool(LINES)?,
            ])),
            Upstream::Inputs(files) => {
                Source::Inputs(DocStream::new(files, fields(&stages.config)))
            }
        })
    }

    /// Bytes of its files this source has still to read: all of the inputs, the spools less
    /// their headers.
    fn total_bytes(&self) -> u64 {
        match self {
            Source::Inputs(stream) => stream.total_bytes(),
            Source::Spool(spools) => spools.iter().map(SpoolReader::remaining).sum(),
        }
    }

    /// Bytes of those files read so far.
    fn bytes_done(&self) -> u64 {
        match self {
            Source::Inputs(stream) => stream.bytes_done(),
            Source::Spool(spools) => spools.iter().map(SpoolReader::position).sum(),
        }
    }

    /// The next batch, and how many bytes of the source's files it took.
    fn next_batch(&mut self, stages: &Stages) -> Result<(Vec<Measured>, u64)> {
        let t = &stages.timings;
        let done = self.bytes_done();
        let batch = match self {
            Source::Inputs(stream) => {
                let (raw, _) = raw_batch(stages, stream);
                raw.into_par_iter()
                    .map(|d| (decode_doc(stages, d), Vec::new()))
                    .collect()
            }
            Source::Spool(spools) => {
                let [texts, lines] = &mut **spools;
                t.time(Stage::Read, || measured_batch(texts, lines))?
            }
        };
        Ok((batch, self.bytes_done() - done))
    }

    fn take_skipped(&mut self) -> Vec<ingest::SkippedFile> {
        match self {
            Source::Inputs(stream) => stream.take_skipped(),
            Source::Spool(spools) => spools[0].take_skipped(),
        }
    }
}

/// Pass two's next batch: pass one's documents with their measured lines.
fn measured_batch(texts: &mut SpoolReader, lines: &mut SpoolReader) -> Result<Vec<Measured>> {
    zipped_batch(texts, lines, |doc: Decoded, m: MeasuredLines| {
        (doc.origin.ordinal == m.ordinal).then_some((doc, m.lines))
    })
}

/// Pass two's work on a batch: the documents (when they are to be spooled here), pass two's
/// verdicts on them, their hashes and signatures, and the removed furniture texts with their
/// kinds (for stats.json and the dry-run report).
type Worked = (
    Vec<Decoded>,
    Vec<Cleaned>,
    Vec<Option<Hashed>>,
    Vec<(usize, String)>,
);

fn clean_batch(
    stages: &Stages,
    cleaner: &Cleaner,
    hasher: Option<&MinHasher>,
    keep_texts: bool,
    batch: Vec<Measured>,
) -> Worked {
    let done: Vec<CleanedDoc> = batch
        .into_par_iter()
        .map(|(doc, lines)| {
            let (cleaned, hashed) = clean_and_hash(stages, cleaner, hasher, &doc, &lines);
            // Every build keeps the most removed lines for stats.json, not only dry runs: a
            // few hundred thousand short strings per gigabyte of input.
            let removed = match &doc.outcome {
                Ok(n) => removed_texts(&cleaned.cut, &n.text),
                Err(_) => Vec::new(),
            };
            (cleaned, hashed, keep_texts.then_some(doc), removed)
        })
        .collect();
    let mut worked: Worked = (
        Vec::new(),
        Vec::with_capacity(done.len()),
        Vec::new(),
        Vec::new(),
    );
    for (cleaned, hashed, doc, removed) in done {
        worked.0.extend(doc);
        worked.1.push(cleaned);
        worked.2.push(hashed);
        worked.3.extend(removed);
    }
    worked
}

/// Pass two's work on one document: its verdict, hash and signature, the document itself when
/// it is to be spooled here, and its removed furniture texts.
type CleanedDoc = (
    Cleaned,
    Option<Hashed>,
    Option<Decoded>,
    Vec<(usize, String)>,
);

/// The texts `cut` removes from `text`, with their kinds.
fn removed_texts(cut: &Cut, text: &str) -> Vec<(usize, String)> {
    cut.texts(text)
        .into_iter()
        .map(|(kind, t)| (kind, t.to_string()))
        .collect()
}

/// Pass two's work on one document: its furniture, and the hash and MinHash signature of the
/// text that is left.
fn clean_and_hash(
    stages: &Stages,
    cleaner: &Cleaner,
    hasher: Option<&MinHasher>,
    doc: &Decoded,
    lines: &[LineKey],
) -> (Cleaned, Option<Hashed>) {
    let ordinal = doc.origin.ordinal;
    let Ok(normalized) = &doc.outcome else {
        let cleaned = Cleaned {
            ordinal,
            cut: Cut::default(),
            hash: None,
        };
        return (cleaned, None);
    };
    let t = &stages.timings;
    let (cut, text) = t.time(Stage::Boilerplate, || {
        let cut = cleaner.cut_measured(&normalized.text, lines);
        let text = cut.apply(&normalized.text);
        (cut, text)
    });
    if text.is_empty() {
        return (
            Cleaned {
                ordinal,
                cut,
                hash: None,
            },
            None,
        );
    }
    let hash = t.time(Stage::Hash, || dedup::content_hash(&text));
    let signature = match hasher {
        Some(h) => t.time(Stage::MinHash, || h.signature(&text)),
        None => Vec::new(),
    };
    let cleaned = Cleaned {
        ordinal,
        cut,
        hash: Some(hash),
    };
    let hashed = Hashed {
        hash,
        signature,
        id: doc.origin.id.clone(),
    };
    (cleaned, Some(hashed))
}
