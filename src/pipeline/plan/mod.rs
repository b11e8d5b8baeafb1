//! A build as a plan of stages, each run as tasks in separate processes (a Slurm job array, Ray
//! tasks, a Kubernetes Indexed Job), for corpora one machine cannot build in time.
//!
//! `corpusmill plan` lists and sizes the inputs, resolves the config once, deals the input files
//! to `--tasks N` tasks in contiguous, size-balanced shares (a large plain or seekable zstd
//! JSONL file in pieces cut at line starts) and writes `WORK/plan.json`.
//! `corpusmill stage NAME --rank R` then runs one task. The stages are the passes of
//! [`super::build`], split where it merges global state:
//!
//! | stage | tasks | does |
//! |---|---|---|
//! | `scan` | N | pass one on its share: decode, normalize, spool, the line keys to count |
//! | `mark` | N | the later copies of the texts in its part of the fingerprints, from every task's line keys |
//! | `count` | N | adds every task's line keys but the later copies in input order, for its stripes: its part of the line counts |
//! | `sign` | N | pass two on its share: cut furniture, SHA-256, MinHash; its head copied |
//! | `near` | N | the near-duplicate search over every signature, for its share of the LSH buckets: the alike pairs |
//! | `dedup` | N | the exact groups of the texts in its part of the hashes; a fact per document |
//! | `write` | N | clusters from the pairs, a decision per document from its fact; pass three on its chunks: segment, label, filter, split; row groups encoded |
//! | `finalize` | 1 | the row groups into Parquet shards, manifest, card, checksums; the dataset moved into place |
//!
//! Each merge replays the records of the tasks in rank order, which is input order, through the
//! very code a one-process build merges with, so the dataset is byte-identical to `build`'s for
//! any number of tasks. The near-duplicate search, whose buckets and signatures are most of a
//! build's dedup memory, is partitioned by bucket: near task R keeps the buckets whose band
//! value `v` has `v % N == R`, and the pairs of all parts join the clusters of the one-process
//! index (`BucketSearch` says why).
//! The line counts are partitioned by stripe (`LineCounter::part`), and the exact-duplicate
//! groups by hash ([`groups`]): a dedup task states each document's facts, from which the write
//! task that writes it decides what `build`'s resolver decides over the whole corpus.
//!
//! Every task writes its files under `WORK/rank-R/` (or `WORK/merged/`), each complete before
//! it gets its name, then its completion marker `WORK/done/STAGE-R.json`, last and atomically.
//! A task whose marker exists is not run again; a task killed before its marker is simply run
//! again; a stage whose predecessors are not all done refuses to start and names what is missing.
//!
//! Inputs, `WORK` and the dataset may be in object storage ([`site`], `io::store`): a task then
//! copies down what it reads, runs on local files, and copies up what it wrote before its marker.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::base::config::Config;
use crate::base::error::{Error, Result};
use crate::io::ingest::{
    self, Compression, Frame, InputFile, InputKind, Inventory, Piece, SeekTable, SkippedFile,
};
use crate::io::store::{Remote, is_remote};
use crate::pipeline::PreviousRelease;
use crate::pipeline::batches::Reporter;
use site::Site;

mod groups;
mod rows;
mod site;
mod tasks;

/// Version of `plan.json` and of what the tasks leave in `WORK`.
const PLAN_FORMAT: u32 = 1;
const PLAN_FILE: &str = "plan.json";

/// How many tasks a stage has: one per share of the inputs (or per part of a partitioned
/// merge, as many), or one for a merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fan {
    Shares,
    One,
}

/// The stages in run order.
const STAGES: [(&str, Fan); 8] = [
    ("scan", Fan::Shares),
    ("mark", Fan::Shares),
    ("count", Fan::Shares),
    ("sign", Fan::Shares),
    ("near", Fan::Shares),
    ("dedup", Fan::Shares),
    ("write", Fan::Shares),
    ("finalize", Fan::One),
];

/// What `corpusmill plan` resolved once for every task of the build.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Plan {
    pub format: u32,
    /// The corpusmill version that made the plan; every task must be the same version.
    pub version: String,
    /// The input roots as given (recorded in the manifest).
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub overwrite: bool,
    pub tasks: usize,
    pub config: Config,
    pub files: Vec<InputFile>,
    /// Inputs found unreadable while listing.
    pub skipped: Vec<SkippedFile>,
    pub total_bytes: u64,
    pub listing_sha256: String,
    /// What the shares are made of, in input order: the files, a large plain or seekable zstd
    /// JSONL file cut into pieces at line starts.
    pub parts: Vec<Part>,
    /// Each task's share of `parts`, as `[start, end)`: contiguous and in rank order, so the
    /// tasks' records taken in rank order are in input order.
    pub shares: Vec<[usize; 2]>,
    /// The release built on (`--previous`), its folder absolute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousRelease>,
}

/// A file of the plan, or a piece of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// Index in `files`.
    pub file: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub piece: Option<Piece>,
}

/// What `corpusmill plan` is asked for.
pub struct PlanOptions {
    pub inputs: Vec<PathBuf>,
    pub out: PathBuf,
    pub work: PathBuf,
    pub config: Config,
    pub tasks: usize,
    pub overwrite: bool,
    pub previous: Option<PreviousRelease>,
}

/// A stage and its number of tasks, as `plan --json` lists them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageInfo {
    pub name: &'static str,
    pub tasks: usize,
}

/// A stage's progress, as `plan --status` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageStatus {
    pub name: &'static str,
    pub tasks: usize,
    /// Ranks whose completion marker exists.
    pub done: Vec<usize>,
}

impl Plan {
    /// The stages in run order, with their task counts.
    pub fn stages(&self) -> Vec<StageInfo> {
        STAGES
            .iter()
            .map(|(name, fan)| StageInfo {
                name,
                tasks: match fan {
                    Fan::Shares => self.tasks,
                    Fan::One => 1,
                },
            })
            .collect()
    }

    /// The input files, or pieces of them, of task `rank`'s share.
    pub fn share(&self, rank: usize) -> Vec<InputFile> {
        let [start, end] = self.shares.get(rank).copied().unwrap_or([0, 0]);
        let parts = self.parts.get(start..end).unwrap_or(&[]);
        parts
            .iter()
            .filter_map(|part| {
                let mut file = self.files.get(part.file)?.clone();
                if let Some(piece) = part.piece {
                    file.bytes = piece.bytes();
                    file.piece = Some(piece);
                }
                Some(file)
            })
            .collect()
    }

    /// The listing the manifest describes, as a one-process build finds it.
    pub fn inventory(&self) -> Inventory {
        Inventory {
            files: self.files.clone(),
            skipped: self.skipped.clone(),
            total_bytes: self.total_bytes,
        }
    }

    fn load_from(site: &Site, work: &Path) -> Result<Plan> {
        let path = work.join(PLAN_FILE);
        let bytes = site
            .read(PLAN_FILE)?
            .ok_or_else(|| plan_error(&path, "no plan here: run `corpusmill plan` first"))?;
        let plan: Plan = serde_json::from_slice(&bytes)
            .map_err(|e| plan_error(&path, &format!("not a corpusmill plan: {e}")))?;
        if plan.format != PLAN_FORMAT || plan.version != env!("CARGO_PKG_VERSION") {
            let made = format!("format {} by corpusmill {}", plan.format, plan.version);
            let message = format!("the plan was made ({made}) for another corpusmill version");
            return Err(plan_error(&path, &message));
        }
        Ok(plan)
    }

    /// The dataset folder, when it is in object storage.
    fn remote_out(&self) -> Result<Option<Remote>> {
        let out = self.out.to_string_lossy();
        match is_remote(&out) {
            true => Remote::open(&out).map(Some),
            false => Ok(None),
        }
    }
}

pub(super) fn plan_error(path: &Path, message: &str) -> Error {
    Error::Plan {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// Lists the inputs, deals them to the tasks and writes `WORK/plan.json`. Planning again with
/// the same inputs and settings keeps the plan and whatever tasks are done; a `WORK` that holds
/// another build's plan is refused.
pub fn make(opts: &PlanOptions) -> Result<Plan> {
    if opts.tasks == 0 {
        return Err(Error::Config {
            key: "tasks".into(),
            message: "must be at least 1".into(),
        });
    }
    let out = opts.out.to_string_lossy();
    let out = match is_remote(&out) {
        true => {
            check_remote_target(&Remote::open(&out)?, opts.overwrite, None)?;
            opts.out.clone()
        }
        false => {
            crate::release::output::check_target(&opts.out, opts.overwrite)?;
            // Tasks may start in another folder than `plan` did: they get absolute paths.
            absolute(&opts.out)?
        }
    };
    let inventory = inventory(&opts.inputs)?;
    let parts = cut_parts(&inventory.files, opts.tasks)?;
    let sizes: Vec<u64> = parts
        .iter()
        .map(|p| part_bytes(&inventory.files, p))
        .collect();
    let plan = Plan {
        format: PLAN_FORMAT,
        version: env!("CARGO_PKG_VERSION").to_string(),
        inputs: opts.inputs.clone(),
        out,
        overwrite: opts.overwrite,
        tasks: opts.tasks,
        config: opts.config.clone(),
        listing_sha256: inventory.listing_sha256(),
        total_bytes: inventory.total_bytes,
        skipped: inventory.skipped,
        files: inventory.files,
        parts,
        shares: deal(&sizes, opts.tasks),
        previous: planned_previous(opts)?,
    };
    let site = Site::open(&opts.work)?;
    let path = opts.work.join(PLAN_FILE);
    let mut text = serde_json::to_string_pretty(&plan).map_err(|e| Error::json(&path, e))?;
    text.push('\n');
    match site.read(PLAN_FILE)? {
        Some(old) if old == text.as_bytes() => return Ok(plan),
        Some(_) => {
            let message = "holds the plan of another build (other inputs, settings or task \
                           count): plan into a new WORK folder, or remove this one";
            return Err(plan_error(&path, message));
        }
        None => {}
    }
    site.write(PLAN_FILE, text.into_bytes())?;
    Ok(plan)
}

/// `--previous`, checked against the settings now rather than in the dedup task, with the
/// absolute path the tasks need.
fn planned_previous(opts: &PlanOptions) -> Result<Option<PreviousRelease>> {
    let Some(previous) = &opts.previous else {
        return Ok(None);
    };
    if is_remote(&previous.dir.to_string_lossy()) {
        return Err(Error::Config {
            key: "previous".into(),
            message: "a previous release in object storage is not supported yet: copy it to \
                      a folder every task sees"
                .into(),
        });
    }
    previous.open(&opts.config)?;
    Ok(Some(PreviousRelease {
        dir: absolute(&previous.dir)?,
        only_new: previous.only_new,
    }))
}

/// The input files of every root in the order given: folders walked as `build` walks them,
/// object-store prefixes listed in the same order. The roots stay as given (the manifest
/// records them as `build` does); local files get absolute paths.
fn inventory(inputs: &[PathBuf]) -> Result<Inventory> {
    let mut all = Inventory::default();
    for input in inputs {
        let text = input.to_string_lossy();
        let found = match is_remote(&text) {
            true => remote_inventory(&Remote::open(&text)?)?,
            false => {
                let mut found = ingest::discover(std::slice::from_ref(input))?;
                for file in &mut found.files {
                    file.path = absolute(&file.path)?;
                }
                found
            }
        };
        all.files.extend(found.files);
        all.skipped.extend(found.skipped);
    }
    all.total_bytes = all.files.iter().map(|f| f.bytes).sum();
    Ok(all)
}

/// The objects below a prefix as input files (their path is their URL), or the one object the
/// URL names.
fn remote_inventory(root: &Remote) -> Result<Inventory> {
    let mut objects = root.list()?;
    let mut base = root.clone();
    if objects.is_empty() {
        let url = root.url("");
        let Some(size) = root.size("")? else {
            return Err(Error::MissingInput(PathBuf::from(url)));
        };
        // A URL naming one object: its name stands for it, as a file given on its own.
        let name = url.rsplit('/').next().unwrap_or_default().to_string();
        objects = vec![(name.clone(), size)];
        let parent = &url[..url.len() - name.len()];
        base = Remote::open(parent)?;
    }
    let mut inventory = Inventory::default();
    for (rel, bytes) in objects {
        let name = rel.rsplit('/').next().unwrap_or_default();
        match ingest::InputKind::of(name) {
            Some(kind) => inventory.files.push(InputFile {
                path: PathBuf::from(base.url(&rel)),
                display: rel,
                kind,
                bytes,
                piece: None,
            }),
            None => inventory.skipped.push(SkippedFile {
                path: rel,
                reason: "unsupported file type".into(),
            }),
        }
    }
    Ok(inventory)
}

/// Refuses a remote dataset folder that holds a dataset (a `manifest.json`), unless it may be
/// replaced: with `--overwrite`, or when it is the very dataset this plan builds.
fn check_remote_target(out: &Remote, overwrite: bool, plan: Option<&Plan>) -> Result<()> {
    let Some(bytes) = out.read("manifest.json")? else {
        return Ok(());
    };
    let ours = plan.is_some_and(|plan| {
        serde_json::from_slice(&bytes).is_ok_and(|m| tasks::made_by_manifest(&m, plan))
    });
    match overwrite || ours {
        true => Ok(()),
        false => Err(Error::OutputExists(PathBuf::from(out.url("")))),
    }
}

/// The files as the parts the tasks share: each file whole, except a local plain JSONL file in
/// which a share's end (a multiple of `1/tasks` of the total bytes) falls, which is cut at the
/// first line start from there (reading it once up to its last cut). So the shares are even to
/// a line, however the bytes are spread over files: a whole file at a share's end would make one
/// task wait for another. A zstd JSONL file with a seek table is cut too, at the first line
/// start after the first frame start from there. Other compressed files are read whole by one
/// task: gzip and a plain zstd stream cannot be entered in the middle.
fn cut_parts(files: &[InputFile], tasks: usize) -> Result<Vec<Part>> {
    let total: u128 = files.iter().map(|f| u128::from(f.bytes)).sum();
    let ends: Vec<u128> = (1..tasks.max(1) as u128)
        .map(|k| k * total / tasks as u128)
        .collect();
    let mut parts = Vec::with_capacity(files.len());
    let mut at = 0u128;
    for (i, file) in files.iter().enumerate() {
        let (from, to) = (at, at + u128::from(file.bytes));
        at = to;
        // Offsets in the file; a share ending where the file starts or ends needs no cut.
        let cuts: Vec<u64> = ends
            .iter()
            .filter(|&&end| from < end && end < to)
            .filter_map(|&end| u64::try_from(end - from).ok())
            .collect();
        let local = !is_remote(&file.path.to_string_lossy());
        let pieces = match file.kind {
            _ if cuts.is_empty() || !local => None,
            InputKind::Jsonl(Compression::None) => {
                Some(cut_at_lines(&file.path, file.bytes, &cuts)?)
            }
            // A file that turns out unreadable is left whole, for its task to record.
            InputKind::Jsonl(Compression::Zstd) => SeekTable::read(&file.path)
                .and_then(|table| cut_seekable(&file.path, &table, &cuts).ok()),
            _ => None,
        };
        let Some(pieces) = pieces else {
            parts.push(Part {
                file: i,
                piece: None,
            });
            continue;
        };
        for piece in pieces {
            parts.push(Part {
                file: i,
                piece: Some(piece),
            });
        }
    }
    Ok(parts)
}

/// The seekable zstd file at `path` in pieces, as [`cut_at_lines`] cuts a plain one, at the
/// first line start at or after the first frame that starts at or after each of the file
/// offsets `targets` (so a task starts reading at most one frame before its piece). Reads the
/// text once up to its last cut.
fn cut_seekable(path: &Path, table: &SeekTable, targets: &[u64]) -> Result<Vec<Piece>> {
    let starts: Vec<u64> = targets
        .iter()
        .filter_map(|&t| table.frame_after(t))
        .filter(|&d| d > 0)
        .collect();
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let text = zstd::stream::read::Decoder::new(file).map_err(|e| Error::io(path, e))?;
    let mut pieces = cut_stream_at_lines(text, path, table.decompressed(), &starts)?;
    for piece in &mut pieces {
        let (at, from) = table.frame_of(piece.start);
        let bytes = table.file_offset(piece.end) - table.file_offset(piece.start);
        piece.frame = Some(Frame { at, from, bytes });
    }
    Ok(pieces)
}

fn part_bytes(files: &[InputFile], part: &Part) -> u64 {
    match part.piece {
        Some(piece) => piece.bytes(),
        None => files.get(part.file).map_or(0, |f| f.bytes),
    }
}

/// The file of `size` bytes at `path` in pieces, cut at the first line start at or after each
/// of the ascending offsets `targets`; fewer pieces when a line spans several targets.
fn cut_at_lines(path: &Path, size: u64, targets: &[u64]) -> Result<Vec<Piece>> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    cut_stream_at_lines(file, path, size, targets)
}

/// The `size` bytes `file` reads (from `path`) in pieces, as [`cut_at_lines`] says.
fn cut_stream_at_lines(
    mut file: impl std::io::Read,
    path: &Path,
    size: u64,
    targets: &[u64],
) -> Result<Vec<Piece>> {
    let mut buffer = vec![0u8; 1 << 20];
    let (mut offset, mut lines, mut next) = (0u64, 0u64, 0usize);
    let mut cuts = vec![(0u64, 0u64)];
    while next < targets.len() {
        let n = file.read(&mut buffer).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        for at in memchr::memchr_iter(b'\n', &buffer[..n]) {
            lines += 1;
            let start = offset + at as u64 + 1;
            while targets.get(next).is_some_and(|&target| start >= target) {
                if start < size && cuts.last().is_some_and(|&(last, _)| start > last) {
                    cuts.push((start, lines));
                }
                next += 1;
            }
        }
        offset += n as u64;
    }
    let ends = cuts.iter().skip(1).map(|&(start, _)| start).chain([size]);
    Ok(cuts
        .iter()
        .zip(ends)
        .map(|(&(start, lines_before), end)| Piece {
            start,
            end,
            lines_before,
            frame: None,
        })
        .collect())
}

fn absolute(path: &Path) -> Result<PathBuf> {
    std::path::absolute(path).map_err(|e| Error::io(path, e))
}

/// Contiguous, size-balanced shares: each file goes to the task in whose `1/n` of the total
/// bytes its midpoint falls, so shares differ by at most about one file's size. Tasks may get
/// no file when there are fewer files than tasks; a file is never split.
fn deal(sizes: &[u64], n: usize) -> Vec<[usize; 2]> {
    let total: u128 = sizes.iter().map(|&s| u128::from(s)).sum();
    let n128 = n as u128;
    let mut shares = vec![[0usize; 2]; n];
    let mut before = 0u128;
    let mut rank_of = Vec::with_capacity(sizes.len());
    for (i, &size) in sizes.iter().enumerate() {
        let rank = match total {
            0 => i as u128 * n128 / sizes.len() as u128,
            _ => (2 * before + u128::from(size)) * n128 / (2 * total),
        };
        rank_of.push(usize::try_from(rank).unwrap_or(n - 1).min(n - 1));
        before += u128::from(size);
    }
    let mut start = 0;
    for (rank, share) in shares.iter_mut().enumerate() {
        let end = start + rank_of[start..].iter().take_while(|&&r| r == rank).count();
        *share = [start, end];
        start = end;
    }
    shares
}

/// Every stage's progress in `work`.
pub fn status(work: &Path) -> Result<Vec<StageStatus>> {
    let site = Site::open(work)?;
    let plan = Plan::load_from(&site, work)?;
    let mut stages = Vec::new();
    for s in plan.stages() {
        let mut done = Vec::new();
        for rank in 0..s.tasks {
            if site.exists(&tasks::marker(s.name, rank))? {
                done.push(rank);
            }
        }
        stages.push(StageStatus {
            name: s.name,
            tasks: s.tasks,
            done,
        });
    }
    Ok(stages)
}

/// What running a task came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskRun {
    /// The task ran and its marker is written.
    Ran,
    /// Its marker was there already: nothing was done.
    AlreadyDone,
}

/// Runs task `rank` of stage `name` on `threads` threads, once every task of the stages before
/// it is done. A stage of one task needs no rank.
pub fn run_stage(
    work: &Path,
    name: &str,
    rank: Option<usize>,
    threads: usize,
    reporter: &dyn Reporter,
) -> Result<TaskRun> {
    let site = Site::open(work)?;
    let plan = Plan::load_from(&site, work)?;
    let stages = plan.stages();
    let plan_file = work.join(PLAN_FILE);
    let Some(position) = stages.iter().position(|s| s.name == name) else {
        let names: Vec<&str> = stages.iter().map(|s| s.name).collect();
        let message = format!("no stage `{name}`; the stages are {}", names.join(", "));
        return Err(plan_error(&plan_file, &message));
    };
    let stage = &stages[position];
    let rank = task_rank(stage, rank).map_err(|message| plan_error(&plan_file, &message))?;
    if site.exists(&tasks::marker(stage.name, rank))? {
        return Ok(TaskRun::AlreadyDone);
    }
    let mut missing = Vec::new();
    for s in &stages[..position] {
        for r in 0..s.tasks {
            if !site.exists(&tasks::marker(s.name, r))? {
                missing.push(format!("{} {r}", s.name));
            }
        }
    }
    if !missing.is_empty() {
        return Err(Error::NotReady {
            stage: name.to_string(),
            missing: missing.join(", "),
        });
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.max(1))
        .build()
        .map_err(|e| Error::Threads(e.to_string()))?;
    pool.install(|| execute(&site, &plan, stage.name, rank, reporter))?;
    Ok(TaskRun::Ran)
}

/// The rank of the task to run: the one given, or 0 for a stage of one task.
fn task_rank(stage: &StageInfo, rank: Option<usize>) -> std::result::Result<usize, String> {
    let name = stage.name;
    match (rank, stage.tasks) {
        (Some(rank), tasks) if rank < tasks => Ok(rank),
        (Some(rank), tasks) => Err(format!(
            "stage `{name}` has {tasks} task(s), ranks 0 to {}; got rank {rank}",
            tasks - 1
        )),
        (None, 1) => Ok(0),
        (None, tasks) => Err(format!(
            "stage `{name}` has {tasks} tasks: give the rank with --rank, \
             SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or RANK"
        )),
    }
}

/// Runs a task where its files are: copies down what it reads (a remote `WORK`, remote
/// inputs), runs it in the local folder, copies up what it wrote (and a remote dataset), and
/// writes its marker last.
fn execute(
    site: &Site,
    plan: &Plan,
    stage: &'static str,
    rank: usize,
    reporter: &dyn Reporter,
) -> Result<()> {
    let (reads, writes) = tasks::files(plan, stage, rank);
    site.fetch(&reads)?;
    if stage == "write" {
        site.fetch(&tasks::head_files(plan, site.root(), rank)?)?;
    }
    let mut local = plan.clone();
    if stage == "scan" {
        fetch_inputs(&mut local, rank, site.root())?;
    }
    let remote_out = plan.remote_out()?;
    if let (Some(out), "finalize") = (&remote_out, stage) {
        check_remote_target(out, plan.overwrite, Some(plan))?;
        local.out = site.root().join("dataset");
        local.overwrite = true;
    }
    // Spools copied to and from object storage are compressed whatever the local disk holds.
    let remote = matches!(site, Site::Remote { .. });
    let marker = tasks::run(&local, (site.root(), remote), stage, rank, reporter)?;
    let copies = site.root().join("inputs").join(rank.to_string());
    if stage == "scan" && copies.exists() {
        // The scan task's spools hold the documents now: the copies of remote inputs go.
        std::fs::remove_dir_all(&copies).map_err(|e| Error::io(&copies, e))?;
    }
    site.publish(&writes)?;
    if let (Some(out), "finalize") = (&remote_out, stage) {
        site::publish_dataset(&local.out, out)?;
    }
    site.write(&tasks::marker(stage, rank), marker)
}

/// Copies the remote input files of task `rank`'s share into `root`, and points the plan at
/// the copies.
fn fetch_inputs(plan: &mut Plan, rank: usize, root: &Path) -> Result<()> {
    let [start, end] = plan.shares.get(rank).copied().unwrap_or([0, 0]);
    let files: Vec<usize> = plan
        .parts
        .get(start..end)
        .unwrap_or(&[])
        .iter()
        .map(|p| p.file)
        .collect();
    for index in files {
        let Some(file) = plan.files.get_mut(index) else {
            continue;
        };
        let url = file.path.to_string_lossy().into_owned();
        if !is_remote(&url) {
            continue;
        }
        let local = root
            .join("inputs")
            .join(format!("{rank}"))
            .join(&file.display);
        let (parent, name) = url.rsplit_once('/').unwrap_or(("", &url));
        Remote::open(parent)?.download(name, &local)?;
        file.path = local;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_contiguous_balanced_and_cover_every_file() {
        let sizes = [10, 10, 10, 10, 100, 10, 10, 10, 10, 10];
        for n in 1..=12 {
            let shares = deal(&sizes, n);
            assert_eq!(shares.len(), n);
            assert_eq!(shares[0][0], 0);
            assert_eq!(shares[n - 1][1], sizes.len());
            for pair in shares.windows(2) {
                assert_eq!(pair[0][1], pair[1][0], "contiguous for {n} tasks");
            }
        }
        let weight = |s: [usize; 2]| sizes[s[0]..s[1]].iter().sum::<u64>();
        let two: Vec<u64> = deal(&sizes, 2).into_iter().map(weight).collect();
        assert_eq!(
            two,
            [140, 50],
            "the big file's midpoint is in the first half"
        );
        let even = deal(&[5; 9], 3);
        assert_eq!(even, [[0, 3], [3, 6], [6, 9]]);
    }

    /// `pieces` cover all of `text`, one after another, each after the first starting a line,
    /// with the number of lines before it.
    fn assert_cut_at_line_starts(pieces: &[Piece], text: &[u8]) {
        assert_eq!(pieces.first().map(|p| p.start), Some(0));
        assert_eq!(pieces.last().map(|p| p.end), Some(text.len() as u64));
        for pair in pieces.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for piece in &pieces[1..] {
            let start = piece.start as usize;
            assert_eq!(text[start - 1], b'\n', "a piece starts a line");
            let before = text[..start].iter().filter(|&&b| b == b'\n').count();
            assert_eq!(piece.lines_before, before as u64);
        }
    }

    #[test]
    fn pieces_start_at_line_starts_and_count_the_lines_before_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let text: String = (0..100).map(|i| format!("{{\"n\": {i}}}\n")).collect();
        std::fs::write(&path, format!("{text}{{\"last\": 1}}")).unwrap();
        let size = std::fs::metadata(&path).unwrap().len();
        let bytes = std::fs::read(&path).unwrap();
        let pieces = cut_at_lines(&path, size, &[size / 4, size / 2, size * 3 / 4]).unwrap();
        assert_eq!(pieces.len(), 4);
        assert_cut_at_line_starts(&pieces, &bytes);
        // Lines longer than a share: never a cut inside one, so fewer pieces.
        let long = dir.path().join("long.jsonl");
        std::fs::write(&long, format!("{}\n{}\n", "x".repeat(100), "y".repeat(10))).unwrap();
        let cut = cut_at_lines(&long, 112, &[28, 56, 84]).unwrap();
        assert_eq!(cut.len(), 2);
        assert_eq!((cut[1].start, cut[1].lines_before), (101, 1));
    }

    #[test]
    fn a_seekable_zstd_file_is_cut_at_line_starts_after_frame_starts() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl.zst");
        let text: String = (0..200).map(|i| format!("{{\"n\": {i}}}\n")).collect();
        let bytes = text.as_bytes();
        // Frames of 97 bytes: most start inside a line.
        let chunks: Vec<&[u8]> = bytes.chunks(97).collect();
        ingest::write_seekable(&path, &chunks).unwrap();
        let size = std::fs::metadata(&path).unwrap().len();
        let table = SeekTable::read(&path).unwrap();
        let pieces = cut_seekable(&path, &table, &[size / 3, size * 2 / 3]).unwrap();
        assert_eq!(pieces.len(), 3);
        assert_cut_at_line_starts(&pieces, bytes);
        assert_eq!(pieces.iter().map(Piece::bytes).sum::<u64>(), size);
        for piece in &pieces[1..] {
            let frame = piece.frame.unwrap();
            assert!(frame.from <= piece.start && piece.start - frame.from < 12);
            assert_eq!(frame.from % 97, 0, "it starts reading at a frame");
        }
    }

    /// Whole files made the shares of the 100 MB benchmark corpus (twelve files of 3–11 MB)
    /// differ by 6% on two tasks, and the planned build waited for the larger one.
    #[test]
    fn shares_of_jsonl_files_are_even_to_a_line() {
        let dir = tempfile::tempdir().unwrap();
        let line = "{\"text\": \"twenty-four bytes\"}\n";
        let mut files = Vec::new();
        for (i, lines) in [300, 40, 500, 120, 7].into_iter().enumerate() {
            let path = dir.path().join(format!("{i}.jsonl"));
            std::fs::write(&path, line.repeat(lines)).unwrap();
            files.push(InputFile {
                display: format!("{i}.jsonl"),
                kind: ingest::InputKind::Jsonl(ingest::Compression::None),
                bytes: (line.len() * lines) as u64,
                path,
                piece: None,
            });
        }
        let total: u64 = files.iter().map(|f| f.bytes).sum();
        for tasks in [2, 3, 7] {
            let parts = cut_parts(&files, tasks).unwrap();
            let sizes: Vec<u64> = parts.iter().map(|p| part_bytes(&files, p)).collect();
            assert_eq!(sizes.iter().sum::<u64>(), total);
            for [start, end] in deal(&sizes, tasks) {
                let share: u64 = sizes[start..end].iter().sum();
                let even = total / tasks as u64;
                assert!(
                    share.abs_diff(even) <= line.len() as u64,
                    "{tasks}: {share} vs {even}"
                );
            }
        }
    }

    #[test]
    fn empty_files_and_no_files_are_dealt_too() {
        assert_eq!(deal(&[0, 0, 0, 0], 2), [[0, 2], [2, 4]]);
        assert_eq!(deal(&[], 3), [[0, 0], [0, 0], [0, 0]]);
    }
}
