//! Checks the facets of a real archive the way a user would look at them, and prints the figures
//! the name registry is held to:
//!
//! - how many of the 50 most frequent people are names that the archive's credit lines give
//!   (the wire's reporters and editors are authors, not people in the news);
//! - among the 500 most frequent people, and among the 500 most frequent speakers, how many
//!   pairs differ only by case, accents, punctuation or initials;
//! - how many one-word people stand beside the one full name they mean (among all people with
//!   that last word, one only);
//! - how many entities `--person bernanke` resolves to.
//!
//! ```sh
//! cargo run --release --example facet_check -- ../shared/data/bench/reuters-20k.jsonl.gz
//! ```
//!
//! indexes the file into a temporary index first; `--index DIR` checks an existing index.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use newsdex::extract::Extractor;
use newsdex::facet::FacetKind;
use newsdex::index::pipeline::{self, Options};
use newsdex::index::NewsIndex;
use newsdex::query::{Request, Target};
use newsdex::registry::key::{fold, person_words};
use newsdex::registry::Resolution;

fn main() {
    let mut args = std::env::args().skip(1);
    let mut index: Option<PathBuf> = None;
    let mut corpus: Vec<PathBuf> = Vec::new();
    let mut probe = "bernanke".to_string();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--index" => index = args.next().map(PathBuf::from),
            "--person" => probe = args.next().expect("--person NAME"),
            _ => corpus.push(PathBuf::from(a)),
        }
    }
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = match index {
        Some(d) => d,
        None => {
            assert!(
                !corpus.is_empty(),
                "usage: facet_check FILE... | --index DIR"
            );
            let dir = tmp.path().join("index");
            let ix = NewsIndex::open_or_create(&dir).expect("index");
            let s = pipeline::run(
                &ix,
                &Extractor::default(),
                &corpus,
                &Options::default(),
                &|_| {},
            )
            .expect("indexing");
            println!(
                "indexed {} articles in {:.1} s (registry {:.2} s)",
                s.indexed, s.seconds, s.registry_seconds
            );
            dir
        }
    };
    let ix = NewsIndex::open(&dir).expect("index");
    let all = Request::default();
    let top = |kind, n| -> Vec<String> {
        ix.facet_counts(Target::Articles, kind, &all, n)
            .expect("counts")
            .into_iter()
            .map(|c| c.name)
            .collect()
    };
    let authors: HashSet<String> = top(FacetKind::Author, usize::MAX)
        .iter()
        .map(|a| fold(a))
        .collect();
    let people50 = top(FacetKind::Person, 50);
    let credited: Vec<&String> = people50
        .iter()
        .filter(|p| authors.contains(&fold(p)))
        .collect();
    println!(
        "top 50 people that credit lines name: {} {:?}",
        credited.len(),
        credited
    );
    for kind in [FacetKind::Person, FacetKind::Speaker] {
        let names = top(kind, 500);
        let dups = same_but_spelling(&names);
        println!(
            "top 500 {}: {} pairs that differ only by case, accents, punctuation or initials {:?}",
            kind.as_str(),
            dups.len(),
            dups.iter().take(10).collect::<Vec<_>>()
        );
    }
    let counted = ix
        .facet_counts(Target::Articles, FacetKind::Person, &all, usize::MAX)
        .expect("counts");
    let articles: HashMap<&str, u64> = counted.iter().map(|c| (c.name.as_str(), c.count)).collect();
    let people: Vec<String> = counted.iter().map(|c| c.name.clone()).collect();
    let top500: HashSet<&String> = people.iter().take(500).collect();
    let mut by_last: HashMap<String, Vec<&String>> = HashMap::new();
    // By the registry's words of a person's name: a hyphenated name is one word ("Kendall-Taylor"
    // is no "Taylor").
    for p in &people {
        let w = person_words(p);
        if w.len() > 1 {
            by_last.entry(w[w.len() - 1].clone()).or_default().push(p);
        }
    }
    let beside: Vec<(&String, &String)> = people
        .iter()
        .filter(|p| top500.contains(p) && person_words(p).len() == 1)
        .filter_map(
            |p| match by_last.get(&person_words(p)[0]).map(Vec::as_slice) {
                Some([one]) => Some((p, *one)),
                _ => None,
            },
        )
        .collect();
    // With their articles: a name far commoner alone than in full is mostly something else (the
    // registry keeps it apart), which only reading its articles settles.
    println!(
        "one-word people of the top 500 beside the one full name they mean: {} {:?}",
        beside.len(),
        beside
            .iter()
            .take(10)
            .map(|(p, f)| format!(
                "{p} ({}) / {f} ({})",
                articles[p.as_str()],
                articles[f.as_str()]
            ))
            .collect::<Vec<_>>()
    );
    let reg = ix.registry().expect("registry");
    let n = match reg.resolve(FacetKind::Person, &probe) {
        Resolution::Found(v) => v.len(),
        Resolution::NotFound { .. } => 0,
    };
    println!(
        "--person {probe}: {n} entit{}",
        if n == 1 { "y" } else { "ies" }
    );
}

/// Pairs of names that are one name spelled two ways: the same without case, accents,
/// punctuation and one-letter initials.
fn same_but_spelling(names: &[String]) -> Vec<(String, String)> {
    let mut by_key: BTreeMap<String, Vec<&String>> = BTreeMap::new();
    for n in names {
        let key: Vec<String> = fold(n)
            .split(' ')
            .filter(|w| w.chars().count() > 1)
            .map(str::to_string)
            .collect();
        if !key.is_empty() {
            by_key.entry(key.join(" ")).or_default().push(n);
        }
    }
    by_key
        .into_values()
        .filter(|v| v.len() > 1)
        .map(|v| (v[0].clone(), v[1].clone()))
        .collect()
}
