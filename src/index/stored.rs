//! An article's enrichment as the index stores it beside the text: every mention and quote
//! with its spans, so an article can be shown marked up, compared, or indexed elsewhere without
//! tagging it again.

use serde::{Deserialize, Serialize};
use tantivy::schema::Value;
use tantivy::TantivyDocument;
use time::OffsetDateTime;

use super::schema::Fields;
use crate::article::Article;
use crate::extract::{Enrichment, Entity, EntityType, Field, Quote, QuoteKind};

/// One mention, with short keys: an article holds dozens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredMention {
    #[serde(rename = "k")]
    pub kind: EntityType,
    /// In the title rather than the body.
    #[serde(rename = "t", default, skip_serializing_if = "std::ops::Not::not")]
    pub in_title: bool,
    #[serde(rename = "s")]
    pub start: usize,
    #[serde(rename = "e")]
    pub end: usize,
    /// The article-level name (the registry maps it to its entity).
    #[serde(rename = "n")]
    pub name: String,
}

/// One quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredQuote {
    #[serde(rename = "s")]
    pub start: usize,
    #[serde(rename = "e")]
    pub end: usize,
    #[serde(rename = "k")]
    pub kind: String,
    #[serde(rename = "p", default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    #[serde(rename = "m", default, skip_serializing_if = "Option::is_none")]
    pub speaker_span: Option<(usize, usize)>,
}

/// What the `enrichment` field of an article document holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredEnrichment {
    #[serde(rename = "m", default)]
    pub mentions: Vec<StoredMention>,
    #[serde(rename = "q", default)]
    pub quotes: Vec<StoredQuote>,
    /// Authors the article's credit lines name.
    #[serde(rename = "a", default, skip_serializing_if = "Vec::is_empty")]
    pub authors: Vec<String>,
}

impl StoredEnrichment {
    pub fn new(e: &Enrichment) -> Self {
        StoredEnrichment {
            mentions: e
                .entities
                .iter()
                .map(|m| StoredMention {
                    kind: m.kind,
                    in_title: m.field == Field::Title,
                    start: m.start,
                    end: m.end,
                    name: m.name.clone(),
                })
                .collect(),
            quotes: e
                .quotes
                .iter()
                .map(|q| StoredQuote {
                    start: q.start,
                    end: q.end,
                    kind: q.kind.as_str().to_string(),
                    speaker: q.speaker.clone(),
                    speaker_span: q.speaker_span,
                })
                .collect(),
            authors: e.authors.clone(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("enrichment serialises")
    }

    /// Reads the stored form back; a field that does not parse reads as no enrichment.
    pub fn from_json(s: &str) -> Self {
        serde_json::from_str(s).unwrap_or_default()
    }

    /// The enrichment this was stored from (its agency is the source the article document
    /// carries).
    pub fn into_enrichment(self) -> Enrichment {
        Enrichment {
            entities: self
                .mentions
                .into_iter()
                .map(|m| Entity {
                    kind: m.kind,
                    field: if m.in_title {
                        Field::Title
                    } else {
                        Field::Body
                    },
                    start: m.start,
                    end: m.end,
                    name: m.name,
                })
                .collect(),
            quotes: self
                .quotes
                .into_iter()
                .filter_map(|q| {
                    Some(Quote {
                        start: q.start,
                        end: q.end,
                        kind: QuoteKind::parse(&q.kind)?,
                        speaker: q.speaker,
                        speaker_span: q.speaker_span,
                    })
                })
                .collect(),
            authors: self.authors,
            agency: None,
        }
    }
}

/// The first text a document stores in `field`.
pub fn text_of(doc: &TantivyDocument, field: tantivy::schema::Field) -> Option<String> {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

/// The article and enrichment an article document was written from, as far as the document
/// tells: writing them again gives the same documents (the source stands for the agency, the
/// authors for those given and those the credit lines named).
pub fn copy_of(f: &Fields, doc: &TantivyDocument) -> (Article, Enrichment) {
    let text = |field| text_of(doc, field);
    let article = Article {
        id: text(f.id).unwrap_or_default(),
        title: text(f.title).unwrap_or_default(),
        body: text(f.body).unwrap_or_default(),
        date: doc
            .get_first(f.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok()),
        source: text(f.source),
        url: text(f.url),
        authors: doc
            .get_all(f.authors)
            .filter_map(|v| v.as_str())
            .map(str::to_string)
            .collect(),
        origin: text(f.origin).unwrap_or_default(),
    };
    let enrichment = StoredEnrichment::from_json(&text(f.enrichment).unwrap_or_default());
    (article, enrichment.into_enrichment())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Extractor;
    use crate::index::{documents, NewsIndex};
    use tantivy::schema::document::Document;

    /// An article document read back and written again is the document it was.
    #[test]
    fn an_article_document_reads_back_into_what_wrote_it() {
        let ix = NewsIndex::in_ram();
        let mut a = Article::from_text(
            "a1",
            "Talks in Lyon",
            "LYON (Reuters) - “We will review the plan,” said Ann Lee of Acme Corp on Monday. \
             Bo Chen said the talks would go on.\n\n(Reporting by Dee Fox; Editing by Cy Diaz)",
        );
        a.url = Some("https://example.com/a1".into());
        a.authors = vec!["Eve Moss".into()];
        a.date = OffsetDateTime::from_unix_timestamp(1_546_300_800).ok();
        let e = Extractor::default().enrich(&a);
        assert!(!e.quotes.is_empty() && !e.entities.is_empty() && !e.authors.is_empty());
        let docs = documents(&ix, &a, &e, "/data/a.jsonl", 3);
        let (a2, e2) = copy_of(&ix.fields, &docs[0]);
        let again = documents(&ix, &a2, &e2, "/data/a.jsonl", 3);
        let json = |ds: &[TantivyDocument]| -> Vec<String> {
            ds.iter().map(|d| d.to_json(&ix.index.schema())).collect()
        };
        assert_eq!(json(&docs), json(&again));
        assert_eq!(a2.body, a.body);
        assert_eq!(e2.quotes, e.quotes);
    }
}
