//! The dataset card (`README.md`): YAML front matter the Hugging Face Hub and
//! `datasets.load_dataset` read (configs, data files per split, features, split sizes, languages),
//! then prose saying how the dataset was built and how to load it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use arrow_schema::{DataType, Field};

use crate::base::config::ReleaseConfig;
use crate::io::write::schema;
use crate::release::manifest::Manifest;
use crate::release::stats::StatsFile;

const CONFIGS: [&str; 2] = ["documents", "sentences"];
const SPLITS: [&str; 3] = ["train", "validation", "test"];

/// Rows per (config, split), from the manifest's file list.
fn split_rows(manifest: &Manifest) -> BTreeMap<(&str, &str), u64> {
    let mut rows = BTreeMap::new();
    for file in &manifest.files {
        if let Some(split) = SPLITS.iter().find(|s| Some(**s) == file.split.as_deref())
            && let Some(config) = CONFIGS.iter().find(|c| **c == file.config)
        {
            *rows.entry((*config, *split)).or_insert(0) += file.rows;
        }
    }
    rows
}

/// The card of a dataset named `name` (the release's name, or the default).
pub fn render(
    manifest: &Manifest,
    stats: &StatsFile,
    release: &ReleaseConfig,
    name: &str,
) -> String {
    let rows = split_rows(manifest);
    let mut out = String::from("---\n");
    out.push_str(&languages_yaml(stats));
    let _ = writeln!(out, "pretty_name: {}", quoted(name));
    // The Hub's license identifiers are the SPDX ones in lowercase (`cc-by-4.0`).
    if let Some(license) = &release.license {
        let _ = writeln!(out, "license: {}", quoted(&license.to_ascii_lowercase()));
    }
    out.push_str(&configs_yaml(&rows));
    out.push_str(&dataset_info_yaml(&rows));
    out.push_str("---\n\n");
    out.push_str(&prose(manifest, stats, release, name));
    out
}

/// What the release says of itself: description, then version, date, license, home page and
/// how to cite it.
fn release_prose(release: &ReleaseConfig) -> String {
    let mut out = String::new();
    if let Some(d) = &release.description {
        let _ = writeln!(out, "{}\n", d.trim());
    }
    let facts = [
        ("Version", &release.version),
        ("Published", &release.date),
        ("License", &release.license),
        ("Home page", &release.homepage),
    ];
    let listed: Vec<String> = facts
        .iter()
        .filter_map(|(k, v)| v.as_ref().map(|v| format!("- {k}: {v}")))
        .collect();
    if !listed.is_empty() {
        let _ = writeln!(out, "{}\n", listed.join("\n"));
    }
    if let Some(c) = &release.citation {
        let _ = writeln!(out, "## Citation\n\n```\n{}\n```\n", c.trim());
    }
    out
}

/// Languages of kept documents, most documents first; `und` is not a language tag the Hub accepts.
fn languages(stats: &StatsFile) -> Vec<(String, u64)> {
    let mut by_lang: BTreeMap<String, u64> = BTreeMap::new();
    for split in stats.splits.values() {
        for (lang, counts) in &split.languages {
            *by_lang.entry(lang.clone()).or_default() += counts.documents;
        }
    }
    let mut langs: Vec<(String, u64)> = by_lang.into_iter().collect();
    langs.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    langs
}

/// The scripts of a language's documents, most used first, with their counts where there are
/// several (`Cyrl 170 · Latn 4`); empty for a dataset from before the counts were kept.
fn scripts_cell(stats: &StatsFile, lang: &str) -> String {
    let Some(scripts) = stats.scripts.get(lang) else {
        return String::new();
    };
    let mut scripts: Vec<(&String, &u64)> = scripts.iter().collect();
    scripts.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    match scripts.as_slice() {
        [(script, _)] => script.to_string(),
        _ => scripts
            .iter()
            .map(|(script, n)| format!("{script} {n}"))
            .collect::<Vec<_>>()
            .join(" · "),
    }
}

fn languages_yaml(stats: &StatsFile) -> String {
    let langs: Vec<String> = languages(stats)
        .into_iter()
        .map(|(l, _)| l)
        .filter(|l| l != "und")
        .collect();
    if langs.is_empty() {
        return String::new();
    }
    let mut out = String::from("language:\n");
    for lang in langs {
        let _ = writeln!(out, "- {}", quoted(&lang));
    }
    out
}

fn configs_yaml(rows: &BTreeMap<(&str, &str), u64>) -> String {
    let mut out = String::from("configs:\n");
    for config in CONFIGS {
        let _ = writeln!(out, "- config_name: {}", quoted(config));
        if config == "documents" {
            out.push_str("  default: true\n");
        }
        out.push_str("  data_files:\n");
        for split in present_splits(rows, config) {
            let path = format!("data/{config}/{split}-*.parquet");
            let _ = writeln!(
                out,
                "  - split: {}\n    path: {}",
                quoted(split),
                quoted(&path)
            );
        }
    }
    out
}

/// Splits that have files: those with rows, or train when the dataset is empty.
fn present_splits<'a>(rows: &BTreeMap<(&str, &str), u64>, config: &str) -> Vec<&'a str> {
    let present: Vec<&str> = SPLITS
        .into_iter()
        .filter(|s| rows.get(&(config, *s)).copied().unwrap_or(0) > 0)
        .collect();
    if present.is_empty() {
        vec!["train"]
    } else {
        present
    }
}

fn dataset_info_yaml(rows: &BTreeMap<(&str, &str), u64>) -> String {
    let mut out = String::from("dataset_info:\n");
    for config in CONFIGS {
        let Some(schema) = schema::by_config(config) else {
            continue;
        };
        let _ = writeln!(out, "- config_name: {}\n  features:", quoted(config));
        for field in schema.fields() {
            out.push_str(&feature_yaml(field, 2));
        }
        out.push_str("  splits:\n");
        for split in present_splits(rows, config) {
            let n = rows.get(&(config, split)).copied().unwrap_or(0);
            let _ = writeln!(out, "  - name: {}\n    num_examples: {n}", quoted(split));
        }
    }
    out
}

/// One feature in the Hub's YAML notation; lists of structs become `list:` of fields.
fn feature_yaml(field: &Field, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = format!("{pad}- name: {}\n", quoted(field.name()));
    match field.data_type() {
        DataType::List(item) => match item.data_type() {
            DataType::Struct(fields) => {
                let _ = writeln!(out, "{pad}  list:");
                for f in fields {
                    out.push_str(&feature_yaml(f, indent + 2));
                }
            }
            other => {
                let _ = writeln!(out, "{pad}  list: {}", quoted(dtype(other)));
            }
        },
        other => {
            let _ = writeln!(out, "{pad}  dtype: {}", quoted(dtype(other)));
        }
    }
    out
}

/// A YAML double-quoted scalar. Every string in the front matter is written this way because a
/// plain scalar is read by its looks: YAML 1.1, which PyYAML and so the Hub follow, reads the
/// Norwegian code `no` (and `yes`, `on`, `off`) as a boolean, `null` as nothing, digits as a
/// number, and `: ` as the start of a mapping. Only `default: true` and the row counts are meant
/// as a boolean and numbers, and stay plain.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn dtype(t: &DataType) -> &'static str {
    match t {
        DataType::Utf8 => "string",
        DataType::Float32 => "float32",
        DataType::Int32 => "int32",
        DataType::Int64 => "int64",
        _ => "string",
    }
}

fn prose(manifest: &Manifest, stats: &StatsFile, release: &ReleaseConfig, name: &str) -> String {
    let mut out = format!("# {name}\n\n");
    out.push_str(&release_prose(release));
    let _ = writeln!(
        out,
        "Built by {} {} from {} input files ({} bytes). Every input document is either in a split \
         or listed in `removed/` with a reason; `manifest.json` lists every file with its checksum, \
         and `corpusmill verify` checks them.\n",
        manifest.tool.name, manifest.tool.version, manifest.inputs.count, manifest.inputs.bytes
    );
    out.push_str(
        "## Contents\n\n| split | documents | sentences | characters |\n|---|---:|---:|---:|\n",
    );
    for split in SPLITS {
        if let Some(s) = stats.splits.get(split) {
            let _ = writeln!(
                out,
                "| {split} | {} | {} | {} |",
                s.total.documents, s.total.sentences, s.total.characters
            );
        }
    }
    out.push_str("\n| language | script | documents |\n|---|---|---:|\n");
    for (lang, n) in languages(stats) {
        let _ = writeln!(out, "| {lang} | {} | {n} |", scripts_cell(stats, &lang));
    }
    let _ = writeln!(
        out,
        "\n## Removed\n\n{} documents read, {} kept.\n",
        stats.documents_read, stats.documents_kept
    );
    if !stats.removed.is_empty() {
        out.push_str("| reason | documents |\n|---|---:|\n");
        for (reason, n) in &stats.removed {
            let _ = writeln!(out, "| {reason} | {n} |");
        }
    }
    if !stats.boilerplate_lines.is_empty() {
        out.push_str(
            "\nSite furniture removed from kept and removed documents (lines, or pieces cut out of \
             lines, by kind; `repeated_line` = found in many documents):\n\n| kind | removed |\n\
             |---|---:|\n",
        );
        for (kind, n) in &stats.boilerplate_lines {
            let _ = writeln!(out, "| {kind} | {n} |");
        }
    }
    out.push_str(&build_section(manifest));
    out.push_str(LOADING);
    out
}

fn build_section(manifest: &Manifest) -> String {
    let config = serde_json::to_string_pretty(&manifest.config).unwrap_or_default();
    let lineage = match &manifest.previous {
        Some(previous) => format!(
            "Built on the previous release {} (`manifest.json` SHA-256 `{}`): its documents kept \
             their ids, splits and clusters, and new copies of them were removed. `CHANGES.md` \
             and `changes.json` say what changed.\n\n",
            previous.version.as_deref().unwrap_or("(no version)"),
            previous.manifest_sha256
        ),
        None => String::new(),
    };
    format!(
        "\n## How it was built\n\n{lineage}Settings (also in `manifest.json`; rebuilding the same \
         inputs with them and the same tool version gives identical files):\n\n```json\n\
         {config}\n```\n"
    )
}

const LOADING: &str = r#"
## Loading

```python
from datasets import load_dataset
docs = load_dataset("path/to/this/folder")                  # documents, all splits
sents = load_dataset("path/to/this/folder", "sentences")    # one row per sentence

import polars as pl
train = pl.scan_parquet("path/to/this/folder/data/documents/train-*.parquet")
```

Columns of `documents`: `id`, `text`, `lang`, `lang_score`, `langs` (languages by share of
characters), `script`, `source`, `encoding`, `sha256`, `n_chars`, `n_sentences`, `dup_count`, `cluster`,
`cluster_size`, `url`, `title`, `date`, `furniture` (the lines the cleaning removed, with their
offsets into `text`). Columns of `sentences`: `doc_id`, `idx`, `text`, `lang`, `lang_score`, `start`, `end`
(offsets in characters into the document's `text`).
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::stats::{Counts, SplitStats};

    /// Stats with one kept document per language code.
    fn stats_with_languages(codes: &[&str]) -> StatsFile {
        let one = Counts {
            documents: 1,
            sentences: 1,
            characters: 10,
        };
        let split = SplitStats {
            total: one,
            languages: codes.iter().map(|c| (c.to_string(), one)).collect(),
        };
        StatsFile {
            documents_read: codes.len() as u64,
            documents_kept: codes.len() as u64,
            splits: BTreeMap::from([("train".to_string(), split)]),
            removed: BTreeMap::new(),
            normalization: BTreeMap::new(),
            boilerplate_lines: BTreeMap::new(),
            boilerplate_top: BTreeMap::new(),
            scripts: codes
                .iter()
                .map(|c| (c.to_string(), BTreeMap::from([("Cyrl".to_string(), 1)])))
                .collect(),
        }
    }

    /// Kazakh in Cyrillic and Latin: the language table says how many documents of each.
    #[test]
    fn the_language_table_gives_the_scripts_of_each_language() {
        let mut stats = stats_with_languages(&["kk", "ru"]);
        let kk = BTreeMap::from([("Latn".to_string(), 4), ("Cyrl".to_string(), 170)]);
        stats.scripts.insert("kk".to_string(), kk);
        assert_eq!(scripts_cell(&stats, "kk"), "Cyrl 170 · Latn 4");
        assert_eq!(scripts_cell(&stats, "ru"), "Cyrl");
        assert_eq!(scripts_cell(&stats, "en"), "");
    }

    /// Regression (issue 24): `- no` is the boolean `false` to YAML 1.1, so a Norwegian
    /// dataset's card declared no language.
    #[test]
    fn card_language_codes_are_quoted_so_yaml_keeps_norwegian() {
        let yaml = languages_yaml(&stats_with_languages(&["no", "kk", "on", "und"]));
        assert_eq!(yaml, "language:\n- \"kk\"\n- \"no\"\n- \"on\"\n");
    }

    /// Every scalar of the front matter is quoted, but for the one boolean and the row counts.
    #[test]
    fn card_front_matter_strings_are_all_quoted() {
        let rows = BTreeMap::from([(("documents", "train"), 3), (("sentences", "test"), 7)]);
        let yaml = [
            languages_yaml(&stats_with_languages(&["no"])),
            configs_yaml(&rows),
            dataset_info_yaml(&rows),
        ]
        .concat();
        for line in yaml.lines() {
            let item = line.trim_start().trim_start_matches("- ");
            let value = match item.split_once(": ") {
                Some((_, value)) => value,
                None if item.ends_with(':') => continue,
                None => item,
            };
            let plain_ok = value == "true" || value.bytes().all(|b| b.is_ascii_digit());
            let is_quoted = value.len() >= 2 && value.starts_with('"') && value.ends_with('"');
            assert!(plain_ok || is_quoted, "unquoted string in `{line}`");
        }
    }

    #[test]
    fn quoted_escapes_what_a_double_quoted_scalar_cannot_hold() {
        assert_eq!(quoted(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(quoted("a\nb: c"), "\"a\\u000ab: c\"");
    }
}
