//! Kinds: a name the archive gives one kind takes it where the tagger gave another, companies
//! taken for people join the company, and speakers join the person or organisation they name.

use std::collections::BTreeMap;

use super::forms::{is_common_first_name, Clustering};
use super::{Builder, PERSON_RETYPE_SHARE, RETYPE_SHARE, SURNAME_SHARE};
use crate::extract::features::FxMap;
use crate::facet::FacetKind;
use crate::registry::key::{org_key, person_words};
use crate::registry::store::NONE;

impl Clustering {
    /// A name the archive gives one kind in nearly all its articles takes that kind where it was
    /// given another, unless it is part of an entity of its own kind that another name heads.
    /// An entity the name heads goes with it, its short forms too ("Bear Stearns" tagged as a
    /// person in a few articles, and "Bear" in them, are the bank). A person's name is the
    /// organisation or place of that name when the archive names that entity in more articles
    /// than it names the person ("Ottawa said", "Nellie Loan said"), unless the archive
    /// calls the person by surname too ("Schwab" for "Charles Schwab": news calls people so,
    /// never companies) or names the person in full ("Michael Jordan" for "Jordan").
    pub(super) fn retype(&mut self, b: &Builder) {
        let by_surname = self.surname_links(b);
        // Per entity, the form of most articles, the fuller name of two as common.
        let weight = |f: u32| {
            let form = &self.forms[f as usize];
            (form.articles, form.words.len())
        };
        let mut heads: FxMap<u32, u32> = FxMap::default();
        for f in 0..self.forms.len() as u32 {
            let head = heads.entry(self.uf.find(f)).or_insert(f);
            if weight(f) > weight(*head) {
                *head = f;
            }
        }
        let mut by_fold: BTreeMap<String, Vec<u32>> = BTreeMap::new();
        for (i, f) in self.forms.iter().enumerate() {
            if f.kind.is_mention() && !f.key.is_empty() {
                by_fold
                    .entry(f.key.replace('-', " "))
                    .or_default()
                    .push(i as u32);
            }
        }
        // What the archive calls each entity, in articles, before this step joins any.
        let root: Vec<u32> = (0..self.forms.len() as u32)
            .map(|f| self.uf.find(f))
            .collect();
        let mut entity_articles: FxMap<u32, u32> = FxMap::default();
        for (f, form) in self.forms.iter().enumerate() {
            *entity_articles.entry(root[f]).or_default() += form.articles;
        }
        let named = |f: u32| entity_articles[&root[f as usize]];
        // The most words of a person's name with a known first name in each entity: a surname
        // that heads the entity of such a fuller name ("Jordan" of "Michael Jordan") is that
        // person's; "Stellar de Mexico" vouches for no person "Stellar".
        let mut fullest: FxMap<u32, usize> = FxMap::default();
        for (f, form) in self.forms.iter().enumerate() {
            if form.kind == FacetKind::Person
                && form.words.len() >= 2
                && is_common_first_name(&form.words[0])
            {
                let n = fullest.entry(root[f]).or_default();
                *n = (*n).max(form.words.len());
            }
        }
        let mut joins = Vec::new();
        for forms in by_fold.into_values() {
            if forms.len() < 2 {
                continue;
            }
            let total: u32 = forms.iter().map(|&f| self.forms[f as usize].articles).sum();
            let &major = forms
                .iter()
                .max_by_key(|&&f| (self.forms[f as usize].articles, std::cmp::Reverse(f)))
                .expect("two forms");
            let share = self.forms[major as usize].articles as f64 / total as f64;
            // The organisation or place of the name that the archive names most.
            let other = forms
                .iter()
                .copied()
                .filter(|&f| self.forms[f as usize].kind != FacetKind::Person)
                .max_by_key(|&f| (named(f), std::cmp::Reverse(f)));
            for &f in &forms {
                if heads.get(&root[f as usize]) != Some(&f) {
                    continue;
                }
                let form = &self.forms[f as usize];
                let mistaken = other.filter(|&o| {
                    form.kind == FacetKind::Person
                        && fullest.get(&root[f as usize]).copied().unwrap_or(0) <= form.words.len()
                        && named(o) as f64 > PERSON_RETYPE_SHARE * (named(o) + named(f)) as f64
                        && SURNAME_SHARE * (form.articles as f64)
                            > by_surname.get(&f).copied().unwrap_or(0) as f64
                });
                if f != major && share >= RETYPE_SHARE {
                    joins.push((f, major));
                } else if let Some(o) = mistaken {
                    joins.push((f, o));
                }
            }
        }
        for (f, into) in joins {
            self.uf.join(f, into);
        }
    }

    /// Per person form of two words or more, the articles that call it by its last word alone.
    fn surname_links(&self, b: &Builder) -> FxMap<u32, u32> {
        let mut out: FxMap<u32, u32> = FxMap::default();
        for (&(s, f), years) in &b.links {
            // The short form of a link may be named nowhere else: it is read from the variant.
            let ff = self.form_of[f as usize];
            if ff == NONE || b.variants[s as usize].kind != FacetKind::Person {
                continue;
            }
            let full = &self.forms[ff as usize];
            let short = person_words(&b.variants[s as usize].name);
            if full.kind == FacetKind::Person
                && full.words.len() >= 2
                && short.len() == 1
                && full.words.last() == short.first()
            {
                *out.entry(ff).or_default() += years.values().sum::<u32>();
            }
        }
        out
    }

    /// A person whose full name is an organisation's and who has no known first name is that
    /// organisation, when the archive names the organisation at least twice as often ("Rio Tinto"
    /// or "Exxon Mobil" as the subject of "said"): the person entity joins it, short forms and all.
    pub(super) fn join_organisations_taken_for_people(&mut self) {
        let mut orgs: FxMap<&str, u32> = FxMap::default();
        for (i, f) in self.forms.iter().enumerate() {
            if f.kind == FacetKind::Org && f.words.len() >= 2 {
                orgs.entry(f.key.as_str()).or_insert(i as u32);
            }
        }
        let mut articles: FxMap<u32, u32> = FxMap::default();
        for f in 0..self.forms.len() as u32 {
            *articles.entry(self.uf.find(f)).or_default() += self.forms[f as usize].articles;
        }
        let mut joins = Vec::new();
        for (i, f) in self.forms.iter().enumerate() {
            if f.kind != FacetKind::Person || f.words.len() < 2 || is_common_first_name(&f.words[0])
            {
                continue;
            }
            let Some(&org) = orgs.get(f.key.as_str()) else {
                continue;
            };
            let (person, org_root) = (self.uf.find(i as u32), self.uf.find(org));
            if person != org_root && articles[&org_root] >= 2 * articles[&person] {
                joins.push((i as u32, org));
            }
        }
        for (person, org) in joins {
            self.uf.join(person, org);
        }
    }

    /// A speaker is the person or the organisation of the same name, of the two the one whose
    /// entity the archive names in more articles ("Yodel said" is the company, though one
    /// article took Yodel for a person); a speaker no mention names stays an entity of its own.
    pub(super) fn attach_speakers(&mut self, b: &Builder) {
        let mut by_key: FxMap<(FacetKind, &str), u32> = FxMap::default();
        for (i, f) in self.forms.iter().enumerate() {
            if matches!(f.kind, FacetKind::Person | FacetKind::Org) {
                by_key.insert((f.kind, f.key.as_str()), i as u32);
            }
        }
        let root: Vec<u32> = (0..self.forms.len() as u32)
            .map(|f| self.uf.find(f))
            .collect();
        let mut articles: FxMap<u32, u32> = FxMap::default();
        for (f, form) in self.forms.iter().enumerate() {
            if form.kind.is_mention() {
                *articles.entry(root[f]).or_default() += form.articles;
            }
        }
        let named = |f: u32| articles.get(&root[f as usize]).copied().unwrap_or(0);
        let mut joins = Vec::new();
        for (i, f) in self.forms.iter().enumerate() {
            if f.kind != FacetKind::Speaker {
                continue;
            }
            // Of the entities its spellings name, the one named in most articles: the speaker
            // "General Electric" and "Electric" (one speaker's form, a title left out) is the
            // company of the long name.
            let target = f
                .variants
                .iter()
                .filter_map(|&v| {
                    let name = &b.variants[v as usize].name;
                    let (person, org) = (person_words(name).join(" "), org_key(name));
                    let person = by_key.get(&(FacetKind::Person, person.as_str())).copied();
                    let org = by_key.get(&(FacetKind::Org, org.as_str())).copied();
                    match (person, org) {
                        (Some(p), Some(o)) if named(o) > named(p) => Some(o),
                        (Some(p), _) => Some(p),
                        (None, o) => o,
                    }
                })
                .rev()
                .max_by_key(|&t| named(t));
            if let Some(t) = target {
                joins.push((i as u32, t));
            }
        }
        for (s, t) in joins {
            self.uf.join(s, t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{many, registry, Article};
    use crate::facet::FacetKind::{self, *};

    #[test]
    fn companies_tagged_as_people_are_the_companies_and_people_stay_people() {
        let articles = [
            many(20, 2008, &[(Org, "Bear Stearns")]),
            many(2, 2008, &[(Person, "Bear Stearns"), (Person, "Bear")]),
        ]
        .concat();
        let links = [(Person, "Bear", "Bear Stearns")];
        let reg = registry(&articles, &links);
        let bank = reg.entity_of(Org, "Bear Stearns");
        assert!(bank.is_some());
        assert_eq!(reg.entity_of(Person, "Bear Stearns"), bank);
        assert_eq!(reg.entity_of(Person, "Bear"), bank);
        // A person whose entity another name heads stays a person.
        let articles = [
            many(20, 2008, &[(Place, "Jordan")]),
            many(3, 2008, &[(Person, "Michael Jordan"), (Person, "Jordan")]),
            many(2, 2008, &[(Person, "Jordan")]),
        ]
        .concat();
        let reg = registry(&articles, &[(Person, "Jordan", "Michael Jordan")]);
        assert_eq!(
            reg.entity_of(Person, "Jordan"),
            reg.entity_of(Person, "Michael Jordan")
        );
        assert_ne!(
            reg.entity_of(Person, "Jordan"),
            reg.entity_of(Place, "Jordan")
        );
        // Below the share of a retyping, but not a person's name: the company.
        let articles = [
            many(10, 2008, &[(Org, "Rio Tinto Ltd")]),
            many(2, 2008, &[(Place, "Rio Tinto")]),
            many(3, 2008, &[(Person, "Rio Tinto")]),
        ]
        .concat();
        let reg = registry(&articles, &[]);
        assert_eq!(
            reg.entity_of(Person, "Rio Tinto"),
            reg.entity_of(Org, "Rio Tinto Ltd")
        );
        // A person with a first name whom the archive calls by surname stays a person, however
        // often a company bears the name.
        let articles = [
            many(10, 2008, &[(Org, "Charles Schwab Corp")]),
            many(3, 2008, &[(Person, "Charles Schwab")]),
        ]
        .concat();
        let reg = registry(&articles, &[(Person, "Schwab", "Charles Schwab")]);
        assert_ne!(
            reg.entity_of(Person, "Charles Schwab"),
            reg.entity_of(Org, "Charles Schwab Corp")
        );
    }

    /// The archive's vote on a name's kind: (articles, the person's name, the other entity's
    /// kind and name, the person is that entity).
    #[test]
    fn a_name_the_archive_gives_another_kind_mostly_is_of_that_kind() {
        type Case<'a> = (Vec<Article<'a>>, &'a str, (FacetKind, &'a str), bool);
        let cases: Vec<Case> = vec![
            // A company with a first name in it, tagged as a person in a minority of articles.
            (
                [
                    many(6, 2008, &[(Org, "Nellie Loan")]),
                    many(4, 2008, &[(Person, "Nellie Loan")]),
                ]
                .concat(),
                "Nellie Loan",
                (Org, "Nellie Loan"),
                true,
            ),
            // The organisation counts all its names: "Stellar" beside "Stellar Motors LLC".
            (
                [
                    many(4, 2008, &[(Org, "Stellar Motors LLC"), (Org, "Stellar")]),
                    many(2, 2008, &[(Org, "Stellar")]),
                    many(5, 2008, &[(Person, "Stellar")]),
                ]
                .concat(),
                "Stellar",
                (Org, "Stellar Motors LLC"),
                true,
            ),
            // Tagged as a person more often than as the company, which its full name is named as.
            (
                [
                    many(2, 2008, &[(Org, "Stellar Motors LLC"), (Org, "Stellar")]),
                    many(6, 2008, &[(Org, "Stellar Motors LLC")]),
                    many(4, 2008, &[(Person, "Stellar")]),
                ]
                .concat(),
                "Stellar",
                (Org, "Stellar Motors LLC"),
                true,
            ),
            // A capital as the subject of "said", tagged as a person in a few articles.
            (
                [
                    many(20, 2008, &[(Place, "Ottawa")]),
                    many(4, 2008, &[(Person, "Ottawa")]),
                ]
                .concat(),
                "Ottawa",
                (Place, "Ottawa"),
                true,
            ),
            // A person named like a place, whom the archive names as a person more often.
            (
                [
                    many(3, 2008, &[(Place, "Jackson")]),
                    many(5, 2008, &[(Person, "Jackson")]),
                ]
                .concat(),
                "Jackson",
                (Place, "Jackson"),
                false,
            ),
            // Named as a person in half the articles: no majority, the person stays.
            (
                [
                    many(4, 2008, &[(Org, "Nellie Loan")]),
                    many(4, 2008, &[(Person, "Nellie Loan")]),
                ]
                .concat(),
                "Nellie Loan",
                (Org, "Nellie Loan"),
                false,
            ),
        ];
        for (i, (articles, person, (kind, other), same)) in cases.iter().enumerate() {
            let reg = registry(articles, &[]);
            let p = reg.entity_of(Person, person);
            assert!(p.is_some(), "case {i}");
            assert_eq!(
                p == reg.entity_of(*kind, other),
                *same,
                "case {i}: {person}"
            );
            if *same {
                assert_eq!(reg.entity(p.unwrap()).kind, *kind, "case {i}");
            }
        }
        // "Schwab" for "Charles Schwab" in a fifth of his articles keeps him a person; fewer do not.
        for (links, person) in [(1, true), (0, false)] {
            let articles = [
                many(6, 2008, &[(Org, "Charles Schwab Corp")]),
                many(5, 2008, &[(Person, "Charles Schwab")]),
            ]
            .concat();
            let reg = registry(
                &articles,
                &vec![(Person, "Schwab", "Charles Schwab"); links],
            );
            let p = reg.entity_of(Person, "Charles Schwab").unwrap();
            assert_eq!(reg.entity(p).kind == Person, person, "{links} links");
        }
    }

    #[test]
    fn a_speaker_of_several_spellings_is_the_entity_most_named() {
        // "General Alto" and "Alto" are one speaker's spellings (a title word left out);
        // "Alto" alone, which two companies end in, is neither's.
        let articles = [
            many(2, 2008, &[(Org, "Alto"), (Speaker, "Alto")]),
            many(
                10,
                2008,
                &[(Org, "General Alto"), (Speaker, "General Alto")],
            ),
            many(6, 2008, &[(Org, "Lamb Alto")]),
        ]
        .concat();
        let reg = registry(&articles, &[]);
        assert_ne!(
            reg.entity_of(Org, "Alto"),
            reg.entity_of(Org, "General Alto")
        );
        assert_eq!(
            reg.entity_of(Speaker, "General Alto"),
            reg.entity_of(Org, "General Alto")
        );
    }

    #[test]
    fn a_speaker_is_the_person_or_company_the_archive_names_more() {
        let articles = [
            many(8, 2008, &[(Org, "Yodel"), (Speaker, "Yodel")]),
            many(2, 2008, &[(Person, "Ann Yodel"), (Person, "Yodel")]),
            many(
                3,
                2008,
                &[(Person, "Ann Lee"), (Person, "Lee"), (Speaker, "Lee")],
            ),
            many(1, 2008, &[(Org, "Lee"), (Speaker, "Lee")]),
        ]
        .concat();
        let reg = registry(&articles, &[]);
        assert_eq!(reg.entity_of(Speaker, "Yodel"), reg.entity_of(Org, "Yodel"));
        assert_eq!(
            reg.entity_of(Person, "Yodel"),
            reg.entity_of(Person, "Ann Yodel")
        );
        assert_ne!(
            reg.entity_of(Speaker, "Yodel"),
            reg.entity_of(Person, "Yodel")
        );
        assert_eq!(
            reg.entity_of(Speaker, "Lee"),
            reg.entity_of(Person, "Ann Lee")
        );
    }
}
