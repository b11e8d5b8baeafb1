//! Input discovery and readers. Inputs are files or folders, walked recursively in sorted order so
//! the document order (and so "first copy wins" in dedup) never depends on the file system.
//! Each file kind has a reader that yields [`RawDoc`]s one at a time: nothing holds a whole corpus.

mod jsonl;
mod parquet;
mod seekable;
mod walk;

use std::path::{Path, PathBuf};

use crate::base::doc::{DropReason, Origin, Payload, RawDoc};
use crate::base::error::Result;

pub use seekable::SeekTable;
#[cfg(test)]
pub use seekable::write_seekable;
pub use walk::{Compression, Frame, InputFile, InputKind, Inventory, Piece, SkippedFile, discover};

/// What the readers look for and how much they accept.
#[derive(Debug, Clone)]
pub struct Fields {
    /// JSONL/Parquet field with the text.
    pub text: String,
    /// JSONL/Parquet field with the id.
    pub id: String,
    /// Larger documents become `too_large` records without being held in memory.
    pub max_doc_bytes: u64,
    /// Decompressed bytes allowed per compressed byte (above 1 GiB).
    pub max_expansion: u64,
}

/// Streams the documents of every input file in order. Whole-file failures (a corrupt archive,
/// an unreadable Parquet footer) are reported through `on_skip` and the stream moves on.
pub struct DocStream<'a> {
    files: std::slice::Iter<'a, InputFile>,
    fields: Fields,
    current: Option<Box<dyn Iterator<Item = RawDoc> + Send + 'a>>,
    /// Size of the file `current` reads, counted into `bytes_done` when it ends.
    current_bytes: u64,
    bytes_done: u64,
    total_bytes: u64,
    next_ordinal: u64,
    skipped: Vec<SkippedFile>,
}

impl<'a> DocStream<'a> {
    pub fn new(files: &'a [InputFile], fields: Fields) -> Self {
        DocStream {
            files: files.iter(),
            fields,
            current: None,
            current_bytes: 0,
            bytes_done: 0,
            total_bytes: files.iter().map(|f| f.bytes).sum(),
            next_ordinal: 0,
            skipped: Vec::new(),
        }
    }

    /// Size of all the input files, as listed.
    pub fn total_bytes(&self) -> u64 {
        self.total_bytes
    }

    /// Size of the input files read to their end (or given up) so far. Counted per whole file:
    /// how far a reader is inside a compressed or Parquet file has no byte count to report.
    pub fn bytes_done(&self) -> u64 {
        self.bytes_done
    }

    /// The next `.txt` files, up to `max`, when the stream stands between two files. Each is
    /// one document read whole, so the caller may read them in any order, in parallel, with
    /// [`read_txt`], and number them with [`DocStream::number`] in the order given here.
    /// Empty when the next file is of another kind or one is being read: [`Iterator::next`]
    /// goes on from there.
    pub fn txt_run(&mut self, max: usize) -> &'a [InputFile] {
        if self.current.is_some() {
            return &[];
        }
        self.bytes_done += std::mem::take(&mut self.current_bytes);
        let rest = self.files.as_slice();
        let n = rest
            .iter()
            .take(max)
            .take_while(|f| f.kind == InputKind::Txt)
            .count();
        let (run, after) = rest.split_at(n);
        self.files = after.iter();
        self.bytes_done += run.iter().map(|f| f.bytes).sum::<u64>();
        run
    }

    /// Gives `doc`, read from a file of [`DocStream::txt_run`], its place in the stream.
    pub fn number(&mut self, doc: &mut RawDoc) {
        doc.origin.ordinal = self.next_ordinal;
        self.next_ordinal += 1;
    }

    /// The size above which a document is not read.
    pub fn max_doc_bytes(&self) -> u64 {
        self.fields.max_doc_bytes
    }

    /// Files that failed as a whole while streaming, in input order.
    pub fn take_skipped(&mut self) -> Vec<SkippedFile> {
        std::mem::take(&mut self.skipped)
    }

    fn open(
        &mut self,
        file: &'a InputFile,
    ) -> Option<Box<dyn Iterator<Item = RawDoc> + Send + 'a>> {
        let opened: Result<Box<dyn Iterator<Item = RawDoc> + Send + 'a>, String> = match file.kind {
            InputKind::Txt => Ok(Box::new(std::iter::once(read_txt(
                file,
                self.fields.max_doc_bytes,
            )))),
            InputKind::Jsonl(compression) => jsonl::open(file, compression, self.fields.clone())
                .map(|r| Box::new(r) as Box<dyn Iterator<Item = RawDoc> + Send>),
            InputKind::Parquet => parquet::open(file, self.fields.clone())
                .map(|r| Box::new(r) as Box<dyn Iterator<Item = RawDoc> + Send>),
        };
        match opened {
            Ok(iter) => Some(iter),
            Err(reason) => {
                self.skipped.push(SkippedFile {
                    path: file.display.clone(),
                    reason,
                });
                None
            }
        }
    }
}

impl Iterator for DocStream<'_> {
    type Item = RawDoc;

    fn next(&mut self) -> Option<RawDoc> {
        loop {
            if let Some(iter) = self.current.as_mut() {
                if let Some(mut doc) = iter.next() {
                    doc.origin.ordinal = self.next_ordinal;
                    self.next_ordinal += 1;
                    return Some(doc);
                }
                self.current = None;
            }
            self.bytes_done += std::mem::take(&mut self.current_bytes);
            let file = self.files.next()?;
            self.current_bytes = file.bytes;
            self.current = self.open(file);
        }
    }
}

/// A `.txt` file is one document; its id is its relative path without the extension. The size
/// is checked before reading, so a huge file costs nothing.
pub fn read_txt(file: &InputFile, max_bytes: u64) -> RawDoc {
    use std::io::Read;
    let origin = Origin {
        id: strip_extension(&file.display).to_string(),
        source: file.display.clone(),
        ..Origin::default()
    };
    let too_large = |size: u64| {
        Payload::Unreadable(
            DropReason::TooLarge,
            format!("{size} bytes, more than max_doc_bytes {max_bytes}"),
        )
    };
    let payload = match std::fs::File::open(&file.path) {
        Err(e) => Payload::Unreadable(DropReason::Unreadable, e.to_string()),
        Ok(f) => {
            // Read one byte past the limit: the file may have grown since it was listed. Sized
            // by the listing, a small file takes one read and one more that finds its end,
            // instead of a probe and a read per doubling of the buffer.
            let hint = file.bytes.min(max_bytes).saturating_add(1);
            let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
            match f.take(max_bytes + 1).read_to_end(&mut bytes) {
                Err(e) => Payload::Unreadable(DropReason::Unreadable, e.to_string()),
                Ok(n) if n as u64 > max_bytes => too_large(file.bytes.max(n as u64)),
                Ok(_) => Payload::Bytes(bytes),
            }
        }
    };
    RawDoc { origin, payload }
}

fn strip_extension(display: &str) -> &str {
    let name_start = display.rfind('/').map_or(0, |i| i + 1);
    match display[name_start..].rfind('.') {
        Some(dot) if dot > 0 => &display[..name_start + dot],
        _ => display,
    }
}

/// The path shown to users and written into ids: relative to the input root, `/`-separated.
pub(crate) fn display_path(root: &Path, path: &Path) -> String {
    match crate::base::paths::relative_slash(root, path) {
        // The input was a file: its name stands for it.
        rel if rel.is_empty() => path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        rel => rel,
    }
}

/// Absolute inputs roots are kept as given; this only resolves `PathBuf` for error messages.
pub(crate) fn root_of(input: &Path) -> PathBuf {
    if input.is_dir() {
        input.to_path_buf()
    } else {
        input.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_drop_only_the_last_extension() {
        assert_eq!(strip_extension("kk/2024/news.01.txt"), "kk/2024/news.01");
        assert_eq!(strip_extension("kk/.hidden"), "kk/.hidden");
        assert_eq!(strip_extension("noext"), "noext");
    }

    #[test]
    fn display_paths_are_relative_and_slashed() {
        let root = Path::new("/data/in");
        assert_eq!(display_path(root, Path::new("/data/in/a/b.txt")), "a/b.txt");
        assert_eq!(
            display_path(Path::new("/data/in/b.txt"), Path::new("/data/in/b.txt")),
            "b.txt"
        );
    }
}
