//! A write task's rows, on their way to the finalize stage. A write task writes whole chunks
//! (see [`Layout`]) and encodes them here, into pieces the finalize stage copies into the shards
//! as they are; each chunk's row groups come out as `build` encodes them (see
//! `io::write::pieces`).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::base::doc::Removal;
use crate::base::error::{Error, Result};
use crate::io::write::{CHUNK_DOCS, DocRow, Encoders, Piece, RowSink, Slot};
use crate::stages::split::Split;

/// The file of a task's pieces of `slot`, in its folder.
pub(super) fn pieces_file(slot: Slot) -> String {
    format!("pieces/{}.bin", slot.name())
}

/// Which documents each write task writes. Scan shares end wherever a line does, so a chunk
/// may span two shares; write task `r` writes every chunk that starts in share `r`, the last
/// one to its end. The documents of share `r` before its first chunk start, its head, belong
/// to the chunk an earlier task writes: the sign task of share `r` copies them into head spools
/// for it, so no task ever encodes a chunk it holds only part of, and no stage after the write
/// tasks encodes rows.
pub(super) struct Layout {
    /// Ordinals in the whole corpus of each scan share's documents.
    shares: Vec<Range<u64>>,
    /// Ordinals of the documents each write task writes.
    writes: Vec<Range<u64>>,
}

impl Layout {
    pub(super) fn new(shares: Vec<Range<u64>>) -> Layout {
        let total = shares.last().map_or(0, |s| s.end);
        let chunk_start = |at: u64| (at.div_ceil(CHUNK_DOCS) * CHUNK_DOCS).min(total);
        let starts: Vec<u64> = shares.iter().map(|s| chunk_start(s.start)).collect();
        let writes = (0..shares.len())
            .map(|r| starts[r]..starts.get(r + 1).copied().unwrap_or(total))
            .collect();
        Layout { shares, writes }
    }

    /// Documents in the whole corpus.
    pub(super) fn documents(&self) -> u64 {
        self.shares.last().map_or(0, |s| s.end)
    }

    /// The ordinal of the first document of each share, in rank order.
    pub(super) fn offsets(&self) -> Vec<u64> {
        self.shares.iter().map(|s| s.start).collect()
    }

    /// The ordinal of the first document of share `rank`.
    pub(super) fn offset(&self, rank: usize) -> u64 {
        self.shares.get(rank).map_or(0, |s| s.start)
    }

    /// The ordinals write task `rank` writes.
    pub(super) fn writes(&self, rank: usize) -> Range<u64> {
        self.writes.get(rank).cloned().unwrap_or(0..0)
    }

    /// How many documents at the start of share `rank` an earlier write task writes.
    pub(super) fn head(&self, rank: usize) -> u64 {
        match (self.shares.get(rank), self.writes.get(rank)) {
            (Some(share), Some(writes)) => writes.start.min(share.end) - share.start,
            _ => 0,
        }
    }

    /// The later shares whose heads write task `rank` writes, in order.
    pub(super) fn heads_for(&self, rank: usize) -> Vec<usize> {
        let writes = self.writes(rank);
        (rank + 1..self.shares.len())
            .filter(|&q| self.head(q) > 0 && writes.contains(&self.shares[q].start))
            .collect()
    }

    /// The write task whose documents include ordinal `at`.
    pub(super) fn writer_of(&self, at: u64) -> usize {
        self.writes.partition_point(|w| w.end <= at)
    }
}

/// Where a write task puts its rows: every row of its chunks, encoded into pieces.
pub(super) struct TaskRows {
    encoders: Encoders,
    pieces: BTreeMap<Slot, PieceWriter>,
}

impl TaskRows {
    pub(super) fn new(dir: &Path) -> Result<Self> {
        let mut pieces = BTreeMap::new();
        for slot in Slot::all() {
            pieces.insert(slot, PieceWriter::create(dir.join(pieces_file(slot)))?);
        }
        Ok(TaskRows {
            encoders: Encoders::new(dir),
            pieces,
        })
    }

    pub(super) fn finish(mut self) -> Result<()> {
        let TaskRows { encoders, pieces } = &mut self;
        encoders.cut(&mut |slot, piece| write_piece(pieces, slot, &piece))?;
        for (_, writer) in self.pieces {
            writer.finish()?;
        }
        Ok(())
    }
}

impl RowSink for TaskRows {
    fn push_doc(&mut self, ordinal: u64, split: Split, doc: &DocRow) -> Result<()> {
        let TaskRows { encoders, pieces } = self;
        encoders.push_doc(ordinal, split, doc, &mut |slot, piece| {
            write_piece(pieces, slot, &piece)
        })
    }

    fn push_removed(&mut self, ordinal: u64, removal: &Removal) -> Result<()> {
        let TaskRows { encoders, pieces } = self;
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
    fn write_tasks_write_whole_chunks_and_every_document_once() {
        let c = CHUNK_DOCS;
        let total = 5 * c + 7;
        for cuts in [
            vec![0, total],
            vec![0, c, total],
            vec![0, c + 3, 3 * c - 1, total],
            vec![0, 3, 5, 9, c + 1, c + 2, total],
            vec![0, total - 2, total - 1, total],
        ] {
            let shares: Vec<Range<u64>> = cuts.windows(2).map(|p| p[0]..p[1]).collect();
            let layout = Layout::new(shares.clone());
            let mut next = 0;
            for rank in 0..shares.len() {
                let writes = layout.writes(rank);
                assert_eq!(writes.start, next, "{cuts:?}: contiguous");
                assert!(
                    writes.start.is_multiple_of(c) || writes.start == total,
                    "{cuts:?}: whole"
                );
                next = writes.end;
                // What the task reads: its share after its head, then the heads it is given.
                let share = &shares[rank];
                let mut read: Vec<u64> = (share.start + layout.head(rank)..share.end).collect();
                for q in layout.heads_for(rank) {
                    assert!(q > rank);
                    read.extend(shares[q].start..shares[q].start + layout.head(q));
                }
                let expected: Vec<u64> = writes.clone().collect();
                assert_eq!(read, expected, "{cuts:?}: rank {rank}");
                for at in writes {
                    assert_eq!(layout.writer_of(at), rank);
                }
            }
            assert_eq!(next, total, "{cuts:?}: every document");
        }
    }
}
