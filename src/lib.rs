//! corpusmill turns raw articles into training-ready, reproducible NLP datasets.
//!
//! The code is in layers; a module may use its own layer's lower modules and the layers below
//! it, never one above (see `ARCHITECTURE.md`; `tests/architecture.rs` checks it):
//! - `base`: errors, document types, settings, language and character tables, digests, the
//!   binary codec;
//! - `stages`: what happens to one document, in `build` order: `decode`, `normalize`,
//!   `boilerplate` (furniture), `dedup`, `neardup`, `segment`, `langid`, `quality`, `filters`,
//!   `split`;
//! - `io`: input files, spools, Parquet shards;
//! - `release`: the dataset folder's manifest, card, stats and checksums, and `verify`;
//! - `pipeline`: the passes, their order and threading, checkpoints and timing;
//! - [`cli`]: the command line, on top of everything.
//!
//! The public API is what the binary and the tests use: [`cli::run`], the output contract
//! ([`schema`], [`FORMAT_VERSION`]) and the error type.

pub(crate) mod base;
pub mod cli;
pub(crate) mod io;
pub(crate) mod pipeline;
mod progress;
pub(crate) mod release;
pub(crate) mod stages;

pub use base::error::{Error, Result};
pub use io::write::schema;
pub use release::manifest::FORMAT_VERSION;
