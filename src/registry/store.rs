//! The registry as bytes: fixed-size little-endian records and one string blob, read in place
//! without parsing, so a query process pays for the pages it touches, not for the archive's
//! size. Variants are sorted as the segment dictionaries sort facet terms, so a segment's
//! ordinals map to entities in one merge pass.

use crate::error::{Error, Result};
use crate::facet::FacetKind;

use super::key::fold;

const MAGIC: &[u8; 4] = b"NDXR";
const VERSION: u32 = 2;
/// Magic, version, opstamp, 7 counts, 9 section offsets.
const HEADER: usize = 4 + 4 + 8 + 4 * 7 + 4 * 9;
const ENTITY: usize = 8 * 4;
const VARIANT: usize = 5 * 4;
const PAIR: usize = 3 * 4;
const SEGMENT: usize = 16 + 6 * 4;
/// "No entity": a facet term that is not a name (a link) or unknown to the registry.
pub const NONE: u32 = u32::MAX;

/// One entity as the builder makes it.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityData {
    pub kind: FacetKind,
    pub canonical: String,
    /// Live articles naming it, under any of its variants.
    pub articles: u32,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

/// One facet value (a kind and an article-level name) and the entity it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct VariantData {
    pub kind: FacetKind,
    pub name: String,
    pub entity: u32,
    pub articles: u32,
}

/// What [`super::build::Builder`] makes: entities and every variant's entity.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegistryData {
    pub entities: Vec<EntityData>,
    pub variants: Vec<VariantData>,
}

fn kind_code(k: FacetKind) -> u32 {
    FacetKind::ALL.iter().position(|x| *x == k).expect("a kind") as u32
}

fn kind_of(code: u32) -> FacetKind {
    FacetKind::ALL
        .get(code as usize)
        .copied()
        .unwrap_or(FacetKind::Person)
}

/// The bytes a facet term of `kind` and `name` has in a segment dictionary.
pub fn term_bytes(kind: FacetKind, name: &str) -> Vec<u8> {
    let mut v = Vec::with_capacity(kind.as_str().len() + 1 + name.len());
    v.extend_from_slice(kind.as_str().as_bytes());
    v.push(0);
    v.extend_from_slice(name.as_bytes());
    v
}

struct Blob(Vec<u8>);

impl Blob {
    fn add(&mut self, s: &str) -> (u32, u32) {
        let off = self.0.len() as u32;
        self.0.extend_from_slice(s.as_bytes());
        (off, s.len() as u32)
    }
}

/// What a registry keeps of one segment it was built from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SegmentData {
    pub id: [u8; 16],
    /// The segment's deletes when the registry was built: its totals hold while they do.
    pub delete_opstamp: u64,
    /// A code per facet ordinal (see the index's segment map codes).
    pub ords: Vec<u32>,
    /// Per code, the live articles of the segment that give it, each counted once.
    pub totals: Vec<(u32, u32)>,
}

/// Encodes a registry with what it keeps of the segments it was built for.
pub fn encode(data: &RegistryData, opstamp: u64, segments: &[SegmentData]) -> Vec<u8> {
    let mut blob = Blob(Vec::new());
    let mut order: Vec<usize> = (0..data.variants.len()).collect();
    order.sort_by_cached_key(|&i| term_bytes(data.variants[i].kind, &data.variants[i].name));
    let mut variants = Vec::with_capacity(order.len() * VARIANT);
    let mut by_entity: Vec<Vec<u32>> = vec![Vec::new(); data.entities.len()];
    let mut keys: Vec<(String, u32)> = Vec::new();
    let mut words: Vec<(String, u32)> = Vec::new();
    for (pos, &i) in order.iter().enumerate() {
        let v = &data.variants[i];
        let (off, len) = blob.add(&v.name);
        for x in [kind_code(v.kind), off, len, v.entity, v.articles] {
            variants.extend_from_slice(&x.to_le_bytes());
        }
        by_entity[v.entity as usize].push(pos as u32);
        let k = fold(&v.name);
        for w in k.split(' ').filter(|w| !w.is_empty()) {
            words.push((w.to_string(), v.entity));
        }
        keys.push((k, v.entity));
    }
    let mut entities = Vec::with_capacity(data.entities.len() * ENTITY);
    let mut entity_variants = Vec::new();
    for (e, ent) in data.entities.iter().enumerate() {
        let (off, len) = blob.add(&ent.canonical);
        let start = (entity_variants.len() / 4) as u32;
        for &p in &by_entity[e] {
            entity_variants.extend_from_slice(&p.to_le_bytes());
        }
        let year = |y: Option<i32>| y.map_or(u32::MAX, |y| y as u32);
        for x in [
            kind_code(ent.kind),
            off,
            len,
            ent.articles,
            year(ent.first_year),
            year(ent.last_year),
            start,
            by_entity[e].len() as u32,
        ] {
            entities.extend_from_slice(&x.to_le_bytes());
        }
    }
    let mut pairs = |mut list: Vec<(String, u32)>| -> Vec<u8> {
        list.sort_unstable();
        list.dedup();
        let mut out = Vec::with_capacity(list.len() * PAIR);
        for (s, e) in list {
            let (off, len) = blob.add(&s);
            for x in [off, len, e] {
                out.extend_from_slice(&x.to_le_bytes());
            }
        }
        out
    };
    let keys = pairs(keys);
    let words = pairs(words);
    let mut segs = Vec::with_capacity(segments.len() * SEGMENT);
    let (mut ords, mut totals) = (Vec::new(), Vec::new());
    for seg in segments {
        segs.extend_from_slice(&seg.id);
        for x in [
            (ords.len() / 4) as u32,
            seg.ords.len() as u32,
            seg.delete_opstamp as u32,
            (seg.delete_opstamp >> 32) as u32,
            (totals.len() / 8) as u32,
            seg.totals.len() as u32,
        ] {
            segs.extend_from_slice(&x.to_le_bytes());
        }
        for o in &seg.ords {
            ords.extend_from_slice(&o.to_le_bytes());
        }
        for (c, n) in &seg.totals {
            totals.extend_from_slice(&c.to_le_bytes());
            totals.extend_from_slice(&n.to_le_bytes());
        }
    }
    let sections = [
        &entities,
        &variants,
        &entity_variants,
        &keys,
        &words,
        &segs,
        &ords,
        &totals,
        &blob.0,
    ];
    let mut out = Vec::with_capacity(HEADER + sections.iter().map(|s| s.len()).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&opstamp.to_le_bytes());
    let counts = [
        data.entities.len(),
        data.variants.len(),
        keys.len() / PAIR,
        words.len() / PAIR,
        segments.len(),
        ords.len() / 4,
        totals.len() / 8,
    ];
    for c in counts {
        out.extend_from_slice(&(c as u32).to_le_bytes());
    }
    let mut at = HEADER;
    for s in &sections {
        out.extend_from_slice(&(at as u32).to_le_bytes());
        at += s.len();
    }
    for s in sections {
        out.extend_from_slice(s);
    }
    debug_assert_eq!(out.len(), at);
    out
}

/// The sections of an encoded registry, checked once at load; reads after it are bounded too.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Layout {
    pub opstamp: u64,
    pub entities: usize,
    pub variants: usize,
    pub keys: usize,
    pub words: usize,
    pub segments: usize,
    pub ords: usize,
    pub totals: usize,
    /// Offsets of entities, variants, entity variants, keys, words, segments, ords, totals,
    /// blob.
    pub at: [usize; 9],
}

/// The u32 at `off`, or 0 past the end: a damaged file gives wrong answers, never a panic.
pub(crate) fn u32_at(b: &[u8], off: usize) -> u32 {
    b.get(off..off + 4)
        .map_or(0, |x| u32::from_le_bytes(x.try_into().expect("4 bytes")))
}

pub(crate) fn layout(b: &[u8], path: &std::path::Path) -> Result<Layout> {
    let bad = |msg: &str| Error::Data {
        path: path.to_path_buf(),
        msg: format!("name registry: {msg}; run `newsdex index` again to rebuild it"),
    };
    if b.len() < HEADER || &b[..4] != MAGIC {
        return Err(bad("not a registry file"));
    }
    if u32_at(b, 4) != VERSION {
        return Err(bad("another version"));
    }
    let opstamp = u64::from_le_bytes(b[8..16].try_into().expect("8 bytes"));
    let c = |i: usize| u32_at(b, 16 + 4 * i) as usize;
    let mut at = [0usize; 9];
    for (i, a) in at.iter_mut().enumerate() {
        *a = u32_at(b, 16 + 28 + 4 * i) as usize;
    }
    let l = Layout {
        opstamp,
        entities: c(0),
        variants: c(1),
        keys: c(2),
        words: c(3),
        segments: c(4),
        ords: c(5),
        totals: c(6),
        at,
    };
    let sizes = [
        l.entities * ENTITY,
        l.variants * VARIANT,
        l.variants * 4,
        l.keys * PAIR,
        l.words * PAIR,
        l.segments * SEGMENT,
        l.ords * 4,
        l.totals * 8,
    ];
    for (i, size) in sizes.iter().enumerate() {
        if at[i].checked_add(*size) != Some(at[i + 1]) {
            return Err(bad("truncated"));
        }
    }
    if at[8] > b.len() {
        return Err(bad("truncated"));
    }
    Ok(l)
}

pub(crate) fn kind_at(code: u32) -> FacetKind {
    kind_of(code)
}

pub(crate) const RECORD: (usize, usize, usize, usize) = (ENTITY, VARIANT, PAIR, SEGMENT);
