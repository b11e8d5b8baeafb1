//! The dataset card (`README.md`): YAML front matter the Hugging Face Hub and
//! `datasets.load_dataset` read (configs, data files per split, features, split sizes, languages),
//! then prose saying how the dataset was built and how to load it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use arrow_schema::{DataType, Field};

use crate::manifest::Manifest;
use crate::stats::StatsFile;
use crate::write::schema;

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

pub fn render(manifest: &Manifest, stats: &StatsFile) -> String {
    let rows = split_rows(manifest);
    let mut out = String::from("---\n");
    out.push_str(&languages_yaml(stats));
    out.push_str("pretty_name: corpusmill dataset\n");
    out.push_str(&configs_yaml(&rows));
    out.push_str(&dataset_info_yaml(&rows));
    out.push_str("---\n\n");
    out.push_str(&prose(manifest, stats));
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
        let _ = writeln!(out, "- {lang}");
    }
    out
}

fn configs_yaml(rows: &BTreeMap<(&str, &str), u64>) -> String {
    let mut out = String::from("configs:\n");
    for config in CONFIGS {
        let _ = writeln!(out, "- config_name: {config}");
        if config == "documents" {
            out.push_str("  default: true\n");
        }
        out.push_str("  data_files:\n");
        for split in present_splits(rows, config) {
            let _ = writeln!(
                out,
                "  - split: {split}\n    path: data/{config}/{split}-*.parquet"
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
        let _ = writeln!(out, "- config_name: {config}\n  features:");
        for field in schema.fields() {
            out.push_str(&feature_yaml(field, 2));
        }
        out.push_str("  splits:\n");
        for split in present_splits(rows, config) {
            let n = rows.get(&(config, split)).copied().unwrap_or(0);
            let _ = writeln!(out, "  - name: {split}\n    num_examples: {n}");
        }
    }
    out
}

/// One feature in the Hub's YAML notation; lists of structs become `list:` of fields.
fn feature_yaml(field: &Field, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = format!("{pad}- name: {}\n", field.name());
    match field.data_type() {
        DataType::List(item) => match item.data_type() {
            DataType::Struct(fields) => {
                let _ = writeln!(out, "{pad}  list:");
                for f in fields {
                    out.push_str(&feature_yaml(f, indent + 2));
                }
            }
            other => {
                let _ = writeln!(out, "{pad}  list: {}", dtype(other));
            }
        },
        other => {
            let _ = writeln!(out, "{pad}  dtype: {}", dtype(other));
        }
    }
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

fn prose(manifest: &Manifest, stats: &StatsFile) -> String {
    let mut out = String::from("# corpusmill dataset\n\n");
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
    out.push_str("\n| language | documents |\n|---|---:|\n");
    for (lang, n) in languages(stats) {
        let _ = writeln!(out, "| {lang} | {n} |");
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
    format!(
        "\n## How it was built\n\nSettings (also in `manifest.json`; rebuilding the same inputs with \
         them and the same tool version gives identical files):\n\n```json\n{config}\n```\n"
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
`cluster_size`, `url`, `title`, `date`. Columns of `sentences`: `doc_id`, `idx`, `text`, `lang`, `lang_score`, `start`, `end`
(offsets in characters into the document's `text`).
"#;
