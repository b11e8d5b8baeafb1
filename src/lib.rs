//! corpusmill turns raw articles into training-ready, reproducible NLP datasets.
//!
//! The code is in layers; a module may use its own layer's lower modules and the layers below
//! it, never one above (see `ARCHITECTURE.md`; `tests/architecture.rs` checks it):
//! - [`base`]: errors, document types, settings, character tables, digests, the binary codec;
//! - [`stages`]: what happens to one document, in `build` order: [`decode`](stages::decode),
//!   [`normalize`](stages::normalize), [`boilerplate`](stages::boilerplate) (furniture),
//!   [`dedup`](stages::dedup), [`neardup`](stages::neardup), [`segment`](stages::segment),
//!   [`langid`](stages::langid), [`quality`](stages::quality), [`split`](stages::split);
//! - [`io`]: input files, spools, Parquet shards;
//! - [`release`]: the dataset folder's manifest, card, stats and checksums, and `verify`;
//! - [`pipeline`]: the passes, their order and threading, checkpoints and timing;
//! - [`cli`]: the command line, on top of everything.

pub mod base;
pub mod cli;
pub mod io;
pub mod pipeline;
mod progress;
pub mod release;
pub mod stages;

pub use base::error::{Error, Result};
