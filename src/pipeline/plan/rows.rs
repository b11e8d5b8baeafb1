//! A write task's rows, on their way to the finalize stage. Chunks the task holds whole are
//! encoded here, into pieces the finalize stage copies into the shards as they are; rows of a
//! chunk that other tasks hold a part of are spooled, and the finalize stage encodes them.
//! Either way a chunk's row groups come out as `build` encodes them (see `io::write::pieces`).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::base::doc::Removal;
use crate::base::error::{Error, Result};
use crate::io::ingest::SkippedFile;
use crate::io::spool::SpoolWriter;
use crate::io::write::{CHUNK_DOCS, DocRow, Encoders, Piece, RowSink, Slot};
use crate::pipeline::handoff::Row;
use crate::stages::split::Split;

/// Rows spooled per frame.
const ROWS_PER_FRAME: usize = 1024;

/// The file of a task's pieces of `slot`, in its folder.
pub(super) fn pieces_file(slot: Slot) -> String {
    format!("pieces/{}.bin", slot.name())
}

/// The chunks a task whose documents are `docs` (ordinals in the whole corpus of `total`
/// documents) holds whole.
pub(super) fn whole_chunks(docs: &Range<u64>, total: u64) -> Range<u64> {
    let first = docs.start.div_ceil(CHUNK_DOCS);
    let end = match docs.end >= total {
        // The last chunk ends with the corpus, short or not.
        true => total.div_ceil(CHUNK_DOCS),
        false => docs.end / CHUNK_DOCS,
    };
    first..end.max(first)
}

/// Where a write task puts its rows.
pub(super) struct TaskRows {
    /// The ordinal in the whole corpus of the task's first document.
    offset: u64,
    whole: Range<u64>,
    encoders: Encoders,
    pieces: BTreeMap<Slot, PieceWriter>,
    spool: SpoolWriter,
    rows: Vec<Row>,
}

impl TaskRows {
    pub(super) fn new(
        dir: &Path,
        docs: &Range<u64>,
        total: u64,
        spool: SpoolWriter,
    ) -> Result<Self> {
        let mut pieces = BTreeMap::new();
        for slot in Slot::all() {
            pieces.insert(slot, PieceWriter::create(dir.join(pieces_file(slot)))?);
        }
        Ok(TaskRows {
            offset: docs.start,
            whole: whole_chunks(docs, total),
            encoders: Encoders::new(dir),
            pieces,
            spool,
            rows: Vec::with_capacity(ROWS_PER_FRAME),
        })
    }

    /// Whether the row of the document at `ordinal` in the corpus is encoded here.
    fn encodes(&self, ordinal: u64) -> bool {
        self.whole.contains(&(ordinal / CHUNK_DOCS))
    }

    fn spool(&mut self, row: Row) -> Result<()> {
        self.rows.push(row);
        if self.rows.len() >= ROWS_PER_FRAME {
            self.spool.write(&self.rows)?;
            self.rows.clear();
        }
        Ok(())
    }

    pub(super) fn finish(mut self, skipped: &[SkippedFile]) -> Result<()> {
        let TaskRows {
            encoders, pieces, ..
        } = &mut self;
        encoders.cut(&mut |slot, piece| write_piece(pieces, slot, &piece))?;
        for (_, writer) in self.pieces {
            writer.finish()?;
        }
        self.spool.write(&self.rows)?;
        self.spool.finish(skipped)
    }
}

impl RowSink for TaskRows {
    fn push_doc(&mut self, ordinal: u64, split: Split, doc: &DocRow) -> Result<()> {
        let ordinal = ordinal + self.offset;
        if !self.encodes(ordinal) {
            return self.spool(Row::Doc(ordinal, split, Box::new(doc.clone())));
        }
        let TaskRows {
            encoders, pieces, ..
        } = self;
        encoders.push_doc(ordinal, split, doc, &mut |slot, piece| {
            write_piece(pieces, slot, &piece)
        })
    }

    fn push_removed(&mut self, ordinal: u64, removal: &Removal) -> Result<()> {
        let ordinal = ordinal + self.offset;
        if !self.encodes(ordinal) {
            return self.spool(Row::Removed(ordinal, removal.clone()));
        }
        let TaskRows {
            encoders, pieces, ..
        } = self;
        encoders.push_removed(ordinal, removal, &mut |slot, piece| {
            write_piece(pieces, slot, &piece)
        })
    }
}

fn write_piece(pieces: &mut BTreeMap<Slot, PieceWriter>, slot: Slot, piece: &Piece) -> Result<()> {
    match pieces.get_mut(&slot) {
        Some(w) => w.write(piece),
        None => Ok(()),
    }
}

/// A file of pieces, each its size, its length and its bytes. The pieces are compressed
/// Parquet already, so they are not compressed again as spools are.
struct PieceWriter {
    path: PathBuf,
    partial: PathBuf,
    w: BufWriter<File>,
}

impl PieceWriter {
    fn create(path: PathBuf) -> Result<PieceWriter> {
        let partial = path.with_extension("partial");
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let file = File::create(&partial).map_err(|e| Error::io(&partial, e))?;
        Ok(PieceWriter {
            path,
            partial,
            w: BufWriter::with_capacity(1 << 20, file),
        })
    }

    fn write(&mut self, piece: &Piece) -> Result<()> {
        let io = |e| Error::io(&self.partial, e);
        self.w.write_all(&piece.size.to_le_bytes()).map_err(io)?;
        let len = piece.bytes.len() as u64;
        self.w.write_all(&len.to_le_bytes()).map_err(io)?;
        self.w.write_all(&piece.bytes).map_err(io)
    }

    fn finish(self) -> Result<()> {
        let io = |e| Error::io(&self.partial, e);
        let file = self.w.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&self.partial, &self.path).map_err(|e| Error::io(&self.path, e))
    }
}

/// The pieces of a finished write task's file, in order.
pub(super) struct PieceReader {
    path: PathBuf,
    r: BufReader<File>,
}

impl PieceReader {
    pub(super) fn open(path: PathBuf) -> Result<PieceReader> {
        let file = File::open(&path).map_err(|e| Error::io(&path, e))?;
        Ok(PieceReader {
            path,
            r: BufReader::with_capacity(1 << 20, file),
        })
    }

    pub(super) fn next_piece(&mut self) -> Result<Option<Piece>> {
        let io = |e| Error::io(&self.path, e);
        let mut head = [0u8; 16];
        match self.r.read_exact(&mut head[..8]) {
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
            other => other.map_err(io)?,
        }
        self.r.read_exact(&mut head[8..]).map_err(io)?;
        let [size, len] = [&head[..8], &head[8..]].map(|b| {
            let mut word = [0u8; 8];
            word.copy_from_slice(b);
            u64::from_le_bytes(word)
        });
        let len = usize::try_from(len).map_err(|_| io(std::io::Error::other("piece too large")))?;
        let mut bytes = vec![0u8; len];
        self.r.read_exact(&mut bytes).map_err(io)?;
        Ok(Some(Piece {
            bytes: bytes.into(),
            size,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_chunks_cover_each_chunk_once_whatever_the_shares() {
        let c = CHUNK_DOCS;
        let total = 5 * c + 7;
        for cuts in [
            vec![0, total],
            vec![0, c, total],
            vec![0, c + 3, 3 * c - 1, total],
        ] {
            let mut seen = Vec::new();
            for pair in cuts.windows(2) {
                seen.extend(whole_chunks(&(pair[0]..pair[1]), total));
            }
            // Each chunk is encoded by at most one task, in order; a chunk no task holds whole
            // is the finalize stage's.
            assert!(seen.windows(2).all(|w| w[0] < w[1]), "{cuts:?}: {seen:?}");
            for k in 0..total.div_ceil(c) {
                let holders = cuts
                    .windows(2)
                    .filter(|p| p[0] <= k * c && ((k + 1) * c).min(total) <= p[1])
                    .count();
                assert_eq!(seen.contains(&k), holders == 1, "{cuts:?}: chunk {k}");
            }
        }
        assert_eq!(whole_chunks(&(0..total), total), 0..6);
        assert_eq!(whole_chunks(&(c + 3..3 * c - 1), total), 2..2);
    }
}
