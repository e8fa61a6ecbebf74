//! The library's one error type, so callers can match on what went wrong and the binary can add context.

use std::path::PathBuf;

/// Everything the library can fail with. Per-article problems are not errors: they are
/// [`crate::ingest::Skip`]s, reported and counted while the run goes on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
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
    /// A query parameter that cannot be used as given; `name` is the parameter (`since`, ...).
    #[error("--{name}: {msg}")]
    Parameter { name: String, msg: String },
    /// A name filter that matches no entity of its kind.
    #[error("no {kind} in the index matches {name:?}{}", suggest(suggestions))]
    UnknownName {
        kind: &'static str,
        name: String,
        suggestions: Vec<String>,
    },
    #[error("bad alias or model file {}: {msg}", path.display())]
    Data { path: PathBuf, msg: String },
    #[error("cannot listen on {addr}: {msg}")]
    Listen { addr: String, msg: String },
    /// Shards that cannot be merged as given, and why.
    #[error("cannot merge: {0}")]
    Merge(String),
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
}

fn suggest(s: &[String]) -> String {
    if s.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", s.join(", "))
    }
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
