//! `corpusmill diff`: what changed between two releases of a dataset, as a CHANGES.md section or
//! JSON. Besides the counts a changelog needs, it is the leakage check a new release owes its
//! users: a kept document that moved between splits means a model trained on one release's train
//! split may have seen the other's evaluation splits.
//!
//! Documents are matched by `id`, and their texts compared by the `sha256` column (the SHA-256 of
//! `text`), so only five small columns are read and never a text. The old release's documents are
//! held in memory (id and a few numbers each); the new release is streamed past them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use arrow_array::cast::AsArray;
use arrow_array::types::{Int32Type, Int64Type};
use arrow_array::{GenericStringArray, RecordBatch};
use serde::Serialize;
use serde_json::Value;

use crate::base::error::{Error, Result};
use crate::release::manifest::{Manifest, Tool};
use crate::release::tables::batches;
use crate::stages::split::Split;

/// The document columns the comparison reads.
const COLUMNS: [&str; 5] = ["id", "lang", "sha256", "n_chars", "n_sentences"];

/// Everything `diff` reports. Maps are sorted, so the JSON of the same two releases is the same.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Changes {
    pub old: Release,
    pub new: Release,
    pub documents: Documents,
    /// Kept documents whose split changed: old split → new split → documents.
    pub moved: BTreeMap<String, BTreeMap<String, u64>>,
    /// The ids of the old release's documents the new one does not keep, sorted: whose inputs
    /// are gone or which a setting removed now.
    pub dropped: Vec<String>,
    /// Rows whose id an earlier row of the same release already had. Only the first row of an id
    /// is matched, since two rows of one id cannot both be "the same document".
    pub duplicate_ids: Sides<u64>,
    /// Removed documents by reason.
    pub removed: BTreeMap<String, Delta>,
    /// Settings that differ, by dotted key (`near_dup.threshold`).
    pub config: BTreeMap<String, ConfigChange>,
}

/// What one release says of itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Release {
    pub dir: String,
    pub manifest_sha256: String,
    pub format_version: u32,
    pub tool: Tool,
    /// The config's `release.version`, when set.
    pub release_version: Option<String>,
    pub input_files: u64,
    pub input_bytes: u64,
    pub read: u64,
    pub kept: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Sides<T> {
    pub old: T,
    pub new: T,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Delta {
    pub old: u64,
    pub new: u64,
    pub delta: i64,
}

/// A setting on each side; a side without the key has no entry (unlike a key set to null).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConfigChange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// Documents, sentences and characters of some documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Tally {
    pub documents: u64,
    pub sentences: u64,
    pub characters: u64,
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.documents += other.documents;
        self.sentences += other.sentences;
        self.characters += other.characters;
    }
}

/// The changes of one split and language, or of a sum of them.
///
/// A document is counted where it is: an added or kept one in its new split and language, a
/// dropped one in its old. So `old` and `new` are every row of the bucket on each side, and a
/// kept document that changed split or language is `kept` in its new bucket only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Bucket {
    pub old: Tally,
    pub new: Tally,
    /// In the new release only.
    pub added: Tally,
    /// In the old release only.
    pub dropped: Tally,
    /// In both; sentences and characters as in the new release.
    pub kept: Tally,
    /// Kept documents whose text changed.
    pub changed_text: u64,
    /// Kept documents whose language label changed.
    pub changed_lang: u64,
    /// Kept documents that were in another split.
    pub moved_split: u64,
}

impl Bucket {
    fn add(&mut self, other: &Bucket) {
        self.old.add(&other.old);
        self.new.add(&other.new);
        self.added.add(&other.added);
        self.dropped.add(&other.dropped);
        self.kept.add(&other.kept);
        self.changed_text += other.changed_text;
        self.changed_lang += other.changed_lang;
        self.moved_split += other.moved_split;
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Documents {
    pub total: Bucket,
    pub splits: BTreeMap<String, SplitChanges>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SplitChanges {
    pub total: Bucket,
    pub languages: BTreeMap<String, Bucket>,
}

impl Changes {
    /// Compares the dataset in `old_dir` with the one in `new_dir`.
    pub fn between(old_dir: &Path, new_dir: &Path) -> Result<Changes> {
        let old = Manifest::read(old_dir)?;
        let new = Manifest::read(new_dir)?;
        let mut matching = Matching::default();
        scan(old_dir, &old, |doc| matching.old_doc(doc))?;
        scan(new_dir, &new, |doc| matching.new_doc(doc))?;
        let matched = matching.finish();
        Ok(Changes {
            old: Release::of(old_dir, &old)?,
            new: Release::of(new_dir, &new)?,
            documents: matched.documents,
            moved: matched.moved,
            dropped: matched.dropped,
            duplicate_ids: matched.duplicate_ids,
            removed: removal_changes(&old.counts.removed, &new.counts.removed),
            config: config_changes(&old.config, &new.config),
        })
    }
}

impl Release {
    fn of(dir: &Path, manifest: &Manifest) -> Result<Release> {
        let (_, manifest_sha256) = crate::base::digest::hash_file(&dir.join("manifest.json"))?;
        let release_version = match manifest.config.pointer("/release/version") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => Some(other.to_string()),
        };
        Ok(Release {
            dir: dir.display().to_string(),
            manifest_sha256,
            format_version: manifest.format_version,
            tool: manifest.tool.clone(),
            release_version,
            input_files: manifest.inputs.count,
            input_bytes: manifest.inputs.bytes,
            read: manifest.counts.read,
            kept: manifest.counts.kept,
        })
    }

    /// The release's version if it has one, else its folder.
    fn label(&self) -> &str {
        self.release_version.as_deref().unwrap_or(&self.dir)
    }
}

/// What the comparison needs of one document row.
#[derive(Debug, Clone, Copy)]
struct Facts<'a> {
    id: &'a str,
    split: &'a str,
    lang: &'a str,
    /// The first half of the text's SHA-256: enough to tell two texts apart.
    text: u128,
    tally: Tally,
}

/// Calls `visit` with every document row of the dataset in `dir`, in the manifest's file order.
fn scan(dir: &Path, manifest: &Manifest, mut visit: impl FnMut(&Facts)) -> Result<()> {
    for file in manifest.files.iter().filter(|f| f.config == "documents") {
        let split = file.split.as_deref().unwrap_or_default();
        let path = dir.join(&file.path);
        for batch in batches(&path, Some(&COLUMNS))? {
            scan_batch(&path, &batch?, split, &mut visit)?;
        }
    }
    Ok(())
}

fn scan_batch(
    path: &Path,
    batch: &RecordBatch,
    split: &str,
    visit: &mut impl FnMut(&Facts),
) -> Result<()> {
    let ids = strings(path, batch, "id")?;
    let langs = strings(path, batch, "lang")?;
    let hashes = strings(path, batch, "sha256")?;
    let chars = batch
        .column_by_name("n_chars")
        .and_then(|c| c.as_primitive_opt::<Int64Type>())
        .ok_or_else(|| no_column(path, "n_chars", "int64"))?;
    let sentences = batch
        .column_by_name("n_sentences")
        .and_then(|c| c.as_primitive_opt::<Int32Type>())
        .ok_or_else(|| no_column(path, "n_sentences", "int32"))?;
    for row in 0..batch.num_rows() {
        let hash = hashes.value(row);
        let text = text_key(hash).ok_or_else(|| Error::BadDataset {
            path: path.to_path_buf(),
            message: format!(
                "sha256 `{hash}` of document `{}` is not hex",
                ids.value(row)
            ),
        })?;
        visit(&Facts {
            id: ids.value(row),
            split,
            lang: langs.value(row),
            text,
            tally: Tally {
                documents: 1,
                sentences: u64::try_from(sentences.value(row)).unwrap_or(0),
                characters: u64::try_from(chars.value(row)).unwrap_or(0),
            },
        });
    }
    Ok(())
}

fn strings<'b>(
    path: &Path,
    batch: &'b RecordBatch,
    name: &str,
) -> Result<&'b GenericStringArray<i32>> {
    batch
        .column_by_name(name)
        .and_then(|c| c.as_string_opt::<i32>())
        .ok_or_else(|| no_column(path, name, "string"))
}

fn no_column(path: &Path, name: &str, kind: &str) -> Error {
    Error::BadDataset {
        path: path.to_path_buf(),
        message: format!("no {kind} column `{name}` (not a corpusmill documents file?)"),
    }
}

fn text_key(sha256_hex: &str) -> Option<u128> {
    let half = sha256_hex.get(..32)?;
    // `from_str_radix` would take a leading `+`.
    half.bytes()
        .all(|b| b.is_ascii_hexdigit())
        .then(|| u128::from_str_radix(half, 16).ok())?
}

/// An old document, waiting for its new counterpart.
#[derive(Debug, Clone, Copy)]
struct OldDoc {
    place: usize,
    text: u128,
    tally: Tally,
    matched: bool,
}

/// One (split, language) and its changes.
#[derive(Debug)]
struct Place {
    split: String,
    lang: String,
    bucket: Bucket,
}

/// The matching of old and new documents by id, as the rows stream past.
#[derive(Debug, Default)]
struct Matching {
    /// Split and language names are stored once here and referred to by index, so an old
    /// document costs its id and a few numbers.
    places: Vec<Place>,
    place_index: HashMap<String, HashMap<String, usize>>,
    old: HashMap<String, OldDoc>,
    /// Ids in the new release only (to tell a repeated id from another new document).
    added: HashSet<String>,
    moved: BTreeMap<String, BTreeMap<String, u64>>,
    duplicate_ids: Sides<u64>,
}

impl Matching {
    fn place(&mut self, split: &str, lang: &str) -> usize {
        if let Some(i) = self.place_index.get(split).and_then(|l| l.get(lang)) {
            return *i;
        }
        let i = self.places.len();
        self.places.push(Place {
            split: split.to_string(),
            lang: lang.to_string(),
            bucket: Bucket::default(),
        });
        self.place_index
            .entry(split.to_string())
            .or_default()
            .insert(lang.to_string(), i);
        i
    }

    fn old_doc(&mut self, doc: &Facts) {
        let place = self.place(doc.split, doc.lang);
        self.places[place].bucket.old.add(&doc.tally);
        if self.old.contains_key(doc.id) {
            self.duplicate_ids.old += 1;
            return;
        }
        let old = OldDoc {
            place,
            text: doc.text,
            tally: doc.tally,
            matched: false,
        };
        self.old.insert(doc.id.to_string(), old);
    }

    fn new_doc(&mut self, doc: &Facts) {
        let place = self.place(doc.split, doc.lang);
        self.places[place].bucket.new.add(&doc.tally);
        match self.old.get_mut(doc.id) {
            Some(old) if !old.matched => {
                old.matched = true;
                let old = *old;
                self.kept(place, &old, doc);
            }
            Some(_) => self.duplicate_ids.new += 1,
            None if self.added.insert(doc.id.to_string()) => {
                self.places[place].bucket.added.add(&doc.tally);
            }
            None => self.duplicate_ids.new += 1,
        }
    }

    fn kept(&mut self, place: usize, old: &OldDoc, doc: &Facts) {
        let was = &self.places[old.place];
        let moved = was.split != doc.split;
        let relabeled = was.lang != doc.lang;
        if moved {
            *self
                .moved
                .entry(was.split.clone())
                .or_default()
                .entry(doc.split.to_string())
                .or_default() += 1;
        }
        let bucket = &mut self.places[place].bucket;
        bucket.kept.add(&doc.tally);
        bucket.changed_text += u64::from(old.text != doc.text);
        bucket.changed_lang += u64::from(relabeled);
        bucket.moved_split += u64::from(moved);
    }

    /// Counts the old documents no new one matched, and sums the places up.
    fn finish(mut self) -> Matched {
        let mut dropped = Vec::new();
        for (id, old) in self.old.iter().filter(|(_, d)| !d.matched) {
            self.places[old.place].bucket.dropped.add(&old.tally);
            dropped.push(id.clone());
        }
        dropped.sort_unstable();
        let mut documents = Documents::default();
        for place in self.places {
            documents.total.add(&place.bucket);
            let split = documents.splits.entry(place.split).or_default();
            split.total.add(&place.bucket);
            split.languages.insert(place.lang, place.bucket);
        }
        Matched {
            documents,
            dropped,
            moved: self.moved,
            duplicate_ids: self.duplicate_ids,
        }
    }
}

/// What the matching found.
struct Matched {
    documents: Documents,
    dropped: Vec<String>,
    moved: BTreeMap<String, BTreeMap<String, u64>>,
    duplicate_ids: Sides<u64>,
}

fn removal_changes(
    old: &BTreeMap<String, u64>,
    new: &BTreeMap<String, u64>,
) -> BTreeMap<String, Delta> {
    let reasons = old.keys().chain(new.keys());
    reasons
        .map(|reason| {
            let old = old.get(reason).copied().unwrap_or(0);
            let new = new.get(reason).copied().unwrap_or(0);
            (reason.clone(), Delta::between(old, new))
        })
        .collect()
}

impl Delta {
    fn between(old: u64, new: u64) -> Delta {
        let signed = |n: u64| i64::try_from(n).unwrap_or(i64::MAX);
        Delta {
            old,
            new,
            delta: signed(new).saturating_sub(signed(old)),
        }
    }
}

/// The settings whose values differ, by dotted key.
fn config_changes(old: &Value, new: &Value) -> BTreeMap<String, ConfigChange> {
    let (old, new) = (flatten(old), flatten(new));
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter(|key| old.get(*key) != new.get(*key))
        .map(|key| {
            let change = ConfigChange {
                old: old.get(key).cloned(),
                new: new.get(key).cloned(),
            };
            (key.clone(), change)
        })
        .collect()
}

/// A JSON value as dotted key → leaf value. Lists are leaves: `langid.prior_langs` changing from
/// `["kk","ru"]` to `["kk","ru","en"]` reads better whole than as a change of `prior_langs.2`.
fn flatten(value: &Value) -> BTreeMap<String, Value> {
    fn walk(prefix: &str, value: &Value, out: &mut BTreeMap<String, Value>) {
        match value {
            Value::Object(map) if !map.is_empty() => {
                for (key, value) in map {
                    match prefix {
                        "" => walk(key, value, out),
                        _ => walk(&format!("{prefix}.{key}"), value, out),
                    }
                }
            }
            leaf => {
                out.insert(prefix.to_string(), leaf.clone());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk("", value, &mut out);
    out
}

/// The changes as Markdown: the section a CHANGES.md gets for a new release.
pub fn render_markdown(changes: &Changes) -> String {
    let mut out = String::new();
    let (old, new) = (&changes.old, &changes.new);
    let _ = writeln!(out, "# Changes from {} to {}\n", old.label(), new.label());
    let _ = writeln!(out, "{}\n", summary(changes));
    releases_table(&mut out, changes);
    documents_tables(&mut out, changes);
    moves_section(&mut out, changes);
    dropped_section(&mut out, changes);
    removals_section(&mut out, changes);
    config_section(&mut out, changes);
    out
}

/// One sentence: the counts a reader looks for first.
fn summary(changes: &Changes) -> String {
    let total = &changes.documents.total;
    let moved: u64 = changes.moved.values().flat_map(|to| to.values()).sum();
    let moves = match moved {
        0 => "no kept document changed split".to_string(),
        1 => "**1 kept document changed split**".to_string(),
        n => format!("**{n} kept documents changed split**"),
    };
    let added = match total.added.documents {
        1 => "1 document".to_string(),
        n => format!("{n} documents"),
    };
    format!(
        "{added} added, {} dropped, {} kept ({} with a changed text); {moves}.",
        total.dropped.documents, total.kept.documents, total.changed_text
    )
}

fn releases_table(out: &mut String, changes: &Changes) {
    let (old, new) = (&changes.old, &changes.new);
    let version = |r: &Release| r.release_version.clone().unwrap_or_else(|| "—".into());
    let tool = |r: &Release| format!("{} {}", r.tool.name, r.tool.version);
    let rows: [(&str, String, String); 8] = [
        ("folder", old.dir.clone(), new.dir.clone()),
        ("release version", version(old), version(new)),
        ("tool", tool(old), tool(new)),
        (
            "format version",
            old.format_version.to_string(),
            new.format_version.to_string(),
        ),
        (
            "manifest.json SHA-256",
            format!("`{}`", old.manifest_sha256),
            format!("`{}`", new.manifest_sha256),
        ),
        (
            "input files",
            old.input_files.to_string(),
            new.input_files.to_string(),
        ),
        ("documents read", old.read.to_string(), new.read.to_string()),
        ("documents kept", old.kept.to_string(), new.kept.to_string()),
    ];
    out.push_str("| | old | new |\n|---|---|---|\n");
    for (what, old, new) in rows {
        let _ = writeln!(out, "| {what} | {} | {} |", cell(&old), cell(&new));
    }
    out.push('\n');
}

type Column = (&'static str, fn(&Bucket) -> u64);

fn documents_tables(out: &mut String, changes: &Changes) {
    let documents: [Column; 8] = [
        ("old", |b| b.old.documents),
        ("new", |b| b.new.documents),
        ("added", |b| b.added.documents),
        ("dropped", |b| b.dropped.documents),
        ("kept", |b| b.kept.documents),
        ("changed text", |b| b.changed_text),
        ("changed language", |b| b.changed_lang),
        ("moved in from another split", |b| b.moved_split),
    ];
    let sentences: [Column; 5] = [
        ("old", |b| b.old.sentences),
        ("new", |b| b.new.sentences),
        ("added", |b| b.added.sentences),
        ("dropped", |b| b.dropped.sentences),
        ("kept", |b| b.kept.sentences),
    ];
    let characters: [Column; 5] = [
        ("old", |b| b.old.characters),
        ("new", |b| b.new.characters),
        ("added", |b| b.added.characters),
        ("dropped", |b| b.dropped.characters),
        ("kept", |b| b.kept.characters),
    ];
    out.push_str(
        "A document is counted in its new split and language, a dropped one in its old; kept \
         sentences and characters are the new release's.\n\n",
    );
    let rows = bucket_rows(&changes.documents);
    table(out, "Documents", &rows, &documents);
    table(out, "Sentences", &rows, &sentences);
    table(out, "Characters", &rows, &characters);
    let dups = changes.duplicate_ids;
    if dups.old + dups.new > 0 {
        let _ = writeln!(
            out,
            "{} rows of the old release and {} of the new repeat an id of an earlier row of the \
             same release; only the first row of each id was compared.\n",
            dups.old, dups.new
        );
    }
}

/// (split, language, bucket) rows: all documents, then each split in train, validation, test
/// order (others after, by name) with its languages.
fn bucket_rows(documents: &Documents) -> Vec<(&str, &str, &Bucket)> {
    let known = Split::ALL.map(Split::name);
    let mut splits: Vec<(&String, &SplitChanges)> = documents.splits.iter().collect();
    splits.sort_by_key(|(name, _)| {
        let rank = known.iter().position(|k| k == name);
        (rank.unwrap_or(known.len()), name.as_str())
    });
    let mut rows = vec![("all", "all", &documents.total)];
    for (name, split) in splits {
        rows.push((name, "all", &split.total));
        for (lang, bucket) in &split.languages {
            rows.push((name, lang, bucket));
        }
    }
    rows
}

fn table(out: &mut String, title: &str, rows: &[(&str, &str, &Bucket)], columns: &[Column]) {
    let _ = writeln!(out, "## {title}\n");
    out.push_str("| split | language |");
    for (name, _) in columns {
        let _ = write!(out, " {name} |");
    }
    out.push_str("\n|---|---|");
    out.push_str(&"--:|".repeat(columns.len()));
    out.push('\n');
    for (split, lang, bucket) in rows {
        let _ = write!(out, "| {} | {} |", cell(split), cell(lang));
        for (_, value) in columns {
            let _ = write!(out, " {} |", value(bucket));
        }
        out.push('\n');
    }
    out.push('\n');
}

fn moves_section(out: &mut String, changes: &Changes) {
    out.push_str("## Split changes\n\n");
    if changes.moved.is_empty() {
        out.push_str("None: every kept document is in the split it was in.\n\n");
        return;
    }
    out.push_str(
        "Kept documents in another split than before: a model trained on one release's train \
         split may have seen them in the other's evaluation splits.\n\n\
         | old split | new split | documents |\n|---|---|--:|\n",
    );
    for (from, to) in &changes.moved {
        for (to, n) in to {
            let _ = writeln!(out, "| {} | {} | {n} |", cell(from), cell(to));
        }
    }
    out.push('\n');
}

/// Dropped documents listed by id: what a user checks first when a release shrinks.
fn dropped_section(out: &mut String, changes: &Changes) {
    const SHOWN: usize = 50;
    if changes.dropped.is_empty() {
        return;
    }
    let n = changes.dropped.len();
    let _ = writeln!(
        out,
        "## Dropped documents

{n} in all (every id is in the JSON):
"
    );
    for id in changes.dropped.iter().take(SHOWN) {
        let _ = writeln!(out, "- `{}`", id.replace('`', "'"));
    }
    if n > SHOWN {
        let _ = writeln!(out, "- … and {} more", n - SHOWN);
    }
    out.push('\n');
}

fn removals_section(out: &mut String, changes: &Changes) {
    out.push_str("## Removed documents by reason\n\n");
    if changes.removed.is_empty() {
        out.push_str("None in either release.\n\n");
        return;
    }
    out.push_str("| reason | old | new | change |\n|---|--:|--:|--:|\n");
    for (reason, d) in &changes.removed {
        let change = match d.delta {
            0 => "0".to_string(),
            n => format!("{n:+}"),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {change} |",
            cell(reason),
            d.old,
            d.new
        );
    }
    out.push('\n');
}

fn config_section(out: &mut String, changes: &Changes) {
    out.push_str("## Settings\n\n");
    if changes.config.is_empty() {
        out.push_str("The same in both releases.\n");
        return;
    }
    out.push_str("| setting | old | new |\n|---|---|---|\n");
    let shown = |v: &Option<Value>| match v {
        Some(v) => format!("`{v}`"),
        None => "(not set)".to_string(),
    };
    for (key, change) in &changes.config {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            cell(key),
            cell(&shown(&change.old)),
            cell(&shown(&change.new))
        );
    }
}

/// Text made safe for one Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc<'a>(id: &'a str, split: &'a str, lang: &'a str, text: u128, chars: u64) -> Facts<'a> {
        Facts {
            id,
            split,
            lang,
            text,
            tally: Tally {
                documents: 1,
                sentences: 2,
                characters: chars,
            },
        }
    }

    fn matched(old: &[Facts], new: &[Facts]) -> Matched {
        let mut m = Matching::default();
        old.iter().for_each(|d| m.old_doc(d));
        new.iter().for_each(|d| m.new_doc(d));
        m.finish()
    }

    #[test]
    fn flatten_gives_dotted_keys_and_keeps_lists_whole() {
        let flat = flatten(&json!({"a": {"b": 1, "c": {"d": null}}, "l": [1, 2], "e": {}}));
        let keys: Vec<&str> = flat.keys().map(String::as_str).collect();
        assert_eq!(keys, ["a.b", "a.c.d", "e", "l"]);
        assert_eq!(flat["l"], json!([1, 2]));
        assert_eq!(flat["a.c.d"], Value::Null);
    }

    #[test]
    fn config_changes_list_changed_added_and_removed_keys_only() {
        let old = json!({"min_chars": 0, "seed": 1, "release": {"version": null}, "gone": true});
        let new = json!({"min_chars": 50, "seed": 1, "release": {"version": "1.1"}, "new": [1]});
        let changes = config_changes(&old, &new);
        let keys: Vec<&str> = changes.keys().map(String::as_str).collect();
        assert_eq!(keys, ["gone", "min_chars", "new", "release.version"]);
        assert_eq!(changes["gone"].new, None);
        assert_eq!(changes["new"].old, None);
        // A key set to null is not a key that is missing.
        assert_eq!(changes["release.version"].old, Some(Value::Null));
        assert_eq!(
            serde_json::to_value(&changes["new"]).ok(),
            Some(json!({"new": [1]}))
        );
        assert!(config_changes(&old, &old).is_empty());
    }

    #[test]
    fn documents_are_added_dropped_kept_and_changed_by_id() {
        let old = [
            doc("a", "train", "kk", 1, 10),
            doc("b", "train", "kk", 2, 20),
            doc("c", "test", "ru", 3, 30),
        ];
        let new = [
            doc("a", "train", "kk", 1, 10),
            doc("b", "train", "kk", 9, 25),
            doc("d", "test", "ru", 4, 40),
        ];
        let m = matched(&old, &new);
        let (docs, rest) = (&m.documents, &m);
        let t = docs.total;
        assert_eq!(
            (t.added.documents, t.dropped.documents, t.kept.documents),
            (1, 1, 2)
        );
        assert_eq!(t.changed_text, 1);
        assert_eq!((t.old.characters, t.new.characters), (60, 75));
        assert_eq!(t.kept.characters, 35, "kept counts the new text");
        let test_ru = docs.splits["test"].languages["ru"];
        assert_eq!(
            (test_ru.added.characters, test_ru.dropped.characters),
            (40, 30)
        );
        assert!(rest.moved.is_empty());
        assert_eq!(rest.duplicate_ids, Sides { old: 0, new: 0 });
    }

    #[test]
    fn a_kept_document_in_another_split_is_reported_as_moved() {
        let old = [
            doc("a", "train", "kk", 1, 10),
            doc("b", "test", "kk", 2, 10),
        ];
        let new = [doc("a", "test", "ru", 1, 10), doc("b", "test", "kk", 2, 10)];
        let m = matched(&old, &new);
        let (docs, rest) = (&m.documents, &m);
        assert_eq!(rest.moved["train"]["test"], 1);
        let test = docs.splits["test"].total;
        assert_eq!((test.kept.documents, test.moved_split), (2, 1));
        assert_eq!(docs.splits["test"].languages["ru"].changed_lang, 1);
        // Still counted as an old train document, so `old` stays every row of the bucket.
        assert_eq!(docs.splits["train"].total.old.documents, 1);
        assert_eq!(docs.total.dropped.documents + docs.total.added.documents, 0);
    }

    #[test]
    fn repeated_ids_are_counted_and_matched_once() {
        let old = [
            doc("a", "train", "kk", 1, 10),
            doc("a", "train", "kk", 2, 10),
        ];
        let new = [
            doc("a", "train", "kk", 1, 10),
            doc("a", "train", "kk", 1, 10),
            doc("n", "train", "kk", 5, 10),
            doc("n", "train", "kk", 5, 10),
        ];
        let m = matched(&old, &new);
        let (docs, rest) = (&m.documents, &m);
        assert_eq!(rest.duplicate_ids, Sides { old: 1, new: 2 });
        let t = docs.total;
        assert_eq!((t.old.documents, t.new.documents), (2, 4));
        assert_eq!((t.kept.documents, t.added.documents), (1, 1));
        assert_eq!((t.changed_text, t.dropped.documents), (0, 0));
    }

    #[test]
    fn removal_deltas_cover_reasons_of_either_side() {
        let old = BTreeMap::from([("duplicate".to_string(), 3), ("empty".to_string(), 1)]);
        let new = BTreeMap::from([("duplicate".to_string(), 1), ("binary".to_string(), 2)]);
        let d = removal_changes(&old, &new);
        assert_eq!(d["duplicate"].delta, -2);
        assert_eq!((d["binary"].old, d["binary"].delta), (0, 2));
        assert_eq!((d["empty"].new, d["empty"].delta), (0, -1));
    }

    #[test]
    fn text_key_reads_hex_and_refuses_anything_else() {
        let hex = "00000000000000000000000000000010ffff";
        assert_eq!(text_key(hex), Some(16));
        assert_eq!(text_key("+0000000000000000000000000000001"), None);
        assert_eq!(text_key("short"), None);
        assert_eq!(text_key("zz000000000000000000000000000000"), None);
    }

    #[test]
    fn markdown_cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
