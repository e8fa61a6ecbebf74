//! `newsdex stats`: what the index holds.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use newsdex::facet::FacetKind;
use newsdex::output::json_line;
use newsdex::query::{Request, Target};
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One JSON object
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Stats {
    articles: usize,
    quotes: usize,
    /// Distinct people, places and organisations (entities of the name registry).
    entities: usize,
    speakers: usize,
    authors: usize,
    first_date: Option<String>,
    last_date: Option<String>,
    bytes: u64,
    updated: Option<String>,
    roots: Vec<String>,
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let ix = super::open_index(index_dir)?;
    let (first_date, last_date) = ix.date_range()?;
    let all = Request::default();
    // Counted from the live documents, so names of removed articles are not counted.
    let distinct = |kind| -> Result<usize> {
        Ok(ix
            .facet_counts(Target::Articles, kind, &all, usize::MAX)?
            .len())
    };
    let mut entities = 0;
    for kind in [FacetKind::Person, FacetKind::Place, FacetKind::Org] {
        entities += distinct(kind)?;
    }
    let meta = ix.meta()?;
    let s = Stats {
        articles: ix.count(Target::Articles)?,
        quotes: ix.count(Target::Quotes)?,
        entities,
        speakers: distinct(FacetKind::Speaker)?,
        authors: distinct(FacetKind::Author)?,
        first_date,
        last_date,
        bytes: ix.size_bytes(),
        updated: meta.updated,
        roots: meta.roots,
    };
    let mut out = std::io::stdout().lock();
    if args.json {
        json_line(&mut out, &s)?;
    } else {
        writeln!(out, "articles   {}", s.articles)?;
        writeln!(out, "quotes     {}", s.quotes)?;
        writeln!(
            out,
            "entities   {} distinct ({} speakers, {} authors)",
            s.entities, s.speakers, s.authors
        )?;
        writeln!(
            out,
            "dates      {} to {}",
            s.first_date.as_deref().unwrap_or("-"),
            s.last_date.as_deref().unwrap_or("-")
        )?;
        writeln!(out, "size       {:.1} MB", s.bytes as f64 / 1e6)?;
        writeln!(out, "updated    {}", s.updated.as_deref().unwrap_or("-"))?;
        writeln!(out, "roots      {}", s.roots.join(", "))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
