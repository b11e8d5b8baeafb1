//! Row buffers for the three tables: rows go in, Arrow record batches come out.

use std::sync::Arc;

use arrow_array::builder::{Float32Builder, Int32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::OffsetBuffer;
use arrow_schema::{ArrowError, DataType, Field, SchemaRef};

use super::schema;
use crate::base::doc::Removal;

/// A kept document ready to be written, with its sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct DocRow {
    pub id: String,
    pub text: String,
    pub lang: &'static str,
    pub lang_score: f32,
    pub langs: Vec<(&'static str, f32)>,
    pub script: &'static str,
    pub source: String,
    /// The encoding the text was read from (see `decode::Decoded`).
    pub encoding: String,
    pub sha256: String,
    pub n_chars: i64,
    pub dup_count: i32,
    /// Near-duplicate cluster: hex SHA-256 of the cluster's smallest member (the document's own
    /// `sha256` when it has no near-duplicates).
    pub cluster: String,
    pub cluster_size: i32,
    pub url: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub sentences: Vec<SentenceRow>,
    /// What the cleaning removed, in order: (offset in `text` in Unicode scalar values, kind,
    /// removed text).
    pub furniture: Vec<(i64, String, String)>,
}

/// One sentence: a byte span of the document text plus its offsets in Unicode scalar values.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceRow {
    pub bytes: std::ops::Range<usize>,
    pub start: i64,
    pub end: i64,
    pub lang: &'static str,
    pub lang_score: f32,
}

/// Common face of the buffers, so one shard writer serves all tables.
pub trait TableBuffer {
    fn schema(&self) -> SchemaRef;
    fn rows(&self) -> usize;
    /// Uncompressed bytes buffered, to decide when to cut batches and shards.
    fn bytes(&self) -> usize;
    fn take_batch(&mut self) -> Result<RecordBatch, ArrowError>;
}

#[derive(Default)]
pub struct DocumentBuffer {
    id: StringBuilder,
    text: StringBuilder,
    lang: StringBuilder,
    lang_score: Float32Builder,
    langs_lens: Vec<usize>,
    langs_lang: StringBuilder,
    langs_share: Float32Builder,
    script: StringBuilder,
    source: StringBuilder,
    encoding: StringBuilder,
    sha256: StringBuilder,
    n_chars: Int64Builder,
    n_sentences: Int32Builder,
    dup_count: Int32Builder,
    cluster: StringBuilder,
    cluster_size: Int32Builder,
    url: StringBuilder,
    title: StringBuilder,
    date: StringBuilder,
    furniture_lens: Vec<usize>,
    furniture_at: Int64Builder,
    furniture_kind: StringBuilder,
    furniture_text: StringBuilder,
    bytes: usize,
}

impl DocumentBuffer {
    pub fn push(&mut self, doc: &DocRow) {
        self.id.append_value(&doc.id);
        self.text.append_value(&doc.text);
        self.lang.append_value(doc.lang);
        self.lang_score.append_value(doc.lang_score);
        for (lang, share) in &doc.langs {
            self.langs_lang.append_value(lang);
            self.langs_share.append_value(*share);
        }
        self.langs_lens.push(doc.langs.len());
        self.script.append_value(doc.script);
        self.source.append_value(&doc.source);
        self.encoding.append_value(&doc.encoding);
        self.sha256.append_value(&doc.sha256);
        self.n_chars.append_value(doc.n_chars);
        self.n_sentences
            .append_value(i32::try_from(doc.sentences.len()).unwrap_or(i32::MAX));
        self.dup_count.append_value(doc.dup_count);
        self.cluster.append_value(&doc.cluster);
        self.cluster_size.append_value(doc.cluster_size);
        self.url.append_option(doc.url.as_deref());
        self.title.append_option(doc.title.as_deref());
        self.date.append_option(doc.date.as_deref());
        let mut furniture_bytes = 0;
        for (at, kind, text) in &doc.furniture {
            self.furniture_at.append_value(*at);
            self.furniture_kind.append_value(kind);
            self.furniture_text.append_value(text);
            furniture_bytes += 8 + kind.len() + text.len();
        }
        self.furniture_lens.push(doc.furniture.len());
        self.bytes += doc.text.len() + doc.id.len() + doc.source.len() + 64 + 8 * doc.langs.len();
        self.bytes += furniture_bytes;
    }

    fn furniture_array(&mut self) -> Result<ArrayRef, ArrowError> {
        let columns = vec![
            Arc::new(self.furniture_at.finish()) as ArrayRef,
            Arc::new(self.furniture_kind.finish()),
            Arc::new(self.furniture_text.finish()),
        ];
        let lens = std::mem::take(&mut self.furniture_lens);
        list_of_structs(schema::furniture_item(), columns, lens)
    }

    fn langs_array(&mut self) -> Result<ArrayRef, ArrowError> {
        let columns = vec![
            Arc::new(self.langs_lang.finish()) as ArrayRef,
            Arc::new(self.langs_share.finish()),
        ];
        let lens = std::mem::take(&mut self.langs_lens);
        list_of_structs(schema::langs_item(), columns, lens)
    }
}

/// A list column of structs: `columns` are the struct fields of `item`, and row `i` holds the
/// next `lens[i]` structs.
fn list_of_structs(
    item: Arc<Field>,
    columns: Vec<ArrayRef>,
    lens: Vec<usize>,
) -> Result<ArrayRef, ArrowError> {
    let DataType::Struct(fields) = item.data_type() else {
        return Err(ArrowError::SchemaError(format!("{item} is not a struct")));
    };
    let values = StructArray::try_new(fields.clone(), columns, None)?;
    let offsets = OffsetBuffer::<i32>::from_lengths(lens);
    Ok(Arc::new(ListArray::try_new(
        item,
        offsets,
        Arc::new(values),
        None,
    )?))
}

impl TableBuffer for DocumentBuffer {
    fn schema(&self) -> SchemaRef {
        schema::documents()
    }

    fn rows(&self) -> usize {
        self.langs_lens.len()
    }

    fn bytes(&self) -> usize {
        self.bytes
    }

    fn take_batch(&mut self) -> Result<RecordBatch, ArrowError> {
        self.bytes = 0;
        let langs = self.langs_array()?;
        let furniture = self.furniture_array()?;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.lang.finish()),
            Arc::new(self.lang_score.finish()),
            langs,
            Arc::new(self.script.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.encoding.finish()),
            Arc::new(self.sha256.finish()),
            Arc::new(self.n_chars.finish()),
            Arc::new(self.n_sentences.finish()),
            Arc::new(self.dup_count.finish()),
            Arc::new(self.cluster.finish()),
            Arc::new(self.cluster_size.finish()),
            Arc::new(self.url.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.date.finish()),
            furniture,
        ];
        RecordBatch::try_new(self.schema(), columns)
    }
}

#[derive(Default)]
pub struct SentenceBuffer {
    doc_id: StringBuilder,
    idx: Int32Builder,
    text: StringBuilder,
    lang: StringBuilder,
    lang_score: Float32Builder,
    start: Int64Builder,
    end: Int64Builder,
    rows: usize,
    bytes: usize,
}

impl SentenceBuffer {
    /// Appends every sentence of `doc`; their text is sliced from the document, not stored twice.
    pub fn push_doc(&mut self, doc: &DocRow) {
        for (idx, s) in doc.sentences.iter().enumerate() {
            let text = doc.text.get(s.bytes.clone()).unwrap_or_default();
            self.doc_id.append_value(&doc.id);
            self.idx
                .append_value(i32::try_from(idx).unwrap_or(i32::MAX));
            self.text.append_value(text);
            self.lang.append_value(s.lang);
            self.lang_score.append_value(s.lang_score);
            self.start.append_value(s.start);
            self.end.append_value(s.end);
            self.rows += 1;
            self.bytes += text.len() + doc.id.len() + 40;
        }
    }
}

impl TableBuffer for SentenceBuffer {
    fn schema(&self) -> SchemaRef {
        schema::sentences()
    }

    fn rows(&self) -> usize {
        self.rows
    }

    fn bytes(&self) -> usize {
        self.bytes
    }

    fn take_batch(&mut self) -> Result<RecordBatch, ArrowError> {
        self.rows = 0;
        self.bytes = 0;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.doc_id.finish()),
            Arc::new(self.idx.finish()),
            Arc::new(self.text.finish()),
            Arc::new(self.lang.finish()),
            Arc::new(self.lang_score.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
        ];
        RecordBatch::try_new(self.schema(), columns)
    }
}

#[derive(Default)]
pub struct RemovedBuffer {
    id: StringBuilder,
    source: StringBuilder,
    reason: StringBuilder,
    detail: StringBuilder,
    duplicate_of: StringBuilder,
    text: StringBuilder,
    rows: usize,
    bytes: usize,
}

impl RemovedBuffer {
    pub fn push(&mut self, removal: &Removal) {
        self.id.append_value(&removal.id);
        self.source.append_value(&removal.source);
        self.reason.append_value(removal.reason.code());
        self.detail.append_value(&removal.detail);
        self.duplicate_of
            .append_option(removal.duplicate_of.as_deref());
        self.text.append_option(removal.text.as_deref());
        self.rows += 1;
        self.bytes += removal.id.len() + removal.source.len() + removal.detail.len() + 32;
        self.bytes += removal.text.as_ref().map_or(0, String::len);
    }
}

impl TableBuffer for RemovedBuffer {
    fn schema(&self) -> SchemaRef {
        schema::removed()
    }

    fn rows(&self) -> usize {
        self.rows
    }

    fn bytes(&self) -> usize {
        self.bytes
    }

    fn take_batch(&mut self) -> Result<RecordBatch, ArrowError> {
        self.rows = 0;
        self.bytes = 0;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.source.finish()),
            Arc::new(self.reason.finish()),
            Arc::new(self.detail.finish()),
            Arc::new(self.duplicate_of.finish()),
            Arc::new(self.text.finish()),
        ];
        RecordBatch::try_new(self.schema(), columns)
    }
}
