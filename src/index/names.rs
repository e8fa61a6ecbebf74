//! The registry from the index: what the live articles of the last commit name, read from the
//! segments' facet dictionaries and ordinals (no stored document is opened), and each
//! segment's ordinals mapped to entities.

use std::collections::HashMap;

use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Searcher, SegmentReader, Term, TERMINATED};

use super::schema::DocKind;
use super::NewsIndex;
use crate::error::Result;
use crate::facet::{decode, FacetKind, Term as FacetTerm};
use crate::registry::{term_bytes, Builder, Decisions, Registry, SegmentData, NONE};

/// A facet term of a segment, decoded once.
enum Owned {
    Name(FacetKind, String),
    Link(FacetKind, String, String),
    Other,
}

fn segment_terms(seg: &SegmentReader) -> Result<Vec<Owned>> {
    let reader = seg.facet_reader("facets")?;
    let dict = reader.facet_dict();
    let mut out = Vec::with_capacity(dict.num_terms());
    let mut stream = dict.stream().map_err(tantivy::TantivyError::from)?;
    while stream.advance() {
        out.push(match decode(stream.key()) {
            Some(FacetTerm::Name(k, n)) => Owned::Name(k, n.to_string()),
            Some(FacetTerm::Link(k, s, f)) => Owned::Link(k, s.to_string(), f.to_string()),
            None => Owned::Other,
        });
    }
    Ok(out)
}

/// A term by the builder's numbers.
enum Interned {
    Name(u32),
    Link(u32, u32),
    Other,
}

/// The live article documents of a segment.
fn articles(ix: &NewsIndex, seg: &SegmentReader) -> Result<Vec<u32>> {
    let inverted = seg.inverted_index(ix.fields.kind)?;
    let term = Term::from_field_text(ix.fields.kind, DocKind::Article.as_str());
    let mut docs = Vec::new();
    if let Some(mut postings) = inverted
        .read_postings(&term, IndexRecordOption::Basic)
        .map_err(tantivy::TantivyError::from)?
    {
        while postings.doc() != TERMINATED {
            let d = postings.doc();
            if !seg.is_deleted(d) {
                docs.push(d);
            }
            postings.advance();
        }
    }
    Ok(docs)
}

/// Builds the registry of what the searcher's live articles name, with the decisions applied
/// and every segment's ordinal map.
pub(super) fn build(
    ix: &NewsIndex,
    searcher: &Searcher,
    decisions: &Decisions,
) -> Result<Registry> {
    let mut builder = Builder::new();
    let mut all_terms = Vec::new();
    for seg in searcher.segment_readers() {
        let terms = segment_terms(seg)?;
        // Each term of the segment named once, then its articles by number.
        let ids: Vec<Interned> = terms
            .iter()
            .map(|t| match t {
                Owned::Name(k, n) if !n.trim().is_empty() => Interned::Name(builder.intern(*k, n)),
                Owned::Link(k, s, f) => {
                    Interned::Link(builder.intern(*k, s), builder.intern(*k, f))
                }
                _ => Interned::Other,
            })
            .collect();
        let facets = seg.facet_reader("facets")?;
        let dates = seg.fast_fields().date("date")?;
        let (mut names, mut links) = (Vec::new(), Vec::new());
        for doc in articles(ix, seg)? {
            names.clear();
            links.clear();
            for ord in facets.facet_ords(doc) {
                match ids.get(ord as usize) {
                    Some(Interned::Name(id)) => names.push(*id),
                    Some(Interned::Link(s, f)) => links.push((*s, *f)),
                    _ => {}
                }
            }
            let year = dates
                .values_for_doc(doc)
                .next()
                .map(|d| d.into_utc().year());
            builder.add_ids(year, &names, &links);
        }
        all_terms.push((segment_id(seg), terms));
    }
    let data = builder.build(decisions);
    let entity: HashMap<(FacetKind, &str), u32> = data
        .variants
        .iter()
        .map(|v| ((v.kind, v.name.as_str()), v.entity))
        .collect();
    let mut segments = Vec::with_capacity(all_terms.len());
    for (seg, (id, terms)) in searcher.segment_readers().iter().zip(&all_terms) {
        let ords: Vec<u32> = terms
            .iter()
            .map(|t| match t {
                Owned::Name(k, n) => match entity.get(&(*k, n.as_str())) {
                    Some(&e) => code::known(*k, e),
                    // A name only deleted articles give.
                    None => NONE,
                },
                _ => NONE,
            })
            .collect();
        // What an unfiltered count of the segment's articles gives, each entity once an article.
        let facets = seg.facet_reader("facets")?;
        let mut totals: HashMap<u32, u32> = HashMap::new();
        let mut doc_codes: Vec<u32> = Vec::new();
        for doc in articles(ix, seg)? {
            doc_codes.clear();
            doc_codes.extend(
                facets
                    .facet_ords(doc)
                    .filter_map(|o| ords.get(o as usize).copied())
                    .filter(|&c| c != NONE),
            );
            doc_codes.sort_unstable();
            doc_codes.dedup();
            for &c in &doc_codes {
                *totals.entry(c).or_default() += 1;
            }
        }
        let mut totals: Vec<(u32, u32)> = totals.into_iter().collect();
        totals.sort_unstable();
        segments.push(SegmentData {
            id: *id,
            delete_opstamp: seg.delete_opstamp().unwrap_or(0),
            ords,
            totals,
        });
    }
    let opstamp = ix.index.load_metas()?.opstamp;
    let bytes = crate::registry::encode(&data, opstamp, &segments);
    Registry::from_bytes(bytes, std::path::Path::new(super::REGISTRY_FILE))
}

/// What a segment map says of a facet ordinal, in one u32: [`NONE`] for a term that is no name
/// (or a name of deleted articles only); a name the registry knows, as its slot (mention,
/// speaker, author) and entity; or a name it does not know, with its kind.
pub(crate) mod code {
    use crate::facet::FacetKind;

    const SHIFT: u32 = 29;
    const ENTITY: u32 = (1 << SHIFT) - 1;
    const UNKNOWN: u32 = 6;

    /// Where a name counts: its entity says person, place or org for mentions.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Slot {
        Mention = 0,
        Speaker = 1,
        Author = 2,
    }

    pub fn slot_of(kind: FacetKind) -> Slot {
        match kind {
            FacetKind::Speaker => Slot::Speaker,
            FacetKind::Author => Slot::Author,
            _ => Slot::Mention,
        }
    }

    pub fn known(kind: FacetKind, entity: u32) -> u32 {
        ((slot_of(kind) as u32 + 1) << SHIFT) | (entity & ENTITY)
    }

    pub fn unknown(kind: FacetKind) -> u32 {
        (UNKNOWN << SHIFT) | FacetKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) as u32
    }

    /// A code's meaning: `Ok((slot, entity))`, or `Err(kind)` for an unknown name.
    pub fn decode(c: u32) -> Result<(Slot, u32), FacetKind> {
        match c >> SHIFT {
            1 => Ok((Slot::Mention, c & ENTITY)),
            2 => Ok((Slot::Speaker, c & ENTITY)),
            3 => Ok((Slot::Author, c & ENTITY)),
            _ => Err(FacetKind::ALL[(c & 7) as usize % FacetKind::ALL.len()]),
        }
    }
}

/// A segment's id as 16 bytes.
pub fn segment_id(seg: &SegmentReader) -> [u8; 16] {
    let hex = seg.segment_id().uuid_string();
    let mut out = [0u8; 16];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(hex.get(2 * i..2 * i + 2).unwrap_or("00"), 16).unwrap_or(0);
    }
    out
}

/// The ordinal map of a segment the registry was not built with (committed after it): one merge
/// pass of the segment's dictionary against the registry's variants, both in term order. Names
/// the registry does not know get an unknown code; the caller counts them as names of their own.
pub fn map_segment(reg: &Registry, seg: &SegmentReader) -> Result<Vec<u32>> {
    let reader = seg.facet_reader("facets")?;
    let dict = reader.facet_dict();
    let mut out = Vec::with_capacity(dict.num_terms());
    let mut stream = dict.stream().map_err(tantivy::TantivyError::from)?;
    let (mut pos, n) = (0usize, reg.variant_count());
    let mut current: Option<Vec<u8>> = None;
    while stream.advance() {
        let key = stream.key();
        let mut found = match decode(key) {
            Some(FacetTerm::Name(k, _)) => code::unknown(k),
            _ => NONE,
        };
        while pos < n {
            let bytes = current.get_or_insert_with(|| {
                let v = reg.variant_at(pos);
                term_bytes(v.kind, v.name)
            });
            match bytes.as_slice().cmp(key) {
                std::cmp::Ordering::Less => {
                    pos += 1;
                    current = None;
                }
                std::cmp::Ordering::Equal => {
                    let v = reg.variant_at(pos);
                    found = code::known(v.kind, v.entity);
                    break;
                }
                std::cmp::Ordering::Greater => break,
            }
        }
        out.push(found);
    }
    Ok(out)
}
