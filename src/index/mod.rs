//! The tantivy index: its schema (one document per article and one per quote), opening it
//! safely, writing enriched articles into it, and the name registry beside it.

pub mod facets;
pub mod merge;
mod names;
pub mod pipeline;
pub mod records;
pub mod schema;
pub mod snapshot;
pub mod stored;
mod writer;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer,
    TextAnalyzer,
};
use tantivy::{Directory, Index, IndexReader, ReloadPolicy};

use crate::error::{Error, Result};
use crate::registry::{Decisions, Registry};
pub use schema::{DocKind, Fields, TOKENIZER};
pub use writer::{article_key, documents, Added, FileLookup, FileState, Indexer, Names};

/// Bumped whenever the schema or the meaning of a field changes.
pub const SCHEMA_VERSION: u32 = 9;
/// The file beside tantivy's own that marks a directory as a newsdex index.
pub const META_FILE: &str = "newsdex.json";
/// The name registry, rebuilt after every run.
pub const REGISTRY_FILE: &str = "names.bin";
/// The user's decisions about names.
pub const DECISIONS_FILE: &str = "names.json";

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

/// The registry as loaded, with what identified its file then.
struct Loaded {
    registry: Arc<Registry>,
    stamp: Option<FileStamp>,
}

/// What tells one version of a file from the next: a rename gives a new inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    modified: SystemTime,
    len: u64,
    inode: u64,
}

impl FileStamp {
    fn of(m: &fs::Metadata) -> Self {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(m);
        #[cfg(not(unix))]
        let inode = 0;
        FileStamp {
            modified: m.modified().unwrap_or(SystemTime::UNIX_EPOCH),
            len: m.len(),
            inode,
        }
    }
}

/// An open newsdex index.
pub struct NewsIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: Option<PathBuf>,
    /// Opened on first use and kept: opening a reader costs more than most queries.
    reader: OnceLock<IndexReader>,
    registry: Mutex<Option<Loaded>>,
    /// An index in memory keeps its decisions here.
    ram_decisions: Mutex<Decisions>,
    /// The registry's segments as facet counts read them, decoded for the registry they hold.
    facet_cells: Mutex<Option<(Weak<Registry>, Arc<facets::Cells>)>>,
}

impl NewsIndex {
    /// Opens the index at `dir` for writing, creating it (and the directory) where there is none.
    /// A directory holding anything else is refused rather than written into.
    pub fn open_or_create(dir: &Path) -> Result<Self> {
        if dir.join(META_FILE).exists() {
            if !dir.join("meta.json").exists() {
                // A run killed between marking the directory and creating the index in it.
                return Self::create(dir);
            }
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
        // The mark first: a crash after it leaves a directory the next run completes.
        let meta = Meta {
            schema_version: SCHEMA_VERSION,
            ..Meta::default()
        };
        write_meta(dir, &meta)?;
        Self::create(dir)
    }

    fn create(dir: &Path) -> Result<Self> {
        check_version(dir)?;
        // Whatever a killed creation left besides the mark is tantivy's own, and unfinished.
        for e in fs::read_dir(dir).map_err(|e| Error::io(dir, e))?.flatten() {
            let name = e.file_name();
            if name != META_FILE && e.path().is_file() {
                fs::remove_file(e.path()).map_err(|err| Error::io(e.path(), err))?;
            }
        }
        let (schema, fields) = schema::schema();
        let index = Index::create_in_dir(dir, schema)?;
        Ok(Self::ready(index, fields, Some(dir.to_path_buf())))
    }

    /// Opens an existing index, checking that newsdex wrote it with this schema version.
    pub fn open(dir: &Path) -> Result<Self> {
        check_version(dir)?;
        let index = Index::open_in_dir(dir)?;
        let (_, fields) = schema::schema();
        let ours = index.schema().get_field("facets").ok() == Some(fields.facets)
            && index.schema().get_field("file_hash").ok() == Some(fields.file_hash);
        if !ours {
            return Err(Error::ForeignIndex(dir.to_path_buf()));
        }
        Ok(Self::ready(index, fields, Some(dir.to_path_buf())))
    }

    /// An index in memory, for tests.
    pub fn in_ram() -> Self {
        let (schema, fields) = schema::schema();
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
            registry: Mutex::new(None),
            ram_decisions: Mutex::new(Decisions::default()),
            facet_cells: Mutex::new(None),
        }
    }

    fn reader(&self) -> Result<&IndexReader> {
        if let Some(r) = self.reader.get() {
            return Ok(r);
        }
        let r: IndexReader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(self.reader.get_or_init(|| r))
    }

    /// A searcher over the last commit this handle has seen (see [`NewsIndex::refresh`]).
    pub fn searcher(&self) -> Result<tantivy::Searcher> {
        Ok(self.reader()?.searcher())
    }

    /// Sees the latest commit and the registry written after it: a long-running reader calls
    /// this before each request.
    pub fn refresh(&self) -> Result<()> {
        self.reader()?.reload()?;
        Ok(())
    }

    /// The name registry of the last run (an empty one before the first). A reader sees a newer
    /// file as soon as one is written.
    pub fn registry(&self) -> Result<Arc<Registry>> {
        let mut slot = self.registry.lock().expect("registry lock");
        let Some(dir) = &self.dir else {
            return Ok(slot
                .get_or_insert_with(|| Loaded {
                    registry: Arc::new(Registry::empty()),
                    stamp: None,
                })
                .registry
                .clone());
        };
        let path = dir.join(REGISTRY_FILE);
        let stamp = fs::metadata(&path).ok().map(|m| FileStamp::of(&m));
        if let Some(l) = slot.as_ref().filter(|l| l.stamp == stamp) {
            return Ok(l.registry.clone());
        }
        let registry = if stamp.is_some() {
            Registry::open(&path)?
        } else {
            Registry::empty()
        };
        let registry = Arc::new(registry);
        *slot = Some(Loaded {
            registry: registry.clone(),
            stamp,
        });
        Ok(registry)
    }

    /// The segments of `registry` as facet counts read them, kept while it is the registry (the
    /// weak reference keeps its address from being another's).
    pub(crate) fn facet_cells(&self, registry: &Arc<Registry>) -> Arc<facets::Cells> {
        let mut slot = self.facet_cells.lock().expect("facet cells lock");
        let weak = Arc::downgrade(registry);
        if let Some((_, cells)) = slot.as_ref().filter(|(w, _)| w.ptr_eq(&weak)) {
            return cells.clone();
        }
        let cells = Arc::new(facets::Cells::default());
        *slot = Some((weak, cells.clone()));
        cells
    }

    fn set_registry(&self, registry: Registry) -> Result<()> {
        let mut slot = self.registry.lock().expect("registry lock");
        if let Some(dir) = &self.dir {
            let path = dir.join(REGISTRY_FILE);
            let tmp = dir.join(".names.bin.tmp");
            fs::write(&tmp, registry.as_bytes()).map_err(|e| Error::io(&tmp, e))?;
            // Rename is atomic: a reader sees the old registry or the new one.
            fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        }
        *slot = None;
        if self.dir.is_none() {
            *slot = Some(Loaded {
                registry: Arc::new(registry),
                stamp: None,
            });
        }
        Ok(())
    }

    /// Takes the index's write lock without a writer, for work on the registry while no run
    /// writes: a second holder gets [`Error::Locked`].
    pub fn lock(&self) -> Result<tantivy::directory::DirectoryLock> {
        retry_lock(self, || {
            self.index
                .directory()
                .acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK)
                .map_err(|e| tantivy::TantivyError::LockFailure(e, None))
        })
    }

    /// The user's decisions about names.
    pub fn decisions(&self) -> Result<Decisions> {
        match &self.dir {
            Some(dir) => Decisions::load(&dir.join(DECISIONS_FILE)),
            None => Ok(self.ram_decisions.lock().expect("decisions lock").clone()),
        }
    }

    /// Replaces the decisions and rebuilds the registry with them. The caller holds the write
    /// lock (an [`Indexer`]), so no run rebuilds it meanwhile.
    pub fn set_decisions(&self, d: &Decisions) -> Result<()> {
        match &self.dir {
            Some(dir) => d.save(&dir.join(DECISIONS_FILE))?,
            None => *self.ram_decisions.lock().expect("decisions lock") = d.clone(),
        }
        Ok(())
    }

    /// Rebuilds the registry from the live articles of the last commit and the decisions.
    pub fn rebuild_registry(&self) -> Result<()> {
        self.refresh()?;
        let searcher = self.searcher()?;
        let registry = names::build(self, &searcher, &self.decisions()?)?;
        self.set_registry(registry)
    }

    /// Whether the registry maps every segment of the latest commit that holds names.
    pub fn registry_is_current(&self) -> Result<bool> {
        self.refresh()?;
        let reg = self.registry()?;
        let searcher = self.searcher()?;
        for seg in searcher.segment_readers() {
            let has_names = seg.facet_reader("facets")?.facet_dict().num_terms() > 0;
            if has_names && reg.segment_map(&names::segment_id(seg)).is_none() {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Names of one kind in segments committed after the registry was built that the registry
    /// does not know.
    pub fn unregistered(
        &self,
        reg: &Registry,
        kind: crate::facet::FacetKind,
    ) -> Result<Vec<String>> {
        let searcher = self.searcher()?;
        let mut out = std::collections::BTreeSet::new();
        for seg in searcher.segment_readers() {
            if reg.segment_map(&names::segment_id(seg)).is_some() {
                continue;
            }
            let reader = seg.facet_reader("facets")?;
            let prefix = [kind.as_str().as_bytes(), b"\0"].concat();
            let mut stream = reader
                .facet_dict()
                .prefix_range(&prefix)
                .into_stream()
                .map_err(tantivy::TantivyError::from)?;
            while stream.advance() {
                if let Some(crate::facet::Term::Name(k, n)) = crate::facet::decode(stream.key()) {
                    if reg.entity_of(k, n).is_none() {
                        out.insert(n.to_string());
                    }
                }
            }
        }
        Ok(out.into_iter().collect())
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

/// Checks that newsdex wrote the index in `dir` with this schema version.
fn check_version(dir: &Path) -> Result<()> {
    let meta = read_meta(dir)?;
    if meta.schema_version != SCHEMA_VERSION {
        return Err(Error::SchemaVersion {
            path: dir.to_path_buf(),
            found: meta.schema_version,
            expected: SCHEMA_VERSION,
        });
    }
    Ok(())
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

/// Takes the write lock, trying again for a moment: a lock this process has just let go can
/// still be held by a child another thread is starting (a forked copy of the descriptor keeps
/// the file's lock until the child execs), and that is not another writer.
fn retry_lock<T>(ix: &NewsIndex, mut take: impl FnMut() -> tantivy::Result<T>) -> Result<T> {
    let mut waited = std::time::Duration::ZERO;
    loop {
        match take() {
            Err(tantivy::TantivyError::LockFailure(..)) if waited < LOCK_PATIENCE => {
                std::thread::sleep(LOCK_STEP);
                waited += LOCK_STEP;
            }
            Err(tantivy::TantivyError::LockFailure(..)) => {
                return Err(Error::Locked(ix.dir.clone().unwrap_or_default()))
            }
            r => return Ok(r?),
        }
    }
}

const LOCK_STEP: std::time::Duration = std::time::Duration::from_millis(10);
const LOCK_PATIENCE: std::time::Duration = std::time::Duration::from_millis(200);
