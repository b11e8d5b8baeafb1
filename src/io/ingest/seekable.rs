//! The seek table of a zstd file in the seekable format (zstd's `contrib/seekable_format`):
//! independent frames, then a skippable frame listing each frame's compressed and decompressed
//! size. A reader can start at any frame, so a planned build can deal a large `.jsonl.zst` file
//! to several tasks in pieces, as it does a plain one.

use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

/// The magic number ending the seek table.
const SEEKABLE_MAGIC: u32 = 0x8F92_EAB1;
/// The magic number of the skippable frame that holds it.
const SKIPPABLE_MAGIC: u32 = 0x184D_2A5E;
/// Number of frames, descriptor byte, magic number.
const FOOTER: u64 = 9;

/// Where the frames of a seekable zstd file start, in the file and in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeekTable {
    /// (compressed, decompressed) offset of each frame's start, ascending.
    starts: Vec<(u64, u64)>,
    /// The file's size, and its text's.
    compressed: u64,
    decompressed: u64,
}

impl SeekTable {
    /// The seek table at the end of the file at `path`; `None` when it has none, or one that
    /// does not add up to the file (which is then read whole, as any zstd file).
    pub fn read(path: &Path) -> Option<SeekTable> {
        let mut file = std::fs::File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        let footer = read_at(&mut file, size.checked_sub(FOOTER)?, FOOTER)?;
        let frames = u64::from(u32_at(&footer, 0)?);
        let descriptor = *footer.get(4)?;
        // Bits 2 to 6 are reserved, and zero in any table this reader understands.
        if u32_at(&footer, 5)? != SEEKABLE_MAGIC || descriptor & 0x7c != 0 {
            return None;
        }
        let entry = if descriptor & 0x80 != 0 { 12 } else { 8 };
        let table = frames.checked_mul(entry)?.checked_add(FOOTER)?;
        let header_at = size.checked_sub(table)?.checked_sub(8)?;
        let bytes = read_at(&mut file, header_at, table + 8 - FOOTER)?;
        if u32_at(&bytes, 0)? != SKIPPABLE_MAGIC || u64::from(u32_at(&bytes, 4)?) != table {
            return None;
        }
        let (mut compressed, mut decompressed) = (0u64, 0u64);
        let mut starts = Vec::with_capacity(usize::try_from(frames).ok()?);
        for i in 0..frames as usize {
            let at = 8 + i * entry as usize;
            starts.push((compressed, decompressed));
            compressed += u64::from(u32_at(&bytes, at)?);
            decompressed += u64::from(u32_at(&bytes, at + 4)?);
        }
        // The frames fill the file up to the table.
        (compressed == header_at).then_some(SeekTable {
            starts,
            compressed: size,
            decompressed,
        })
    }

    /// Bytes of text the file holds.
    pub fn decompressed(&self) -> u64 {
        self.decompressed
    }

    /// The text offset of the first frame that starts at or after byte `at` of the file.
    pub fn frame_after(&self, at: u64) -> Option<u64> {
        let i = self.starts.partition_point(|&(c, _)| c < at);
        self.starts.get(i).map(|&(_, d)| d)
    }

    /// The (file, text) offset of the frame that holds text offset `at`.
    pub fn frame_of(&self, at: u64) -> (u64, u64) {
        self.starts
            .get(self.index_of(at))
            .copied()
            .unwrap_or((0, 0))
    }

    /// The index of the frame that holds text offset `at`.
    fn index_of(&self, at: u64) -> usize {
        let i = self.starts.partition_point(|&(_, d)| d <= at);
        i.saturating_sub(1)
    }

    /// About where in the file text offset `at` is: its frame's start, plus its share of the
    /// frame's bytes. The end of the text is the end of the file.
    pub fn file_offset(&self, at: u64) -> u64 {
        if at >= self.decompressed {
            return self.compressed;
        }
        let i = self.index_of(at);
        let (c, d) = self.frame_of(at);
        let (next_c, next_d) = self
            .starts
            .get(i + 1)
            .copied()
            .unwrap_or((self.compressed, self.decompressed));
        let span = u128::from(next_d - d).max(1);
        c + u64::try_from(u128::from(at - d) * u128::from(next_c - c) / span).unwrap_or(0)
    }
}

fn read_at(file: &mut std::fs::File, at: u64, len: u64) -> Option<Vec<u8>> {
    file.seek(SeekFrom::Start(at)).ok()?;
    let mut bytes = vec![0u8; usize::try_from(len).ok()?];
    file.read_exact(&mut bytes).ok()?;
    Some(bytes)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b: [u8; 4] = bytes.get(at..at + 4)?.try_into().ok()?;
    Some(u32::from_le_bytes(b))
}

/// Writes `chunks` as a seekable zstd file: one frame each, then the seek table. For tests.
#[cfg(test)]
pub fn write_seekable(path: &Path, chunks: &[&[u8]]) -> std::io::Result<()> {
    let mut out = Vec::new();
    let mut entries = Vec::new();
    for chunk in chunks {
        let frame = zstd::bulk::compress(chunk, 3)?;
        entries.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        entries.extend_from_slice(&(chunk.len() as u32).to_le_bytes());
        out.extend_from_slice(&frame);
    }
    out.extend_from_slice(&SKIPPABLE_MAGIC.to_le_bytes());
    out.extend_from_slice(&((entries.len() as u64 + FOOTER) as u32).to_le_bytes());
    out.extend_from_slice(&entries);
    out.extend_from_slice(&(chunks.len() as u32).to_le_bytes());
    out.push(0);
    out.extend_from_slice(&SEEKABLE_MAGIC.to_le_bytes());
    std::fs::write(path, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seek_table_gives_each_frames_start_and_a_plain_zstd_file_has_none() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl.zst");
        let chunks: [&[u8]; 3] = [
            b"{\"n\": 1}\n{\"n\": 2}\n",
            b"{\"n\": 3}\n",
            b"{\"n\": 4}\n",
        ];
        write_seekable(&path, &chunks).unwrap();
        let table = SeekTable::read(&path).expect("a seek table");
        assert_eq!(table.decompressed(), 36);
        assert_eq!(table.frame_after(1), Some(18));
        assert_eq!(table.frame_of(20), (table.starts[1].0, 18));
        assert_eq!(
            table.file_offset(36),
            std::fs::metadata(&path).unwrap().len()
        );
        // The zstd decoder reads through the frames and skips the table.
        let text = zstd::stream::decode_all(std::fs::File::open(&path).unwrap()).unwrap();
        assert_eq!(text, chunks.concat());

        let plain = dir.path().join("b.jsonl.zst");
        std::fs::write(&plain, zstd::bulk::compress(&chunks.concat(), 3).unwrap()).unwrap();
        assert_eq!(SeekTable::read(&plain), None);
        // A table whose frames do not fill the file is not trusted.
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.insert(0, 0);
        std::fs::write(&plain, bytes).unwrap();
        assert_eq!(SeekTable::read(&plain), None);
    }
}
