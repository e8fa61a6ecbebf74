//! `newsdex quotes`: who said what, one quote a line.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use newsdex::output::use_color;
use newsdex::query::Target;

use super::filters::{FilterArgs, Format, Sort};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Words the quote must contain (same syntax as `search`)
    query: Option<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Only quotes of this kind: direct (in quotation marks), partial (quoted words inside
    /// reported speech) or indirect (reported without marks); repeatable, default all
    #[arg(long, value_enum)]
    kind: Vec<QuoteKindArg>,
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
    /// Output format: `json` is `--json`; `csv` is one row a quote
    /// (id, date, source, title, speaker, kind, quote, url, path) under a header
    #[arg(long, value_enum, conflicts_with = "json")]
    format: Option<Format>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum QuoteKindArg {
    Direct,
    Partial,
    Indirect,
}

impl QuoteKindArg {
    fn as_str(self) -> &'static str {
        match self {
            QuoteKindArg::Direct => "direct",
            QuoteKindArg::Partial => "partial",
            QuoteKindArg::Indirect => "indirect",
        }
    }
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let ix = super::open_index(index_dir)?;
    let mut params = args.filters.to_params(args.query);
    params.sort = args.sort.into();
    params.limit = Some(args.limit);
    params.offset = Some(args.offset);
    params.kind = args.kind.iter().map(|k| k.as_str().to_string()).collect();
    let req = super::filters::resolve(&ix, &params, args.limit)?;
    let res = ix.search(Target::Quotes, &req)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let format = Format::of(args.json, args.format);
    if format == Format::Json {
        super::search::print_json(&mut out, &res)?;
    } else if format == Format::Csv {
        super::filters::print_csv(&mut out, Target::Quotes, &res)?;
    } else {
        let color = use_color();
        for h in &res.hits {
            let who = h.speaker.as_deref().unwrap_or("(unattributed)");
            let date = h.date.as_deref().unwrap_or("undated");
            let title = if h.title.is_empty() { &h.id } else { &h.title };
            let words: String = h.snippet.split_whitespace().collect::<Vec<_>>().join(" ");
            // Marks only around words the article quotes as they were said.
            let (quote, kind) = match h.kind.as_deref() {
                Some("direct") | None => (format!("“{words}”"), String::new()),
                Some(k) => (words, format!(" [{k}]")),
            };
            if color {
                writeln!(out, "\x1b[1m{who}\x1b[0m: {quote}{kind} ({date}, {title})")?;
            } else {
                writeln!(out, "{who}: {quote}{kind} ({date}, {title})")?;
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
