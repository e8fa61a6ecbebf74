//! `newsdex index`: checks the arguments, runs the library's indexing pipeline, and reports.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsdex::extract::Extractor;
use newsdex::index::pipeline::{self, Event, Options, Summary};
use newsdex::index::{records, NewsIndex};
use newsdex::registry::Decisions;

use super::EXIT_SKIPPED;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and directories to index (JSON, JSON Lines, text, web pages, WARC, zip and tar
    /// archives, and the same .gz); `-` reads JSON Lines from standard input
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The largest article (a JSON Lines line) or file read whole (bytes; K, M, G suffixes),
    /// after decompression too
    #[arg(long, default_value = "64M", value_parser = parse_size)]
    max_file_size: u64,
    /// Worker threads that enrich articles (default: all cores)
    #[arg(long)]
    threads: Option<usize>,
    /// Memory budget of the index writer, in MB; what it keeps of the articles between two
    /// commits takes up to an eighth more
    #[arg(long, default_value_t = 256)]
    memory: usize,
    /// Commit after this many articles, so a crash loses at most that much work
    #[arg(long, default_value_t = 10_000)]
    commit_every: usize,
    /// Remove the articles of files under PATH that no longer exist
    #[arg(long)]
    prune: bool,
    /// JSON file of names to merge, kept in the index for every later run:
    /// {"Zelensky": "Volodymyr Zelenskyy"}
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
    /// The paths are enriched articles (`newsdex extract --articles` output, JSON Lines, plain
    /// or gzip; `-` for standard input), indexed without tagging again
    #[arg(long, conflicts_with = "prune")]
    enriched: bool,
    /// No progress bar
    #[arg(long, short)]
    quiet: bool,
    /// Print the summary as JSON on stdout
    #[arg(long)]
    json: bool,
}

/// Checked settings, made from [`Args`] before any work starts.
struct Config {
    paths: Vec<PathBuf>,
    opts: Options,
    progress: bool,
    json: bool,
    enriched: bool,
}

impl Config {
    fn new(a: Args) -> Result<Self> {
        super::check_paths(&a.paths)?;
        let threads = a
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
        if threads == 0 {
            bail!("--threads must be at least 1");
        }
        let writer_threads = threads.min(8);
        if a.memory < 15 * writer_threads {
            bail!(
                "--memory must be at least 15 MB per writer thread ({} MB here)",
                15 * writer_threads
            );
        }
        let decisions = match &a.aliases {
            Some(path) => Decisions::read_alias_file(path)?,
            None => Vec::new(),
        };
        Ok(Config {
            paths: a.paths,
            opts: Options {
                threads,
                memory_bytes: a.memory << 20,
                commit_every: a.commit_every.max(1),
                prune: a.prune,
                max_size: a.max_file_size,
                decisions,
                ..Options::default()
            },
            progress: !a.quiet && std::io::stderr().is_terminal(),
            json: a.json,
            enriched: a.enriched,
        })
    }
}

pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, mult) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 1u64 << 10),
        Some((i, 'm' | 'M')) => (&s[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    num.trim()
        .parse::<u64>()
        .map(|n| n.saturating_mul(mult))
        .map_err(|_| format!("{s:?} is not a size (try 64M)"))
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let cfg = Config::new(args)?;
    let ix = NewsIndex::open_or_create(index_dir)?;
    let bar = progress_bar(cfg.progress);
    let on = |e: Event| match e {
        Event::Skip(s) => bar.suspend(|| eprintln!("newsdex: warning: {s}")),
        Event::Warning(w) => bar.suspend(|| eprintln!("newsdex: warning: {w}")),
        Event::Repeated { file, what, n } => {
            bar.suspend(|| eprintln!("newsdex: warning: {file}: {n} more of \"{what}\""))
        }
        Event::Progress {
            bytes,
            total,
            articles,
        } => {
            bar.set_length(total);
            bar.set_position(bytes);
            bar.set_message(format!("{articles} articles"));
        }
    };
    let summary = if cfg.enriched {
        records::run(&ix, &cfg.paths, &cfg.opts, &on)
    } else {
        pipeline::run(&ix, &Extractor::default(), &cfg.paths, &cfg.opts, &on)
    }
    .context("indexing")?;
    bar.finish_and_clear();
    report(&summary, cfg.json)?;
    Ok(if summary.skipped > 0 {
        ExitCode::from(EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    })
}

fn progress_bar(show: bool) -> ProgressBar {
    if !show {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {binary_bytes_per_sec} {msg} ETA {eta}",
        )
        .expect("valid template"),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn report(s: &Summary, json: bool) -> Result<()> {
    if json {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        newsdex::output::json_line(&mut out, s)?;
        out.flush()?;
        return Ok(());
    }
    let reasons: Vec<String> = s
        .skipped_by_reason
        .iter()
        .map(|(r, n)| format!("{n} {r}"))
        .collect();
    let skipped = if reasons.is_empty() {
        "skipped 0".to_string()
    } else {
        format!("skipped {} ({})", s.skipped, reasons.join(", "))
    };
    let mut files = format!("{} files unchanged", s.unchanged_files);
    if s.pruned_files > 0 {
        files.push_str(&format!(", {} files pruned", s.pruned_files));
    }
    if s.reread_files > 0 {
        files.push_str(&format!(", {} files read again", s.reread_files));
    }
    eprintln!(
        "indexed {} articles ({} replaced), {files}, {skipped}, {} warnings; {} entity mentions, {} quotes; {} commits; {:.2} s",
        s.indexed, s.replaced, s.warnings, s.entities, s.quotes, s.commits, s.seconds
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        for (s, want) in [
            ("64M", Some(64 << 20)),
            ("10", Some(10)),
            ("2k", Some(2048)),
            ("1 G", Some(1 << 30)),
            ("x", None),
            ("-1", None),
        ] {
            assert_eq!(parse_size(s).ok(), want, "{s}");
        }
    }
}
