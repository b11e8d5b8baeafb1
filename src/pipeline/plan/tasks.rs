//! The tasks of a planned build (see [`super`]): what each stage does with its share, and
//! where in `WORK` it leaves its files for the stages after it.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::groups::{self, Groups, Near, Rules};
use super::rows::{self, Layout, PieceReader, TaskRows};
use super::{Plan, plan_error};
use crate::base::config::NearDupMode;
use crate::base::error::{Error, Result};
use crate::io::ingest::SkippedFile;
use crate::io::spool::{Batched, Record, SpoolReader};
use crate::io::write::Slot;
use crate::pipeline::batches::BATCH_DOCS;
use crate::pipeline::building::{self, Decide, Sources, Verdicts};
use crate::pipeline::checkpoint::{
    ANCHORS, CLEANED, Checkpoints, HASHES, HEAD_CLEANED, HEAD_NORMALIZED, JOINED, KEYS, LATER,
    LINE_COUNTS, LINES, NORMALIZED, PAIRED, REMOVED, SAMPLES, SIGNED,
};
use crate::pipeline::context::Stages;
use crate::pipeline::context::cleaner_for;
use crate::pipeline::handoff::{Decision, DocHash, Fact, Joined, Paired, RemovedText, Signed};
use crate::pipeline::hashing::{self, SignSpools, Upstream};
use crate::pipeline::previous::{ANCHOR_BASE, Anchors, Previous, Seeding};
use crate::pipeline::records::{Cleaned, Decoded};
use crate::pipeline::{Reporter, STATS_FURNITURE_LINES, counting};
use crate::release::manifest::{Manifest, Tool};
use crate::release::output::{Output, Target};
use crate::release::stats::{Furniture, Stats};
use crate::stages::boilerplate::{Cleaner, LineCounter, Samples};
use crate::stages::dedup::Digest;
use crate::stages::neardup::{BucketSearch, MinHasher};

/// A write task's counts, beside its rows.
const STATS: &str = "stats.json";
/// The input files a write task's share skipped.
const SKIPPED: &str = "skipped.json";

/// What a finished task records in its marker.
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Marker {
    /// Documents a scan task read: the offset of the next task's ordinals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    docs: Option<u64>,
}

/// Where the completion marker of task `rank` of `stage` is, in `WORK`.
pub(super) fn marker(stage: &str, rank: usize) -> String {
    format!("done/{stage}-{rank}.json")
}

/// The files of `WORK` task `rank` of `stage` reads, and those it writes (the dataset aside).
pub(super) fn files(plan: &Plan, stage: &str, rank: usize) -> (Vec<String>, Vec<String>) {
    let own = |names: &[&str]| -> Vec<String> {
        names.iter().map(|n| format!("rank-{rank}/{n}")).collect()
    };
    let every = |names: &[&str]| -> Vec<String> {
        (0..plan.tasks)
            .flat_map(|r| names.iter().map(move |n| format!("rank-{r}/{n}")))
            .collect()
    };
    let merged = |name: &str| vec![format!("merged/{name}")];
    let scan_markers = || -> Vec<String> { (0..plan.tasks).map(|r| marker("scan", r)).collect() };
    let pieces: Vec<String> = Slot::all().into_iter().map(rows::pieces_file).collect();
    let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
    match stage {
        "scan" => (Vec::new(), own(&[NORMALIZED, LINES, KEYS])),
        "mark" => (every(&[KEYS]), own(&[LATER])),
        "count" => (every(&[KEYS, LATER]), own(&[LINE_COUNTS])),
        "sign" => {
            let mut reads = scan_markers();
            reads.extend(every(&[LINE_COUNTS]));
            reads.extend(own(&[NORMALIZED, LINES]));
            let writes = own(&[
                CLEANED,
                SIGNED,
                HASHES,
                REMOVED,
                HEAD_NORMALIZED,
                HEAD_CLEANED,
            ]);
            (reads, writes)
        }
        "near" => {
            let mut reads = scan_markers();
            reads.extend(every(&[SIGNED]));
            (reads, own(&[JOINED]))
        }
        "dedup" => {
            let mut reads = scan_markers();
            reads.extend(every(&[HASHES, JOINED]));
            let facts: Vec<String> = (0..plan.tasks).map(facts_file).collect();
            let mut writes = own(&facts.iter().map(String::as_str).collect::<Vec<_>>());
            writes.extend(own(&[PAIRED]));
            // Task 0 merges the furniture texts for the report.
            if rank == 0 {
                reads.extend(every(&[REMOVED]));
                writes.extend(merged(SAMPLES));
            }
            (reads, writes)
        }
        // The heads of later shares it writes are known once the scan markers are: see
        // `head_files`.
        "write" => {
            let mut reads = scan_markers();
            reads.extend(own(&[NORMALIZED, CLEANED]));
            reads.extend(every(&[facts_file(rank).as_str(), PAIRED, JOINED]));
            let mut writes = own(&[STATS, SKIPPED]);
            writes.extend(own(&pieces));
            (reads, writes)
        }
        "finalize" => {
            let mut reads = every(&[STATS, SKIPPED]);
            reads.extend(every(&pieces));
            reads.extend(merged(SAMPLES));
            (reads, Vec::new())
        }
        _ => (Vec::new(), Vec::new()),
    }
}

/// The head spools of later shares that write task `rank` writes, read from the scan markers
/// in the local folder `work`.
pub(super) fn head_files(plan: &Plan, work: &Path, rank: usize) -> Result<Vec<String>> {
    let layout = layout(plan, work)?;
    let heads = layout.heads_for(rank).into_iter();
    let files =
        heads.flat_map(|q| [HEAD_NORMALIZED, HEAD_CLEANED].map(|n| format!("rank-{q}/{n}")));
    Ok(files.collect())
}

/// Writes `bytes` to `path` whole or not at all: a temporary file, synced, then renamed.
pub(super) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let partial = path.with_extension("partial");
    let io = |e| Error::io(&partial, e);
    let mut file = std::fs::File::create(&partial).map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.sync_all().map_err(io)?;
    std::fs::rename(&partial, path).map_err(|e| Error::io(path, e))
}

/// The files of one planned build in `WORK`.
struct Work<'a> {
    root: &'a Path,
    plan: &'a Plan,
    /// Whether its spools are compressed.
    compress: bool,
}

impl Work<'_> {
    /// The folder of task `rank` of the stages that work on shares.
    fn rank(&self, rank: usize) -> Checkpoints {
        self.at(self.root.join(format!("rank-{rank}")))
    }

    /// The folder of the merge stages.
    fn merged(&self) -> Checkpoints {
        self.at(self.root.join("merged"))
    }

    fn at(&self, dir: PathBuf) -> Checkpoints {
        Checkpoints::at(dir, &self.plan.config, &self.plan.listing_sha256, true)
            .compressing(self.compress)
    }

    fn ranks(&self) -> Vec<Checkpoints> {
        (0..self.plan.tasks).map(|r| self.rank(r)).collect()
    }

    /// The release the plan builds on, as its manifest says (its documents are read by
    /// [`Previous::load`]).
    fn previous(&self) -> Result<Option<Previous>> {
        let Some(previous) = &self.plan.previous else {
            return Ok(None);
        };
        previous.open(&self.plan.config).map(Some)
    }

    /// Which documents each write task writes.
    fn layout(&self) -> Result<Layout> {
        layout(self.plan, self.root)
    }
}

/// Which documents each write task of `plan` writes, from the scan markers in `work`: the
/// ordinals in the whole corpus of each scan task's documents, dealt as [`Layout`] says.
fn layout(plan: &Plan, work: &Path) -> Result<Layout> {
    let mut ranges = Vec::with_capacity(plan.tasks);
    let mut next = 0u64;
    for rank in 0..plan.tasks {
        let path = work.join(marker("scan", rank));
        let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
        let docs = serde_json::from_str::<Marker>(&text)
            .ok()
            .and_then(|m| m.docs)
            .ok_or_else(|| plan_error(&path, "a scan marker without its document count"))?;
        ranges.push(next..next + docs);
        next += docs;
    }
    Ok(Layout::new(ranges))
}

/// Runs task `rank` of `stage` in the local folder `work`; returns its marker, for the caller
/// to write once the task's files are where the next stages look for them.
pub(super) fn run(
    plan: &Plan,
    (work, remote): (&Path, bool),
    stage: &str,
    rank: usize,
    reporter: &dyn Reporter,
) -> Result<Vec<u8>> {
    let text_bytes = plan.files.iter().map(|f| f.text_bytes()).sum();
    let compress = remote || crate::io::spool::compress_spools(work, text_bytes);
    let work = Work {
        root: work,
        plan,
        compress,
    };
    let config = &plan.config;
    let done = match stage {
        "scan" => {
            let stages = Stages::new(config, &plan.out, false)?;
            let docs = counting::scan(&stages, &plan.share(rank), &work.rank(rank), reporter)?;
            Marker { docs: Some(docs) }
        }
        "mark" => mark(&work, rank)?,
        "count" => count(&work, rank)?,
        "sign" => sign(&work, rank, reporter)?,
        "near" => near(&work, rank)?,
        "dedup" => dedup(&work, rank)?,
        "write" => write(&work, rank, reporter)?,
        "finalize" => finalize(&work)?,
        _ => return Err(plan_error(work.root, &format!("no stage `{stage}`"))),
    };
    let path = work.root.join(marker(stage, rank));
    serde_json::to_vec(&done).map_err(|e| Error::json(&path, e))
}

/// Part `rank` of the later copies of texts (see `counting::mark`), when furniture removal
/// needs the line counts: so that the count tasks count each text's lines once without each
/// holding every text's fingerprint.
fn mark(work: &Work, rank: usize) -> Result<Marker> {
    let own = work.rank(rank);
    let mut later = Batched::new(own.spool_writer(LATER)?, BATCH_DOCS);
    if work.plan.config.boilerplate.enabled {
        counting::mark(&work.ranks(), (rank, work.plan.tasks), &mut later)?;
    }
    later.finish()?;
    Ok(Marker::default())
}

/// Part `rank` of the line counts of the whole corpus, when furniture removal needs them: the
/// stripes it owns (see `LineCounter::part`), without the lines too rare to matter, so that the
/// sign tasks load repeated lines only.
fn count(work: &Work, rank: usize) -> Result<Marker> {
    let config = &work.plan.config;
    if config.boilerplate.enabled {
        let ranks = work.ranks();
        let later = ranks
            .iter()
            .map(|r| r.open_spool(LATER))
            .collect::<Result<Vec<_>>>()?;
        let mut counter = counting::merge(config, &ranks, (rank, work.plan.tasks), later)?;
        counter.keep_at_least(Cleaner::threshold(&config.boilerplate, counter.documents()));
        work.rank(rank).save_lines(&counter)?;
    }
    Ok(Marker::default())
}

/// The line counts of every count task, joined.
fn line_counts(work: &Work) -> Result<LineCounter> {
    let ranks = work.ranks();
    let mut parts = Vec::with_capacity(ranks.len());
    for rank in &ranks {
        parts.push(
            rank.load_lines()
                .ok_or_else(|| missing(rank, LINE_COUNTS))?,
        );
    }
    LineCounter::join(parts).ok_or_else(|| {
        let dir = work.root.join("rank-0");
        plan_error(
            &dir.join(LINE_COUNTS),
            "line counts of another plan's count tasks",
        )
    })
}

fn sign(work: &Work, rank: usize, reporter: &dyn Reporter) -> Result<Marker> {
    let config = &work.plan.config;
    let stages = Stages::new(config, &work.plan.out, false)?;
    let counter = match config.boilerplate.enabled {
        true => Some(line_counts(work)?),
        false => None,
    };
    let cleaner = cleaner_for(config, counter)?;
    let checkpoints = work.rank(rank);
    let mut spools = SignSpools {
        signed: checkpoints.spool_writer(SIGNED)?,
        hashes: checkpoints.spool_writer(HASHES)?,
        removed: checkpoints.spool_writer(REMOVED)?,
    };
    let upstream = Upstream::Counting;
    hashing::run(
        &stages,
        &cleaner,
        upstream,
        &checkpoints,
        reporter,
        &mut spools,
    )?;
    spools.finish()?;
    let head = work.layout()?.head(rank);
    copy_head::<Decoded>(&checkpoints, NORMALIZED, HEAD_NORMALIZED, head)?;
    copy_head::<Cleaned>(&checkpoints, CLEANED, HEAD_CLEANED, head)?;
    Ok(Marker::default())
}

/// The first `head` records of spool `from` into spool `to`, in batches of the size pass three
/// reads, so that the two head spools of a share line up batch by batch.
fn copy_head<T: Record>(checkpoints: &Checkpoints, from: &str, to: &str, head: u64) -> Result<()> {
    let mut reader = checkpoints.open_spool(from)?;
    let mut writer = Batched::new(checkpoints.spool_writer(to)?, BATCH_DOCS);
    let mut left = usize::try_from(head).unwrap_or(usize::MAX);
    while left > 0
        && let Some(batch) = reader.next_batch::<T>()?
    {
        let taken = batch.len().min(left);
        for record in batch.into_iter().take(taken) {
            writer.push(record)?;
        }
        left -= taken;
    }
    writer.finish()
}

fn missing(checkpoints: &Checkpoints, name: &str) -> Error {
    let path = checkpoints.dir().join(name);
    plan_error(&path, "missing or written for another plan")
}

/// Part `rank` of the exact-duplicate groups (see `groups`): the texts whose hash falls in
/// it, from every sign task's hashes in input order, walked twice. Each document's fact goes to
/// the write task that writes it, and the node of each document of a near-duplicate pair to
/// every write task. Task 0 also merges the removed furniture texts for the report.
fn dedup(work: &Work, rank: usize) -> Result<Marker> {
    let layout = work.layout()?;
    let ranks = work.ranks();
    let mut groups = Groups::new((rank as u64, work.plan.tasks as u64), &load_pairs(&ranks)?);
    let mut previous = work.previous()?;
    if let Some(previous) = &mut previous {
        previous.load(Some(Seeding {
            anchors: &mut groups,
            hasher: None,
        }))?;
    }
    let previous = previous.as_ref();
    each_hash(&ranks, &layout, |ordinal, s| {
        groups.observe(ordinal, &s.hash, &s.id, previous);
        Ok(())
    })?;
    let own = work.rank(rank);
    let mut paired = Batched::new(own.spool_writer(PAIRED)?, BATCH_DOCS);
    for p in previous.map(|p| groups.anchor_pairs(p)).unwrap_or_default() {
        paired.push(p)?;
    }
    let mut facts = FactSpools::new(&own, &layout, work.plan.tasks);
    each_hash(&ranks, &layout, |ordinal, s| {
        if let Some(p) = groups.paired(ordinal, &s.hash, &s.id, previous) {
            paired.push(p)?;
        }
        match groups.fact(ordinal, &s.hash, &s.id, previous) {
            Some(fact) => facts.push(fact),
            None => Ok(()),
        }
    })?;
    paired.finish()?;
    facts.finish()?;
    if rank == 0 {
        work.merged().save_samples(&removed_samples(&ranks)?)?;
    }
    Ok(Marker::default())
}

/// Every sign task's documents with text, in input order, with their ordinals in the corpus.
fn each_hash(
    ranks: &[Checkpoints],
    layout: &Layout,
    mut f: impl FnMut(u64, DocHash) -> Result<()>,
) -> Result<()> {
    for (rank, offset) in ranks.iter().zip(layout.offsets()) {
        let mut hashes = rank.open_spool(HASHES)?;
        while let Some(batch) = hashes.next_batch::<DocHash>()? {
            for s in batch {
                f(s.ordinal + offset, s)?;
            }
        }
    }
    Ok(())
}

/// The furniture texts every sign task removed, counted for the report's top lists.
fn removed_samples(ranks: &[Checkpoints]) -> Result<Samples> {
    let mut samples = Samples::default();
    for rank in ranks {
        let mut removed = rank.open_spool(REMOVED)?;
        while let Some(batch) = removed.next_batch::<RemovedText>()? {
            for r in batch {
                samples.add(r.kind, r.text);
            }
        }
    }
    Ok(samples)
}

/// Every near task's alike pairs.
fn load_pairs(ranks: &[Checkpoints]) -> Result<Vec<Joined>> {
    let mut pairs = Vec::new();
    for rank in ranks {
        let mut joined = rank.open_spool(JOINED)?;
        while let Some(batch) = joined.next_batch::<Joined>()? {
            pairs.extend(batch);
        }
    }
    Ok(pairs)
}

/// Part `rank` of the near-duplicate search (see `BucketSearch`): every document with text,
/// after the previous release's anchors, in input order, twice; the alike pairs into `JOINED`.
/// Each part keeps its own share of the LSH buckets only.
fn near(work: &Work, rank: usize) -> Result<Marker> {
    let config = &work.plan.config.near_dup;
    let checkpoints = work.rank(rank);
    let mut joined = checkpoints.spool_writer(JOINED)?;
    if config.enabled {
        let nodes = Nodes::open(work, &checkpoints)?;
        let part = (rank as u64, work.plan.tasks as u64);
        let mut search = BucketSearch::new(config, part, nodes.count());
        nodes.each(|node, s| search.observe(node, tag(&s.hash), &s.signature))?;
        let mut verifier = search.verifier();
        let mut pending = Vec::new();
        nodes.each(|node, s| {
            let alike = verifier.observe(node, &s.signature);
            pending.extend(alike.into_iter().map(|earlier| Joined {
                later: nodes.ordinal(node),
                earlier: nodes.ordinal(earlier),
            }));
        })?;
        // In frames of a bounded size, however many pairs there are.
        for frame in pending.chunks(1 << 16) {
            joined.write(frame)?;
        }
        nodes.close()?;
    }
    joined.finish(&[])?;
    Ok(Marker::default())
}

/// A tag of a content hash: its first eight bytes.
fn tag(hash: &Digest) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&hash[..8]);
    u64::from_le_bytes(bytes)
}

/// The nodes of the near-duplicate search, numbered in order: the previous release's anchors
/// (signed once, into `ANCHORS` in the task's folder), then every document with text.
struct Nodes<'a> {
    ranks: Vec<Checkpoints>,
    offsets: Vec<u64>,
    own: &'a Checkpoints,
    anchors: u64,
    documents: u64,
}

impl<'a> Nodes<'a> {
    fn open(work: &Work, own: &'a Checkpoints) -> Result<Nodes<'a>> {
        let layout = work.layout()?;
        let mut anchors = 0;
        if let Some(mut previous) = work.previous()? {
            let hasher = MinHasher::new(&work.plan.config.near_dup);
            let mut spool = AnchorSpool {
                writer: Batched::new(own.spool_writer(ANCHORS)?, BATCH_DOCS),
                count: 0,
                error: None,
            };
            let loaded = previous.load(Some(Seeding {
                anchors: &mut spool,
                hasher: Some(&hasher),
            }));
            anchors = spool.finish()?;
            loaded?;
        }
        Ok(Nodes {
            ranks: work.ranks(),
            offsets: layout.offsets(),
            own,
            anchors,
            documents: layout.documents(),
        })
    }

    /// Every node in order, with its number.
    fn each(&self, mut f: impl FnMut(u64, &Signed)) -> Result<()> {
        if self.anchors > 0 {
            let mut anchors = self.own.open_spool(ANCHORS)?;
            let mut node = 0;
            while let Some(batch) = anchors.next_batch::<Signed>()? {
                for s in &batch {
                    f(node, s);
                    node += 1;
                }
            }
        }
        for (rank, offset) in self.ranks.iter().zip(&self.offsets) {
            let mut signed = rank.open_spool(SIGNED)?;
            while let Some(batch) = signed.next_batch::<Signed>()? {
                for s in &batch {
                    f(self.anchors + offset + s.ordinal, s);
                }
            }
        }
        Ok(())
    }

    /// How many nodes there are at most: the anchors and every document read.
    fn count(&self) -> u64 {
        self.anchors + self.documents
    }

    /// The ordinal in the dedup index of node `node`.
    fn ordinal(&self, node: u64) -> u64 {
        match node.checked_sub(self.anchors) {
            Some(ordinal) => ordinal,
            None => ANCHOR_BASE + node,
        }
    }

    /// Removes the anchors' spool, which only this task reads.
    fn close(self) -> Result<()> {
        let path = self.own.dir().join(ANCHORS);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Error::io(&path, e)),
            _ => Ok(()),
        }
    }
}

/// The previous release's anchors as `Previous::load` signs them, into a spool.
struct AnchorSpool {
    writer: Batched<Signed>,
    count: u64,
    /// The first write error: `Anchors::anchor` cannot return it.
    error: Option<Error>,
}

impl AnchorSpool {
    /// Finishes the spool; returns how many anchors there are, or the first write error.
    fn finish(self) -> Result<u64> {
        if let Some(e) = self.error {
            return Err(e);
        }
        self.writer.finish()?;
        Ok(self.count)
    }
}

impl Anchors for AnchorSpool {
    fn anchor(&mut self, hash: Digest, ordinal: u64, signature: Vec<u32>) -> Option<u32> {
        let next = ordinal.checked_sub(ANCHOR_BASE)?;
        self.count += 1;
        let signed = Signed {
            ordinal,
            hash,
            signature,
        };
        if self.error.is_none()
            && let Err(e) = self.writer.push(signed)
        {
            self.error = Some(e);
        }
        u32::try_from(next).ok()
    }
}

/// A dedup task's facts, in input order, into one spool per write task: `facts-R.spool` in
/// its folder for write task `R`.
struct FactSpools<'a> {
    own: &'a Checkpoints,
    layout: &'a Layout,
    tasks: usize,
    /// The write task being written to, and its spool.
    rank: usize,
    writer: Option<Batched<Fact>>,
}

impl<'a> FactSpools<'a> {
    fn new(own: &'a Checkpoints, layout: &'a Layout, tasks: usize) -> Self {
        FactSpools {
            own,
            layout,
            tasks,
            rank: 0,
            writer: None,
        }
    }

    fn push(&mut self, fact: Fact) -> Result<()> {
        let rank = self.layout.writer_of(fact.ordinal);
        while self.rank < rank || self.writer.is_none() {
            if self.writer.is_some() {
                self.close()?;
                self.rank += 1;
            }
            self.open()?;
        }
        match &mut self.writer {
            Some(writer) => writer.push(fact),
            None => Ok(()),
        }
    }

    fn open(&mut self) -> Result<()> {
        if self.rank >= self.tasks {
            return Err(plan_error(
                self.own.dir(),
                "a fact past the last write task",
            ));
        }
        let writer = self.own.spool_writer(&facts_file(self.rank))?;
        self.writer = Some(Batched::new(writer, BATCH_DOCS));
        Ok(())
    }

    fn close(&mut self) -> Result<()> {
        match self.writer.take() {
            Some(writer) => writer.finish(),
            None => Ok(()),
        }
    }

    /// Closes the last spool, and gives every later write task (none of whose documents has
    /// text in this part) an empty one.
    fn finish(mut self) -> Result<()> {
        if self.writer.is_some() {
            self.close()?;
            self.rank += 1;
        }
        for rank in self.rank..self.tasks {
            self.own.spool_writer(&facts_file(rank))?.finish(&[])?;
        }
        Ok(())
    }
}

/// The spool of a dedup task's facts for write task `rank`.
fn facts_file(rank: usize) -> String {
    format!("facts-{rank}.spool")
}

/// A write task's decisions: every dedup task's facts on its documents, taken in input
/// order, and the near-duplicate clusters.
struct Facts {
    streams: Vec<(SpoolReader, VecDeque<Fact>)>,
    /// The next ordinal of each stream that has one.
    next: BinaryHeap<Reverse<(u64, usize)>>,
    near: Near,
    remove_near: bool,
    only_new: bool,
}

impl Facts {
    fn open(work: &Work, rank: usize) -> Result<Facts> {
        let ranks = work.ranks();
        let mut paired = Vec::new();
        for dedup in &ranks {
            let mut spool = dedup.open_spool(PAIRED)?;
            while let Some(batch) = spool.next_batch::<Paired>()? {
                paired.extend(batch);
            }
        }
        let near = Near::new(paired, &load_pairs(&ranks)?).map_err(|_| {
            let path = work.root.join("rank-0").join(PAIRED);
            plan_error(
                &path,
                "a near-duplicate pair names a document no dedup task grouped",
            )
        })?;
        let mut facts = Facts {
            streams: Vec::with_capacity(ranks.len()),
            next: BinaryHeap::new(),
            near,
            remove_near: work.plan.config.near_dup.mode == NearDupMode::Remove,
            only_new: work.plan.previous.as_ref().is_some_and(|p| p.only_new),
        };
        for (i, dedup) in ranks.iter().enumerate() {
            facts
                .streams
                .push((dedup.open_spool(&facts_file(rank))?, VecDeque::new()));
            facts.refill(i)?;
        }
        Ok(facts)
    }

    /// Stream `i`'s next fact into the heap, reading its next batch when it has none left.
    fn refill(&mut self, i: usize) -> Result<()> {
        let (reader, queue) = &mut self.streams[i];
        if queue.is_empty()
            && let Some(batch) = reader.next_batch::<Fact>()?
        {
            queue.extend(batch);
        }
        if let Some(fact) = queue.front() {
            self.next.push(Reverse((fact.ordinal, i)));
        }
        Ok(())
    }
}

impl Decide for Facts {
    fn decide(&mut self, ordinal: u64, hash: &Digest) -> Result<Decision> {
        let Some(Reverse((next, i))) = self.next.pop() else {
            let reader = self.streams.first().map(|(reader, _)| reader.corrupt());
            return Err(reader.unwrap_or_else(|| plan_error(Path::new("."), "no facts")));
        };
        let fact = self.streams[i].1.pop_front();
        self.refill(i)?;
        match fact {
            Some(fact) if next == ordinal => {
                let rules = Rules {
                    near: &self.near,
                    remove_near: self.remove_near,
                    only_new: self.only_new,
                };
                Ok(groups::decide(&fact, hash, &rules))
            }
            _ => Err(self.streams[i].0.corrupt()),
        }
    }
}

/// Pass three on the documents of the task's chunks: its share after its head, then the heads
/// of the later shares it is given.
fn write(work: &Work, rank: usize, reporter: &dyn Reporter) -> Result<Marker> {
    let stages = Stages::new(&work.plan.config, &work.plan.out, false)?;
    let checkpoints = work.rank(rank);
    let layout = work.layout()?;
    let mut sources = Sources::new();
    sources.push(
        &checkpoints,
        (NORMALIZED, CLEANED),
        layout.offset(rank),
        layout.head(rank),
    )?;
    for q in layout.heads_for(rank) {
        let pair = (HEAD_NORMALIZED, HEAD_CLEANED);
        sources.push(&work.rank(q), pair, layout.offset(q), 0)?;
    }
    let decisions = Verdicts::Planned(Box::new(Facts::open(work, rank)?));
    let mut rows = TaskRows::new(checkpoints.dir())?;
    let built = building::run(&stages, sources, decisions, Some(&mut rows), reporter)?;
    rows.finish()?;
    for (name, json) in [
        (STATS, serde_json::to_vec(&built.stats)),
        (SKIPPED, serde_json::to_vec(&built.skipped)),
    ] {
        let path = checkpoints.dir().join(name);
        write_atomically(&path, &json.map_err(|e| Error::json(&path, e))?)?;
    }
    Ok(Marker::default())
}

/// Every write task's rows into the dataset's shards, in rank order, and the dataset finished
/// and moved into place as `build` does it.
fn finalize(work: &Work) -> Result<Marker> {
    let plan = work.plan;
    // A finalize task killed after its dataset was in place, before its marker, runs again and
    // writes the same dataset over its own.
    let overwrite = plan.overwrite || made_by(&plan.out, plan);
    crate::release::output::check_target(&plan.out, overwrite)?;
    let _lock = crate::release::output::lock(&plan.out)?;
    let mut out = Output::create(&plan.out, &plan.config)?;
    let mut stats = Stats::default();
    let mut skipped = Vec::new();
    for rank in work.ranks() {
        place_pieces(&mut out, rank.dir())?;
        stats.absorb(load_json(&rank.dir().join(STATS))?);
        skipped.extend(load_json::<Vec<SkippedFile>>(&rank.dir().join(SKIPPED))?);
    }
    let merged = work.merged();
    let samples = merged
        .load_samples()
        .ok_or_else(|| missing(&merged, SAMPLES))?;
    let cleaner = cleaner_for(&plan.config, None)?;
    let kinds = cleaner.kinds();
    let furniture = Furniture {
        kinds: kinds.to_vec(),
        top: samples.top(kinds, STATS_FURNITURE_LINES),
    };
    let previous = work.previous()?;
    let target = Target {
        inputs: &plan.inputs,
        config: &plan.config,
        out: &plan.out,
        overwrite,
        previous: previous.as_ref().map(|p| (p.dir.as_path(), &p.lineage)),
    };
    out.finish(&target, &plan.inventory(), skipped, &stats, &furniture)?;
    Ok(Marker::default())
}

/// Whether the dataset at `out` is the one this plan builds: same tool version, inputs and
/// settings.
fn made_by(out: &Path, plan: &Plan) -> bool {
    Manifest::read(out).is_ok_and(|m| made_by_manifest(&m, plan))
}

pub(super) fn made_by_manifest(manifest: &Manifest, plan: &Plan) -> bool {
    manifest.tool == Tool::current()
        && manifest.inputs.listing_sha256 == plan.listing_sha256
        && serde_json::to_value(&plan.config).ok().as_ref() == Some(&manifest.config)
}

/// A write task's encoded pieces, each slot's after the rows so far.
fn place_pieces(out: &mut Output, dir: &Path) -> Result<()> {
    out.cut()?;
    for slot in Slot::all() {
        let mut pieces = PieceReader::open(dir.join(rows::pieces_file(slot)))?;
        while let Some(piece) = pieces.next_piece()? {
            out.append(slot, &piece)?;
        }
    }
    Ok(())
}

/// One of the JSON files a write task leaves.
fn load_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    serde_json::from_slice(&text).map_err(|e| {
        let message = format!("not what a write task writes: {e}");
        plan_error(path, &message)
    })
}
