//! Speakers: who a mention names. A name is an entity; a pronoun is the person in focus of its
//! sex; a role ("the Russian leader") is its last holder; anything else is an unnamed source,
//! kept as its words.

use crate::extract::entities::{is_title, Span};
use crate::extract::lexicon::{pronoun_gender, title_gender, Gender, LEXICON};
use crate::extract::names::name_gender;
use crate::extract::tokens::{Kind, Tokens};
use crate::extract::EntityType;

use super::marks::{quote_spans, QuoteSpan};
use super::words::{
    class, is, is_np_boundary, is_preposition, is_reporting_verb, is_speech_verb_at,
};

/// A speaker before resolution: the mention, and what it names.
#[derive(Debug, Clone)]
pub(super) struct Speaker {
    pub(super) name: Option<String>,
    pub(super) span: (usize, usize),
    pub(super) gender: Option<Gender>,
    /// The role noun of an unnamed source introduced here ("a presidential aide": "aide").
    pub(super) role: Option<String>,
}

impl Speaker {
    /// A source the article does not name ("the aide", "it"), known by its mention.
    pub(super) fn unnamed(span: (usize, usize)) -> Speaker {
        Speaker {
            name: None,
            span,
            gender: None,
            role: None,
        }
    }
}

/// A named person in focus, for pronouns: who, at which token, and where the mention is.
pub(super) struct Focus {
    pub(super) at: usize,
    pub(super) speaker: Speaker,
}

/// The per-article state of attribution.
pub(super) struct Attributor<'a, 'e> {
    pub(super) t: &'a Tokens<'a>,
    /// The article's quotations, in order.
    pub(super) spans: Vec<QuoteSpan>,
    /// Entity index of each token, for tokens inside an entity.
    pub(super) entity_at: Vec<Option<u32>>,
    pub(super) entities: &'e [(Span, String)],
    pub(super) in_quote: Vec<bool>,
    pub(super) sentence_of: Vec<u32>,
    pub(super) focus: Vec<Focus>,
    /// First mentions of unnamed sources ("a presidential aide"), by head noun.
    pub(super) unnamed: Vec<(String, (usize, usize))>,
}

impl<'a, 'e> Attributor<'a, 'e> {
    /// The state before the first quote: which entity and sentence each token is in, and which
    /// tokens are inside quotation marks.
    pub(super) fn new(t: &'a Tokens<'a>, entities: &'e [(Span, String)]) -> Self {
        let spans = quote_spans(t);
        let mut entity_at = vec![None; t.len()];
        for (i, (s, _)) in entities.iter().enumerate() {
            for slot in &mut entity_at[s.start..s.end] {
                *slot = Some(i as u32);
            }
        }
        let mut in_quote = vec![false; t.len()];
        for q in &spans {
            for slot in &mut in_quote[q.open..q.close.min(t.len())] {
                *slot = true;
            }
        }
        let mut sentence_of = vec![0u32; t.len()];
        for (n, s) in t.sentences.iter().enumerate() {
            for slot in &mut sentence_of[s.clone()] {
                *slot = n as u32;
            }
        }
        Attributor {
            t,
            spans,
            entity_at,
            entities,
            in_quote,
            sentence_of,
            focus: Vec::new(),
            unnamed: Vec::new(),
        }
    }

    pub(super) fn entity(&self, i: usize) -> Option<&(Span, String)> {
        self.entity_at[i].map(|e| &self.entities[e as usize])
    }

    pub(super) fn bytes(&self, a: usize, b: usize) -> (usize, usize) {
        (
            self.t.tokens[a].start as usize,
            self.t.tokens[b - 1].end as usize,
        )
    }

    /// Records the people in focus between two tokens: the subjects of verbs of speech and the
    /// people who open a sentence, outside quotation marks.
    pub(super) fn advance_focus(&mut self, from: usize, to: usize) {
        for i in from..to {
            if self.in_quote[i] {
                continue;
            }
            let sentence_start = self.t.sentences[self.sentence_of[i] as usize].start;
            let named = self
                .entity(i)
                .filter(|(s, _)| s.start == i && s.kind == EntityType::Person);
            // "Mr. Okafor", "Russian President Putin": only titles and the like before the name.
            let opener = || {
                (sentence_start..i).all(|j| {
                    let w = self.t.str(j);
                    is_title(&LEXICON, w)
                        || LEXICON.demonyms.contains(w)
                        || matches!(w, "But" | "And" | "The")
                })
            };
            if let Some((s, name)) = named.filter(|_| opener()) {
                let speaker = self.person(s, name.clone());
                self.focus.push(Focus { at: i, speaker });
            } else if is_speech_verb_at(self.t, i) {
                match self.subject_of(i) {
                    Some(s) if s.name.is_some() => self.focus.push(Focus { at: i, speaker: s }),
                    Some(Speaker {
                        role: Some(role),
                        span,
                        ..
                    }) => self.unnamed.push((role, span)),
                    _ => {}
                }
            }
        }
    }

    pub(super) fn person(&self, s: &Span, name: String) -> Speaker {
        let t = self.t;
        let title = (s.start >= 1)
            .then(|| title_gender(t.str(s.start - 1).trim_end_matches('.')))
            .flatten();
        Speaker {
            gender: title.or_else(|| name_gender(&name)),
            name: Some(name),
            span: self.bytes(s.start, s.end),
            role: None,
        }
    }

    /// What the words `a..b` name: an entity, a pronoun's antecedent, a role's holder, or an
    /// unnamed source.
    pub(super) fn resolve(&self, a: usize, b: usize) -> Option<Speaker> {
        let t = self.t;
        // The head is the last word before a preposition: "an aide to the president" is an aide.
        let head_end = (a..b)
            .find(|&i| i > a && is_preposition(t.str(i)))
            .unwrap_or(b);
        // A name that is the head itself ("Russian President Vladimir Putin", "the Kremlin").
        let named = self
            .entity(head_end - 1)
            .filter(|(s, _)| s.kind != EntityType::Place && s.start >= a);
        if let Some((s, name)) = named {
            return Some(match s.kind {
                EntityType::Person => self.person(s, name.clone()),
                _ => Speaker {
                    name: Some(name.clone()),
                    span: self.bytes(s.start, s.end),
                    gender: None,
                    role: None,
                },
            });
        }
        let head = t.str(head_end - 1);
        if head_end - a == 1 {
            match pronoun_gender(head) {
                Some(Some(g)) => return Some(self.antecedent(a, Some(g))),
                // "it said", "they said": a document or a group, named by the pronoun only.
                Some(None) => return Some(Speaker::unnamed(self.bytes(a, a + 1))),
                None => {}
            }
        }
        let span = self.bytes(a, b);
        let role = head.to_lowercase();
        if !LEXICON.roles.contains(role.as_str()) {
            // Some other description ("the attendees", "The email"): an unnamed source.
            let first = t.str(a);
            // ("hacking specialists", "retired generals": a participle before a plural is
            // one of its words.)
            let plural = head.ends_with('s')
                && !head.ends_with("ss")
                && (a..head_end).all(|i| t.tokens[i].kind == Kind::Word);
            let participle = first.chars().next().is_some_and(char::is_lowercase)
                && (first.ends_with("ing") || first.ends_with("ed") || is_reporting_verb(first))
                && !(plural && head_end - a >= 2 && !is_reporting_verb(first));
            // A description opens with a determiner, a number or a capital ("the attendees",
            // "Law enforcement sources"), not with an adverb or a verb ("almost", "sent an email").
            let opens = t.is_capitalized(a)
                || t.tokens[a].kind == Kind::Number
                || is(first, class::DESCRIPTION_OPENER);
            // ... or is a plural without a determiner ("critics said", "attorneys for the family",
            // "human rights groups").
            let nouny = t.tokens[b - 1].kind == Kind::Word
                && (opens || plural)
                && !participle
                && !is_np_boundary(t.str(b - 1))
                && !is_preposition(t.str(b - 1))
                && !matches!(t.str(b - 1), "the" | "a" | "an" | "The" | "A" | "An");
            return nouny.then_some(Speaker::unnamed(span));
        }
        if is(t.str(a), class::INDEFINITE) {
            return Some(Speaker {
                name: None,
                span,
                gender: None,
                role: Some(role),
            });
        }
        // "The aide said" after "an aide said": the source first described.
        if let Some((_, first)) = self.unnamed.iter().rev().find(|(h, _)| *h == role) {
            return Some(Speaker::unnamed(*first));
        }
        // "the Russian leader": the person last named outside quotation marks.
        if is(&role, class::ROLE_HOLDER) {
            if let Some((s, name)) = (0..a).rev().filter(|&i| !self.in_quote[i]).find_map(|i| {
                self.entity(i)
                    .filter(|(s, _)| s.kind == EntityType::Person && s.end == i + 1)
            }) {
                let mut p = self.person(s, name.clone());
                p.span = span;
                return Some(p);
            }
        }
        Some(Speaker::unnamed(span))
    }

    /// The person a pronoun at token `at` points to: the latest one in focus of a compatible sex.
    pub(super) fn antecedent(&self, at: usize, g: Option<Gender>) -> Speaker {
        let span = self.bytes(at, at + 1);
        let found = self.focus.iter().rev().find(|f| {
            f.at < at && (g.is_none() || f.speaker.gender.is_none() || f.speaker.gender == g)
        });
        // Nobody in focus fits: the last person named of the pronoun's sex ("met Maria Lopez
        // ... she said").
        let name = found.and_then(|f| f.speaker.name.clone()).or_else(|| {
            let g = g?;
            (0..at).rev().filter(|&i| !self.in_quote[i]).find_map(|i| {
                let (s, name) = self
                    .entity(i)
                    .filter(|(s, _)| s.kind == EntityType::Person && s.end == i + 1)?;
                (self.person(s, name.clone()).gender == Some(g)).then(|| name.clone())
            })
        });
        Speaker {
            name,
            span,
            gender: g,
            role: None,
        }
    }
}
