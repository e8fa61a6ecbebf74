//! The tantivy index: its schema (one document per article and one per quote), opening it
//! safely, and writing enriched articles into it.

pub mod facets;
mod writer;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{Index, IndexReader, ReloadPolicy};

use crate::error::{Error, Result};
pub use writer::{article_key, documents, Added, FileLookup, FileState, Indexer};

/// Bumped whenever the schema or the meaning of a field changes.
pub const SCHEMA_VERSION: u32 = 6;
/// The file beside tantivy's own that marks a directory as a newsdex index.
pub const META_FILE: &str = "newsdex.json";
/// The analyzer of `title` and `body`: lower case, accents folded, English stems.
pub const TOKENIZER: &str = "newsdex";

/// What `newsdex.json` holds.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct Meta {
    pub schema_version: u32,
    /// The paths given to `newsdex index`, every run's.
    #[serde(default)]
    pub roots: Vec<String>,
    /// When the last `index` run committed, RFC 3339.
    #[serde(default)]
    pub updated: Option<String>,
}

/// The schema's fields, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// `article` or `quote`.
    pub kind: Field,
    /// The article's id; a quote carries its article's id, so one delete removes both.
    pub id: Field,
    pub title: Field,
    /// The article's body, or a quote's words.
    pub body: Field,
    pub date: Field,
    pub source: Field,
    pub origin: Field,
    pub url: Field,
    /// `/person/..`, `/place/..`, `/org/..`, `/speaker/..` on articles; `/speaker/..` on quotes.
    pub facets: Field,
    /// A quote's speaker as printed: the canonical name, or the words of an unnamed source.
    pub speaker: Field,
    pub quote_kind: Field,
    /// A quote's article title, stored only: searching quotes searches their words.
    pub quote_title: Field,
    /// A number for the article's id, on the article and its quotes: quotes are filtered by
    /// the entities of their article through it.
    pub article_key: Field,
    /// The file an article came from; a file's own record carries it too, so one delete
    /// forgets a file and everything read from it.
    pub file: Field,
    /// The path on a file record (kept apart from `file` so a record can be updated alone).
    pub file_record: Field,
    /// A file record's size, modification time (ns since the epoch) and content hash.
    pub file_size: Field,
    pub file_mtime: Field,
    pub file_hash: Field,
}

pub const KIND_ARTICLE: &str = "article";
pub const KIND_QUOTE: &str = "quote";
/// A record of an indexed file, for recognising it unchanged next time.
pub const KIND_FILE: &str = "file";

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        date: b.add_date_field("date", INDEXED | STORED | FAST),
        source: b.add_text_field("source", STRING | STORED),
        origin: b.add_text_field("origin", STORED),
        url: b.add_text_field("url", STORED),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        speaker: b.add_text_field("speaker", STORED),
        quote_kind: b.add_text_field("quote_kind", STORED),
        quote_title: b.add_text_field("quote_title", STORED),
        article_key: b.add_u64_field("article_key", INDEXED | FAST),
        file: b.add_text_field("file", STRING),
        file_record: b.add_text_field("file_record", STRING),
        file_size: b.add_u64_field("file_size", STORED),
        file_mtime: b.add_i64_field("file_mtime", STORED),
        file_hash: b.add_text_field("file_hash", STORED),
    };
    (b.build(), fields)
}

/// An open newsdex index.
pub struct NewsIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: Option<PathBuf>,
    /// Opened on first use and kept: opening a reader costs more than most queries.
    reader: OnceLock<IndexReader>,
}

impl NewsIndex {
    /// Opens the index at `dir` for writing, creating it (and the directory) where there is none.
    /// A directory holding anything else is refused rather than written into.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        if dir.join(META_FILE).exists() {
            return Self::open(dir);
        }
        let non_empty = match fs::read_dir(dir) {
            Ok(mut entries) => entries.next().is_some(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => false,
            Err(e) => return Err(Error::io(dir, e)),
        };
        if non_empty {
            return Err(Error::ForeignIndex(dir.to_path_buf()));
        }
        fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let (schema, fields) = schema();
        let index = Index::create_in_dir(dir, schema)?;
        let meta = Meta {
            schema_version: SCHEMA_VERSION,
            ..Meta::default()
        };
        write_meta(dir, &meta)?;
        Ok(Self::ready(index, fields, Some(dir.to_path_buf())))
    }

    /// Opens an existing index, checking that newsdex wrote it with this schema version.
    pub fn open(dir: &Path) -> Result<Self> {
        let meta = read_meta(dir)?;
        if meta.schema_version != SCHEMA_VERSION {
            return Err(Error::SchemaVersion {
                path: dir.to_path_buf(),
                found: meta.schema_version,
                expected: SCHEMA_VERSION,
            });
        }
        let index = Index::open_in_dir(dir)?;
        let (_, fields) = schema();
        let ours = index.schema().get_field("facets").ok() == Some(fields.facets)
            && index.schema().get_field("file_hash").ok() == Some(fields.file_hash);
        if !ours {
            return Err(Error::ForeignIndex(dir.to_path_buf()));
        }
        Ok(Self::ready(index, fields, Some(dir.to_path_buf())))
    }

    /// An index in memory, for tests.
    pub fn in_ram() -> Self {
        let (schema, fields) = schema();
        Self::ready(Index::create_in_ram(schema), fields, None)
    }

    fn ready(index: Index, fields: Fields, dir: Option<PathBuf>) -> Self {
        let analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build();
        index.tokenizers().register(TOKENIZER, analyzer);
        NewsIndex {
            index,
            fields,
            dir,
            reader: OnceLock::new(),
        }
    }

    /// A searcher over the last commit seen by this handle's reader.
    pub fn searcher(&self) -> Result<tantivy::Searcher> {
        if let Some(r) = self.reader.get() {
            return Ok(r.searcher());
        }
        let r: IndexReader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(self.reader.get_or_init(|| r).searcher())
    }

    /// The index's `newsdex.json` (a default one for an index in memory).
    pub fn meta(&self) -> Result<Meta> {
        match &self.dir {
            Some(d) => read_meta(d),
            None => Ok(Meta {
                schema_version: SCHEMA_VERSION,
                ..Meta::default()
            }),
        }
    }

    /// Records a finished `index` run: its roots and the time.
    pub fn record_run(&self, roots: &[String], when: String) -> Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let mut meta = read_meta(dir)?;
        for r in roots {
            if !meta.roots.contains(r) {
                meta.roots.push(r.clone());
            }
        }
        meta.updated = Some(when);
        write_meta(dir, &meta)
    }

    /// Total bytes of the index's files.
    pub fn size_bytes(&self) -> u64 {
        let Some(dir) = &self.dir else { return 0 };
        fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok()?.metadata().ok())
                    .filter(|m| m.is_file())
                    .map(|m| m.len())
                    .sum()
            })
            .unwrap_or(0)
    }
}

fn read_meta(dir: &Path) -> Result<Meta> {
    let path = dir.join(META_FILE);
    match fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Error::Data {
            path,
            msg: e.to_string(),
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if dir.join("meta.json").exists()
                || fs::read_dir(dir).is_ok_and(|mut d| d.next().is_some())
            {
                Err(Error::ForeignIndex(dir.to_path_buf()))
            } else {
                Err(Error::NoIndex(dir.to_path_buf()))
            }
        }
        Err(e) => Err(Error::io(path, e)),
    }
}

fn write_meta(dir: &Path, meta: &Meta) -> Result<()> {
    let path = dir.join(META_FILE);
    let tmp = dir.join(".newsdex.json.tmp");
    let bytes = serde_json::to_vec_pretty(meta).expect("meta serialises");
    fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    // Rename is atomic: a crash leaves the old file or the new one, never half of one.
    fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))
}
