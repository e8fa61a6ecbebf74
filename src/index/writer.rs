//! Turns enriched articles into tantivy documents and writes them, replacing any earlier copy.

use std::collections::HashSet;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, Value};
use tantivy::{DateTime, IndexWriter, TantivyDocument, Term};

use super::{NewsIndex, KIND_ARTICLE, KIND_FILE, KIND_QUOTE};
use crate::article::Article;
use crate::error::{Error, Result};
use crate::extract::{Enrichment, EntityType};

/// Writes articles into a [`NewsIndex`]. Nothing is visible to searches until [`Indexer::commit`].
pub struct Indexer<'i> {
    ix: &'i NewsIndex,
    writer: IndexWriter,
    searcher: tantivy::Searcher,
    /// Hashes of the ids added by this writer: a repeat within one run must replace too.
    added: HashSet<u64>,
}

/// What the index remembers of a file it has read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime: i64,
    /// blake3 of the file's bytes, hex.
    pub hash: String,
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
            added: HashSet::new(),
        })
    }

    /// Adds an article read from `file` and its quotes, replacing any article with the same id.
    pub fn add(&mut self, a: &Article, e: &Enrichment, file: &str) -> Result<Added> {
        let f = &self.ix.fields;
        let id_term = Term::from_field_text(f.id, &a.id);
        // Document frequency would count deleted copies too.
        let replaced = self.searcher.search(
            &TermQuery::new(id_term.clone(), IndexRecordOption::Basic),
            &tantivy::collector::Count,
        )? > 0;
        let id_hash = u64::from_le_bytes(
            blake3::hash(a.id.as_bytes()).as_bytes()[..8]
                .try_into()
                .expect("8 bytes"),
        );
        // Every delete is applied to every segment at commit: only delete what may exist.
        if !self.added.insert(id_hash) || replaced {
            self.writer.delete_term(id_term);
        }
        let docs = documents(self.ix, a, e, file);
        let quotes = docs.len() - 1;
        for d in docs {
            self.writer.add_document(d)?;
        }
        Ok(Added { replaced, quotes })
    }

    /// A handle that answers what the last commit recorded of a file, usable from other threads.
    pub fn lookup(&self) -> FileLookup {
        FileLookup {
            searcher: self.searcher.clone(),
            fields: self.ix.fields,
        }
    }

    /// Updates a file's record alone, its articles untouched (its bytes did not change).
    pub fn touch_file(&mut self, file: &str, state: &FileState) -> Result<()> {
        self.writer
            .delete_term(Term::from_field_text(self.ix.fields.file_record, file));
        self.record_file(file, state)
    }

    /// Removes a file's record and every article (and quote) read from it.
    pub fn forget_file(&mut self, file: &str) {
        let f = &self.ix.fields;
        self.writer.delete_term(Term::from_field_text(f.file, file));
        self.writer
            .delete_term(Term::from_field_text(f.file_record, file));
    }

    /// Records that `file` has been read whole; committed with its articles, so a crash
    /// leaves either both or neither.
    pub fn record_file(&mut self, file: &str, state: &FileState) -> Result<()> {
        let f = &self.ix.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.kind, KIND_FILE);
        d.add_text(f.file_record, file);
        d.add_u64(f.file_size, state.size);
        d.add_i64(f.file_mtime, state.mtime);
        d.add_text(f.file_hash, &state.hash);
        self.writer.add_document(d)?;
        Ok(())
    }

    /// Every file the last commit holds a record of.
    pub fn known_files(&self) -> Result<Vec<String>> {
        let mut seen = HashSet::new();
        for seg in self.searcher.segment_readers() {
            let inverted = seg.inverted_index(self.ix.fields.file_record)?;
            let mut stream = inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                if let Ok(path) = std::str::from_utf8(stream.key()) {
                    seen.insert(path.to_string());
                }
            }
        }
        let mut v: Vec<String> = seen.into_iter().collect();
        v.sort();
        Ok(v)
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

/// Looks up file records in the last commit.
#[derive(Clone)]
pub struct FileLookup {
    searcher: tantivy::Searcher,
    fields: super::Fields,
}

impl FileLookup {
    /// What the last commit recorded of `file`, if it was indexed.
    pub fn state(&self, file: &str) -> Result<Option<FileState>> {
        let f = &self.fields;
        let term = |field, text: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, text),
                IndexRecordOption::Basic,
            ))
        };
        let q = BooleanQuery::new(vec![
            (Occur::Must, term(f.kind, KIND_FILE)),
            (Occur::Must, term(f.file_record, file)),
        ]);
        let top = self
            .searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, addr)) = top.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.searcher.doc(*addr)?;
        Ok(Some(FileState {
            size: doc
                .get_first(f.file_size)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            mtime: doc
                .get_first(f.file_mtime)
                .and_then(|v| v.as_i64())
                .unwrap_or(0),
            hash: doc
                .get_first(f.file_hash)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string(),
        }))
    }
}

/// The number that ties an article's quotes to it: the first 8 bytes of blake3 of its id.
pub fn article_key(id: &str) -> u64 {
    let h = blake3::hash(id.as_bytes());
    u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// The article's document followed by one document per quote.
pub fn documents(ix: &NewsIndex, a: &Article, e: &Enrichment, file: &str) -> Vec<TantivyDocument> {
    let f = &ix.fields;
    let mut shared = TantivyDocument::default();
    shared.add_text(f.id, &a.id);
    shared.add_text(f.file, file);
    shared.add_u64(f.article_key, article_key(&a.id));
    shared.add_text(f.origin, &a.origin);
    if let Some(d) = a.date {
        shared.add_date(f.date, DateTime::from_timestamp_secs(d.unix_timestamp()));
    }
    if let Some(s) = &a.source {
        shared.add_text(f.source, s);
    }
    if let Some(u) = &a.url {
        shared.add_text(f.url, u);
    }
    let mut docs = Vec::with_capacity(1 + e.quotes.len());
    let mut article = shared.clone();
    // Entity facets on the article only: quotes reach them through `article_key`.
    for kind in [EntityType::Person, EntityType::Place, EntityType::Org] {
        for name in e.names(kind) {
            article.add_facet(f.facets, Facet::from_path([kind.facet(), name]));
        }
    }
    article.add_text(f.kind, KIND_ARTICLE);
    article.add_text(f.title, &a.title);
    article.add_text(f.body, &a.body);
    for s in e.speakers() {
        article.add_facet(f.facets, Facet::from_path(["speaker", s]));
    }
    docs.push(article);
    for q in &e.quotes {
        let mut d = shared.clone();
        d.add_text(f.kind, KIND_QUOTE);
        d.add_text(f.quote_title, &a.title);
        d.add_text(f.body, &a.body[q.start..q.end]);
        d.add_text(f.quote_kind, q.kind.as_str());
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
