//! Pass one, counting: decode and normalize every document once, and count in how many
//! documents each short line occurs, so that pass two can tell site furniture from text.
//!
//! Reads the input files. Writes, in the checkpoint folder, `normalized.spool` (the normalized
//! documents), `lines.spool` (each document's countable lines, measured as they were counted)
//! and `lines.bin` (the line counts). Runs only with furniture removal on.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet, VecDeque};
use std::hash::BuildHasherDefault;

use rayon::prelude::*;

use crate::base::config::Config;
use crate::base::error::Result;
use crate::io::ingest::{DocStream, InputFile};
use crate::io::spool::{Batched, SpoolReader};
use crate::pipeline::batches::{Reporter, pipelined};
use crate::pipeline::checkpoint::{Checkpoints, KEYS, LINES, NORMALIZED};
use crate::pipeline::context::Stages;
use crate::pipeline::handoff::{DocKeys, Later};
use crate::pipeline::inputs::{decode_doc, fields, raw_batch};
use crate::pipeline::records::{Decoded, MeasuredLines};
use crate::pipeline::timing::Stage;
use crate::stages::boilerplate::{self, LineCounter};
use crate::stages::dedup::DigestHasher;

/// Pass one over the inputs; the counts it returns are also saved as `lines.bin`.
pub(super) fn run(
    stages: &Stages,
    files: &[InputFile],
    checkpoints: &Checkpoints,
    reporter: &dyn Reporter,
) -> Result<LineCounter> {
    let mut counter = LineCounter::new(stages.config.boilerplate.max_tracked_lines);
    let tally = |counted: &[Counted]| {
        for keys in counted.iter().filter_map(|c| c.keys.as_ref()) {
            counter.add_distinct(keys.fingerprint, &keys.keys);
        }
        Ok(())
    };
    pass(stages, files, checkpoints, reporter, tally)?;
    checkpoints.save_lines(&counter)?;
    Ok(counter)
}

/// A planned build's scan task: pass one over its share of the inputs, with the keys each
/// document adds to the counts spooled (`keys.spool`) for the count stage, which adds them in
/// input order as [`run`] does. Returns the number of documents read.
pub(super) fn scan(
    stages: &Stages,
    files: &[InputFile],
    checkpoints: &Checkpoints,
    reporter: &dyn Reporter,
) -> Result<u64> {
    let mut keys = checkpoints.spool_writer(KEYS)?;
    let spool = |counted: &[Counted]| keys.write(counted.iter().filter_map(|c| c.keys.as_ref()));
    let docs = pass(stages, files, checkpoints, reporter, spool)?;
    keys.finish(&[])?;
    Ok(docs)
}

/// Task `part` of the mark stage: among every scan task's keys in input order, the places of
/// the documents whose text (by fingerprint, in the part's share of the fingerprints) an
/// earlier document has, into `later` in order. Each task holds its part's fingerprints only.
pub(super) fn mark(
    ranks: &[Checkpoints],
    (part, parts): (usize, usize),
    later: &mut Batched<Later>,
) -> Result<()> {
    let mut seen: HashSet<u128, BuildHasherDefault<DigestHasher>> = HashSet::default();
    let (part, parts) = (part as u128, parts.max(1) as u128);
    let mut at = 0u64;
    for rank in ranks {
        let mut keys = rank.open_spool(KEYS)?;
        while let Some(batch) = keys.next_batch::<DocKeys>()? {
            for k in batch {
                // The high half picks the part: the set hashes by the low one.
                if (k.fingerprint >> 64) % parts == part && !seen.insert(k.fingerprint) {
                    later.push(Later { at })?;
                }
                at += 1;
            }
        }
    }
    Ok(())
}

/// Task `part` of the count stage: the keys of every scan task but the later copies the mark
/// tasks found (`later`, every mark task's spool), added in input order (rank by rank), give
/// the counts of the part's stripes that pass one of a one-process build gives.
pub(super) fn merge(
    config: &Config,
    ranks: &[Checkpoints],
    part: (usize, usize),
    later: Vec<SpoolReader>,
) -> Result<LineCounter> {
    let mut counter = LineCounter::part(config.boilerplate.max_tracked_lines, part);
    let mut later = Places::new(later)?;
    let mut at = 0u64;
    for rank in ranks {
        let mut keys = rank.open_spool(KEYS)?;
        while let Some(batch) = keys.next_batch::<DocKeys>()? {
            for k in batch {
                if !later.take(at)? {
                    counter.add(&k.keys);
                }
                at += 1;
            }
        }
    }
    Ok(counter)
}

/// Places from several spools, each in order, taken in order.
struct Places {
    spools: Vec<(SpoolReader, VecDeque<u64>)>,
    next: BinaryHeap<Reverse<(u64, usize)>>,
}

impl Places {
    fn new(readers: Vec<SpoolReader>) -> Result<Places> {
        let mut places = Places {
            spools: readers.into_iter().map(|r| (r, VecDeque::new())).collect(),
            next: BinaryHeap::new(),
        };
        for i in 0..places.spools.len() {
            places.refill(i)?;
        }
        Ok(places)
    }

    fn refill(&mut self, i: usize) -> Result<()> {
        let (reader, queue) = &mut self.spools[i];
        if queue.is_empty()
            && let Some(batch) = reader.next_batch::<Later>()?
        {
            queue.extend(batch.into_iter().map(|l| l.at));
        }
        if let Some(&at) = queue.front() {
            self.next.push(Reverse((at, i)));
        }
        Ok(())
    }

    /// Whether place `at` is one of them; places before it must have been asked for.
    fn take(&mut self, at: u64) -> Result<bool> {
        let Some(&Reverse((next, i))) = self.next.peek() else {
            return Ok(false);
        };
        if next > at {
            return Ok(false);
        }
        self.next.pop();
        self.spools[i].1.pop_front();
        self.refill(i)?;
        match next == at {
            true => Ok(true),
            // A place out of order, or past the documents: not what a mark task writes.
            false => Err(self.spools[i].0.corrupt()),
        }
    }
}

/// Pass one proper: reads `files`, spools their documents and measured lines, and hands each
/// batch to `tally` in input order. Returns the number of documents read.
fn pass(
    stages: &Stages,
    files: &[InputFile],
    checkpoints: &Checkpoints,
    reporter: &dyn Reporter,
    mut tally: impl FnMut(&[Counted]) -> Result<()> + Send,
) -> Result<u64> {
    let mut spool = checkpoints.spool_writer(NORMALIZED)?;
    let mut measured = checkpoints.spool_writer(LINES)?;
    let mut stream = DocStream::new(files, fields(&stages.config));
    let t = &stages.timings;
    let total = stream.total_bytes();
    let mut docs = 0u64;
    let read = || Ok(raw_batch(stages, &mut stream));
    let work = |batch: Vec<_>| -> Vec<Counted> {
        batch
            .into_par_iter()
            .map(|doc| count_lines(stages, decode_doc(stages, doc)))
            .collect()
    };
    // The spool frame is compressed here, beside the next batch's parallel work, rather than
    // at the end of this batch's work, where it would leave the other cores idle.
    let finish = |counted: Vec<Counted>| -> Result<()> {
        docs += counted.len() as u64;
        tally(&counted)?;
        t.time(Stage::Spool, || {
            spool.write(counted.iter().map(|c| &c.doc))?;
            measured.write(counted.iter().map(|c| &c.lines))
        })
    };
    pipelined(
        &stages.out,
        ("counting", total),
        reporter,
        read,
        work,
        finish,
    )?;
    let skipped = stream.take_skipped();
    spool.finish(&skipped)?;
    measured.finish(&skipped)?;
    Ok(docs)
}

/// Pass one's work on one document: the document, its countable lines, and the fingerprint of
/// its text with the distinct keys it adds to the counts (none for a document without text,
/// which does not count as a document).
struct Counted {
    doc: Decoded,
    lines: MeasuredLines,
    keys: Option<DocKeys>,
}

fn count_lines(stages: &Stages, doc: Decoded) -> Counted {
    let max_line_chars = stages.config.boilerplate.max_line_chars;
    let (lines, keys) = match &doc.outcome {
        Ok(n) => stages.timings.time(Stage::CountLines, || {
            let lines = boilerplate::line_keys(&n.text, max_line_chars);
            let keys = boilerplate::counted_keys(&lines);
            let fingerprint = boilerplate::fingerprint(&n.text);
            (lines, Some(DocKeys { fingerprint, keys }))
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
