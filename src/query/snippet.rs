//! Snippets of article hits: the words of the query in their context. Tokenizing and stemming a
//! whole article costs more than finding it, so the snippet is chosen from the stretch of the
//! body around the first place a word of the query appears, and a query of filters alone shows
//! the article's first lines without tokenizing anything.

use std::collections::BTreeMap;

use aho_corasick::AhoCorasick;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::{Score, Searcher};

use crate::error::Result;

/// The longest snippet, in characters.
const SNIPPET_CHARS: usize = 240;
/// The stretch of body a snippet is chosen from, in bytes, around the first word found.
const WINDOW: usize = 2_000;

/// Makes the snippets of one query's hits.
pub struct Snippets {
    /// `None` when the query has no words in the body.
    words: Option<(SnippetGenerator, AhoCorasick)>,
}

impl Snippets {
    pub fn new(searcher: &Searcher, query: &dyn Query, field: Field) -> Result<Self> {
        let mut terms = Vec::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                terms.push(term.clone());
            }
        });
        let mut words: BTreeMap<String, Score> = BTreeMap::new();
        for term in &terms {
            let value = term.value();
            let Some(text) = value.as_str() else {
                continue;
            };
            let df = searcher.doc_freq(term)?;
            if df > 0 {
                words.insert(text.to_string(), 1.0 / (1.0 + df as Score));
            }
        }
        if words.is_empty() {
            return Ok(Snippets { words: None });
        }
        // Stems are lower case and, in English, mostly the start of the word they stand for:
        // where none is found the whole body is searched.
        let finder = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words.keys())
            .map_err(|e| tantivy::TantivyError::InvalidArgument(e.to_string()))?;
        let tokenizer = searcher.index().tokenizer_for_field(field)?;
        let generator = SnippetGenerator::new(words, tokenizer, field, SNIPPET_CHARS);
        Ok(Snippets {
            words: Some((generator, finder)),
        })
    }

    /// The snippet of a body and the byte ranges in it to highlight.
    pub fn of(&self, body: &str) -> (String, Vec<(usize, usize)>) {
        let Some((generator, finder)) = &self.words else {
            return (first_chars(body, SNIPPET_CHARS), Vec::new());
        };
        let s = generator.snippet(window(body, finder));
        if s.fragment().is_empty() {
            return (first_chars(body, SNIPPET_CHARS), Vec::new());
        }
        let highlights = s.highlighted().iter().map(|r| (r.start, r.end)).collect();
        (s.fragment().to_string(), highlights)
    }
}

/// The stretch of `body` around the first match of `finder`, starting and ending between words;
/// the whole body if it is short or nothing matches.
fn window<'a>(body: &'a str, finder: &AhoCorasick) -> &'a str {
    if body.len() <= WINDOW {
        return body;
    }
    let Some(m) = finder.find(body) else {
        return body;
    };
    let mut start = m.start().saturating_sub(WINDOW / 4);
    while !body.is_char_boundary(start) {
        start -= 1;
    }
    if start > 0 {
        start = body[start..m.start()]
            .find(char::is_whitespace)
            .map_or(m.start(), |i| start + i);
    }
    let mut end = (start + WINDOW).min(body.len());
    while !body.is_char_boundary(end) {
        end -= 1;
    }
    if end < body.len() {
        end = body[start..end]
            .rfind(char::is_whitespace)
            .map_or(end, |i| start + i)
            .max(m.end());
    }
    &body[start..end]
}

/// The first `n` characters of `s`, with an ellipsis where it was cut.
fn first_chars(s: &str, n: usize) -> String {
    match s.char_indices().nth(n) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder(words: &[&str]) -> AhoCorasick {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(words)
            .unwrap()
    }

    #[test]
    fn a_window_is_the_stretch_around_the_first_word_found() {
        let filler = "lorem ipsum dolor sit amet ".repeat(200);
        let body = format!("{filler}The central Bank raised rates. {filler}");
        let w = window(&body, &finder(&["bank"]));
        assert!(w.len() <= WINDOW, "{}", w.len());
        assert!(w.contains("The central Bank raised rates."));
        // It starts and ends between words.
        let at = w.as_ptr() as usize - body.as_ptr() as usize;
        assert!(w.starts_with(char::is_whitespace));
        assert!(body[at + w.len()..].starts_with(char::is_whitespace));
    }

    #[test]
    fn a_short_body_or_one_without_the_word_is_searched_whole() {
        let short = "Bank rates rose.";
        assert_eq!(window(short, &finder(&["bank"])), short);
        let long = "é".repeat(3_000);
        assert_eq!(window(&long, &finder(&["bank"])), long);
    }

    #[test]
    fn a_window_near_the_start_keeps_the_start() {
        let body = format!("Bank rates rose. {}", "é ".repeat(2_000));
        let w = window(&body, &finder(&["bank"]));
        assert!(w.starts_with("Bank rates rose."));
        assert!(w.len() <= WINDOW);
    }

    #[test]
    fn first_chars_cuts_on_characters() {
        assert_eq!(first_chars("ééé", 2), "éé…");
        assert_eq!(first_chars("ab", 5), "ab");
    }
}
