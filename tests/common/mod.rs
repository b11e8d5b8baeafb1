//! Helpers shared by the integration tests: running the binary, temporary folders, and reading
//! a built dataset back.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use arrow_array::cast::AsArray;
use serde_json::Value;

pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_corpusmill"))
}

pub fn run(cmd: &mut Command) -> Output {
    match cmd.output() {
        Ok(out) => out,
        Err(e) => panic!("cannot run corpusmill: {e}"),
    }
}

/// Runs the command and asserts it succeeded, showing its stderr if not.
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = run(cmd);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

pub fn tempdir() -> tempfile::TempDir {
    match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    }
}

pub fn manifest(dir: &Path) -> Value {
    let text = std::fs::read_to_string(dir.join("manifest.json")).unwrap_or_default();
    serde_json::from_str(&text).unwrap_or(Value::Null)
}

/// Every file below `dir` with its bytes, sorted, for byte-identity comparisons.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir)
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                files.push((rel, std::fs::read(&path).unwrap_or_default()));
            }
        }
    }
    files.sort();
    files
}

/// One row of a table: its split (empty for `removed`) and the requested string columns.
pub struct Row {
    pub split: String,
    pub values: Vec<String>,
}

/// The string `columns` of every row of `config` (documents, sentences, removed), in file order.
pub fn rows(dir: &Path, config: &str, columns: &[&str]) -> Vec<Row> {
    let mut out = Vec::new();
    let files = manifest(dir)["files"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for f in files.iter().filter(|f| f["config"] == config) {
        let path = dir.join(f["path"].as_str().unwrap_or_default());
        let split = f["split"].as_str().unwrap_or_default().to_string();
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        let Ok(builder) =
            parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        else {
            continue;
        };
        let Ok(reader) = builder.build() else {
            continue;
        };
        for batch in reader.flatten() {
            let cols: Vec<_> = columns
                .iter()
                .filter_map(|c| batch.column_by_name(c))
                .collect();
            if cols.len() != columns.len() {
                continue;
            }
            for i in 0..batch.num_rows() {
                let values = cols
                    .iter()
                    .map(|c| c.as_string::<i32>().value(i).to_string())
                    .collect();
                out.push(Row {
                    split: split.clone(),
                    values,
                });
            }
        }
    }
    out
}
