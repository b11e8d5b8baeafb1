//! `corpusmill verify`: check a built dataset against its manifest (checksums, schemas, row
//! counts, the accounting law read = kept + removed).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::base::error::Result;
use crate::io::write::{FileEntry, schema};
use crate::release::manifest::{FORMAT_VERSION, Manifest};
use crate::release::stats::StatsFile;

#[derive(Debug, Default)]
pub struct VerifyReport {
    pub problems: Vec<String>,
    pub files_checked: usize,
    pub checksums_checked: usize,
}

/// Checks everything it can and lists every problem; only an unreadable manifest is an error.
pub fn verify(dir: &Path) -> Result<VerifyReport> {
    let manifest = Manifest::read(dir)?;
    let mut report = VerifyReport::default();
    if manifest.format_version != FORMAT_VERSION {
        report.problems.push(format!(
            "manifest.json: format_version {} is not the supported {FORMAT_VERSION}",
            manifest.format_version
        ));
    }
    for entry in &manifest.files {
        check_file(dir, entry, &mut report.problems);
        report.files_checked += 1;
    }
    report.checksums_checked = check_sums(dir, &mut report.problems)?;
    check_unlisted(dir, &manifest, &mut report.problems)?;
    check_counts(&manifest, &mut report.problems);
    if let Ok(stats) = StatsFile::read(dir) {
        check_stats(&manifest, &stats, &mut report.problems);
    } else {
        report
            .problems
            .push("stats.json: missing or unreadable".into());
    }
    Ok(report)
}

fn check_file(dir: &Path, entry: &FileEntry, problems: &mut Vec<String>) {
    let path = dir.join(&entry.path);
    match crate::base::digest::hash_file(&path) {
        Err(e) => {
            problems.push(e.to_string());
            return;
        }
        Ok((bytes, sha)) => {
            if bytes != entry.bytes {
                problems.push(format!(
                    "{}: {bytes} bytes, manifest says {}",
                    entry.path, entry.bytes
                ));
            }
            if sha != entry.sha256 {
                problems.push(format!("{}: sha256 differs from the manifest", entry.path));
            }
        }
    }
    if let Err(problem) = check_parquet(&path, entry) {
        problems.push(format!("{}: {problem}", entry.path));
    }
}

fn check_parquet(path: &Path, entry: &FileEntry) -> std::result::Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let builder = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(|e| format!("not readable Parquet: {e}"))?;
    let rows = builder.metadata().file_metadata().num_rows();
    if u64::try_from(rows).ok() != Some(entry.rows) {
        return Err(format!("{rows} rows, manifest says {}", entry.rows));
    }
    let expected = schema::by_config(&entry.config)
        .ok_or_else(|| format!("unknown config `{}`", entry.config))?;
    let actual = builder.schema();
    let same = actual.fields().len() == expected.fields().len()
        && actual.fields().iter().zip(expected.fields()).all(|(a, e)| {
            a.name() == e.name()
                && a.data_type() == e.data_type()
                && a.is_nullable() == e.is_nullable()
        });
    if !same {
        return Err(format!("schema differs from the `{}` schema", entry.config));
    }
    Ok(())
}

/// Recomputes every line of SHA256SUMS and checks that it lists every file.
fn check_sums(dir: &Path, problems: &mut Vec<String>) -> Result<usize> {
    let path = dir.join("SHA256SUMS");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            problems.push(format!("SHA256SUMS: {e}"));
            return Ok(0);
        }
    };
    let mut listed = BTreeSet::new();
    for line in text.lines().filter(|l| !l.is_empty()) {
        let Some((sha, rel)) = line.split_once("  ") else {
            problems.push(format!("SHA256SUMS: malformed line `{line}`"));
            continue;
        };
        listed.insert(rel.to_string());
        match crate::base::digest::hash_file(&dir.join(rel)) {
            Ok((_, actual)) if actual == sha => {}
            Ok(_) => problems.push(format!("{rel}: checksum mismatch")),
            Err(e) => problems.push(e.to_string()),
        }
    }
    let mut present = Vec::new();
    crate::base::paths::list_files(dir, &mut present)?;
    for rel in present {
        if rel != "SHA256SUMS" && !listed.contains(&rel) {
            problems.push(format!("{rel}: not listed in SHA256SUMS"));
        }
    }
    Ok(listed.len())
}

fn check_unlisted(dir: &Path, manifest: &Manifest, problems: &mut Vec<String>) -> Result<()> {
    let in_manifest: BTreeSet<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    let mut present = Vec::new();
    crate::base::paths::list_files(dir, &mut present)?;
    for rel in present {
        let data = rel.starts_with("data/") || rel.starts_with("removed/");
        if data && !in_manifest.contains(rel.as_str()) {
            problems.push(format!("{rel}: data file not in manifest.json"));
        }
    }
    Ok(())
}

fn rows_of(manifest: &Manifest, config: &str) -> BTreeMap<String, u64> {
    let mut rows = BTreeMap::new();
    for f in manifest.files.iter().filter(|f| f.config == config) {
        *rows.entry(f.split.clone().unwrap_or_default()).or_insert(0) += f.rows;
    }
    rows
}

/// The accounting law: every document read is kept in exactly one split or removed once.
fn check_counts(manifest: &Manifest, problems: &mut Vec<String>) {
    let c = &manifest.counts;
    let removed = manifest.removed_total();
    if c.read != c.kept + removed {
        problems.push(format!(
            "counts: read {} != kept {} + removed {removed}",
            c.read, c.kept
        ));
    }
    let doc_rows = rows_of(manifest, "documents");
    for (split, n) in &c.kept_by_split {
        let rows = doc_rows.get(split).copied().unwrap_or(0);
        if rows != *n {
            problems.push(format!("documents/{split}: {rows} rows, counts say {n}"));
        }
    }
    if c.kept_by_split.values().sum::<u64>() != c.kept {
        problems.push("counts: kept_by_split does not add up to kept".into());
    }
    let removed_rows: u64 = rows_of(manifest, "removed").values().sum();
    if removed_rows != removed {
        problems.push(format!(
            "removed/: {removed_rows} rows, counts say {removed}"
        ));
    }
}

fn check_stats(manifest: &Manifest, stats: &StatsFile, problems: &mut Vec<String>) {
    let sentence_rows = rows_of(manifest, "sentences");
    for (split, s) in &stats.splits {
        let rows = sentence_rows.get(split).copied().unwrap_or(0);
        if rows != s.total.sentences {
            problems.push(format!(
                "sentences/{split}: {rows} rows, stats.json says {}",
                s.total.sentences
            ));
        }
    }
    if stats.documents_read != manifest.counts.read {
        problems.push("stats.json: documents_read differs from the manifest".into());
    }
}
