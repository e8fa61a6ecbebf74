//! `newsdex index`: walk, read and enrich articles on all cores, and write them into the index.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{sync_channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use newsdex::extract::names::Aliases;
use newsdex::extract::{Enrichment, Extractor};
use newsdex::index::{Indexer, NewsIndex};
use newsdex::ingest::{self, Item, SourceFile};
use newsdex::Article;
use serde::Serialize;

use super::EXIT_SKIPPED;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Files and directories to index (.json, .jsonl, .ndjson, .txt, .md, and the same .gz)
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Skip files larger than this (bytes; K, M and G suffixes work), after decompression too
    #[arg(long, default_value = "64M", value_parser = parse_size)]
    max_file_size: u64,
    /// Worker threads that read and enrich articles (default: all cores)
    #[arg(long)]
    threads: Option<usize>,
    /// Memory budget of the index writer, in MB
    #[arg(long, default_value_t = 256)]
    memory: usize,
    /// JSON file of spelling variants to merge: {"Zelensky": "Volodymyr Zelenskyy"}
    #[arg(long, value_name = "FILE")]
    aliases: Option<PathBuf>,
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
    max_file_size: u64,
    threads: usize,
    memory_bytes: usize,
    progress: bool,
    json: bool,
    aliases: Aliases,
}

impl Config {
    fn new(a: Args) -> Result<Self> {
        for p in &a.paths {
            if !p.exists() {
                bail!("{}: no such file or directory", p.display());
            }
        }
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
        Ok(Config {
            paths: a.paths,
            max_file_size: a.max_file_size,
            threads,
            memory_bytes: a.memory << 20,
            progress: !a.quiet && std::io::stderr().is_terminal(),
            json: a.json,
            aliases: a
                .aliases
                .as_deref()
                .map(Aliases::load)
                .transpose()?
                .unwrap_or_default(),
        })
    }
}

fn parse_size(s: &str) -> Result<u64, String> {
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

/// What the run did, printed at the end.
#[derive(Debug, Default, Serialize)]
struct Summary {
    indexed: usize,
    replaced: usize,
    skipped: usize,
    skipped_by_reason: BTreeMap<&'static str, usize>,
    warnings: usize,
    entities: usize,
    quotes: usize,
    seconds: f64,
}

enum Msg {
    Article(Box<Article>, Enrichment),
    Skip(ingest::Skip),
    Warning(String),
    FileDone(u64),
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let cfg = Config::new(args)?;
    let started = Instant::now();
    let ix = NewsIndex::open_or_create(index_dir)?;
    let mut indexer = Indexer::new(&ix, cfg.threads, cfg.memory_bytes)?;
    let bar = progress_bar(&cfg);

    let (file_tx, file_rx) = sync_channel::<SourceFile>(64);
    let (msg_tx, msg_rx) = sync_channel::<Msg>(256);
    let file_rx = Arc::new(Mutex::new(file_rx));
    let extractor = Extractor::default().with_aliases(cfg.aliases.clone());
    let mut summary = Summary::default();

    let outcome = std::thread::scope(|s| -> Result<()> {
        let paths = &cfg.paths;
        {
            let msg_tx = msg_tx.clone();
            let bar = bar.clone();
            s.spawn(move || {
                for entry in ingest::walk(paths) {
                    match entry {
                        Ok(f) => {
                            bar.inc_length(f.size);
                            if file_tx.send(f).is_err() {
                                return;
                            }
                        }
                        Err(skip) => {
                            let _ = msg_tx.send(Msg::Skip(skip));
                        }
                    }
                }
            });
        }
        for _ in 0..cfg.threads {
            let file_rx = Arc::clone(&file_rx);
            let msg_tx = msg_tx.clone();
            let extractor = &extractor;
            let max = cfg.max_file_size;
            s.spawn(move || worker(&file_rx, &msg_tx, extractor, max));
        }
        drop(msg_tx);
        receive(&msg_rx, &mut indexer, &mut summary, &bar)
    });
    bar.finish_and_clear();
    outcome?;
    indexer.finish().context("committing the index")?;
    let roots: Vec<String> = cfg.paths.iter().map(|p| absolute(p)).collect();
    ix.record_run(&roots, now_rfc3339())?;
    summary.seconds = (started.elapsed().as_secs_f64() * 100.0).round() / 100.0;
    report(&summary, cfg.json)?;
    Ok(if summary.skipped > 0 {
        ExitCode::from(EXIT_SKIPPED)
    } else {
        ExitCode::SUCCESS
    })
}

fn worker(
    files: &Mutex<Receiver<SourceFile>>,
    out: &std::sync::mpsc::SyncSender<Msg>,
    extractor: &Extractor,
    max_file_size: u64,
) {
    loop {
        let next = files.lock().map(|rx| rx.recv());
        let Ok(Ok(file)) = next else { return };
        let mut send_failed = false;
        ingest::read_file(&file, max_file_size, &mut |item| {
            let msg = match item {
                Item::Article(a) => {
                    let e = extractor.enrich(&a);
                    Msg::Article(a, e)
                }
                Item::Skip(s) => Msg::Skip(s),
                Item::Warning(w) => Msg::Warning(w),
            };
            send_failed |= out.send(msg).is_err();
        });
        if send_failed || out.send(Msg::FileDone(file.size)).is_err() {
            return;
        }
    }
}

fn receive(
    rx: &Receiver<Msg>,
    indexer: &mut Indexer,
    summary: &mut Summary,
    bar: &ProgressBar,
) -> Result<()> {
    let started = Instant::now();
    for msg in rx {
        match msg {
            Msg::Article(a, e) => {
                let added = indexer
                    .add(&a, &e)
                    .with_context(|| format!("indexing {}", a.origin))?;
                summary.indexed += 1;
                summary.replaced += usize::from(added.replaced);
                summary.entities += e.entities.len();
                summary.quotes += added.quotes;
                let rate = summary.indexed as f64 / started.elapsed().as_secs_f64().max(1e-3);
                bar.set_message(format!("{} articles, {rate:.0}/s", summary.indexed));
            }
            Msg::Skip(s) => {
                bar.suspend(|| eprintln!("newsdex: warning: {s}"));
                summary.skipped += 1;
                *summary
                    .skipped_by_reason
                    .entry(s.reason.label())
                    .or_default() += 1;
            }
            Msg::Warning(w) => {
                bar.suspend(|| eprintln!("newsdex: warning: {w}"));
                summary.warnings += 1;
            }
            Msg::FileDone(bytes) => bar.inc(bytes),
        }
    }
    Ok(())
}

fn progress_bar(cfg: &Config) -> ProgressBar {
    if !cfg.progress {
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
    eprintln!(
        "indexed {} articles ({} replaced), {skipped}; {} entity mentions, {} quotes; {:.2} s",
        s.indexed, s.replaced, s.entities, s.quotes, s.seconds
    );
    Ok(())
}

fn absolute(p: &Path) -> String {
    std::path::absolute(p)
        .unwrap_or_else(|_| p.to_path_buf())
        .display()
        .to_string()
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
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
