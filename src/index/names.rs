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
use crate::registry::{term_bytes, Builder, Decisions, Registry, NONE};

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
        let facets = seg.facet_reader("facets")?;
        let dates = seg.fast_fields().date("date")?;
        let (mut names, mut links) = (Vec::new(), Vec::new());
        for doc in articles(ix, seg)? {
            names.clear();
            links.clear();
            for ord in facets.facet_ords(doc) {
                match terms.get(ord as usize) {
                    Some(Owned::Name(k, n)) => names.push((*k, n.as_str())),
                    Some(Owned::Link(k, s, f)) => links.push((*k, s.as_str(), f.as_str())),
                    _ => {}
                }
            }
            let year = dates
                .values_for_doc(doc)
                .next()
                .map(|d| d.into_utc().year());
            builder.add_article(year, names.iter().copied(), links.iter().copied());
        }
        all_terms.push((segment_id(seg), terms));
    }
    let data = builder.build(decisions);
    let entity: HashMap<(FacetKind, &str), u32> = data
        .variants
        .iter()
        .map(|v| ((v.kind, v.name.as_str()), v.entity))
        .collect();
    let maps: Vec<([u8; 16], Vec<u32>)> = all_terms
        .iter()
        .map(|(id, terms)| {
            let map = terms
                .iter()
                .map(|t| match t {
                    Owned::Name(k, n) => entity.get(&(*k, n.as_str())).copied().unwrap_or(NONE),
                    _ => NONE,
                })
                .collect();
            (*id, map)
        })
        .collect();
    let opstamp = ix.index.load_metas()?.opstamp;
    let bytes = crate::registry::encode(&data, opstamp, &maps);
    Registry::from_bytes(bytes, std::path::Path::new(super::REGISTRY_FILE))
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
/// the registry does not know map to [`NONE`]; the caller counts them as names of their own.
pub fn map_segment(reg: &Registry, seg: &SegmentReader) -> Result<Vec<u32>> {
    let reader = seg.facet_reader("facets")?;
    let dict = reader.facet_dict();
    let mut out = Vec::with_capacity(dict.num_terms());
    let mut stream = dict.stream().map_err(tantivy::TantivyError::from)?;
    let (mut pos, n) = (0usize, reg.variant_count());
    let mut current: Option<Vec<u8>> = None;
    while stream.advance() {
        let key = stream.key();
        let mut found = NONE;
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
                    found = reg.variant_at(pos).entity;
                    break;
                }
                std::cmp::Ordering::Greater => break,
            }
        }
        out.push(found);
    }
    Ok(out)
}
