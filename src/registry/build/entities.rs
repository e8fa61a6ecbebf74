//! The end of a build: the user's decisions applied, then each set becomes an entity with its
//! kind, canonical name, years and article count, and every variant its entity.

use std::collections::BTreeMap;

use super::forms::{Clustering, Form};
use super::{Builder, UNDATED};
use crate::extract::features::FxMap;
use crate::facet::FacetKind;
use crate::registry::decisions::{Decision, Decisions};
use crate::registry::key::fold;
use crate::registry::store::{EntityData, RegistryData, VariantData, NONE};

impl Clustering {
    /// The user's decisions, in order: a merge joins every form spelled like its name to the
    /// form of the entity it names (of the same kind where there is one) and names the entity as
    /// the user wrote it; a split takes the forms spelled like its variant out of their entity.
    /// Returns the names the decisions give, by form, in the order they were given.
    pub(super) fn apply_decisions(&mut self, d: &Decisions, b: &Builder) -> Vec<(u32, String)> {
        if d.decisions.is_empty() {
            return Vec::new();
        }
        let mut by_fold: FxMap<String, Vec<u32>> = FxMap::default();
        for (v, var) in b.variants.iter().enumerate() {
            let f = self.form_of[v];
            if var.kind == FacetKind::Speaker || f == NONE {
                continue;
            }
            let forms = by_fold.entry(fold(&var.name)).or_default();
            if !forms.contains(&f) {
                forms.push(f);
            }
        }
        let mut names = Vec::new();
        for dec in &d.decisions {
            match dec {
                Decision::Merge { into, name } => {
                    let Some(from) = by_fold.get(&fold(name)) else {
                        continue;
                    };
                    match by_fold.get(&fold(into)) {
                        Some(to) => {
                            for &f in from {
                                let kind = self.forms[f as usize].kind;
                                let &target = to
                                    .iter()
                                    .find(|&&t| self.forms[t as usize].kind == kind)
                                    .unwrap_or(&to[0]);
                                if target != f {
                                    self.uf.join(f, target);
                                }
                                names.push((target, into.clone()));
                            }
                        }
                        None => names.extend(from.iter().map(|&f| (f, into.clone()))),
                    }
                }
                Decision::Split { variant } => {
                    for &f in by_fold
                        .get(&fold(variant))
                        .map(Vec::as_slice)
                        .unwrap_or_default()
                    {
                        self.uf.detach(f);
                        names.retain(|(g, _)| *g != f);
                    }
                }
            }
        }
        names
    }

    pub(super) fn finish(mut self, b: &Builder, names: &[(u32, String)]) -> RegistryData {
        let n = self.forms.len() as u32;
        let mut members: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
        for f in 0..n {
            let r = self.uf.find(f);
            members.entry(r).or_default().push(f);
        }
        let mut entities: Vec<(EntityData, Vec<u32>)> = members
            .into_values()
            .map(|forms| {
                let variants: Vec<u32> = forms
                    .iter()
                    .flat_map(|&f| self.forms[f as usize].variants.iter().copied())
                    .collect();
                let kind = entity_kind(b, &variants);
                let chosen = names.iter().rev().find(|(f, _)| forms.contains(f));
                let canonical = match chosen {
                    Some((_, name)) => name.clone(),
                    None => canonical(b, &self.forms, &forms, kind),
                };
                let (first, last) = year_span(b, &variants);
                (
                    EntityData {
                        kind,
                        canonical,
                        articles: 0,
                        first_year: first,
                        last_year: last,
                    },
                    variants,
                )
            })
            .collect();
        // Ordered by what they are, not by the order their variants were first seen in.
        entities.sort_by_cached_key(|(e, vars)| {
            let first = vars
                .iter()
                .map(|&v| {
                    (
                        b.variants[v as usize].kind,
                        b.variants[v as usize].name.clone(),
                    )
                })
                .min();
            (e.kind, e.canonical.clone(), first)
        });
        let mut entity_of = vec![NONE; b.variants.len()];
        for (e, (_, vars)) in entities.iter().enumerate() {
            for &v in vars {
                entity_of[v as usize] = e as u32;
            }
        }
        // Articles an entity is named in, once however many of its variants an article gives.
        let mut seen = vec![u32::MAX; entities.len()];
        for (a, vars) in b.articles().enumerate() {
            for &v in vars {
                let e = entity_of[v as usize] as usize;
                if seen[e] != a as u32 {
                    seen[e] = a as u32;
                    entities[e].0.articles += 1;
                }
            }
        }
        let variants = b
            .variants
            .iter()
            .enumerate()
            .filter(|(i, _)| entity_of[*i] != NONE)
            .map(|(i, v)| VariantData {
                kind: v.kind,
                name: v.name.clone(),
                entity: entity_of[i],
                articles: v.articles,
            })
            .collect();
        RegistryData {
            entities: entities.into_iter().map(|(e, _)| e).collect(),
            variants,
        }
    }
}

/// An entity is of the kind most of its articles give it (speakers and authors are people or
/// organisations where mentions name them too).
fn entity_kind(b: &Builder, variants: &[u32]) -> FacetKind {
    let mut by_kind: BTreeMap<FacetKind, u32> = BTreeMap::new();
    for &v in variants {
        let var = &b.variants[v as usize];
        let k = if var.kind.is_mention() {
            var.kind
        } else {
            continue;
        };
        *by_kind.entry(k).or_default() += var.articles;
    }
    if let Some((k, _)) = by_kind
        .iter()
        .max_by_key(|(k, n)| (**n, std::cmp::Reverse(**k)))
    {
        return *k;
    }
    if variants
        .iter()
        .any(|&v| b.variants[v as usize].kind == FacetKind::Author)
    {
        FacetKind::Author
    } else {
        FacetKind::Speaker
    }
}

/// The name an entity goes by: of its fullest form (most words, for people), the spelling used
/// most, written in mixed case rather than capitals, with its accents.
fn canonical(b: &Builder, forms: &[Form], members: &[u32], kind: FacetKind) -> String {
    let of_kind: Vec<u32> = members
        .iter()
        .copied()
        .filter(|&f| forms[f as usize].kind == kind)
        .collect();
    let pool = if of_kind.is_empty() {
        members
    } else {
        &of_kind[..]
    };
    let best_form = pool
        .iter()
        .copied()
        .max_by(|&x, &y| {
            let (fx, fy) = (&forms[x as usize], &forms[y as usize]);
            let full = |f: &Form| f.kind != FacetKind::Person || f.words.len() >= 2;
            (full(fx), fx.articles, std::cmp::Reverse(&fx.key)).cmp(&(
                full(fy),
                fy.articles,
                std::cmp::Reverse(&fy.key),
            ))
        })
        .expect("an entity has forms");
    let v = forms[best_form as usize]
        .variants
        .iter()
        .copied()
        .max_by(|&x, &y| {
            let (vx, vy) = (&b.variants[x as usize], &b.variants[y as usize]);
            let rank = |s: &str| (!is_all_caps(s), !s.is_ascii());
            (rank(&vx.name), vx.articles, std::cmp::Reverse(&vx.name)).cmp(&(
                rank(&vy.name),
                vy.articles,
                std::cmp::Reverse(&vy.name),
            ))
        })
        .expect("a form has variants");
    b.variants[v as usize].name.clone()
}

fn is_all_caps(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_alphabetic());
    let (mut n, mut caps) = (0, 0);
    for c in letters {
        n += 1;
        caps += usize::from(c.is_uppercase());
    }
    n >= 2 && caps == n
}

fn year_span(b: &Builder, variants: &[u32]) -> (Option<i32>, Option<i32>) {
    let years = variants
        .iter()
        .flat_map(|&v| b.variants[v as usize].years.keys().copied())
        .filter(|&y| y != UNDATED);
    let (mut lo, mut hi) = (None::<i32>, None::<i32>);
    for y in years {
        lo = Some(lo.map_or(y, |l| l.min(y)));
        hi = Some(hi.map_or(y, |h| h.max(y)));
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{many, registry};
    use super::super::Builder;
    use crate::facet::FacetKind::*;
    use crate::registry::decisions::{Decision, Decisions};
    use crate::registry::Registry;

    #[test]
    fn canonical_names_are_the_full_mixed_case_accented_form() {
        let articles = [
            many(2, 2016, &[(Person, "Recep Tayyip Erdogan")]),
            many(1, 2016, &[(Person, "Recep Tayyip Erdoğan")]),
            many(3, 2016, &[(Person, "ERDOGAN")]),
            many(2, 2016, &[(Person, "Erdogan")]),
        ]
        .concat();
        let reg = registry(&articles, &[]);
        let e = reg.entity_of(Person, "ERDOGAN").unwrap();
        assert_eq!(reg.entity(e).canonical, "Recep Tayyip Erdoğan");
        assert_eq!(reg.entity(e).articles, 8);
        assert_eq!(reg.variants(e).count(), 4);
    }

    #[test]
    fn decisions_merge_split_and_name() {
        let articles = [
            many(3, 2019, &[(Person, "Volodymyr Zelensky")]),
            many(2, 2019, &[(Person, "Volodymyr Zelenskyy")]),
            many(2, 2008, &[(Person, "Ben Bernanke")]),
            many(1, 2008, &[(Person, "BERNANKE")]),
        ]
        .concat();
        let mut b = Builder::new();
        for (y, names) in &articles {
            b.add_article(*y, names.iter().copied(), []);
        }
        let d = Decisions {
            decisions: vec![
                Decision::Merge {
                    into: "Volodymyr Zelenskyy".into(),
                    name: "Volodymyr Zelensky".into(),
                },
                Decision::Split {
                    variant: "Bernanke".into(),
                },
            ],
        };
        let reg = Registry::from_data(&b.build(&d));
        let z = reg.entity_of(Person, "Volodymyr Zelensky").unwrap();
        assert_eq!(Some(z), reg.entity_of(Person, "Volodymyr Zelenskyy"));
        assert_eq!(reg.entity(z).canonical, "Volodymyr Zelenskyy");
        assert_eq!(reg.entity(z).articles, 5);
        assert_ne!(
            reg.entity_of(Person, "BERNANKE"),
            reg.entity_of(Person, "Ben Bernanke")
        );
    }
}
