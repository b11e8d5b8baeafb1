//! `croissant.json`: the dataset described in MLCommons Croissant 1.0 (JSON-LD), so that
//! `mlcroissant` and the tools that read Croissant can load it without knowing corpusmill. One
//! FileSet per table and split (the shards, by glob), one FileObject per shard with its SHA-256,
//! and one RecordSet per FileSet whose fields are the Parquet columns.

use arrow_schema::{DataType, Field};
use serde_json::{Value, json};

use crate::base::config::ReleaseConfig;
use crate::io::write::{FileEntry, schema};
use crate::release::manifest::Manifest;

/// The `@context` of Croissant 1.0, as its specification gives it.
fn context() -> Value {
    json!({
        "@language": "en",
        "@vocab": "https://schema.org/",
        "citeAs": "cr:citeAs",
        "column": "cr:column",
        "conformsTo": "dct:conformsTo",
        "cr": "http://mlcommons.org/croissant/",
        "rai": "http://mlcommons.org/croissant/RAI/",
        "data": {"@id": "cr:data", "@type": "@json"},
        "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
        "dct": "http://purl.org/dc/terms/",
        "examples": {"@id": "cr:examples", "@type": "@json"},
        "extract": "cr:extract",
        "field": "cr:field",
        "fileProperty": "cr:fileProperty",
        "fileObject": "cr:fileObject",
        "fileSet": "cr:fileSet",
        "format": "cr:format",
        "includes": "cr:includes",
        "isLiveDataset": "cr:isLiveDataset",
        "jsonPath": "cr:jsonPath",
        "key": "cr:key",
        "md5": "cr:md5",
        "parentField": "cr:parentField",
        "path": "cr:path",
        "recordSet": "cr:recordSet",
        "references": "cr:references",
        "regex": "cr:regex",
        "repeated": "cr:repeated",
        "replace": "cr:replace",
        "sc": "https://schema.org/",
        "separator": "cr:separator",
        "source": "cr:source",
        "subField": "cr:subField",
        "transform": "cr:transform"
    })
}

/// The Croissant description of a dataset named `default_name` (its folder's name, unless the
/// release names it).
pub fn render(manifest: &Manifest, release: &ReleaseConfig, default_name: &str) -> String {
    let name = release
        .name
        .clone()
        .unwrap_or_else(|| default_name.to_string());
    let description = release.description.clone().unwrap_or_else(|| {
        format!(
            "Built by {} {} from {} input files: {} documents read, {} kept.",
            manifest.tool.name,
            manifest.tool.version,
            manifest.inputs.count,
            manifest.counts.read,
            manifest.counts.kept
        )
    });
    let mut doc = json!({
        "@context": context(),
        "@type": "sc:Dataset",
        "name": name,
        "description": description,
        "conformsTo": "http://mlcommons.org/croissant/1.0",
        "citeAs": release.citation.clone().unwrap_or_else(|| name.to_string()),
        "distribution": distribution(&manifest.files),
        "recordSet": record_sets(&manifest.files),
    });
    let optional = [
        ("version", &release.version),
        ("url", &release.homepage),
        ("datePublished", &release.date),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            doc[key] = Value::from(value.as_str());
        }
    }
    if let Some(license) = &release.license {
        doc["license"] = Value::from(format!("https://spdx.org/licenses/{license}.html"));
    }
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}

/// The table and split of each FileSet, in manifest order, without repeats.
fn file_sets(files: &[FileEntry]) -> Vec<(&str, Option<&str>)> {
    let mut sets: Vec<(&str, Option<&str>)> = Vec::new();
    for f in files {
        let key = (f.config.as_str(), f.split.as_deref());
        if !sets.contains(&key) {
            sets.push(key);
        }
    }
    sets
}

fn set_id(config: &str, split: Option<&str>) -> String {
    match split {
        Some(split) => format!("{config}-{split}"),
        None => config.to_string(),
    }
}

/// The glob of a table's shards: `data/documents/train-00000-of-00002.parquet` gives
/// `data/documents/train-*.parquet`.
fn glob(files: &[FileEntry], config: &str, split: Option<&str>) -> String {
    let first = files
        .iter()
        .find(|f| f.config == config && f.split.as_deref() == split);
    let stem = first.and_then(|f| {
        let of = f.path.rfind("-of-")?;
        let dash = f.path[..of].rfind('-')?;
        Some(&f.path[..dash])
    });
    match stem {
        Some(stem) => format!("{stem}-*.parquet"),
        None => format!("{config}/*.parquet"),
    }
}

fn distribution(files: &[FileEntry]) -> Vec<Value> {
    let mut out: Vec<Value> = file_sets(files)
        .into_iter()
        .map(|(config, split)| {
            json!({
                "@type": "cr:FileSet",
                "@id": set_id(config, split),
                "name": set_id(config, split),
                "encodingFormat": "application/x-parquet",
                "includes": glob(files, config, split),
            })
        })
        .collect();
    out.extend(files.iter().map(|f| {
        json!({
            "@type": "cr:FileObject",
            "@id": f.path,
            "name": f.path,
            "contentUrl": f.path,
            "contentSize": format!("{} B", f.bytes),
            "encodingFormat": "application/x-parquet",
            "sha256": f.sha256,
        })
    }));
    out
}

fn record_sets(files: &[FileEntry]) -> Vec<Value> {
    file_sets(files)
        .into_iter()
        .filter_map(|(config, split)| {
            let arrow = schema::by_config(config)?;
            let set = set_id(config, split);
            let fields: Vec<Value> = arrow
                .fields()
                .iter()
                .map(|f| field(&set, &format!("{set}/{}", f.name()), f, None))
                .collect();
            Some(json!({
                "@type": "cr:RecordSet",
                "@id": format!("{set}/records"),
                "name": format!("{set}/records"),
                "field": fields,
            }))
        })
        .collect()
}

/// A Croissant field for column `f` of the FileSet `set`; a list of structs is a repeated
/// field whose sub-fields read the struct's members (`column` names the list's column).
fn field(set: &str, id: &str, f: &Field, column: Option<&str>) -> Value {
    let mut source = json!({
        "fileSet": {"@id": set},
        "extract": {"column": column.unwrap_or(f.name())},
    });
    if column.is_some() {
        source["transform"] = json!({"jsonPath": f.name()});
    }
    let mut out = json!({"@type": "cr:Field", "@id": id, "name": f.name(), "source": source});
    match f.data_type() {
        DataType::List(item) => {
            out["repeated"] = Value::Bool(true);
            match item.data_type() {
                DataType::Struct(members) => {
                    let subs: Vec<Value> = members
                        .iter()
                        .map(|m| field(set, &format!("{id}/{}", m.name()), m, Some(f.name())))
                        .collect();
                    out["subField"] = Value::Array(subs);
                }
                other => out["dataType"] = Value::from(data_type(other)),
            }
        }
        other => out["dataType"] = Value::from(data_type(other)),
    }
    out
}

fn data_type(t: &DataType) -> &'static str {
    match t {
        DataType::Int8 | DataType::Int16 | DataType::Int32 | DataType::Int64 => "sc:Integer",
        DataType::UInt8 | DataType::UInt16 | DataType::UInt32 | DataType::UInt64 => "sc:Integer",
        DataType::Float16 | DataType::Float32 | DataType::Float64 => "sc:Float",
        DataType::Boolean => "sc:Boolean",
        _ => "sc:Text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, config: &str, split: Option<&str>) -> FileEntry {
        FileEntry {
            path: path.into(),
            config: config.into(),
            split: split.map(Into::into),
            rows: 1,
            bytes: 10,
            sha256: "00".repeat(32),
        }
    }

    #[test]
    fn shards_of_a_split_are_one_file_set_by_glob() {
        let files = [
            entry(
                "data/documents/train-00000-of-00002.parquet",
                "documents",
                Some("train"),
            ),
            entry(
                "data/documents/train-00001-of-00002.parquet",
                "documents",
                Some("train"),
            ),
            entry("removed/removed-00000-of-00001.parquet", "removed", None),
        ];
        assert_eq!(
            file_sets(&files),
            [("documents", Some("train")), ("removed", None)]
        );
        assert_eq!(
            glob(&files, "documents", Some("train")),
            "data/documents/train-*.parquet"
        );
        assert_eq!(glob(&files, "removed", None), "removed/removed-*.parquet");
        assert_eq!(distribution(&files).len(), 5);
    }

    #[test]
    fn list_of_structs_is_a_repeated_field_with_sub_fields() {
        let docs = schema::by_config("documents").expect("documents schema");
        let langs = docs
            .fields()
            .iter()
            .find(|f| f.name() == "langs")
            .expect("langs column");
        let f = field("documents-train", "documents-train/langs", langs, None);
        assert_eq!(f["repeated"], true);
        assert_eq!(f["subField"][0]["source"]["extract"]["column"], "langs");
        assert_eq!(f["subField"][0]["source"]["transform"]["jsonPath"], "lang");
    }
}
