//! The first entity tagger: capitalised runs of words, typed by gazetteers, word lists and context.
//! It sits behind [`EntityTagger`] so a trained tagger can take its place.

use super::lexicon::{Lexicon, LEXICON};
use super::tokens::{Kind, Tokens};
use super::EntityType;

/// A typed mention as token indices `start..end` into [`Tokens`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
}

/// Finds person, place and organisation mentions in a tokenised text. Canonical names are
/// assigned afterwards, by [`super::names`], whatever the tagger.
pub trait EntityTagger: Send + Sync {
    fn tag(&self, tokens: &Tokens) -> Vec<Span>;
}

/// Rules and word lists; no names of particular people are written into them.
#[derive(Debug, Default, Clone, Copy)]
pub struct RuleTagger;

impl EntityTagger for RuleTagger {
    fn tag(&self, t: &Tokens) -> Vec<Span> {
        let lex = &*LEXICON;
        let runs = capitalized_runs(t, lex);
        let mut spans = Vec::new();
        // Pass 1 finds the names that stand on their own; pass 2 knows the surnames they gave.
        let mut surnames: Vec<&str> = Vec::new();
        for pass in 0..2 {
            spans.clear();
            for &(a, b) in &runs {
                classify_run(t, lex, a, b, &surnames, &mut spans);
            }
            if pass == 0 {
                surnames = spans
                    .iter()
                    .filter(|s| s.kind == EntityType::Person && s.end - s.start >= 2)
                    .map(|s| t.str(s.end - 1))
                    .collect();
            }
        }
        spans
    }
}

fn is_name_word(t: &Tokens, i: usize) -> bool {
    t.is_capitalized(i)
}

/// Maximal runs of capitalised words, joined by connectors where the run is an institution's
/// name ("Bank of England") or a name particle ("Ludwig van Beethoven").
fn capitalized_runs(t: &Tokens, lex: &Lexicon) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !is_name_word(t, i) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            let adjacent = |j: usize| j < t.len() && t.tokens[j].para == t.tokens[start].para;
            if adjacent(end) && is_name_word(t, end) {
                end += 1;
                continue;
            }
            // Connectors need a capitalised word after them, and a head that takes them.
            let head = t.str(start);
            let institution = lex.org_tail.contains(head) || lex.place_tail.contains(head);
            let mut k = 0;
            while k < 2 && adjacent(end + k) && t.tokens[end + k].kind != Kind::Punct {
                let c = t.str(end + k);
                let joins = match c {
                    "of" | "for" | "on" | "a" | "the" => institution,
                    "and" | "&" => {
                        institution && k == 0 && adjacent(end + 1) && is_name_word(t, end + 1)
                    }
                    "de" | "del" | "der" | "van" | "von" | "al" | "bin" | "da" | "du" | "la"
                    | "le" => k == 0,
                    _ => false,
                };
                if !joins {
                    break;
                }
                k += 1;
            }
            if k > 0 && adjacent(end + k) && is_name_word(t, end + k) {
                end += k + 1;
                continue;
            }
            break;
        }
        runs.push((start, end));
        i = end;
    }
    runs
}

fn is_acronym(w: &str) -> bool {
    let n = w.chars().count();
    (2..=6).contains(&n) && w.chars().all(|c| c.is_ascii_uppercase())
}

fn longest_place(t: &Tokens, lex: &Lexicon, a: usize, b: usize) -> usize {
    let max = (b - a).min(lex.place_max_tokens);
    (1..=max)
        .rev()
        .find(|&n| lex.places.contains_key(t.span_str(a, a + n)))
        .unwrap_or(0)
}

fn followed_by_speech(t: &Tokens, end: usize) -> bool {
    end < t.len() && super::quotes::is_reporting_verb(t.str(end))
}

/// Types the words `a..b` of one capitalised run, splitting it where it holds several names
/// ("US President Donald Trump" is a place and a person).
fn classify_run(
    t: &Tokens,
    lex: &Lexicon,
    mut a: usize,
    b: usize,
    surnames: &[&str],
    out: &mut Vec<Span>,
) {
    while a < b && matches!(t.str(a), "The" | "A" | "An") {
        a += 1;
    }
    if a >= b {
        return;
    }
    // A run joined by connectors is an institution's or a place's name as a whole ("Bank of
    // England", "Gulf of Mexico"), else its capitalised parts stand alone.
    if let Some(c) = (a..b).find(|&i| !t.is_capitalized(i)) {
        let head = t.str(a);
        let kind = if lex.org_tail.contains(head) {
            EntityType::Org
        } else if lex.place_tail.contains(head) {
            EntityType::Place
        } else {
            classify_run(t, lex, a, c, surnames, out);
            let next = (c..b).find(|&i| t.is_capitalized(i)).unwrap_or(b);
            return classify_run(t, lex, next, b, surnames, out);
        };
        return out.push(Span {
            start: a,
            end: b,
            kind,
        });
    }
    let last = t.str(b - 1);
    let whole_org = lex.org_tail.contains(last) && !surnames.contains(&last);
    if b - a >= 2 && whole_org && !lex.titles.contains(t.str(a)) {
        let a = skip_adjectives(t, lex, a, b);
        return out.push(Span {
            start: a,
            end: b,
            kind: EntityType::Org,
        });
    }
    if b - a >= 2 && lex.place_tail.contains(last) && !lex.places.contains_key(t.span_str(a, b)) {
        return out.push(Span {
            start: a,
            end: b,
            kind: EntityType::Place,
        });
    }
    let mut i = a;
    // "Mr. Okafor": the title's dot ends the run before the name.
    let mut titled = a >= 2 && t.str(a - 1) == "." && lex.titles.contains(t.str(a - 2));
    while i < b {
        let w = t.str(i);
        if is_title(lex, w) || lex.demonyms.contains(w) || lex.not_names.contains(w) {
            titled |= is_title(lex, w);
            i += 1;
            continue;
        }
        let place = longest_place(t, lex, i, b);
        // "Vladimir Putin": a one-word place before an unknown name word is a first name.
        let first_name = i + 1 < b
            && (lex.first_names.contains_key(w)
                || (place == 1 && is_plain_name_word(t, lex, i + 1, b, surnames)));
        if place > 0 && !(first_name && place == 1) && !surnames.contains(&w) {
            out.push(Span {
                start: i,
                end: i + place,
                kind: EntityType::Place,
            });
            i += place;
            titled = false;
            continue;
        }
        // An unknown run ends where a place or a known surname begins.
        let mut j = i + 1;
        while j < b {
            let wj = t.str(j);
            if is_title(lex, wj) || lex.demonyms.contains(wj) || is_acronym(t.str(j - 1)) {
                break;
            }
            let prev = t.str(j - 1);
            let after_first = (j == i + 1 && first_name) || is_person_prefix(lex, prev);
            // "Oval Office Zelenskyy": a known surname after an institution word is a new name.
            let after_institution = lex.org_tail.contains(prev) || lex.place_tail.contains(prev);
            if (surnames.contains(&wj) && after_institution)
                || (!after_first && longest_place(t, lex, j, b) > 0)
            {
                break;
            }
            if lex.first_names.contains_key(wj)
                && j + 1 < b
                && !lex.first_names.contains_key(t.str(j - 1))
            {
                break;
            }
            j += 1;
        }
        let n = j - i;
        let kind = if (n == 1 && is_acronym(w)) || (n >= 2 && lex.org_tail.contains(t.str(j - 1))) {
            Some(EntityType::Org)
        } else if n >= 2 || titled || surnames.contains(&w) || followed_by_speech(t, j) {
            Some(EntityType::Person)
        } else {
            None
        };
        if let Some(kind) = kind {
            out.push(Span {
                start: i,
                end: j,
                kind,
            });
        }
        titled = false;
        i = j;
    }
}

fn is_plain_name_word(t: &Tokens, lex: &Lexicon, i: usize, b: usize, surnames: &[&str]) -> bool {
    let w = t.str(i);
    !lex.titles.contains(w)
        && !lex.demonyms.contains(w)
        && !lex.not_names.contains(w)
        && !lex.org_tail.contains(w)
        && !is_acronym(w)
        && (surnames.contains(&w) || longest_place(t, lex, i, b) == 0)
}

/// "President", and the hyphenated "Secretary-General".
fn is_title(lex: &Lexicon, w: &str) -> bool {
    lex.titles.contains(w) || (w.contains('-') && w.split('-').any(|p| lex.titles.contains(p)))
}

/// A word that can stand before a surname inside one name: a first name or an initial.
fn is_person_prefix(lex: &Lexicon, w: &str) -> bool {
    lex.first_names.contains_key(w) || (w.len() == 1 && w.chars().all(char::is_uppercase))
}

fn skip_adjectives(t: &Tokens, lex: &Lexicon, mut a: usize, b: usize) -> usize {
    while a + 1 < b && lex.not_names.contains(t.str(a)) {
        a += 1;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(text: &str) -> Vec<(String, EntityType)> {
        let t = Tokens::new(text);
        RuleTagger
            .tag(&t)
            .into_iter()
            .map(|s| (t.span_str(s.start, s.end).to_string(), s.kind))
            .collect()
    }

    #[test]
    fn runs_split_into_typed_names() {
        use EntityType::*;
        for (text, want) in [
            (
                "US President Donald Trump met Russian President Vladimir Putin in Alaska.",
                vec![
                    ("US", Place),
                    ("Donald Trump", Person),
                    ("Vladimir Putin", Person),
                    ("Alaska", Place),
                ],
            ),
            (
                "She joined the Center for a New American Security and the CIA.",
                vec![("Center for a New American Security", Org), ("CIA", Org)],
            ),
            (
                "Troops at Elmendorf Air Force Base watched Fox News.",
                vec![("Elmendorf Air Force Base", Place), ("Fox News", Org)],
            ),
            (
                "Maria Lopez spoke. Later Lopez left for Geneva; Monday was quiet.",
                vec![
                    ("Maria Lopez", Person),
                    ("Lopez", Person),
                    ("Geneva", Place),
                ],
            ),
            (
                "The Beast rolled on. Mr. Okafor waved.",
                vec![("Okafor", Person)],
            ),
        ] {
            let got = tag(text);
            let want: Vec<(String, EntityType)> =
                want.into_iter().map(|(s, k)| (s.to_string(), k)).collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
