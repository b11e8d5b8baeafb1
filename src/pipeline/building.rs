//! Pass three, building: each document's text cut as pass two decided, its dedup verdict,
//! segmentation, language labels, filters and split, and the dataset's rows.
//!
//! Reads `normalized.spool` (pass one's documents) and `cleaned.spool` (pass two's verdicts)
//! from the checkpoint folder, and the groups and clusters of `dedup.bin`, as pass two returned
//! them or `--resume` loaded them. Writes the dataset's shards into the temporary output folder
//! (nothing with `--dry-run`); `build()` finishes the folder with what this pass counted.

use std::ops::Range;

use rayon::prelude::*;

use crate::base::doc::{DropReason, Origin, Removal};
use crate::base::error::Result;
use crate::io::ingest::SkippedFile;
use crate::io::spool::SpoolReader;
use crate::io::write::{DocRow, RowSink, SentenceRow};
use crate::pipeline::batches::{Reporter, pipelined, weigh, zipped_batch};
use crate::pipeline::checkpoint::{CLEANED, Checkpoints, NORMALIZED};
use crate::pipeline::context::Stages;
use crate::pipeline::handoff::Decision;
use crate::pipeline::previous::{Anchor, Previous};
use crate::pipeline::records::Prepared;
use crate::pipeline::timing::Stage;
use crate::release::stats::Stats;
use crate::stages::boilerplate::Mark;
use crate::stages::dedup::{DedupIndex, Digest, KeptIds, Verdict};
use crate::stages::filters::{self, Facts, Tally};
use crate::stages::langid::{DocLabels, Guess};
use crate::stages::neardup::Clusters;
use crate::stages::quality;
use crate::stages::split;

/// The segmentation language is guessed from this many leading bytes of a document: a headline
/// and a sentence or two pick the abbreviation rules as well as 600 bytes did (the same guess
/// on all but 1 of the 32,656 documents of the 100 MB bench corpus), and the guess costs a
/// model run per document on top of the sentence labels.
const GUESS_PREFIX: usize = 300;

/// What pass three hands back to `build()`.
pub(super) struct Built<'a> {
    /// Counts of what was read, kept and removed.
    pub stats: Stats,
    /// Input files that yielded no documents, as the spools recorded them.
    pub skipped: Vec<SkippedFile>,
    /// With `--dry-run`: what each quality filter would remove.
    pub quality_report: Option<Tally<'a>>,
}

/// Pass three. Reading and verdicts, analysis, and writing overlap as the three stages of
/// [`pipelined`]; the reading side counts what was read in its own `Stats`, merged at the end.
pub(super) fn run<'a>(
    stages: &'a Stages,
    mut sources: Sources,
    mut decisions: Verdicts<'_>,
    mut out: Option<&mut (dyn RowSink + 'static)>,
    reporter: &dyn Reporter,
) -> Result<Built<'a>> {
    let mut quality_report = stages.dry_run.then(|| Tally::new(&stages.config));
    let (mut stats, mut reading) = (Stats::default(), Stats::default());
    let total = sources.remaining();
    let read = || -> Result<(Vec<Resolved>, u64)> {
        let left = sources.remaining();
        let batch = stages.timings.time(Stage::Read, || sources.next_batch())?;
        let (batch, bytes) = weigh(batch);
        reading.bytes_in += bytes;
        let read = left - sources.remaining();
        Ok((decisions.resolve(batch, &mut reading)?, read))
    };
    let work = |batch: Vec<Resolved>| -> Vec<(Fate, Option<Measured>)> {
        batch.into_par_iter().map(|r| analyze(stages, r)).collect()
    };
    let finish = |fates: Vec<(Fate, Option<Measured>)>| -> Result<()> {
        for (fate, measured) in fates {
            note_quality(quality_report.as_mut(), measured);
            let out = out.as_deref_mut();
            stages
                .timings
                .time(Stage::Write, || write_fate(fate, stages, out, &mut stats))?;
        }
        Ok(())
    };
    pipelined(
        &stages.out,
        ("building", total),
        reporter,
        read,
        work,
        finish,
    )?;
    stats.absorb_reading(reading);
    Ok(Built {
        stats,
        skipped: sources.skipped,
        quality_report,
    })
}

/// Where pass three reads its documents: pass one's and pass two's spools of the build's
/// folder or, in a planned write task, of several shares', in order.
pub(super) struct Sources {
    parts: std::collections::VecDeque<Part>,
    /// The input files the spools read to their end say were skipped.
    skipped: Vec<SkippedFile>,
}

/// One pair of spools that hold the same documents in the same batches.
struct Part {
    texts: SpoolReader,
    verdicts: SpoolReader,
    /// The ordinal in the whole corpus of the spools' first document.
    offset: u64,
    /// How many documents at their start another task reads.
    skip: u64,
}

impl Sources {
    pub fn new() -> Sources {
        Sources {
            parts: Default::default(),
            skipped: Vec::new(),
        }
    }

    /// A one-process build's: `NORMALIZED` and `CLEANED` of its folder.
    pub fn of(checkpoints: &Checkpoints) -> Result<Sources> {
        let mut sources = Sources::new();
        sources.push(checkpoints, (NORMALIZED, CLEANED), 0, 0)?;
        Ok(sources)
    }

    /// Spools `names` (pass one's documents, pass two's verdicts) of `checkpoints` after the
    /// others, their ordinals counted from `offset`, their first `skip` documents left out.
    pub fn push(
        &mut self,
        checkpoints: &Checkpoints,
        (texts, verdicts): (&str, &str),
        offset: u64,
        skip: u64,
    ) -> Result<()> {
        self.parts.push_back(Part {
            texts: checkpoints.open_spool(texts)?,
            verdicts: checkpoints.open_spool(verdicts)?,
            offset,
            skip,
        });
        Ok(())
    }

    fn remaining(&self) -> u64 {
        let part = |p: &Part| p.texts.remaining() + p.verdicts.remaining();
        self.parts.iter().map(part).sum()
    }

    /// The next batch; empty once every part is read.
    fn next_batch(&mut self) -> Result<Vec<Prepared>> {
        while let Some(part) = self.parts.front_mut() {
            let batch = joined_batch(&mut part.texts, &mut part.verdicts)?;
            if batch.is_empty() {
                self.skipped.extend(part.verdicts.take_skipped());
                self.parts.pop_front();
                continue;
            }
            let (offset, skip) = (part.offset, part.skip);
            let batch: Vec<Prepared> = batch
                .into_iter()
                .filter(|p| p.origin.ordinal >= skip)
                .map(|mut p| {
                    p.origin.ordinal += offset;
                    p
                })
                .collect();
            if !batch.is_empty() {
                return Ok(batch);
            }
        }
        Ok(Vec::new())
    }
}

/// Where a document goes after analysis.
/// Both carry the document's ordinal, which says what chunk its row is in.
enum Fate {
    Kept(u64, Box<DocRow>, Digest),
    Removed(u64, Removal),
}

/// A document after the sequential dedup step.
enum Resolved {
    Keep(Box<KeptDoc>),
    Drop(u64, Removal),
}

struct KeptDoc {
    origin: Origin,
    text: String,
    encoding: String,
    hash: Digest,
    dup_count: u32,
    cluster_key: Digest,
    cluster_size: u32,
    marks: Vec<Mark>,
}

/// A document's length and quality measures, which the dry-run report counts.
type Measured = (u64, quality::Measures);

/// Pass three's next batch: pass one's documents, cleaned as pass two decided. The two spools
/// hold the same documents in the same batches.
fn joined_batch(texts: &mut SpoolReader, verdicts: &mut SpoolReader) -> Result<Vec<Prepared>> {
    zipped_batch(texts, verdicts, Prepared::join)
}

fn note_quality(tally: Option<&mut Tally>, measured: Option<Measured>) {
    if let (Some(tally), Some((chars, measures))) = (tally, measured) {
        tally.note(&Facts {
            chars,
            measures: Some(&measures),
            lang: None,
        });
    }
}

/// Dedup verdicts in input order over the whole corpus, and the ids removal records point to.
/// A one-process build asks it document by document in pass three; a planned build's write
/// tasks decide the same from the dedup tasks' facts (`plan::groups`).
pub(super) struct Resolver<'a> {
    index: &'a DedupIndex,
    clusters: &'a Clusters,
    kept_ids: KeptIds,
    cluster_ids: KeptIds,
    remove_near: bool,
    previous: Option<&'a Previous>,
}

impl<'a> Resolver<'a> {
    pub fn new(
        (index, clusters): (&'a DedupIndex, &'a Clusters),
        remove_near: bool,
        previous: Option<&'a Previous>,
    ) -> Self {
        Resolver {
            index,
            clusters,
            kept_ids: KeptIds::default(),
            cluster_ids: KeptIds::default(),
            remove_near,
            previous,
        }
    }

    /// Sequential, in input order: the exact and near-duplicate verdict on the document with
    /// this ordinal, content hash and id.
    pub fn decide(&mut self, ordinal: u64, hash: &Digest, id: &str) -> Decision {
        let verdict = self.index.verdict(hash, ordinal);
        if let Some(decision) = self.against_previous(verdict, ordinal, hash, id) {
            return decision;
        }
        match verdict {
            Verdict::Keep {
                dup_count,
                distinct,
            } => self.keep_or_near(ordinal, hash, id, dup_count, distinct),
            Verdict::Duplicate { first } => Decision::Drop {
                reason: DropReason::Duplicate,
                duplicate_of: self.kept_ids.take(first),
                previous: false,
            },
        }
    }

    fn keep_or_near(
        &mut self,
        ordinal: u64,
        hash: &Digest,
        id: &str,
        dup_count: u32,
        distinct: u32,
    ) -> Decision {
        let (root, size, key) = self.clusters.of(distinct, hash);
        if root != distinct && self.remove_near {
            let duplicate_of = self.cluster_ids.take(u64::from(root));
            // Later exact copies of this text point to the document the cluster kept.
            if let Some(kept) = &duplicate_of {
                self.kept_ids.remember(ordinal, kept, dup_count);
            }
            return Decision::Drop {
                reason: DropReason::NearDuplicate,
                duplicate_of,
                previous: false,
            };
        }
        self.kept_ids.remember(ordinal, id, dup_count);
        if root == distinct && self.remove_near {
            self.cluster_ids.remember(u64::from(distinct), id, size);
        }
        Decision::Keep {
            dup_count,
            cluster_key: key,
            cluster_size: size,
        }
    }

    /// The verdict where the previous release decides it; `None` where this build's documents
    /// alone do. An old document built again, or with its text revised, stays kept with its
    /// old cluster key (so in its old split): it claimed its text in the index, so every other
    /// copy is its duplicate. A copy of an old document is its duplicate, and a near copy joins
    /// its cluster (removed in remove mode).
    fn against_previous(
        &mut self,
        verdict: Verdict,
        ordinal: u64,
        hash: &Digest,
        id: &str,
    ) -> Option<Decision> {
        let previous = self.previous?;
        match verdict {
            Verdict::Duplicate { first } => {
                let of = match self.index.claimant(first) {
                    Some(old) => old.to_string(),
                    None => previous.anchor_at(first)?.1.id.clone(),
                };
                Some(Decision::Drop {
                    reason: DropReason::Duplicate,
                    duplicate_of: Some(of),
                    previous: true,
                })
            }
            Verdict::Keep {
                dup_count,
                distinct,
            } => {
                let (root, size, _) = self.clusters.of(distinct, hash);
                if let Some((anchor, old)) = previous.anchor_of_id(id) {
                    if anchor == distinct {
                        return Some(self.built_again(previous, anchor, hash));
                    }
                    // A revised text: the old document's, in its place.
                    self.kept_ids.remember(ordinal, id, dup_count);
                    return Some(Decision::Keep {
                        dup_count,
                        cluster_key: old.cluster_key,
                        cluster_size: size,
                    });
                }
                let old = previous.anchor_of_distinct(root)?;
                Some(self.near_old(ordinal, id, dup_count, size, old))
            }
        }
    }

    /// An old document's text, built again under its old id.
    fn built_again(&self, previous: &Previous, anchor: u32, hash: &Digest) -> Decision {
        if previous.only_new {
            return Decision::Drop {
                reason: DropReason::InPrevious,
                duplicate_of: None,
                previous: true,
            };
        }
        let old = &previous.anchors[anchor as usize];
        Decision::Keep {
            dup_count: self.index.count(hash),
            cluster_key: old.cluster_key,
            cluster_size: self.clusters.of(anchor, hash).1,
        }
    }

    /// A new text in a cluster an old document is in (its root, as the first index).
    fn near_old(
        &mut self,
        ordinal: u64,
        id: &str,
        dup_count: u32,
        size: u32,
        old: &Anchor,
    ) -> Decision {
        if self.remove_near {
            self.kept_ids.remember(ordinal, &old.id, dup_count);
            return Decision::Drop {
                reason: DropReason::NearDuplicate,
                duplicate_of: Some(old.id.clone()),
                previous: true,
            };
        }
        self.kept_ids.remember(ordinal, id, dup_count);
        Decision::Keep {
            dup_count,
            cluster_key: old.cluster_key,
            cluster_size: size,
        }
    }
}

/// What decides on the documents of a planned build's write task, in input order.
pub(super) trait Decide {
    fn decide(&mut self, ordinal: u64, hash: &Digest) -> Result<Decision>;
}

/// Where pass three takes its dedup decisions from: a [`Resolver`] in a one-process build, or
/// the dedup tasks' facts on the documents of a write task.
pub(super) enum Verdicts<'a> {
    Resolve(Resolver<'a>),
    Planned(Box<dyn Decide + Send + 'a>),
}

impl Verdicts<'_> {
    fn decide(&mut self, ordinal: u64, hash: &Digest, id: &str) -> Result<Decision> {
        match self {
            Verdicts::Resolve(resolver) => Ok(resolver.decide(ordinal, hash, id)),
            Verdicts::Planned(facts) => facts.decide(ordinal, hash),
        }
    }

    /// Sequential, in input order: the verdicts on a batch of documents.
    fn resolve(&mut self, prepared: Vec<Prepared>, stats: &mut Stats) -> Result<Vec<Resolved>> {
        let mut resolved = Vec::with_capacity(prepared.len());
        for p in prepared {
            stats.document_read(&p.script_repairs, &p.furniture);
            let (text, hash) = match p.outcome {
                Ok(ok) => ok,
                Err(removal) => {
                    resolved.push(Resolved::Drop(p.origin.ordinal, removal));
                    continue;
                }
            };
            let doc = match self.decide(p.origin.ordinal, &hash, &p.origin.id)? {
                Decision::Keep {
                    dup_count,
                    cluster_key,
                    cluster_size,
                } => Resolved::Keep(Box::new(KeptDoc {
                    origin: p.origin,
                    text,
                    encoding: p.encoding,
                    hash,
                    dup_count,
                    cluster_key,
                    cluster_size,
                    marks: p.marks,
                })),
                Decision::Drop {
                    reason,
                    duplicate_of,
                    previous,
                } => {
                    let detail = match (reason, previous) {
                        (DropReason::InPrevious, _) => {
                            "kept unchanged in the previous release (--only-new)"
                        }
                        (DropReason::NearDuplicate, false) => {
                            "nearly the same text as an earlier document"
                        }
                        (DropReason::NearDuplicate, true) => {
                            "nearly the same text as a document of the previous release"
                        }
                        (_, false) => "same text as an earlier document",
                        (_, true) => "same text as a document of the previous release",
                    };
                    let mut removal = Removal::new(&p.origin, reason, detail);
                    if reason != DropReason::InPrevious {
                        removal = removal.with_text(&text);
                    }
                    removal.duplicate_of = duplicate_of;
                    Resolved::Drop(p.origin.ordinal, removal)
                }
            };
            resolved.push(doc);
        }
        Ok(resolved)
    }
}

fn write_fate(
    fate: Fate,
    stages: &Stages,
    out: Option<&mut (dyn RowSink + 'static)>,
    stats: &mut Stats,
) -> Result<()> {
    match fate {
        Fate::Kept(ordinal, row, key) => {
            let split = split::assign(&key, stages.config.seed, &stages.config.split);
            stats.kept(split, &row);
            if let Some(out) = out {
                out.push_doc(ordinal, split, &row)?;
            }
        }
        Fate::Removed(ordinal, mut removal) => {
            if !stages.config.removed_text {
                removal.text = None;
            }
            stats.removed(removal.reason);
            if let Some(out) = out {
                out.push_removed(ordinal, &removal)?;
            }
        }
    }
    Ok(())
}

/// Filters, segmentation and language labels for one document. Also returns the length and
/// quality measures of a document that reached the quality filters, for the dry-run report.
fn analyze(stages: &Stages, resolved: Resolved) -> (Fate, Option<Measured>) {
    let doc = match resolved {
        Resolved::Drop(ordinal, removal) => return (Fate::Removed(ordinal, removal), None),
        Resolved::Keep(doc) => *doc,
    };
    let config = &stages.config;
    let ordinal = doc.origin.ordinal;
    let removed = |(reason, detail)| {
        let removal = Removal::new(&doc.origin, reason, detail).with_text(&doc.text);
        Fate::Removed(ordinal, removal)
    };
    let chars = doc.text.chars().count() as u64;
    let mut facts = Facts {
        chars,
        ..Facts::default()
    };
    // The filters are asked again as each costlier fact is learned; those that passed before
    // pass again.
    if let Some(failed) = filters::judge(&facts, config) {
        return (removed(failed), None);
    }
    // Measuring costs an n-gram table per document: only when a filter or the report needs it.
    let t = &stages.timings;
    let measures = stages
        .measure_quality
        .then(|| t.time(Stage::Quality, || quality::measure(&doc.text)));
    facts.measures = measures.as_ref();
    let measured = measures.map(|m| (chars, m));
    if let Some(failed) = filters::judge(&facts, config) {
        return (removed(failed), measured);
    }
    let (spans, labels) = label(stages, &doc.text);
    facts.lang = Some((labels.lang, labels.score));
    if let Some(failed) = filters::judge(&facts, config) {
        return (removed(failed), measured);
    }
    let key = doc.cluster_key;
    let row = doc_row(doc, chars, &spans, labels, &stages.furniture_kinds);
    (Fate::Kept(ordinal, Box::new(row), key), measured)
}

/// A document's sentence spans and its language labels. The segmentation rules depend on the
/// language, so a first guess from the document's start picks them.
fn label(stages: &Stages, text: &str) -> (Vec<Range<usize>>, DocLabels) {
    let t = &stages.timings;
    let guess = t.time(Stage::LangId, || {
        stages.langid.guess(prefix(text, GUESS_PREFIX))
    });
    let spans = t.time(Stage::Segment, || stages.segmenter.split(text, guess));
    let labels = t.time(Stage::LangId, || stages.langid.label_document(text, &spans));
    (spans, labels)
}

/// The dataset row of a document that passed every filter.
fn doc_row(
    doc: KeptDoc,
    n_chars: u64,
    spans: &[Range<usize>],
    labels: DocLabels,
    kinds: &[String],
) -> DocRow {
    let KeptDoc {
        origin,
        text,
        encoding,
        hash,
        dup_count,
        cluster_key,
        cluster_size,
        marks,
    } = doc;
    let furniture = marks
        .into_iter()
        .map(|m| {
            let kind = kinds.get(usize::from(m.kind)).cloned().unwrap_or_default();
            (i64::try_from(m.at).unwrap_or(i64::MAX), kind, m.text)
        })
        .collect();
    let sentences = sentence_rows(&text, spans, &labels.sentences);
    DocRow {
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
        furniture,
        text,
    }
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
fn sentence_rows(text: &str, spans: &[Range<usize>], guesses: &[Guess]) -> Vec<SentenceRow> {
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
        let g = Guess {
            lang: "kk",
            score: 1.0,
        };
        let rows = sentence_rows(text, &spans, &[g, g]);
        assert_eq!((rows[0].start, rows[0].end), (0, 6));
        assert_eq!((rows[1].start, rows[1].end), (7, 10));
    }
}

#[cfg(test)]
mod built_on_previous {
    //! `--previous`, through the dedup index and the resolver as both builds use them.
    use std::collections::HashMap;
    use std::path::PathBuf;

    use super::*;
    use crate::base::config::{NearDupConfig, NearDupMode};
    use crate::pipeline::hashing::Grouping;
    use crate::pipeline::previous::{Anchor, OldDoc, Previous, Seeding};
    use crate::release::manifest::Lineage;
    use crate::stages::boilerplate::Samples;
    use crate::stages::dedup::content_hash;
    use crate::stages::neardup::MinHasher;
    use proptest::prelude::*;

    /// A release of `docs` (id, text) in this order: each kept id with its cluster key.
    fn release(
        docs: &[(String, String)],
        previous: Option<&mut Previous>,
        near: &NearDupConfig,
    ) -> Vec<(String, String, Digest)> {
        let hasher = MinHasher::new(near);
        let mut samples = Samples::default();
        let mut grouping = Grouping::new(near, &mut samples);
        let mut previous = previous;
        if let Some(p) = previous.as_deref_mut() {
            let kept = std::mem::take(&mut p.anchors);
            let mut seen = HashMap::new();
            for a in kept {
                let text = old_text(&a.id);
                let old = OldDoc {
                    id: &a.id,
                    hash: content_hash(&text),
                    cluster: &crate::base::digest::hex(&a.cluster_key),
                };
                let mut seeding = Seeding {
                    anchors: &mut grouping,
                    hasher: Some(&hasher),
                };
                p.add(old, hasher.signature(&text), &mut seen, Some(&mut seeding))
                    .unwrap();
            }
            grouping.old_ids = std::mem::take(&mut p.by_id);
        }
        for (ordinal, (id, text)) in docs.iter().enumerate() {
            let sig = hasher.signature(text);
            grouping.add(content_hash(text), ordinal as u64, sig, id);
        }
        if let Some(p) = previous.as_deref_mut() {
            p.by_id = std::mem::take(&mut grouping.old_ids);
        }
        let (index, clusters) = grouping.finish();
        let remove = near.mode == NearDupMode::Remove;
        let mut resolver = Resolver::new((&index, &clusters), remove, previous.as_deref());
        let mut kept = Vec::new();
        for (ordinal, (id, text)) in docs.iter().enumerate() {
            let hash = content_hash(text);
            if let Decision::Keep { cluster_key, .. } = resolver.decide(ordinal as u64, &hash, id) {
                kept.push((id.clone(), text.clone(), cluster_key));
            }
        }
        kept
    }

    thread_local! {
        /// The texts of the previous release, for `release` to sign its anchors again.
        static TEXTS: std::cell::RefCell<HashMap<String, String>> = Default::default();
    }

    fn old_text(id: &str) -> String {
        TEXTS.with(|t| t.borrow().get(id).cloned().unwrap_or_default())
    }

    /// The previous release made of `kept`, as `load` would read it from its Parquet files.
    fn previous_of(kept: &[(String, String, Digest)]) -> Previous {
        TEXTS.with(|t| {
            let mut t = t.borrow_mut();
            t.clear();
            for (id, text, _) in kept {
                t.insert(id.clone(), text.clone());
            }
        });
        let anchors = kept
            .iter()
            .map(|(id, _, key)| Anchor {
                id: id.clone(),
                cluster_key: *key,
            })
            .collect();
        Previous {
            dir: PathBuf::new(),
            lineage: Lineage {
                version: None,
                manifest_sha256: String::new(),
            },
            anchors,
            by_id: HashMap::new(),
            only_new: false,
            documents: Vec::new(),
        }
    }

    /// An article of 80 words from a small vocabulary, so that stories share words.
    fn article(seed: u64) -> String {
        let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
        (0..80)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                format!("w{}", state % 300)
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// `text` with word `at` replaced: a near copy.
    fn edited(text: &str, at: usize) -> String {
        let mut words: Vec<&str> = text.split(' ').collect();
        let i = at % words.len();
        words[i] = "edited";
        words.join(" ")
    }

    /// One added document: a new story, or an exact or near copy of an earlier document.
    fn addition(kind: u8, pick: usize, earlier: &[(String, String)], n: usize) -> String {
        let base = &earlier[pick % earlier.len()].1;
        match kind % 3 {
            0 => article(10_000 + n as u64),
            1 => base.clone(),
            _ => edited(base, pick),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Whatever is added to a corpus, and wherever in the input order, every document of
        /// the previous release built again keeps its cluster key (so its split), and no new
        /// document is kept as a copy of an old one (in remove mode, nor in an old cluster).
        #[test]
        fn old_documents_never_move_whatever_is_added(
            stories in 2usize..8,
            copies in proptest::collection::vec((0u8..3, 0usize..100), 0..8),
            additions in proptest::collection::vec((0u8..3, 0usize..100, 0usize..100), 1..12),
            tag in any::<bool>(),
        ) {
            let mut near = NearDupConfig::default();
            if tag {
                near.mode = NearDupMode::Tag;
            }
            let mut v1: Vec<(String, String)> =
                (0..stories).map(|i| (format!("old-{i}"), article(i as u64))).collect();
            for (n, (kind, pick)) in copies.into_iter().enumerate() {
                let text = addition(kind, pick, &v1, n);
                v1.push((format!("old-copy-{n}"), text));
            }
            let kept_v1 = release(&v1, None, &near);
            let mut v11 = v1.clone();
            for (n, (kind, pick, at)) in additions.into_iter().enumerate() {
                let text = addition(kind, pick, &v11, 100 + n);
                v11.insert(at % (v11.len() + 1), (format!("new-{n}"), text));
            }
            let mut previous = previous_of(&kept_v1);
            let kept_v11 = release(&v11, Some(&mut previous), &near);
            let now: HashMap<&str, &Digest> =
                kept_v11.iter().map(|(id, _, key)| (id.as_str(), key)).collect();
            for (id, _, key) in &kept_v1 {
                prop_assert_eq!(now.get(id.as_str()).copied(), Some(key), "{} moved", id);
            }
            let old_texts: Vec<&str> = kept_v1.iter().map(|(_, t, _)| t.as_str()).collect();
            let old_keys: Vec<&Digest> = kept_v1.iter().map(|(_, _, k)| k).collect();
            for (id, text, key) in kept_v11.iter().filter(|(id, ..)| id.starts_with("new-")) {
                prop_assert!(!old_texts.contains(&text.as_str()), "{} copies an old text", id);
                if !tag {
                    prop_assert!(!old_keys.contains(&key), "{} kept in an old cluster", id);
                }
            }
        }
    }
}
