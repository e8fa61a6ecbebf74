//! Canonical names: within one article a short form takes the full name given elsewhere in it
//! ("Putin" is "Vladimir Putin"), and places take their gazetteer name ("U.S." is "United States").

use std::collections::HashMap;
use std::sync::LazyLock;

use unicode_normalization::UnicodeNormalization;

use super::entities::Span;
use super::lexicon::{Gender, PlaceKind, LEXICON};
use super::tokens::Tokens;
use super::EntityType;
use crate::registry::key::{org_key, org_short_form};

/// The canonical name of every span, in the order given.
pub fn canonical_names(t: &Tokens, spans: &[Span]) -> Vec<String> {
    let mut names = article_names(t, spans);
    national_teams(t, spans, &mut names);
    names
}

fn article_names(t: &Tokens, spans: &[Span]) -> Vec<String> {
    let lex = &*LEXICON;
    let persons: Vec<(usize, Vec<&str>)> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Person)
        .map(|s| (s.start, (s.start..s.end).map(|i| t.str(i)).collect()))
        .collect();
    let orgs: Vec<(usize, String, &str)> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Org)
        .map(|s| {
            let surface = t.span_str(s.start, s.end);
            (s.start, org_key(surface), surface)
        })
        .collect();
    spans
        .iter()
        .map(|s| {
            let surface = t.span_str(s.start, s.end);
            match s.kind {
                EntityType::Place => lex
                    .places
                    .get(surface)
                    .map_or_else(|| surface.to_string(), |(c, _)| c.to_string()),
                EntityType::Org => full_org(&orgs, s.start, surface),
                EntityType::Person => {
                    let words: Vec<&str> = (s.start..s.end).map(|i| t.str(i)).collect();
                    full_name(&persons, s.start, &words).unwrap_or_else(|| surface.to_string())
                }
            }
        })
        .collect()
}

/// The longer name of an institution the article gives, that `surface` is a short form of (its
/// first or last words, its acronym: "Seattle" after "Seattle Mariners", "SEC" beside
/// "Securities and Exchange Commission"): the nearest before it, else the first after.
fn full_org(orgs: &[(usize, String, &str)], at: usize, surface: &str) -> String {
    let key = org_key(surface);
    let mut best: Option<(usize, &str)> = None;
    for (pos, long_key, long) in orgs {
        if long_key.len() <= key.len() || org_short_form(surface, &key, long_key).is_none() {
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

/// The longest person name in the article that ends with `words` (a surname, or a name
/// without its first name); of several, the nearest one before `at`, else the first after.
fn full_name(persons: &[(usize, Vec<&str>)], at: usize, words: &[&str]) -> Option<String> {
    let mut best: Option<(&Vec<&str>, usize)> = None;
    // Words compare without case or accents: "BERNANKE" in a headline is "Ben Bernanke".
    let same = |a: &[&str], b: &[&str]| a.iter().zip(b).all(|(x, y)| fold(x) == fold(y));
    for (pos, name) in persons {
        if name.len() <= words.len() || !same(&name[name.len() - words.len()..], words) {
            continue;
        }
        let better = match best {
            None => true,
            Some((b, bpos)) => {
                let before = *pos < at;
                let b_before = bpos < at;
                name.len() > b.len()
                    || (name.len() == b.len() && before && (!b_before || *pos > bpos))
            }
        };
        if better {
            best = Some((name, *pos));
        }
    }
    best.map(|(n, _)| n.join(" "))
}

static SPORTS: &str = include_str!("../../models/sports.tsv");

/// Words of one sport, lower case -> the sport.
static SPORT_WORDS: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    SPORTS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .collect()
});

/// Words before a country's name that make it a side in a match ("beat Australia", "against
/// France", "England v Pakistan").
const BEFORE_A_SIDE: &[&str] = &[
    "v", "vs", "vs.", "versus", "against", "beat", "beats", "over", "to", "with", "between", "by",
    "face", "faces", "play", "plays", "meet", "meets", "host", "hosts",
];
/// Words after it that do.
const AFTER_A_SIDE: &[&str] = &[
    "v", "vs", "vs.", "versus", "beat", "beats", "won", "win", "wins", "lost", "lose", "loses",
    "drew", "draw", "draws", "scored", "lead", "led", "trail", "trails", "captain", "coach",
    "manager", "squad", "team", "side", "'s", "’s", "will",
];

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

/// In a sports report, a country's name that stands for its side ("Sri Lanka beat Australia
/// by four wickets", "Australia 228-9", a team's name on a line of its own in a scoreboard) is
/// named as the team ("Australia cricket team"), so a facet does not mix the country with its
/// teams. A country in parentheses after a player's name is the player's country.
fn national_teams(t: &Tokens, spans: &[Span], names: &mut [String]) {
    let lex = &*LEXICON;
    let is_country = |s: &Span| {
        s.kind == EntityType::Place
            && matches!(
                lex.places.get(t.span_str(s.start, s.end)),
                Some((_, PlaceKind::Country))
            )
    };
    if !spans.iter().any(is_country) {
        return;
    }
    let Some(sport) = sport_of(t) else { return };
    let text = t.text;
    // Per country, how many of its mentions stand as a side: most of them, and every mention of
    // that country in the report is the team.
    let mut sides: HashMap<String, (usize, usize)> = HashMap::new();
    for (s, name) in spans.iter().zip(names.iter()) {
        if !is_country(s) {
            continue;
        }
        let (start, end) = (
            t.tokens[s.start].start as usize,
            t.tokens[s.end - 1].end as usize,
        );
        let before = text[..start].trim_end_matches([' ', '\t']);
        let after = text[end..].trim_start_matches([' ', '\t']);
        let in_parentheses = before.ends_with('(') && after.starts_with(')');
        let prev = (s.start > 0).then(|| t.str(s.start - 1).to_lowercase());
        let next = (s.end < t.len()).then(|| t.str(s.end).to_lowercase());
        let on_its_own_line = (before.is_empty() || before.ends_with('\n'))
            && (after.is_empty() || after.starts_with('\n'));
        let side = !in_parentheses
            && (on_its_own_line
                || after.starts_with(|c: char| c.is_ascii_digit())
                || prev.is_some_and(|p| BEFORE_A_SIDE.contains(&p.as_str()))
                || next.is_some_and(|n| AFTER_A_SIDE.contains(&n.as_str())));
        let e = sides.entry(name.clone()).or_default();
        e.0 += usize::from(side);
        e.1 += 1;
    }
    for (s, name) in spans.iter().zip(names.iter_mut()) {
        if is_country(s)
            && sides
                .get(name.as_str())
                .is_some_and(|&(n, all)| 2 * n >= all)
        {
            *name = format!("{name} {sport} team");
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

    #[test]
    fn countries_that_play_are_their_national_teams() {
        let report = "Pakistan beat New Zealand by six wickets on Sunday after the bowlers \
                      dismissed the visitors for 180 in 45 overs.\nScores: New Zealand 180, \
                      Pakistan 181-4.";
        let names = named(report);
        assert!(
            names
                .iter()
                .any(|(s, n)| s == "Pakistan" && n == "Pakistan cricket team"),
            "{names:?}"
        );
        let politics = "Pakistan and New Zealand signed a trade agreement on Sunday.";
        assert!(
            named(politics).iter().all(|(_, n)| !n.ends_with(" team")),
            "{:?}",
            named(politics)
        );
        // A player's country in parentheses is the player's country.
        let tennis = "Lena Marsh ( Germany ) beat Ida Holm ( Sweden ) 6-3 6-2 in the tennis \
                      final; Marsh won both sets.";
        assert!(
            named(tennis).iter().all(|(_, n)| !n.ends_with(" team")),
            "{:?}",
            named(tennis)
        );
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
