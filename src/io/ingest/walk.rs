//! Finding input files: a sorted, recursive walk that never follows symlinked folders (they can
//! loop or escape the given roots) and records every file it does not read.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::base::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Compression {
    None,
    Gzip,
    Zstd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputKind {
    Txt,
    Jsonl(Compression),
    Parquet,
}

impl InputKind {
    pub fn of(name: &str) -> Option<InputKind> {
        let name = name.to_ascii_lowercase();
        let kinds = [
            (".txt", InputKind::Txt),
            (".jsonl", InputKind::Jsonl(Compression::None)),
            (".jsonl.gz", InputKind::Jsonl(Compression::Gzip)),
            (".jsonl.zst", InputKind::Jsonl(Compression::Zstd)),
            (".parquet", InputKind::Parquet),
        ];
        kinds
            .into_iter()
            .find(|(ext, _)| name.len() > ext.len() && name.ends_with(ext))
            .map(|(_, kind)| kind)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InputFile {
    pub path: PathBuf,
    /// Path relative to its input root, `/`-separated.
    pub display: String,
    pub kind: InputKind,
    /// The file's size, or the piece's when `piece` is set.
    pub bytes: u64,
    /// Only this piece of a plain or seekable zstd JSONL file: a planned build deals a large one
    /// to several tasks in pieces.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub piece: Option<Piece>,
}

/// Bytes `start..end` of a plain JSONL file, or of the text of a seekable zstd one, cut at
/// line starts, and the number of lines before `start` (so that line numbers, and the
/// `path:line` sources, run on as in the whole file).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub start: u64,
    pub end: u64,
    pub lines_before: u64,
    /// Where a piece of a seekable zstd file starts reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frame: Option<Frame>,
}

/// The zstd frame that holds a piece's start: its offset in the file and in the text, and
/// about how many bytes of the file the piece spans (what shares are balanced by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    pub at: u64,
    pub from: u64,
    pub bytes: u64,
}

impl Piece {
    /// Bytes of the file the piece spans.
    pub fn bytes(&self) -> u64 {
        match self.frame {
            Some(frame) => frame.bytes,
            None => self.end - self.start,
        }
    }
}

impl InputFile {
    /// About how many bytes of text the file holds: its size, or four times that when it is
    /// compressed (gzip, zstd, Parquet), as news text compresses.
    pub fn text_bytes(&self) -> u64 {
        match self.kind {
            InputKind::Txt | InputKind::Jsonl(Compression::None) => self.bytes,
            _ => self.bytes.saturating_mul(4),
        }
    }
}

/// A file that contributed no documents as a whole, with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedFile {
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Inventory {
    pub files: Vec<InputFile>,
    pub skipped: Vec<SkippedFile>,
    pub total_bytes: u64,
}

impl Inventory {
    /// SHA-256 of the sorted listing (`path<TAB>bytes` per line): identifies the input set in the
    /// manifest without hashing terabytes twice.
    pub fn listing_sha256(&self) -> String {
        let mut hasher = Sha256::new();
        for file in &self.files {
            hasher.update(format!("{}\t{}\n", file.display, file.bytes));
        }
        crate::base::digest::hex(&hasher.finalize())
    }
}

/// Walks every input in the order given, each folder in sorted order.
pub fn discover(inputs: &[PathBuf]) -> Result<Inventory> {
    let mut inventory = Inventory::default();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Error::MissingInput(input.clone()),
            _ => Error::io(input, e),
        })?;
        let root = super::root_of(input);
        if meta.is_dir() {
            walk_dir(&root, input, &mut inventory);
        } else {
            add_file(&root, input, meta.len(), &mut inventory);
        }
    }
    inventory.total_bytes = inventory.files.iter().map(|f| f.bytes).sum();
    Ok(inventory)
}

/// Sorted entries of one folder, or the reason it cannot be listed.
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<std::fs::DirEntry>> {
    let mut entries = std::fs::read_dir(dir)?.collect::<std::io::Result<Vec<_>>>()?;
    entries.sort_by_key(|e| e.file_name());
    Ok(entries)
}

/// Depth-first, in sorted order, with an explicit stack: folder depth is input-controlled and
/// must not be able to overflow the call stack.
fn walk_dir(root: &Path, dir: &Path, inventory: &mut Inventory) {
    let canonical_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut stack: Vec<std::vec::IntoIter<std::fs::DirEntry>> = Vec::new();
    match sorted_entries(dir) {
        Ok(entries) => stack.push(entries.into_iter()),
        Err(e) => skip(root, dir, format!("cannot list folder: {e}"), inventory),
    }
    while let Some(top) = stack.last_mut() {
        let Some(entry) = top.next() else {
            stack.pop();
            continue;
        };
        let path = entry.path();
        match entry.file_type() {
            Err(e) => skip(root, &path, format!("cannot stat: {e}"), inventory),
            Ok(t) if t.is_dir() => match sorted_entries(&path) {
                Ok(entries) => stack.push(entries.into_iter()),
                Err(e) => skip(root, &path, format!("cannot list folder: {e}"), inventory),
            },
            Ok(t) if t.is_symlink() => add_symlink(root, &canonical_root, &path, inventory),
            Ok(t) if t.is_file() => {
                let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                add_file(root, &path, len, inventory);
            }
            Ok(_) => skip(root, &path, "not a regular file".into(), inventory),
        }
    }
}

/// Symlinked folders are never followed (they can loop); symlinked files are read only when they
/// stay inside the input root.
fn add_symlink(root: &Path, canonical_root: &Path, path: &Path, inventory: &mut Inventory) {
    let target = match std::fs::canonicalize(path) {
        Ok(t) => t,
        Err(e) => return skip(root, path, format!("broken symlink: {e}"), inventory),
    };
    if !target.starts_with(canonical_root) {
        return skip(
            root,
            path,
            "symlink points outside the input root".into(),
            inventory,
        );
    }
    match std::fs::metadata(&target) {
        Ok(m) if m.is_file() => add_file(root, path, m.len(), inventory),
        Ok(_) => skip(
            root,
            path,
            "symlinked folder not followed".into(),
            inventory,
        ),
        Err(e) => skip(root, path, format!("broken symlink: {e}"), inventory),
    }
}

fn add_file(root: &Path, path: &Path, bytes: u64, inventory: &mut Inventory) {
    let display = super::display_path(root, path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    match InputKind::of(&name) {
        Some(kind) => inventory.files.push(InputFile {
            path: path.to_path_buf(),
            display,
            kind,
            bytes,
            piece: None,
        }),
        None => inventory.skipped.push(SkippedFile {
            path: display,
            reason: "unsupported file type".into(),
        }),
    }
}

fn skip(root: &Path, path: &Path, reason: String, inventory: &mut Inventory) {
    inventory.skipped.push(SkippedFile {
        path: super::display_path(root, path),
        reason,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_by_extension() {
        assert_eq!(InputKind::of("a.TXT"), Some(InputKind::Txt));
        assert_eq!(
            InputKind::of("a.jsonl.zst"),
            Some(InputKind::Jsonl(Compression::Zstd))
        );
        assert_eq!(
            InputKind::of("a.jsonl.gz"),
            Some(InputKind::Jsonl(Compression::Gzip))
        );
        assert_eq!(InputKind::of("a.json"), None);
        assert_eq!(InputKind::of(".txt"), None);
    }

    #[test]
    fn walk_is_sorted_and_records_skips() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("b"))?;
        std::fs::write(dir.path().join("b/2.txt"), "x")?;
        std::fs::write(dir.path().join("a.jsonl"), "{}")?;
        std::fs::write(dir.path().join("c.png"), "x")?;
        std::fs::write(dir.path().join("b/1.txt"), "x")?;
        let inv = discover(&[dir.path().to_path_buf()]).map_err(std::io::Error::other)?;
        let names: Vec<_> = inv.files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(names, ["a.jsonl", "b/1.txt", "b/2.txt"]);
        assert_eq!(inv.skipped.len(), 1);
        assert_eq!(inv.skipped[0].path, "c.png");
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_and_escapes_are_not_followed() -> std::io::Result<()> {
        let outside = tempfile::tempdir()?;
        std::fs::write(outside.path().join("secret.txt"), "x")?;
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("a"))?;
        std::fs::write(dir.path().join("a/doc.txt"), "x")?;
        std::os::unix::fs::symlink(dir.path(), dir.path().join("a/loop"))?;
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            dir.path().join("escape.txt"),
        )?;
        std::os::unix::fs::symlink(dir.path().join("a/doc.txt"), dir.path().join("inside.txt"))?;
        let inv = discover(&[dir.path().to_path_buf()]).map_err(std::io::Error::other)?;
        let files: Vec<_> = inv.files.iter().map(|f| f.display.as_str()).collect();
        assert_eq!(files, ["a/doc.txt", "inside.txt"]);
        let reasons: Vec<_> = inv
            .skipped
            .iter()
            .map(|s| (s.path.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                ("a/loop", "symlinked folder not followed"),
                ("escape.txt", "symlink points outside the input root")
            ]
        );
        Ok(())
    }

    #[test]
    fn very_deep_folders_do_not_overflow_the_stack() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let mut path = dir.path().to_path_buf();
        for _ in 0..300 {
            path.push("d");
        }
        std::fs::create_dir_all(&path)?;
        std::fs::write(path.join("deep.txt"), "x")?;
        let inv = discover(&[dir.path().to_path_buf()]).map_err(std::io::Error::other)?;
        assert_eq!(inv.files.len(), 1);
        Ok(())
    }

    #[test]
    fn missing_input_is_a_usage_error() {
        let err = discover(&[PathBuf::from("/no/such/corpus")]).err();
        assert!(matches!(err, Some(Error::MissingInput(_))));
    }
}
