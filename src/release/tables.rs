//! Reading a built dataset's Parquet tables back, for `sample` and `report`: record batches of
//! the columns asked for, with every error naming the file.

use std::fs::File;
use std::path::Path;

use arrow_array::RecordBatch;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::base::error::{Error, Result};

/// The record batches of one Parquet file: only `columns` (top-level names) when given, else
/// all of them.
pub fn batches(
    path: &Path,
    columns: Option<&[&str]>,
) -> Result<impl Iterator<Item = Result<RecordBatch>> + use<>> {
    let file = File::open(path).map_err(|e| Error::io(path, e))?;
    let mut builder = ParquetRecordBatchReaderBuilder::try_new(file).map_err(|e| bad(path, e))?;
    if let Some(columns) = columns {
        let roots: Vec<usize> = builder
            .schema()
            .fields()
            .iter()
            .enumerate()
            .filter(|(_, f)| columns.contains(&f.name().as_str()))
            .map(|(i, _)| i)
            .collect();
        let mask = ProjectionMask::roots(builder.parquet_schema(), roots);
        builder = builder.with_projection(mask);
    }
    let reader = builder.build().map_err(|e| bad(path, e))?;
    let path = path.to_path_buf();
    Ok(reader.map(move |b| b.map_err(|e| bad(&path, e))))
}

fn bad(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::BadDataset {
        path: path.to_path_buf(),
        message: format!("not readable Parquet: {e}"),
    }
}
