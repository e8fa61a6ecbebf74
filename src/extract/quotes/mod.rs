//! Quotes and their speakers: passages in quotation marks that are speech, each attributed to the
//! person (or organisation, or unnamed source) that said it, by rules over tokens and entities.
//!
//! The steps, a file each: [`marks`] pairs quotation marks into spans, [`words`] holds the word
//! lists, [`sources`] finds where a quote's source sits around it, [`phrases`] reads the noun
//! phrase there, and [`speakers`] resolves it (names, pronouns by focus and sex, roles, unnamed
//! sources); this file walks the quotes in order and makes the records.

mod marks;
mod phrases;
mod sources;
mod speakers;
mod words;

#[cfg(test)]
mod tests;

use std::ops::Range;

use serde::Serialize;

use super::entities::Span;
use super::tokens::{Kind, Tokens};
use marks::{has_no_words, introduces_a_saying, is_name_like, quote_spans};
use speakers::{Attributor, Focus, Speaker};
use words::is_speech_verb_at;

/// How the words are quoted, as `FORMAT.md` defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A sentence or clause in quotation marks.
    Direct,
    /// A fragment in quotation marks inside the reporter's sentence.
    Partial,
}

impl QuoteKind {
    /// The name `extract --json` and the index use.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
        }
    }
}

/// A quote: byte range of the words inside the marks, and who said them.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub start: usize,
    pub end: usize,
    pub kind: QuoteKind,
    /// Canonical name of a named speaker; `None` for an unnamed one ("an aide").
    pub speaker: Option<String>,
    /// Byte range of the mention the attribution rests on.
    pub speaker_span: Option<(usize, usize)>,
}

/// Finds the quotes of a tokenised body and attributes each, using its entities and their
/// canonical names.
pub fn extract_quotes(t: &Tokens, entities: &[(Span, String)]) -> Vec<Quote> {
    let spans = quote_spans(t);
    if spans.is_empty() {
        return Vec::new();
    }
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
    let mut a = Attributor {
        t,
        entity_at,
        entities,
        in_quote,
        sentence_of,
        focus: Vec::new(),
        unnamed: Vec::new(),
    };
    let mut out: Vec<Quote> = Vec::new();
    let mut last: Option<(Speaker, u32)> = None;
    let mut cursor = 0;
    for q in &spans {
        a.advance_focus(cursor, q.open);
        cursor = q.open;
        let sent_open = &t.sentences[a.sentence_of[q.open] as usize];
        let close = q.close.min(t.len() - 1);
        let sent_close = &t.sentences[a.sentence_of[close] as usize];
        let before = sent_open.start..q.open;
        let after = (q.close + 1).min(sent_close.end)..sent_close.end;
        let has_verb =
            |r: &Range<usize>| r.clone().any(|i| !a.in_quote[i] && is_speech_verb_at(t, i));
        let attributed = has_verb(&before) || has_verb(&after);
        let words = (q.open + 1..q.close.min(t.len()))
            .filter(|&i| t.tokens[i].kind != Kind::Punct)
            .count();
        let named_thing = is_name_like(t, q)
            && (!attributed || q.open == 0 || !introduces_a_saying(t.str(q.open - 1)));
        if words == 0 || has_no_words(t, q) || named_thing || (!attributed && words <= 1) {
            continue;
        }
        let para = t.tokens[q.open].para;
        let whole_para = t.sentences[a.sentence_of[q.open] as usize].start == q.open
            && (q.close + 1 >= t.len()
                || t.tokens[(q.close + 1).min(t.len() - 1)].para != para
                || after.is_empty());
        // "X told reporters, according to Reuters": the source the report rests on.
        let according = before
            .clone()
            .chain(after.clone())
            .find(|&i| !a.in_quote[i] && t.str(i).eq_ignore_ascii_case("according"))
            .and_then(|v| a.subject_of(v));
        // Mid-sentence, a verb before the quote outranks one far after it ("she called it
        // “outrageous” and ..., while Clinton restricted comments ...").
        let near_after = after.start..after.end.min(after.start + 6);
        let speaker = according
            .or_else(|| a.speaker_after(near_after.clone()))
            .or_else(|| a.speaker_before(before.clone()))
            .or_else(|| a.speaker_after(after.clone()))
            .or_else(|| {
                a.speaker_in_next_sentence(close)
                    .filter(|_| after.is_empty())
            })
            .or_else(|| a.speaker_after_dash(q.close))
            .or_else(|| a.speaker_before_colon(q.open, before.clone()))
            .or_else(|| a.possessor_of_words(before.clone()))
            .or_else(|| a.sentence_subject(before.clone()))
            .or_else(|| {
                a.speaker_of_colon_paragraph(q.open)
                    .filter(|_| before.is_empty())
            })
            .or_else(|| {
                let (s, p) = last.as_ref()?;
                // The same speaker goes on: a later sentence of the paragraph, or a paragraph that is all quote.
                (*p == para || (whole_para && *p + 1 >= para)).then(|| s.clone())
            })
            .or_else(|| {
                a.focus
                    .last()
                    .filter(|f| t.tokens[f.at].para + 2 >= para)
                    .map(|f| f.speaker.clone())
            });
        if let Some(s) = &speaker {
            if let Some(role) = &s.role {
                a.unnamed.push((role.clone(), s.span));
            }
            if s.name.is_some() {
                a.focus.push(Focus {
                    at: q.open,
                    speaker: s.clone(),
                });
            }
            last = Some((s.clone(), para));
        }
        let (start, end) = q.bytes(t);
        if start >= end {
            continue;
        }
        let starts_sentence =
            before.is_empty() || matches!(t.str(q.open - 1), ":" | ",") && before.len() > 1;
        let kind = if starts_sentence || words > 6 {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };
        out.push(Quote {
            start,
            end,
            kind,
            speaker: speaker.as_ref().and_then(|s| s.name.clone()),
            speaker_span: speaker.map(|s| s.span),
        });
    }
    out
}
