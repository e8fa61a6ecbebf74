//! Load on `newsdex serve`: N clients, each sending the bench harness's kinds of faceted
//! searches one after another over HTTP for a fixed time, against an index built before;
//! prints latency percentiles, errors, requests per second and the server's memory over the
//! run.
//!
//! ```sh
//! cargo build --release
//! target/release/newsdex --index /tmp/big index /path/to/corpus
//! cargo run --release --example serve_load -- --index /tmp/big --clients 8 --seconds 30
//! ```
//!
//! `--workers N` is passed to `newsdex serve`. The names in the queries are the index's own most frequent ones, asked of `/api/entities`;
//! the words are the Reuters words of `examples/bench.rs` (`--words synthetic` for the
//! generated corpus's).

#[path = "../tests/testenv/http.rs"]
mod http;
#[path = "common/words.rs"]
mod words;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;
use words::{REAL_WORDS, SYNTHETIC_WORDS};

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

fn top(base: &str, kind: &str, n: usize) -> Vec<String> {
    let a = http::get(base, &format!("/api/entities?type={kind}&limit={n}")).json();
    a["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

/// The harness's 21 queries as API paths.
fn queries(base: &str, words: &[&str; 6]) -> Vec<(String, String)> {
    let people = top(base, "person", 3);
    let places = top(base, "place", 3);
    let orgs = top(base, "org", 2);
    let speakers = top(base, "speaker", 2);
    let last = |s: &String| s.rsplit(' ').next().unwrap_or(s).to_lowercase();
    let [w1, w2, phrase, either, not, title] = *words;
    let s = |q: &str| format!("/api/search?limit=10&{q}");
    let qs = |q: &str| format!("/api/quotes?limit=10&{q}");
    vec![
        ("word", s(&format!("q={}", enc(w1)))),
        ("two words", s(&format!("q={}", enc(&format!("{w1} {w2}"))))),
        ("phrase", s(&format!("q={}", enc(phrase)))),
        ("OR", s(&format!("q={}", enc(either)))),
        ("NOT", s(&format!("q={}", enc(not)))),
        ("title field", s(&format!("q={}", enc(title)))),
        ("all articles", s("")),
        (
            "person (one word)",
            s(&format!("person={}", enc(&last(&people[0])))),
        ),
        (
            "person + word",
            s(&format!("q={}&person={}", enc(w1), enc(&people[1]))),
        ),
        (
            "two people",
            s(&format!(
                "person={}&person={}",
                enc(&people[0]),
                enc(&people[2])
            )),
        ),
        ("place", s(&format!("place={}", enc(&places[0])))),
        (
            "person + place + word",
            s(&format!(
                "q={}&person={}&place={}",
                enc(w2),
                enc(&people[0]),
                enc(&places[1])
            )),
        ),
        ("org", s(&format!("org={}", enc(&orgs[0])))),
        ("speaker", s(&format!("speaker={}", enc(&speakers[0])))),
        (
            "place, by date",
            s(&format!("place={}&sort=date", enc(&places[2]))),
        ),
        (
            "date range",
            s(&format!("q={}&since=2007-01-01&until=2007-12-31", enc(w1))),
        ),
        (
            "quotes --speaker (one word)",
            qs(&format!("speaker={}", enc(&last(&speakers[0])))),
        ),
        (
            "quotes word + speaker",
            qs(&format!("q={}&speaker={}", enc(w1), enc(&speakers[1]))),
        ),
        ("quotes word", qs(&format!("q={}", enc(w2)))),
        (
            "page 6 of a common word",
            s(&format!("q={}&offset=50", enc(w1))),
        ),
        ("timeline of a word", format!("/api/timeline?q={}", enc(w1))),
    ]
    .into_iter()
    .map(|(n, p)| (n.to_string(), p))
    .collect()
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn main() {
    let mut index = None;
    let mut clients = 8usize;
    let mut seconds = 30u64;
    let mut words = REAL_WORDS;
    let mut workers: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().expect("a value");
        match a.as_str() {
            "--index" => index = Some(PathBuf::from(val())),
            "--clients" => clients = val().parse().expect("--clients N"),
            "--seconds" => seconds = val().parse().expect("--seconds S"),
            "--workers" => workers = Some(val()),
            "--words" => {
                if val() == "synthetic" {
                    words = SYNTHETIC_WORDS
                }
            }
            other => panic!("unknown argument {other}"),
        }
    }
    let index = index.expect("--index DIR");
    let newsdex = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/newsdex");
    assert!(newsdex.exists(), "build it first: cargo build --release");
    let mut server = Command::new(&newsdex)
        .arg("--index")
        .arg(&index)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(workers.iter().flat_map(|w| ["--workers", w.as_str()]))
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = server.id();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line.trim().trim_end_matches('/').to_string();
    let qs = Arc::new(queries(&base, &words));
    // Warm: every query once.
    for (name, path) in qs.iter() {
        let a = http::get(&base, path);
        assert_eq!(a.status, 200, "{name}: {path}: {}", a.text());
    }
    let rss_start = rss_kib(pid);
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let handles: Vec<_> = (0..clients)
        .map(|c| {
            let (qs, stop, base) = (qs.clone(), stop.clone(), base.clone());
            std::thread::spawn(move || {
                let mut lat: Vec<(usize, f64)> = Vec::new();
                let mut errors = 0u64;
                let mut k = c;
                while !stop.load(Ordering::Relaxed) {
                    let (_, path) = &qs[k % qs.len()];
                    let t = Instant::now();
                    let a = http::get(&base, path);
                    lat.push((k % qs.len(), t.elapsed().as_secs_f64() * 1e3));
                    if a.status != 200 {
                        errors += 1;
                    }
                    k += 1;
                }
                (lat, errors)
            })
        })
        .collect();
    let mut rss = vec![rss_start];
    while start.elapsed() < Duration::from_secs(seconds) {
        std::thread::sleep(Duration::from_secs(1));
        rss.push(rss_kib(pid));
    }
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    let mut errors = 0;
    for h in handles {
        let (l, e) = h.join().unwrap();
        all.extend(l);
        errors += e;
    }
    let wall = start.elapsed().as_secs_f64();
    let _ = server.kill();
    let _ = server.wait();
    let mut per_query: Vec<Vec<f64>> = vec![Vec::new(); qs.len()];
    for &(q, ms) in &all {
        per_query[q].push(ms);
    }
    let per_query: serde_json::Map<String, serde_json::Value> = qs
        .iter()
        .zip(per_query.iter_mut())
        .map(|((name, _), l)| {
            l.sort_by(f64::total_cmp);
            (
                name.clone(),
                json!({"p50_ms": pct(l, 0.5), "p99_ms": pct(l, 0.99)}),
            )
        })
        .collect();
    let mut all: Vec<f64> = all.into_iter().map(|(_, ms)| ms).collect();
    all.sort_by(f64::total_cmp);
    let mib = |k: u64| k as f64 / 1024.0;
    let out = json!({
        "clients": clients,
        "seconds": wall,
        "queries": qs.len(),
        "requests": all.len(),
        "errors": errors,
        "req_per_s": all.len() as f64 / wall,
        "p50_ms": pct(&all, 0.50),
        "p95_ms": pct(&all, 0.95),
        "p99_ms": pct(&all, 0.99),
        "max_ms": all.last().copied().unwrap_or(0.0),
        "rss_mib_start": mib(rss_start),
        "rss_mib_end": mib(*rss.last().unwrap()),
        "rss_mib_max": mib(*rss.iter().max().unwrap()),
        "per_query": per_query,
    });
    println!("{out:#}");
}
