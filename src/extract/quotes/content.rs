//! The reported clause: where what a cue reports begins and ends, as a token range. It runs to
//! the end of its sentence unless a new clause of the reporter's own cuts it short.

use std::ops::Range;

use super::cues::is_reporting_verb;
use super::marks::{is_close_mark, is_open_mark};
use super::speakers::Attributor;
use super::words::{class, is, is_object_pronoun, is_speech_verb_at, is_verb_filler};
use crate::extract::lexicon::pronoun_gender;
use crate::extract::tokens::Kind;

/// Words after a comma that open a clause of the reporter's own.
fn opens_new_clause(w: &str) -> bool {
    matches!(w, "but" | "while" | "whereas" | "although" | "according")
}

/// Words that join a second clause of the reporter's own to a reported one.
fn opens_coordinate(w: &str) -> bool {
    matches!(w, "and" | "but" | "though" | "although" | "while")
}

impl Attributor<'_, '_> {
    /// "said [he would go]", "told reporters [that he would go]": the clause after the cue at
    /// `v`, within the sentence that ends at `ceil`.
    pub(super) fn content_after(&self, v: usize, ceil: usize) -> Option<Range<usize>> {
        let t = self.t;
        // "declined to comment": what follows "to" is what was (not) said.
        if is(t.str(v), class::REPORTS_INFINITIVE) || self.reports_to_after(v) {
            return self.clause_after(v + 1, ceil);
        }
        let mut a = v + 1;
        if a < ceil && matches!(t.str(a), "out" | "back") {
            a += 1;
        }
        let that_within = |from: usize, reach: usize| {
            (from..ceil.min(from + reach))
                .take_while(|&i| {
                    !self.in_quote[i] && !matches!(t.str(i), "." | ";" | ":" | "?" | "!")
                })
                .find(|&i| t.str(i) == "that")
        };
        if a < ceil && is(t.str(v), class::REPORTS_TO) {
            // The hearer is not what was said, unless what follows is what they were told to do
            // ("urged Stellar Motors to resume talks").
            let hearer = if let Some(k) = that_within(a, 8) {
                Some(k)
            } else if let Some((s, _)) = self.entity(a).filter(|(s, _)| s.start == a) {
                Some(s.end)
            } else if is_object_pronoun(t.str(a)) || matches!(t.str(a), "reporters" | "voters") {
                Some(a + 1)
            } else {
                None
            };
            if let Some(k) = hearer.filter(|&k| !(k < ceil && t.str(k) == "to")) {
                a = k;
            }
        } else if a < ceil {
            // "said on Monday that", "said in a statement that": an adjunct before "that".
            let w = t.str(a);
            let adjunct = is(w, class::PREPOSITION | class::TIME)
                || (w.ends_with("ly") && w.chars().all(char::is_lowercase))
                || matches!(w, "last" | "this" | "earlier" | "again" | "repeatedly");
            if adjunct {
                if let Some(k) = that_within(a, 10) {
                    a = k;
                } else if let Some(k) = self.after_adjunct(a, ceil) {
                    a = k;
                }
            }
        }
        while a < ceil && matches!(t.str(a), "," | ":") {
            a += 1;
        }
        // "told Fox News after the summit", "asked reporters rhetorically during ...": a place
        // or a time, nothing said; "everything Okafor says is true": a relative clause.
        let first_word = (a..ceil).find(|&i| {
            let w = t.str(i);
            !(w.ends_with("ly") && w.chars().all(char::is_lowercase))
        });
        if first_word.is_some_and(|i| self.pronoun_object_at(i, ceil)) {
            return None;
        }
        // But "what authorities said were attacks": the relative's verb opens what was said.
        let relative = (v.saturating_sub(6)..v).find(|&i| matches!(t.str(i), "what" | "which"));
        let copula = first_word.is_some_and(|i| is(t.str(i), class::AUXILIARY));
        if first_word.is_some_and(|i| is(t.str(i), class::NOT_REPORTED))
            && !(relative.is_some() && copula)
        {
            return None;
        }
        // "The changes, which officials said will take effect in May, angered drivers": the
        // relative's verb and what follows it, up to the comma closing the relative.
        if let (Some(r), Some(f)) = (relative, first_word.filter(|_| copula)) {
            if r > 0 && t.str(r - 1) == "," && t.str(r) == "which" {
                let c = self.clause_after(f, ceil)?;
                let end = c.clone().find(|&i| t.str(i) == ",").unwrap_or(c.end);
                return self.trimmed(f, end);
            }
        }
        // "“...?” Lopez asked reporters", "“...,” John Okafor, an engineer, told the council":
        // the quote before is what was said, with only its speaker between (also in the two
        // apostrophes some archives quote with); not a quote that ended its sentence ("...
        // altogether.” He said ...") or its paragraph.
        // Where the closing mark at `i` starts: a mark, or the first of two apostrophes.
        let closes = |i: usize| {
            if matches!(t.str(i), "”" | "\"" | "»") {
                Some(i)
            } else {
                (i > 0
                    && t.str(i) == "'"
                    && t.str(i - 1) == "'"
                    && t.tokens[i - 1].end == t.tokens[i].start)
                    .then(|| i - 1)
            }
        };
        let after_quote = |reach: usize| {
            (v.saturating_sub(reach)..v).any(|i| {
                !self.in_quote[i]
                    && t.tokens[i].para == t.tokens[v].para
                    && closes(i).is_some_and(|m| m == 0 || t.str(m - 1) != ".")
                    // ("called it “depleted” and says he will ...": a verb of its own.)
                    && !matches!(t.str(i + 1), "and" | "but")
                    && (i + 1..v)
                        .all(|j| !matches!(t.str(j), "." | "!" | "?") && !is_speech_verb_at(t, j))
            })
        };
        if after_quote(4) && (a >= ceil || t.str(a) != "that") {
            return None;
        }
        // "“...,” Jane Roe, 25, said Friday as she left": after the quote and a longer speaker,
        // a time and a circumstance, nothing said; "“...,” Jane Roe, an economist, said of the
        // data": what the quote was about.
        if a < ceil && t.str(a) == "of" && is(t.str(v), class::INVERTS) && after_quote(30) {
            return None;
        }
        let circumstance = is(t.str(v), class::INVERTS)
            && (a..ceil)
                .find(|&i| !is(t.str(i), class::TIME) && !matches!(t.str(i), "morning" | "night"))
                .is_some_and(|i| {
                    matches!(
                        t.str(i),
                        "as" | "when" | "while" | "before" | "after" | "during"
                    )
                });
        if circumstance && after_quote(12) {
            return None;
        }
        let c = self.clause_after(a, ceil)?;
        // "“...,” Moore said Friday.", "a spokesman announced Monday morning": a time, nothing
        // said.
        if self.only_time(c.clone()) {
            return None;
        }
        // "told the council:" ending its sentence introduces the quote after it.
        if c.end + 1 >= ceil && c.end < ceil && t.str(c.end) == ":" {
            return None;
        }
        // "replied in English: “...”": what follows a colon right after the cue is what was
        // said; a colon further on goes on, as PolNeAR's clause does ("said the bridge can help,
        // too: in May ...").
        match c.clone().find(|&i| t.str(i) == ":" && !self.in_quote[i]) {
            Some(colon) if colon <= v + 4 => self.trimmed(colon + 1, c.end),
            _ => Some(c),
        }
    }

    /// "said on Tuesday it would cut jobs", "said in a statement the plant would close": where
    /// the clause begins after the day or the statement it was said on or in, without "that";
    /// `None` unless a subject opens it (a pronoun, a determiner, a name or a number).
    fn after_adjunct(&self, a: usize, ceil: usize) -> Option<usize> {
        let t = self.t;
        let mut i = a;
        // "late on Tuesday", "in a statement on Friday": a few adjuncts in a row.
        for _ in 0..3 {
            let at = |k: usize| if k < ceil { t.str(k) } else { "" };
            let time = |k: usize| k < ceil && is(t.str(k), class::TIME);
            if matches!(at(i), "late" | "early") && at(i + 1) == "on" {
                i += 1;
            }
            let day = at(i).starts_with(char::is_uppercase)
                || matches!(at(i), "today" | "yesterday" | "tonight");
            if time(i) && day {
                i += 1;
            } else if matches!(at(i), "on" | "last" | "this" | "earlier") && time(i + 1) {
                i += 2;
            } else if let Some(k) = (at(i) == "in" && is(at(i + 1), class::DETERMINER))
                .then(|| {
                    // "in a statement", "in a research note", "in an emailed statement".
                    (i + 2..(i + 5).min(ceil)).find(|&k| is(at(k), class::MEDIUM))
                })
                .flatten()
                .filter(|&k| {
                    (i + 2..k).all(|m| at(m).chars().all(|c| c.is_lowercase() || c == '-'))
                })
            {
                i = k + 1;
            } else {
                break;
            }
        }
        if i == a || i >= ceil || self.in_quote[i] {
            return None;
        }
        let w = t.str(i);
        let subject = matches!(
            w,
            "it" | "he" | "she" | "they" | "we" | "I" | "you" | "there"
        ) || (is(w, class::DETERMINER) && w.chars().all(char::is_lowercase))
            || w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        subject.then_some(i)
    }

    /// "vowed to repeal the law": a verb that also reports its infinitive, with "to" after it.
    pub(super) fn reports_to_after(&self, v: usize) -> bool {
        let t = self.t;
        is(t.str(v), class::REPORTS_ALSO_TO) && v + 1 < t.len() && t.str(v + 1) == "to"
    }

    /// Whether the words `c` are only a time ("Monday morning", "late on Friday").
    pub(super) fn only_time(&self, c: Range<usize>) -> bool {
        let t = self.t;
        c.into_iter().all(|i| {
            let w = t.str(i);
            t.tokens[i].kind != Kind::Word
                || is(w, class::TIME | class::PREPOSITION)
                || matches!(w, "last" | "this" | "next" | "early" | "late")
        })
    }

    /// "did not mention it in his statement", "talked about it": a pronoun object at `i`, and
    /// nothing reported.
    pub(super) fn pronoun_object_at(&self, i: usize, ceil: usize) -> bool {
        let t = self.t;
        // ("expects them to become ...": the subject of an infinitive, not an object.)
        let infinitive = i + 2 < ceil
            && t.str(i + 1) == "to"
            && t.tokens[i + 2].kind == Kind::Word
            && !t.is_capitalized(i + 2)
            && !is(t.str(i + 2), class::DETERMINER)
            && pronoun_gender(t.str(i + 2)).is_none()
            && !is_object_pronoun(t.str(i + 2));
        matches!(t.str(i), "it" | "them" | "this" | "so")
            && !infinitive
            && (i + 1 >= ceil
                || is(t.str(i + 1), class::PREPOSITION | class::TIME)
                || matches!(t.str(i + 1), "." | "," | "at" | "by"))
    }

    /// The clause that starts at token `a`: up to the sentence's end at `ceil`, a semicolon, a
    /// comma before a clause of the reporter's own ("..., but", "..., according to"), a
    /// new attribution ("..., saying", "..., he said").
    pub(super) fn clause_after(&self, a: usize, ceil: usize) -> Option<Range<usize>> {
        let t = self.t;
        let mut e = a;
        while e < ceil {
            let w = t.str(e);
            // A dash goes on: PolNeAR's clause runs over an aside in dashes ("the plan
            // had successes — for instance, the new lanes").
            if e > a && w == ";" {
                break;
            }
            // `... at the ballot box. "I think ...`: a full stop before a quotation ends the
            // clause where the sentence split missed it.
            if e > a && w == "." && e + 1 < ceil && self.opens_quotation(e + 1) {
                break;
            }
            // "said he had battled pneumonia and called it common": a second cue of the same
            // subject, or of a new one ("though she noted"), reports a clause of its own.
            if e > a + 1
                && !self.in_quote[e]
                && opens_coordinate(w)
                && self.cue_follows(e + 1, ceil)
            {
                break;
            }
            // (A comma just inside closing marks is the clause's comma too: "“jobs, jobs,”
            // but he has also ...".)
            let comma = (w == "," && !self.in_quote[e])
                || (is_close_mark(w) || w == "\"") && t.str(e - 1) == "," && self.in_quote[e - 1];
            if comma && e > a + 1 && e + 1 < ceil {
                let n = t.str(e + 1);
                let participle = n.ends_with("ing") && is_reporting_verb(n);
                // "said there are no good options, but that ...", "..., but not ...": the
                // reported clause goes on.
                let goes_on = n == "but"
                    && e + 2 < ceil
                    && matches!(
                        t.str(e + 2),
                        "that" | "not" | "also" | "rather" | "a" | "an" | "no"
                    );
                if !goes_on
                    && (opens_new_clause(n) || participle || self.attribution_follows(e + 1, ceil))
                {
                    break;
                }
            }
            e += 1;
        }
        self.trimmed(a, e)
    }

    /// Whether token `i` opens a quotation: an opening mark, a straight double quote, or the
    /// two apostrophes some archives quote with.
    fn opens_quotation(&self, i: usize) -> bool {
        let t = self.t;
        let w = t.str(i);
        is_open_mark(w)
            || w == "\""
            || (w == "'"
                && i + 1 < t.len()
                && t.str(i + 1) == "'"
                && t.tokens[i + 1].start == t.tokens[i].end)
    }

    /// A cue within the next few words, after at most a pronoun or a filler ("and called",
    /// "though she noted", "and also says"), or a name ("and John Okafor said").
    fn cue_follows(&self, a: usize, ceil: usize) -> bool {
        let t = self.t;
        let a = match self.entity(a).filter(|(s, _)| s.start == a) {
            Some((s, _)) => s.end,
            None if a < ceil && t.is_capitalized(a) && t.tokens[a].kind == Kind::Word => a + 1,
            None => a,
        };
        (a..ceil.min(a + 3))
            .take_while(|&i| t.tokens[i].kind == Kind::Word && !self.in_quote[i])
            .find(|&i| !(is_verb_filler(t.str(i)) || pronoun_gender(t.str(i)).is_some()))
            .is_some_and(|i| self.is_cue_verb(i))
    }

    /// "Go home, he said", "..., the Russian leader replied: ...": after a comma, a subject of
    /// its own and a verb of speech.
    fn attribution_follows(&self, a: usize, ceil: usize) -> bool {
        let t = self.t;
        (a..ceil.min(a + 7))
            .take_while(|&i| t.tokens[i].kind != Kind::Punct || t.str(i) == "’s")
            .any(|i| is_speech_verb_at(t, i) || self.is_cue_verb(i))
    }

    /// The clause from `floor` to `end` (exclusive) that an attribution after it reports, of at
    /// least `min_words` words.
    pub(super) fn clause_before(
        &self,
        floor: usize,
        end: usize,
        min_words: usize,
    ) -> Option<Range<usize>> {
        let t = self.t;
        // "... of golf. ''They're spending a fortune,'' she said": a full stop before a
        // quotation opens the clause where the sentence split missed it.
        let floor = (floor..end.saturating_sub(1))
            .rev()
            .find(|&i| matches!(t.str(i), "." | "?" | "!") && self.opens_quotation(i + 1))
            .map_or(floor, |i| i + 1);
        let mut a = (floor..end).find(|&i| !is(t.str(i), class::SENTENCE_ADVERB))?;
        // "WASHINGTON (Reuters) - The Fed will ...": the dateline's place, in capitals before
        // the blank its masked agency leaves, is no part of the clause.
        if let Some(b) = (a + 1..end.min(a + 5)).find(|&i| t.after_blank(i)) {
            if (a..b).all(|i| !t.str(i).chars().any(char::is_lowercase)) {
                a = b;
            }
        }
        let words = (a..end).filter(|&i| t.tokens[i].kind == Kind::Word).count();
        if words < min_words {
            return None;
        }
        self.trimmed(a, end)
    }

    /// `a..e` without the punctuation that ends it (a closing quotation mark stays).
    pub(super) fn trimmed(&self, a: usize, mut e: usize) -> Option<Range<usize>> {
        let t = self.t;
        while e > a
            && t.tokens[e - 1].kind == Kind::Punct
            && matches!(
                t.str(e - 1),
                "." | "," | ";" | ":" | "!" | "?" | "-" | "—" | "–" | "("
            )
        {
            e -= 1;
        }
        (e > a && (a..e).any(|i| t.tokens[i].kind == Kind::Word)).then_some(a..e)
    }
}
