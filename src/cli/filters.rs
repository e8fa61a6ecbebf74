//! The filters `search`, `quotes` and `entities` share, checked and resolved against the index
//! before any search runs.

use anyhow::{bail, Result};
use clap::Args;
use newsdex::index::NewsIndex;
use newsdex::query::{parse_query_date, resolve_name, Request, Resolution, SortBy};

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
    /// Checks the filters and resolves each name to the canonical names it means. Several
    /// matches all count, and stderr says which; no match is an error with suggestions.
    pub fn to_request(&self, ix: &NewsIndex, text: Option<String>) -> Result<Request> {
        let mut req = Request {
            text,
            source: self.source.clone(),
            ..Request::default()
        };
        for (kind, names) in [
            ("person", &self.persons),
            ("place", &self.places),
            ("org", &self.orgs),
            ("speaker", &self.speakers),
        ] {
            if names.is_empty() {
                continue;
            }
            let known = ix.facet_names(kind)?;
            for name in names {
                match resolve_name(name, &known) {
                    Resolution::Found(found) => {
                        if found.len() > 1 {
                            eprintln!(
                                "newsdex: --{kind} {name:?} matches {}; counting all of them",
                                found.join(", ")
                            );
                        }
                        req.facets.push((kind_static(kind), found));
                    }
                    Resolution::NotFound { suggestions } if suggestions.is_empty() => {
                        bail!("no {kind} in the index matches {name:?}")
                    }
                    Resolution::NotFound { suggestions } => bail!(
                        "no {kind} in the index matches {name:?}; did you mean {}?",
                        suggestions.join(", ")
                    ),
                }
            }
        }
        req.since = self.since.as_deref().map(parse_query_date).transpose()?;
        req.until = self
            .until
            .as_deref()
            .map(|d| {
                // "until 2019-03-28" includes that whole day.
                parse_query_date(d).map(|t| {
                    tantivy::DateTime::from_timestamp_secs(t.into_timestamp_secs() + 86_399)
                })
            })
            .transpose()?;
        if let (Some(s), Some(u)) = (req.since, req.until) {
            if s > u {
                bail!("--since is after --until");
            }
        }
        Ok(req)
    }
}

fn kind_static(kind: &str) -> &'static str {
    match kind {
        "person" => "person",
        "place" => "place",
        "org" => "org",
        _ => "speaker",
    }
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
