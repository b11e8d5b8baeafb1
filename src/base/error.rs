//! Typed errors of the library. Every I/O error names its path, because a corpus build touches
//! thousands of files and "permission denied" alone tells a user nothing.

use std::path::PathBuf;

/// Everything that can stop a command. Per-document problems are never errors: they become
/// removal records (see `DropReason`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    // The cause is part of the message rather than a `source`, so the binary's cause chain
    // does not print it twice.
    #[error("{path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{path}: cannot write Parquet: {cause}")]
    ParquetWrite {
        path: PathBuf,
        cause: parquet::errors::ParquetError,
    },
    // Serde failing on our own values (the manifest, stats) is a bug of the run, never bad
    // input, so it is kept apart from the usage errors below.
    #[error("{path}: cannot write as JSON: {cause}")]
    Json {
        path: PathBuf,
        cause: serde_json::Error,
    },
    #[error("{path}: invalid config: {message}")]
    ConfigFile { path: PathBuf, message: String },
    #[error("invalid setting `{key}`: {message}")]
    Config { key: String, message: String },
    #[error("input path does not exist: {0}")]
    MissingInput(PathBuf),
    #[error("{0}: output folder exists and is not empty (pass --overwrite to replace it)")]
    OutputExists(PathBuf),
    #[error("{path}: {message}")]
    BadDataset { path: PathBuf, message: String },
    #[error("cannot load the language model: {0}")]
    Model(String),
    /// The compiled-in furniture rule files cannot be used (the message names the file).
    #[error("{0}")]
    Rules(String),
    #[error("cannot start worker threads: {0}")]
    Threads(String),
    #[error("cannot install the Ctrl-C/SIGTERM handler: {0}")]
    Signals(String),
    #[error(
        "interrupted; {0} was left as it was (`build --resume` continues from the last checkpoint)"
    )]
    Interrupted(PathBuf),
    #[error("{0}: another corpusmill build is writing this folder (lock {1})")]
    Locked(PathBuf, PathBuf),
    /// Object storage refused or failed a request.
    #[error("{url}: {message}")]
    Store { url: String, message: String },
    /// A planned build's `WORK` folder or plan cannot be used as asked.
    #[error("{path}: {message}")]
    Plan { path: PathBuf, message: String },
    /// A stage task started before every task of the stages it depends on was done.
    #[error("stage `{stage}` cannot start: these tasks are not done yet: {missing}")]
    NotReady { stage: String, missing: String },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, cause: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause,
        }
    }

    pub(crate) fn json(path: impl Into<PathBuf>, cause: serde_json::Error) -> Self {
        Error::Json {
            path: path.into(),
            cause,
        }
    }

    /// Usage errors (bad flags, config keys, missing inputs) exit with 2, like clap's own errors;
    /// everything else is a failure of the run and exits with 1.
    /// The process exit code for this error: 2 usage, 130 interrupted, 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Interrupted(_) => 130,
            e if e.is_usage() => 2,
            _ => 1,
        }
    }

    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            Error::ConfigFile { .. }
                | Error::Config { .. }
                | Error::MissingInput(_)
                | Error::OutputExists(_)
                | Error::Plan { .. }
                | Error::NotReady { .. }
        )
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
