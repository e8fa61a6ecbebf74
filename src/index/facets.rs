//! Facet counts by entity: each matching document's facet ordinals map to the registry's
//! entities (an article naming "Ben Bernanke" and "BERNANKE" counts once, under his canonical
//! name), counted densely in one table shared by every segment of the query, so a query costs
//! what its result set costs and the top names are exact.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, TermOrdHit};
use tantivy::fastfield::FacetReader;
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

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

/// What a facet ordinal counts under: mentions (their entity says person, place or org),
/// speakers or authors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Slot {
    Mention = 0,
    Speaker = 1,
    Author = 2,
}

fn slot_of(kind: FacetKind) -> Slot {
    match kind {
        FacetKind::Speaker => Slot::Speaker,
        FacetKind::Author => Slot::Author,
        _ => Slot::Mention,
    }
}

/// The counts of one query, filled by every segment in turn.
struct Tally {
    counts: [Vec<u32>; 3],
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
}

/// The ordinal ranges of each kind's names in a segment's dictionary.
fn ranges(reader: &FacetReader) -> tantivy::Result<Vec<(FacetKind, u64, u64)>> {
    let dict = reader.facet_dict();
    let n = dict.num_terms() as u64;
    let ord = |key: Vec<u8>| -> tantivy::Result<u64> {
        Ok(match dict.term_ord_or_next(key)? {
            TermOrdHit::Exact(o) | TermOrdHit::Next(o) => o.min(n),
        })
    };
    let mut out = Vec::new();
    for kind in FacetKind::ALL {
        // A kind's names lie between "kind\0" and "kind\x01".
        let a = ord([kind.as_str().as_bytes(), b"\0"].concat())?;
        let b = ord([kind.as_str().as_bytes(), b"\x01"].concat())?;
        if b > a {
            out.push((kind, a, b));
        }
    }
    out.sort_by_key(|r| r.1);
    Ok(out)
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
    ranges: Vec<(FacetKind, u64, u64)>,
    weights: Option<Weights>,
    tally: Option<Tally>,
    pool: Arc<Mutex<Vec<Tally>>>,
    unknown: HashMap<(FacetKind, u64), u64>,
    doc_buf: Vec<(Slot, u32)>,
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
            ranges: ranges(&reader)?,
            reader,
            map,
            weights,
            tally: None,
            pool: self.pool.clone(),
            unknown: HashMap::new(),
            doc_buf: Vec::new(),
            entities: self.registry.len(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, _: Vec<()>) -> tantivy::Result<Self::Fruit> {
        let tallies = std::mem::take(&mut *self.pool.lock().expect("tally pool"));
        let mut totals: HashMap<(Slot, u32), u64> = HashMap::new();
        let mut unknown: HashMap<(FacetKind, String), u64> = HashMap::new();
        for t in tallies {
            for &(slot, e) in &t.touched {
                *totals.entry((slot, e)).or_default() += t.counts[slot as usize][e as usize] as u64;
            }
            for (k, n) in t.unknown {
                *unknown.entry(k).or_default() += n;
            }
        }
        let reg = &self.registry;
        Ok(self
            .kinds
            .iter()
            .map(|&kind| {
                let slot = slot_of(kind);
                let mut v: Vec<NameCount> = totals
                    .iter()
                    .filter(|((s, e), _)| {
                        *s == slot && (slot != Slot::Mention || reg.entity(*e).kind == kind)
                    })
                    .map(|(&(_, e), &count)| NameCount {
                        entity: Some(e),
                        name: reg.entity(e).canonical.to_string(),
                        count,
                    })
                    .chain(unknown.iter().filter(|((k, _), _)| *k == kind).map(
                        |((_, name), &count)| NameCount {
                            entity: None,
                            name: name.clone(),
                            count,
                        },
                    ))
                    .collect();
                v.sort_unstable_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
                v.truncate(self.limit);
                v
            })
            .collect())
    }
}

impl SegmentCounts {
    fn kind_of(&self, ord: u64) -> Option<FacetKind> {
        self.ranges
            .iter()
            .find(|(_, a, b)| ord >= *a && ord < *b)
            .map(|(k, _, _)| *k)
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
        self.doc_buf.clear();
        for ord in self.reader.facet_ords(doc) {
            let Some(kind) = self.kind_of(ord) else {
                continue;
            };
            let e = match &self.map {
                OrdMap::Registry(reg, range) => reg.ord_entity(*range, ord),
                OrdMap::Owned(v) => v.get(ord as usize).copied().unwrap_or(NONE),
            };
            if e == NONE {
                *self.unknown.entry((kind, ord)).or_default() += weight as u64;
            } else {
                self.doc_buf.push((slot_of(kind), e));
            }
        }
        // A document counts an entity once, however many of its variants it gives.
        self.doc_buf.sort_unstable();
        self.doc_buf.dedup();
        let tally = self.tally.as_mut().expect("tally");
        for &(slot, e) in &self.doc_buf {
            tally.add(slot, e, weight);
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
