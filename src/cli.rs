//! Command-line flags (clap) and the dispatch to library calls. Flags are applied on top of the
//! TOML config, then the result is validated once.

use std::ffi::OsString;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};

use crate::base::config::{Config, NearDupMode, parse_split};
use crate::pipeline::{self, BuildOptions};

#[derive(Debug, Parser)]
#[command(name = "corpusmill", version, args_override_self = true)]
#[command(about = "Raw articles in, a release-ready Parquet dataset out")]
#[command(after_help = "Examples:
  corpusmill build examples/articles --out dataset
  corpusmill verify dataset
  corpusmill stats dataset
  corpusmill sample dataset --lang kk -n 3
  corpusmill diff old-dataset dataset > CHANGES.md
  corpusmill build news/ --out dataset --langs kk,ru --min-chars 200 --dry-run")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build a dataset from input files or folders.
    Build(Box<BuildArgs>),
    /// Plan a build as stages of tasks for a cluster (Slurm, Ray, Kubernetes): lists and sizes
    /// the inputs, resolves the settings and writes WORK/plan.json; `corpusmill stage` runs the
    /// tasks. The dataset is byte-identical to `build`'s for any --tasks.
    ///
    /// Example: `corpusmill plan news/ --out dataset --work work --tasks 8 --json`.
    Plan(Box<PlanArgs>),
    /// Run one task of one stage of a planned build (see `corpusmill plan`).
    ///
    /// The rank is --rank, else SLURM_ARRAY_TASK_ID, else JOB_COMPLETION_INDEX (Kubernetes
    /// Indexed Jobs), else RANK; a stage of one task needs none. A task already done is not run
    /// again; a task whose earlier stages are not all done exits with 2 and names them.
    Stage(StageArgs),
    /// Recompute checksums and check schemas and row counts against the manifest.
    Verify {
        dir: PathBuf,
        /// Print the result as JSON: ok, files and checksums checked, problems.
        #[arg(long)]
        json: bool,
        /// Also check what the Hugging Face Hub enforces or recommends (entries per folder,
        /// file sizes, row groups its viewer can read, the card's config globs), offline, and
        /// say how to upload the folder.
        #[arg(long)]
        hub: bool,
    },
    /// Print the settings a build would use: the defaults, or a config file over them, as TOML.
    ///
    /// Example: `corpusmill config show --config corpus.toml`.
    Config {
        #[command(subcommand)]
        action: ConfigAction,
    },
    /// Print a shell completion script: `corpusmill completions bash > /etc/bash_completion.d/corpusmill`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `corpusmill man > corpusmill.1 && man ./corpusmill.1`.
    Man,
    /// Summarize a built dataset.
    Stats {
        dir: PathBuf,
        /// Print stats as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Compare two builds of a dataset, as Markdown for a CHANGES.md (or --json).
    ///
    /// Documents, sentences and characters added, dropped and kept (documents matched by id) per
    /// split and language; kept documents whose text, language or split changed (a split change
    /// leaks between train and evaluation); removals by reason; settings that differ; each
    /// release's versions and manifest SHA-256.
    ///
    /// Example: `corpusmill diff release-1.0 release-1.1 >> CHANGES.md`.
    Diff {
        /// The earlier dataset folder.
        old: PathBuf,
        /// The later dataset folder.
        new: PathBuf,
        /// Print the changes as JSON instead (every count, by split and language).
        #[arg(long)]
        json: bool,
    },
    /// Write one self-contained HTML page of charts and samples of a built dataset.
    ///
    /// Example: `corpusmill report dataset --out report.html`, then open it in a browser.
    Report {
        dir: PathBuf,
        /// Where to write the page (not inside the dataset, which stays as built and verified).
        #[arg(long, default_value = "report.html")]
        out: PathBuf,
    },
    /// Show random rows of a built dataset (the same --seed shows the same rows).
    ///
    /// Examples: `corpusmill sample out/ --lang kk -n 3`;
    /// `corpusmill sample out/ --config removed --reason near_duplicate`.
    Sample(SampleArgs),
    /// Split text into sentences: JSONL {"text": ...} lines on stdin, {"sentences": [...]} lines out.
    Segment {
        /// Language of the text; detected per line when absent.
        #[arg(long)]
        lang: Option<String>,
        /// Read plain text, one text per line, instead of JSONL.
        #[arg(long)]
        plain: bool,
        /// Print on stderr the bytes segmented and the segmenter's own throughput
        /// (time spent splitting, without reading, parsing and writing).
        #[arg(long)]
        profile: bool,
    },
    /// Identify the language of each stdin line: prints `lang<TAB>score`.
    Detect {
        /// Print a JSON object per line with the script too.
        #[arg(long)]
        json: bool,
        /// Languages the texts are mostly in, boosted as in `build` [default: kk,ru,en].
        #[arg(long, value_delimiter = ',', env = "CORPUSMILL_PRIOR_LANGS")]
        prior_langs: Option<Vec<String>>,
        /// List the language codes the identifier can give, and read nothing.
        #[arg(long)]
        labels: bool,
    },
}

#[derive(Debug, Subcommand)]
enum ConfigAction {
    /// The resolved settings, as a config file that reproduces them.
    Show {
        /// TOML file with build settings.
        #[arg(long, env = "CORPUSMILL_CONFIG")]
        config: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
struct BuildArgs {
    /// Input files or folders (.txt, .jsonl, .jsonl.gz, .jsonl.zst, .parquet).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output dataset folder.
    #[arg(long)]
    out: PathBuf,
    #[command(flatten)]
    settings: SettingsArgs,
    #[command(flatten)]
    previous: PreviousArgs,
    /// Report what every stage and filter would remove, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print busy seconds (wall time inside each stage, summed over threads) and throughput
    /// per stage after the summary.
    #[arg(long)]
    profile: bool,
    /// Continue an interrupted build of the same inputs and config from its last checkpoint.
    #[arg(long)]
    resume: bool,
    /// Worker threads [default: all cores]. Does not change the output.
    #[arg(long, env = "CORPUSMILL_THREADS")]
    threads: Option<usize>,
    /// Replace an existing non-empty output folder.
    #[arg(long)]
    overwrite: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// No progress bars.
    #[arg(long, short, env = "CORPUSMILL_QUIET", value_parser = clap::builder::FalseyValueParser::new())]
    quiet: bool,
    /// Say on stderr what the build works with (threads, config, inputs, output), a line per
    /// finished pass (documents, megabytes, seconds) and the busy seconds of every stage.
    #[arg(long, short, conflicts_with = "quiet")]
    verbose: bool,
}

/// A release built on an earlier one.
#[derive(Debug, Args)]
struct PreviousArgs {
    /// Build on this earlier release (a corpusmill dataset folder): its documents built again
    /// keep their ids, splits and clusters; new copies and near copies of them are removed
    /// (or, with near_dup.mode = "tag", join their cluster and split); the release records it
    /// and gets CHANGES.md and changes.json. The seed and split ratios must be its own.
    #[arg(long, value_name = "OLD_DIR")]
    previous: Option<PathBuf>,
    /// With --previous: write only what the previous release does not hold (its documents
    /// built again unchanged are removed as `in_previous`), for continued training.
    #[arg(long, requires = "previous")]
    only_new: bool,
}

impl PreviousArgs {
    fn release(&self) -> Option<pipeline::PreviousRelease> {
        let dir = self.previous.clone()?;
        Some(pipeline::PreviousRelease {
            dir,
            only_new: self.only_new,
        })
    }
}

#[derive(Debug, Args)]
struct PlanArgs {
    /// Input files or folders, as for `build`.
    #[arg(required_unless_present = "status")]
    inputs: Vec<PathBuf>,
    /// Output dataset folder, which the finalize stage fills.
    #[arg(long, required_unless_present = "status")]
    out: Option<PathBuf>,
    /// Folder for the plan and what the tasks hand to each other; every task must see it.
    #[arg(long, required_unless_present = "status")]
    work: Option<PathBuf>,
    /// Tasks of each stage that works on a share of the inputs.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    tasks: u64,
    #[command(flatten)]
    settings: SettingsArgs,
    #[command(flatten)]
    previous: PreviousArgs,
    /// Replace an existing non-empty output folder when the dataset is finalized.
    #[arg(long)]
    overwrite: bool,
    /// Print the stages in run order as JSON: {"stages": [{"name": ..., "tasks": ...}]}; with
    /// --status, each with the ranks that are `done`.
    #[arg(long)]
    json: bool,
    /// Show which tasks of the plan in this WORK folder are done, and plan nothing.
    #[arg(long, value_name = "WORK", conflicts_with_all = ["inputs", "out", "work"])]
    status: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct StageArgs {
    /// The stage: scan, count, sign, near, dedup, write or finalize.
    name: String,
    /// The WORK folder of `corpusmill plan`.
    #[arg(long)]
    work: PathBuf,
    /// This task's rank [default: SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or RANK].
    #[arg(long)]
    rank: Option<usize>,
    /// Worker threads [default: all cores]. Does not change the output.
    #[arg(long, env = "CORPUSMILL_THREADS")]
    threads: Option<usize>,
    /// No progress bars.
    #[arg(long, short, env = "CORPUSMILL_QUIET", value_parser = clap::builder::FalseyValueParser::new())]
    quiet: bool,
}

/// The settings of a build, which `build` and `plan` take alike.
#[derive(Debug, Args)]
struct SettingsArgs {
    /// TOML file with build settings; flags override it.
    #[arg(long, env = "CORPUSMILL_CONFIG")]
    config: Option<PathBuf>,
    /// JSONL/Parquet field holding the text [default: text].
    #[arg(long)]
    text_field: Option<String>,
    /// JSONL/Parquet field holding the id [default: id].
    #[arg(long)]
    id_field: Option<String>,
    /// Keep only documents in these languages, e.g. kk,ru.
    #[arg(long, value_delimiter = ',')]
    langs: Option<Vec<String>>,
    /// Languages the corpus is mostly in; they get a prior boost in language ID [default: kk,ru,en].
    #[arg(long, value_delimiter = ',', env = "CORPUSMILL_PRIOR_LANGS")]
    prior_langs: Option<Vec<String>>,
    /// Remove documents shorter than this many characters [default: 0].
    #[arg(long)]
    min_chars: Option<u64>,
    /// Seed of the split assignment [default: 0].
    #[arg(long)]
    seed: Option<u64>,
    /// Split ratios train,validation,test [default: 0.9,0.05,0.05].
    #[arg(long, value_parser = parse_split)]
    split: Option<crate::base::config::SplitRatios>,
    /// Shard size in MB of uncompressed data [default: 256].
    #[arg(long)]
    shard_size_mb: Option<u64>,
    /// Do not repair words mixing Cyrillic and Latin look-alike letters.
    #[arg(long)]
    no_script_repair: bool,
    /// Do not remove repeated lines and site furniture.
    #[arg(long)]
    no_boilerplate: bool,
    /// Do not detect near-duplicates.
    #[arg(long)]
    no_near_dup: bool,
    /// Keep near-duplicates and tag them with their `cluster` instead of removing them.
    #[arg(long)]
    tag_near_dups: bool,
    /// Remove documents with fewer words (quality filter).
    #[arg(long)]
    min_words: Option<u64>,
}

impl SettingsArgs {
    /// The config file (or the defaults) with the flags over it, validated.
    fn resolve(&self) -> anyhow::Result<Config> {
        let file = match &self.config {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        Ok(self.apply(file).validate()?)
    }

    /// Flags win over the config file.
    fn apply(&self, mut config: Config) -> Config {
        fn set<T: Clone>(slot: &mut T, flag: &Option<T>) {
            if let Some(value) = flag {
                *slot = value.clone();
            }
        }
        set(&mut config.text_field, &self.text_field);
        set(&mut config.id_field, &self.id_field);
        set(&mut config.langs, &self.langs);
        set(&mut config.langid.prior_langs, &self.prior_langs);
        set(&mut config.min_chars, &self.min_chars);
        set(&mut config.seed, &self.seed);
        set(&mut config.split, &self.split);
        set(&mut config.shard_size_mb, &self.shard_size_mb);
        set(&mut config.quality.min_words, &self.min_words);
        if self.no_script_repair {
            config.repair_mixed_script = false;
        }
        if self.no_boilerplate {
            config.boilerplate.enabled = false;
        }
        if self.no_near_dup {
            config.near_dup.enabled = false;
        }
        if self.tag_near_dups {
            config.near_dup.mode = NearDupMode::Tag;
        }
        config
    }
}

/// Runs the command line; the error carries the whole cause chain for the binary to print.
pub fn run<I: IntoIterator<Item = OsString>>(args: I) -> anyhow::Result<ExitCode> {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return Ok(ExitCode::from(if e.use_stderr() { 2 } else { 0 }));
        }
    };
    match cli.command {
        Command::Build(args) => build(*args),
        Command::Plan(args) => plan(*args),
        Command::Stage(args) => stage(args),
        Command::Verify { dir, json, hub } => verify(dir, json, hub),
        Command::Config {
            action: ConfigAction::Show { config },
        } => config_show(config),
        Command::Stats { dir, json } => stats(dir, json),
        Command::Diff { old, new, json } => diff(old, new, json),
        Command::Completions { shell } => {
            // Into a buffer first: the generator panics on a write error (a closed pipe).
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut cmd, "corpusmill", &mut script);
            std::io::stdout().lock().write_all(&script)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Sample(args) => sample(args),
        Command::Report { dir, out } => report(dir, out),
        Command::Segment {
            lang,
            plain,
            profile,
        } => segment(lang, plain, profile),
        Command::Detect {
            json,
            prior_langs,
            labels,
        } => detect(json, prior_langs, labels),
    }
}

fn build(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let config = args.settings.resolve()?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let opts = BuildOptions {
        inputs: args.inputs.clone(),
        out: args.out.clone(),
        config,
        threads: threads.max(1),
        overwrite: args.overwrite,
        dry_run: args.dry_run,
        resume: args.resume,
        previous: args.previous.release(),
    };
    crate::base::interrupt::install().map_err(crate::Error::Signals)?;
    if args.verbose {
        eprintln!("{}", setup_line(&args, &opts));
    }
    let bars = crate::progress::Bars::new(args.quiet, args.verbose);
    let summary = pipeline::build(&opts, &bars)?;
    if args.verbose && !args.profile {
        eprint!("{}", summary.profile_table());
    }
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &summary)?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{}", summary.table())?;
        if args.profile {
            write!(stdout, "{}", summary.profile_table())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn plan(args: PlanArgs) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    if let Some(work) = &args.status {
        let status = pipeline::plan::status(work)?;
        if args.json {
            let stages = serde_json::json!({ "stages": status });
            serde_json::to_writer_pretty(&mut stdout, &stages)?;
            writeln!(stdout)?;
            return Ok(ExitCode::SUCCESS);
        }
        for s in status {
            let state = match s.done.len() == s.tasks {
                true => "done".to_string(),
                false => {
                    let todo: Vec<String> = (0..s.tasks)
                        .filter(|r| !s.done.contains(r))
                        .map(|r| r.to_string())
                        .collect();
                    format!("to do: {}", todo.join(" "))
                }
            };
            writeln!(
                stdout,
                "{:<9} {:>4}/{:<4} {state}",
                s.name,
                s.done.len(),
                s.tasks
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(out), Some(work)) = (args.out.clone(), args.work.clone()) else {
        anyhow::bail!("--out and --work are required");
    };
    let opts = pipeline::plan::PlanOptions {
        inputs: args.inputs.clone(),
        out,
        work,
        config: args.settings.resolve()?,
        tasks: usize::try_from(args.tasks)?,
        overwrite: args.overwrite,
        previous: args.previous.release(),
    };
    let plan = pipeline::plan::make(&opts)?;
    if args.json {
        let stages = serde_json::json!({ "stages": plan.stages() });
        serde_json::to_writer_pretty(&mut stdout, &stages)?;
        writeln!(stdout)?;
    } else {
        writeln!(
            stdout,
            "planned {} input file(s), {} bytes, for {} task(s) in {}",
            plan.files.len(),
            plan.total_bytes,
            plan.tasks,
            opts.work.display()
        )?;
        for s in plan.stages() {
            writeln!(stdout, "  {:<9} {} task(s)", s.name, s.tasks)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The rank a stage task runs as: the flag, else what the scheduler set.
fn task_rank(flag: Option<usize>) -> anyhow::Result<Option<usize>> {
    if flag.is_some() {
        return Ok(flag);
    }
    for var in ["SLURM_ARRAY_TASK_ID", "JOB_COMPLETION_INDEX", "RANK"] {
        if let Some(value) = std::env::var_os(var) {
            let text = value.to_string_lossy();
            let rank = text
                .trim()
                .parse()
                .with_context(|| format!("{var}={text} is not a task rank"))?;
            return Ok(Some(rank));
        }
    }
    Ok(None)
}

fn stage(args: StageArgs) -> anyhow::Result<ExitCode> {
    let rank = task_rank(args.rank)?;
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    crate::base::interrupt::install().map_err(crate::Error::Signals)?;
    let bars = crate::progress::Bars::new(args.quiet, false);
    let run = pipeline::plan::run_stage(&args.work, &args.name, rank, threads, &bars)?;
    if !args.quiet {
        let rank = rank.map_or(String::new(), |r| format!(" {r}"));
        let what = match run {
            pipeline::plan::TaskRun::Ran => "done",
            pipeline::plan::TaskRun::AlreadyDone => "was already done; nothing to do",
        };
        eprintln!("corpusmill: {}{rank} {what}", args.name);
    }
    Ok(ExitCode::SUCCESS)
}

/// What `build --verbose` says before it starts.
fn setup_line(args: &BuildArgs, opts: &BuildOptions) -> String {
    let config = args
        .settings
        .config
        .as_ref()
        .map_or("defaults".to_string(), |p| p.display().to_string());
    let inputs: Vec<String> = opts
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    format!(
        "corpusmill: {} thread(s); config: {config}; inputs: {}; output: {}{}",
        opts.threads,
        inputs.join(", "),
        opts.out.display(),
        if opts.dry_run { " (dry run)" } else { "" },
    )
}

fn verify(dir: PathBuf, json: bool, hub: bool) -> anyhow::Result<ExitCode> {
    // A dataset in object storage is checked in a local copy, removed afterwards.
    let url = dir.to_string_lossy().into_owned();
    let copy =
        crate::io::store::is_remote(&url).then(|| crate::io::store::Scratch::new("verify", &url));
    if let Some(copy) = &copy {
        crate::io::store::fetch_dataset(&url, copy.path())?;
    }
    let local = copy.as_ref().map_or(dir.as_path(), |c| c.path());
    let report = crate::release::verify::verify(local)?;
    let hub = match hub {
        true => Some(crate::release::hub::check(local)?),
        false => None,
    };
    let hub_failed = hub
        .iter()
        .flatten()
        .any(|(_, findings)| findings.iter().any(|f| f.fail));
    let ok = report.problems.is_empty() && !hub_failed;
    let mut stdout = std::io::stdout().lock();
    if json {
        let mut value = serde_json::json!({
            "dir": dir.display().to_string(),
            "ok": ok,
            "files_checked": report.files_checked,
            "checksums_checked": report.checksums_checked,
            "problems": report.problems,
        });
        if let Some(hub) = &hub {
            let checks: serde_json::Map<String, serde_json::Value> = hub
                .iter()
                .map(|(name, findings)| (name.to_string(), serde_json::json!(findings)))
                .collect();
            value["hub"] = serde_json::Value::Object(checks);
        }
        writeln!(stdout, "{}", serde_json::to_string_pretty(&value)?)?;
    } else {
        print_verify(&mut stdout, &dir, &report)?;
        if let Some(hub) = &hub {
            print_hub(&mut stdout, &dir, hub)?;
        }
    }
    Ok(match ok {
        true => ExitCode::SUCCESS,
        false => ExitCode::from(1),
    })
}

fn print_verify(
    out: &mut impl Write,
    dir: &std::path::Path,
    report: &crate::release::verify::VerifyReport,
) -> std::io::Result<()> {
    for problem in &report.problems {
        writeln!(out, "FAIL {problem}")?;
    }
    match report.problems.is_empty() {
        true => writeln!(
            out,
            "OK {}: {} files, {} checksums, counts add up",
            dir.display(),
            report.files_checked,
            report.checksums_checked
        ),
        false => writeln!(
            out,
            "{} problems in {}",
            report.problems.len(),
            dir.display()
        ),
    }
}

fn print_hub(
    out: &mut impl Write,
    dir: &std::path::Path,
    hub: &[(&str, Vec<crate::release::hub::Finding>)],
) -> std::io::Result<()> {
    for (name, findings) in hub {
        if findings.is_empty() {
            writeln!(out, "HUB OK   {name}")?;
        }
        for f in findings {
            let tag = if f.fail { "HUB FAIL" } else { "HUB WARN" };
            writeln!(out, "{tag} {name}: {}", f.message)?;
        }
    }
    writeln!(out, "{}", crate::release::hub::upload_hint(dir))
}

fn config_show(path: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let file = match &path {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let config = file.validate()?;
    let text = toml::to_string_pretty(&config)?;
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn stats(dir: PathBuf, json: bool) -> anyhow::Result<ExitCode> {
    let text = crate::release::stats::stats_report(&dir, json)?;
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn diff(old: PathBuf, new: PathBuf, json: bool) -> anyhow::Result<ExitCode> {
    use crate::release::changes::{Changes, render_markdown};
    let changes = Changes::between(&old, &new)?;
    let text = match json {
        true => format!("{}\n", serde_json::to_string_pretty(&changes)?),
        false => render_markdown(&changes),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn report(dir: PathBuf, out: PathBuf) -> anyhow::Result<ExitCode> {
    let page = crate::release::report::report(&dir)?;
    std::fs::write(&out, page.as_bytes()).map_err(|e| crate::Error::io(&out, e))?;
    eprintln!("wrote {} ({} KB)", out.display(), page.len().div_ceil(1024));
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, clap::Args)]
struct SampleArgs {
    dir: PathBuf,
    /// Which table: documents, sentences or removed.
    #[arg(long, default_value = "documents")]
    config: String,
    /// Only rows of this split (train, validation, test).
    #[arg(long)]
    split: Option<String>,
    /// Only rows labelled with this language (documents and sentences).
    #[arg(long)]
    lang: Option<String>,
    /// Only documents removed for this reason (with --config removed), e.g. near_duplicate.
    #[arg(long)]
    reason: Option<String>,
    /// How many rows.
    #[arg(short = 'n', long, default_value_t = 5)]
    n: usize,
    /// Which random rows: the same seed picks the same rows.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Print the rows as JSON (one object: config, matching, rows).
    #[arg(long)]
    json: bool,
}

fn sample(args: SampleArgs) -> anyhow::Result<ExitCode> {
    let query = crate::release::sample::Query {
        config: args.config,
        split: args.split,
        lang: args.lang,
        reason: args.reason,
        n: args.n,
        seed: args.seed,
    };
    let picked = crate::release::sample::sample(&args.dir, &query)?;
    let text = match args.json {
        true => format!("{}\n", serde_json::to_string_pretty(&picked)?),
        false => crate::release::sample::render(&picked, terminal_width()),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// The terminal's width from `COLUMNS`, else 100 columns.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}

fn segment(lang: Option<String>, plain: bool, profile: bool) -> anyhow::Result<ExitCode> {
    #[derive(serde::Deserialize)]
    struct In<'a> {
        #[serde(borrow)]
        text: std::borrow::Cow<'a, str>,
    }
    let segmenter = crate::stages::segment::Segmenter::new();
    let langid = match lang {
        Some(_) => None,
        None => Some(
            crate::stages::langid::LangId::new().map_err(|e| crate::Error::Model(e.to_string()))?,
        ),
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let (mut bytes, mut splitting) = (0usize, std::time::Duration::ZERO);
    let started = std::time::Instant::now();
    for_each_stdin_line(|n, line| {
        let parsed: In;
        let text = if plain {
            line
        } else {
            parsed = serde_json::from_str(line).with_context(|| {
                format!("stdin line {n}: not a JSON object with a \"text\" string")
            })?;
            &parsed.text
        };
        let lang = match (&lang, &langid) {
            (Some(l), _) => l.as_str(),
            (None, Some(id)) => id.detect(text).lang,
            (None, None) => "und",
        };
        let started = std::time::Instant::now();
        let spans = segmenter.split(text, lang);
        splitting += started.elapsed();
        bytes += text.len();
        let sentences = spans.into_iter().filter_map(|r| text.get(r));
        stdout.write_all(b"{\"sentences\":[")?;
        for (i, sentence) in sentences.into_iter().enumerate() {
            if i > 0 {
                stdout.write_all(b",")?;
            }
            write_json_str(&mut stdout, sentence)?;
        }
        stdout.write_all(b"]}\n")?;
        Ok(())
    })?;
    stdout.flush()?;
    if profile {
        let mb = bytes as f64 / 1e6;
        let (split_s, total_s) = (splitting.as_secs_f64(), started.elapsed().as_secs_f64());
        eprintln!(
            "segmented {mb:.1} MB: splitting {split_s:.3} s ({:.1} MB/s), all of segment {total_s:.3} s ({:.1} MB/s)",
            mb / split_s.max(1e-9),
            mb / total_s.max(1e-9)
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `s` as a JSON string, escaped as serde_json does. Runs of bytes
/// that need no escape (all of Cyrillic text, nearly) are copied in 16-byte
/// steps: serde_json's byte-at-a-time escaping was an eighth of `segment`.
fn write_json_str(out: &mut impl Write, s: &str) -> std::io::Result<()> {
    fn special(b: u8) -> bool {
        b < 0x20 || b == b'"' || b == b'\\'
    }
    let bytes = s.as_bytes();
    out.write_all(b"\"")?;
    let (mut done, mut i) = (0, 0);
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 16)
            && !chunk.iter().fold(false, |any, &b| any | special(b))
        {
            i += 16;
            continue;
        }
        let b = bytes[i];
        if special(b) {
            out.write_all(&bytes[done..i])?;
            match b {
                b'"' => out.write_all(b"\\\"")?,
                b'\\' => out.write_all(b"\\\\")?,
                b'\n' => out.write_all(b"\\n")?,
                b'\r' => out.write_all(b"\\r")?,
                b'\t' => out.write_all(b"\\t")?,
                0x08 => out.write_all(b"\\b")?,
                0x0C => out.write_all(b"\\f")?,
                _ => write!(out, "\\u{b:04x}")?,
            }
            done = i + 1;
        }
        i += 1;
    }
    out.write_all(&bytes[done..])?;
    out.write_all(b"\"")
}

/// Calls `f` with each line of stdin (numbered from 1, without its line
/// ending). UTF-8 is checked with simdutf8: std's check of every line was a
/// fifth of `segment`'s time on Cyrillic text.
fn for_each_stdin_line(mut f: impl FnMut(usize, &str) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let mut stdin = std::io::stdin().lock();
    let mut buf = Vec::new();
    for n in 1.. {
        buf.clear();
        if stdin.read_until(b'\n', &mut buf).context("reading stdin")? == 0 {
            break;
        }
        let bytes = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
        let line = simdutf8::basic::from_utf8(bytes)
            .map_err(|_| anyhow::anyhow!("stdin line {n}: not UTF-8"))?;
        f(n, line)?;
    }
    Ok(())
}

fn detect(json: bool, prior_langs: Option<Vec<String>>, labels: bool) -> anyhow::Result<ExitCode> {
    use crate::stages::langid::LangId;
    if labels {
        let mut stdout = std::io::stdout().lock();
        for code in LangId::languages() {
            writeln!(stdout, "{code}")?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    // Validated as the build validates them, so both accept the same lists.
    let mut config = Config::default();
    if let Some(langs) = prior_langs {
        config.langid.prior_langs = langs;
    }
    let config = config.validate()?;
    let langid = LangId::with_prior_langs(&config.langid.prior_langs)
        .map_err(|e| crate::Error::Model(e.to_string()))?;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for_each_stdin_line(|_, line| {
        let guess = langid.detect(line);
        if json {
            let value = serde_json::json!({
                "lang": guess.lang,
                "score": guess.score,
                "script": crate::stages::langid::script_of(line),
            });
            serde_json::to_writer(&mut stdout, &value)?;
            writeln!(stdout)?;
        } else {
            writeln!(stdout, "{}\t{:.4}", guess.lang, guess.score)?;
        }
        Ok(())
    })?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    fn ours(s: &str) -> String {
        let mut out = Vec::new();
        super::write_json_str(&mut out, s).expect("writing to a Vec");
        String::from_utf8(out).expect("escaped JSON is UTF-8")
    }

    #[test]
    fn json_escape_matches_serde_json_on_control_quotes_and_long_runs() {
        let long = "Қазақстан «астанасы» — Астана. ".repeat(5);
        for s in [
            "",
            "\"",
            "a\\b",
            "tab\there\nnew\r\u{8}\u{c}\u{1}\u{1f}\u{7f}",
            long.as_str(),
            &format!("{long}\"{long}\n"),
        ] {
            assert_eq!(ours(s), serde_json::to_string(s).expect("serialize"));
        }
    }

    proptest! {
        #[test]
        fn json_escape_matches_serde_json(s in "\\PC*|[\\x00-\\x7f]{0,64}") {
            prop_assert_eq!(ours(&s), serde_json::to_string(&s).expect("serialize"));
        }
    }
}
