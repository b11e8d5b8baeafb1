//! What the tasks of a planned build hand to each other through `WORK` (see [`super::plan`]):
//! the state a one-process build merges as it goes, written out so that a later stage can merge
//! it in input order. Each record is the input of one merge step of `build`, so replaying the
//! records of every rank in rank order repeats that build's merges exactly.

use crate::base::codec::*;
use crate::base::doc::{DropReason, Removal};
use crate::io::spool::Record;
use crate::io::write::{DocRow, SentenceRow};
use crate::pipeline::records::{get_reason_code, put_reason_code};
use crate::stages::dedup::Digest;
use crate::stages::split::Split;

/// Scan → count: a distinct-text candidate's fingerprint and the line keys it adds to the counts.
pub(super) struct DocKeys {
    pub fingerprint: u128,
    pub keys: Vec<u64>,
}

/// Sign → dedup: a document with text left after cleaning, its content hash, MinHash signature
/// and id. `ordinal` counts from the rank's first document.
pub(super) struct Signed {
    pub ordinal: u64,
    pub hash: Digest,
    pub signature: Vec<u32>,
    pub id: String,
}

/// Sign → dedup: one furniture text removed, with its kind, for the report's top lists.
pub(super) struct RemovedText {
    pub kind: usize,
    pub text: String,
}

/// Dedup → write: what happens to a document with text, decided in input order over the whole
/// corpus.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Decision {
    Keep {
        dup_count: u32,
        cluster_key: Digest,
        cluster_size: u32,
    },
    Drop {
        reason: DropReason,
        duplicate_of: Option<String>,
        /// What it duplicates (or is) is a document of the previous release (`--previous`).
        previous: bool,
    },
}

/// A decision with the rank-local ordinal of its document, to check the two files line up.
pub(super) struct Decided {
    pub ordinal: u64,
    pub decision: Decision,
}

/// Write → finalize: one row of the dataset, in the order `build` writes it, with the ordinal
/// of its input document in the whole corpus.
pub(super) enum Row {
    Doc(u64, Split, Box<DocRow>),
    Removed(u64, Removal),
}

fn put_u128(out: &mut Vec<u8>, v: u128) {
    put_u64(out, v as u64);
    put_u64(out, (v >> 64) as u64);
}

fn get_u128(input: &mut &[u8]) -> Option<u128> {
    let low = get_u64(input)?;
    let high = get_u64(input)?;
    Some(u128::from(low) | u128::from(high) << 64)
}

fn get_digest(input: &mut &[u8]) -> Option<Digest> {
    take(input, 32)?.try_into().ok()
}

/// A count read back, bounded by the bytes left (each item takes at least `min` bytes), so a
/// damaged count never becomes a huge allocation.
fn get_len(input: &mut &[u8], min: usize) -> Option<usize> {
    let n = usize::try_from(get_u64(input)?).ok()?;
    (n <= input.len() / min.max(1)).then_some(n)
}

impl Record for DocKeys {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u128(out, self.fingerprint);
        put_u64(out, self.keys.len() as u64);
        for k in &self.keys {
            put_u64(out, *k);
        }
    }

    fn decode(input: &mut &[u8]) -> Option<DocKeys> {
        let fingerprint = get_u128(input)?;
        let n = get_len(input, 8)?;
        let keys = (0..n).map(|_| get_u64(input)).collect::<Option<_>>()?;
        Some(DocKeys { fingerprint, keys })
    }
}

impl Record for Signed {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.ordinal);
        out.extend_from_slice(&self.hash);
        put_u64(out, self.signature.len() as u64);
        for v in &self.signature {
            out.extend_from_slice(&v.to_le_bytes());
        }
        put_bytes(out, self.id.as_bytes());
    }

    fn decode(input: &mut &[u8]) -> Option<Signed> {
        let ordinal = get_u64(input)?;
        let hash = get_digest(input)?;
        let n = get_len(input, 4)?;
        let signature = (0..n)
            .map(|_| Some(u32::from_le_bytes(take(input, 4)?.try_into().ok()?)))
            .collect::<Option<_>>()?;
        let id = get_string(input)?;
        Some(Signed {
            ordinal,
            hash,
            signature,
            id,
        })
    }
}

impl Record for RemovedText {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.kind as u64);
        put_bytes(out, self.text.as_bytes());
    }

    fn decode(input: &mut &[u8]) -> Option<RemovedText> {
        let kind = usize::try_from(get_u64(input)?).ok()?;
        let text = get_string(input)?;
        Some(RemovedText { kind, text })
    }
}

impl Record for Decided {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u64(out, self.ordinal);
        match &self.decision {
            Decision::Keep {
                dup_count,
                cluster_key,
                cluster_size,
            } => {
                out.push(0);
                put_u64(out, u64::from(*dup_count));
                out.extend_from_slice(cluster_key);
                put_u64(out, u64::from(*cluster_size));
            }
            Decision::Drop {
                reason,
                duplicate_of,
                previous,
            } => {
                out.push(1 + u8::from(*previous));
                put_reason_code(out, *reason);
                put_opt_str(out, duplicate_of.as_deref());
            }
        }
    }

    fn decode(input: &mut &[u8]) -> Option<Decided> {
        let ordinal = get_u64(input)?;
        let decision = match get_u8(input)? {
            0 => Decision::Keep {
                dup_count: u32::try_from(get_u64(input)?).ok()?,
                cluster_key: get_digest(input)?,
                cluster_size: u32::try_from(get_u64(input)?).ok()?,
            },
            tag @ (1 | 2) => Decision::Drop {
                reason: get_reason_code(input)?,
                duplicate_of: get_opt_string(input)?,
                previous: tag == 2,
            },
            _ => return None,
        };
        Some(Decided { ordinal, decision })
    }
}

fn put_f32(out: &mut Vec<u8>, v: f32) {
    out.extend_from_slice(&v.to_bits().to_le_bytes());
}

fn get_f32(input: &mut &[u8]) -> Option<f32> {
    Some(f32::from_bits(u32::from_le_bytes(
        take(input, 4)?.try_into().ok()?,
    )))
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_bytes(out, s.as_bytes());
}

fn get_label(input: &mut &[u8]) -> Option<&'static str> {
    crate::base::langs::intern(simdutf8::basic::from_utf8(get_bytes(input)?).ok()?)
}

fn put_sentence(out: &mut Vec<u8>, s: &SentenceRow) {
    put_u64(out, s.bytes.start as u64);
    put_u64(out, s.bytes.end as u64);
    put_u64(out, s.start as u64);
    put_u64(out, s.end as u64);
    put_str(out, s.lang);
    put_f32(out, s.lang_score);
}

fn get_sentence(input: &mut &[u8]) -> Option<SentenceRow> {
    let start_byte = usize::try_from(get_u64(input)?).ok()?;
    let end_byte = usize::try_from(get_u64(input)?).ok()?;
    Some(SentenceRow {
        bytes: start_byte..end_byte,
        start: get_u64(input)? as i64,
        end: get_u64(input)? as i64,
        lang: get_label(input)?,
        lang_score: get_f32(input)?,
    })
}

fn put_doc(out: &mut Vec<u8>, d: &DocRow) {
    for s in [
        &d.id,
        &d.text,
        &d.source,
        &d.encoding,
        &d.sha256,
        &d.cluster,
    ] {
        put_str(out, s);
    }
    put_str(out, d.lang);
    put_f32(out, d.lang_score);
    put_u64(out, d.langs.len() as u64);
    for (lang, score) in &d.langs {
        put_str(out, lang);
        put_f32(out, *score);
    }
    put_str(out, d.script);
    put_u64(out, d.n_chars as u64);
    put_u64(out, i64::from(d.dup_count) as u64);
    put_u64(out, i64::from(d.cluster_size) as u64);
    for s in [&d.url, &d.title, &d.date] {
        put_opt_str(out, s.as_deref());
    }
    put_u64(out, d.sentences.len() as u64);
    for s in &d.sentences {
        put_sentence(out, s);
    }
    put_u64(out, d.furniture.len() as u64);
    for (at, kind, text) in &d.furniture {
        put_u64(out, *at as u64);
        put_str(out, kind);
        put_str(out, text);
    }
}

fn get_doc(input: &mut &[u8]) -> Option<DocRow> {
    let [id, text, source, encoding, sha256, cluster] = [(); 6].map(|_| get_string(input));
    let lang = get_label(input)?;
    let lang_score = get_f32(input)?;
    let n = get_len(input, 12)?;
    let langs = (0..n)
        .map(|_| Some((get_label(input)?, get_f32(input)?)))
        .collect::<Option<_>>()?;
    let script = get_label(input)?;
    let n_chars = get_u64(input)? as i64;
    let dup_count = i32::try_from(get_u64(input)? as i64).ok()?;
    let cluster_size = i32::try_from(get_u64(input)? as i64).ok()?;
    let [url, title, date] = [(); 3].map(|_| get_opt_string(input));
    let n = get_len(input, 44)?;
    let sentences = (0..n).map(|_| get_sentence(input)).collect::<Option<_>>()?;
    let n = get_len(input, 24)?;
    let furniture = (0..n)
        .map(|_| {
            Some((
                get_u64(input)? as i64,
                get_string(input)?,
                get_string(input)?,
            ))
        })
        .collect::<Option<_>>()?;
    Some(DocRow {
        id: id?,
        text: text?,
        lang,
        lang_score,
        langs,
        script,
        source: source?,
        encoding: encoding?,
        sha256: sha256?,
        n_chars,
        dup_count,
        cluster: cluster?,
        cluster_size,
        url: url?,
        title: title?,
        date: date?,
        sentences,
        furniture,
    })
}

impl Record for Row {
    fn encode(&self, out: &mut Vec<u8>) {
        match self {
            Row::Doc(ordinal, split, doc) => {
                let index = Split::ALL.iter().position(|s| s == split).unwrap_or(0);
                out.push(index as u8);
                put_u64(out, *ordinal);
                put_doc(out, doc);
            }
            Row::Removed(ordinal, r) => {
                out.push(u8::MAX);
                put_u64(out, *ordinal);
                for s in [&r.id, &r.source, &r.detail] {
                    put_str(out, s);
                }
                put_reason_code(out, r.reason);
                put_opt_str(out, r.duplicate_of.as_deref());
                put_opt_str(out, r.text.as_deref());
            }
        }
    }

    fn decode(input: &mut &[u8]) -> Option<Row> {
        match get_u8(input)? {
            u8::MAX => {
                let ordinal = get_u64(input)?;
                let [id, source, detail] = [(); 3].map(|_| get_string(input));
                Some(Row::Removed(
                    ordinal,
                    Removal {
                        id: id?,
                        source: source?,
                        detail: detail?,
                        reason: get_reason_code(input)?,
                        duplicate_of: get_opt_string(input)?,
                        text: get_opt_string(input)?,
                    },
                ))
            }
            split => {
                let split = *Split::ALL.get(usize::from(split))?;
                let ordinal = get_u64(input)?;
                Some(Row::Doc(ordinal, split, Box::new(get_doc(input)?)))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<T: Record>(value: &T) -> T {
        let mut bytes = Vec::new();
        value.encode(&mut bytes);
        let mut input = bytes.as_slice();
        let back = T::decode(&mut input).expect("decodes");
        assert!(input.is_empty(), "every byte read");
        // A record cut short anywhere is refused, never misread.
        for cut in 0..bytes.len() {
            assert!(T::decode(&mut &bytes[..cut]).is_none(), "cut at {cut}");
        }
        back
    }

    fn doc() -> DocRow {
        DocRow {
            id: "a/1".into(),
            text: "Сәлем. Hi!".into(),
            lang: "kk",
            lang_score: 0.75,
            langs: vec![("kk", 0.75), ("en", 0.25)],
            script: "Cyrl",
            source: "a/1.txt".into(),
            encoding: "utf-8".into(),
            sha256: "ab".into(),
            n_chars: 10,
            dup_count: 2,
            cluster: "cd".into(),
            cluster_size: 1,
            url: Some("https://example.kz/1".into()),
            title: None,
            date: Some("2026-12-07".into()),
            sentences: vec![SentenceRow {
                bytes: 0..11,
                start: 0,
                end: 6,
                lang: "kk",
                lang_score: 0.5,
            }],
            furniture: vec![(6, "credit".into(), "Фото: Ақорда".into())],
        }
    }

    #[test]
    fn rows_survive_the_spool_whole() {
        let row = Row::Doc(9, Split::Test, Box::new(doc()));
        let Row::Doc(ordinal, split, back) = round_trip(&row) else {
            panic!("a document row");
        };
        assert_eq!((ordinal, split, *back), (9, Split::Test, doc()));
        let removal = Removal {
            id: "x".into(),
            source: "x.txt".into(),
            reason: DropReason::NearDuplicate,
            detail: "nearly".into(),
            duplicate_of: Some("y".into()),
            text: Some("Бүгін жаңбыр.".into()),
        };
        let Row::Removed(ordinal, back) = round_trip(&Row::Removed(7, removal.clone())) else {
            panic!("a removal row");
        };
        assert_eq!((ordinal, back), (7, removal));
    }

    #[test]
    fn decisions_and_signatures_survive_the_spool() {
        for decision in [
            Decision::Keep {
                dup_count: 3,
                cluster_key: [7; 32],
                cluster_size: 2,
            },
            Decision::Drop {
                reason: DropReason::Duplicate,
                duplicate_of: None,
                previous: false,
            },
            Decision::Drop {
                reason: DropReason::NearDuplicate,
                duplicate_of: Some("kk/a01.txt".into()),
                previous: true,
            },
        ] {
            let back = round_trip(&Decided {
                ordinal: 9,
                decision: decision.clone(),
            });
            assert_eq!((back.ordinal, back.decision), (9, decision));
        }
        let signed = round_trip(&Signed {
            ordinal: 4,
            hash: [1; 32],
            signature: vec![5, 6, u32::MAX],
            id: "doc".into(),
        });
        assert_eq!(signed.signature, [5, 6, u32::MAX]);
        let keys = round_trip(&DocKeys {
            fingerprint: u128::MAX - 3,
            keys: vec![1, 2],
        });
        assert_eq!((keys.fingerprint, keys.keys), (u128::MAX - 3, vec![1, 2]));
    }
}
