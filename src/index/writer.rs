//! Turns enriched articles into tantivy documents and writes them, replacing any earlier copy.

use tantivy::schema::Facet;
use tantivy::{DateTime, IndexWriter, TantivyDocument, Term};

use super::{NewsIndex, KIND_ARTICLE, KIND_QUOTE};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::extract::{Enrichment, EntityType, QuoteKind};

/// Writes articles into a [`NewsIndex`]. Nothing is visible to searches until [`Indexer::commit`].
pub struct Indexer<'i> {
    ix: &'i NewsIndex,
    writer: IndexWriter,
    searcher: tantivy::Searcher,
}

/// What adding one article did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    /// An article with the same id was in the index before and is now replaced.
    pub replaced: bool,
    pub quotes: usize,
}

impl<'i> Indexer<'i> {
    /// Takes the index's write lock: a second writer gets [`Error::Locked`].
    pub fn new(ix: &'i NewsIndex, threads: usize, memory_bytes: usize) -> Result<Self> {
        let writer = ix
            .index
            .writer_with_num_threads(threads.clamp(1, 8), memory_bytes)
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => {
                    Error::Locked(ix.dir.clone().unwrap_or_default())
                }
                e => Error::Tantivy(e),
            })?;
        let searcher = ix.index.reader()?.searcher();
        Ok(Indexer {
            ix,
            writer,
            searcher,
        })
    }

    /// Adds an article and its quotes, replacing any article with the same id.
    pub fn add(&mut self, a: &Article, e: &Enrichment) -> Result<Added> {
        let f = &self.ix.fields;
        let id_term = Term::from_field_text(f.id, &a.id);
        let replaced = self.searcher.doc_freq(&id_term)? > 0;
        self.writer.delete_term(id_term);
        let docs = documents(self.ix, a, e);
        let quotes = docs.len() - 1;
        for d in docs {
            self.writer.add_document(d)?;
        }
        Ok(Added { replaced, quotes })
    }

    /// Makes everything added so far durable and visible.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        Ok(())
    }

    /// Commits and waits for background merges, so the process can exit cleanly.
    pub fn finish(mut self) -> Result<()> {
        self.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(())
    }
}

/// The article's document followed by one document per quote.
pub fn documents(ix: &NewsIndex, a: &Article, e: &Enrichment) -> Vec<TantivyDocument> {
    let f = &ix.fields;
    let mut shared = TantivyDocument::default();
    shared.add_text(f.id, &a.id);
    shared.add_text(f.title, &a.title);
    shared.add_text(f.origin, &a.origin);
    if let Some(d) = a.date {
        shared.add_date(f.date, DateTime::from_timestamp_secs(d.unix_timestamp()));
    }
    if let Some(s) = &a.source {
        shared.add_text(f.source, s);
        shared.add_facet(f.facets, Facet::from_path(["source", s.as_str()]));
    }
    if let Some(u) = &a.url {
        shared.add_text(f.url, u);
    }
    for kind in [EntityType::Person, EntityType::Place, EntityType::Org] {
        for name in e.names(kind) {
            shared.add_facet(f.facets, Facet::from_path([kind.facet(), name]));
        }
    }
    let mut docs = Vec::with_capacity(1 + e.quotes.len());
    let mut article = shared.clone();
    article.add_text(f.kind, KIND_ARTICLE);
    article.add_text(f.body, &a.body);
    for s in e.speakers() {
        article.add_facet(f.facets, Facet::from_path(["speaker", s]));
    }
    docs.push(article);
    for q in &e.quotes {
        let mut d = shared.clone();
        d.add_text(f.kind, KIND_QUOTE);
        d.add_text(f.body, &a.body[q.start..q.end]);
        d.add_text(
            f.quote_kind,
            match q.kind {
                QuoteKind::Direct => "direct",
                QuoteKind::Partial => "partial",
            },
        );
        match (&q.speaker, q.speaker_span) {
            (Some(s), _) => {
                d.add_text(f.speaker, s);
                d.add_facet(f.facets, Facet::from_path(["speaker", s.as_str()]));
            }
            (None, Some((s0, s1))) => d.add_text(f.speaker, &a.body[s0..s1]),
            (None, None) => {}
        }
        docs.push(d);
    }
    docs
}
