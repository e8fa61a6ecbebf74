//! `newsdex quotes`: who said what, one quote a line.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use newsdex::output::use_color;
use newsdex::query::Target;

use super::filters::{FilterArgs, Sort};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words the quote must contain (same syntax as `search`)
    query: Option<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Order of the quotes
    #[arg(long, value_enum, default_value_t)]
    sort: Sort,
    /// How many quotes to print
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Quotes to pass over first
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// JSON lines: one `{"type":"hit",...}` a quote (its `snippet` is the quote), then a summary
    #[arg(long)]
    json: bool,
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let ix = super::open_index(index_dir)?;
    let mut req = args.filters.to_request(&ix, args.query)?;
    req.sort = args.sort.into();
    req.limit = args.limit;
    req.offset = args.offset;
    let res = ix.search(Target::Quotes, &req)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        super::search::print_json(&mut out, &res)?;
    } else {
        let color = use_color();
        for h in &res.hits {
            let who = h.speaker.as_deref().unwrap_or("(unattributed)");
            let date = h.date.as_deref().unwrap_or("undated");
            let title = if h.title.is_empty() { &h.id } else { &h.title };
            let quote: String = h.snippet.split_whitespace().collect::<Vec<_>>().join(" ");
            if color {
                writeln!(out, "\x1b[1m{who}\x1b[0m: “{quote}” ({date}, {title})")?;
            } else {
                writeln!(out, "{who}: “{quote}” ({date}, {title})")?;
            }
        }
        writeln!(
            out,
            "{} quote{}",
            res.total,
            if res.total == 1 { "" } else { "s" }
        )?;
        super::search::print_facets(&mut out, &res.facets)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
