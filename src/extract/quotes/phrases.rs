//! Noun phrases around a verb of speech: the subject of the verb, and the phrase before or after
//! a token, each resolved to a speaker.

use crate::extract::entities::Span;
use crate::extract::lexicon::{pronoun_gender, Gender};
use crate::extract::tokens::Kind;
use crate::extract::EntityType;

use super::marks::is_close_mark;
use super::speakers::{Attributor, Speaker};
use super::words::{
    class, dash_ending_at, is, is_decapitalized, is_np_boundary, is_preposition, is_speech_verb_at,
    is_verb_filler,
};

impl Attributor<'_, '_> {
    /// Who performs the verb of speech at token `v`.
    pub(super) fn subject_of(&self, v: usize) -> Option<Speaker> {
        let t = self.t;
        let sent = &t.sentences[self.sentence_of[v] as usize];
        // "according to the results of the latest poll released Wednesday": a source described
        // at length, up to the next punctuation.
        if t.str(v).eq_ignore_ascii_case("according") {
            return (v + 2 < sent.end && t.str(v + 1) == "to")
                .then(|| {
                    self.np_after(v + 2, sent.end)
                        .or_else(|| self.np_up_to_comma(v + 2, sent.end))
                })
                .flatten();
        }
        // "he was told by Emergencies Minister Yevgeny Zinichev of ...": the passive's agent.
        if v > sent.start
            && matches!(
                t.str(v - 1),
                "was" | "were" | "been" | "is" | "are" | "being"
            )
            && v + 2 < sent.end
            && t.str(v + 1) == "by"
        {
            // ("was told by the engineers that ...": up to the clause.)
            return self
                .np_after(v + 2, sent.end)
                .or_else(|| self.np_up_to_comma(v + 2, sent.end));
        }
        // "Protesters continued to call for ...": the verb after a catenative's "to" has its
        // subject ("their plans to call for" is a noun's).
        if v >= sent.start + 2
            && t.str(v - 1) == "to"
            && is(t.str(v - 2), class::CATENATIVE)
            && !(v >= sent.start + 3 && is(t.str(v - 3), class::DETERMINER))
        {
            return self.subject_of(v - 2);
        }
        // "took to Twitter to accuse ...", "went on to say ...": an infinitive's subject is
        // the clause's.
        if v >= sent.start + 2 && t.str(v - 1) == "to" {
            let to = v - 1;
            return self
                .sentence_subject(sent.start..to)
                .or_else(|| self.sentence_start_np(sent.start, to))
                .or_else(|| self.subject_before_first_verb(sent.start, to));
        }
        let mut p = v;
        loop {
            // "Merkley, Brown and Menendez all suggested": a quantifier after its subject.
            // ("..., the daily said": a word in "-ly" between a determiner opening the subject
            // and the verb is the subject's noun; not "from a previously reported loss".)
            let noun_in_ly = |i: usize| {
                i + 1 == v
                    && i > sent.start
                    && t.str(i).ends_with("ly")
                    && is(t.str(i - 1), class::DETERMINER)
                    && (i - 1 == sent.start || t.str(i - 2) == ",")
            };
            while p > sent.start
                && ((is_verb_filler(t.str(p - 1)) && !noun_in_ly(p - 1))
                    || p - 1 > sent.start && matches!(t.str(p - 1), "all" | "both" | "each"))
            {
                p -= 1;
            }
            // "Lopez on Friday described", "prosecutors in April charged": a time between
            // subject and verb.
            if p > sent.start && is(t.str(p - 1), class::TIME) {
                p -= 1;
                if p > sent.start && matches!(t.str(p - 1), "on" | "in" | "last" | "this") {
                    p -= 1;
                }
                continue;
            }
            // "Three in five insiders — and two-thirds of Republicans — said": the subject
            // before a parenthesis in dashes.
            if let Some(close) = (p > sent.start).then(|| dash_ending_at(t, p - 1)).flatten() {
                match (sent.start + 1..close)
                    .rev()
                    .find_map(|j| dash_ending_at(t, j))
                {
                    Some(open) if open > sent.start => {
                        p = open;
                        continue;
                    }
                    _ => break,
                }
            }
            // "Rep. Gregory Meeks (D-N.Y.) said": the name before the parenthesis.
            if p > sent.start && t.str(p - 1) == ")" {
                match (sent.start..p - 1).rev().find(|&j| t.str(j) == "(") {
                    Some(open) => {
                        p = open;
                        continue;
                    }
                    None => break,
                }
            }
            break;
        }
        let prev = (p > sent.start).then(|| p - 1);
        let w = t.str(v);
        match prev.map(|i| t.str(i)) {
            // "Trump took to Twitter, writing: ...": the sentence's subject speaks.
            // "Trump took to Twitter, writing: ...", "Spicer said, adding, ...", "Sanders
            // defended his plan, saying ...": the subject of the verb of speech or reporting
            // before, or else of the sentence.
            Some(",") if w.ends_with("ing") => {
                let earlier = (sent.start..p - 1).rev().find(|&i| {
                    !self.in_quote[i] && (is_speech_verb_at(t, i) || self.is_cue_verb(i))
                });
                return earlier
                    .and_then(|e| self.subject_of(e))
                    .or_else(|| self.sentence_subject(sent.start..p - 1))
                    .or_else(|| self.sentence_start_np(sent.start, p - 1))
                    .or_else(|| self.subject_before_first_verb(sent.start, p - 1));
            }
            // "X said ... and accused him of ...", "Trump questioned X and refused to ...": the
            // subject of the verb of speech or reporting before.
            Some("and" | "but" | "or" | "then" | "yet") => {
                let earlier = (sent.start..p - 1).rev().find(|&i| {
                    !self.in_quote[i] && (is_speech_verb_at(t, i) || self.is_cue_verb(i))
                });
                // "demonstrators, who have taken to the streets and called for ...": the
                // relative after the last comma is the subject of both verbs.
                let relative = || {
                    (sent.start + 1..p - 1)
                        .rev()
                        .take_while(|&i| t.str(i) != ",")
                        .find(|&i| matches!(t.str(i), "who" | "which") && t.str(i - 1) == ",")
                };
                return match earlier {
                    Some(e) => self.subject_of(e),
                    None => match relative() {
                        Some(r) => self.subject_of(r + 1),
                        None => self
                            .sentence_start_np(sent.start, p - 1)
                            .or_else(|| self.subject_before_first_verb(sent.start, p - 1)),
                    },
                };
            }
            _ => {}
        }
        // "said Scott Reed, the strategist, who added that ...": the person "who" stands for,
        // with the attribution resting on "who"; "bottles that said" likewise on "that".
        if let Some(i) = prev.filter(|&i| matches!(t.str(i), "who" | "whom" | "that" | "which")) {
            let span = self.bytes(i, i + 1);
            // "who" stands for a person; "that" and "which" for a thing, left unnamed.
            let stands_for = if matches!(t.str(i), "who" | "whom") {
                sent.start..i
            } else {
                i..i
            };
            let person = stands_for
                .rev()
                .filter(|&j| !self.in_quote[j])
                .find_map(|j| {
                    self.entity(j)
                        .filter(|(s, _)| s.kind == EntityType::Person && s.end == j + 1)
                });
            return Some(match person {
                Some((s, name)) => Speaker {
                    span,
                    ..self.person(s, name.clone())
                },
                None => Speaker::unnamed(span),
            });
        }
        match prev {
            // "After suggesting that ..., Lopez changed course", "In defending his record, the
            // mayor ...": a participle after a preposition opening the sentence has the main
            // clause's subject.
            Some(i)
                if w.ends_with("ing")
                    && self.subject_start(sent.start, v) == Some(i)
                    && is_decapitalized(t.str(i), class::PREPOSITION) =>
            {
                let c = (v + 1..sent.end).find(|&k| t.str(k) == "," && !self.in_quote[k])?;
                self.sentence_start_np(c + 1, sent.end)
            }
            // "Stanton wrote a letter to Lynch asking ...": a participle after something that
            // cannot speak belongs to the sentence's subject.
            Some(i) if w.ends_with("ing") && t.tokens[i].kind != Kind::Punct => {
                let with = (sent.start.max(p.saturating_sub(7))..p)
                    .rev()
                    .take_while(|&j| {
                        !self.in_quote[j]
                            && (t.tokens[j].kind != Kind::Punct || matches!(t.str(j), "%" | "’s"))
                    })
                    .find(|&j| t.str(j) == "with")
                    .filter(|&k| k + 1 < p);
                if let Some(k) = with {
                    return self
                        .resolve(k + 1, p)
                        .or_else(|| Some(Speaker::unnamed(self.bytes(k + 1, p))));
                }
                let np = self.np_before(i, sent.start);
                if np
                    .as_ref()
                    .is_some_and(|s| s.name.is_some() || s.role.is_some())
                {
                    return np;
                }
                self.sentence_start_np(sent.start, p).or(np)
            }
            Some(i) if t.tokens[i].kind != Kind::Punct || t.str(i) == "’s" => self
                .relative_before(p, sent.start)
                .and_then(|r| self.np_before(r - 1, sent.start))
                .or_else(|| self.np_before(i, sent.start))
                .or_else(|| self.name_shortly_before(i, sent.start))
                .or_else(|| self.long_subject(sent.start, p)),
            Some(i) => {
                // "Zeke Emanuel, an oncologist who advised Obama, said Obamacare ...": the named
                // subject before an apposition comes before any inversion.
                // "Sen. Claire McCaskill (D-Mo.), who ...": past the parenthesis; "Dean Johnson,
                // a salesman from Sumter, South Carolina, says": back over up to three commas.
                let before_comma = |c: usize| {
                    let mut e = c.checked_sub(1)?;
                    if t.str(e) == ")" {
                        e = (sent.start..e)
                            .rev()
                            .find(|&j| t.str(j) == "(")?
                            .checked_sub(1)?;
                    }
                    self.np_before(e, sent.start)
                };
                let commas = (sent.start..i)
                    .rev()
                    .filter(|&j| t.str(j) == ",")
                    .take(if t.str(i) == "," { 3 } else { 0 });
                let apposed = commas
                    .clone()
                    .find_map(|c| before_comma(c).filter(|s| s.name.is_some()))
                    .or_else(|| commas.clone().next().and_then(before_comma));
                if apposed.as_ref().is_some_and(|s| s.name.is_some()) {
                    return apposed;
                }
                // "The port's chief engineer, John Okafor, said Lopez believes ...": a name set
                // off by commas right before the verb is its subject; what follows is what was
                // said.
                let set_off = (i > sent.start + 1 && t.str(i) == ",")
                    .then(|| self.entity(i - 1))
                    .flatten()
                    .filter(|(s, _)| {
                        s.end == i
                            && s.start > sent.start
                            && s.kind != EntityType::Place
                            && t.str(s.start - 1) == ","
                    });
                if let Some((s, _)) = set_off {
                    return self.resolve(s.start, s.end);
                }
                // `“...,” said one Republican involved in the planning, who...`: after a quote
                // everything up to the next comma is the speaker.
                if is(t.str(v), class::INVERTS) && (is_close_mark(t.str(i)) || t.str(i) == "\"") {
                    if let Some(s) = self.np_up_to_comma(v + 1, sent.end) {
                        return Some(s);
                    }
                }
                // "..., said Kendall-Taylor": only verbs of saying put the speaker after them.
                if is(t.str(v), class::INVERTS) {
                    if let Some(s) = self.np_after(v + 1, sent.end) {
                        return Some(s);
                    }
                }
                // "X, a former ambassador, said": the name before the apposition.
                apposed
            }
            None => self.np_after(v + 1, sent.end),
        }
    }

    /// "engineers who want to close the bridge said", "groups that called for a ban said": the
    /// relative that opens a clause between a subject and its verb at `p`, after the subject's
    /// last word (not "said that", a clause's opener), with a cue of its own in it.
    pub(super) fn relative_before(&self, p: usize, floor: usize) -> Option<usize> {
        let t = self.t;
        let r = (floor.max(p.saturating_sub(12))..p)
            .rev()
            .take_while(|&j| !self.in_quote[j] && t.tokens[j].kind == Kind::Word)
            .find(|&j| matches!(t.str(j), "who" | "that" | "which"))?;
        let before = r.checked_sub(1).filter(|&b| b >= floor)?;
        let w = t.str(before);
        let opener =
            is_speech_verb_at(t, before) || self.is_cue_verb(before) || is(w, class::DETERMINER);
        let cue_inside =
            (r + 1..p).any(|j| is_speech_verb_at(t, j) || self.is_cue_verb(j) || self.prep_cue(j));
        (t.tokens[before].kind == Kind::Word && !opener && cue_inside).then_some(r)
    }

    /// "Wells Fargo just this month announced", "Cruz has long said": a name or a pronoun a few
    /// words before the verb, with nothing but words between.
    fn name_shortly_before(&self, end: usize, floor: usize) -> Option<Speaker> {
        let t = self.t;
        let i = (floor.max(end.saturating_sub(5))..=end)
            .rev()
            .take_while(|&i| {
                !self.in_quote[i]
                    && t.tokens[i].kind == Kind::Word
                    && !is(t.str(i), class::CLAUSE_OPENER)
            })
            .find(|&i| {
                pronoun_gender(t.str(i)).is_some()
                    || self
                        .entity(i)
                        .is_some_and(|(s, _)| s.kind != EntityType::Place && s.end == i + 1)
            })?;
        match self.entity(i) {
            Some((s, _)) => self.resolve(s.start, s.end),
            None => self.resolve(i, i + 1),
        }
    }

    /// The noun phrase that ends at token `end` (inclusive), resolved to a speaker.
    pub(super) fn np_before(&self, end: usize, floor: usize) -> Option<Speaker> {
        let t = self.t;
        if self.in_quote[end] || t.tokens[end].kind == Kind::Punct {
            return None;
        }
        let mut a = end;
        while a > floor {
            let i = a - 1;
            let w = t.str(i);
            if self.in_quote[i]
                || (t.tokens[i].kind == Kind::Punct && w != "’s" && w != ".")
                || (is_np_boundary(w) && self.entity(i).is_none())
                || pronoun_gender(w).is_some()
                || end + 1 - i > 8
            {
                break;
            }
            a = i;
        }
        (a <= end).then(|| self.resolve(a, end + 1)).flatten()
    }

    /// The noun phrase that starts at token `start`, when it is a name or a short description
    /// standing alone ("said Kendall-Taylor, who..." or "said the spokesman.").
    pub(super) fn np_after(&self, start: usize, ceil: usize) -> Option<Speaker> {
        let t = self.t;
        let mut b = start;
        while b < ceil {
            let w = t.str(b);
            if self.in_quote[b]
                || t.tokens[b].kind == Kind::Punct
                || (is_np_boundary(w) && self.entity(b).is_none())
                || b - start >= 8
            {
                break;
            }
            b += 1;
        }
        if b == start || is_preposition(t.str(start)) {
            return None;
        }
        // "Texas Attorney General Daniel Brooks": past a place and a title in capitals.
        let named =
            (start..b).find_map(|i| self.entity(i).filter(|(s, _)| s.kind != EntityType::Place));
        let alone = b >= ceil || t.tokens[b].kind == Kind::Punct;
        let near = |s: &Span| {
            s.start <= start + 2
                || (s.start <= start + 6
                    && (start..s.start).all(|i| t.is_capitalized(i))
                    && self.entity(start).is_some())
        };
        match named {
            Some((s, _)) if near(s) => self.resolve(start, s.end.max(start + 1)),
            _ if alone && b - start <= 5 && pronoun_gender(t.str(start)).is_none() => {
                self.resolve(start, b)
            }
            _ => None,
        }
    }

    /// The words from `start` to the next punctuation (or "who"), at most twelve, resolved.
    pub(super) fn np_up_to_comma(&self, start: usize, ceil: usize) -> Option<Speaker> {
        let t = self.t;
        let b = (start..ceil.min(start + 12))
            .find(|&i| {
                self.in_quote[i]
                    || t.tokens[i].kind == Kind::Punct
                    || matches!(t.str(i), "who" | "which" | "that")
            })
            .unwrap_or(ceil.min(start + 12));
        if b == start || pronoun_gender(t.str(start)).is_some() {
            return None;
        }
        // Where these words stand they are the source, whatever their form ("according to
        // officials familiar with the system").
        self.resolve(start, b)
            .or_else(|| Some(Speaker::unnamed(self.bytes(start, b))))
    }

    /// Where a sentence's subject begins: past "But", "And" and the like, and past an opening
    /// phrase that names nobody ("Likewise, Trump ...", "Last month, he ...", "Campaign
    /// funding: The campaign ...").
    pub(super) fn subject_start(&self, start: usize, end: usize) -> Option<usize> {
        let t = self.t;
        let skip_conj = |from: usize| {
            (from..end).find(|&i| {
                !matches!(
                    t.str(i),
                    "But" | "And" | "So" | "Yet" | "Then" | "Still" | "Also"
                )
            })
        };
        let first = skip_conj(start)?;
        // "In a December interview with the Associated Press, Trump ...", "If Trump wins, the
        // government ...": a phrase that opens with a preposition or a subordinator is no
        // subject, whoever it names.
        let w = t.str(first);
        let adverbial = t.is_capitalized(first)
            && (is(w, class::SUBORDINATOR) || is_decapitalized(w, class::PREPOSITION));
        if adverbial {
            if let Some(c) = (first + 1..end.min(first + 16)).find(|&i| t.str(i) == ",") {
                return skip_conj(c + 1);
            }
        }
        let Some(c) = (first + 1..end.min(first + 9)).find(|&i| matches!(t.str(i), "," | ":"))
        else {
            return Some(first);
        };
        let names_someone = (first..c).any(|i| {
            pronoun_gender(t.str(i)).is_some()
                || self
                    .entity(i)
                    .is_some_and(|(s, _)| s.kind != EntityType::Place)
        });
        let plain = (first..c).all(|i| t.tokens[i].kind != Kind::Punct || t.str(i) == "’s");
        if !names_someone && plain {
            skip_conj(c + 1)
        } else {
            Some(first)
        }
    }

    /// "People with knowledge of the group's activities said", "proponents of more controls on
    /// hate speech say": a description too long for [`Self::np_before`], from where the
    /// sentence's subject begins to the verb at `v`, with no punctuation, auxiliary, relative
    /// or verb of speech in it.
    fn long_subject(&self, start: usize, v: usize) -> Option<Speaker> {
        let t = self.t;
        let first = self.subject_start(start, v)?;
        let len = v.checked_sub(first)?;
        let opens = t.is_capitalized(first)
            || t.tokens[first].kind == Kind::Number
            || is(t.str(first), class::DESCRIPTION_OPENER)
            || (first > start && t.str(first - 1) == ",");
        let plain = (first..v).all(|i| {
            let w = t.str(i);
            !self.in_quote[i]
                && (t.tokens[i].kind != Kind::Punct || matches!(w, "’s" | "'s" | "%"))
                && !is(w, class::VERB_FILLER)
                && !matches!(w, "that" | "which" | "who" | "whom" | "whose")
                && !is_speech_verb_at(t, i)
                && !self.is_cue_verb(i)
        });
        (opens && plain && (2..=14).contains(&len)).then(|| Speaker::unnamed(self.bytes(first, v)))
    }

    /// "A reporter for the Gazette spotted her and reported ...": the words that open the
    /// sentence up to its first verb-like word (a past form or an auxiliary) before `end`, as
    /// [`Attributor::long_subject`] takes them.
    fn subject_before_first_verb(&self, start: usize, end: usize) -> Option<Speaker> {
        let t = self.t;
        let first = self.subject_start(start, end)?;
        let verb = (first + 1..end.min(first + 15))
            .find(|&i| self.verb_like(i) && t.str(i).as_bytes()[0].is_ascii_lowercase())?;
        self.long_subject(first, verb)
    }

    /// Whether token `i` looks like a verb after a subject: a past form or an auxiliary.
    fn verb_like(&self, i: usize) -> bool {
        let w = self.t.str(i);
        self.t.tokens[i].kind == Kind::Word && (w.ends_with("ed") || is_verb_filler(w))
    }

    /// Who the words `r` name, a possessive pronoun ("his argument") standing for its antecedent.
    pub(super) fn owner(&self, r: std::ops::Range<usize>) -> Option<Speaker> {
        let w = self.t.str(r.start);
        let g = match w {
            "his" | "His" => Some(Gender::Male),
            "her" | "Her" => Some(Gender::Female),
            "their" | "Their" => return Some(Speaker::unnamed(self.bytes(r.start, r.end))),
            _ => return self.resolve(r.start, r.end),
        };
        Some(self.antecedent(r.start, g))
    }

    /// The subject that opens the sentence of the cue at `v`, when it ends before the cue.
    pub(super) fn main_subject(&self, v: usize) -> Option<Speaker> {
        let t = self.t;
        let sent = &t.sentences[self.sentence_of[v] as usize];
        if v <= sent.start || t.str(v).eq_ignore_ascii_case("according") {
            return None;
        }
        let end = self.bytes(v, v + 1).0;
        self.sentence_start_np(sent.start, v)
            .filter(|s| s.span.1 <= end)
    }

    /// The noun phrase that opens a sentence, up to `end`: a name, a pronoun or a description.
    pub(super) fn sentence_start_np(&self, start: usize, end: usize) -> Option<Speaker> {
        let t = self.t;
        let first = self.subject_start(start, end)?;
        // "Her chief aide": a possessive opening a description, not the pronoun.
        if let Some(s) = self.description_subject(first, end) {
            return Some(s);
        }
        match pronoun_gender(t.str(first)) {
            Some(Some(g)) => Some(self.antecedent(first, Some(g))),
            _ => self.np_after(first, end),
        }
    }

    /// "Democrats are drawing up plans, saying ...", "Republicans, who hold the majority, have
    /// blocked ...": a plural noun without a determiner opening the sentence, a verb-like word
    /// after it or after its relative clause, as its subject.
    fn bare_plural_subject(&self, first: usize, end: usize) -> Option<Speaker> {
        let t = self.t;
        let w = t.str(first);
        let plural = t.tokens[first].kind == Kind::Word
            && t.is_capitalized(first)
            && w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && self.entity(first).is_none()
            && !is(w, class::SENTENCE_ADVERB);
        if !plural || first + 1 >= end {
            return None;
        }
        let mut next = first + 1;
        if t.str(next) == "," && matches!(t.str(next + 1), "who" | "which") {
            next = (next + 1..end).find(|&i| t.str(i) == ",")? + 1;
        }
        (next < end && self.verb_like(next))
            .then(|| self.resolve(first, first + 1))
            .flatten()
    }

    /// "The agency declined to detail its “scope”", "His chief aide doubled down, saying ...":
    /// a description opening the sentence, followed by something verb-like, as its subject.
    pub(super) fn description_subject(&self, first: usize, end: usize) -> Option<Speaker> {
        let t = self.t;
        // Lower case after an opening phrase ("If the council wins, the port authority could").
        let lower_ok = first > 0 && t.str(first - 1) == ",";
        let det = t.str(first);
        if !(matches!(det, "The" | "A" | "An" | "His" | "Her" | "Their" | "Its")
            || lower_ok && matches!(det, "the" | "a" | "an" | "his" | "their" | "its")
            || t.is_capitalized(first) && is_decapitalized(det, class::QUANTIFIER))
        {
            return self.bare_plural_subject(first, end);
        }
        let mut b = first + 1;
        while b < end && b - first <= 4 {
            let w = t.str(b);
            if t.tokens[b].kind != Kind::Word
                || self.verb_like(b)
                || is_np_boundary(w)
                || is_preposition(w)
            {
                break;
            }
            b += 1;
        }
        let verb_like = b < end && b > first + 1 && self.verb_like(b);
        // "The US president held out ...": the noun of a role with one holder at a time ends
        // the description whatever follows.
        let role = (first + 1..b.min(end)).find(|&k| {
            k + 1 < end && is(t.str(k), class::ROLE_HOLDER) && t.tokens[k + 1].kind == Kind::Word
        });
        match role {
            Some(k) if !verb_like || k + 1 < b => self.resolve(first, k + 1),
            _ => verb_like.then(|| self.resolve(first, b)).flatten(),
        }
    }
}
