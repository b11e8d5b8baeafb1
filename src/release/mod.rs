//! The release: what a finished dataset folder holds besides its shards (manifest, card, stats,
//! checksums), the atomic move of a build into place, and `verify`/`stats`/`diff` reading them back.

pub mod card;
pub mod changes;
pub mod croissant;
pub mod hub;
pub mod manifest;
pub mod output;
pub mod report;
pub mod sample;
pub mod stats;
pub mod tables;
pub mod verify;
