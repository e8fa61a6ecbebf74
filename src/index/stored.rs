//! An article's enrichment as the index stores it beside the text: every mention and quote
//! with its spans, so an article can be shown marked up, compared, or indexed elsewhere without
//! tagging it again.

use serde::{Deserialize, Serialize};

use crate::extract::{Enrichment, EntityType, Field};

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
}
