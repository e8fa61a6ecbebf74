//! The filters `search`, `quotes` and `entities` share: flags become the library's [`Params`],
//! resolved against the index before any search runs.

use anyhow::Result;
use clap::Args;
use newsdex::index::NewsIndex;
use newsdex::query::{Params, Request, SortBy};

#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Only articles that mention this person (repeatable: all must match)
    #[arg(long = "person", value_name = "NAME")]
    pub persons: Vec<String>,
    /// Only articles that mention this place (repeatable)
    #[arg(long = "place", value_name = "NAME")]
    pub places: Vec<String>,
    /// Only articles that mention this organisation (repeatable)
    #[arg(long = "org", value_name = "NAME")]
    pub orgs: Vec<String>,
    /// Only articles (or quotes) with this speaker (repeatable)
    #[arg(long = "speaker", value_name = "NAME")]
    pub speakers: Vec<String>,
    /// Only articles by this author, from their byline or credit lines (repeatable)
    #[arg(long = "author", value_name = "NAME")]
    pub authors: Vec<String>,
    /// Only articles from this source, exactly as indexed
    #[arg(long)]
    pub source: Option<String>,
    /// Only articles dated on or after this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Only articles dated on or before this day (YYYY-MM-DD)
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

impl FilterArgs {
    /// The filters as the library's parameters.
    pub fn to_params(&self, q: Option<String>) -> Params {
        Params {
            q,
            person: self.persons.clone(),
            place: self.places.clone(),
            org: self.orgs.clone(),
            speaker: self.speakers.clone(),
            author: self.authors.clone(),
            source: self.source.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            ..Params::default()
        }
    }
}

/// Resolves parameters, saying on stderr where a name meant several entities.
pub fn resolve(ix: &NewsIndex, p: &Params, default_limit: usize) -> Result<Request> {
    let (req, notes) = ix.resolve(p, default_limit)?;
    for n in notes {
        eprintln!("newsdex: --{} {}", n.param, n.message);
    }
    Ok(req)
}

/// `--sort` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum, Default)]
pub enum Sort {
    #[default]
    Relevance,
    Date,
}

impl From<Sort> for SortBy {
    fn from(s: Sort) -> Self {
        match s {
            Sort::Relevance => SortBy::Relevance,
            Sort::Date => SortBy::Date,
        }
    }
}
