//! Per-stage busy time for `build --profile` and the benchmark: the wall time spent inside each
//! stage, summed over the worker threads. It equals the stage's CPU time only while every worker
//! has a core of its own; on a loaded machine a descheduled thread's wait counts too. (Measuring
//! thread CPU time would cost a system call per timed call.) Never written into the dataset:
//! timings differ between runs.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// The stages that are timed, in pipeline order.
#[derive(Debug, Clone, Copy)]
pub enum Stage {
    Read,
    Decode,
    Normalize,
    CountLines,
    Boilerplate,
    Hash,
    MinHash,
    Quality,
    Segment,
    LangId,
    Write,
    /// Writing the spool a pass hands to the next.
    Spool,
}

const STAGES: [(Stage, &str); 12] = [
    (Stage::Read, "read"),
    (Stage::Decode, "decode"),
    (Stage::Normalize, "normalize"),
    (Stage::CountLines, "count_lines"),
    (Stage::Boilerplate, "boilerplate"),
    (Stage::Hash, "hash"),
    (Stage::MinHash, "minhash"),
    (Stage::Quality, "quality"),
    (Stage::Segment, "segment"),
    (Stage::LangId, "langid"),
    (Stage::Write, "write"),
    (Stage::Spool, "spool"),
];

#[derive(Default)]
pub struct Timings {
    nanos: [AtomicU64; 12],
}

impl Timings {
    /// Runs `f`, adding its duration to `stage`.
    pub fn time<T>(&self, stage: Stage, f: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let out = f();
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.nanos[stage as usize].fetch_add(nanos, Ordering::Relaxed);
        out
    }

    /// Seconds per stage that took any time.
    pub fn seconds(&self) -> BTreeMap<&'static str, f64> {
        STAGES
            .iter()
            .map(|(stage, name)| {
                (
                    *name,
                    self.nanos[*stage as usize].load(Ordering::Relaxed) as f64 / 1e9,
                )
            })
            .filter(|(_, s)| *s > 0.0)
            .collect()
    }
}
