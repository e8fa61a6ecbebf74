//! `newsdex stats`: what the index holds.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use newsdex::output::json_line;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// One JSON object
    #[arg(long)]
    json: bool,
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let ix = super::open_index(index_dir)?;
    let s = ix.stats()?;
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
