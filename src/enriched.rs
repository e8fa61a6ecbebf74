//! Enriched articles as a file format: every article with all its fields and its enrichment, one
//! JSON object a line. Enrichment is the costly step and needs nothing but the article, so it can
//! run anywhere (on the executors of a Spark job), and `newsdex index --enriched` indexes its
//! output without tagging again into the index that reading and tagging the files would give.
//!
//! Version 1 of the format, one [`Record`] a line (UTF-8 JSON Lines, plain or gzip):
//!
//! ```json
//! {"newsdex_enriched":1,"id":"a1","title":"Talks","body":"“We agree,” Ann Lee said.",
//!  "date":"2019-01-04T00:00:00Z","source":null,"url":null,"authors":[],
//!  "origin":"/data/a.jsonl:1","file":"/data/a.jsonl","rank":0,
//!  "enrichment":{"entities":[{"type":"person","start":16,"end":23,"text":"Ann Lee",
//!  "name":"Ann Lee"}],"quotes":[{"start":3,"end":11,"text":"We agree","kind":"direct",
//!  "speaker":"Ann Lee","speaker_start":16,"speaker_end":23}],"authors":[],"agency":null}}
//! ```
//!
//! `newsdex read --records` prints records without `enrichment` (articles as read, keyed as the
//! index keys them); `newsdex extract --articles` prints them with it.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crossbeam_channel::bounded;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::article::Article;
use crate::extract::{Enrichment, Entity, EntityType, Extractor, Field, Quote, QuoteKind};
use crate::ingest::{self, Item, Kind, Skip, SkipReason};
use crate::output::{EntityJson, ExtractJson, QuoteJson};

/// The version of the format this newsdex writes and reads; bumped when a field changes meaning.
pub const VERSION: u32 = 1;

/// One article with its fields, where the index files it, and its enrichment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The format's version ([`VERSION`]), in every line: a reader refuses a line of another.
    pub newsdex_enriched: u32,
    /// The article's stable id (its own id, else its URL, else a hash of title and body): a
    /// second article of the same id replaces the first, as in `newsdex index`.
    pub id: String,
    /// The title, possibly empty.
    #[serde(default)]
    pub title: String,
    /// The body text; every span below is a byte range into it (or into the title).
    pub body: String,
    /// Publication time, RFC 3339, or `null`.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    /// The publisher as the input gave it, or `null`.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// The authors as the input gave them (those its credit lines name are in the enrichment).
    #[serde(default)]
    pub authors: Vec<String>,
    /// Where it was read: the file as named, with `:LINE`, `#INDEX` or `!MEMBER` inside it.
    pub origin: String,
    /// The file it came from as the index keys it: an absolute path (or a URL, or `-` for
    /// standard input). With `rank` it decides which of two copies of one id is the article.
    pub file: String,
    /// Its place in that file (the n-th article read from it, from 0): of two copies of one id
    /// the one of the greater (file, rank) is the article, whatever order they are indexed in.
    pub rank: u64,
    /// What enrichment found; absent in `newsdex read --records` output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrichment: Option<RecordEnrichment>,
}

/// An article's enrichment as a record holds it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordEnrichment {
    /// Every mention, body first, then title: `type` (`person`, `place`, `org`), byte `start`
    /// and `end`, `text` (the words at the span, checked on reading), `name` (the article-level
    /// canonical name; the index's registry maps it to its entity) and `field` (`"title"` for a
    /// mention in the title; absent for the body).
    pub entities: Vec<EntityJson>,
    /// Every quote in the body: byte `start` and `end`, `text`, `kind` (`direct`, `partial`,
    /// `indirect`), `speaker` (canonical name, or `null` for an unnamed source) and
    /// `speaker_start`/`speaker_end` (the mention the attribution rests on, or `null`).
    pub quotes: Vec<QuoteJson>,
    /// The people its credit lines and byline name.
    #[serde(default)]
    pub authors: Vec<String>,
    /// The agency its dateline names, used as the source where the article gives none.
    #[serde(default)]
    pub agency: Option<String>,
}

/// An article, the file key and rank it is indexed under, and its enrichment if the record had one.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyed {
    pub article: Box<Article>,
    pub file: Arc<str>,
    pub rank: u64,
    pub enrichment: Option<Enrichment>,
}

impl Record {
    pub fn new(a: &Article, file: &str, rank: u64, e: Option<&Enrichment>) -> Self {
        Record {
            newsdex_enriched: VERSION,
            id: a.id.clone(),
            title: a.title.clone(),
            body: a.body.clone(),
            date: a.date,
            source: a.source.clone(),
            url: a.url.clone(),
            authors: a.authors.clone(),
            origin: a.origin.clone(),
            file: file.to_string(),
            rank,
            enrichment: e.map(|e| {
                let j = ExtractJson::new(a, e);
                RecordEnrichment {
                    entities: j.entities,
                    quotes: j.quotes,
                    authors: e.authors.clone(),
                    agency: e.agency.clone(),
                }
            }),
        }
    }

    /// The article and its enrichment, every span checked against the text.
    pub fn into_keyed(self) -> Result<Keyed, String> {
        if self.newsdex_enriched != VERSION {
            return Err(version_message(self.newsdex_enriched));
        }
        if self.id.trim().is_empty() {
            return Err("empty id".into());
        }
        let article = Box::new(Article {
            id: self.id,
            title: self.title,
            body: self.body,
            date: self.date,
            source: self.source,
            url: self.url,
            authors: self.authors,
            origin: self.origin,
        });
        let enrichment = self
            .enrichment
            .map(|r| enrichment_of(&article, r))
            .transpose()?;
        Ok(Keyed {
            article,
            file: Arc::from(self.file.as_str()),
            rank: self.rank,
            enrichment,
        })
    }
}

fn version_message(found: u32) -> String {
    format!("format version {found}, this newsdex reads version {VERSION}: write it again with this newsdex's `extract --articles`")
}

/// The span `start..end` of `text`, if it lies inside it on character boundaries.
fn span(text: &str, start: usize, end: usize) -> Option<&str> {
    (start < end).then(|| text.get(start..end)).flatten()
}

fn enrichment_of(a: &Article, r: RecordEnrichment) -> Result<Enrichment, String> {
    let mut entities = Vec::with_capacity(r.entities.len());
    for (i, m) in r.entities.into_iter().enumerate() {
        let kind = EntityType::parse(&m.kind)
            .ok_or_else(|| format!("entities[{i}]: unknown type {:?}", m.kind))?;
        let (field, text) = match m.field.as_deref() {
            None | Some("body") => (Field::Body, &a.body),
            Some("title") => (Field::Title, &a.title),
            Some(other) => return Err(format!("entities[{i}]: unknown field {other:?}")),
        };
        if span(text, m.start, m.end) != Some(m.text.as_str()) {
            return Err(format!(
                "entities[{i}]: {}..{} is not {:?} in the {}",
                m.start,
                m.end,
                m.text,
                if field == Field::Title {
                    "title"
                } else {
                    "body"
                }
            ));
        }
        if m.name.trim().is_empty() {
            return Err(format!("entities[{i}]: empty name"));
        }
        entities.push(Entity {
            kind,
            field,
            start: m.start,
            end: m.end,
            name: m.name,
        });
    }
    let mut quotes = Vec::with_capacity(r.quotes.len());
    for (i, q) in r.quotes.into_iter().enumerate() {
        let kind = QuoteKind::parse(&q.kind)
            .ok_or_else(|| format!("quotes[{i}]: unknown kind {:?}", q.kind))?;
        if span(&a.body, q.start, q.end) != Some(q.text.as_str()) {
            return Err(format!(
                "quotes[{i}]: {}..{} is not {:?} in the body",
                q.start, q.end, q.text
            ));
        }
        let speaker_span = match (q.speaker_start, q.speaker_end) {
            (Some(s), Some(e)) if span(&a.body, s, e).is_some() => Some((s, e)),
            (None, None) => None,
            _ => return Err(format!("quotes[{i}]: bad speaker span")),
        };
        quotes.push(Quote {
            start: q.start,
            end: q.end,
            kind,
            speaker: q.speaker,
            speaker_span,
        });
    }
    Ok(Enrichment {
        entities,
        quotes,
        authors: r.authors,
        agency: r.agency,
    })
}

/// Reads records, one JSON object a line (gzip is recognised by its first bytes). Every bad line
/// is a [`Skip`] naming `shown` and the line; the rest go on.
pub fn read_records(
    raw: impl Read,
    shown: &str,
    max_size: u64,
    emit: &mut dyn FnMut(Result<Keyed, Skip>),
) {
    record_lines(&mut crate::ingest::gunzipped(raw), shown, max_size, emit)
}

fn record_lines(
    reader: &mut dyn BufRead,
    shown: &str,
    max_size: u64,
    emit: &mut dyn FnMut(Result<Keyed, Skip>),
) {
    let mut line = Vec::new();
    for n in 1.. {
        line.clear();
        let origin = || format!("{shown}:{n}");
        let skip = |reason| {
            Err(Skip {
                origin: origin(),
                reason,
            })
        };
        match ingest::read_line_bounded(reader, &mut line, max_size) {
            Ok(None) => break,
            Ok(Some(true)) => {
                emit(skip(SkipReason::TooLarge(max_size)));
                continue;
            }
            Ok(Some(false)) => {}
            Err(e) => return emit(skip(SkipReason::Unreadable(e.to_string()))),
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let text = match ingest::check_text(&line) {
            Ok(t) => t,
            Err((reason, _)) => {
                emit(skip(reason));
                continue;
            }
        };
        emit(parse_record(text).map_err(|msg| Skip {
            origin: origin(),
            reason: SkipReason::BadRecord(msg),
        }));
    }
}

/// One line: a record of this version, else why not (a line of another version says so rather
/// than naming a field it lacks).
fn parse_record(text: &str) -> Result<Keyed, String> {
    match serde_json::from_str::<Record>(text) {
        Ok(r) => r.into_keyed(),
        Err(e) => {
            #[derive(Deserialize)]
            struct Versioned {
                newsdex_enriched: u32,
            }
            match serde_json::from_str::<Versioned>(text) {
                Ok(v) if v.newsdex_enriched != VERSION => Err(version_message(v.newsdex_enriched)),
                Ok(_) => Err(e.to_string()),
                Err(_) if e.is_data() => Err(format!(
                    "{e}; expected a line of `newsdex extract --articles` (a \"newsdex_enriched\" record)"
                )),
                Err(_) => Err(e.to_string()),
            }
        }
    }
}

/// What reading source files gives: articles keyed as `newsdex index` keys them, skips, warnings.
pub enum Sourced {
    Article(Keyed),
    Skip(Skip),
    Warning(String),
}

/// The key of a file named `name`: its absolute path, or the name itself where it is a URL (an
/// HDFS or S3 path as Spark names it).
pub fn file_key(name: &str) -> String {
    if name.contains("://") {
        name.to_string()
    } else {
        crate::index::pipeline::absolute(Path::new(name))
    }
}

/// Reads files and directories as `newsdex index` reads them, each article with the file key and
/// rank the index gives it. `stdin_name` names standard input (`-`) as the file it holds: its
/// format is the name's, and its articles are keyed and named by it, as if read from that file.
pub fn read_sources(
    paths: &[PathBuf],
    stdin_name: Option<&str>,
    max_size: u64,
    emit: &mut dyn FnMut(Sourced),
) {
    for entry in ingest::walk(paths) {
        let file = match entry {
            Ok(f) => f,
            Err(s) => {
                emit(Sourced::Skip(s));
                continue;
            }
        };
        let mut rank = 0u64;
        let mut keyed = |key: &Arc<str>, item: Item| match item {
            Item::Article(article) => {
                emit(Sourced::Article(Keyed {
                    article,
                    file: key.clone(),
                    rank,
                    enrichment: None,
                }));
                rank += 1;
            }
            Item::Skip(s) => emit(Sourced::Skip(s)),
            Item::Warning(w) => emit(Sourced::Warning(w)),
        };
        match stdin_name.filter(|_| file.is_stdin()) {
            Some(name) => {
                let key: Arc<str> = Arc::from(file_key(name).as_str());
                // A file of no kind newsdex reads (a folder's notes) gives nothing, as a walk
                // passes it over.
                if let Some(kind) = Kind::of(name) {
                    ingest::read_from(
                        std::io::stdin().lock(),
                        Path::new(name),
                        kind,
                        max_size,
                        &mut |item| keyed(&key, item),
                    );
                }
            }
            None => {
                let key: Arc<str> = if file.stream {
                    Arc::from(crate::index::pipeline::STREAM_KEY)
                } else {
                    Arc::from(crate::index::pipeline::absolute(&file.path).as_str())
                };
                ingest::read_file(&file, max_size, &mut |item| keyed(&key, item));
            }
        }
    }
}

/// Enriches articles on `threads` threads, handing each to `out` in the order `read` gives
/// them. An error from `out` (a closed pipe) stops the enrichment.
pub fn enrich_in_order(
    extractor: &Extractor,
    threads: usize,
    read: impl FnOnce(&mut dyn FnMut(Keyed)),
    mut out: impl FnMut(Keyed, Enrichment) -> std::io::Result<()> + Send,
) -> std::io::Result<()> {
    const BATCH: usize = 16;
    let threads = threads.max(1);
    let (work_tx, work_rx) = bounded::<(u64, Vec<Keyed>)>(2 * threads);
    let (done_tx, done_rx) = bounded::<(u64, Vec<(Keyed, Enrichment)>)>(2 * threads);
    std::thread::scope(|s| {
        for _ in 0..threads {
            let (work_rx, done_tx) = (work_rx.clone(), done_tx.clone());
            s.spawn(move || {
                for (n, batch) in work_rx {
                    let done = batch
                        .into_iter()
                        .map(|k| {
                            let e = extractor.enrich(&k.article);
                            (k, e)
                        })
                        .collect();
                    if done_tx.send((n, done)).is_err() {
                        return;
                    }
                }
            });
        }
        drop((work_rx, done_tx));
        let writer = s.spawn(move || -> std::io::Result<()> {
            // Batches come back in any order: each waits for those before it.
            let mut waiting = BTreeMap::new();
            let mut next = 0u64;
            for (n, batch) in done_rx {
                waiting.insert(n, batch);
                while let Some(batch) = waiting.remove(&next) {
                    next += 1;
                    for (k, e) in batch {
                        out(k, e)?;
                    }
                }
            }
            Ok(())
        });
        let (mut seq, mut batch, mut open) = (0u64, Vec::with_capacity(BATCH), true);
        read(&mut |k| {
            if !open {
                return;
            }
            batch.push(k);
            if batch.len() == BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                open &= work_tx.send((seq, full)).is_ok();
                seq += 1;
            }
        });
        if open && !batch.is_empty() {
            let _ = work_tx.send((seq, batch));
        }
        drop(work_tx);
        writer.join().expect("writer thread")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;

    fn sample() -> (Article, Enrichment) {
        let mut a = Article::from_text(
            "a1",
            "Putin in Alaska",
            "Vladimir Putin met Donald Trump in Alaska.\n“Next time in Moscow?” Putin said.",
        );
        a.date = Some(time::macros::datetime!(2025-08-15 12:30 +02:00));
        a.source = Some("Example News".into());
        a.authors = vec!["Jane Doe".into()];
        a.origin = "/data/a.jsonl:3".into();
        let e = Extractor::default().enrich(&a);
        (a, e)
    }

    #[test]
    fn a_record_reads_back_as_what_was_written() {
        let (a, e) = sample();
        assert!(!e.quotes.is_empty() && e.entities.iter().any(|m| m.field == Field::Title));
        let line = serde_json::to_string(&Record::new(&a, "/data/a.jsonl", 2, Some(&e))).unwrap();
        assert!(line.starts_with(r#"{"newsdex_enriched":1,"#), "{line}");
        let mut got = Vec::new();
        read_records(line.as_bytes(), "x", 1 << 20, &mut |r| got.push(r));
        let k = got.pop().unwrap().unwrap();
        assert_eq!(*k.article, a);
        assert_eq!(k.enrichment, Some(e));
        assert_eq!((&*k.file, k.rank), ("/data/a.jsonl", 2));
    }

    /// Each bad line is one skip naming its line; the good lines around it are read.
    #[test]
    fn bad_lines_are_skipped_by_line() {
        let (a, e) = sample();
        let good = serde_json::to_string(&Record::new(&a, "f", 0, Some(&e))).unwrap();
        let edit = |from: &str, to: &str| {
            assert!(good.contains(from), "{from}");
            good.replacen(from, to, 1)
        };
        let cases: Vec<(String, &str)> = vec![
            ("{not json".into(), "bad enriched record"),
            (r#"{"id": "x", "body": "y"}"#.into(), "newsdex_enriched"),
            (
                edit(r#""newsdex_enriched":1"#, r#""newsdex_enriched":2"#),
                "format version 2",
            ),
            (
                edit(r#""type":"person""#, r#""type":"animal""#),
                "unknown type",
            ),
            (edit(r#""start":0,"#, r#""start":1,"#), "entities[0]"),
            (
                edit(r#""kind":"direct""#, r#""kind":"loud""#),
                "unknown kind",
            ),
            (edit(r#""id":"a1""#, r#""id":" ""#), "empty id"),
            ("\u{0}".into(), "binary"),
        ];
        for (bad, want) in cases {
            let input = format!("{good}\n{bad}\n\n{good}\n");
            let mut got = Vec::new();
            read_records(input.as_bytes(), "in.jsonl", 1 << 20, &mut |r| got.push(r));
            assert_eq!(got.len(), 3, "{bad}");
            assert!(got[0].is_ok() && got[2].is_ok());
            let skip = got[1].as_ref().unwrap_err();
            assert_eq!(skip.origin, "in.jsonl:2");
            assert!(skip.to_string().contains(want), "{want}: {skip}");
        }
    }

    #[test]
    fn gzip_and_long_lines() {
        use std::io::Write;
        let (a, e) = sample();
        let good = serde_json::to_string(&Record::new(&a, "f", 0, Some(&e))).unwrap();
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        writeln!(gz, "{good}").unwrap();
        let bytes = gz.finish().unwrap();
        let mut got = Vec::new();
        read_records(&bytes[..], "in.jsonl.gz", 1 << 20, &mut |r| got.push(r));
        assert!(matches!(&got[..], [Ok(_)]));
        got.clear();
        read_records(good.as_bytes(), "in", 10, &mut |r| got.push(r));
        assert!(matches!(&got[..], [Err(s)] if s.reason == SkipReason::TooLarge(10)));
    }

    #[test]
    fn enrichment_on_threads_keeps_the_input_order() {
        let ex = Extractor::default();
        let articles: Vec<Keyed> = (0..100)
            .map(|i| Keyed {
                article: Box::new(Article::from_text(
                    &i.to_string(),
                    "",
                    &"Ann Lee said in Paris. ".repeat(1 + i % 7),
                )),
                file: Arc::from("f"),
                rank: i as u64,
                enrichment: None,
            })
            .collect();
        let mut got = Vec::new();
        enrich_in_order(
            &ex,
            4,
            |put| articles.iter().cloned().for_each(put),
            |k, e| {
                assert_eq!(Some(&e), Some(&ex.enrich(&k.article)));
                got.push(k.rank);
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(got, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn file_keys() {
        assert_eq!(file_key("hdfs://nn/x/a.jsonl"), "hdfs://nn/x/a.jsonl");
        assert_eq!(file_key("/x/a.jsonl"), "/x/a.jsonl");
        assert!(Path::new(&file_key("a.jsonl")).is_absolute());
    }
}
