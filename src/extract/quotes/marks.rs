//! Quotation marks paired into spans, and the tests that tell speech in marks from a name or a
//! title in marks.

use super::words::{class, is, is_reporting_verb};
use crate::extract::tokens::{Kind, Tokens};

pub fn is_open_mark(s: &str) -> bool {
    matches!(s, "“" | "«" | "„")
}

pub fn is_close_mark(s: &str) -> bool {
    matches!(s, "”" | "»")
}

/// A quotation: the token of its opening mark and of its closing mark (or one past the paragraph
/// for a quote left open at a paragraph's end).
#[derive(Debug, Clone, Copy)]
pub struct QuoteSpan {
    pub open: usize,
    pub close: usize,
    /// Marked with two apostrophes (`''...''`), as some newspaper archives write quotation
    /// marks: `open` is the second apostrophe of the opening pair, `close` the first of the
    /// closing one.
    pub apostrophes: bool,
}

impl QuoteSpan {
    /// The token after the closing mark (both of its apostrophes).
    pub fn past(&self) -> usize {
        self.close + 1 + usize::from(self.apostrophes)
    }

    pub fn bytes(&self, t: &Tokens) -> (usize, usize) {
        let start = t.tokens[self.open].end as usize;
        let end = if self.close < t.len()
            && t.tokens[self.close].para == t.tokens[self.open].para
            && (is_close_mark(t.str(self.close)) || t.str(self.close) == "\"" || self.apostrophes)
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
pub fn quote_spans(t: &Tokens) -> Vec<QuoteSpan> {
    let mut out = Vec::new();
    // The opening mark, and whether it is two apostrophes.
    let mut open: Option<(usize, bool)> = None;
    // Inside markup such as `<tweet author="...">` quotation marks delimit attributes.
    let mut in_tag = false;
    for i in 0..t.len() {
        if i > 0 && t.tokens[i].para != t.tokens[i - 1].para {
            in_tag = false;
            if let Some((o, apostrophes)) = open.take() {
                out.push(QuoteSpan {
                    open: o,
                    close: i,
                    apostrophes,
                });
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
        // `''`: two apostrophes with nothing between them, a mark of their own.
        let apostrophes = s == "'"
            && i + 1 < t.len()
            && t.str(i + 1) == "'"
            && t.tokens[i + 1].start == t.tokens[i].end;
        if in_tag
            || t.tokens[i].kind != Kind::Punct
            || !(is_open_mark(s) || is_close_mark(s) || s == "\"" || apostrophes)
            || (i > 0
                && s == "'"
                && t.str(i - 1) == "'"
                && t.tokens[i - 1].end == t.tokens[i].start)
        {
            continue;
        }
        // The mark's last token, for what it leans on.
        let last = if apostrophes { i + 1 } else { i };
        // Which way a mark faces: an opening mark leans on the word after it, a closing mark on
        // the word before it ("said,“" closes, whatever the glyph). The glyph decides the rest.
        let glued_before = i > 0
            && t.tokens[i - 1].end == t.tokens[i].start
            && t.tokens[i - 1].para == t.tokens[i].para;
        let glued_after = last + 1 < t.len()
            && t.tokens[last + 1].start == t.tokens[last].end
            && t.tokens[last + 1].para == t.tokens[last].para;
        let closes = match (glued_before, glued_after) {
            (true, false) => true,
            (false, true) => false,
            _ => is_close_mark(s) || (!is_open_mark(s) && open.is_some()),
        };
        match open {
            None if !closes => open = Some((last, apostrophes)),
            // Two apostrophes close only what two apostrophes opened, and the other marks theirs.
            Some((o, a)) if closes && a == apostrophes => {
                out.push(QuoteSpan {
                    open: o,
                    close: i,
                    apostrophes,
                });
                open = None;
            }
            _ => {}
        }
    }
    if let Some((o, apostrophes)) = open {
        out.push(QuoteSpan {
            open: o,
            close: t.len(),
            apostrophes,
        });
    }
    out
}

/// Whether a quotation has no words at all: numbers, dates, handles ("@user"), single letters.
pub fn has_no_words(t: &Tokens, q: &QuoteSpan) -> bool {
    !(q.open + 1..q.close.min(t.len())).any(|i| {
        t.tokens[i].kind == Kind::Word
            && t.str(i).chars().filter(|c| c.is_alphabetic()).count() >= 2
            && !(i > 0 && t.str(i - 1) == "@" && t.tokens[i - 1].end == t.tokens[i].start)
    })
}

/// Words before a name in quotation marks that make it something said: "called her “Miss
/// Piggy”", "described it as “Plan B”".
pub fn introduces_a_saying(w: &str) -> bool {
    is_reporting_verb(w) || is(w, class::INTRODUCES)
}

/// A short run of capitalised words with no sentence punctuation: a name or a title in quotation
/// marks ("The Beast"), not speech.
pub fn is_name_like(t: &Tokens, q: &QuoteSpan) -> bool {
    let inner = q.open + 1..q.close.min(t.len());
    let last = inner.end.saturating_sub(1);
    // (A sentence in capitals: “We're America.”, not the title “I'm Sorry”.)
    let sentence = t.str(last) == ".";
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
                let small = is(w, class::TITLE_SMALL);
                if !t.is_capitalized(i) && !small || sentence && is_contraction(w) {
                    return false;
                }
            }
        }
    }
    words <= 5
}

/// "We're", "Don't", "I'll": a pronoun or verb run on with its short form, which no name has
/// ("Women's" is a possessive).
fn is_contraction(w: &str) -> bool {
    [
        "'re", "'m", "'ve", "'ll", "'d", "n't", "’re", "’m", "’ve", "’ll", "’d", "n’t",
    ]
    .iter()
    .any(|e| w.ends_with(e))
}
