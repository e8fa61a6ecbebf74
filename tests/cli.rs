//! End-to-end tests: the real binary on a temporary copy of `sample-corpus/`, its `--json`
//! output parsed back.

mod testenv;

use serde_json::Value;
use testenv::TestEnv;

#[test]
fn quotes_by_speaker_surname() {
    let env = TestEnv::with_sample_corpus();
    env.index_corpus();
    let r = env.run(["quotes", "--speaker", "putin", "--json", "--limit", "100"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let quotes = r.of_type("hit");
    let moscow = quotes
        .iter()
        .find(|q| q["snippet"] == "Next time in Moscow?")
        .expect("the Moscow quote");
    assert_eq!(moscow["speaker"], "Vladimir Putin");
    assert_eq!(
        moscow["path"].as_str().unwrap().rsplit('/').next(),
        Some("anchorage-summit.txt")
    );
    assert!(quotes.iter().all(|q| q["speaker"] == "Vladimir Putin"));
    let summary = &r.of_type("summary")[0];
    assert_eq!(summary["total"].as_u64().unwrap() as usize, quotes.len());
}

#[test]
fn search_by_person_and_place_finds_the_seed_article() {
    let env = TestEnv::with_sample_corpus();
    env.index_corpus();
    let r = env.run([
        "search",
        "--person",
        "zelenskyy",
        "--place",
        "alaska",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let hits = r.of_type("hit");
    assert_eq!(hits.len(), 1, "{}", r.stdout);
    assert_eq!(hits[0]["title"], "anchorage-summit");
    // The seed article is a text file: no date or source, an id of its own, a snippet of it.
    let hit = &hits[0];
    assert!(hit["id"].as_str().is_some_and(|s| !s.is_empty()), "{hit}");
    assert!(
        hit["path"]
            .as_str()
            .is_some_and(|p| p.ends_with("anchorage-summit.txt")),
        "{hit}"
    );
    assert!(
        hit["snippet"]
            .as_str()
            .is_some_and(|s| s.contains("ceasefire") || s.len() > 100),
        "{hit}"
    );
    assert!(hit["date"].is_null() && hit["source"].is_null(), "{hit}");
    let facets = &r.of_type("summary")[0]["facets"];
    let people: Vec<&str> = facets["person"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p[0].as_str().unwrap())
        .collect();
    assert!(
        people.contains(&"Volodymyr Zelensky") && people.contains(&"Vladimir Putin"),
        "{people:?}"
    );

    // Words, a phrase and a date range narrow the same way.
    let r = env.run(["search", "\"air raid\" ceasefire", "--json"]);
    assert_eq!(r.of_type("hit").len(), 1, "{}", r.stdout);
    let r = env.run([
        "search",
        "--since",
        "2019-09-01",
        "--until",
        "2019-09-30",
        "--sort",
        "date",
        "--json",
        "--limit",
        "50",
    ]);
    let dates: Vec<String> = r
        .of_type("hit")
        .iter()
        .map(|h| h["date"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !dates.is_empty() && dates.iter().all(|d| d.starts_with("2019-09")),
        "{dates:?}"
    );
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
}

#[test]
fn reindexing_replaces_instead_of_duplicating() {
    let env = TestEnv::with_sample_corpus();
    let first = env.index_corpus();
    assert_eq!(first["indexed"], 41);
    assert_eq!(first["replaced"], 0);
    let unchanged = env.index_corpus();
    assert_eq!(
        unchanged["indexed"], 0,
        "unchanged files are not read again"
    );
    assert_eq!(unchanged["unchanged_files"], 41);
    // The same articles from other files (a second copy of the archive) replace the first.
    std::fs::rename(env.corpus(), env.path("moved")).unwrap();
    let r = env.run(["index", "--json", "--quiet", "moved"]);
    let second: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(second["indexed"], 41);
    assert_eq!(second["replaced"], 41);
    let stats: Value = serde_json::from_str(env.run(["stats", "--json"]).stdout.trim()).unwrap();
    assert_eq!(stats["articles"], 41);
    assert_eq!(stats["quotes"], first["quotes"]);
    for key in ["articles", "quotes", "entities", "speakers", "bytes"] {
        assert!(
            stats[key].as_u64().is_some_and(|n| n > 0),
            "stats {key}: {stats}"
        );
    }
    assert_eq!(stats["last_date"], "2019-12-14");
    assert_eq!(stats["first_date"], "2019-01-04");
    // The seed article's "Zelenskyy" and two other articles' "Zelensky" are one person.
    let r = env.run(["search", "--person", "zelenskyy", "--json"]);
    assert_eq!(r.of_type("hit").len(), 3);
}

#[test]
fn each_bad_input_warns_names_the_file_and_the_rest_goes_on() {
    let env = TestEnv::empty();
    env.write(
        "in/good.json",
        br#"{"id": "g1", "title": "Good", "body": "Angela Merkel visited Paris on Monday."}"#,
    );
    env.write("in/lines.jsonl", b"{\"id\": \"l1\", \"body\": \"One line.\"}\n{broken\n{\"id\": \"l3\", \"title\": \"No body\"}\n");
    env.write("in/latin1.txt", b"Caf\xe9 story\nA body in Latin-1.");
    env.write("in/empty.md", b"");
    env.write("in/binary.json", b"{\"body\": \"\x00\x01\x02\"}");
    env.write("in/big.txt", &[b'a'; 5000]);
    let r = env.run(
        ["index", "--json", "--max-file-size", "4K"]
            .iter()
            .map(|s| s.to_string())
            .chain([env.path("in").display().to_string()]),
    );
    assert_eq!(r.code, 3, "exit 3 when something was skipped: {}", r.stderr);
    for needle in [
        "lines.jsonl:2: malformed JSON",
        "lines.jsonl:3: no body",
        "latin1.txt:1: invalid UTF-8",
        "empty.md: empty file",
        "binary.json:1: binary file",
        "big.txt: larger than the 4096-byte limit",
    ] {
        assert!(
            r.stderr.contains(needle),
            "no warning {needle:?} in:\n{}",
            r.stderr
        );
    }
    let summary: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(summary["indexed"], 2);
    assert_eq!(summary["skipped"], 6);
    assert_eq!(summary["skipped_by_reason"]["malformed JSON"], 1);
    let r = env.run(["search", "merkel", "--json"]);
    assert_eq!(r.of_type("hit").len(), 1);
}

#[test]
fn a_dump_over_the_size_limit_is_read_and_repeated_warnings_are_summed_up() {
    let env = TestEnv::empty();
    let mut dump = String::new();
    for i in 0..200 {
        dump.push_str(&format!(
            "{{\"id\": \"a{i}\", \"body\": \"Angela Merkel spoke in Paris on day {i}.\"}}\n"
        ));
    }
    for i in 0..12 {
        dump.push_str(&format!("{{\"id\": \"e{i}\", \"title\": \"Empty\"}}\n"));
    }
    for i in 0..5 {
        dump.push_str(&format!(
            "{{\"id\": \"d{i}\", \"body\": \"Text.\", \"date\": \"someday {i}\"}}\n"
        ));
    }
    dump.push_str(&format!(
        "{{\"id\": \"huge\", \"body\": \"{}\"}}\n",
        "x ".repeat(3000)
    ));
    // The file is several times the limit; only its one long line is over it.
    assert!(dump.len() > 4 * 4096);
    env.write("dump.jsonl", dump.as_bytes());
    let r = env.run(["index", "--json", "--max-file-size", "4K", "dump.jsonl"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let summary: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(summary["indexed"], 205, "{summary}");
    assert_eq!(summary["skipped_by_reason"]["no body"], 12);
    assert_eq!(summary["skipped_by_reason"]["too large"], 1, "{summary}");
    assert_eq!(summary["warnings"], 5);
    // The first three of a kind are shown with their line, the rest counted once with the file.
    let shown = |needle: &str| r.stderr.lines().filter(|l| l.contains(needle)).count();
    assert_eq!(shown(": no body"), 3, "{}", r.stderr);
    assert_eq!(shown("\" not understood"), 3, "{}", r.stderr);
    assert!(r.stderr.contains("dump.jsonl:201: no body"), "{}", r.stderr);
    assert!(
        r.stderr.contains("dump.jsonl: 9 more of \"no body\""),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("dump.jsonl: 2 more of \"date"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("dump.jsonl:218: "), "{}", r.stderr);
    let r = env.run(["search", "merkel", "--json"]);
    assert_eq!(r.of_type("summary")[0]["total"], 200);
    // Without --json the summary line keeps the full counts too.
    let plain = TestEnv::empty();
    plain.write("dump.jsonl", dump.as_bytes());
    let r = plain.run(["index", "--max-file-size", "4K", "dump.jsonl"]);
    assert!(
        r.stderr
            .contains("skipped 13 (12 no body, 1 too large), 5 warnings"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_clean_run_exits_zero_and_a_missing_path_is_an_error() {
    let env = TestEnv::empty();
    env.write("in/a.txt", b"Title\nSome body.");
    let r = env.run(["index", "--quiet", "in"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("indexed 1 articles"), "{}", r.stderr);
    let r = env.run(["index", "--quiet", "nowhere"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("nowhere: no such file or directory"),
        "{}",
        r.stderr
    );
}

#[test]
fn missing_foreign_and_locked_indexes_are_clear_errors() {
    let env = TestEnv::empty();
    let r = env.run(["search", "anything"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no newsdex index at"), "{}", r.stderr);

    env.write("index/notes.txt", b"mine");
    env.write("in/a.txt", b"Title\nBody.");
    let r = env.run(["index", "in"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not a newsdex index"), "{}", r.stderr);
    let r = env.run(["stats"]);
    assert!(r.stderr.contains("not a newsdex index"), "{}", r.stderr);
    std::fs::remove_file(env.path("index/notes.txt")).unwrap();

    assert_eq!(env.run(["index", "in"]).code, 0);
    let ix = newsdex::index::NewsIndex::open(&env.index_dir()).unwrap();
    let _writer = newsdex::index::Indexer::new(&ix, 1, 50 << 20).unwrap();
    let r = env.run(["index", "in"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("locked by another newsdex process"),
        "{}",
        r.stderr
    );
    // Readers are not blocked by the writer.
    assert_eq!(env.run(["stats", "--json"]).code, 0);

    let meta = env.path("index/newsdex.json");
    let mut m: Value = serde_json::from_str(&std::fs::read_to_string(&meta).unwrap()).unwrap();
    m["schema_version"] = 99.into();
    std::fs::write(&meta, m.to_string()).unwrap();
    let r = env.run(["stats"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("schema version 99"), "{}", r.stderr);
}

#[test]
fn malformed_queries_are_read_leniently() {
    let env = TestEnv::with_sample_corpus();
    env.index_corpus();
    for q in [
        "\"unbalanced",
        "(putin AND",
        "title:",
        "nosuchfield:x",
        "AND OR NOT",
        "*",
        "\u{1}",
    ] {
        let r = env.run(["search", q, "--json"]);
        assert_eq!(r.code, 0, "{q:?}: {}", r.stderr);
        assert_eq!(r.of_type("summary").len(), 1, "{q:?}");
    }
    let r = env.run(["search", "--since", "last tuesday"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not understood"), "{}", r.stderr);
}

#[test]
fn names_resolve_by_surname_and_say_when_ambiguous_or_unknown() {
    let env = TestEnv::with_sample_corpus();
    env.index_corpus();
    let r = env.run(["search", "--person", "taylor", "--json"]);
    assert_eq!(r.code, 0);
    assert!(
        r.stderr.contains("Andrea Kendall-Taylor") && r.stderr.contains("William Taylor"),
        "{}",
        r.stderr
    );
    let r = env.run(["search", "--person", "zelenskky"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("did you mean")
            && r.stderr.contains("Volodymyr Zelensky")
            && !r.stderr.contains("Telekom"),
        "{}",
        r.stderr
    );
}

#[test]
fn entities_and_plain_output() {
    let env = TestEnv::with_sample_corpus();
    env.index_corpus();
    let r = env.run(["entities", "--type", "speaker", "--json"]);
    let speakers = r.json_lines();
    let trump = speakers
        .iter()
        .find(|s| s["name"] == "Donald Trump")
        .expect("Trump is quoted");
    assert!(trump["count"].as_u64().unwrap() >= 2);
    // Counts that add up over segments: a short list holds a name quoted in two articles,
    // whichever segments they fall in.
    // (Reported speech counts too: six speakers share Putin's two articles.)
    let r = env.run(["entities", "--type", "speaker", "--json", "--limit", "8"]);
    let top = r.json_lines();
    assert_eq!(top.len(), 8);
    let putin = top
        .iter()
        .find(|s| s["name"] == "Vladimir Putin")
        .expect("Putin in the top eight");
    assert_eq!(putin["count"], 2);
    let r = env.run(["search", "ceasefire", "--person", "putin"]);
    assert!(
        r.stdout.contains("anchorage-summit") && !r.stdout.contains('\u{1b}'),
        "{}",
        r.stdout
    );
    let r = env.run(["quotes", "--speaker", "putin", "moscow"]);
    assert!(
        r.stdout.contains("Vladimir Putin: “Next time in Moscow?”"),
        "{}",
        r.stdout
    );
}

#[test]
fn alias_file_merges_spellings_across_articles() {
    let env = TestEnv::with_sample_corpus();
    let aliases = env.write(
        "aliases.json",
        r#"{"Volodymyr Zelensky": "Volodymyr Zelenskyy"}"#.as_bytes(),
    );
    let r = env.run(
        ["index", "--quiet", "--aliases"]
            .iter()
            .map(|s| s.to_string())
            .chain([
                aliases.display().to_string(),
                env.corpus().display().to_string(),
            ]),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let r = env.run(["entities", "--type", "person", "--json", "--limit", "1000"]);
    let names: Vec<String> = r
        .json_lines()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_string())
        .collect();
    assert!(
        names.contains(&"Volodymyr Zelenskyy".to_string()),
        "{names:?}"
    );
    assert!(
        !names.contains(&"Volodymyr Zelensky".to_string()),
        "{names:?}"
    );
    let r = env.run(["search", "--person", "zelenskyy", "--json"]);
    assert!(
        r.of_type("hit").len() >= 2,
        "the 2019 articles count too: {}",
        r.stdout
    );

    env.write("bad.json", b"[1, 2]");
    let r = env.run(["index", "--aliases", "bad.json", "corpus"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("bad.json") && r.stderr.contains("line 1"),
        "{}",
        r.stderr
    );
}

#[test]
fn quotes_filter_by_their_articles_entities() {
    let env = TestEnv::with_sample_corpus();
    env.index_corpus();
    let r = env.run([
        "quotes",
        "--person",
        "zelenskyy",
        "--place",
        "alaska",
        "--speaker",
        "trump",
        "--json",
        "--limit",
        "100",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let hits = r.of_type("hit");
    assert!(hits.len() >= 5, "{}", r.stdout);
    assert!(
        hits.iter()
            .all(|h| h["speaker"] == "Donald Trump" && h["title"] == "anchorage-summit"),
        "{}",
        r.stdout
    );
    let r = env.run(["quotes", "--place", "alaska", "--json", "--limit", "100"]);
    let hits = r.of_type("hit");
    let said = |name: &str| hits.iter().any(|h| h["speaker"] == name);
    assert!(said("Vladimir Putin") && said("Eric Green"), "{}", r.stdout);
}

#[test]
fn completions_and_man_page_cover_every_subcommand() {
    let env = TestEnv::empty();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let r = env.run(["completions", shell]);
        assert_eq!(r.code, 0, "{shell}: {}", r.stderr);
        for word in ["serve", "quotes", "person", "speaker"] {
            assert!(r.stdout.contains(word), "{shell} completions lack {word}");
        }
    }
    assert_ne!(env.run(["completions", "cmd.exe"]).code, 0);
    let man = env.run(["man"]);
    assert_eq!(man.code, 0, "{}", man.stderr);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH newsdex"),
        "{}",
        &man.stdout[..200]
    );
    for word in [
        "NEWSDEX SERVE",
        "NEWSDEX QUOTES",
        "\\-\\-speaker",
        "\\-\\-addr",
    ] {
        assert!(man.stdout.contains(word), "man page lacks {word}");
    }
}

#[test]
fn search_and_quotes_print_csv() {
    let env = TestEnv::with_sample_corpus();
    env.index_corpus();
    for (cmd, header) in [
        ("search", "id,date,source,title,url,path,snippet"),
        ("quotes", "id,date,source,title,speaker,kind,quote,url,path"),
    ] {
        let json = env.run([cmd, "--person", "Trump", "--limit", "5", "--json"]);
        let hits = json.of_type("hit");
        assert!(!hits.is_empty(), "{cmd}");
        let csv = env.run([cmd, "--person", "Trump", "--limit", "5", "--format", "csv"]);
        assert_eq!(csv.code, 0, "{}", csv.stderr);
        assert_eq!(csv.stdout.lines().next(), Some(header));
        let rows: Vec<csv::StringRecord> = csv::Reader::from_reader(csv.stdout.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), hits.len(), "{cmd}");
        for (row, hit) in rows.iter().zip(&hits) {
            assert_eq!(row[0], *hit["id"].as_str().unwrap());
            // The snippet, or the quote: the seventh column of both.
            assert_eq!(row[6], *hit["snippet"].as_str().unwrap());
        }
        let both = env.run([cmd, "--json", "--format", "csv"]);
        assert_eq!(both.code, 2, "--json and --format together are refused");
    }
}
