//! Everything an index answers, in one comparable value: its articles with their stored
//! enrichment, facets and quotes, the registry's entities, facet counts of every kind and the
//! figures `stats` prints. Two indexes that answer every query alike have equal snapshots, so
//! tests compare an index updated run by run with a fresh one, and merged shards with one index.

use std::collections::BTreeMap;

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::schema::Value;
use tantivy::TantivyDocument;

use super::stored::text_of;
use super::DocKind;
use super::NewsIndex;
use crate::error::Result;
use crate::facet::FacetKind;
use crate::query::{Request, Target};

/// One article as the index holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleView {
    pub title: String,
    pub origin: String,
    pub date: Option<i64>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// Facet values, as `kind/name`, sorted.
    pub facets: Vec<String>,
    pub enrichment: String,
    /// Its quote documents, sorted.
    pub quotes: Vec<QuoteView>,
}

/// A quote document: words, speaker, kind.
pub type QuoteView = (String, Option<String>, Option<String>);

/// One entity of the registry: kind, canonical name, articles, variants.
pub type EntityView = (String, String, u32, Vec<String>);

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    pub articles: BTreeMap<String, ArticleView>,
    pub entities: Vec<EntityView>,
    /// Facet counts over all articles, and over all quotes, by kind.
    pub article_facets: BTreeMap<String, Vec<(String, u64)>>,
    pub quote_facets: BTreeMap<String, Vec<(String, u64)>>,
    pub stats: (usize, usize, Option<String>, Option<String>),
}

impl NewsIndex {
    /// The snapshot of the last commit this handle sees (call [`NewsIndex::refresh`] first).
    pub fn snapshot(&self) -> Result<Snapshot> {
        let searcher = self.searcher()?;
        let f = &self.fields;
        let mut articles = BTreeMap::new();
        let mut quotes: BTreeMap<String, Vec<QuoteView>> = BTreeMap::new();
        for kind in [DocKind::Article, DocKind::Quote] {
            let q = tantivy::query::TermQuery::new(
                tantivy::Term::from_field_text(f.kind, kind.as_str()),
                tantivy::schema::IndexRecordOption::Basic,
            );
            for addr in searcher.search(&q, &DocSetCollector)? {
                let doc: TantivyDocument = searcher.doc(addr)?;
                let id = text_of(&doc, f.id).unwrap_or_default();
                if kind == DocKind::Quote {
                    quotes.entry(id).or_default().push((
                        text_of(&doc, f.quote_text).unwrap_or_default(),
                        text_of(&doc, f.speaker),
                        text_of(&doc, f.quote_kind),
                    ));
                    continue;
                }
                let seg = searcher.segment_reader(addr.segment_ord);
                let reader = seg.facet_reader("facets")?;
                let mut facets = Vec::new();
                let mut facet = tantivy::schema::Facet::root();
                for ord in reader.facet_ords(addr.doc_id) {
                    reader.facet_from_ord(ord, &mut facet)?;
                    facets.push(facet.to_path_string());
                }
                facets.sort();
                articles.insert(
                    id,
                    ArticleView {
                        title: text_of(&doc, f.title).unwrap_or_default(),
                        origin: text_of(&doc, f.origin).unwrap_or_default(),
                        date: doc
                            .get_first(f.date)
                            .and_then(|v| v.as_datetime())
                            .map(|d| d.into_timestamp_secs()),
                        source: text_of(&doc, f.source),
                        url: text_of(&doc, f.url),
                        authors: doc
                            .get_all(f.authors)
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect(),
                        facets,
                        enrichment: text_of(&doc, f.enrichment).unwrap_or_default(),
                        quotes: Vec::new(),
                    },
                );
            }
        }
        for (id, mut qs) in quotes {
            qs.sort();
            if let Some(a) = articles.get_mut(&id) {
                a.quotes = qs;
            } else {
                // A quote without its article would be a bug worth seeing in a comparison.
                articles.insert(
                    format!("(orphan quotes of {id})"),
                    ArticleView {
                        title: String::new(),
                        origin: String::new(),
                        date: None,
                        source: None,
                        url: None,
                        authors: Vec::new(),
                        facets: Vec::new(),
                        enrichment: String::new(),
                        quotes: qs,
                    },
                );
            }
        }
        let reg = self.registry()?;
        let mut entities: Vec<EntityView> = reg
            .entities()
            .map(|e| {
                let mut variants: Vec<String> = reg
                    .variants(e.id)
                    .map(|v| format!("{}/{}", v.kind.as_str(), v.name))
                    .collect();
                variants.sort();
                (
                    e.kind.as_str().to_string(),
                    e.canonical.to_string(),
                    e.articles,
                    variants,
                )
            })
            .collect();
        entities.sort();
        let all = Request {
            limit: 0,
            ..Request::default()
        };
        let facets = |target| -> Result<BTreeMap<String, Vec<(String, u64)>>> {
            let mut out = BTreeMap::new();
            for kind in FacetKind::ALL {
                let counts = self.facet_counts(target, kind, &all, usize::MAX)?;
                out.insert(
                    kind.as_str().to_string(),
                    counts.into_iter().map(|n| (n.name, n.count)).collect(),
                );
            }
            Ok(out)
        };
        let article_facets = facets(Target::Articles)?;
        let quote_facets = facets(Target::Quotes)?;
        let (first, last) = self.date_range()?;
        Ok(Snapshot {
            articles,
            entities,
            article_facets,
            quote_facets,
            stats: (
                self.count(Target::Articles)?,
                self.count(Target::Quotes)?,
                first,
                last,
            ),
        })
    }
}
