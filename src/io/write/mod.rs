//! Stage 8: writing the dataset. Rows are buffered per table and split, cut into record batches
//! at fixed row/byte counts (never at thread-dependent points, so bytes are deterministic), and
//! written to Parquet shards that roll over at the configured size. Shards are written under
//! temporary names and renamed to `{split}-{i:05d}-of-{n:05d}.parquet` once `n` is known.

pub mod schema;
mod tables;

use std::fs::File;
use std::path::{Path, PathBuf};

use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::{CdcOptions, EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;
use serde::Serialize;

pub use tables::{DocRow, DocumentBuffer, RemovedBuffer, SentenceBuffer, SentenceRow, TableBuffer};

use crate::base::doc::Removal;
use crate::base::error::{Error, Result};
use crate::stages::split::Split;

/// A record batch is cut after this many rows or buffered bytes, whichever comes first.
const BATCH_ROWS: usize = 8192;
const BATCH_BYTES: usize = 16 << 20;
/// Row groups stay below ~100 MB uncompressed, as the Hub's viewer and streaming readers expect.
const ROW_GROUP_BYTES: usize = 96 << 20;

/// One written file, as listed in the manifest.
/// Where the building pass's rows go: the dataset being written (`release::output::Output`),
/// or nowhere in a dry run. The pass knows this seam, not the output folder, so the rows of a
/// task can go wherever the task's runner keeps them.
pub trait RowSink: Send {
    fn push_doc(&mut self, split: Split, doc: &DocRow) -> Result<()>;
    fn push_removed(&mut self, removal: &Removal) -> Result<()>;
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct FileEntry {
    pub path: String,
    pub config: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub split: Option<String>,
    pub rows: u64,
    pub bytes: u64,
    pub sha256: String,
}

fn cdc_options() -> CdcOptions {
    CdcOptions::default()
}

fn writer_properties(text_columns: &[&str]) -> WriterProperties {
    let cdc = cdc_options();
    // Same text as HF `datasets` writes (Python's json.dumps of its options), so tools that look
    // for the entry treat our shards like theirs.
    let cdc_json = format!(
        "{{\"min_chunk_size\": {}, \"max_chunk_size\": {}, \"norm_level\": {}}}",
        cdc.min_chunk_size, cdc.max_chunk_size, cdc.norm_level
    );
    let mut builder = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_statistics_enabled(EnabledStatistics::Page)
        .set_max_row_group_bytes(Some(ROW_GROUP_BYTES))
        .set_content_defined_chunking(Some(cdc))
        .set_key_value_metadata(Some(vec![KeyValue::new(
            "content_defined_chunking".to_string(),
            cdc_json,
        )]));
    // Dictionaries help the label columns but only bloat long free text.
    for column in text_columns {
        builder = builder.set_column_dictionary_enabled(ColumnPath::from(*column), false);
    }
    builder.build()
}

/// Writes one table of one split as a sequence of shards.
pub struct ShardWriter<B: TableBuffer> {
    dir: PathBuf,
    prefix: String,
    buffer: B,
    props: WriterProperties,
    shard_limit: usize,
    writer: Option<(PathBuf, ArrowWriter<File>)>,
    shard_bytes: usize,
    shard_rows: u64,
    done: Vec<(PathBuf, u64)>,
}

impl<B: TableBuffer> ShardWriter<B> {
    pub fn new(
        dir: PathBuf,
        prefix: &str,
        buffer: B,
        shard_limit: usize,
        text_columns: &[&str],
    ) -> Self {
        ShardWriter {
            dir,
            prefix: prefix.to_string(),
            buffer,
            props: writer_properties(text_columns),
            shard_limit,
            writer: None,
            shard_bytes: 0,
            shard_rows: 0,
            done: Vec::new(),
        }
    }

    pub fn buffer(&mut self) -> &mut B {
        &mut self.buffer
    }

    /// Call after pushing rows: writes a batch when the buffer is full.
    pub fn maybe_flush(&mut self) -> Result<()> {
        if self.buffer.rows() >= BATCH_ROWS || self.buffer.bytes() >= BATCH_BYTES {
            self.write_batch()?;
        }
        Ok(())
    }

    fn write_batch(&mut self) -> Result<()> {
        let bytes = self.buffer.bytes();
        let rows = self.buffer.rows() as u64;
        if rows == 0 {
            return Ok(());
        }
        let batch = self.buffer.take_batch().map_err(|e| Error::ParquetWrite {
            path: self.dir.clone(),
            cause: e.into(),
        })?;
        let (path, writer) = self.open_writer()?;
        writer.write(&batch).map_err(|source| Error::ParquetWrite {
            path: path.clone(),
            cause: source,
        })?;
        self.shard_bytes += bytes;
        self.shard_rows += rows;
        if self.shard_bytes >= self.shard_limit {
            self.close_shard()?;
        }
        Ok(())
    }

    fn open_writer(&mut self) -> Result<&mut (PathBuf, ArrowWriter<File>)> {
        if self.writer.is_none() {
            let path = self.dir.join(format!(
                "{}-{:05}.parquet.partial",
                self.prefix,
                self.done.len()
            ));
            let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
            let writer = ArrowWriter::try_new(file, self.buffer.schema(), Some(self.props.clone()))
                .map_err(|source| Error::ParquetWrite {
                    path: path.clone(),
                    cause: source,
                })?;
            self.writer = Some((path, writer));
        }
        // The branch above guarantees a writer; this only satisfies the borrow checker.
        self.writer
            .as_mut()
            .ok_or_else(|| Error::io(&self.dir, std::io::Error::other("no writer")))
    }

    fn close_shard(&mut self) -> Result<()> {
        if let Some((path, writer)) = self.writer.take() {
            writer.close().map_err(|source| Error::ParquetWrite {
                path: path.clone(),
                cause: source,
            })?;
            self.done.push((path, self.shard_rows));
        }
        self.shard_bytes = 0;
        self.shard_rows = 0;
        Ok(())
    }

    /// Writes what is buffered, closes the last shard and names the shards `-of-{n}`.
    /// With `always`, a table with no rows still gets one empty shard, so it can be loaded.
    pub fn finish(
        mut self,
        out_root: &Path,
        config: &str,
        split: Option<&str>,
        always: bool,
    ) -> Result<Vec<FileEntry>> {
        self.write_batch()?;
        if always && self.done.is_empty() && self.writer.is_none() {
            self.open_writer()?;
        }
        self.close_shard()?;
        let n = self.done.len();
        let mut entries = Vec::with_capacity(n);
        for (i, (partial, rows)) in self.done.iter().enumerate() {
            let name = format!("{}-{:05}-of-{:05}.parquet", self.prefix, i, n);
            let path = self.dir.join(name);
            std::fs::rename(partial, &path).map_err(|e| Error::io(partial, e))?;
            let (bytes, sha256) = crate::base::digest::hash_file(&path)?;
            entries.push(FileEntry {
                path: crate::base::paths::relative_slash(out_root, &path),
                config: config.to_string(),
                split: split.map(str::to_string),
                rows: *rows,
                bytes,
                sha256,
            });
        }
        Ok(entries)
    }
}
