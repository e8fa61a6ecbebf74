//! Quotes and their speakers: passages in quotation marks that are speech, and reported speech
//! without marks, each attributed to the person (or organisation, or unnamed source) that said
//! it, by rules over tokens and entities.
//!
//! The steps, a file each: [`marks`] pairs quotation marks into spans; [`cues`] finds reported
//! speech ("said he would", "according to") and [`content`] the clause it reports; [`sources`]
//! finds where a quote's source sits around it and [`phrases`] reads the noun phrase there;
//! [`speakers`] resolves it (names, pronouns by focus and sex, roles, unnamed sources); [`record`]
//! walks quotes and reported speech in document order and makes the records. [`words`] holds
//! the word lists.

mod content;
mod cues;
mod marks;
mod phrases;
mod record;
mod sources;
mod speakers;
mod words;

#[cfg(test)]
mod tests;

use serde::Serialize;

use super::entities::Span;
use super::tokens::Tokens;
use speakers::Attributor;

/// How the words are quoted, as `FORMAT.md` defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// A sentence or clause in quotation marks.
    Direct,
    /// Quoted words inside the reporter's sentence: the reported clause around them.
    Partial,
    /// Reported speech without quotation marks: the reported clause.
    Indirect,
}

impl QuoteKind {
    /// The name `extract --json` and the index use.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteKind::Direct => "direct",
            QuoteKind::Partial => "partial",
            QuoteKind::Indirect => "indirect",
        }
    }

    /// The kind [`QuoteKind::as_str`] names.
    pub fn parse(s: &str) -> Option<QuoteKind> {
        [QuoteKind::Direct, QuoteKind::Partial, QuoteKind::Indirect]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A quote: byte range of what was said (the words inside the marks, or the reported clause),
/// and who said it.
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

/// Finds the quotes and reported speech of a tokenised body and attributes each, using its
/// entities and their canonical names. Records come in document order and never overlap.
pub fn extract_quotes(t: &Tokens, entities: &[(Span, String)]) -> Vec<Quote> {
    if t.is_empty() {
        return Vec::new();
    }
    Attributor::new(t, entities).records()
}
