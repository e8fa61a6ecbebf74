//! `newsdex index`: walk, read and enrich articles on all cores, and write them into the index.

use std::collections::{BTreeMap, HashSet};
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
use newsdex::index::{FileState, Indexer, NewsIndex};
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
    /// Commit after this many articles, so a crash loses at most that much work
    #[arg(long, default_value_t = 10_000)]
    commit_every: usize,
    /// Remove the articles of files under PATH that no longer exist
    #[arg(long)]
    prune: bool,
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
    commit_every: usize,
    prune: bool,
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
            commit_every: a.commit_every.max(1),
            prune: a.prune,
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
    /// Files recognised as unchanged since the last run and not read again.
    unchanged_files: usize,
    /// Files whose articles were removed because the files are gone (`--prune`).
    pruned_files: usize,
    commits: usize,
    skipped: usize,
    skipped_by_reason: BTreeMap<&'static str, usize>,
    warnings: usize,
    entities: usize,
    quotes: usize,
    seconds: f64,
}

/// A file for a worker: where it is, its key in the index, and what the index knew of it.
struct Job {
    file: SourceFile,
    key: String,
    known: Option<FileState>,
}

enum Msg {
    /// A changed file is about to be read again: forget what came from it before.
    Replace(String),
    Article(Box<Article>, Enrichment, Arc<str>),
    Skip(ingest::Skip),
    Warning(String),
    /// A file read whole, to be recorded with its state.
    FileDone(String, FileState, u64),
    /// A file whose bytes are unchanged though its time is not: its record is updated.
    Touched(String, FileState, u64),
    /// A file unchanged since the last run, not read.
    Unchanged(u64),
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let cfg = Config::new(args)?;
    let started = Instant::now();
    let ix = NewsIndex::open_or_create(index_dir)?;
    let mut indexer = Indexer::new(&ix, cfg.threads, cfg.memory_bytes)?;
    let lookup = indexer.lookup();
    let bar = progress_bar(&cfg);

    let (job_tx, job_rx) = sync_channel::<Job>(64);
    let (msg_tx, msg_rx) = sync_channel::<Msg>(256);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let extractor = Extractor::default().with_aliases(cfg.aliases.clone());
    let mut summary = Summary::default();

    let seen = std::thread::scope(|s| -> Result<HashSet<String>> {
        let paths = &cfg.paths;
        let walker = {
            let msg_tx = msg_tx.clone();
            let bar = bar.clone();
            s.spawn(move || -> Result<HashSet<String>> {
                let mut seen = HashSet::new();
                for entry in ingest::walk(paths) {
                    let file = match entry {
                        Ok(f) => f,
                        Err(skip) => {
                            let _ = msg_tx.send(Msg::Skip(skip));
                            continue;
                        }
                    };
                    bar.inc_length(file.size);
                    let key = absolute(&file.path);
                    seen.insert(key.clone());
                    let known = lookup.state(&key)?;
                    let sent = match &known {
                        Some(k) if k.size == file.size && k.mtime == file.mtime => {
                            msg_tx.send(Msg::Unchanged(file.size)).is_ok()
                        }
                        _ => job_tx.send(Job { file, key, known }).is_ok(),
                    };
                    if !sent {
                        break;
                    }
                }
                Ok(seen)
            })
        };
        for _ in 0..cfg.threads {
            let job_rx = Arc::clone(&job_rx);
            let msg_tx = msg_tx.clone();
            let extractor = &extractor;
            let max = cfg.max_file_size;
            s.spawn(move || worker(&job_rx, &msg_tx, extractor, max));
        }
        drop(msg_tx);
        let received = receive(&msg_rx, &mut indexer, &mut summary, &bar, cfg.commit_every);
        // Unblock the walker if the writer failed.
        drop(msg_rx);
        let seen = walker.join().expect("walker thread")?;
        received?;
        Ok(seen)
    });
    bar.finish_and_clear();
    let seen = seen?;
    if cfg.prune {
        let roots: Vec<String> = cfg.paths.iter().map(|p| absolute(p)).collect();
        for file in indexer.known_files()? {
            let under_roots = roots.iter().any(|r| Path::new(&file).starts_with(r));
            if under_roots && !seen.contains(&file) && !Path::new(&file).exists() {
                indexer.forget_file(&file);
                summary.pruned_files += 1;
            }
        }
    }
    indexer.finish().context("committing the index")?;
    summary.commits += 1;
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

/// The state of a file on disk: size and time from the walk, and the hash of its bytes.
fn state_of(file: &SourceFile) -> std::io::Result<FileState> {
    let mut h = blake3::Hasher::new();
    h.update_reader(std::fs::File::open(&file.path)?)?;
    Ok(FileState {
        size: file.size,
        mtime: file.mtime,
        hash: h.finalize().to_hex().to_string(),
    })
}

fn worker(
    jobs: &Mutex<Receiver<Job>>,
    out: &std::sync::mpsc::SyncSender<Msg>,
    extractor: &Extractor,
    max_file_size: u64,
) {
    loop {
        let next = jobs.lock().map(|rx| rx.recv());
        let Ok(Ok(Job { file, key, known })) = next else {
            return;
        };
        // Unreadable files are reported by the reader below; they get no record.
        let state = state_of(&file).ok();
        if let (Some(k), Some(s)) = (&known, &state) {
            if k.hash == s.hash {
                if out.send(Msg::Touched(key, s.clone(), file.size)).is_err() {
                    return;
                }
                continue;
            }
        }
        if known.is_some() && out.send(Msg::Replace(key.clone())).is_err() {
            return;
        }
        let key_shared: Arc<str> = Arc::from(key.as_str());
        let (mut send_failed, mut articles, mut skips) = (false, 0usize, 0usize);
        ingest::read_file(&file, max_file_size, &mut |item| {
            let msg = match item {
                Item::Article(a) => {
                    articles += 1;
                    let e = extractor.enrich(&a);
                    Msg::Article(a, e, Arc::clone(&key_shared))
                }
                Item::Skip(s) => {
                    skips += 1;
                    Msg::Skip(s)
                }
                Item::Warning(w) => Msg::Warning(w),
            };
            send_failed |= out.send(msg).is_err();
        });
        // A file that gave nothing but skips is tried (and reported) again next time.
        let done = match state {
            Some(s) if articles > 0 || skips == 0 => Msg::FileDone(key, s, file.size),
            _ => Msg::Unchanged(file.size),
        };
        if send_failed || out.send(done).is_err() {
            return;
        }
    }
}

fn receive(
    rx: &Receiver<Msg>,
    indexer: &mut Indexer,
    summary: &mut Summary,
    bar: &ProgressBar,
    commit_every: usize,
) -> Result<()> {
    let started = Instant::now();
    let mut since_commit = 0;
    for msg in rx {
        match msg {
            Msg::Replace(key) => indexer.forget_file(&key),
            Msg::Article(a, e, file) => {
                let added = indexer
                    .add(&a, &e, &file)
                    .with_context(|| format!("indexing {}", a.origin))?;
                summary.indexed += 1;
                summary.replaced += usize::from(added.replaced);
                summary.entities += e.entities.len();
                summary.quotes += added.quotes;
                since_commit += 1;
                // Between two articles: an article and its quotes are committed together.
                if since_commit >= commit_every {
                    indexer.commit().context("committing the index")?;
                    summary.commits += 1;
                    since_commit = 0;
                }
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
            Msg::FileDone(key, state, bytes) => {
                indexer.record_file(&key, &state)?;
                bar.inc(bytes);
            }
            Msg::Touched(key, state, bytes) => {
                indexer.touch_file(&key, &state)?;
                summary.unchanged_files += 1;
                bar.inc(bytes);
            }
            Msg::Unchanged(bytes) => {
                summary.unchanged_files += 1;
                bar.inc(bytes);
            }
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
    let pruned = if s.pruned_files > 0 {
        format!(", {} files pruned", s.pruned_files)
    } else {
        String::new()
    };
    eprintln!(
        "indexed {} articles ({} replaced), {} files unchanged{pruned}, {skipped}; {} entity mentions, {} quotes; {} commits; {:.2} s",
        s.indexed, s.replaced, s.unchanged_files, s.entities, s.quotes, s.commits, s.seconds
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
