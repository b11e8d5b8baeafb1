//! The base layer: what every other layer may use and what uses nothing of theirs: errors, the
//! document types, the settings, character tables, transliteration, digests, paths, and the
//! binary codec of the files passes hand to each other.

pub mod chars;
pub mod codec;
pub mod config;
pub mod digest;
pub mod doc;
pub mod error;
pub mod interrupt;
pub mod langs;
pub mod paths;
pub mod translit;
