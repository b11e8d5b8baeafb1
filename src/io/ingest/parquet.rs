//! Parquet reader, to re-process existing corpora: one row per document, text in the configured
//! column; `id`, `url`, `title`, `date` are passed through when present.

use std::fs::File;

use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type, UInt64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};

use super::Fields;
use super::walk::InputFile;
use crate::base::doc::{DropReason, Origin, Payload, RawDoc};

pub struct ParquetReader {
    batches: ParquetRecordBatchReader,
    display: String,
    fields: Fields,
    batch: Option<RecordBatch>,
    row_in_batch: usize,
    row: u64,
    done: bool,
}

pub fn open(file: &InputFile, fields: Fields) -> Result<ParquetReader, String> {
    let raw = File::open(&file.path).map_err(|e| format!("cannot open: {e}"))?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(raw)
        .map_err(|e| format!("not a readable Parquet file: {e}"))?;
    let schema = builder.schema().clone();
    let text_type = schema
        .field_with_name(&fields.text)
        .map(|f| f.data_type().clone())
        .map_err(|_| format!("no column `{}`", fields.text))?;
    if !is_string(&text_type) {
        return Err(format!(
            "column `{}` is {text_type}, not a string",
            fields.text
        ));
    }
    let wanted = [
        fields.text.as_str(),
        fields.id.as_str(),
        "url",
        "title",
        "date",
    ];
    let roots: Vec<usize> = (0..schema.fields().len())
        .filter(|&i| wanted.contains(&schema.field(i).name().as_str()))
        .collect();
    let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
    let batches = builder
        .with_projection(mask)
        .with_batch_size(1024)
        .build()
        .map_err(|e| format!("cannot read: {e}"))?;
    Ok(ParquetReader {
        batches,
        display: file.display.clone(),
        fields,
        batch: None,
        row_in_batch: 0,
        row: 0,
        done: false,
    })
}

fn is_string(t: &DataType) -> bool {
    matches!(t, DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View)
}

/// One cell as text; ids may be integers in existing corpora.
fn cell(array: &ArrayRef, row: usize) -> Option<String> {
    if array.is_null(row) {
        return None;
    }
    match array.data_type() {
        DataType::Utf8 => Some(array.as_string::<i32>().value(row).to_string()),
        DataType::LargeUtf8 => Some(array.as_string::<i64>().value(row).to_string()),
        DataType::Utf8View => Some(array.as_string_view().value(row).to_string()),
        DataType::Int64 => Some(array.as_primitive::<Int64Type>().value(row).to_string()),
        DataType::Int32 => Some(array.as_primitive::<Int32Type>().value(row).to_string()),
        DataType::UInt64 => Some(array.as_primitive::<UInt64Type>().value(row).to_string()),
        _ => None,
    }
}

impl ParquetReader {
    fn doc_at(&self, batch: &RecordBatch, i: usize) -> RawDoc {
        let source = format!("{}:{}", self.display, self.row);
        let column = |name: &str| batch.column_by_name(name).and_then(|a| cell(a, i));
        let origin = Origin {
            id: column(&self.fields.id).unwrap_or_else(|| source.clone()),
            source,
            url: column("url"),
            title: column("title"),
            date: column("date"),
            ..Origin::default()
        };
        let limit = self.fields.max_doc_bytes;
        let payload = match column(&self.fields.text) {
            Some(text) if text.len() as u64 > limit => Payload::Unreadable(
                DropReason::TooLarge,
                format!("{} bytes, more than max_doc_bytes {limit}", text.len()),
            ),
            Some(text) => Payload::Text(text),
            None => Payload::Unreadable(
                DropReason::MissingText,
                format!("`{}` is null", self.fields.text),
            ),
        };
        RawDoc { origin, payload }
    }
}

impl Iterator for ParquetReader {
    type Item = RawDoc;

    fn next(&mut self) -> Option<RawDoc> {
        loop {
            if let Some(batch) = &self.batch
                && self.row_in_batch < batch.num_rows()
            {
                let doc = self.doc_at(batch, self.row_in_batch);
                self.row_in_batch += 1;
                self.row += 1;
                return Some(doc);
            }
            if self.done {
                return None;
            }
            match self.batches.next() {
                None => self.done = true,
                Some(Ok(batch)) => {
                    self.batch = Some(batch);
                    self.row_in_batch = 0;
                }
                Some(Err(e)) => {
                    self.done = true;
                    self.batch = None;
                    let source = format!("{}:{}", self.display, self.row);
                    let origin = Origin {
                        id: source.clone(),
                        source,
                        ..Origin::default()
                    };
                    let detail = format!("read error, rest of file lost: {e}");
                    return Some(RawDoc {
                        origin,
                        payload: Payload::Unreadable(DropReason::Unreadable, detail),
                    });
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{Int64Array, StringArray};
    use arrow_schema::{Field, Schema};

    use super::*;
    use crate::io::ingest::walk::InputKind;

    fn write(path: &std::path::Path, name: &str, column: ArrayRef) -> std::io::Result<()> {
        let schema = Arc::new(Schema::new(vec![Field::new(
            name,
            column.data_type().clone(),
            true,
        )]));
        let batch =
            RecordBatch::try_new(schema.clone(), vec![column]).map_err(std::io::Error::other)?;
        let file = File::create(path)?;
        let mut writer = parquet::arrow::ArrowWriter::try_new(file, schema, None)
            .map_err(std::io::Error::other)?;
        writer.write(&batch).map_err(std::io::Error::other)?;
        writer.close().map_err(std::io::Error::other)?;
        Ok(())
    }

    fn open_file(path: std::path::PathBuf) -> Result<Vec<RawDoc>, String> {
        let file = InputFile {
            path,
            display: "x.parquet".into(),
            kind: InputKind::Parquet,
            bytes: 0,
            piece: None,
        };
        let fields = Fields {
            text: "text".into(),
            id: "id".into(),
            max_doc_bytes: 1 << 20,
            max_expansion: 200,
        };
        open(&file, fields).map(Iterator::collect)
    }

    #[test]
    fn wrong_schema_is_a_skipped_file_not_a_crash() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let no_text = dir.path().join("a.parquet");
        write(&no_text, "body", Arc::new(StringArray::from(vec!["x"])))?;
        assert_eq!(
            open_file(no_text).err().as_deref(),
            Some("no column `text`")
        );
        let numeric = dir.path().join("b.parquet");
        write(&numeric, "text", Arc::new(Int64Array::from(vec![1])))?;
        assert!(open_file(numeric).is_err_and(|e| e.contains("not a string")));
        Ok(())
    }

    #[test]
    fn null_text_is_a_record() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("c.parquet");
        write(
            &path,
            "text",
            Arc::new(StringArray::from(vec![Some("Сәлем"), None])),
        )?;
        let docs = open_file(path).map_err(std::io::Error::other)?;
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].payload, Payload::Text("Сәлем".into()));
        assert!(matches!(
            docs[1].payload,
            Payload::Unreadable(DropReason::MissingText, _)
        ));
        assert_eq!(docs[1].origin.id, "x.parquet:1");
        Ok(())
    }
}
