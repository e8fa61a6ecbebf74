//! Command-line interface: the clap definitions shared by the subcommands, one file per subcommand.

mod completions;
mod entities;
mod eval;
mod extract;
mod filters;
mod index;
mod merge;
mod names;
mod quotes;
mod read;
mod search;
mod serve;
mod stats;
mod train_ner;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit status when the command could not do its job.
pub const EXIT_ERROR: u8 = 1;
/// Exit status when the command finished but skipped some input (each skip was reported).
pub const EXIT_SKIPPED: u8 = 3;

/// Index a news archive and ask it who said what.
#[derive(Debug, Parser)]
#[command(name = "newsdex", version, about, long_about = None)]
pub struct Cli {
    /// Index directory
    #[arg(
        long,
        global = true,
        env = "NEWSDEX_INDEX",
        default_value = "newsdex-index",
        value_name = "DIR"
    )]
    index: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read, enrich and index articles from files and directories
    Index(index::Args),
    /// Join shard indexes into a new index (given with --index)
    Merge(merge::Args),
    /// Print the entities and quotes found in articles, without indexing
    Extract(extract::Args),
    /// Print the articles as read from files, archives and web pages, without enrichment
    Read(read::Args),
    /// Search articles, with filters and facet counts
    Search(search::Args),
    /// Who said what: search quotes
    Quotes(quotes::Args),
    /// List people, places, organisations, speakers or authors with their counts
    Entities(entities::Args),
    /// The name registry: an entity's variants, and decisions to merge or split names
    Names(names::Args),
    /// Size and contents of the index
    Stats(stats::Args),
    /// The index in a browser and over an HTTP API, read-only
    Serve(serve::Args),
    /// Print shell completions: `newsdex completions bash > /etc/bash_completion.d/newsdex`
    Completions(completions::CompletionArgs),
    /// Print the man page (roff): `newsdex man > newsdex.1`
    Man,
    /// Score entities or quotes against gold annotations, as ../shared/eval/score.py does
    Eval(eval::Args),
    /// Retrain the entity tagger from CoNLL-format files
    TrainNer(train_ner::Args),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Index(a) => index::run(&cli.index, a),
        Command::Merge(a) => merge::run(&cli.index, a),
        Command::Extract(a) => extract::run(a),
        Command::Read(a) => read::run(a),
        Command::Search(a) => search::run(&cli.index, a),
        Command::Quotes(a) => quotes::run(&cli.index, a),
        Command::Entities(a) => entities::run(&cli.index, a),
        Command::Names(a) => names::run(&cli.index, a),
        Command::Stats(a) => stats::run(&cli.index, a),
        Command::Serve(a) => serve::run(&cli.index, a),
        Command::Completions(a) => completions::completions(a),
        Command::Man => completions::man(),
        Command::TrainNer(a) => train_ner::run(a),
        Command::Eval(a) => eval::run(a),
    }
}

/// Refuses paths that do not exist; `-` is standard input.
fn check_paths(paths: &[PathBuf]) -> anyhow::Result<()> {
    for p in paths {
        if p.as_os_str() != "-" && !p.exists() {
            anyhow::bail!("{}: no such file or directory", p.display());
        }
    }
    Ok(())
}

/// Opens the index for reading, with the path in any error.
fn open_index(dir: &std::path::Path) -> anyhow::Result<newsdex::index::NewsIndex> {
    Ok(newsdex::index::NewsIndex::open(dir)?)
}
