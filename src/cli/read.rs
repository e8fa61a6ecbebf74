//! `newsdex read`: the articles as ingest reads them, without enrichment, so a user can check an
//! archive (or convert it to JSON Lines) and the page scorer can measure the HTML reader.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use newsdex::enriched::{self, Record, Sourced};
use newsdex::ingest::{self, Item};
use newsdex::output::json_line;
use newsdex::Article;
use serde::Serialize;

use super::EXIT_SKIPPED;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and directories, read as `newsdex index` reads them; `-` reads JSON Lines from stdin
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// One JSON object an article: path, id, title, date, authors, source, url, body
    #[arg(long)]
    json: bool,
    /// Skip documents (files, archive members, WARC records) larger than this many bytes
    #[arg(long, default_value_t = 64 << 20)]
    max_file_size: u64,
    /// One article record a line: the enriched-article format without its enrichment, each
    /// article with the file and rank the index keys it by (what `extract --articles --records`
    /// enriches)
    #[arg(long, conflicts_with = "json")]
    records: bool,
    /// Standard input (`-`) holds the file NAME: read it in NAME's format, its articles keyed and
    /// named as if read from NAME (with --records)
    #[arg(long, value_name = "NAME", requires = "records")]
    stdin_name: Option<String>,
}

/// One article as `read --json` prints it.
#[derive(Serialize)]
struct ArticleJson<'a> {
    path: &'a str,
    id: &'a str,
    title: &'a str,
    #[serde(with = "time::serde::rfc3339::option")]
    date: Option<time::OffsetDateTime>,
    authors: &'a [String],
    source: Option<&'a str>,
    url: Option<&'a str>,
    body: &'a str,
}

impl<'a> From<&'a Article> for ArticleJson<'a> {
    fn from(a: &'a Article) -> Self {
        ArticleJson {
            path: &a.origin,
            id: &a.id,
            title: &a.title,
            date: a.date,
            authors: &a.authors,
            source: a.source.as_deref(),
            url: a.url.as_deref(),
            body: &a.body,
        }
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    super::check_paths(&args.paths)?;
    if args.records {
        return print_records(&args);
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut skipped = 0usize;
    let mut result: std::io::Result<()> = Ok(());
    for entry in ingest::walk(&args.paths) {
        let file = match entry {
            Ok(f) => f,
            Err(s) => {
                eprintln!("newsdex: warning: {s}");
                skipped += 1;
                continue;
            }
        };
        ingest::read_file(&file, args.max_file_size, &mut |item| match item {
            Item::Article(a) if result.is_ok() => {
                result = if args.json {
                    json_line(&mut out, &ArticleJson::from(&*a))
                } else {
                    print_human(&mut out, &a)
                };
            }
            Item::Article(_) => {}
            Item::Skip(s) => {
                eprintln!("newsdex: warning: {s}");
                skipped += 1;
            }
            Item::Warning(w) => eprintln!("newsdex: warning: {w}"),
        });
        if let Err(e) = std::mem::replace(&mut result, Ok(())) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            bail!(e);
        }
    }
    out.flush()?;
    Ok(if skipped > 0 {
        ExitCode::from(EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--records`: every article as a record, keyed as the index keys it.
fn print_records(args: &Args) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut skipped = 0usize;
    let mut result: std::io::Result<()> = Ok(());
    enriched::read_sources(
        &args.paths,
        args.stdin_name.as_deref(),
        args.max_file_size,
        &mut |s| match s {
            Sourced::Article(k) if result.is_ok() => {
                result = json_line(&mut out, &Record::new(&k.article, &k.file, k.rank, None));
            }
            Sourced::Article(_) => {}
            Sourced::Skip(s) => {
                eprintln!("newsdex: warning: {s}");
                skipped += 1;
            }
            Sourced::Warning(w) => eprintln!("newsdex: warning: {w}"),
        },
    );
    result?;
    out.flush()?;
    Ok(if skipped > 0 {
        ExitCode::from(EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    })
}

/// `origin  date  title (N words)`.
fn print_human(out: &mut impl Write, a: &Article) -> std::io::Result<()> {
    let date = a
        .date
        .map(|d| d.date().to_string())
        .unwrap_or_else(|| "-".repeat(10));
    let title = if a.title.is_empty() { &a.id } else { &a.title };
    let words = a.body.split_whitespace().count();
    writeln!(out, "{}  {date}  {title} ({words} words)", a.origin)
}
