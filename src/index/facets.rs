//! Facet counts by entity: each matching document's facet ordinals map to the registry's
//! entities (an article naming "Ben Bernanke" and "BERNANKE" counts once, under his canonical
//! name), counted densely in one table shared by every segment of the query, so a query costs
//! what its result set costs and the top names are exact. A query matching most of a segment's
//! articles costs what the others cost: the registry keeps every segment's totals, and the
//! articles that do not match are counted and taken from them. A long-running reader (`serve`)
//! decodes each segment's documents into flat lists of entities once its queries have counted a
//! segment's worth of documents, and counts from those; from its second quote query over a
//! segment, it reads the segment's article keys and each quote's article, on the same thread.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock, Mutex, OnceLock};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::fastfield::AliveBitSet;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentOrdinal, SegmentReader, Term, TERMINATED};

use super::names::code::{self, Slot};
use super::names::{map_segment, segment_id};
use crate::facet::FacetKind;
use crate::registry::{Registry, NONE};

/// A count by article key.
pub type KeyCounts = HashMap<u64, u32, BuildHasherDefault<KeyHasher>>;

/// Per segment, the articles of matching quotes that sit in the quote's own segment, in order,
/// each with how many quotes match.
pub type ArticleDocs = HashMap<[u8; 16], (Vec<DocId>, Vec<u32>)>;

/// Hashes an article key as itself: the key is already a hash of the article's id, and
/// hashing it again was a sixth of a quote search's instructions.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// One counted name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameCount {
    /// The registry's entity; `None` for a name committed after the registry was built.
    pub entity: Option<u32>,
    pub name: String,
    pub count: u64,
}

const SLOTS: [Slot; 3] = [Slot::Mention, Slot::Speaker, Slot::Author];

/// A registry's segments as the counts read them, each part decoded when a count first needs it
/// and kept while the registry is the index's: a long-running reader (`serve`) pays once.
#[derive(Default)]
pub struct Cells {
    segments: Mutex<HashMap<[u8; 16], Arc<SegmentCells>>>,
    /// Empty tables of the registry's size, kept for the next queries: a fresh one is pages the
    /// system must zero.
    spare: Mutex<Vec<Tally>>,
    /// Every entity's kind, one byte each, read from the registry once a count offers many
    /// entities: their records lie scattered over the registry, each a cache miss.
    kinds: OnceLock<Vec<FacetKind>>,
}

/// How many empty tables are kept, about as many as queries run side by side.
const SPARE_TALLIES: usize = 4;

impl Cells {
    fn segment(&self, id: &[u8; 16]) -> Arc<SegmentCells> {
        let mut segments = self.segments.lock().expect("facet cells");
        segments.entry(*id).or_default().clone()
    }

    /// Whether every one of these segments has its documents decoded and its article keys
    /// read: then a pass over all articles reads flat lists, and costs less than looking keys
    /// up in the index.
    pub fn all_decoded(&self, segments: &[SegmentReader]) -> bool {
        let cells = self.segments.lock().expect("facet cells");
        segments.iter().all(|seg| {
            cells.get(&segment_id(seg)).is_some_and(|c| {
                c.docs.get().is_some_and(Option::is_some) && c.keys.get().is_some()
            })
        })
    }

    /// A segment's article keys, one a document, once the decoder has read them (see
    /// [`Cells::articles`]); articles and quotes all carry one.
    pub fn keys(&self, seg: &SegmentReader) -> Option<Arc<[u64]>> {
        let cells = self.segments.lock().expect("facet cells");
        cells.get(&segment_id(seg))?.keys.get().cloned()
    }

    /// Per document of a segment, the live article of its key in the same segment, or `NONE`,
    /// with the segment's id, once the decoder has read them. `articles` is the term every
    /// article carries. The second call (a second quote query over the segment: a reader that
    /// goes on asking, not a one-off search) asks the decoder to read the keys and this map:
    /// until it has, the quotes' articles come from the column of keys, so no query waits for
    /// them. They are not left for after the documents' decoding: they cost a pass over the
    /// segment's keys, and spare every later quote query its pass over the segment's articles.
    pub fn articles(&self, seg: &SegmentReader, articles: &Term) -> Option<(Arc<[u32]>, [u8; 16])> {
        let id = segment_id(seg);
        let cached = {
            let cells = self.segments.lock().expect("facet cells");
            cells.get(&id)?.clone()
        };
        if let Some(of) = cached.articles.get() {
            return Some((of.clone(), id));
        }
        if cached.quote_passes.fetch_add(1, Ordering::Relaxed) == 1 {
            let (seg, articles) = (seg.clone(), articles.clone());
            // Without the decoder the quotes' articles come from the column.
            let _ = DECODER.send(Box::new(move || cached.read_articles(&seg, &articles)));
        }
        None
    }

    /// The kinds of the registry's entities, when `offered` of them make reading them all pay,
    /// or someone read them before.
    fn kinds(&self, reg: &Registry, offered: usize) -> Option<&[FacetKind]> {
        if offered * 16 < reg.len() {
            return self.kinds.get().map(Vec::as_slice);
        }
        let kinds = self
            .kinds
            .get_or_init(|| (0..reg.len() as u32).map(|e| reg.kind(e)).collect());
        Some(kinds)
    }

    /// An empty table for `entities` entities a slot.
    fn tally(&self, entities: usize) -> Tally {
        let spare = self.spare.lock().expect("spare tallies").pop();
        spare
            .filter(|t| t.entities == entities)
            .unwrap_or_else(|| Tally::new(entities))
    }

    /// Keeps a table for another query, emptied.
    fn give_back(&self, mut tally: Tally) {
        tally.clear();
        let mut spare = self.spare.lock().expect("spare tallies");
        if spare.len() < SPARE_TALLIES {
            spare.push(tally);
        }
    }
}

#[cfg(test)]
impl Cells {
    /// Of the segments counted so far, how many have their documents decoded, and how many
    /// there are.
    pub(crate) fn decoded(&self) -> (usize, usize) {
        let segments = self.segments.lock().expect("facet cells");
        let done = segments
            .values()
            .filter(|s| s.docs.get().is_some_and(Option::is_some))
            .count();
        (done, segments.len())
    }

    /// Waits, ten seconds at most, for the decodings begun to end.
    pub(crate) fn wait_decoded(&self) {
        let start = std::time::Instant::now();
        while start.elapsed() < std::time::Duration::from_secs(10) {
            let segments = self.segments.lock().expect("facet cells");
            let busy = segments.values().any(|s| {
                (s.decoding.load(Ordering::Relaxed) && s.docs.get().is_none())
                    || (s.quote_passes.load(Ordering::Relaxed) > 1 && s.articles.get().is_none())
            });
            drop(segments);
            if !busy {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}

#[derive(Default)]
struct SegmentCells {
    /// Per facet ordinal, its cell or `NONE`; `None` if the registry's map has a name it does not
    /// know, which only the ordinal map itself counts.
    cells: OnceLock<Option<Vec<u32>>>,
    /// The registry's totals of the segment's live articles, by cell.
    totals: OnceLock<Vec<(u32, u32)>>,
    /// Every document's cells, decoded once the queries over the segment have counted as many
    /// documents as it holds: from then on a count reads a flat list, not a column and a map.
    docs: OnceLock<Option<DocCells>>,
    /// Documents counted by way of the column so far.
    counted: AtomicUsize,
    /// Whether the documents are being decoded (or are).
    decoding: AtomicBool,
    /// How many quote queries have asked for the articles; the second has them read.
    quote_passes: AtomicUsize,
    /// Every document's `article_key`, read by the decoder once quote queries ask: a weighted
    /// count passes over every article, and the pass over matching quotes reads their keys.
    keys: OnceLock<Arc<[u64]>>,
    /// Per document, the live article with its key in this segment (`NONE` if none): read
    /// right after the keys, so the pass over matching quotes finds their articles without
    /// hashing.
    articles: OnceLock<Arc<[u32]>>,
}

/// A segment's documents as cells: those of document `d` are `cells[starts[d]..starts[d + 1]]`,
/// each once.
struct DocCells {
    starts: Vec<u32>,
    cells: Vec<u32>,
}

impl DocCells {
    /// Decodes every document of a segment through its ordinal map.
    fn decode(ords: &Column<u64>, max_doc: DocId, map: &[u32]) -> DocCells {
        let mut starts = Vec::with_capacity(max_doc as usize + 1);
        let mut cells = Vec::new();
        let (mut buf, mut mapped) = (Vec::new(), Vec::new());
        starts.push(0);
        for doc in 0..max_doc {
            let rows = ords.index.value_row_ids(doc);
            buf.resize(rows.len(), 0);
            ords.values.get_range(rows.start as u64, &mut buf);
            mapped.clear();
            mapped.extend(
                buf.iter()
                    .filter_map(|&o| map.get(o as usize).copied())
                    .filter(|&c| c != NONE),
            );
            // Variants of one entity share its cell: the document counts it once.
            mapped.sort_unstable();
            mapped.dedup();
            cells.extend_from_slice(&mapped);
            starts.push(cells.len() as u32);
        }
        DocCells { starts, cells }
    }

    fn of(&self, doc: DocId) -> &[u32] {
        let d = doc as usize;
        &self.cells[self.starts[d] as usize..self.starts[d + 1] as usize]
    }

    /// Asks for what documents a few places after `docs[i]` will read: their places in
    /// `starts` first, then (once those have come) their cells. A query's documents lie
    /// scattered over lists many times the caches' size, and each would wait for memory in turn.
    #[inline]
    fn prefetch(&self, docs: &[DocId], i: usize) {
        if let Some(&d) = docs.get(i + 2 * AHEAD) {
            prefetch(self.starts.get(d as usize));
        }
        if let Some(&d) = docs.get(i + AHEAD) {
            let d = d as usize;
            if let (Some(&a), Some(&b)) = (self.starts.get(d), self.starts.get(d + 1)) {
                prefetch(self.cells.get(a as usize));
                prefetch(self.cells.get((b as usize).saturating_sub(1)));
            }
        }
    }
}

/// The thread that decodes segments, one after another: beside the queries, and on one core,
/// so that the queries keep the others.
static DECODER: LazyLock<crossbeam_channel::Sender<Box<dyn FnOnce() + Send>>> =
    LazyLock::new(|| {
        let (tx, rx) = crossbeam_channel::unbounded::<Box<dyn FnOnce() + Send>>();
        let _ = std::thread::Builder::new()
            .name("facet-decoder".into())
            .spawn(move || rx.into_iter().for_each(|job| job()));
        tx
    });

/// How many documents ahead the counts ask for their cells.
const AHEAD: usize = 8;

/// Asks the processor to bring the line holding `x` into its caches; a hint, never a fault.
#[inline(always)]
fn prefetch<T>(x: Option<&T>) {
    #[cfg(target_arch = "x86_64")]
    if let Some(x) = x {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: SSE is in every x86-64 processor, and a prefetch reads nothing.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((x as *const T).cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

impl SegmentCells {
    fn cells(&self, reg: &Registry, map: (usize, usize)) -> Option<&[u32]> {
        let entities = reg.len();
        let cells = self.cells.get_or_init(|| {
            (0..map.1 as u64)
                .map(|ord| match reg.ord_code(map, ord) {
                    NONE => Some(NONE),
                    c => code::decode(c)
                        .ok()
                        .map(|(slot, e)| (slot as usize * entities + e as usize) as u32),
                })
                .collect()
        });
        cells.as_deref()
    }

    /// Whether counting `counting` more documents by way of the column brings what that has
    /// cost to about what decoding them all costs, and no one has started decoding them.
    fn decoding_pays(&self, counting: usize, max_doc: DocId) -> bool {
        let before = self.counted.fetch_add(counting, Ordering::Relaxed);
        before + counting >= max_doc as usize && !self.decoding.swap(true, Ordering::Relaxed)
    }

    /// Reads every document's article key, then each document's article in the segment (see
    /// [`Cells::articles`]): on the decoder's thread, once, each a pass over the segment that a
    /// query would otherwise pay. A column that cannot be read leaves both unread, and the
    /// queries to the column; postings that cannot be read leave every quote to the keys.
    fn read_articles(&self, seg: &SegmentReader, articles: &Term) {
        let Ok(column) = seg.fast_fields().u64("article_key") else {
            return;
        };
        let keys = self.keys.get_or_init(|| {
            (0..seg.max_doc())
                .map(|d| column.first(d).unwrap_or_default())
                .collect()
        });
        let mut by_key: HashMap<u64, DocId, BuildHasherDefault<KeyHasher>> = HashMap::default();
        let postings = seg.inverted_index(articles.field()).ok().and_then(|ix| {
            ix.read_postings(articles, IndexRecordOption::Basic)
                .ok()
                .flatten()
        });
        if let Some(mut docs) = postings {
            let alive = seg.alive_bitset();
            let mut doc = docs.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|a| a.is_alive(doc)) {
                    by_key.insert(keys[doc as usize], doc);
                }
                doc = docs.advance();
            }
        }
        self.articles.get_or_init(|| {
            keys.iter()
                .map(|k| by_key.get(k).copied().unwrap_or(NONE))
                .collect()
        });
    }

    fn totals(&self, entities: usize, totals: impl Iterator<Item = (u32, u32)>) -> &[(u32, u32)] {
        self.totals.get_or_init(|| {
            totals
                .filter_map(|(c, n)| {
                    let (slot, e) = code::decode(c).ok()?;
                    Some(((slot as usize * entities + e as usize) as u32, n))
                })
                .collect()
        })
    }
}

/// The counts of one query, filled by every segment in turn: one cell per slot and entity (at
/// `slot * entities + entity`). The marks of the last document that counted each cell sit in
/// a table of their own: only a count by way of the column needs them (a decoded document
/// gives each cell once), and counts alone are half the memory to walk.
struct Tally {
    counts: Vec<u32>,
    /// Per cell, the number of the last document that counted it.
    seen: Vec<u32>,
    entities: usize,
    /// The number of the document being counted (from 1).
    doc: u32,
    /// The cells counted, each once.
    touched: Vec<u32>,
    /// Names the registry does not know, by kind and name.
    unknown: HashMap<(FacetKind, String), u64>,
}

impl Tally {
    fn new(entities: usize) -> Self {
        // Zeroed allocations are pages the system zeroes on first touch: a query pays for the
        // entities it counts, not for the registry's size.
        Tally {
            counts: vec![0; SLOTS.len() * entities],
            seen: vec![0; SLOTS.len() * entities],
            entities,
            doc: 0,
            touched: Vec::new(),
            unknown: HashMap::new(),
        }
    }

    #[inline]
    fn add(&mut self, cell: usize, n: u32) {
        if n == 0 {
            return;
        }
        let c = &mut self.counts[cell];
        if *c == 0 {
            self.touched.push(cell as u32);
        }
        *c += n;
    }

    /// Empties the counts, for another use: only the cells counted are written.
    fn clear(&mut self) {
        for &cell in &self.touched {
            self.counts[cell as usize] = 0;
        }
        self.touched.clear();
        self.unknown.clear();
    }

    /// Starts the next document.
    fn next_doc(&mut self) {
        if self.doc == u32::MAX {
            // A table kept for query after query has counted four billion documents: the marks
            // start again from none.
            self.seen.fill(0);
            self.doc = 0;
        }
        self.doc += 1;
    }

    /// Counts an entity of the current document, unless the document counted it already.
    #[inline]
    fn add_once(&mut self, cell: usize, n: u32) {
        let Some(seen) = self.seen.get_mut(cell) else {
            return;
        };
        if *seen == self.doc {
            return;
        }
        *seen = self.doc;
        self.add(cell, n);
    }
}

/// Counts, per facet kind asked for, the entities of the matching documents. With weights, a
/// document counts as many times as its `article_key` is weighted (the quotes of an article
/// that match, when counting quotes by their articles' entities).
pub struct EntityCounts {
    registry: Arc<Registry>,
    cells: Arc<Cells>,
    kinds: Vec<FacetKind>,
    limit: usize,
    weights: Option<Arc<KeyCounts>>,
    /// Articles counted once per entry, by segment, besides those the weights give.
    article_docs: Option<Arc<ArticleDocs>>,
    /// The term every article carries, when the query matches articles only: a segment most of
    /// whose articles match counts the others and takes them from the registry's totals.
    articles: Option<Term>,
    /// The tables the query's segments filled.
    pool: Arc<Mutex<Vec<Tally>>>,
}

impl EntityCounts {
    pub fn new(
        registry: Arc<Registry>,
        cells: Arc<Cells>,
        kinds: &[FacetKind],
        limit: usize,
    ) -> Self {
        EntityCounts {
            registry,
            cells,
            kinds: kinds.to_vec(),
            limit,
            weights: None,
            article_docs: None,
            articles: None,
            pool: Arc::new(Mutex::new(Vec::new())),
        }
    }

    pub fn weighted(mut self, weights: Arc<KeyCounts>) -> Self {
        self.weights = Some(weights);
        self
    }

    /// Counts these articles too, each as many times as given: the articles of matching quotes
    /// that share their quote's segment.
    pub fn with_articles(mut self, docs: Arc<ArticleDocs>) -> Self {
        self.article_docs = Some(docs);
        self
    }

    /// For a query that matches only documents carrying `articles` (the article kind's term),
    /// unweighted.
    pub fn of_articles(mut self, articles: Term) -> Self {
        self.articles = Some(articles);
        self
    }

    fn tally(&self) -> Tally {
        let pooled = self.pool.lock().expect("tally pool").pop();
        pooled.unwrap_or_else(|| self.cells.tally(self.registry.len()))
    }

    /// Counts every live article of a segment from the totals the registry keeps, where they
    /// still hold (the segment has the deletes it had when they were taken): `false` when they
    /// do not, and the segment must be collected.
    pub fn add_totals(&self, seg: &SegmentReader) -> bool {
        let del = seg.delete_opstamp().unwrap_or(0);
        let Some(totals) = self.registry.segment_totals(&segment_id(seg), del) else {
            return false;
        };
        let mut tally = self.tally();
        let cached = self.cells.segment(&segment_id(seg));
        for &(cell, n) in cached.totals(self.registry.len(), totals) {
            tally.add(cell as usize, n);
        }
        self.pool.lock().expect("tally pool").push(tally);
        true
    }
}

/// Weights by article key, and the segment's column of keys.
type Weights = (Arc<KeyCounts>, Column<u64>);

enum OrdMap {
    Registry(Arc<Registry>, (usize, usize)),
    Owned(Vec<u32>),
}

/// What a segment needs to count the articles a query does not match.
struct Rest {
    articles: tantivy::postings::SegmentPostings,
    alive: Option<AliveBitSet>,
    registry: Arc<Registry>,
    segment: [u8; 16],
    delete_opstamp: u64,
}

pub struct SegmentCounts {
    column: StrColumn,
    map: OrdMap,
    /// The segment decoded, for a segment the registry maps.
    cached: Option<Arc<SegmentCells>>,
    weights: Option<Weights>,
    /// The articles to count besides the matching documents, and this segment's id among them.
    article_docs: Option<(Arc<ArticleDocs>, [u8; 16])>,
    rest: Option<Rest>,
    /// The matching documents, counted at harvest, when it is known how many there are.
    docs: Vec<DocId>,
    pool: Arc<Mutex<Vec<Tally>>>,
    cells: Arc<Cells>,
    entities: usize,
    max_doc: DocId,
}

impl Collector for EntityCounts {
    /// Per kind asked for, the top names with their counts, most first.
    type Fruit = Vec<Vec<NameCount>>;
    type Child = SegmentCounts;

    fn for_segment(&self, _: SegmentOrdinal, seg: &SegmentReader) -> tantivy::Result<Self::Child> {
        let Some(column) = seg.fast_fields().str("facets")? else {
            return Err(tantivy::TantivyError::SchemaError(
                "no facet column".to_string(),
            ));
        };
        let id = segment_id(seg);
        let (map, cached) = match self.registry.segment_map(&id) {
            Some(range) => (
                OrdMap::Registry(self.registry.clone(), range),
                Some(self.cells.segment(&id)),
            ),
            None => (
                OrdMap::Owned(
                    map_segment(&self.registry, seg)
                        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?,
                ),
                None,
            ),
        };
        let weights = match &self.weights {
            Some(w) => Some((w.clone(), seg.fast_fields().u64("article_key")?)),
            None => None,
        };
        let delete_opstamp = seg.delete_opstamp().unwrap_or(0);
        let rest = match &self.articles {
            Some(term)
                if self.weights.is_none()
                    && self.registry.segment_totals(&id, delete_opstamp).is_some() =>
            {
                seg.inverted_index(term.field())?
                    .read_postings(term, IndexRecordOption::Basic)?
                    .map(|articles| Rest {
                        articles,
                        alive: seg.alive_bitset().cloned(),
                        registry: self.registry.clone(),
                        segment: id,
                        delete_opstamp,
                    })
            }
            _ => None,
        };
        Ok(SegmentCounts {
            column,
            map,
            cached,
            weights,
            article_docs: self.article_docs.clone().map(|d| (d, id)),
            rest,
            docs: Vec::new(),
            pool: self.pool.clone(),
            cells: self.cells.clone(),
            entities: self.registry.len(),
            max_doc: seg.max_doc(),
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
            for &cell in &t.touched {
                all.add(cell as usize, t.counts[cell as usize]);
            }
            for (k, n) in &t.unknown {
                *all.unknown.entry(k.clone()).or_default() += n;
            }
            self.cells.give_back(t);
        }
        let reg = &self.registry;
        // One pass offers each counted entity to the kind asked for that it counts under.
        let mut tops: Vec<Top> = self.kinds.iter().map(|_| Top::new(self.limit)).collect();
        let asked = |kind: FacetKind| self.kinds.iter().position(|&k| k == kind);
        let mention_kinds: Vec<(FacetKind, Option<usize>)> = FacetKind::ALL
            .iter()
            .filter(|k| k.is_mention())
            .map(|&k| (k, asked(k)))
            .collect();
        let slot_kind: Vec<Option<usize>> = SLOTS
            .iter()
            .map(|&s| match s {
                Slot::Mention => None,
                Slot::Speaker => asked(FacetKind::Speaker),
                Slot::Author => asked(FacetKind::Author),
            })
            .collect();
        let any_mention = mention_kinds.iter().any(|(_, at)| at.is_some());
        let kinds = self.cells.kinds(reg, all.touched.len());
        for &cell in &all.touched {
            let (slot, e) = (cell as usize / all.entities, cell % all.entities as u32);
            let at = if SLOTS[slot] == Slot::Mention {
                if !any_mention {
                    continue;
                }
                let kind = kinds.map_or_else(|| reg.kind(e), |k| k[e as usize]);
                mention_kinds
                    .iter()
                    .find(|(k, _)| *k == kind)
                    .and_then(|(_, at)| *at)
            } else {
                slot_kind[slot]
            };
            if let Some(at) = at {
                tops[at].offer(all.counts[cell as usize], e);
            }
        }
        let fruit = self
            .kinds
            .iter()
            .zip(tops)
            .map(|(&kind, top)| {
                let mut v: Vec<NameCount> = top
                    .into_sorted()
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
            .collect();
        self.cells.give_back(all);
        Ok(fruit)
    }
}

/// The `limit` most counted entities of a kind, kept as they are offered: ordered by count,
/// then by entity, which the registry numbers in the order of their names.
struct Top {
    limit: usize,
    /// The worst kept on top.
    heap: BinaryHeap<Reverse<(u32, Reverse<u32>)>>,
}

impl Top {
    fn new(limit: usize) -> Self {
        Top {
            limit,
            heap: BinaryHeap::new(),
        }
    }

    fn offer(&mut self, count: u32, e: u32) {
        let key = Reverse((count, Reverse(e)));
        if self.heap.len() < self.limit {
            self.heap.push(key);
        } else if let Some(mut worst) = self.heap.peek_mut() {
            if key < *worst {
                *worst = key;
            }
        }
    }

    /// `(count, entity)`, the best first.
    fn into_sorted(self) -> Vec<(u32, u32)> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|Reverse((count, Reverse(e)))| (count, e))
            .collect()
    }
}

/// What an ordinal map's code counts under, in a table of `entities` a slot.
fn decoded(c: u32, entities: usize) -> Mapped {
    if c == NONE {
        return Mapped::Nothing;
    }
    match code::decode(c) {
        Ok((slot, e)) => Mapped::Cell(slot as usize * entities + e as usize),
        Err(kind) => Mapped::Unknown(kind),
    }
}

/// What a facet ordinal counts under.
enum Mapped {
    Cell(usize),
    /// A name the registry does not know, of this kind.
    Unknown(FacetKind),
    Nothing,
}

/// Counts the entities of `docs` into `tally`, each document once or as many times as its
/// weight (`weights[i]` for `docs[i]`), its facet ordinals read in one call a document and
/// mapped by `mapped`. Names the registry does not know are counted by ordinal in `unknown`.
fn count_docs(
    ords: &Column<u64>,
    docs: &[DocId],
    weights: Option<&[u32]>,
    mapped: impl Fn(u64) -> Mapped,
    tally: &mut Tally,
    unknown: &mut HashMap<(FacetKind, u64), u64>,
) {
    let mut buf: Vec<u64> = Vec::new();
    for (i, &doc) in docs.iter().enumerate() {
        let n = weights.map_or(1, |w| w[i]);
        let rows = ords.index.value_row_ids(doc);
        let len = rows.len();
        if len > buf.len() {
            buf.resize(len, 0);
        }
        let vals = &mut buf[..len];
        ords.values.get_range(rows.start as u64, vals);
        tally.next_doc();
        for &ord in vals.iter() {
            match mapped(ord) {
                Mapped::Cell(cell) => tally.add_once(cell, n),
                Mapped::Unknown(kind) => *unknown.entry((kind, ord)).or_default() += n as u64,
                Mapped::Nothing => {}
            }
        }
    }
}

impl SegmentCounts {
    /// The segment's documents as cells, once they are decoded. Once counting by way of the
    /// column has cost about what decoding them all costs (a long-running reader's later
    /// queries read them), a thread of its own decodes them, so no query waits for it; `None`
    /// until then, and where the ordinal map has names the registry does not know.
    fn decoded(&self, counting: usize) -> Option<&DocCells> {
        let (OrdMap::Registry(reg, map), Some(c)) = (&self.map, &self.cached) else {
            return None;
        };
        if let Some(d) = c.docs.get() {
            return d.as_ref();
        }
        if c.decoding_pays(counting, self.max_doc) {
            let (c, reg, map) = (c.clone(), reg.clone(), *map);
            let (ords, max_doc) = (self.column.ords().clone(), self.max_doc);
            // Without the decoder the segment is counted by way of the column.
            let _ = DECODER.send(Box::new(move || {
                c.docs.get_or_init(|| {
                    c.cells(&reg, map)
                        .map(|m| DocCells::decode(&ords, max_doc, m))
                });
            }));
        }
        None
    }

    /// Counts `docs` into `tally`, each once or as many times as `weights` says: from the
    /// decoded documents where they are (or counting these makes decoding pay), else by way of
    /// the column and the segment's ordinal map.
    fn count(
        &self,
        docs: &[DocId],
        weights: Option<&[u32]>,
        tally: &mut Tally,
        unknown: &mut HashMap<(FacetKind, u64), u64>,
    ) {
        let Some(d) = self.decoded(docs.len()) else {
            return self.count_column(docs, weights, tally, unknown);
        };
        for (i, &doc) in docs.iter().enumerate() {
            d.prefetch(docs, i);
            let n = weights.map_or(1, |w| w[i]);
            for &cell in d.of(doc) {
                tally.add(cell as usize, n);
            }
        }
    }

    /// Counts `docs` as [`SegmentCounts::count`] does, reading their ordinals from the column.
    fn count_column(
        &self,
        docs: &[DocId],
        weights: Option<&[u32]>,
        tally: &mut Tally,
        unknown: &mut HashMap<(FacetKind, u64), u64>,
    ) {
        let ords = self.column.ords();
        let entities = tally.entities;
        match &self.map {
            OrdMap::Registry(reg, map) => {
                // Decoding the map costs a pass over the segment's names: worth it when the
                // documents give about as many ordinals, or once someone paid for it.
                let cells = self.cached.as_ref().and_then(|c| {
                    if docs.len() * 16 >= map.1 {
                        c.cells(reg, *map)
                    } else {
                        c.cells.get().and_then(|v| v.as_deref())
                    }
                });
                if let Some(cells) = cells {
                    let mapped = |ord: u64| match cells.get(ord as usize) {
                        Some(&c) if c != NONE => Mapped::Cell(c as usize),
                        _ => Mapped::Nothing,
                    };
                    return count_docs(ords, docs, weights, mapped, tally, unknown);
                }
                let (at, n) = *map;
                let bytes = reg.as_bytes().get(at..at + 4 * n).unwrap_or_default();
                let mapped = |ord: u64| {
                    let i = 4 * ord as usize;
                    let c = bytes
                        .get(i..i + 4)
                        .map_or(NONE, |b| u32::from_le_bytes(b.try_into().expect("4 bytes")));
                    decoded(c, entities)
                };
                count_docs(ords, docs, weights, mapped, tally, unknown);
            }
            OrdMap::Owned(v) => {
                let mapped =
                    |ord: u64| decoded(v.get(ord as usize).copied().unwrap_or(NONE), entities);
                count_docs(ords, docs, weights, mapped, tally, unknown);
            }
        }
    }

    /// Counts a segment most of whose live articles match: the registry's totals, less what the
    /// articles that do not match count. `false` when the matches are not most of the articles.
    fn count_rest(&mut self, tally: &mut Tally) -> bool {
        let Some(mut rest) = self.rest.take() else {
            return false;
        };
        // Deleted articles are in the postings too: the comparison only chooses the cheaper way.
        if self.docs.len() * 2 <= rest.articles.doc_freq() as usize {
            return false;
        }
        let (Some(totals), Some(cached)) = (
            rest.registry
                .segment_totals(&rest.segment, rest.delete_opstamp),
            self.cached.clone(),
        ) else {
            return false;
        };
        self.docs.sort_unstable();
        let mut others = Vec::new();
        let mut hits = self.docs.iter().copied().peekable();
        let mut doc = rest.articles.doc();
        while doc != TERMINATED {
            while hits.next_if(|&h| h < doc).is_some() {}
            if hits.peek() != Some(&doc) && rest.alive.as_ref().is_none_or(|a| a.is_alive(doc)) {
                others.push(doc);
            }
            doc = rest.articles.advance();
        }
        let mut not = self.cells.tally(self.entities);
        let mut unknown = HashMap::new();
        self.count(&others, None, &mut not, &mut unknown);
        for &(cell, n) in cached.totals(self.entities, totals) {
            let cell = cell as usize;
            tally.add(cell, n.saturating_sub(not.counts[cell]));
        }
        self.cells.give_back(not);
        true
    }
}

impl SegmentCollector for SegmentCounts {
    type Fruit = ();

    fn collect(&mut self, doc: DocId, _: Score) {
        self.docs.push(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.docs.extend_from_slice(docs);
    }

    fn harvest(mut self) -> Self::Fruit {
        let pooled = self.pool.lock().expect("tally pool").pop();
        let mut tally = pooled.unwrap_or_else(|| self.cells.tally(self.entities));
        let mut unknown = HashMap::new();
        if let Some(docs) = self.article_docs.as_ref().and_then(|(all, id)| all.get(id)) {
            self.count(&docs.0, Some(&docs.1), &mut tally, &mut unknown);
        }
        let decoded = match &self.weights {
            Some(_) => self.decoded(self.docs.len()),
            None => None,
        };
        let flat_keys = self.cached.as_ref().and_then(|c| c.keys.get());
        if let (Some((w, _)), Some(d), Some(keys)) = (&self.weights, decoded, flat_keys) {
            // Decoded, keys read: each article's key and cells are read from flat lists.
            for (i, &doc) in self.docs.iter().enumerate() {
                prefetch(
                    self.docs
                        .get(i + 2 * AHEAD)
                        .and_then(|&d| keys.get(d as usize)),
                );
                if let Some(&n) = w.get(&keys[doc as usize]) {
                    for &cell in d.of(doc) {
                        tally.add(cell as usize, n);
                    }
                }
            }
        } else if let Some((w, keys)) = &self.weights {
            // Only the documents with a weight count: the others are passed over here, before
            // their number decides how the map is read. Decoding was just weighed, for all.
            let (mut docs, mut ns) = (Vec::new(), Vec::new());
            for &doc in &self.docs {
                if let Some(&n) = keys.first(doc).and_then(|k| w.get(&k)) {
                    docs.push(doc);
                    ns.push(n);
                }
            }
            self.count_column(&docs, Some(&ns), &mut tally, &mut unknown);
        } else if !self.count_rest(&mut tally) {
            self.count(&self.docs, None, &mut tally, &mut unknown);
        }
        if !unknown.is_empty() {
            let mut ords: Vec<(u64, FacetKind, u64)> =
                unknown.iter().map(|(&(k, o), &n)| (o, k, n)).collect();
            ords.sort_unstable();
            let only: Vec<u64> = ords.iter().map(|o| o.0).collect();
            let mut names = Vec::with_capacity(only.len());
            let _ = self
                .column
                .dictionary()
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

    /// The words and people of article `i` of the table below; `replaced` for its second copy.
    fn words_and_people(i: usize, replaced: bool) -> (String, Vec<Entity>) {
        let mut words = vec!["story"];
        for (word, every, below) in [("most", 10, 9), ("half", 10, 6), ("some", 10, 2)] {
            if i % every < below {
                words.push(word);
            }
        }
        let mut people = Vec::new();
        for (name, every) in [
            ("Ann Lee", 2),
            ("ANN LEE", 3),
            ("Bo Chen", 5),
            ("Cy Diaz", 7),
        ] {
            if i.is_multiple_of(every) != replaced {
                people.push(person(name));
            }
        }
        let mut place = person("Paris");
        place.kind = EntityType::Place;
        if i % 4 == 1 {
            people.push(place);
        }
        (words.join(" "), people)
    }

    /// What a query for `word` should count: every article giving it, each entity once.
    fn plain_count(n: usize, word: &str, replaced: &[usize]) -> Vec<(String, u64)> {
        let mut counts: std::collections::BTreeMap<String, u64> = Default::default();
        for i in 0..n {
            let (words, people) = words_and_people(i, replaced.contains(&i));
            if !words.split(' ').any(|w| w == word) {
                continue;
            }
            let mut names: Vec<String> = people
                .iter()
                .filter(|e| e.kind == EntityType::Person)
                .map(|e| {
                    if e.name == "ANN LEE" {
                        "Ann Lee".to_string()
                    } else {
                        e.name.clone()
                    }
                })
                .collect();
            names.sort();
            names.dedup();
            for name in names {
                *counts.entry(name).or_default() += 1;
            }
        }
        let mut v: Vec<(String, u64)> = counts.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    }

    /// Queries matching most of a segment's articles count the others and take them from the
    /// registry's totals; fewer are counted one by one; segments with deletes or written after
    /// the registry are counted one by one whatever the share. Every way gives the plain count.
    #[test]
    fn counts_of_most_or_few_articles_equal_a_plain_count() {
        let ix = NewsIndex::in_ram();
        let mut w = Indexer::new(&ix, 1, 20 << 20).unwrap();
        let file: Arc<str> = Arc::from("f");
        let n = 300;
        for i in 0..n {
            let (body, people) = words_and_people(i, false);
            let a = Article::from_text(&i.to_string(), "", &body);
            let e = Enrichment {
                entities: people,
                ..Enrichment::default()
            };
            w.add(&a, &e, &file, i as u64).unwrap();
            if i % 100 == 99 {
                w.commit().unwrap();
            }
        }
        w.finish().unwrap();
        ix.rebuild_registry().unwrap();
        let text = |q: &str| Request {
            text: Some(q.into()),
            ..Request::default()
        };
        for word in ["story", "most", "half", "some"] {
            assert_eq!(
                counts(&ix, &text(word)),
                plain_count(n, word, &[]),
                "{word}"
            );
        }
        // Counted again and again, as a server does, the segments are decoded and read as flat
        // lists: the counts stay the same.
        let decoded = || {
            let registry = ix.registry().unwrap();
            ix.facet_cells(&registry).decoded()
        };
        assert_eq!(
            decoded().0,
            0,
            "one pass over the words decodes nothing yet"
        );
        for round in 0..4 {
            for word in ["story", "most", "half", "some"] {
                assert_eq!(
                    counts(&ix, &text(word)),
                    plain_count(n, word, &[]),
                    "{word}, round {round}"
                );
            }
            // The decoding runs beside the queries; the last round reads what it made.
            if round == 2 {
                let registry = ix.registry().unwrap();
                ix.facet_cells(&registry).wait_decoded();
                let (done, all) = decoded();
                assert!(all == 3 && done == all, "{done} of {all} segments decoded");
            }
        }
        // Two articles of the first segment replaced after the registry was built: that
        // segment's totals no longer hold, and the new segment has no map in the registry.
        let replaced = [3, 5];
        let mut w = Indexer::new(&ix, 1, 20 << 20).unwrap();
        for &i in &replaced {
            let (body, people) = words_and_people(i, true);
            let a = Article::from_text(&i.to_string(), "", &body);
            let e = Enrichment {
                entities: people,
                ..Enrichment::default()
            };
            w.add(&a, &e, &file, (n + i) as u64).unwrap();
        }
        w.finish().unwrap();
        ix.refresh().unwrap();
        for word in ["story", "most", "half", "some"] {
            assert_eq!(
                counts(&ix, &text(word)),
                plain_count(n, word, &replaced),
                "{word}, after replacing"
            );
        }
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
