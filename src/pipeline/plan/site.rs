//! Where a plan's `WORK` is: a local (or shared) folder, or a prefix in object storage. The
//! tasks work on local files either way: with a remote `WORK`, a task copies the files it reads
//! into a private scratch folder, runs there, copies up the files it wrote, and only then puts
//! its completion marker, so a marker never names files that are not all there.

use std::path::{Path, PathBuf};

use crate::base::error::{Error, Result};
use crate::io::store::{Remote, Scratch, is_remote};

pub(super) enum Site {
    Local(PathBuf),
    Remote { remote: Remote, scratch: Scratch },
}

impl Site {
    pub fn open(work: &Path) -> Result<Site> {
        let text = work.to_string_lossy();
        if !is_remote(&text) {
            return Ok(Site::Local(work.to_path_buf()));
        }
        Ok(Site::Remote {
            remote: Remote::open(&text)?,
            scratch: Scratch::new("work", &text),
        })
    }

    /// The local folder the task reads and writes in.
    pub fn root(&self) -> &Path {
        match self {
            Site::Local(dir) => dir,
            Site::Remote { scratch, .. } => scratch.path(),
        }
    }

    /// The file `rel` of `WORK` (`None` when absent).
    pub fn read(&self, rel: &str) -> Result<Option<Vec<u8>>> {
        match self {
            Site::Local(dir) => {
                let path = dir.join(rel);
                match std::fs::read(&path) {
                    Ok(bytes) => Ok(Some(bytes)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                    Err(e) => Err(Error::io(&path, e)),
                }
            }
            Site::Remote { remote, .. } => remote.read(rel),
        }
    }

    pub fn exists(&self, rel: &str) -> Result<bool> {
        match self {
            Site::Local(dir) => Ok(dir.join(rel).exists()),
            Site::Remote { remote, .. } => remote.exists(rel),
        }
    }

    /// Writes the file `rel` of `WORK` whole or not at all.
    pub fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        match self {
            Site::Local(dir) => super::tasks::write_atomically(&dir.join(rel), &bytes),
            Site::Remote { remote, .. } => remote.write(rel, bytes),
        }
    }

    /// Copies the files `rels` of a remote `WORK` into the task's folder (a local `WORK` is
    /// that folder already). A file that is not there is not copied: the task reports it.
    pub fn fetch(&self, rels: &[String]) -> Result<()> {
        let Site::Remote { remote, scratch } = self else {
            return Ok(());
        };
        for rel in rels {
            if remote.exists(rel)? {
                remote.download(rel, &scratch.path().join(rel))?;
            }
        }
        Ok(())
    }

    /// Copies the files `rels` the task wrote up to a remote `WORK`.
    pub fn publish(&self, rels: &[String]) -> Result<()> {
        let Site::Remote { remote, scratch } = self else {
            return Ok(());
        };
        for rel in rels {
            let path = scratch.path().join(rel);
            if path.exists() {
                remote.upload(&path, rel)?;
            }
        }
        Ok(())
    }
}

/// Publishes the dataset folder `local` at the remote `out`: every file but `manifest.json`,
/// then `manifest.json`, so that the prefix holds a dataset only once it is complete. An older
/// dataset there loses its manifest first and then its files that the new one does not have.
pub(super) fn publish_dataset(local: &Path, out: &Remote) -> Result<()> {
    let mut files = Vec::new();
    collect_files(local, local, &mut files)?;
    out.delete("manifest.json")?;
    let new: std::collections::BTreeSet<&str> = files.iter().map(String::as_str).collect();
    for (rel, _) in out.list()? {
        if !new.contains(rel.as_str()) {
            out.delete(&rel)?;
        }
    }
    for rel in files.iter().filter(|r| r.as_str() != "manifest.json") {
        out.upload(&local.join(rel), rel)?;
    }
    out.upload(&local.join("manifest.json"), "manifest.json")
}

/// Every file below `dir`, as `/`-separated paths relative to `root`, sorted.
pub(super) fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) -> Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .collect::<std::io::Result<_>>()
        .map_err(|e| Error::io(dir, e))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        if path.is_dir() {
            collect_files(root, &path, out)?;
        } else {
            out.push(crate::base::paths::relative_slash(root, &path));
        }
    }
    Ok(())
}
