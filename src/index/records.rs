//! `newsdex index --enriched`: indexes enriched records ([`crate::enriched`]) without tagging
//! again, each under the file key and rank its record carries, so the index is the one reading
//! and tagging their files would give; then the registry is rebuilt as after any run.

use std::path::PathBuf;
use std::time::Instant;

use crossbeam_channel::bounded;

use super::pipeline::{finish, start, Adder, Event, Options, Summary};
use super::NewsIndex;
use crate::enriched::{self, Keyed};
use crate::error::Result;
use crate::ingest::{Skip, SkipReason};

/// Records parsed at a time by the reader thread.
const BATCH: usize = 64;

enum Msg {
    Records(Vec<Keyed>),
    Skip(Skip),
}

/// Indexes the records of `inputs` (files of JSON Lines, plain or gzip, or `-` for standard
/// input). A record without enrichment, or a bad line, is reported through `on`, counted and
/// skipped; only a failing index stops the run.
pub fn run(
    ix: &NewsIndex,
    inputs: &[PathBuf],
    opts: &Options,
    on: &(dyn Fn(Event) + Sync),
) -> Result<Summary> {
    let started = Instant::now();
    let mut indexer = start(ix, opts)?;
    let mut summary = Summary::default();
    // Parsing JSON costs about what indexing does: it runs beside the writer.
    let (tx, rx) = bounded::<Msg>(16);
    let written = std::thread::scope(|s| -> Result<()> {
        s.spawn(move || {
            for input in inputs {
                let shown = input.display().to_string();
                let mut batch = Vec::with_capacity(BATCH);
                let mut open = true;
                let mut emit = |r: std::result::Result<Keyed, Skip>| {
                    if !open {
                        return;
                    }
                    match r {
                        Ok(k) => {
                            batch.push(k);
                            if batch.len() == BATCH {
                                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                                open &= tx.send(Msg::Records(full)).is_ok();
                            }
                        }
                        Err(s) => open &= tx.send(Msg::Skip(s)).is_ok(),
                    }
                };
                if input.as_os_str() == "-" {
                    enriched::read_records(
                        std::io::stdin().lock(),
                        &shown,
                        opts.max_size,
                        &mut emit,
                    );
                } else {
                    match std::fs::File::open(input) {
                        Ok(f) => enriched::read_records(f, &shown, opts.max_size, &mut emit),
                        Err(e) => emit(Err(Skip {
                            origin: shown.clone(),
                            reason: SkipReason::Unreadable(e.to_string()),
                        })),
                    }
                }
                if !open || (!batch.is_empty() && tx.send(Msg::Records(batch)).is_err()) {
                    return;
                }
            }
        });
        let mut adder = Adder::new(opts);
        for msg in rx {
            match msg {
                Msg::Skip(s) => skip(&mut summary, on, s),
                Msg::Records(records) => {
                    for k in records {
                        let Some(e) = &k.enrichment else {
                            let origin = k.article.origin.clone();
                            skip(
                                &mut summary,
                                on,
                                Skip {
                                    origin,
                                    reason: SkipReason::BadRecord(
                                        "no enrichment (a line of `read --records`: enrich it with `extract --articles --records`)".into(),
                                    ),
                                },
                            );
                            continue;
                        };
                        adder.add(&mut indexer, &mut summary, &k.article, e, &k.file, k.rank)?;
                    }
                }
            }
        }
        Ok(())
    });
    written?;
    finish(ix, indexer, opts, &[], summary, started)
}

fn skip(summary: &mut Summary, on: &(dyn Fn(Event) + Sync), s: Skip) {
    on(Event::Skip(&s));
    summary.count_skip(&s);
}
