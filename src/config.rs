//! Build settings: an optional TOML file merged with command-line flags (flags win), validated
//! once. The resolved [`Config`] is written into the manifest so a build can be repeated exactly;
//! settings that cannot change the output (threads, progress) are deliberately not part of it.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Shares of documents per split. Written as `[split]` in TOML and `--split 0.9,0.05,0.05` on the
/// command line.
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

/// The resolved, validated settings of one build.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// Turn Latin look-alike letters inside Cyrillic words into Cyrillic (and the reverse).
    pub repair_mixed_script: bool,
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
            repair_mixed_script: true,
        }
    }
}

/// The TOML file as written by a user: every key optional, unknown keys rejected.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub text_field: Option<String>,
    pub id_field: Option<String>,
    pub langs: Option<Vec<String>>,
    pub min_chars: Option<u64>,
    pub seed: Option<u64>,
    pub split: Option<SplitRatios>,
    pub shard_size_mb: Option<u64>,
    pub repair_mixed_script: Option<bool>,
}

impl ConfigFile {
    pub fn load(path: &Path) -> Result<ConfigFile> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        ConfigFile::parse(&text).map_err(|message| Error::ConfigFile {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses TOML into settings; the error is one line with the key and line number.
    pub fn parse(text: &str) -> std::result::Result<ConfigFile, String> {
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

    /// Layers `over` on top of `self`: every key set in `over` wins.
    pub fn merge(self, over: ConfigFile) -> ConfigFile {
        ConfigFile {
            text_field: over.text_field.or(self.text_field),
            id_field: over.id_field.or(self.id_field),
            langs: over.langs.or(self.langs),
            min_chars: over.min_chars.or(self.min_chars),
            seed: over.seed.or(self.seed),
            split: over.split.or(self.split),
            shard_size_mb: over.shard_size_mb.or(self.shard_size_mb),
            repair_mixed_script: over.repair_mixed_script.or(self.repair_mixed_script),
        }
    }

    pub fn resolve(self) -> Result<Config> {
        let d = Config::default();
        let config = Config {
            text_field: self.text_field.unwrap_or(d.text_field),
            id_field: self.id_field.unwrap_or(d.id_field),
            langs: normalize_langs(self.langs.unwrap_or(d.langs))?,
            min_chars: self.min_chars.unwrap_or(d.min_chars),
            seed: self.seed.unwrap_or(d.seed),
            split: self.split.unwrap_or(d.split),
            shard_size_mb: self.shard_size_mb.unwrap_or(d.shard_size_mb),
            repair_mixed_script: self.repair_mixed_script.unwrap_or(d.repair_mixed_script),
        };
        config.validate()?;
        Ok(config)
    }
}

fn normalize_langs(langs: Vec<String>) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for lang in langs {
        let lang = lang.trim().to_ascii_lowercase();
        let valid = (2..=3).contains(&lang.len()) && lang.bytes().all(|b| b.is_ascii_lowercase());
        if !valid {
            return Err(Error::Config {
                key: "langs".into(),
                message: format!("`{lang}` is not an ISO 639-1 or 639-3 code"),
            });
        }
        if !out.contains(&lang) {
            out.push(lang);
        }
    }
    out.sort();
    Ok(out)
}

impl Config {
    fn validate(&self) -> Result<()> {
        let bad = |key: &str, message: String| {
            Err(Error::Config {
                key: key.into(),
                message,
            })
        };
        let SplitRatios {
            train,
            validation,
            test,
        } = self.split;
        if [train, validation, test]
            .iter()
            .any(|r| !r.is_finite() || *r < 0.0)
        {
            return bad("split", "ratios must be finite and not negative".into());
        }
        let sum = train + validation + test;
        if (sum - 1.0).abs() > 1e-6 {
            return bad("split", format!("ratios must add up to 1, not {sum}"));
        }
        if self.shard_size_mb == 0 {
            return bad("shard_size_mb", "must be at least 1".into());
        }
        for (key, value) in [
            ("text_field", &self.text_field),
            ("id_field", &self.id_field),
        ] {
            if value.is_empty() {
                return bad(key, "must not be empty".into());
            }
        }
        Ok(())
    }
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
    fn defaults_are_valid() {
        assert_eq!(
            ConfigFile::default().resolve().ok(),
            Some(Config::default())
        );
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = ConfigFile::parse("seed = 1\nmin_char = 5\n")
            .err()
            .unwrap_or_default();
        assert!(err.contains("min_char"), "{err}");
        assert!(err.contains("line 2"), "{err}");
        assert!(!err.contains('\n'), "{err}");
    }

    #[test]
    fn flags_win_over_file() {
        let file = ConfigFile::parse("seed = 1\nmin_chars = 5").unwrap_or_default();
        let flags = ConfigFile {
            seed: Some(7),
            ..ConfigFile::default()
        };
        let config = file.merge(flags).resolve().unwrap_or_default();
        assert_eq!((config.seed, config.min_chars), (7, 5));
    }

    #[test]
    fn split_must_sum_to_one() {
        let file = ConfigFile {
            split: parse_split("0.5,0.2,0.2").ok(),
            ..ConfigFile::default()
        };
        assert!(matches!(file.resolve(), Err(Error::Config { key, .. }) if key == "split"));
    }

    #[test]
    fn langs_are_normalized_and_checked() {
        let file = ConfigFile {
            langs: Some(vec!["RU".into(), "kk".into(), "ru".into()]),
            ..ConfigFile::default()
        };
        assert_eq!(
            file.resolve().map(|c| c.langs).ok(),
            Some(vec!["kk".into(), "ru".into()])
        );
        let file = ConfigFile {
            langs: Some(vec!["kazakh".into()]),
            ..ConfigFile::default()
        };
        assert!(file.resolve().is_err());
    }
}
