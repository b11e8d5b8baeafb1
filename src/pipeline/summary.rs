//! What a finished build reports: the summary (printed as a table, or as JSON with `--json`),
//! the dry-run report (furniture samples and what each quality filter would remove) and the
//! profile. Nothing here is written into the dataset: the summary holds timings, which differ
//! between runs.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

use crate::base::doc::DropReason;
use crate::pipeline::building::Built;
use crate::pipeline::context::Stages;
use crate::stages::boilerplate::Samples;
use crate::stages::filters::Tally;
use crate::stages::split::Split;

/// Removed furniture texts shown per kind by `--dry-run`.
const FURNITURE_SAMPLES: usize = 10;

/// What a finished build reports (also printed as the summary table).
#[derive(Debug, Clone, serde::Serialize)]
pub struct BuildSummary {
    pub out: String,
    pub dry_run: bool,
    pub documents_in: u64,
    pub kept: BTreeMap<Split, u64>,
    pub removed: BTreeMap<&'static str, u64>,
    pub duplicates: u64,
    pub near_duplicates: u64,
    pub boilerplate_lines: BTreeMap<String, u64>,
    pub languages: BTreeMap<String, u64>,
    pub skipped_files: u64,
    /// Bytes of document text read per pass (the corpus size the throughput refers to).
    pub bytes_in: u64,
    /// Busy seconds per stage (wall time inside the stage), summed over threads and passes.
    pub stage_seconds: BTreeMap<&'static str, f64>,
    /// With `--dry-run`: documents each quality filter would remove, at the threshold shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub quality_report: Vec<QualityLine>,
    /// With `--dry-run`: the most frequent lines (or pieces of lines) each kind of furniture
    /// removal took, with how often.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub furniture_samples: BTreeMap<String, Vec<(String, u64)>>,
    pub seconds: f64,
}

/// A line of the dry-run report: what a filter would remove at the threshold shown.
#[derive(Debug, Clone, serde::Serialize)]
pub struct QualityLine {
    pub filter: &'static str,
    pub threshold: f64,
    pub enabled: bool,
    pub would_remove: u64,
}

impl BuildSummary {
    /// The summary of a build whose last pass returned `built`; `kinds` names the kinds of
    /// furniture, `skipped_files` counts the input files that yielded no documents.
    pub(super) fn new(
        stages: &Stages,
        built: &Built,
        kinds: &[String],
        samples: &Samples,
        skipped_files: usize,
        started: Instant,
    ) -> BuildSummary {
        let stats = &built.stats;
        BuildSummary {
            out: stages.out.display().to_string(),
            dry_run: stages.dry_run,
            documents_in: stats.read,
            kept: stats.kept_by_split(),
            removed: stats.removed_by_reason(),
            duplicates: stats.removed_count(DropReason::Duplicate),
            near_duplicates: stats.removed_count(DropReason::NearDuplicate),
            boilerplate_lines: stats.boilerplate_by_kind(kinds),
            languages: stats.documents_by_language(),
            skipped_files: skipped_files as u64,
            bytes_in: stats.bytes_in,
            stage_seconds: stages.timings.seconds(),
            quality_report: built
                .quality_report
                .as_ref()
                .map(quality_lines)
                .unwrap_or_default(),
            furniture_samples: samples.top(kinds, FURNITURE_SAMPLES),
            seconds: started.elapsed().as_secs_f64(),
        }
    }

    /// The summary table `build` prints, with the dry-run report when there is one.
    pub fn table(&self) -> String {
        let mut out = self.counts_table();
        if !self.furniture_samples.is_empty() {
            let _ = writeln!(out, "furniture removed, most frequent per kind:");
            for (kind, lines) in &self.furniture_samples {
                let _ = writeln!(out, "  {kind}");
                for (text, n) in lines {
                    let _ = writeln!(out, "    {n:>7}  {}", shorten(text, 100));
                }
            }
        }
        if !self.quality_report.is_empty() {
            let _ = writeln!(out, "quality filters (would remove):");
            for q in &self.quality_report {
                let state = if q.enabled { "on" } else { "off" };
                let _ = writeln!(
                    out,
                    "  {:<22}{:>8} at {} ({state})",
                    q.filter, q.would_remove, q.threshold
                );
            }
        }
        out
    }

    /// What was read, kept and removed.
    fn counts_table(&self) -> String {
        let mut out = String::new();
        match self.dry_run {
            true => {
                let _ = writeln!(out, "dry run in {:.1}s: nothing written", self.seconds);
            }
            false => {
                let _ = writeln!(out, "built {} in {:.1}s", self.out, self.seconds);
            }
        }
        let _ = writeln!(out, "  documents in   {:>10}", self.documents_in);
        for (split, n) in &self.kept {
            let _ = writeln!(out, "  kept {:<10}{:>10}", split.name(), n);
        }
        let kept: u64 = self.kept.values().sum();
        let _ = writeln!(out, "  kept total     {kept:>10}");
        for (reason, n) in &self.removed {
            let _ = writeln!(out, "  removed {reason:<13}{n:>7}");
        }
        let _ = writeln!(out, "  duplicates     {:>10}", self.duplicates);
        let _ = writeln!(out, "  near-dups      {:>10}", self.near_duplicates);
        for (kind, n) in &self.boilerplate_lines {
            let _ = writeln!(out, "  furniture {kind:<21}{n:>7}");
        }
        if self.skipped_files > 0 {
            let _ = writeln!(out, "  skipped files  {:>10}", self.skipped_files);
        }
        let _ = writeln!(out, "  languages      {}", self.top_languages(8).join(", "));
        out
    }

    /// The `n` languages with the most documents, as `lang count`.
    fn top_languages(&self, n: usize) -> Vec<String> {
        let mut langs: Vec<_> = self.languages.iter().collect();
        langs.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
        langs
            .iter()
            .take(n)
            .map(|(l, n)| format!("{l} {n}"))
            .collect()
    }

    /// Busy seconds and MB/s per stage (MB of input text per busy second: per-core throughput).
    pub fn profile_table(&self) -> String {
        let mb = self.bytes_in as f64 / 1e6;
        let mut out = format!(
            "stage         busy-s    MB/s per core  ({mb:.1} MB in, {:.1}s wall)\n",
            self.seconds
        );
        for (stage, secs) in &self.stage_seconds {
            let rate = if *secs > 0.0 { mb / secs } else { 0.0 };
            let _ = writeln!(out, "  {stage:<12}{secs:>8.2}{rate:>12.1}");
        }
        out
    }
}

/// `text` cut to at most `max` characters, with an ellipsis when cut.
fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// The dry-run report's lines, one per filter of the tally.
fn quality_lines(tally: &Tally) -> Vec<QualityLine> {
    tally
        .lines
        .iter()
        .filter_map(|line| {
            Some(QualityLine {
                filter: line.filter.name(),
                threshold: line.bound.number()?,
                enabled: line.on,
                would_remove: line.removes,
            })
        })
        .collect()
}
