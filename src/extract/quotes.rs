//! Quotes and their speakers: passages in quotation marks that are speech, each attributed to the
//! person (or organisation, or unnamed source) that said it, by rules over tokens and entities.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use serde::Serialize;

use super::entities::{is_title, Span};
use super::lexicon::{pronoun_gender, title_gender, Gender, LEXICON};
use super::names::name_gender;
use super::tokens::{Kind, Tokens};
use super::EntityType;

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

/// Verbs of speech in every inflection, plus "according" (to).
static REPORTING_VERBS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    const IRREGULAR: &[&str] = &[
        "say",
        "says",
        "said",
        "saying",
        "tell",
        "tells",
        "told",
        "telling",
        "write",
        "writes",
        "wrote",
        "written",
        "writing",
        "speak",
        "speaks",
        "spoke",
        "according",
        "read",
        "reads",
        // "emails" and "texts" are nouns as often as not.
        "emailed",
        "texted",
    ];
    const REGULAR: &[&str] = &[
        "add",
        "warn",
        "tweet",
        "claim",
        "insist",
        "argue",
        "explain",
        "note",
        "state",
        "declare",
        "announce",
        "reply",
        "respond",
        "ask",
        "answer",
        "recall",
        "suggest",
        "acknowledge",
        "observe",
        "conclude",
        "predict",
        "describe",
        "call",
        "comment",
        "remark",
        "report",
        "agree",
        "deny",
        "confirm",
        "post",
        "testify",
        "complain",
        "boast",
        "joke",
        "vow",
        "promise",
        "stress",
        "emphasize",
        "emphasise",
        "shout",
        "scream",
        "whisper",
        "exclaim",
        "concede",
        "maintain",
        "contend",
        "assert",
        "allege",
        "mention",
        "reveal",
        "recount",
        "blast",
        "tout",
        "brag",
        "lament",
        "urge",
        "caution",
        "wonder",
        "counter",
        "retort",
        "reiterate",
        "repeat",
        "proclaim",
        "pledge",
        "threaten",
        "speculate",
        "charge",
        "acknowledge",
        "muse",
        "quote",
        "opine",
        "rule",
        "demand",
        "plead",
        "order",
        "advise",
        "continue",
        "chant",
        "assure",
        "accuse",
        "fume",
        "scoff",
        "gush",
        "tease",
        "mock",
        "hint",
        "recite",
        "bark",
        "yell",
        "remember",
        "sneer",
        "rail",
    ];
    const DOUBLING: &[(&str, &str)] = &[
        ("admit", "admitt"),
        ("quip", "quipp"),
        ("slam", "slamm"),
        ("snap", "snapp"),
    ];
    let mut set: HashSet<String> = IRREGULAR.iter().map(|s| s.to_string()).collect();
    for w in REGULAR {
        set.insert(w.to_string());
        let (third, past, ing) = if let Some(stem) = w
            .strip_suffix('y')
            .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
        {
            (
                format!("{stem}ies"),
                format!("{stem}ied"),
                format!("{w}ing"),
            )
        } else if let Some(stem) = w.strip_suffix('e') {
            (format!("{w}s"), format!("{w}d"), format!("{stem}ing"))
        } else if w.ends_with("ss") || w.ends_with("sh") || w.ends_with("ch") {
            (format!("{w}es"), format!("{w}ed"), format!("{w}ing"))
        } else {
            (format!("{w}s"), format!("{w}ed"), format!("{w}ing"))
        };
        set.extend([third, past, ing]);
    }
    for (w, stem) in DOUBLING {
        set.extend([
            w.to_string(),
            format!("{w}s"),
            format!("{stem}ed"),
            format!("{stem}ing"),
        ]);
    }
    set
});

/// Whether `w` is a verb of speech ("said", "tells", "according").
pub fn is_reporting_verb(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase) && REPORTING_VERBS.contains(w)
}

/// Whether token `i` is a verb of speech used as a verb: "his promise", "the report" and "a
/// call" are nouns, "to announce" is not a saying.
fn is_speech_verb_at(t: &Tokens, i: usize) -> bool {
    // "“...,” Bennett shot back", "Trump went on": phrasal verbs of speech.
    let next = t.tokens.get(i + 1).map(|_| t.str(i + 1));
    if matches!(t.str(i), "shot" | "fired" | "hit" | "snapped") && next == Some("back")
        || matches!(t.str(i), "went" | "goes") && next == Some("on")
    {
        return true;
    }
    // "bottles that said": a form that is never a noun, after a relative "that".
    let relative = i > 0
        && t.str(i - 1) == "that"
        && matches!(
            t.str(i),
            "said" | "says" | "read" | "reads" | "told" | "wrote"
        );
    is_reporting_verb(t.str(i))
        && (relative
            || !(i > 0
                && matches!(
                    t.str(i - 1),
                    "his"
                        | "her"
                        | "their"
                        | "its"
                        | "my"
                        | "our"
                        | "your"
                        | "the"
                        | "a"
                        | "an"
                        | "this"
                        | "that"
                        | "these"
                        | "those"
                        | "The"
                        | "A"
                        | "His"
                        | "Her"
                        | "’s"
                )))
}

fn is_open_mark(s: &str) -> bool {
    matches!(s, "“" | "«" | "„")
}

fn is_close_mark(s: &str) -> bool {
    matches!(s, "”" | "»")
}

/// Words that end a noun phrase when walking over it.
fn is_np_boundary(w: &str) -> bool {
    matches!(
        w,
        "that"
            | "which"
            | "who"
            | "whom"
            | "whose"
            | "when"
            | "while"
            | "with"
            | "and"
            | "but"
            | "or"
            | "as"
            | "because"
            | "after"
            | "before"
            | "if"
            | "since"
            | "although"
            | "though"
            | "where"
            | "than"
            | "so"
            | "then"
            | "was"
            | "were"
            | "is"
            | "are"
            | "be"
            | "been"
            | "has"
            | "have"
            | "had"
            | "will"
            | "would"
            | "can"
            | "could"
            | "should"
            | "did"
            | "does"
            | "do"
            | "may"
            | "might"
            | "must"
            | "not"
            | "also"
            | "later"
            | "again"
            | "once"
            | "still"
            | "now"
            | "today"
            | "yesterday"
            | "earlier"
            | "by"
            | "on"
            | "in"
            | "about"
            | "over"
            | "during"
            | "into"
            | "it"
            | "this"
            | "there"
            | "When"
            | "While"
            | "As"
            | "But"
            | "And"
            | "If"
            | "After"
            | "Before"
            | "In"
            | "On"
    )
}

/// Nouns for what someone said: "his promise to be “neutral”".
fn is_speech_noun(w: &str) -> bool {
    matches!(
        w,
        "call"
            | "calls"
            | "promise"
            | "promises"
            | "pledge"
            | "claim"
            | "claims"
            | "remark"
            | "remarks"
            | "comment"
            | "comments"
            | "statement"
            | "words"
            | "description"
            | "vow"
            | "warning"
            | "demand"
            | "demands"
            | "argument"
            | "assertion"
            | "suggestion"
            | "accusation"
            | "criticism"
            | "message"
            | "slogan"
            | "plea"
            | "refrain"
            | "mantra"
            | "insistence"
    )
}

/// Verbs after which the speaker may follow: "..., said Kendall-Taylor", "asked the senator".
fn is_invertible(w: &str) -> bool {
    matches!(
        w,
        "said"
            | "says"
            | "added"
            | "adds"
            | "asked"
            | "asks"
            | "wrote"
            | "writes"
            | "explained"
            | "noted"
            | "continued"
            | "recalled"
            | "replied"
            | "responded"
            | "argued"
            | "warned"
            | "insisted"
            | "declared"
            | "tweeted"
            | "observed"
            | "countered"
            | "quipped"
            | "joked"
            | "concluded"
            | "stated"
            | "according"
            | "cautioned"
            | "acknowledged"
            | "conceded"
            | "reported"
            | "reports"
            | "posted"
    )
}

/// Words between a subject and its verb that do not break the link ("he also said").
fn is_verb_filler(w: &str) -> bool {
    (w.len() > 3 && w.ends_with("ly") && w.chars().all(char::is_lowercase))
        || matches!(
            w,
            "also"
                | "later"
                | "then"
                | "again"
                | "has"
                | "have"
                | "had"
                | "will"
                | "would"
                | "once"
                | "previously"
                | "recently"
                | "repeatedly"
                | "was"
                | "is"
                | "were"
                | "are"
                | "further"
                | "simply"
                | "just"
                | "even"
                | "often"
                | "reportedly"
                | "already"
                | "still"
                | "kept"
                | "keeps"
                | "began"
                | "begins"
                | "started"
                | "starts"
        )
}

/// Days and other times that sit between a subject and its verb ("Lopez on Friday said").
fn is_time_word(w: &str) -> bool {
    matches!(
        w,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "today"
            | "yesterday"
            | "tonight"
            | "week"
            | "night"
            | "morning"
            | "afternoon"
            | "evening"
    )
}

fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "of" | "to" | "for" | "at" | "from" | "in" | "on" | "with" | "during" | "after" | "before"
    )
}

fn is_indefinite(w: &str) -> bool {
    matches!(
        w,
        "a" | "A" | "an" | "An" | "another" | "Another" | "one" | "One"
    )
}

/// A speaker before resolution: the mention, and what it names.
#[derive(Debug, Clone)]
struct Speaker {
    name: Option<String>,
    span: (usize, usize),
    gender: Option<Gender>,
    /// The role noun of an unnamed source introduced here ("a presidential aide": "aide").
    role: Option<String>,
}

impl Speaker {
    /// A source the article does not name ("the aide", "it"), known by its mention.
    fn unnamed(span: (usize, usize)) -> Speaker {
        Speaker {
            name: None,
            span,
            gender: None,
            role: None,
        }
    }
}

/// A named person in focus, for pronouns: who, at which token, and where the mention is.
struct Focus {
    at: usize,
    speaker: Speaker,
}

/// The per-article state of attribution.
struct Attributor<'a, 'e> {
    t: &'a Tokens<'a>,
    /// Entity index of each token, for tokens inside an entity.
    entity_at: Vec<Option<u32>>,
    entities: &'e [(Span, String)],
    in_quote: Vec<bool>,
    sentence_of: Vec<u32>,
    focus: Vec<Focus>,
    /// First mentions of unnamed sources ("a presidential aide"), by head noun.
    unnamed: Vec<(String, (usize, usize))>,
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

/// A quotation: the token of its opening mark and of its closing mark (or one past the paragraph
/// for a quote left open at a paragraph's end).
#[derive(Debug, Clone, Copy)]
struct QuoteSpan {
    open: usize,
    close: usize,
}

impl QuoteSpan {
    fn bytes(&self, t: &Tokens) -> (usize, usize) {
        let start = t.tokens[self.open].end as usize;
        let end = if self.close < t.len()
            && t.tokens[self.close].para == t.tokens[self.open].para
            && (is_close_mark(t.str(self.close)) || t.str(self.close) == "\"")
        {
            t.tokens[self.close].start as usize
        } else {
            t.tokens[self.close - 1].end as usize
        };
        let text = &t.text[start..end];
        let lead = text.len() - text.trim_start().len();
        (start + lead, start + text.trim_end().len())
    }
}

/// Pairs quotation marks within each paragraph; a mark left open runs to the paragraph's end and
/// no further, so one stray mark cannot swallow the article.
fn quote_spans(t: &Tokens) -> Vec<QuoteSpan> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    // Inside markup such as `<tweet author="...">` quotation marks delimit attributes.
    let mut in_tag = false;
    for i in 0..t.len() {
        if i > 0 && t.tokens[i].para != t.tokens[i - 1].para {
            in_tag = false;
            if let Some(o) = open.take() {
                out.push(QuoteSpan { open: o, close: i });
            }
        }
        let s = t.str(i);
        match s {
            "<" if t.tokens.get(i + 1).is_some_and(|n| {
                n.start == t.tokens[i].end && (n.kind == Kind::Word || t.str(i + 1) == "/")
            }) =>
            {
                in_tag = true;
            }
            ">" => in_tag = false,
            _ => {}
        }
        if in_tag
            || t.tokens[i].kind != Kind::Punct
            || !(is_open_mark(s) || is_close_mark(s) || s == "\"")
        {
            continue;
        }
        // Which way a mark faces: an opening mark leans on the word after it, a closing mark on
        // the word before it ("said,“" closes, whatever the glyph). The glyph decides the rest.
        let glued_before = i > 0
            && t.tokens[i - 1].end == t.tokens[i].start
            && t.tokens[i - 1].para == t.tokens[i].para;
        let glued_after = i + 1 < t.len()
            && t.tokens[i + 1].start == t.tokens[i].end
            && t.tokens[i + 1].para == t.tokens[i].para;
        let closes = match (glued_before, glued_after) {
            (true, false) => true,
            (false, true) => false,
            _ => is_close_mark(s) || (s == "\"" && open.is_some()),
        };
        match open {
            None if !closes => open = Some(i),
            Some(o) if closes => {
                out.push(QuoteSpan { open: o, close: i });
                open = None;
            }
            _ => {}
        }
    }
    if let Some(o) = open {
        out.push(QuoteSpan {
            open: o,
            close: t.len(),
        });
    }
    out
}

/// Whether a quotation has no words at all: numbers, dates, handles ("@user"), single letters.
fn has_no_words(t: &Tokens, q: &QuoteSpan) -> bool {
    !(q.open + 1..q.close.min(t.len())).any(|i| {
        t.tokens[i].kind == Kind::Word
            && t.str(i).chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !(i > 0 && t.str(i - 1) == "@" && t.tokens[i - 1].end == t.tokens[i].start)
    })
}

/// Words before a name in quotation marks that make it something said: "called her “Miss
/// Piggy”", "described it as “Plan B”".
fn introduces_a_saying(w: &str) -> bool {
    is_reporting_verb(w)
        || matches!(
            w,
            "her"
                | "him"
                | "them"
                | "it"
                | "as"
                | "himself"
                | "herself"
                | "themselves"
                | ":"
                | ","
                | "“"
        )
}

/// A short run of capitalised words with no sentence punctuation: a name or a title in quotation
/// marks ("The Beast"), not speech.
fn is_name_like(t: &Tokens, q: &QuoteSpan) -> bool {
    let inner = q.open + 1..q.close.min(t.len());
    let last = inner.end.saturating_sub(1);
    let mut words = 0;
    for i in inner {
        let w = t.str(i);
        match t.tokens[i].kind {
            // A comma or stop at the very end is American punctuation, not part of the name.
            Kind::Punct if i == last && matches!(w, "." | ",") => {}
            Kind::Punct if matches!(w, "." | "!" | "?" | ",") => return false,
            Kind::Punct => {}
            Kind::Number => words += 1,
            _ => {
                words += 1;
                let small = matches!(
                    w,
                    "of" | "the"
                        | "and"
                        | "a"
                        | "an"
                        | "in"
                        | "on"
                        | "for"
                        | "with"
                        | "to"
                        | "at"
                        | "by"
                        | "from"
                        | "or"
                        | "vs"
                );
                if !t.is_capitalized(i) && !small {
                    return false;
                }
            }
        }
    }
    words <= 5
}

impl<'a> Attributor<'a, '_> {
    fn entity(&self, i: usize) -> Option<&(Span, String)> {
        self.entity_at[i].map(|e| &self.entities[e as usize])
    }

    fn bytes(&self, a: usize, b: usize) -> (usize, usize) {
        (
            self.t.tokens[a].start as usize,
            self.t.tokens[b - 1].end as usize,
        )
    }

    /// Records the people in focus between two tokens: the subjects of verbs of speech and the
    /// people who open a sentence, outside quotation marks.
    fn advance_focus(&mut self, from: usize, to: usize) {
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

    fn person(&self, s: &Span, name: String) -> Speaker {
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

    /// `“...,” he said` and `“...” for Putin, said Ms Kendall-Taylor`: the first verb of speech after the quote.
    fn speaker_after(&self, r: Range<usize>) -> Option<Speaker> {
        // A verb in a clause of its own ("“Spanish,” which is what some call them") says
        // nothing of the quote.
        let v = r
            .take_while(|&i| {
                let w = self.t.str(i);
                !is_open_mark(w)
                    && !matches!(
                        w,
                        "which"
                            | "who"
                            | "whom"
                            | "that"
                            | "because"
                            | "while"
                            | "although"
                            | "whereas"
                    )
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
    fn speaker_before(&self, r: Range<usize>) -> Option<Speaker> {
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
    fn speaker_in_next_sentence(&self, close: usize) -> Option<Speaker> {
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
    fn speaker_before_colon(&self, open: usize, before: Range<usize>) -> Option<Speaker> {
        if before.is_empty() || self.t.str(open - 1) != ":" {
            return None;
        }
        self.np_after(before.start, open - 1)
    }

    /// `“...” ― Edwin Monroy` and a quote paragraph followed by `-President Obama, tweeting`:
    /// a dash and a name right after the quote.
    fn speaker_after_dash(&self, close: usize) -> Option<Speaker> {
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

    /// `The New York Times reports:` closing a paragraph, the quote opening the next: that
    /// sentence's speaker.
    fn speaker_of_colon_paragraph(&self, open: usize) -> Option<Speaker> {
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

    /// Who performs the verb of speech at token `v`.
    fn subject_of(&self, v: usize) -> Option<Speaker> {
        let t = self.t;
        let sent = &t.sentences[self.sentence_of[v] as usize];
        if t.str(v).eq_ignore_ascii_case("according") {
            return (v + 2 < sent.end && t.str(v + 1) == "to")
                .then(|| self.np_after(v + 2, sent.end))
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
            return self.np_after(v + 2, sent.end);
        }
        let mut p = v;
        loop {
            while p > sent.start && is_verb_filler(t.str(p - 1)) {
                p -= 1;
            }
            // "Lopez on Friday described": a time between subject and verb.
            if p > sent.start && is_time_word(t.str(p - 1)) {
                p -= 1;
                if p > sent.start && matches!(t.str(p - 1), "on" | "last" | "this") {
                    p -= 1;
                }
                continue;
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
            // "Trump took to Twitter, writing: ...", "Spicer said, adding, ...": the subject of
            // the verb of speech before, or else of the sentence.
            Some(",") if w.ends_with("ing") => {
                let earlier = (sent.start..p - 1)
                    .rev()
                    .find(|&i| !self.in_quote[i] && is_speech_verb_at(t, i));
                return earlier
                    .and_then(|e| self.subject_of(e))
                    .or_else(|| self.sentence_subject(sent.start..p - 1))
                    .or_else(|| self.sentence_start_np(sent.start, p - 1));
            }
            // "X said ... and accused him of ...": the subject of the verb before.
            Some("and" | "but" | "or" | "then") => {
                let earlier = (sent.start..p - 1)
                    .rev()
                    .find(|&i| !self.in_quote[i] && is_speech_verb_at(t, i));
                return match earlier {
                    Some(e) => self.subject_of(e),
                    None => self.sentence_start_np(sent.start, p - 1),
                };
            }
            _ => {}
        }
        // "said Scott Reed, the strategist, who added that ...": the person "who" stands for,
        // with the attribution resting on "who"; "bottles that said" likewise on "that".
        if let Some(i) = prev.filter(|&i| matches!(t.str(i), "who" | "that" | "which")) {
            let span = self.bytes(i, i + 1);
            // "who" stands for a person; "that" and "which" for a thing, left unnamed.
            let stands_for = if t.str(i) == "who" {
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
            // "Stanton wrote a letter to Lynch asking ...": a participle after something that
            // cannot speak belongs to the sentence's subject.
            Some(i) if w.ends_with("ing") && t.tokens[i].kind != Kind::Punct => {
                let np = self.np_before(i, sent.start);
                if np
                    .as_ref()
                    .is_some_and(|s| s.name.is_some() || s.role.is_some())
                {
                    return np;
                }
                self.sentence_start_np(sent.start, p).or(np)
            }
            Some(i) if t.tokens[i].kind != Kind::Punct || t.str(i) == "’s" => {
                self.np_before(i, sent.start)
            }
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
                // `“...,” said one Republican involved in the planning, who...`: after a quote
                // everything up to the next comma is the speaker.
                if is_invertible(t.str(v)) && (is_close_mark(t.str(i)) || t.str(i) == "\"") {
                    if let Some(s) = self.np_up_to_comma(v + 1, sent.end) {
                        return Some(s);
                    }
                }
                // "..., said Kendall-Taylor": only verbs of saying put the speaker after them.
                if is_invertible(t.str(v)) {
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

    /// The noun phrase that ends at token `end` (inclusive), resolved to a speaker.
    fn np_before(&self, end: usize, floor: usize) -> Option<Speaker> {
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
    fn np_after(&self, start: usize, ceil: usize) -> Option<Speaker> {
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
        let named = (start..b)
            .find_map(|i| self.entity(i))
            .filter(|(s, _)| s.kind != EntityType::Place);
        let alone = b >= ceil || t.tokens[b].kind == Kind::Punct;
        match named {
            Some((s, _)) if s.start <= start + 2 => self.resolve(start, s.end.max(start + 1)),
            _ if alone && b - start <= 5 && pronoun_gender(t.str(start)).is_none() => {
                self.resolve(start, b)
            }
            _ => None,
        }
    }

    /// The words from `start` to the next punctuation (or "who"), at most twelve, resolved.
    fn np_up_to_comma(&self, start: usize, ceil: usize) -> Option<Speaker> {
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
        self.resolve(start, b)
    }

    /// The noun phrase that opens a sentence, up to `end`: a name, a pronoun or a description.
    fn sentence_start_np(&self, start: usize, end: usize) -> Option<Speaker> {
        let t = self.t;
        let first = (start..end).find(|&i| {
            !matches!(
                t.str(i),
                "But" | "And" | "So" | "Yet" | "Then" | "Still" | "Also"
            )
        })?;
        // "Her chief aide": a possessive opening a description, not the pronoun.
        if let Some(s) = self.description_subject(first, end) {
            return Some(s);
        }
        match pronoun_gender(t.str(first)) {
            Some(Some(g)) => Some(self.antecedent(first, Some(g))),
            _ => self.np_after(first, end),
        }
    }

    /// "The agency declined to detail its “scope”", "His chief aide doubled down, saying ...":
    /// a description opening the sentence, followed by something verb-like, as its subject.
    fn description_subject(&self, first: usize, end: usize) -> Option<Speaker> {
        let t = self.t;
        if !matches!(
            t.str(first),
            "The" | "A" | "An" | "His" | "Her" | "Their" | "Its"
        ) {
            return None;
        }
        let mut b = first + 1;
        while b < end && b - first <= 4 {
            let w = t.str(b);
            if t.tokens[b].kind != Kind::Word
                || w.ends_with("ed")
                || is_verb_filler(w)
                || is_np_boundary(w)
                || is_preposition(w)
            {
                break;
            }
            b += 1;
        }
        let verb_like = b < end && b > first + 1 && {
            let w = t.str(b);
            t.tokens[b].kind == Kind::Word && (w.ends_with("ed") || is_verb_filler(w))
        };
        verb_like.then(|| self.resolve(first, b)).flatten()
    }

    /// `rallied young people with his calls to end the “rigged economy”`: words someone owns
    /// ("his promise", "her remarks") just before the quote; the possessive is the mention.
    fn possessor_of_words(&self, before: Range<usize>) -> Option<Speaker> {
        let t = self.t;
        let start = before.end.saturating_sub(6).max(before.start);
        let p = (start..before.end.saturating_sub(1)).rev().find(|&i| {
            matches!(t.str(i), "his" | "her" | "His" | "Her")
                && is_speech_noun(t.str(i + 1))
                && (i + 1..before.end)
                    .all(|j| t.tokens[j].kind != Kind::Punct || j + 1 == before.end)
        })?;
        let g = pronoun_gender(t.str(p)).flatten();
        Some(self.antecedent(p, g))
    }

    /// `Sanders has pushed his promise of “free college”`: with no verb of speech, the subject
    /// that opens the sentence, after an opening phrase ("A month later, he ...") and with the
    /// words that describe it ("Democratic presidential candidate Sen. Bernie Sanders").
    fn sentence_subject(&self, before: Range<usize>) -> Option<Speaker> {
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
        let subordinate = matches!(
            t.str(first),
            "When"
                | "After"
                | "Before"
                | "While"
                | "Although"
                | "Though"
                | "If"
                | "As"
                | "Since"
                | "Because"
                | "Once"
                | "Until"
                | "Whether"
        );
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

    /// What the words `a..b` name: an entity, a pronoun's antecedent, a role's holder, or an
    /// unnamed source.
    fn resolve(&self, a: usize, b: usize) -> Option<Speaker> {
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
            let participle = first.chars().next().is_some_and(char::is_lowercase)
                && (first.ends_with("ing") || first.ends_with("ed") || is_reporting_verb(first));
            // A description opens with a determiner, a number or a capital ("the attendees",
            // "Law enforcement sources"), not with an adverb or a verb ("almost", "sent an email").
            let opens = t.is_capitalized(a)
                || t.tokens[a].kind == Kind::Number
                || matches!(
                    first,
                    "the"
                        | "a"
                        | "an"
                        | "one"
                        | "another"
                        | "some"
                        | "many"
                        | "several"
                        | "most"
                        | "his"
                        | "her"
                        | "their"
                        | "its"
                        | "our"
                        | "this"
                        | "these"
                        | "those"
                        | "two"
                        | "three"
                        | "both"
                        | "other"
                        | "few"
                );
            // ... or is a bare plural ("critics said").
            let plural = b - a == 1 && first.ends_with('s') && !first.ends_with("ss");
            let nouny = t.tokens[b - 1].kind == Kind::Word
                && (opens || plural)
                && !participle
                && !is_np_boundary(t.str(b - 1))
                && !is_preposition(t.str(b - 1))
                && !matches!(t.str(b - 1), "the" | "a" | "an" | "The" | "A" | "An");
            return nouny.then_some(Speaker::unnamed(span));
        }
        if is_indefinite(t.str(a)) {
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
        if matches!(
            role.as_str(),
            "leader"
                | "president"
                | "minister"
                | "premier"
                | "chancellor"
                | "governor"
                | "mayor"
                | "senator"
                | "king"
                | "queen"
                | "secretary"
                | "candidate"
                | "nominee"
        ) {
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
    fn antecedent(&self, at: usize, g: Option<Gender>) -> Speaker {
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

#[cfg(test)]
mod tests {
    use crate::extract::Extractor;
    use crate::Article;

    /// (quote, speaker name or the unnamed source's words) for each quote found.
    fn quotes(body: &str) -> Vec<(String, String)> {
        let a = Article::from_text("t", "", body);
        Extractor::default()
            .enrich(&a)
            .quotes
            .iter()
            .map(|q| {
                let who = match (&q.speaker, q.speaker_span) {
                    (Some(s), _) => s.clone(),
                    (None, Some((s0, s1))) => format!("({})", &body[s0..s1]),
                    (None, None) => "?".into(),
                };
                (body[q.start..q.end].to_string(), who)
            })
            .collect()
    }

    /// Each pattern the attributor covers, in a sentence of our own.
    #[test]
    fn attribution_patterns() {
        let maria = "Maria Lopez, the mayor of Springfield, spoke on Monday.\n";
        for (body, want) in [
            // "...," X said
            (format!("{maria}“We will rebuild the bridge,” Lopez said."), vec![("We will rebuild the bridge,", "Maria Lopez")]),
            // "...," said X, with an apposition after the name
            ("“The plan is late,” said John Okafor, an engineer at the port.".to_string(), vec![("The plan is late,", "John Okafor")]),
            // X said "..."
            (format!("{maria}Lopez said: “The bridge opens in May.”"), vec![("The bridge opens in May.", "Maria Lopez")]),
            // X told Y: "..."
            (format!("{maria}Lopez told reporters: “We are ready.”"), vec![("We are ready.", "Maria Lopez")]),
            // according to X
            ("“Costs doubled,” according to John Okafor.".to_string(), vec![("Costs doubled,", "John Okafor")]),
            // he/she resolved to the person in focus, by sex
            (
                "John Okafor met Maria Lopez on Friday. Okafor said the talks went well.\n“We agreed on the budget,” she said.".to_string(),
                vec![("We agreed on the budget,", "Maria Lopez")],
            ),
            (
                "Maria Lopez met John Okafor on Friday. Lopez said the talks went well.\n“We agreed on the budget,” he said.".to_string(),
                vec![("We agreed on the budget,", "John Okafor")],
            ),
            // a paragraph that is all quote continues the previous speaker
            (
                format!("{maria}“We will rebuild,” Lopez said.\n“And we will do it this year.”"),
                vec![("We will rebuild,", "Maria Lopez"), ("And we will do it this year.", "Maria Lopez")],
            ),
            // a quote over two paragraphs: a mark opens each, only the last closes
            (
                format!("{maria}Lopez said: “The first part is done.\n“The second part starts soon.”"),
                vec![("The first part is done.", "Maria Lopez"), ("The second part starts soon.", "Maria Lopez")],
            ),
            // a partial quote inside the reporter's sentence
            (format!("{maria}Lopez called the delay “a disgrace” on Monday."), vec![("a disgrace", "Maria Lopez")]),
            // single quotes inside double ones stay inside
            (format!("{maria}“They said ‘wait’, and we waited,” Lopez said."), vec![("They said ‘wait’, and we waited,", "Maria Lopez")]),
            // role nouns: the person who held the role earlier
            (
                "Springfield Mayor Maria Lopez met the governor. Later the mayor said: “We are not done.”".to_string(),
                vec![("We are not done.", "Maria Lopez")],
            ),
            // an organisation as speaker
            ("“The report is false,” the Springfield Water Authority said.".to_string(), vec![("The report is false,", "Springfield Water Authority")]),
            // an unnamed source kept as its words
            ("“Nobody told us,” a resident of the street said.".to_string(), vec![("Nobody told us,", "(a resident of the street)")]),
            // the source a report rests on: "according to" outranks the verb
            (
                format!("{maria}“We are ready,” Lopez told the council, according to the Springfield Gazette."),
                vec![("We are ready,", "Springfield Gazette")],
            ),
            // a named subject before an apposition, not the word after the verb
            (
                "John Okafor, an engineer who advised Lopez, said Springfield has been “a model city.”".to_string(),
                vec![("a model city.", "John Okafor")],
            ),
            // a participle after a thing belongs to the sentence's subject
            (
                format!("{maria}Lopez wrote a letter to the council asking it to end the “shameful delay.”"),
                vec![("shameful delay.", "Maria Lopez")],
            ),
            // an opening phrase before the subject, and words that describe the subject
            (
                "In a speech on Monday, Springfield mayor Maria Lopez called the plan “a disgrace.”".to_string(),
                vec![("a disgrace.", "Maria Lopez")],
            ),
            // "continued" is a verb of speech
            (format!("{maria}“We will finish,” Lopez continued."), vec![("We will finish,", "Maria Lopez")]),
            // "who" after a name: the person, with the attribution resting on "who"
            (
                "“We are ready,” said John Okafor, an engineer, who added that the port was “nearly done.”".to_string(),
                vec![("We are ready,", "John Okafor"), ("nearly done.", "John Okafor")],
            ),
            // a subordinate clause before the subject, whoever it names
            (
                format!("{maria}When John Okafor resigned, she called the news “a real loss.”"),
                vec![("a real loss.", "Maria Lopez")],
            ),
            // words someone owns just before the quote
            (
                format!("{maria}Voters cheered her promise to be “tough on crime.”"),
                vec![("tough on crime.", "Maria Lopez")],
            ),
            // "According to X," at the start of the sentence
            (
                format!("{maria}According to the Springfield Gazette, “the bridge is safe.”"),
                vec![("the bridge is safe.", "Springfield Gazette")],
            ),
            // a paragraph ending in a colon introduces the quote of the next
            (
                format!("{maria}Lopez told the council:\n“We will rebuild the bridge this year.”"),
                vec![("We will rebuild the bridge this year.", "Maria Lopez")],
            ),
            // a verb far after a mid-sentence quote belongs to another clause
            (
                format!("{maria}Lopez called the delay “a disgrace” on Monday, and John Okafor later said nothing."),
                vec![("a disgrace", "Maria Lopez")],
            ),
            // an exclamation ends the sentence; the attribution follows with a phrase
            (
                format!("{maria}“We won!” Lopez wrote in an email to the council on Friday."),
                vec![("We won!", "Maria Lopez")],
            ),
            // the main clause's speaker, not a verb inside what they said
            (
                format!("{maria}At one point, Lopez said reporters were calling “every ten minutes.”"),
                vec![("every ten minutes.", "Maria Lopez")],
            ),
            // a question ends the sentence; a name and its verb open the next, however long
            (
                format!("{maria}“Do you think I will change?” Lopez asked reporters rhetorically during a long news conference on Friday."),
                vec![("Do you think I will change?", "Maria Lopez")],
            ),
            // a verb in a subordinate clause does not outrank the main clause's
            (
                "While not everything John Okafor says is true, Maria Lopez said he was “mostly right.”".to_string(),
                vec![("mostly right.", "Maria Lopez")],
            ),
            // a description with a possessive before a participle
            (
                "Her chief aide doubled down, saying the plan was “dead on arrival.”".to_string(),
                vec![("dead on arrival.", "(Her chief aide)")],
            ),
            // ", adding, ..." belongs to the verb of speech before it
            (
                format!("{maria}Okafor and Lopez will meet next week, Lopez said, adding, “We need a good talk.”"),
                vec![("We need a good talk.", "Maria Lopez")],
            ),
            // a name with a parenthesis before an apposition
            (
                "Later, Sen. John Okafor (D-N.Y.), who backs the plan, said Lopez was “stronger” now.".to_string(),
                vec![("stronger", "John Okafor")],
            ),
            // a name, an apposition with commas of its own, then the verb
            (
                "John Okafor, an engineer from Salem, Oregon, says Lopez will “win easily.”".to_string(),
                vec![("win easily.", "John Okafor")],
            ),
            // a subject with a relative clause before its verb
            (
                "Maria Lopez, who has spent the week in Salem, on Friday described a “big tent” party.".to_string(),
                vec![("big tent", "Maria Lopez")],
            ),
            // "that said": a thing that carries words
            (
                "They handed out bottles that said, “Welcome to the games.”".to_string(),
                vec![("Welcome to the games.", "(that)")],
            ),
            // an opening participle phrase with a clause of its own before the subject
            (
                "Speaking to reporters in Salem, which votes next week, Maria Lopez referred to the plan as “a bright idea.”".to_string(),
                vec![("a bright idea.", "Maria Lopez")],
            ),
            // an adverb before a verb is no speaker: the paragraph's speaker goes on
            (
                format!("{maria}“We were attacked,” Lopez said, with a passion that almost suggested anger. “We rebuilt.”"),
                vec![("We were attacked,", "Maria Lopez"), ("We rebuilt.", "Maria Lopez")],
            ),
            // a bare plural is an unnamed source
            ("“It will fail,” critics said.".to_string(), vec![("It will fail,", "(critics)")]),
            // a phrasal verb of speech
            (format!("{maria}“That is free stuff,” Lopez shot back with a laugh."), vec![("That is free stuff,", "Maria Lopez")]),
            // a verb in a relative clause after the quote says nothing of it
            (
                format!("{maria}Lopez called it a “paperwork error” that was reported in the press."),
                vec![("paperwork error", "Maria Lopez")],
            ),
            // a dash and a name after the quote
            (
                "“We need more buses.” ― Maria Lopez, Springfield\n“Fix the roads.”\n\n- John Okafor, Salem".to_string(),
                vec![("We need more buses.", "Maria Lopez"), ("Fix the roads.", "John Okafor")],
            ),
            // a passive's agent
            (
                format!("{maria}In a meeting she was told by John Okafor of “at least forty people”."),
                vec![("at least forty people", "John Okafor")],
            ),
            // a description as the sentence's subject
            (
                "The council met on Monday. The agency declined to detail the “scope of the review.”".to_string(),
                vec![("scope of the review.", "(The agency)")],
            ),
            // quotation marks inside markup delimit attributes, not speech
            (
                "<tweet author=\"someone\" date=\"2016-02-28\">We won big</tweet>".to_string(),
                vec![],
            ),
            // a title with small words and a number is a name
            ("She watched “Fight for 15” and left.".to_string(), vec![]),
            // names and titles in quotation marks, and scare quotes, are not speech
            ("The boat, “The Flying Fish”, left at noon with its “experts” aboard.".to_string(), vec![]),
        ] {
            let got = quotes(&body);
            let want: Vec<(String, String)> = want.into_iter().map(|(q, s)| (q.to_string(), s.to_string())).collect();
            assert_eq!(got, want, "{body:?}");
        }
    }

    #[test]
    fn an_unclosed_mark_stops_at_its_paragraph() {
        let body =
            "Lopez said “we will see.\nThe council met on Tuesday and voted.\nIt adjourned at six.";
        let got = quotes(body);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, "we will see.");
    }
}
