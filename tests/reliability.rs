//! Nothing lost: crashes, incremental runs, concurrent use and hostile input, each through the
//! real binary.

mod testenv;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use testenv::TestEnv;

fn stats(env: &TestEnv) -> Value {
    let r = env.run(["stats", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(r.stdout.trim()).unwrap()
}

/// `files` JSONL files of `per_file` articles, each with exactly one quote.
fn write_corpus(env: &TestEnv, files: usize, per_file: usize) {
    for f in 0..files {
        let mut lines = String::new();
        for i in 0..per_file {
            lines.push_str(&format!(
                "{{\"id\": \"a{f}-{i}\", \"title\": \"Story {i}\", \"body\": \"“We will rebuild number {i},” said Ann Lee in Paris. The mayor of Lyon agreed.\"}}\n"
            ));
        }
        env.write(&format!("corpus/part-{f:03}.jsonl"), lines.as_bytes());
    }
}

#[test]
fn kill_9_leaves_whole_articles_and_a_rerun_completes() {
    let env = TestEnv::empty();
    write_corpus(&env, 40, 500);
    let index_dir = env.index_dir();
    let args = [
        "--index",
        index_dir.to_str().unwrap(),
        "index",
        "--quiet",
        "--commit-every",
        "300",
        "corpus",
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(args)
        .current_dir(env.dir.path())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once a commit is visible; searches run meanwhile and see the last commit.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen_while_running = false;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if env.index_dir().join("newsdex.json").exists() {
            let r = env.run(["stats", "--json"]);
            let n = serde_json::from_str::<Value>(r.stdout.trim())
                .map(|v| v["articles"].as_u64().unwrap_or(0))
                .unwrap_or(0);
            if n > 0 {
                seen_while_running = true;
                break;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().ok();
    let status = child.wait().unwrap();
    assert!(
        seen_while_running,
        "the index was never visible while being written"
    );
    // The kill must have come while the run was going on, or this tests nothing.
    #[cfg(unix)]
    assert_eq!(
        std::os::unix::process::ExitStatusExt::signal(&status),
        Some(9),
        "the run ended before it was killed: {status:?}"
    );

    let s = stats(&env);
    let (articles, quotes) = (
        s["articles"].as_u64().unwrap(),
        s["quotes"].as_u64().unwrap(),
    );
    assert!(
        articles > 0 && articles < 20_000,
        "{articles} articles after the kill"
    );
    assert_eq!(
        articles, quotes,
        "an article and its quote are committed together"
    );
    let r = env.run(["quotes", "--speaker", "lee", "--json", "--limit", "1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let r = env.run(args[2..].iter().copied());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s = stats(&env);
    assert_eq!(s["articles"], 20_000, "every article exactly once");
    assert_eq!(s["quotes"], 20_000);
}

#[test]
fn incremental_runs_skip_unchanged_replace_changed_and_prune_removed() {
    let env = TestEnv::empty();
    write_corpus(&env, 3, 4);
    let index = |extra: &[&str]| {
        let mut args = vec!["index", "--json", "--quiet"];
        args.extend_from_slice(extra);
        args.push("corpus");
        let r = env.run(args);
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str::<Value>(r.stdout.trim()).unwrap()
    };
    assert_eq!(index(&[])["indexed"], 12);
    let again = index(&[]);
    assert_eq!(
        (again["indexed"].as_u64(), again["unchanged_files"].as_u64()),
        (Some(0), Some(3))
    );

    // A file rewritten with different articles: its old ones go, the new ones come.
    env.write(
        "corpus/part-001.jsonl",
        "{\"id\": \"new\", \"body\": \"Only this one now.\"}\n".as_bytes(),
    );
    let changed = index(&[]);
    assert_eq!(
        (
            changed["indexed"].as_u64(),
            changed["unchanged_files"].as_u64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(stats(&env)["articles"], 9);

    // The same bytes with a new time are recognised by their hash.
    let f = env.path("corpus/part-000.jsonl");
    let bytes = std::fs::read(&f).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(&f, bytes).unwrap();
    assert_eq!(index(&[])["indexed"], 0);

    std::fs::remove_file(env.path("corpus/part-002.jsonl")).unwrap();
    assert_eq!(
        index(&[])["pruned_files"],
        0,
        "nothing is pruned without --prune"
    );
    assert_eq!(stats(&env)["articles"], 9);
    assert_eq!(index(&["--prune"])["pruned_files"], 1);
    let s = stats(&env);
    assert_eq!(s["articles"], 5);
    assert!(s["updated"].as_str().is_some());
    assert!(s["roots"][0].as_str().unwrap().ends_with("corpus"));
}

#[test]
fn hostile_files_are_reported_and_skipped() {
    let env = TestEnv::empty();
    env.write(
        "in/good.json",
        br#"{"id": "g", "body": "Angela Merkel visited Paris."}"#,
    );
    // 200 MB on one line (sparse, so the test stays cheap): over the default size limit.
    let big = std::fs::File::create(env.path("in/huge.jsonl")).unwrap();
    big.set_len(200 << 20).unwrap();
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    env.write("in/deep.json", deep.as_bytes());
    env.write("in/zero.txt", b"");
    let word = "a".repeat(50 << 20);
    env.write(
        "in/oneword.json",
        format!("{{\"id\": \"w\", \"body\": \"{word}\"}}").as_bytes(),
    );
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"caf\xe9.txt");
        std::fs::write(
            env.path("in").join(name),
            "Title\nA body from a file whose name is not UTF-8.",
        )
        .unwrap();
        std::os::unix::fs::symlink(env.path("in"), env.path("in/loop")).unwrap();
    }
    // A file whose read fails even for root: this process's own memory from address 0.
    #[cfg(target_os = "linux")]
    std::os::unix::fs::symlink("/proc/self/mem", env.path("in/unreadable.txt")).unwrap();
    let r = env.run(["index", "--json", "--quiet", "in"]);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let mut needles = vec![
        "huge.jsonl:1: larger than",
        "deep.json:1: malformed JSON",
        "zero.txt: empty file",
        "symlink loop",
    ];
    if cfg!(target_os = "linux") {
        needles.push("unreadable.txt: unreadable");
    }
    for needle in needles {
        assert!(r.stderr.contains(needle), "no {needle:?} in:\n{}", r.stderr);
    }
    let summary: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(summary["indexed"], if cfg!(unix) { 3 } else { 2 });
    let r = env.run(["search", "merkel", "--json"]);
    assert_eq!(r.of_type("hit").len(), 1);
}

#[test]
fn hostile_queries_get_an_answer_not_a_panic() {
    let env = TestEnv::with_sample_corpus();
    env.index_corpus();
    let long = "ceasefire ".repeat(10_000);
    for args in [
        vec!["search", long.as_str(), "--json"],
        vec!["search", "putin", "--limit", "0", "--json"],
        vec!["search", "putin", "--limit", "10000000", "--json"],
        vec![
            "quotes", "--limit", "10000000", "--offset", "10000000", "--json",
        ],
        vec!["search", "((((\"", "--json"],
        vec!["entities", "--type", "org", "--limit", "0", "--json"],
    ] {
        let r = env.run(&args);
        assert_eq!(r.code, 0, "{:?}: {}", &args[..2], r.stderr);
    }
    let r = env.run(["search", "putin", "--limit", "0", "--json"]);
    assert!(r.of_type("hit").is_empty());
    assert!(r.of_type("summary")[0]["total"].as_u64().unwrap() >= 1);
    let r = env.run(["search", "--since", "2019-13-45"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("not understood"), "{}", r.stderr);
}
