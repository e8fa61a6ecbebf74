//! Ingest: finds the article files under the user's paths and reads each format into [`Article`]s,
//! turning every problem with one file or line into a [`Skip`] so the run can go on.

mod fields;
mod text;

use std::fmt;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::article::Article;
pub use fields::parse_date;

/// The input formats, told apart by file name (`.gz` may follow any of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One article object, or an array of them.
    Json,
    /// One article object a line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// Plain text or Markdown: one article a file.
    Text,
}

impl Format {
    /// The format and compression of a file, or `None` for files that are not articles: other
    /// extensions, hidden files, and a folder's notes (README, LICENSE, ATTRIBUTION, ...).
    pub fn of(path: &Path) -> Option<(Format, bool)> {
        let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
        const NOTES: &[&str] = &[
            "readme",
            "license",
            "licence",
            "attribution",
            "changelog",
            "contributing",
            "copying",
            "notice",
            "authors",
        ];
        let stem = name.split('.').next().unwrap_or_default();
        if name.starts_with('.') || NOTES.contains(&stem) {
            return None;
        }
        let (name, gz) = match name.strip_suffix(".gz") {
            Some(n) => (n.to_string(), true),
            None => (name, false),
        };
        let ext = name.rsplit_once('.')?.1;
        let f = match ext {
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "txt" | "md" | "markdown" => Format::Text,
            _ => return None,
        };
        Some((f, gz))
    }
}

/// A file found by [`walk`], to be read by [`read_file`].
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch (0 where unknown).
    pub mtime: i64,
    pub format: Format,
    pub gzip: bool,
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
            other => f.write_str(other.label()),
        }
    }
}

/// A skipped file, line or article: where, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Skip {
    /// The file, with `:LINE` or `#INDEX` where one line or array element was skipped.
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
    /// Kept the article, but something in it was not understood.
    Warning(String),
}

/// Walks the given files and directories (following symlinks, reporting loops) and yields the
/// article files in a stable order. Files of other kinds are passed over silently.
pub fn walk(roots: &[PathBuf]) -> impl Iterator<Item = Result<SourceFile, Skip>> + '_ {
    roots.iter().flat_map(|root| {
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
                    let (format, gzip) = Format::of(entry.path())?;
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
                        format,
                        gzip,
                    }))
                }
                Ok(_) => None,
            })
    })
}

/// Reads one file and hands each article, skip and warning to `emit`. Never fails: every problem
/// becomes a [`Skip`] naming the file and, where it can, the line.
pub fn read_file(file: &SourceFile, max_size: u64, emit: &mut dyn FnMut(Item)) {
    let shown = file.path.display().to_string();
    // A JSON Lines file of any size streams; the limit is on each of its lines.
    if file.size > max_size && file.format != Format::JsonLines {
        return emit(Item::Skip(Skip {
            origin: shown,
            reason: SkipReason::TooLarge(max_size),
        }));
    }
    match File::open(&file.path) {
        Ok(raw) => read_from(raw, &file.path, file.format, file.gzip, max_size, emit),
        Err(e) => emit(Item::Skip(Skip {
            origin: shown,
            reason: SkipReason::Unreadable(e.to_string()),
        })),
    }
}

/// Reads articles of `format` from any reader; `path` names them in messages (and gives a
/// text file its fallback title). [`read_file`] is this on a file; the fuzz targets call it on
/// bytes.
pub fn read_from(
    raw: impl Read,
    path: &Path,
    format: Format,
    gzip: bool,
    max_size: u64,
    emit: &mut dyn FnMut(Item),
) {
    let shown = path.display().to_string();
    let skip = |origin: String, reason| Item::Skip(Skip { origin, reason });
    let raw: Box<dyn Read> = if gzip {
        Box::new(flate2::read::MultiGzDecoder::new(raw))
    } else {
        Box::new(raw)
    };
    if format == Format::JsonLines {
        // The limit is on each line: a dump streams whatever its size.
        let mut reader = BufReader::with_capacity(1 << 16, raw);
        return read_lines(&mut reader, &shown, max_size, emit);
    }
    // Formats read whole: the limit applies after decompression too, so a small .gz cannot
    // expand without bound.
    let mut reader = raw.take(max_size + 1);
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return emit(skip(shown, SkipReason::Unreadable(e.to_string())));
    }
    if bytes.len() as u64 > max_size {
        return emit(skip(shown, SkipReason::TooLarge(max_size)));
    }
    let text = match check_text(&bytes) {
        Ok(t) => t,
        Err((reason, line)) => {
            let origin = line.map_or(shown.clone(), |l| format!("{shown}:{l}"));
            return emit(skip(origin, reason));
        }
    };
    match format {
        Format::Text => match text::article_from_text(path, text, shown.clone()) {
            Some(a) => emit(Item::Article(Box::new(a))),
            None => emit(skip(shown, SkipReason::NoBody)),
        },
        Format::Json => read_json(text, &shown, emit),
        Format::JsonLines => unreachable!("streamed above"),
    }
}

/// Empty, binary (a NUL byte) or invalid UTF-8 bytes are refused with the line of the problem.
fn check_text(bytes: &[u8]) -> Result<&str, (SkipReason, Option<usize>)> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err((SkipReason::Empty, None));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err((SkipReason::Binary, Some(line_at(bytes, at))));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        (
            SkipReason::InvalidUtf8,
            Some(line_at(bytes, e.valid_up_to())),
        )
    })
}

fn line_at(bytes: &[u8], offset: usize) -> usize {
    1 + bytes[..offset].iter().filter(|&&b| b == b'\n').count()
}

fn read_json(text: &str, shown: &str, emit: &mut dyn FnMut(Item)) {
    let value: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            return emit(Item::Skip(Skip {
                origin: format!("{shown}:{}", e.line()),
                reason: SkipReason::MalformedJson(e.to_string()),
            }))
        }
    };
    match value {
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                emit_object(v, format!("{shown}#{i}"), emit);
            }
        }
        v => emit_object(&v, shown.to_string(), emit),
    }
}

fn emit_object(v: &Value, origin: String, emit: &mut dyn FnMut(Item)) {
    let Some(obj) = v.as_object() else {
        return emit(Item::Skip(Skip {
            origin,
            reason: SkipReason::NotAnArticle,
        }));
    };
    let mut warnings = Vec::new();
    let item = match fields::article_from_json(obj, origin.clone(), &mut |w| warnings.push(w)) {
        Ok(a) => Item::Article(Box::new(a)),
        Err(reason) => Item::Skip(Skip { origin, reason }),
    };
    warnings.into_iter().for_each(|w| emit(Item::Warning(w)));
    emit(item);
}

/// Streams a JSON Lines file: memory holds one line at a time (at most `max_size` bytes of it; a
/// longer line is skipped unread), each bad line is its own skip.
fn read_lines(reader: &mut dyn BufRead, shown: &str, max_size: u64, emit: &mut dyn FnMut(Item)) {
    let mut line = Vec::new();
    let mut any_text = false;
    for n in 1.. {
        line.clear();
        let too_long = match read_line_bounded(reader, &mut line, max_size) {
            Ok(None) => break,
            Ok(Some(too_long)) => too_long,
            Err(e) => {
                return emit(Item::Skip(Skip {
                    origin: format!("{shown}:{n}"),
                    reason: SkipReason::Unreadable(e.to_string()),
                }))
            }
        };
        let origin = format!("{shown}:{n}");
        if too_long {
            any_text = true;
            emit(Item::Skip(Skip {
                origin,
                reason: SkipReason::TooLarge(max_size),
            }));
            continue;
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        any_text = true;
        match check_text(&line) {
            Err((reason, _)) => emit(Item::Skip(Skip { origin, reason })),
            Ok(text) => match serde_json::from_str::<Value>(text) {
                Ok(v) => emit_object(&v, origin, emit),
                Err(e) => emit(Item::Skip(Skip {
                    origin,
                    reason: SkipReason::MalformedJson(e.to_string()),
                })),
            },
        }
    }
    if !any_text {
        emit(Item::Skip(Skip {
            origin: shown.to_string(),
            reason: SkipReason::Empty,
        }));
    }
}

/// Reads one line into `line`, keeping at most `max` bytes: `None` at the end of the input,
/// else whether the line was longer (the rest of it is read past, not kept).
fn read_line_bounded(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    max: u64,
) -> std::io::Result<Option<bool>> {
    let (mut read, mut too_long) = (0u64, false);
    loop {
        let buf = match reader.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok((read > 0).then_some(too_long));
        }
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..=i], true),
            None => (buf, false),
        };
        let len = chunk.len();
        read += len as u64;
        if !too_long && line.len() as u64 + len as u64 > max {
            too_long = true;
            line.clear();
        }
        if !too_long {
            line.extend_from_slice(chunk);
        }
        reader.consume(len);
        if done {
            return Ok(Some(too_long));
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
        assert_eq!(
            gz,
            got.iter()
                .map(|g| g.replace("dump.jsonl", "dump.jsonl.gz"))
                .collect::<Vec<_>>()
        );
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
