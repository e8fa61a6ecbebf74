//! The name registry: every name the archive's articles give, by kind, belongs to one entity
//! with a canonical name, its variants and their counts. "BERNANKE", "Bernanke" and "Ben S.
//! Bernanke" are one person; a facet counts him once, a filter finds every article that names
//! him under any of them.
//!
//! Articles keep the names they were indexed with (each a facet value); the registry maps those
//! values to entities and is rebuilt from the live articles after every `index` run, without
//! tagging again, so it is the same whatever order the articles came in and however many runs
//! brought them. The user's own decisions ([`Decisions`]: merge, split, an alias file) are
//! applied last and outlive every rebuild.
//!
//! ```
//! use newsdex::facet::FacetKind;
//! use newsdex::registry::{Builder, Decisions, Registry};
//!
//! let mut b = Builder::new();
//! b.add_article(Some(2007), [(FacetKind::Person, "Ben S. Bernanke")], []);
//! b.add_article(Some(2007), [(FacetKind::Person, "BERNANKE")], []);
//! b.add_article(Some(2008), [(FacetKind::Person, "Ben Bernanke")], []);
//! let reg = Registry::from_data(&b.build(&Decisions::default()));
//! let e = reg.entity_of(FacetKind::Person, "BERNANKE").unwrap();
//! assert_eq!(reg.entity(e).canonical, "Ben Bernanke");
//! assert_eq!(reg.entity(e).articles, 3);
//! ```

mod build;
mod decisions;
pub mod key;
mod store;

use std::path::Path;

pub use build::Builder;
pub use decisions::{Decision, Decisions};
pub use store::{encode, term_bytes, EntityData, RegistryData, SegmentData, VariantData, NONE};
use store::{kind_at, layout, u32_at, Layout, RECORD};

use crate::error::Result;
use crate::facet::FacetKind;
use key::fold;

/// An entity's number in one registry (not stable across rebuilds: names are).
pub type EntityId = u32;

/// An encoded registry, read in place.
pub struct Registry {
    bytes: Bytes,
    l: Layout,
}

/// The registry's bytes: built in memory, or the file mapped, so a query process reads the pages
/// it touches only.
enum Bytes {
    Owned(Vec<u8>),
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            Bytes::Owned(v) => v,
            Bytes::Mapped(m) => m,
        }
    }
}

/// One entity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Entity<'r> {
    pub id: EntityId,
    /// Person, place or org for names mentioned in text; speaker or author for names only
    /// quotes or credits give.
    pub kind: FacetKind,
    pub canonical: &'r str,
    /// Live articles naming it under any variant.
    pub articles: u32,
    pub first_year: Option<i32>,
    pub last_year: Option<i32>,
}

/// One variant: a facet value and the articles that give it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Variant<'r> {
    pub kind: FacetKind,
    pub name: &'r str,
    pub entity: EntityId,
    pub articles: u32,
}

/// How a user's name matched the entities of the kind asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// The entities it means: one, or several where it is ambiguous (most articles first).
    Found(Vec<EntityId>),
    /// No match; the closest canonical names.
    NotFound { suggestions: Vec<String> },
}

impl Registry {
    /// A registry with no names.
    pub fn empty() -> Self {
        Self::from_data(&RegistryData::default())
    }

    /// The registry of freshly built data, with no segment maps.
    pub fn from_data(data: &RegistryData) -> Self {
        let bytes = store::encode(data, 0, &[]);
        Self::from_bytes(bytes, Path::new("(memory)")).expect("fresh encoding is valid")
    }

    /// Reads encoded bytes; `path` names them in errors.
    pub fn from_bytes(bytes: Vec<u8>, path: &Path) -> Result<Self> {
        let l = layout(&bytes, path)?;
        Ok(Registry {
            bytes: Bytes::Owned(bytes),
            l,
        })
    }

    /// Maps a registry file.
    pub fn open(path: &Path) -> Result<Self> {
        let file = std::fs::File::open(path).map_err(|e| crate::error::Error::io(path, e))?;
        // SAFETY: the index replaces the file by renaming a new one over it, never by writing
        // into it, so the mapped inode does not change under the map.
        let map =
            unsafe { memmap2::Mmap::map(&file) }.map_err(|e| crate::error::Error::io(path, e))?;
        let l = layout(&map, path)?;
        Ok(Registry {
            bytes: Bytes::Mapped(map),
            l,
        })
    }

    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The opstamp of the commit this registry was built from.
    pub fn opstamp(&self) -> u64 {
        self.l.opstamp
    }

    /// Number of entities.
    pub fn len(&self) -> usize {
        self.l.entities
    }

    pub fn is_empty(&self) -> bool {
        self.l.entities == 0
    }

    fn str_at(&self, off: u32, len: u32) -> &str {
        let start = self.l.at[8] + off as usize;
        self.bytes
            .get(start..start + len as usize)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or("")
    }

    fn rec(&self, section: usize, size: usize, i: usize, field: usize) -> u32 {
        u32_at(&self.bytes, self.l.at[section] + i * size + 4 * field)
    }

    /// One entity by id (ids run from 0 to [`Registry::len`]).
    pub fn entity(&self, id: EntityId) -> Entity<'_> {
        let e = |f| self.rec(0, RECORD.0, id as usize, f);
        let year = |v: u32| (v != u32::MAX).then_some(v as i32);
        Entity {
            id,
            kind: kind_at(e(0)),
            canonical: self.str_at(e(1), e(2)),
            articles: e(3),
            first_year: year(e(4)),
            last_year: year(e(5)),
        }
    }

    /// An entity's kind alone, for the hot path of facet counts.
    pub fn kind(&self, id: EntityId) -> FacetKind {
        kind_at(self.rec(0, RECORD.0, id as usize, 0))
    }

    pub fn entities(&self) -> impl Iterator<Item = Entity<'_>> {
        (0..self.l.entities as u32).map(|i| self.entity(i))
    }

    /// Number of variants, and the variant at a position of the dictionary order.
    pub fn variant_count(&self) -> usize {
        self.l.variants
    }

    pub fn variant_at(&self, pos: usize) -> Variant<'_> {
        let v = |f| self.rec(1, RECORD.1, pos, f);
        Variant {
            kind: kind_at(v(0)),
            name: self.str_at(v(1), v(2)),
            entity: v(3),
            articles: v(4),
        }
    }

    /// Every variant of an entity, in dictionary order.
    pub fn variants(&self, id: EntityId) -> impl Iterator<Item = Variant<'_>> {
        let start = self.rec(0, RECORD.0, id as usize, 6) as usize;
        let n = self.rec(0, RECORD.0, id as usize, 7) as usize;
        (start..start + n).map(move |i| {
            let pos = u32_at(&self.bytes, self.l.at[2] + 4 * i) as usize;
            self.variant_at(pos)
        })
    }

    /// The entity of a facet value, if the registry knows it.
    pub fn entity_of(&self, kind: FacetKind, name: &str) -> Option<EntityId> {
        let want = term_bytes(kind, name);
        let (mut lo, mut hi) = (0usize, self.l.variants);
        while lo < hi {
            let mid = (lo + hi) / 2;
            let v = self.variant_at(mid);
            match term_bytes(v.kind, v.name).cmp(&want) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(v.entity),
            }
        }
        None
    }

    /// The entities whose pair-table entries (keys: section 3, words: section 4) equal `s`.
    fn pairs_equal(&self, section: usize, n: usize, s: &str) -> Vec<EntityId> {
        let at = |i: usize| {
            let r = |f| self.rec(section, RECORD.2, i, f);
            (self.str_at(r(0), r(1)), r(2))
        };
        let (mut lo, mut hi) = (0usize, n);
        while lo < hi {
            let mid = (lo + hi) / 2;
            if at(mid).0 < s {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        let mut out = Vec::new();
        while lo < n && at(lo).0 == s {
            out.push(at(lo).1);
            lo += 1;
        }
        out
    }

    /// Whether an entity answers a filter of `kind`: people, places and organisations by the
    /// entity's kind; speakers and authors by having a variant of that kind.
    pub fn answers(&self, id: EntityId, kind: FacetKind) -> bool {
        if kind.is_mention() {
            self.entity(id).kind == kind
        } else {
            self.variants(id).any(|v| v.kind == kind)
        }
    }

    /// Resolves a user's name among the entities that answer `kind`, without case or accents:
    /// a variant spelled so is the entity the archive means by it ("bernanke" is Ben Bernanke
    /// where the archive's "Bernanke" is him); else, or where that is a surname the registry
    /// kept apart because it can mean several people, every entity with all the words of the
    /// name ("taylor" is two people); else the closest names as suggestions.
    pub fn resolve(&self, kind: FacetKind, query: &str) -> Resolution {
        let q = fold(query);
        if q.is_empty() {
            return Resolution::NotFound {
                suggestions: Vec::new(),
            };
        }
        let sorted = |mut v: Vec<EntityId>| {
            v.sort_unstable();
            v.dedup();
            v.retain(|&e| self.answers(e, kind));
            v.sort_by_key(|&e| (std::cmp::Reverse(self.entity(e).articles), e));
            v
        };
        let exact = sorted(self.pairs_equal(3, self.l.keys, &q));
        // A surname the registry kept apart from the people who bear it ("Clinton" of two
        // Clintons) is not all the query means: they answer too.
        let kept_apart = !q.contains(' ')
            && exact.iter().any(|&e| {
                let ent = self.entity(e);
                ent.kind == FacetKind::Person && !ent.canonical.trim().contains(' ')
            });
        if !exact.is_empty() && !kept_apart {
            return Resolution::Found(exact);
        }
        let mut words = q.split(' ');
        let first = self.pairs_equal(4, self.l.words, words.next().unwrap_or_default());
        let all = words.fold(first, |acc, w| {
            let next = self.pairs_equal(4, self.l.words, w);
            acc.into_iter().filter(|e| next.contains(e)).collect()
        });
        let all = sorted(all);
        if !all.is_empty() {
            return Resolution::Found(all);
        }
        Resolution::NotFound {
            suggestions: self.suggest(kind, &q),
        }
    }

    /// Up to three canonical names within a few edits of the query (or of one of its words).
    fn suggest(&self, kind: FacetKind, q: &str) -> Vec<String> {
        let limit = q.chars().count() / 3 + 1;
        let qlen = q.chars().count();
        let mut scored: Vec<(usize, std::cmp::Reverse<u32>, EntityId)> = Vec::new();
        for i in 0..self.l.keys {
            let r = |f| self.rec(3, RECORD.2, i, f);
            let key = self.str_at(r(0), r(1));
            let best = key
                .split(' ')
                .chain(std::iter::once(key))
                .filter(|w| w.chars().count().abs_diff(qlen) <= limit)
                .map(|w| levenshtein(w, q))
                .min();
            if let Some(d) = best.filter(|d| *d <= limit) {
                let e = r(2);
                if self.answers(e, kind) {
                    scored.push((d, std::cmp::Reverse(self.entity(e).articles), e));
                }
            }
        }
        scored.sort();
        let mut out: Vec<String> = Vec::new();
        for (_, _, e) in scored {
            let name = self.entity(e).canonical.to_string();
            if !out.contains(&name) {
                out.push(name);
            }
            if out.len() == 3 {
                break;
            }
        }
        out
    }

    fn segment_at(&self, segment: &[u8; 16]) -> Option<usize> {
        (0..self.l.segments).find_map(|i| {
            let o = self.l.at[5] + i * RECORD.3;
            (self.bytes.get(o..o + 16)? == segment).then_some(o)
        })
    }

    /// Where the ordinal map of a segment this registry was built with lies (first byte and
    /// number of ordinals), for [`Registry::ord_code`].
    pub fn segment_map(&self, segment: &[u8; 16]) -> Option<(usize, usize)> {
        let o = self.segment_at(segment)?;
        let start = u32_at(&self.bytes, o + 16) as usize;
        let n = u32_at(&self.bytes, o + 20) as usize;
        Some((self.l.at[6] + 4 * start, n))
    }

    /// The live articles of a segment per code, as the registry counted them, while the segment
    /// has the deletes it had then (`delete_opstamp`).
    pub fn segment_totals(
        &self,
        segment: &[u8; 16],
        delete_opstamp: u64,
    ) -> Option<impl Iterator<Item = (u32, u32)> + '_> {
        let o = self.segment_at(segment)?;
        let del = u32_at(&self.bytes, o + 24) as u64 | (u32_at(&self.bytes, o + 28) as u64) << 32;
        if del != delete_opstamp {
            return None;
        }
        let start = u32_at(&self.bytes, o + 32) as usize;
        let n = u32_at(&self.bytes, o + 36) as usize;
        let at = self.l.at[7] + 8 * start;
        Some((0..n).map(move |i| {
            let p = at + 8 * i;
            (u32_at(&self.bytes, p), u32_at(&self.bytes, p + 4))
        }))
    }

    /// What a segment map says of ordinal `ord` ([`NONE`] for terms that are no name; the index
    /// writes the codes).
    pub fn ord_code(&self, map: (usize, usize), ord: u64) -> u32 {
        if ord as usize >= map.1 {
            return NONE;
        }
        let at = map.0 + 4 * ord as usize;
        self.bytes
            .get(at..at + 4)
            .map_or(NONE, |b| u32::from_le_bytes(b.try_into().expect("4 bytes")))
    }
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}
