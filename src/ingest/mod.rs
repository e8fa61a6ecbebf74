//! Ingest: finds the article files under the user's paths and reads each format into [`Article`]s,
//! turning every problem with one file, member, record or line into a [`Skip`] so the run can go on.
//!
//! A file is read in layers ([`Kind`]): a compression, then a container (zip, tar, WARC) whose
//! members or records are documents, or a document itself (JSON, JSON Lines, text, HTML).
//! `-` (or a pipe such as `/dev/stdin`) is a stream of JSON Lines.

mod archive;
mod charset;
mod document;
mod fields;
mod html;
mod http;
mod kind;
mod text;
mod warc;

use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use crate::article::Article;
pub use document::gunzipped;
pub(crate) use document::{check_text, read_line_bounded};
pub use fields::parse_date;
pub use html::{article_from_html, PageHints};
pub use kind::{Compression, Container, Document, Kind, Layout};

/// A file found by [`walk`], to be read by [`read_file`].
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 where unknown).
    pub mtime: i64,
    pub kind: Kind,
    /// Standard input or another pipe: it has no size, time or hash to record, and can be read
    /// only once, so an indexer reads it every run and keeps no record of it.
    pub stream: bool,
}

impl SourceFile {
    /// Standard input (`-`) or a pipe named on the command line, read as JSON Lines.
    fn stream(path: &Path) -> SourceFile {
        SourceFile {
            path: path.to_path_buf(),
            size: 0,
            mtime: 0,
            kind: Kind::json_lines(),
            stream: true,
        }
    }

    /// True for `-`, which names standard input rather than a file.
    pub fn is_stdin(&self) -> bool {
        self.stream && self.path.as_os_str() == "-"
    }
}

/// Why a file, a line or an article was left out.
#[derive(Debug, Clone, PartialEq)]
pub enum SkipReason {
    Unreadable(String),
    Empty,
    Binary,
    TooLarge(u64),
    InvalidUtf8,
    MalformedJson(String),
    NotAnArticle,
    NoBody,
    /// A line of enriched JSON Lines that is not a record this newsdex reads (`newsdex::enriched`).
    BadRecord(String),
}

impl SkipReason {
    /// A short label under which the summary counts skips.
    pub fn label(&self) -> &'static str {
        match self {
            SkipReason::Unreadable(_) => "unreadable",
            SkipReason::Empty => "empty file",
            SkipReason::Binary => "binary file",
            SkipReason::TooLarge(_) => "too large",
            SkipReason::InvalidUtf8 => "invalid UTF-8",
            SkipReason::MalformedJson(_) => "malformed JSON",
            SkipReason::NotAnArticle => "not an article object",
            SkipReason::NoBody => "no body",
            SkipReason::BadRecord(_) => "bad enriched record",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Unreadable(e) => write!(f, "unreadable: {e}"),
            SkipReason::TooLarge(limit) => {
                write!(f, "larger than the {limit}-byte limit (--max-file-size)")
            }
            SkipReason::MalformedJson(e) => write!(f, "malformed JSON: {e}"),
            SkipReason::InvalidUtf8 => write!(f, "invalid UTF-8; skipped"),
            SkipReason::BadRecord(e) => write!(f, "bad enriched record: {e}"),
            other => f.write_str(other.label()),
        }
    }
}

/// A skipped file, line or article: where, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skip {
    /// The file, with `!MEMBER` inside an archive (`x.zip!2019/a.html`, a WARC record's target
    /// URI), and `:LINE` or `#INDEX` where one line or array element was skipped.
    pub origin: String,
    pub reason: SkipReason,
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.reason)
    }
}

/// What reading a file yields, one at a time, so JSON Lines files stream.
#[derive(Debug)]
pub enum Item {
    Article(Box<Article>),
    Skip(Skip),
    /// Kept the article, but something in it was not understood; or what a container passed
    /// over (a WARC file's requests and metadata, counted in one line at its end).
    Warning(String),
}

/// Walks the given files and directories (following symlinks, reporting loops) and yields the
/// article files in a stable order. Files of other kinds are passed over silently. `-` yields
/// standard input, and a pipe or device named as a root (`/dev/stdin`) yields itself, both as
/// streams of JSON Lines.
pub fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Result<SourceFile, Skip>> + '_ {
    roots.iter().flat_map(|root| {
        let stream = root.as_os_str() == "-"
            || std::fs::metadata(root).is_ok_and(|m| !m.is_file() && !m.is_dir());
        let files = (!stream).then(|| walk_root(root));
        let stream = stream.then(|| Ok(SourceFile::stream(root)));
        stream.into_iter().chain(files.into_iter().flatten())
    })
}

fn walk_root(root: &Path) -> impl Iterator<Item = Result<SourceFile, Skip>> + '_ {
    walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(move |entry| match entry {
            Err(e) => {
                let origin = e.path().unwrap_or(root).display().to_string();
                let msg = match e.loop_ancestor() {
                    Some(a) => format!("symlink loop back to {}", a.display()),
                    None => e
                        .io_error()
                        .map_or_else(|| e.to_string(), |io| io.to_string()),
                };
                Some(Err(Skip {
                    origin,
                    reason: SkipReason::Unreadable(msg),
                }))
            }
            Ok(entry) if entry.file_type().is_file() => {
                let kind = Kind::of(&entry.file_name().to_string_lossy())?;
                let meta = entry.metadata().ok();
                let size = meta.as_ref().map_or(0, |m| m.len());
                let mtime = meta
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos() as i64);
                Some(Ok(SourceFile {
                    path: entry.into_path(),
                    size,
                    mtime,
                    kind,
                    stream: false,
                }))
            }
            Ok(_) => None,
        })
}

/// Reads one file and hands each article, skip and warning to `emit`. Never fails: every problem
/// becomes a [`Skip`] naming the file and, where it can, the member and line.
///
/// `max_size` bounds each document after decompression: a plain file, an archive member, a WARC
/// record. An archive or WARC file itself may be of any size; it is streamed (zip files are read
/// in place through their directory).
pub fn read_file(file: &SourceFile, max_size: u64, emit: &mut dyn FnMut(Item)) {
    let shown = file.path.display().to_string();
    let unreadable = |e: std::io::Error| {
        Item::Skip(Skip {
            origin: shown.clone(),
            reason: SkipReason::Unreadable(e.to_string()),
        })
    };
    if file.is_stdin() {
        return document::read_stream(std::io::stdin().lock(), &shown, max_size, emit);
    }
    let raw = match File::open(&file.path) {
        Ok(f) => f,
        Err(e) => return emit(unreadable(e)),
    };
    if file.stream {
        return document::read_stream(raw, &shown, max_size, emit);
    }
    // A document read whole over the limit is not opened; JSON Lines stream whatever their size.
    let whole = matches!(file.kind.layout, Layout::Document(d) if d != Document::JsonLines);
    if whole && file.size > max_size {
        return emit(Item::Skip(Skip {
            origin: shown,
            reason: SkipReason::TooLarge(max_size),
        }));
    }
    if file.kind == Kind::container(Compression::None, Container::Zip) {
        return archive::read_zip(raw, &shown, max_size, emit);
    }
    read_layers(raw, file.kind, &shown, max_size, emit);
}

/// Reads articles of `kind` from any reader; `name` names them in messages (and gives a text
/// file its fallback title). [`read_file`] is this on a file; the fuzz targets call it on bytes.
pub fn read_from(
    mut raw: impl Read,
    name: &Path,
    kind: Kind,
    max_size: u64,
    emit: &mut dyn FnMut(Item),
) {
    let shown = name.display().to_string();
    if kind.layout == Layout::Container(Container::Zip) {
        // The zip directory is at the end: a stream is held in memory, up to the limit.
        let mut bytes = Vec::new();
        if let Err(e) = raw.by_ref().take(max_size + 1).read_to_end(&mut bytes) {
            return emit(Item::Skip(Skip {
                origin: shown,
                reason: SkipReason::Unreadable(e.to_string()),
            }));
        }
        return archive::read_zip(std::io::Cursor::new(bytes), &shown, max_size, emit);
    }
    read_layers(raw, kind, &shown, max_size, emit);
}

/// Takes off the compression, then reads the container or document inside.
fn read_layers(raw: impl Read, kind: Kind, shown: &str, max_size: u64, emit: &mut dyn FnMut(Item)) {
    let reader: Box<dyn Read + '_> = match kind.compression {
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(raw)),
        Compression::None => Box::new(raw),
    };
    let reader = BufReader::with_capacity(1 << 16, reader);
    match kind.layout {
        Layout::Container(Container::Tar) => archive::read_tar(reader, shown, max_size, emit),
        Layout::Container(Container::Warc) => warc::read_warc(reader, shown, max_size, emit),
        Layout::Container(Container::Zip) => emit(Item::Skip(Skip {
            origin: shown.to_string(),
            reason: SkipReason::Unreadable("a compressed zip file is not read".into()),
        })),
        Layout::Document(doc) => {
            let ctx = document::Context::new(shown.to_string(), shown);
            document::read_document(doc, reader, &ctx, max_size, emit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn read(name: &str, bytes: &[u8], max: u64) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        if name.ends_with(".gz") {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(bytes).unwrap();
            std::fs::write(&path, gz.finish().unwrap()).unwrap();
        } else {
            std::fs::write(&path, bytes).unwrap();
        }
        let files: Vec<_> = walk(&[dir.path().to_path_buf()]).collect();
        assert_eq!(files.len(), 1, "{name}");
        let file = files.into_iter().next().unwrap().unwrap();
        let mut out = Vec::new();
        read_file(&file, max, &mut |item| {
            out.push(match item {
                Item::Article(a) => format!(
                    "article {} {:?}",
                    a.origin.rsplit('/').next().unwrap(),
                    a.title
                ),
                Item::Skip(s) => format!(
                    "skip {} {}",
                    s.origin.rsplit('/').next().unwrap(),
                    s.reason.label()
                ),
                Item::Warning(w) => format!("warning {}", w.rsplit('/').next().unwrap()),
            })
        });
        out
    }

    #[test]
    fn every_format_and_every_bad_input() {
        let big = 1 << 20;
        for (name, bytes, max, want) in [
            (
                "a.json",
                &br#"{"title": "T", "body": "B"}"#[..],
                big,
                vec![r#"article a.json "T""#],
            ),
            (
                "a.json",
                br#"[{"body": "B"}, 3, {"title": "no body"}]"#,
                big,
                vec![
                    r#"article a.json#0 """#,
                    "skip a.json#1 not an article object",
                    "skip a.json#2 no body",
                ],
            ),
            (
                "a.jsonl",
                b"{\"body\": \"one\"}\n\n{bad json\n{\"body\": \"three\"}\n",
                big,
                vec![
                    r#"article a.jsonl:1 """#,
                    "skip a.jsonl:3 malformed JSON",
                    r#"article a.jsonl:4 """#,
                ],
            ),
            (
                "a.ndjson",
                b"{\"body\": \"x\", \"date\": \"soon\"}\n{\"body\": \"\xff\"}\n",
                big,
                vec![
                    "warning a.ndjson:1: date \"soon\" not understood; indexed without a date",
                    r#"article a.ndjson:1 """#,
                    "skip a.ndjson:2 invalid UTF-8",
                ],
            ),
            (
                "story.txt",
                b"A Title\nThe body.",
                big,
                vec![r#"article story.txt "A Title""#],
            ),
            (
                "story.md.gz",
                b"# Gz Title\nThe body.",
                big,
                vec![r#"article story.md.gz "Gz Title""#],
            ),
            (
                "a.jsonl.gz",
                b"{\"body\": \"x\"}\n",
                big,
                vec![r#"article a.jsonl.gz:1 """#],
            ),
            (
                "bad.txt",
                b"line one\nbad \xc3\x28 here",
                big,
                vec!["skip bad.txt:2 invalid UTF-8"],
            ),
            ("empty.txt", b"", big, vec!["skip empty.txt empty file"]),
            (
                "blank.jsonl",
                b"\n  \n",
                big,
                vec!["skip blank.jsonl empty file"],
            ),
            (
                "bin.json",
                b"{\"body\": \"x\0y\"}",
                big,
                vec!["skip bin.json:1 binary file"],
            ),
            (
                "huge.txt",
                b"0123456789 abc",
                8,
                vec!["skip huge.txt too large"],
            ),
            (
                "bomb.txt.gz",
                &[b'a'; 4096][..],
                1024,
                vec!["skip bomb.txt.gz too large"],
            ),
            (
                "broken.json",
                b"{\"body\": \n\n \"x\"",
                big,
                vec!["skip broken.json:3 malformed JSON"],
            ),
        ] {
            assert_eq!(read(name, bytes, max), want, "{name}");
        }
    }

    #[test]
    fn the_size_limit_of_json_lines_is_per_line() {
        let line = |i: usize| format!("{{\"id\": \"{i}\", \"body\": \"{}\"}}\n", "x".repeat(40));
        let mut dump: String = (0..5).map(line).collect();
        dump.push_str(&format!("{{\"body\": \"{}\"}}\n", "y".repeat(500)));
        dump.push_str(&line(6));
        // 360 bytes of file, no line over 100 but one of 514.
        let got = read("dump.jsonl", dump.as_bytes(), 100);
        let articles = got.iter().filter(|g| g.starts_with("article")).count();
        assert_eq!(articles, 6, "{got:?}");
        assert!(
            got.contains(&"skip dump.jsonl:6 too large".to_string()),
            "{got:?}"
        );
        let gz = read("dump.jsonl.gz", dump.as_bytes(), 100);
        let want: Vec<String> = got
            .iter()
            .map(|g| g.replace("dump.jsonl", "dump.jsonl.gz"))
            .collect();
        assert_eq!(gz, want);
    }

    #[test]
    fn a_million_line_file_is_streamed_line_by_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.jsonl");
        let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        for i in 0..1_000_000 {
            writeln!(w, "{{\"id\": \"{i}\", \"body\": \"b\"}}").unwrap();
        }
        drop(w);
        let file = walk(&[path]).next().unwrap().unwrap();
        let (mut n, mut last) = (0usize, String::new());
        read_file(&file, 1 << 30, &mut |item| {
            if let Item::Article(a) = item {
                n += 1;
                last = a.id;
            }
        });
        assert_eq!((n, last.as_str()), (1_000_000, "999999"));
    }

    #[test]
    fn walk_skips_notes_hidden_files_and_other_kinds() {
        let dir = tempfile::tempdir().unwrap();
        for f in [
            "a.json",
            "README.md",
            "ATTRIBUTION.md",
            ".hidden.json",
            "image.png",
            "b.TXT",
        ] {
            std::fs::write(dir.path().join(f), "x").unwrap();
        }
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        std::fs::write(dir.path().join(".git/c.json"), "x").unwrap();
        let names: Vec<String> = walk(&[dir.path().to_path_buf()])
            .map(|f| {
                f.unwrap()
                    .path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, vec!["a.json", "b.TXT"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        std::fs::write(dir.path().join("sub/a.txt"), "T\nbody").unwrap();
        std::os::unix::fs::symlink(dir.path(), dir.path().join("sub/loop")).unwrap();
        let items: Vec<_> = walk(&[dir.path().to_path_buf()]).collect();
        assert_eq!(items.iter().filter(|i| i.is_ok()).count(), 1);
        let skip = items
            .iter()
            .find_map(|i| i.as_ref().err())
            .expect("loop reported");
        assert!(skip.to_string().contains("symlink loop"), "{skip}");
    }
}
