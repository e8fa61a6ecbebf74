//! Enrichment: the people, places and organisations an article mentions, and its quotes with
//! their speakers. One [`Extractor`] per process; [`Extractor::enrich`] per article.
//!
//! The parts sit behind small interfaces so one can be replaced without touching the rest: an
//! [`EntityTagger`] finds typed spans (the built-in one is [`perceptron::PerceptronTagger`],
//! trained on CoNLL-2003), [`entities::refine`] corrects them with gazetteers and document-level
//! rules, [`names`] gives them canonical names, and [`quotes`] attributes quotations using those
//! names.

pub mod entities;
pub mod features;
pub mod furniture;
pub mod lexicon;
pub mod names;
pub mod perceptron;
pub mod quotes;
pub mod tokens;

use serde::{Deserialize, Serialize};

use crate::article::Article;
pub use entities::{EntityTagger, Span};
pub use quotes::{Quote, QuoteKind};
use tokens::Tokens;

/// The three kinds of entity the index facets on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum EntityType {
    Person,
    Place,
    Org,
}

impl EntityType {
    /// The facet root under which the index files this kind (`/person`, `/place`, `/org`).
    pub fn facet(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Place => "place",
            EntityType::Org => "org",
        }
    }

    /// The kind [`EntityType::facet`] names.
    pub fn parse(s: &str) -> Option<EntityType> {
        [EntityType::Person, EntityType::Place, EntityType::Org]
            .into_iter()
            .find(|k| k.facet() == s)
    }
}

/// Which text of the article a mention is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Title,
    Body,
}

/// One mention of an entity: byte offsets into its field and the canonical name.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub kind: EntityType,
    pub field: Field,
    pub start: usize,
    pub end: usize,
    pub name: String,
}

/// What enrichment adds to an article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Enrichment {
    /// Every mention, body first, then title.
    pub entities: Vec<Entity>,
    pub quotes: Vec<Quote>,
    /// The people its credit lines and byline name ("Reporting by ...").
    pub authors: Vec<String>,
    /// The agency its dateline names ("NEW YORK (Reuters) -"), the source where it gives none.
    pub agency: Option<String>,
}

impl Enrichment {
    /// Distinct canonical names of one kind, sorted.
    pub fn names(&self, kind: EntityType) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .entities
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.name.as_str())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Distinct named speakers, sorted.
    pub fn speakers(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .quotes
            .iter()
            .filter_map(|q| q.speaker.as_deref())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// Runs the tagger, the name linker and the quote attributor over articles.
pub struct Extractor {
    tagger: Box<dyn EntityTagger>,
}

impl Default for Extractor {
    /// The trained tagger compiled into the binary.
    fn default() -> Self {
        Extractor::new(Box::new(perceptron::PerceptronTagger::builtin()))
    }
}

impl Extractor {
    pub fn new(tagger: Box<dyn EntityTagger>) -> Self {
        Extractor { tagger }
    }

    /// Finds the entities and quotes of one article. Its furniture (credit lines, dateline,
    /// tickers, photo credits, copyright) is masked first: the names in it are no mentions and
    /// no speakers; the credits give the authors and the dateline the agency.
    pub fn enrich(&self, article: &Article) -> Enrichment {
        let furniture = furniture::find(&article.body);
        let text = furniture.mask(&article.body);
        let body = Tokens::new(&text);
        let mut spans = self.tagger.tag(&body);
        furniture.cut(&body, &mut spans);
        furniture.retype(&article.body, &body, &mut spans);
        let source = article.source.as_deref();
        spans.retain(|s| {
            s.kind != EntityType::Org
                || !furniture.is_self_reference(source, body.span_str(s.start, s.end))
        });
        let names = names::canonical_names(&body, &spans);
        let mut entities: Vec<Entity> = spans
            .iter()
            .zip(&names)
            .map(|(s, name)| Entity {
                kind: s.kind,
                field: Field::Body,
                start: body.tokens[s.start].start as usize,
                end: body.tokens[s.end - 1].end as usize,
                name: name.clone(),
            })
            .collect();
        let pairs: Vec<(Span, String)> = spans.into_iter().zip(names).collect();
        let quotes = quotes::extract_quotes(&body, &pairs);
        entities.extend(title_mentions(&article.title, &body, &pairs));
        Enrichment {
            entities,
            quotes,
            authors: furniture.authors,
            agency: furniture.agency,
        }
    }
}

/// Headlines capitalise every word, so the tagger is not run on them: the title's mentions are
/// the body's entities found again in it, by their surface form.
fn title_mentions(title: &str, body: &Tokens, pairs: &[(Span, String)]) -> Vec<Entity> {
    if title.is_empty() || pairs.is_empty() {
        return Vec::new();
    }
    let t = Tokens::new(title);
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        let found = pairs
            .iter()
            .filter_map(|(s, name)| {
                let n = s.end - s.start;
                let words_match =
                    i + n <= t.len() && (0..n).all(|k| t.str(i + k) == body.str(s.start + k));
                words_match.then_some((n, s.kind, name))
            })
            .max_by_key(|(n, _, _)| *n);
        match found {
            Some((n, kind, name)) => {
                out.push(Entity {
                    kind,
                    field: Field::Title,
                    start: t.tokens[i].start as usize,
                    end: t.tokens[i + n - 1].end as usize,
                    name: name.clone(),
                });
                i += n;
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random articles from tricky pieces: every span must lie inside its text on character
    /// boundaries, mentions must not overlap, nor quotes.
    #[test]
    fn spans_stay_on_boundaries_and_never_overlap() {
        const PIECES: &[&str] = &[
            "“",
            "”",
            "\"",
            "‘",
            "’",
            "'s",
            " ",
            "\n",
            "\n\n",
            ". ",
            ", ",
            ": ",
            "—",
            "Putin",
            "Vladimir",
            "said",
            "he",
            "she",
            "told",
            "U.S.",
            "Mr.",
            "Dr",
            "Zürich",
            "Gdańsk",
            "🙂",
            "é",
            "e\u{301}",
            "the",
            "aide",
            "according to",
            "Kendall-Taylor",
            "NATO",
            "Bank of England",
            "(",
            ")",
            "@",
            "2019-01-04",
            "1,000",
            "Next time in Moscow?",
            "x",
            "\u{0}",
            "\t",
            "«",
            "»",
            "„",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let ex = Extractor::default();
        for _ in 0..3000 {
            let len = (next() % 60) as usize;
            let body: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let title: String = (0..(next() % 6))
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let a = Article::from_text("p", &title, &body);
            let e = ex.enrich(&a);
            let mut last_end = [0usize; 2];
            for m in &e.entities {
                let text = if m.field == Field::Title {
                    &title
                } else {
                    &body
                };
                assert!(
                    m.start < m.end && text.get(m.start..m.end).is_some(),
                    "{m:?} in {text:?}"
                );
                let slot = &mut last_end[(m.field == Field::Title) as usize];
                assert!(m.start >= *slot, "overlapping mentions in {text:?}");
                *slot = m.end;
            }
            let mut last = 0;
            for q in &e.quotes {
                assert!(
                    q.start < q.end && body.get(q.start..q.end).is_some(),
                    "{q:?} in {body:?}"
                );
                assert!(q.start >= last, "overlapping quotes in {body:?}");
                last = q.end;
                if let Some((s0, s1)) = q.speaker_span {
                    assert!(body.get(s0..s1).is_some(), "{q:?} in {body:?}");
                }
            }
        }
    }
}
