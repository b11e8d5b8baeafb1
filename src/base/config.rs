//! Build settings: an optional TOML file, then command-line flags on top (flags win), validated
//! once. Missing keys take the defaults below; unknown keys are refused with their line. The
//! resolved [`Config`] is written into the manifest so a build can be repeated exactly; settings
//! that cannot change the output (threads, progress) are deliberately not part of it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::base::error::{Error, Result};

/// Shares of documents per split (`[split]` in TOML, `--split 0.9,0.05,0.05`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SplitRatios {
    pub train: f64,
    pub validation: f64,
    pub test: f64,
}

impl Default for SplitRatios {
    fn default() -> Self {
        SplitRatios {
            train: 0.9,
            validation: 0.05,
            test: 0.05,
        }
    }
}

/// Repeated-line and rule-based furniture removal (`[boilerplate]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BoilerplateConfig {
    pub enabled: bool,
    /// A line in at least this many documents is furniture...
    pub min_docs: u32,
    /// ...or in at least this share of all documents, whichever is larger.
    pub doc_share: f64,
    /// Longer lines are never removed for repeating: they are article text (reposts), which
    /// near-duplicate detection handles.
    pub max_line_chars: u32,
    /// Distinct lines counted exactly; past this, rare lines are pruned (lossy counting).
    pub max_tracked_lines: u64,
    /// Apply the line rules in `src/stages/boilerplate/rules/`.
    pub rules: bool,
}

impl Default for BoilerplateConfig {
    fn default() -> Self {
        BoilerplateConfig {
            enabled: true,
            min_docs: 10,
            doc_share: 0.0001,
            max_line_chars: 300,
            max_tracked_lines: 16_000_000,
            rules: true,
        }
    }
}

/// What happens to the members of a near-duplicate cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NearDupMode {
    /// Keep the first member in input order; remove the others (`near_duplicate`).
    Remove,
    /// Keep every member; the `cluster` column tells them apart.
    Tag,
}

/// MinHash + LSH near-duplicate detection (`[near_dup]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NearDupConfig {
    pub enabled: bool,
    pub mode: NearDupMode,
    /// Words per shingle.
    pub shingle_words: u32,
    /// LSH bands × rows per band = MinHash permutations.
    pub bands: u32,
    pub rows: u32,
    /// A candidate pair joins a cluster when its estimated Jaccard similarity reaches this.
    pub threshold: f64,
    /// Words at the start of a text (headline and lead) whose shingles must also be alike: a
    /// repost keeps the lead, a new story that reuses background paragraphs does not (0 = off).
    pub lead_words: u32,
    /// MinHash values kept of the lead, one byte each.
    pub lead_hashes: u32,
    /// A candidate pair joins only when the estimated Jaccard similarity of the leads also
    /// reaches this.
    pub lead_threshold: f64,
    /// Texts at least this alike as a whole join whatever their leads: a story that repeats
    /// that much of another adds little, and a repost whose site rewrote the headline and the
    /// dateline still joins (1 = the lead is always compared).
    pub lead_waived_at: f64,
}

/// Most MinHash permutations a signature may have: 4 KiB of minimums per distinct document.
pub const MAX_PERMUTATIONS: u64 = 1024;

impl NearDupConfig {
    /// `bands × rows`, the MinHash permutations. Computed in 64 bits: both are `u32` from the
    /// user, and a 32-bit product wraps (2¹⁶ × 2¹⁶ = 0) to a number that passes the limit.
    pub fn permutations(&self) -> u64 {
        u64::from(self.bands) * u64::from(self.rows)
    }
}

impl Default for NearDupConfig {
    fn default() -> Self {
        NearDupConfig {
            enabled: true,
            mode: NearDupMode::Remove,
            shingle_words: 5,
            bands: 20,
            rows: 5,
            threshold: 0.5,
            lead_words: 40,
            lead_hashes: 64,
            lead_threshold: 0.25,
            lead_waived_at: 0.8,
        }
    }
}

/// Document quality filters (`[quality]`); off or mild by default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QualityConfig {
    /// Remove documents with fewer words (0 = off).
    pub min_words: u64,
    /// Remove documents where more than this share of non-space characters are not letters
    /// (1.0 = off).
    pub max_non_letter_share: f64,
    /// Remove documents where more than this share of lines are repeats of other lines in the
    /// same document (Gopher; 1.0 = off).
    pub max_dup_line_share: f64,
    /// Remove documents where more than this share of characters are in repeated word 5-grams
    /// (Gopher; 1.0 = off).
    pub max_dup_ngram_share: f64,
}

impl Default for QualityConfig {
    fn default() -> Self {
        QualityConfig {
            min_words: 0,
            max_non_letter_share: 1.0,
            max_dup_line_share: 1.0,
            max_dup_ngram_share: 1.0,
        }
    }
}

/// What a release says about itself (`[release]`): written into the dataset card and
/// `croissant.json`. None of it changes the data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReleaseConfig {
    /// The dataset's name [default: "corpusmill dataset"].
    pub name: Option<String>,
    /// Its version, e.g. `1.1.0`.
    pub version: Option<String>,
    pub description: Option<String>,
    /// SPDX identifier of the data's license, e.g. `CC-BY-4.0`.
    pub license: Option<String>,
    /// How to cite it (BibTeX or plain text).
    pub citation: Option<String>,
    /// Home page URL.
    pub homepage: Option<String>,
    /// Publication date, `YYYY-MM-DD`. Not taken from the clock, so that a rebuild is
    /// byte-identical.
    pub date: Option<String>,
}

/// Language identification (`[langid]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LangIdConfig {
    /// Languages the corpus is mostly in: they get a prior boost, so a short or ambiguous line
    /// leans to them, and they win lines of names, which carry no language of their own.
    pub prior_langs: Vec<String>,
}

/// The languages the corpora are mostly in, by default: those the tool was first built for.
pub const DEFAULT_PRIOR_LANGS: [&str; 3] = ["kk", "ru", "en"];

impl Default for LangIdConfig {
    fn default() -> Self {
        LangIdConfig {
            prior_langs: DEFAULT_PRIOR_LANGS.iter().map(|&c| c.to_owned()).collect(),
        }
    }
}

/// Safety limits against hostile input (`[limits]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// A document (file, JSONL line, Parquet cell) larger than this is removed (`too_large`)
    /// without being read into memory.
    pub max_doc_bytes: u64,
    /// A compressed file that expands to more than this many times its size (and more than
    /// 16 × `max_doc_bytes`) is a decompression bomb: reading stops there (`too_large`).
    pub max_expansion: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_doc_bytes: 64 << 20,
            max_expansion: 200,
        }
    }
}

/// The resolved, validated settings of one build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// JSONL/Parquet field holding the article text.
    pub text_field: String,
    /// JSONL/Parquet field holding the article id (falls back to `path:line`).
    pub id_field: String,
    /// Keep only documents whose language is in this list; empty keeps all.
    pub langs: Vec<String>,
    /// Documents with fewer Unicode scalar values after cleaning are removed (`too_short`).
    pub min_chars: u64,
    /// Seed of the split assignment.
    pub seed: u64,
    pub split: SplitRatios,
    /// A shard is closed once its uncompressed data passes this size.
    pub shard_size_mb: u64,
    /// Keep the text of removed documents in `removed/` (what a filter or dedup took, to audit
    /// it); `false` leaves the column empty.
    pub removed_text: bool,
    /// Turn Latin look-alike letters inside Cyrillic words into Cyrillic (and the reverse).
    pub repair_mixed_script: bool,
    pub boilerplate: BoilerplateConfig,
    pub near_dup: NearDupConfig,
    pub quality: QualityConfig,
    pub langid: LangIdConfig,
    pub limits: Limits,
    pub release: ReleaseConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            text_field: "text".into(),
            id_field: "id".into(),
            langs: Vec::new(),
            min_chars: 0,
            seed: 0,
            split: SplitRatios::default(),
            shard_size_mb: 256,
            removed_text: true,
            repair_mixed_script: true,
            boilerplate: BoilerplateConfig::default(),
            near_dup: NearDupConfig::default(),
            quality: QualityConfig::default(),
            langid: LangIdConfig::default(),
            limits: Limits::default(),
            release: ReleaseConfig::default(),
        }
    }
}

impl Config {
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Config::parse(&text).map_err(|message| Error::ConfigFile {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses TOML; the error is one line with the key and line number.
    pub fn parse(text: &str) -> std::result::Result<Config, String> {
        toml::from_str(text).map_err(|e: toml::de::Error| {
            let line = e
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            let message = e.message().trim().replace('\n', " ");
            match line {
                Some(line) => format!("{message} (line {line})"),
                None => message,
            }
        })
    }

    /// Checks every setting once; the error names the key.
    pub fn validate(mut self) -> Result<Config> {
        self.langs = normalize_langs(std::mem::take(&mut self.langs))?;
        self.langid.prior_langs = prior_langs(std::mem::take(&mut self.langid.prior_langs))?;
        check_split(&self.split)?;
        if self.shard_size_mb == 0 {
            return bad("shard_size_mb", "must be at least 1");
        }
        for (key, value) in [
            ("text_field", &self.text_field),
            ("id_field", &self.id_field),
        ] {
            if value.is_empty() {
                return bad(key, "must not be empty");
            }
        }
        let b = &self.boilerplate;
        if b.min_docs < 2 {
            return bad(
                "boilerplate.min_docs",
                "must be at least 2 (a line in one document is not repeated)",
            );
        }
        if !(0.0..=1.0).contains(&b.doc_share) {
            return bad("boilerplate.doc_share", "must be between 0 and 1");
        }
        check_near_dup(&self.near_dup)?;
        check_release(&self.release)?;
        if self.limits.max_doc_bytes == 0 || self.limits.max_expansion == 0 {
            return bad(
                "limits",
                "max_doc_bytes and max_expansion must be at least 1",
            );
        }
        let q = &self.quality;
        for (key, share) in [
            ("quality.max_non_letter_share", q.max_non_letter_share),
            ("quality.max_dup_line_share", q.max_dup_line_share),
            ("quality.max_dup_ngram_share", q.max_dup_ngram_share),
        ] {
            if !(0.0..=1.0).contains(&share) {
                return bad(key, "must be between 0 and 1");
            }
        }
        Ok(self)
    }
}

fn bad<T>(key: &str, message: &str) -> Result<T> {
    Err(Error::Config {
        key: key.into(),
        message: message.into(),
    })
}

fn check_split(split: &SplitRatios) -> Result<()> {
    let ratios = [split.train, split.validation, split.test];
    if ratios.iter().any(|r| !r.is_finite() || *r < 0.0) {
        return bad("split", "ratios must be finite and not negative");
    }
    let sum: f64 = ratios.iter().sum();
    if (sum - 1.0).abs() > 1e-6 {
        return bad("split", &format!("ratios must add up to 1, not {sum}"));
    }
    Ok(())
}

fn check_release(r: &ReleaseConfig) -> Result<()> {
    if let Some(date) = &r.date
        && !is_iso_date(date)
    {
        return bad("release.date", "must be a date written YYYY-MM-DD");
    }
    if let Some(url) = &r.homepage
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        return bad("release.homepage", "must be an http(s) URL");
    }
    let fields = [
        ("release.name", &r.name),
        ("release.version", &r.version),
        ("release.description", &r.description),
        ("release.license", &r.license),
        ("release.citation", &r.citation),
    ];
    for (key, value) in fields {
        if value.as_ref().is_some_and(|v| v.trim().is_empty()) {
            return bad(key, "must not be empty (leave it out instead)");
        }
    }
    Ok(())
}

/// `YYYY-MM-DD` with a month 1–12 and a day 1–31.
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(0..4)
        && digits(5..7)
        && digits(8..10)
        && (1..=12).contains(&num(5..7))
        && (1..=31).contains(&num(8..10))
}

fn check_near_dup(n: &NearDupConfig) -> Result<()> {
    if n.shingle_words == 0 {
        return bad("near_dup.shingle_words", "must be at least 1");
    }
    let permutations = n.permutations();
    if n.bands == 0 || n.rows == 0 || permutations > MAX_PERMUTATIONS {
        return bad(
            "near_dup.bands",
            &format!(
                "bands and rows must be at least 1, with bands × rows ≤ {MAX_PERMUTATIONS} \
                 (not {permutations})"
            ),
        );
    }
    if !(0.0..=1.0).contains(&n.threshold) {
        return bad("near_dup.threshold", "must be between 0 and 1");
    }
    if u64::from(n.lead_hashes) > permutations {
        return bad(
            "near_dup.lead_hashes",
            "must be at most bands × rows (the lead's values are taken on the way to those)",
        );
    }
    if !(0.0..=1.0).contains(&n.lead_threshold) {
        return bad("near_dup.lead_threshold", "must be between 0 and 1");
    }
    if !(0.0..=1.0).contains(&n.lead_waived_at) {
        return bad("near_dup.lead_waived_at", "must be between 0 and 1");
    }
    Ok(())
}

fn normalize_langs(langs: Vec<String>) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for lang in langs {
        let lang = lang.trim().to_ascii_lowercase();
        let valid = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
        if !valid {
            return bad(
                "langs",
                &format!("`{lang}` is not an ISO 639-1 or 639-3 code"),
            );
        }
        if !out.contains(&lang) {
            out.push(lang);
        }
    }
    out.sort();
    Ok(out)
}

/// Prior languages keep the order given (it is recorded as written) without repeats, and must
/// be labels the identifier can give: a boost for a language it never outputs would do nothing.
fn prior_langs(langs: Vec<String>) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for lang in langs {
        let lang = lang.trim().to_ascii_lowercase();
        if crate::base::langs::by_code(&lang).is_none() {
            return bad(
                "langid.prior_langs",
                &format!(
                    "`{lang}` is not a language the identifier gives \
                     (`corpusmill detect --labels` lists them)"
                ),
            );
        }
        if !out.contains(&lang) {
            out.push(lang);
        }
    }
    Ok(out)
}

/// Parses `0.9,0.05,0.05` (train, validation, test).
pub fn parse_split(text: &str) -> std::result::Result<SplitRatios, String> {
    let parts: Vec<&str> = text.split(',').map(str::trim).collect();
    let [train, validation, test] = parts.as_slice() else {
        return Err("expected three ratios: train,validation,test".into());
    };
    let num = |s: &str| s.parse::<f64>().map_err(|e| format!("`{s}`: {e}"));
    Ok(SplitRatios {
        train: num(train)?,
        validation: num(validation)?,
        test: num(test)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_an_empty_file_gives_them() {
        assert_eq!(Config::parse("").ok(), Some(Config::default()));
        assert!(Config::default().validate().is_ok());
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = Config::parse("seed = 1\nmin_char = 5\n")
            .err()
            .unwrap_or_default();
        assert!(err.contains("min_char"), "{err}");
        assert!(err.contains("line 2"), "{err}");
        assert!(!err.contains('\n'), "{err}");
        let err = Config::parse("[near_dup]\nbandz = 3\n")
            .err()
            .unwrap_or_default();
        assert!(err.contains("bandz") && err.contains("line 2"), "{err}");
    }

    #[test]
    fn sections_override_only_what_they_name() {
        let config = Config::parse("[near_dup]\nmode = \"tag\"\n").unwrap_or_default();
        assert_eq!(config.near_dup.mode, NearDupMode::Tag);
        assert_eq!(config.near_dup.bands, NearDupConfig::default().bands);
    }

    /// Regression (issue 24): 65536 × 65536 wrapped to 0 in `u32` and passed the limit (a debug
    /// build panicked on the multiply instead), leaving signatures without permutations.
    #[test]
    fn bands_times_rows_that_wraps_in_32_bits_is_refused() {
        for (bands, rows) in [(65_536, 65_536), (1 << 31, 2), (u32::MAX, u32::MAX)] {
            let config = Config {
                near_dup: NearDupConfig {
                    bands,
                    rows,
                    ..NearDupConfig::default()
                },
                ..Config::default()
            };
            let err = config.validate().err();
            assert!(
                matches!(&err, Some(Error::Config { key, .. }) if key == "near_dup.bands"),
                "{bands} × {rows}: {err:?}"
            );
        }
    }

    #[test]
    fn split_must_sum_to_one() {
        let config = Config {
            split: parse_split("0.5,0.2,0.2").unwrap_or_default(),
            ..Config::default()
        };
        assert!(matches!(config.validate(), Err(Error::Config { key, .. }) if key == "split"));
    }

    #[test]
    fn langs_are_normalized_and_checked() {
        let config = Config {
            langs: vec!["RU".into(), "kk".into(), "ru".into()],
            ..Config::default()
        };
        assert_eq!(
            config.validate().map(|c| c.langs).ok(),
            Some(vec!["kk".into(), "ru".into()])
        );
        let config = Config {
            langs: vec!["kazakh".into()],
            ..Config::default()
        };
        assert!(config.validate().is_err());
    }

    #[test]
    fn prior_langs_keep_their_order_and_must_be_known_labels() {
        let parsed = Config::parse("[langid]\nprior_langs = [\"UZ\", \"kk\", \"uz\", \"gsw\"]\n")
            .and_then(|c| c.validate().map_err(|e| e.to_string()));
        assert_eq!(
            parsed.map(|c| c.langid.prior_langs),
            Ok(vec!["uz".into(), "kk".into(), "gsw".into()])
        );
        assert_eq!(
            Config::default()
                .validate()
                .map(|c| c.langid.prior_langs)
                .ok(),
            Some(vec!["kk".into(), "ru".into(), "en".into()])
        );
        // An empty list is allowed: no language is preferred.
        assert!(Config::parse("[langid]\nprior_langs = []\n").is_ok_and(|c| c.validate().is_ok()));
        for unknown in ["xx", "als", "kazakh"] {
            let config = Config {
                langid: LangIdConfig {
                    prior_langs: vec![unknown.into()],
                },
                ..Config::default()
            };
            assert!(
                matches!(config.validate(), Err(Error::Config { key, .. }) if key == "langid.prior_langs"),
                "{unknown}"
            );
        }
    }
}
