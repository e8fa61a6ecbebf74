//! Web archives (WARC, as Common Crawl and CC-NEWS publish them): each HTML `response` record is
//! a page, read as an article whose id is the record's target URI. The file is streamed record by
//! record, so memory holds one record (at most the size limit) whatever the file's size; the
//! records passed over are counted and reported in one line at the end of the file.

use std::collections::BTreeMap;
use std::io::{BufRead, Read};

use super::document::{read_html, Context};
use super::http::Response;
use super::{charset, fields, html, Item, Skip, SkipReason};

/// Longest header line read; a longer one means the bytes are not WARC.
const MAX_LINE: u64 = 1 << 16;

/// A record's header fields that matter here.
#[derive(Debug, Default)]
struct Header {
    kind: String,
    target: Option<String>,
    date: Option<String>,
    content_type: Option<String>,
    length: Option<u64>,
}

/// Reads every record of a WARC stream (already gunzipped).
pub fn read_warc(mut reader: impl BufRead, shown: &str, max_size: u64, emit: &mut dyn FnMut(Item)) {
    let mut passed: BTreeMap<String, usize> = BTreeMap::new();
    let mut records = 0usize;
    let mut block = Vec::new();
    loop {
        let header = match read_header(&mut reader) {
            Ok(Some(h)) => h,
            Ok(None) => break,
            Err(e) => {
                let at = format!("{shown}: after {records} records, {e}");
                match records {
                    0 => emit(Item::Skip(Skip {
                        origin: shown.to_string(),
                        reason: SkipReason::Unreadable(format!("not a WARC file: {e}")),
                    })),
                    _ => emit(Item::Warning(at)),
                }
                break;
            }
        };
        records += 1;
        let Some(length) = header.length else {
            emit(Item::Warning(format!(
                "{shown}: record {records} has no Content-Length; the rest of the file is not read"
            )));
            break;
        };
        let origin = match &header.target {
            Some(t) => format!("{shown}!{t}"),
            None => format!("{shown}!#{records}"),
        };
        let is_page = header.kind == "response"
            && header
                .content_type
                .as_deref()
                .is_some_and(|t| t.starts_with("application/http"));
        if !is_page || length > max_size {
            if is_page {
                emit(Item::Skip(Skip {
                    origin: origin.clone(),
                    reason: SkipReason::TooLarge(max_size),
                }));
            } else {
                *passed.entry(header.kind.clone()).or_default() += 1;
            }
            match std::io::copy(&mut (&mut reader).take(length), &mut std::io::sink()) {
                Ok(n) if n == length => continue,
                Ok(n) => emit(truncated(&origin, n, length)),
                Err(e) => emit(Item::Warning(format!("{origin}: record cut short: {e}"))),
            }
            break;
        }
        block.clear();
        let complete = read_block(&mut reader, length, &mut block);
        if !complete {
            emit(truncated(&origin, block.len() as u64, length));
        }
        if let Err(why) = read_page(&header, &block, origin, max_size, emit) {
            *passed.entry(why).or_default() += 1;
        }
        if !complete {
            break;
        }
    }
    if !passed.is_empty() {
        let total: usize = passed.values().sum();
        let by: Vec<String> = passed.iter().map(|(k, n)| format!("{n} {k}")).collect();
        emit(Item::Warning(format!(
            "{shown}: passed over {total} of {records} records: {}",
            by.join(", ")
        )));
    }
}

fn truncated(origin: &str, got: u64, want: u64) -> Item {
    Item::Warning(format!(
        "{origin}: record truncated ({got} of {want} bytes); the file ends there"
    ))
}

/// One response record's page; `Err` says why it is no article (counted, not reported one by one).
fn read_page(
    header: &Header,
    block: &[u8],
    origin: String,
    max_size: u64,
    emit: &mut dyn FnMut(Item),
) -> Result<(), String> {
    let resp = Response::parse(block).ok_or("responses without an HTTP head")?;
    if !(200..300).contains(&resp.status) {
        return Err(format!("HTTP {} responses", resp.status));
    }
    if !resp.is_html() {
        return Err("non-HTML responses".into());
    }
    let payload = resp.payload(max_size).map_err(|_| "undecodable payloads")?;
    let ctx = Context {
        shown: origin,
        name: "",
        page: html::PageHints {
            url: header.target.clone(),
            date: header.date.as_deref().and_then(fields::parse_date),
            charset: resp.content_type.and_then(charset::of_content_type),
        },
    };
    let mut article = false;
    read_html(&payload, &ctx, &mut |item| match item {
        Item::Skip(s) if s.reason == SkipReason::NoBody || s.reason == SkipReason::Empty => {}
        other => {
            article |= matches!(other, Item::Article(_));
            emit(other)
        }
    });
    if article {
        Ok(())
    } else {
        Err("pages without article text".into())
    }
}

/// Reads a record's block, returning false where the stream ends (or breaks) before `length`.
fn read_block(reader: &mut impl BufRead, length: u64, block: &mut Vec<u8>) -> bool {
    let mut limited = reader.take(length);
    loop {
        match limited.read_to_end(block) {
            Ok(_) => return block.len() as u64 == length,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        }
    }
}

/// The next record's header, `None` at a clean end of the stream.
fn read_header(reader: &mut impl BufRead) -> Result<Option<Header>, String> {
    let mut line = Vec::new();
    // Records are separated by two CRLFs; tolerate any number of blank lines.
    loop {
        line.clear();
        let n = reader
            .by_ref()
            .take(MAX_LINE)
            .read_until(b'\n', &mut line)
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Ok(None);
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            break;
        }
    }
    if !line.starts_with(b"WARC/") {
        return Err("the bytes there are not a WARC record".into());
    }
    let mut h = Header::default();
    loop {
        line.clear();
        let n = reader
            .by_ref()
            .take(MAX_LINE)
            .read_until(b'\n', &mut line)
            .map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("a record's header is cut short".into());
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            return Ok(Some(h));
        }
        let Some((name, value)) = text.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match name.trim().to_ascii_lowercase().as_str() {
            "warc-type" => h.kind = value.to_ascii_lowercase(),
            "warc-target-uri" => h.target = Some(value.trim_matches(['<', '>']).to_string()),
            "warc-date" => h.date = Some(value.to_string()),
            "content-type" => h.content_type = Some(value.to_ascii_lowercase()),
            "content-length" => h.length = value.parse().ok(),
            _ => {}
        }
    }
}
