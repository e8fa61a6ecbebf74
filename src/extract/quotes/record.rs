//! The records: quotes and reported speech walked in document order, so that focus and "the
//! same speaker goes on" see both, each attributed and given its kind and its span.

use std::ops::Range;

use super::cues::Cue;
use super::marks::{has_no_words, introduces_a_saying, is_name_like, QuoteSpan};
use super::speakers::{Attributor, Focus, Speaker};
use super::words::{class, is, is_speech_verb_at, is_verb_filler};
use super::{Quote, QuoteKind};
use crate::extract::lexicon::pronoun_gender;
use crate::extract::tokens::Kind;

/// The speaker who spoke last, and in which paragraph.
type Last = Option<(Speaker, u32)>;

/// What is attributed next: a quotation (by its index), or a cue of reported speech with the
/// quotations its clause holds.
enum Event {
    Quote(usize),
    Reported(Cue, Range<usize>),
}

impl Attributor<'_, '_> {
    /// Every record of the article, in document order, none overlapping another.
    pub(super) fn records(mut self) -> Vec<Quote> {
        let t = self.t;
        let mut events: Vec<(usize, Event)> = Vec::new();
        let mut absorbed = vec![false; self.spans.len()];
        for mut cue in self.reported_speech() {
            // A clause that begins inside a quotation begins after it.
            if let Some(q) = self
                .spans
                .iter()
                .find(|q| q.open < cue.content.start && q.close >= cue.content.start)
            {
                cue.content.start = q.past();
            }
            // The quotations that open inside the clause are part of it; the clause runs on to
            // the last one's closing mark.
            let first = self.spans.partition_point(|q| q.open < cue.content.start);
            let n = self.spans[first..].partition_point(|q| q.open < cue.content.end);
            let inside = first..first + n;
            if let Some(q) = inside.clone().last().map(|k| self.spans[k]) {
                cue.content.end = cue.content.end.max(q.past().min(t.len()));
            }
            if cue.content.start >= cue.content.end {
                continue;
            }
            // A clause wholly in marks is the quote itself.
            let own_words = cue
                .content
                .clone()
                .filter(|&i| !self.in_quote[i] && t.tokens[i].kind == Kind::Word)
                .count();
            if !inside.is_empty() && own_words <= 1 {
                continue;
            }
            for k in inside.clone() {
                absorbed[k] = true;
            }
            events.push((cue.content.start.min(cue.at), Event::Reported(cue, inside)));
        }
        events.extend(
            (0..self.spans.len())
                .filter(|&k| !absorbed[k])
                .map(|k| (self.spans[k].open, Event::Quote(k))),
        );
        events.sort_by_key(|(at, e)| (*at, matches!(e, Event::Reported(..))));
        let mut out: Vec<Quote> = Vec::new();
        let mut last: Last = None;
        let mut cursor = 0;
        for (at, e) in events {
            self.advance_focus(cursor, at);
            cursor = at;
            match e {
                Event::Quote(k) => {
                    let q = self.spans[k];
                    out.extend(self.quote(&q, &mut last));
                }
                Event::Reported(cue, inside) => self.reported(&cue, inside, &mut last, &mut out),
            }
        }
        out.sort_by_key(|q| q.start);
        let mut end = 0;
        out.retain(|q| {
            let keep = q.start >= end;
            if keep {
                end = q.end;
            }
            keep
        });
        out
    }

    /// Who spoke is in focus for the pronouns after, and goes on speaking.
    fn note_speaker(&mut self, speaker: &Option<Speaker>, at: usize, para: u32, last: &mut Last) {
        if let Some(s) = speaker {
            if let Some(role) = &s.role {
                self.unnamed.push((role.clone(), s.span));
            }
            if s.name.is_some() {
                self.focus.push(Focus {
                    at,
                    speaker: s.clone(),
                });
            }
            *last = Some((s.clone(), para));
        }
    }

    /// Reported speech: the clause, attributed to the cue's subject. Quoted words inside make
    /// it partial; with several, the clause is cut after each one's closing mark, so that each
    /// quoted fragment is in a piece of its own.
    fn reported(&mut self, cue: &Cue, inside: Range<usize>, last: &mut Last, out: &mut Vec<Quote>) {
        let t = self.t;
        // A quoted fragment's own attribution stands where the cue names nobody.
        // With no subject found by the verb, the sentence's own subject reported it ("After the
        // analyses, Trump revised his plan, promising to ...").
        // "Sanders was asked about ...", "the Fed is expected to ...": the subject of a passive
        // heard or is spoken of; who spoke goes unnamed.
        let unsourced = (self.hedge(cue.at) && !self.hedged_cue(cue.at)) || self.bare_asked(cue.at);
        let passive = self.is_passive(cue.at);
        let speaker = if passive || unsourced {
            None
        } else {
            match &cue.source {
                Some(r) => self.owner(r.clone()),
                None => self.subject_of(cue.at),
            }
            .or_else(|| self.main_subject(cue.at))
        };
        let by_quote = (!inside.is_empty() && speaker.as_ref().is_none_or(|s| s.name.is_none()))
            .then(|| {
                let q = self.spans[inside.start];
                self.quote(&q, last)
            })
            .flatten()
            .filter(|r| r.speaker_span.is_some());
        let (name, span) = match by_quote {
            Some(r) => (r.speaker, r.speaker_span),
            None => {
                self.note_speaker(&speaker, cue.at, t.tokens[cue.at].para, last);
                let name = speaker.as_ref().and_then(|s| s.name.clone());
                (name, speaker.map(|s| s.span))
            }
        };
        // Words in two apostrophes are read as reported speech (see [`Attributor::quote`]).
        let kind = if inside.clone().all(|k| self.spans[k].apostrophes) {
            QuoteKind::Indirect
        } else {
            QuoteKind::Partial
        };
        let mut cuts: Vec<usize> = inside
            .clone()
            .take(inside.len().saturating_sub(1))
            .map(|k| self.spans[k].past())
            .collect();
        cuts.push(cue.content.end);
        // "The efforts are expected to continue", "the plan seemed to be dead": what is
        // reported is the subject and what follows the cue, two pieces.
        if passive || unsourced {
            if let Some(r) = self.raised_subject(cue) {
                out.push(Quote {
                    start: t.tokens[r.start].start as usize,
                    end: t.tokens[r.end - 1].end as usize,
                    kind: QuoteKind::Indirect,
                    speaker: name.clone(),
                    speaker_span: span,
                });
            }
        }
        let mut a = cue.content.start;
        for e in cuts {
            let s = (a..e).find(|&i| {
                t.tokens[i].kind != Kind::Punct
                    || self.in_quote[i]
                    || matches!(t.str(i), "(" | "$" | "£" | "€")
            });
            if let Some(s) = s.filter(|&s| s < e) {
                out.push(Quote {
                    start: t.tokens[s].start as usize,
                    end: t.tokens[e - 1].end as usize,
                    kind,
                    speaker: name.clone(),
                    speaker_span: span,
                });
            }
            a = e;
        }
    }

    /// The subject of a passive or hedging cue that opens its sentence, when the clause the
    /// cue reports follows it: the noun phrase before the cue and its auxiliaries ("About one in
    /// nine voters | is expected | to be ..."). Not the hearer of a passive "told" or "asked", nor a
    /// pronoun or a name alone.
    fn raised_subject(&self, cue: &Cue) -> Option<Range<usize>> {
        let t = self.t;
        if cue.content.start <= cue.at || is(t.str(cue.at), class::REPORTS_TO) {
            return None;
        }
        let sent = &t.sentences[self.sentence_of[cue.at] as usize];
        let mut end = cue.at;
        while end > sent.start && {
            let w = t.str(end - 1);
            is_verb_filler(w) || matches!(w, "be" | "been" | "being" | "not")
        } {
            end -= 1;
        }
        let mut start = self.subject_start(sent.start, end)?;
        // "WASHINGTON (Reuters) - The central bank is expected to": past a dateline, which the
        // text the rules read has blanked out, or a dash.
        let skipped = |i: usize| t.after_blank(i + 1) || matches!(t.str(i), "-" | "—" | "–");
        if let Some(d) = (start..end.saturating_sub(1)).rev().find(|&i| skipped(i)) {
            start = d + 1;
        }
        // "While the bank is expected to ...": past a subordinator.
        if start < end && is(t.str(start), class::SUBORDINATOR) {
            start += 1;
        }
        // A noun phrase: no verb of its own ("Mercury will be dilutive but is expected"), no
        // pronoun, relative or otherwise ("which had been expected to").
        let plain = (start..end).all(|i| {
            let w = t.str(i);
            !self.in_quote[i]
                && (t.tokens[i].kind != Kind::Punct || matches!(w, "’s" | "'s" | "%"))
                && pronoun_gender(w).is_none()
                && !is_verb_filler(w)
                && w != "but"
        });
        // (A name alone is who the clause is about, no words of its own: "Lopez seemed to".)
        let a_name = self
            .entity(start)
            .is_some_and(|(s, _)| s.start == start && s.end == end);
        let noun_phrase = (1..=14).contains(&end.saturating_sub(start))
            && !matches!(t.str(start), "which" | "that" | "who" | "There" | "there")
            && t.str(end - 1) != "to";
        (plain && !a_name && noun_phrase).then_some(start..end)
    }

    /// A quotation's record, or `None` for marks around a name, a title or no words.
    fn quote(&mut self, q: &QuoteSpan, last: &mut Last) -> Option<Quote> {
        let t = self.t;
        let sent_open = &t.sentences[self.sentence_of[q.open] as usize];
        let close = q.close.min(t.len() - 1);
        let sent_close = &t.sentences[self.sentence_of[close] as usize];
        let before = sent_open.start..q.open;
        let after = (q.close + 1).min(sent_close.end)..sent_close.end;
        let has_verb = |r: &Range<usize>| {
            r.clone()
                .any(|i| !self.in_quote[i] && is_speech_verb_at(t, i))
        };
        let attributed = has_verb(&before) || has_verb(&after);
        // A few words in marks inside a sentence that neither reports speech nor names a saying
        // ("her promise of ...") are a scare quote or a term ("a “liquidating trust”").
        let scare = !attributed
            && !before.is_empty()
            && !before.clone().any(|i| is(t.str(i), class::SPEECH_NOUN));
        let words = (q.open + 1..q.close.min(t.len()))
            .filter(|&i| t.tokens[i].kind != Kind::Punct)
            .count();
        let named_thing = is_name_like(t, q)
            && (!attributed || q.open == 0 || !introduces_a_saying(t.str(q.open - 1)));
        if words == 0
            || has_no_words(t, q)
            || named_thing
            || (!attributed && words <= 1)
            || (scare && words <= 3)
        {
            return None;
        }
        let para = t.tokens[q.open].para;
        let whole_para = t.sentences[self.sentence_of[q.open] as usize].start == q.open
            && (q.close + 1 >= t.len()
                || t.tokens[(q.close + 1).min(t.len() - 1)].para != para
                || after.is_empty());
        // "X told reporters, according to Reuters": the source the report rests on.
        let according = before
            .clone()
            .chain(after.clone())
            .find(|&i| !self.in_quote[i] && t.str(i).eq_ignore_ascii_case("according"))
            .and_then(|v| self.subject_of(v));
        // Mid-sentence, a verb before the quote outranks one far after it ("she called it
        // “outrageous” and ..., while Clinton restricted comments ...").
        let near_after = after.start..after.end.min(after.start + 6);
        let label = self.transcript_label(q);
        let speaker = label
            .as_ref()
            .map(|(s, _)| s.clone())
            .or(according)
            .or_else(|| self.speaker_after(near_after.clone()))
            .or_else(|| self.speaker_before(before.clone()))
            .or_else(|| self.speaker_after(after.clone()))
            .or_else(|| {
                self.speaker_in_next_sentence(close)
                    .filter(|_| after.is_empty())
            })
            .or_else(|| self.speaker_after_dash(q.close))
            .or_else(|| self.speaker_before_colon(q.open, before.clone()))
            .or_else(|| self.possessor_of_words(before.clone()))
            .or_else(|| self.sentence_subject(before.clone()))
            .or_else(|| {
                self.speaker_of_colon_paragraph(q.open)
                    .filter(|_| before.is_empty())
            })
            .or_else(|| {
                let (s, p) = last.as_ref()?;
                // The same speaker goes on: a later sentence of the paragraph, or a paragraph that is all quote.
                (*p == para || (whole_para && *p + 1 >= para)).then(|| s.clone())
            })
            .or_else(|| {
                self.focus
                    .last()
                    .filter(|f| t.tokens[f.at].para + 2 >= para)
                    .map(|f| f.speaker.clone())
            });
        self.note_speaker(&speaker, q.open, para, last);
        let (mut start, end) = q.bytes(t);
        if let Some((_, colon)) = label {
            start = t.tokens[colon + 1].start as usize;
        }
        if start >= end {
            return None;
        }
        let starts_sentence =
            before.is_empty() || matches!(t.str(q.open - 1), ":" | ",") && before.len() > 1;
        // Archives that quote with two apostrophes (`''...''`) are read as PolNeAR reads them:
        // reported speech, not a quotation.
        let kind = if q.apostrophes {
            QuoteKind::Indirect
        } else if starts_sentence || words > 6 {
            QuoteKind::Direct
        } else {
            QuoteKind::Partial
        };
        Some(Quote {
            start,
            end,
            kind,
            speaker: speaker.as_ref().and_then(|s| s.name.clone()),
            speaker_span: speaker.map(|s| s.span),
        })
    }
}
