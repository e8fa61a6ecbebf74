//! Entity spans: the [`EntityTagger`] interface, and the refinements every tagger's output gets:
//! rules that fix what a model trained on 1996 newswire gets wrong about today's news, using
//! the gazetteers and what the article itself says.

use super::lexicon::{Lexicon, PlaceKind, LEGAL_ENDINGS, LEXICON};
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

/// "President", and the hyphenated "Secretary-General"; a title's dot ("Sen.") is ignored.
pub fn is_title(lex: &Lexicon, w: &str) -> bool {
    let w = w.strip_suffix('.').unwrap_or(w);
    lex.titles.contains(w) || (w.contains('-') && w.split('-').any(|p| lex.titles.contains(p)))
}

/// Applies the document-level rules to a tagger's spans, in order:
///
/// 1. a title inside another kind of name starts a person ("Party Chairman Jaime Harrison");
///    countries and regions of the gazetteer are places ("US" is not an organisation);
/// 2. a name ending in a place word is a place ("Elmendorf Air Force Base");
/// 3. untagged capitalised runs ending in an institution word are organisations, and an
///    institution's name runs on over "of", "for a" ("Center for a New American Security")
///    and takes in the capitalised words before it that the tagger left out;
/// 4. titles leave person names ("President Zelenskyy" is "Zelenskyy");
/// 5. a surname of a person named in full elsewhere is that person wherever it stands alone,
///    and splits off a longer name it was run into ("Oval Office Zelenskyy").
pub fn refine(t: &Tokens, spans: Vec<Span>) -> Vec<Span> {
    let lex = &*LEXICON;
    let spans = mend(t, spans);
    let mut tagged = vec![false; t.len()];
    for s in &spans {
        tagged[s.start..s.end].iter_mut().for_each(|c| *c = true);
    }
    // "South Carolina Democratic Party Chairman Jaime Harrison": a title inside a name that is
    // not a person's splits it, and the words after the title are the person.
    let mut split = Vec::with_capacity(spans.len());
    for s in spans {
        let title = (s.start + 1..s.end.saturating_sub(1)).find(|&i| is_title(lex, t.str(i)));
        match title {
            Some(k) if s.kind != EntityType::Person => {
                let last = t.str(k - 1);
                let kind = if lex.org_tail.contains(last) {
                    EntityType::Org
                } else {
                    s.kind
                };
                split.push(Span { end: k, kind, ..s });
                split.push(Span {
                    start: k + 1,
                    kind: EntityType::Person,
                    ..s
                });
            }
            _ => split.push(s),
        }
    }
    let mut spans = split;
    for s in &mut spans {
        let text = t.span_str(s.start, s.end);
        // Countries only: a state or city name is often a team ("Minnesota beat Texas").
        let country = lex
            .places
            .get(text)
            .is_some_and(|(_, k)| *k == PlaceKind::Country);
        let last = t.str(s.end - 1);
        // Teams end in place words too ("Manchester City", "Notts County", "Queen's Park"):
        // those words never force a place, nor overrule a tagged organisation.
        let team_tail = match last {
            "City" | "State" => true,
            "County" | "Park" => s.kind == EntityType::Org,
            _ => false,
        };
        if country || (s.end - s.start >= 2 && lex.place_tail.contains(last) && !team_tail) {
            s.kind = EntityType::Place;
        }
        // An institution's name runs on over "of"/"for a"; so does a lone institution word
        // the tagger gave another kind ("Center" of "Center for a New American Security").
        let lone = s.end - s.start == 1;
        if lex.org_tail.contains(last) && (s.kind == EntityType::Org || lone) {
            let end = extend_over_connectors(t, s.end);
            if s.kind == EntityType::Org || end > s.end {
                s.kind = EntityType::Org;
                s.end = end;
            }
        }
        if s.kind == EntityType::Person {
            while s.end - s.start >= 2 && is_title(lex, t.str(s.start)) {
                s.start += 1;
            }
        }
    }
    fill_named_institutions(t, &tagged, &mut spans);
    // A span of punctuation alone (a comma tagged inside a name) names nothing.
    spans.retain(|s| (s.start..s.end).any(|i| t.str(i).chars().any(char::is_alphabetic)));
    spans.retain(|s| {
        let w = t.str(s.start);
        !(s.end - s.start == 1
            && (lex.not_names.contains(w) || is_title(lex, w) || is_contraction(w)))
    });
    spans.retain(|s| !part_of_quoted_title(t, s));
    // A country or region is a surname only after a known first name ("Neil Jordan", not
    // "Lebed Chechnya" in a headline); common words never are.
    let surnames: Vec<&str> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Person && s.end - s.start >= 2)
        .filter(|s| {
            let last = t.str(s.end - 1);
            !lex.not_names.contains(last)
                && (!is_region(lex, last) || lex.first_names.contains_key(t.str(s.start)))
        })
        .map(|s| t.str(s.end - 1))
        .collect();
    if surnames.is_empty() {
        return dedup(spans);
    }
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        let last = t.str(s.end - 1);
        if s.kind != EntityType::Person && surnames.contains(&last) {
            if s.end - s.start >= 2 {
                out.push(Span {
                    end: s.end - 1,
                    ..s
                });
            }
            out.push(Span {
                start: s.end - 1,
                kind: EntityType::Person,
                ..s
            });
        } else {
            out.push(s);
        }
    }
    // A surname the tagger missed altogether.
    let mut covered = vec![false; t.len()];
    for s in &out {
        covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
    }
    for (i, _) in covered.iter().enumerate().filter(|(_, c)| !**c) {
        if t.is_capitalized(i) && surnames.contains(&t.str(i)) {
            out.push(Span {
                start: i,
                end: i + 1,
                kind: EntityType::Person,
            });
        }
    }
    dedup(out)
}

/// "I’ll", "We’re", "Don't": a pronoun or verb with its clitic, never a name.
fn is_contraction(w: &str) -> bool {
    let Some((_, tail)) = w.rsplit_once(['\'', '’']) else {
        return false;
    };
    matches!(tail, "ll" | "m" | "re" | "ve" | "d" | "t")
}

fn is_region(lex: &Lexicon, w: &str) -> bool {
    lex.places
        .get(w)
        .is_some_and(|(_, k)| *k != PlaceKind::City)
}

/// Untagged runs of two or more capitalised words ending in an institution or place word
/// ("World Health Organization", "Bay Bridge") are that kind of name.
fn fill_named_institutions(t: &Tokens, tagged: &[bool], spans: &mut Vec<Span>) {
    let lex = &*LEXICON;
    let mut i = 0;
    while i < t.len() {
        let starts = !tagged[i]
            && t.is_capitalized(i)
            && !lex.not_names.contains(t.str(i))
            && !lex.demonyms.contains(t.str(i))
            && !is_title(lex, t.str(i));
        if !starts {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < t.len()
            && !tagged[j]
            && t.tokens[j].para == t.tokens[i].para
            && t.is_capitalized(j)
        {
            j += 1;
        }
        let last = t.str(j - 1);
        let kind = if lex.org_tail.contains(last) {
            Some(EntityType::Org)
        } else if lex.place_tail.contains(last) {
            Some(EntityType::Place)
        } else {
            None
        };
        if let (true, Some(kind)) = (j - i >= 2, kind) {
            let end = if kind == EntityType::Org {
                extend_over_connectors(t, j)
            } else {
                j
            };
            spans.push(Span {
                start: i,
                end,
                kind,
            });
        }
        i = j;
    }
}

/// Mends what greedy decoding breaks: a person tagged as two names side by side ("Volodymyr"
/// "Zelenskyy") is one, and a name that ends in "of" or "for" goes on over it into the name
/// after ("Center for" "a" "New American Security"), or stops before it.
fn mend(t: &Tokens, spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for mut s in spans {
        if let Some(p) = out.last_mut() {
            let same_para = t.tokens[p.end - 1].para == t.tokens[s.start].para;
            if p.kind == EntityType::Person
                && s.kind == EntityType::Person
                && p.end == s.start
                && same_para
            {
                p.end = s.end;
                continue;
            }
            if p.end > s.start {
                continue;
            }
        }
        if s.end - s.start >= 2 && matches!(t.str(s.end - 1), "of" | "for") {
            let end = extend_over_connectors(t, s.end - 1);
            s.end = if end == s.end - 1 {
                end
            } else {
                end.max(s.end)
            };
        }
        out.push(s);
    }
    out
}

/// A name tagged inside a title in quotation marks, without the rest of the title: "Beast" in
/// “The Beast”, "America" in “Make America Great Again”. The title names something else.
fn part_of_quoted_title(t: &Tokens, s: &Span) -> bool {
    const MAX: usize = 6;
    let titled = |i: usize| {
        t.tokens[i].para == t.tokens[s.start].para
            && (t.is_capitalized(i)
                || matches!(t.str(i), "of" | "the" | "and" | "a" | "in" | "on" | "for"))
    };
    let open = (s.start.saturating_sub(MAX)..s.start)
        .rev()
        .take_while(|&i| titled(i) || matches!(t.str(i), "“" | "\""))
        .find(|&i| matches!(t.str(i), "“" | "\""));
    let close = (s.end..(s.end + MAX).min(t.len()))
        .take_while(|&i| titled(i) || matches!(t.str(i), "”" | "\"" | "," | "."))
        .find(|&i| matches!(t.str(i), "”" | "\""));
    let (Some(o), Some(c)) = (open, close) else {
        return false;
    };
    let words_end = if matches!(t.str(c - 1), "," | ".") {
        c - 1
    } else {
        c
    };
    o + 1 < s.start || s.end < words_end
}

fn dedup(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        if out.last().is_some_and(|p| s.start < p.end) {
            continue;
        }
        out.push(s);
    }
    out
}

/// The end of an institution's name that goes on over "of", "for", "for a", "of the"
/// into capitalised words; a company's legal ending closes its name ("Dow Chemical Co of the
/// United States").
fn extend_over_connectors(t: &Tokens, mut end: usize) -> usize {
    if LEGAL_ENDINGS.contains(&t.str(end - 1)) {
        return end;
    }
    loop {
        let para = t.tokens[end - 1].para;
        let word = |i: usize| {
            (i < t.len() && t.tokens[i].para == para && t.tokens[i].kind == Kind::Word)
                .then(|| t.str(i))
        };
        let k = match (word(end), word(end + 1)) {
            (Some("of" | "for"), Some("a" | "the")) => 2,
            (Some("of" | "for"), _) => 1,
            _ => return end,
        };
        let name_word = |i: usize| {
            i < t.len()
                && t.tokens[i].para == para
                && t.is_capitalized(i)
                && !LEXICON.not_names.contains(t.str(i))
        };
        if !name_word(end + k) {
            return end;
        }
        end += k;
        while name_word(end) {
            end += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::perceptron::PerceptronTagger;
    use super::*;

    fn tag(text: &str) -> Vec<(String, EntityType)> {
        let t = Tokens::new(text);
        PerceptronTagger::builtin()
            .tag(&t)
            .into_iter()
            .map(|s| (t.span_str(s.start, s.end).to_string(), s.kind))
            .collect()
    }

    /// The tagger on fixed sentences of our own: a regression test for model and rules alike.
    #[test]
    fn tagger_on_fixed_sentences() {
        use EntityType::*;
        for (text, want) in [
            (
                "US President Donald Trump met Russian President Vladimir Putin in Alaska.",
                vec![("US", Place), ("Donald Trump", Person), ("Vladimir Putin", Person), ("Alaska", Place)],
            ),
            (
                "She joined the Center for a New American Security after years at the CIA.",
                vec![("Center for a New American Security", Org), ("CIA", Org)],
            ),
            (
                "Troops at Elmendorf Air Force Base watched Fox News on Sunday.",
                vec![("Elmendorf Air Force Base", Place), ("Fox News", Org)],
            ),
            (
                "Maria Lopez spoke in Geneva on Monday. Later Lopez left for Madrid.",
                vec![("Maria Lopez", Person), ("Geneva", Place), ("Lopez", Person), ("Madrid", Place)],
            ),
            (
                "Ms. Okafor, a spokeswoman for the World Health Organization, said the US would help.",
                vec![("Okafor", Person), ("World Health Organization", Org), ("US", Place)],
            ),
            (
                "He rode in “The Beast” to Anchorage under a “Make America Great Again” banner.",
                vec![("Anchorage", Place)],
            ),
            (
                "“I’ll stay,” said Ukraine’s leader Volodymyr Zelenskyy, who met Neil Jordan in Kyiv.",
                vec![("Ukraine", Place), ("Volodymyr Zelenskyy", Person), ("Neil Jordan", Person), ("Kyiv", Place)],
            ),
        ] {
            let want: Vec<(String, EntityType)> = want.into_iter().map(|(s, k)| (s.to_string(), k)).collect();
            assert_eq!(tag(text), want, "{text:?}");
        }
    }

    /// The rules on spans given by hand, whatever the model says.
    #[test]
    fn refine_on_given_spans() {
        use EntityType::*;
        for (text, given, want) in [
            // A team that ends in a place word stays an organisation; other kinds become places.
            (
                "Notts County won.",
                vec![(0, 2, Org)],
                vec![("Notts County", Org)],
            ),
            (
                "Orange County voted.",
                vec![(0, 2, Person)],
                vec![("Orange County", Place)],
            ),
            // A lone institution word of another kind heads the name that runs on after it.
            (
                "the Center for a New American Security said.",
                vec![(1, 2, Place), (4, 5, Org)],
                vec![("Center for a New American Security", Org)],
            ),
            // A legal ending closes a company's name, whether the tagger ran on over "of"...
            (
                "Kia Motor Corp of South Korea said.",
                vec![(0, 4, Org), (4, 6, Place)],
                vec![("Kia Motor Corp", Org), ("South Korea", Place)],
            ),
            // ... or the name was found by its ending alone.
            (
                "The Dow Chemical Co of the United States will invest.",
                vec![(6, 8, Place)],
                vec![("Dow Chemical Co", Org), ("United States", Place)],
            ),
        ] {
            let t = Tokens::new(text);
            let spans = given
                .into_iter()
                .map(|(start, end, kind)| Span { start, end, kind })
                .collect();
            let got: Vec<(&str, EntityType)> = refine(&t, spans)
                .into_iter()
                .map(|s| (t.span_str(s.start, s.end), s.kind))
                .collect();
            assert_eq!(got, want, "{text:?}");
        }
    }
}
