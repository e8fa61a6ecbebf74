//! The seed article against its gold annotations (copies in `fixtures/`): `extract --json` keeps
//! the contract of `FORMAT.md`, and the scorer's own rules (`newsdex::eval`, the port of
//! `score.py`) give at least the floors below.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use newsdex::eval::{load_gold, score_entities, score_quotes};
use newsdex::output::ExtractJson;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// `newsdex extract --json` of a gold file's articles, parsed back.
fn extract(gold: &str) -> HashMap<String, ExtractJson> {
    let out = Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(["extract", "--json", gold])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let p: ExtractJson = serde_json::from_str(l).unwrap();
            (p.id.clone(), p)
        })
        .collect()
}

#[test]
fn seed_article_entities_and_who_said_what() {
    let path = fixture("seed.gold.jsonl");
    let gold = load_gold(Path::new(&path)).unwrap();
    let pred = extract(&path);
    let body = gold[0]["body"].as_str().unwrap();
    let p = &pred[gold[0]["id"].as_str().unwrap()];
    for e in &p.entities {
        if e.field.is_none() {
            assert_eq!(
                &body[e.start..e.end],
                e.text,
                "offsets are byte offsets into body"
            );
        }
    }
    let mut errors = Vec::new();
    let ents = score_entities(&gold, &pred, 20, &mut errors).unwrap();
    assert!(
        ents.micro.2 >= 0.95,
        "entity micro F1 {:?}: {errors:#?}",
        ents.micro
    );
    let quotes = score_quotes(&gold, &pred, false, 20, &mut errors).unwrap();
    assert!(
        quotes.who_said_what.2 >= 0.95,
        "who said what {:?}: {errors:#?}",
        quotes.who_said_what
    );
    let names: Vec<(&str, &str)> = p
        .entities
        .iter()
        .map(|e| (e.text.as_str(), e.name.as_str()))
        .collect();
    for pair in [
        ("Putin", "Vladimir Putin"),
        ("Kendall-Taylor", "Andrea Kendall-Taylor"),
        ("US", "United States"),
    ] {
        assert!(names.contains(&pair), "{pair:?} not in {names:?}");
    }
    assert!(
        !p.quotes.iter().any(|q| q.text == "The Beast"),
        "a name in quotation marks is not a quote"
    );
}

#[test]
fn seed_article_every_kind_of_attribution() {
    let path = fixture("seed.attr.gold.jsonl");
    let gold = load_gold(Path::new(&path)).unwrap();
    let pred = extract(&path);
    let mut errors = Vec::new();
    let all = score_quotes(&gold, &pred, true, 40, &mut errors).unwrap();
    assert!(
        all.who_said_what.2 >= 0.85,
        "every kind, who said what {:?}: {errors:#?}",
        all.who_said_what
    );
}
