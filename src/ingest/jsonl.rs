//! JSONL reader (plain, gzip, zstd): one JSON object per line. A line that is not JSON or has no
//! text becomes a removal record, never an error of the run.

use std::fs::File;
use std::io::{BufRead, BufReader};

use serde_json::{Map, Value};

use super::Fields;
use super::walk::{Compression, InputFile};
use crate::doc::{DropReason, Origin, Payload, RawDoc};

pub struct JsonlReader {
    reader: Box<dyn BufRead>,
    display: String,
    fields: Fields,
    line_no: u64,
    buf: Vec<u8>,
    done: bool,
}

pub fn open(
    file: &InputFile,
    compression: Compression,
    fields: Fields,
) -> Result<JsonlReader, String> {
    let raw = File::open(&file.path).map_err(|e| format!("cannot open: {e}"))?;
    let reader: Box<dyn BufRead> = match compression {
        Compression::None => Box::new(BufReader::with_capacity(1 << 20, raw)),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::read::MultiGzDecoder::new(BufReader::new(raw)),
        )),
        Compression::Zstd => {
            let decoder = zstd::stream::read::Decoder::new(raw)
                .map_err(|e| format!("not a zstd stream: {e}"))?;
            Box::new(BufReader::with_capacity(1 << 20, decoder))
        }
    };
    Ok(JsonlReader {
        reader,
        display: file.display.clone(),
        fields,
        line_no: 0,
        buf: Vec::new(),
        done: false,
    })
}

impl JsonlReader {
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
        let payload = match std::str::from_utf8(line) {
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
        while !self.done {
            self.buf.clear();
            self.line_no += 1;
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => self.done = true,
                Ok(_) if trim_ascii(&self.buf).is_empty() => continue,
                Ok(_) => return Some(self.parse_line()),
                Err(e) => {
                    // A truncated or corrupt archive: what was read stays, the rest is one record.
                    self.done = true;
                    let origin = self.origin();
                    let detail = format!("read error, rest of file lost: {e}");
                    return Some(RawDoc {
                        origin,
                        payload: Payload::Unreadable(DropReason::Unreadable, detail),
                    });
                }
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
    use crate::ingest::walk::InputKind;

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
        };
        let fields = Fields {
            text: "text".into(),
            id: "id".into(),
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
}
