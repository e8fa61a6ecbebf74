//! `newsdex search`: articles matching words and filters, with snippets and facet counts.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use newsdex::output::{json_line, use_color, SearchLine};
use newsdex::query::{Results, Target};

use super::filters::{FilterArgs, Format, Sort};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words to find: `ceasefire deal`, `"air raid"`, `putin OR zelenskyy`, `-moscow`, `title:summit`
    query: Option<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Order of the hits
    #[arg(long, value_enum, default_value_t)]
    sort: Sort,
    /// How many hits to print
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Hits to pass over first, for paging
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// JSON lines: one `{"type":"hit",...}` a hit, then one `{"type":"summary",...}`
    #[arg(long)]
    json: bool,
    /// Output format: `json` is `--json`; `csv` is one row a hit
    /// (id, date, source, title, url, path, snippet) under a header
    #[arg(long, value_enum, conflicts_with = "json")]
    format: Option<Format>,
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let ix = super::open_index(index_dir)?;
    let mut params = args.filters.to_params(args.query);
    params.sort = args.sort.into();
    params.limit = Some(args.limit);
    params.offset = Some(args.offset);
    let req = super::filters::resolve(&ix, &params, args.limit)?;
    let res = ix.search(Target::Articles, &req)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match Format::of(args.json, args.format) {
        Format::Json => print_json(&mut out, &res)?,
        Format::Csv => super::filters::print_csv(&mut out, Target::Articles, &res)?,
        Format::Text => print_human(&mut out, &res, req.offset)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn print_json(out: &mut impl Write, res: &Results) -> std::io::Result<()> {
    for h in &res.hits {
        json_line(out, &SearchLine::Hit(h))?;
    }
    json_line(
        out,
        &SearchLine::Summary {
            total: res.total,
            facets: &res.facets,
        },
    )
}

fn print_human(out: &mut impl Write, res: &Results, offset: usize) -> std::io::Result<()> {
    let color = use_color();
    for (n, h) in res.hits.iter().enumerate() {
        let date = h.date.as_deref().unwrap_or("----------");
        let source = h
            .source
            .as_deref()
            .map(|s| format!("  [{s}]"))
            .unwrap_or_default();
        let title = if h.title.is_empty() { &h.id } else { &h.title };
        if color {
            writeln!(
                out,
                "{:>3}. {date}  \x1b[1m{title}\x1b[0m{source}",
                offset + n + 1
            )?;
        } else {
            writeln!(out, "{:>3}. {date}  {title}{source}", offset + n + 1)?;
        }
        writeln!(out, "     {}", h.path)?;
        writeln!(out, "     {}", highlight(&h.snippet, &h.highlights, color))?;
    }
    let shown = res.hits.len();
    writeln!(
        out,
        "{} article{} match{}{}",
        res.total,
        if res.total == 1 { "" } else { "s" },
        if res.total == 1 { "es" } else { "" },
        if shown < res.total {
            format!(" ({shown} shown)")
        } else {
            String::new()
        }
    )?;
    print_facets(out, &res.facets)
}

/// Facet counts under the hits: top names per kind.
pub fn print_facets(
    out: &mut impl Write,
    facets: &std::collections::BTreeMap<String, Vec<(String, u64)>>,
) -> std::io::Result<()> {
    for (kind, label) in [
        ("person", "people"),
        ("place", "places"),
        ("org", "organisations"),
        ("speaker", "speakers"),
        ("author", "authors"),
    ] {
        if let Some(top) = facets.get(kind).filter(|t| !t.is_empty()) {
            let list: Vec<String> = top.iter().map(|(n, c)| format!("{n} ({c})")).collect();
            writeln!(out, "  {label}: {}", list.join(", "))?;
        }
    }
    Ok(())
}

/// The snippet with its matched words in bold on a terminal, or plain; newlines folded.
pub fn highlight(snippet: &str, ranges: &[(usize, usize)], color: bool) -> String {
    let mut s = String::with_capacity(snippet.len() + ranges.len() * 8);
    let mut at = 0;
    for &(a, b) in ranges {
        if a < at || b > snippet.len() {
            continue;
        }
        s.push_str(&snippet[at..a]);
        if color {
            s.push_str("\x1b[1m");
            s.push_str(&snippet[a..b]);
            s.push_str("\x1b[0m");
        } else {
            s.push_str(&snippet[a..b]);
        }
        at = b;
    }
    s.push_str(&snippet[at..]);
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
