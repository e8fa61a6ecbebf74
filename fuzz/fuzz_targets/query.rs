//! User queries on an index in memory: any text, name or date, no panic.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use newsdex::extract::Extractor;
use newsdex::index::{Indexer, NewsIndex};
use newsdex::query::{parse_query_date, resolve_name, Request, Target};
use newsdex::Article;

static INDEX: LazyLock<NewsIndex> = LazyLock::new(|| {
    let ix = NewsIndex::in_ram();
    let a = Article {
        id: "1".into(),
        title: "Summit in Alaska".into(),
        body: "“Next time in Moscow?” Vladimir Putin said to Donald Trump in Anchorage.".into(),
        date: None,
        source: Some("Wire".into()),
        url: None,
        authors: vec![],
        origin: "fuzz".into(),
    };
    let e = Extractor::default().enrich(&a);
    let mut w = Indexer::new(&ix, 1, 20 << 20).expect("writer");
    w.add(&a, &e, "fuzz").expect("add");
    w.finish().expect("commit");
    ix
});

fuzz_target!(|text: &str| {
    let ix = &*INDEX;
    let _ = parse_query_date(text);
    let known = ix.facet_names("person").unwrap_or_default();
    let _ = resolve_name(text, &known);
    let req = Request {
        text: Some(text.to_string()),
        limit: 5,
        ..Request::default()
    };
    let _ = ix.search(Target::Articles, &req);
    let _ = ix.search(Target::Quotes, &req);
});
