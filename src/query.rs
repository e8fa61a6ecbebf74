//! Queries: the user's words and filters become one tantivy query over articles or quotes,
//! answered with hits, snippets and facet counts; entity names resolve forgivingly.

use std::collections::BTreeMap;
use std::ops::Bound;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, Order, TantivyDocument, Term};

use crate::error::{Error, Result};
pub use crate::extract::names::fold;
use crate::index::facets::{all_names, NameCounts};
use crate::index::{NewsIndex, KIND_ARTICLE, KIND_QUOTE};

/// The facet kinds a filter or a count can name.
pub const FACET_KINDS: [&str; 4] = ["person", "place", "org", "speaker"];

/// Which documents a query looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Articles,
    Quotes,
}

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// A query with its filters. Facet filters hold canonical names: each inner list is one
/// user-given name's matches (any of them), and every list must hold.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub text: Option<String>,
    pub facets: Vec<(&'static str, Vec<String>)>,
    pub source: Option<String>,
    pub since: Option<DateTime>,
    pub until: Option<DateTime>,
    pub sort: SortBy,
    pub limit: usize,
    pub offset: usize,
}

/// One result.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Hit {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    /// Where the article came from: file, and line for line-based formats.
    pub path: String,
    pub url: Option<String>,
    pub score: f32,
    /// For articles, a passage with the matched words; for quotes, the quote.
    pub snippet: String,
    /// Byte ranges of `snippet` to highlight.
    pub highlights: Vec<(usize, usize)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
}

/// Hits, the total count, and the facet counts of the whole result set.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Per facet kind, the top names with their counts.
    pub facets: BTreeMap<String, Vec<(String, u64)>>,
}

impl NewsIndex {
    /// Builds the tantivy query for a request.
    pub fn build_query(&self, target: Target, r: &Request) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let kind = match target {
            Target::Articles => KIND_ARTICLE,
            Target::Quotes => KIND_QUOTE,
        };
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(f.kind, kind),
                IndexRecordOption::Basic,
            )),
        )];
        if let Some(text) = r.text.as_deref().filter(|t| !t.trim().is_empty()) {
            let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
            parser.set_conjunction_by_default();
            // Lenient: a stray quote or parenthesis is read as best it can be, never an error.
            let (q, _errors) = parser.parse_query_lenient(text);
            must.push((Occur::Must, q));
        }
        // Quotes carry their speaker; the people, places and organisations are their article's.
        let (direct, via_article): (Vec<_>, Vec<_>) = r
            .facets
            .iter()
            .partition(|(kind, _)| target == Target::Articles || *kind == "speaker");
        for (kind, names) in direct {
            must.push((Occur::Must, self.any_facet(kind, names)));
        }
        if !via_article.is_empty() {
            let mut articles: Vec<(Occur, Box<dyn Query>)> = vec![(
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.kind, KIND_ARTICLE),
                    IndexRecordOption::Basic,
                )),
            )];
            for (kind, names) in via_article {
                articles.push((Occur::Must, self.any_facet(kind, names)));
            }
            let keys = self.article_keys(&BooleanQuery::new(articles))?;
            let terms = keys
                .into_iter()
                .map(|k| Term::from_field_u64(f.article_key, k));
            must.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        if let Some(s) = &r.source {
            let term = Term::from_field_text(f.source, s);
            must.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        if r.since.is_some() || r.until.is_some() {
            let bound = |d: Option<DateTime>, incl: bool| match d {
                None => Bound::Unbounded,
                Some(d) => {
                    let t = Term::from_field_date(f.date, d);
                    if incl {
                        Bound::Included(t)
                    } else {
                        Bound::Excluded(t)
                    }
                }
            };
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(r.since, true), bound(r.until, true))),
            ));
        }
        Ok(Box::new(BooleanQuery::new(must)))
    }

    /// Documents filed under any of `names` of one facet kind.
    fn any_facet(&self, kind: &str, names: &[String]) -> Box<dyn Query> {
        let any: Vec<(Occur, Box<dyn Query>)> = names
            .iter()
            .map(|n| {
                let term =
                    Term::from_facet(self.fields.facets, &Facet::from_path([kind, n.as_str()]));
                let q: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(any))
    }

    /// The `article_key` of every document a query matches.
    fn article_keys(&self, q: &dyn Query) -> Result<Vec<u64>> {
        let searcher = self.searcher()?;
        let docs = searcher.search(q, &DocSetCollector)?;
        let mut columns = std::collections::HashMap::new();
        let mut keys = Vec::with_capacity(docs.len());
        for addr in docs {
            let col = match columns.entry(addr.segment_ord) {
                std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
                std::collections::hash_map::Entry::Vacant(e) => e.insert(
                    searcher
                        .segment_reader(addr.segment_ord)
                        .fast_fields()
                        .u64("article_key")?,
                ),
            };
            keys.extend(col.first(addr.doc_id));
        }
        Ok(keys)
    }

    /// Runs a request: hits in the asked order, with snippets, and facet counts of all matches.
    pub fn search(&self, target: Target, r: &Request) -> Result<Results> {
        let searcher = self.searcher()?;
        let query = self.build_query(target, r)?;
        let f = &self.fields;
        let facet_collector = NameCounts::new(&FACET_KINDS, 10);
        let window = r
            .limit
            .saturating_add(r.offset)
            .min(searcher.num_docs() as usize);
        let mut hits = Vec::new();
        let (total, facet_counts) = if window == 0 {
            searcher.search(&query, &(Count, facet_collector))?
        } else {
            let top = TopDocs::with_limit(window).and_offset(0);
            match r.sort {
                SortBy::Relevance => {
                    let (n, fc, docs) =
                        searcher.search(&query, &(Count, facet_collector, top.order_by_score()))?;
                    hits = docs.into_iter().skip(r.offset).collect();
                    (n, fc)
                }
                SortBy::Date => {
                    let (n, fc, docs) = searcher.search(
                        &query,
                        &(
                            Count,
                            facet_collector,
                            top.order_by_fast_field::<DateTime>("date", Order::Desc),
                        ),
                    )?;
                    hits = docs
                        .into_iter()
                        .skip(r.offset)
                        .map(|(_, a)| (0.0, a))
                        .collect();
                    (n, fc)
                }
            }
        };
        let snippets = match target {
            Target::Articles => {
                let mut g = SnippetGenerator::create(&searcher, &*query, f.body)?;
                g.set_max_num_chars(240);
                Some(g)
            }
            Target::Quotes => None,
        };
        let mut out = Vec::with_capacity(hits.len());
        for (score, addr) in hits {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let (snippet, highlights) = match &snippets {
                Some(g) => {
                    let s = g.snippet_from_doc(&doc);
                    let hl = s.highlighted().iter().map(|r| (r.start, r.end)).collect();
                    let frag = s.fragment().to_string();
                    if frag.is_empty() {
                        (
                            first_chars(text_of(&doc, f.body).as_deref().unwrap_or(""), 240),
                            vec![],
                        )
                    } else {
                        (frag, hl)
                    }
                }
                None => (text_of(&doc, f.body).unwrap_or_default(), vec![]),
            };
            out.push(Hit {
                id: text_of(&doc, f.id).unwrap_or_default(),
                title: text_of(&doc, f.title)
                    .or_else(|| text_of(&doc, f.quote_title))
                    .unwrap_or_default(),
                date: doc
                    .get_first(f.date)
                    .and_then(|v| v.as_datetime())
                    .map(format_date),
                source: text_of(&doc, f.source),
                path: text_of(&doc, f.origin).unwrap_or_default(),
                url: text_of(&doc, f.url),
                score,
                snippet,
                highlights,
                speaker: text_of(&doc, f.speaker),
            });
        }
        let facets = FACET_KINDS
            .iter()
            .map(|k| k.to_string())
            .zip(facet_counts)
            .collect();
        Ok(Results {
            total,
            hits: out,
            facets,
        })
    }

    /// Names under one facet kind with their document counts for a request, most frequent first.
    pub fn facet_counts(
        &self,
        target: Target,
        kind: &str,
        r: &Request,
        limit: usize,
    ) -> Result<Vec<(String, u64)>> {
        let searcher = self.searcher()?;
        let query = self.build_query(target, r)?;
        let kind = FACET_KINDS
            .into_iter()
            .find(|k| *k == kind)
            .ok_or_else(|| Error::Query(format!("no facet kind {kind:?}")))?;
        let mut counts = searcher.search(&query, &NameCounts::new(&[kind], limit))?;
        Ok(counts.pop().unwrap_or_default())
    }

    /// Every distinct name filed under a facet kind, read from the term dictionaries.
    pub fn facet_names(&self, kind: &str) -> Result<Vec<String>> {
        all_names(&self.searcher()?, kind)
    }

    /// Number of documents of one kind.
    pub fn count(&self, target: Target) -> Result<usize> {
        let searcher = self.searcher()?;
        let kind = match target {
            Target::Articles => KIND_ARTICLE,
            Target::Quotes => KIND_QUOTE,
        };
        // A term's document frequency counts deleted documents too; a search does not.
        let q = TermQuery::new(
            Term::from_field_text(self.fields.kind, kind),
            IndexRecordOption::Basic,
        );
        Ok(searcher.search(&q, &Count)?)
    }

    /// The earliest and latest article dates.
    pub fn date_range(&self) -> Result<(Option<String>, Option<String>)> {
        let searcher = self.searcher()?;
        let (mut lo, mut hi): (Option<i64>, Option<i64>) = (None, None);
        for seg in searcher.segment_readers() {
            let col = seg.fast_fields().date("date")?;
            for doc in 0..seg.max_doc() {
                if seg.is_deleted(doc) {
                    continue;
                }
                for d in col.values_for_doc(doc) {
                    let t = d.into_timestamp_secs();
                    lo = Some(lo.map_or(t, |l| l.min(t)));
                    hi = Some(hi.map_or(t, |h| h.max(t)));
                }
            }
        }
        let fmt = |t: i64| format_date(DateTime::from_timestamp_secs(t));
        Ok((lo.map(fmt), hi.map(fmt)))
    }
}

fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

fn first_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// `YYYY-MM-DD` of a tantivy date.
pub fn format_date(d: DateTime) -> String {
    let dt = d.into_utc();
    format!("{:04}-{:02}-{:02}", dt.year(), dt.month() as u8, dt.day())
}

/// How a user's name matched the names in the index.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// The canonical names it means: one, or several where it is ambiguous.
    Found(Vec<String>),
    /// No match; the closest known names.
    NotFound { suggestions: Vec<String> },
}

/// Resolves a user's name against known names: without case or accents, the whole name first,
/// else every word of it as a word of the name ("putin", "taylor" matches two people).
pub fn resolve_name(query: &str, known: &[String]) -> Resolution {
    let q = fold(query);
    if q.is_empty() {
        return Resolution::NotFound {
            suggestions: Vec::new(),
        };
    }
    // A full name means that name; one word ("trump") means every name with that word, the
    // bare "Trump" of one article and the "Donald Trump" of another alike.
    let exact: Vec<String> = known.iter().filter(|k| fold(k) == q).cloned().collect();
    if !exact.is_empty() && q.contains(' ') {
        return Resolution::Found(exact);
    }
    let qwords: Vec<&str> = q.split(' ').collect();
    let by_words: Vec<String> = known
        .iter()
        .filter(|k| {
            let f = fold(k);
            let words: Vec<&str> = f.split(' ').collect();
            qwords.iter().all(|w| words.contains(w))
        })
        .cloned()
        .collect();
    if !by_words.is_empty() {
        return Resolution::Found(by_words);
    }
    let mut scored: Vec<(usize, &String)> = known
        .iter()
        .map(|k| {
            let f = fold(k);
            let best_word = f
                .split(' ')
                .map(|w| levenshtein(w, &q))
                .min()
                .unwrap_or(usize::MAX);
            (levenshtein(&f, &q).min(best_word), k)
        })
        .filter(|(d, _)| *d <= q.chars().count() / 3 + 1)
        .collect();
    scored.sort();
    Resolution::NotFound {
        suggestions: scored.into_iter().take(3).map(|(_, k)| k.clone()).collect(),
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Parses a `--since`/`--until` date for a query.
pub fn parse_query_date(s: &str) -> Result<DateTime> {
    crate::ingest::parse_date(s)
        .map(|d| DateTime::from_timestamp_secs(d.unix_timestamp()))
        .ok_or_else(|| Error::Query(format!("date {s:?} not understood; use YYYY-MM-DD")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_resolve_by_fold_and_word() {
        let known: Vec<String> = [
            "Vladimir Putin",
            "William Taylor",
            "Andrea Kendall-Taylor",
            "José Núñez",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let found = |q: &str| match resolve_name(q, &known) {
            Resolution::Found(v) => v,
            Resolution::NotFound { suggestions } => panic!("{q}: not found, {suggestions:?}"),
        };
        assert_eq!(found("putin"), vec!["Vladimir Putin"]);
        let with_bare: Vec<String> =
            vec!["Trump".into(), "Donald Trump".into(), "Donald Tusk".into()];
        assert_eq!(
            resolve_name("trump", &with_bare),
            Resolution::Found(vec!["Trump".into(), "Donald Trump".into()])
        );
        assert_eq!(
            resolve_name("donald trump", &with_bare),
            Resolution::Found(vec!["Donald Trump".into()])
        );
        assert_eq!(found("VLADIMIR PUTIN"), vec!["Vladimir Putin"]);
        assert_eq!(found("jose nunez"), vec!["José Núñez"]);
        assert_eq!(
            found("taylor"),
            vec!["William Taylor", "Andrea Kendall-Taylor"]
        );
        assert_eq!(
            resolve_name("puttin", &known),
            Resolution::NotFound {
                suggestions: vec!["Vladimir Putin".to_string()]
            }
        );
    }
}
