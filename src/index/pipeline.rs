//! The indexing run: walk the user's paths, read each new or changed file once (hashing it as
//! it is read), enrich its articles on every core in batches (so one large JSON Lines dump uses
//! every core), and write them with the one writer; then prune, read again the files whose
//! copies of an article must come back, and rebuild the name registry.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crossbeam_channel::{bounded, Receiver, Sender};
use serde::Serialize;

use super::{FileLookup, FileState, Indexer, NewsIndex};
use crate::article::Article;
use crate::error::Result;
use crate::extract::{Enrichment, Extractor};
use crate::ingest::{self, Compression, Container, Item, Kind, Skip, SourceFile};

/// How a run works.
#[derive(Debug, Clone)]
pub struct Options {
    /// Enrichment workers.
    pub threads: usize,
    /// The writer's memory budget.
    pub memory_bytes: usize,
    /// Commit after this many articles, so a crash loses at most that much work.
    pub commit_every: usize,
    /// Remove the articles of files under the paths that no longer exist.
    pub prune: bool,
    /// The largest article (a JSON Lines line) or file read whole.
    pub max_size: u64,
    /// How many warnings of one kind a file prints before they are counted instead.
    pub warn_limit: usize,
    /// Decisions about names to add before the run (an alias file's pairs).
    pub decisions: Vec<crate::registry::Decision>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_bytes: 256 << 20,
            commit_every: 10_000,
            prune: false,
            max_size: 64 << 20,
            warn_limit: 3,
            decisions: Vec::new(),
        }
    }
}

/// What a run did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    /// Articles read and enriched (each copy of a repeated id counts).
    pub indexed: usize,
    /// Articles that met another copy of their id: one replaced the other.
    pub replaced: usize,
    /// Files recognised as unchanged since the last run and not read again.
    pub unchanged_files: usize,
    /// Files read.
    pub read_files: usize,
    /// Files whose articles were removed because the files are gone (`--prune`).
    pub pruned_files: usize,
    /// Files read again because a copy of one of their articles went away (from the index, for
    /// one deleted without `--prune`).
    pub reread_files: usize,
    pub commits: usize,
    pub skipped: usize,
    pub skipped_by_reason: BTreeMap<String, usize>,
    pub warnings: usize,
    pub entities: usize,
    pub quotes: usize,
    /// Time spent rebuilding the name registry at the end.
    pub registry_seconds: f64,
    pub seconds: f64,
}

/// What a run tells its caller as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    Skip(&'a Skip),
    Warning(&'a str),
    /// `n` more warnings of one kind in `file` (named as the warnings name it) than were shown.
    Repeated {
        file: &'a str,
        what: &'a str,
        n: usize,
    },
    Progress {
        bytes: u64,
        total: u64,
        articles: usize,
    },
}

/// The file key of articles read from standard input or a pipe: no record, never pruned.
pub const STREAM_KEY: &str = "-";

/// Articles a worker enriches at a time.
const BATCH: usize = 32;

struct Work {
    file: Arc<str>,
    items: Vec<(Box<Article>, u64)>,
}

enum Msg {
    /// A file is about to be read again: forget what came from it before.
    Forget(Arc<str>),
    Enriched {
        file: Arc<str>,
        items: Vec<(Box<Article>, Enrichment, u64)>,
    },
    /// A skip or a warning, and whether it is shown (past a file's first few of one kind they
    /// are only counted).
    Skip(Skip, bool),
    Warning(String, bool),
    /// How many of one kind a file had past those shown.
    Repeated(String, String, usize),
    /// A file read to its end: its state if it could be taken, and what it gave.
    FileEnd {
        file: Arc<str>,
        state: Option<FileState>,
        articles: u64,
        skips: u64,
    },
    /// A file whose bytes are unchanged though its time is not: its record is updated.
    Touched(Arc<str>, FileState),
    Unchanged,
}

/// Where a pass's files come from.
enum Input<'a> {
    Walk(&'a [PathBuf]),
    /// Files to read again whatever the index says of them.
    Again(Vec<String>),
}

/// A file being written: how many of its articles came back from the workers.
#[derive(Default)]
struct Pending {
    received: u64,
    end: Option<(Option<FileState>, u64, u64)>,
}

/// Indexes the files under `paths`. Every problem with one file or article is reported through
/// `on` and counted; only a failing index stops the run.
pub fn run(
    ix: &NewsIndex,
    extractor: &Extractor,
    paths: &[PathBuf],
    opts: &Options,
    on: &(dyn Fn(Event) + Sync),
) -> Result<Summary> {
    let started = Instant::now();
    let mut indexer = start(ix, opts)?;
    let mut summary = Summary::default();
    let mut seen = HashSet::new();
    let mut again = pass(
        &mut indexer,
        extractor,
        Input::Walk(paths),
        opts,
        on,
        &mut summary,
        &mut seen,
    )?;
    let mut pruned = HashSet::new();
    if opts.prune {
        let roots: Vec<String> = paths.iter().map(|p| absolute(p)).collect();
        for file in indexer.known_files()? {
            let under_roots = roots.iter().any(|r| Path::new(&file).starts_with(r));
            if under_roots && !seen.contains(&file) && !Path::new(&file).exists() {
                again.extend(indexer.file_gone(&file)?);
                summary.pruned_files += 1;
                pruned.insert(file);
            }
        }
    }
    let mut adder = Adder::new(opts);
    while !again.is_empty() {
        again.sort();
        again.dedup();
        let (files, gone): (Vec<String>, Vec<String>) = std::mem::take(&mut again)
            .into_iter()
            .partition(|f| Path::new(f).exists());
        // A file deleted without `--prune` still counts as it was read: what it gave comes back
        // from the index, which keeps every copy it held.
        for f in gone.iter().filter(|f| !pruned.contains(*f)) {
            let (copies, state) = indexer.remembered(f)?;
            summary.reread_files += 1;
            indexer.forget_file(f)?;
            let file: Arc<str> = Arc::from(f.as_str());
            for c in &copies {
                adder.add(
                    &mut indexer,
                    &mut summary,
                    &c.article,
                    &c.enrichment,
                    &file,
                    c.rank,
                )?;
            }
            again.extend(match state {
                Some(state) => indexer.file_done(f, &state)?,
                None => indexer.file_unrecorded(f)?,
            });
        }
        if files.is_empty() {
            continue;
        }
        summary.reread_files += files.len();
        for f in &files {
            indexer.forget_file(f)?;
        }
        again.extend(pass(
            &mut indexer,
            extractor,
            Input::Again(files),
            opts,
            on,
            &mut summary,
            &mut seen,
        )?);
    }
    let roots: Vec<String> = paths.iter().map(|p| absolute(p)).collect();
    finish(ix, indexer, opts, &roots, summary, started)
}

/// Starts a run: the writer, then the decisions the run was given, recorded under the writer's
/// lock so no other run rebuilds the registry meanwhile.
pub(super) fn start<'i>(ix: &'i NewsIndex, opts: &Options) -> Result<Indexer<'i>> {
    let indexer = Indexer::new(ix, opts.threads, opts.memory_bytes)?;
    if !opts.decisions.is_empty() {
        let mut d = ix.decisions()?;
        d.extend(opts.decisions.iter().cloned());
        ix.set_decisions(&d)?;
    }
    Ok(indexer)
}

/// Adds the articles of a run and counts them, committing every `commit_every` articles:
/// between two articles, so an article and its quotes are committed together.
pub(super) struct Adder {
    every: usize,
    since_commit: usize,
}

impl Adder {
    pub(super) fn new(opts: &Options) -> Self {
        Adder {
            every: opts.commit_every,
            since_commit: 0,
        }
    }

    pub(super) fn add(
        &mut self,
        indexer: &mut Indexer,
        summary: &mut Summary,
        a: &Article,
        e: &Enrichment,
        file: &Arc<str>,
        rank: u64,
    ) -> Result<()> {
        let added = indexer.add(a, e, file, rank)?;
        summary.indexed += 1;
        summary.replaced += usize::from(added.replaced);
        if added.kept {
            summary.entities += e.entities.len();
            summary.quotes += added.quotes;
        }
        self.since_commit += 1;
        if self.since_commit >= self.every || indexer.commit_due() {
            indexer.commit()?;
            summary.commits += 1;
            self.since_commit = 0;
        }
        Ok(())
    }
}

impl Summary {
    /// Counts a skip, by its reason.
    pub(super) fn count_skip(&mut self, s: &Skip) {
        self.skipped += 1;
        *self
            .skipped_by_reason
            .entry(s.reason.label().to_string())
            .or_default() += 1;
    }
}

/// Ends a run: the last commit, the registry rebuilt where articles or decisions changed, the
/// run recorded.
pub(super) fn finish(
    ix: &NewsIndex,
    indexer: Indexer,
    opts: &Options,
    roots: &[String],
    mut summary: Summary,
    started: Instant,
) -> Result<Summary> {
    let changed = indexer.finish()?;
    summary.commits += 1;
    let t = Instant::now();
    {
        let _lock = ix.lock()?;
        // A run that changed no article and no decision leaves the registry as it was, unless
        // segments came that it has no map of (merged ones, or a killed run's).
        if changed || !opts.decisions.is_empty() || !ix.registry_is_current()? {
            ix.rebuild_registry()?;
        }
    }
    summary.registry_seconds = round2(t.elapsed().as_secs_f64());
    ix.record_run(roots, now_rfc3339())?;
    summary.seconds = round2(started.elapsed().as_secs_f64());
    Ok(summary)
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// One pass over some files: returns the files that must be read again.
fn pass(
    indexer: &mut Indexer,
    extractor: &Extractor,
    input: Input,
    opts: &Options,
    on: &(dyn Fn(Event) + Sync),
    summary: &mut Summary,
    seen: &mut HashSet<String>,
) -> Result<Vec<String>> {
    let lookup = indexer.lookup();
    let (work_tx, work_rx) = bounded::<Work>(2 * opts.threads.max(1));
    let (msg_tx, msg_rx) = bounded::<Msg>(256);
    let bytes = AtomicU64::new(0);
    let total = AtomicU64::new(0);
    let walked = Mutex::new(HashSet::new());
    let result = std::thread::scope(|s| -> Result<Vec<String>> {
        let reader = {
            let msg_tx = msg_tx.clone();
            let (bytes, total, walked, lookup) = (&bytes, &total, &walked, &lookup);
            s.spawn(move || read_all(input, opts, lookup, &work_tx, &msg_tx, bytes, total, walked))
        };
        for _ in 0..opts.threads.max(1) {
            let (work_rx, msg_tx) = (work_rx.clone(), msg_tx.clone());
            s.spawn(move || enrich_all(extractor, &work_rx, &msg_tx));
        }
        drop((msg_tx, work_rx));
        let written = write_all(indexer, &msg_rx, opts, on, summary, &bytes, &total);
        // Unblock the reader and the workers if the writer failed.
        drop(msg_rx);
        let read = reader.join().expect("reader thread");
        let again = written?;
        read?;
        Ok(again)
    });
    seen.extend(walked.into_inner().expect("walked"));
    result
}

/// A reader that hashes the bytes it passes on and counts them for the progress bar.
struct Hashing<'a, R> {
    inner: R,
    hasher: &'a mut blake3::Hasher,
    bytes: &'a AtomicU64,
}

impl<R: Read> Read for Hashing<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut h = blake3::Hasher::new();
    h.update_reader(std::fs::File::open(path)?)?;
    Ok(h.finalize().to_hex().to_string())
}

/// Walks (or takes the given files) and reads every file that needs it, sending articles to the
/// workers in batches and everything else to the writer.
#[allow(clippy::too_many_arguments)]
fn read_all(
    input: Input,
    opts: &Options,
    lookup: &FileLookup,
    work: &Sender<Work>,
    msgs: &Sender<Msg>,
    bytes: &AtomicU64,
    total: &AtomicU64,
    walked: &Mutex<HashSet<String>>,
) -> Result<()> {
    // Files read again are read whatever the last commit says of them (they were just forgotten).
    let again = matches!(input, Input::Again(_));
    let files: Box<dyn Iterator<Item = std::result::Result<SourceFile, Skip>>> = match input {
        Input::Walk(paths) => Box::new(ingest::walk(paths)),
        Input::Again(files) => Box::new(
            files
                .into_iter()
                .flat_map(|f| ingest::walk(&[PathBuf::from(f)]).collect::<Vec<_>>()),
        ),
    };
    for entry in files {
        let file = match entry {
            Ok(f) => f,
            Err(skip) => {
                if msgs.send(Msg::Skip(skip, true)).is_err() {
                    return Ok(());
                }
                continue;
            }
        };
        total.fetch_add(file.size, Ordering::Relaxed);
        if file.stream {
            // Standard input or a pipe: read once, every run, with no record to keep.
            if !read_one(&file, Arc::from(STREAM_KEY), opts, work, msgs, bytes) {
                return Ok(());
            }
            continue;
        }
        let key: Arc<str> = Arc::from(absolute(&file.path).as_str());
        walked.lock().expect("walked").insert(key.to_string());
        let known = if again { None } else { lookup.state(&key)? };
        if let Some(k) = &known {
            if k.size == file.size && k.mtime == file.mtime {
                bytes.fetch_add(file.size, Ordering::Relaxed);
                if msgs.send(Msg::Unchanged).is_err() {
                    return Ok(());
                }
                continue;
            }
            if k.size == file.size {
                // Same size, new time: the same bytes are recognised by their hash.
                if let Ok(hash) = hash_file(&file.path) {
                    if hash == k.hash {
                        bytes.fetch_add(file.size, Ordering::Relaxed);
                        let state = FileState {
                            size: file.size,
                            mtime: file.mtime,
                            hash,
                        };
                        if msgs.send(Msg::Touched(key, state)).is_err() {
                            return Ok(());
                        }
                        continue;
                    }
                }
            }
        }
        // A file read before, or partly by a run that was killed, is forgotten first.
        if !again
            && (known.is_some() || lookup.has_documents(&key)?)
            && msgs.send(Msg::Forget(key.clone())).is_err()
        {
            return Ok(());
        }
        if !read_one(&file, key, opts, work, msgs, bytes) {
            return Ok(());
        }
    }
    Ok(())
}

/// Reads one file; `false` when the run is stopping.
fn read_one(
    file: &SourceFile,
    key: Arc<str>,
    opts: &Options,
    work: &Sender<Work>,
    msgs: &Sender<Msg>,
    bytes: &AtomicU64,
) -> bool {
    let mut hasher = blake3::Hasher::new();
    let mut batch = Vec::with_capacity(BATCH);
    let (mut rank, mut skips) = (0u64, 0u64);
    let mut warned: HashMap<String, usize> = HashMap::new();
    let mut open = true;
    let state = {
        let mut emit = |item: Item| {
            if !open {
                return;
            }
            match item {
                Item::Article(a) => {
                    batch.push((a, rank));
                    rank += 1;
                    if batch.len() == BATCH {
                        let items = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                        open &= work
                            .send(Work {
                                file: key.clone(),
                                items,
                            })
                            .is_ok();
                    }
                }
                Item::Skip(s) => {
                    skips += 1;
                    let n = warned.entry(s.reason.label().to_string()).or_default();
                    *n += 1;
                    open &= msgs.send(Msg::Skip(s, *n <= opts.warn_limit)).is_ok();
                }
                Item::Warning(w) => {
                    let n = warned.entry(warning_kind(&w)).or_default();
                    *n += 1;
                    open &= msgs.send(Msg::Warning(w, *n <= opts.warn_limit)).is_ok();
                }
            }
        };
        let zip = file.kind == Kind::container(Compression::None, Container::Zip);
        if file.stream || zip {
            // A stream can be read only once and has no state to record; a zip file is read in
            // place through its directory, and hashed apart.
            ingest::read_file(file, opts.max_size, &mut emit);
            let hash = (!file.stream).then(|| hash_file(&file.path).ok()).flatten();
            bytes.fetch_add(file.size, Ordering::Relaxed);
            hash.map(|hash| FileState {
                size: file.size,
                mtime: file.mtime,
                hash,
            })
        } else {
            match std::fs::File::open(&file.path) {
                Ok(raw) => {
                    let mut reader = Hashing {
                        inner: raw,
                        hasher: &mut hasher,
                        bytes,
                    };
                    ingest::read_from(&mut reader, &file.path, file.kind, opts.max_size, &mut emit);
                    // The hash is of the whole file, whatever the reader left unread.
                    let drained = std::io::copy(&mut reader, &mut std::io::sink()).is_ok();
                    drop(reader);
                    drained.then(|| FileState {
                        size: file.size,
                        mtime: file.mtime,
                        hash: hasher.finalize().to_hex().to_string(),
                    })
                }
                Err(e) => {
                    emit(Item::Skip(Skip {
                        origin: file.path.display().to_string(),
                        reason: ingest::SkipReason::Unreadable(e.to_string()),
                    }));
                    None
                }
            }
        }
    };
    if !open {
        return false;
    }
    if !batch.is_empty()
        && work
            .send(Work {
                file: key.clone(),
                items: batch,
            })
            .is_err()
    {
        return false;
    }
    for (what, n) in warned {
        if n > opts.warn_limit
            && msgs
                .send(Msg::Repeated(
                    file.path.display().to_string(),
                    what,
                    n - opts.warn_limit,
                ))
                .is_err()
        {
            return false;
        }
    }
    msgs.send(Msg::FileEnd {
        file: key,
        state,
        articles: rank,
        skips,
    })
    .is_ok()
}

/// The kind of a warning, for counting repeats: its text after the origin, numbers left out.
fn warning_kind(w: &str) -> String {
    let text = w.split_once(": ").map_or(w, |(_, t)| t);
    let kind: String = text
        .split('"')
        .step_by(2)
        .collect::<Vec<_>>()
        .join("…")
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect();
    kind
}

fn enrich_all(extractor: &Extractor, work: &Receiver<Work>, msgs: &Sender<Msg>) {
    for Work { file, items } in work {
        let items = items
            .into_iter()
            .map(|(a, rank)| {
                let e = extractor.enrich(&a);
                (a, e, rank)
            })
            .collect();
        if msgs.send(Msg::Enriched { file, items }).is_err() {
            return;
        }
    }
}

fn write_all(
    indexer: &mut Indexer,
    msgs: &Receiver<Msg>,
    opts: &Options,
    on: &(dyn Fn(Event) + Sync),
    summary: &mut Summary,
    bytes: &AtomicU64,
    total: &AtomicU64,
) -> Result<Vec<String>> {
    let mut adder = Adder::new(opts);
    let mut pending: HashMap<Arc<str>, Pending> = HashMap::new();
    let mut again = Vec::new();
    let mut shown = Instant::now();
    for msg in msgs {
        let mut done: Option<Arc<str>> = None;
        match msg {
            Msg::Forget(file) => indexer.forget_file(&file)?,
            Msg::Enriched { file, items } => {
                let n = items.len() as u64;
                for (a, e, rank) in items {
                    adder.add(indexer, summary, &a, &e, &file, rank)?;
                }
                pending.entry(file.clone()).or_default().received += n;
                done = Some(file);
            }
            Msg::Skip(s, shown) => {
                if shown {
                    on(Event::Skip(&s));
                }
                summary.count_skip(&s);
            }
            Msg::Warning(w, shown) => {
                if shown {
                    on(Event::Warning(&w));
                }
                summary.warnings += 1;
            }
            Msg::Repeated(file, what, n) => {
                on(Event::Repeated {
                    file: &file,
                    what: &what,
                    n,
                });
            }
            Msg::FileEnd {
                file,
                state,
                articles,
                skips,
            } => {
                summary.read_files += 1;
                pending.entry(file.clone()).or_default().end = Some((state, articles, skips));
                done = Some(file);
            }
            Msg::Touched(file, state) => {
                indexer.touch_file(&file, &state)?;
                summary.unchanged_files += 1;
            }
            Msg::Unchanged => summary.unchanged_files += 1,
        }
        if let Some(file) = done {
            let complete = pending.get(&file).is_some_and(|p| match &p.end {
                Some((_, articles, _)) => p.received >= *articles,
                None => false,
            });
            if complete {
                let p = pending.remove(&file).expect("pending");
                let (state, articles, skips) = p.end.expect("ended");
                // A file that gave nothing but skips is tried (and reported) again next time,
                // unrecorded; the copies it no longer holds still send their shadows to be read.
                match state.filter(|_| articles > 0 || skips == 0) {
                    Some(state) => again.extend(indexer.file_done(&file, &state)?),
                    None => again.extend(indexer.file_unrecorded(&file)?),
                }
            }
        }
        if shown.elapsed() >= Duration::from_millis(100) {
            on(Event::Progress {
                bytes: bytes.load(Ordering::Relaxed),
                total: total.load(Ordering::Relaxed),
                articles: summary.indexed,
            });
            shown = Instant::now();
        }
    }
    Ok(again)
}

/// The key of a file in the index: its absolute path.
pub fn absolute(p: &Path) -> String {
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
