//! `newsdex merge`: joins shard indexes (one per Spark partition, or any built apart) into one
//! that answers every query as one index built in one process from the same articles would.
//! The shards' segments are copied as they are (nothing is encoded again), the copies that lose
//! marked deleted in them: of two copies of an id the one of the greater (file, rank) is the article, as in one process, and a tie
//! (the same file indexed into two shards) goes to the later shard. A file read whole into two
//! shards (both hold its record) is the later shard's: the earlier shard's articles from it are
//! left out, as a run that reads a file again forgets what it gave before. The losing copies
//! become shadows, file records and name decisions are combined, and the registry is rebuilt
//! from the merged articles.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::DocSetCollector;
use tantivy::directory::{Directory, TerminatingWrite};
use tantivy::fastfield::write_alive_bitset;
use tantivy::query::{BooleanQuery, Occur, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{BitSet, DocSet, SegmentReader, TantivyDocument, Term};

use super::schema::DocKind;
use super::stored::copy_of;
use super::{write_meta, Meta, NewsIndex, SCHEMA_VERSION};
use crate::enriched::Record;
use crate::error::{Error, Result};
use crate::registry::key::fold;
use crate::registry::{Decision, Decisions};

/// What a merge did.
#[derive(Debug, Default, Clone, Serialize)]
pub struct MergeSummary {
    pub shards: usize,
    /// Articles in the merged index.
    pub articles: usize,
    /// Copies of an id left out because a copy in another shard outranks them.
    pub duplicates: usize,
    /// Time spent rebuilding the name registry.
    pub registry_seconds: f64,
    pub seconds: f64,
}

/// A live article's copy in a shard: its file and rank, and the shard.
struct Copy {
    file: Arc<str>,
    rank: u64,
    shard: usize,
    doc: TantivyDocument,
}

impl Copy {
    fn outranks(&self, other: &Copy) -> bool {
        (&*self.file, self.rank, self.shard) > (&*other.file, other.rank, other.shard)
    }
}

/// Merges `shards` into a new index at `out`, which must not exist or be an empty directory. The
/// index is built beside `out` and renamed into place: `out` is a whole index or none.
pub fn merge(out: &Path, shards: &[PathBuf]) -> Result<MergeSummary> {
    let started = Instant::now();
    if shards.is_empty() {
        return Err(Error::Merge("no shards given".into()));
    }
    let out_used = match fs::read_dir(out) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
        Err(e) => return Err(Error::io(out, e)),
    };
    if out_used || out.is_file() {
        return Err(Error::Merge(format!(
            "{} exists and is not empty: merge into a new directory (an index already there can be given as a shard)",
            out.display()
        )));
    }
    let mut seen = HashSet::new();
    let mut opened = Vec::with_capacity(shards.len());
    for dir in shards {
        let canonical = fs::canonicalize(dir).map_err(|e| Error::io(dir, e))?;
        if !seen.insert(canonical) {
            return Err(Error::Merge(format!("{} is given twice", dir.display())));
        }
        let ix = NewsIndex::open(dir).map_err(|e| match e {
            Error::SchemaVersion { found, expected, .. } => Error::Merge(format!(
                "shard {} has schema version {found}, this newsdex reads version {expected}: build it again with this newsdex",
                dir.display()
            )),
            e => e,
        })?;
        // No run may write a shard while it is read.
        let lock = ix.lock()?;
        opened.push((ix, lock));
    }
    let ixs: Vec<&NewsIndex> = opened.iter().map(|(ix, _)| ix).collect();
    let decisions = combine_decisions(shards, &ixs)?;

    let searchers = ixs
        .iter()
        .map(|ix| ix.searcher())
        .collect::<Result<Vec<_>>>()?;
    let record_losers = resolve_records(&ixs, &searchers)?;
    let (losers, shadows) = resolve_copies(&ixs, &searchers, &record_losers)?;

    let tmp = beside(out, "merging");
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    }
    fs::create_dir_all(&tmp).map_err(|e| Error::io(&tmp, e))?;
    copy_segments(&tmp, &ixs, &searchers, &losers, &record_losers)?;
    let mut meta = Meta {
        schema_version: SCHEMA_VERSION,
        ..Meta::default()
    };
    for ix in &ixs {
        let m = ix.meta()?;
        for r in m.roots {
            if !meta.roots.contains(&r) {
                meta.roots.push(r);
            }
        }
        meta.updated = meta.updated.max(m.updated);
    }
    write_meta(&tmp, &meta)?;
    drop(searchers);
    drop(opened);

    let merged = NewsIndex::open(&tmp)?;
    if !shadows.is_empty() {
        let mut writer: tantivy::IndexWriter = merged.index.writer_with_num_threads(1, 15 << 20)?;
        for ((id, file, rank), copy) in &shadows {
            writer.add_document(super::writer::shadow_document(
                &merged.fields,
                id,
                file,
                *rank,
                copy,
            ))?;
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
    }
    let t = Instant::now();
    {
        let _lock = merged.lock()?;
        if !decisions.decisions.is_empty() {
            merged.set_decisions(&decisions)?;
        }
        merged.rebuild_registry()?;
    }
    let registry_seconds = t.elapsed().as_secs_f64();
    let articles = merged.searcher()?.search(
        &*term_query(merged.fields.kind, DocKind::Article.as_str()),
        &tantivy::collector::Count,
    )?;
    drop(merged);
    fs::rename(&tmp, out).map_err(|e| Error::io(out, e))?;
    Ok(MergeSummary {
        shards: shards.len(),
        articles,
        duplicates: losers.iter().map(HashSet::len).sum(),
        registry_seconds: (registry_seconds * 100.0).round() / 100.0,
        seconds: (started.elapsed().as_secs_f64() * 100.0).round() / 100.0,
    })
}

/// A sibling of `path` named after it, for work that is renamed into place.
fn beside(path: &Path, what: &str) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "index".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.{what}"))
}

/// The shards' decisions as one list: the same decision in two shards is taken once; two shards
/// deciding differently about one name are refused, since either choice would be a guess.
fn combine_decisions(shards: &[PathBuf], ixs: &[&NewsIndex]) -> Result<Decisions> {
    fn about(d: &Decision) -> String {
        match d {
            Decision::Merge { name, .. } => fold(name),
            Decision::Split { variant } => fold(variant),
        }
    }
    fn same(a: &Decision, b: &Decision) -> bool {
        match (a, b) {
            (Decision::Merge { into: x, .. }, Decision::Merge { into: y, .. }) => {
                fold(x) == fold(y)
            }
            (Decision::Split { .. }, Decision::Split { .. }) => true,
            _ => false,
        }
    }
    let mut out = Decisions::default();
    let mut taken: HashMap<String, (Decision, usize)> = HashMap::new();
    for (i, ix) in ixs.iter().enumerate() {
        for d in ix.decisions()?.decisions {
            match taken.get(&about(&d)) {
                Some((prev, j)) if !same(prev, &d) => {
                    return Err(Error::Merge(format!(
                        "{} and {} decide differently about a name: {} and {}; make them agree with `newsdex names` (or leave one shard's names.json out)",
                        shards[*j].display(),
                        shards[i].display(),
                        serde_json::to_string(prev).unwrap_or_default(),
                        serde_json::to_string(&d).unwrap_or_default(),
                    )))
                }
                Some(_) => {}
                None => {
                    taken.insert(about(&d), (d.clone(), i));
                    out.decisions.push(d);
                }
            }
        }
    }
    Ok(out)
}

/// The shadows losing copies leave: (id, file, rank) -> the copy.
type Shadows = BTreeMap<(String, Arc<str>, u64), Record>;

/// For each shard, the ids whose copy there loses to another shard's, and the shadows the losing
/// copies leave (a copy from the winner's own file leaves none, as in one process). Articles of
/// the files a later shard read again are left out. Only ids two shards hold are looked at.
fn resolve_copies(
    ixs: &[&NewsIndex],
    searchers: &[tantivy::Searcher],
    reread: &[HashSet<String>],
) -> Result<(Vec<HashSet<String>>, Shadows)> {
    let mut losers = vec![HashSet::new(); ixs.len()];
    let mut shadows = Shadows::new();
    for id in shared_ids(ixs, searchers)? {
        let mut copies = Vec::new();
        for (shard, (ix, searcher)) in ixs.iter().zip(searchers).enumerate() {
            let f = &ix.fields;
            let q = BooleanQuery::new(vec![
                (Occur::Must, term_query(f.kind, DocKind::Article.as_str())),
                (Occur::Must, term_query(f.id, &id)),
            ]);
            for addr in searcher.search(&q, &DocSetCollector)? {
                let doc: TantivyDocument = searcher.doc(addr)?;
                let file = doc.get_first(f.file).and_then(|v| v.as_str()).unwrap_or("");
                if reread[shard].contains(file) {
                    continue;
                }
                let rank = doc.get_first(f.rank).and_then(|v| v.as_u64()).unwrap_or(0);
                copies.push(Copy {
                    file: Arc::from(file),
                    rank,
                    shard,
                    doc,
                });
            }
        }
        let Some(first) = copies.first() else {
            continue;
        };
        let best = copies
            .iter()
            .fold(first, |best, c| if c.outranks(best) { c } else { best });
        for c in &copies {
            if std::ptr::eq(c, best) {
                continue;
            }
            losers[c.shard].insert(id.clone());
            if c.file != best.file {
                let (a, e) = copy_of(&ixs[c.shard].fields, &c.doc);
                shadows.insert(
                    (id.clone(), c.file.clone(), c.rank),
                    Record::new(&a, &c.file, c.rank, Some(&e)),
                );
            }
        }
    }
    Ok((losers, shadows))
}

fn term_query(field: tantivy::schema::Field, text: &str) -> Box<dyn tantivy::query::Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

/// The ids that live documents of more than one shard carry, found by merging the shards'
/// sorted `id` term dictionaries: memory holds one term a segment, however many articles.
fn shared_ids(ixs: &[&NewsIndex], searchers: &[tantivy::Searcher]) -> Result<Vec<String>> {
    let mut readers = Vec::new();
    for (shard, (ix, searcher)) in ixs.iter().zip(searchers).enumerate() {
        for seg in searcher.segment_readers() {
            readers.push((shard, seg, seg.inverted_index(ix.fields.id)?));
        }
    }
    let mut streams = Vec::with_capacity(readers.len());
    for (_, _, inverted) in &readers {
        streams.push(
            inverted
                .terms()
                .stream()
                .map_err(tantivy::TantivyError::from)?,
        );
    }
    // The next term of a segment, and whether a live document carries it there.
    let next = |i: usize,
                streams: &mut Vec<tantivy::termdict::TermStreamer>|
     -> Result<Option<(Vec<u8>, bool)>> {
        let stream = &mut streams[i];
        if !stream.advance() {
            return Ok(None);
        }
        let (_, seg, inverted) = &readers[i];
        let mut postings = inverted
            .read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)
            .map_err(tantivy::TantivyError::from)?;
        let mut live = false;
        while !live && postings.doc() != tantivy::TERMINATED {
            live = !seg.is_deleted(postings.doc());
            postings.advance();
        }
        Ok(Some((stream.key().to_vec(), live)))
    };
    let mut heap = BinaryHeap::new();
    for i in 0..streams.len() {
        if let Some((key, live)) = next(i, &mut streams)? {
            heap.push(Reverse((key, i, live)));
        }
    }
    let mut shared = Vec::new();
    while let Some(Reverse((key, i, live))) = heap.pop() {
        let mut shards: Vec<usize> = live.then_some(readers[i].0).into_iter().collect();
        let mut same = vec![i];
        while heap.peek().is_some_and(|Reverse((k, _, _))| *k == key) {
            let Reverse((_, j, live)) = heap.pop().expect("peeked");
            if live {
                shards.push(readers[j].0);
            }
            same.push(j);
        }
        shards.sort_unstable();
        shards.dedup();
        if shards.len() > 1 {
            shared.push(String::from_utf8_lossy(&key).into_owned());
        }
        for j in same {
            if let Some((key, live)) = next(j, &mut streams)? {
                heap.push(Reverse((key, j, live)));
            }
        }
    }
    Ok(shared)
}

/// For each shard, the files whose records a later shard also holds: the file was read whole
/// into both, and the later reading replaces the earlier, as a run that reads a file again does.
fn resolve_records(
    ixs: &[&NewsIndex],
    searchers: &[tantivy::Searcher],
) -> Result<Vec<HashSet<String>>> {
    let mut owner: HashMap<String, usize> = HashMap::new();
    let mut losers = vec![HashSet::new(); ixs.len()];
    for (shard, (ix, searcher)) in ixs.iter().zip(searchers).enumerate() {
        for seg in searcher.segment_readers() {
            for path in super::writer::live_terms(seg, ix.fields.file_record)? {
                if let Some(prev) = owner.insert(path.clone(), shard) {
                    if prev != shard {
                        losers[prev].insert(path);
                    }
                }
            }
        }
    }
    Ok(losers)
}

/// Puts every segment of the shards into a new index at `dir`, as they are: no document is
/// encoded again, so a merge costs about what linking (or copying) the files does. The documents of losing
/// copies and of files a later shard read again are marked deleted in the copy.
fn copy_segments(
    dir: &Path,
    ixs: &[&NewsIndex],
    searchers: &[tantivy::Searcher],
    losers: &[HashSet<String>],
    record_losers: &[HashSet<String>],
) -> Result<()> {
    let (schema, _) = super::schema::schema();
    let out = tantivy::Index::create_in_dir(dir, schema.clone())?;
    let metas = ixs
        .iter()
        .map(|ix| ix.index.load_metas())
        .collect::<tantivy::Result<Vec<_>>>()?;
    // Deletes written here come after every operation of every shard.
    let opstamp = metas.iter().map(|m| m.opstamp).max().unwrap_or(0) + 1;
    let mut segments = Vec::new();
    for (i, (ix, meta)) in ixs.iter().zip(&metas).enumerate() {
        let f = &ix.fields;
        let gone: Vec<(tantivy::schema::Field, &String)> = losers[i]
            .iter()
            .map(|id| (f.id, id))
            .chain(record_losers[i].iter().map(|p| (f.file_record, p)))
            .chain(record_losers[i].iter().map(|p| (f.file, p)))
            .collect();
        let shard_dir = ix.dir.as_deref().expect("a shard is on disk");
        let files = meta.list_segment_files();
        for seg in searchers[i].segment_readers() {
            let Some(seg_meta) = meta.segments.iter().find(|m| m.id() == seg.segment_id()) else {
                return Err(Error::Merge("a shard changed while it was read".into()));
            };
            let alive = without(seg, &gone)?;
            let uuid = seg_meta.id().uuid_string();
            for file in files
                .iter()
                .filter(|p| p.to_string_lossy().starts_with(&uuid))
            {
                let is_delete = file.extension().is_some_and(|e| e == "del");
                let from = shard_dir.join(file);
                if (is_delete && alive.is_some()) || !from.exists() {
                    continue;
                }
                copy_into(&out, &from, dir, file)?;
            }
            let fresh = out.new_segment_meta(seg_meta.id(), seg_meta.max_doc());
            let fresh = match alive {
                Some(bits) => {
                    let deleted = seg_meta.max_doc() - bits.len() as u32;
                    let fresh = fresh.with_delete_meta(deleted, opstamp);
                    let path = fresh.relative_path(tantivy::index::SegmentComponent::Delete);
                    let mut w = out
                        .directory()
                        .open_write(&path)
                        .map_err(|e| Error::Merge(e.to_string()))?;
                    write_alive_bitset(&bits, &mut w).map_err(|e| Error::io(dir.join(&path), e))?;
                    w.terminate().map_err(|e| Error::io(dir.join(&path), e))?;
                    fresh
                }
                None => match seg_meta.delete_opstamp() {
                    Some(stamp) => fresh.with_delete_meta(seg_meta.num_deleted_docs(), stamp),
                    None => fresh,
                },
            };
            segments.push(fresh);
        }
    }
    let meta = tantivy::IndexMeta {
        index_settings: ixs[0].index.settings().clone(),
        persisted_custom_extensions: Vec::new(),
        segments,
        schema,
        opstamp,
        payload: Some("newsdex merge".into()),
    };
    let mut bytes = serde_json::to_vec_pretty(&meta).expect("index meta serialises");
    bytes.push(b'\n');
    out.directory()
        .atomic_write(Path::new("meta.json"), &bytes)
        .map_err(|e| Error::io(dir.join("meta.json"), e))
}

/// Puts one file of a shard into the index: a hard link where both are on one filesystem (tantivy
/// never changes a file it wrote), else a copy. It is registered with the index's directory
/// first, which then removes it once a later merge makes it obsolete.
fn copy_into(out: &tantivy::Index, from: &Path, to_dir: &Path, name: &Path) -> Result<()> {
    let to = to_dir.join(name);
    out.directory()
        .atomic_write(name, b"")
        .map_err(|e| Error::io(&to, e))?;
    fs::remove_file(&to).map_err(|e| Error::io(&to, e))?;
    fs::hard_link(from, &to)
        .or_else(|_| fs::copy(from, &to).map(drop))
        .map_err(|e| Error::io(&to, e))
}

/// The live documents of a segment less those holding any of the given terms, or `None` where
/// none does.
fn without(
    seg: &SegmentReader,
    gone: &[(tantivy::schema::Field, &String)],
) -> Result<Option<BitSet>> {
    let mut bits: Option<BitSet> = None;
    for (field, text) in gone {
        let inverted = seg.inverted_index(*field)?;
        let term = Term::from_field_text(*field, text);
        let Some(mut postings) = inverted
            .read_postings(&term, IndexRecordOption::Basic)
            .map_err(tantivy::TantivyError::from)?
        else {
            continue;
        };
        let bits = bits.get_or_insert_with(|| {
            let mut b = BitSet::with_max_value(seg.max_doc());
            (0..seg.max_doc())
                .filter(|&d| !seg.is_deleted(d))
                .for_each(|d| {
                    b.insert(d);
                });
            b
        });
        while postings.doc() != tantivy::TERMINATED {
            bits.remove(postings.doc());
            postings.advance();
        }
    }
    Ok(bits)
}
