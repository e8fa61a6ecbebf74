//! Facet counts that cost what the result set costs: tantivy's `FacetCollector` walks the whole
//! facet dictionary of every segment on every query, which at archive scale is most of a
//! query's time. Here each segment counts the facet ordinals of matching documents, and only
//! the top ones per kind are turned back into names.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::TermOrdHit;
use tantivy::fastfield::FacetReader;
use tantivy::{DocId, Score, Searcher, SegmentOrdinal, SegmentReader};

use crate::error::Result;

/// How many names per kind each segment hands on to the merge, as a multiple of the limit: the
/// merged top is exact unless a name falls outside that many in a segment it appears in.
/// Turning an ordinal back into a name decodes a dictionary block, so fewer is faster.
const SEGMENT_TOP_FACTOR: usize = 3;
/// The most names per kind a segment hands on, ties included.
const MAX_KEPT: usize = 2000;

/// Counts, per facet kind (`person`, `place`, ...), the names of the matching documents.
pub struct NameCounts {
    kinds: Vec<&'static str>,
    limit: usize,
}

impl NameCounts {
    pub fn new(kinds: &[&'static str], limit: usize) -> Self {
        NameCounts {
            kinds: kinds.to_vec(),
            limit,
        }
    }
}

/// The ordinal range of the facets under `kind` in a segment's dictionary.
fn kind_range(reader: &FacetReader, kind: &str) -> Result<(u64, u64)> {
    let dict = reader.facet_dict();
    let n = dict.num_terms() as u64;
    let ord = |key: Vec<u8>| -> Result<u64> {
        Ok(
            match dict
                .term_ord_or_next(key)
                .map_err(tantivy::TantivyError::from)?
            {
                TermOrdHit::Exact(o) | TermOrdHit::Next(o) => o.min(n),
            },
        )
    };
    // Facets are stored as "kind\0name": the kind's names lie between "kind\0" and "kind\x01".
    let start = ord([kind.as_bytes(), b"\0"].concat())?;
    let end = ord([kind.as_bytes(), b"\x01"].concat())?;
    Ok((start, end.max(start)))
}

pub struct SegmentNameCounts {
    reader: FacetReader,
    keep: usize,
    ranges: Vec<(u64, u64)>,
    /// Count per facet ordinal of the kinds' ranges, dense: an increment a facet of a
    /// matching document, no hashing.
    counts: Vec<u32>,
    /// Where each kind's range starts in `counts`.
    offsets: Vec<usize>,
}

impl Collector for NameCounts {
    /// Per kind, names and counts, most frequent first.
    type Fruit = Vec<Vec<(String, u64)>>;
    type Child = SegmentNameCounts;

    fn for_segment(
        &self,
        _: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let reader = segment.facet_reader("facets")?;
        let ranges: Vec<(u64, u64)> = self
            .kinds
            .iter()
            .map(|k| {
                kind_range(&reader, k)
                    .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))
            })
            .collect::<tantivy::Result<_>>()?;
        let mut offsets = Vec::with_capacity(self.kinds.len());
        let mut total = 0usize;
        for &(a, b) in &ranges {
            offsets.push(total);
            total += (b - a) as usize;
        }
        Ok(SegmentNameCounts {
            reader,
            keep: (self.limit * SEGMENT_TOP_FACTOR).max(20),
            ranges,
            counts: vec![0; total],
            offsets,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<Self::Fruit>) -> tantivy::Result<Self::Fruit> {
        Ok((0..self.kinds.len())
            .map(|k| {
                let mut sum: HashMap<String, u64> = HashMap::new();
                for seg in &segments {
                    for (name, n) in &seg[k] {
                        *sum.entry(name.clone()).or_default() += n;
                    }
                }
                let mut v: Vec<(String, u64)> = sum.into_iter().collect();
                v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                v.truncate(self.limit);
                v
            })
            .collect())
    }
}

impl SegmentCollector for SegmentNameCounts {
    type Fruit = Vec<Vec<(String, u64)>>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for ord in self.reader.facet_ords(doc) {
            for (k, &(a, b)) in self.ranges.iter().enumerate() {
                if ord >= a && ord < b {
                    self.counts[self.offsets[k] + (ord - a) as usize] += 1;
                    break;
                }
            }
        }
    }

    fn harvest(self) -> Self::Fruit {
        let dict = self.reader.facet_dict();
        self.ranges
            .iter()
            .zip(&self.offsets)
            .map(|(&(a, b), &off)| {
                let mut top: Vec<(u64, u32)> = self.counts[off..off + (b - a) as usize]
                    .iter()
                    .enumerate()
                    .filter(|(_, n)| **n > 0)
                    .map(|(o, n)| (a + o as u64, *n))
                    .collect();
                top.sort_unstable_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
                // Names tied with the last one kept go too (up to a bound), so that counts
                // split over segments still add up.
                if let Some(&(_, cut)) = top.get(self.keep.saturating_sub(1)) {
                    let ties = top[self.keep..]
                        .iter()
                        .take_while(|(_, n)| *n == cut)
                        .count();
                    top.truncate((self.keep + ties).min(MAX_KEPT));
                }
                // One pass over the dictionary for all of them, in ordinal order.
                top.sort_unstable();
                let ords: Vec<u64> = top.iter().map(|(o, _)| *o).collect();
                let mut names = Vec::with_capacity(ords.len());
                let _ = dict.sorted_ords_to_term_cb(&ords, |bytes| names.push(leaf(bytes)));
                names
                    .into_iter()
                    .zip(top)
                    .map(|(name, (_, n))| (name, n as u64))
                    .collect()
            })
            .collect()
    }
}

/// The name in an encoded facet "kind\0name".
fn leaf(bytes: &[u8]) -> String {
    let name = bytes.splitn(2, |&c| c == 0).nth(1).unwrap_or_default();
    String::from_utf8_lossy(name).into_owned()
}

/// Every distinct name under a facet kind, from the dictionaries alone.
pub fn all_names(searcher: &Searcher, kind: &str) -> Result<Vec<String>> {
    let mut names = std::collections::BTreeSet::new();
    for seg in searcher.segment_readers() {
        let reader = seg.facet_reader("facets")?;
        let (a, b) = kind_range(&reader, kind)?;
        let ords: Vec<u64> = (a..b).collect();
        reader
            .facet_dict()
            .sorted_ords_to_term_cb(&ords, |bytes| {
                names.insert(leaf(bytes));
            })
            .map_err(tantivy::TantivyError::from)?;
    }
    Ok(names.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use crate::extract::{Enrichment, Entity, EntityType, Field};
    use crate::index::{Indexer, NewsIndex};
    use crate::query::{Request, Target};
    use crate::Article;

    #[test]
    fn counts_and_names_follow_the_query() {
        let ix = NewsIndex::in_ram();
        let mut w = Indexer::new(&ix, 1, 20 << 20).unwrap();
        let person = |name: &str| Entity {
            kind: EntityType::Person,
            field: Field::Body,
            start: 0,
            end: 1,
            name: name.into(),
        };
        for (id, body, people) in [
            ("1", "alpha story", vec!["Ann Lee", "Bo Chen"]),
            ("2", "alpha tale", vec!["Ann Lee"]),
            ("3", "beta tale", vec!["Cy Diaz", "Ann Lee"]),
        ] {
            let a = Article::from_text(id, "", body);
            let e = Enrichment {
                entities: people.into_iter().map(person).collect(),
                quotes: vec![],
            };
            w.add(&a, &e, id).unwrap();
            // Several segments, so the merge is exercised too.
            w.commit().unwrap();
        }
        w.finish().unwrap();
        let all = ix
            .facet_counts(Target::Articles, "person", &Request::default(), 10)
            .unwrap();
        assert_eq!(
            all,
            vec![
                ("Ann Lee".to_string(), 3),
                ("Bo Chen".to_string(), 1),
                ("Cy Diaz".to_string(), 1)
            ]
        );
        let alpha = Request {
            text: Some("alpha".into()),
            ..Request::default()
        };
        let some = ix
            .facet_counts(Target::Articles, "person", &alpha, 1)
            .unwrap();
        assert_eq!(some, vec![("Ann Lee".to_string(), 2)]);
        assert_eq!(
            ix.facet_names("person").unwrap(),
            vec!["Ann Lee", "Bo Chen", "Cy Diaz"]
        );
        assert!(ix.facet_names("place").unwrap().is_empty());
    }
}
