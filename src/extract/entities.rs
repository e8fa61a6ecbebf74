//! Entity spans: the [`EntityTagger`] interface, and the refinements every tagger's output gets:
//! rules that fix what a model trained on 1996 newswire gets wrong about today's news, using
//! the gazetteers and what the article itself says.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::features::is_shouted;
use super::lexicon::{word_list, Furniture, Lexicon, PlaceKind, LEGAL_ENDINGS, LEXICON};
use super::tokens::{Kind, Tokens};
use super::EntityType;

static COMPANY_ENDINGS_TSV: &str = include_str!("../../models/company_endings.tsv");

/// Last words of company and institution names that never end a person's ("Corp", "Holdings",
/// "Capital", "Department").
static COMPANY_ENDINGS: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(COMPANY_ENDINGS_TSV).collect());

static FIRM_ROLES_TSV: &str = include_str!("../../models/firm_roles.tsv");

/// Jobs at a firm ("analyst", "economist"): the name beside one is the employer's.
static FIRM_ROLES: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| word_list(FIRM_ROLES_TSV).collect());

/// A typed mention as token indices `start..end` into [`Tokens`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub kind: EntityType,
}

/// Finds person, place and organisation mentions in a tokenised text. A tagger gives its own
/// spans; [`EntityTagger::tag`] passes them through [`refine`], so every tagger's output gets
/// the same rules. Canonical names are assigned afterwards, by [`super::names`].
pub trait EntityTagger: Send + Sync {
    /// The tagger's own spans, in order, not overlapping.
    fn spans(&self, tokens: &Tokens) -> Vec<Span>;

    /// The spans refined: what enrichment uses.
    fn tag(&self, tokens: &Tokens) -> Vec<Span> {
        refine(tokens, self.spans(tokens))
    }
}

/// Whether a span names nothing, whatever the tagger made of it: punctuation alone (a comma
/// tagged inside a name), one word that is no name ("The", "President", "I'm"), or a letter alone
/// taken for a person (an initial whose name was not tagged, the "A" of "M&A"). Also for the
/// pieces a cut at masked furniture leaves ("SEATTLE (Reuters) - A").
pub(crate) fn names_nothing(t: &Tokens, s: &Span) -> bool {
    let lex = &*LEXICON;
    let one = s.end - s.start == 1;
    let w = t.str(s.start);
    !(s.start..s.end).any(|i| t.str(i).chars().any(char::is_alphabetic))
        || (one && (lex.not_names.contains(w) || is_title(lex, w) || is_contraction(w)))
        || (one
            && s.kind == EntityType::Person
            && w.chars().filter(|c| c.is_alphabetic()).count() == 1)
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
/// 2. a name ending in a place word is a place ("Elmendorf Air Force Base"); a person's name
///    ending in a company's or institution's last word is an organisation's ("General Stellar
///    Corp", "Lamb Capital", "Department");
/// 3. untagged capitalised runs ending in an institution word are organisations, and an
///    institution's name runs on over "of", "for a" ("Center for a New American Security")
///    and takes in the capitalised words before it that the tagger left out;
/// 4. titles leave person names ("President Zelenskyy" is "Zelenskyy");
/// 5. a surname of a person named in full elsewhere is that person wherever it stands alone,
///    and splits off a longer name it was run into ("Oval Office Zelenskyy");
/// 6. time zones and units after a number ("1800 UTC", "300 MW"), disease and product codes
///    ("COVID-19"), and a company's legal ending on its own name nothing;
/// 7. no name runs across a change between shouted capitals and ordinary case ("BERNANKE
///    Hoenig" is two names).
pub fn refine(t: &Tokens, spans: Vec<Span>) -> Vec<Span> {
    let lex = &*LEXICON;
    let breaks = case_breaks(t);
    let mut spans = mend(t, spans, &breaks);
    let mut tagged = vec![false; t.len()];
    for s in &spans {
        tagged[s.start..s.end].iter_mut().for_each(|c| *c = true);
    }
    // "Federal Reserve Chairman Ben Bernanke" tagged "Federal" and "Ben Bernanke": a capitalised
    // word or two left untagged between a one-word institution and the title of its officer are
    // the institution's (an acronym is whole: "U.N. High Commissioner").
    let acronym = |i: usize| t.str(i).chars().filter(|c| c.is_uppercase()).count() > 1;
    for s in spans
        .iter_mut()
        .filter(|s| s.kind == EntityType::Org && s.end - s.start == 1 && !acronym(s.start))
    {
        let capitalised = |i: usize| {
            !tagged[i] && t.str(i).starts_with(char::is_uppercase) && !is_title(lex, t.str(i))
        };
        let end = (s.end..t.len().min(s.end + 2))
            .take_while(|&i| capitalised(i))
            .last()
            .map_or(s.end, |i| i + 1);
        if end > s.end && end < t.len() && is_title(lex, t.str(end)) {
            tagged[s.end..end].iter_mut().for_each(|c| *c = true);
            s.end = end;
        }
    }
    // "South Carolina Democratic Party Chairman Jaime Harrison": a title inside a name that is
    // not a person's splits it, and the words after the title are the person.
    let mut split = Vec::with_capacity(spans.len());
    // (Not a title after the blank masked furniture left: "BOSTON (Reuters) - General Electric
    // Co." is cut there later, and "General" opens the company's name.)
    for s in spans {
        let title = (s.start + 1..s.end.saturating_sub(1))
            .find(|&i| is_title(lex, t.str(i)) && !t.after_blank(i));
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
        if s.kind == EntityType::Person
            && COMPANY_ENDINGS.contains(t.str(s.end - 1).trim_end_matches('.'))
        {
            s.kind = EntityType::Org;
        }
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
        } else if s.kind == EntityType::Place
            && s.end - s.start >= 3
            && lex.org_tail.contains(last)
            && last != "Union"
            && !lex.places.contains_key(text)
        {
            // "Springfield Water Authority": a place's name of three words or more with an
            // institution's ending
            // ("Soviet Union" and the gazetteer's places, "West Bank", aside) is the institution.
            s.kind = EntityType::Org;
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
    fill_named_institutions(t, &tagged, &breaks, &mut spans);
    let mut spans = split_at_breaks(spans, &breaks);
    spans.retain(|s| !names_nothing(t, s));
    spans.retain(|s| !part_of_quoted_title(t, s));
    spans.retain(|s| !(s.end - s.start == 1 && is_furniture(t, s.start)));
    employers(t, &mut spans);
    short_forms_of_firms(t, &mut spans);
    lower_case_places(t, lex, &mut spans);
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

/// A person's name that names someone's employer is an organisation's, in the whole text: before
/// a job at a firm and a person ("Stellar Bank analyst Ann Lee"), or after such a job and "at"
/// ("an economist at Stellar Bank").
fn employers(t: &Tokens, spans: &mut [Span]) {
    let is_role = |i: usize| i < t.len() && FIRM_ROLES.contains(t.str(i));
    let person_at = |i: usize| {
        spans
            .iter()
            .any(|s| s.start == i && s.kind == EntityType::Person)
    };
    let firms: Vec<Vec<&str>> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Person)
        .filter(|s| {
            (is_role(s.end) && person_at(s.end + 1))
                || (s.start >= 2 && t.str(s.start - 1) == "at" && is_role(s.start - 2))
        })
        .map(|s| (s.start..s.end).map(|i| t.str(i)).collect())
        .collect();
    if !firms.is_empty() {
        retype_as_firms(t, spans, &firms);
    }
}

/// Every mention of the names in `firms` that was taken for a person's is the organisation's.
pub(crate) fn retype_as_firms(t: &Tokens, spans: &mut [Span], firms: &[Vec<&str>]) {
    for s in spans.iter_mut().filter(|s| s.kind == EntityType::Person) {
        let words = s.end - s.start;
        if firms
            .iter()
            .any(|f| f.len() == words && f.iter().zip(s.start..).all(|(w, i)| *w == t.str(i)))
        {
            s.kind = EntityType::Org;
        }
    }
}

/// A one-word person's name that is the first word of an organisation's name in the same text
/// is that organisation's short form ("Stellar said" beside "Stellar Mac", "Lamb" beside "Lamb
/// Capital"), unless the text names a person with that word too ("Ann" beside "Ann Lamb").
fn short_forms_of_firms(t: &Tokens, spans: &mut [Span]) {
    let heads: HashSet<&str> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Org && s.end - s.start >= 2)
        .map(|s| t.str(s.start))
        .collect();
    if heads.is_empty() {
        return;
    }
    let people: HashSet<&str> = spans
        .iter()
        .filter(|s| s.kind == EntityType::Person && s.end - s.start >= 2)
        .flat_map(|s| (s.start..s.end).map(|i| t.str(i)))
        .collect();
    for s in spans.iter_mut() {
        if s.kind == EntityType::Person && s.end - s.start == 1 {
            let w = t.str(s.start);
            if heads.contains(w) && !people.contains(w) {
                s.kind = EntityType::Org;
            }
        }
    }
}

/// Places written in lower case, as web text often writes them ("flew to malaysia", "in san
/// francisco"): a country or region of the gazetteer, or a place of two words (a city of one,
/// "mobile" or "reading", is as often a word).
fn lower_case_places(t: &Tokens, lex: &Lexicon, spans: &mut Vec<Span>) {
    let lower = |i: usize| {
        t.tokens[i].kind == Kind::Word && t.str(i).bytes().all(|c| c.is_ascii_lowercase())
    };
    let mut covered = vec![false; t.len()];
    for s in spans.iter() {
        covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
    }
    let mut name = String::new();
    let mut found = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if covered[i] || !lower(i) {
            i += 1;
            continue;
        }
        // The word capitalised, then looked up: first among the places' first words, which
        // leaves out most words of a text with one probe.
        let capitalise = |k: usize, name: &mut String| {
            let w = t.str(k);
            name.push(w.as_bytes()[0].to_ascii_uppercase() as char);
            name.push_str(&w[1..]);
        };
        name.clear();
        capitalise(i, &mut name);
        if !lex.place_first_words.contains(name.as_str()) {
            i += 1;
            continue;
        }
        let one = lex.places.get(name.as_str()).map(|&(_, kind)| kind);
        let two = i + 1 < t.len() && !covered[i + 1] && lower(i + 1) && {
            name.push(' ');
            capitalise(i + 1, &mut name);
            lex.places.contains_key(name.as_str())
        };
        if two {
            found.push((i, i + 2));
            i += 2;
        } else if t.str(i).len() > 3 && one.is_some_and(|k| k != PlaceKind::City) {
            found.push((i, i + 1));
            i += 1;
        } else {
            i += 1;
        }
    }
    spans.extend(found.into_iter().map(|(start, end)| Span {
        start,
        end,
        kind: EntityType::Place,
    }));
    spans.sort_by_key(|s| s.start);
}

/// Whether word `i` is article furniture: a time zone or unit after a number or a time ("1800
/// UTC", "5 p.m. EST", "300 MW"), a disease or product code ("COVID-19", "F-16"), or a legal
/// ending without its company ("Inc.").
fn is_furniture(t: &Tokens, i: usize) -> bool {
    let w = t.str(i);
    let after_number = i > 0
        && (t.tokens[i - 1].kind == Kind::Number
            || matches!(
                t.str(i - 1),
                "a.m." | "p.m." | "am" | "pm" | "noon" | "midnight"
            ));
    match LEXICON.furniture.get(w) {
        Some(Furniture::Code) => return true,
        Some(Furniture::Zone | Furniture::Unit) if after_number => return true,
        _ => {}
    }
    LEGAL_ENDINGS.contains(&w.trim_end_matches('.')) || is_code(w)
}

/// Letters, then a hyphen and a number: "COVID-19", "F-16", "SARS-CoV-2".
fn is_code(w: &str) -> bool {
    w.split_once('-').is_some_and(|(head, tail)| {
        head.chars().all(char::is_alphabetic)
            && tail
                .split('-')
                .any(|p| p.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// Per token, whether a name may not run on from the token before it into it: one of the two
/// words is shouted ([`is_shouted`]) and the other not. Empty where nothing is shouted.
fn case_breaks(t: &Tokens) -> Vec<bool> {
    if !(0..t.len())
        .any(|i| t.tokens[i].kind == Kind::Word && super::features::is_all_caps(t.str(i)))
    {
        return Vec::new();
    }
    let mut key = String::new();
    let mut shouted = vec![false; t.len()];
    for s in &t.sentences {
        for i in s.clone() {
            let prev = (i > s.start).then(|| t.str(i - 1));
            let next = (i + 1 < s.end).then(|| t.str(i + 1));
            shouted[i] = is_shouted(prev, t.str(i), next, &mut key);
        }
    }
    (0..t.len())
        .map(|i| i > 0 && shouted[i] != shouted[i - 1])
        .collect()
}

/// Cuts every span where it crosses a change of case: each side is a name of the same kind.
fn split_at_breaks(spans: Vec<Span>, breaks: &[bool]) -> Vec<Span> {
    if breaks.is_empty() {
        return spans;
    }
    let mut out = Vec::with_capacity(spans.len());
    for s in spans {
        let mut start = s.start;
        for (i, _) in breaks
            .iter()
            .enumerate()
            .take(s.end)
            .skip(s.start + 1)
            .filter(|(_, b)| **b)
        {
            out.push(Span { start, end: i, ..s });
            start = i;
        }
        out.push(Span { start, ..s });
    }
    out
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
fn fill_named_institutions(t: &Tokens, tagged: &[bool], breaks: &[bool], spans: &mut Vec<Span>) {
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
            && !breaks.get(j).copied().unwrap_or(false)
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
fn mend(t: &Tokens, spans: Vec<Span>, breaks: &[bool]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for mut s in spans {
        if let Some(p) = out.last_mut() {
            let same_para = t.tokens[p.end - 1].para == t.tokens[s.start].para;
            if p.kind == EntityType::Person
                && s.kind == EntityType::Person
                && p.end == s.start
                && same_para
                && !breaks.get(s.start).copied().unwrap_or(false)
            {
                p.end = s.end;
                continue;
            }
            if p.end > s.start {
                continue;
            }
        }
        // "National Library of the" "Netherlands": the name goes on over "of the" too.
        let last = s.end - 1;
        let connector = match t.str(last) {
            "of" | "for" => Some(last),
            "the" | "a" if last > s.start + 1 && matches!(t.str(last - 1), "of" | "for") => {
                Some(last - 1)
            }
            _ => None,
        };
        if let (true, Some(c)) = (s.end - s.start >= 2, connector) {
            let end = extend_over_connectors(t, c);
            s.end = if end == c { end } else { end.max(s.end) };
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
            // A dateline unmasked, as the tagger alone sees it.
            (
                "WASHINGTON (Reuters) - A stronger-than-forecast 132,000 jobs were created in November.",
                vec![("WASHINGTON", Place), ("Reuters", Org)],
            ),
            // A letter alone is no one's name: the "A" of "M&A".
            ("It was a record year in M&A. At the end of November, the backlog grew.", vec![]),
            // The word the tagger left between an institution and its officer's title.
            (
                "Federal Reserve Chairman Ben Bernanke said on Tuesday.",
                vec![("Federal Reserve", Org), ("Ben Bernanke", Person)],
            ),
            (
                "The U.N. High Commissioner Ann Lee went to Geneva.",
                vec![("U.N.", Org), ("Ann Lee", Person), ("Geneva", Place)],
            ),
        ] {
            let want: Vec<(String, EntityType)> = want.into_iter().map(|(s, k)| (s.to_string(), k)).collect();
            assert_eq!(tag(text), want, "{text:?}");
        }
    }

    /// A letter alone is no one's name, where masking the dateline leaves the article "A" to
    /// open the story (the tagger, on the masked text, takes it for a name).
    #[test]
    fn a_letter_after_a_dateline_is_no_person() {
        let body = "WASHINGTON (Reuters) - A stronger-than-forecast 132,000 jobs were created in November.";
        let e =
            crate::extract::Extractor::default().enrich(&crate::Article::from_text("t", "", body));
        let people: Vec<&str> = e
            .entities
            .iter()
            .filter(|m| m.kind == EntityType::Person)
            .map(|m| &body[m.start..m.end])
            .collect();
        assert!(people.is_empty(), "{people:?}");
    }

    /// Today's organisations, and article furniture that is written like a name but names
    /// nothing: time zones and units after a number, disease codes.
    #[test]
    fn modern_organisations_and_furniture() {
        use EntityType::*;
        for (text, want) in [
            (
                "Google and Twitter said on Tuesday they would remove the posts, and Facebook declined to comment.",
                vec![("Google", Org), ("Twitter", Org), ("Facebook", Org)],
            ),
            (
                "She works for Uber in San Francisco and previously worked at Airbnb.",
                vec![("Uber", Org), ("San Francisco", Place), ("Airbnb", Org)],
            ),
            (
                "Researchers at Stanford University and the University of Oxford published the study.",
                vec![("Stanford University", Org), ("University of Oxford", Org)],
            ),
            (
                "Analysts at Goldman Sachs and JPMorgan Chase expect the European Central Bank to cut rates.",
                vec![("Goldman Sachs", Org), ("JPMorgan Chase", Org), ("European Central Bank", Org)],
            ),
            (
                "The outage began at 1800 UTC and lasted until 0200 GMT on Wednesday, the company said.",
                vec![],
            ),
            (
                "The plant will produce 300 MW when it opens at 9 a.m. EST next year.",
                vec![],
            ),
            (
                "Officials reported 312 new cases of COVID-19 on Monday, bringing the total to 4,100.",
                vec![],
            ),
            (
                "The World Health Organization declared the SARS-CoV-2 outbreak a pandemic.",
                vec![("World Health Organization", Org)],
            ),
        ] {
            let want: Vec<(String, EntityType)> = want.into_iter().map(|(s, k)| (s.to_string(), k)).collect();
            assert_eq!(tag(text), want, "{text:?}");
        }
    }

    /// Text in capitals is tagged as its title-case form would be, and no name runs across a
    /// change of case.
    #[test]
    fn capitals_are_tagged_as_title_case() {
        use EntityType::*;
        for (text, want) in [
            (
                "NEW YORK (Reuters) - Stocks fell on Friday as investors weighed the jobs report.",
                vec![("NEW YORK", Place), ("Reuters", Org)],
            ),
            (
                "INSTANT VIEW: Bank of England holds rates at 5.25 percent",
                vec![("Bank of England", Org)],
            ),
            (
                "BERNANKE ON RATES: Fed chief says inflation risks are balanced",
                vec![("BERNANKE", Person)],
            ),
            (
                "LONDON, March 3 (Reuters) - BP Plc said on Monday it would sell its stake.",
                vec![("LONDON", Place), ("Reuters", Org), ("BP Plc", Org)],
            ),
        ] {
            let want: Vec<(String, EntityType)> =
                want.into_iter().map(|(s, k)| (s.to_string(), k)).collect();
            assert_eq!(tag(text), want, "{text:?}");
        }
        // Whatever the model makes of them, the shouted surname and the next one are never
        // one span.
        for text in [
            "KANSAS CITY FED'S HOENIG: BERNANKE Hoenig spoke on Tuesday.",
            "He said BERNANKE Hoenig would speak.",
        ] {
            let t = Tokens::new(text);
            let spans = PerceptronTagger::builtin().tag(&t);
            assert!(
                !spans
                    .iter()
                    .any(|s| t.span_str(s.start, s.end).contains("BERNANKE Hoenig")),
                "{text:?}: {spans:?}"
            );
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
            // A person's name ending in a company's or institution's word is an organisation's,
            // its first word no title then ("General" of "General Stellar Corp").
            (
                "General Stellar Corp and Lamb Capital said.",
                vec![(0, 3, Person), (4, 6, Person)],
                vec![("General Stellar Corp", Org), ("Lamb Capital", Org)],
            ),
            (
                "The Department said so, and Stellar Bank and Ann Court agreed.",
                vec![(1, 2, Person), (6, 8, Person), (9, 11, Person)],
                vec![
                    ("Department", Org),
                    ("Stellar Bank", Org),
                    ("Ann Court", Person),
                ],
            ),
            // The employer of an analyst or economist is a firm, wherever the text names it.
            (
                "Stellar Nicol analyst Ann Lee said so, like Stellar Nicol did.",
                vec![(0, 2, Person), (3, 5, Person), (9, 11, Person)],
                vec![
                    ("Stellar Nicol", Org),
                    ("Ann Lee", Person),
                    ("Stellar Nicol", Org),
                ],
            ),
            (
                "An economist at Bo Lamb said Ann Lee of Bo Lamb was right.",
                vec![(3, 5, Person), (6, 8, Person), (9, 11, Person)],
                vec![("Bo Lamb", Org), ("Ann Lee", Person), ("Bo Lamb", Org)],
            ),
            (
                "Ann Lee said analysts at the bank agreed.",
                vec![(0, 2, Person)],
                vec![("Ann Lee", Person)],
            ),
            // A one-word person's name that heads an organisation's name in the text is its
            // short form, unless a person's name has the word too.
            (
                "Bo Lamb Capital and Stellar Mac bought it; Bo and Stellar said so.",
                vec![(0, 3, Org), (4, 6, Org), (9, 10, Person), (11, 12, Person)],
                vec![
                    ("Bo Lamb Capital", Org),
                    ("Stellar Mac", Org),
                    ("Bo", Org),
                    ("Stellar", Org),
                ],
            ),
            (
                "Ann Lee of Lee Lamb Corp said Lee and Lamb agreed.",
                vec![(0, 2, Person), (3, 6, Org), (7, 8, Person), (9, 10, Person)],
                vec![
                    ("Ann Lee", Person),
                    ("Lee Lamb Corp", Org),
                    ("Lee", Person),
                    ("Lamb", Person),
                ],
            ),
            // Places in lower case, as web text writes them: a country, a region, a place of
            // two words; not a city of one word, nor a word a name covers.
            (
                "we flew from malaysia to san francisco, then florida, then reading.",
                vec![],
                vec![
                    ("malaysia", Place),
                    ("san francisco", Place),
                    ("florida", Place),
                ],
            ),
            (
                "the chad fund and chad",
                vec![(1, 3, Org)],
                vec![("chad fund", Org), ("chad", Place)],
            ),
            // A name cut before "of the" goes on over it.
            (
                "The National Library of the Netherlands opened.",
                vec![(1, 5, Org), (5, 6, Place)],
                vec![("National Library of the Netherlands", Org)],
            ),
            // No span across a change of case; a zone after a number, a code, a lone legal
            // ending name nothing.
            (
                "FED CHIEF BERNANKE Hoenig said at 1400 GMT that COVID-19 hit Inc.",
                vec![(0, 4, Person), (7, 8, Org), (9, 10, Org), (11, 12, Org)],
                vec![("FED CHIEF BERNANKE", Person), ("Hoenig", Person)],
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
