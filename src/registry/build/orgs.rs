//! Organisations: short forms (acronyms, first or last words, clipped words) joining the longer
//! name they stand for, by the articles that name both, link them, or keep their company.

use std::collections::BTreeMap;

use super::forms::{dominant, most_used, Clustering};
use super::{Builder, LINK_WEIGHT};
use crate::extract::features::FxMap;
use crate::facet::FacetKind;
use crate::registry::key::{LongOrg, OrgShortForm, ShortOrg};
use crate::registry::store::NONE;

impl Clustering {
    /// An institution's short form (acronym, first or last words, a clipped first word) is the
    /// longer name it can stand for, when the archive names the two together and one such name
    /// dominates the short form's years.
    pub(super) fn join_org_short_forms(&mut self, b: &Builder) {
        let orgs: Vec<u32> = self.forms_of(FacetKind::Org).collect();
        let longs: FxMap<u32, LongOrg> = orgs
            .iter()
            .map(|&f| (f, LongOrg::new(&self.forms[f as usize].key)))
            .collect();
        // Candidates come from an index of first words (sorted, for clipped words too), last
        // words and initials, not from comparing every pair.
        let mut by_first: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
        let mut by_last: FxMap<&str, Vec<u32>> = FxMap::default();
        let mut by_initials: FxMap<&str, Vec<u32>> = FxMap::default();
        for (&f, long) in &longs {
            let w = long.words();
            if w.len() < 2 && long.words()[0].chars().count() < 4 {
                continue;
            }
            by_first.entry(w[0]).or_default().push(f);
            by_last.entry(w[w.len() - 1]).or_default().push(f);
            let (all, after_first) = long.initials();
            by_initials.entry(all).or_default().push(f);
            if let Some(i) = after_first.filter(|i| *i != all) {
                by_initials.entry(i).or_default().push(f);
            }
        }
        let mut pairs: Vec<(u32, u32, OrgShortForm)> = Vec::new();
        let mut cands: Vec<u32> = Vec::new();
        for &s in &orgs {
            let form = &self.forms[s as usize];
            let surface = &b.variants[most_used(b, &form.variants) as usize].name;
            let short = ShortOrg::new(surface, &form.key);
            let w = short.words();
            cands.clear();
            cands.extend(by_first.get(w[0]).into_iter().flatten());
            cands.extend(by_last.get(w[w.len() - 1]).into_iter().flatten());
            if let Some(letters) = short.acronym() {
                cands.extend(by_initials.get(letters).into_iter().flatten());
            }
            if w.len() == 1 && w[0].chars().count() >= 3 {
                let clipped = by_first
                    .range(w[0]..)
                    .take_while(|(k, _)| k.starts_with(w[0]))
                    .flat_map(|(_, v)| v);
                cands.extend(clipped);
            }
            cands.sort_unstable();
            cands.dedup();
            for &l in cands.iter().filter(|&&l| l != s) {
                if let Some(how) = short.stands_for(&longs[&l]) {
                    pairs.push((s, l, how));
                }
            }
        }
        if pairs.is_empty() {
            return;
        }
        let cooc = self.cooccurrence(b, &pairs);
        // An article that used the short form for the long one names the two together too (its
        // names hold the long one only), and says outright what the short form stands for:
        // it weighs as three that only name both ("Baltimore" for "Baltimore Orioles").
        let mut linked: FxMap<(u32, u32), u32> = FxMap::default();
        for (&(s, f), years) in &b.links {
            let (sf, ff) = (self.form_of[s as usize], self.form_of[f as usize]);
            if sf != NONE && ff != NONE && self.forms[sf as usize].kind == FacetKind::Org {
                *linked.entry((sf, ff)).or_default() += years.values().sum::<u32>();
            }
        }
        let mut by_short: BTreeMap<u32, Vec<(u32, OrgShortForm, u32)>> = BTreeMap::new();
        for (i, &(s, l, how)) in pairs.iter().enumerate() {
            let links = linked.get(&(s, l)).copied().unwrap_or(0);
            let n = cooc[i] + (links as f64 * LINK_WEIGHT) as u32;
            by_short.entry(s).or_default().push((l, how, n));
        }
        let mut joins = Vec::new();
        for (&s, cands) in &by_short {
            let short = &self.forms[s as usize];
            // A short form the archive rarely names beside its long form, and that is no
            // acronym of it, is not taken for it.
            let evidence: Vec<(u32, BTreeMap<i32, u32>)> = cands
                .iter()
                .filter(|(_, how, n)| {
                    *how == OrgShortForm::Acronym || *n >= 2.max(short.articles / 20)
                })
                .map(|&(l, _, n)| {
                    let mut years = self.forms[l as usize].years.clone();
                    for y in years.values_mut() {
                        *y += n;
                    }
                    (l, years)
                })
                .collect();
            if let Some(l) = dominant(&short.years, &evidence) {
                joins.push((s, l));
            }
        }
        for (s, l) in joins {
            self.uf.join(s, l);
        }
        for (s, l) in self.vouched_by_context(b, &by_short) {
            let long = [(l, self.forms[l as usize].years.clone())];
            if dominant(&self.forms[s as usize].years, &long).is_some() {
                self.uf.join(s, l);
            }
        }
    }

    /// The (short, long) pairs that the company they keep vouches for: a short form that can
    /// stand for one longer name only, never named beside it, whose articles name at least two
    /// of the organisations (as joined so far) that the long name's articles name, and a quarter
    /// of them ("Houston" in standings beside "St Louis" and "Baltimore", "Houston Astros" in a
    /// report naming them too, Baltimore as "Baltimore Orioles").
    fn vouched_by_context(
        &mut self,
        b: &Builder,
        by_short: &BTreeMap<u32, Vec<(u32, OrgShortForm, u32)>>,
    ) -> Vec<(u32, u32)> {
        let lone: Vec<(u32, u32)> = by_short
            .iter()
            .filter_map(|(&s, cands)| match cands.as_slice() {
                [(l, OrgShortForm::Head | OrgShortForm::Tail, 0)] => Some((s, *l)),
                _ => None,
            })
            .collect();
        if lone.is_empty() {
            return Vec::new();
        }
        let root: Vec<u32> = (0..self.forms.len() as u32)
            .map(|f| self.uf.find(f))
            .collect();
        let mut context: FxMap<u32, Vec<u32>> = FxMap::default();
        for &(s, l) in &lone {
            context.entry(s).or_default();
            context.entry(l).or_default();
        }
        let mut orgs_here: Vec<u32> = Vec::new();
        for vars in b.articles() {
            orgs_here.clear();
            orgs_here.extend(
                vars.iter()
                    .map(|&v| self.form_of[v as usize])
                    .filter(|&f| f != NONE && self.forms[f as usize].kind == FacetKind::Org),
            );
            orgs_here.sort_unstable();
            orgs_here.dedup();
            for &f in &orgs_here {
                if let Some(c) = context.get_mut(&f) {
                    c.extend(
                        orgs_here
                            .iter()
                            .filter(|&&g| g != f)
                            .map(|&g| root[g as usize]),
                    );
                }
            }
        }
        for c in context.values_mut() {
            c.sort_unstable();
            c.dedup();
        }
        lone.into_iter()
            .filter(|&(s, l)| {
                let (cs, cl) = (&context[&s], &context[&l]);
                let own = [root[s as usize], root[l as usize]];
                let of_long = cl.iter().filter(|g| !own.contains(g)).count();
                let shared = cl
                    .iter()
                    .filter(|g| !own.contains(g) && cs.binary_search(g).is_ok())
                    .count();
                shared >= 2 && 4 * shared >= of_long
            })
            .collect()
    }

    /// For each (short, long) pair, the number of articles naming both.
    fn cooccurrence(&self, b: &Builder, pairs: &[(u32, u32, OrgShortForm)]) -> Vec<u32> {
        let mut wanted: FxMap<u32, Vec<(u32, usize)>> = FxMap::default();
        for (i, &(s, l, _)) in pairs.iter().enumerate() {
            wanted.entry(s).or_default().push((l, i));
        }
        let mut counts = vec![0u32; pairs.len()];
        let mut forms_here: Vec<u32> = Vec::new();
        for vars in b.articles() {
            forms_here.clear();
            forms_here.extend(vars.iter().map(|&v| self.form_of[v as usize]));
            forms_here.sort_unstable();
            forms_here.dedup();
            for f in &forms_here {
                if let Some(ls) = wanted.get(f) {
                    for &(l, i) in ls {
                        if forms_here.binary_search(&l).is_ok() {
                            counts[i] += 1;
                        }
                    }
                }
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{many, Article};
    use super::super::Builder;
    use crate::facet::FacetKind::{self, *};
    use crate::registry::decisions::Decisions;
    use crate::registry::Registry;

    #[test]
    fn an_article_that_links_a_short_org_name_vouches_for_it() {
        // (articles, the links one more article of 1996 gives, short, long, one entity)
        type Case<'a> = (
            Vec<Article<'a>>,
            Vec<(FacetKind, &'a str, &'a str)>,
            &'a str,
            &'a str,
            bool,
        );
        let cases: Vec<Case> = vec![
            // Standings name the city alone; one report names the club and calls it by its city.
            (
                [
                    many(4, 1996, &[(Org, "Baltimore")]),
                    many(1, 1996, &[(Org, "Baltimore Orioles")]),
                ]
                .concat(),
                vec![(Org, "Baltimore", "Baltimore Orioles")],
                "Baltimore",
                "Baltimore Orioles",
                true,
            ),
            // Without the report's word for it, the two are named apart only.
            (
                [
                    many(4, 1996, &[(Org, "Baltimore")]),
                    many(1, 1996, &[(Org, "Baltimore Orioles")]),
                ]
                .concat(),
                vec![],
                "Baltimore",
                "Baltimore Orioles",
                false,
            ),
            // One link does not outweigh eighty articles that never name the long form (the
            // evidence must reach a twentieth of the short form's articles).
            (
                [
                    many(80, 1996, &[(Org, "Chicago")]),
                    many(1, 1996, &[(Org, "Chicago Board of Trade")]),
                ]
                .concat(),
                vec![(Org, "Chicago", "Chicago Board of Trade")],
                "Chicago",
                "Chicago Board of Trade",
                false,
            ),
            // No link, but the standings naming the city name the clubs the report names.
            (
                [
                    many(
                        3,
                        1996,
                        &[(Org, "Fairview"), (Org, "Lakeside"), (Org, "Port Alma")],
                    ),
                    many(
                        1,
                        1996,
                        &[
                            (Org, "Fairview Comets"),
                            (Org, "Lakeside"),
                            (Org, "Port Alma"),
                        ],
                    ),
                ]
                .concat(),
                vec![],
                "Fairview",
                "Fairview Comets",
                true,
            ),
            // The same names in articles that share no other organisation stay apart.
            (
                [
                    many(3, 1996, &[(Org, "Fairview"), (Org, "Lakeside")]),
                    many(1, 1996, &[(Org, "Fairview Comets"), (Org, "Port Alma")]),
                ]
                .concat(),
                vec![],
                "Fairview",
                "Fairview Comets",
                false,
            ),
        ];
        for (i, (articles, links, short, long, same)) in cases.iter().enumerate() {
            let mut b = Builder::new();
            for (year, names) in articles {
                b.add_article(*year, names.iter().copied(), []);
            }
            let names: Vec<(FacetKind, &str)> = links.iter().map(|&(k, _, f)| (k, f)).collect();
            b.add_article(Some(1996), names, links.iter().copied());
            let reg = Registry::from_data(&b.build(&Decisions::default()));
            let (es, el) = (reg.entity_of(Org, short), reg.entity_of(Org, long));
            assert!(es.is_some() && el.is_some(), "case {i}");
            assert_eq!(es == el, *same, "case {i}: {short} / {long}");
        }
    }
}
