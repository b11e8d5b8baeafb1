//! Counters of a build: what was read, kept per split and language, and removed per reason.
//! They feed `stats.json`, the manifest's counts, the dataset card and the summary table; and
//! `corpusmill stats` reads them back from a dataset.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::base::doc::DropReason;
use crate::base::error::{Error, Result};
use crate::io::write::DocRow;
use crate::release::manifest::Manifest;
use crate::stages::normalize::NormalizeReport;
use crate::stages::split::Split;

#[derive(Debug, Default, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Counts {
    pub documents: u64,
    pub sentences: u64,
    pub characters: u64,
}

impl Counts {
    fn absorb(&mut self, other: &Counts) {
        self.documents += other.documents;
        self.sentences += other.sentences;
        self.characters += other.characters;
    }

    fn add(&mut self, doc: &DocRow) {
        self.documents += 1;
        self.sentences += doc.sentences.len() as u64;
        self.characters += u64::try_from(doc.n_chars).unwrap_or(0);
    }
}

#[derive(Debug, Default, Clone, PartialEq, Serialize, Deserialize)]
pub struct SplitStats {
    #[serde(flatten)]
    pub total: Counts,
    /// By document language.
    pub languages: BTreeMap<String, Counts>,
}

/// Saved between the tasks of a planned build as JSON (see `pipeline::plan`).
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Stats {
    pub read: u64,
    /// Bytes of raw document payload read in the building pass.
    pub bytes_in: u64,
    /// Look-alike repairs by kind.
    pub normalization: NormalizeReport,
    /// Furniture lines removed, by kind index of the cleaner.
    boilerplate: BTreeMap<usize, u64>,
    removed: BTreeMap<DropReason, u64>,
    splits: BTreeMap<Split, SplitStats>,
    /// Kept documents by language, then by script.
    #[serde(default)]
    scripts: BTreeMap<String, BTreeMap<String, u64>>,
}

/// The shape of `stats.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatsFile {
    pub documents_read: u64,
    pub documents_kept: u64,
    pub splits: BTreeMap<String, SplitStats>,
    pub removed: BTreeMap<String, u64>,
    pub normalization: BTreeMap<String, u64>,
    /// Lines removed as site furniture, by rule kind (`repeated_line` for the counts).
    #[serde(default)]
    pub boilerplate_lines: BTreeMap<String, u64>,
    /// The most frequent lines (or pieces of lines) each kind removed, with their counts.
    #[serde(default)]
    pub boilerplate_top: BTreeMap<String, Vec<(String, u64)>>,
    /// Kept documents by language, then by script (ISO 15924): Kazakh in Cyrillic and Latin.
    #[serde(default)]
    pub scripts: BTreeMap<String, BTreeMap<String, u64>>,
}

impl Stats {
    pub fn document_read(&mut self, repairs: &NormalizeReport, furniture: &[(usize, u32)]) {
        self.read += 1;
        self.normalization.add(repairs);
        for (kind, n) in furniture {
            *self.boilerplate.entry(*kind).or_default() += u64::from(*n);
        }
    }

    /// Adds the reading-side counts (documents, bytes, repairs, furniture) of `other`.
    pub fn absorb_reading(&mut self, other: Stats) {
        self.read += other.read;
        self.bytes_in += other.bytes_in;
        self.normalization.add(&other.normalization);
        for (kind, n) in other.boilerplate {
            *self.boilerplate.entry(kind).or_default() += n;
        }
    }

    /// Adds every count of `other`: the stats of the write tasks of a planned build, summed.
    pub fn absorb(&mut self, other: Stats) {
        let removed = other.removed.clone();
        let splits = other.splits.clone();
        for (lang, scripts) in &other.scripts {
            let ours = self.scripts.entry(lang.clone()).or_default();
            for (script, n) in scripts {
                *ours.entry(script.clone()).or_default() += n;
            }
        }
        self.absorb_reading(other);
        for (reason, n) in removed {
            *self.removed.entry(reason).or_default() += n;
        }
        for (split, theirs) in splits {
            let ours = self.splits.entry(split).or_default();
            ours.total.absorb(&theirs.total);
            for (lang, counts) in theirs.languages {
                ours.languages.entry(lang).or_default().absorb(&counts);
            }
        }
    }

    /// Furniture lines removed, by kind name.
    pub fn boilerplate_by_kind(&self, kinds: &[String]) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for (kind, n) in &self.boilerplate {
            let name = kinds
                .get(*kind)
                .cloned()
                .unwrap_or_else(|| format!("kind{kind}"));
            *out.entry(name).or_default() += n;
        }
        out
    }

    pub fn kept(&mut self, split: Split, doc: &DocRow) {
        let entry = self.splits.entry(split).or_default();
        entry.total.add(doc);
        entry
            .languages
            .entry(doc.lang.to_string())
            .or_default()
            .add(doc);
        *self
            .scripts
            .entry(doc.lang.to_string())
            .or_default()
            .entry(doc.script.to_string())
            .or_default() += 1;
    }

    pub fn removed(&mut self, reason: DropReason) {
        *self.removed.entry(reason).or_default() += 1;
    }

    pub fn removed_count(&self, reason: DropReason) -> u64 {
        self.removed.get(&reason).copied().unwrap_or(0)
    }

    pub fn kept_total(&self) -> u64 {
        self.splits.values().map(|s| s.total.documents).sum()
    }

    pub fn kept_by_split(&self) -> BTreeMap<Split, u64> {
        Split::ALL
            .iter()
            .map(|s| (*s, self.splits.get(s).map_or(0, |st| st.total.documents)))
            .collect()
    }

    pub fn removed_by_reason(&self) -> BTreeMap<&'static str, u64> {
        self.removed.iter().map(|(r, n)| (r.code(), *n)).collect()
    }

    pub fn documents_by_language(&self) -> BTreeMap<String, u64> {
        let mut out = BTreeMap::new();
        for split in self.splits.values() {
            for (lang, counts) in &split.languages {
                *out.entry(lang.clone()).or_default() += counts.documents;
            }
        }
        out
    }

    /// The file form of the counts, with what `furniture` says of the removed lines.
    pub fn to_file(&self, furniture: &Furniture) -> StatsFile {
        let kinds = &furniture.kinds;
        StatsFile {
            documents_read: self.read,
            documents_kept: self.kept_total(),
            splits: self
                .splits
                .iter()
                .map(|(s, st)| (s.name().to_string(), st.clone()))
                .collect(),
            removed: self
                .removed
                .iter()
                .map(|(r, n)| (r.code().to_string(), *n))
                .collect(),
            normalization: self
                .normalization
                .by_kind()
                .into_iter()
                .map(|(kind, n)| (kind.to_string(), n))
                .collect(),
            boilerplate_lines: self.boilerplate_by_kind(kinds),
            boilerplate_top: furniture.top.clone(),
            scripts: self.scripts.clone(),
        }
    }
}

/// The furniture removal's own report: its kinds (indexed by the kind numbers the counts use)
/// and the lines it removed most often, per kind name.
#[derive(Debug, Clone, Default)]
pub struct Furniture {
    pub kinds: Vec<String>,
    pub top: BTreeMap<String, Vec<(String, u64)>>,
}

impl StatsFile {
    /// Reads `stats.json` of the dataset in `dir`.
    pub fn read(dir: &Path) -> Result<StatsFile> {
        let path = dir.join("stats.json");
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        serde_json::from_str(&text).map_err(|e| Error::BadDataset {
            path,
            message: e.to_string(),
        })
    }
}

/// `corpusmill stats`: a readable summary, or stats.json plus the manifest's counts as JSON.
pub fn stats_report(dir: &Path, json: bool) -> Result<String> {
    let manifest = Manifest::read(dir)?;
    let stats = StatsFile::read(dir)?;
    if json {
        let value = serde_json::json!({
            "tool": manifest.tool,
            "counts": manifest.counts,
            "stats": stats,
            "skipped_files": manifest.inputs.skipped.len(),
        });
        return Ok(format!(
            "{}\n",
            serde_json::to_string_pretty(&value).unwrap_or_default()
        ));
    }
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} (built by {} {})",
        dir.display(),
        manifest.tool.name,
        manifest.tool.version
    );
    let _ = writeln!(
        out,
        "inputs: {} files, {} bytes, {} skipped",
        manifest.inputs.count,
        manifest.inputs.bytes,
        manifest.inputs.skipped.len()
    );
    let _ = writeln!(
        out,
        "documents: {} read, {} kept, {} removed",
        manifest.counts.read,
        manifest.counts.kept,
        manifest.removed_total()
    );
    let _ = writeln!(
        out,
        "\n{:<12}{:>12}{:>12}{:>14}",
        "split", "documents", "sentences", "characters"
    );
    for (split, s) in &stats.splits {
        let _ = writeln!(
            out,
            "{split:<12}{:>12}{:>12}{:>14}",
            s.total.documents, s.total.sentences, s.total.characters
        );
        for (lang, c) in &s.languages {
            let _ = writeln!(
                out,
                "  {lang:<10}{:>12}{:>12}{:>14}",
                c.documents, c.sentences, c.characters
            );
        }
    }
    if !stats.removed.is_empty() {
        let _ = writeln!(out, "\nremoved:");
        for (reason, n) in &stats.removed {
            let _ = writeln!(out, "  {reason:<14}{n:>10}");
        }
    }
    for (what, n) in &stats.normalization {
        let _ = writeln!(out, "normalization {what}: {n}");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The write tasks of a planned build each count their share; saved as JSON and summed,
    /// the counts must be those of one build that saw every document.
    #[test]
    fn shares_saved_and_absorbed_give_the_whole_counts() {
        let doc = |lang: &'static str, n_chars| DocRow {
            id: String::new(),
            text: String::new(),
            lang,
            lang_score: 1.0,
            langs: Vec::new(),
            script: "Cyrl",
            source: String::new(),
            encoding: String::new(),
            sha256: String::new(),
            n_chars,
            dup_count: 1,
            cluster: String::new(),
            cluster_size: 1,
            url: None,
            title: None,
            date: None,
            sentences: Vec::new(),
            furniture: Vec::new(),
        };
        type Event = (Option<(Split, DocRow)>, Option<DropReason>);
        let events: Vec<Event> = vec![
            (Some((Split::Train, doc("kk", 10))), None),
            (None, Some(DropReason::Duplicate)),
            (Some((Split::Test, doc("ru", 7))), None),
            (Some((Split::Train, doc("ru", 3))), None),
            (None, Some(DropReason::NearDuplicate)),
        ];
        let tally = |events: &[Event]| {
            let mut stats = Stats::default();
            for (kept, removed) in events {
                stats.document_read(&NormalizeReport::default(), &[(1, 2)]);
                if let Some((split, row)) = kept {
                    stats.kept(*split, row);
                }
                if let Some(reason) = removed {
                    stats.removed(*reason);
                }
            }
            stats
        };
        let whole = tally(&events);
        let mut summed = Stats::default();
        for share in events.chunks(2) {
            let json = serde_json::to_vec(&tally(share)).unwrap();
            summed.absorb(serde_json::from_slice(&json).unwrap());
        }
        let file = |s: &Stats| serde_json::to_string(&s.to_file(&Furniture::default())).unwrap();
        assert_eq!(file(&summed), file(&whole));
        assert_eq!(summed.read, 5);
    }

    #[test]
    fn normalization_reports_the_total_beside_each_kind() {
        let mut stats = Stats::default();
        let repairs = NormalizeReport {
            to_cyrillic: 3,
            to_latin: 2,
            split_glued_words: 1,
        };
        stats.document_read(&repairs, &[]);
        let mut other = Stats::default();
        other.document_read(&repairs, &[]);
        stats.absorb_reading(other);
        let file = stats.to_file(&Furniture::default());
        let got: Vec<(&str, u64)> = file
            .normalization
            .iter()
            .map(|(k, n)| (k.as_str(), *n))
            .collect();
        assert_eq!(
            got,
            [
                ("script_repairs", 12),
                ("split_glued_words", 2),
                ("to_cyrillic", 6),
                ("to_latin", 4)
            ]
        );
    }
}
