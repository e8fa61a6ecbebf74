//! `newsdex extract`: print what enrichment finds in articles, without indexing them; the form
//! `../shared/eval/FORMAT.md` specifies, so the scorer can read it.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use newsdex::extract::names::Aliases;
use newsdex::extract::Extractor;
use newsdex::ingest::{self, Item};
use newsdex::output::{json_line, ExtractJson};

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
    /// JSON file of spelling variants to merge: {"Zelensky": "Volodymyr Zelenskyy"}
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
    /// Skip files larger than this many bytes
    #[arg(long, default_value_t = 64 << 20)]
    max_file_size: u64,
}

pub fn run(args: Args) -> Result<ExitCode> {
    super::check_paths(&args.files)?;
    let aliases = args.aliases.as_deref().map(Aliases::load).transpose()?;
    let extractor = Extractor::default().with_aliases(aliases.unwrap_or_default());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut skipped = 0usize;
    let mut result: std::io::Result<()> = Ok(());
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
            Item::Article(a) if result.is_ok() => {
                let e = extractor.enrich(&a);
                result = if args.json {
                    json_line(&mut out, &ExtractJson::new(&a, &e))
                } else {
                    print_human(&mut out, &a, &e)
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
            return Err(e.into());
        }
    }
    out.flush()?;
    Ok(if skipped > 0 {
        ExitCode::from(EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_human(
    out: &mut impl Write,
    a: &newsdex::Article,
    e: &newsdex::extract::Enrichment,
) -> std::io::Result<()> {
    use newsdex::extract::EntityType::*;
    writeln!(
        out,
        "{} ({})",
        if a.title.is_empty() { &a.id } else { &a.title },
        a.origin
    )?;
    for (label, kind) in [("people", Person), ("places", Place), ("orgs", Org)] {
        writeln!(out, "  {label}: {}", e.names(kind).join(", "))?;
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
