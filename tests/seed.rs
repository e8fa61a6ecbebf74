//! The seed article against its gold annotations (a copy in `fixtures/`): `extract --json` must
//! keep the contract of `FORMAT.md` and the accuracy floor.

use std::collections::HashSet;
use std::process::Command;

use newsdex::output::ExtractJson;
use serde_json::Value;

#[test]
fn seed_article_entities_and_who_said_what() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seed.gold.jsonl"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_newsdex"))
        .args(["extract", "--json", fixture])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let gold: Value = serde_json::from_str(
        std::fs::read_to_string(fixture)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    let pred: ExtractJson =
        serde_json::from_slice(out.stdout.split(|&b| b == b'\n').next().unwrap()).unwrap();
    let body = gold["body"].as_str().unwrap();
    assert_eq!(pred.id, gold["id"]);

    for e in &pred.entities {
        if e.field.is_none() {
            assert_eq!(
                &body[e.start..e.end],
                e.text,
                "offsets are byte offsets into body"
            );
        }
    }
    let span = |e: &Value| {
        (
            e["start"].as_u64().unwrap() as usize,
            e["end"].as_u64().unwrap() as usize,
            e["type"].as_str().unwrap().to_string(),
        )
    };
    let gold_ents: HashSet<_> = gold["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.get("optional").is_none())
        .map(span)
        .collect();
    let optional: HashSet<_> = gold["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e.get("optional").is_some())
        .map(|e| {
            let s = span(e);
            (s.0, s.1)
        })
        .collect();
    let pred_ents: HashSet<_> = pred
        .entities
        .iter()
        .filter(|e| e.field.is_none())
        .map(|e| (e.start, e.end, e.kind.clone()))
        .filter(|s| !optional.contains(&(s.0, s.1)))
        .collect();
    let tp = gold_ents.intersection(&pred_ents).count() as f64;
    let f1 = 2.0 * tp / (gold_ents.len() + pred_ents.len()) as f64;
    assert!(f1 >= 0.85, "entity micro F1 {f1:.3}");

    let names: HashSet<(&str, &str)> = pred
        .entities
        .iter()
        .map(|e| (e.text.as_str(), e.name.as_str()))
        .collect();
    assert!(names.contains(&("Putin", "Vladimir Putin")));
    assert!(names.contains(&("Kendall-Taylor", "Andrea Kendall-Taylor")));
    assert!(names.contains(&("US", "United States")));

    // The fixture holds quoted text only, so reported speech is left out, as score.py's
    // "quotes" block does.
    let quoted: Vec<_> = pred
        .quotes
        .iter()
        .filter(|q| q.kind != "indirect")
        .collect();
    let mut right = 0;
    for g in gold["quotes"].as_array().unwrap() {
        let (gs, ge) = (
            g["start"].as_u64().unwrap() as usize,
            g["end"].as_u64().unwrap() as usize,
        );
        let found = quoted.iter().find(|q| q.start < ge && gs < q.end);
        if let Some(q) = found {
            if q.speaker.as_deref() == g["speaker"].as_str() {
                right += 1;
            }
        }
    }
    let n = gold["quotes"].as_array().unwrap().len();
    let wsw = 2.0 * right as f64 / (n + quoted.len()) as f64;
    assert!(wsw >= 0.80, "who said what F1 {wsw:.3} ({right} of {n})");
    assert!(
        !pred.quotes.iter().any(|q| q.text == "The Beast"),
        "a name in quotation marks is not a quote"
    );
}
