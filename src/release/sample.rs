//! `corpusmill sample`: a few rows of a built dataset, picked at random among those that pass
//! the filters, to read in a terminal. The same seed picks the same rows, so a sample can be
//! quoted and looked at again.
//!
//! Rows are picked by reservoir sampling in the manifest's file order: one pass over the
//! filtered rows, memory for `n` rows only, and every filtered row equally likely.

use std::fmt::Write as _;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Int32Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use arrow_schema::DataType;
use serde_json::{Map, Value};

use crate::base::error::{Error, Result};
use crate::release::manifest::Manifest;
use crate::release::tables::batches;

/// Which rows to pick.
#[derive(Debug, Clone)]
pub struct Query {
    /// `documents`, `sentences` or `removed`.
    pub config: String,
    pub split: Option<String>,
    pub lang: Option<String>,
    /// Removal reason (`removed` only).
    pub reason: Option<String>,
    pub n: usize,
    pub seed: u64,
}

/// The picked rows, in dataset order, each as its columns' values; and how many rows passed
/// the filters.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Sample {
    pub config: String,
    pub matching: u64,
    pub rows: Vec<Map<String, Value>>,
}

/// Picks up to `query.n` rows of the dataset in `dir`.
pub fn sample(dir: &Path, query: &Query) -> Result<Sample> {
    check(query)?;
    let manifest = Manifest::read(dir)?;
    let mut reservoir = Reservoir::new(query.n, query.seed);
    let files = manifest.files.iter().filter(|f| {
        f.config == query.config
            && query
                .split
                .as_ref()
                .is_none_or(|s| f.split.as_ref() == Some(s))
    });
    for file in files {
        let path = dir.join(&file.path);
        for batch in batches(&path, None)? {
            offer_batch(&batch?, file.split.as_deref(), query, &mut reservoir);
        }
    }
    let matching = reservoir.seen;
    Ok(Sample {
        config: query.config.clone(),
        matching,
        rows: reservoir.into_rows(),
    })
}

fn check(query: &Query) -> Result<()> {
    let usage = |flag: &str, message: &str| {
        Err(Error::Config {
            key: flag.to_string(),
            message: message.to_string(),
        })
    };
    let removed = query.config == "removed";
    if !matches!(query.config.as_str(), "documents" | "sentences" | "removed") {
        return usage("--config", "must be documents, sentences or removed");
    }
    if query.reason.is_some() && !removed {
        return usage("--reason", "applies to --config removed only");
    }
    if query.lang.is_some() && removed {
        return usage("--lang", "applies to documents and sentences only");
    }
    if query.split.is_some() && removed {
        return usage("--split", "removed documents have no split");
    }
    Ok(())
}

/// Offers the rows of `batch` that pass the filters to the reservoir.
fn offer_batch(batch: &RecordBatch, split: Option<&str>, query: &Query, reservoir: &mut Reservoir) {
    let filter = |column: &str, wanted: &Option<String>| -> Option<ArrayRef> {
        wanted.as_ref().and(batch.column_by_name(column).cloned())
    };
    let lang = filter("lang", &query.lang);
    let reason = filter("reason", &query.reason);
    let passes = |col: &Option<ArrayRef>, wanted: &Option<String>, row: usize| match (col, wanted) {
        (Some(col), Some(w)) => text_at(col, row).is_some_and(|v| v == *w),
        (None, Some(_)) => false,
        _ => true,
    };
    for row in 0..batch.num_rows() {
        if passes(&lang, &query.lang, row) && passes(&reason, &query.reason, row) {
            reservoir.offer(|| {
                let mut values = row_values(batch, row);
                if let Some(split) = split {
                    values.insert("split".into(), Value::from(split));
                }
                values
            });
        }
    }
}

fn text_at(col: &ArrayRef, row: usize) -> Option<&str> {
    let strings = col.as_string_opt::<i32>()?;
    (!strings.is_null(row)).then(|| strings.value(row))
}

/// A row as column name → JSON value.
fn row_values(batch: &RecordBatch, row: usize) -> Map<String, Value> {
    let schema = batch.schema();
    schema
        .fields()
        .iter()
        .zip(batch.columns())
        .map(|(field, col)| (field.name().clone(), value_at(col, row)))
        .collect()
}

fn value_at(col: &ArrayRef, row: usize) -> Value {
    if col.is_null(row) {
        return Value::Null;
    }
    match col.data_type() {
        DataType::Utf8 => text_at(col, row).map_or(Value::Null, Value::from),
        DataType::Int32 => Value::from(col.as_primitive::<Int32Type>().value(row)),
        DataType::Int64 => Value::from(col.as_primitive::<Int64Type>().value(row)),
        DataType::Float32 => Value::from(f64::from(col.as_primitive::<Float32Type>().value(row))),
        DataType::List(_) => {
            let items = col.as_list::<i32>().value(row);
            Value::Array((0..items.len()).map(|i| value_at(&items, i)).collect())
        }
        DataType::Struct(_) => {
            let fields = col.as_struct();
            let map = fields
                .column_names()
                .into_iter()
                .zip(fields.columns())
                .map(|(name, c)| (name.to_string(), value_at(c, row)))
                .collect();
            Value::Object(map)
        }
        other => Value::from(format!("<{other}>")),
    }
}

/// Algorithm R: after `seen` offers, each of them is in `rows` with probability n / seen.
struct Reservoir {
    n: usize,
    seen: u64,
    rng: SplitMix64,
    /// Offer number and row.
    rows: Vec<(u64, Map<String, Value>)>,
}

impl Reservoir {
    fn new(n: usize, seed: u64) -> Reservoir {
        Reservoir {
            n,
            seen: 0,
            rng: SplitMix64(seed),
            rows: Vec::with_capacity(n.min(1 << 16)),
        }
    }

    /// Takes the row `make` builds if it is picked; rows passed over are never built.
    fn offer(&mut self, make: impl FnOnce() -> Map<String, Value>) {
        let k = self.seen;
        self.seen += 1;
        if self.rows.len() < self.n {
            self.rows.push((k, make()));
            return;
        }
        let j = self.rng.below(self.seen);
        if let Some(slot) = usize::try_from(j).ok().and_then(|j| self.rows.get_mut(j)) {
            *slot = (k, make());
        }
    }

    /// The picked rows in the order the dataset holds them.
    fn into_rows(mut self) -> Vec<Map<String, Value>> {
        self.rows.sort_by_key(|(k, _)| *k);
        self.rows.into_iter().map(|(_, row)| row).collect()
    }
}

/// A small, well-mixed generator: the sample must be reproducible across platforms and
/// versions, which a library generator does not promise.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..bound` (Lemire's multiply-shift, with rejection of the biased zone).
    fn below(&mut self, bound: u64) -> u64 {
        loop {
            let m = u128::from(self.next()) * u128::from(bound);
            let low = m as u64;
            if low >= bound.wrapping_neg() % bound {
                return (m >> 64) as u64;
            }
        }
    }
}

/// The sample for a terminal: one block per row, the text wrapped to `width` columns.
pub fn render(sample: &Sample, width: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} of {} matching {} rows",
        sample.rows.len(),
        sample.matching,
        sample.config
    );
    for row in &sample.rows {
        out.push('\n');
        out.push_str(&render_row(row, width));
    }
    out
}

/// Columns shown first in a row's header, in this order; the rest follow by name.
const FIRST: [&str; 11] = [
    "id", "doc_id", "idx", "split", "lang", "script", "reason", "detail", "title", "url", "date",
];
/// Columns left out of the readable view (`--json` has them): hashes say nothing to a reader.
const HIDDEN: [&str; 4] = ["text", "sha256", "cluster", "furniture"];

/// The short columns on one header line, then the text (if any) wrapped and indented.
fn render_row(row: &Map<String, Value>, width: usize) -> String {
    let mut head = Vec::new();
    let rest = row.keys().filter(|k| !FIRST.contains(&k.as_str()));
    let names = FIRST.iter().map(|k| k.to_string()).chain(rest.cloned());
    for name in names {
        let Some(value) = row.get(&name) else {
            continue;
        };
        if HIDDEN.contains(&name.as_str()) {
            continue;
        }
        let shown = match value {
            Value::Null => continue,
            Value::String(s) if s.is_empty() => continue,
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().map(short).collect::<Vec<_>>().join(", "),
            other => short(other),
        };
        head.push(format!("{name}: {shown}"));
    }
    let mut out = format!("── {}\n", head.join(" · "));
    let width = width.saturating_sub(2).max(20);
    let Some(Value::String(text)) = row.get("text") else {
        return out;
    };
    // Furniture the cleaning removed, on lines of its own where it was, marked `✂`.
    for piece in interleave(text, row.get("furniture")) {
        match piece {
            Piece::Kept(kept) => {
                for paragraph in kept.split('\n').filter(|p| !p.trim().is_empty()) {
                    for line in wrap(paragraph.trim(), width) {
                        let _ = writeln!(out, "  {line}");
                    }
                }
            }
            Piece::Removed { kind, text } => {
                for line in wrap(&format!("✂ {text}  [{kind}]"), width) {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
    }
    out
}

/// A document's text cut where furniture was removed from it.
#[derive(Debug, PartialEq)]
pub enum Piece {
    Kept(String),
    Removed { kind: String, text: String },
}

/// `text` and the removed lines and pieces of its `furniture` column (offsets in Unicode
/// scalar values into `text`), in reading order.
pub fn interleave(text: &str, furniture: Option<&Value>) -> Vec<Piece> {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    let mut from = 0usize;
    let marks = furniture
        .and_then(Value::as_array)
        .map_or(&[][..], |m| m.as_slice());
    for mark in marks {
        let field = |k: &str| {
            mark.get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let at = mark.get("at").and_then(Value::as_u64).unwrap_or(0) as usize;
        let at = at.clamp(from, chars.len());
        if at > from {
            pieces.push(Piece::Kept(chars[from..at].iter().collect()));
        }
        from = at;
        pieces.push(Piece::Removed {
            kind: field("kind"),
            text: field("text"),
        });
    }
    if from < chars.len() || pieces.is_empty() {
        pieces.push(Piece::Kept(chars[from..].iter().collect()));
    }
    pieces
}

/// A value in a header: a struct's fields joined by spaces (`kk 0.92`).
fn short(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => format!("{f:.2}"),
            _ => n.to_string(),
        },
        Value::Object(map) => map.values().map(short).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

/// Greedy word wrap by characters; a word longer than the width gets a line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if len > 0 && len + 1 + n > width {
            lines.push(std::mem::take(&mut line));
            len = 0;
        }
        if len > 0 {
            line.push(' ');
            len += 1;
        }
        line.push_str(word);
        len += n;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reservoir_keeps_every_row_when_there_are_few() {
        let mut r = Reservoir::new(5, 1);
        for i in 0..3 {
            r.offer(|| Map::from_iter([("i".to_string(), Value::from(i))]));
        }
        let rows = r.into_rows();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[2]["i"], Value::from(2));
    }

    #[test]
    fn reservoir_picks_each_row_about_equally_often() {
        // 20 rows, 5 picked, 4000 seeds: each row is picked about 1000 times.
        let mut picked = [0u32; 20];
        for seed in 0..4000 {
            let mut r = Reservoir::new(5, seed);
            for i in 0..20u64 {
                r.offer(|| Map::from_iter([("i".to_string(), Value::from(i))]));
            }
            for row in r.into_rows() {
                if let Some(i) = row["i"].as_u64() {
                    picked[i as usize] += 1;
                }
            }
        }
        assert!(
            picked.iter().all(|&p| (850..1150).contains(&p)),
            "{picked:?}"
        );
    }

    #[test]
    fn below_stays_below_its_bound() {
        let mut rng = SplitMix64(7);
        for bound in [1, 2, 3, 10, 1 << 40] {
            assert!((0..1000).all(|_| rng.below(bound) < bound));
        }
    }

    #[test]
    fn furniture_goes_back_where_it_was_removed() {
        let furniture = serde_json::json!([
            {"at": 0, "kind": "credit", "text": "Фото: Ақорда"},
            {"at": 7, "kind": "read_also", "text": "Тағы да оқыңыз"},
        ]);
        let pieces = interleave("Сәлем.\nҚош бол.", Some(&furniture));
        assert_eq!(
            pieces,
            [
                Piece::Removed {
                    kind: "credit".into(),
                    text: "Фото: Ақорда".into()
                },
                Piece::Kept("Сәлем.\n".into()),
                Piece::Removed {
                    kind: "read_also".into(),
                    text: "Тағы да оқыңыз".into()
                },
                Piece::Kept("Қош бол.".into()),
            ]
        );
        // Offsets past the text (a damaged file) do not panic.
        let far = serde_json::json!([{"at": 999, "kind": "cta", "text": "x"}]);
        assert_eq!(interleave("ab", Some(&far)).len(), 2);
    }

    #[test]
    fn wrap_breaks_at_spaces_within_the_width() {
        assert_eq!(wrap("aa bb cc dd", 5), ["aa bb", "cc dd"]);
        assert_eq!(wrap("abcdefgh ij", 4), ["abcdefgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
    }
}
