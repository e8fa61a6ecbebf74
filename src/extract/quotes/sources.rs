//! Where a quote's source sits: the verb of speech before or after it, the next sentence's short
//! clause, a dash and a name, a colon, a transcript's label, the words someone owns, or the
//! sentence's subject.

use std::ops::Range;

use crate::extract::lexicon::pronoun_gender;
use crate::extract::names::name_gender;
use crate::extract::tokens::Kind;
use crate::extract::EntityType;

use super::marks::{is_open_mark, QuoteSpan};
use super::speakers::{Attributor, Speaker};
use super::words::{class, is, is_np_boundary, is_preposition, is_speech_verb_at};

impl Attributor<'_, '_> {
    /// `“...,” he said` and `“...” for Putin, said Ms Kendall-Taylor`: the first verb of speech after the quote.
    pub(super) fn speaker_after(&self, r: Range<usize>) -> Option<Speaker> {
        // A verb in a clause of its own ("“Spanish,” which is what some call them") says
        // nothing of the quote.
        let v = r
            .take_while(|&i| {
                let w = self.t.str(i);
                !is_open_mark(w) && !is(w, class::CLAUSE_OPENER)
            })
            .find(|&i| !self.in_quote[i] && is_speech_verb_at(self.t, i))?;
        // "“...,” Trump said: “...”": that verb introduces the next quote.
        if self
            .t
            .tokens
            .get(v + 1)
            .is_some_and(|_| self.t.str(v + 1) == ":")
        {
            return None;
        }
        self.subject_of(v)
    }

    /// `Trump said: “...”` and `Putin said he hoped “...”`: a verb of speech before the quote.
    pub(super) fn speaker_before(&self, r: Range<usize>) -> Option<Speaker> {
        let is_verb = |&i: &usize| !self.in_quote[i] && is_speech_verb_at(self.t, i);
        let last = r.clone().rev().find(is_verb)?;
        // "Trump said Fox executives were calling “every 15 minutes”": the main clause's named
        // speaker outranks a verb inside what they said.
        // ("While not everything Trump says is true, Jamieson said": not across a comma.)
        if let Some(first) = r.clone().find(is_verb).filter(|&f| {
            f != last && (f..last).all(|i| !matches!(self.t.str(i), "," | "and" | "but"))
        }) {
            let s = self.subject_of(first);
            if s.as_ref().is_some_and(|s| s.name.is_some()) {
                return s;
            }
        }
        self.subject_of(last)
    }

    /// `“...!” Trump tweeted.`: a quote that ends its sentence, attributed by a short clause
    /// opening the next one.
    pub(super) fn speaker_in_next_sentence(&self, close: usize) -> Option<Speaker> {
        let t = self.t;
        let next = t.sentences.get(self.sentence_of[close] as usize + 1)?;
        if t.tokens[next.start].para != t.tokens[close].para || self.in_quote[next.start] {
            return None;
        }
        // "Miller, a retired worker, said ...": a name may carry an apposition.
        let named = self
            .entity(next.start)
            .is_some_and(|(s, _)| s.kind != EntityType::Place);
        let reach = if named { 20 } else { 8 };
        let mut commas = 0;
        let v = (next.start..next.end.min(next.start + reach))
            .take_while(|&i| {
                let w = t.str(i);
                commas += (w == ",") as usize;
                t.tokens[i].kind != Kind::Punct
                    || w == "’s"
                    || w == "."
                    || (named && w == "," && commas <= 2)
            })
            .find(|&i| is_speech_verb_at(t, i))?;
        // "Pence said in response.": a short clause, not a new statement.
        // "“...?” Trump asked reporters during a news conference": a name right before the verb.
        let named_subject = self
            .entity(next.start)
            .is_some_and(|(s, _)| s.kind == EntityType::Person && s.end == v);
        let ends_clause = next.end - v <= 6
            || matches!(t.str(v + 1), "," | "." | ":" | ";")
            || is_preposition(t.str(v + 1))
            || named_subject;
        (v > next.start && ends_clause)
            .then(|| self.subject_of(v))
            .flatten()
    }

    /// `Transcript as follows: “...”` and `X calls Cruz “a chameleon”: “...”`: the sentence's
    /// subject introduces what follows the colon.
    pub(super) fn speaker_before_colon(
        &self,
        open: usize,
        before: Range<usize>,
    ) -> Option<Speaker> {
        if before.is_empty() || self.t.str(open - 1) != ":" {
            return None;
        }
        self.np_after(before.start, open - 1)
    }

    /// `“...” ― Edwin Monroy` and a quote paragraph followed by `-President Obama, tweeting`:
    /// a dash and a name right after the quote.
    pub(super) fn speaker_after_dash(&self, close: usize) -> Option<Speaker> {
        let t = self.t;
        let mark_para = t.tokens.get(close).map_or(u32::MAX, |m| m.para);
        let i = (close + 1..t.len()).find(|&i| !matches!(t.str(i), "." | ","))?;
        if self.in_quote[i]
            || !matches!(t.str(i), "-" | "—" | "―" | "–")
            || t.tokens[i].para > mark_para.saturating_add(1)
        {
            return None;
        }
        let sent = &t.sentences[self.sentence_of[i] as usize];
        self.np_after(i + 1, sent.end)
    }

    /// `“PENCE: Well, look, ...`: a transcript's speaker label, a name or a word in capitals
    /// and a colon opening the quotation, with the colon's token; the words said follow it.
    pub(super) fn transcript_label(&self, q: &QuoteSpan) -> Option<(Speaker, usize)> {
        let t = self.t;
        let first = q.open + 1;
        let entity = self
            .entity(first)
            .filter(|(s, _)| s.start == first && s.kind != EntityType::Place);
        let shouted = |i: usize| {
            let w = t.str(i);
            w.len() >= 2 && w.bytes().all(|b| b.is_ascii_uppercase())
        };
        let colon = match entity {
            Some((s, _)) => s.end,
            None if first < t.len() && shouted(first) => first + 1,
            None => return None,
        };
        let words_after = (colon + 1..q.close.min(t.len()))
            .filter(|&i| t.tokens[i].kind == Kind::Word)
            .nth(1);
        if colon >= q.close || t.str(colon) != ":" || words_after.is_none() {
            return None;
        }
        let speaker = match entity {
            Some((s, _)) => self.resolve(s.start, s.end)?,
            // The tagger may not know a surname in capitals: the article's person of that
            // surname, else a source known by its label.
            None => {
                let label = t.str(first);
                let person = self.entities.iter().find(|(s, name)| {
                    s.kind == EntityType::Person
                        && name
                            .rsplit(' ')
                            .next()
                            .is_some_and(|last| last.eq_ignore_ascii_case(label))
                });
                let span = self.bytes(first, colon);
                match person {
                    Some((_, name)) => Speaker {
                        name: Some(name.clone()),
                        span,
                        gender: name_gender(name),
                        role: None,
                    },
                    None => Speaker::unnamed(span),
                }
            }
        };
        Some((speaker, colon))
    }

    /// `The New York Times reports:` closing a paragraph, the quote opening the next: that
    /// sentence's speaker.
    pub(super) fn speaker_of_colon_paragraph(&self, open: usize) -> Option<Speaker> {
        let t = self.t;
        let colon = open.checked_sub(1)?;
        if t.str(colon) != ":"
            || t.tokens[colon].para == t.tokens[open].para
            || self.in_quote[colon]
        {
            return None;
        }
        let sent = &t.sentences[self.sentence_of[colon] as usize];
        match (sent.start..colon)
            .rev()
            .find(|&i| !self.in_quote[i] && is_speech_verb_at(t, i))
        {
            Some(v) => self.subject_of(v),
            None => self.np_after(sent.start, colon),
        }
    }

    /// `rallied young people with his calls to end the “rigged economy”`: words someone owns
    /// ("his promise", "her remarks") just before the quote; the possessive is the mention.
    pub(super) fn possessor_of_words(&self, before: Range<usize>) -> Option<Speaker> {
        let t = self.t;
        let start = before.end.saturating_sub(6).max(before.start);
        let p = (start..before.end.saturating_sub(1)).rev().find(|&i| {
            matches!(t.str(i), "his" | "her" | "His" | "Her")
                && is(t.str(i + 1), class::SPEECH_NOUN)
                && (i + 1..before.end)
                    .all(|j| t.tokens[j].kind != Kind::Punct || j + 1 == before.end)
        })?;
        let g = pronoun_gender(t.str(p)).flatten();
        Some(self.antecedent(p, g))
    }

    /// `Sanders has pushed his promise of “free college”`: with no verb of speech, the subject
    /// that opens the sentence, after an opening phrase ("A month later, he ...") and with the
    /// words that describe it ("Democratic presidential candidate Sen. Bernie Sanders").
    pub(super) fn sentence_subject(&self, before: Range<usize>) -> Option<Speaker> {
        let t = self.t;
        let skip_conj = |from: usize| {
            (from..before.end).find(|&i| {
                !matches!(
                    t.str(i),
                    "But" | "And" | "So" | "Yet" | "Then" | "Now" | "Still" | "Also"
                )
            })
        };
        let mut first = skip_conj(before.start)?;
        let names_someone = |i: usize| {
            pronoun_gender(t.str(i)).is_some()
                || self
                    .entity(i)
                    .is_some_and(|(s, _)| s.kind != EntityType::Place)
        };
        // "When Trump announced his candidacy, he ...": a subordinate clause is skipped whatever
        // it names.
        let subordinate = is(t.str(first), class::SUBORDINATOR);
        // "Speaking to MSNBC on Monday in New Hampshire, which votes Tuesday, Bush referred
        // to ...": after an opening participle, the first comma that a name follows.
        let participle = t.str(first).ends_with("ing") && t.is_capitalized(first);
        if participle {
            let window = first..(first + 25).min(before.end);
            if let Some(c) = window
                .clone()
                .find(|&i| t.str(i) == "," && i + 1 < before.end && names_someone(i + 1))
            {
                first = c + 1;
            }
        } else if subordinate || !names_someone(first) {
            let window = first..(first + if subordinate { 16 } else { 9 }).min(before.end);
            if let Some(c) = window.clone().find(|&i| t.str(i) == ",") {
                if subordinate
                    || window
                        .clone()
                        .take_while(|&i| i < c)
                        .all(|i| !names_someone(i))
                {
                    first = skip_conj(c + 1)?;
                }
            }
        }
        if self.in_quote[first] || t.tokens[first].kind == Kind::Punct {
            return None;
        }
        if t.str(first) == "Her" {
            if let Some(s) = self.description_subject(first, before.end) {
                return Some(s);
            }
        }
        if let Some(Some(g)) = pronoun_gender(t.str(first)) {
            return Some(self.antecedent(first, Some(g)));
        }
        // The name, after at most a few words that describe it.
        let named = (first..(first + 6).min(before.end))
            .take_while(|&i| {
                t.tokens[i].kind == Kind::Word
                    && !is_preposition(t.str(i))
                    && !is_np_boundary(t.str(i))
            })
            .find_map(|i| {
                self.entity(i)
                    .filter(|(s, _)| s.start == i && s.kind != EntityType::Place)
            });
        let Some((s, _)) = named else {
            return self.description_subject(first, before.end);
        };
        // The name must be the subject: followed (after any parenthesis) by a verb-like word,
        // not by "’s" or a noun.
        let mut next = s.end;
        if next < before.end && t.str(next) == "(" {
            next = (next..before.end).find(|&i| t.str(i) == ")")? + 1;
        }
        // "Trump, who has been feuding with leaders, on Friday described ...": past an
        // apposition or relative clause.
        if next + 1 < before.end
            && t.str(next) == ","
            && matches!(t.str(next + 1), "who" | "a" | "an" | "the")
        {
            next = (next + 1..before.end)
                .find(|&i| t.str(i) == ",")
                .map_or(next + 1, |c| c + 1);
        }
        (next < before.end
            && !matches!(t.str(next), "’s" | "'s")
            && t.tokens[next].kind == Kind::Word)
            .then(|| self.resolve(s.start, s.end))
            .flatten()
    }
}
