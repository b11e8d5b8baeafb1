//! corpusmill turns raw articles into training-ready, reproducible NLP datasets.
//!
//! The `build` pipeline, in order (each stage is its own module; only [`pipeline`] knows the
//! order and the threading):
//! 1. [`ingest`]: find input files (txt, JSONL, Parquet) and stream their documents;
//! 2. [`decode`]: strict UTF-8;
//! 3. [`normalize`]: NFC, whitespace, invisible characters, mixed-script repair;
//! 4. [`boilerplate`]: repeated lines and rule-matched site furniture;
//! 5. [`dedup`]: exact duplicates by SHA-256 of the cleaned text;
//! 6. [`neardup`]: MinHash/LSH near-duplicate clusters;
//! 7. [`segment`]: sentence spans;
//! 8. [`langid`]: sentence and document language labels;
//! 9. filters (`min_chars`, [`quality`], `langs`), then [`split`]: train/validation/test from the
//!    content hash of the document's cluster + seed;
//! 10. [`write`](mod@write) and [`output`]: Parquet shards, manifest, dataset card, stats, checksums.

pub mod boilerplate;
pub mod card;
pub(crate) mod chars;
pub mod checkpoint;
pub mod cli;
pub mod config;
pub mod decode;
pub mod dedup;
pub mod doc;
pub mod error;
pub mod ingest;
pub mod interrupt;
pub mod langid;
pub mod manifest;
pub mod neardup;
pub mod normalize;
pub mod output;
pub mod pipeline;
mod progress;
pub mod quality;
pub mod segment;
pub mod split;
pub mod spool;
pub mod stats;
pub mod timing;
pub(crate) mod translit;
pub mod verify;
pub mod write;

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

pub use error::{Error, Result};

/// Lower-case hex of a byte string.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// Size and SHA-256 of a file, streamed.
pub fn hash_file(path: &Path) -> Result<(u64, String)> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((total, hex(&hasher.finalize())))
}

/// `path` relative to `root`, `/`-separated, as written in the manifest and checksums.
pub fn relative_slash(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every regular file below `root`, as relative `/`-separated paths.
pub fn list_files(root: &Path, out: &mut Vec<String>) -> Result<()> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
        for entry in std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))? {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
            if kind.is_dir() {
                walk(root, &path, out)?;
            } else {
                out.push(relative_slash(root, &path));
            }
        }
        Ok(())
    }
    walk(root, root, out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_is_lowercase_pairs() {
        assert_eq!(super::hex(&[0, 15, 255]), "000fff");
    }
}
