//! Output: the JSON shapes that `--json` prints (and tests parse back), and terminal styling.

use std::io::{self, IsTerminal, Write};

use serde::{Deserialize, Serialize};

use crate::article::Article;
use crate::extract::{Enrichment, Field};
use crate::facet::FacetKind;
use crate::registry::Registry;

/// One entity mention as `extract --json` prints it (`FORMAT.md`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EntityJson {
    #[serde(rename = "type")]
    pub kind: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// One quote as `extract --json` prints it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QuoteJson {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: String,
    pub speaker: Option<String>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
}

/// One article's enrichment as `extract --json` prints it.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct ExtractJson {
    pub id: String,
    pub entities: Vec<EntityJson>,
    pub quotes: Vec<QuoteJson>,
}

impl ExtractJson {
    pub fn new(article: &Article, e: &Enrichment) -> Self {
        let entities = e
            .entities
            .iter()
            .map(|m| {
                let (text, field) = match m.field {
                    Field::Body => (&article.body, None),
                    Field::Title => (&article.title, Some("title".to_string())),
                };
                EntityJson {
                    kind: m.kind.facet().to_string(),
                    start: m.start,
                    end: m.end,
                    text: text[m.start..m.end].to_string(),
                    name: m.name.clone(),
                    field,
                }
            })
            .collect();
        let quotes = e
            .quotes
            .iter()
            .map(|q| QuoteJson {
                start: q.start,
                end: q.end,
                text: article.body[q.start..q.end].to_string(),
                kind: q.kind.as_str().to_string(),
                speaker: q.speaker.clone(),
                speaker_start: q.speaker_span.map(|s| s.0),
                speaker_end: q.speaker_span.map(|s| s.1),
            })
            .collect();
        ExtractJson {
            id: article.id.clone(),
            entities,
            quotes,
        }
    }
}

impl ExtractJson {
    /// Names every mention and speaker as the registry does: the canonical name of its entity,
    /// and the entity's kind where the archive gives the name another kind.
    pub fn with_registry(mut self, reg: &Registry) -> Self {
        for m in &mut self.entities {
            let Some(kind) = FacetKind::parse(&m.kind) else {
                continue;
            };
            if let Some(e) = reg.entity_of(kind, &m.name) {
                let ent = reg.entity(e);
                m.name = ent.canonical.to_string();
                if ent.kind.is_mention() {
                    m.kind = ent.kind.as_str().to_string();
                }
            }
        }
        for q in &mut self.quotes {
            if let Some(s) = &mut q.speaker {
                *s = registry_name(reg, FacetKind::Speaker, s).to_string();
            }
        }
        self
    }
}

/// The canonical name of a facet value, or the value itself where the registry does not know it.
pub fn registry_name<'a>(reg: &'a Registry, kind: FacetKind, name: &'a str) -> &'a str {
    reg.entity_of(kind, name)
        .map_or(name, |e| reg.entity(e).canonical)
}

/// Whether to print bold: only to a terminal, and never with `NO_COLOR` set.
pub fn use_color() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stdout().is_terminal()
}

/// Writes one value as a JSON line.
pub fn json_line<T: Serialize>(out: &mut impl Write, value: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, value)?;
    out.write_all(b"\n")
}
