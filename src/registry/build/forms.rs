//! The sets the registry's steps join: spelling groups of variants (forms) under a union-find,
//! and what the steps share (first names, years, the dominant candidate of a short form).

use std::collections::BTreeMap;

use super::{Builder, COVERAGE, DOMINANCE, UNDATED, YEAR_WINDOW};
use crate::extract::features::FxMap;
use crate::facet::FacetKind;
use crate::registry::key::{fold, org_key, person_words};
use crate::registry::store::NONE;

/// A spelling group: every variant of one kind with the same key.
pub(super) struct Form {
    pub(super) kind: FacetKind,
    pub(super) key: String,
    pub(super) words: Vec<String>,
    pub(super) variants: Vec<u32>,
    pub(super) articles: u32,
    pub(super) years: BTreeMap<i32, u32>,
}

/// Union-find over forms: the root of each set is its entity.
pub(super) struct UnionFind {
    pub(super) parent: Vec<u32>,
}

impl UnionFind {
    pub(super) fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    pub(super) fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    /// Joins `x`'s set into `into`'s.
    pub(super) fn join(&mut self, x: u32, into: u32) {
        let (a, b) = (self.find(x), self.find(into));
        if a != b {
            self.parent[a as usize] = b;
        }
    }

    /// Takes `x` out of its set, alone; the others stay together under a new root.
    pub(super) fn detach(&mut self, x: u32) {
        let n = self.parent.len() as u32;
        let root = self.find(x);
        let members: Vec<u32> = (0..n).filter(|&m| m != x && self.find(m) == root).collect();
        self.parent[x as usize] = x;
        if let Some(&new_root) = members.first() {
            for m in members {
                self.parent[m as usize] = new_root;
            }
        }
    }
}

pub(super) struct Clustering {
    pub(super) forms: Vec<Form>,
    pub(super) uf: UnionFind,
    /// Variant id -> form id.
    pub(super) form_of: Vec<u32>,
}

fn key_of(kind: FacetKind, name: &str) -> (String, Vec<String>) {
    match kind {
        FacetKind::Person | FacetKind::Author | FacetKind::Speaker => {
            let w = person_words(name);
            (w.join(" "), w)
        }
        FacetKind::Org => {
            let k = org_key(name);
            let w = k.split(' ').map(str::to_string).collect();
            (k, w)
        }
        FacetKind::Place => {
            // "The Oval" and "Oval", "the Netherlands" and "Netherlands" are one place.
            let folded = fold(name);
            let k = match folded.strip_prefix("the ") {
                Some(rest) => rest.to_string(),
                None => folded,
            };
            let w = k.split(' ').map(str::to_string).collect();
            (k, w)
        }
    }
}

impl Clustering {
    pub(super) fn new(b: &Builder) -> Self {
        let mut by_key: BTreeMap<(FacetKind, String), (Vec<String>, Vec<u32>)> = BTreeMap::new();
        // A name only a link gives (no article is filed under it) is evidence, not a variant.
        for (id, v) in b
            .variants
            .iter()
            .enumerate()
            .filter(|(_, v)| v.articles > 0)
        {
            let (key, words) = key_of(v.kind, &v.name);
            by_key
                .entry((v.kind, key))
                .or_insert_with(|| (words, Vec::new()))
                .1
                .push(id as u32);
        }
        let mut forms = Vec::with_capacity(by_key.len());
        let mut form_of = vec![NONE; b.variants.len()];
        for ((kind, key), (words, mut variants)) in by_key {
            variants.sort_by(|x, y| {
                b.variants[*x as usize]
                    .name
                    .cmp(&b.variants[*y as usize].name)
            });
            let mut years = BTreeMap::new();
            let mut articles = 0;
            for &v in &variants {
                let var = &b.variants[v as usize];
                articles += var.articles;
                for (y, n) in &var.years {
                    *years.entry(*y).or_default() += n;
                }
                form_of[v as usize] = forms.len() as u32;
            }
            forms.push(Form {
                kind,
                key,
                words,
                variants,
                articles,
                years,
            });
        }
        let uf = UnionFind::new(forms.len());
        Clustering { forms, uf, form_of }
    }

    pub(super) fn forms_of(&self, kind: FacetKind) -> impl Iterator<Item = u32> + '_ {
        self.forms
            .iter()
            .enumerate()
            .filter(move |(_, f)| f.kind == kind && !f.key.is_empty())
            .map(|(i, _)| i as u32)
    }

    /// The years of every set, by its root.
    pub(super) fn root_years(&mut self) -> FxMap<u32, BTreeMap<i32, u32>> {
        let mut out: FxMap<u32, BTreeMap<i32, u32>> = FxMap::default();
        for f in 0..self.forms.len() as u32 {
            let r = self.uf.find(f);
            add_years(out.entry(r).or_default(), &self.forms[f as usize].years);
        }
        out
    }
}

pub(super) fn is_common_first_name(word: &str) -> bool {
    let mut chars = word.chars();
    let title: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    crate::extract::lexicon::LEXICON
        .first_names
        .contains_key(title.as_str())
}

pub(super) fn add_years(into: &mut BTreeMap<i32, u32>, years: &BTreeMap<i32, u32>) {
    for (y, n) in years {
        *into.entry(*y).or_default() += n;
    }
}

pub(super) fn most_used(b: &Builder, variants: &[u32]) -> u32 {
    *variants
        .iter()
        .max_by(|&&x, &&y| {
            let (vx, vy) = (&b.variants[x as usize], &b.variants[y as usize]);
            vx.articles
                .cmp(&vy.articles)
                .then_with(|| vy.name.cmp(&vx.name))
        })
        .expect("a form has variants")
}

/// The candidate a short form stands for: the one whose share of the short form's uses, year by
/// year (candidates weighted by their articles within [`YEAR_WINDOW`]), reaches [`DOMINANCE`],
/// where enough of those uses fall in years some candidate is named in.
pub(super) fn dominant(
    short: &BTreeMap<i32, u32>,
    cands: &[(u32, BTreeMap<i32, u32>)],
) -> Option<u32> {
    if cands.is_empty() {
        return None;
    }
    let presence = |years: &BTreeMap<i32, u32>, y: i32| -> f64 {
        let undated = years.get(&UNDATED).copied().unwrap_or(0) as f64;
        if y == UNDATED {
            return years.values().sum::<u32>() as f64;
        }
        undated
            + years
                .range(y - YEAR_WINDOW..=y + YEAR_WINDOW)
                .map(|(_, n)| *n as f64)
                .sum::<f64>()
    };
    let mut weight = vec![0f64; cands.len()];
    let (mut covered, mut total) = (0f64, 0f64);
    for (&y, &n) in short {
        total += n as f64;
        let p: Vec<f64> = cands.iter().map(|(_, ys)| presence(ys, y)).collect();
        let sum: f64 = p.iter().sum();
        if sum <= 0.0 {
            continue;
        }
        covered += n as f64;
        for (w, pc) in weight.iter_mut().zip(&p) {
            *w += n as f64 * pc / sum;
        }
    }
    if total == 0.0 || covered / total < COVERAGE {
        return None;
    }
    let (best, w) = weight
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))?;
    (w / covered >= DOMINANCE).then_some(cands[best].0)
}
