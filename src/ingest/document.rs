//! Documents, the innermost layer: a JSON file, a JSON Lines stream, a text file or a web page,
//! read from any reader so that files, archive members and WARC records share one reader.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use serde_json::Value;

use super::{fields, html, text, Document, Item, Skip, SkipReason};

/// What a document's reader knows besides its bytes.
pub struct Context<'a> {
    /// How articles and messages name the document: `a.jsonl`, `x.zip!2019/a.html`.
    pub shown: String,
    /// The document's own name, for a text file's fallback title.
    pub name: &'a str,
    /// What a WARC record says of the page it holds.
    pub page: html::PageHints,
}

impl<'a> Context<'a> {
    pub fn new(shown: String, name: &'a str) -> Self {
        Context {
            shown,
            name,
            page: html::PageHints::default(),
        }
    }
}

/// Reads one document of kind `doc`. A document read whole is bounded to `max_size` bytes
/// after decompression (so a small .gz cannot expand without bound); JSON Lines stream whatever
/// their size, each line bounded to `max_size`.
pub fn read_document(
    doc: Document,
    reader: impl Read,
    ctx: &Context,
    max_size: u64,
    emit: &mut dyn FnMut(Item),
) {
    let shown = &ctx.shown;
    let skip = |origin: String, reason| Item::Skip(Skip { origin, reason });
    if doc == Document::JsonLines {
        let mut reader = BufReader::with_capacity(1 << 16, reader);
        return read_lines(&mut reader, shown, max_size, emit);
    }
    let mut reader = BufReader::with_capacity(1 << 16, reader.take(max_size + 1));
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return emit(skip(shown.clone(), SkipReason::Unreadable(e.to_string())));
    }
    if bytes.len() as u64 > max_size {
        return emit(skip(shown.clone(), SkipReason::TooLarge(max_size)));
    }
    if doc == Document::Html {
        return read_html(&bytes, ctx, emit);
    }
    let text = match check_text(&bytes) {
        Ok(t) => t,
        Err((reason, line)) => {
            let origin = line.map_or(shown.clone(), |l| format!("{shown}:{l}"));
            return emit(skip(origin, reason));
        }
    };
    match doc {
        Document::Text => match text::article_from_text(Path::new(ctx.name), text, shown.clone()) {
            Some(a) => emit(Item::Article(Box::new(a))),
            None => emit(skip(shown.clone(), SkipReason::NoBody)),
        },
        Document::Json => read_json(text, shown, emit),
        Document::JsonLines | Document::Html => unreachable!("read above"),
    }
}

/// Standard input or a pipe: JSON Lines, gunzipped first where it starts with gzip's magic bytes
/// (`cat dump.jsonl.gz | newsdex index -`).
pub fn read_stream(raw: impl Read, shown: &str, max_size: u64, emit: &mut dyn FnMut(Item)) {
    read_lines(&mut gunzipped(raw), shown, max_size, emit)
}

/// A stream, gunzipped where it starts with gzip's magic bytes.
pub fn gunzipped<'r>(raw: impl Read + 'r) -> Box<dyn BufRead + 'r> {
    let mut reader = BufReader::with_capacity(1 << 16, raw);
    let gzip = reader
        .fill_buf()
        .is_ok_and(|b| b.starts_with(&[0x1f, 0x8b]));
    if gzip {
        Box::new(BufReader::new(flate2::bufread::MultiGzDecoder::new(reader)))
    } else {
        Box::new(reader)
    }
}

pub fn read_html(bytes: &[u8], ctx: &Context, emit: &mut dyn FnMut(Item)) {
    let shown = &ctx.shown;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return emit(Item::Skip(Skip {
            origin: shown.clone(),
            reason: SkipReason::Empty,
        }));
    }
    let text = super::charset::decode_html(bytes, ctx.page.charset);
    match html::article_from_html(&text, &ctx.page, shown.clone()) {
        Some(a) => emit(Item::Article(Box::new(a))),
        None => emit(Item::Skip(Skip {
            origin: shown.clone(),
            reason: SkipReason::NoBody,
        })),
    }
}

pub(crate) fn check_text(bytes: &[u8]) -> Result<&str, (SkipReason, Option<usize>)> {
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
/// Streams JSON Lines: memory holds one line at a time (at most `max_size` bytes of it; a longer
/// line is skipped, read past but not kept), each bad line is its own skip.
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
pub(crate) fn read_line_bounded(
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
