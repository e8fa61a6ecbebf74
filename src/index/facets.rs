//! Facet counts by entity: each matching document's facet ordinals map to the registry's
//! entities (an article naming "Ben Bernanke" and "BERNANKE" counts once, under his canonical
//! name), counted densely in one table shared by every segment of the query, so a query costs
//! what its result set costs and the top names are exact.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use super::names::code::{self, slot_of, Slot};
use super::names::{map_segment, segment_id};
use crate::facet::FacetKind;
use crate::registry::{Registry, NONE};

/// One counted name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCount {
    /// The registry's entity; `None` for a name committed after the registry was built.
    pub entity: Option<u32>,
    pub name: String,
    pub count: u64,
}

/// The counts of one query, filled by every segment in turn.
struct Tally {
    counts: [Vec<u32>; 3],
    /// The last document that counted each entity: a document counts an entity once, however
    /// many of its variants it gives, without sorting its names.
    seen: [Vec<u32>; 3],
    /// The number of the document being counted (from 1).
    doc: u32,
    touched: Vec<(Slot, u32)>,
    /// Names the registry does not know, by kind and name.
    unknown: HashMap<(FacetKind, String), u64>,
}

impl Tally {
    fn new(entities: usize) -> Self {
        // Zeroed allocations are pages the system zeroes on first touch: a query pays for the
        // entities it counts, not for the registry's size.
        Tally {
            counts: [vec![0; entities], vec![0; entities], vec![0; entities]],
            seen: [vec![0; entities], vec![0; entities], vec![0; entities]],
            doc: 0,
            touched: Vec::new(),
            unknown: HashMap::new(),
        }
    }

    fn add(&mut self, slot: Slot, e: u32, n: u32) {
        let c = &mut self.counts[slot as usize][e as usize];
        if *c == 0 {
            self.touched.push((slot, e));
        }
        *c += n;
    }
}

/// Counts, per facet kind asked for, the entities of the matching documents. With weights, a
/// document counts as many times as its `article_key` is weighted (the quotes of an article
/// that match, when counting quotes by their articles' entities).
pub struct EntityCounts {
    registry: Arc<Registry>,
    kinds: Vec<FacetKind>,
    limit: usize,
    weights: Option<Arc<HashMap<u64, u32>>>,
    pool: Arc<Mutex<Vec<Tally>>>,
}

impl EntityCounts {
    pub fn new(registry: Arc<Registry>, kinds: &[FacetKind], limit: usize) -> Self {
        EntityCounts {
            registry,
            kinds: kinds.to_vec(),
            limit,
            weights: None,
            pool: Arc::new(Mutex::new(Vec::new())),
        }
    }

    pub fn weighted(mut self, weights: Arc<HashMap<u64, u32>>) -> Self {
        self.weights = Some(weights);
        self
    }

    /// Counts every live article of a segment from the totals the registry keeps, where they
    /// still hold (the segment has the deletes it had when they were taken): `false` when they
    /// do not, and the segment must be collected.
    pub fn add_totals(&self, seg: &SegmentReader) -> bool {
        let del = seg.delete_opstamp().unwrap_or(0);
        let Some(totals) = self.registry.segment_totals(&segment_id(seg), del) else {
            return false;
        };
        let mut pool = self.pool.lock().expect("tally pool");
        let mut tally = pool
            .pop()
            .unwrap_or_else(|| Tally::new(self.registry.len()));
        for (c, n) in totals {
            if let Ok((slot, e)) = code::decode(c) {
                tally.add(slot, e, n);
            }
        }
        pool.push(tally);
        true
    }
}

/// Weights by article key, and the segment's column of keys.
type Weights = (Arc<HashMap<u64, u32>>, Column<u64>);

enum OrdMap {
    Registry(Arc<Registry>, (usize, usize)),
    Owned(Vec<u32>),
}

pub struct SegmentCounts {
    reader: FacetReader,
    map: OrdMap,
    weights: Option<Weights>,
    tally: Option<Tally>,
    pool: Arc<Mutex<Vec<Tally>>>,
    unknown: HashMap<(FacetKind, u64), u64>,
    entities: usize,
}

impl Collector for EntityCounts {
    /// Per kind asked for, the top names with their counts, most first.
    type Fruit = Vec<Vec<NameCount>>;
    type Child = SegmentCounts;

    fn for_segment(&self, _: SegmentOrdinal, seg: &SegmentReader) -> tantivy::Result<Self::Child> {
        let reader = seg.facet_reader("facets")?;
        let map = match self.registry.segment_map(&segment_id(seg)) {
            Some(range) => OrdMap::Registry(self.registry.clone(), range),
            None => OrdMap::Owned(
                map_segment(&self.registry, seg)
                    .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?,
            ),
        };
        let weights = match &self.weights {
            Some(w) => Some((w.clone(), seg.fast_fields().u64("article_key")?)),
            None => None,
        };
        Ok(SegmentCounts {
            reader,
            map,
            weights,
            tally: None,
            pool: self.pool.clone(),
            unknown: HashMap::new(),
            entities: self.registry.len(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, _: Vec<()>) -> tantivy::Result<Self::Fruit> {
        let mut tallies = std::mem::take(&mut *self.pool.lock().expect("tally pool"));
        let Some(mut all) = tallies.pop() else {
            return Ok(vec![Vec::new(); self.kinds.len()]);
        };
        // Segments collected side by side each filled a table: add them into one.
        for t in tallies {
            for &(slot, e) in &t.touched {
                all.add(slot, e, t.counts[slot as usize][e as usize]);
            }
            for (k, n) in t.unknown {
                *all.unknown.entry(k).or_default() += n;
            }
        }
        let reg = &self.registry;
        Ok(self
            .kinds
            .iter()
            .map(|&kind| {
                let slot = slot_of(kind);
                // Only the top few are named: ordered by count, then by entity, which the
                // registry numbers in the order of their names.
                let mut top: Vec<(u32, u32)> = all
                    .touched
                    .iter()
                    .filter(|(s, e)| *s == slot && (slot != Slot::Mention || reg.kind(*e) == kind))
                    .map(|&(s, e)| (all.counts[s as usize][e as usize], e))
                    .collect();
                let by_count = |a: &(u32, u32), b: &(u32, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
                if top.len() > self.limit {
                    top.select_nth_unstable_by(self.limit, by_count);
                    top.truncate(self.limit);
                }
                top.sort_unstable_by(by_count);
                let mut v: Vec<NameCount> = top
                    .into_iter()
                    .map(|(count, e)| NameCount {
                        entity: Some(e),
                        name: reg.entity(e).canonical.to_string(),
                        count: count as u64,
                    })
                    .collect();
                v.extend(all.unknown.iter().filter(|((k, _), _)| *k == kind).map(
                    |((_, name), &count)| NameCount {
                        entity: None,
                        name: name.clone(),
                        count,
                    },
                ));
                v.sort_by_key(|n| std::cmp::Reverse(n.count));
                v.truncate(self.limit);
                v
            })
            .collect())
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = ();

    fn collect(&mut self, doc: DocId, _: Score) {
        let weight = match &self.weights {
            Some((w, col)) => match col.first(doc).and_then(|k| w.get(&k)) {
                Some(&n) => n,
                None => return,
            },
            None => 1,
        };
        if self.tally.is_none() {
            let pooled = self.pool.lock().expect("tally pool").pop();
            self.tally = Some(pooled.unwrap_or_else(|| Tally::new(self.entities)));
        }
        let tally = self.tally.as_mut().expect("tally");
        tally.doc = tally.doc.wrapping_add(1).max(1);
        for ord in self.reader.facet_ords(doc) {
            let c = match &self.map {
                OrdMap::Registry(reg, range) => reg.ord_code(*range, ord),
                OrdMap::Owned(v) => v.get(ord as usize).copied().unwrap_or(NONE),
            };
            if c == NONE {
                continue;
            }
            match code::decode(c) {
                Ok((slot, e)) => {
                    let seen = &mut tally.seen[slot as usize][e as usize];
                    if *seen != tally.doc {
                        *seen = tally.doc;
                        tally.add(slot, e, weight);
                    }
                }
                Err(kind) => *self.unknown.entry((kind, ord)).or_default() += weight as u64,
            }
        }
    }

    fn harvest(mut self) -> Self::Fruit {
        let mut tally = self
            .tally
            .take()
            .unwrap_or_else(|| Tally::new(self.entities));
        if !self.unknown.is_empty() {
            let mut ords: Vec<(u64, FacetKind, u64)> =
                self.unknown.iter().map(|(&(k, o), &n)| (o, k, n)).collect();
            ords.sort_unstable();
            let only: Vec<u64> = ords.iter().map(|o| o.0).collect();
            let mut names = Vec::with_capacity(only.len());
            let _ = self
                .reader
                .facet_dict()
                .sorted_ords_to_term_cb(&only, |bytes| {
                    let name = bytes.splitn(2, |&c| c == 0).nth(1).unwrap_or_default();
                    names.push(String::from_utf8_lossy(name).into_owned());
                });
            for ((_, kind, n), name) in ords.into_iter().zip(names) {
                *tally.unknown.entry((kind, name)).or_default() += n;
            }
        }
        self.pool.lock().expect("tally pool").push(tally);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::extract::{Enrichment, Entity, EntityType, Field};
    use crate::facet::FacetKind;
    use crate::index::{Indexer, NewsIndex};
    use crate::query::{Params, Request, Target};
    use crate::Article;

    fn person(name: &str) -> Entity {
        Entity {
            kind: EntityType::Person,
            field: Field::Body,
            start: 0,
            end: 1,
            name: name.into(),
        }
    }

    fn counts(ix: &NewsIndex, r: &Request) -> Vec<(String, u64)> {
        ix.facet_counts(Target::Articles, FacetKind::Person, r, 10)
            .unwrap()
            .into_iter()
            .map(|n| (n.name, n.count))
            .collect()
    }

    #[test]
    fn an_entity_counts_once_an_article_whatever_the_segments_and_the_path() {
        let ix = NewsIndex::in_ram();
        let mut w = Indexer::new(&ix, 1, 20 << 20).unwrap();
        let file: Arc<str> = Arc::from("f");
        for (rank, (id, body, people)) in [
            ("1", "alpha story", vec!["Ann Lee", "ANN LEE"]),
            ("2", "alpha tale", vec!["Ann Lee", "Bo Chen"]),
            ("3", "beta tale", vec!["Cy Diaz", "ANN LEE"]),
        ]
        .into_iter()
        .enumerate()
        {
            let mut a = Article::from_text(id, "", body);
            a.date = Some(time::macros::datetime!(2020-01-01 0:00 UTC));
            let e = Enrichment {
                entities: people.into_iter().map(person).collect(),
                ..Enrichment::default()
            };
            w.add(&a, &e, &file, rank as u64).unwrap();
            // Several segments, so the merge of their counts is exercised too.
            w.commit().unwrap();
        }
        w.finish().unwrap();
        ix.rebuild_registry().unwrap();
        let want = vec![
            ("Ann Lee".to_string(), 3),
            ("Bo Chen".to_string(), 1),
            ("Cy Diaz".to_string(), 1),
        ];
        // Every article: from the registry's totals; the same through a query that matches all.
        assert_eq!(counts(&ix, &Request::default()), want);
        let all = ix
            .resolve(
                &Params {
                    since: Some("1900-01-01".into()),
                    ..Params::default()
                },
                10,
            )
            .unwrap()
            .0;
        assert!(!all.is_everything());
        assert_eq!(counts(&ix, &all), want);
        let text = |q: &str| Request {
            text: Some(q.into()),
            ..Request::default()
        };
        assert_eq!(counts(&ix, &text("alpha OR beta")), want);
        assert_eq!(
            counts(&ix, &text("alpha")),
            vec![("Ann Lee".to_string(), 2), ("Bo Chen".to_string(), 1)]
        );
        // An article committed after the registry was built: its new name counts by itself,
        // its known one under its entity.
        let mut w = Indexer::new(&ix, 1, 20 << 20).unwrap();
        let a = Article::from_text("4", "", "gamma");
        let e = Enrichment {
            entities: vec![person("Dee Fox"), person("Ann Lee")],
            ..Enrichment::default()
        };
        w.add(&a, &e, &file, 9).unwrap();
        w.finish().unwrap();
        ix.refresh().unwrap();
        let got = counts(&ix, &Request::default());
        assert_eq!(got[0], ("Ann Lee".to_string(), 4));
        assert!(got.contains(&("Dee Fox".to_string(), 1)), "{got:?}");
    }
}
