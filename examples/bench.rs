//! The archive-scale benchmark: indexes a corpus with `newsdex index` and with two plain tantivy
//! baselines (the default analyzer a user would pick instead, and newsdex's stemming analyzer),
//! in alternated rounds so the machine's drift falls on both; then times the faceted queries in
//! process, name resolution, and `newsdex search` as a whole process; prints one table.
//!
//! ```sh
//! cargo build --release
//! cargo run --release --example bench -- --corpus ../shared/data/bench/reuters-20k.jsonl.gz
//! cargo run --release --example bench -- --corpus ../shared/data/bench/reuters-20k.jsonl.gz --times 5
//! cargo run --release --example bench -- --articles 100000
//! ```
//!
//! `--corpus FILE` takes real articles (JSON Lines, gzipped or not) as one dump; `--times K`
//! repeats them K times with fresh ids and dates K years apart; `--articles N` generates N
//! articles from the paragraphs of `sample-corpus/` instead. `--rounds R` (default 3) runs of
//! each indexer, `--json` prints the figures as one object. `--queries DIR` times only the
//! queries, on an index built before.

#[path = "common/words.rs"]
mod words;

use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsdex::facet::FacetKind;
use newsdex::index::NewsIndex;
use newsdex::ingest::{self, Item};
use newsdex::query::{Params, Request, SortBy, Target};
use newsdex::train::Rng;
use serde_json::{json, Value};
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{doc, Index};
use words::{REAL_WORDS, SYNTHETIC_WORDS};

struct Opts {
    corpus: Option<PathBuf>,
    times: usize,
    articles: usize,
    rounds: usize,
    dir: PathBuf,
    threads: usize,
    memory_mb: usize,
    json: bool,
    queries_only: Option<PathBuf>,
    /// Internal: run a baseline indexer in this process (so its memory is its own).
    baseline: Option<(String, PathBuf, PathBuf)>,
}

fn opts() -> Opts {
    let mut o = Opts {
        corpus: None,
        times: 1,
        articles: 100_000,
        rounds: 3,
        dir: std::env::temp_dir().join("newsdex-bench"),
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        memory_mb: 256,
        json: false,
        queries_only: None,
        baseline: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--corpus" => o.corpus = Some(val().into()),
            "--times" => o.times = val().parse().expect("--times K"),
            "--articles" => o.articles = val().parse().expect("--articles N"),
            "--rounds" => o.rounds = val().parse().expect("--rounds R"),
            "--dir" => o.dir = val().into(),
            "--threads" => o.threads = val().parse().expect("--threads N"),
            "--memory" => o.memory_mb = val().parse().expect("--memory MB"),
            "--json" => o.json = true,
            "--queries" => o.queries_only = Some(val().into()),
            "--baseline" => o.baseline = Some((val(), val().into(), val().into())),
            other => panic!("unknown argument {other}"),
        }
    }
    o
}

/// Paragraphs and titles of the sample corpus.
fn pool() -> (Vec<String>, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-corpus");
    let (mut paras, mut titles) = (Vec::new(), Vec::new());
    for f in ingest::walk(&[root]) {
        ingest::read_file(&f.expect("sample file"), 1 << 26, &mut |i| {
            if let Item::Article(a) = i {
                titles.push(a.title.clone());
                paras.extend(
                    a.body
                        .split('\n')
                        .map(str::trim)
                        .filter(|p| p.len() > 40)
                        .map(String::from),
                );
            }
        });
    }
    (paras, titles)
}

const SOURCES: [&str; 8] = [
    "Wire",
    "Daily Planet",
    "Globe",
    "Courier",
    "Herald",
    "Chronicle",
    "Ledger",
    "Sentinel",
];

/// `n` articles recombined from the sample corpus's paragraphs, 1,000 a JSONL file.
fn synthetic(n: usize, out: &Path) {
    let (paras, titles) = pool();
    let mut rng = Rng(0x5eed);
    fs::create_dir_all(out).unwrap();
    let mut w: Option<BufWriter<fs::File>> = None;
    let start = time::Date::from_calendar_date(2005, time::Month::January, 1).unwrap();
    for i in 0..n {
        if i % 1000 == 0 {
            w = Some(BufWriter::new(
                fs::File::create(out.join(format!("part-{:05}.jsonl", i / 1000))).unwrap(),
            ));
        }
        let k = 6 + rng.below(14);
        let body: Vec<&str> = (0..k)
            .map(|_| paras[rng.below(paras.len())].as_str())
            .collect();
        let date = start + time::Duration::days(rng.below(20 * 365) as i64);
        let article = json!({
            "id": format!("bench-{i}"),
            "title": format!("{} ({i})", titles[rng.below(titles.len())]),
            "date": date.to_string(),
            "source": SOURCES[rng.below(SOURCES.len())],
            "body": body.join("\n\n"),
        });
        writeln!(w.as_mut().unwrap(), "{article}").unwrap();
    }
}

/// The real corpus as one dump, repeated `times` times with fresh ids and dates `k` years later.
fn real(corpus: &Path, times: usize, out: &Path) {
    fs::create_dir_all(out).unwrap();
    let raw = fs::File::open(corpus).unwrap_or_else(|e| panic!("{}: {e}", corpus.display()));
    let gz = corpus.extension().is_some_and(|e| e == "gz");
    let reader: Box<dyn Read> = if gz {
        Box::new(flate2::read::MultiGzDecoder::new(raw))
    } else {
        Box::new(raw)
    };
    let lines: Vec<String> = BufReader::new(reader).lines().map(Result::unwrap).collect();
    let mut w = BufWriter::new(fs::File::create(out.join("dump.jsonl")).unwrap());
    for k in 0..times {
        for line in &lines {
            if k == 0 {
                writeln!(w, "{line}").unwrap();
                continue;
            }
            let mut v: Value = serde_json::from_str(line).unwrap();
            v["id"] = json!(format!("copy{k}-{}", v["id"].as_str().unwrap_or_default()));
            if let Some(d) = v["date"].as_str() {
                if let Some((y, rest)) = d.split_once('-') {
                    let y: i32 = y.parse().unwrap_or(2000);
                    v["date"] = json!(format!("{}-{rest}", y + k as i32));
                }
            }
            writeln!(w, "{v}").unwrap();
        }
    }
}

/// A plain tantivy index of the same ids, titles and bodies: no enrichment, no quote documents;
/// `default` is tantivy's default analyzer, `stemmed` newsdex's.
fn baseline(which: &str, corpus: &Path, index_dir: &Path, threads: usize, memory_mb: usize) {
    let _ = fs::remove_dir_all(index_dir);
    fs::create_dir_all(index_dir).unwrap();
    let mut b = Schema::builder();
    let tokenizer = if which == "stemmed" {
        "stemmed"
    } else {
        "default"
    };
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let id = b.add_text_field("id", STRING | STORED);
    let title = b.add_text_field("title", text.clone());
    let body = b.add_text_field("body", text);
    let index = Index::create_in_dir(index_dir, b.build()).unwrap();
    index.tokenizers().register(
        "stemmed",
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build(),
    );
    let mut w = index
        .writer_with_num_threads(threads.min(8), memory_mb << 20)
        .unwrap();
    let mut files: Vec<PathBuf> = fs::read_dir(corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for f in files {
        for line in BufReader::new(fs::File::open(f).unwrap()).lines() {
            let v: Value = serde_json::from_str(&line.unwrap()).unwrap();
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            w.add_document(doc!(id => s("id"), title => s("title"), body => s("body")))
                .unwrap();
        }
    }
    w.commit().unwrap();
    w.wait_merging_threads().unwrap();
}

/// Runs a command, polling its peak resident memory (VmHWM) until it exits.
fn measure(cmd: &mut Command) -> (Duration, u64, String) {
    let t = Instant::now();
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    loop {
        if let Ok(s) = fs::read_to_string(&status) {
            if let Some(kb) = s.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
                let kb = kb.trim().trim_end_matches(" kB").trim();
                peak = peak.max(kb.parse::<u64>().unwrap_or(0) * 1024);
            }
        }
        if let Some(st) = child.try_wait().unwrap() {
            assert!(st.success() || st.code() == Some(3), "{cmd:?} failed: {st}");
            let mut out = String::new();
            child
                .stdout
                .take()
                .unwrap()
                .read_to_string(&mut out)
                .unwrap();
            return (t.elapsed(), peak, out);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn dir_size(p: &Path) -> u64 {
    fs::read_dir(p).map_or(0, |rd| {
        rd.filter_map(Result::ok)
            .map(|e| {
                let m = e.metadata().unwrap();
                if m.is_dir() {
                    dir_size(&e.path())
                } else {
                    m.len()
                }
            })
            .sum()
    })
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    percentile(&s, 0.5)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// The faceted queries of the table, built from the index's own most frequent names.
fn queries(ix: &NewsIndex, corpus_words: &[&str; 6]) -> Vec<(String, Target, Params)> {
    let top = |kind, k| -> Vec<String> {
        ix.facet_counts(Target::Articles, kind, &Request::default(), k)
            .unwrap()
            .into_iter()
            .map(|n| n.name)
            .collect()
    };
    let people = top(FacetKind::Person, 3);
    let places = top(FacetKind::Place, 3);
    let orgs = top(FacetKind::Org, 2);
    let speakers = top(FacetKind::Speaker, 2);
    // One-word filters, as users type them: the last word of the name.
    let last = |s: &String| s.rsplit(' ').next().unwrap_or(s).to_lowercase();
    let [w1, w2, phrase, either, not, title] = *corpus_words;
    let p = |q: Option<&str>| Params {
        q: q.map(String::from),
        limit: Some(10),
        ..Params::default()
    };
    let mut out: Vec<(String, Target, Params)> = vec![
        ("word".into(), Target::Articles, p(Some(w1))),
        (
            "two words".into(),
            Target::Articles,
            p(Some(&format!("{w1} {w2}"))),
        ),
        ("phrase".into(), Target::Articles, p(Some(phrase))),
        ("OR".into(), Target::Articles, p(Some(either))),
        ("NOT".into(), Target::Articles, p(Some(not))),
        ("title field".into(), Target::Articles, p(Some(title))),
        ("all articles".into(), Target::Articles, p(None)),
    ];
    let mut with = |name: &str, target, q: Option<&str>, f: &dyn Fn(&mut Params)| {
        let mut params = p(q);
        f(&mut params);
        out.push((name.to_string(), target, params));
    };
    with("person (one word)", Target::Articles, None, &|p| {
        p.person = vec![last(&people[0])]
    });
    with("person + word", Target::Articles, Some(w1), &|p| {
        p.person = vec![people[1].clone()]
    });
    with("two people", Target::Articles, None, &|p| {
        p.person = vec![people[0].clone(), people[2].clone()]
    });
    with("place", Target::Articles, None, &|p| {
        p.place = vec![places[0].clone()]
    });
    with("person + place + word", Target::Articles, Some(w2), &|p| {
        p.person = vec![people[0].clone()];
        p.place = vec![places[1].clone()];
    });
    with("org", Target::Articles, None, &|p| {
        p.org = vec![orgs[0].clone()]
    });
    with("speaker", Target::Articles, None, &|p| {
        p.speaker = vec![speakers[0].clone()]
    });
    with("place, by date", Target::Articles, None, &|p| {
        p.place = vec![places[2].clone()];
        p.sort = SortBy::Date;
    });
    with("date range", Target::Articles, Some(w1), &|p| {
        p.since = Some("2007-01-01".into());
        p.until = Some("2007-12-31".into());
    });
    with("quotes --speaker (one word)", Target::Quotes, None, &|p| {
        p.speaker = vec![last(&speakers[0])]
    });
    with("quotes word + speaker", Target::Quotes, Some(w1), &|p| {
        p.speaker = vec![speakers[1].clone()]
    });
    with("quotes word", Target::Quotes, Some(w2), &|_| {});
    with(
        "page 6 of a common word",
        Target::Articles,
        Some(w1),
        &|p| p.offset = Some(50),
    );
    out
}

/// The queries in process (warm, 20 rounds, each with facet counts of its whole result set),
/// resolving a one-word name, and `newsdex search` as a whole process.
fn time_queries(newsdex: &Path, ix_dir: &Path, words: &[&str; 6]) -> Value {
    // Queries, in process and warm, each with facet counts of its whole result set.
    let ix = NewsIndex::open(ix_dir).unwrap();
    let qs = queries(&ix, words);
    let resolved: Vec<(String, Target, Request)> = qs
        .iter()
        .map(|(n, t, p)| (n.clone(), *t, ix.resolve(p, 10).unwrap().0))
        .collect();
    for (_, t, r) in &resolved {
        ix.search(*t, r).unwrap();
    }
    let mut all = Vec::new();
    let mut per_query: Vec<Vec<f64>> = vec![Vec::new(); resolved.len()];
    for _ in 0..20 {
        for (k, (_, t, r)) in resolved.iter().enumerate() {
            let s = Instant::now();
            std::hint::black_box(ix.search(*t, r).unwrap());
            let d = ms(s.elapsed());
            all.push(d);
            per_query[k].push(d);
        }
    }
    all.sort_by(f64::total_cmp);
    // Resolving a one-word name (registry look-up and its variants).
    let one_word = qs[7].2.clone();
    let mut resolve_ms: Vec<f64> = (0..50)
        .map(|_| {
            let s = Instant::now();
            std::hint::black_box(ix.resolve(&one_word, 10).unwrap());
            ms(s.elapsed())
        })
        .collect();
    resolve_ms.sort_by(f64::total_cmp);
    // `newsdex search` as a whole process, with a one-word name filter.
    let person = one_word.person[0].clone();
    let process = |args: &[&str]| -> f64 {
        let mut v: Vec<f64> = (0..10)
            .map(|_| {
                let s = Instant::now();
                let st = Command::new(newsdex)
                    .arg("--index")
                    .arg(ix_dir)
                    .args(args)
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .unwrap();
                assert!(st.success(), "{args:?}");
                ms(s.elapsed())
            })
            .collect();
        v.sort_by(f64::total_cmp);
        percentile(&v, 0.5)
    };
    let search_word = process(&["search", words[0], "--json"]);
    let search_person = process(&["search", words[0], "--person", &person, "--json"]);

    json!({
        "queries": resolved.len(),
        "p50": percentile(&all, 0.5),
        "p95": percentile(&all, 0.95),
        "p99": percentile(&all, 0.99),
        "per_query_p50": resolved.iter().zip(&per_query).map(|((n, _, _), v)| json!([n, median(v)])).collect::<Vec<_>>(),
        "resolve_one_word_ms": percentile(&resolve_ms, 0.5),
        "person": person,
        "process_search_ms": search_word,
        "process_search_person_ms": search_person,
    })
}

fn main() {
    let o = opts();
    if let Some((which, corpus, index)) = &o.baseline {
        return baseline(which, corpus, index, o.threads, o.memory_mb);
    }
    let newsdex = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/newsdex");
    assert!(newsdex.exists(), "build it first: cargo build --release");
    if let Some(dir) = &o.queries_only {
        let words = if o.corpus.is_some() {
            REAL_WORDS
        } else {
            SYNTHETIC_WORDS
        };
        let q = time_queries(&newsdex, dir, &words);
        println!("{q:#}");
        return;
    }
    let me = std::env::current_exe().unwrap();
    let _ = fs::remove_dir_all(&o.dir);
    let corpus = o.dir.join("corpus");
    let (label, words) = match &o.corpus {
        Some(c) => {
            real(c, o.times, &corpus);
            let name = c
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            (format!("{name} x{}", o.times), REAL_WORDS)
        }
        None => {
            synthetic(o.articles, &corpus);
            (
                format!("{} synthetic articles", o.articles),
                SYNTHETIC_WORDS,
            )
        }
    };
    let corpus_bytes = dir_size(&corpus);
    let n_lines: usize = fs::read_dir(&corpus)
        .unwrap()
        .map(|e| {
            BufReader::new(fs::File::open(e.unwrap().path()).unwrap())
                .lines()
                .count()
        })
        .sum();
    eprintln!(
        "{label}: {n_lines} articles, {:.0} MB of JSONL; {} threads, {} MB writer budget, {} rounds",
        corpus_bytes as f64 / 1e6,
        o.threads,
        o.memory_mb,
        o.rounds
    );
    let threads = o.threads.to_string();
    let memory = o.memory_mb.to_string();
    let ix_dir = o.dir.join("index");
    let index_cmd = |ix: &Path| {
        let mut c = Command::new(&newsdex);
        c.arg("--index").arg(ix).args([
            "index",
            "--quiet",
            "--json",
            "--threads",
            &threads,
            "--memory",
            &memory,
        ]);
        c.arg(&corpus);
        c
    };
    let base_cmd = |which: &str, dir: &Path| {
        let mut c = Command::new(&me);
        c.args(["--baseline", which]).arg(&corpus).arg(dir).args([
            "--threads",
            &threads,
            "--memory",
            &memory,
        ]);
        c
    };
    // Alternated rounds: newsdex, default baseline, stemmed baseline.
    let (mut t_new, mut t_plain, mut t_stem) = (Vec::new(), Vec::new(), Vec::new());
    let (mut rss_new, mut rss_plain, mut rss_stem) = (0u64, 0u64, 0u64);
    let (mut ratio_plain, mut ratio_stem, mut registry_share) =
        (Vec::new(), Vec::new(), Vec::new());
    let (plain_dir, stem_dir) = (o.dir.join("plain"), o.dir.join("stemmed"));
    for round in 0..o.rounds {
        let _ = fs::remove_dir_all(&ix_dir);
        let (t, rss, out) = measure(&mut index_cmd(&ix_dir));
        let summary: Value = serde_json::from_str(out.trim()).unwrap_or(Value::Null);
        let reg = summary["registry_seconds"].as_f64().unwrap_or(0.0);
        registry_share.push(reg / t.as_secs_f64());
        let (tp, rp, _) = measure(&mut base_cmd("default", &plain_dir));
        let (ts, rs, _) = measure(&mut base_cmd("stemmed", &stem_dir));
        eprintln!(
            "round {}: newsdex {:.1} s, plain tantivy {:.1} s, stemmed {:.1} s",
            round + 1,
            t.as_secs_f64(),
            tp.as_secs_f64(),
            ts.as_secs_f64()
        );
        ratio_plain.push(t.as_secs_f64() / tp.as_secs_f64());
        ratio_stem.push(t.as_secs_f64() / ts.as_secs_f64());
        t_new.push(t.as_secs_f64());
        t_plain.push(tp.as_secs_f64());
        t_stem.push(ts.as_secs_f64());
        rss_new = rss_new.max(rss);
        rss_plain = rss_plain.max(rp);
        rss_stem = rss_stem.max(rs);
    }
    let (t_again, _, _) = measure(&mut index_cmd(&ix_dir));
    let (size_new, size_plain, size_stem) =
        (dir_size(&ix_dir), dir_size(&plain_dir), dir_size(&stem_dir));

    let q = time_queries(&newsdex, &ix_dir, &words);
    let mb = corpus_bytes as f64 / 1e6;
    let report = json!({
        "corpus": label,
        "articles": n_lines,
        "corpus_mb": mb,
        "threads": o.threads,
        "rounds": o.rounds,
        "newsdex_s": median(&t_new),
        "plain_tantivy_s": median(&t_plain),
        "stemmed_tantivy_s": median(&t_stem),
        "ratio_plain": median(&ratio_plain),
        "ratio_stemmed": median(&ratio_stem),
        "ratios_plain": ratio_plain,
        "registry_share": median(&registry_share),
        "unchanged_rerun_s": t_again.as_secs_f64(),
        "peak_rss_mib": {"newsdex": rss_new >> 20, "plain": rss_plain >> 20, "stemmed": rss_stem >> 20},
        "index_mb": {"newsdex": size_new as f64 / 1e6, "plain": size_plain as f64 / 1e6, "stemmed": size_stem as f64 / 1e6},
        "queries": q,
    });
    if o.json {
        println!("{report}");
        return;
    }
    let row = |name: &str, t: f64, rss: u64, size: u64| {
        println!(
            "| {name:<32} | {t:>8.1} | {:>7.1} | {:>10.0} | {:>8} | {:>8.0} |",
            mb / t,
            n_lines as f64 / t,
            rss >> 20,
            size as f64 / 1e6
        );
    };
    println!("{label}: {n_lines} articles, {mb:.0} MB of JSONL, {} threads; medians of {} alternated rounds\n", o.threads, o.rounds);
    println!("| run                              |   wall s |    MB/s | articles/s | peak MiB | index MB |");
    println!("|---|---|---|---|---|---|");
    row("newsdex index", median(&t_new), rss_new, size_new);
    row(
        "tantivy, default analyzer",
        median(&t_plain),
        rss_plain,
        size_plain,
    );
    row(
        "tantivy, newsdex's analyzer",
        median(&t_stem),
        rss_stem,
        size_stem,
    );
    println!(
        "\nnewsdex / plain tantivy {:.2}x (rounds {:?}), / stemmed tantivy {:.2}x; registry rebuild {:.1}% of the run; unchanged rerun {:.2} s",
        median(&ratio_plain),
        ratio_plain.iter().map(|r| format!("{r:.2}")).collect::<Vec<_>>(),
        median(&ratio_stem),
        100.0 * median(&registry_share),
        t_again.as_secs_f64()
    );
    println!(
        "{} queries x 20, in process, warm, each with facet counts: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms; resolving a one-word name {:.3} ms",
        q["queries"], q["p50"].as_f64().unwrap_or(0.0), q["p95"].as_f64().unwrap_or(0.0),
        q["p99"].as_f64().unwrap_or(0.0), q["resolve_one_word_ms"].as_f64().unwrap_or(0.0)
    );
    for pq in q["per_query_p50"].as_array().into_iter().flatten() {
        println!(
            "  {:<30} {:>8.2} ms",
            pq[0].as_str().unwrap_or(""),
            pq[1].as_f64().unwrap_or(0.0)
        );
    }
    println!(
        "`newsdex search` as a whole process, median of 10: {:.1} ms; with --person {}: {:.1} ms",
        q["process_search_ms"].as_f64().unwrap_or(0.0),
        q["person"].as_str().unwrap_or(""),
        q["process_search_person_ms"].as_f64().unwrap_or(0.0)
    );
}
