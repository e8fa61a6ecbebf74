//! The library's one error type, so callers can match on what went wrong and the binary can add context.

use std::path::PathBuf;

/// Everything the library can fail with. Per-article problems are not errors: they are
/// [`crate::ingest::Skip`]s, reported and counted while the run goes on.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("no newsdex index at {}: create one with `newsdex index PATH`", .0.display())]
    NoIndex(PathBuf),
    #[error("{} holds files that are not a newsdex index; pick an empty or new directory with --index", .0.display())]
    ForeignIndex(PathBuf),
    #[error("the index at {} has schema version {found}, this newsdex reads version {expected}: delete it and run `newsdex index` again", path.display())]
    SchemaVersion {
        path: PathBuf,
        found: u32,
        expected: u32,
    },
    #[error("the index at {} is locked by another newsdex process; wait for it to finish", .0.display())]
    Locked(PathBuf),
    #[error("bad query: {0}")]
    Query(String),
    #[error("bad alias or model file {}: {msg}", path.display())]
    Data { path: PathBuf, msg: String },
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
}

/// Shorthand used across the crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}
