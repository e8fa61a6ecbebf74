//! `newsdex merge`: joins shard indexes into the index given with `--index`, and reports.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use newsdex::index::merge;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Shard indexes to join (built by `newsdex index`, or `index --enriched`, with this
    /// newsdex); of two copies of an article the one of the greater (file, rank) is kept, a tie
    /// going to the later shard
    #[arg(required = true, value_name = "SHARD")]
    shards: Vec<PathBuf>,
    /// Print the summary as JSON on stdout
    #[arg(long)]
    json: bool,
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let s = merge::merge(index_dir, &args.shards)?;
    if args.json {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        newsdex::output::json_line(&mut out, &s)?;
        out.flush()?;
    } else {
        eprintln!(
            "merged {} shards into {}: {} articles ({} copies outranked in another shard); registry {:.2} s; {:.2} s",
            s.shards,
            index_dir.display(),
            s.articles,
            s.duplicates,
            s.registry_seconds,
            s.seconds
        );
    }
    Ok(ExitCode::SUCCESS)
}
