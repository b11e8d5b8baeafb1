//! What one pass hands to the next through a spool: the decoded documents of pass one, and pass
//! two's verdict on each (its furniture lines and content hash). Pass three joins the two, so
//! the text is spooled once, not once per pass.

use std::borrow::Cow;

use crate::base::codec::*;
use crate::base::doc::{DropReason, Origin, Removal};
use crate::io::spool::Record;
use crate::stages::boilerplate::{Cut, LineKey, Mark, Part, Removed};
use crate::stages::dedup::Digest;
use crate::stages::normalize::NormalizeReport;

/// A document's text after decode and normalize.
pub(super) struct Normalized {
    pub text: String,
    pub encoding: String,
    pub script_repairs: NormalizeReport,
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
    pub script_repairs: NormalizeReport,
    pub furniture: Removed,
    /// Where the furniture was in the cleaned text (what the `furniture` column shows).
    pub marks: Vec<Mark>,
}

/// Pass two's verdict on one document, spooled instead of the cleaned text.
pub(super) struct Cleaned {
    pub ordinal: u64,
    pub cut: Cut,
    /// Content hash of the cleaned text; `None` when no text is left (or there was none).
    pub hash: Option<Digest>,
}

/// One document's countable lines as pass one measured them, so pass two need not walk them
/// again.
pub(super) struct MeasuredLines {
    pub ordinal: u64,
    pub lines: Vec<LineKey>,
}

/// Flags beside a measured line's index.
const SENTENCE: u64 = 1 << 32;
const FOLDED: u64 = 1 << 33;
const EDGE: u64 = 1 << 34;
/// Flag beside a cut part's line and kind: a piece of the line, whose range follows.
const PIECE: u64 = 1 << 48;

impl Prepared {
    /// The document pass two saw, from pass one's record and pass two's verdict on it; `None`
    /// when the two are not about the same document.
    pub fn join(doc: Decoded, cleaned: Cleaned) -> Option<Prepared> {
        let Decoded {
            origin,
            bytes,
            outcome,
        } = doc;
        if origin.ordinal != cleaned.ordinal {
            return None;
        }
        let Normalized {
            text,
            encoding,
            script_repairs,
        } = match outcome {
            Ok(n) => n,
            Err((reason, detail)) => return Some(Prepared::dropped(origin, bytes, reason, detail)),
        };
        let mut marks = Vec::new();
        let outcome = match cleaned.hash {
            // Most documents keep every line: their text is moved on, not copied.
            Some(hash) => match cleaned.cut.apply_marked(&text) {
                (Cow::Borrowed(_), _) => Ok((text, hash)),
                (Cow::Owned(cut), cut_marks) => {
                    marks = cut_marks;
                    Ok((cut, hash))
                }
            },
            None => Err(
                Removal::new(&origin, DropReason::Boilerplate, "only site furniture")
                    .with_text(&text),
            ),
        };
        Some(Prepared {
            origin,
            bytes,
            outcome,
            encoding,
            script_repairs,
            furniture: cleaned.cut.removed(),
            marks,
        })
    }

    /// A document that lost its text before cleaning.
    pub fn dropped(origin: Origin, bytes: u64, reason: DropReason, detail: String) -> Prepared {
        Prepared {
            outcome: Err(Removal::new(&origin, reason, detail)),
            origin,
            bytes,
            encoding: String::new(),
            script_repairs: NormalizeReport::default(),
            furniture: Vec::new(),
            marks: Vec::new(),
        }
    }
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

fn put_repairs(out: &mut Vec<u8>, r: &NormalizeReport) {
    put_u64(out, r.to_cyrillic);
    put_u64(out, r.to_latin);
    put_u64(out, r.split_glued_words);
}

fn get_repairs(input: &mut &[u8]) -> Option<NormalizeReport> {
    Some(NormalizeReport {
        to_cyrillic: get_u64(input)?,
        to_latin: get_u64(input)?,
        split_glued_words: get_u64(input)?,
    })
}

/// A removal reason as its index in [`DropReason::ALL`], in one byte.
pub(super) fn put_reason_code(out: &mut Vec<u8>, reason: DropReason) {
    let index = DropReason::ALL.iter().position(|r| *r == reason);
    out.push(index.map_or(u8::MAX, |i| i as u8));
}

pub(super) fn get_reason_code(input: &mut &[u8]) -> Option<DropReason> {
    DropReason::ALL.get(usize::from(get_u8(input)?)).copied()
}

fn put_reason(out: &mut Vec<u8>, reason: DropReason, detail: &str) {
    put_reason_code(out, reason);
    put_bytes(out, detail.as_bytes());
}

fn get_reason(input: &mut &[u8]) -> Option<(DropReason, String)> {
    Some((get_reason_code(input)?, get_string(input)?))
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
                put_repairs(out, &n.script_repairs);
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
                script_repairs: get_repairs(input)?,
            }),
        };
        Some(Decoded {
            origin,
            bytes,
            outcome,
        })
    }
}

impl Record for Cleaned {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.ordinal);
        put_u64(out, self.cut.parts.len() as u64);
        for part in &self.cut.parts {
            let piece = if part.span.is_some() { PIECE } else { 0 };
            put_u64(
                out,
                u64::from(part.line) | u64::from(part.kind) << 32 | piece,
            );
            if let Some((start, end)) = part.span {
                put_u64(out, u64::from(start) | u64::from(end) << 32);
            }
        }
        match &self.hash {
            Some(hash) => {
                out.push(1);
                out.extend_from_slice(hash);
            }
            None => out.push(0),
        }
    }

    fn decode(input: &mut &[u8]) -> Option<Cleaned> {
        let ordinal = get_u64(input)?;
        let n_parts = get_u64(input)?;
        // Each entry takes 8 bytes or more: a damaged count must not become a huge allocation.
        let mut parts =
            Vec::with_capacity(usize::try_from(n_parts).unwrap_or(0).min(input.len() / 8));
        for _ in 0..n_parts {
            let head = get_u64(input)?;
            let span = match head & PIECE {
                0 => None,
                _ => {
                    let range = get_u64(input)?;
                    Some((range as u32, (range >> 32) as u32))
                }
            };
            parts.push(Part {
                line: head as u32,
                kind: (head >> 32) as u16,
                span,
            });
        }
        let hash = match get_u8(input)? {
            0 => None,
            _ => Some(take(input, 32)?.try_into().ok()?),
        };
        Some(Cleaned {
            ordinal,
            cut: Cut { parts },
            hash,
        })
    }
}

impl Record for MeasuredLines {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.ordinal);
        put_u64(out, self.lines.len() as u64);
        for l in &self.lines {
            let sentence = if l.sentence { SENTENCE } else { 0 };
            let folded = if l.key != l.exact { FOLDED } else { 0 };
            let edge = if l.edge.is_some() { EDGE } else { 0 };
            put_u64(out, u64::from(l.line) | sentence | folded | edge);
            put_u64(out, l.exact);
            if folded != 0 {
                put_u64(out, l.key);
            }
            if let Some(key) = l.edge {
                put_u64(out, key);
            }
        }
    }

    fn decode(input: &mut &[u8]) -> Option<MeasuredLines> {
        let ordinal = get_u64(input)?;
        let n = get_u64(input)?;
        // Each entry takes 16 bytes or more: a damaged count must not become a huge allocation.
        let mut lines = Vec::with_capacity(usize::try_from(n).unwrap_or(0).min(input.len() / 16));
        for _ in 0..n {
            let head = get_u64(input)?;
            let exact = get_u64(input)?;
            let key = if head & FOLDED != 0 {
                get_u64(input)?
            } else {
                exact
            };
            let edge = match head & EDGE {
                0 => None,
                _ => Some(get_u64(input)?),
            };
            lines.push(LineKey {
                line: head as u32,
                exact,
                key,
                sentence: head & SENTENCE != 0,
                edge,
            });
        }
        Some(MeasuredLines { ordinal, lines })
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
                script_repairs: NormalizeReport {
                    to_cyrillic: 2,
                    to_latin: 3,
                    split_glued_words: 4,
                },
            }),
        };
        let back = roundtrip(&ok);
        assert_eq!(back.origin, ok.origin);
        assert_eq!(back.bytes, 77);
        let n = back.outcome.ok().unwrap();
        assert_eq!(n.text, "Сәлем, әлем!");
        let r = n.script_repairs;
        assert_eq!((r.to_cyrillic, r.to_latin, r.split_glued_words), (2, 3, 4));
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

    fn decoded(text: &str) -> Decoded {
        Decoded {
            origin: origin(),
            bytes: 9,
            outcome: Ok(Normalized {
                text: text.into(),
                encoding: "utf-8".into(),
                script_repairs: NormalizeReport {
                    to_cyrillic: 1,
                    ..NormalizeReport::default()
                },
            }),
        }
    }

    /// A verdict removing whole lines `(line, kind)` and pieces `(line, start, end, kind)`.
    fn cleaned(
        ordinal: u64,
        lines: &[(u32, u16)],
        pieces: &[(u32, u32, u32, u16)],
        hash: Option<Digest>,
    ) -> Cleaned {
        let mut parts: Vec<Part> = lines
            .iter()
            .map(|&(line, kind)| Part {
                line,
                span: None,
                kind,
            })
            .chain(pieces.iter().map(|&(line, s, e, kind)| Part {
                line,
                span: Some((s, e)),
                kind,
            }))
            .collect();
        parts.sort_unstable();
        Cleaned {
            ordinal,
            cut: Cut { parts },
            hash,
        }
    }

    #[test]
    fn cleaning_verdicts_survive_the_spool() {
        let c = cleaned(42, &[(0, 1), (3, 4)], &[(5, 2, 9, 3)], Some([7u8; 32]));
        let back = roundtrip(&c);
        assert_eq!((back.ordinal, &back.cut, back.hash), (42, &c.cut, c.hash));
        let mut buf = Vec::new();
        c.encode(&mut buf);
        for n in 0..buf.len() {
            assert!(Cleaned::decode(&mut &buf[..n]).is_none());
        }
        let empty = roundtrip(&Cleaned { hash: None, ..c });
        assert_eq!(empty.hash, None);
    }

    #[test]
    fn measured_lines_survive_the_spool() {
        let text = "Просмотров: 1234\n\nБұл туралы министрлік бүгін баспасөз мәслихатында хабарлады.\nТағы да оқыңыздар";
        let lines = crate::stages::boilerplate::line_keys(text, 300);
        assert!(lines.iter().any(|l| l.key != l.exact) && lines.iter().any(|l| l.sentence));
        let m = MeasuredLines { ordinal: 7, lines };
        let back = roundtrip(&m);
        assert_eq!((back.ordinal, &back.lines), (7, &m.lines));
        let mut buf = Vec::new();
        m.encode(&mut buf);
        for n in 0..buf.len() {
            assert!(MeasuredLines::decode(&mut &buf[..n]).is_none());
        }
    }

    #[test]
    fn pass_three_cleans_pass_one_text_as_pass_two_decided() {
        let verdict = cleaned(42, &[(0, 3), (3, 3)], &[(4, 13, 23, 5)], Some([7u8; 32]));
        let text = "Фото: ТАСС\nТақырып\n\nМәтін.\nБөлісу.Фото X";
        let p = Prepared::join(decoded(text), verdict).unwrap();
        assert_eq!(p.outcome, Ok(("Тақырып\n\nБөлісу.".into(), [7u8; 32])));
        assert_eq!(
            (p.furniture, p.script_repairs.script_repairs()),
            (vec![(3, 2), (5, 1)], 1)
        );
    }

    #[test]
    fn a_document_left_without_text_is_removed_as_furniture() {
        let verdict = cleaned(42, &[(0, 2)], &[], None);
        let p = Prepared::join(decoded("Тағы да оқыңыздар"), verdict).unwrap();
        assert_eq!(
            p.outcome.err().map(|r| r.reason),
            Some(DropReason::Boilerplate)
        );
    }

    #[test]
    fn verdicts_on_another_document_do_not_join() {
        let verdict = cleaned(41, &[], &[], Some([1u8; 32]));
        assert!(Prepared::join(decoded("Мәтін."), verdict).is_none());
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
