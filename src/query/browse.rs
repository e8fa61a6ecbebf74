//! What a reader browsing the archive asks besides a search: one article with its marked-up
//! names and quotes, matches by month and by source, entity lists with their variants, and the
//! index's figures. The CLI and the HTTP API print these same values.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur};
use tantivy::schema::Value;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term};

use super::{format_date, term_query, text_of, Request, Target};
use crate::error::Result;
use crate::facet::FacetKind;
use crate::index::stored::StoredEnrichment;
use crate::index::{DocKind, NewsIndex};
use crate::output::{EntityJson, QuoteJson};
use crate::registry::{Registry, Resolution};

/// One article as the index holds it, with its mentions and quotes as spans of `title` or
/// `body` (byte offsets, as `extract --json` gives them) named as the registry names them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ArticleDoc {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub path: String,
    pub authors: Vec<String>,
    pub body: String,
    pub entities: Vec<EntityJson>,
    pub quotes: Vec<QuoteJson>,
}

/// What `stats --json` prints.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Stats {
    pub articles: usize,
    pub quotes: usize,
    /// Distinct people, places and organisations (entities of the name registry).
    pub entities: usize,
    pub speakers: usize,
    pub authors: usize,
    pub first_date: Option<String>,
    pub last_date: Option<String>,
    pub bytes: u64,
    pub updated: Option<String>,
    pub roots: Vec<String>,
}

/// One line of `entities --json`: a name with the matching articles that give it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct EntityLine {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub count: u64,
    /// The spellings the archive gives it, with the articles of each.
    pub variants: Vec<(String, u32)>,
}

/// One line of `names --json`: an entity of the registry with its variants.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RegistryEntity {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub articles: u32,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
    pub variants: Vec<VariantLine>,
}

/// A variant in [`RegistryEntity`].
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct VariantLine {
    pub kind: String,
    pub name: String,
    pub articles: u32,
}

/// How many sources [`NewsIndex::source_counts`] looks at: an archive has a few dozen.
pub const MAX_SOURCES: usize = 200;

impl NewsIndex {
    /// The article with this id, or `None`.
    pub fn article(&self, id: &str) -> Result<Option<ArticleDoc>> {
        let f = &self.fields;
        let searcher = self.searcher()?;
        let q = BooleanQuery::new(vec![
            (Occur::Must, self.kind_query(DocKind::Article)),
            (Occur::Must, term_query(Term::from_field_text(f.id, id))),
        ]);
        let Some((_, addr)) = searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(addr)?;
        let title = text_of(&doc, f.title).unwrap_or_default();
        let body = text_of(&doc, f.body).unwrap_or_default();
        let stored = StoredEnrichment::from_json(&text_of(&doc, f.enrichment).unwrap_or_default());
        let reg = self.registry()?;
        let marked =
            crate::output::ExtractJson::from_stored(id, &title, &body, &stored).with_registry(&reg);
        Ok(Some(ArticleDoc {
            id: id.to_string(),
            date: doc
                .get_first(f.date)
                .and_then(|v| v.as_datetime())
                .map(format_date),
            source: text_of(&doc, f.source),
            url: text_of(&doc, f.url),
            path: text_of(&doc, f.origin).unwrap_or_default(),
            authors: doc
                .get_all(f.authors)
                .filter_map(|v| v.as_str())
                .map(str::to_string)
                .collect(),
            title,
            body,
            entities: marked.entities,
            quotes: marked.quotes,
        }))
    }

    /// How many documents a request matches in each month (`YYYY-MM`), oldest first; undated
    /// documents are not counted.
    pub fn months(&self, target: Target, r: &Request) -> Result<Vec<(String, u64)>> {
        let query = self.build_query(target, r)?;
        let days = self.searcher()?.search(&*query, &Days)?;
        let mut months: BTreeMap<String, u64> = BTreeMap::new();
        for (day, n) in days {
            let d = tantivy::DateTime::from_timestamp_secs(day * 86_400).into_utc();
            let key = format!("{:04}-{:02}", d.year(), d.month() as u8);
            *months.entry(key).or_default() += n;
        }
        Ok(months.into_iter().collect())
    }

    /// How many documents a request matches from each source, most first.
    pub fn source_counts(&self, target: Target, r: &Request) -> Result<Vec<(String, u64)>> {
        let searcher = self.searcher()?;
        let mut sources = BTreeSet::new();
        for seg in searcher.segment_readers() {
            let inverted = seg.inverted_index(self.fields.source)?;
            let mut terms = inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while terms.advance() && sources.len() < MAX_SOURCES {
                if let Ok(s) = std::str::from_utf8(terms.key()) {
                    sources.insert(s.to_string());
                }
            }
        }
        let query = self.build_query(target, r)?;
        let mut out = Vec::new();
        for s in sources {
            let both = BooleanQuery::new(vec![
                (Occur::Must, query.box_clone()),
                (
                    Occur::Must,
                    term_query(Term::from_field_text(self.fields.source, &s)),
                ),
            ]);
            let n = searcher.search(&both, &Count)? as u64;
            if n > 0 {
                out.push((s, n));
            }
        }
        out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(out)
    }

    /// The figures `stats` prints, counted from the live documents.
    pub fn stats(&self) -> Result<Stats> {
        let (first_date, last_date) = self.date_range()?;
        let all = Request::default();
        let distinct = |kind| -> Result<usize> {
            Ok(self
                .facet_counts(Target::Articles, kind, &all, usize::MAX)?
                .len())
        };
        let mut entities = 0;
        for kind in [FacetKind::Person, FacetKind::Place, FacetKind::Org] {
            entities += distinct(kind)?;
        }
        let meta = self.meta()?;
        Ok(Stats {
            articles: self.count(Target::Articles)?,
            quotes: self.count(Target::Quotes)?,
            entities,
            speakers: distinct(FacetKind::Speaker)?,
            authors: distinct(FacetKind::Author)?,
            first_date,
            last_date,
            bytes: self.size_bytes(),
            updated: meta.updated,
            roots: meta.roots,
        })
    }

    /// The names of one kind the articles of a request give, most articles first, with the
    /// variants of each.
    pub fn entity_lines(
        &self,
        kind: FacetKind,
        r: &Request,
        limit: usize,
    ) -> Result<Vec<EntityLine>> {
        let registry = self.registry()?;
        let counts = self.facet_counts(Target::Articles, kind, r, limit)?;
        Ok(counts
            .into_iter()
            .map(|n| EntityLine {
                kind: kind.as_str().to_string(),
                variants: n
                    .entity
                    .map(|e| {
                        registry
                            .variants(e)
                            .filter(|v| v.kind == kind || kind.is_mention() && v.kind.is_mention())
                            .map(|v| (v.name.to_string(), v.articles))
                            .collect()
                    })
                    .unwrap_or_default(),
                name: n.name,
                count: n.count,
            })
            .collect())
    }
}

/// The registry's entities a name means (all entities without one), of one kind or any, most
/// articles first: what `names` shows.
pub fn registry_entities(
    reg: &Registry,
    name: Option<&str>,
    kind: Option<FacetKind>,
    limit: usize,
) -> Vec<RegistryEntity> {
    let mut ids: Vec<u32> = match name {
        Some(name) => {
            let mut v = Vec::new();
            for k in FacetKind::ALL
                .into_iter()
                .filter(|k| kind.is_none_or(|x| x == *k))
            {
                if let Resolution::Found(f) = reg.resolve(k, name) {
                    v.extend(f);
                }
            }
            v
        }
        None => reg
            .entities()
            .filter(|e| kind.is_none_or(|k| reg.answers(e.id, k)))
            .map(|e| e.id)
            .collect(),
    };
    ids.sort_unstable();
    ids.dedup();
    ids.sort_by_key(|&e| (std::cmp::Reverse(reg.entity(e).articles), e));
    ids.truncate(limit);
    ids.into_iter()
        .map(|id| {
            let e = reg.entity(id);
            let mut variants: Vec<VariantLine> = reg
                .variants(id)
                .map(|v| VariantLine {
                    kind: v.kind.as_str().to_string(),
                    name: v.name.to_string(),
                    articles: v.articles,
                })
                .collect();
            variants.sort_by(|a, b| {
                (std::cmp::Reverse(a.articles), &a.kind, &a.name).cmp(&(
                    std::cmp::Reverse(b.articles),
                    &b.kind,
                    &b.name,
                ))
            });
            RegistryEntity {
                kind: e.kind.as_str().to_string(),
                name: e.canonical.to_string(),
                articles: e.articles,
                first_year: e.first_year,
                last_year: e.last_year,
                variants,
            }
        })
        .collect()
}

/// Counts matching documents per day since the epoch.
struct Days;

struct SegmentDays {
    dates: tantivy::columnar::Column<tantivy::DateTime>,
    out: HashMap<i64, u64>,
}

impl Collector for Days {
    type Fruit = HashMap<i64, u64>;
    type Child = SegmentDays;

    fn for_segment(&self, _: SegmentOrdinal, seg: &SegmentReader) -> tantivy::Result<SegmentDays> {
        Ok(SegmentDays {
            dates: seg.fast_fields().date("date")?,
            out: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashMap<i64, u64>>) -> tantivy::Result<Self::Fruit> {
        let mut all = HashMap::new();
        for f in fruits {
            for (k, n) in f {
                *all.entry(k).or_default() += n;
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentDays {
    type Fruit = HashMap<i64, u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(d) = self.dates.first(doc) {
            *self
                .out
                .entry(d.into_timestamp_secs().div_euclid(86_400))
                .or_default() += 1;
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.out
    }
}
