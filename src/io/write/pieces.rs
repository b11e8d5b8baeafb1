//! Rows into encoded pieces. Every table and split buffers its rows and cuts them into record
//! batches at fixed row and byte counts and at every chunk boundary; each batch is encoded on
//! its own, as a Parquet file of one row group (a [`Piece`]), which a shard later takes whole.
//!
//! The chunk boundary is what lets a planned build encode in its write tasks: a chunk's row
//! groups depend on the chunk's rows alone, so the task that holds a chunk whole encodes it and
//! the pieces are the ones `build` would have encoded.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use bytes::Bytes;
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;
use rayon::prelude::*;

use super::tables::{DocRow, DocumentBuffer, RemovedBuffer, SentenceBuffer, TableBuffer};
use super::writer_properties;
use crate::base::doc::Removal;
use crate::base::error::{Error, Result};
use crate::stages::split::Split;

/// A record batch is cut after this many rows or buffered bytes, whichever comes first.
const BATCH_ROWS: usize = 8192;
const BATCH_BYTES: usize = 16 << 20;

/// Input documents per chunk: no row group holds rows of two chunks.
pub const CHUNK_DOCS: u64 = 4096;

/// One row group, encoded as a Parquet file of its own.
#[derive(Debug, Clone)]
pub struct Piece {
    pub bytes: Bytes,
    /// The rows' size as buffered, uncompressed: what shards are cut by.
    pub size: u64,
}

/// One table of one split: where a row goes, and what a piece is part of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Slot {
    Documents(Split),
    Sentences(Split),
    Removed,
}

impl Slot {
    /// Every slot, in the order a dataset lists its files.
    pub fn all() -> Vec<Slot> {
        let mut all: Vec<Slot> = Split::ALL.iter().map(|s| Slot::Documents(*s)).collect();
        all.extend(Split::ALL.iter().map(|s| Slot::Sentences(*s)));
        all.push(Slot::Removed);
        all
    }

    /// The table's name, as a dataset config.
    pub fn table(self) -> &'static str {
        match self {
            Slot::Documents(_) => "documents",
            Slot::Sentences(_) => "sentences",
            Slot::Removed => "removed",
        }
    }

    pub fn split(self) -> Option<Split> {
        match self {
            Slot::Documents(s) | Slot::Sentences(s) => Some(s),
            Slot::Removed => None,
        }
    }

    /// A file name for the slot's pieces: `documents-train`, `removed`.
    pub fn name(self) -> String {
        match self.split() {
            Some(split) => format!("{}-{}", self.table(), split.name()),
            None => self.table().to_string(),
        }
    }

    /// The columns of long free text, which no dictionary helps.
    pub(super) fn text_columns(self) -> &'static [&'static str] {
        match self {
            Slot::Documents(_) => &["text", "id", "source", "sha256", "url", "title"],
            Slot::Sentences(_) => &["text"],
            Slot::Removed => &["id", "source", "detail", "text"],
        }
    }
}

/// Rows of one slot, buffered until a batch is cut and encoded.
pub struct Encoder<B: TableBuffer> {
    buffer: B,
    props: WriterProperties,
    /// Named in errors: encoding happens in memory, so this is the table it was for.
    label: PathBuf,
}

impl<B: TableBuffer> Encoder<B> {
    fn new(buffer: B, slot: Slot, label: PathBuf) -> Self {
        Encoder {
            buffer,
            props: writer_properties(slot.text_columns()),
            label,
        }
    }

    fn full(&self) -> bool {
        self.buffer.rows() >= BATCH_ROWS || self.buffer.bytes() >= BATCH_BYTES
    }

    /// What is buffered, as a piece; `None` when nothing is.
    fn take(&mut self) -> Result<Option<Piece>> {
        if self.buffer.rows() == 0 {
            return Ok(None);
        }
        let size = self.buffer.bytes() as u64;
        let error = |cause| Error::ParquetWrite {
            path: self.label.clone(),
            cause,
        };
        let batch = self
            .buffer
            .take_batch()
            .map_err(|e| error(parquet::errors::ParquetError::from(e)))?;
        let mut writer = ArrowWriter::try_new(Vec::new(), batch.schema(), Some(self.props.clone()))
            .map_err(error)?;
        writer.write(&batch).map_err(error)?;
        let bytes = writer.into_inner().map_err(error)?;
        Ok(Some(Piece {
            bytes: Bytes::from(bytes),
            size,
        }))
    }
}

/// Where finished pieces go: a shard, or a task's spool of pieces.
pub(super) type PieceSink<'a> = dyn FnMut(Slot, Piece) -> Result<()> + 'a;

/// The encoders of every slot, and the chunk their rows are in.
pub struct Encoders {
    documents: BTreeMap<Split, Encoder<DocumentBuffer>>,
    sentences: BTreeMap<Split, Encoder<SentenceBuffer>>,
    removed: Encoder<RemovedBuffer>,
    chunk: Option<u64>,
}

impl Encoders {
    /// Encoders whose errors name `dir`, the folder their pieces end up in.
    pub fn new(dir: &Path) -> Encoders {
        let label = |slot: Slot| dir.join(slot.name());
        let mut documents = BTreeMap::new();
        let mut sentences = BTreeMap::new();
        for split in Split::ALL {
            let (docs, sents) = (Slot::Documents(split), Slot::Sentences(split));
            let buffer = DocumentBuffer::default();
            documents.insert(split, Encoder::new(buffer, docs, label(docs)));
            let buffer = SentenceBuffer::default();
            sentences.insert(split, Encoder::new(buffer, sents, label(sents)));
        }
        let removed = Encoder::new(
            RemovedBuffer::default(),
            Slot::Removed,
            label(Slot::Removed),
        );
        Encoders {
            documents,
            sentences,
            removed,
            chunk: None,
        }
    }

    /// The rows of kept input document `ordinal` (its place in the whole corpus).
    pub fn push_doc(
        &mut self,
        ordinal: u64,
        split: Split,
        doc: &DocRow,
        sink: &mut PieceSink,
    ) -> Result<()> {
        self.enter(ordinal, sink)?;
        if let Some(e) = self.documents.get_mut(&split) {
            e.buffer.push(doc);
            if e.full() {
                emit(Slot::Documents(split), e.take()?, sink)?;
            }
        }
        if let Some(e) = self.sentences.get_mut(&split) {
            e.buffer.push_doc(doc);
            if e.full() {
                emit(Slot::Sentences(split), e.take()?, sink)?;
            }
        }
        Ok(())
    }

    /// The row of removed input document `ordinal`.
    pub fn push_removed(
        &mut self,
        ordinal: u64,
        removal: &Removal,
        sink: &mut PieceSink,
    ) -> Result<()> {
        self.enter(ordinal, sink)?;
        let e = &mut self.removed;
        e.buffer.push(removal);
        if e.full() {
            emit(Slot::Removed, e.take()?, sink)?;
        }
        Ok(())
    }

    /// A document of a new chunk ends the batches of the last one.
    fn enter(&mut self, ordinal: u64, sink: &mut PieceSink) -> Result<()> {
        let chunk = ordinal / CHUNK_DOCS;
        if self.chunk != Some(chunk) {
            self.cut(sink)?;
            self.chunk = Some(chunk);
        }
        Ok(())
    }

    /// Every buffered batch, encoded: at a chunk's end, and before pieces encoded elsewhere are
    /// put after these rows. The next row starts a batch whatever its chunk.
    pub fn cut(&mut self, sink: &mut PieceSink) -> Result<()> {
        self.chunk = None;
        for (split, e) in &mut self.documents {
            emit(Slot::Documents(*split), e.take()?, sink)?;
        }
        for (split, e) in &mut self.sentences {
            emit(Slot::Sentences(*split), e.take()?, sink)?;
        }
        emit(Slot::Removed, self.removed.take()?, sink)
    }

    /// As [`Encoders::cut`], the slots encoded side by side: the last batches of a build, when
    /// nothing else is left to keep the other cores busy.
    pub fn cut_all_at_once(&mut self) -> Result<Vec<(Slot, Piece)>> {
        self.chunk = None;
        let mut jobs: Vec<(Slot, &mut dyn Take)> = Vec::new();
        for (split, e) in &mut self.documents {
            jobs.push((Slot::Documents(*split), e));
        }
        for (split, e) in &mut self.sentences {
            jobs.push((Slot::Sentences(*split), e));
        }
        jobs.push((Slot::Removed, &mut self.removed));
        let (slots, encoders): (Vec<Slot>, Vec<&mut dyn Take>) = jobs.into_iter().unzip();
        let taken: Vec<Result<Option<Piece>>> =
            encoders.into_par_iter().map(|e| e.take_piece()).collect();
        let mut pieces = Vec::new();
        for (slot, piece) in slots.into_iter().zip(taken) {
            if let Some(piece) = piece? {
                pieces.push((slot, piece));
            }
        }
        Ok(pieces)
    }
}

/// An encoder of any table, to encode them side by side.
trait Take: Send {
    fn take_piece(&mut self) -> Result<Option<Piece>>;
}

impl<B: TableBuffer + Send> Take for Encoder<B> {
    fn take_piece(&mut self) -> Result<Option<Piece>> {
        self.take()
    }
}

fn emit(slot: Slot, piece: Option<Piece>, sink: &mut PieceSink) -> Result<()> {
    match piece {
        Some(piece) => sink(slot, piece),
        None => Ok(()),
    }
}
