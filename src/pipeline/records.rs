//! What one pass hands to the next through a spool: the decoded documents of pass one and the
//! cleaned, hashed documents of pass two.

use crate::boilerplate::Removed;
use crate::dedup::Digest;
use crate::doc::{DropReason, Origin, Removal};
use crate::spool::Record;
use crate::spool::codec::*;

/// A document's text after decode and normalize.
pub(super) struct Normalized {
    pub text: String,
    pub encoding: String,
    pub script_repairs: u64,
}

/// A document after decode and normalize, or why it has no text.
pub(super) struct Decoded {
    pub origin: Origin,
    /// Size of the document as read, before decoding (what throughput figures count).
    pub bytes: u64,
    pub outcome: std::result::Result<Normalized, (DropReason, String)>,
}

/// A document after decode, normalize, furniture removal and hashing.
pub(super) struct Prepared {
    pub origin: Origin,
    pub bytes: u64,
    pub outcome: std::result::Result<(String, Digest), Removal>,
    pub encoding: String,
    pub script_repairs: u64,
    pub furniture: Removed,
}

fn put_origin(out: &mut Vec<u8>, o: &Origin) {
    put_u64(out, o.ordinal);
    put_bytes(out, o.id.as_bytes());
    put_bytes(out, o.source.as_bytes());
    put_opt_str(out, o.url.as_deref());
    put_opt_str(out, o.title.as_deref());
    put_opt_str(out, o.date.as_deref());
}

fn get_origin(input: &mut &[u8]) -> Option<Origin> {
    Some(Origin {
        ordinal: get_u64(input)?,
        id: get_string(input)?,
        source: get_string(input)?,
        url: get_opt_string(input)?,
        title: get_opt_string(input)?,
        date: get_opt_string(input)?,
    })
}

fn put_reason(out: &mut Vec<u8>, reason: DropReason, detail: &str) {
    let index = DropReason::ALL.iter().position(|r| *r == reason);
    out.push(index.map_or(u8::MAX, |i| i as u8));
    put_bytes(out, detail.as_bytes());
}

fn get_reason(input: &mut &[u8]) -> Option<(DropReason, String)> {
    let reason = *DropReason::ALL.get(usize::from(get_u8(input)?))?;
    Some((reason, get_string(input)?))
}

impl Record for Decoded {
    fn encode(&self, out: &mut Vec<u8>) {
        put_origin(out, &self.origin);
        put_u64(out, self.bytes);
        match &self.outcome {
            Ok(n) => {
                out.push(1);
                put_bytes(out, n.text.as_bytes());
                put_bytes(out, n.encoding.as_bytes());
                put_u64(out, n.script_repairs);
            }
            Err((reason, detail)) => {
                out.push(0);
                put_reason(out, *reason, detail);
            }
        }
    }

    fn decode(input: &mut &[u8]) -> Option<Decoded> {
        let origin = get_origin(input)?;
        let bytes = get_u64(input)?;
        let outcome = match get_u8(input)? {
            0 => Err(get_reason(input)?),
            _ => Ok(Normalized {
                text: get_string(input)?,
                encoding: get_string(input)?,
                script_repairs: get_u64(input)?,
            }),
        };
        Some(Decoded {
            origin,
            bytes,
            outcome,
        })
    }
}

impl Record for Prepared {
    fn encode(&self, out: &mut Vec<u8>) {
        put_origin(out, &self.origin);
        put_u64(out, self.bytes);
        put_bytes(out, self.encoding.as_bytes());
        put_u64(out, self.script_repairs);
        put_u64(out, self.furniture.len() as u64);
        for &(kind, n) in &self.furniture {
            put_u64(out, kind as u64);
            put_u64(out, u64::from(n));
        }
        match &self.outcome {
            Ok((text, hash)) => {
                out.push(1);
                put_bytes(out, text.as_bytes());
                out.extend_from_slice(hash);
            }
            Err(removal) => {
                out.push(0);
                put_reason(out, removal.reason, &removal.detail);
            }
        }
    }

    fn decode(input: &mut &[u8]) -> Option<Prepared> {
        let origin = get_origin(input)?;
        let bytes = get_u64(input)?;
        let encoding = get_string(input)?;
        let script_repairs = get_u64(input)?;
        let kinds = get_u64(input)?;
        let mut furniture = Vec::new();
        for _ in 0..kinds {
            let kind = usize::try_from(get_u64(input)?).ok()?;
            furniture.push((kind, u32::try_from(get_u64(input)?).ok()?));
        }
        let outcome = match get_u8(input)? {
            0 => {
                let (reason, detail) = get_reason(input)?;
                Err(Removal::new(&origin, reason, detail))
            }
            _ => {
                let text = get_string(input)?;
                let hash: Digest = take(input, 32)?.try_into().ok()?;
                Ok((text, hash))
            }
        };
        Some(Prepared {
            origin,
            bytes,
            outcome,
            encoding,
            script_repairs,
            furniture,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin {
            ordinal: 42,
            id: "kk/1".into(),
            source: "a.jsonl:3".into(),
            url: Some("https://example.kz/1".into()),
            title: None,
            date: Some("2024-01-02".into()),
        }
    }

    fn roundtrip<T: Record>(r: &T) -> T {
        let mut buf = Vec::new();
        r.encode(&mut buf);
        let mut input = buf.as_slice();
        let back = T::decode(&mut input).expect("decodes");
        assert!(input.is_empty(), "consumed exactly");
        back
    }

    #[test]
    fn decoded_documents_survive_the_spool() {
        let ok = Decoded {
            origin: origin(),
            bytes: 77,
            outcome: Ok(Normalized {
                text: "Сәлем, әлем!".into(),
                encoding: "windows-1251".into(),
                script_repairs: 2,
            }),
        };
        let back = roundtrip(&ok);
        assert_eq!(back.origin, ok.origin);
        assert_eq!(back.bytes, 77);
        let n = back.outcome.ok().unwrap();
        assert_eq!((n.text.as_str(), n.script_repairs), ("Сәлем, әлем!", 2));
        let bad = Decoded {
            origin: origin(),
            bytes: 0,
            outcome: Err((DropReason::Binary, "NUL bytes".into())),
        };
        let back = roundtrip(&bad);
        assert_eq!(
            back.outcome.err(),
            Some((DropReason::Binary, "NUL bytes".into()))
        );
    }

    #[test]
    fn prepared_documents_survive_the_spool() {
        let p = Prepared {
            origin: origin(),
            bytes: 9,
            outcome: Ok(("мәтін".into(), [7u8; 32])),
            encoding: "utf-8".into(),
            script_repairs: 0,
            furniture: vec![(0, 3), (4, 1)],
        };
        let back = roundtrip(&p);
        assert_eq!(back.outcome, Ok(("мәтін".into(), [7u8; 32])));
        assert_eq!(back.furniture, vec![(0, 3), (4, 1)]);
        let removed = Prepared {
            outcome: Err(Removal::new(&origin(), DropReason::Boilerplate, "only")),
            ..p
        };
        let back = roundtrip(&removed);
        assert_eq!(
            back.outcome.err().map(|r| r.reason),
            Some(DropReason::Boilerplate)
        );
    }

    #[test]
    fn truncated_records_do_not_decode() {
        let mut buf = Vec::new();
        put_origin(&mut buf, &origin());
        for n in 0..buf.len() {
            assert!(get_origin(&mut &buf[..n]).is_none());
        }
    }
}
