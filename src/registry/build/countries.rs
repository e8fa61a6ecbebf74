//! Institutions a country's name qualifies: "the Labor Department" of a Washington story is the
//! "U.S. Labor Department", when the articles that use the bare name are about that country.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::forms::{dominant, Clustering};
use super::{Builder, COVERAGE, DOMINANCE};
use crate::extract::features::FxMap;
use crate::extract::lexicon::{PlaceKind, LEXICON};
use crate::facet::FacetKind;
use crate::registry::key::org_key;
use crate::registry::store::NONE;

/// Words a country's name can qualify an institution by, as the organisation keys write them
/// ("us", "united states", "china"), to the country's canonical name.
static COUNTRY_KEYS: LazyLock<FxMap<String, &'static str>> = LazyLock::new(|| {
    LEXICON
        .places
        .iter()
        .filter(|(_, (_, kind))| *kind == PlaceKind::Country)
        .map(|(name, (canonical, _))| (org_key(name), *canonical))
        .collect()
});

/// The longest country name the words of an organisation's key begin with, and how many words
/// it takes with its possessive (folded to "china s"); never all of them.
fn country_prefix(words: &[String]) -> Option<(&'static str, usize)> {
    (1..words.len().min(4)).rev().find_map(|n| {
        let country = COUNTRY_KEYS.get(&words[..n].join(" "))?;
        let n = n + usize::from(words[n] == "s");
        (n < words.len()).then_some((*country, n))
    })
}

/// The country a place's name is, if it names one.
fn country_of(place: &str) -> Option<&'static str> {
    match LEXICON.places.get(place.trim()) {
        Some((canonical, PlaceKind::Country)) => Some(*canonical),
        _ => None,
    }
}

impl Clustering {
    /// A bare institution's name ("Commerce Department") joins the one country-qualified form of
    /// it ("U.S. Commerce Department") whose country the bare name's articles are about: the
    /// countries each article names (places, and the qualifiers of its organisations) share its
    /// vote, and the candidate's country must take [`DOMINANCE`] of the votes. Where a quarter
    /// of the articles are about other countries ("the Treasury" of London stories), or the
    /// archive's home country goes unnamed, the bare name stays apart.
    pub(super) fn join_country_qualified(&mut self, b: &Builder) {
        let mut qualified: FxMap<u32, &'static str> = FxMap::default();
        let mut candidates: BTreeMap<u32, Vec<(u32, &'static str)>> = BTreeMap::new();
        let by_key: FxMap<&str, u32> = self
            .forms_of(FacetKind::Org)
            .map(|f| (self.forms[f as usize].key.as_str(), f))
            .collect();
        for f in self.forms_of(FacetKind::Org) {
            let words = &self.forms[f as usize].words;
            let Some((country, n)) = country_prefix(words) else {
                continue;
            };
            qualified.insert(f, country);
            if let Some(&bare) = by_key.get(words[n..].join(" ").as_str()) {
                candidates.entry(bare).or_default().push((f, country));
            }
        }
        if candidates.is_empty() {
            return;
        }
        let mut votes: FxMap<u32, FxMap<&'static str, f64>> = FxMap::default();
        let mut counts: FxMap<u32, (u32, u32)> = FxMap::default();
        let mut here: Vec<&'static str> = Vec::new();
        for vars in b.articles() {
            let bare: Vec<u32> = vars
                .iter()
                .map(|&v| self.form_of[v as usize])
                .filter(|f| *f != NONE && candidates.contains_key(f))
                .collect();
            if bare.is_empty() {
                continue;
            }
            here.clear();
            for &v in vars {
                let var = &b.variants[v as usize];
                let country = match var.kind {
                    FacetKind::Place => country_of(&var.name),
                    FacetKind::Org => qualified.get(&self.form_of[v as usize]).copied(),
                    _ => None,
                };
                here.extend(country);
            }
            here.sort_unstable();
            here.dedup();
            for f in bare {
                let (articles, with_country) = counts.entry(f).or_default();
                *articles += 1;
                if here.is_empty() {
                    continue;
                }
                *with_country += 1;
                let v = votes.entry(f).or_default();
                for c in &here {
                    *v.entry(c).or_default() += 1.0 / here.len() as f64;
                }
            }
        }
        for (bare, cands) in candidates {
            let (articles, with_country) = counts.get(&bare).copied().unwrap_or_default();
            if articles == 0 || (with_country as f64) < COVERAGE * articles as f64 {
                continue;
            }
            let v = &votes[&bare];
            let Some((&country, &share)) = v.iter().max_by(|a, b| a.1.total_cmp(b.1)) else {
                continue;
            };
            if share < DOMINANCE * with_country as f64 {
                continue;
            }
            let mut of_country = cands.iter().filter(|(_, c)| *c == country);
            let (Some(&(long, _)), None) = (of_country.next(), of_country.next()) else {
                continue;
            };
            let long_years = [(long, self.forms[long as usize].years.clone())];
            if dominant(&self.forms[bare as usize].years, &long_years).is_some() {
                self.uf.join(bare, long);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{many, registry};
    use crate::facet::FacetKind::*;

    #[test]
    fn a_bare_institution_joins_the_country_its_articles_are_about() {
        // (articles, bare, qualified, one entity)
        let cases = [
            (
                [
                    many(3, 2007, &[(Org, "U.S. Labor Department"), (Place, "U.S.")]),
                    many(9, 2007, &[(Org, "Labor Department"), (Place, "U.S.")]),
                    many(1, 2007, &[(Org, "Labor Department"), (Place, "China")]),
                    many(2, 2007, &[(Org, "Labor Department")]),
                ]
                .concat(),
                "Labor Department",
                "U.S. Labor Department",
                true,
            ),
            // A quarter of the bare name's articles are about Britain: its own Treasury.
            (
                [
                    many(3, 2007, &[(Org, "U.S. Treasury"), (Place, "United States")]),
                    many(6, 2007, &[(Org, "Treasury"), (Place, "United States")]),
                    many(3, 2007, &[(Org, "Treasury"), (Place, "Britain")]),
                ]
                .concat(),
                "Treasury",
                "U.S. Treasury",
                false,
            ),
            // A British archive names the US Treasury so, its own by the bare name, and
            // rarely names Britain in those stories: the home country unnamed is no evidence.
            (
                [
                    many(3, 2019, &[(Org, "US Treasury"), (Place, "US")]),
                    many(2, 2019, &[(Org, "Treasury"), (Place, "US")]),
                    many(8, 2019, &[(Org, "Treasury"), (Place, "London")]),
                ]
                .concat(),
                "Treasury",
                "US Treasury",
                false,
            ),
            // A possessive qualifies, and so does a country's longer name.
            (
                [
                    many(2, 2010, &[(Org, "China's Commerce Ministry")]),
                    many(5, 2010, &[(Org, "Commerce Ministry"), (Place, "China")]),
                ]
                .concat(),
                "Commerce Ministry",
                "China's Commerce Ministry",
                true,
            ),
            (
                [
                    many(2, 2010, &[(Org, "United States Census Bureau")]),
                    many(5, 2010, &[(Org, "Census Bureau"), (Place, "United States")]),
                ]
                .concat(),
                "Census Bureau",
                "United States Census Bureau",
                true,
            ),
            // Years apart, the qualified name is no evidence for the bare one.
            (
                [
                    many(2, 1996, &[(Org, "U.S. Census Bureau")]),
                    many(5, 2010, &[(Org, "Census Bureau"), (Place, "U.S.")]),
                ]
                .concat(),
                "Census Bureau",
                "U.S. Census Bureau",
                false,
            ),
        ];
        for (i, (articles, bare, qualified, same)) in cases.iter().enumerate() {
            let reg = registry(articles, &[]);
            let (eb, eq) = (reg.entity_of(Org, bare), reg.entity_of(Org, qualified));
            assert!(eb.is_some() && eq.is_some(), "case {i}");
            assert_eq!(eb == eq, *same, "case {i}: {bare} / {qualified}");
        }
    }
}
