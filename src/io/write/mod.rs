//! Stage 8: writing the dataset. Rows are buffered per table and split and cut into record
//! batches at fixed row/byte counts and chunk boundaries (never at thread-dependent points, so
//! bytes are deterministic); each batch is encoded as a piece ([`pieces`]), and the pieces are
//! appended to Parquet shards that roll over at the configured size. Shards are written under
//! temporary names and renamed to `{split}-{i:05d}-of-{n:05d}.parquet` once `n` is known.

mod pieces;
pub mod schema;
mod tables;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::arrow::ArrowSchemaConverter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::column::writer::ColumnCloseResult;
use parquet::file::metadata::{KeyValue, PageIndexPolicy, ParquetMetaDataReader};
use parquet::file::properties::{CdcOptions, EnabledStatistics, WriterProperties};
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::types::{ColumnPath, TypePtr};
use serde::Serialize;

pub use pieces::{CHUNK_DOCS, Encoders, Piece, Slot};
pub use tables::{DocRow, SentenceRow};

use crate::base::doc::Removal;
use crate::base::error::{Error, Result};
use crate::stages::split::Split;
/// Row groups stay below ~100 MB uncompressed, as the Hub's viewer and streaming readers expect.
const ROW_GROUP_BYTES: usize = 96 << 20;

/// One written file, as listed in the manifest.
/// Where the building pass's rows go: the dataset being written (`release::output::Output`),
/// or nowhere in a dry run. The pass knows this seam, not the output folder, so the rows of a
/// task can go wherever the task's runner keeps them.
/// Each row comes with the ordinal of its input document in the whole corpus, which says
/// what chunk it is in.
pub trait RowSink: Send {
    fn push_doc(&mut self, ordinal: u64, split: Split, doc: &DocRow) -> Result<()>;
    fn push_removed(&mut self, ordinal: u64, removal: &Removal) -> Result<()>;
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

/// The pieces of one table and split, in order, as a sequence of shards that roll over at the
/// configured size. A piece's pages are copied into the shard as they were encoded.
pub struct Shards {
    dir: PathBuf,
    prefix: String,
    slot: Slot,
    schema: TypePtr,
    props: Arc<WriterProperties>,
    shard_limit: u64,
    writer: Option<(PathBuf, SerializedFileWriter<File>)>,
    shard_bytes: u64,
    shard_rows: u64,
    done: Vec<(PathBuf, u64)>,
}

impl Shards {
    /// The shards of `slot`, in `dir`, named after `prefix`.
    pub fn new(dir: PathBuf, prefix: &str, slot: Slot, shard_limit: u64) -> Result<Shards> {
        let arrow_schema = match slot {
            Slot::Documents(_) => schema::documents(),
            Slot::Sentences(_) => schema::sentences(),
            Slot::Removed => schema::removed(),
        };
        // What `ArrowWriter` writes into every piece's footer, so a shard reads back the same
        // Arrow types.
        let mut props = writer_properties(slot.text_columns());
        parquet::arrow::add_encoded_arrow_schema_to_metadata(&arrow_schema, &mut props);
        let schema = ArrowSchemaConverter::new()
            .with_coerce_types(props.coerce_types())
            .convert(&arrow_schema)
            .map_err(|cause| Error::ParquetWrite {
                path: dir.join(prefix),
                cause,
            })?
            .root_schema_ptr();
        Ok(Shards {
            dir,
            prefix: prefix.to_string(),
            slot,
            schema,
            props: Arc::new(props),
            shard_limit,
            writer: None,
            shard_bytes: 0,
            shard_rows: 0,
            done: Vec::new(),
        })
    }

    /// Puts the row groups of `piece` at the end of the current shard, and closes the shard
    /// once it is full.
    pub fn append(&mut self, piece: &Piece) -> Result<()> {
        let (path, writer) = self.open_writer()?;
        let error = |cause| Error::ParquetWrite {
            path: path.clone(),
            cause,
        };
        let meta = ParquetMetaDataReader::new()
            .with_page_index_policy(PageIndexPolicy::Optional)
            .parse_and_finish(&piece.bytes)
            .map_err(error)?;
        let index = meta.page_index();
        let mut rows = 0;
        for (g, group) in meta.row_groups().iter().enumerate() {
            let mut out = writer.next_row_group().map_err(error)?;
            for (c, column) in group.columns().iter().enumerate() {
                let close = ColumnCloseResult {
                    bytes_written: column.compressed_size() as u64,
                    rows_written: group.num_rows() as u64,
                    metadata: column.clone(),
                    bloom_filter: None,
                    column_index: index.and_then(|i| i.column_index(g, c)).cloned(),
                    offset_index: index.and_then(|i| i.offset_index(g, c)).cloned(),
                };
                out.append_column(&piece.bytes, close).map_err(error)?;
            }
            out.close().map_err(error)?;
            rows += group.num_rows() as u64;
        }
        self.shard_bytes += piece.size;
        self.shard_rows += rows;
        if self.shard_bytes >= self.shard_limit {
            self.close_shard()?;
        }
        Ok(())
    }

    fn open_writer(&mut self) -> Result<&mut (PathBuf, SerializedFileWriter<File>)> {
        if self.writer.is_none() {
            let path = self.dir.join(format!(
                "{}-{:05}.parquet.partial",
                self.prefix,
                self.done.len()
            ));
            let file = File::create(&path).map_err(|e| Error::io(&path, e))?;
            let writer =
                SerializedFileWriter::new(file, self.schema.clone(), Arc::clone(&self.props))
                    .map_err(|cause| Error::ParquetWrite {
                        path: path.clone(),
                        cause,
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
            writer.close().map_err(|cause| Error::ParquetWrite {
                path: path.clone(),
                cause,
            })?;
            self.done.push((path, self.shard_rows));
        }
        self.shard_bytes = 0;
        self.shard_rows = 0;
        Ok(())
    }

    /// Closes the last shard and names the shards `-of-{n}`. With `always`, a table with no
    /// rows still gets one empty shard, so it can be loaded.
    pub fn finish(mut self, out_root: &Path, always: bool) -> Result<Vec<FileEntry>> {
        if always && self.done.is_empty() && self.writer.is_none() {
            self.open_writer()?;
        }
        self.close_shard()?;
        let n = self.done.len();
        // The shards are read back for their checksums at the end of the run, when the other
        // threads have nothing left to do: each on a thread of its own.
        use rayon::prelude::*;
        self.done
            .par_iter()
            .enumerate()
            .map(|(i, (partial, rows))| {
                let name = format!("{}-{:05}-of-{:05}.parquet", self.prefix, i, n);
                let path = self.dir.join(name);
                std::fs::rename(partial, &path).map_err(|e| Error::io(partial, e))?;
                let (bytes, sha256) = crate::base::digest::hash_file(&path)?;
                Ok(FileEntry {
                    path: crate::base::paths::relative_slash(out_root, &path),
                    config: self.slot.table().to_string(),
                    split: self.slot.split().map(|s| s.name().to_string()),
                    rows: *rows,
                    bytes,
                    sha256,
                })
            })
            .collect()
    }
}
