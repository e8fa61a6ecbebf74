//! `newsdex extract`: print what enrichment finds in articles, without indexing them; the form
//! `../shared/eval/FORMAT.md` specifies, so the scorer can read it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use newsdex::enriched::{self, Keyed, Record, Sourced};
use newsdex::extract::perceptron::PerceptronTagger;
use newsdex::extract::{Enrichment, Extractor};
use newsdex::index::Names;
use newsdex::ingest::{self, Item};
use newsdex::output::{json_line, ExtractJson};
use newsdex::registry::{Builder, Decisions, Registry};
use newsdex::Article;

use super::EXIT_SKIPPED;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Article files or directories, read as `newsdex index` reads them; `-` reads JSON Lines
    /// from standard input
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// One JSON object a line, in input order
    #[arg(long)]
    json: bool,
    /// JSON file of names to merge: {"Zelensky": "Volodymyr Zelenskyy"}
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
    /// Entity model to tag with instead of the built-in one, as `newsdex train-ner` writes it
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Skip files larger than this many bytes
    #[arg(long, default_value_t = 64 << 20)]
    max_file_size: u64,
    /// Print each article whole with its enrichment, as `index --enriched` reads it: the
    /// enriched-article format (JSON Lines, version in every line), streamed in input order,
    /// names as the article gives them (the index's registry resolves them across articles)
    #[arg(long, conflicts_with = "aliases")]
    articles: bool,
    /// The inputs are article records (`newsdex read --records` output), enriched with their
    /// file, rank and origin kept
    #[arg(long, requires = "articles")]
    records: bool,
    /// Threads that enrich articles with --articles (default: all cores)
    #[arg(long, requires = "articles")]
    threads: Option<usize>,
    /// Standard input (`-`) holds the file NAME: read it in NAME's format, its articles keyed and
    /// named as if read from NAME
    #[arg(
        long,
        value_name = "NAME",
        requires = "articles",
        conflicts_with = "records"
    )]
    stdin_name: Option<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    super::check_paths(&args.files)?;
    let mut decisions = Decisions::default();
    if let Some(path) = &args.aliases {
        decisions.extend(Decisions::read_alias_file(path)?);
    }
    let extractor = match &args.model {
        Some(path) => Extractor::new(Box::new(PerceptronTagger::from_file(path)?)),
        None => Extractor::default(),
    };
    if args.articles {
        return print_records(&args, &extractor);
    }
    let mut skipped = 0usize;
    // The names of an article are those indexing all of them together gives: the registry is
    // built over every input article before any is printed.
    let mut enriched: Vec<(Box<Article>, Enrichment)> = Vec::new();
    let mut builder = Builder::new();
    for entry in ingest::walk(&args.files) {
        let file = match entry {
            Ok(f) => f,
            Err(s) => {
                eprintln!("newsdex: warning: {s}");
                skipped += 1;
                continue;
            }
        };
        ingest::read_file(&file, args.max_file_size, &mut |item| match item {
            Item::Article(a) => {
                let e = extractor.enrich(&a);
                let year = a.date.map(|d| d.to_offset(time::UtcOffset::UTC).year());
                Names::of(&a, &e).observe(&mut builder, year);
                enriched.push((a, e));
            }
            Item::Skip(s) => {
                eprintln!("newsdex: warning: {s}");
                skipped += 1;
            }
            Item::Warning(w) => eprintln!("newsdex: warning: {w}"),
        });
    }
    let registry = Registry::from_data(&builder.build(&decisions));
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (a, e) in &enriched {
        if args.json {
            json_line(&mut out, &ExtractJson::new(a, e).with_registry(&registry))?;
        } else {
            print_human(&mut out, a, e, &registry)?;
        }
    }
    out.flush()?;
    Ok(if skipped > 0 {
        ExitCode::from(EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    })
}

/// `--articles`: each article enriched and printed as a record as soon as it is read.
fn print_records(args: &Args, extractor: &Extractor) -> Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout());
    let mut skipped = 0usize;
    let mut opened: Result<()> = Ok(());
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let mut warn = |s: &ingest::Skip| {
        eprintln!("newsdex: warning: {s}");
        skipped += 1;
    };
    let read = |put: &mut dyn FnMut(Keyed)| {
        if args.records {
            for input in &args.files {
                let shown = input.display().to_string();
                let mut each = |r: std::result::Result<Keyed, ingest::Skip>| match r {
                    Ok(k) => put(k),
                    Err(s) => warn(&s),
                };
                if input.as_os_str() == "-" {
                    let stdin = std::io::stdin().lock();
                    enriched::read_records(stdin, &shown, args.max_file_size, &mut each);
                } else {
                    match std::fs::File::open(input).with_context(|| shown.clone()) {
                        Ok(f) => enriched::read_records(f, &shown, args.max_file_size, &mut each),
                        Err(e) => opened = Err(e),
                    }
                }
            }
        } else {
            enriched::read_sources(
                &args.files,
                args.stdin_name.as_deref(),
                args.max_file_size,
                &mut |s| match s {
                    Sourced::Article(k) => put(k),
                    Sourced::Skip(s) => warn(&s),
                    Sourced::Warning(w) => eprintln!("newsdex: warning: {w}"),
                },
            );
        }
    };
    let result = enriched::enrich_in_order(extractor, threads, read, |k, e| {
        json_line(
            &mut out,
            &Record::new(&k.article, &k.file, k.rank, Some(&e)),
        )
    });
    opened?;
    result?;
    out.flush()?;
    Ok(if skipped > 0 {
        ExitCode::from(EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_human(
    out: &mut impl Write,
    a: &Article,
    e: &Enrichment,
    registry: &Registry,
) -> std::io::Result<()> {
    use newsdex::extract::EntityType::*;
    let named = |kind: newsdex::extract::EntityType| -> Vec<String> {
        let mut v: Vec<String> = e
            .names(kind)
            .into_iter()
            .map(|n| newsdex::output::registry_name(registry, kind.into(), n).to_string())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    writeln!(
        out,
        "{} ({})",
        if a.title.is_empty() { &a.id } else { &a.title },
        a.origin
    )?;
    for (label, kind) in [("people", Person), ("places", Place), ("orgs", Org)] {
        writeln!(out, "  {label}: {}", named(kind).join(", "))?;
    }
    for q in &e.quotes {
        let who = match (&q.speaker, q.speaker_span) {
            (Some(s), _) => s.clone(),
            (None, Some((s0, s1))) => format!("({})", &a.body[s0..s1]),
            (None, None) => "(unknown)".to_string(),
        };
        writeln!(out, "  {who}: “{}”", &a.body[q.start..q.end])?;
    }
    Ok(())
}
