//! Cues of reported speech: the verbs that report what someone said or believes ("said",
//! "told", "argued", "believes"), "according to" and "as X said", each with the clause it
//! reports ([`super::content`] finds where that clause ends).

use std::ops::Range;

use super::marks::is_close_mark;
use super::speakers::Attributor;
use super::words::{
    class, is, is_decapitalized, is_ly_adverb, is_object_pronoun, is_preposition,
    is_speech_verb_at, reporting_prepositions,
};
use crate::extract::tokens::Kind;
use crate::extract::EntityType;

/// A cue and what it reports: the token of the cue (the verb, or "according") and the token
/// range of the reported clause.
#[derive(Debug, Clone)]
pub struct Cue {
    pub at: usize,
    pub content: Range<usize>,
    /// The source's words where the cue's noun phrase holds them ("an early read from the
    /// team was that ..."), rather than the subject of a verb.
    pub source: Option<Range<usize>>,
}

/// Whether `w`, written as it is, is a verb that reports speech or belief.
pub fn is_reporting_verb(w: &str) -> bool {
    w.as_bytes().first().is_some_and(u8::is_ascii_lowercase) && is(w, class::REPORTS)
}

impl Attributor<'_, '_> {
    /// The cues of reported speech outside quotation marks, in order, each with its clause. A
    /// cue inside a clause already reported is part of that clause ("X said Y believes Z" is one
    /// attribution, to X), so records never overlap.
    pub(super) fn reported_speech(&self) -> Vec<Cue> {
        let t = self.t;
        let mut out: Vec<Cue> = Vec::new();
        for sent in &t.sentences {
            let mut floor = sent.start;
            let mut i = sent.start;
            let opening = self.opening_clause_end(sent.clone());
            while i < sent.end {
                let mut at = i;
                // "When the mayor announced the closure, drivers felt cheated": a cue in the
                // sentence's opening clause reports no further than its comma.
                let ceil = opening.filter(|&c| i < c).unwrap_or(sent.end);
                let mut source = None;
                if self.in_quote[i] {
                    i += 1;
                    continue;
                }
                let found = if t.str(i).eq_ignore_ascii_case("according") {
                    // "The port declined to renew the lease, according to an engineer":
                    // the whole clause is the source's, the cue inside it included.
                    self.according_to(i, sent.clone(), floor).or_else(|| {
                        // (A quotation in it keeps its own record.)
                        let whole = self
                            .according_to(i, sent.clone(), sent.start)
                            .filter(|c| c.clone().all(|k| !self.in_quote[k]));
                        let c = self.outer_of(whole, sent.clone(), floor, &out, 0)?;
                        while out.last().is_some_and(|q| q.content.start >= c.start) {
                            out.pop();
                        }
                        Some(c)
                    })
                } else if self.headline_colon(i, sent.clone()) {
                    // "Graham: Trump’s Rhetoric Destroying GOP’s Chance": the name speaks.
                    self.clause_after(i + 1, sent.end)
                } else if self.headline_cue(i, sent.clone()) {
                    // "Mayor Says Bridge Will Open In May": a headline's verb in capitals.
                    self.clause_after(i + 1, sent.end)
                } else if let Some(v) = self.made_clear(i) {
                    self.content_after(v, ceil)
                } else if let Some(p) = self.prep_of_cue(i) {
                    // "called for a ban": what was said follows the preposition.
                    // "raised concerns about", "was critical of": a view's source is the subject
                    // of the verb that holds it. Without one ("Concerns about the dollar weighed
                    // on stocks", "the data eased concerns about") nobody holds it here.
                    let held = if is(t.str(i), class::VIEW_PREP) {
                        self.holding_verb(i, sent.start).inspect(|&v| at = v)
                    } else {
                        Some(i)
                    };
                    held.and_then(|_| self.clause_after(p + 1, ceil))
                        .filter(|c| !self.names_only(c.clone()) && !self.only_time(c.clone()))
                } else if self.noun_cue(i) {
                    // "Lopez repeated her claim that ...": the clause is the claim's, and its
                    // source the subject of the verb the noun is the object of.
                    at = self.verb_of_object(i, sent.start);
                    self.clause_after(i + 1, ceil)
                } else if let Some((noun, src)) = self.copular_noun(i, floor) {
                    // "Sanders's argument on Sunday was that ...": the noun's content follows
                    // the copula.
                    at = noun;
                    source = src;
                    self.clause_after(i, sent.end)
                } else if self.hedge(i) {
                    // "The mayor seemed to be in a hurry": the reporter's hedge.
                    self.clause_after(i + 1, ceil)
                } else if self.is_cue_verb(i) {
                    match self.content_before(i, sent.clone(), floor) {
                        // "Too often, Clarke said, the debate is ...": the attribution splits
                        // the clause, and what follows it is the clause's second piece.
                        Some((first, true)) => {
                            out.push(Cue {
                                at: i,
                                content: first,
                                source: None,
                            });
                            floor = i + 1;
                            // The second piece goes on the first's sentence, verb first as
                            // it may be ("The bridge, Lopez said, will close in May"); a
                            // participle or "and" opens a new attribution ("..., X said,
                            // adding that ...").
                            let n = t.str(i + 2);
                            if n.ends_with("ing") || n == "and" || self.is_cue_verb(i + 2) {
                                self.content_after(i, sent.end)
                            } else {
                                self.clause_after(i + 2, sent.end)
                            }
                        }
                        Some((first, false)) => Some(first),
                        None => match self.outer_clause(i, sent.clone(), floor, &out) {
                            // "In Chicago, organizers added 160 officers, the Sun-Times
                            // reported.": the attribution closing the sentence reports the
                            // whole clause, a cue inside it included.
                            Some(c) => {
                                while out.last().is_some_and(|q| q.content.start >= c.start) {
                                    out.pop();
                                }
                                Some(c)
                            }
                            None => self.content_after(i, ceil),
                        },
                    }
                } else {
                    None
                };
                // "engineers who want to close the bridge said ...": the relative clause's cue
                // reports up to the verb of its subject, which reports what follows.
                let found = found.map(|c| match self.main_verb_in(at, c.clone()) {
                    Some(j) => self.trimmed(c.start, j).unwrap_or(c.start..j),
                    None => c,
                });
                match found {
                    Some(content) => {
                        i = content.end.max(i + 1);
                        floor = i;
                        out.push(Cue {
                            at,
                            content,
                            source,
                        });
                    }
                    None => i += 1,
                }
            }
        }
        out
    }

    /// The comma that closes a sentence's opening clause when it opens with a subordinator or a
    /// preposition ("When the mayor announced the closure,", "In what she called a delay,");
    /// not "As X said, ...", whose cue reports the main clause.
    fn opening_clause_end(&self, sent: Range<usize>) -> Option<usize> {
        let t = self.t;
        let first = (sent.start..sent.end).find(|&i| !matches!(t.str(i), "But" | "And" | "So"))?;
        let w = t.str(first);
        let opens = t.is_capitalized(first)
            && !matches!(w, "As" | "Like")
            && (is(w, class::SUBORDINATOR) || is_decapitalized(w, class::PREPOSITION));
        if !opens {
            return None;
        }
        let c = (first + 1..sent.end.min(first + 16))
            .find(|&i| t.str(i) == "," && !self.in_quote[i])?;
        // "plans for Elm, Oak, and Pine streets", "plans to close the bridge, a
        // link to the port, ...": a list or an apposition goes on.
        let next = |k: usize| if c + k < sent.end { t.str(c + k) } else { "" };
        let goes_on = matches!(next(1), "and" | "or" | "a" | "an")
            || (c + 2 < sent.end && t.is_capitalized(c + 1) && next(2) == ",");
        (!goes_on).then_some(c)
    }

    /// The verb of speech in `c` whose subject stands before the relative clause the cue at
    /// `at` is in ("engineers who want to close the bridge said").
    fn main_verb_in(&self, at: usize, c: Range<usize>) -> Option<usize> {
        let t = self.t;
        let mut r = at;
        while r > 0 && is(t.str(r - 1), class::VERB_FILLER) {
            r -= 1;
        }
        if r == 0 || !matches!(t.str(r - 1), "who" | "that" | "which") {
            return None;
        }
        // ("who told the crews never to speak of it": an infinitive is no subject's verb.)
        let j = (c.start + 1..c.end).find(|&j| {
            !self.in_quote[j]
                && is_speech_verb_at(t, j)
                && t.str(j - 1) != "to"
                && !t.str(j).ends_with("ing")
        })?;
        (t.tokens[j - 1].kind == Kind::Word
            && self.relative_before(j, t.sentences[self.sentence_of[j] as usize].start)
                == Some(r - 1))
        .then_some(j)
    }

    /// A paragraph that opens with a name and a colon and says something after it, as the
    /// headlines of linked stories do ("Lynch: No outside influence on FBI probe").
    fn headline_colon(&self, i: usize, sent: Range<usize>) -> bool {
        let t = self.t;
        let opens_para =
            sent.start == 0 || t.tokens[sent.start - 1].para != t.tokens[sent.start].para;
        opens_para
            && t.str(i) == ":"
            && i > sent.start
            && !self.in_quote[i]
            && self.entity(sent.start).is_some_and(|(s, _)| {
                s.start == sent.start && s.end == i && s.kind != EntityType::Place
            })
            && (i + 1..sent.end)
                .filter(|&k| t.tokens[k].kind == Kind::Word)
                .nth(2)
                .is_some()
    }

    /// A headline in title case, a paragraph of its own, whose verb of speech or belief is in
    /// capitals after its subject ("Mayor Says Bridge Will Open", "Council Endorses Lopez").
    fn headline_cue(&self, i: usize, sent: Range<usize>) -> bool {
        let t = self.t;
        let w = t.str(i);
        let para = t.tokens[i].para;
        let alone = (sent.start == 0 || t.tokens[sent.start - 1].para != para)
            && (sent.end >= t.len() || t.tokens[sent.end].para != para);
        if i == sent.start
            || i + 2 >= sent.end
            || !alone
            || !t.is_capitalized(i)
            || !t.is_capitalized(i - 1)
            || !(w.ends_with('s') || w == "Said")
            || !is_decapitalized(w, class::REPORTS)
        {
            return false;
        }
        // Title case: the longer words all capitalized, as a sentence's never are.
        let (mut long, mut caps) = (0, 0);
        for k in sent.clone() {
            if t.tokens[k].kind == Kind::Word && t.str(k).len() > 3 {
                long += 1;
                caps += usize::from(t.is_capitalized(k));
            }
        }
        long >= 3 && caps * 10 >= long * 9
    }

    /// "made it clear he had not ...": the token before the clause, at "made".
    fn made_clear(&self, i: usize) -> Option<usize> {
        let t = self.t;
        if !matches!(t.str(i), "made" | "make" | "makes" | "making") {
            return None;
        }
        let next = |k: usize| (i + k < t.len()).then(|| t.str(i + k));
        match (next(1), next(2)) {
            (Some("clear"), _) => Some(i + 1),
            (Some("it"), Some("clear")) => Some(i + 2),
            _ => None,
        }
    }

    /// Whether token `i` is a reporting verb used as a verb: "his claim" and "the report" are
    /// nouns, and a capital is a name or a headline.
    pub(super) fn is_cue_verb(&self, i: usize) -> bool {
        let t = self.t;
        let w = t.str(i);
        // "<tweet author=...>": a markup tag left in the text, no verb; "multiple reports",
        // "300 claims": a plural noun after a quantity.
        let quantity = || {
            i > 0 && (is(t.str(i - 1), class::QUANTIFIER) || t.tokens[i - 1].kind == Kind::Number)
        };
        // "more pledged delegates", "in pledged delegates": a participle after a preposition or
        // a comparative is an adjective (after a number it may be a verb: "eight in 10 said");
        // "as expected", "better than expected": nobody's.
        let adjective = || {
            w.ends_with("ed")
                && i > 0
                && (is(t.str(i - 1), class::PREPOSITION)
                    || matches!(
                        t.str(i - 1),
                        "more" | "most" | "fewer" | "as" | "As" | "than"
                    ))
        };
        // "less than analysts expected, as ...": a comparison, nothing reported (not "more than
        // the alliance's recommended 2 percent").
        let compared = || {
            (i.saturating_sub(4)..i)
                .rev()
                .take_while(|&j| t.tokens[j].kind == Kind::Word)
                .any(|j| t.str(j) == "than")
                && t.tokens.get(i + 1).is_none_or(|n| n.kind == Kind::Punct)
        };
        // "a report is expected Thursday": a passive "expected" reports only its "to".
        let to_only = || {
            is(w, class::REPORTS_ALSO_TO)
                && self.is_passive(i)
                && !(i + 1 < t.len() && t.str(i + 1) == "to")
        };
        // ("Asked whether she would run, Lopez said ...": a capital opening the sentence.)
        (is_reporting_verb(w) || w == "Asked" && self.opens_sentence(i))
            && !compared()
            && !to_only()
            && !(i > 0 && is(t.str(i - 1), class::DETERMINER))
            && !adjective()
            && !(i > 0 && t.str(i - 1) == "<")
            && !(w.ends_with('s') && quantity())
            && !self.nominal(i)
            && (!is(w, class::REPORTS_THAT)
                || i + 1 < t.len() && t.str(i + 1) == "that"
                || matches!(w, "found" | "finds") && self.findings_of(i))
            && (!is(w, class::REPORTS_INFINITIVE) || i + 1 < t.len() && t.str(i + 1) == "to")
            && (!is(w, class::DIRECTIVE) || self.directive_follows(i))
            && !(is(w, class::HOLDS_VIEW) && self.names_view(i))
    }

    /// "reiterated her concern that ...", "echoed questions about ...": a noun of the view a few words
    /// after the verb holding it reports its own clause or phrase.
    fn names_view(&self, v: usize) -> bool {
        (v + 1..self.t.len().min(v + 4))
            .any(|k| self.noun_cue(k) || is(self.t.str(k), class::VIEW_PREP) && self.prep_cue(k))
    }

    /// A verb's form that is a noun here: "a think tank", "failed to show up", "a TV show", "a
    /// news report said".
    fn nominal(&self, i: usize) -> bool {
        let t = self.t;
        let next = t.tokens.get(i + 1).map(|_| t.str(i + 1));
        let compound = || i > 0 && is(t.str(i - 1), class::COMPOUND_NOUN);
        match t.str(i) {
            "think" => matches!(next, Some("tank" | "tanks")),
            "show" | "shows" => next == Some("up") || compound(),
            "report" | "reports" => compound(),
            _ => false,
        }
    }

    /// "ordered that ...", "ordered the city to release ...": a "that" next, or a "to" after a
    /// hearer of a few words.
    fn directive_follows(&self, v: usize) -> bool {
        let t = self.t;
        let end = t.len().min(v + 8);
        // (Not "ordered 8 million doses to protect ...": no hearer starts with a number.)
        let Some(n) = t.tokens.get(v + 1) else {
            return false;
        };
        t.str(v + 1) == "that"
            || n.kind != Kind::Number
                && (v + 2..end)
                    .take_while(|&i| t.tokens[i].kind != Kind::Punct || t.str(i) == "’s")
                    .any(|i| t.str(i) == "to")
    }

    /// "One study found the plan would raise taxes": "found" with a study, a poll or a panel as
    /// its subject reports without "that" (not "police found the car").
    fn findings_of(&self, v: usize) -> bool {
        let t = self.t;
        let sent = &t.sentences[self.sentence_of[v] as usize];
        (sent.start.max(v.saturating_sub(8))..v)
            .rev()
            .take_while(|&j| t.tokens[j].kind != Kind::Punct || matches!(t.str(j), "’s" | "'s"))
            .any(|j| is(t.str(j), class::FINDINGS))
    }

    /// "seemed to", "it seems", "reportedly": the reporter's hedge, which reports what follows
    /// with no source.
    pub(super) fn hedge(&self, i: usize) -> bool {
        let t = self.t;
        // "As odd as it may seem, Lopez said ...": nothing follows it.
        is(t.str(i), class::HEDGE) && i + 1 < t.len() && t.tokens[i + 1].kind == Kind::Word
    }

    /// "When asked about the plan, Lopez said ...": whoever asked goes unnamed, as PolNeAR reads
    /// it.
    pub(super) fn bare_asked(&self, v: usize) -> bool {
        let t = self.t;
        // ("Asked whether he would run, Lopez said ...": the same, opening the sentence.)
        (v > 0
            && t.str(v) == "asked"
            && ["when", "if", "once", "after", "before", "until"]
                .iter()
                .any(|w| t.str(v - 1).eq_ignore_ascii_case(w)))
            || (t.str(v) == "Asked" && self.opens_sentence(v))
    }

    /// Whether token `i` opens its sentence, after any punctuation.
    fn opens_sentence(&self, i: usize) -> bool {
        let t = self.t;
        let sent = &t.sentences[self.sentence_of[i] as usize];
        (sent.start..i).all(|k| t.tokens[k].kind == Kind::Punct)
    }

    /// "Lopez seemed to think the bridge was unsafe": a hedge before a cue's "to" leaves the
    /// subject its source.
    pub(super) fn hedged_cue(&self, i: usize) -> bool {
        let t = self.t;
        i + 2 < t.len() && t.str(i + 1) == "to" && is_reporting_verb(t.str(i + 2))
    }

    /// Whether the cue at `v` is a passive without its agent ("was asked about", "is expected
    /// to", "has been criticized for"; not "was told by X", "are worried that", "is saying").
    pub(super) fn is_passive(&self, v: usize) -> bool {
        let t = self.t;
        let w = t.str(v);
        let mut p = v;
        while p > 0 && {
            let f = t.str(p - 1);
            f == "not" || is_ly_adverb(f)
        } {
            p -= 1;
        }
        p > 0
            && matches!(
                t.str(p - 1),
                "was" | "were" | "is" | "are" | "been" | "being" | "be"
            )
            && !w.ends_with("ing")
            && !is(w, class::EXPERIENCER)
            && !(v + 1 < t.len() && t.str(v + 1) == "by")
    }

    /// "called for", "talked about", "pointed to": a verb followed by a preposition after which
    /// it reports the phrase, not "called at noon".
    pub(super) fn prep_cue(&self, i: usize) -> bool {
        self.prep_of_cue(i).is_some()
    }

    /// Where the preposition of a [`Self::prep_cue`] is, an adverb perhaps before it ("spoke
    /// emotionally of").
    fn prep_of_cue(&self, i: usize) -> Option<usize> {
        let t = self.t;
        let w = t.str(i);
        if !(w.as_bytes().first().is_some_and(u8::is_ascii_lowercase) && is(w, class::REPORTS_PREP))
        {
            return None;
        }
        let adverb = |j: usize| {
            let a = t.str(j);
            is_ly_adverb(a) && !is(a, class::TIME) && !matches!(a, "early" | "only")
        };
        let p = if i + 1 < t.len() && adverb(i + 1) {
            i + 2
        } else {
            i + 1
        };
        (p + 1 < t.len() && !self.in_quote[p] && reporting_prepositions(w).contains(&t.str(p)))
            .then_some(p)
    }

    /// "his claim that", "the assertion that": a noun of speech or belief before "that", its
    /// clause what was said ("the fact that" is no saying and not in the list).
    pub(super) fn noun_cue(&self, i: usize) -> bool {
        let t = self.t;
        let w = t.str(i);
        w.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
            && is(w, class::REPORTS_NOUN)
            && i + 2 < t.len()
            && t.str(i + 1) == "that"
    }

    /// "Sanders's argument on Sunday was that ...", "an early read from the team was that ...":
    /// at the "that" after a copula, the noun of speech or belief heading the subject, with the
    /// words of its source where the noun phrase holds them ("from the team", "Sanders's", "his").
    fn copular_noun(&self, i: usize, floor: usize) -> Option<(usize, Option<Range<usize>>)> {
        let t = self.t;
        if t.str(i) != "that"
            || i < floor + 3
            || !matches!(t.str(i - 1), "was" | "is" | "were" | "are")
        {
            return None;
        }
        let copula = i - 1;
        let word = |j: usize| !self.in_quote[j] && t.tokens[j].kind == Kind::Word;
        // The noun, then at most a prepositional phrase before the copula ("on Sunday").
        let k = (floor.max(copula.saturating_sub(7))..copula)
            .rev()
            .take_while(|&j| word(j) || matches!(t.str(j), "’s" | "'s"))
            .find(|&j| {
                let w = t.str(j);
                w.as_bytes()[0].is_ascii_lowercase() && is(w, class::REPORTS_NOUN)
            })?;
        if k + 1 < copula && !is(t.str(k + 1), class::PREPOSITION) {
            return None;
        }
        // A determiner or a possessive opens the phrase, a word or two before the noun.
        let opener = (floor.max(k.saturating_sub(3))..k)
            .rev()
            .take_while(|&j| word(j) || matches!(t.str(j), "’s" | "'s"))
            .find(|&j| {
                let w = t.str(j);
                is_decapitalized(w, class::DETERMINER) || matches!(w, "’s" | "'s")
            })?;
        let from = k + 2 < copula && matches!(t.str(k + 1), "from" | "of" | "within" | "among");
        let source = if from {
            let end = (k + 2..copula)
                .find(|&j| {
                    t.tokens[j].kind == Kind::Punct
                        || (j > k + 2 && is(t.str(j), class::PREPOSITION))
                })
                .unwrap_or(copula);
            Some(k + 2..end)
        } else if matches!(t.str(opener), "’s" | "'s") && opener > floor {
            let owner = opener - 1;
            Some(match self.entity(owner) {
                Some((s, _)) if s.end == opener => s.start..s.end,
                _ => owner..opener,
            })
        } else if matches!(
            t.str(opener),
            "his" | "her" | "their" | "His" | "Her" | "Their"
        ) {
            Some(opener..opener + 1)
        } else {
            None
        };
        Some((k, source.filter(|r| !r.is_empty())))
    }

    /// "referring to Putin", "asked about it": a name or a pronoun is whom the words were
    /// about, not what was said.
    fn names_only(&self, c: Range<usize>) -> bool {
        let t = self.t;
        let pronoun = c.len() == 1 && is_object_pronoun(t.str(c.start));
        pronoun
            || self.pronoun_object_at(c.start, c.end)
            || self
                .entity(c.start)
                .is_some_and(|(s, _)| s.start == c.start && s.end >= c.end)
    }

    /// The verb before the noun phrase the noun at `n` heads ("repeated" in "repeated her
    /// claim"), or `n` itself.
    fn verb_of_object(&self, n: usize, floor: usize) -> usize {
        let t = self.t;
        let mut p = n;
        while p > floor
            && p + 3 > n
            && (is(t.str(p - 1), class::DETERMINER)
                || matches!(t.str(p - 1), "his" | "her" | "their" | "its" | "our" | "my"))
        {
            p -= 1;
        }
        // ("expressed concern that": a noun without a determiner has its verb right before.)
        let verb = p > floor
            && t.tokens[p - 1].kind == Kind::Word
            && t.str(p - 1).as_bytes()[0].is_ascii_lowercase()
            && (p < n || !is(t.str(p - 1), class::PREPOSITION));
        if verb {
            p - 1
        } else {
            n
        }
    }

    /// The verb that holds the view named by the noun or adjective at `n`, a few lower-case
    /// words before it ("expressed special concern", "has been a vocal proponent"), with no
    /// preposition or other verb between ("has led to concerns", "was weaker on concerns").
    fn holding_verb(&self, n: usize, floor: usize) -> Option<usize> {
        let t = self.t;
        for j in (floor.max(n.saturating_sub(4))..n).rev() {
            let w = t.str(j);
            if is(w, class::HOLDS_VIEW) {
                return Some(j);
            }
            let between = t.tokens[j].kind == Kind::Word
                && w.as_bytes()[0].is_ascii_lowercase()
                && !is_preposition(w)
                && !w.ends_with("ed")
                && !matches!(w, "by" | "as" | "and" | "or" | "but");
            if !between {
                return None;
            }
        }
        None
    }

    /// "According to X, ..." opening a sentence reports the clause after X; "..., according to
    /// X" the clause before.
    fn according_to(&self, v: usize, sent: Range<usize>, floor: usize) -> Option<Range<usize>> {
        let t = self.t;
        if v + 2 >= sent.end || t.str(v + 1) != "to" {
            return None;
        }
        let opens = (sent.start..v).all(|i| is(t.str(i), class::SENTENCE_ADVERB));
        if opens {
            let comma = (v + 2..sent.end.min(v + 16)).find(|&i| t.str(i) == ",")?;
            return self.clause_after(comma + 1, sent.end);
        }
        let end = if t.str(v - 1) == "," { v - 1 } else { v };
        self.clause_before(floor.max(sent.start), end, 3)
    }

    /// The clause before a short attribution that closes the sentence at `v` and that holds
    /// the cues already found in this sentence from `floor` back: the outer attribution's.
    fn outer_clause(
        &self,
        v: usize,
        sent: Range<usize>,
        floor: usize,
        found: &[Cue],
    ) -> Option<Range<usize>> {
        let t = self.t;
        if floor <= sent.start {
            return None;
        }
        let clause = match self.content_before(v, sent.clone(), sent.start)? {
            (c, false) => Some(c),
            // "..., Okafor said, adding that ...": a new attribution after it, no second
            // piece of the clause.
            (c, true)
                if v + 2 < sent.end && (t.str(v + 2).ends_with("ing") || t.str(v + 2) == "and") =>
            {
                Some(c)
            }
            _ => None,
        };
        // (The earlier cue's clause may have run on over the subject set off before `v`.)
        self.outer_of(clause, sent, floor, found, v)
    }

    /// `clause`, when it holds the one cue found earlier in this sentence and all it reports (or
    /// all up to `upto`): the clause of an attribution that closes the sentence. One cue only:
    /// "Lopez said the bridge is safe, which she said ..., the report showed" keeps its
    /// attributions.
    fn outer_of(
        &self,
        clause: Option<Range<usize>>,
        sent: Range<usize>,
        floor: usize,
        found: &[Cue],
        upto: usize,
    ) -> Option<Range<usize>> {
        let mut here = found
            .iter()
            .rev()
            .take_while(|q| q.content.start >= sent.start);
        let earlier = here.next()?;
        if floor <= sent.start || earlier.at < sent.start || here.next().is_some() {
            return None;
        }
        clause.filter(|c| {
            c.start <= earlier.at && (c.end >= earlier.content.end || earlier.content.end <= upto)
        })
    }

    /// "..., X said." and "..., said X": a clause reported by a short attribution after it; with
    /// whether the attribution splits the clause ("Too often, X said, the debate ...").
    fn content_before(
        &self,
        v: usize,
        sent: Range<usize>,
        floor: usize,
    ) -> Option<(Range<usize>, bool)> {
        let t = self.t;
        // "..., saying" opens a clause; it reports none before it, nor does a verb that reports
        // what follows its "to" ("If X wins, the agency could decline to appeal").
        if v == sent.start
            || t.str(v).ends_with("ing")
            || is(t.str(v), class::REPORTS_INFINITIVE)
            || self.reports_to_after(v)
        {
            return None;
        }
        // The attribution ends the sentence, or a clause ("..., X said, adding ...").
        let rest = (v + 1..sent.end)
            .find(|&i| t.tokens[i].kind == Kind::Punct && t.str(i) != "’s")
            .unwrap_or(sent.end);
        if rest < sent.end && !matches!(t.str(rest), "," | "." | "!" | "?" | ";") {
            return None;
        }
        // "''It's tinkering,'' said X": the apostrophes some archives quote with stand between.
        let before_verb = (sent.start..v)
            .rev()
            .find(|&i| t.str(i) != "'")
            .unwrap_or(v - 1);
        // Only verbs of saying put their subject after them ("..., said X"; not "X, called for").
        // "X, the deputy manager, said the flag was removed": an auxiliary after the verb opens
        // what was said, so the words after it are no inverted subject.
        // "X, at a press event, said, “...”": with nothing after the verb, nothing is inverted.
        // ("Lopez, 52, said as she left": a circumstance after the verb is no subject.)
        let inverted = t.str(before_verb) == ","
            && is(t.str(v), class::INVERTS)
            && rest > v + 1
            && !is(t.str(v + 1), class::PREPOSITION | class::TIME)
            && !matches!(t.str(v + 1), "as" | "when" | "while" | "because" | "if")
            && (v + 1..rest).all(|i| {
                let w = t.str(i);
                !(is(w, class::AUXILIARY) || w.ends_with("n't") || w.ends_with("n’t"))
            });
        let after_ok = rest == v + 1
            || (inverted && rest - v <= 10)
            || (rest - v <= 8 && {
                let w = t.str(v + 1);
                is(w, class::PREPOSITION | class::TIME)
                    || matches!(w, "late" | "early" | "earlier" | "last" | "this")
                    || (w.ends_with("ly") && w.chars().all(char::is_lowercase))
                    || (is(t.str(v), class::REPORTS_TO)
                        && rest - v <= 5
                        // ("..., but also encourage customers to shop": what they are to do.)
                        && !(is(t.str(v), class::DIRECTIVE) && (v + 1..rest).any(|i| t.str(i) == "to")))
            })
            // "..., Roe told The Daily Courier on Thursday.": a hearer of a few words, then
            // when or where.
            || (is(t.str(v), class::REPORTS_TO)
                && rest - v <= 8
                && (v + 2..(v + 5).min(rest)).any(|k| {
                    is(t.str(k), class::TIME)
                        || matches!(t.str(k), "on" | "in" | "at" | "during" | "after" | "before")
                }));
        if !after_ok || (v + 1..rest).any(|i| t.str(i) == "that") {
            return None;
        }
        // The subject between the comma and the verb: a few words, or none ("..., said X").
        let comma = (sent.start.max(v.saturating_sub(8))..v)
            .rev()
            .find(|&i| t.str(i) == ",")?;
        if (comma + 1..v).any(|i| self.in_quote[i] || (i > comma + 1 && self.is_cue_verb(i))) {
            return None;
        }
        // "X, an engineer, called for ...": with no subject after the comma and a verb that does
        // not invert, what stands before the comma is the subject; what was said comes before
        // it ("..., Jane Roe, the chief executive, said in a statement").
        if !inverted && (comma + 1..v).all(|i| t.tokens[i].kind == Kind::Punct) {
            let before = self.set_off_subject(comma, sent.start)?;
            return self
                .clause_before(floor.max(sent.start), before, 3)
                .map(|c| (c, false));
        }
        let splits = !inverted && rest == v + 1 && rest + 1 < sent.end && t.str(rest) == ",";
        let min_words = if splits { 1 } else { 3 };
        let clause = self.clause_before(floor.max(sent.start), comma, min_words)?;
        // "Megan Hester, a senior associate at the institute, said parents ...": a name and its
        // apposition are the verb's subject, not what was said.
        let apposition = self.entity(clause.start).is_some_and(|(s, _)| {
            s.start == clause.start
                && s.kind != EntityType::Place
                && s.end < clause.end
                && t.str(s.end) == ","
        });
        (!apposition).then_some((clause, splits))
    }

    /// The comma that opens a subject set off before a verb's comma at `comma`: a name and its
    /// apposition ("..., Jane Roe, the chief executive, said") or a role and its name ("...,
    /// the port's chief engineer, Jane Roe, said"). `None` where no name stands there, or where
    /// a quotation ends before the subject (its own record says what was said).
    fn set_off_subject(&self, comma: usize, floor: usize) -> Option<usize> {
        let t = self.t;
        let mark = |i: usize| is_close_mark(t.str(i)) || t.str(i) == "\"";
        // Where the piece ending at `end` opens, looking back at most `reach` tokens.
        enum Opens {
            AtComma(usize),
            /// A quotation or the sentence's start comes first.
            Blocked,
            Further,
        }
        let piece_start = |end: usize, reach: usize| {
            for i in (floor..end).rev().take(reach) {
                if self.in_quote[i] || mark(i) {
                    return Opens::Blocked;
                }
                if t.str(i) == "," {
                    return Opens::AtComma(i);
                }
            }
            if end.saturating_sub(floor) <= reach {
                Opens::Blocked
            } else {
                Opens::Further
            }
        };
        // The piece `a..b` is a name: a person's, or an organisation's standing alone.
        let is_name = |a: usize, b: usize| {
            b > a
                && self.entity(b - 1).is_some_and(|(s, _)| {
                    s.end == b && (s.start == a || s.kind == EntityType::Person && s.start > a)
                })
        };
        let no_verb = |a: usize, b: usize| (a..b).all(|i| !self.is_cue_verb(i));
        let Opens::AtComma(c1) = piece_start(comma, 12) else {
            return None;
        };
        let c0 = if is_name(c1 + 1, comma) {
            // "the port's chief engineer, Jane Roe,": a short role before the name goes with it.
            match piece_start(c1, 8) {
                Opens::Blocked => return None,
                Opens::AtComma(c0) if no_verb(c0 + 1, c1) && !is_name(c0 + 1, c1) => c0,
                _ => c1,
            }
        } else {
            match piece_start(c1, 8) {
                Opens::AtComma(c0) if is_name(c0 + 1, c1) => c0,
                _ => return None,
            }
        };
        // Nor a quotation just before: its words are what was said.
        let quoted = (c0.saturating_sub(10).max(floor)..c0).any(|i| !self.in_quote[i] && mark(i));
        (no_verb(c0 + 1, comma) && !quoted).then_some(c0)
    }
}
