//! Tables of names that join and names that stay apart, over every step of the build, and the
//! helpers the steps' own tests build registries with.

use super::Builder;
use crate::facet::FacetKind::{self, *};
use crate::registry::decisions::Decisions;
use crate::registry::Registry;

pub(super) type Article<'a> = (Option<i32>, Vec<(FacetKind, &'a str)>);

pub(super) fn registry(articles: &[Article], links: &[(FacetKind, &str, &str)]) -> Registry {
    let mut b = Builder::new();
    for (year, names) in articles {
        b.add_article(*year, names.iter().copied(), []);
    }
    if !links.is_empty() {
        b.add_article(None, [], links.iter().copied());
    }
    Registry::from_data(&b.build(&Decisions::default()))
}

/// `n` articles of one year naming `names`.
pub(super) fn many<'a>(n: usize, year: i32, names: &[(FacetKind, &'a str)]) -> Vec<Article<'a>> {
    (0..n).map(|_| (Some(year), names.to_vec())).collect()
}

#[test]
fn variants_that_join_and_names_that_stay_apart() {
    // (articles, a, b, one entity)
    type Name<'a> = (FacetKind, &'a str);
    let cases: Vec<(Vec<Article>, Name, Name, bool)> = vec![
        (
            [
                many(5, 2007, &[(Person, "Ben Bernanke")]),
                many(1, 2007, &[(Person, "BERNANKE")]),
            ]
            .concat(),
            (Person, "BERNANKE"),
            (Person, "Ben Bernanke"),
            true,
        ),
        (
            [
                many(5, 2007, &[(Person, "Ben Bernanke")]),
                many(2, 2007, &[(Person, "Ben S. Bernanke")]),
            ]
            .concat(),
            (Person, "Ben S. Bernanke"),
            (Person, "Ben Bernanke"),
            true,
        ),
        (
            [
                many(3, 2004, &[(Person, "George W. Bush")]),
                many(1, 2004, &[(Person, "George W.Bush")]),
            ]
            .concat(),
            (Person, "George W.Bush"),
            (Person, "George W. Bush"),
            true,
        ),
        (
            [
                many(3, 2016, &[(Person, "Recep Tayyip Erdoğan")]),
                many(2, 2016, &[(Person, "Erdogan")]),
            ]
            .concat(),
            (Person, "Erdogan"),
            (Person, "Recep Tayyip Erdoğan"),
            true,
        ),
        (
            [
                many(4, 2003, &[(Person, "Saddam Hussein")]),
                many(2, 2003, &[(Person, "Saddam")]),
            ]
            .concat(),
            (Person, "Saddam"),
            (Person, "Saddam Hussein"),
            true,
        ),
        (
            [
                many(3, 2010, &[(Person, "PETER KENNY")]),
                many(3, 2010, &[(Person, "Peter Kenny")]),
            ]
            .concat(),
            (Person, "PETER KENNY"),
            (Person, "Peter Kenny"),
            true,
        ),
        (
            [
                many(3, 2010, &[(Org, "United Nations")]),
                many(2, 2010, &[(Org, "U.N.")]),
            ]
            .concat(),
            (Org, "U.N."),
            (Org, "United Nations"),
            true,
        ),
        (
            [
                many(3, 2008, &[(Org, "U.S. Treasury"), (Org, "Treasury")]),
                many(3, 2008, &[(Org, "Treasury")]),
            ]
            .concat(),
            (Org, "Treasury"),
            (Org, "U.S. Treasury"),
            true,
        ),
        (
            [
                many(3, 2008, &[(Org, "Federal Reserve"), (Org, "Fed")]),
                many(4, 2008, &[(Org, "Fed")]),
            ]
            .concat(),
            (Org, "Fed"),
            (Org, "Federal Reserve"),
            true,
        ),
        (
            [
                many(3, 2008, &[(Org, "Microsoft Corp")]),
                many(3, 2008, &[(Org, "MICROSOFT")]),
            ]
            .concat(),
            (Org, "MICROSOFT"),
            (Org, "Microsoft Corp"),
            true,
        ),
        (
            many(
                2,
                2008,
                &[(Person, "Ben Bernanke"), (Speaker, "Ben Bernanke")],
            ),
            (Speaker, "Ben Bernanke"),
            (Person, "Ben Bernanke"),
            true,
        ),
        (
            [
                many(20, 2008, &[(Org, "Citigroup")]),
                many(1, 2008, &[(Person, "Citigroup")]),
            ]
            .concat(),
            (Person, "Citigroup"),
            (Org, "Citigroup"),
            true,
        ),
        // The same surname at the same time: two people, and the surname is neither.
        (
            [
                many(4, 2009, &[(Person, "John Taylor")]),
                many(4, 2009, &[(Person, "William Taylor")]),
                many(2, 2009, &[(Person, "Taylor")]),
            ]
            .concat(),
            (Person, "Taylor"),
            (Person, "John Taylor"),
            false,
        ),
        // A person and a company of one word: the person the archive names in full stays apart.
        (
            [
                many(5, 2008, &[(Org, "Dell")]),
                many(3, 2008, &[(Person, "Michael Dell"), (Person, "Dell")]),
            ]
            .concat(),
            (Person, "Dell"),
            (Org, "Dell"),
            false,
        ),
        // Middle initials that differ are two people.
        (
            [
                many(3, 1990, &[(Person, "George H. W. Bush")]),
                many(3, 2006, &[(Person, "George W. Bush")]),
            ]
            .concat(),
            (Person, "George H. W. Bush"),
            (Person, "George W. Bush"),
            false,
        ),
        // A common first name alone is nobody in particular.
        (
            [
                many(4, 2019, &[(Person, "Francis Smith")]),
                many(3, 2019, &[(Person, "Francis")]),
            ]
            .concat(),
            (Person, "Francis"),
            (Person, "Francis Smith"),
            false,
        ),
        // A surname means the person of its years.
        (
            [
                many(3, 1990, &[(Person, "George H. W. Bush")]),
                many(3, 2006, &[(Person, "George W. Bush")]),
                many(2, 2006, &[(Person, "Bush")]),
            ]
            .concat(),
            (Person, "Bush"),
            (Person, "George W. Bush"),
            true,
        ),
        (
            [
                many(3, 1990, &[(Person, "George H. W. Bush")]),
                many(3, 2006, &[(Person, "George W. Bush")]),
                many(2, 1990, &[(Person, "Bush")]),
            ]
            .concat(),
            (Person, "Bush"),
            (Person, "George W. Bush"),
            false,
        ),
        // Initials for given names, as a scoreboard gives them: the one person they fit.
        (
            [
                many(3, 1996, &[(Person, "Sanjay Perera")]),
                many(1, 1996, &[(Person, "S. Perera")]),
            ]
            .concat(),
            (Person, "S. Perera"),
            (Person, "Sanjay Perera"),
            true,
        ),
        (
            [
                many(3, 1996, &[(Person, "Sanjay Perera")]),
                many(3, 1996, &[(Person, "Suresh Perera")]),
                many(1, 1996, &[(Person, "S. Perera")]),
            ]
            .concat(),
            (Person, "S. Perera"),
            (Person, "Sanjay Perera"),
            false,
        ),
        (
            [
                many(3, 1996, &[(Person, "Tom Perera")]),
                many(1, 1996, &[(Person, "S. Perera")]),
            ]
            .concat(),
            (Person, "S. Perera"),
            (Person, "Tom Perera"),
            false,
        ),
        (
            [
                many(3, 1996, &[(Person, "John Morgan")]),
                many(1, 1996, &[(Person, "J.P. Morgan")]),
            ]
            .concat(),
            (Person, "J.P. Morgan"),
            (Person, "John Morgan"),
            false,
        ),
        (
            [
                many(3, 1996, &[(Place, "The Hague")]),
                many(1, 1996, &[(Place, "Hague")]),
            ]
            .concat(),
            (Place, "Hague"),
            (Place, "The Hague"),
            true,
        ),
        // A country's national team, as a sports report names it, is not the country,
        // though the two share their articles; a place in capitals is the place.
        (
            many(
                3,
                1996,
                &[(Place, "France football team"), (Place, "France")],
            ),
            (Place, "France football team"),
            (Place, "France"),
            false,
        ),
        (
            [
                many(3, 1996, &[(Place, "Wales")]),
                many(1, 1996, &[(Place, "WALES")]),
            ]
            .concat(),
            (Place, "WALES"),
            (Place, "Wales"),
            true,
        ),
        // Short forms the archive never names beside the long one are not taken for it.
        (
            [
                many(3, 2008, &[(Org, "Federal Reserve")]),
                many(3, 2008, &[(Org, "Fed")]),
            ]
            .concat(),
            (Org, "Fed"),
            (Org, "Federal Reserve"),
            false,
        ),
        (
            many(3, 2008, &[(Org, "Treasury"), (Org, "Federal Reserve")]),
            (Org, "Treasury"),
            (Org, "Federal Reserve"),
            false,
        ),
    ];
    for (i, (articles, a, b, same)) in cases.iter().enumerate() {
        let reg = registry(articles, &[]);
        let (ea, eb) = (reg.entity_of(a.0, a.1), reg.entity_of(b.0, b.1));
        assert!(ea.is_some() && eb.is_some(), "case {i}: {a:?} {b:?}");
        assert_eq!(ea == eb, *same, "case {i}: {a:?} / {b:?}");
    }
}

#[test]
fn the_registry_does_not_depend_on_the_order_of_articles() {
    let mut articles = [
        many(
            3,
            2007,
            &[
                (Person, "Ben Bernanke"),
                (Org, "Federal Reserve"),
                (Org, "Fed"),
            ],
        ),
        many(2, 2007, &[(Person, "BERNANKE"), (Org, "Fed")]),
        many(
            2,
            2008,
            &[
                (Person, "Henry Paulson"),
                (Org, "U.S. Treasury"),
                (Org, "Treasury"),
            ],
        ),
        many(1, 2008, &[(Person, "Paulson"), (Speaker, "Henry Paulson")]),
    ]
    .concat();
    let forward = registry(&articles, &[]);
    articles.reverse();
    let backward = registry(&articles, &[]);
    assert_eq!(forward.as_bytes(), backward.as_bytes());
}

#[test]
fn a_surname_kept_apart_resolves_to_everyone_who_bears_it() {
    use crate::registry::Resolution;
    let reg = registry(
        &[
            many(4, 2007, &[(Person, "Hillary Clinton")]),
            many(3, 2007, &[(Person, "Bill Clinton")]),
            many(2, 2007, &[(Person, "Clinton")]),
            many(4, 2007, &[(Person, "Ben Bernanke")]),
            many(2, 2007, &[(Person, "Bernanke")]),
        ]
        .concat(),
        &[],
    );
    let found = |q: &str| match reg.resolve(Person, q) {
        Resolution::Found(v) => {
            let mut names: Vec<String> = v
                .iter()
                .map(|&e| reg.entity(e).canonical.to_string())
                .collect();
            names.sort();
            names
        }
        Resolution::NotFound { .. } => Vec::new(),
    };
    assert_eq!(
        found("clinton"),
        ["Bill Clinton", "Clinton", "Hillary Clinton"]
    );
    assert_eq!(found("hillary clinton"), ["Hillary Clinton"]);
    // The surname the archive means one person by is that person.
    assert_eq!(found("bernanke"), ["Ben Bernanke"]);
}
