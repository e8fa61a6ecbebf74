//! Queries: the user's words and filters become one tantivy query over articles or quotes,
//! answered with hits, snippets and facet counts by entity.

mod browse;
mod params;
mod snippet;

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{
    BooleanQuery, ConstScoreQuery, EmptyQuery, EnableScoring, Occur, PhraseQuery, Query,
    QueryParser, RangeQuery, TermQuery, TermSetQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DateTime, DocId, Order, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

use crate::error::Result;
use crate::facet::FacetKind;
use crate::index::facets::{ArticleDocs, Cells, EntityCounts, KeyCounts, NameCount};
use crate::index::stored::text_of;
use crate::index::{DocKind, NewsIndex};
use crate::registry::NONE;
pub use browse::{
    registry_entities, ArticleDoc, EntityLine, RegistryEntity, Stats, VariantLine, MAX_SOURCES,
};
pub use params::{parse_query_date, Note, Params, MAX_LIMIT, QUOTE_KINDS};

/// Which documents a query looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Articles,
    Quotes,
}

/// How hits are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Relevance,
    /// Newest first.
    Date,
}

/// One resolved name filter: the facet values of the entities one user-given name means (any
/// of them matches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub kind: FacetKind,
    /// The canonical names of the entities it means.
    pub names: Vec<String>,
    /// Their variants, as facet kind and name.
    pub terms: Vec<(FacetKind, String)>,
}

/// A checked query: every filter must hold. Made by [`NewsIndex::resolve`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Request {
    pub text: Option<String>,
    pub filters: Vec<Filter>,
    /// Quote kinds to keep (none: all).
    pub kinds: Vec<String>,
    pub source: Option<String>,
    pub since: Option<DateTime>,
    pub until: Option<DateTime>,
    pub sort: SortBy,
    pub limit: usize,
    pub offset: usize,
}

impl Request {
    /// Whether the request asks for every article: no words, filters, kinds, source or dates.
    pub fn is_everything(&self) -> bool {
        self.text.is_none()
            && self.filters.is_empty()
            && self.kinds.is_empty()
            && self.source.is_none()
            && self.since.is_none()
            && self.until.is_none()
    }
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
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub speaker: Option<String>,
    /// For quotes: `direct`, `partial` or `indirect`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub kind: Option<String>,
}

/// Hits, the total count, and the facet counts of the whole result set.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Results {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// Per facet kind, the top names with their counts.
    pub facets: BTreeMap<String, Vec<(String, u64)>>,
}

/// Above this many articles, the quotes' articles are found by passing over every article
/// rather than by looking up each one's key.
const KEYS_LOOKED_UP: usize = 2_000;

/// Per facet kind asked for, the top names with their counts.
type FacetLists = Vec<Vec<NameCount>>;

/// How many names each facet kind lists with a search.
pub const FACET_LIMIT: usize = 10;

/// The kinds a quote counts itself (its speaker) and those its article gives, in the order asked.
fn quote_kinds(kinds: &[FacetKind]) -> (Vec<FacetKind>, Vec<FacetKind>) {
    kinds.iter().partition(|k| **k == FacetKind::Speaker)
}

fn term_query(t: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(t, IndexRecordOption::Basic))
}

impl NewsIndex {
    /// The term every document of a kind carries.
    fn kind_term(&self, kind: DocKind) -> Term {
        Term::from_field_text(self.fields.kind, kind.as_str())
    }

    fn kind_query(&self, kind: DocKind) -> Box<dyn Query> {
        term_query(self.kind_term(kind))
    }

    /// Builds the tantivy query for a request.
    pub fn build_query(&self, target: Target, r: &Request) -> Result<Box<dyn Query>> {
        let f = &self.fields;
        let kind = match target {
            Target::Articles => DocKind::Article,
            Target::Quotes => DocKind::Quote,
        };
        // People, places, organisations and authors are filed on articles only, and words are
        // searched in fields only one kind has: a filter of theirs or such words select the
        // kind, and its postings need not be intersected too.
        let mut confined =
            target == Target::Articles && r.filters.iter().any(|fl| fl.kind != FacetKind::Speaker);
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(text) = r.text.as_deref().filter(|t| !t.trim().is_empty()) {
            let fields = match target {
                Target::Articles => vec![f.title, f.body],
                Target::Quotes => vec![f.quote_text],
            };
            let mut parser = QueryParser::for_index(&self.index, fields.clone());
            parser.set_conjunction_by_default();
            // Lenient: a stray quote or parenthesis is read as best it can be, never an error.
            let (q, _errors) = parser.parse_query_lenient(text);
            confined |= confined_to(&*q, &fields);
            must.push((Occur::Must, q));
        }
        if !confined {
            must.push((Occur::Must, self.kind_query(kind)));
        }
        // Quotes carry their speaker; the people, places, organisations and authors are their
        // article's.
        let (direct, via_article): (Vec<&Filter>, Vec<&Filter>) = r
            .filters
            .iter()
            .partition(|fl| target == Target::Articles || fl.kind == FacetKind::Speaker);
        for fl in direct {
            must.push((Occur::Must, self.any_facet(fl)));
        }
        if !via_article.is_empty() {
            let mut articles: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, self.kind_query(DocKind::Article))];
            for fl in via_article {
                articles.push((Occur::Must, self.any_facet(fl)));
            }
            let keys = self.article_keys(&BooleanQuery::new(articles))?;
            let terms = keys
                .into_keys()
                .map(|k| Term::from_field_u64(f.article_key, k));
            must.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        if target == Target::Quotes && !r.kinds.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> = r
                .kinds
                .iter()
                .map(|k| {
                    (
                        Occur::Should,
                        term_query(Term::from_field_text(f.quote_kind, k)),
                    )
                })
                .collect();
            must.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if let Some(s) = &r.source {
            must.push((Occur::Must, term_query(Term::from_field_text(f.source, s))));
        }
        if r.since.is_some() || r.until.is_some() {
            let bound = |d: Option<DateTime>| match d {
                None => Bound::Unbounded,
                Some(d) => Bound::Included(Term::from_field_date(f.date, d)),
            };
            must.push((
                Occur::Must,
                Box::new(RangeQuery::new(bound(r.since), bound(r.until))),
            ));
        }
        Ok(Box::new(BooleanQuery::new(must)))
    }

    /// Documents filed under any variant of a filter's entities, each scoring 1 as in a term
    /// set: a union of the terms, which costs less to set up than the automaton a term set
    /// builds for each query (a name has tens of variants, not thousands).
    fn any_facet(&self, fl: &Filter) -> Box<dyn Query> {
        let any: Vec<(Occur, Box<dyn Query>)> = fl
            .terms
            .iter()
            .map(|(k, name)| {
                let t = Term::from_facet(self.fields.facets, &k.facet(name));
                (Occur::Should, term_query(t))
            })
            .collect();
        Box::new(ConstScoreQuery::new(Box::new(BooleanQuery::new(any)), 1.0))
    }

    /// The `article_key` of every document a query matches, with how many match per key.
    fn article_keys(&self, q: &dyn Query) -> Result<KeyCounts> {
        Ok(self.searcher()?.search(q, &ArticleKeys(None))?.0)
    }

    /// Runs a request: hits in the asked order, with snippets, and facet counts of all matches.
    pub fn search(&self, target: Target, r: &Request) -> Result<Results> {
        let query = self.build_query(target, r)?;
        // The pass that finds the page counts the articles' facets, or the quotes' speakers and
        // articles; every article is counted from the registry's totals.
        let kinds = &FacetKind::ALL;
        let (total, hits, facets) = match target {
            Target::Articles if r.is_everything() => {
                let (total, hits, _) = self.page_of::<EntityCounts>(target, r, &*query, None)?;
                let facets = self.facets_of(target, &*query, true, kinds, FACET_LIMIT)?;
                (total, hits, facets)
            }
            Target::Articles => {
                let counts = self.article_counts(kinds, FACET_LIMIT)?;
                let (total, hits, facets) = self.page_of(target, r, &*query, Some(counts))?;
                (total, hits, facets.unwrap_or_default())
            }
            Target::Quotes => {
                let pass = self.quote_pass(kinds, FACET_LIMIT)?;
                let (total, hits, fruit) = self.page_of(target, r, &*query, Some(pass))?;
                let (own, articles) = fruit.unwrap_or_default();
                (
                    total,
                    hits,
                    self.quote_facets(kinds, FACET_LIMIT, own, articles)?,
                )
            }
        };
        let facets = FacetKind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .zip(facets)
            .map(|(k, v)| (k, v.into_iter().map(|n| (n.name, n.count)).collect()))
            .collect();
        Ok(Results {
            total,
            hits,
            facets,
        })
    }

    /// One page of a request's hits with the total, without facet counts: what an export reads
    /// page after page.
    pub fn page(&self, target: Target, r: &Request) -> Result<(usize, Vec<Hit>)> {
        let query = self.build_query(target, r)?;
        let (total, hits, _) = self.page_of::<EntityCounts>(target, r, &*query, None)?;
        Ok((total, hits))
    }

    /// Counts of the entities of the articles a query matches.
    fn article_counts(&self, kinds: &[FacetKind], limit: usize) -> Result<EntityCounts> {
        let registry = self.registry()?;
        let cells = self.facet_cells(&registry);
        Ok(EntityCounts::new(registry, cells, kinds, limit)
            .of_articles(self.kind_term(DocKind::Article)))
    }

    /// A page of hits and the total, and what `counts` collects, in one pass over the matches.
    fn page_of<C: Collector>(
        &self,
        target: Target,
        r: &Request,
        query: &dyn Query,
        counts: Option<C>,
    ) -> Result<(usize, Vec<Hit>, Option<C::Fruit>)> {
        let searcher = self.searcher()?;
        let f = &self.fields;
        let window = r
            .limit
            .saturating_add(r.offset)
            .min(searcher.num_docs() as usize);
        let top = TopDocs::with_limit(window.max(1)).and_offset(0);
        let (total, hits, facets): (usize, Vec<(Score, tantivy::DocAddress)>, _) =
            match (window, r.sort) {
                (0, _) => {
                    let (n, facets) = searcher.search(query, &(Count, counts))?;
                    (n, Vec::new(), facets)
                }
                (_, SortBy::Relevance) => {
                    let (n, docs, facets) =
                        searcher.search(query, &(Count, top.order_by_score(), counts))?;
                    (n, docs.into_iter().skip(r.offset).collect(), facets)
                }
                (_, SortBy::Date) => {
                    let (n, docs, facets) = searcher.search(
                        query,
                        &(
                            Count,
                            top.order_by_fast_field::<DateTime>("date", Order::Desc),
                            counts,
                        ),
                    )?;
                    (
                        n,
                        docs.into_iter()
                            .skip(r.offset)
                            .map(|(_, a)| (0.0, a))
                            .collect(),
                        facets,
                    )
                }
            };
        let snippets = match target {
            Target::Articles => Some(snippet::Snippets::new(&searcher, query, f.body)?),
            Target::Quotes => None,
        };
        let mut out = Vec::with_capacity(hits.len());
        for (score, addr) in hits {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let text = match target {
                Target::Articles => f.body,
                Target::Quotes => f.quote_text,
            };
            let body = doc.get_first(text).and_then(|v| v.as_str()).unwrap_or("");
            let (snippet, highlights) = match &snippets {
                Some(s) => s.of(body),
                None => (body.to_string(), vec![]),
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
                kind: text_of(&doc, f.quote_kind),
            });
        }
        Ok((total, out, facets))
    }

    /// Facet counts of every document a query matches, per kind. Quotes count their speakers
    /// themselves and their article's people, places, organisations and authors, once per
    /// matching quote.
    fn facets_of(
        &self,
        target: Target,
        query: &dyn Query,
        everything: bool,
        kinds: &[FacetKind],
        limit: usize,
    ) -> Result<Vec<Vec<NameCount>>> {
        let searcher = self.searcher()?;
        if target == Target::Articles {
            let counts = self.article_counts(kinds, limit)?;
            if !everything {
                return Ok(searcher.search(query, &counts)?);
            }
            // Every article: the registry's totals where they hold, a count elsewhere.
            let weight = query.weight(EnableScoring::disabled_from_searcher(&searcher))?;
            let mut fruits = Vec::new();
            for (ord, seg) in searcher.segment_readers().iter().enumerate() {
                if !counts.add_totals(seg) {
                    fruits.push(counts.collect_segment(&*weight, ord as SegmentOrdinal, seg)?);
                }
            }
            return Ok(counts.merge_fruits(fruits)?);
        }
        let (own, articles) = searcher.search(query, &self.quote_pass(kinds, limit)?)?;
        self.quote_facets(kinds, limit, own, articles)
    }

    /// What the pass over matching quotes collects: their speakers, and their articles (keys
    /// with how many quotes each, or documents where the reader keeps them).
    fn quote_pass(&self, kinds: &[FacetKind], limit: usize) -> Result<(EntityCounts, ArticleKeys)> {
        let registry = self.registry()?;
        let cells = self.facet_cells(&registry);
        let (own, _) = quote_kinds(kinds);
        Ok((
            EntityCounts::new(registry, cells.clone(), &own, limit),
            ArticleKeys(Some((cells, self.kind_term(DocKind::Article)))),
        ))
    }

    /// The facet counts of matching quotes, from what [`NewsIndex::quote_pass`] collected: the
    /// speakers as counted, the other kinds from their articles, once per matching quote.
    fn quote_facets(
        &self,
        kinds: &[FacetKind],
        limit: usize,
        mut own_counts: FacetLists,
        (keys, docs): (KeyCounts, ArticleDocs),
    ) -> Result<FacetLists> {
        let searcher = self.searcher()?;
        let registry = self.registry()?;
        let cells = self.facet_cells(&registry);
        let (own, theirs) = quote_kinds(kinds);
        let mut their_counts = if theirs.is_empty() || (keys.is_empty() && docs.is_empty()) {
            vec![Vec::new(); theirs.len()]
        } else {
            // Articles found as documents are counted as they are; with no key left over, no
            // article need be passed over. The weighted counts pass over articles without a
            // weight; looking up thousands of keys costs more than passing over every article
            // (a common word's quotes), and so does looking up any once the segments are decoded
            // (a server's later queries).
            let articles: Box<dyn Query> = if keys.is_empty() {
                Box::new(EmptyQuery)
            } else if keys.len() > KEYS_LOOKED_UP || cells.all_decoded(searcher.segment_readers()) {
                self.kind_query(DocKind::Article)
            } else {
                let terms: Vec<Term> = keys
                    .keys()
                    .map(|&k| Term::from_field_u64(self.fields.article_key, k))
                    .collect();
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, self.kind_query(DocKind::Article)),
                    (Occur::Must, Box::new(TermSetQuery::new(terms))),
                ]))
            };
            searcher.search(
                &*articles,
                &EntityCounts::new(registry, cells, &theirs, limit)
                    .weighted(Arc::new(keys))
                    .with_articles(Arc::new(docs)),
            )?
        };
        Ok(kinds
            .iter()
            .map(|k| {
                let (list, at) = if *k == FacetKind::Speaker {
                    (&mut own_counts, own.iter().position(|x| x == k))
                } else {
                    (&mut their_counts, theirs.iter().position(|x| x == k))
                };
                at.and_then(|i| list.get_mut(i))
                    .map(std::mem::take)
                    .unwrap_or_default()
            })
            .collect())
    }

    /// Names of one kind with their counts for a request, most frequent first.
    pub fn facet_counts(
        &self,
        target: Target,
        kind: FacetKind,
        r: &Request,
        limit: usize,
    ) -> Result<Vec<NameCount>> {
        let query = self.build_query(target, r)?;
        let mut counts = self.facets_of(target, &*query, r.is_everything(), &[kind], limit)?;
        Ok(counts.pop().unwrap_or_default())
    }

    /// Number of documents of one kind.
    pub fn count(&self, target: Target) -> Result<usize> {
        let kind = match target {
            Target::Articles => DocKind::Article,
            Target::Quotes => DocKind::Quote,
        };
        // A term's document frequency counts deleted documents too; a search does not.
        Ok(self.searcher()?.search(&*self.kind_query(kind), &Count)?)
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

/// Collects the `article_key` of every matching document, with how many match per key. With
/// the facet tables of a long-running reader (and the term every article carries), from the keys
/// they hold, and a quote whose article shares its segment gives that article's document instead.
struct ArticleKeys(Option<(Arc<Cells>, Term)>);

/// A segment's articles found as documents, with its id: the documents in order, each with how
/// many of its quotes matched.
type SegmentArticles = Option<([u8; 16], (Vec<DocId>, Vec<u32>))>;

struct SegmentArticleKeys {
    keys: tantivy::columnar::Column<u64>,
    decoded: Option<Arc<[u64]>>,
    /// Per document, its article in this segment, with the segment's id.
    articles: Option<(Arc<[u32]>, [u8; 16])>,
    out: KeyCounts,
    /// Articles found as documents, each with how many matching quotes in a row gave it.
    docs: Vec<(DocId, u32)>,
}

impl Collector for ArticleKeys {
    type Fruit = (KeyCounts, ArticleDocs);
    type Child = SegmentArticleKeys;

    fn for_segment(&self, _: SegmentOrdinal, seg: &SegmentReader) -> tantivy::Result<Self::Child> {
        let (decoded, articles) = match &self.0 {
            Some((cells, term)) => (cells.keys(seg), cells.articles(seg, term)),
            None => (None, None),
        };
        Ok(SegmentArticleKeys {
            keys: seg.fast_fields().u64("article_key")?,
            decoded,
            articles,
            out: KeyCounts::default(),
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(KeyCounts, SegmentArticles)>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut all = KeyCounts::default();
        let mut docs = ArticleDocs::new();
        for (keys, segment) in fruits {
            for (k, n) in keys {
                *all.entry(k).or_default() += n;
            }
            if let Some((id, d)) = segment.filter(|(_, (d, _))| !d.is_empty()) {
                docs.insert(id, d);
            }
        }
        Ok((all, docs))
    }
}

impl SegmentCollector for SegmentArticleKeys {
    type Fruit = (KeyCounts, SegmentArticles);

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some((of, _)) = &self.articles {
            if let Some(&a) = of.get(doc as usize).filter(|&&a| a != NONE) {
                // An article's quotes follow it: most come in a row.
                match self.docs.last_mut() {
                    Some((last, n)) if *last == a => *n += 1,
                    _ => self.docs.push((a, 1)),
                }
                return;
            }
        }
        let key = match &self.decoded {
            Some(keys) => keys.get(doc as usize).copied(),
            None => self.keys.first(doc),
        };
        if let Some(k) = key {
            *self.out.entry(k).or_default() += 1;
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        // An article of many matching quotes is counted once, with their number. Quotes follow
        // their article, so the articles come in order and the stable sort only checks that; in
        // an index written before they shared a segment they may not.
        self.docs.sort_by_key(|&(d, _)| d);
        let (docs, ns): (Vec<DocId>, Vec<u32>) = self
            .docs
            .chunk_by(|a, b| a.0 == b.0)
            .map(|same| (same[0].0, same.iter().map(|&(_, n)| n).sum::<u32>()))
            .unzip();
        let segment = self.articles.map(|(_, id)| (id, (docs, ns)));
        (self.out, segment)
    }
}

/// Whether every document `q` matches has one of its terms in `fields`: then a query of words
/// in the fields only articles (or only quotes) have matches that kind alone.
fn confined_to(q: &dyn Query, fields: &[Field]) -> bool {
    if let Some(t) = q.downcast_ref::<TermQuery>() {
        return fields.contains(&t.term().field());
    }
    if let Some(p) = q.downcast_ref::<PhraseQuery>() {
        return fields.contains(&p.field());
    }
    let Some(b) = q.downcast_ref::<BooleanQuery>() else {
        return false;
    };
    let of = |occur: Occur| b.clauses().iter().filter(move |(o, _)| *o == occur);
    if of(Occur::Must).any(|(_, q)| confined_to(&**q, fields)) {
        return true;
    }
    // With no clause it must match, a document matches one it should.
    of(Occur::Must).next().is_none()
        && of(Occur::Should).next().is_some()
        && of(Occur::Should).all(|(_, q)| confined_to(&**q, fields))
}

/// `YYYY-MM-DD` of a tantivy date.
pub fn format_date(d: DateTime) -> String {
    let dt = d.into_utc();
    format!("{:04}-{:02}-{:02}", dt.year(), dt.month() as u8, dt.day())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::extract::{Enrichment, Entity, EntityType, Field, Quote, QuoteKind};
    use crate::index::Indexer;
    use crate::Article;

    /// Which words confine a query to the documents with the fields searched, so the kind's
    /// postings may be left out.
    #[test]
    fn words_in_the_kinds_own_fields_confine_the_query() {
        let ix = NewsIndex::in_ram();
        let f = &ix.fields;
        let fields = [f.title, f.body];
        let table = [
            ("bank", true),
            ("bank profit", true),
            ("bank OR profit", true),
            ("\"interest rates\"", true),
            ("title:shares", true),
            ("market -stocks", true),
            ("source:reuters bank", true),
            ("(bank OR profit) source:reuters", true),
            ("-stocks", false),
            ("source:reuters", false),
            ("bank OR source:reuters", false),
            ("kind:quote", false),
            ("*", false),
        ];
        let mut parser = QueryParser::for_index(&ix.index, fields.to_vec());
        parser.set_conjunction_by_default();
        for (text, want) in table {
            let (q, _) = parser.parse_query_lenient(text);
            assert_eq!(confined_to(&*q, &fields), want, "{text}: {q:?}");
        }
        // The quote words' field confines to quotes, not to articles.
        let (q, _) =
            QueryParser::for_index(&ix.index, vec![f.quote_text]).parse_query_lenient("bank");
        assert!(confined_to(&*q, &[f.quote_text]) && !confined_to(&*q, &fields));
    }

    /// The article keys and quotes' articles the decoder reads give what the column gives: the
    /// pass over matching quotes finds the same articles, each as many times, and the articles
    /// weighted by key count the same, before the decoder has read them and after. Three
    /// segments; an article has up to three quotes, or none.
    #[test]
    fn what_the_decoder_reads_finds_the_quotes_articles_as_the_column_does() {
        let ix = NewsIndex::in_ram();
        let mut w = Indexer::new(&ix, 1, 20 << 20).unwrap();
        let file: Arc<str> = Arc::from("f");
        let said = [
            "\"Rain tomorrow,\" ",
            "\"Sun later,\" ",
            "\"Wind at noon,\" ",
        ];
        for i in 0..120 {
            let body = format!("{} she said.", said[..i % 4].concat());
            let mut quotes = Vec::new();
            let mut at = 0;
            for s in &said[..i % 4] {
                quotes.push(Quote {
                    start: at + 1,
                    end: at + s.find(',').unwrap(),
                    kind: QuoteKind::Direct,
                    speaker: None,
                    speaker_span: None,
                });
                at += s.len();
            }
            let a = Article::from_text(&i.to_string(), "", &body);
            let e = Enrichment {
                entities: vec![Entity {
                    kind: EntityType::Person,
                    field: Field::Body,
                    start: 0,
                    end: 1,
                    name: format!("Person {}", i % 5),
                }],
                quotes,
                ..Enrichment::default()
            };
            w.add(&a, &e, &file, i as u64).unwrap();
            if i % 40 == 39 {
                w.commit().unwrap();
            }
        }
        w.finish().unwrap();
        ix.rebuild_registry().unwrap();
        let searcher = ix.searcher().unwrap();
        let registry = ix.registry().unwrap();
        let cells = ix.facet_cells(&registry);
        let article = ix.kind_term(DocKind::Article);
        let quotes = ix.kind_query(DocKind::Quote);
        let from_cells = ArticleKeys(Some((cells.clone(), article.clone())));
        // The keys of a pass's articles, each as many times as its quotes matched.
        let by_key = |(mut keys, docs): (KeyCounts, ArticleDocs)| {
            for seg in searcher.segment_readers() {
                let column = seg.fast_fields().u64("article_key").unwrap();
                let id = cells.articles(seg, &article).map(|(_, id)| id);
                for (d, n) in id
                    .and_then(|id| docs.get(&id))
                    .into_iter()
                    .flat_map(|(d, n)| d.iter().zip(n))
                {
                    *keys.entry(column.first(*d).unwrap()).or_default() += n;
                }
            }
            keys
        };
        let (plain, none) = searcher.search(&*quotes, &ArticleKeys(None)).unwrap();
        assert!(none.is_empty());
        assert_eq!(plain.values().sum::<u32>(), 180);
        let weighted = || {
            let counts =
                EntityCounts::new(registry.clone(), cells.clone(), &[FacetKind::Person], 10)
                    .weighted(Arc::new(plain.clone()));
            searcher
                .search(&*ix.kind_query(DocKind::Article), &counts)
                .unwrap()
        };
        let want = weighted();
        assert_eq!(want[0].len(), 5);
        // One quote search leaves them unread, as a one-off search should; the next asks the
        // decoder for them, and whatever it has read by the pass after, the same articles.
        let r = Request {
            limit: 10,
            ..Request::default()
        };
        ix.search(Target::Quotes, &r).unwrap();
        assert!(searcher
            .segment_readers()
            .iter()
            .all(|seg| cells.keys(seg).is_none()));
        ix.search(Target::Quotes, &r).unwrap();
        assert_eq!(
            by_key(searcher.search(&*quotes, &from_cells).unwrap()),
            plain
        );
        // Counted again and again, the segments are decoded; the last round reads the keys.
        for round in 0..4 {
            assert_eq!(weighted(), want, "round {round}");
            if round == 2 {
                cells.wait_decoded();
                let (done, all) = cells.decoded();
                assert!(all == 3 && done == all, "{done} of {all} segments decoded");
            }
        }
        // Read: every quote's article is found as a document of its segment, none by key.
        let (keys, docs) = searcher.search(&*quotes, &from_cells).unwrap();
        assert!(
            keys.is_empty() && docs.len() == 3,
            "{} keys, {} segments",
            keys.len(),
            docs.len()
        );
        assert_eq!(by_key((keys, docs)), plain);
        for seg in searcher.segment_readers() {
            let column = seg.fast_fields().u64("article_key").unwrap();
            let read = cells.keys(seg).expect("keys read");
            let key = |d: DocId| column.first(d).unwrap();
            assert!((0..seg.max_doc()).all(|d| read[d as usize] == key(d)));
        }
    }

    /// Quotes count their articles' people the same whether the articles are looked up by key
    /// (few) or passed over (more than [`KEYS_LOOKED_UP`]).
    #[test]
    fn quote_facets_agree_on_both_paths_to_their_articles() {
        let ix = NewsIndex::in_ram();
        let mut w = Indexer::new(&ix, 1, 50 << 20).unwrap();
        let file: Arc<str> = Arc::from("f");
        let n = 2 * KEYS_LOOKED_UP + 100;
        for i in 0..n {
            let half = if i % 2 == 0 { " half" } else { "" };
            let rare = if i % 100 == 0 { " rare" } else { "" };
            let body = format!("\"Common words{half}{rare},\" the man said.");
            let a = Article::from_text(&i.to_string(), "", &body);
            let e = Enrichment {
                entities: vec![Entity {
                    kind: EntityType::Person,
                    field: Field::Body,
                    start: 0,
                    end: 1,
                    name: format!("Person {}", i % 3),
                }],
                quotes: vec![Quote {
                    start: 1,
                    end: body.find(',').unwrap(),
                    kind: QuoteKind::Direct,
                    speaker: None,
                    speaker_span: None,
                }],
                ..Enrichment::default()
            };
            w.add(&a, &e, &file, i as u64).unwrap();
        }
        w.finish().unwrap();
        ix.rebuild_registry().unwrap();
        let people = |q: &str| -> Vec<(String, u64)> {
            let r = Request {
                text: Some(q.into()),
                ..Request::default()
            };
            ix.facet_counts(Target::Quotes, FacetKind::Person, &r, 10)
                .unwrap()
                .into_iter()
                .map(|c| (c.name, c.count))
                .collect()
        };
        // The people of the articles whose number is a multiple of `every`, as counted.
        let want = |every: usize| {
            let mut v: Vec<(String, u64)> = (0..3)
                .map(|k| {
                    let c = (0..n).step_by(every).filter(|i| i % 3 == k).count() as u64;
                    (format!("Person {k}"), c)
                })
                .collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            v
        };
        assert!(n / 2 > KEYS_LOOKED_UP && n / 100 < KEYS_LOOKED_UP);
        // Half the quotes: more articles than are looked up, and not all of them.
        assert_eq!(people("half"), want(2));
        // One quote in a hundred: looked up.
        assert_eq!(people("rare"), want(100));
        assert_eq!(people("common"), want(1));
        // Asked again and again, as a server is, the segments are decoded (beside the queries):
        // the same counts, the last round from what the decoding made.
        for round in 0..4 {
            assert_eq!(people("half"), want(2));
            assert_eq!(people("rare"), want(100));
            assert_eq!(people("common"), want(1));
            if round == 2 {
                let registry = ix.registry().unwrap();
                ix.facet_cells(&registry).wait_decoded();
                let (done, all) = ix.facet_cells(&registry).decoded();
                assert!(all > 0 && done == all, "{done} of {all} segments decoded");
            }
        }
    }
}
