//! The stages' shared, read-only state, built once per build and lent to every pass. It lives
//! apart from `build()` so that the passes depend on it and not on the orchestration.

use std::path::{Path, PathBuf};

use crate::base::config::{Config, QualityConfig};
use crate::base::error::{Error, Result};
use crate::pipeline::timing::Timings;
use crate::stages::boilerplate::{Cleaner, LineCounter, Rules};
use crate::stages::langid::LangId;
use crate::stages::normalize::Normalizer;
use crate::stages::segment::Segmenter;

pub(super) struct Stages {
    pub normalizer: Normalizer,
    pub segmenter: Segmenter,
    pub langid: LangId,
    pub config: Config,
    /// Whether pass three measures quality: a filter or the dry-run report needs it.
    pub measure_quality: bool,
    /// A dry run: the removed furniture texts and what each filter would remove are collected
    /// for the report.
    pub dry_run: bool,
    /// The dataset folder, named in the error of an interrupted build.
    pub out: PathBuf,
    /// Names of the kinds of furniture, by the numbers cut marks carry.
    pub furniture_kinds: Vec<String>,
    pub timings: Timings,
}

impl Stages {
    pub fn new(config: &Config, out: &Path, dry_run: bool) -> Result<Stages> {
        Ok(Stages {
            normalizer: Normalizer {
                repair_mixed_script: config.repair_mixed_script,
            },
            segmenter: Segmenter::new(),
            langid: LangId::with_prior_langs(&config.langid.prior_langs)
                .map_err(|e| Error::Model(e.to_string()))?,
            config: config.clone(),
            measure_quality: dry_run || config.quality != QualityConfig::default(),
            dry_run,
            out: out.to_path_buf(),
            furniture_kinds: cleaner_for(config, None)?.kinds().to_vec(),
            timings: Timings::default(),
        })
    }
}

/// The furniture cleaner of `config`, with pass one's line counts when it is to cut (without
/// them it still names the kinds of furniture, which the report's columns show).
pub(super) fn cleaner_for(config: &Config, counter: Option<LineCounter>) -> Result<Cleaner> {
    let config = &config.boilerplate;
    if !config.enabled {
        return Ok(Cleaner::new(config, None, None));
    }
    let rules = match config.rules {
        true => Some(Rules::builtin()?),
        false => None,
    };
    Ok(Cleaner::new(config, counter, rules))
}
