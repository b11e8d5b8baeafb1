//! `manifest.json`: what was built, from what, with which settings, and every data file with its
//! row count and checksum. It holds no timestamps or absolute output paths, so rebuilding the same
//! inputs with the same config and version gives the same bytes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, Result};
use crate::io::ingest::SkippedFile;
use crate::io::write::FileEntry;

/// Bumped whenever columns, file names or manifest keys change.
/// 2: documents gained `cluster` and `cluster_size`; new removal reasons.
/// 3: documents gained `encoding`; `invalid_utf8` became `invalid_encoding`; `mojibake`, `too_large`.
/// 4: `croissant.json` beside the card; the config gained `[release]` (name, version, description,
///    license, citation, homepage, date), which the card and `croissant.json` show; `stats.json`
///    gained `boilerplate_top`, the furniture lines removed most often per kind.
/// 5: `build --previous`: the manifest's `previous` (the release built on: its version and
///    manifest SHA-256), `CHANGES.md` and `changes.json` beside the card, removal reason
///    `in_previous` (`--only-new`).
/// 6: documents gained `furniture`: the lines and pieces the cleaning removed, where they were;
///    removed gained `text`, the config `removed_text`, and `stats.json` `scripts`.
pub const FORMAT_VERSION: u32 = 6;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Tool {
    pub fn current() -> Tool {
        Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inputs {
    /// The input paths as given on the command line.
    pub roots: Vec<String>,
    /// Input files read.
    pub count: u64,
    pub bytes: u64,
    /// SHA-256 of the sorted listing, one `path<TAB>bytes` line per file.
    pub listing_sha256: String,
    /// Files that contributed no documents as a whole, with the reason.
    pub skipped: Vec<SkippedFile>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub read: u64,
    pub kept: u64,
    pub removed: BTreeMap<String, u64>,
    pub kept_by_split: BTreeMap<String, u64>,
}

/// What a release records of the one it was built on (`build --previous`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lineage {
    /// The previous release's `[release] version`, when it had one.
    pub version: Option<String>,
    /// SHA-256 of its `manifest.json`.
    pub manifest_sha256: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format_version: u32,
    pub tool: Tool,
    pub config: serde_json::Value,
    pub inputs: Inputs,
    pub counts: Counts,
    pub files: Vec<FileEntry>,
    /// The release this one was built on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<Lineage>,
}

impl Manifest {
    pub fn read(dir: &Path) -> Result<Manifest> {
        let path = dir.join("manifest.json");
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        serde_json::from_str(&text).map_err(|e| Error::BadDataset {
            path,
            message: format!("not a corpusmill manifest: {e}"),
        })
    }

    pub fn removed_total(&self) -> u64 {
        self.counts.removed.values().sum()
    }
}
