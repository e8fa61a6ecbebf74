//! People: full names whose middles agree, initials, and surnames or rare first names alone
//! joining the one person they stand for.

use std::collections::BTreeMap;

use super::forms::{add_years, dominant, is_common_first_name, Clustering};
use super::{Builder, Years, LINK_WEIGHT, SURNAME_EXCESS, SURNAME_EXCESS_MIN};
use crate::extract::features::FxMap;
use crate::facet::FacetKind;
use crate::registry::key::middles_agree;
use crate::registry::store::NONE;

impl Clustering {
    /// Full names with the same first and last word whose middle names agree are one person;
    /// the name without a middle joins the one with a middle that dominates its years.
    pub(super) fn join_full_names(&mut self) {
        for kind in [FacetKind::Person, FacetKind::Author] {
            let mut groups: BTreeMap<(String, String), Vec<u32>> = BTreeMap::new();
            for f in self.forms_of(kind) {
                let w = &self.forms[f as usize].words;
                if w.len() >= 2 {
                    groups
                        .entry((w[0].clone(), w[w.len() - 1].clone()))
                        .or_default()
                        .push(f);
                }
            }
            for forms in groups.into_values() {
                let forms_ref = &self.forms;
                let middles = |f: u32| -> &[String] {
                    let w = &forms_ref[f as usize].words;
                    &w[1..w.len() - 1]
                };
                let mut with: Vec<u32> = forms
                    .iter()
                    .copied()
                    .filter(|&f| !middles(f).is_empty())
                    .collect();
                with.sort_by_key(|&f| (std::cmp::Reverse(forms_ref[f as usize].articles), f));
                // Each cluster of agreeing middle names, with the years of its forms.
                let mut reps: Vec<(u32, BTreeMap<i32, u32>)> = Vec::new();
                let mut joins = Vec::new();
                for f in with {
                    let years = &forms_ref[f as usize].years;
                    match reps
                        .iter_mut()
                        .find(|(r, _)| middles_agree(middles(*r), middles(f)))
                    {
                        Some((r, ys)) => {
                            add_years(ys, years);
                            joins.push((f, *r));
                        }
                        None => reps.push((f, years.clone())),
                    }
                }
                let bare = forms.iter().copied().find(|&f| middles(f).is_empty());
                if let Some(r) = bare.and_then(|b| dominant(&forms_ref[b as usize].years, &reps)) {
                    joins.push((bare.expect("bare"), r));
                }
                for (f, r) in joins {
                    self.uf.join(f, r);
                }
            }
        }
    }

    /// The person a short form `s` of a person's name (a surname, initials and a surname) stands
    /// for among the candidates `weighed`: the dominant one, unless the short form alone is in
    /// more than [`SURNAME_EXCESS`] times as many articles as that person, who then is not what
    /// it mostly names ("Pound" the currency, "J.P. Morgan" the bank beside John Pierpont Morgan).
    fn person_for(&self, s: u32, weighed: &[(u32, Years)]) -> Option<u32> {
        let short = &self.forms[s as usize];
        let r = dominant(&short.years, weighed)?;
        let full: u32 = weighed
            .iter()
            .find(|(c, _)| *c == r)
            .map_or(0, |(_, ys)| ys.values().sum());
        (short.articles < SURNAME_EXCESS_MIN || short.articles <= SURNAME_EXCESS * full)
            .then_some(r)
    }

    /// A name whose given names are initials ("S. Jayasuriya", "J.P. Morgan", as scoreboards and
    /// lists write them) is the person with that surname whose given names those initials begin,
    /// where one such person dominates the years it is used in.
    pub(super) fn join_initials(&mut self) {
        for kind in [FacetKind::Person, FacetKind::Author] {
            let years_of = self.root_years();
            let mut by_last: FxMap<&str, Vec<u32>> = FxMap::default();
            let mut initialled = Vec::new();
            for f in self.forms_of(kind) {
                let w = &self.forms[f as usize].words;
                if w.len() < 2 || w[w.len() - 1].chars().count() < 2 {
                    continue;
                }
                let given = &w[..w.len() - 1];
                if given.iter().all(|g| g.chars().count() == 1) {
                    initialled.push(f);
                } else if w[0].chars().count() > 1 {
                    by_last.entry(&w[w.len() - 1]).or_default().push(f);
                }
            }
            let mut joins = Vec::new();
            for s in initialled {
                let w = &self.forms[s as usize].words;
                let (initials, last) = (&w[..w.len() - 1], &w[w.len() - 1]);
                let Some(cands) = by_last.get(last.as_str()) else {
                    continue;
                };
                // Each initial begins the given name in its place: "J.P." is no "John Smith".
                let fits = |c: u32| {
                    let cw = &self.forms[c as usize].words;
                    cw.len() > initials.len()
                        && (initials.len() == 1 || cw.len() == initials.len() + 1)
                        && initials
                            .iter()
                            .zip(cw)
                            .all(|(i, g)| g.starts_with(i.as_str()))
                };
                let mut roots: Vec<u32> = cands
                    .iter()
                    .filter(|&&c| fits(c))
                    .map(|&c| self.uf.find(c))
                    .collect();
                roots.sort_unstable();
                roots.dedup();
                let weighed: Vec<(u32, BTreeMap<i32, u32>)> = roots
                    .iter()
                    .map(|&r| (r, years_of.get(&r).cloned().unwrap_or_default()))
                    .collect();
                if let Some(r) = self.person_for(s, &weighed) {
                    joins.push((s, r));
                }
            }
            for (s, r) in joins {
                self.uf.join(s, r);
            }
        }
    }

    /// A one-word name ("Bernanke", "Saddam") is the full name it stands for where one
    /// candidate with that last (or first) word dominates the years it is used in, counting
    /// the articles that link the short form to a full name three times.
    pub(super) fn join_person_short_forms(&mut self, b: &Builder) {
        let mut links_of: FxMap<u32, Vec<(u32, &Years)>> = FxMap::default();
        for (&(s, f), years) in &b.links {
            let (sf, ff) = (self.form_of[s as usize], self.form_of[f as usize]);
            if sf != NONE && ff != NONE {
                links_of.entry(sf).or_default().push((ff, years));
            }
        }
        for kind in [FacetKind::Person, FacetKind::Author] {
            let years_of = self.root_years();
            let mut by_last: FxMap<String, Vec<u32>> = FxMap::default();
            let mut by_first: FxMap<String, Vec<u32>> = FxMap::default();
            let fulls: Vec<u32> = self
                .forms_of(kind)
                .filter(|&f| self.forms[f as usize].words.len() >= 2)
                .collect();
            for &f in &fulls {
                let w = &self.forms[f as usize].words;
                let last = &w[w.len() - 1];
                by_last.entry(last.clone()).or_default().push(f);
                // "Ali al-Naimi" is "Naimi" too.
                if let Some(bare) = ["al-", "el-", "ul-", "bin-"]
                    .iter()
                    .find_map(|p| last.strip_prefix(p))
                    .filter(|b| !b.is_empty())
                {
                    by_last.entry(bare.to_string()).or_default().push(f);
                }
                by_first.entry(w[0].clone()).or_default().push(f);
            }
            let shorts: Vec<u32> = self
                .forms_of(kind)
                .filter(|&f| self.forms[f as usize].words.len() == 1)
                .collect();
            let mut joins = Vec::new();
            for s in shorts {
                let word = &self.forms[s as usize].words[0];
                // A first name alone ("Saddam") stands for one person only when it is no common
                // first name: "Francis" alone is not whoever the archive names Francis in full.
                let cands = by_last
                    .get(word)
                    .filter(|c| !c.is_empty())
                    .or_else(|| by_first.get(word).filter(|_| !is_common_first_name(word)));
                let Some(cands) = cands else { continue };
                // Candidates are whole people: the sets the full names are in.
                let mut roots: Vec<u32> = cands.iter().map(|&c| self.uf.find(c)).collect();
                roots.sort_unstable();
                roots.dedup();
                let mut weighed: Vec<(u32, BTreeMap<i32, u32>)> = roots
                    .iter()
                    .map(|&r| (r, years_of.get(&r).cloned().unwrap_or_default()))
                    .collect();
                for &(full, years) in links_of.get(&s).map(Vec::as_slice).unwrap_or_default() {
                    let r = self.uf.find(full);
                    if let Some((_, ys)) = weighed.iter_mut().find(|(c, _)| *c == r) {
                        for (y, n) in years {
                            *ys.entry(*y).or_default() += (*n as f64 * LINK_WEIGHT) as u32;
                        }
                    }
                }
                if let Some(r) = self.person_for(s, &weighed) {
                    joins.push((s, r));
                }
            }
            for (s, r) in joins {
                self.uf.join(s, r);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{many, registry};
    use crate::facet::FacetKind::*;

    #[test]
    fn a_short_form_far_commoner_than_its_one_full_name_is_something_else() {
        // (short form, full name, articles of each, one entity)
        for (short, full, n_short, n_full, same) in [
            // "the pound fell" in every market report, one William Pound.
            ("Pound", "William Pound", 12, 2, false),
            // Results that name players by surname, twice as often as in full.
            ("Pound", "William Pound", 6, 3, true),
            // A few uses are no evidence either way.
            ("Pound", "William Pound", 4, 1, true),
            // Initials too: a firm named after its founder, far commoner than the founder.
            ("A. Lamb", "Anna Lamb", 12, 2, false),
            ("A. Lamb", "Anna Lamb", 3, 2, true),
        ] {
            let reg = registry(
                &[
                    many(n_short, 2007, &[(Person, short)]),
                    many(n_full, 2007, &[(Person, full)]),
                ]
                .concat(),
                &[],
            );
            let (s, f) = (reg.entity_of(Person, short), reg.entity_of(Person, full));
            assert!(s.is_some() && f.is_some());
            assert_eq!(s == f, same, "{short} {n_short} / {full} {n_full}");
        }
    }

    #[test]
    fn links_from_articles_weigh_for_the_full_name_they_name() {
        // Two Lees of the same years, but articles that name one in full call him "Lee".
        let articles = [
            many(3, 2012, &[(Person, "Ann Lee")]),
            many(3, 2012, &[(Person, "Bo Lee")]),
            many(1, 2012, &[(Person, "Lee")]),
        ]
        .concat();
        let unlinked = registry(&articles, &[]);
        assert_ne!(
            unlinked.entity_of(Person, "Lee"),
            unlinked.entity_of(Person, "Ann Lee")
        );
        let links = vec![(Person, "Lee", "Ann Lee"); 6];
        let linked = registry(&articles, &links);
        // A name only links give is no entity.
        let only_linked = registry(&articles[..3], &[(Person, "Ann", "Ann Lee")]);
        assert!(only_linked.entity_of(Person, "Ann").is_none());
        assert!(only_linked.entities().all(|e| e.articles > 0));
        assert_eq!(
            linked.entity_of(Person, "Lee"),
            linked.entity_of(Person, "Ann Lee")
        );
    }
}
