//! Reading the input files, which only the first pass of a build does: pass one (counting), or
//! pass two (hashing) when furniture removal is off and there is no pass one. Each document is
//! decoded and normalized here, once; the later passes read it from `normalized.spool`.

use crate::base::config::Config;
use crate::base::doc::{DropReason, Payload, RawDoc};
use crate::io::ingest::{DocStream, Fields, read_txt};
use crate::pipeline::batches::{BATCH_DOCS, Weighed};
use crate::pipeline::context::Stages;
use crate::pipeline::records::{Decoded, Normalized};
use crate::pipeline::timing::Stage;
use rayon::prelude::*;

/// How the readers find a document's text and id, and the limits they hold it to.
pub(super) fn fields(config: &Config) -> Fields {
    Fields {
        text: config.text_field.clone(),
        id: config.id_field.clone(),
        max_doc_bytes: config.limits.max_doc_bytes,
        max_expansion: config.limits.max_expansion,
    }
}

/// The next batch of raw documents, and how many bytes of the input files it took. A run of
/// `.txt` files is read in parallel: a corpus of many small files spends much of its reading in
/// opening them, which one thread would do for all.
pub(super) fn raw_batch(stages: &Stages, stream: &mut DocStream<'_>) -> (Vec<RawDoc>, u64) {
    let done = stream.bytes_done();
    let t = &stages.timings;
    let max_bytes = stream.max_doc_bytes();
    let mut batch = Vec::with_capacity(BATCH_DOCS);
    while batch.len() < BATCH_DOCS {
        let run = stream.txt_run(BATCH_DOCS - batch.len());
        if run.is_empty() {
            match t.time(Stage::Read, || stream.next()) {
                Some(doc) => batch.push(doc),
                None => break,
            }
            continue;
        }
        let docs: Vec<RawDoc> = run
            .par_iter()
            .map(|file| t.time(Stage::Read, || read_txt(file, max_bytes)))
            .collect();
        for mut doc in docs {
            stream.number(&mut doc);
            batch.push(doc);
        }
    }
    (batch, stream.bytes_done() - done)
}

/// Decode and normalize one raw document.
pub(super) fn decode_doc(stages: &Stages, doc: RawDoc) -> Decoded {
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
