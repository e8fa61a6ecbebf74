//! `newsdex serve` end to end: the real binary on a free port over an index of the sample corpus
//! and a hostile article; every endpoint against the CLI's `--json`, every error, paging, export,
//! the queue's limit, and a commit seen while serving.

mod testenv;

use std::collections::BTreeSet;

use serde_json::{json, Value};
use testenv::http::get;
use testenv::server::Served;
use testenv::TestEnv;

const HOSTILE_TITLE: &str = "<img src=x onerror=alert(1)>";

/// The sample corpus with an article whose title and words are markup, indexed.
fn indexed() -> TestEnv {
    let env = TestEnv::with_sample_corpus();
    let hostile = json!({
        "id": "hostile/1 & <b>",
        "title": HOSTILE_TITLE,
        "date": "2019-05-05",
        "source": "Wikinews",
        "body": "Angela Merkel met Emmanuel Macron in Paris on Sunday.\n\n\
                 \"<script>alert(2)</script> is not what we want,\" Merkel said.",
    });
    env.write("corpus/hostile.json", hostile.to_string().as_bytes());
    env.index_corpus();
    env
}

/// A query-string value.
fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A path segment.
fn enc_path(s: &str) -> String {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The CLI's `search`/`quotes --json` as (hits without their `type`, summary).
fn cli_search(env: &TestEnv, args: &[&str]) -> (Vec<Value>, Value) {
    let r = env.run(args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut hits = r.of_type("hit");
    for h in &mut hits {
        h.as_object_mut().unwrap().remove("type");
    }
    (hits, r.of_type("summary").remove(0))
}

#[test]
fn every_endpoint_answers_as_the_cli_does() {
    let env = indexed();
    let s = Served::start(&env.index_dir(), &[]);

    let stats = get(&s.base, "/api/stats");
    assert_eq!(stats.status, 200);
    assert!(stats
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let cli = env.run(["stats", "--json"]);
    assert_eq!(
        stats.json(),
        serde_json::from_str::<Value>(&cli.stdout).unwrap()
    );
    assert_eq!(stats.json()["articles"], 42);

    let api = get(&s.base, "/api/search?q=summit&person=Putin&limit=5").json();
    let (hits, summary) = cli_search(
        &env,
        &[
            "search", "summit", "--person", "Putin", "--limit", "5", "--json",
        ],
    );
    assert!(!hits.is_empty());
    assert_eq!(api["hits"], Value::Array(hits));
    assert_eq!(api["total"], summary["total"]);
    assert_eq!(api["facets"], summary["facets"]);

    let api = get(&s.base, "/api/quotes?speaker=Merkel&kind=direct&sort=date").json();
    let (hits, summary) = cli_search(
        &env,
        &[
            "quotes",
            "--speaker",
            "Merkel",
            "--kind",
            "direct",
            "--sort",
            "date",
            "--json",
        ],
    );
    assert!(!hits.is_empty());
    assert_eq!(api["hits"], Value::Array(hits));
    assert_eq!(api["total"], summary["total"]);

    let api = get(&s.base, "/api/entities?type=speaker&limit=7").json();
    let cli = env.run(["entities", "--type", "speaker", "--limit", "7", "--json"]);
    assert_eq!(api["entities"], Value::Array(cli.json_lines()));
    assert_eq!(api["entities"].as_array().unwrap().len(), 7);

    let api = get(&s.base, "/api/names?name=Merkel").json();
    let cli = env.run(["names", "Merkel", "--json"]);
    assert_eq!(api["entities"], Value::Array(cli.json_lines()));
    assert_eq!(api["entities"][0]["name"], "Angela Merkel");

    // Every article is dated: the months add up to all of them.
    let months = get(&s.base, "/api/timeline").json();
    let sum: u64 = months["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m[1].as_u64().unwrap())
        .sum();
    assert_eq!(sum, 41, "{months}");
    let july = get(&s.base, "/api/timeline?since=2019-07-01&until=2019-07-31").json();
    assert_eq!(july["months"].as_array().unwrap().len(), 1, "{july}");
    assert!(july["months"][0][0] == "2019-07");

    let sources = get(&s.base, "/api/sources").json();
    assert_eq!(sources["sources"], json!([["Wikinews", 41]]));
    let quote_sources = get(&s.base, "/api/sources?target=quotes&speaker=Merkel").json();
    assert!(quote_sources["sources"][0][1].as_u64().unwrap() >= 1);

    let openapi = get(&s.base, "/api/openapi.json").json();
    assert_eq!(openapi["openapi"], "3.0.3");
    assert!(openapi["paths"]["/api/articles/{id}"].is_object());

    let page = get(&s.base, "/?q=ceasefire&person=zelenskyy");
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(page.text().contains("app.js"));
    assert_eq!(get(&s.base, "/app.js").status, 200);
    assert_eq!(get(&s.base, "/style.css").status, 200);
}

#[test]
fn paging_and_export_give_the_whole_result_set_once() {
    let env = indexed();
    let s = Served::start(&env.index_dir(), &[]);
    let q = "/api/search?place=United+States&sort=date";
    let total = get(&s.base, q).json()["total"].as_u64().unwrap() as usize;
    assert!(total > 7, "{total}");
    let mut paged = Vec::new();
    for offset in (0..total + 3).step_by(3) {
        let page = get(&s.base, &format!("{q}&limit=3&offset={offset}")).json();
        assert_eq!(page["total"].as_u64().unwrap() as usize, total);
        assert_eq!(page["offset"].as_u64().unwrap() as usize, offset);
        let hits = page["hits"].as_array().unwrap();
        assert_eq!(hits.len(), 3.min(total.saturating_sub(offset)));
        paged.extend(hits.iter().map(|h| h["id"].as_str().unwrap().to_string()));
    }
    assert_eq!(paged.len(), total);
    assert_eq!(paged.iter().collect::<BTreeSet<_>>().len(), total);

    let jsonl = get(
        &s.base,
        "/api/export?format=jsonl&place=United+States&sort=date",
    );
    assert_eq!(jsonl.status, 200);
    assert!(jsonl
        .header("content-disposition")
        .unwrap()
        .contains("newsdex-articles.jsonl"));
    let lines: Vec<Value> = jsonl
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.iter().all(|l| l["type"] == "hit"));
    let exported: Vec<String> = lines
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(exported, paged);

    let csv = get(
        &s.base,
        "/api/export?format=csv&place=United+States&sort=date",
    );
    assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
    let mut rd = csv::Reader::from_reader(csv.body.as_slice());
    assert_eq!(
        rd.headers().unwrap().iter().collect::<Vec<_>>(),
        ["id", "date", "source", "title", "url", "path", "snippet"]
    );
    let ids: Vec<String> = rd.records().map(|r| r.unwrap()[0].to_string()).collect();
    assert_eq!(ids, paged);

    // Quotes: more than one export page's worth is not needed to see all of them come back.
    let all_quotes = get(&s.base, "/api/quotes?limit=0").json()["total"]
        .as_u64()
        .unwrap();
    let csv = get(&s.base, "/api/export?format=csv&target=quotes");
    let n = csv::Reader::from_reader(csv.body.as_slice())
        .records()
        .count();
    assert_eq!(n as u64, all_quotes);
}

#[test]
fn errors_are_json_and_name_the_parameter() {
    let env = indexed();
    let s = Served::start(&env.index_dir(), &[]);
    let long_q = format!("/api/search?q={}", "a".repeat(1001));
    // (path, status, parameter named)
    let table: Vec<(&str, u16, Option<&str>)> = vec![
        ("/api/search?since=yesterday", 400, Some("since")),
        (
            "/api/search?since=2019-05-01&until=2019-01-01",
            400,
            Some("since"),
        ),
        ("/api/search?person=Nobody+Atall", 400, Some("person")),
        ("/api/search?limit=1000", 400, Some("limit")),
        ("/api/search?limit=-1", 400, Some("limit")),
        ("/api/search?offset=99999", 400, Some("offset")),
        ("/api/search?sort=best", 400, Some("sort")),
        ("/api/search?colour=red", 400, Some("colour")),
        ("/api/search?q=a&q=b", 400, Some("q")),
        (&long_q, 400, Some("q")),
        ("/api/search?kind=direct", 400, Some("kind")),
        ("/api/quotes?kind=shouted", 400, Some("kind")),
        ("/api/entities?type=animal", 400, Some("type")),
        ("/api/export?format=xml", 400, Some("format")),
        ("/api/timeline?target=files", 400, Some("target")),
        ("/api/stats?x=1", 400, Some("x")),
        ("/api/articles/no-such-article", 404, Some("id")),
        ("/api/names?name=Nobody+Atall", 404, Some("name")),
        ("/api/nothing", 404, None),
        ("/../../etc/passwd", 404, None),
    ];
    for (path, status, param) in table {
        let a = get(&s.base, path);
        assert_eq!(a.status, status, "{path}: {}", a.text());
        let body = a.json();
        assert!(body["error"].is_string(), "{path}: {body}");
        assert_eq!(body["param"].as_str(), param, "{path}: {body}");
    }
    let post = testenv::http::request(&s.base, "POST", "/api/search", Some("{}"));
    assert_eq!(post.status, 405);
    // A bad parameter's message says what is wrong with it.
    let a = get(&s.base, "/api/search?person=Merkell").json();
    assert!(a["error"].as_str().unwrap().contains("Merkel"), "{a}");
}

#[test]
fn an_article_comes_with_its_spans_and_markup_stays_text() {
    let env = indexed();
    let s = Served::start(&env.index_dir(), &[]);
    let found = get(&s.base, &format!("/api/search?q={}", enc("onerror"))).json();
    let hit = &found["hits"][0];
    assert_eq!(hit["title"], HOSTILE_TITLE);
    let id = hit["id"].as_str().unwrap();
    assert_eq!(id, "hostile/1 & <b>");

    let a = get(&s.base, &format!("/api/articles/{}", enc_path(id)));
    assert_eq!(a.status, 200);
    let a = a.json();
    assert_eq!(a["title"], HOSTILE_TITLE);
    let body = a["body"].as_str().unwrap();
    assert!(body.contains("<script>alert(2)</script>"));
    let ents = a["entities"].as_array().unwrap();
    assert!(
        ents.iter()
            .any(|e| e["name"] == "Angela Merkel" && e["type"] == "person"),
        "{a}"
    );
    for e in ents {
        let text = if e["field"] == "title" {
            a["title"].as_str().unwrap()
        } else {
            body
        };
        let (s0, s1) = (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s0..s1], e["text"].as_str().unwrap());
    }
    let quotes = a["quotes"].as_array().unwrap();
    assert!(!quotes.is_empty(), "{a}");
    for q in quotes {
        let (s0, s1) = (
            q["start"].as_u64().unwrap() as usize,
            q["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&body[s0..s1], q["text"].as_str().unwrap());
    }
    assert!(
        quotes.iter().any(|q| q["speaker"] == "Angela Merkel"),
        "{a}"
    );

    // The page puts data in the document as text only, and says so to the browser too.
    let js = get(&s.base, "/app.js").text();
    for sink in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
    ] {
        assert!(!js.contains(sink), "app.js uses {sink}");
    }
    let page = get(&s.base, "/");
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'"), "{csp}");
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
}

#[test]
fn a_full_queue_is_answered_503_at_once() {
    let env = indexed();
    let s = Served::start(&env.index_dir(), &["--workers", "1", "--queue", "0"]);
    let mut saw_busy = false;
    // One worker and no queue: of many requests at once some find the worker busy.
    for _ in 0..5 {
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(24));
        let threads: Vec<_> = (0..24)
            .map(|_| {
                let (base, barrier) = (s.base.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    get(&base, "/api/export?format=csv&target=quotes")
                })
            })
            .collect();
        for t in threads {
            let a = t.join().unwrap();
            match a.status {
                200 => {}
                503 => {
                    saw_busy = true;
                    assert_eq!(a.header("retry-after"), Some("1"));
                    assert!(a.json()["error"].is_string());
                }
                other => panic!("status {other}: {}", a.text()),
            }
        }
        if saw_busy {
            break;
        }
    }
    assert!(saw_busy, "no request was refused");
    // And the server still answers afterwards, once its one worker is free again (on a loaded
    // machine it may still be busy with the burst's last export).
    let mut status = 0;
    for _ in 0..50 {
        status = get(&s.base, "/api/stats").status;
        if status != 503 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert_eq!(status, 200);
}

#[test]
fn it_sees_what_an_index_run_beside_it_commits() {
    let env = indexed();
    let s = Served::start(&env.index_dir(), &[]);
    assert_eq!(get(&s.base, "/api/stats").json()["articles"], 42);
    let late = json!({
        "id": "late-1",
        "title": "Late news",
        "date": "2019-12-30",
        "body": "Jacinda Ardern spoke in Wellington about the floods.",
    });
    env.write("corpus/late.json", late.to_string().as_bytes());
    env.index_corpus();
    let mut seen = false;
    for _ in 0..50 {
        if get(&s.base, "/api/stats").json()["articles"] == 43 {
            seen = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(seen, "the new article never showed");
    let a = get(&s.base, "/api/search?q=floods&person=Ardern").json();
    assert_eq!(a["hits"][0]["id"], "late-1", "{a}");
}

#[test]
fn it_warns_when_not_on_loopback() {
    use std::io::{BufRead, BufReader, Read};
    let env = indexed();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .arg("--index")
        .arg(env.index_dir())
        .args(["serve", "--addr", "0.0.0.0:0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(line.starts_with("http://0.0.0.0:"), "{line}");
    assert!(
        err.contains("warning") && err.contains("not on loopback"),
        "{err}"
    );

    let env2 = indexed();
    let quiet = Served::start(&env2.index_dir(), &[]);
    assert!(quiet.base.starts_with("http://127.0.0.1:"));
}
