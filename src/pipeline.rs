//! The build: the only place that knows the order of the stages and the threading.
//!
//! Pass one streams every document through decode → normalize → hash to learn the duplicate
//! groups. Pass two streams them again, and for each batch (in input order) decodes, normalizes and
//! hashes in parallel, takes dedup verdicts sequentially, segments and labels kept documents in
//! parallel, then filters, assigns splits and writes sequentially. Batches are cut by document
//! count, never by timing, so the output is byte-identical for any thread count.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use rayon::prelude::*;

use crate::config::Config;
use crate::dedup::{self, DedupIndex, Digest, KeptIds, Verdict};
use crate::doc::{DropReason, Origin, Payload, RawDoc, Removal};
use crate::error::{Error, Result};
use crate::ingest::{self, DocStream, Fields, Inventory};
use crate::langid::LangId;
use crate::normalize::Normalizer;
use crate::output::{self, Output};
use crate::segment::Segmenter;
use crate::split::{self, Split};
use crate::stats::Stats;
use crate::write::{DocRow, SentenceRow};

/// Documents processed together; large enough to keep all cores busy, small enough to bound memory.
const BATCH_DOCS: usize = 1024;
/// The segmentation language is guessed from this many leading bytes of a document.
const GUESS_PREFIX: usize = 2000;

/// Everything `build` needs besides the config.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub config: Config,
    pub threads: usize,
    pub overwrite: bool,
}

/// Progress hooks; the binary shows bars, tests and quiet runs use [`NoProgress`].
pub trait Reporter: Sync {
    fn pass_started(&self, name: &'static str, total_docs: Option<u64>);
    fn advance(&self, docs: u64, bytes: u64);
    fn pass_finished(&self);
}

pub struct NoProgress;

impl Reporter for NoProgress {
    fn pass_started(&self, _: &'static str, _: Option<u64>) {}
    fn advance(&self, _: u64, _: u64) {}
    fn pass_finished(&self) {}
}

/// What a finished build reports (also printed as the summary table).
#[derive(Debug, Clone, serde::Serialize)]
pub struct BuildSummary {
    pub out: String,
    pub documents_in: u64,
    pub kept: BTreeMap<Split, u64>,
    pub removed: BTreeMap<&'static str, u64>,
    pub duplicates: u64,
    pub languages: BTreeMap<String, u64>,
    pub skipped_files: u64,
    pub seconds: f64,
}

/// The stages' shared, read-only state.
struct Stages {
    normalizer: Normalizer,
    segmenter: Segmenter,
    langid: LangId,
    config: Config,
}

/// A document after decode, normalize and hash.
struct Prepared {
    origin: Origin,
    outcome: std::result::Result<(String, Digest), Removal>,
    script_repairs: u64,
}

/// Where a document goes after analysis.
enum Fate {
    Kept(Box<DocRow>, Digest),
    Removed(Removal),
}

pub fn build(opts: &BuildOptions, reporter: &dyn Reporter) -> Result<BuildSummary> {
    let started = Instant::now();
    output::check_target(&opts.out, opts.overwrite)?;
    let inventory = ingest::discover(&opts.inputs)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|e| Error::Threads(e.to_string()))?;
    let stages = Stages {
        normalizer: Normalizer {
            repair_mixed_script: opts.config.repair_mixed_script,
        },
        segmenter: Segmenter::new(),
        langid: LangId::new().map_err(|e| Error::Model(e.to_string()))?,
        config: opts.config.clone(),
    };
    pool.install(|| {
        let index = first_pass(&stages, &inventory, reporter);
        let mut out = Output::create(&opts.out, &opts.config)?;
        let mut stats = Stats::default();
        let skipped = second_pass(&stages, &inventory, &index, &mut out, &mut stats, reporter)?;
        let summary = summarize(opts, &inventory, &stats, skipped.len(), started);
        out.finish(opts, &inventory, skipped, &stats)?;
        Ok(summary)
    })
}

fn fields(config: &Config) -> Fields {
    Fields {
        text: config.text_field.clone(),
        id: config.id_field.clone(),
    }
}

/// Pulls the next batch of raw documents, in input order.
fn next_batch(stream: &mut DocStream<'_>) -> Vec<RawDoc> {
    stream.by_ref().take(BATCH_DOCS).collect()
}

fn payload_bytes(doc: &RawDoc) -> u64 {
    match &doc.payload {
        Payload::Bytes(b) => b.len() as u64,
        Payload::Text(t) => t.len() as u64,
        Payload::Unreadable(..) => 0,
    }
}

fn first_pass(stages: &Stages, inventory: &Inventory, reporter: &dyn Reporter) -> DedupIndex {
    reporter.pass_started("hashing", None);
    let mut index = DedupIndex::default();
    let mut stream = DocStream::new(&inventory.files, fields(&stages.config));
    loop {
        let batch = next_batch(&mut stream);
        if batch.is_empty() {
            break;
        }
        let bytes: u64 = batch.iter().map(payload_bytes).sum();
        let hashes: Vec<(u64, Option<Digest>)> = batch
            .into_par_iter()
            .map(|doc| {
                let ordinal = doc.origin.ordinal;
                (ordinal, prepare(stages, doc).outcome.ok().map(|(_, h)| h))
            })
            .collect();
        reporter.advance(hashes.len() as u64, bytes);
        for (ordinal, hash) in hashes {
            if let Some(hash) = hash {
                index.observe(hash, ordinal);
            }
        }
    }
    reporter.pass_finished();
    index
}

/// Decode, normalize, hash: the work both passes share.
fn prepare(stages: &Stages, doc: RawDoc) -> Prepared {
    let RawDoc { origin, payload } = doc;
    let decoded = match payload {
        Payload::Bytes(bytes) => crate::decode::decode(bytes),
        Payload::Text(text) => crate::decode::check_text(text),
        Payload::Unreadable(reason, detail) => Err((reason, detail)),
    };
    let text = match decoded {
        Ok(text) => text,
        Err((reason, detail)) => {
            let removal = Removal::new(&origin, reason, detail);
            return Prepared {
                origin,
                outcome: Err(removal),
                script_repairs: 0,
            };
        }
    };
    let (text, report) = stages.normalizer.normalize(&text);
    let outcome = if text.is_empty() {
        Err(Removal::new(
            &origin,
            DropReason::Empty,
            "no text after cleaning",
        ))
    } else {
        let hash = dedup::content_hash(&text);
        Ok((text, hash))
    };
    Prepared {
        origin,
        outcome,
        script_repairs: report.script_repairs,
    }
}

fn second_pass(
    stages: &Stages,
    inventory: &Inventory,
    index: &DedupIndex,
    out: &mut Output,
    stats: &mut Stats,
    reporter: &dyn Reporter,
) -> Result<Vec<ingest::SkippedFile>> {
    reporter.pass_started("building", None);
    let mut kept_ids = KeptIds::default();
    let mut stream = DocStream::new(&inventory.files, fields(&stages.config));
    loop {
        let batch = next_batch(&mut stream);
        if batch.is_empty() {
            break;
        }
        let docs = batch.len() as u64;
        let bytes: u64 = batch.iter().map(payload_bytes).sum();
        let prepared: Vec<Prepared> = batch.into_par_iter().map(|d| prepare(stages, d)).collect();
        let verdicts = resolve(prepared, index, &mut kept_ids, stats);
        let fates: Vec<Fate> = verdicts
            .into_par_iter()
            .map(|v| analyze(stages, v))
            .collect();
        for fate in fates {
            match fate {
                Fate::Kept(row, hash) => {
                    let split = split::assign(&hash, stages.config.seed, &stages.config.split);
                    stats.kept(split, &row);
                    out.push_doc(split, &row)?;
                }
                Fate::Removed(removal) => {
                    stats.removed(removal.reason);
                    out.push_removed(&removal)?;
                }
            }
        }
        reporter.advance(docs, bytes);
    }
    reporter.pass_finished();
    Ok(stream.take_skipped())
}

/// A document after the sequential dedup step.
enum Resolved {
    Keep {
        origin: Origin,
        text: String,
        hash: Digest,
        dup_count: u32,
    },
    Drop(Removal),
}

/// Sequential, in input order: dedup verdicts and the ids duplicates point to.
fn resolve(
    prepared: Vec<Prepared>,
    index: &DedupIndex,
    kept_ids: &mut KeptIds,
    stats: &mut Stats,
) -> Vec<Resolved> {
    prepared
        .into_iter()
        .map(|p| {
            stats.document_read(p.script_repairs);
            let (text, hash) = match p.outcome {
                Ok(ok) => ok,
                Err(removal) => return Resolved::Drop(removal),
            };
            match index.verdict(&hash, p.origin.ordinal) {
                Verdict::Keep { dup_count } => {
                    kept_ids.remember(p.origin.ordinal, &p.origin.id, dup_count);
                    Resolved::Keep {
                        origin: p.origin,
                        text,
                        hash,
                        dup_count,
                    }
                }
                Verdict::Duplicate { first } => {
                    let mut removal = Removal::new(
                        &p.origin,
                        DropReason::Duplicate,
                        "same text as an earlier document",
                    );
                    removal.duplicate_of = kept_ids.take(first);
                    Resolved::Drop(removal)
                }
            }
        })
        .collect()
}

/// Filters, segmentation and language labels for one document.
fn analyze(stages: &Stages, resolved: Resolved) -> Fate {
    let (origin, text, hash, dup_count) = match resolved {
        Resolved::Drop(removal) => return Fate::Removed(removal),
        Resolved::Keep {
            origin,
            text,
            hash,
            dup_count,
        } => (origin, text, hash, dup_count),
    };
    let n_chars = text.chars().count() as u64;
    if n_chars < stages.config.min_chars {
        let detail = format!(
            "{n_chars} characters, fewer than {}",
            stages.config.min_chars
        );
        return Fate::Removed(Removal::new(&origin, DropReason::TooShort, detail));
    }
    let guess = stages.langid.detect(prefix(&text, GUESS_PREFIX));
    let spans = stages.segmenter.split(&text, guess.lang);
    let labels = stages.langid.label_document(&text, &spans);
    let langs = &stages.config.langs;
    if !langs.is_empty() && !langs.iter().any(|l| l == labels.lang) {
        let detail = format!("detected {} ({:.2})", labels.lang, labels.score);
        return Fate::Removed(Removal::new(&origin, DropReason::Language, detail));
    }
    let sentences = sentence_rows(&text, &spans, &labels.sentences);
    let row = DocRow {
        id: origin.id,
        sha256: crate::hex(&hash),
        lang: labels.lang,
        lang_score: labels.score,
        langs: labels.langs,
        script: labels.script,
        source: origin.source,
        n_chars: n_chars as i64,
        dup_count: i32::try_from(dup_count).unwrap_or(i32::MAX),
        url: origin.url,
        title: origin.title,
        date: origin.date,
        sentences,
        text,
    };
    Fate::Kept(Box::new(row), hash)
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
    guesses: &[crate::langid::Guess],
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
    inventory: &Inventory,
    stats: &Stats,
    skipped: usize,
    started: Instant,
) -> BuildSummary {
    let _ = inventory;
    BuildSummary {
        out: opts.out.display().to_string(),
        documents_in: stats.read,
        kept: stats.kept_by_split(),
        removed: stats.removed_by_reason(),
        duplicates: stats.removed_count(DropReason::Duplicate),
        languages: stats.documents_by_language(),
        skipped_files: skipped as u64,
        seconds: started.elapsed().as_secs_f64(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_respects_char_boundaries() {
        assert_eq!(prefix("әәә", 3), "ә");
        assert_eq!(prefix("abc", 10), "abc");
    }

    #[test]
    fn sentence_offsets_are_in_chars() {
        let text = "Сәлем. Hi!";
        let spans = vec![0..11, 12..15];
        let g = crate::langid::Guess {
            lang: "kk",
            score: 1.0,
        };
        let rows = sentence_rows(text, &spans, &[g, g]);
        assert_eq!((rows[0].start, rows[0].end), (0, 6));
        assert_eq!((rows[1].start, rows[1].end), (7, 10));
    }
}
