//! Canonical names: within one article a short form takes the full name given elsewhere in it
//! ("Putin" is "Vladimir Putin"), and places take their gazetteer name ("U.S." is "United States").

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use super::entities::Span;
use super::lexicon::{Gender, PlaceKind, LEXICON};
use super::tokens::Tokens;
use super::EntityType;
use crate::registry::key::{org_key, LongOrg, ShortOrg};

/// The canonical name of every span, in the order given.
pub fn canonical_names(t: &Tokens, spans: &[Span]) -> Vec<String> {
    let mut names = article_names(t, spans);
    national_teams(t, spans, &mut names);
    names
}

fn article_names(t: &Tokens, spans: &[Span]) -> Vec<String> {
    // Each person's words, as given and folded once (the comparisons are pairwise).
    let persons: Vec<Person> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Person)
        .map(|s| Person {
            at: s.start,
            words: (s.start..s.end).map(|i| t.str(i)).collect(),
            folded: (s.start..s.end).map(|i| fold(t.str(i))).collect(),
        })
        .collect();
    let orgs: Vec<(usize, String, &str)> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Org)
        .map(|s| {
            let surface = t.span_str(s.start, s.end);
            (s.start, org_key(surface), surface)
        })
        .collect();
    // Each institution's name as a long form, read once (the comparisons are pairwise).
    let longs: Vec<LongOrg> = orgs.iter().map(|(_, key, _)| LongOrg::new(key)).collect();
    // The spans of each kind come in the order of `spans`.
    let (mut next_person, mut next_org) = (persons.iter(), orgs.iter());
    spans
        .iter()
        .map(|s| {
            let surface = t.span_str(s.start, s.end);
            match s.kind {
                EntityType::Place => {
                    place_entry(surface).map_or_else(|| surface.to_string(), |(c, _)| c.to_string())
                }
                EntityType::Org => {
                    let (at, key, _) = next_org.next().expect("an organisation span");
                    full_org(&orgs, &longs, *at, key, surface)
                }
                EntityType::Person => {
                    let p = next_person.next().expect("a person span");
                    full_name(&persons, p).unwrap_or_else(|| surface.to_string())
                }
            }
        })
        .collect()
}

/// The longer name of an institution the article gives, that `surface` is a short form of (its
/// first or last words, its acronym: "Seattle" after "Seattle Mariners", "SEC" beside
/// "Securities and Exchange Commission"): the nearest before it, else the first after.
/// `key` is the [`org_key`] of `surface`.
fn full_org(
    orgs: &[(usize, String, &str)],
    longs: &[LongOrg],
    at: usize,
    key: &str,
    surface: &str,
) -> String {
    let short = ShortOrg::new(surface, key);
    let mut best: Option<(usize, &str)> = None;
    for ((pos, long_key, long), long_org) in orgs.iter().zip(longs) {
        if long_key.len() <= key.len() || short.stands_for(long_org).is_none() {
            continue;
        }
        let better = match best {
            None => true,
            Some((bpos, _)) => {
                (*pos < at && (bpos > at || *pos > bpos)) || (bpos > at && *pos < bpos)
            }
        };
        if better {
            best = Some((*pos, long));
        }
    }
    best.map_or_else(|| surface.to_string(), |(_, long)| long.to_string())
}

/// A person's name in an article: where it starts, its words, and its words without case or
/// accents ("BERNANKE" in a headline is "Ben Bernanke").
struct Person<'a> {
    at: usize,
    words: Vec<&'a str>,
    folded: Vec<String>,
}

/// The longest person name in the article that ends with `p`'s words (a surname, or a name
/// without its first name); of several, the nearest one before `p`, else the first after.
fn full_name(persons: &[Person], p: &Person) -> Option<String> {
    let n = p.folded.len();
    let mut best: Option<&Person> = None;
    for q in persons {
        if q.folded.len() <= n || q.folded[q.folded.len() - n..] != p.folded[..] {
            continue;
        }
        let better = match best {
            None => true,
            Some(b) => {
                let (before, b_before) = (q.at < p.at, b.at < p.at);
                q.words.len() > b.words.len()
                    || (q.words.len() == b.words.len() && before && (!b_before || q.at > b.at))
            }
        };
        if better {
            best = Some(q);
        }
    }
    best.map(|b| b.words.join(" "))
}

static SPORTS: &str = include_str!("../../models/sports.tsv");

/// Words of one sport, lower case -> the sport.
static SPORT_WORDS: LazyLock<HashMap<&'static str, &'static str>> =
    LazyLock::new(|| super::lexicon::tsv(SPORTS).collect());

static TEAM_SPORTS: &str = include_str!("../../models/team_sports.tsv");

/// What makes a sports report's countries teams: the sports played between teams, the team
/// competitions of the others, and the words after which a country is still the place.
struct TeamSports {
    team: Vec<&'static str>,
    competitions: Vec<(&'static str, String)>,
    place_before: Vec<&'static str>,
}

static TEAMS: LazyLock<TeamSports> = LazyLock::new(|| {
    let mut t = TeamSports {
        team: Vec::new(),
        competitions: Vec::new(),
        place_before: Vec::new(),
    };
    for line in TEAM_SPORTS.lines().filter(|l| !l.starts_with('#')) {
        let fields: Vec<&'static str> = line.split('\t').collect();
        match fields.as_slice() {
            ["team", sport] => t.team.push(sport),
            ["competition", sport, words] => t.competitions.push((sport, format!(" {words} "))),
            ["place-before", word] => t.place_before.push(word),
            _ => {}
        }
    }
    t
});

/// The sport an article reports on, where its words say so: two words of one sport, and more of
/// it than of any other.
fn sport_of(t: &Tokens) -> Option<&'static str> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    let mut lower = String::new();
    for i in 0..t.len() {
        lower.clear();
        lower.extend(t.str(i).chars().flat_map(char::to_lowercase));
        if let Some(&sport) = SPORT_WORDS.get(lower.as_str()) {
            *counts.entry(sport).or_default() += 1;
        }
    }
    let mut best: Vec<(usize, &str)> = counts.into_iter().map(|(s, n)| (n, s)).collect();
    best.sort_unstable_by(|a, b| b.cmp(a));
    match best.as_slice() {
        [(n, s), rest @ ..] if *n >= 2 && rest.first().is_none_or(|(m, _)| m < n) => Some(s),
        _ => None,
    }
}

/// The sport of a report whose sides are teams: a team sport, or a sport of individuals where
/// the report names one of its team competitions between nations.
fn team_sport_of(t: &Tokens) -> Option<&'static str> {
    let sport = sport_of(t)?;
    let teams = &*TEAMS;
    if teams.team.contains(&sport) {
        return Some(sport);
    }
    let mut folded = String::from(" ");
    folded.push_str(&fold(t.text));
    folded.push(' ');
    teams
        .competitions
        .iter()
        .any(|(s, words)| *s == sport && folded.contains(words.as_str()))
        .then_some(sport)
}

/// The gazetteer's entry for a place's name as written, or as its title-case form where it is
/// written in capitals ("SRI LANKA" in a headline is Sri Lanka).
fn place_entry(surface: &str) -> Option<(&'static str, PlaceKind)> {
    let places = &LEXICON.places;
    if let Some(&e) = places.get(surface) {
        return Some(e);
    }
    if surface.chars().any(char::is_lowercase) || !surface.chars().any(char::is_uppercase) {
        return None;
    }
    let mut titled = String::with_capacity(surface.len());
    let mut word_start = true;
    for c in surface.chars() {
        if word_start {
            titled.push(c);
        } else {
            titled.extend(c.to_lowercase());
        }
        word_start = !c.is_alphabetic();
    }
    places.get(titled.as_str()).copied()
}

/// In a report of a sport played between teams, a country's name is its side ("Sri Lanka beat
/// Australia by four wickets", "Australia 228-9", "United States at Netherlands" in a draw),
/// named as the team ("Australia cricket team") so a facet does not mix the country with its
/// teams, whatever the case it is written in. It stays the place in the dateline ("NICE, France"), in parentheses after a
/// player's name, and after a word of place ("the finals in France").
fn national_teams(t: &Tokens, spans: &[Span], names: &mut [String]) {
    // A country the tagger took for an organisation is left to the registry, which gives it
    // the kind its name has across the archive (the place).
    let country = |s: &Span| match s.kind {
        EntityType::Place => place_entry(t.span_str(s.start, s.end))
            .and_then(|(c, kind)| (kind == PlaceKind::Country).then_some(c)),
        _ => None,
    };
    if !spans.iter().any(|s| country(s).is_some()) {
        return;
    }
    let Some(sport) = team_sport_of(t) else {
        return;
    };
    let text = t.text;
    for (s, name) in spans.iter().zip(names.iter_mut()) {
        let Some(c) = country(s) else { continue };
        let (start, end) = (
            t.tokens[s.start].start as usize,
            t.tokens[s.end - 1].end as usize,
        );
        let before = text[..start].trim_end_matches([' ', '\t']);
        let after = text[end..].trim_start_matches([' ', '\t']);
        let in_parentheses = before.ends_with('(') && after.starts_with(')');
        let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
        // "NICE ," before the country: a place name in capitals opening the line.
        let dateline = line.strip_suffix(',').is_some_and(|city| {
            city.starts_with(|c: char| c.is_uppercase())
                && city
                    .chars()
                    .all(|c| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-'))
        });
        let place_word = s.start > 0 && {
            let prev = t.str(s.start - 1).to_lowercase();
            TEAMS.place_before.contains(&prev.as_str())
        };
        if !(in_parentheses || dateline || place_word) {
            *name = format!("{c} {sport} team");
        }
    }
}

/// Lower case, accents removed, punctuation to spaces: the form names are matched in.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        // The same without decomposing: ASCII has no accents.
        let mut out = String::with_capacity(s.len());
        let mut gap = false;
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(b.to_ascii_lowercase() as char);
            } else {
                gap = true;
            }
        }
        return out;
    }
    let folded: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The sex a person's name implies, from the first name, where the lists tell it.
pub fn name_gender(name: &str) -> Option<Gender> {
    let first = name.split(' ').next()?;
    LEXICON.first_names.get(first).copied().flatten()
}

#[cfg(test)]
mod tests {
    use super::super::entities::EntityTagger;
    use super::super::perceptron::PerceptronTagger;
    use super::*;

    /// The names the tagger's spans get, by surface.
    fn named(text: &str) -> Vec<(String, String)> {
        let t = Tokens::new(text);
        let spans = PerceptronTagger::builtin().tag(&t);
        let names = canonical_names(&t, &spans);
        spans
            .iter()
            .zip(names)
            .map(|(s, n)| (t.span_str(s.start, s.end).to_string(), n))
            .collect()
    }

    /// The name the tagger's first span of `surface` gets in `text`.
    fn name_of(text: &str, surface: &str) -> Option<String> {
        named(text)
            .into_iter()
            .find(|(s, _)| s == surface)
            .map(|(_, n)| n)
    }

    #[test]
    fn countries_that_play_are_their_national_teams() {
        // (report of my own, a country's surface in it, the name it must get)
        let table: &[(&str, &str, &str)] = &[
            (
                "Pakistan beat New Zealand by six wickets on Sunday after the bowlers \
                 dismissed the visitors for 180 in 45 overs.\nScores: New Zealand 180, \
                 Pakistan 181-4.",
                "Pakistan",
                "Pakistan cricket team",
            ),
            // Every mention, in capitals too, and in a soccer report the country is the side
            // wherever it stands.
            (
                "SOCCER - WALES HOLD FIRM .\nWales drew 1-1 in a World Cup qualifier on \
                 Saturday. The striker scored two goals for Wales last year.",
                "WALES",
                "Wales football team",
            ),
            // The dateline and a word of place keep the place.
            (
                "SOCCER - SIDE FINED .\nLYON , France 1996-08-30\nThe club's goalkeeper \
                 conceded two goals as France prepared for the finals.",
                "France",
                "France",
            ),
            (
                "The striker, who scored two goals on Saturday, will play in Italy next \
                 season after his soccer club sold him.",
                "Italy",
                "Italy",
            ),
            // A draw of a team competition in a sport of individuals.
            (
                "TENNIS - FED CUP DRAW .\nDraw for the Fed Cup women's tennis team event:\n\
                 Canada at Argentina\nSpain at Belgium",
                "Argentina",
                "Argentina tennis team",
            ),
            // Without one, a player's country is the country.
            (
                "Dev Rao of India reached the tennis final; the tennis star beat his \
                 rival from Spain 6-3 6-2 before India celebrated.",
                "India",
                "India",
            ),
            (
                "Pakistan and New Zealand signed a trade agreement on Sunday.",
                "Pakistan",
                "Pakistan",
            ),
            // A player's country in parentheses is the player's country.
            (
                "Lena Marsh ( Germany ) beat Ida Holm ( Sweden ) 6-3 6-2 in the tennis \
                 final; Marsh won both sets.",
                "Germany",
                "Germany",
            ),
        ];
        for (text, surface, want) in table {
            assert_eq!(
                name_of(text, surface).as_deref(),
                Some(*want),
                "{surface} in {text:?}: {:?}",
                named(text)
            );
        }
    }

    #[test]
    fn an_institution_named_in_full_names_its_short_forms() {
        let names = named(
            "The Securities and Exchange Commission opened an inquiry. The SEC said on \
             Monday that Goldman Sachs had agreed to pay. Goldman declined to comment.",
        );
        for (short, full) in [
            ("SEC", "Securities and Exchange Commission"),
            ("Goldman", "Goldman Sachs"),
        ] {
            assert!(
                names.iter().any(|(s, n)| s == short && n == full),
                "{short}: {names:?}"
            );
        }
    }

    #[test]
    fn fold_without_case_accents_or_punctuation() {
        for (s, want) in [
            ("George W.Bush", "george w bush"),
            ("  U.S.--Treasury ", "u s treasury"),
            ("Recep Tayyip Erdoğan", "recep tayyip erdogan"),
            ("ÉCOLE Normale", "ecole normale"),
            ("", ""),
        ] {
            assert_eq!(fold(s), want, "{s}");
        }
    }

    #[test]
    fn short_forms_take_the_full_name() {
        let text = "Putin spoke. Vladimir Putin and Andrea Kendall-Taylor met. \
                    Kendall-Taylor said President Putin was in the U.S. today.";
        let t = Tokens::new(text);
        let spans = PerceptronTagger::builtin().tag(&t);
        let names = canonical_names(&t, &spans);
        let pairs: Vec<(&str, &str)> = spans
            .iter()
            .zip(&names)
            .map(|(s, n)| (t.span_str(s.start, s.end), n.as_str()))
            .collect();
        assert_eq!(
            pairs,
            vec![
                ("Putin", "Vladimir Putin"),
                ("Vladimir Putin", "Vladimir Putin"),
                ("Andrea Kendall-Taylor", "Andrea Kendall-Taylor"),
                ("Kendall-Taylor", "Andrea Kendall-Taylor"),
                ("Putin", "Vladimir Putin"),
                ("U.S.", "United States"),
            ]
        );
        assert_eq!(name_gender("Andrea Kendall-Taylor"), Some(Gender::Female));
    }
}
