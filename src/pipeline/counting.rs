//! Pass one, counting: decode and normalize every document once, and count in how many
//! documents each short line occurs, so that pass two can tell site furniture from text.
//!
//! Reads the input files. Writes, in the checkpoint folder, `normalized.spool` (the normalized
//! documents), `lines.spool` (each document's countable lines, measured as they were counted)
//! and `lines.bin` (the line counts). Runs only with furniture removal on.

use rayon::prelude::*;

use crate::base::error::Result;
use crate::io::ingest::{DocStream, Inventory};
use crate::pipeline::batches::{Reporter, pipelined};
use crate::pipeline::checkpoint::{Checkpoints, LINES, NORMALIZED};
use crate::pipeline::context::Stages;
use crate::pipeline::inputs::{decode_doc, fields, raw_batch};
use crate::pipeline::records::{Decoded, MeasuredLines};
use crate::pipeline::timing::Stage;
use crate::stages::boilerplate::{self, LineCounter};

/// Pass one over the inputs; the counts it returns are also saved as `lines.bin`.
pub(super) fn run(
    stages: &Stages,
    inventory: &Inventory,
    checkpoints: &Checkpoints,
    reporter: &dyn Reporter,
) -> Result<LineCounter> {
    let mut counter = LineCounter::new(stages.config.boilerplate.max_tracked_lines);
    let mut spool = checkpoints.spool_writer(NORMALIZED)?;
    let mut measured = checkpoints.spool_writer(LINES)?;
    let mut stream = DocStream::new(&inventory.files, fields(&stages.config));
    let t = &stages.timings;
    let total = stream.total_bytes();
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
