//! What the index says after a sequence of runs is what a fresh index of the same files says: one
//! named test for each way it once was not, through the real binary.

mod testenv;

use serde_json::Value;
use testenv::TestEnv;

fn index(env: &TestEnv, extra: &[&str]) -> Value {
    let mut args = vec!["index", "--json", "--quiet"];
    args.extend_from_slice(extra);
    let r = env.run(args);
    assert!(r.code == 0 || r.code == 3, "{}", r.stderr);
    serde_json::from_str(r.stdout.trim()).unwrap_or_else(|e| panic!("{e}: {}", r.stdout))
}

fn stats(env: &TestEnv) -> Value {
    let r = env.run(["stats", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(r.stdout.trim()).unwrap()
}

fn names(env: &TestEnv, kind: &str) -> Vec<String> {
    let r = env.run(["entities", "--type", kind, "--json", "--limit", "1000"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.json_lines()
        .iter()
        .map(|v| v["name"].as_str().unwrap().to_string())
        .collect()
}

const ANN: &str =
    r#"{"id": "ann", "title": "Ann", "body": "“We will build it,” said Ann Lee in Paris."}"#;
const BO: &str = r#"{"id": "bo", "title": "Bo", "body": "“We will not,” said Bo Chen in Lyon."}"#;

#[test]
fn prune_counts_a_removed_file_once() {
    let env = TestEnv::empty();
    env.write("in/a.json", ANN.as_bytes());
    env.write("in/b.json", BO.as_bytes());
    index(&env, &["in"]);
    std::fs::remove_file(env.path("in/b.json")).unwrap();
    assert_eq!(index(&env, &["--prune", "in"])["pruned_files"], 1);
    assert_eq!(
        index(&env, &["--prune", "in"])["pruned_files"],
        0,
        "a file pruned before is not pruned again"
    );
    assert_eq!(stats(&env)["articles"], 1);
}

#[test]
fn names_of_pruned_articles_are_gone() {
    let env = TestEnv::empty();
    env.write("in/a.json", ANN.as_bytes());
    env.write("in/b.json", BO.as_bytes());
    index(&env, &["in"]);
    assert_eq!(stats(&env)["speakers"], 2);
    std::fs::remove_file(env.path("in/b.json")).unwrap();
    index(&env, &["--prune", "in"]);
    assert_eq!(stats(&env)["speakers"], 1, "Bo Chen no longer speaks");
    assert!(!names(&env, "speaker").contains(&"Bo Chen".to_string()));
    assert!(!names(&env, "person").contains(&"Bo Chen".to_string()));
    let r = env.run(["quotes", "--speaker", "bo chen", "--json"]);
    assert_eq!(r.code, 1, "a name only deleted articles had is unknown");
    assert!(r.stderr.contains("no speaker"), "{}", r.stderr);
}

#[test]
fn aliases_reach_every_article_and_outlive_the_run() {
    let env = TestEnv::empty();
    env.write(
        "in/a.json",
        r#"{"id": "a", "body": "Ukrainian President Volodymyr Zelensky met the mayor of Kyiv on Monday."}"#.as_bytes(),
    );
    env.write(
        "in/b.json",
        r#"{"id": "b", "body": "Ukrainian President Wolodymyr Selenskyj met the mayor of Lviv on Tuesday."}"#.as_bytes(),
    );
    index(&env, &["in"]);
    let people = names(&env, "person");
    assert!(
        people.contains(&"Volodymyr Zelensky".to_string())
            && people.contains(&"Wolodymyr Selenskyj".to_string()),
        "{people:?}"
    );
    // An alias file given to a run where no file changed still reaches every article.
    env.write(
        "aliases.json",
        br#"{"Volodymyr Zelensky": "Wolodymyr Selenskyj"}"#,
    );
    index(&env, &["--aliases", "aliases.json", "in"]);
    assert_eq!(
        names(&env, "person"),
        vec!["Wolodymyr Selenskyj"],
        "the alias reached the unchanged files"
    );
    // A later run without the file keeps what it said, for changed files too.
    env.write(
        "in/a.json",
        r#"{"id": "a", "body": "Ukrainian President Volodymyr Zelensky met the mayor of Kyiv again."}"#.as_bytes(),
    );
    index(&env, &["in"]);
    assert_eq!(names(&env, "person"), vec!["Wolodymyr Selenskyj"]);
}

#[test]
fn one_id_twice_in_one_run_is_one_article_replaced_once() {
    let env = TestEnv::empty();
    env.write(
        "in/a.jsonl",
        format!("{}\n{}\n", ANN, ANN.replace("Paris", "Rome")).as_bytes(),
    );
    let s = index(&env, &["in"]);
    assert_eq!(
        (s["indexed"].as_u64(), s["replaced"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(stats(&env)["articles"], 1);
    // The later line is the article.
    let r = env.run(["search", "--place", "rome", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.of_type("hit").len(), 1);
}

#[test]
fn a_file_that_gave_only_skips_is_not_called_unchanged() {
    let env = TestEnv::empty();
    env.write("in/bad.json", b"{bad");
    let s = index(&env, &["in"]);
    assert_eq!(
        (s["skipped"].as_u64(), s["unchanged_files"].as_u64()),
        (Some(1), Some(0))
    );
    let again = index(&env, &["in"]);
    assert_eq!(
        again["unchanged_files"], 0,
        "it is tried again, not unchanged"
    );
    assert_eq!(again["skipped"], 1);
}

#[test]
fn quote_results_count_their_articles_entities() {
    let env = TestEnv::empty();
    env.write("in/a.json", ANN.as_bytes());
    env.write("in/b.json", BO.as_bytes());
    index(&env, &["in"]);
    let r = env.run(["quotes", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let facets = &r.of_type("summary")[0]["facets"];
    let of = |kind: &str| -> Vec<(String, u64)> {
        facets[kind]
            .as_array()
            .unwrap_or_else(|| panic!("no {kind} facet: {facets}"))
            .iter()
            .map(|p| (p[0].as_str().unwrap().to_string(), p[1].as_u64().unwrap()))
            .collect()
    };
    assert_eq!(of("place"), vec![("Lyon".into(), 1), ("Paris".into(), 1)]);
    assert_eq!(
        of("person"),
        vec![("Ann Lee".into(), 1), ("Bo Chen".into(), 1)]
    );
    assert_eq!(of("speaker").len(), 2);
}

#[test]
fn standard_input_is_read_every_run_and_its_articles_replace_their_copies() {
    let env = TestEnv::empty();
    let lines = format!("{ANN}\n{BO}\n");
    let r = env.run_with_stdin(&["index", "--json", "--quiet", "-"], lines.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let s: Value = serde_json::from_str(r.stdout.trim()).unwrap();
    assert_eq!(s["indexed"], 2);
    // The same feed again, one article changed: still two articles, the new text in.
    let again = format!("{}\n{BO}\n", ANN.replace("Paris", "Rome"));
    let r = env.run_with_stdin(&["index", "--json", "--quiet", "-"], again.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(stats(&env)["articles"], 2);
    let r = env.run(["search", "--place", "rome", "--json"]);
    assert_eq!(r.of_type("hit").len(), 1, "{}", r.stderr);
}

#[test]
fn merge_and_split_outlive_a_reindex_and_keep_every_article_in_the_filter() {
    let env = TestEnv::empty();
    env.write("in/a.json", ANN.as_bytes());
    env.write("in/b.json", BO.as_bytes());
    env.write(
        "in/c.json",
        r#"{"id": "c", "body": "Ann Lee spoke in Nice. Lee left at noon."}"#.as_bytes(),
    );
    env.write(
        "in/d.json",
        r#"{"id": "d", "body": "The mayor met Lee in Lyon on Friday."}"#.as_bytes(),
    );
    index(&env, &["in"]);
    let total = |person: &str| -> u64 {
        let r = env.run(["search", "--person", person, "--json"]);
        assert_eq!(r.code, 0, "{person}: {}", r.stderr);
        let lines = r.json_lines();
        lines.last().unwrap()["total"].as_u64().unwrap()
    };
    let ok = |args: &[&str]| {
        let r = env.run(args.to_vec());
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
    };
    assert_eq!(total("ann lee"), 3, "the surname joins the one full name");
    ok(&["names", "merge", "Ann Lee", "Bo Chen"]);
    ok(&["names", "split", "Ann Lee", "Lee"]);
    let check = |when: &str| {
        let people = names(&env, "person");
        assert!(
            !people.contains(&"Bo Chen".to_string()),
            "{when}: {people:?}"
        );
        assert!(people.contains(&"Lee".to_string()), "{when}: {people:?}");
        // Merged: Ann Lee's articles and Bo Chen's; split: "Lee" alone (d) is someone else,
        // while c, which names Ann Lee in full, stays in her filter.
        assert_eq!(total("ann lee"), 3, "{when}");
        assert_eq!(total("bo chen"), 3, "{when}");
    };
    check("after the decisions");
    // A changed file is read and tagged again; an untouched one is not: both keep the decisions.
    env.write(
        "in/b.json",
        r#"{"id": "bo", "body": "“We will not,” said Bo Chen in Lyon again."}"#.as_bytes(),
    );
    env.write(
        "in/d.json",
        r#"{"id": "d", "body": "The mayor met Lee in Lyon on Saturday."}"#.as_bytes(),
    );
    index(&env, &["in"]);
    check("after a re-index");
    std::fs::remove_file(env.path("in/a.json")).unwrap();
    index(&env, &["--prune", "in"]);
    assert_eq!(total("ann lee"), 2, "the pruned article leaves the filter");
}
