//! The filters `search`, `quotes` and `entities` share: flags become the library's [`Params`],
//! resolved against the index before any search runs.

use anyhow::Result;
use clap::Args;
use newsdex::index::NewsIndex;
use newsdex::output::{csv_header, csv_record};
use newsdex::query::{Params, Request, Results, SortBy, Target};

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

/// `--format` values.
#[derive(Debug, Clone, Copy, clap::ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Csv,
}

impl Format {
    /// The format asked for by `--json` or `--format`.
    pub fn of(json: bool, format: Option<Format>) -> Format {
        match (json, format) {
            (true, _) => Format::Json,
            (false, Some(f)) => f,
            (false, None) => Format::Text,
        }
    }
}

/// Hits as CSV under a header row.
pub fn print_csv(out: &mut impl std::io::Write, target: Target, res: &Results) -> Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(csv_header(target))?;
    for h in &res.hits {
        w.write_record(csv_record(target, h))?;
    }
    w.flush()?;
    Ok(())
}
