//! Writes enriched articles into the index so that what it holds is what a fresh index of the
//! same files would hold, whatever the order and history of the runs: of two copies of one id
//! the one of the greater (file, rank) is the article; the other is remembered as a shadow so
//! that its file is read again when the winning copy goes.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::indexer::UserOperation;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DateTime, DocSet, IndexWriter, Searcher, SegmentReader, TantivyDocument, Term};

use super::schema::{DocKind, Fields};
use super::stored::{copy_of, StoredEnrichment};
use super::NewsIndex;
use crate::article::Article;
use crate::enriched::Record;
use crate::error::Result;
use crate::extract::{Enrichment, EntityType, Field};
use crate::facet::{link_facet, FacetKind};
use crate::registry::key::fold;

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
    /// Another copy of the same id was met (in the index or earlier in this run): one of the
    /// two replaced the other.
    pub replaced: bool,
    /// This copy is the article now; `false` when a copy of greater rank outranks it.
    pub kept: bool,
    pub quotes: usize,
}

/// Where a copy of an article came from, and its article document: should a later copy outrank
/// it before the next commit, the shadow it leaves must hold it.
#[derive(Debug, Clone)]
struct Copy {
    id: String,
    file: Arc<str>,
    rank: u64,
    doc: TantivyDocument,
}

/// A copy of an article that the index remembers: its place in its file, and the copy itself.
pub struct Remembered {
    pub article: Article,
    pub enrichment: Enrichment,
    pub rank: u64,
}

/// A file whose record was taken back because it shadows an article of a file being forgotten:
/// if that file does not bring the article back, this one must be read again.
struct Watch {
    file: String,
    state: Option<FileState>,
    /// The ids it shadows, with the rank of its copy.
    ids: Vec<(String, u64)>,
    trigger: String,
}

/// Writes articles into a [`NewsIndex`]. Nothing is visible to searches until [`Indexer::commit`].
pub struct Indexer<'i> {
    ix: &'i NewsIndex,
    writer: IndexWriter,
    /// The last commit.
    searcher: Searcher,
    /// The last commit holds no article: nothing to look up.
    committed_empty: bool,
    /// Copies added since the last commit, by the hash of their id.
    pending: HashMap<u64, Copy>,
    /// About how many bytes the pending copies' documents hold, and how many they may hold
    /// before a commit is due (an eighth of the writer's budget).
    pending_bytes: usize,
    pending_budget: usize,
    /// Shadows added since the last commit: id -> files.
    pending_shadows: HashMap<String, Vec<(Arc<str>, u64)>>,
    /// Files whose committed documents are deleted since the last commit.
    forgotten: HashSet<String>,
    /// Whether any shadow exists: without one, forgetting a file needs no look-ups.
    shadows_exist: bool,
    watches: Vec<Watch>,
    /// Records written in this run, for files a later watch takes back.
    recorded: HashMap<String, FileState>,
    /// The records of the files settled watches sent to be read again, for those that cannot be.
    taken_back: HashMap<String, Option<FileState>>,
    /// Whether this writer added or removed an article: the registry then needs rebuilding.
    changed: bool,
}

fn id_hash(id: &str) -> u64 {
    article_key(id)
}

fn term_query(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

fn kind_query(f: &Fields, kind: DocKind) -> Box<dyn Query> {
    term_query(f.kind, kind.as_str())
}

impl<'i> Indexer<'i> {
    /// Takes the index's write lock: a second writer gets [`Error::Locked`].
    pub fn new(ix: &'i NewsIndex, threads: usize, memory_bytes: usize) -> Result<Self> {
        let writer = super::retry_lock(ix, || {
            ix.index
                .writer_with_num_threads(threads.clamp(1, 8), memory_bytes)
        })?;
        let searcher = ix.index.reader()?.searcher();
        let mut w = Indexer {
            ix,
            writer,
            searcher,
            committed_empty: true,
            pending: HashMap::new(),
            pending_bytes: 0,
            pending_budget: memory_bytes / 8,
            pending_shadows: HashMap::new(),
            forgotten: HashSet::new(),
            shadows_exist: false,
            watches: Vec::new(),
            recorded: HashMap::new(),
            taken_back: HashMap::new(),
            changed: false,
        };
        w.refresh()?;
        Ok(w)
    }

    fn refresh(&mut self) -> Result<()> {
        self.searcher = self.ix.index.reader()?.searcher();
        let f = &self.ix.fields;
        let count = |kind| -> Result<usize> {
            Ok(self
                .searcher
                .search(&*kind_query(f, kind), &tantivy::collector::Count)?)
        };
        self.committed_empty = count(DocKind::Article)? == 0;
        self.shadows_exist = count(DocKind::Shadow)? > 0;
        self.pending.clear();
        self.pending_bytes = 0;
        self.pending_shadows.clear();
        self.forgotten.clear();
        Ok(())
    }

    /// The committed copy of an article, if any: its file, its rank and its document.
    fn committed_copy(&self, id: &str) -> Result<Option<(String, u64, TantivyDocument)>> {
        if self.committed_empty {
            return Ok(None);
        }
        let f = &self.ix.fields;
        let q = BooleanQuery::new(vec![
            (Occur::Must, kind_query(f, DocKind::Article)),
            (Occur::Must, term_query(f.id, id)),
        ]);
        let top = self
            .searcher
            .search(&q, &TopDocs::with_limit(1).order_by_score())?;
        let Some((_, addr)) = top.first() else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.searcher.doc(*addr)?;
        let file = doc
            .get_first(f.file)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string();
        let rank = doc.get_first(f.rank).and_then(|v| v.as_u64()).unwrap_or(0);
        Ok(Some((file, rank, doc)))
    }

    /// Adds an article read from `file` as its `rank`-th article, with its quotes, unless a
    /// copy of the same id of greater (file, rank) is already the article.
    pub fn add(
        &mut self,
        a: &Article,
        e: &Enrichment,
        file: &Arc<str>,
        rank: u64,
    ) -> Result<Added> {
        let key = id_hash(&a.id);
        let committed = self.committed_copy(&a.id)?;
        let replaced = self.pending.contains_key(&key) || committed.is_some();
        // A committed copy from the same file is an earlier read of it (a stream read again), which
        // this one replaces.
        let live_committed =
            committed.filter(|(cf, _, _)| !self.forgotten.contains(cf) && **cf != **file);
        let rival: Option<(Arc<str>, u64, TantivyDocument)> = match self.pending.get(&key) {
            Some(c) => Some((c.file.clone(), c.rank, c.doc.clone())),
            None => live_committed.map(|(cf, r, d)| (Arc::from(cf.as_str()), r, d)),
        };
        if let Some((rf, rr, _)) = &rival {
            if (&**rf, *rr) > (&**file, rank) {
                if **rf != **file {
                    self.add_shadow(&a.id, file, rank, &Record::new(a, file, rank, Some(e)))?;
                }
                return Ok(Added {
                    replaced,
                    kept: false,
                    quotes: 0,
                });
            }
        }
        if replaced {
            // Every delete is applied to every segment at commit: only delete what may exist.
            self.writer
                .delete_term(Term::from_field_text(self.ix.fields.id, &a.id));
        }
        if let Some((rf, rr, doc)) = rival.filter(|(rf, _, _)| **rf != **file) {
            let (ra, re) = copy_of(&self.ix.fields, &doc);
            self.add_shadow(&a.id, &rf, rr, &Record::new(&ra, &rf, rr, Some(&re)))?;
        }
        let docs = documents(self.ix, a, e, file, rank);
        self.changed = true;
        let quotes = docs.len() - 1;
        let doc = docs[0].clone();
        self.pending_bytes += a.title.len() + a.body.len() + 64 * (e.entities.len() + quotes);
        // One batch: tantivy files a batch's documents in one segment, so an article's quotes
        // sit beside it and a quote search finds their article without looking up its key.
        self.writer.run(docs.into_iter().map(UserOperation::Add))?;
        self.pending.insert(
            key,
            Copy {
                id: a.id.clone(),
                file: file.clone(),
                rank,
                doc,
            },
        );
        Ok(Added {
            replaced,
            kept: true,
            quotes,
        })
    }

    /// Remembers that `file` holds a copy of `id`, its `rank`-th article, that another outranks.
    fn add_shadow(&mut self, id: &str, file: &Arc<str>, rank: u64, copy: &Record) -> Result<()> {
        self.writer
            .add_document(shadow_document(&self.ix.fields, id, file, rank, copy))?;
        let files = self.pending_shadows.entry(id.to_string()).or_default();
        if !files.iter().any(|(s, r)| s == file && *r == rank) {
            files.push((file.clone(), rank));
        }
        self.shadows_exist = true;
        Ok(())
    }

    /// Ids of the articles `file` is the copy of, in the last commit and since.
    fn primaries_of(&self, file: &str) -> Result<Vec<String>> {
        let f = &self.ix.fields;
        let mut ids: Vec<String> = self
            .pending
            .values()
            .filter(|c| &*c.file == file)
            .map(|c| c.id.clone())
            .collect();
        if !self.forgotten.contains(file) && !self.committed_empty {
            let q = BooleanQuery::new(vec![
                (Occur::Must, kind_query(f, DocKind::Article)),
                (Occur::Must, term_query(f.file, file)),
            ]);
            for addr in self.searcher.search(&q, &DocSetCollector)? {
                let doc: TantivyDocument = self.searcher.doc(addr)?;
                if let Some(id) = doc.get_first(f.id).and_then(|v| v.as_str()) {
                    ids.push(id.to_string());
                }
            }
        }
        ids.sort();
        ids.dedup();
        Ok(ids)
    }

    /// Files holding a shadow of `id`, other than `except`, with the rank of their copy.
    fn shadow_files(&self, id: &str, except: &str) -> Result<Vec<(String, u64)>> {
        let f = &self.ix.fields;
        let mut files: Vec<(String, u64)> = self
            .pending_shadows
            .get(id)
            .into_iter()
            .flatten()
            .map(|(s, r)| (s.to_string(), *r))
            .collect();
        let q = BooleanQuery::new(vec![
            (Occur::Must, kind_query(f, DocKind::Shadow)),
            (Occur::Must, term_query(f.shadow_id, id)),
        ]);
        for addr in self.searcher.search(&q, &DocSetCollector)? {
            let doc: TantivyDocument = self.searcher.doc(addr)?;
            if let Some(file) = doc.get_first(f.file).and_then(|v| v.as_str()) {
                if !self.forgotten.contains(file) {
                    let rank = doc.get_first(f.rank).and_then(|v| v.as_u64()).unwrap_or(0);
                    files.push((file.to_string(), rank));
                }
            }
        }
        files.retain(|(s, _)| s != except);
        files.sort();
        files.dedup();
        Ok(files)
    }

    /// Removes a file's record and every article, quote and shadow read from it. The files that
    /// shadow its articles lose their records until [`Indexer::file_done`] knows whether the
    /// file brought those articles back, so a crash in between has them read again.
    pub fn forget_file(&mut self, file: &str) -> Result<()> {
        if self.shadows_exist {
            let lookup = self.lookup();
            for id in self.primaries_of(file)? {
                for (s, rank) in self.shadow_files(&id, file)? {
                    if let Some(w) = self
                        .watches
                        .iter_mut()
                        .find(|w| w.file == s && w.trigger == file)
                    {
                        w.ids.push((id.clone(), rank));
                        continue;
                    }
                    let state = match self.recorded.get(&s) {
                        Some(st) => Some(st.clone()),
                        None if self.forgotten.contains(&s) => None,
                        None => lookup.state(&s)?,
                    };
                    self.writer
                        .delete_term(Term::from_field_text(self.ix.fields.file_record, &s));
                    self.watches.push(Watch {
                        file: s,
                        state,
                        ids: vec![(id.clone(), rank)],
                        trigger: file.to_string(),
                    });
                }
            }
        }
        let f = &self.ix.fields;
        self.writer.delete_term(Term::from_field_text(f.file, file));
        self.writer
            .delete_term(Term::from_field_text(f.file_record, file));
        self.changed = true;
        self.forgotten.insert(file.to_string());
        self.recorded.remove(file);
        self.pending.retain(|_, c| &*c.file != file);
        for files in self.pending_shadows.values_mut() {
            files.retain(|(s, _)| &**s != file);
        }
        Ok(())
    }

    /// The live copy of an article after what this run did so far: its file and rank.
    fn live_copy(&self, id: &str) -> Result<Option<(String, u64)>> {
        if let Some(c) = self.pending.get(&id_hash(id)) {
            return Ok(Some((c.file.to_string(), c.rank)));
        }
        Ok(self
            .committed_copy(id)?
            .filter(|(f, _, _)| !self.forgotten.contains(f))
            .map(|(f, r, _)| (f, r)))
    }

    /// Settles the watches a forgotten file set: a shadowing file whose copies are all outranked
    /// by a live copy again gets its record back; the others are returned, to be read again.
    fn settle(&mut self, trigger: &str) -> Result<Vec<String>> {
        let (mine, rest): (Vec<Watch>, Vec<Watch>) = std::mem::take(&mut self.watches)
            .into_iter()
            .partition(|w| w.trigger == trigger);
        self.watches = rest;
        let mut again = Vec::new();
        for w in mine {
            let mut whole = true;
            for (id, rank) in &w.ids {
                let live = self.live_copy(id)?;
                whole &= live.is_some_and(|(f, r)| (f.as_str(), r) > (w.file.as_str(), *rank));
            }
            match (&w.state, whole) {
                (Some(state), true) if !self.forgotten.contains(&w.file) => {
                    self.record_file(&w.file, state)?
                }
                (_, true) => {}
                (_, false) => {
                    self.taken_back.insert(w.file.clone(), w.state);
                    again.push(w.file);
                }
            }
        }
        Ok(again)
    }

    /// Records that `file` has been read whole, and returns the files that must be read again
    /// because they shadow an article the file no longer holds.
    pub fn file_done(&mut self, file: &str, state: &FileState) -> Result<Vec<String>> {
        self.record_file(file, state)?;
        self.settle(file)
    }

    /// Like [`Indexer::file_done`] for a file read whole that is left without a record (it gave
    /// nothing but skips, or its state could not be taken).
    pub fn file_unrecorded(&mut self, file: &str) -> Result<Vec<String>> {
        self.settle(file)
    }

    /// Forgets a file that is gone (`--prune`), and returns the files that must be read again
    /// because they hold copies of its articles.
    pub fn file_gone(&mut self, file: &str) -> Result<Vec<String>> {
        self.forget_file(file)?;
        self.settle(file)
    }

    /// What the index remembers of a file it must read again but cannot (it was deleted
    /// without `--prune`): the copies of articles it gave, in its order, and the record it had.
    pub fn remembered(&mut self, file: &str) -> Result<(Vec<Remembered>, Option<FileState>)> {
        let f = &self.ix.fields;
        let mut copies = Vec::new();
        if !self.forgotten.contains(file) {
            let q = BooleanQuery::new(vec![
                (Occur::Must, term_query(f.file, file)),
                (
                    Occur::Must,
                    Box::new(BooleanQuery::new(vec![
                        (Occur::Should, kind_query(f, DocKind::Article)),
                        (Occur::Should, kind_query(f, DocKind::Shadow)),
                    ])),
                ),
            ]);
            for addr in self.searcher.search(&q, &DocSetCollector)? {
                let doc: TantivyDocument = self.searcher.doc(addr)?;
                let rank = doc.get_first(f.rank).and_then(|v| v.as_u64()).unwrap_or(0);
                let shadow = doc.get_first(f.kind).and_then(|v| v.as_str())
                    == Some(DocKind::Shadow.as_str());
                let kept = if shadow {
                    doc.get_first(f.copy)
                        .and_then(|v| v.as_str())
                        .and_then(|copy| serde_json::from_str::<Record>(copy).ok())
                        .and_then(|r| r.into_keyed().ok())
                        .and_then(|k| Some((*k.article, k.enrichment?)))
                } else {
                    Some(copy_of(f, &doc))
                };
                if let Some((article, enrichment)) = kept {
                    copies.push(Remembered {
                        article,
                        enrichment,
                        rank,
                    });
                }
            }
        }
        copies.sort_by(|a, b| (a.rank, &a.article.id).cmp(&(b.rank, &b.article.id)));
        copies.dedup_by(|a, b| a.rank == b.rank && a.article.id == b.article.id);
        let state = self.taken_back.remove(file).flatten();
        Ok((copies, state))
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

    /// Records that `file` has been read whole; committed with its articles, so a crash
    /// leaves either both or neither.
    fn record_file(&mut self, file: &str, state: &FileState) -> Result<()> {
        let f = &self.ix.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.kind, DocKind::File.as_str());
        d.add_text(f.file_record, file);
        d.add_u64(f.file_size, state.size);
        d.add_i64(f.file_mtime, state.mtime);
        d.add_text(f.file_hash, &state.hash);
        self.writer.add_document(d)?;
        self.recorded.insert(file.to_string(), state.clone());
        Ok(())
    }

    /// Every file the last commit holds a live record of.
    pub fn known_files(&self) -> Result<Vec<String>> {
        let mut seen = HashSet::new();
        for seg in self.searcher.segment_readers() {
            seen.extend(live_terms(seg, self.ix.fields.file_record)?);
        }
        let mut v: Vec<String> = seen.into_iter().collect();
        v.sort();
        Ok(v)
    }

    /// Whether the copies kept since the last commit fill their share of the memory budget.
    pub fn commit_due(&self) -> bool {
        self.pending_bytes >= self.pending_budget
    }

    /// Makes everything added so far durable and visible.
    pub fn commit(&mut self) -> Result<()> {
        self.writer.commit()?;
        self.refresh()
    }

    /// Commits and waits for background merges, so the process can exit cleanly. Returns
    /// whether any article was added or removed.
    pub fn finish(mut self) -> Result<bool> {
        self.writer.commit()?;
        self.writer.wait_merging_threads()?;
        Ok(self.changed)
    }
}

/// Looks up file records in the last commit.
#[derive(Clone)]
pub struct FileLookup {
    searcher: Searcher,
    fields: Fields,
}

impl FileLookup {
    /// What the last commit recorded of `file`, if it was indexed.
    pub fn state(&self, file: &str) -> Result<Option<FileState>> {
        let f = &self.fields;
        let q = BooleanQuery::new(vec![
            (Occur::Must, kind_query(f, DocKind::File)),
            (Occur::Must, term_query(f.file_record, file)),
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

    /// Whether the last commit holds any document read from `file` (a file read partly by a
    /// run that was killed has articles but no record).
    pub fn has_documents(&self, file: &str) -> Result<bool> {
        let q = TermQuery::new(
            Term::from_field_text(self.fields.file, file),
            IndexRecordOption::Basic,
        );
        Ok(self.searcher.search(&q, &tantivy::collector::Count)? > 0)
    }
}

/// The terms of `field` that a live document of the segment carries, in term order: the term
/// dictionary keeps the terms of deleted documents too.
pub(super) fn live_terms(
    seg: &SegmentReader,
    field: tantivy::schema::Field,
) -> Result<Vec<String>> {
    let inverted = seg.inverted_index(field)?;
    let mut stream = inverted
        .terms()
        .stream()
        .map_err(tantivy::TantivyError::from)?;
    let mut out = Vec::new();
    while stream.advance() {
        let mut postings = inverted
            .read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)
            .map_err(tantivy::TantivyError::from)?;
        let mut alive = false;
        while !alive && postings.doc() != tantivy::TERMINATED {
            alive = !seg.is_deleted(postings.doc());
            postings.advance();
        }
        if let (true, Ok(term)) = (alive, std::str::from_utf8(stream.key())) {
            out.push(term.to_string());
        }
    }
    Ok(out)
}

/// The marker of a copy of `id`, the `rank`-th article of `file`, that another copy outranks,
/// holding the copy.
pub(super) fn shadow_document(
    f: &Fields,
    id: &str,
    file: &str,
    rank: u64,
    copy: &Record,
) -> TantivyDocument {
    let mut d = TantivyDocument::default();
    d.add_text(f.kind, DocKind::Shadow.as_str());
    d.add_text(f.shadow_id, id);
    d.add_text(f.file, file);
    d.add_u64(f.rank, rank);
    d.add_text(
        f.copy,
        serde_json::to_string(copy).expect("a record serialises"),
    );
    d
}

/// The number that ties an article's quotes to it: the first 8 bytes of blake3 of its id.
pub fn article_key(id: &str) -> u64 {
    let h = blake3::hash(id.as_bytes());
    u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"))
}

/// The article's document followed by one document per quote.
pub fn documents(
    ix: &NewsIndex,
    a: &Article,
    e: &Enrichment,
    file: &str,
    rank: u64,
) -> Vec<TantivyDocument> {
    let f = &ix.fields;
    let mut shared = TantivyDocument::default();
    shared.add_text(f.id, &a.id);
    shared.add_text(f.file, file);
    shared.add_u64(f.article_key, article_key(&a.id));
    shared.add_text(f.origin, &a.origin);
    if let Some(d) = a.date {
        shared.add_date(f.date, DateTime::from_timestamp_secs(d.unix_timestamp()));
    }
    if let Some(s) = a.source.as_ref().or(e.agency.as_ref()) {
        shared.add_text(f.source, s);
    }
    if let Some(u) = &a.url {
        shared.add_text(f.url, u);
    }
    let mut docs = Vec::with_capacity(1 + e.quotes.len());
    let mut article = shared.clone();
    article.add_text(f.kind, DocKind::Article.as_str());
    article.add_u64(f.rank, rank);
    article.add_text(f.title, &a.title);
    article.add_text(f.body, &a.body);
    // Entity facets on the article only: quotes reach them through `article_key`.
    let names = Names::of(a, e);
    for (kind, name) in &names.values {
        article.add_facet(f.facets, kind.facet(name));
        if *kind == FacetKind::Author {
            article.add_text(f.authors, name);
        }
    }
    for (kind, short, full) in &names.links {
        article.add_facet(f.facets, link_facet(*kind, short, full));
    }
    article.add_text(f.enrichment, StoredEnrichment::new(e).to_json());
    docs.push(article);
    for q in &e.quotes {
        let mut d = shared.clone();
        d.add_text(f.kind, DocKind::Quote.as_str());
        d.add_text(f.quote_title, &a.title);
        d.add_text(f.quote_text, &a.body[q.start..q.end]);
        d.add_text(f.quote_kind, q.kind.as_str());
        match (&q.speaker, q.speaker_span) {
            (Some(s), _) => {
                d.add_text(f.speaker, s);
                d.add_facet(f.facets, FacetKind::Speaker.facet(s));
            }
            (None, Some((s0, s1))) => d.add_text(f.speaker, &a.body[s0..s1]),
            (None, None) => {}
        }
        docs.push(d);
    }
    docs
}

/// The names an article is filed under, and the short forms it used for longer names: what the
/// index records of it and what the registry learns from it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Names {
    /// Distinct (kind, article-level name): its people, places and organisations, speakers and
    /// authors (given with the article or named by its credit lines).
    pub values: Vec<(FacetKind, String)>,
    /// Short forms of people and organisations and the full names they stood for ("Putin",
    /// "Vladimir Putin"), distinct.
    pub links: Vec<(FacetKind, String, String)>,
}

impl Names {
    pub fn of(a: &Article, e: &Enrichment) -> Names {
        let mut values: Vec<(FacetKind, String)> = Vec::new();
        for kind in [EntityType::Person, EntityType::Place, EntityType::Org] {
            values.extend(
                e.names(kind)
                    .into_iter()
                    .map(|n| (FacetKind::from(kind), n.to_string())),
            );
        }
        values.extend(
            e.speakers()
                .into_iter()
                .map(|s| (FacetKind::Speaker, s.to_string())),
        );
        let mut authors: Vec<&str> = a
            .authors
            .iter()
            .chain(&e.authors)
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        authors.sort_unstable();
        authors.dedup();
        values.extend(
            authors
                .into_iter()
                .map(|s| (FacetKind::Author, s.to_string())),
        );
        let mut links: Vec<(FacetKind, String, String)> = e
            .entities
            .iter()
            .filter(|m| m.kind != EntityType::Place)
            .filter_map(|m| {
                let text = match m.field {
                    Field::Body => &a.body,
                    Field::Title => &a.title,
                };
                let surface = text.get(m.start..m.end)?;
                (fold(surface) != fold(&m.name))
                    .then(|| (FacetKind::from(m.kind), surface.to_string(), m.name.clone()))
            })
            .collect();
        links.sort_unstable();
        links.dedup();
        Names { values, links }
    }

    /// What the registry's builder takes of one article.
    pub fn observe(&self, builder: &mut crate::registry::Builder, year: Option<i32>) {
        builder.add_article(
            year,
            self.values.iter().map(|(k, n)| (*k, n.as_str())),
            self.links
                .iter()
                .map(|(k, s, f)| (*k, s.as_str(), f.as_str())),
        );
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::sync::Arc;

    use tantivy::schema::IndexRecordOption;
    use tantivy::{DocSet, Term, TERMINATED};

    use super::*;
    use crate::extract::{Quote, QuoteKind};

    /// With several indexing threads, every quote still lands in its article's segment, which
    /// quote searches rely on to find their articles without their keys.
    #[test]
    fn an_articles_quotes_share_its_segment() {
        let ix = NewsIndex::in_ram();
        let mut w = Indexer::new(&ix, 2, 40 << 20).unwrap();
        let file: Arc<str> = Arc::from("f");
        for i in 0..400 {
            let body =
                format!("\"One {i},\" she said. \"Two {i},\" he said. \"Three,\" they said.");
            let quotes = body
                .match_indices('"')
                .collect::<Vec<_>>()
                .chunks(2)
                .map(|p| Quote {
                    start: p[0].0 + 1,
                    end: p[1].0,
                    kind: QuoteKind::Direct,
                    speaker: None,
                    speaker_span: None,
                })
                .collect();
            let e = Enrichment {
                quotes,
                ..Enrichment::default()
            };
            w.add(&Article::from_text(&i.to_string(), "", &body), &e, &file, i)
                .unwrap();
        }
        w.finish().unwrap();
        let searcher = ix.searcher().unwrap();
        let fields = &ix.fields;
        let keys_of = |seg: &SegmentReader, kind: DocKind| -> Vec<u64> {
            let column = seg.fast_fields().u64("article_key").unwrap();
            let term = Term::from_field_text(fields.kind, kind.as_str());
            let mut docs = seg
                .inverted_index(fields.kind)
                .unwrap()
                .read_postings(&term, IndexRecordOption::Basic)
                .unwrap()
                .expect("documents of the kind");
            let mut keys = Vec::new();
            while docs.doc() != TERMINATED {
                keys.extend(column.first(docs.doc()));
                docs.advance();
            }
            keys
        };
        let segments = searcher.segment_readers();
        let (mut articles, mut quotes) = (0, 0);
        for seg in segments {
            let here: HashSet<u64> = keys_of(seg, DocKind::Article).into_iter().collect();
            let theirs = keys_of(seg, DocKind::Quote);
            assert!(theirs.iter().all(|k| here.contains(k)));
            articles += here.len();
            quotes += theirs.len();
        }
        assert_eq!((articles, quotes), (400, 1200));
        assert!(segments.len() > 1, "one segment proves nothing");
    }
}
