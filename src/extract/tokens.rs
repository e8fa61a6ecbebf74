//! Tokens and sentences with byte offsets into the original text, which every extractor shares.

use std::ops::Range;

/// What a token is, as far as the extractors care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters, with inner apostrophes, hyphens and the dots of "U.S.".
    Word,
    /// Digits, with inner `.` and `,` ("1,000", "3.5", ".300"), and the words hyphened on
    /// ("26-year-old").
    Number,
    /// A web address, whole.
    Url,
    /// One character of anything else: punctuation, quotation marks, symbols.
    Punct,
}

/// A token: a byte range of the text, its kind and its paragraph (a line break starts a new one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub kind: Kind,
    pub para: u32,
}

impl Token {
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A text split into tokens and sentences; tokens borrow nothing, so the text is passed alongside.
#[derive(Debug, Default)]
pub struct Tokens<'a> {
    pub text: &'a str,
    pub tokens: Vec<Token>,
    /// Token ranges of the sentences, in order, covering every token.
    pub sentences: Vec<Range<usize>>,
}

/// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Sen", "Rep", "Gov", "Gen", "St", "Jr", "Sr", "Lt", "Col", "Capt",
    "Sgt", "Prof", "Rev", "Hon", "Maj", "Adm", "Cmdr", "Gens", "Reps", "Sens", "No", "Nos", "Jan",
    "Feb", "Mar", "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "etc", "Inc", "Corp",
    "Co", "Ltd", "Bros", "Mt", "Ft", "Ave", "Blvd", "approx", "est", "Fig", "Vol", "Pres", "Supt",
    "Det", "Insp",
];

impl<'a> Tokens<'a> {
    /// Tokenises `text` and splits it into sentences.
    pub fn new(text: &'a str) -> Self {
        let tokens = tokenize(text);
        let sentences = split_sentences(text, &tokens);
        Tokens {
            text,
            tokens,
            sentences,
        }
    }

    /// The text of token `i`.
    #[inline]
    pub fn str(&self, i: usize) -> &'a str {
        &self.text[self.tokens[i].range()]
    }

    /// The text from the start of token `a` to the end of token `b - 1`.
    pub fn span_str(&self, a: usize, b: usize) -> &'a str {
        &self.text[self.tokens[a].start as usize..self.tokens[b - 1].end as usize]
    }

    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Whether token `i` starts with an upper-case letter.
    #[inline]
    pub fn is_capitalized(&self, i: usize) -> bool {
        self.tokens[i].kind == Kind::Word
            && self.str(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// Whether more than two bytes of blank stand before token `i`: where masked furniture (a
    /// dateline's agency, a ticker) was blanked out of the text.
    #[inline]
    pub fn after_blank(&self, i: usize) -> bool {
        i > 0 && self.tokens[i].start - self.tokens[i - 1].end > 2
    }
}

fn tokenize(text: &str) -> Vec<Token> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut para = 0u32;
    let mut i = 0;
    let char_at = |i: usize| text[i..].chars().next();
    while i < b.len() {
        let c = char_at(i).unwrap_or(' ');
        if c == '\n' {
            // A run of line breaks (a blank line) is one paragraph break.
            if out.last().is_some_and(|t: &Token| t.para == para) {
                para += 1;
            }
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        let after_word = out.last().is_some_and(|t: &Token| {
            t.kind == Kind::Word && (t.end as usize == i || text[t.end as usize..i] == *" ")
        });
        let clitic = if after_word && matches!(c, '\'' | '’') {
            clitic_len(&text[i + c.len_utf8()..])
        } else {
            0
        };
        let kind = if clitic > 0 {
            // The possessive "’s" split off "Trump’s" is one token; so are "’s" and "’m" on
            // their own, as text tokenised the CoNLL way has them ("England 's").
            i += c.len_utf8() + clitic;
            Kind::Word
        } else if let Some(len) = url_len(&text[i..]) {
            i += len;
            Kind::Url
        } else if c == '.'
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
            && out.last().is_none_or(|t: &Token| t.end as usize != i)
        {
            // A batting average or calibre: ".300".
            i = scan_number(text, i + 1);
            Kind::Number
        } else if c.is_alphabetic() {
            i = scan_word(text, i);
            // An e-mail address is looked for only where a word stops at a character an
            // address goes on with, so that other words are scanned once.
            let address = matches!(b.get(i), Some(b'@' | b'.' | b'_' | b'+' | b'%' | b'-'))
                .then(|| email_len(&text[start..]))
                .flatten();
            if let Some(len) = address {
                i = start + len;
                Kind::Url
            } else {
                // "Mr." and the initial in "M. McCague" keep their dot, as in CoNLL's tokens.
                let w = &text[start..i];
                let initial = w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase());
                if text[i..].starts_with('.') && (initial || ABBREVIATIONS.contains(&w)) {
                    i += 1;
                }
                Kind::Word
            }
        } else if c.is_ascii_digit() {
            i = scan_number(text, i);
            Kind::Number
        } else {
            i += c.len_utf8();
            Kind::Punct
        };
        out.push(Token {
            start: start as u32,
            end: i as u32,
            kind,
            para,
        });
    }
    out
}

/// Length of a clitic ("s", "m", "re", "ve", "ll", "d") at the start of `rest`, ending there.
fn clitic_len(rest: &str) -> usize {
    let len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
    let w = &rest[..len];
    let whole = !rest[len..].chars().next().is_some_and(is_word_char);
    if whole
        && ["s", "m", "re", "ve", "ll", "d"]
            .iter()
            .any(|c| c.eq_ignore_ascii_case(w))
    {
        len
    } else {
        0
    }
}

/// Length of a web address at the start of `rest`, trailing punctuation left out.
fn url_len(rest: &str) -> Option<usize> {
    let scheme = ["https://", "http://", "www."].iter().find(|p| {
        rest.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    })?;
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '"' | '“' | '”' | '<' | '>'))
        .unwrap_or(rest.len());
    let end = rest[..end]
        .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'', '’'])
        .len();
    (end > scheme.len()).then_some(end)
}

/// Length of an e-mail address at the start of `rest` ("ann.lee@example.com"), which names
/// nobody as a mention does; trailing punctuation left out.
fn email_len(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    let local = b
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'%' | b'+' | b'-'))
        .count();
    if local == 0 || b.get(local) != Some(&b'@') {
        return None;
    }
    let domain = b[local + 1..]
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-'))
        .count();
    let host = rest[local + 1..local + 1 + domain].trim_end_matches(['.', '-']);
    let dot = host.rfind('.')?;
    (dot > 0 && host.len() - dot > 2).then_some(local + 1 + host.len())
}

fn is_possessive_s(rest: &str) -> bool {
    let mut cs = rest.chars();
    matches!(cs.next(), Some('s' | 'S')) && !cs.next().is_some_and(is_word_char)
}

/// Words whose "’s" is "is" or "us" ("it’s", "let’s"), not a possessive.
fn is_contraction_base(w: &str) -> bool {
    const BASES: &[&str] = &[
        "it", "that", "there", "here", "what", "who", "he", "she", "let", "where", "how", "when",
    ];
    BASES.iter().any(|b| b.eq_ignore_ascii_case(w))
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || (!c.is_ascii() && unicode_mark(c))
}

fn unicode_mark(c: char) -> bool {
    // Combining marks (U+0300..U+036F and friends) stay inside the word they decorate.
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

fn scan_word(text: &str, mut i: usize) -> usize {
    let start = i;
    let mut dotted = false;
    let mut chars = text[i..].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        let here = start + off;
        if is_word_char(c) {
            i = here + c.len_utf8();
            continue;
        }
        let next = chars.peek().map(|&(_, n)| n);
        // A company named by its web address ("Amazon.com", "Drugstore.com") is one word.
        if let Some(n) = (c == '.')
            .then(|| domain_ending(&text[here + 1..]))
            .flatten()
        {
            i = here + 1 + n;
            break;
        }
        match c {
            // "it’s" stays one word, but the possessive "’s" in "Trump’s" is a token of its own.
            '\'' | '’' if next.is_some_and(is_word_char) => {
                if is_possessive_s(&text[here + c.len_utf8()..])
                    && !is_contraction_base(&text[start..here])
                {
                    break;
                }
            }
            '-' | '‐' if next.is_some_and(is_word_char) => {}
            // "U.S.", "D.C.", "a.m.": single letters joined by dots keep their dots.
            '.' if here - segment_start(text, start, here) == 1
                && (dotted
                    || (next.is_some_and(char::is_alphabetic)
                        && single_letter_run(&text[here + 1..]))) =>
            {
                dotted = true;
                i = here + 1;
                if !next.is_some_and(char::is_alphabetic) {
                    break;
                }
                continue;
            }
            _ => break,
        }
        i = here + c.len_utf8();
    }
    i
}

/// The length of the top-level domain `rest` starts with ("com" of "Amazon.com Inc"), when a
/// word ends there.
fn domain_ending(rest: &str) -> Option<usize> {
    const ENDINGS: [&str; 3] = ["com", "net", "org"];
    ENDINGS
        .iter()
        .find(|e| {
            rest.get(..e.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(e))
                && !rest[e.len()..].chars().next().is_some_and(is_word_char)
        })
        .map(|e| e.len())
}

/// Whether `rest` starts with one letter followed by a dot or the end of the word.
fn single_letter_run(rest: &str) -> bool {
    let mut cs = rest.chars();
    cs.next().is_some_and(char::is_alphabetic) && !cs.next().is_some_and(is_word_char)
}

/// Start of the run of letters that ends at `here`, after the last dot or hyphen since `start`
/// ("D-N.Y." is one token).
fn segment_start(text: &str, start: usize, here: usize) -> usize {
    text[start..here]
        .rfind(['.', '-'])
        .map_or(start, |d| start + d + 1)
}

fn scan_number(text: &str, mut i: usize) -> usize {
    let b = text.as_bytes();
    while i < b.len() {
        if b[i].is_ascii_digit() {
            i += 1;
        } else if matches!(b[i], b'.' | b',' | b'-' | b'/' | b':')
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            i += 2;
        } else if b[i] == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            // "37-run", "26-year-old": the number and what it counts are one word.
            return scan_word(text, i + 1);
        } else {
            break;
        }
    }
    i
}

fn split_sentences(text: &str, tokens: &[Token]) -> Vec<std::ops::Range<usize>> {
    let s = |i: usize| &text[tokens[i].range()];
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < tokens.len() {
        let new_para = i + 1 < tokens.len() && tokens[i + 1].para != tokens[i].para;
        let mut end = None;
        if new_para {
            end = Some(i + 1);
        } else if matches!(s(i), "." | "!" | "?") {
            // Closing quotation marks and brackets after the stop belong to this sentence.
            let mut j = i + 1;
            while j < tokens.len()
                && tokens[j].para == tokens[i].para
                && matches!(s(j), "”" | "\"" | "’" | "'" | ")" | "]" | "»")
            {
                j += 1;
            }
            let next_starts = j >= tokens.len()
                || tokens[j].para != tokens[i].para
                || s(j).chars().next().is_some_and(|c| {
                    c.is_uppercase()
                        || c.is_ascii_digit()
                        || matches!(c, '“' | '"' | '‘' | '(' | '«')
                });
            let prev = i
                .checked_sub(1)
                .filter(|&p| tokens[p].end == tokens[i].start);
            let after_abbrev = s(i) == "."
                && prev.is_some_and(|p| {
                    let w = s(p);
                    ABBREVIATIONS.contains(&w)
                        || (w.chars().count() == 1 && w.chars().all(char::is_uppercase))
                });
            if next_starts && !after_abbrev {
                end = Some(j);
            }
        }
        if let Some(e) = end {
            out.push(start..e);
            start = e;
            i = e;
        } else {
            i += 1;
        }
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        let t = Tokens::new(text);
        (0..t.len()).map(|i| t.str(i)).collect()
    }

    #[test]
    fn hard_cases() {
        for (text, want) in [
            ("Trump’s plan", vec!["Trump", "’s", "plan"]),
            (
                "it’s done, isn't it",
                vec!["it’s", "done", ",", "isn't", "it"],
            ),
            ("the U.S. and D.C.", vec!["the", "U.S.", "and", "D.C."]),
            (
                "Amazon.com Inc rose. Shares of eBay.com.",
                vec![
                    "Amazon.com",
                    "Inc",
                    "rose",
                    ".",
                    "Shares",
                    "of",
                    "eBay.com",
                    ".",
                ],
            ),
            (
                "Rates rose.Comcast fell",
                vec!["Rates", "rose", ".", "Comcast", "fell"],
            ),
            ("Kendall-Taylor said", vec!["Kendall-Taylor", "said"]),
            (
                "“Hi,” he said.",
                vec!["“", "Hi", ",", "”", "he", "said", "."],
            ),
            (
                "1,000 people—3.5%",
                vec!["1,000", "people", "—", "3.5", "%"],
            ),
            (
                "Mr. Smith and M. Jones",
                vec!["Mr.", "Smith", "and", "M.", "Jones"],
            ),
            (
                "LONDON 1996-08-30 4-38",
                vec!["LONDON", "1996-08-30", "4-38"],
            ),
            ("O'Brien's dog", vec!["O'Brien", "'s", "dog"]),
            ("Zürich, Gdańsk", vec!["Zürich", ",", "Gdańsk"]),
            (
                "see https://x.org/a?b=1.",
                vec!["see", "https://x.org/a?b=1", "."],
            ),
            (
                "mail ann.lee@example.com, or franz3...@mail.example.org.",
                vec![
                    "mail",
                    "ann.lee@example.com",
                    ",",
                    "or",
                    "franz3...@mail.example.org",
                    ".",
                ],
            ),
            ("Ann Lee @ Stellar", vec!["Ann", "Lee", "@", "Stellar"]),
            ("England 's side", vec!["England", "'s", "side"]),
            ("I 'm sure", vec!["I", "'m", "sure"]),
            ("a 'strong' man", vec!["a", "'", "strong", "'", "man"]),
            (
                "the 26-year-old hit .300",
                vec!["the", "26-year-old", "hit", ".300"],
            ),
            ("won 1-0.", vec!["won", "1-0", "."]),
            (
                "Sen. Okafor (D-N.Y.) said",
                vec!["Sen.", "Okafor", "(", "D-N.Y.", ")", "said"],
            ),
            ("5 a.m. at U.N.", vec!["5", "a.m.", "at", "U.N."]),
            ("end.", vec!["end", "."]),
        ] {
            assert_eq!(words(text), want, "{text:?}");
        }
    }

    #[test]
    fn sentences_survive_abbreviations_and_quotes() {
        let text =
            "Mr. Smith met Sen. Jones in the U.S. on Monday. “It went well.” He left.\nNew para";
        let t = Tokens::new(text);
        let sents: Vec<&str> = t
            .sentences
            .iter()
            .map(|r| t.span_str(r.start, r.end))
            .collect();
        assert_eq!(
            sents,
            vec![
                "Mr. Smith met Sen. Jones in the U.S. on Monday.",
                "“It went well.”",
                "He left.",
                "New para"
            ]
        );
        assert_eq!(t.tokens.last().unwrap().para, 1);
    }
}
