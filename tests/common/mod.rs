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

/// Reading a built dataset back must not hide a missing or unreadable file: a helper that
/// returned nothing would let an assertion over "every row" check no row at all. Every failure
/// panics naming the path.
fn fail(path: &Path, what: impl std::fmt::Display) -> ! {
    panic!("{}: {what}", path.display())
}

pub fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| fail(path, e))
}

pub fn manifest(dir: &Path) -> Value {
    let path = dir.join("manifest.json");
    serde_json::from_slice(&read(&path)).unwrap_or_else(|e| fail(&path, e))
}

/// Every file below `dir` with its bytes, sorted, for byte-identity comparisons.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| fail(&d, e));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| fail(&d, e)).path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap_or_else(|e| fail(&path, e));
                files.push((rel.display().to_string(), read(&path)));
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
    let manifest = manifest(dir);
    let Some(files) = manifest["files"].as_array() else {
        fail(&dir.join("manifest.json"), "no `files` list")
    };
    for f in files.iter().filter(|f| f["config"] == config) {
        let Some(rel) = f["path"].as_str() else {
            fail(
                &dir.join("manifest.json"),
                format!("a file without a path: {f}"),
            )
        };
        let split = f["split"].as_str().unwrap_or_default().to_string();
        for values in table_rows(&dir.join(rel), columns) {
            out.push(Row {
                split: split.clone(),
                values,
            });
        }
    }
    out
}

/// The string `columns` of every row of one Parquet file.
fn table_rows(path: &Path, columns: &[&str]) -> Vec<Vec<String>> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| fail(path, e));
    let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
        .and_then(|b| b.build())
        .unwrap_or_else(|e| fail(path, e));
    let mut out = Vec::new();
    for batch in reader {
        let batch = batch.unwrap_or_else(|e| fail(path, e));
        let cols: Vec<_> = columns
            .iter()
            .map(|c| {
                batch
                    .column_by_name(c)
                    .and_then(|col| col.as_string_opt::<i32>())
                    .unwrap_or_else(|| fail(path, format!("no string column `{c}`")))
            })
            .collect();
        for i in 0..batch.num_rows() {
            out.push(cols.iter().map(|c| c.value(i).to_string()).collect());
        }
    }
    out
}
