//! The output folder: built in a temporary folder beside the target and renamed into place only
//! when complete, so a failed or interrupted run never leaves a dataset that looks finished.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::base::config::Config;
use crate::base::doc::Removal;
use crate::base::error::{Error, Result};
use crate::io::ingest::{Inventory, SkippedFile};
use crate::io::write::{DocRow, Encoders, FileEntry, Piece, RowSink, Shards, Slot};
use crate::release::changes::{Changes, render_markdown};
use crate::release::manifest::{self, Lineage, Manifest};
use crate::release::stats::{Furniture, Stats};
use crate::stages::split::Split;

/// Refuses a non-empty target unless overwriting; checked before any work starts.
pub fn check_target(out: &Path, overwrite: bool) -> Result<()> {
    match std::fs::read_dir(out) {
        Ok(mut entries) => {
            if entries.next().is_some() && !overwrite {
                return Err(Error::OutputExists(out.to_path_buf()));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(Error::io(
            out,
            std::io::Error::other("exists and is not a folder"),
        )),
        Err(e) => Err(Error::io(out, e)),
    }
}

/// A folder removed when dropped unless it was committed.
struct TempDir {
    path: PathBuf,
    keep: bool,
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

pub struct Output {
    tmp: TempDir,
    encoders: Encoders,
    shards: BTreeMap<Slot, Shards>,
}

/// `DIR`'s parent and a hidden name beside `DIR` with the given suffix.
pub(crate) fn beside(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "dataset".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.corpusmill-{suffix}"))
}

/// The temporary folder a build of `out` writes into. The lock makes one build per target at a
/// time, so one fixed name suffices, and a folder left by a killed build is found again.
pub fn temp_path(out: &Path) -> PathBuf {
    beside(out, "tmp")
}

/// An exclusive lock on building `out`, held until dropped. The lock file stays beside `out`
/// (removing it would race with a build that just opened it).
pub struct BuildLock {
    _file: std::fs::File,
}

pub fn lock(out: &Path) -> Result<BuildLock> {
    let path = beside(out, "lock");
    if let Some(parent) = path.parent() {
        create_dir(parent)?;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => Ok(BuildLock { _file: file }),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked(out.to_path_buf(), path)),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io(&path, e)),
    }
}

fn create_dir(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))
}

impl Output {
    /// Starts a fresh temporary folder (call with the build lock held).
    pub fn create(out: &Path, config: &Config) -> Result<Output> {
        let path = temp_path(out);
        if path.exists() {
            std::fs::remove_dir_all(&path).map_err(|e| Error::io(&path, e))?;
        }
        let tmp = TempDir { path, keep: false };
        let docs_dir = tmp.path.join("data/documents");
        let sents_dir = tmp.path.join("data/sentences");
        let removed_dir = tmp.path.join("removed");
        for dir in [&docs_dir, &sents_dir, &removed_dir] {
            create_dir(dir)?;
        }
        let limit = config.shard_size_mb.saturating_mul(1 << 20);
        let mut shards = BTreeMap::new();
        for slot in Slot::all() {
            let (dir, prefix) = match slot {
                Slot::Documents(split) => (&docs_dir, split.name()),
                Slot::Sentences(split) => (&sents_dir, split.name()),
                Slot::Removed => (&removed_dir, "removed"),
            };
            shards.insert(slot, Shards::new(dir.clone(), prefix, slot, limit)?);
        }
        Ok(Output {
            encoders: Encoders::new(&tmp.path),
            tmp,
            shards,
        })
    }

    /// Closes every shard, writes the metadata files and renames the folder into place.
    pub fn finish(
        self,
        opts: &Target,
        inventory: &Inventory,
        skipped: Vec<SkippedFile>,
        stats: &Stats,
        furniture: &Furniture,
    ) -> Result<()> {
        let Output {
            mut tmp,
            mut encoders,
            mut shards,
        } = self;
        let root = tmp.path.clone();
        for (slot, piece) in encoders.cut_all_at_once()? {
            append(&mut shards, slot, &piece)?;
        }
        // A dataset with no kept document still gets an empty train shard, so it loads.
        let empty = stats.kept_total() == 0;
        let done: Vec<Result<Vec<FileEntry>>> = shards
            .into_par_iter()
            .map(|(slot, shards)| {
                let always = slot == Slot::Removed || (empty && slot.split() == Some(Split::Train));
                shards.finish(&root, always)
            })
            .collect();
        let mut files = Vec::new();
        for entries in done {
            files.extend(entries?);
        }
        let stats_file = stats.to_file(furniture);
        write_json(&root.join("stats.json"), &stats_file)?;
        let manifest_path = root.join("manifest.json");
        let manifest = build_manifest(opts, inventory, skipped, stats, files, &manifest_path)?;
        write_json(&manifest_path, &manifest)?;
        if let Some((dir, lineage)) = opts.previous {
            write_changes(&root, dir, lineage, opts.config)?;
        }
        // Not the folder's name: the same inputs and settings give the same bytes wherever the
        // dataset is written.
        let name = opts
            .config
            .release
            .name
            .clone()
            .unwrap_or_else(|| "corpusmill dataset".to_string());
        let croissant = crate::release::croissant::render(&manifest, &opts.config.release, &name);
        write_file(&root.join("croissant.json"), croissant.as_bytes())?;
        let card =
            crate::release::card::render(&manifest, &stats_file, &opts.config.release, &name);
        write_file(&root.join("README.md"), card.as_bytes())?;
        write_checksums(&root, &manifest.files)?;
        commit(&root, opts.out, opts.overwrite)?;
        tmp.keep = true;
        Ok(())
    }
}

impl Output {
    /// Ends the rows' batches, before pieces encoded elsewhere are put after them.
    pub fn cut(&mut self) -> Result<()> {
        let Output {
            encoders, shards, ..
        } = self;
        encoders.cut(&mut |slot, piece| append(shards, slot, &piece))
    }

    /// A piece encoded elsewhere (by a planned build's write task), after every row so far.
    pub fn append(&mut self, slot: Slot, piece: &Piece) -> Result<()> {
        append(&mut self.shards, slot, piece)
    }
}

impl RowSink for Output {
    fn push_doc(&mut self, ordinal: u64, split: Split, doc: &DocRow) -> Result<()> {
        let Output {
            encoders, shards, ..
        } = self;
        encoders.push_doc(ordinal, split, doc, &mut |slot, piece| {
            append(shards, slot, &piece)
        })
    }

    fn push_removed(&mut self, ordinal: u64, removal: &Removal) -> Result<()> {
        let Output {
            encoders, shards, ..
        } = self;
        encoders.push_removed(ordinal, removal, &mut |slot, piece| {
            append(shards, slot, &piece)
        })
    }
}

fn append(shards: &mut BTreeMap<Slot, Shards>, slot: Slot, piece: &Piece) -> Result<()> {
    match shards.get_mut(&slot) {
        Some(s) => s.append(piece),
        None => Ok(()),
    }
}

/// What a build was asked for, as its release records it: the input roots and the resolved
/// settings (in the manifest), and where the dataset goes.
pub struct Target<'a> {
    pub inputs: &'a [PathBuf],
    pub config: &'a Config,
    pub out: &'a Path,
    /// Whether an existing dataset folder at `out` may be replaced.
    pub overwrite: bool,
    /// The release this one is built on (`--previous`): its folder and what it says of itself.
    pub previous: Option<(&'a Path, &'a Lineage)>,
}

fn build_manifest(
    opts: &Target,
    inventory: &Inventory,
    skipped: Vec<SkippedFile>,
    stats: &Stats,
    files: Vec<FileEntry>,
    path: &Path,
) -> Result<Manifest> {
    let config = json_value(opts.config, path)?;
    let mut all_skipped = inventory.skipped.clone();
    all_skipped.extend(skipped);
    Ok(Manifest {
        format_version: manifest::FORMAT_VERSION,
        tool: manifest::Tool::current(),
        config,
        inputs: manifest::Inputs {
            roots: opts
                .inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect(),
            count: inventory.files.len() as u64,
            bytes: inventory.total_bytes,
            listing_sha256: inventory.listing_sha256(),
            skipped: all_skipped,
        },
        counts: manifest::Counts {
            read: stats.read,
            kept: stats.kept_total(),
            removed: stats
                .removed_by_reason()
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            kept_by_split: stats
                .kept_by_split()
                .into_iter()
                .map(|(k, v)| (k.name().to_string(), v))
                .collect(),
        },
        files,
        previous: opts.previous.map(|(_, lineage)| lineage.clone()),
    })
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).map_err(|e| Error::io(path, e))
}

/// `value` as JSON for the file at `path`. Our own values fail only through a bug, never
/// through the user's input: [`Error::Json`] is a failure of the run, not a usage error.
fn json_value<T: serde::Serialize>(value: &T, path: &Path) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|cause| Error::json(path, cause))
}

fn write_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(|cause| Error::json(path, cause))?;
    text.push('\n');
    write_file(path, text.as_bytes())
}

/// `CHANGES.md` and `changes.json`: this release against the one it was built on. The two are
/// named by their versions, not their folders, so that the same build gives the same bytes.
fn write_changes(root: &Path, previous: &Path, lineage: &Lineage, config: &Config) -> Result<()> {
    let mut changes = Changes::between(previous, root)?;
    changes.old.dir = lineage
        .version
        .clone()
        .unwrap_or_else(|| "the previous release".into());
    changes.new.dir = config
        .release
        .version
        .clone()
        .unwrap_or_else(|| "this release".into());
    write_file(
        &root.join("CHANGES.md"),
        render_markdown(&changes).as_bytes(),
    )?;
    write_json(&root.join("changes.json"), &changes)
}

/// `SHA256SUMS` in `sha256sum -c` format over every file but itself, sorted by path. The shards'
/// sums come from their manifest entries, taken from the finished files a moment ago.
fn write_checksums(root: &Path, shards: &[FileEntry]) -> Result<()> {
    let known: BTreeMap<&str, &str> = shards
        .iter()
        .map(|f| (f.path.as_str(), f.sha256.as_str()))
        .collect();
    let mut paths = Vec::new();
    crate::base::paths::list_files(root, &mut paths)?;
    paths.sort();
    let mut sums = String::new();
    for rel in paths {
        if rel == "SHA256SUMS" {
            continue;
        }
        let sha = match known.get(rel.as_str()) {
            Some(sha) => sha.to_string(),
            None => crate::base::digest::hash_file(&root.join(&rel))?.1,
        };
        sums.push_str(&format!("{sha}  {rel}\n"));
    }
    write_file(&root.join("SHA256SUMS"), sums.as_bytes())
}

/// Moves the finished folder into place. An existing dataset is swapped out in one atomic step
/// (`renameat2(RENAME_EXCHANGE)`), so at every instant `out` is either the old dataset or the
/// complete new one, even under `kill -9`; the old one is removed afterwards.
fn commit(tmp: &Path, out: &Path, overwrite: bool) -> Result<()> {
    sync_tree(tmp)?;
    if out.exists() {
        let empty = std::fs::read_dir(out)
            .map_err(|e| Error::io(out, e))?
            .next()
            .is_none();
        if !empty && !overwrite {
            return Err(Error::OutputExists(out.to_path_buf()));
        }
        if exchange(tmp, out).map_err(|e| Error::io(out, e))? {
            return std::fs::remove_dir_all(tmp).map_err(|e| Error::io(tmp, e));
        }
        // No atomic exchange on this platform: the old dataset is moved aside first.
        let old = beside(out, "old");
        std::fs::rename(out, &old).map_err(|e| Error::io(out, e))?;
        std::fs::rename(tmp, out).map_err(|e| Error::io(tmp, e))?;
        return std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e));
    }
    std::fs::rename(tmp, out).map_err(|e| Error::io(tmp, e))
}

/// Swaps two paths atomically; `Ok(false)` where the platform cannot.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<bool> {
    use std::os::unix::ffi::OsStrExt;
    let c =
        |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (ca, cb) = (c(a)?, c(b)?);
    // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Flushes every file of the new dataset to disk before it is renamed into place, so a power
/// loss cannot leave a renamed folder with empty files.
fn sync_tree(root: &Path) -> Result<()> {
    let mut files = Vec::new();
    crate::base::paths::list_files(root, &mut files)?;
    for rel in files {
        let path = root.join(rel);
        let file = std::fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
        file.sync_all().map_err(|e| Error::io(&path, e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (issue 24): a value serde could not write became `Error::Config`, and the
    /// binary exited 2 as for a bad flag.
    #[test]
    fn json_failure_exits_as_a_run_failure_not_a_usage_error() {
        // JSON object keys are strings; serde_json refuses tuple keys.
        let not_json = BTreeMap::from([((1u8, 2u8), 3u8)]);
        let err = json_value(&not_json, Path::new("ds/manifest.json")).err();
        assert_eq!(err.as_ref().map(Error::exit_code), Some(1), "{err:?}");
        let message = err.map(|e| e.to_string()).unwrap_or_default();
        assert!(message.starts_with("ds/manifest.json: "), "{message}");
    }
}
