//! Input and output: finding and streaming the input files, the spools a pass hands to the next,
//! and the Parquet shards. Uses the base layer and the stages' record types, never the pipeline.

pub mod ingest;
pub mod spool;
pub mod store;
pub mod write;
