//! The build: the only place that knows the order of the passes, what each hands to the next,
//! and when `--resume` may skip one.
//!
//! Three streaming passes, each a function from its inputs and the previous pass's artefacts on
//! disk (in the checkpoint folder, see [`checkpoint`]) to its own artefacts on disk:
//! 1. [`counting::run`]: decode → normalize → count in how many documents each line occurs;
//!    reads the inputs, writes `normalized.spool`, `lines.spool` and `lines.bin`;
//! 2. [`hashing::run`]: remove furniture → SHA-256 (exact-duplicate groups) and MinHash
//!    signatures of distinct texts (near-duplicate clusters); reads pass one's spools, writes
//!    `cleaned.spool` and `dedup.bin`;
//! 3. [`building::run`]: the text cut as pass two decided, dedup verdicts, segmentation,
//!    language labels, filters, split assignment and writing; reads `normalized.spool`,
//!    `cleaned.spool` and the dedup state, writes the dataset.
//!
//! Only the first pass reads the inputs ([`inputs`]): every document is decoded, normalized and
//! cleaned once and its text spooled once. With furniture removal off there is nothing to
//! count, and pass two reads the inputs and spools their texts itself. Every pass runs its
//! batches through [`batches::pipelined`], which keeps the output byte-identical for any thread
//! count; the stages' shared state is in [`context`], the summary in [`summary`].

use std::path::PathBuf;
use std::time::Instant;

use crate::base::config::{Config, NearDupConfig, NearDupMode};
use crate::base::error::{Error, Result};
use crate::io::ingest::{self, Inventory};
use crate::io::write::RowSink;
use crate::pipeline::building::{Resolver, Sources, Verdicts};
use crate::pipeline::checkpoint::{CLEANED, Checkpoints, LINES, NORMALIZED};
use crate::pipeline::context::{Stages, cleaner_for};
use crate::pipeline::hashing::{Grouping, Upstream};
use crate::pipeline::previous::{Previous, Seeding};
use crate::release::output::{Output, Target};
use crate::release::stats::Furniture;
use crate::stages::boilerplate::{Cleaner, LineCounter, Samples};
use crate::stages::dedup::DedupIndex;
use crate::stages::neardup::{Clusters, MinHasher};

mod batches;
mod building;
pub mod checkpoint;
mod context;
mod counting;
mod handoff;
mod hashing;
mod inputs;
pub mod plan;
pub mod previous;
mod records;
mod summary;
pub mod timing;

pub use batches::Reporter;
pub use summary::BuildSummary;

/// Everything `build` needs besides the config.
/// Furniture lines per kind that `stats.json` lists (the checkpoint keeps as many or more).
pub(super) const STATS_FURNITURE_LINES: usize = 20;
const _: () = assert!(STATS_FURNITURE_LINES <= checkpoint::KEPT_SAMPLES);

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub config: Config,
    pub threads: usize,
    pub overwrite: bool,
    /// Run every stage and report, but write nothing.
    pub dry_run: bool,
    /// Use the checkpoints of an interrupted build of the same inputs and config.
    pub resume: bool,
    /// The release to build on (`--previous`).
    pub previous: Option<PreviousRelease>,
}

/// `--previous DIR [--only-new]`.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PreviousRelease {
    pub dir: PathBuf,
    /// Write only what the previous release does not hold.
    pub only_new: bool,
}

impl PreviousRelease {
    pub fn open(&self, config: &Config) -> Result<Previous> {
        Previous::open(&self.dir, config, self.only_new)
    }
}

/// What checkpoints are valid for: the input listing, and the release built on, whose documents
/// are in the dedup index.
fn identity(listing: &str, previous: Option<&Previous>) -> String {
    match previous {
        Some(p) => format!("{listing} on {}", p.lineage.manifest_sha256),
        None => listing.to_string(),
    }
}

pub fn build(opts: &BuildOptions, reporter: &dyn Reporter) -> Result<BuildSummary> {
    let started = Instant::now();
    let _lock = match opts.dry_run {
        true => None,
        false => {
            crate::release::output::check_target(&opts.out, opts.overwrite)?;
            Some(crate::release::output::lock(&opts.out)?)
        }
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.threads)
        .build()
        .map_err(|e| Error::Threads(e.to_string()))?;
    // Listing a folder of many small files takes a stat call each; the models load meanwhile.
    let (inventory, stages) = pool.install(|| {
        rayon::join(
            || ingest::discover(&opts.inputs),
            || Stages::new(&opts.config, &opts.out, opts.dry_run),
        )
    });
    let (inventory, stages) = (inventory?, stages?);
    let mut previous = opts
        .previous
        .as_ref()
        .map(|p| p.open(&opts.config))
        .transpose()?;
    let listing = identity(&inventory.listing_sha256(), previous.as_ref());
    let checkpoints = match opts.dry_run {
        true => Checkpoints::scratch(&opts.out, &opts.config, &listing),
        false => Checkpoints::new(&opts.out, &opts.config, &listing, opts.resume),
    };
    let text_bytes = inventory.files.iter().map(|f| f.text_bytes()).sum();
    let compress = crate::io::spool::compress_spools(checkpoints.dir(), text_bytes);
    let checkpoints = checkpoints.compressing(compress);
    pool.install(|| {
        let mut samples = Samples::default();
        let (cleaner, index, clusters) = first_two_passes(
            &stages,
            &inventory,
            &checkpoints,
            reporter,
            &mut samples,
            previous.as_mut(),
        )?;
        let mut out = match opts.dry_run {
            true => None,
            false => Some(Output::create(&opts.out, &opts.config)?),
        };
        let remove_near = opts.config.near_dup.mode == NearDupMode::Remove;
        let resolver = Resolver::new((&index, &clusters), remove_near, previous.as_ref());
        let built = building::run(
            &stages,
            Sources::of(&checkpoints)?,
            Verdicts::Resolve(resolver),
            out.as_mut().map(|o| o as &mut (dyn RowSink + 'static)),
            reporter,
        )?;
        let skipped = inventory.skipped.len() + built.skipped.len();
        let kinds = cleaner.kinds();
        let summary = BuildSummary::new(&stages, &built, kinds, &samples, skipped, started);
        if let Some(out) = out {
            let target = Target {
                inputs: &opts.inputs,
                config: &opts.config,
                out: &opts.out,
                overwrite: opts.overwrite,
                previous: previous.as_ref().map(|p| (p.dir.as_path(), &p.lineage)),
            };
            let furniture = Furniture {
                kinds: kinds.to_vec(),
                top: samples.top(kinds, STATS_FURNITURE_LINES),
            };
            out.finish(&target, &inventory, built.skipped, &built.stats, &furniture)?;
        }
        checkpoints.remove()?;
        Ok(summary)
    })
}

/// Passes one and two, or what `--resume` can take from their checkpoints. Either way the
/// spools pass three reads are ready afterwards.
fn first_two_passes(
    stages: &Stages,
    inventory: &Inventory,
    checkpoints: &Checkpoints,
    reporter: &dyn Reporter,
    samples: &mut Samples,
    mut previous: Option<&mut Previous>,
) -> Result<(Cleaner, DedupIndex, Clusters)> {
    let config = &stages.config;
    if checkpoints.resumable(CLEANED)
        && checkpoints.resumable(NORMALIZED)
        && let Some((index, clusters, saved)) = checkpoints.load_dedup()
    {
        *samples = saved;
        // The index holds the anchors already; only their names are needed.
        if let Some(previous) = previous {
            previous.load(None)?;
        }
        // Pass three no longer cleans, but the kinds of furniture name the report's columns.
        return Ok((cleaner_for(config, None)?, index, clusters));
    }
    let (cleaner, upstream) = match config.boilerplate.enabled {
        true => {
            let counter = match resumed_counts(checkpoints) {
                Some(counter) => counter,
                None => counting::run(stages, &inventory.files, checkpoints, reporter)?,
            };
            (cleaner_for(config, Some(counter))?, Upstream::Counting)
        }
        false => (
            cleaner_for(config, None)?,
            Upstream::Inputs(&inventory.files),
        ),
    };
    let mut grouping = Grouping::new(&stages.config.near_dup, samples);
    if let Some(previous) = previous.as_deref_mut() {
        seed(previous, &mut grouping, Some(&config.near_dup))?;
    }
    hashing::run(
        stages,
        &cleaner,
        upstream,
        checkpoints,
        reporter,
        &mut grouping,
    )?;
    unseed(previous, &mut grouping);
    let (index, clusters) = grouping.finish();
    checkpoints.save_dedup(&index, &clusters, samples)?;
    Ok((cleaner, index, clusters))
}

/// The previous release's documents into the dedup index, before this build's; its ids are
/// lent to `grouping` until [`unseed`]. With the near-duplicate settings, they are signed for
/// the index's search; a planned build's dedup stage passes none (its near tasks sign them).
fn seed(
    previous: &mut Previous,
    grouping: &mut Grouping,
    near: Option<&NearDupConfig>,
) -> Result<()> {
    let hasher = near.filter(|n| n.enabled).map(MinHasher::new);
    previous.load(Some(Seeding {
        anchors: grouping,
        hasher: hasher.as_ref(),
    }))?;
    grouping.old_ids = std::mem::take(&mut previous.by_id);
    Ok(())
}

/// The ids [`seed`] lent, back once every document is in the index.
fn unseed(previous: Option<&mut Previous>, grouping: &mut Grouping) {
    if let Some(previous) = previous {
        previous.by_id = std::mem::take(&mut grouping.old_ids);
    }
}

/// Pass one's line counts, when `--resume` may skip pass one: its spools and counts are whole
/// and were written for this very build.
fn resumed_counts(checkpoints: &Checkpoints) -> Option<LineCounter> {
    match checkpoints.resumable(NORMALIZED) && checkpoints.resumable(LINES) {
        true => checkpoints.load_lines(),
        false => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reporter that shows nothing.
    struct NoProgress;

    impl Reporter for NoProgress {
        fn pass_started(&self, _: &'static str, _: Option<u64>) {}
        fn advance(&self, _: u64, _: u64) {}
        fn pass_finished(&self) {}
    }

    /// A pass a reporter was told of: name, total, and the bytes and documents advanced.
    type Pass = (&'static str, Option<u64>, u64, u64);

    #[derive(Default)]
    struct Recorder(std::sync::Mutex<Vec<Pass>>);

    impl Reporter for Recorder {
        fn pass_started(&self, name: &'static str, total: Option<u64>) {
            if let Ok(mut passes) = self.0.lock() {
                passes.push((name, total, 0, 0));
            }
        }

        fn advance(&self, docs: u64, bytes: u64) {
            if let Ok(mut passes) = self.0.lock()
                && let Some(pass) = passes.last_mut()
            {
                pass.2 += bytes;
                pass.3 += docs;
            }
        }

        fn pass_finished(&self) {}
    }

    /// Regression (issue 24): every pass started with `None` for its total, so the progress bar
    /// could only spin. Each pass now has a total, and what it reports reaches it exactly.
    #[test]
    fn every_pass_reports_a_total_and_reaches_it() {
        for furniture in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let mut config = Config::default();
            config.boilerplate.enabled = furniture;
            let opts = BuildOptions {
                inputs: vec![
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus"),
                ],
                out: dir.path().join("ds"),
                config,
                threads: 2,
                overwrite: false,
                dry_run: false,
                resume: false,
                previous: None,
            };
            let recorder = Recorder::default();
            build(&opts, &recorder).unwrap();
            let passes = recorder.0.into_inner().unwrap();
            let names: Vec<&str> = passes.iter().map(|p| p.0).collect();
            let expected = match furniture {
                true => vec!["counting", "hashing", "building"],
                false => vec!["hashing", "building"],
            };
            assert_eq!(names, expected);
            for (name, total, bytes, docs) in passes {
                assert_eq!(total, Some(bytes), "{name}: total, bytes reported");
                assert!(bytes > 0 && docs > 0, "{name}: {bytes} bytes, {docs} docs");
            }
        }
    }

    /// Builds the fixture corpus into `out`; with `resume`, from the checkpoints of a build that
    /// stopped after its second pass.
    fn build_fixtures(out: &std::path::Path, config: &Config, resume: bool) -> BuildSummary {
        build_fixtures_on(out, config, resume, None)
    }

    /// [`build_fixtures`], on the release in `previous`.
    fn build_fixtures_on(
        out: &std::path::Path,
        config: &Config,
        resume: bool,
        previous: Option<&std::path::Path>,
    ) -> BuildSummary {
        let previous = previous.map(|dir| PreviousRelease {
            dir: dir.to_path_buf(),
            only_new: false,
        });
        let opts = BuildOptions {
            inputs: vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")],
            out: out.to_path_buf(),
            config: config.clone(),
            threads: 2,
            overwrite: false,
            dry_run: false,
            resume,
            previous,
        };
        if resume {
            let inventory = ingest::discover(&opts.inputs).unwrap();
            let stages = Stages::new(&opts.config, &opts.out, false).unwrap();
            let mut previous = opts.previous.as_ref().map(|p| p.open(config).unwrap());
            let listing = identity(&inventory.listing_sha256(), previous.as_ref());
            let checkpoints = Checkpoints::new(out, config, &listing, false);
            let mut samples = Samples::default();
            first_two_passes(
                &stages,
                &inventory,
                &checkpoints,
                &NoProgress,
                &mut samples,
                previous.as_mut(),
            )
            .unwrap();
        }
        build(&opts, &NoProgress).unwrap()
    }

    /// A resumed build on a previous release: the checkpointed index holds the previous
    /// release's documents and which document claimed each text, and the names come back.
    #[test]
    fn resuming_a_build_on_a_previous_release_matches_a_whole_one() {
        let dir = tempfile::tempdir().unwrap();
        let config = Config::default();
        let first = dir.path().join("first");
        build_fixtures(&first, &config, false);
        let whole = build_fixtures_on(&dir.path().join("whole"), &config, false, Some(&first));
        let resumed = build_fixtures_on(&dir.path().join("resumed"), &config, true, Some(&first));
        assert!(!resumed.stage_seconds.contains_key("normalize"));
        assert!(whole.stage_seconds.contains_key("normalize"));
        let sums = |name: &str| std::fs::read(dir.path().join(name).join("SHA256SUMS")).unwrap();
        assert_eq!(sums("whole"), sums("resumed"));
        let manifest =
            |name: &str| crate::release::manifest::Manifest::read(&dir.path().join(name));
        assert!(manifest("resumed").unwrap().previous.is_some());
    }

    #[test]
    fn resuming_after_pass_two_reads_both_spools_and_matches_a_whole_build() {
        for furniture in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let mut config = Config::default();
            config.boilerplate.enabled = furniture;
            let whole = build_fixtures(&dir.path().join("whole"), &config, false);
            let resumed = build_fixtures(&dir.path().join("resumed"), &config, true);
            // Only pass three ran: nothing was normalized again.
            assert!(whole.stage_seconds.contains_key("normalize"));
            assert!(!resumed.stage_seconds.contains_key("normalize"));
            let sums =
                |name: &str| std::fs::read(dir.path().join(name).join("SHA256SUMS")).unwrap();
            assert_eq!(
                sums("whole"),
                sums("resumed"),
                "furniture removal {furniture}"
            );
        }
    }
}
