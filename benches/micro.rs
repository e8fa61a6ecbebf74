//! Micro-benchmarks of the per-article hot path, on the sample corpus repeated:
//! tokeniser, entity tagger (tokenising included), quote extractor, document building,
//! and loading the model. `cargo bench --bench micro`; medians of several runs, one process.

use std::path::Path;
use std::time::{Duration, Instant};

use newsdex::extract::entities::EntityTagger;
use newsdex::extract::lexicon::Lexicon;
use newsdex::extract::names::canonical_names;
use newsdex::extract::perceptron::{Model, PerceptronTagger};
use newsdex::extract::quotes::extract_quotes;
use newsdex::extract::tokens::Tokens;
use newsdex::extract::Extractor;
use newsdex::index::NewsIndex;
use newsdex::ingest::{self, Item};
use newsdex::Article;

fn corpus() -> Vec<Article> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-corpus");
    let mut out = Vec::new();
    for f in ingest::walk(&[root]) {
        ingest::read_file(&f.expect("readable sample"), 1 << 26, &mut |i| {
            if let Item::Article(a) = i {
                out.push(*a);
            }
        });
    }
    out
}

/// Median wall time of `runs` runs of `f`.
fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[runs / 2]
}

fn main() {
    let articles = corpus();
    let tokens: usize = articles.iter().map(|a| Tokens::new(&a.body).len()).sum();
    let bytes: usize = articles.iter().map(|a| a.body.len()).sum();
    let n = articles.len();
    println!("{n} articles, {tokens} tokens, {bytes} bytes a pass; median of 15 passes\n");
    let per_tok = |d: Duration| tokens as f64 / d.as_secs_f64();
    let per_art = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;

    let tok = median(15, || {
        for a in &articles {
            std::hint::black_box(Tokens::new(&a.body));
        }
    });
    println!(
        "tokeniser             {:>12.0} tokens/s  {:>8.1} µs/article",
        per_tok(tok),
        per_art(tok)
    );

    let tagger = PerceptronTagger::builtin();
    let tag = median(15, || {
        for a in &articles {
            let t = Tokens::new(&a.body);
            std::hint::black_box(tagger.tag(&t));
        }
    });
    println!(
        "tagger (+tokeniser)   {:>12.0} tokens/s  {:>8.1} µs/article",
        per_tok(tag),
        per_art(tag)
    );

    let prepared: Vec<_> = articles
        .iter()
        .map(|a| {
            let t = Tokens::new(&a.body);
            let spans = tagger.tag(&t);
            let names = canonical_names(&t, &spans);
            (t, spans.into_iter().zip(names).collect::<Vec<_>>())
        })
        .collect();
    let quotes = median(15, || {
        for (t, pairs) in &prepared {
            std::hint::black_box(extract_quotes(t, pairs));
        }
    });
    println!(
        "quote extractor       {:>12.0} tokens/s  {:>8.1} µs/article  ({:.2} x the tagger)",
        per_tok(quotes),
        per_art(quotes),
        quotes.as_secs_f64() / tag.as_secs_f64()
    );

    let ex = Extractor::default();
    let enriched: Vec<_> = articles.iter().map(|a| ex.enrich(a)).collect();
    let ix = NewsIndex::in_ram();
    let docs = median(15, || {
        for (a, e) in articles.iter().zip(&enriched) {
            std::hint::black_box(newsdex::index::documents(&ix, a, e, &a.origin, 0));
        }
    });
    println!(
        "document building                           {:>8.1} µs/article",
        per_art(docs)
    );

    let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("models/ner.bin"))
        .expect("model file");
    let load = median(15, || {
        std::hint::black_box(
            Model::from_bytes(&bytes, Path::new("models/ner.bin")).expect("model"),
        );
    });
    println!(
        "model load (from bytes in memory)           {:>8.1} ms",
        load.as_secs_f64() * 1e3
    );
    let lexicon = median(15, || {
        std::hint::black_box(Lexicon::build());
    });
    println!(
        "word lists and clusters (built once)        {:>8.1} ms",
        lexicon.as_secs_f64() * 1e3
    );
    println!(
        "model + word lists, what a process pays once {:>7.1} ms",
        (load + lexicon).as_secs_f64() * 1e3
    );
}
