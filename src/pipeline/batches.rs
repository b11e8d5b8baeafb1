//! The batch runner every pass shares, and the progress hooks it reports to.
//!
//! A pass reads documents in batches taken in input order, works on each batch in parallel and
//! finishes it (counting, verdicts, writing) sequentially in input order. Batches are cut by
//! document count, never by timing, so the output is byte-identical for any thread count.

use std::path::Path;

use crate::base::doc::{Payload, RawDoc};
use crate::base::error::{Error, Result};
use crate::io::spool::{Record, SpoolReader};
use crate::pipeline::records::Prepared;

/// Documents processed together; large enough to keep all cores busy, small enough to bound memory.
pub(super) const BATCH_DOCS: usize = 1024;

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

/// Runs a pass as a three-stage pipeline over batches: while batch k is finished (sequentially,
/// in input order), batch k+1 is worked on in parallel and batch k+2 is read. Reading and
/// finishing are sequential by nature (one input stream, one output order); overlapping them with
/// the parallel work keeps every core busy. `pass` is the pass's name and the size of the files
/// it reads; `read` returns a batch and how many bytes of those files it took; an empty batch
/// ends the pass. `out` is the dataset folder an interruption names.
pub(super) fn pipelined<T: Send, W: Send>(
    out: &Path,
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
            return Err(Error::Interrupted(out.to_path_buf()));
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

/// A document as a pass holds it, with the size of its input that the throughput counts.
pub(super) trait Weighed {
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

/// A batch with the input bytes its documents weigh.
pub(super) fn weigh<T: Weighed>(batch: Vec<T>) -> (Vec<T>, u64) {
    let bytes = batch.iter().map(Weighed::bytes).sum();
    (batch, bytes)
}

/// The next batch of two spools that hold the same documents in the same batches, joined record
/// by record; `join` gives `None` for two records that are not about the same document.
pub(super) fn zipped_batch<A: Record, B: Record, T>(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::records::MeasuredLines;

    /// A spool of measured-line records with these ordinals, and its reader.
    fn spool_of(dir: &std::path::Path, name: &str, ordinals: &[u64]) -> SpoolReader {
        let path = dir.join(name);
        let mut w = crate::io::spool::SpoolWriter::create(path.clone(), b"test", false).unwrap();
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
}
