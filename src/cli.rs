//! Command-line flags (clap) and the dispatch to library calls. Flags are applied on top of the
//! TOML config, then the result is validated once.

use std::ffi::OsString;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};

use crate::config::{Config, NearDupMode, parse_split};
use crate::pipeline::{self, BuildOptions, BuildSummary};

#[derive(Debug, Parser)]
#[command(name = "corpusmill", version, args_override_self = true)]
#[command(about = "Raw articles in, a release-ready Parquet dataset out")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build a dataset from input files or folders.
    Build(Box<BuildArgs>),
    /// Recompute checksums and check schemas and row counts against the manifest.
    Verify { dir: PathBuf },
    /// Summarize a built dataset.
    Stats {
        dir: PathBuf,
        /// Print stats as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Split text into sentences: JSONL {"text": ...} lines on stdin, {"sentences": [...]} lines out.
    Segment {
        /// Language of the text; detected per line when absent.
        #[arg(long)]
        lang: Option<String>,
        /// Read plain text, one text per line, instead of JSONL.
        #[arg(long)]
        plain: bool,
    },
    /// Identify the language of each stdin line: prints `lang<TAB>score`.
    Detect {
        /// Print a JSON object per line with the script too.
        #[arg(long)]
        json: bool,
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
    /// TOML file with build settings; flags override it.
    #[arg(long)]
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
    /// Remove documents shorter than this many characters [default: 0].
    #[arg(long)]
    min_chars: Option<u64>,
    /// Seed of the split assignment [default: 0].
    #[arg(long)]
    seed: Option<u64>,
    /// Split ratios train,validation,test [default: 0.9,0.05,0.05].
    #[arg(long, value_parser = parse_split)]
    split: Option<crate::config::SplitRatios>,
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
    /// Report what every stage and filter would remove, and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print CPU-seconds and throughput per stage after the summary.
    #[arg(long)]
    profile: bool,
    /// Continue an interrupted build of the same inputs and config from its last checkpoint.
    #[arg(long)]
    resume: bool,
    /// Worker threads [default: all cores]. Does not change the output.
    #[arg(long)]
    threads: Option<usize>,
    /// Replace an existing non-empty output folder.
    #[arg(long)]
    overwrite: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
    /// No progress bars.
    #[arg(long, short)]
    quiet: bool,
}

impl BuildArgs {
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
        Command::Verify { dir } => verify(dir),
        Command::Stats { dir, json } => stats(dir, json),
        Command::Segment { lang, plain } => segment(lang, plain),
        Command::Detect { json } => detect(json),
    }
}

fn build(args: BuildArgs) -> anyhow::Result<ExitCode> {
    let file = match &args.config {
        Some(path) => Config::load(path)?,
        None => Config::default(),
    };
    let config = args.apply(file).validate()?;
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
    };
    crate::interrupt::install().map_err(crate::Error::Signals)?;
    let bars = crate::progress::Bars::new(args.quiet);
    let summary = pipeline::build(&opts, &bars)?;
    let mut stdout = std::io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut stdout, &summary)?;
        writeln!(stdout)?;
    } else {
        write!(stdout, "{}", summary_table(&summary))?;
        if args.profile {
            write!(stdout, "{}", profile_table(&summary))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn summary_table(s: &BuildSummary) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let kept: u64 = s.kept.values().sum();
    match s.dry_run {
        true => {
            let _ = writeln!(out, "dry run in {:.1}s: nothing written", s.seconds);
        }
        false => {
            let _ = writeln!(out, "built {} in {:.1}s", s.out, s.seconds);
        }
    }
    let _ = writeln!(out, "  documents in   {:>10}", s.documents_in);
    for (split, n) in &s.kept {
        let _ = writeln!(out, "  kept {:<10}{:>10}", split.name(), n);
    }
    let _ = writeln!(out, "  kept total     {kept:>10}");
    for (reason, n) in &s.removed {
        let _ = writeln!(out, "  removed {reason:<13}{n:>7}");
    }
    let _ = writeln!(out, "  duplicates     {:>10}", s.duplicates);
    let _ = writeln!(out, "  near-dups      {:>10}", s.near_duplicates);
    for (kind, n) in &s.boilerplate_lines {
        let _ = writeln!(out, "  furniture {kind:<21}{n:>7} lines");
    }
    if s.skipped_files > 0 {
        let _ = writeln!(out, "  skipped files  {:>10}", s.skipped_files);
    }
    let mut langs: Vec<_> = s.languages.iter().collect();
    langs.sort_by(|a, b| b.1.cmp(a.1).then_with(|| a.0.cmp(b.0)));
    let langs: Vec<String> = langs
        .iter()
        .take(8)
        .map(|(l, n)| format!("{l} {n}"))
        .collect();
    let _ = writeln!(out, "  languages      {}", langs.join(", "));
    if !s.quality_report.is_empty() {
        let _ = writeln!(out, "quality filters (would remove):");
        for q in &s.quality_report {
            let state = if q.enabled { "on" } else { "off" };
            let _ = writeln!(
                out,
                "  {:<22}{:>8} at {} ({state})",
                q.filter, q.would_remove, q.threshold
            );
        }
    }
    out
}

/// CPU-seconds and MB/s per stage (MB of input text per CPU-second: per-core throughput).
fn profile_table(s: &BuildSummary) -> String {
    use std::fmt::Write as _;
    let mb = s.bytes_in as f64 / 1e6;
    let mut out = format!(
        "stage          cpu-s    MB/s per core  ({mb:.1} MB in, {:.1}s wall)\n",
        s.seconds
    );
    for (stage, secs) in &s.stage_seconds {
        let rate = if *secs > 0.0 { mb / secs } else { 0.0 };
        let _ = writeln!(out, "  {stage:<12}{secs:>8.2}{rate:>12.1}");
    }
    out
}

fn verify(dir: PathBuf) -> anyhow::Result<ExitCode> {
    let report = crate::verify::verify(&dir)?;
    let mut stdout = std::io::stdout().lock();
    for problem in &report.problems {
        writeln!(stdout, "FAIL {problem}")?;
    }
    if report.problems.is_empty() {
        writeln!(
            stdout,
            "OK {}: {} files, {} checksums, counts add up",
            dir.display(),
            report.files_checked,
            report.checksums_checked
        )?;
        Ok(ExitCode::SUCCESS)
    } else {
        writeln!(
            stdout,
            "{} problems in {}",
            report.problems.len(),
            dir.display()
        )?;
        Ok(ExitCode::from(1))
    }
}

fn stats(dir: PathBuf, json: bool) -> anyhow::Result<ExitCode> {
    let text = crate::verify::stats_report(&dir, json)?;
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn segment(lang: Option<String>, plain: bool) -> anyhow::Result<ExitCode> {
    let segmenter = crate::segment::Segmenter::new();
    let langid = match lang {
        Some(_) => None,
        None => Some(crate::langid::LangId::new().map_err(|e| crate::Error::Model(e.to_string()))?),
    };
    let stdin = std::io::stdin().lock();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for (n, line) in stdin.lines().enumerate() {
        let line = line.context("reading stdin")?;
        let text = if plain {
            line
        } else {
            let value: serde_json::Value = serde_json::from_str(&line)
                .with_context(|| format!("stdin line {}: not JSON", n + 1))?;
            value
                .get("text")
                .and_then(|t| t.as_str())
                .map(str::to_string)
                .with_context(|| format!("stdin line {}: no \"text\" string", n + 1))?
        };
        let lang = match (&lang, &langid) {
            (Some(l), _) => l.clone(),
            (None, Some(id)) => id.detect(&text).lang.to_string(),
            (None, None) => "und".to_string(),
        };
        let sentences: Vec<&str> = segmenter
            .split(&text, &lang)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect();
        serde_json::to_writer(&mut stdout, &serde_json::json!({ "sentences": sentences }))?;
        writeln!(stdout)?;
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn detect(json: bool) -> anyhow::Result<ExitCode> {
    let langid = crate::langid::LangId::new().map_err(|e| crate::Error::Model(e.to_string()))?;
    let stdin = std::io::stdin().lock();
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lines() {
        let line = line.context("reading stdin")?;
        let guess = langid.detect(&line);
        if json {
            let value = serde_json::json!({
                "lang": guess.lang,
                "score": guess.score,
                "script": crate::langid::script_of(&line),
            });
            serde_json::to_writer(&mut stdout, &value)?;
            writeln!(stdout)?;
        } else {
            writeln!(stdout, "{}\t{:.4}", guess.lang, guess.score)?;
        }
    }
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
