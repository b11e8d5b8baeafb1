//! Spool files: the documents one pass hands to the next, so that decoding, normalization and
//! furniture removal run once per document rather than once per pass.
//!
//! A spool is a header (written by the caller, so a spool from another build is never read),
//! then one zstd frame per batch of records in input order, then an end mark and the input files
//! that were skipped while reading. It is written to `NAME.partial` and renamed when complete, so
//! a spool that exists under its own name is whole.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::base::codec::{read_u32, read_u64};
use crate::base::error::{Error, Result};
use crate::io::ingest::SkippedFile;

/// zstd's fastest level: spools are read once, a few seconds later, and Cyrillic text still
/// shrinks about threefold.
const LEVEL: i32 = 1;

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
    compressor: zstd::bulk::Compressor<'static>,
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

impl SpoolWriter {
    pub fn create(path: PathBuf, header: &[u8]) -> Result<SpoolWriter> {
        let partial = path.with_extension("partial");
        let file = File::create(&partial).map_err(|e| Error::io(&partial, e))?;
        let mut w = BufWriter::with_capacity(1 << 20, file);
        w.write_all(header).map_err(|e| Error::io(&partial, e))?;
        let compressor = zstd::bulk::Compressor::new(LEVEL).map_err(|e| Error::io(&partial, e))?;
        Ok(SpoolWriter {
            path,
            partial,
            w,
            buffers: Buffers::default(),
            compressor,
        })
    }

    /// Appends one batch of records as one zstd frame.
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
        compressed.clear();
        compressed.reserve(zstd::zstd_safe::compress_bound(raw.len()));
        self.compressor
            .compress_to_buffer(raw.as_slice(), compressed)
            .map_err(io)?;
        let (Ok(c), Ok(r)) = (u32::try_from(compressed.len()), u32::try_from(raw.len())) else {
            return Err(io(std::io::Error::other("spool batch over 4 GiB")));
        };
        self.w.write_all(&c.to_le_bytes()).map_err(io)?;
        self.w.write_all(&r.to_le_bytes()).map_err(io)?;
        self.w.write_all(compressed).map_err(io)?;
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
        raw.clear();
        raw.reserve(raw_len);
        self.decompressor
            .decompress_to_buffer(compressed.as_slice(), raw)
            .map_err(|e| Error::io(&self.path, e))?;
        let records = match raw.len() == raw_len {
            true => decode_all(raw).ok_or_else(|| self.corrupt()),
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
    fn batches_and_skipped_files_come_back_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.spool");
        let mut w = SpoolWriter::create(path.clone(), b"HEAD").unwrap();
        w.write(&[Pair(1, Some("әліпби".into())), Pair(2, None)])
            .unwrap();
        w.write::<Pair>(&[]).unwrap();
        w.write(&[Pair(3, Some(String::new()))]).unwrap();
        let skipped = vec![SkippedFile {
            path: "x.parquet".into(),
            reason: "not Parquet".into(),
        }];
        assert!(
            SpoolReader::open(&path, b"HEAD").is_none(),
            "not finished yet"
        );
        w.finish(&skipped).unwrap();
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
                Pair(3, Some(String::new()))
            ]
        );
        assert_eq!(r.take_skipped(), skipped);
    }

    #[test]
    fn a_truncated_spool_is_an_error_not_a_short_read() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.spool");
        let mut w = SpoolWriter::create(path.clone(), b"H").unwrap();
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
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.spool");
        let mut w = SpoolWriter::create(path.clone(), b"H").unwrap();
        w.write(&[Pair(7, Some("жеті".into()))]).unwrap();
        w.write(&[Pair(8, None)]).unwrap();
        w.finish(&[]).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        // The first frame's raw length sits after the header and the compressed length.
        let raw_len = u32::from_le_bytes(bytes[5..9].try_into().unwrap());
        bytes[5..9].copy_from_slice(&(raw_len + 1).to_le_bytes());
        std::fs::write(&path, &bytes).unwrap();
        let mut r = SpoolReader::open(&path, b"H").unwrap();
        assert!(r.next_batch::<Pair>().is_err());
    }
}
