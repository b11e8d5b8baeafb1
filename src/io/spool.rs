//! Spool files: the documents one pass hands to the next, so that decoding, normalization and
//! furniture removal run once per document rather than once per pass.
//!
//! A spool is a header (written by the caller, so a spool from another build is never read),
//! then one frame per batch of records in input order, then an end mark and the input files
//! that were skipped while reading. A frame is the batch compressed with zstd, or stored as it
//! is (its two lengths equal): compressing and decompressing the spools costs a build 3–7% of
//! its time, worth paying only where the disk is short (see [`compress_spools`]). A spool is
//! written to `NAME.partial` and renamed when complete, so one that exists under its own name
//! is whole.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::base::codec::{read_u32, read_u64};
use crate::base::error::{Error, Result};
use crate::io::ingest::SkippedFile;

/// zstd's fastest level: spools are read once, a few seconds later, and Cyrillic text still
/// shrinks about threefold.
const LEVEL: i32 = 1;

/// Spools are stored uncompressed while the file system of their folder has this many times
/// the input's size free: uncompressed, they take about the input's size.
const RAW_ROOM: u64 = 4;

/// Whether the spools of a build whose input would decode to about `input_bytes` bytes, kept in
/// `dir`, are compressed: when the file system holding `dir` (or where it will be) has less than
/// `RAW_ROOM` times that free, or its free space cannot be told.
pub fn compress_spools(dir: &Path, input_bytes: u64) -> bool {
    free_space(dir).is_none_or(|free| free / RAW_ROOM < input_bytes)
}

/// Bytes free to an unprivileged user on the file system of `dir`, or of its nearest existing
/// ancestor.
fn free_space(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    // A relative path's last ancestor is the empty path: the working folder.
    let existing = dir
        .ancestors()
        .map(|p| match p.as_os_str().is_empty() {
            true => Path::new("."),
            false => p,
        })
        .find(|p| p.exists())?;
    let path = std::ffi::CString::new(existing.as_os_str().as_bytes()).ok()?;
    let mut stats = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `path` is a valid NUL-terminated string and `stats` has room for the result,
    // which is read only when the call succeeds.
    let stats = unsafe {
        if libc::statvfs(path.as_ptr(), stats.as_mut_ptr()) != 0 {
            return None;
        }
        stats.assume_init()
    };
    // Both are 32-bit on some targets.
    #[allow(clippy::useless_conversion)]
    Some(u64::from(stats.f_bavail).saturating_mul(u64::from(stats.f_frsize)))
}

/// A value that can travel through a spool.
pub trait Record: Sized {
    fn encode(&self, out: &mut Vec<u8>);
    /// `None` when the bytes do not hold a whole record.
    fn decode(input: &mut &[u8]) -> Option<Self>;
}

pub struct SpoolWriter {
    path: PathBuf,
    partial: PathBuf,
    w: BufWriter<File>,
    buffers: Buffers,
    /// `None`: frames are stored uncompressed.
    compressor: Option<zstd::bulk::Compressor<'static>>,
}

/// Buffers kept from batch to batch, so that a batch does not allocate and grow a few MB of
/// fresh memory (and copy it on every doubling) only to free it again.
#[derive(Default)]
struct Buffers {
    raw: Vec<u8>,
    compressed: Vec<u8>,
}

impl Buffers {
    /// A batch with one huge document should not pin its memory for the rest of the pass.
    const KEEP: usize = 64 << 20;

    fn trim(&mut self) {
        for b in [&mut self.raw, &mut self.compressed] {
            if b.capacity() > Self::KEEP {
                *b = Vec::new();
            }
        }
    }
}

/// A spool written a record at a time, in frames of `size` records (the last one shorter), for
/// writers whose records do not come in batches of their own.
pub struct Batched<T> {
    writer: SpoolWriter,
    pending: Vec<T>,
    size: usize,
}

impl<T: Record> Batched<T> {
    pub fn new(writer: SpoolWriter, size: usize) -> Batched<T> {
        Batched {
            writer,
            pending: Vec::new(),
            size: size.max(1),
        }
    }

    pub fn push(&mut self, record: T) -> Result<()> {
        self.pending.push(record);
        if self.pending.len() >= self.size {
            self.writer.write(&self.pending)?;
            self.pending.clear();
        }
        Ok(())
    }

    /// Writes the last frame and finishes the spool, with no skipped files.
    pub fn finish(mut self) -> Result<()> {
        self.writer.write(&self.pending)?;
        self.writer.finish(&[])
    }
}

impl SpoolWriter {
    /// A spool at `path` that starts with `header`, its frames compressed or not.
    pub fn create(path: PathBuf, header: &[u8], compress: bool) -> Result<SpoolWriter> {
        let partial = path.with_extension("partial");
        let file = File::create(&partial).map_err(|e| Error::io(&partial, e))?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        w.write_all(header).map_err(|e| Error::io(&partial, e))?;
        let compressor = match compress {
            true => Some(zstd::bulk::Compressor::new(LEVEL).map_err(|e| Error::io(&partial, e))?),
            false => None,
        };
        Ok(SpoolWriter {
            path,
            partial,
            w,
            buffers: Buffers::default(),
            compressor,
        })
    }

    /// Appends one batch of records as one frame.
    pub fn write<'a, T: Record + 'a>(
        &mut self,
        records: impl IntoIterator<Item = &'a T>,
    ) -> Result<()> {
        let io = |e| Error::io(&self.partial, e);
        let Buffers { raw, compressed } = &mut self.buffers;
        raw.clear();
        for r in records {
            r.encode(raw);
        }
        // An empty frame would read as the end mark; an empty batch is no batch.
        if raw.is_empty() {
            return Ok(());
        }
        compressed.clear();
        if let Some(compressor) = &mut self.compressor {
            compressed.reserve(zstd::zstd_safe::compress_bound(raw.len()));
            compressor
                .compress_to_buffer(raw.as_slice(), compressed)
                .map_err(io)?;
        }
        // Stored as it is, a frame's two lengths are equal; a compressed frame is shorter.
        let raw_len = raw.len();
        let frame: &[u8] = match self.compressor.is_some() && compressed.len() < raw_len {
            true => compressed,
            false => raw,
        };
        let (Ok(c), Ok(r)) = (u32::try_from(frame.len()), u32::try_from(raw_len)) else {
            return Err(io(std::io::Error::other("spool batch over 4 GiB")));
        };
        self.w.write_all(&c.to_le_bytes()).map_err(io)?;
        self.w.write_all(&r.to_le_bytes()).map_err(io)?;
        self.w.write_all(frame).map_err(io)?;
        self.buffers.trim();
        Ok(())
    }

    /// Writes the end mark and the skipped files, syncs, and gives the spool its own name.
    pub fn finish(mut self, skipped: &[SkippedFile]) -> Result<()> {
        let io = |e| Error::io(&self.partial, e);
        let tail = serde_json::to_vec(skipped).map_err(|e| io(e.into()))?;
        self.w.write_all(&0u32.to_le_bytes()).map_err(io)?;
        self.w
            .write_all(&(tail.len() as u64).to_le_bytes())
            .map_err(io)?;
        self.w.write_all(&tail).map_err(io)?;
        let file = self.w.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&self.partial, &self.path).map_err(|e| Error::io(&self.path, e))
    }
}

pub struct SpoolReader {
    path: PathBuf,
    r: BufReader<File>,
    /// The file's size, and how much of it has been read: the progress of the pass reading it.
    size: u64,
    position: u64,
    skipped: Option<Vec<SkippedFile>>,
    buffers: Buffers,
    decompressor: zstd::bulk::Decompressor<'static>,
}

impl SpoolReader {
    /// Opens a complete spool whose header is `header`; `None` if there is none.
    pub fn open(path: &Path, header: &[u8]) -> Option<SpoolReader> {
        let file = File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        let mut r = BufReader::with_capacity(1 << 20, file);
        let mut head = vec![0u8; header.len()];
        r.read_exact(&mut head).ok()?;
        if head != header {
            return None;
        }
        Some(SpoolReader {
            path: path.to_path_buf(),
            r,
            size,
            position: header.len() as u64,
            skipped: None,
            buffers: Buffers::default(),
            decompressor: zstd::bulk::Decompressor::new().ok()?,
        })
    }

    /// The next batch, or `None` after the last one.
    pub fn next_batch<T: Record>(&mut self) -> Result<Option<Vec<T>>> {
        if self.skipped.is_some() {
            return Ok(None);
        }
        let frame_len = self.read_u32()? as usize;
        if frame_len == 0 {
            self.read_tail()?;
            return Ok(None);
        }
        let raw_len = self.read_u32()? as usize;
        let Buffers { raw, compressed } = &mut self.buffers;
        // Read up to the stated length rather than allocating it, as in `read_tail`.
        compressed.clear();
        (&mut self.r)
            .take(frame_len as u64)
            .read_to_end(compressed)
            .map_err(|e| Error::io(&self.path, e))?;
        if compressed.len() != frame_len {
            return Err(self.corrupt());
        }
        self.position += frame_len as u64;
        let frame = match frame_len == raw_len {
            true => compressed,
            false => {
                raw.clear();
                raw.reserve(raw_len);
                self.decompressor
                    .decompress_to_buffer(compressed.as_slice(), raw)
                    .map_err(|e| Error::io(&self.path, e))?;
                raw
            }
        };
        let records = match frame.len() == raw_len {
            true => decode_all(frame).ok_or_else(|| self.corrupt()),
            false => Err(self.corrupt()),
        };
        self.buffers.trim();
        records.map(Some)
    }

    /// Bytes of the file read so far, the header included.
    pub fn position(&self) -> u64 {
        self.position
    }

    /// Bytes of the file still to read; 0 once the last batch is read.
    pub fn remaining(&self) -> u64 {
        self.size.saturating_sub(self.position)
    }

    /// The input files skipped while the spool was written; complete once all batches are read.
    pub fn take_skipped(&mut self) -> Vec<SkippedFile> {
        self.skipped.take().unwrap_or_default()
    }

    fn read_tail(&mut self) -> Result<()> {
        let len = read_u64(&mut self.r).map_err(|e| Error::io(&self.path, e))?;
        self.position += 8;
        // Read up to the stated length rather than allocating it: a damaged length must not
        // become a huge allocation.
        let mut tail = Vec::new();
        (&mut self.r)
            .take(len)
            .read_to_end(&mut tail)
            .map_err(|e| Error::io(&self.path, e))?;
        if tail.len() as u64 != len {
            return Err(self.corrupt());
        }
        self.position += len;
        self.skipped = Some(serde_json::from_slice(&tail).map_err(|_| self.corrupt())?);
        Ok(())
    }

    fn read_u32(&mut self) -> Result<u32> {
        let v = read_u32(&mut self.r).map_err(|e| Error::io(&self.path, e))?;
        self.position += 4;
        Ok(v)
    }

    pub fn corrupt(&self) -> Error {
        Error::io(
            &self.path,
            std::io::Error::new(std::io::ErrorKind::InvalidData, "corrupt spool file"),
        )
    }
}

/// The records of one frame; `None` unless the bytes are whole records.
fn decode_all<T: Record>(mut input: &[u8]) -> Option<Vec<T>> {
    let mut records = Vec::new();
    while !input.is_empty() {
        records.push(T::decode(&mut input)?);
    }
    Some(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::codec::*;

    #[derive(Debug, PartialEq)]
    struct Pair(u64, Option<String>);

    impl Record for Pair {
        fn encode(&self, out: &mut Vec<u8>) {
            put_u64(out, self.0);
            put_opt_str(out, self.1.as_deref());
        }
        fn decode(input: &mut &[u8]) -> Option<Pair> {
            Some(Pair(get_u64(input)?, get_opt_string(input)?))
        }
    }

    #[test]
    fn a_batched_spool_writes_frames_of_its_size_and_the_rest_last() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.spool");
        let writer = SpoolWriter::create(path.clone(), b"HEAD", false).unwrap();
        let mut batched = Batched::new(writer, 2);
        for n in 0..5 {
            batched.push(Pair(n, None)).unwrap();
        }
        batched.finish().unwrap();
        let mut r = SpoolReader::open(&path, b"HEAD").unwrap();
        let mut frames = Vec::new();
        while let Some(batch) = r.next_batch::<Pair>().unwrap() {
            frames.push(batch.iter().map(|p| p.0).collect::<Vec<_>>());
        }
        assert_eq!(frames, [vec![0, 1], vec![2, 3], vec![4]]);
    }

    #[test]
    fn batches_and_skipped_files_come_back_in_order() {
        for compress in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("a.spool");
            let mut w = SpoolWriter::create(path.clone(), b"HEAD", compress).unwrap();
            w.write(&[Pair(1, Some("әліпби".into())), Pair(2, None)])
                .unwrap();
            w.write::<Pair>(&[]).unwrap();
            // Long enough to shrink: compressed, where the batches above are stored as they are.
            let long = "Бүгін ауа райы жақсы. ".repeat(200);
            w.write(&[Pair(3, Some(String::new())), Pair(4, Some(long.clone()))])
                .unwrap();
            let skipped = vec![SkippedFile {
                path: "x.parquet".into(),
                reason: "not Parquet".into(),
            }];
            assert!(
                SpoolReader::open(&path, b"HEAD").is_none(),
                "not finished yet"
            );
            w.finish(&skipped).unwrap();
            let size = std::fs::metadata(&path).unwrap().len() as usize;
            assert_eq!(size < long.len(), compress, "compressed or not");
            assert!(SpoolReader::open(&path, b"OTHR").is_none());
            let mut r = SpoolReader::open(&path, b"HEAD").unwrap();
            let mut all = Vec::new();
            while let Some(batch) = r.next_batch::<Pair>().unwrap() {
                all.extend(batch);
            }
            assert_eq!(
                all,
                [
                    Pair(1, Some("әліпби".into())),
                    Pair(2, None),
                    Pair(3, Some(String::new())),
                    Pair(4, Some(long)),
                ]
            );
            assert_eq!(r.take_skipped(), skipped);
        }
    }

    #[test]
    fn spools_are_compressed_only_where_room_is_short() {
        let dir = tempfile::tempdir().unwrap();
        let later = dir.path().join("not/yet/made");
        assert!(
            !compress_spools(&later, 0),
            "any file system has room for nothing"
        );
        assert!(
            compress_spools(&later, u64::MAX / 2),
            "none has room for this"
        );
        // A relative folder not made yet is on the working folder's file system.
        assert!(!compress_spools(Path::new("not-made-yet/here"), 0));
    }

    #[test]
    fn a_truncated_spool_is_an_error_not_a_short_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.spool");
        let mut w = SpoolWriter::create(path.clone(), b"H", true).unwrap();
        w.write(&[Pair(7, None)]).unwrap();
        w.finish(&[]).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() - 5]).unwrap();
        let mut r = SpoolReader::open(&path, b"H").unwrap();
        assert!(r.next_batch::<Pair>().unwrap().is_some());
        assert!(r.next_batch::<Pair>().is_err());
    }

    #[test]
    fn a_frame_whose_stated_length_is_wrong_is_corrupt() {
        // A short record is stored as it is, a long one compressed.
        for text in ["жеті".to_string(), "жеті ".repeat(100)] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("a.spool");
            let mut w = SpoolWriter::create(path.clone(), b"H", true).unwrap();
            w.write(&[Pair(7, Some(text))]).unwrap();
            w.write(&[Pair(8, None)]).unwrap();
            w.finish(&[]).unwrap();
            let mut bytes = std::fs::read(&path).unwrap();
            // The first frame's raw length sits after the header and the frame's length.
            let raw_len = u32::from_le_bytes(bytes[5..9].try_into().unwrap());
            bytes[5..9].copy_from_slice(&(raw_len + 1).to_le_bytes());
            std::fs::write(&path, &bytes).unwrap();
            let mut r = SpoolReader::open(&path, b"H").unwrap();
            assert!(r.next_batch::<Pair>().is_err());
        }
    }
}
