//! JSONL reader (plain, gzip, zstd): one JSON object per line. A line that is not JSON or has no
//! text becomes a removal record, never an error of the run.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};

use serde_json::{Map, Value};

use super::Fields;
use super::walk::{Compression, InputFile, Piece};
use crate::base::doc::{DropReason, Origin, Payload, RawDoc};

pub struct JsonlReader {
    reader: Box<dyn BufRead + Send>,
    display: String,
    fields: Fields,
    line_no: u64,
    buf: Vec<u8>,
    done: bool,
}

/// The error a [`Capped`] reader returns past its limit.
#[derive(Debug)]
struct ExpansionLimit(u64);

impl std::fmt::Display for ExpansionLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "decompressed size passed {} bytes: a decompression bomb",
            self.0
        )
    }
}

impl std::error::Error for ExpansionLimit {}

/// Counts decompressed bytes and fails past the limit.
struct Capped<R> {
    inner: R,
    read: u64,
    limit: u64,
}

impl<R: Read> Read for Capped<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(std::io::Error::other(ExpansionLimit(self.limit)));
        }
        Ok(n)
    }
}

pub fn open(
    file: &InputFile,
    compression: Compression,
    fields: Fields,
) -> Result<JsonlReader, String> {
    let raw = File::open(&file.path).map_err(|e| format!("cannot open: {e}"))?;
    // Below 16 documents' worth of bytes no file is a bomb, however well it compresses.
    let floor = fields.max_doc_bytes.saturating_mul(16);
    let limit = file.bytes.saturating_mul(fields.max_expansion).max(floor);
    let capped = |inner: Box<dyn Read + Send>| Capped {
        inner,
        read: 0,
        limit,
    };
    let reader: Box<dyn BufRead + Send> = match (compression, file.piece) {
        (Compression::None, Some(piece)) => {
            use std::io::{Seek, SeekFrom};
            let mut raw = raw;
            raw.seek(SeekFrom::Start(piece.start))
                .map_err(|e| format!("cannot seek to byte {}: {e}", piece.start))?;
            let len = piece.end.saturating_sub(piece.start);
            Box::new(BufReader::with_capacity(1 << 20, raw.take(len)))
        }
        (Compression::Zstd, Some(piece)) if piece.frame.is_some() => Box::new(
            BufReader::with_capacity(1 << 20, zstd_piece(raw, piece, capped)?),
        ),
        (_, Some(_)) => {
            return Err("only a plain or seekable zstd JSONL file can be read in pieces".into());
        }
        (Compression::None, None) => Box::new(BufReader::with_capacity(1 << 20, raw)),
        (Compression::Gzip, None) => {
            let decoder = flate2::read::MultiGzDecoder::new(BufReader::new(raw));
            Box::new(BufReader::with_capacity(1 << 20, capped(Box::new(decoder))))
        }
        (Compression::Zstd, None) => {
            let decoder = zstd::stream::read::Decoder::new(raw)
                .map_err(|e| format!("not a zstd stream: {e}"))?;
            Box::new(BufReader::with_capacity(1 << 20, capped(Box::new(decoder))))
        }
    };
    Ok(JsonlReader {
        reader,
        display: file.display.clone(),
        fields,
        line_no: file.piece.map_or(0, |p| p.lines_before),
        buf: Vec::new(),
        done: false,
    })
}

/// The text of `piece` of a seekable zstd file: decoded from the frame that holds its start,
/// the bytes before it skipped.
fn zstd_piece(
    mut raw: File,
    piece: Piece,
    capped: impl FnOnce(Box<dyn Read + Send>) -> Capped<Box<dyn Read + Send>>,
) -> Result<std::io::Take<Capped<Box<dyn Read + Send>>>, String> {
    use std::io::{Seek, SeekFrom};
    let Some(frame) = piece.frame else {
        return Err("a zstd piece without its frame".into());
    };
    raw.seek(SeekFrom::Start(frame.at))
        .map_err(|e| format!("cannot seek to byte {}: {e}", frame.at))?;
    let decoder = zstd::stream::read::Decoder::new(raw)
        .map_err(|e| format!("not a zstd stream at byte {}: {e}", frame.at))?;
    let mut text = capped(Box::new(decoder));
    let skip = piece.start.saturating_sub(frame.from);
    let skipped = std::io::copy(&mut (&mut text).take(skip), &mut std::io::sink())
        .map_err(|e| format!("cannot decode the frame at byte {}: {e}", frame.at))?;
    if skipped != skip {
        return Err(format!(
            "the text ends before its piece (byte {})",
            piece.start
        ));
    }
    Ok(text.take(piece.end.saturating_sub(piece.start)))
}

/// Reads one line into `buf`, keeping at most `limit` bytes; returns the full line length (0 at
/// end of input). A longer line is consumed to its end without being held.
fn read_line_capped(
    reader: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    limit: usize,
) -> std::io::Result<usize> {
    let mut total = 0usize;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            return Ok(total);
        }
        let (chunk, found) = match available.iter().position(|&b| b == b'\n') {
            Some(i) => (&available[..=i], true),
            None => (available, false),
        };
        let room = limit.saturating_sub(buf.len());
        buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
        let used = chunk.len();
        total += used;
        reader.consume(used);
        if found {
            return Ok(total);
        }
    }
}

impl JsonlReader {
    /// A truncated, corrupt or exploding archive: what was read stays, the rest is one record.
    fn broken(&mut self, e: &std::io::Error) -> RawDoc {
        self.done = true;
        let bomb = e
            .get_ref()
            .is_some_and(|inner| inner.is::<ExpansionLimit>());
        let reason = if bomb {
            DropReason::TooLarge
        } else {
            DropReason::Unreadable
        };
        let detail = format!("read error, rest of file lost: {e}");
        RawDoc {
            origin: self.origin(),
            payload: Payload::Unreadable(reason, detail),
        }
    }

    fn origin(&self) -> Origin {
        let source = format!("{}:{}", self.display, self.line_no);
        Origin {
            id: source.clone(),
            source,
            ..Origin::default()
        }
    }

    fn parse_line(&self) -> RawDoc {
        let mut origin = self.origin();
        let line = trim_ascii(&self.buf);
        // The fast validator says only whether the line is valid; the slow one, where the fault is.
        let checked = simdutf8::basic::from_utf8(line).or_else(|_| std::str::from_utf8(line));
        let payload = match checked {
            Err(e) => Payload::Unreadable(
                DropReason::InvalidEncoding,
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            ),
            Ok(line) => match serde_json::from_str::<Value>(line) {
                Err(e) => Payload::Unreadable(DropReason::BadJson, e.to_string()),
                Ok(Value::Object(map)) => self.fill(&mut origin, map),
                Ok(_) => Payload::Unreadable(DropReason::BadJson, "not a JSON object".into()),
            },
        };
        RawDoc { origin, payload }
    }

    fn fill(&self, origin: &mut Origin, mut map: Map<String, Value>) -> Payload {
        if let Some(id) = map.get(&self.fields.id).and_then(scalar_string) {
            origin.id = id;
        }
        origin.url = map.get("url").and_then(scalar_string);
        origin.title = map.get("title").and_then(scalar_string);
        origin.date = map.get("date").and_then(scalar_string);
        match map.remove(&self.fields.text) {
            Some(Value::String(text)) => Payload::Text(text),
            Some(other) => Payload::Unreadable(
                DropReason::MissingText,
                format!(
                    "field `{}` is {}, not a string",
                    self.fields.text,
                    json_type(&other)
                ),
            ),
            None => Payload::Unreadable(
                DropReason::MissingText,
                format!("no field `{}`", self.fields.text),
            ),
        }
    }
}

impl Iterator for JsonlReader {
    type Item = RawDoc;

    fn next(&mut self) -> Option<RawDoc> {
        let limit = usize::try_from(self.fields.max_doc_bytes).unwrap_or(usize::MAX);
        while !self.done {
            self.buf.clear();
            self.line_no += 1;
            match read_line_capped(self.reader.as_mut(), &mut self.buf, limit.saturating_add(1)) {
                Ok(0) => self.done = true,
                Ok(n) if n > limit => {
                    let detail = format!("line of {n} bytes, more than max_doc_bytes {limit}");
                    let payload = Payload::Unreadable(DropReason::TooLarge, detail);
                    return Some(RawDoc {
                        origin: self.origin(),
                        payload,
                    });
                }
                Ok(_) if trim_ascii(&self.buf).is_empty() => continue,
                Ok(_) => return Some(self.parse_line()),
                Err(e) => return Some(self.broken(&e)),
            }
        }
        None
    }
}

fn trim_ascii(bytes: &[u8]) -> &[u8] {
    bytes.trim_ascii()
}

/// Ids, titles and dates may be numbers in the wild; they are kept as text.
fn scalar_string(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::ingest::walk::InputKind;

    fn read_all(content: &[u8], compression: Compression) -> Vec<RawDoc> {
        let dir = tempfile::tempdir().ok();
        let Some(dir) = dir else { return Vec::new() };
        let path = dir.path().join("x.jsonl");
        if std::fs::write(&path, content).is_err() {
            return Vec::new();
        }
        let file = InputFile {
            path,
            display: "x.jsonl".into(),
            kind: InputKind::Jsonl(compression),
            bytes: content.len() as u64,
            piece: None,
        };
        let fields = Fields {
            text: "text".into(),
            id: "id".into(),
            max_doc_bytes: 100,
            max_expansion: 200,
        };
        open(&file, compression, fields)
            .map(Iterator::collect)
            .unwrap_or_default()
    }

    #[test]
    fn reads_fields_and_falls_back_to_path_line() {
        let docs = read_all(
            b"{\"id\": 7, \"text\": \"Salem\", \"url\": \"u\"}\n\n{\"text\": \"Hi\"}\n",
            Compression::None,
        );
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].origin.id, "7");
        assert_eq!(docs[0].origin.url.as_deref(), Some("u"));
        assert_eq!(docs[0].payload, Payload::Text("Salem".into()));
        assert_eq!(docs[1].origin.id, "x.jsonl:3");
        assert_eq!(docs[1].origin.source, "x.jsonl:3");
    }

    #[test]
    fn bad_lines_become_records() {
        let docs = read_all(
            b"not json\n{\"body\": 1}\n[1]\n{\"text\": 5}\n",
            Compression::None,
        );
        let reasons: Vec<_> = docs
            .iter()
            .map(|d| match &d.payload {
                Payload::Unreadable(r, _) => Some(*r),
                _ => None,
            })
            .collect();
        use DropReason::*;
        assert_eq!(
            reasons,
            [
                Some(BadJson),
                Some(MissingText),
                Some(BadJson),
                Some(MissingText)
            ]
        );
    }

    #[test]
    fn overlong_lines_are_too_large_and_reading_goes_on() {
        let long = format!(
            "{{\"text\": \"{}\"}}\n{{\"text\": \"short\"}}\n",
            "a".repeat(500)
        );
        let docs = read_all(long.as_bytes(), Compression::None);
        assert_eq!(docs.len(), 2);
        assert!(matches!(
            docs[0].payload,
            Payload::Unreadable(DropReason::TooLarge, _)
        ));
        assert_eq!(docs[1].payload, Payload::Text("short".into()));
        assert_eq!(docs[1].origin.source, "x.jsonl:2");
    }

    #[test]
    fn capped_reader_stops_a_bomb() {
        let mut capped = Capped {
            inner: std::io::repeat(b'x'),
            read: 0,
            limit: 10_000,
        };
        let err = std::io::copy(&mut capped, &mut std::io::sink()).err();
        let is_limit = err
            .as_ref()
            .and_then(|e| e.get_ref())
            .is_some_and(|e| e.is::<ExpansionLimit>());
        assert!(is_limit, "{err:?}");
    }

    #[test]
    fn truncated_gzip_keeps_what_was_read() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let body: String = (0..2000)
            .map(|i| format!("{{\"text\": \"doc {i}\"}}\n"))
            .collect();
        let _ = std::io::Write::write_all(&mut enc, body.as_bytes());
        let gz = enc.finish().unwrap_or_default();
        let docs = read_all(&gz[..gz.len() / 2], Compression::Gzip);
        let last = docs.last().map(|d| d.payload.clone());
        assert!(matches!(
            last,
            Some(Payload::Unreadable(DropReason::Unreadable, _))
        ));
        assert!(docs.len() > 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("CORPUSMILL_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
        ))]
        /// Fuzz: any bytes as a JSONL file give one record per non-blank line, never a panic.
        #[test]
        fn any_bytes_give_one_record_per_line(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let docs = read_all(&bytes, Compression::None);
            let lines = bytes.split(|&b| b == b'\n').filter(|l| !l.trim_ascii().is_empty()).count();
            proptest::prop_assert_eq!(docs.len(), lines);
        }
    }
}
