//! The stages: each turns one document (or its text) into what the next needs, knows nothing of
//! files, threads or the order of the passes, and may use the base layer and the stages below it
//! (`boilerplate` uses `segment`; `neardup` and `split` use `dedup`'s types; `filters` uses
//! `quality`'s measures).

pub mod boilerplate;
pub mod decode;
pub mod dedup;
pub mod filters;
pub mod langid;
pub mod neardup;
pub mod normalize;
pub mod quality;
pub mod segment;
pub mod split;
