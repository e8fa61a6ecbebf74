//! The archive-scale benchmark: generates a deterministic corpus from `sample-corpus/`, indexes
//! it with `newsdex index` and with a plain tantivy baseline (same text, same writer settings,
//! no enrichment), times a fixed list of queries, and prints one table.
//!
//! ```sh
//! cargo run --release --example bench -- --articles 100000
//! ```

use std::fs;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use newsdex::facet::FacetKind;
use newsdex::index::NewsIndex;
use newsdex::ingest::{self, Item};
use newsdex::query::{Params, Request, SortBy, Target};
use newsdex::train::Rng;
use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{doc, Index};

struct Opts {
    articles: usize,
    dir: PathBuf,
    threads: usize,
    memory_mb: usize,
    baseline: Option<(PathBuf, PathBuf)>,
}

fn opts() -> Opts {
    let mut o = Opts {
        articles: 100_000,
        dir: std::env::temp_dir().join("newsdex-bench"),
        threads: std::thread::available_parallelism().map_or(2, |n| n.get()),
        memory_mb: 256,
        baseline: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| panic!("{a} needs a value"));
        match a.as_str() {
            "--articles" => o.articles = val().parse().expect("--articles N"),
            "--dir" => o.dir = val().into(),
            "--threads" => o.threads = val().parse().expect("--threads N"),
            "--memory" => o.memory_mb = val().parse().expect("--memory MB"),
            // Internal: run the baseline indexer in this process (so its memory is its own).
            "--baseline" => o.baseline = Some((val().into(), val().into())),
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

/// Writes `n` articles as JSONL (1,000 a file) and as a tree of JSON files; returns bytes of body text.
fn generate(n: usize, dir: &Path) -> u64 {
    let (paras, titles) = pool();
    let mut rng = Rng(0x5eed);
    let (jsonl, tree) = (dir.join("jsonl"), dir.join("tree"));
    let _ = fs::remove_dir_all(&jsonl);
    let _ = fs::remove_dir_all(&tree);
    for e in fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.file_name().to_string_lossy().starts_with("generated-") {
            let _ = fs::remove_file(e.path());
        }
    }
    fs::create_dir_all(&jsonl).unwrap();
    let mut bytes = 0u64;
    let mut out: Option<BufWriter<fs::File>> = None;
    let start = time::Date::from_calendar_date(2005, time::Month::January, 1).unwrap();
    for i in 0..n {
        if i % 1000 == 0 {
            out = Some(BufWriter::new(
                fs::File::create(jsonl.join(format!("part-{:05}.jsonl", i / 1000))).unwrap(),
            ));
        }
        let k = 6 + rng.below(14);
        let body: Vec<&str> = (0..k)
            .map(|_| paras[rng.below(paras.len())].as_str())
            .collect();
        let body = body.join("\n\n");
        bytes += body.len() as u64;
        let date = start + time::Duration::days(rng.below(20 * 365) as i64);
        let article = serde_json::json!({
            "id": format!("bench-{i}"),
            "title": format!("{} ({i})", titles[rng.below(titles.len())]),
            "date": date.to_string(),
            "source": SOURCES[rng.below(SOURCES.len())],
            "body": body,
        });
        let line = article.to_string();
        let w = out.as_mut().unwrap();
        writeln!(w, "{line}").unwrap();
        let sub = tree.join(format!("{}/{:02}", date.year(), date.month() as u8));
        fs::create_dir_all(&sub).unwrap();
        fs::write(sub.join(format!("bench-{i}.json")), line).unwrap();
    }
    bytes
}

/// The plain tantivy baseline: the same title and body text, analyzer and writer settings;
/// no enrichment, no quote documents.
fn baseline(corpus: &Path, index_dir: &Path, threads: usize, memory_mb: usize) {
    let _ = fs::remove_dir_all(index_dir);
    fs::create_dir_all(index_dir).unwrap();
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("newsdex")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let id = b.add_text_field("id", STRING | STORED);
    let title = b.add_text_field("title", text.clone());
    let body = b.add_text_field("body", text);
    let index = Index::create_in_dir(index_dir, b.build()).unwrap();
    index.tokenizers().register(
        "newsdex",
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
            let v: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
            w.add_document(doc!(
                id => v["id"].as_str().unwrap(),
                title => v["title"].as_str().unwrap(),
                body => v["body"].as_str().unwrap(),
            ))
            .unwrap();
        }
    }
    w.commit().unwrap();
    w.wait_merging_threads().unwrap();
}

/// Runs a command, polling its peak resident memory (VmHWM) until it exits.
fn measure(cmd: &mut Command) -> (Duration, u64) {
    let t = Instant::now();
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    loop {
        if let Ok(s) = fs::read_to_string(&status) {
            if let Some(kb) = s.lines().find_map(|l| l.strip_prefix("VmHWM:")) {
                peak = peak.max(
                    kb.trim()
                        .trim_end_matches(" kB")
                        .trim()
                        .parse::<u64>()
                        .unwrap_or(0)
                        * 1024,
                );
            }
        }
        if let Some(st) = child.try_wait().unwrap() {
            assert!(st.success() || st.code() == Some(3), "{cmd:?} failed: {st}");
            return (t.elapsed(), peak);
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

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1e3
}

fn main() {
    let o = opts();
    if let Some((corpus, index)) = &o.baseline {
        return baseline(corpus, index, o.threads, o.memory_mb);
    }
    let newsdex = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/newsdex");
    assert!(newsdex.exists(), "build it first: cargo build --release");
    let me = std::env::current_exe().unwrap();
    fs::create_dir_all(&o.dir).unwrap();
    println!(
        "generating {} articles in {} ...",
        o.articles,
        o.dir.display()
    );
    let text_bytes = generate(o.articles, &o.dir);
    let corpus = o.dir.join("jsonl");
    let corpus_bytes = dir_size(&corpus);
    let mb = corpus_bytes as f64 / 1e6;
    println!(
        "{:.0} MB of JSONL ({:.0} MB of body text); {} threads, {} MB writer budget\n",
        mb,
        text_bytes as f64 / 1e6,
        o.threads,
        o.memory_mb
    );

    let (ix_dir, base_dir) = (o.dir.join("index"), o.dir.join("baseline"));
    let _ = fs::remove_dir_all(&ix_dir);
    let threads = o.threads.to_string();
    let memory = o.memory_mb.to_string();
    let index_cmd = |root: &Path, ix: &Path| {
        let mut c = Command::new(&newsdex);
        c.arg("--index")
            .arg(ix)
            .args([
                "index",
                "--quiet",
                "--threads",
                &threads,
                "--memory",
                &memory,
            ])
            .arg(root);
        c
    };
    let (t_new, rss_new) = measure(&mut index_cmd(&corpus, &ix_dir));
    let (t_base, rss_base) = measure(
        Command::new(&me)
            .args(["--baseline"])
            .arg(&corpus)
            .arg(&base_dir)
            .args(["--threads", &threads, "--memory", &memory]),
    );
    let (t_again, _) = measure(&mut index_cmd(&corpus, &ix_dir));
    let tree_ix = o.dir.join("index-tree");
    let _ = fs::remove_dir_all(&tree_ix);
    let (t_tree, rss_tree) = measure(&mut index_cmd(&o.dir.join("tree"), &tree_ix));
    let (size_new, size_base) = (dir_size(&ix_dir), dir_size(&base_dir));

    let n = o.articles as f64;
    let row = |name: &str, t: Duration, rss: u64, size: Option<u64>| {
        println!(
            "| {name:<28} | {:>8.1} | {:>7.1} | {:>10.0} | {:>8.0} | {:>9} |",
            t.as_secs_f64(),
            mb / t.as_secs_f64(),
            n / t.as_secs_f64(),
            rss as f64 / (1 << 20) as f64,
            size.map_or("-".to_string(), |s| format!("{:.0}", s as f64 / 1e6)),
        )
    };
    println!("| run                          |   wall s |    MB/s | articles/s | peak RSS MiB | index MB |");
    println!("|---|---|---|---|---|---|");
    row("newsdex index (JSONL)", t_new, rss_new, Some(size_new));
    row(
        "tantivy baseline (JSONL)",
        t_base,
        rss_base,
        Some(size_base),
    );
    row(
        "newsdex index (JSON tree)",
        t_tree,
        rss_tree,
        Some(dir_size(&tree_ix)),
    );
    row("newsdex index, unchanged rerun", t_again, 0, None);
    println!(
        "\nnewsdex / baseline: time {:.2}x, index size {:.2}x; unchanged rerun {:.1}% of the first run\n",
        t_new.as_secs_f64() / t_base.as_secs_f64(),
        size_new as f64 / size_base as f64,
        100.0 * t_again.as_secs_f64() / t_new.as_secs_f64()
    );

    // Queries, in process and warm.
    let ix = NewsIndex::open(&ix_dir).unwrap();
    let top = |kind: &str, k: usize| -> Vec<String> {
        ix.facet_counts(
            Target::Articles,
            FacetKind::parse(kind).unwrap(),
            &Request::default(),
            k,
        )
        .unwrap()
        .into_iter()
        .map(|n| n.name)
        .collect()
    };
    let (people, places, orgs, speakers) = (
        top("person", 3),
        top("place", 3),
        top("org", 2),
        top("speaker", 2),
    );
    let date = |s: &str| newsdex::query::parse_query_date("since", s).unwrap();
    let req = |text: Option<&str>, facets: Vec<(&'static str, Vec<String>)>| {
        let mut p = Params {
            q: text.map(String::from),
            limit: Some(10),
            ..Params::default()
        };
        for (kind, names) in facets {
            let list = match kind {
                "person" => &mut p.person,
                "place" => &mut p.place,
                "org" => &mut p.org,
                _ => &mut p.speaker,
            };
            list.extend(names);
        }
        ix.resolve(&p, 10).unwrap().0
    };
    let mut from_source = req(Some("police"), vec![]);
    from_source.source = Some("Globe".into());
    let mut queries: Vec<(&str, Target, Request)> = vec![
        ("word", Target::Articles, req(Some("ceasefire"), vec![])),
        (
            "two words",
            Target::Articles,
            req(Some("summit meeting"), vec![]),
        ),
        (
            "phrase",
            Target::Articles,
            req(Some("\"air raid\""), vec![]),
        ),
        (
            "OR",
            Target::Articles,
            req(Some("protest OR rally"), vec![]),
        ),
        (
            "NOT",
            Target::Articles,
            req(Some("election -trump"), vec![]),
        ),
        (
            "title field",
            Target::Articles,
            req(Some("title:fire"), vec![]),
        ),
        (
            "person",
            Target::Articles,
            req(None, vec![("person", vec![people[0].clone()])]),
        ),
        (
            "person + word",
            Target::Articles,
            req(Some("deal"), vec![("person", vec![people[1].clone()])]),
        ),
        (
            "two people",
            Target::Articles,
            req(
                None,
                vec![
                    ("person", vec![people[0].clone()]),
                    ("person", vec![people[2].clone()]),
                ],
            ),
        ),
        (
            "place",
            Target::Articles,
            req(None, vec![("place", vec![places[0].clone()])]),
        ),
        (
            "person + place",
            Target::Articles,
            req(
                Some("ceasefire"),
                vec![
                    ("person", vec![people[0].clone()]),
                    ("place", vec![places[1].clone()]),
                ],
            ),
        ),
        (
            "org",
            Target::Articles,
            req(None, vec![("org", vec![orgs[0].clone()])]),
        ),
        (
            "speaker",
            Target::Articles,
            req(None, vec![("speaker", vec![speakers[0].clone()])]),
        ),
        ("source", Target::Articles, from_source),
        (
            "quotes --speaker",
            Target::Quotes,
            req(None, vec![("speaker", vec![speakers[0].clone()])]),
        ),
        (
            "quotes word + speaker",
            Target::Quotes,
            req(Some("deal"), vec![("speaker", vec![speakers[1].clone()])]),
        ),
        ("quotes word", Target::Quotes, req(Some("moscow"), vec![])),
    ];
    let mut dated = req(Some("fire"), vec![]);
    dated.since = Some(date("2010-01-01"));
    dated.until = Some(date("2012-12-31"));
    queries.push(("date range", Target::Articles, dated.clone()));
    dated.sort = SortBy::Date;
    queries.push(("date range, by date", Target::Articles, dated));
    let mut by_date = req(None, vec![("place", vec![places[2].clone()])]);
    by_date.sort = SortBy::Date;
    queries.push(("place, by date", Target::Articles, by_date));
    let mut paged = req(Some("said"), vec![]);
    paged.offset = 50;
    queries.push(("page 6 of a common word", Target::Articles, paged));

    for (_, t, r) in &queries {
        ix.search(*t, r).unwrap();
    }
    let mut all = Vec::new();
    for _ in 0..20 {
        for (_, t, r) in &queries {
            let s = Instant::now();
            std::hint::black_box(ix.search(*t, r).unwrap());
            all.push(s.elapsed());
        }
    }
    let facet_s = Instant::now();
    for _ in 0..20 {
        std::hint::black_box(
            ix.facet_counts(Target::Articles, FacetKind::Person, &Request::default(), 20)
                .unwrap(),
        );
    }
    let facet_ms = facet_s.elapsed().as_secs_f64() * 1e3 / 20.0;
    if std::env::var_os("BENCH_VERBOSE").is_some() {
        for (k, (name, _, _)) in queries.iter().enumerate() {
            let mut v: Vec<Duration> = all.iter().skip(k).step_by(queries.len()).copied().collect();
            v.sort();
            println!("  {name:<26} {:>8.2} ms", percentile(&v, 0.5));
        }
    }
    all.sort();
    println!(
        "{} queries x 20, in process, warm: p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms (each with facet counts); `entities` over all articles {:.1} ms",
        queries.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.95),
        percentile(&all, 0.99),
        facet_ms
    );

    let mut proc_times: Vec<Duration> = (0..10)
        .map(|_| {
            let s = Instant::now();
            let st = Command::new(&newsdex)
                .arg("--index")
                .arg(&ix_dir)
                .args(["search", "ceasefire", "--person", &people[0], "--json"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .unwrap();
            assert!(st.success());
            s.elapsed()
        })
        .collect();
    proc_times.sort();
    println!(
        "`newsdex search ceasefire --person ...` as a whole process: median {:.1} ms of 10",
        percentile(&proc_times, 0.5)
    );
}
