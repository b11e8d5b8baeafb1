//! `corpusmill report`: one self-contained HTML page that shows what a build made and what it
//! removed. Every number comes from the dataset folder (manifest, stats.json and the Parquet
//! tables), so the report of an old dataset works as well as that of a new one.

mod data;
mod svg;

use std::fmt::Write as _;
use std::path::Path;

use crate::base::error::Result;
use crate::release::manifest::Manifest;
use crate::release::sample::{self, Query};
use crate::release::stats::StatsFile;
use data::Tables;
use svg::{bars, escape, histogram, stacked, thousands};

/// Rows of text shown per sample.
const SAMPLE_DOCS: usize = 3;
const SAMPLE_REMOVED: usize = 2;
/// Most frequent removed lines shown per furniture kind.
const TOP_FURNITURE_LINES: usize = 10;
/// Characters of a sampled document's text shown.
const SAMPLE_CHARS: usize = 700;

/// The report of the dataset in `dir`, as one HTML page.
pub fn report(dir: &Path) -> Result<String> {
    let manifest = Manifest::read(dir)?;
    let stats = StatsFile::read(dir)?;
    let tables = Tables::read(dir, &manifest)?;
    let mut page = head(dir, &manifest);
    funnel(&mut page, &manifest, &tables);
    splits_and_languages(&mut page, &stats, &tables);
    lengths(&mut page, &tables);
    furniture(&mut page, &stats);
    duplicates(&mut page, &tables);
    mixing(&mut page, &tables);
    samples(&mut page, dir, &manifest)?;
    page.push_str("</main></body></html>\n");
    Ok(page)
}

fn head(dir: &Path, manifest: &Manifest) -> String {
    let title = format!("corpusmill report: {}", dir.display());
    format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>{}</title><style>{STYLE}</style></head><body><main>\
         <h1>{}</h1><p class=\"meta\">built by {} {} · format {} · {} input files, {} bytes · \
         {} read, {} kept, {} removed</p>",
        escape(&title),
        escape(&title),
        escape(&manifest.tool.name),
        escape(&manifest.tool.version),
        manifest.format_version,
        thousands(manifest.inputs.count),
        thousands(manifest.inputs.bytes),
        thousands(manifest.counts.read),
        thousands(manifest.counts.kept),
        thousands(manifest.removed_total()),
    )
}

const STYLE: &str = "body{font:14px/1.45 system-ui,sans-serif;color:#222;margin:0;background:#fff}\
main{max-width:820px;margin:0 auto;padding:16px}h1{font-size:22px}h2{font-size:17px;\
margin-top:28px;border-bottom:1px solid #ddd}.meta,.note{color:#555}svg.chart text{font-size:12px}\
svg.chart text.tick{font-size:10px}table{border-collapse:collapse;margin:8px 0}\
td,th{border:1px solid #ddd;padding:2px 8px;text-align:right}th{background:#f4f4f4}\
.doc{border:1px solid #ddd;padding:6px 10px;margin:8px 0;white-space:pre-wrap}\
.doc .head{color:#555;font-size:12px;white-space:normal}.doc.removed{color:#666;background:#fafafa}s.furniture{color:#b33}.pair{display:flex;gap:20px}\
figure{margin:0}table.lines td.text{text-align:left;color:#933}figcaption{text-align:center;color:#555;font-size:12px}";

fn section(page: &mut String, title: &str, note: &str) {
    let _ = write!(page, "<h2>{}</h2>", escape(title));
    if !note.is_empty() {
        let _ = write!(page, "<p class=\"note\">{}</p>", escape(note));
    }
}

/// From read to kept: each removal reason, then per input site.
fn funnel(page: &mut String, manifest: &Manifest, tables: &Tables) {
    section(
        page,
        "From read to kept",
        "Documents read, removed per reason, and kept.",
    );
    let mut rows = vec![("read".to_string(), manifest.counts.read)];
    rows.extend(
        manifest
            .counts
            .removed
            .iter()
            .map(|(r, n)| (format!("− {r}"), *n)),
    );
    rows.push(("kept".to_string(), manifest.counts.kept));
    page.push_str(&bars("funnel", &rows));
    section(
        page,
        "Per site",
        "Per first folder of the input path (or input file): kept, then removed per reason.",
    );
    let (series, rows) = tables.by_site();
    page.push_str(&stacked("sites", &series, &rows));
}

fn splits_and_languages(page: &mut String, stats: &StatsFile, tables: &Tables) {
    section(
        page,
        "Splits and languages",
        "Kept documents and characters.",
    );
    let mut table = String::from(
        "<table><tr><th>split</th><th>language</th><th>documents</th><th>sentences</th>\
         <th>characters</th></tr>",
    );
    for (split, s) in &stats.splits {
        for (lang, c) in &s.languages {
            let _ = write!(
                table,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(split),
                escape(lang),
                thousands(c.documents),
                thousands(c.sentences),
                thousands(c.characters)
            );
        }
    }
    table.push_str("</table>");
    page.push_str(&table);
    let docs: Vec<(String, u64)> = tables.languages().map(|(l, n)| (l, n.docs)).collect();
    let chars: Vec<(String, u64)> = tables.languages().map(|(l, n)| (l, n.chars)).collect();
    page.push_str("<h3>Documents per language</h3>");
    page.push_str(&bars("languages", &docs));
    page.push_str("<h3>Characters per language</h3>");
    page.push_str(&bars("characters", &chars));
    section(page, "Scripts", "Kept documents per language by script.");
    let (series, rows) = tables.scripts();
    page.push_str(&stacked("scripts", &series, &rows));
}

fn lengths(page: &mut String, tables: &Tables) {
    section(
        page,
        "Lengths",
        "Kept documents by length (characters, then sentences), per language; bins double.",
    );
    for (lang, hist) in tables.lengths() {
        let _ = write!(
            page,
            "<h3>{}</h3><div class=\"pair\"><figure>{}<figcaption>characters</figcaption>\
             </figure><figure>{}<figcaption>sentences</figcaption></figure></div>",
            escape(&lang),
            histogram(&format!("chars-{lang}"), &hist.chars),
            histogram(&format!("sentences-{lang}"), &hist.sentences)
        );
    }
}

fn furniture(page: &mut String, stats: &StatsFile) {
    section(
        page,
        "Furniture removed",
        "Lines (and pieces of lines) removed as site furniture, per kind; then the lines each \
         kind removed most often, to audit a new site at a glance.",
    );
    let rows: Vec<(String, u64)> = stats
        .boilerplate_lines
        .iter()
        .map(|(k, n)| (k.clone(), *n))
        .collect();
    page.push_str(&bars("furniture", &rows));
    for (kind, lines) in &stats.boilerplate_top {
        let _ = write!(
            page,
            "<h3>{}</h3><table class=\"lines\" data-chart=\"furniture-{}\">\
             <tr><th>times</th><th>line</th></tr>",
            escape(kind),
            escape(kind)
        );
        for (line, n) in lines.iter().take(TOP_FURNITURE_LINES) {
            let _ = write!(
                page,
                "<tr><td>{}</td><td class=\"text\"><s>{}</s></td></tr>",
                thousands(*n),
                escape(line)
            );
        }
        page.push_str("</table>");
    }
}

fn duplicates(page: &mut String, tables: &Tables) {
    section(
        page,
        "Duplicates",
        "Kept documents by how many exact copies the inputs had, and by the size of their \
         near-duplicate cluster.",
    );
    let _ = write!(
        page,
        "<div class=\"pair\"><figure>{}<figcaption>exact copies</figcaption></figure>\
         <figure>{}<figcaption>near-duplicate cluster size</figcaption></figure></div>",
        histogram("dup-count", &tables.dup_sizes()),
        histogram("cluster-size", &tables.cluster_sizes())
    );
}

fn mixing(page: &mut String, tables: &Tables) {
    section(
        page,
        "Code-switching",
        "Kept documents by the share of their text in their main language.",
    );
    page.push_str(&histogram("main-share", &tables.main_shares()));
    section(
        page,
        "Sentence language against document language",
        "Rows: the document's language; columns: its sentences' languages.",
    );
    page.push_str(&tables.confusion_table());
}

fn samples(page: &mut String, dir: &Path, manifest: &Manifest) -> Result<()> {
    section(page, "Kept documents", "A few at random (seed 0).");
    let kept = sample::sample(dir, &query("documents", None, SAMPLE_DOCS))?;
    for row in &kept.rows {
        page.push_str(&sample_block(row));
    }
    section(
        page,
        "Removed documents",
        "A few per reason, at random, with the text that was removed (none with \
         removed_text = false).",
    );
    for reason in manifest.counts.removed.keys() {
        let removed = sample::sample(dir, &query("removed", Some(reason), SAMPLE_REMOVED))?;
        for row in &removed.rows {
            page.push_str(&sample_block(row));
        }
    }
    Ok(())
}

fn query(config: &str, reason: Option<&String>, n: usize) -> Query {
    Query {
        config: config.to_string(),
        split: None,
        lang: None,
        reason: reason.cloned(),
        n,
        seed: 0,
    }
}

fn sample_block(row: &serde_json::Map<String, serde_json::Value>) -> String {
    let field = |k: &str| row.get(k).and_then(|v| v.as_str()).unwrap_or("");
    let head: Vec<String> = [
        "id", "split", "lang", "script", "reason", "detail", "source",
    ]
    .iter()
    .filter(|k| !field(k).is_empty())
    .map(|k| format!("{k}: {}", escape(field(k))))
    .chain(
        Some(field("duplicate_of"))
            .filter(|d| !d.is_empty())
            .map(|d| format!("duplicate of: {}", escape(d))),
    )
    .collect();
    let (body, more) = marked_text(field("text"), row.get("furniture"));
    let class = match row.contains_key("reason") {
        true => "doc removed",
        false => "doc",
    };
    format!(
        "<div class=\"{class}\"><div class=\"head\">{}</div>{body}{more}</div>",
        head.join(" · ")
    )
}

/// The start of a document's text as HTML, with the furniture the cleaning removed from it
/// struck through where it was; and " …" when the text goes on.
fn marked_text(text: &str, furniture: Option<&serde_json::Value>) -> (String, &'static str) {
    let mut html = String::new();
    let mut shown = 0usize;
    // A removed piece at a line's start stands for a removed line: it gets a line of its own.
    let mut line_start = true;
    for piece in sample::interleave(text, furniture) {
        if shown >= SAMPLE_CHARS {
            return (html, " …");
        }
        match piece {
            sample::Piece::Kept(kept) => {
                let part: String = kept.chars().take(SAMPLE_CHARS - shown).collect();
                shown += part.chars().count();
                line_start = part.ends_with('\n');
                html.push_str(&escape(&part));
                if shown >= SAMPLE_CHARS && kept.chars().count() > part.chars().count() {
                    return (html, " …");
                }
            }
            sample::Piece::Removed { kind, text } => {
                let _ = write!(
                    html,
                    "<s class=\"furniture\" title=\"removed: {}\">{}</s>{}",
                    escape(&kind),
                    escape(&text),
                    if line_start { "\n" } else { "" }
                );
            }
        }
    }
    (html, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removed_furniture_is_struck_through_where_it_was() {
        let furniture = serde_json::json!([
            {"at": 0, "kind": "credit", "text": "Фото: <Ақорда>"},
            {"at": 6, "kind": "cta", "text": "Жазылыңыз"},
        ]);
        let (html, more) = marked_text("Сәлем. Қош бол.", Some(&furniture));
        assert_eq!(
            html,
            "<s class=\"furniture\" title=\"removed: credit\">Фото: &lt;Ақорда&gt;</s>\n\
             Сәлем.<s class=\"furniture\" title=\"removed: cta\">Жазылыңыз</s> Қош бол."
        );
        assert_eq!(more, "");
        let long = "ә".repeat(SAMPLE_CHARS + 5);
        let (html, more) = marked_text(&long, None);
        assert_eq!((html.chars().count(), more), (SAMPLE_CHARS, " …"));
    }
}
