//! `newsdex entities`: the names of one kind, or of all, with how many articles mention them.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use newsdex::output::json_line;
use newsdex::query::Target;
use serde::Serialize;

use super::filters::FilterArgs;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Kind {
    Person,
    Place,
    Org,
    Speaker,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which names to list (default: people, places and organisations)
    #[arg(long = "type", value_enum)]
    kind: Option<Kind>,
    /// Count only articles matching these words
    query: Option<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Names to list per kind
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// JSON lines: `{"type":"person","name":...,"count":...}`
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Line<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    count: u64,
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let ix = super::open_index(index_dir)?;
    let req = args.filters.to_request(&ix, args.query)?;
    let kinds: &[&str] = match args.kind {
        Some(Kind::Person) => &["person"],
        Some(Kind::Place) => &["place"],
        Some(Kind::Org) => &["org"],
        Some(Kind::Speaker) => &["speaker"],
        None => &["person", "place", "org"],
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for kind in kinds {
        let counts = ix.facet_counts(Target::Articles, kind, &req, args.limit)?;
        if args.json {
            for (name, count) in &counts {
                json_line(
                    &mut out,
                    &Line {
                        kind,
                        name,
                        count: *count,
                    },
                )?;
            }
        } else {
            if kinds.len() > 1 {
                writeln!(out, "{kind}:")?;
            }
            for (name, count) in &counts {
                writeln!(out, "{count:>7}  {name}")?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
