//! User queries on an index in memory: any text as words, as a name of every kind, as a date
//! and as a quote kind: an answer or an error, never a panic.
#![no_main]

use std::sync::{Arc, LazyLock};

use libfuzzer_sys::fuzz_target;
use newsdex::extract::Extractor;
use newsdex::index::{Indexer, NewsIndex};
use newsdex::query::{Params, Target};
use newsdex::Article;

static INDEX: LazyLock<NewsIndex> = LazyLock::new(|| {
    let ix = NewsIndex::in_ram();
    let a = Article::from_text(
        "1",
        "Summit in Alaska",
        "ANCHORAGE (Reuters) - “Next time in Moscow?” Vladimir Putin said to Donald Trump. \
         Trump said he would demand a ceasefire. (Reporting by Ann Lee; Editing by Bo Chen)",
    );
    let e = Extractor::default().enrich(&a);
    let mut w = Indexer::new(&ix, 1, 20 << 20).expect("writer");
    w.add(&a, &e, &Arc::from("fuzz"), 0).expect("add");
    w.finish().expect("commit");
    ix.rebuild_registry().expect("registry");
    ix
});

fuzz_target!(|text: &str| {
    let ix = &*INDEX;
    let params = [
        Params {
            q: Some(text.to_string()),
            limit: Some(5),
            ..Params::default()
        },
        Params {
            person: vec![text.to_string()],
            speaker: vec![text.to_string()],
            ..Params::default()
        },
        Params {
            org: vec![text.to_string()],
            author: vec![text.to_string()],
            since: Some(text.to_string()),
            ..Params::default()
        },
        Params {
            until: Some(text.to_string()),
            kind: vec![text.to_string()],
            ..Params::default()
        },
    ];
    for p in &params {
        if let Ok((req, _)) = ix.resolve(p, 5) {
            let _ = ix.search(Target::Articles, &req);
            let _ = ix.search(Target::Quotes, &req);
        }
    }
});
