//! A query as the user gives it (the CLI's flags, the HTTP API's parameters: one struct serde can
//! read), checked and resolved against the registry into a [`Request`] before any search runs.

use serde::{Deserialize, Serialize};
use tantivy::DateTime;

use super::{Filter, Request, SortBy};
use crate::error::{Error, Result};
use crate::facet::FacetKind;
use crate::index::NewsIndex;
use crate::registry::key::fold;
use crate::registry::Resolution;

/// The most hits one request returns.
pub const MAX_LIMIT: usize = 10_000;

/// The user's words and filters, unresolved. Each name filter is repeatable: all must hold.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    pub q: Option<String>,
    pub person: Vec<String>,
    pub place: Vec<String>,
    pub org: Vec<String>,
    pub speaker: Vec<String>,
    pub author: Vec<String>,
    pub source: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    pub since: Option<String>,
    /// `YYYY-MM-DD`, inclusive of the whole day.
    pub until: Option<String>,
    /// Quote kinds (`direct`, `partial`, `indirect`): any of them; none means all.
    pub kind: Vec<String>,
    pub sort: SortBy,
    pub limit: Option<usize>,
    pub offset: Option<usize>,
}

/// Something the user should know about how a request was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// The parameter it concerns (`person`, ...).
    pub param: String,
    pub message: String,
}

/// The quote kinds a request may name.
pub const QUOTE_KINDS: [&str; 3] = ["direct", "partial", "indirect"];

impl Params {
    /// The name filters, by kind.
    pub fn names(&self) -> [(FacetKind, &Vec<String>); 5] {
        [
            (FacetKind::Person, &self.person),
            (FacetKind::Place, &self.place),
            (FacetKind::Org, &self.org),
            (FacetKind::Speaker, &self.speaker),
            (FacetKind::Author, &self.author),
        ]
    }
}

/// The names among `names` that a user's name means: the same without case or accents, else
/// every one with all its words.
fn matching(names: &[String], query: &str) -> Vec<String> {
    let q = fold(query);
    if q.is_empty() {
        return Vec::new();
    }
    let exact: Vec<String> = names.iter().filter(|n| fold(n) == q).cloned().collect();
    if !exact.is_empty() {
        return exact;
    }
    names
        .iter()
        .filter(|n| {
            let f = fold(n);
            let words: Vec<&str> = f.split(' ').collect();
            q.split(' ').all(|w| words.contains(&w))
        })
        .cloned()
        .collect()
}

fn bad(param: &str, msg: impl Into<String>) -> Error {
    Error::Parameter {
        name: param.to_string(),
        msg: msg.into(),
    }
}

/// Parses a `since`/`until` date.
pub fn parse_query_date(param: &str, s: &str) -> Result<DateTime> {
    crate::ingest::parse_date(s)
        .map(|d| DateTime::from_timestamp_secs(d.unix_timestamp()))
        .ok_or_else(|| bad(param, format!("date {s:?} not understood; use YYYY-MM-DD")))
}

impl NewsIndex {
    /// Checks the parameters and resolves each name to the entities it means: several matches
    /// all count (and a note says which); no match is an error with suggestions.
    pub fn resolve(&self, p: &Params, default_limit: usize) -> Result<(Request, Vec<Note>)> {
        let mut notes = Vec::new();
        let text = p.q.clone().filter(|t| !t.trim().is_empty());
        // A page larger than anyone reads is cut, not refused.
        let limit = p.limit.unwrap_or(default_limit).min(MAX_LIMIT);
        let mut kinds = Vec::new();
        for k in &p.kind {
            match QUOTE_KINDS.iter().find(|q| **q == k.as_str()) {
                Some(q) => kinds.push(q.to_string()),
                None => {
                    return Err(bad(
                        "kind",
                        format!("{k:?} is not a quote kind (direct, partial, indirect)"),
                    ))
                }
            }
        }
        let mut filters = Vec::new();
        if p.names().iter().any(|(_, v)| !v.is_empty()) {
            let reg = self.registry()?;
            for (kind, names) in p.names() {
                // Names committed after the registry was built (a run still going, or killed)
                // are matched by their spelling alone.
                let fresh = self.unregistered(&reg, kind)?;
                for name in names {
                    let raw = matching(&fresh, name);
                    let found = match reg.resolve(kind, name) {
                        Resolution::Found(found) => found,
                        Resolution::NotFound { .. } if !raw.is_empty() => Vec::new(),
                        Resolution::NotFound { suggestions } => {
                            return Err(Error::UnknownName {
                                kind: kind.as_str(),
                                name: name.clone(),
                                suggestions,
                            })
                        }
                    };
                    let mut canonical: Vec<String> = found
                        .iter()
                        .map(|&e| reg.entity(e).canonical.to_string())
                        .collect();
                    canonical.extend(raw.iter().cloned());
                    if canonical.len() > 1 {
                        let shown: Vec<&str> =
                            canonical.iter().take(8).map(String::as_str).collect();
                        let more = canonical.len().saturating_sub(8);
                        notes.push(Note {
                            param: kind.as_str().to_string(),
                            message: format!(
                                "{name:?} matches {}{}; counting all of them",
                                shown.join(", "),
                                if more > 0 {
                                    format!(" and {more} more")
                                } else {
                                    String::new()
                                }
                            ),
                        });
                    }
                    let mut terms = Vec::new();
                    for &e in &found {
                        for v in reg.variants(e) {
                            let wanted = if kind.is_mention() {
                                v.kind.is_mention()
                            } else {
                                v.kind == kind
                            };
                            if wanted {
                                terms.push((v.kind, v.name.to_string()));
                            }
                        }
                    }
                    terms.extend(raw.into_iter().map(|n| (kind, n)));
                    filters.push(Filter {
                        kind,
                        names: canonical,
                        terms,
                    });
                }
            }
        }
        let since = p
            .since
            .as_deref()
            .map(|d| parse_query_date("since", d))
            .transpose()?;
        let until = p
            .until
            .as_deref()
            .map(|d| {
                // "until 2019-03-28" includes that whole day.
                parse_query_date("until", d)
                    .map(|t| DateTime::from_timestamp_secs(t.into_timestamp_secs() + 86_399))
            })
            .transpose()?;
        if let (Some(s), Some(u)) = (since, until) {
            if s > u {
                return Err(bad("since", "is after until"));
            }
        }
        Ok((
            Request {
                text,
                filters,
                kinds,
                source: p.source.clone().filter(|s| !s.is_empty()),
                since,
                until,
                sort: p.sort,
                limit,
                offset: p.offset.unwrap_or(0),
            },
            notes,
        ))
    }
}
