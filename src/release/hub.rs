//! `corpusmill verify --hub`: what the Hugging Face Hub enforces or recommends for a dataset
//! repository, checked on the folder with no network: entries per folder, file sizes, the row
//! groups its dataset viewer can read, and `configs` globs in the card that match the files.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;

use parquet::file::reader::{FileReader, SerializedFileReader};

use crate::base::error::{Error, Result};
use crate::release::manifest::Manifest;

/// The Hub's recommendations (repository limitations): fewer than 10,000 entries per folder,
/// files under 20 GB (50 GB is the hard limit), and the dataset viewer reads row groups of up
/// to 286.1 MiB uncompressed (300,000,000 bytes).
const MAX_ENTRIES_PER_FOLDER: usize = 10_000;
const MAX_FILE_BYTES: u64 = 20_000_000_000;
const HARD_FILE_BYTES: u64 = 50_000_000_000;
const MAX_VIEWER_ROW_GROUP_BYTES: i64 = 300_000_000;

/// One finding: `fail` for what the Hub refuses or breaks on, else a recommendation missed.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Finding {
    pub fail: bool,
    pub message: String,
}

/// Every check, with its findings; an empty list passed.
pub fn check(dir: &Path) -> Result<Vec<(&'static str, Vec<Finding>)>> {
    let manifest = Manifest::read(dir)?;
    Ok(vec![
        ("entries per folder", folders(&manifest)),
        ("file sizes", sizes(&manifest)),
        ("viewer row groups", row_groups(dir, &manifest)?),
        ("card configs", card_configs(dir, &manifest)?),
    ])
}

fn fail(message: String) -> Finding {
    Finding {
        fail: true,
        message,
    }
}

fn warn(message: String) -> Finding {
    Finding {
        fail: false,
        message,
    }
}

fn folders(manifest: &Manifest) -> Vec<Finding> {
    let mut entries: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &manifest.files {
        let folder = f.path.rsplit_once('/').map_or("", |(d, _)| d);
        *entries.entry(folder).or_default() += 1;
    }
    entries
        .into_iter()
        .filter(|(_, n)| *n >= MAX_ENTRIES_PER_FOLDER)
        .map(|(d, n)| {
            warn(format!(
                "{d}/ holds {n} files; the Hub recommends fewer than {MAX_ENTRIES_PER_FOLDER} per \
                 folder (raise shard_size_mb)"
            ))
        })
        .collect()
}

fn sizes(manifest: &Manifest) -> Vec<Finding> {
    let mut out = Vec::new();
    for f in &manifest.files {
        if f.bytes > HARD_FILE_BYTES {
            out.push(fail(format!(
                "{}: {} bytes, over the Hub's 50 GB limit per file",
                f.path, f.bytes
            )));
        } else if f.bytes > MAX_FILE_BYTES {
            out.push(warn(format!(
                "{}: {} bytes; the Hub recommends files under 20 GB",
                f.path, f.bytes
            )));
        }
    }
    out
}

fn row_groups(dir: &Path, manifest: &Manifest) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    for f in &manifest.files {
        let path = dir.join(&f.path);
        let file = File::open(&path).map_err(|e| Error::io(&path, e))?;
        let reader = SerializedFileReader::new(file).map_err(|e| Error::BadDataset {
            path: path.clone(),
            message: format!("not readable Parquet: {e}"),
        })?;
        for (i, rg) in reader.metadata().row_groups().iter().enumerate() {
            if rg.total_byte_size() > MAX_VIEWER_ROW_GROUP_BYTES {
                out.push(fail(format!(
                    "{}: row group {i} holds {} bytes uncompressed; the dataset viewer reads at \
                     most {MAX_VIEWER_ROW_GROUP_BYTES}",
                    f.path,
                    rg.total_byte_size()
                )));
            }
        }
    }
    Ok(out)
}

/// The `path:` globs of the card's `configs`, each matching at least one file, and every
/// documents and sentences shard matched by one.
fn card_configs(dir: &Path, manifest: &Manifest) -> Result<Vec<Finding>> {
    let path = dir.join("README.md");
    let card = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    let globs = config_globs(&card);
    let mut out = Vec::new();
    if globs.is_empty() {
        out.push(fail("README.md: no `configs` with data_files paths".into()));
    }
    for g in &globs {
        if !manifest.files.iter().any(|f| glob_match(g, &f.path)) {
            out.push(fail(format!(
                "README.md: config path `{g}` matches no file"
            )));
        }
    }
    let tables = manifest
        .files
        .iter()
        .filter(|f| f.config == "documents" || f.config == "sentences");
    for f in tables {
        if !globs.iter().any(|g| glob_match(g, &f.path)) {
            out.push(fail(format!(
                "{}: matched by no config path in README.md",
                f.path
            )));
        }
    }
    Ok(out)
}

/// The values of the `path:` keys in the card's YAML front matter (quoted or not).
fn config_globs(card: &str) -> Vec<String> {
    let front = card
        .strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or("", |(front, _)| front);
    front
        .lines()
        .filter_map(|l| l.trim().strip_prefix("path:"))
        .map(|v| v.trim().trim_matches('"').to_string())
        .collect()
}

/// `*` matches any run of characters but `/`; everything else matches itself.
fn glob_match(glob: &str, path: &str) -> bool {
    match glob.split_once('*') {
        None => glob == path,
        Some((head, rest)) => {
            let Some(tail) = path.strip_prefix(head) else {
                return false;
            };
            (0..=tail.len())
                .filter(|&i| tail.is_char_boundary(i) && !tail[..i].contains('/'))
                .any(|i| glob_match(rest, &tail[i..]))
        }
    }
}

/// How to upload the folder with the Hub's own command line.
pub fn upload_hint(dir: &Path) -> String {
    format!(
        "upload with the Hub's CLI (pip install -U huggingface_hub; hf auth login):\n  \
         hf upload-large-folder YOUR_NAME/DATASET_NAME {} --repo-type=dataset",
        dir.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_within_a_folder() {
        assert!(glob_match(
            "data/documents/train-*.parquet",
            "data/documents/train-00000-of-00001.parquet"
        ));
        assert!(!glob_match(
            "data/documents/train-*.parquet",
            "data/documents/test-00000-of-00001.parquet"
        ));
        assert!(!glob_match("data/*.parquet", "data/documents/x.parquet"));
        assert!(glob_match("README.md", "README.md"));
    }

    #[test]
    fn card_paths_are_read_quoted_or_not() {
        let card = "---\nconfigs:\n- config_name: \"documents\"\n  data_files:\n  - split: \"train\"\n    path: \"data/documents/train-*.parquet\"\n  - split: test\n    path: data/documents/test-*.parquet\n---\n\n# x\npath: not/this\n";
        assert_eq!(
            config_globs(card),
            [
                "data/documents/train-*.parquet",
                "data/documents/test-*.parquet"
            ]
        );
    }
}
