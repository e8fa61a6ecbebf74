//! Enrichment apart from indexing, and shards joined: `extract --articles` and `read --records`
//! print the enriched-article format, `index --enriched` indexes it without tagging again, and
//! `merge` joins shard indexes; each result must answer every query as one index built in one
//! process from the same files does (compared with the differential test's snapshots).

mod testenv;

use std::path::{Path, PathBuf};

use testenv::{assert_same_index, snapshot, Run, TestEnv};

fn ok(r: &Run) {
    assert_eq!(r.code, 0, "{}", r.stderr);
}

/// The index of the corpus in one process, at `direct`.
fn direct(env: &TestEnv) -> PathBuf {
    let dir = env.path("direct");
    ok(&env.run_in(
        &dir,
        [
            "index".as_ref(),
            "--quiet".as_ref(),
            env.corpus().as_os_str(),
        ],
    ));
    dir
}

/// Every article file of the corpus, in the order a walk gives them.
fn files(root: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walk(root);
    v.sort();
    v
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else if !p.ends_with("ATTRIBUTION.md") {
            out.push(p);
        }
    }
    out
}

#[test]
fn enriched_articles_index_as_their_files_do() {
    let env = TestEnv::with_sample_corpus();
    let want = direct(&env);
    let r = env.run(["extract", "--articles", env.corpus().to_str().unwrap()]);
    ok(&r);
    let lines = r.json_lines();
    assert_eq!(lines.len(), 41);
    for l in &lines {
        assert_eq!(l["newsdex_enriched"], 1, "{l}");
        for field in [
            "id",
            "title",
            "body",
            "origin",
            "file",
            "rank",
            "enrichment",
        ] {
            assert!(!l[field].is_null(), "{field} in {l}");
        }
        assert!(l["enrichment"]["entities"].is_array() && l["enrichment"]["quotes"].is_array());
    }
    assert!(lines
        .iter()
        .any(|l| l["enrichment"]["quotes"][0]["speaker"].is_string()));
    let path = env.write("all.jsonl", r.stdout.as_bytes());
    let got = env.path("enriched");
    let r = env.run_in(
        &got,
        ["index", "--enriched", "--json", path.to_str().unwrap()],
    );
    ok(&r);
    let summary: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(summary["indexed"], 41);
    assert!(summary["quotes"].as_u64().unwrap() > 100, "{summary}");
    assert_same_index(&got, &want);

    // The same through pipes: records of the files, enriched, indexed from standard input.
    let records = env.run(["read", "--records", env.corpus().to_str().unwrap()]);
    ok(&records);
    assert!(records
        .json_lines()
        .iter()
        .all(|l| l["enrichment"].is_null()));
    let enriched = env.run_with_stdin(
        &["extract", "--articles", "--records", "-"],
        records.stdout.as_bytes(),
    );
    ok(&enriched);
    assert_eq!(enriched.stdout, std::fs::read_to_string(&path).unwrap());
    let piped = env.path("piped");
    let r = env.run_with_stdin_in(
        &piped,
        &["index", "--enriched", "-"],
        enriched.stdout.as_bytes(),
    );
    ok(&r);
    assert_same_index(&piped, &want);

    // A file given on standard input under its name reads as the file does.
    let file = files(&env.corpus()).pop().unwrap();
    let named = env.run_with_stdin(
        &[
            "read",
            "--records",
            "--stdin-name",
            file.to_str().unwrap(),
            "-",
        ],
        &std::fs::read(&file).unwrap(),
    );
    let read = env.run(["read", "--records", file.to_str().unwrap()]);
    ok(&named);
    assert_eq!(named.stdout, read.stdout);
}

#[test]
fn bad_enriched_lines_are_counted_and_skipped() {
    let env = TestEnv::with_sample_corpus();
    let r = env.run(["extract", "--articles", env.corpus().to_str().unwrap()]);
    ok(&r);
    let mut lines: Vec<String> = r.stdout.lines().map(String::from).collect();
    lines.insert(3, "{\"newsdex_enriched\": 9, \"id\": \"x\"}".into());
    lines[10] = lines[10].replacen("\"type\":\"person\"", "\"type\":\"animal\"", 1);
    assert!(lines[10].contains("animal"));
    let path = env.write("bad.jsonl", (lines.join("\n") + "\n").as_bytes());
    let r = env.run(["index", "--enriched", "--json", path.to_str().unwrap()]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let summary: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(
        (summary["indexed"].as_u64(), summary["skipped"].as_u64()),
        (Some(40), Some(2))
    );
    let shown = path.display();
    assert!(
        r.stderr
            .contains(&format!("{shown}:4: bad enriched record: format version 9")),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains(&format!("{shown}:11: bad enriched record: entities[")),
        "{}",
        r.stderr
    );
    // Records without enrichment are not indexed as if they had none.
    let records = env.run(["read", "--records", env.corpus().to_str().unwrap()]);
    let r = env.run_with_stdin(&["index", "--enriched", "-"], records.stdout.as_bytes());
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("no enrichment"), "{}", r.stderr);
}

#[test]
fn merged_shards_answer_as_one_index() {
    let env = TestEnv::with_sample_corpus();
    let want = direct(&env);
    let all = files(&env.corpus());
    let (a, b) = all.split_at(all.len() / 2);
    // Shards of plain runs, one half of the files each.
    let shard = |name: &str, part: &[PathBuf]| {
        let dir = env.path(name);
        let mut args: Vec<&std::ffi::OsStr> = vec!["index".as_ref(), "--quiet".as_ref()];
        args.extend(part.iter().map(|p| p.as_os_str()));
        ok(&env.run_in(&dir, args));
        dir
    };
    let (sa, sb) = (shard("sa", a), shard("sb", b));
    let merged = env.path("merged");
    let r = env.run_in(
        &merged,
        [
            "merge",
            "--json",
            sa.to_str().unwrap(),
            sb.to_str().unwrap(),
        ],
    );
    ok(&r);
    let summary: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(
        (summary["articles"].as_u64(), summary["duplicates"].as_u64()),
        (Some(41), Some(0))
    );
    let snap = assert_same_index(&merged, &want);
    assert!(snap.entities.len() > 100 && snap.quote_facets["speaker"].len() > 10);
    // The shards' file records came along: the files are known unchanged.
    let r = env.run_in(&merged, ["index", "--json", env.corpus().to_str().unwrap()]);
    ok(&r);
    let again: serde_json::Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(
        (again["indexed"].as_u64(), again["unchanged_files"].as_u64()),
        (Some(0), Some(41))
    );
    assert_same_index(&merged, &want);

    // Shards of enriched records, every other article each.
    let r = env.run(["extract", "--articles", env.corpus().to_str().unwrap()]);
    ok(&r);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let half = |k: usize| -> String {
        lines
            .iter()
            .skip(k)
            .step_by(2)
            .map(|l| format!("{l}\n"))
            .collect()
    };
    let mut shards = Vec::new();
    for k in 0..2 {
        let dir = env.path(&format!("e{k}"));
        ok(&env.run_with_stdin_in(&dir, &["index", "--enriched", "-"], half(k).as_bytes()));
        shards.push(dir);
    }
    let merged = env.path("merged-enriched");
    ok(&env.run_in(
        &merged,
        [
            "merge",
            shards[0].to_str().unwrap(),
            shards[1].to_str().unwrap(),
        ],
    ));
    assert_same_index(&merged, &want);
}

/// Of two copies of one id the one of the greater (file, rank) is the article, in whichever
/// shard it is; a file read whole into two shards is the later shard's (its copies win the tie,
/// and the earlier reading's other articles go, as when a run reads a changed file again).
#[test]
fn duplicate_ids_across_shards() {
    let env = TestEnv::empty();
    let art = |id: &str, word: &str| {
        format!("{{\"id\": \"{id}\", \"title\": \"{word}\", \"body\": \"Ann Lee said in Paris that the {word} would go on.\"}}\n")
    };
    let a = env.write(
        "corpus/a.jsonl",
        (art("x", "talks") + &art("y", "plan")).as_bytes(),
    );
    let b = env.write(
        "corpus/b.jsonl",
        (art("x", "strike") + &art("z", "vote")).as_bytes(),
    );
    let want = direct(&env);
    assert_eq!(snapshot(&want).articles["x"].title, "strike");
    let one = |name: &str, file: &Path| {
        let dir = env.path(name);
        ok(&env.run_in(
            &dir,
            ["index".as_ref(), "--quiet".as_ref(), file.as_os_str()],
        ));
        dir
    };
    // b.jsonl's copy wins though its shard comes first.
    let (sb, sa) = (one("sb", &b), one("sa", &a));
    let merged = env.path("m1");
    let r = env.run_in(
        &merged,
        [
            "merge",
            "--json",
            sb.to_str().unwrap(),
            sa.to_str().unwrap(),
        ],
    );
    ok(&r);
    assert!(r.stdout.contains("\"duplicates\":1"), "{}", r.stdout);
    assert_same_index(&merged, &want);
    // The losing copy is remembered: when b.jsonl goes, a.jsonl's copy comes back.
    std::fs::remove_file(&b).unwrap();
    ok(&env.run_in(
        &merged,
        [
            "index".as_ref(),
            "--quiet".as_ref(),
            "--prune".as_ref(),
            env.corpus().as_os_str(),
        ],
    ));
    assert_eq!(snapshot(&merged).articles["x"].title, "talks");

    // A tie: a.jsonl indexed, changed, indexed into a second shard: the later shard's is kept.
    let s1 = one("s1", &a);
    std::fs::write(&a, art("x", "truce")).unwrap();
    let s2 = one("s2", &a);
    let merged = env.path("m2");
    ok(&env.run_in(
        &merged,
        ["merge", s1.to_str().unwrap(), s2.to_str().unwrap()],
    ));
    let fresh = direct_of(&env, "fresh", &a);
    assert_same_index(&merged, &fresh);
    assert_eq!(snapshot(&merged).articles["x"].title, "truce");
    // Its file record is the later shard's too: the file is known unchanged.
    let r = env.run_in(
        &merged,
        ["index".as_ref(), "--json".as_ref(), a.as_os_str()],
    );
    assert!(r.stdout.contains("\"unchanged_files\":1"), "{}", r.stdout);
}

fn direct_of(env: &TestEnv, name: &str, file: &Path) -> PathBuf {
    let dir = env.path(name);
    ok(&env.run_in(
        &dir,
        ["index".as_ref(), "--quiet".as_ref(), file.as_os_str()],
    ));
    dir
}

#[test]
fn merge_refuses_what_it_cannot_join() {
    let env = TestEnv::with_sample_corpus();
    let shard = direct(&env);
    let s = shard.to_str().unwrap();
    // An output that holds something.
    let r = env.run_in(&shard, ["merge", s]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("exists and is not empty"), "{}", r.stderr);
    // A shard twice.
    let r = env.run_in(&env.path("m"), ["merge", s, s]);
    assert!(
        r.code == 1 && r.stderr.contains("given twice"),
        "{}",
        r.stderr
    );
    // A shard of another schema version.
    let old = env.path("old");
    ok(&env.run_in(
        &old,
        [
            "index".as_ref(),
            "--quiet".as_ref(),
            env.corpus().join("anchorage-summit.txt").as_os_str(),
        ],
    ));
    let meta = old.join("newsdex.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let version = v["schema_version"].as_u64().unwrap();
    std::fs::write(
        &meta,
        text.replace(
            &format!("\"schema_version\": {version}"),
            "\"schema_version\": 1",
        ),
    )
    .unwrap();
    let r = env.run_in(&env.path("m"), ["merge", s, old.to_str().unwrap()]);
    assert!(
        r.code == 1
            && r.stderr
                .contains("has schema version 1, this newsdex reads version"),
        "{}",
        r.stderr
    );
    assert!(
        !env.path("m").exists(),
        "nothing is left of a refused merge"
    );
    // Shards whose name decisions disagree.
    let other = env.path("other");
    ok(&env.run_in(
        &other,
        [
            "index".as_ref(),
            "--quiet".as_ref(),
            env.corpus().join("anchorage-summit.txt").as_os_str(),
        ],
    ));
    ok(&env.run_in(&shard, ["names", "merge", "Donald Trump", "Putin"]));
    ok(&env.run_in(&other, ["names", "merge", "Vladimir Putin", "Putin"]));
    let r = env.run_in(&env.path("m"), ["merge", s, other.to_str().unwrap()]);
    assert!(
        r.code == 1 && r.stderr.contains("decide differently"),
        "{}",
        r.stderr
    );
    // Agreeing decisions are kept once, and hold in the merged index.
    ok(&env.run_in(&other, ["names", "merge", "Donald Trump", "Putin"]));
    let m = env.path("m");
    ok(&env.run_in(&m, ["merge", s, other.to_str().unwrap()]));
    let d: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(m.join("names.json")).unwrap()).unwrap();
    assert_eq!(d["decisions"].as_array().unwrap().len(), 1, "{d}");
}

/// A copy a shard replaced (deleted, in an older segment) is no copy: only live ones compete.
#[test]
fn replaced_copies_in_a_shard_do_not_compete() {
    let env = TestEnv::empty();
    let art = |id: &str, word: &str| {
        format!("{{\"id\": \"{id}\", \"title\": \"{word}\", \"body\": \"Bo Chen said in Rome that the {word} would go on.\"}}\n")
    };
    let a = env.write("corpus/a.jsonl", art("x", "talks").as_bytes());
    let index = |name: &str, file: &Path| {
        let dir = env.path(name);
        ok(&env.run_in(
            &dir,
            ["index".as_ref(), "--quiet".as_ref(), file.as_os_str()],
        ));
        dir
    };
    let sa = index("sa", &a);
    std::fs::write(&a, art("y", "peace") + &art("z", "vote")).unwrap();
    index("sa", &a);
    let b = env.write(
        "corpus/b.jsonl",
        (art("x", "strike") + &art("y", "truce")).as_bytes(),
    );
    let sb = index("sb", &b);
    let want = direct(&env);
    for (first, second, name) in [(&sa, &sb, "m1"), (&sb, &sa, "m2")] {
        let merged = env.path(name);
        let r = env.run_in(
            &merged,
            [
                "merge",
                "--json",
                first.to_str().unwrap(),
                second.to_str().unwrap(),
            ],
        );
        ok(&r);
        assert!(
            r.stdout.contains("\"duplicates\":1"),
            "only y is in both: {}",
            r.stdout
        );
        assert_same_index(&merged, &want);
    }
}
