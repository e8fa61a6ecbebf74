//! The extractor on arbitrary UTF-8 text: no panic, and every span inside the text on
//! character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdex::extract::{Extractor, Field};
use newsdex::Article;
use std::sync::LazyLock;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::default);

fuzz_target!(|text: &str| {
    let (title, body) = text.split_once('\u{1}').unwrap_or(("", text));
    let a = Article::from_text("f", title, body);
    let e = EXTRACTOR.enrich(&a);
    for m in &e.entities {
        let t = if m.field == Field::Title { title } else { body };
        assert!(t.get(m.start..m.end).is_some());
    }
    for q in &e.quotes {
        assert!(body.get(q.start..q.end).is_some());
        if let Some((s0, s1)) = q.speaker_span {
            assert!(body.get(s0..s1).is_some());
        }
    }
});
