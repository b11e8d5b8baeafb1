//! What the report draws, gathered in one pass over each table, reading only the columns it
//! needs (the text column, most of the bytes, is never read here).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float32Type, Int32Type, Int64Type};
use arrow_array::{Array, RecordBatch, StringArray};

use crate::base::error::Result;
use crate::release::manifest::Manifest;
use crate::release::tables::batches;

use super::svg::escape;

/// Languages drawn one by one (length histograms, the confusion table); the rest are summed.
const TOP_LANGS: usize = 8;
/// Sites drawn; the rest are summed into one row.
const TOP_SITES: usize = 30;

#[derive(Debug, Default, Clone, Copy)]
pub struct LangTotals {
    pub docs: u64,
    pub chars: u64,
}

#[derive(Debug, Default, Clone)]
pub struct Lengths {
    pub chars: Vec<(String, u64)>,
    pub sentences: Vec<(String, u64)>,
}

/// The counts behind every chart.
#[derive(Debug, Default)]
pub struct Tables {
    langs: BTreeMap<String, LangTotals>,
    scripts: BTreeMap<String, BTreeMap<String, u64>>,
    /// Per language: documents per doubling bin of characters, and of sentences.
    char_bins: BTreeMap<String, [u64; CHAR_BINS]>,
    sentence_bins: BTreeMap<String, [u64; SENTENCE_BINS]>,
    dup_bins: [u64; SIZE_BINS],
    cluster_bins: [u64; SIZE_BINS],
    share_bins: [u64; SHARE_BINS],
    /// Per site: kept documents, and removed ones per reason.
    kept_by_site: BTreeMap<String, u64>,
    removed_by_site: BTreeMap<String, BTreeMap<String, u64>>,
    /// (document language, sentence language) → sentences.
    confusion: BTreeMap<(String, String), u64>,
}

const CHAR_BINS: usize = 12;
const SENTENCE_BINS: usize = 9;
const SIZE_BINS: usize = 6;
const SHARE_BINS: usize = 7;

impl Tables {
    pub fn read(dir: &Path, manifest: &Manifest) -> Result<Tables> {
        let mut tables = Tables::default();
        let mut doc_langs: HashMap<String, String> = HashMap::new();
        for file in manifest.files.iter() {
            let path = dir.join(&file.path);
            match file.config.as_str() {
                "documents" => {
                    for batch in batches(&path, Some(DOC_COLUMNS))? {
                        tables.add_documents(&batch?, &mut doc_langs);
                    }
                }
                "removed" => {
                    for batch in batches(&path, Some(&["source", "reason"]))? {
                        tables.add_removed(&batch?);
                    }
                }
                _ => {}
            }
        }
        for file in manifest.files.iter().filter(|f| f.config == "sentences") {
            for batch in batches(&dir.join(&file.path), Some(&["doc_id", "lang"]))? {
                tables.add_sentences(&batch?, &doc_langs);
            }
        }
        Ok(tables)
    }

    fn add_documents(&mut self, batch: &RecordBatch, doc_langs: &mut HashMap<String, String>) {
        let text = |name: &str| {
            batch
                .column_by_name(name)
                .and_then(|c| c.as_string_opt::<i32>())
        };
        let (Some(id), Some(lang), Some(script), Some(source)) =
            (text("id"), text("lang"), text("script"), text("source"))
        else {
            return;
        };
        let int = |name: &str, row: usize| -> u64 {
            let Some(c) = batch.column_by_name(name) else {
                return 0;
            };
            c.as_primitive_opt::<Int64Type>()
                .map(|a| a.value(row).max(0) as u64)
                .or_else(|| {
                    c.as_primitive_opt::<Int32Type>()
                        .map(|a| a.value(row).max(0) as u64)
                })
                .unwrap_or(0)
        };
        let shares = batch
            .column_by_name("langs")
            .and_then(|c| c.as_list_opt::<i32>());
        for row in 0..batch.num_rows() {
            let lang = lang.value(row).to_string();
            let chars = int("n_chars", row);
            let totals = self.langs.entry(lang.clone()).or_default();
            totals.docs += 1;
            totals.chars += chars;
            *self
                .scripts
                .entry(lang.clone())
                .or_default()
                .entry(script.value(row).to_string())
                .or_default() += 1;
            self.char_bins.entry(lang.clone()).or_insert([0; CHAR_BINS])
                [doubling_bin(chars, 64, CHAR_BINS)] += 1;
            self.sentence_bins
                .entry(lang.clone())
                .or_insert([0; SENTENCE_BINS])
                [doubling_bin(int("n_sentences", row), 1, SENTENCE_BINS)] += 1;
            self.dup_bins[doubling_bin(int("dup_count", row), 1, SIZE_BINS)] += 1;
            self.cluster_bins[doubling_bin(int("cluster_size", row), 1, SIZE_BINS)] += 1;
            if let Some(share) = shares.and_then(|l| main_share(&l.value(row))) {
                self.share_bins[share_bin(share)] += 1;
            }
            *self
                .kept_by_site
                .entry(site(source.value(row)))
                .or_default() += 1;
            doc_langs.insert(id.value(row).to_string(), lang);
        }
    }

    fn add_removed(&mut self, batch: &RecordBatch) {
        let text = |name: &str| {
            batch
                .column_by_name(name)
                .and_then(|c| c.as_string_opt::<i32>())
        };
        let (Some(source), Some(reason)) = (text("source"), text("reason")) else {
            return;
        };
        for row in 0..batch.num_rows() {
            *self
                .removed_by_site
                .entry(site(source.value(row)))
                .or_default()
                .entry(reason.value(row).to_string())
                .or_default() += 1;
        }
    }

    fn add_sentences(&mut self, batch: &RecordBatch, doc_langs: &HashMap<String, String>) {
        let text = |name: &str| {
            batch
                .column_by_name(name)
                .and_then(|c| c.as_string_opt::<i32>())
        };
        let (Some(doc), Some(lang)): (Option<&StringArray>, Option<&StringArray>) =
            (text("doc_id"), text("lang"))
        else {
            return;
        };
        for row in 0..batch.num_rows() {
            let Some(doc_lang) = doc_langs.get(doc.value(row)) else {
                continue;
            };
            *self
                .confusion
                .entry((doc_lang.clone(), lang.value(row).to_string()))
                .or_default() += 1;
        }
    }

    /// Languages by kept documents, most first.
    pub fn languages(&self) -> impl Iterator<Item = (String, LangTotals)> + '_ {
        let mut langs: Vec<(String, LangTotals)> =
            self.langs.iter().map(|(l, t)| (l.clone(), *t)).collect();
        langs.sort_by(|a, b| b.1.docs.cmp(&a.1.docs).then(a.0.cmp(&b.0)));
        langs.into_iter()
    }

    fn top_langs(&self) -> Vec<String> {
        self.languages().take(TOP_LANGS).map(|(l, _)| l).collect()
    }

    /// Scripts (the series) and per language its documents in each.
    pub fn scripts(&self) -> (Vec<String>, Vec<(String, Vec<u64>)>) {
        let series = inner_keys(&self.scripts);
        let rows = self
            .languages()
            .map(|(lang, _)| {
                let values = values_of(self.scripts.get(&lang), &series).collect();
                (lang, values)
            })
            .collect();
        (series, rows)
    }

    /// Length histograms of the most common languages.
    pub fn lengths(&self) -> Vec<(String, Lengths)> {
        self.top_langs()
            .into_iter()
            .map(|lang| {
                let chars = self.char_bins.get(&lang).copied().unwrap_or_default();
                let sentences = self.sentence_bins.get(&lang).copied().unwrap_or_default();
                let lengths = Lengths {
                    chars: labelled(&chars, 64),
                    sentences: labelled(&sentences, 1),
                };
                (lang, lengths)
            })
            .collect()
    }

    pub fn dup_sizes(&self) -> Vec<(String, u64)> {
        labelled(&self.dup_bins, 1)
    }

    pub fn cluster_sizes(&self) -> Vec<(String, u64)> {
        labelled(&self.cluster_bins, 1)
    }

    pub fn main_shares(&self) -> Vec<(String, u64)> {
        const LABELS: [&str; SHARE_BINS] = [
            "<50%", "50–60%", "60–70%", "70–80%", "80–90%", "90–99%", "all",
        ];
        LABELS
            .iter()
            .zip(self.share_bins)
            .map(|(l, n)| (l.to_string(), n))
            .collect()
    }

    /// Sites (most documents first, the rest summed): kept, then each removal reason.
    pub fn by_site(&self) -> (Vec<String>, Vec<(String, Vec<u64>)>) {
        let reasons = inner_keys(&self.removed_by_site);
        let mut sites: Vec<String> = self
            .kept_by_site
            .keys()
            .chain(self.removed_by_site.keys())
            .cloned()
            .collect();
        sites.sort();
        sites.dedup();
        let row = |site: &str| -> Vec<u64> {
            let kept = self.kept_by_site.get(site).copied().unwrap_or(0);
            std::iter::once(kept)
                .chain(values_of(self.removed_by_site.get(site), &reasons))
                .collect()
        };
        let mut rows: Vec<(String, Vec<u64>)> = sites.iter().map(|s| (s.clone(), row(s))).collect();
        rows.sort_by(|a, b| {
            b.1.iter()
                .sum::<u64>()
                .cmp(&a.1.iter().sum())
                .then(a.0.cmp(&b.0))
        });
        if rows.len() > TOP_SITES {
            let rest = rows.split_off(TOP_SITES - 1);
            let mut sum = vec![0; reasons.len() + 1];
            for (_, values) in &rest {
                for (s, v) in sum.iter_mut().zip(values) {
                    *s += v;
                }
            }
            rows.push((format!("{} other sites", rest.len()), sum));
        }
        let series = std::iter::once("kept".to_string()).chain(reasons).collect();
        (series, rows)
    }

    /// Sentences by document language (rows) and sentence language (columns), as an HTML
    /// table; the most common languages, then "other".
    pub fn confusion_table(&self) -> String {
        let top = self.top_langs();
        let column = |l: &str| match top.iter().any(|t| t == l) {
            true => l.to_string(),
            false => "other".to_string(),
        };
        let mut cells: BTreeMap<(String, String), u64> = BTreeMap::new();
        for ((doc, sent), n) in &self.confusion {
            *cells.entry((column(doc), column(sent))).or_default() += n;
        }
        let mut cols = top.clone();
        cols.push("other".to_string());
        let mut out =
            String::from("<table data-chart=\"confusion\"><tr><th>document \\ sentence</th>");
        for c in &cols {
            out.push_str(&format!("<th>{}</th>", escape(c)));
        }
        out.push_str("</tr>");
        for r in &cols {
            out.push_str(&format!("<tr><th>{}</th>", escape(r)));
            for c in &cols {
                let n = cells.get(&(r.clone(), c.clone())).copied().unwrap_or(0);
                out.push_str(&format!("<td>{}</td>", super::svg::thousands(n)));
            }
            out.push_str("</tr>");
        }
        out.push_str("</table>");
        out
    }
}

const DOC_COLUMNS: &[&str] = &[
    "id",
    "lang",
    "script",
    "source",
    "n_chars",
    "n_sentences",
    "dup_count",
    "cluster_size",
    "langs",
];

/// Every inner key of a table of counts, sorted: the series of a stacked chart.
fn inner_keys(table: &BTreeMap<String, BTreeMap<String, u64>>) -> Vec<String> {
    let keys: std::collections::BTreeSet<&String> = table.values().flat_map(|m| m.keys()).collect();
    keys.into_iter().cloned().collect()
}

/// The counts of one row of such a table for each of `series`, zero where it has none.
fn values_of<'a>(
    row: Option<&'a BTreeMap<String, u64>>,
    series: &'a [String],
) -> impl Iterator<Item = u64> + 'a {
    series
        .iter()
        .map(move |s| row.and_then(|m| m.get(s)).copied().unwrap_or(0))
}

/// Bin of `n` among bins that double from `first`: bin 0 holds `..first`, bin k holds
/// `first·2^(k-1)..first·2^k`, the last bin the rest.
fn doubling_bin(n: u64, first: u64, bins: usize) -> usize {
    let mut bound = first;
    for k in 0..bins - 1 {
        if n < bound {
            return k;
        }
        bound = bound.saturating_mul(2);
    }
    bins - 1
}

/// Labels of the doubling bins: "<64", "64–127", …, "1k–2k", "≥64k"; with `first` 1, the
/// first bins are the single values "0" and "1".
fn labelled(counts: &[u64], first: u64) -> Vec<(String, u64)> {
    let last = counts.len().saturating_sub(1);
    let mut low = 0u64;
    let mut bound = first;
    counts
        .iter()
        .enumerate()
        .map(|(k, &n)| {
            let label = match k {
                k if k == last => format!("≥{}", short(low)),
                _ if bound - 1 == low => short(low),
                0 => format!("<{}", short(bound)),
                _ if bound >= 1024 => format!("{}–{}", short(low), short(bound)),
                _ => format!("{low}–{}", bound - 1),
            };
            low = bound;
            bound = bound.saturating_mul(2);
            (label, n)
        })
        .collect()
}

/// 2048 as "2k": bin bounds from 1024 on are powers of two.
fn short(n: u64) -> String {
    match n {
        n if n >= 1024 && n.is_multiple_of(1024) => format!("{}k", n / 1024),
        n => n.to_string(),
    }
}

/// The largest share in a document's `langs` list.
fn main_share(langs: &dyn Array) -> Option<f32> {
    let shares = langs
        .as_struct_opt()?
        .column_by_name("share")?
        .as_primitive_opt::<Float32Type>()?;
    shares
        .iter()
        .flatten()
        .fold(None, |m: Option<f32>, s| Some(m.map_or(s, |m| m.max(s))))
}

fn share_bin(share: f32) -> usize {
    match share {
        s if s >= 0.999 => 6,
        s if s >= 0.9 => 5,
        s if s >= 0.8 => 4,
        s if s >= 0.7 => 3,
        s if s >= 0.6 => 2,
        s if s >= 0.5 => 1,
        _ => 0,
    }
}

/// The site of a source: its first folder (`kk/a01.txt` → `kk`), or its file without the line
/// number (`news.jsonl:4` → `news.jsonl`).
fn site(source: &str) -> String {
    let path = source.rsplit_once(':').map_or(source, |(p, line)| {
        match line.chars().all(|c| c.is_ascii_digit()) && !line.is_empty() {
            true => p,
            false => source,
        }
    });
    path.split('/').next().unwrap_or(path).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubling_bins_and_their_labels_agree() {
        assert_eq!(doubling_bin(0, 64, 4), 0);
        assert_eq!(doubling_bin(63, 64, 4), 0);
        assert_eq!(doubling_bin(64, 64, 4), 1);
        assert_eq!(doubling_bin(255, 64, 4), 2);
        assert_eq!(doubling_bin(10_000, 64, 4), 3);
        let labels: Vec<String> = labelled(&[1, 2, 3, 4], 64)
            .into_iter()
            .map(|l| l.0)
            .collect();
        assert_eq!(labels, ["<64", "64–127", "128–255", "≥256"]);
        let labels: Vec<String> = labelled(&[0; 5], 1).into_iter().map(|l| l.0).collect();
        assert_eq!(labels, ["0", "1", "2–3", "4–7", "≥8"]);
        let labels: Vec<String> = labelled(&[0; 7], 256).into_iter().map(|l| l.0).collect();
        assert_eq!(
            labels,
            [
                "<256",
                "256–511",
                "512–1k",
                "1k–2k",
                "2k–4k",
                "4k–8k",
                "≥8k"
            ]
        );
    }

    #[test]
    fn sites_are_first_folders_or_files() {
        assert_eq!(site("kk/a01.txt"), "kk");
        assert_eq!(site("feeds/news.jsonl:4"), "feeds");
        assert_eq!(site("news.jsonl:4"), "news.jsonl");
        assert_eq!(site("c:notes.txt"), "c:notes.txt");
    }
}
