//! The build: the only place that knows the order of the stages and the threading.
//!
//! Three streaming passes, each in batches of documents taken in input order. Only the first
//! reads the inputs; it spools the normalized documents for the other two (see
//! [`crate::io::spool`]), and pass two spools only its verdict on each document for pass three, so
//! every document is decoded, normalized and cleaned once and its text spooled once:
//! 1. *counting*: decode → normalize → count in how many documents each line occurs;
//! 2. *hashing*: remove furniture → SHA-256 (exact-duplicate groups) and MinHash signatures of
//!    distinct texts (near-duplicate clusters);
//! 3. *building*: the text cut as pass two decided, dedup verdicts, segmentation, language
//!    labels, filters, split assignment and writing.
//!
//! With furniture removal off there is nothing to count, and pass two reads the inputs and
//! spools their texts itself.
//! Within a batch the per-document work runs in parallel and the order-dependent steps (dedup
//! verdicts, writing) run sequentially in input order. Batches are cut by document count, never by
//! timing, so the output is byte-identical for any thread count.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use crate::base::config::{Config, NearDupMode};
use crate::base::doc::{DropReason, Origin, Payload, RawDoc, Removal};
use crate::base::error::{Error, Result};
use crate::io::ingest::{self, DocStream, Fields, Inventory};
use crate::io::spool::{Record, SpoolReader};
use crate::io::write::{DocRow, SentenceRow};
use crate::pipeline::checkpoint::Checkpoints;
use crate::pipeline::timing::{Stage, Timings};
use crate::release::output::{Output, Target};
use crate::release::stats::Stats;
use crate::stages::boilerplate::{self, Cleaner, Cut, LineCounter, LineKey, Rules};
use crate::stages::dedup::{self, DedupIndex, Digest, KeptIds, Verdict};
use crate::stages::langid::LangId;
use crate::stages::neardup::{Clusters, MinHasher, NearDupIndex};
use crate::stages::normalize::Normalizer;
use crate::stages::quality;
use crate::stages::segment::Segmenter;
use crate::stages::split::{self, Split};

pub mod checkpoint;
mod records;
pub mod timing;
use records::{Cleaned, Decoded, MeasuredLines, Normalized, Prepared};

/// Removed furniture texts shown per kind by `--dry-run`.
const FURNITURE_SAMPLES: usize = 10;
/// Documents processed together; large enough to keep all cores busy, small enough to bound memory.
const BATCH_DOCS: usize = 1024;
/// The segmentation language is guessed from this many leading bytes of a document: a headline
/// and a sentence or two pick the abbreviation rules as well as 600 bytes did (the same guess
/// on all but 1 of the 32,656 documents of the 100 MB bench corpus), and the guess costs a
/// model run per document on top of the sentence labels.
const GUESS_PREFIX: usize = 300;

/// Everything `build` needs besides the config.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub config: Config,
    pub threads: usize,
    pub overwrite: bool,
    /// Run every stage and report, but write nothing.
    pub dry_run: bool,
    /// Use the checkpoints of an interrupted build of the same inputs and config.
    pub resume: bool,
}

/// Progress hooks; the binary shows bars (or nothing, with `--quiet`).
///
/// Progress is counted in bytes of what a pass reads, because that total is known before the
/// pass starts: the input files were listed with their sizes, and the later passes read spool
/// files already written. The number of documents is known only once the inputs are read.
pub trait Reporter: Sync {
    /// A pass starts; `total_bytes` is the size of the files it reads.
    fn pass_started(&self, name: &'static str, total_bytes: Option<u64>);
    /// `docs` more documents are done, and `bytes` more of the pass's files read.
    fn advance(&self, docs: u64, bytes: u64);
    fn pass_finished(&self);
}

/// What a finished build reports (also printed as the summary table).
#[derive(Debug, Clone, serde::Serialize)]
pub struct BuildSummary {
    pub out: String,
    pub dry_run: bool,
    pub documents_in: u64,
    pub kept: BTreeMap<Split, u64>,
    pub removed: BTreeMap<&'static str, u64>,
    pub duplicates: u64,
    pub near_duplicates: u64,
    pub boilerplate_lines: BTreeMap<String, u64>,
    pub languages: BTreeMap<String, u64>,
    pub skipped_files: u64,
    /// Bytes of document text read per pass (the corpus size the throughput refers to).
    pub bytes_in: u64,
    /// Busy seconds per stage (wall time inside the stage), summed over threads and passes.
    pub stage_seconds: BTreeMap<&'static str, f64>,
    /// With `--dry-run`: documents each quality filter would remove, at the threshold shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quality_report: Vec<QualityLine>,
    /// With `--dry-run`: the most frequent lines (or pieces of lines) each kind of furniture
    /// removal took, with how often.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub furniture_samples: BTreeMap<String, Vec<(String, u64)>>,
    pub seconds: f64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct QualityLine {
    pub filter: &'static str,
    pub threshold: f64,
    pub enabled: bool,
    pub would_remove: u64,
}

/// The stages' shared, read-only state.
struct Stages {
    normalizer: Normalizer,
    segmenter: Segmenter,
    langid: LangId,
    config: Config,
    measure_quality: bool,
    /// Whether to collect the removed furniture texts for the report (`--dry-run`).
    sample_furniture: bool,
    out: PathBuf,
    timings: Timings,
}

/// Where a document goes after analysis.
enum Fate {
    Kept(Box<DocRow>, Digest),
    Removed(Removal),
}

/// Spool of decoded, normalized documents, written by pass one (by pass two when there is no
/// pass one) and read by the passes after it.
const NORMALIZED: &str = "normalized.spool";
/// Spool of pass one for pass two: each document's countable lines, measured as they were
/// counted.
const LINES: &str = "lines.spool";
/// Spool of pass two: each document's furniture lines and content hash, for pass three.
const CLEANED: &str = "cleaned.spool";

pub fn build(opts: &BuildOptions, reporter: &dyn Reporter) -> Result<BuildSummary> {
    let started = Instant::now();
    let _lock = match opts.dry_run {
        true => None,
        false => {
            crate::release::output::check_target(&opts.out, opts.overwrite)?;
            Some(crate::release::output::lock(&opts.out)?)
        }
    };
    let inventory = ingest::discover(&opts.inputs)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|e| Error::Threads(e.to_string()))?;
    let stages = Stages::new(opts)?;
    let listing = inventory.listing_sha256();
    let checkpoints = match opts.dry_run {
        true => Checkpoints::scratch(&opts.out, &opts.config, &listing),
        false => Checkpoints::new(&opts.out, &opts.config, &listing, opts.resume),
    };
    pool.install(|| {
        let mut samples = boilerplate::Samples::default();
        let (cleaner, index, clusters) =
            first_two_passes(&stages, &inventory, &checkpoints, reporter, &mut samples)?;
        let mut out = match opts.dry_run {
            true => None,
            false => Some(Output::create(&opts.out, &opts.config)?),
        };
        let mut stats = Stats::default();
        let mut building = Building {
            stages: &stages,
            resolver: Resolver {
                index: &index,
                clusters: &clusters,
                kept_ids: KeptIds::default(),
                cluster_ids: KeptIds::default(),
                remove_near: opts.config.near_dup.mode == NearDupMode::Remove,
            },
            quality_report: opts.dry_run.then(QualityReport::new),
        };
        let [texts, verdicts] = [NORMALIZED, CLEANED].map(|name| {
            checkpoints
                .spool_reader(name)
                .ok_or_else(|| missing_spool(&checkpoints))
        });
        let skipped = building.run(texts?, verdicts?, out.as_mut(), &mut stats, reporter)?;
        let mut summary = summarize(
            opts,
            &stages.timings,
            &stats,
            &cleaner,
            inventory.skipped.len() + skipped.len(),
            building.quality_report,
            started,
        );
        summary.furniture_samples = samples.top(cleaner.kinds(), FURNITURE_SAMPLES);
        if let Some(out) = out {
            let target = Target {
                inputs: &opts.inputs,
                config: &opts.config,
                out: &opts.out,
                overwrite: opts.overwrite,
            };
            out.finish(&target, &inventory, skipped, &stats, cleaner.kinds())?;
        }
        checkpoints.remove()?;
        Ok(summary)
    })
}

/// Passes one and two, or what `--resume` can take from their checkpoints. Either way the
/// spools pass three reads are ready afterwards.
fn first_two_passes(
    stages: &Stages,
    inventory: &Inventory,
    checkpoints: &Checkpoints,
    reporter: &dyn Reporter,
    samples: &mut boilerplate::Samples,
) -> Result<(Cleaner, DedupIndex, Clusters)> {
    let config = &stages.config.boilerplate;
    let rules = match config.rules && config.enabled {
        true => Some(Rules::builtin()?),
        false => None,
    };
    if checkpoints.resumable(CLEANED)
        && checkpoints.resumable(NORMALIZED)
        && let Some((index, clusters)) = checkpoints.load_dedup()
    {
        // Pass three no longer cleans, but the kinds of furniture name the report's columns.
        return Ok((Cleaner::new(config, None, rules), index, clusters));
    }
    let (cleaner, source) = match config.enabled {
        true => {
            let counter = counting_pass(stages, inventory, checkpoints, reporter)?;
            let [texts, lines] = [NORMALIZED, LINES].map(|name| {
                checkpoints
                    .spool_reader(name)
                    .ok_or_else(|| missing_spool(checkpoints))
            });
            (
                Cleaner::new(config, Some(counter), rules),
                Source::Spool(Box::new([texts?, lines?])),
            )
        }
        false => (
            Cleaner::new(config, None, None),
            Source::Inputs(DocStream::new(&inventory.files, fields(&stages.config))),
        ),
    };
    let (index, clusters) =
        hash_and_cluster(stages, &cleaner, source, checkpoints, reporter, samples)?;
    checkpoints.save_dedup(&index, &clusters)?;
    Ok((cleaner, index, clusters))
}

/// A spool this build wrote a moment ago is gone: something else is touching our folder.
fn missing_spool(checkpoints: &Checkpoints) -> Error {
    Error::io(
        checkpoints.dir(),
        std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "a spool file written by this build disappeared",
        ),
    )
}

impl Stages {
    fn new(opts: &BuildOptions) -> Result<Stages> {
        Ok(Stages {
            normalizer: Normalizer {
                repair_mixed_script: opts.config.repair_mixed_script,
            },
            segmenter: Segmenter::new(),
            langid: LangId::with_prior_langs(&opts.config.langid.prior_langs)
                .map_err(|e| Error::Model(e.to_string()))?,
            config: opts.config.clone(),
            measure_quality: opts.dry_run
                || opts.config.quality != crate::base::config::QualityConfig::default(),
            sample_furniture: opts.dry_run,
            out: opts.out.clone(),
            timings: Timings::default(),
        })
    }
}

fn fields(config: &Config) -> Fields {
    Fields {
        text: config.text_field.clone(),
        id: config.id_field.clone(),
        max_doc_bytes: config.limits.max_doc_bytes,
        max_expansion: config.limits.max_expansion,
    }
}

/// A document as a pass holds it, with the size of its input that the throughput counts.
trait Weighed {
    fn bytes(&self) -> u64;
}

impl Weighed for RawDoc {
    fn bytes(&self) -> u64 {
        match &self.payload {
            Payload::Bytes(b) => b.len() as u64,
            Payload::Text(t) => t.len() as u64,
            Payload::Unreadable(..) => 0,
        }
    }
}

impl Weighed for Prepared {
    fn bytes(&self) -> u64 {
        self.bytes
    }
}

/// Runs a pass as a three-stage pipeline over batches: while batch k is finished (sequentially,
/// in input order), batch k+1 is worked on in parallel and batch k+2 is read. Reading and
/// finishing are sequential by nature (one input stream, one output order); overlapping them with
/// the parallel work keeps every core busy. `pass` is the pass's name and the size of the files
/// it reads; `read` returns a batch and how many bytes of those files it took; an empty batch
/// ends the pass.
fn pipelined<T: Send, W: Send>(
    stages: &Stages,
    pass: (&'static str, u64),
    reporter: &dyn Reporter,
    mut read: impl FnMut() -> Result<(Vec<T>, u64)> + Send,
    work: impl Fn(Vec<T>) -> W + Sync,
    mut finish: impl FnMut(W) -> Result<()> + Send,
) -> Result<()> {
    reporter.pass_started(pass.0, Some(pass.1));
    let (mut next, mut next_bytes) = read()?;
    let mut worked: Option<W> = None;
    while !next.is_empty() || worked.is_some() {
        if crate::base::interrupt::requested() {
            return Err(Error::Interrupted(stages.out.clone()));
        }
        let current = std::mem::take(&mut next);
        let (docs, bytes) = (current.len() as u64, next_bytes);
        let more = !current.is_empty();
        let ((following, done), finished) = rayon::join(
            || match more {
                true => {
                    let (r, w) = rayon::join(&mut read, || work(current));
                    (r, Some(w))
                }
                false => (Ok((Vec::new(), 0)), None),
            },
            || worked.take().map_or(Ok(()), &mut finish),
        );
        finished?;
        (next, next_bytes) = following?;
        worked = done;
        reporter.advance(docs, bytes);
    }
    reporter.pass_finished();
    Ok(())
}

fn weigh<T: Weighed>(batch: Vec<T>) -> (Vec<T>, u64) {
    let bytes = batch.iter().map(Weighed::bytes).sum();
    (batch, bytes)
}

/// A document pass two reads, with its countable lines as pass one measured them (none when
/// pass one did not run).
type Measured = (Decoded, Vec<LineKey>);

/// Where pass two reads: pass one's spools (texts and measured lines), or the inputs when pass
/// one did not run.
enum Source<'a> {
    Inputs(DocStream<'a>),
    Spool(Box<[SpoolReader; 2]>),
}

impl Source<'_> {
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
                let raw: Vec<RawDoc> =
                    t.time(Stage::Read, || stream.by_ref().take(BATCH_DOCS).collect());
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

/// The next batch of two spools that hold the same documents in the same batches, joined record
/// by record; `join` gives `None` for two records that are not about the same document.
fn zipped_batch<A: Record, B: Record, T>(
    a: &mut SpoolReader,
    b: &mut SpoolReader,
    join: impl Fn(A, B) -> Option<T>,
) -> Result<Vec<T>> {
    let left = a.next_batch::<A>()?.unwrap_or_default();
    let right = b.next_batch::<B>()?.unwrap_or_default();
    if left.len() != right.len() {
        return Err(b.corrupt());
    }
    left.into_iter()
        .zip(right)
        .map(|(x, y)| join(x, y).ok_or_else(|| b.corrupt()))
        .collect()
}

/// Pass one: decode and normalize every document once, count in how many documents each line
/// occurs, and spool the documents for pass two.
fn counting_pass(
    stages: &Stages,
    inventory: &Inventory,
    checkpoints: &Checkpoints,
    reporter: &dyn Reporter,
) -> Result<LineCounter> {
    if checkpoints.resumable(NORMALIZED)
        && checkpoints.resumable(LINES)
        && let Some(counter) = checkpoints.load_lines()
    {
        return Ok(counter);
    }
    let config = &stages.config.boilerplate;
    let mut counter = LineCounter::new(config.max_tracked_lines);
    let mut spool = checkpoints.spool_writer(NORMALIZED)?;
    let mut measured = checkpoints.spool_writer(LINES)?;
    let mut stream = DocStream::new(&inventory.files, fields(&stages.config));
    let t = &stages.timings;
    let total = stream.total_bytes();
    let read = || -> Result<(Vec<RawDoc>, u64)> {
        let done = stream.bytes_done();
        let batch = t.time(Stage::Read, || stream.by_ref().take(BATCH_DOCS).collect());
        Ok((batch, stream.bytes_done() - done))
    };
    let work = |batch: Vec<RawDoc>| -> Vec<Counted> {
        batch
            .into_par_iter()
            .map(|doc| count_lines(stages, decode_doc(stages, doc)))
            .collect()
    };
    // The spool frame is compressed here, beside the next batch's parallel work, rather than
    // at the end of this batch's work, where it would leave the other cores idle.
    let finish = |counted: Vec<Counted>| -> Result<()> {
        for c in &counted {
            if let Some((fingerprint, keys)) = &c.keys {
                counter.add_distinct(*fingerprint, keys);
            }
        }
        t.time(Stage::Spool, || {
            spool.write(counted.iter().map(|c| &c.doc))?;
            measured.write(counted.iter().map(|c| &c.lines))
        })
    };
    pipelined(stages, ("counting", total), reporter, read, work, finish)?;
    let skipped = stream.take_skipped();
    spool.finish(&skipped)?;
    measured.finish(&skipped)?;
    checkpoints.save_lines(&counter)?;
    Ok(counter)
}

/// Pass one's work on one document: the document, its countable lines, and the fingerprint of
/// its text with the distinct keys it adds to the counts (none for a document without text,
/// which does not count as a document).
struct Counted {
    doc: Decoded,
    lines: MeasuredLines,
    keys: Option<(u128, Vec<u64>)>,
}

fn count_lines(stages: &Stages, doc: Decoded) -> Counted {
    let max_line_chars = stages.config.boilerplate.max_line_chars;
    let (lines, keys) = match &doc.outcome {
        Ok(n) => stages.timings.time(Stage::CountLines, || {
            let lines = boilerplate::line_keys(&n.text, max_line_chars);
            let keys = boilerplate::counted_keys(&lines);
            (lines, Some((boilerplate::fingerprint(&n.text), keys)))
        }),
        Err(_) => (Vec::new(), None),
    };
    Counted {
        lines: MeasuredLines {
            ordinal: doc.origin.ordinal,
            lines,
        },
        keys,
        doc,
    }
}

/// A distinct text's content hash and MinHash signature.
type Hashed = (Digest, Vec<u32>);

/// Pass two: remove furniture, then exact-duplicate groups and near-duplicate clusters. What it
/// spools for pass three is its verdict on each document, not the cleaned text: pass three takes
/// the text from pass one's spool, so the text is compressed once rather than twice.
fn hash_and_cluster(
    stages: &Stages,
    cleaner: &Cleaner,
    mut source: Source<'_>,
    checkpoints: &Checkpoints,
    reporter: &dyn Reporter,
    samples: &mut boilerplate::Samples,
) -> Result<(DedupIndex, Clusters)> {
    let mut index = DedupIndex::default();
    let mut near_index = NearDupIndex::new(&stages.config.near_dup);
    let hasher = stages
        .config
        .near_dup
        .enabled
        .then(|| near_index.hasher().clone());
    let mut distinct_hashes: Vec<Digest> = Vec::new();
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
        for (kind, text) in &removed {
            samples.add(*kind, text);
        }
        for (c, hashed) in cleaned.iter().zip(hashes) {
            if let Some((hash, signature)) = hashed
                && index.observe(hash, c.ordinal).is_some()
            {
                near_index.insert(signature);
                distinct_hashes.push(hash);
            }
        }
        t.time(Stage::Spool, || {
            if let Some(texts) = texts.as_mut() {
                texts.write(&docs)?;
            }
            verdicts.write(&cleaned)
        })
    };
    pipelined(stages, ("hashing", total), reporter, read, work, finish)?;
    let skipped = source.take_skipped();
    if let Some(texts) = texts {
        texts.finish(&skipped)?;
    }
    verdicts.finish(&skipped)?;
    let clusters = Clusters::new(near_index.finish(), &distinct_hashes);
    Ok((index, clusters))
}

/// Decode and normalize one raw document.
fn decode_doc(stages: &Stages, doc: RawDoc) -> Decoded {
    let bytes = doc.bytes();
    Decoded {
        outcome: decode_normalize(stages, doc.payload),
        origin: doc.origin,
        bytes,
    }
}

fn decode_normalize(
    stages: &Stages,
    payload: Payload,
) -> std::result::Result<Normalized, (DropReason, String)> {
    let t = &stages.timings;
    let decoded = t.time(Stage::Decode, || match payload {
        Payload::Bytes(bytes) => crate::stages::decode::decode(bytes),
        Payload::Text(text) => crate::stages::decode::check_text(text),
        Payload::Unreadable(reason, detail) => Err((reason, detail)),
    })?;
    let (text, report) = t.time(Stage::Normalize, || {
        stages.normalizer.normalize(&decoded.text)
    });
    if text.is_empty() {
        return Err((DropReason::Empty, "no text after normalization".into()));
    }
    Ok(Normalized {
        text,
        encoding: decoded.encoding,
        script_repairs: report,
    })
}

/// Pass two's work on a batch: the documents (when they are to be spooled here), pass two's
/// verdicts on them, their hashes and signatures, and (for the dry-run report) the removed
/// furniture texts with their kinds.
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
            let removed = match (&doc.outcome, stages.sample_furniture) {
                (Ok(n), true) => removed_texts(&cleaned.cut, &n.text),
                _ => Vec::new(),
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
/// it is to be spooled here, and its removed furniture texts for the dry-run report.
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
    (cleaned, Some((hash, signature)))
}

/// A document after the sequential dedup step.
enum Resolved {
    Keep(Box<KeptDoc>),
    Drop(Removal),
}

struct KeptDoc {
    origin: Origin,
    text: String,
    encoding: String,
    hash: Digest,
    dup_count: u32,
    cluster_key: Digest,
    cluster_size: u32,
}

/// Counts of what each quality filter would remove (`--dry-run`).
struct QualityReport {
    thresholds: crate::base::config::QualityConfig,
    counts: BTreeMap<DropReason, u64>,
}

impl QualityReport {
    fn new() -> QualityReport {
        QualityReport {
            thresholds: crate::base::config::QualityConfig::default(),
            counts: BTreeMap::new(),
        }
    }
}

/// Pass three and its order-dependent state.
struct Building<'a> {
    stages: &'a Stages,
    resolver: Resolver<'a>,
    quality_report: Option<QualityReport>,
}

/// Dedup verdicts in input order, and the ids removal records point to.
struct Resolver<'a> {
    index: &'a DedupIndex,
    clusters: &'a Clusters,
    kept_ids: KeptIds,
    cluster_ids: KeptIds,
    remove_near: bool,
}

impl Building<'_> {
    /// Reading and verdicts, analysis, and writing overlap as the three stages of [`pipelined`];
    /// the reading side counts what was read in its own `Stats`, merged at the end.
    fn run(
        &mut self,
        mut texts: SpoolReader,
        mut verdicts: SpoolReader,
        mut out: Option<&mut Output>,
        stats: &mut Stats,
        reporter: &dyn Reporter,
    ) -> Result<Vec<ingest::SkippedFile>> {
        let Building {
            stages,
            resolver,
            quality_report,
        } = self;
        let stages: &Stages = stages;
        if let Some(report) = quality_report.as_mut() {
            report.thresholds = quality::report_thresholds(&stages.config.quality);
        }
        let mut reading = Stats::default();
        let total = texts.remaining() + verdicts.remaining();
        let read = || -> Result<(Vec<Resolved>, u64)> {
            let done = texts.position() + verdicts.position();
            let batch = stages
                .timings
                .time(Stage::Read, || joined_batch(&mut texts, &mut verdicts))?;
            let (batch, bytes) = weigh(batch);
            reading.bytes_in += bytes;
            let read = texts.position() + verdicts.position() - done;
            Ok((resolver.resolve(batch, &mut reading), read))
        };
        let work = |batch: Vec<Resolved>| -> Vec<(Fate, Option<quality::Measures>)> {
            batch.into_par_iter().map(|r| analyze(stages, r)).collect()
        };
        let finish = |fates: Vec<(Fate, Option<quality::Measures>)>| -> Result<()> {
            for (fate, measures) in fates {
                note_quality(quality_report.as_mut(), measures);
                let out = out.as_deref_mut();
                stages
                    .timings
                    .time(Stage::Write, || write_fate(fate, stages, out, stats))?;
            }
            Ok(())
        };
        pipelined(stages, ("building", total), reporter, read, work, finish)?;
        stats.absorb_reading(reading);
        Ok(verdicts.take_skipped())
    }
}

/// Pass three's next batch: pass one's documents, cleaned as pass two decided. The two spools
/// hold the same documents in the same batches.
fn joined_batch(texts: &mut SpoolReader, verdicts: &mut SpoolReader) -> Result<Vec<Prepared>> {
    zipped_batch(texts, verdicts, Prepared::join)
}

fn note_quality(report: Option<&mut QualityReport>, measures: Option<quality::Measures>) {
    if let (Some(report), Some(m)) = (report, measures) {
        for (reason, _) in quality::failures(&m, &report.thresholds) {
            *report.counts.entry(reason).or_default() += 1;
        }
    }
}

impl Resolver<'_> {
    /// Sequential, in input order: exact and near-duplicate verdicts, and the ids they point to.
    fn resolve(&mut self, prepared: Vec<Prepared>, stats: &mut Stats) -> Vec<Resolved> {
        prepared
            .into_iter()
            .map(|p| {
                stats.document_read(&p.script_repairs, &p.furniture);
                let (text, hash) = match p.outcome {
                    Ok(ok) => ok,
                    Err(removal) => return Resolved::Drop(removal),
                };
                match self.index.verdict(&hash, p.origin.ordinal) {
                    Verdict::Keep {
                        dup_count,
                        distinct,
                    } => {
                        let kept = KeptDoc {
                            origin: p.origin,
                            text,
                            encoding: p.encoding,
                            hash,
                            dup_count,
                            cluster_key: hash,
                            cluster_size: 1,
                        };
                        self.keep_or_near(kept, distinct)
                    }
                    Verdict::Duplicate { first } => {
                        let mut removal = Removal::new(
                            &p.origin,
                            DropReason::Duplicate,
                            "same text as an earlier document",
                        );
                        removal.duplicate_of = self.kept_ids.take(first);
                        Resolved::Drop(removal)
                    }
                }
            })
            .collect()
    }

    fn keep_or_near(&mut self, mut doc: KeptDoc, distinct: u32) -> Resolved {
        let (root, size, key) = self.clusters.of(distinct, &doc.hash);
        let remove_near = self.remove_near;
        let origin = &doc.origin;
        if root != distinct && remove_near {
            let mut removal = Removal::new(
                origin,
                DropReason::NearDuplicate,
                "nearly the same text as an earlier document",
            );
            removal.duplicate_of = self.cluster_ids.take(u64::from(root));
            // Later exact copies of this text point to the document the cluster kept.
            if let Some(kept) = &removal.duplicate_of {
                self.kept_ids.remember(origin.ordinal, kept, doc.dup_count);
            }
            return Resolved::Drop(removal);
        }
        self.kept_ids
            .remember(origin.ordinal, &origin.id, doc.dup_count);
        if root == distinct && remove_near {
            self.cluster_ids
                .remember(u64::from(distinct), &origin.id, size);
        }
        doc.cluster_key = key;
        doc.cluster_size = size;
        Resolved::Keep(Box::new(doc))
    }
}

fn write_fate(
    fate: Fate,
    stages: &Stages,
    out: Option<&mut Output>,
    stats: &mut Stats,
) -> Result<()> {
    match fate {
        Fate::Kept(row, key) => {
            let split = split::assign(&key, stages.config.seed, &stages.config.split);
            stats.kept(split, &row);
            if let Some(out) = out {
                out.push_doc(split, &row)?;
            }
        }
        Fate::Removed(removal) => {
            stats.removed(removal.reason);
            if let Some(out) = out {
                out.push_removed(&removal)?;
            }
        }
    }
    Ok(())
}

/// Filters, segmentation and language labels for one document. Also returns the quality
/// measures of documents that reached the quality filters, for the dry-run report.
fn analyze(stages: &Stages, resolved: Resolved) -> (Fate, Option<quality::Measures>) {
    let doc = match resolved {
        Resolved::Drop(removal) => return (Fate::Removed(removal), None),
        Resolved::Keep(doc) => *doc,
    };
    let KeptDoc {
        origin,
        text,
        encoding,
        hash,
        dup_count,
        cluster_key,
        cluster_size,
    } = doc;
    let n_chars = text.chars().count() as u64;
    if n_chars < stages.config.min_chars {
        let detail = format!(
            "{n_chars} characters, fewer than {}",
            stages.config.min_chars
        );
        return (
            Fate::Removed(Removal::new(&origin, DropReason::TooShort, detail)),
            None,
        );
    }
    // Measuring costs an n-gram table per document: only when a filter or the report needs it.
    let t = &stages.timings;
    let measures = stages
        .measure_quality
        .then(|| t.time(Stage::Quality, || quality::measure(&text)));
    if let Some((reason, detail)) = measures
        .as_ref()
        .and_then(|m| quality::judge(m, &stages.config.quality))
    {
        return (
            Fate::Removed(Removal::new(&origin, reason, detail)),
            measures,
        );
    }
    let guess = t.time(Stage::LangId, || {
        stages.langid.detect(prefix(&text, GUESS_PREFIX))
    });
    let spans = t.time(Stage::Segment, || stages.segmenter.split(&text, guess.lang));
    let labels = t.time(Stage::LangId, || {
        stages.langid.label_document(&text, &spans)
    });
    let langs = &stages.config.langs;
    if !langs.is_empty() && !langs.iter().any(|l| l == labels.lang) {
        let detail = format!("detected {} ({:.2})", labels.lang, labels.score);
        return (
            Fate::Removed(Removal::new(&origin, DropReason::Language, detail)),
            measures,
        );
    }
    let sentences = sentence_rows(&text, &spans, &labels.sentences);
    let row = DocRow {
        id: origin.id,
        sha256: crate::base::digest::hex(&hash),
        lang: labels.lang,
        lang_score: labels.score,
        langs: labels.langs,
        script: labels.script,
        source: origin.source,
        encoding,
        n_chars: n_chars as i64,
        dup_count: i32::try_from(dup_count).unwrap_or(i32::MAX),
        cluster: crate::base::digest::hex(&cluster_key),
        cluster_size: i32::try_from(cluster_size).unwrap_or(i32::MAX),
        url: origin.url,
        title: origin.title,
        date: origin.date,
        sentences,
        text,
    };
    (Fate::Kept(Box::new(row), cluster_key), measures)
}

/// The longest prefix of at most `max` bytes that ends on a char boundary.
fn prefix(text: &str, max: usize) -> &str {
    let mut end = max.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Converts byte spans to Unicode-scalar offsets in one forward walk (spans are ascending).
fn sentence_rows(
    text: &str,
    spans: &[std::ops::Range<usize>],
    guesses: &[crate::stages::langid::Guess],
) -> Vec<SentenceRow> {
    let mut rows = Vec::with_capacity(spans.len());
    let mut byte = 0usize;
    let mut chars = 0i64;
    let advance_to = |target: usize, byte: &mut usize, chars: &mut i64| {
        let target = target.min(text.len());
        if target > *byte {
            *chars += text
                .get(*byte..target)
                .map_or(0, |s| s.chars().count() as i64);
            *byte = target;
        }
    };
    for (span, guess) in spans.iter().zip(guesses) {
        advance_to(span.start, &mut byte, &mut chars);
        let start = chars;
        advance_to(span.end, &mut byte, &mut chars);
        rows.push(SentenceRow {
            bytes: span.clone(),
            start,
            end: chars,
            lang: guess.lang,
            lang_score: guess.score,
        });
    }
    rows
}

fn summarize(
    opts: &BuildOptions,
    timings: &Timings,
    stats: &Stats,
    cleaner: &Cleaner,
    skipped: usize,
    quality_report: Option<QualityReport>,
    started: Instant,
) -> BuildSummary {
    BuildSummary {
        out: opts.out.display().to_string(),
        dry_run: opts.dry_run,
        documents_in: stats.read,
        kept: stats.kept_by_split(),
        removed: stats.removed_by_reason(),
        duplicates: stats.removed_count(DropReason::Duplicate),
        near_duplicates: stats.removed_count(DropReason::NearDuplicate),
        boilerplate_lines: stats.boilerplate_by_kind(cleaner.kinds()),
        languages: stats.documents_by_language(),
        skipped_files: skipped as u64,
        bytes_in: stats.bytes_in,
        stage_seconds: timings.seconds(),
        quality_report: quality_report
            .map(|r| quality_lines(&r, &opts.config.quality))
            .unwrap_or_default(),
        furniture_samples: BTreeMap::new(),
        seconds: started.elapsed().as_secs_f64(),
    }
}

fn quality_lines(
    report: &QualityReport,
    configured: &crate::base::config::QualityConfig,
) -> Vec<QualityLine> {
    let off = crate::base::config::QualityConfig::default();
    let t = &report.thresholds;
    let count = |r: DropReason| report.counts.get(&r).copied().unwrap_or(0);
    vec![
        QualityLine {
            filter: "min_words",
            threshold: t.min_words as f64,
            enabled: configured.min_words != off.min_words,
            would_remove: count(DropReason::TooFewWords),
        },
        QualityLine {
            filter: "max_non_letter_share",
            threshold: t.max_non_letter_share,
            enabled: configured.max_non_letter_share != off.max_non_letter_share,
            would_remove: count(DropReason::NonLetter),
        },
        QualityLine {
            filter: "max_dup_line_share",
            threshold: t.max_dup_line_share,
            enabled: configured.max_dup_line_share != off.max_dup_line_share,
            would_remove: count(DropReason::RepeatedLines),
        },
        QualityLine {
            filter: "max_dup_ngram_share",
            threshold: t.max_dup_ngram_share,
            enabled: configured.max_dup_ngram_share != off.max_dup_ngram_share,
            would_remove: count(DropReason::RepeatedNgrams),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reporter that shows nothing.
    struct NoProgress;

    impl Reporter for NoProgress {
        fn pass_started(&self, _: &'static str, _: Option<u64>) {}
        fn advance(&self, _: u64, _: u64) {}
        fn pass_finished(&self) {}
    }

    /// A spool of measured-line records with these ordinals, and its reader.
    fn spool_of(dir: &std::path::Path, name: &str, ordinals: &[u64]) -> SpoolReader {
        let path = dir.join(name);
        let mut w = crate::io::spool::SpoolWriter::create(path.clone(), b"test").unwrap();
        let records: Vec<MeasuredLines> = ordinals
            .iter()
            .map(|&ordinal| MeasuredLines {
                ordinal,
                lines: Vec::new(),
            })
            .collect();
        w.write(&records).unwrap();
        w.finish(&[]).unwrap();
        SpoolReader::open(&path, b"test").unwrap()
    }

    #[test]
    fn spools_out_of_step_are_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let same =
            |a: MeasuredLines, b: MeasuredLines| (a.ordinal == b.ordinal).then_some(a.ordinal);
        let mut a = spool_of(dir.path(), "a", &[1, 2]);
        let mut b = spool_of(dir.path(), "b", &[1, 2]);
        assert_eq!(zipped_batch(&mut a, &mut b, same).unwrap(), vec![1, 2]);
        let mut c = spool_of(dir.path(), "c", &[1, 2]);
        let mut d = spool_of(dir.path(), "d", &[1, 3]);
        assert!(
            zipped_batch(&mut c, &mut d, same).is_err(),
            "another document"
        );
        let mut e = spool_of(dir.path(), "e", &[1, 2]);
        let mut f = spool_of(dir.path(), "f", &[1]);
        assert!(
            zipped_batch(&mut e, &mut f, same).is_err(),
            "another batch size"
        );
    }

    /// A pass a reporter was told of: name, total, and the bytes and documents advanced.
    type Pass = (&'static str, Option<u64>, u64, u64);

    #[derive(Default)]
    struct Recorder(std::sync::Mutex<Vec<Pass>>);

    impl Reporter for Recorder {
        fn pass_started(&self, name: &'static str, total: Option<u64>) {
            if let Ok(mut passes) = self.0.lock() {
                passes.push((name, total, 0, 0));
            }
        }

        fn advance(&self, docs: u64, bytes: u64) {
            if let Ok(mut passes) = self.0.lock()
                && let Some(pass) = passes.last_mut()
            {
                pass.2 += bytes;
                pass.3 += docs;
            }
        }

        fn pass_finished(&self) {}
    }

    /// Regression (issue 24): every pass started with `None` for its total, so the progress bar
    /// could only spin. Each pass now has a total, and what it reports reaches it exactly.
    #[test]
    fn every_pass_reports_a_total_and_reaches_it() {
        for furniture in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let mut config = Config::default();
            config.boilerplate.enabled = furniture;
            let opts = BuildOptions {
                inputs: vec![
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus"),
                ],
                out: dir.path().join("ds"),
                config,
                threads: 2,
                overwrite: false,
                dry_run: false,
                resume: false,
            };
            let recorder = Recorder::default();
            build(&opts, &recorder).unwrap();
            let passes = recorder.0.into_inner().unwrap();
            let names: Vec<&str> = passes.iter().map(|p| p.0).collect();
            let expected = match furniture {
                true => vec!["counting", "hashing", "building"],
                false => vec!["hashing", "building"],
            };
            assert_eq!(names, expected);
            for (name, total, bytes, docs) in passes {
                assert_eq!(total, Some(bytes), "{name}: total, bytes reported");
                assert!(bytes > 0 && docs > 0, "{name}: {bytes} bytes, {docs} docs");
            }
        }
    }

    #[test]
    fn prefix_respects_char_boundaries() {
        assert_eq!(prefix("әәә", 3), "ә");
        assert_eq!(prefix("abc", 10), "abc");
    }

    #[test]
    fn sentence_offsets_are_in_chars() {
        let text = "Сәлем. Hi!";
        let spans = vec![0..11, 12..15];
        let g = crate::stages::langid::Guess {
            lang: "kk",
            score: 1.0,
        };
        let rows = sentence_rows(text, &spans, &[g, g]);
        assert_eq!((rows[0].start, rows[0].end), (0, 6));
        assert_eq!((rows[1].start, rows[1].end), (7, 10));
    }

    /// Builds the fixture corpus into `out`; with `resume`, from the checkpoints of a build that
    /// stopped after its second pass.
    fn build_fixtures(out: &std::path::Path, config: &Config, resume: bool) -> BuildSummary {
        let opts = BuildOptions {
            inputs: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")],
            out: out.to_path_buf(),
            config: config.clone(),
            threads: 2,
            overwrite: false,
            dry_run: false,
            resume,
        };
        if resume {
            let inventory = ingest::discover(&opts.inputs).unwrap();
            let stages = Stages::new(&opts).unwrap();
            let listing = inventory.listing_sha256();
            let checkpoints = Checkpoints::new(out, config, &listing, false);
            let mut samples = boilerplate::Samples::default();
            first_two_passes(&stages, &inventory, &checkpoints, &NoProgress, &mut samples).unwrap();
        }
        build(&opts, &NoProgress).unwrap()
    }

    #[test]
    fn resuming_after_pass_two_reads_both_spools_and_matches_a_whole_build() {
        for furniture in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let mut config = Config::default();
            config.boilerplate.enabled = furniture;
            let whole = build_fixtures(&dir.path().join("whole"), &config, false);
            let resumed = build_fixtures(&dir.path().join("resumed"), &config, true);
            // Only pass three ran: nothing was normalized again.
            assert!(whole.stage_seconds.contains_key("normalize"));
            assert!(!resumed.stage_seconds.contains_key("normalize"));
            let sums =
                |name: &str| std::fs::read(dir.path().join(name).join("SHA256SUMS")).unwrap();
            assert_eq!(
                sums("whole"),
                sums("resumed"),
                "furniture removal {furniture}"
            );
        }
    }
}
