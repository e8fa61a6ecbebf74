//! Building the registry from what the articles say: every name an article gives, with the
//! article's year, and the short forms it links to full names. The result depends only on
//! that multiset of articles and on the user's decisions, never on the order they came in, so
//! an index updated run by run has the registry a fresh index of the same files would have.

mod countries;
mod entities;
mod forms;
mod kinds;
mod orgs;
mod people;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use super::decisions::Decisions;
use super::store::RegistryData;
use crate::extract::features::FxMap;
use crate::facet::FacetKind;
use forms::Clustering;

/// Share of a short form's uses a candidate must have, by time and evidence, to take it.
const DOMINANCE: f64 = 0.75;
/// Share of a short form's articles that must fall in years where some candidate is named.
const COVERAGE: f64 = 0.5;
/// How much more one article linking a short form to a full name weighs than one article
/// that only names the full name.
const LINK_WEIGHT: f64 = 3.0;
/// Share of a name's articles that one kind must have for the name to take that kind in the
/// articles that gave it another ("Citigroup" tagged as a person in a few of its articles).
const RETYPE_SHARE: f64 = 0.9;
/// The share of the articles naming a person or an organisation (or place) of one name that the
/// organisation must have, for the person to be a tagging error ("Ottawa said").
const PERSON_RETYPE_SHARE: f64 = 0.5;
/// The share of a person's articles that must call it by surname alone for its name to stay a
/// person's beside an organisation or place of the same name.
const SURNAME_SHARE: f64 = 0.2;
/// How many times more articles a surname alone, or initials and a surname, may have than the
/// person it would join (their articles, and the articles that link the two): beyond that the
/// short form is mostly something else ("Barron's" the weekly, "J.P. Morgan" the bank, beside one
/// analyst or founder of that name).
const SURNAME_EXCESS: u32 = 2;
/// Articles a short form needs before [`SURNAME_EXCESS`] is weighed: a few uses are no evidence.
const SURNAME_EXCESS_MIN: u32 = 5;
/// Years apart within which two uses of a name can mean the same person.
const YEAR_WINDOW: i32 = 1;
/// The year of an undated article.
const UNDATED: i32 = i32::MIN;

/// Articles by year.
type Years = BTreeMap<i32, u32>;

/// Collects observations, then [`Builder::build`]s the registry.
#[derive(Default)]
pub struct Builder {
    ids: FxMap<FacetKind, FxMap<String, u32>>,
    variants: Vec<Variant>,
    /// Per article, the variant ids it names (distinct), in one flat list.
    article_vars: Vec<u32>,
    article_ends: Vec<u32>,
    links: FxMap<(u32, u32), BTreeMap<i32, u32>>,
}

struct Variant {
    kind: FacetKind,
    name: String,
    articles: u32,
    years: BTreeMap<i32, u32>,
}

impl Builder {
    pub fn new() -> Self {
        Self::default()
    }

    fn id(&mut self, kind: FacetKind, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(&kind).and_then(|m| m.get(name)) {
            return id;
        }
        let id = self.variants.len() as u32;
        self.variants.push(Variant {
            kind,
            name: name.to_string(),
            articles: 0,
            years: BTreeMap::new(),
        });
        self.ids
            .entry(kind)
            .or_default()
            .insert(name.to_string(), id);
        id
    }

    /// The number of a name of one kind, for [`Builder::add_ids`]: the same name, the same
    /// number.
    pub fn intern(&mut self, kind: FacetKind, name: &str) -> u32 {
        self.id(kind, name)
    }

    /// One article: its year, the names it gives (kind and article-level name), and the short
    /// forms it used for full names (kind, short, full).
    pub fn add_article<'a>(
        &mut self,
        year: Option<i32>,
        names: impl IntoIterator<Item = (FacetKind, &'a str)>,
        links: impl IntoIterator<Item = (FacetKind, &'a str, &'a str)>,
    ) {
        let names: Vec<u32> = names
            .into_iter()
            .filter(|(_, n)| !n.trim().is_empty())
            .map(|(k, n)| self.id(k, n))
            .collect();
        let links: Vec<(u32, u32)> = links
            .into_iter()
            .map(|(k, s, f)| (self.id(k, s), self.id(k, f)))
            .collect();
        self.add_ids(year, &names, &links);
    }

    /// One article by the numbers [`Builder::intern`] gave its names.
    pub fn add_ids(&mut self, year: Option<i32>, names: &[u32], links: &[(u32, u32)]) {
        let year = year.unwrap_or(UNDATED);
        let start = self.article_vars.len();
        for &id in names {
            if self.article_vars[start..].contains(&id) {
                continue;
            }
            self.article_vars.push(id);
            let v = &mut self.variants[id as usize];
            v.articles += 1;
            *v.years.entry(year).or_default() += 1;
        }
        self.article_ends.push(self.article_vars.len() as u32);
        for &(s, f) in links {
            if s != f {
                *self
                    .links
                    .entry((s, f))
                    .or_default()
                    .entry(year)
                    .or_default() += 1;
            }
        }
    }

    fn articles(&self) -> impl Iterator<Item = &[u32]> {
        let mut start = 0usize;
        self.article_ends.iter().map(move |&end| {
            let s = &self.article_vars[start..end as usize];
            start = end as usize;
            s
        })
    }

    /// Clusters the variants into entities and applies the user's decisions.
    pub fn build(self, decisions: &Decisions) -> RegistryData {
        let mut c = Clustering::new(&self);
        c.join_full_names();
        c.join_initials();
        c.join_person_short_forms(&self);
        c.join_org_short_forms(&self);
        c.join_country_qualified(&self);
        c.retype(&self);
        c.join_organisations_taken_for_people();
        let names = c.apply_decisions(decisions, &self);
        c.attach_speakers(&self);
        c.finish(&self, &names)
    }
}
