//! HTTP responses as WARC files keep them: the status, the headers that matter, and the payload
//! with its transfer encoding (chunked) and content encoding (gzip, deflate, br) taken off.

use std::borrow::Cow;
use std::io::Read;

/// A response's head and its raw payload.
#[derive(Debug)]
pub struct Response<'a> {
    pub status: u16,
    pub content_type: Option<&'a str>,
    transfer_encoding: Option<&'a str>,
    content_encoding: Option<&'a str>,
    raw: &'a [u8],
}

impl<'a> Response<'a> {
    /// Parses `HTTP/1.1 200 OK\r\nName: value\r\n...\r\n\r\npayload`; `None` where the block
    /// does not start with a status line.
    pub fn parse(block: &'a [u8]) -> Option<Response<'a>> {
        let (head, raw) = split_head(block)?;
        let head = std::str::from_utf8(head).ok()?;
        let mut lines = head.lines();
        let status = lines.next()?;
        let status = status
            .strip_prefix("HTTP/")?
            .split_whitespace()
            .nth(1)?
            .parse()
            .ok()?;
        let mut r = Response {
            status,
            content_type: None,
            transfer_encoding: None,
            content_encoding: None,
            raw,
        };
        for line in lines {
            let Some((name, value)) = line.split_once(':') else {
                continue;
            };
            let value = value.trim();
            match name.trim().to_ascii_lowercase().as_str() {
                "content-type" => r.content_type = Some(value),
                "transfer-encoding" => r.transfer_encoding = Some(value),
                "content-encoding" => r.content_encoding = Some(value),
                _ => {}
            }
        }
        Some(r)
    }

    /// True for `text/html` and `application/xhtml+xml`, and for no content type at all.
    pub fn is_html(&self) -> bool {
        self.content_type.is_none_or(|t| {
            let t = t.to_ascii_lowercase();
            t.starts_with("text/html") || t.starts_with("application/xhtml")
        })
    }

    /// The payload as the page's bytes, at most `max` of them. A payload whose headers claim an
    /// encoding it does not have (crawlers often store it decoded) is taken as it is.
    pub fn payload(&self, max: u64) -> Result<Cow<'a, [u8]>, String> {
        let mut body = Cow::Borrowed(self.raw);
        if self
            .transfer_encoding
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
        {
            if let Some(d) = dechunk(self.raw) {
                body = Cow::Owned(d);
            }
        }
        let Some(enc) = self.content_encoding.map(str::to_ascii_lowercase) else {
            return Ok(body);
        };
        let limit = max + 1;
        let mut out = Vec::new();
        let read = match enc.trim() {
            "gzip" | "x-gzip" if body.starts_with(&[0x1f, 0x8b]) => {
                flate2::read::MultiGzDecoder::new(&body[..])
                    .take(limit)
                    .read_to_end(&mut out)
            }
            // `deflate` is zlib-wrapped by the standard and raw by some servers.
            "deflate" if body.first().is_some_and(|b| b & 0x0f == 8) => {
                flate2::read::ZlibDecoder::new(&body[..])
                    .take(limit)
                    .read_to_end(&mut out)
            }
            "deflate" => flate2::read::DeflateDecoder::new(&body[..])
                .take(limit)
                .read_to_end(&mut out),
            "br" => brotli_decompressor::Decompressor::new(&body[..], 1 << 16)
                .take(limit)
                .read_to_end(&mut out),
            _ => return Ok(body),
        };
        match read {
            Ok(_) if out.len() as u64 > max => Err(format!("decoded payload over {max} bytes")),
            Ok(_) => Ok(Cow::Owned(out)),
            // A cut record: what decoded before the cut is still the page's start.
            Err(_) if !out.is_empty() => Ok(Cow::Owned(out)),
            Err(e) => Err(format!("{enc} payload does not decode: {e}")),
        }
    }
}

/// The head and the rest, at the first empty line (CRLF or bare LF).
fn split_head(block: &[u8]) -> Option<(&[u8], &[u8])> {
    let crlf = block.windows(4).position(|w| w == b"\r\n\r\n");
    let lf = block.windows(2).position(|w| w == b"\n\n");
    match (crlf, lf) {
        (Some(c), Some(l)) if l < c => Some((&block[..l], &block[l + 2..])),
        (Some(c), _) => Some((&block[..c], &block[c + 4..])),
        (None, Some(l)) => Some((&block[..l], &block[l + 2..])),
        (None, None) => None,
    }
}

/// Undoes chunked transfer encoding; `None` where the bytes are not chunk-framed (or the framing
/// breaks before the first chunk), so the caller keeps them as they are.
fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    loop {
        let eol = raw.iter().position(|&b| b == b'\n')?;
        let line = std::str::from_utf8(&raw[..eol]).ok()?.trim();
        let size = line.split(';').next()?.trim();
        let Ok(size) = usize::from_str_radix(size, 16) else {
            return (!out.is_empty()).then_some(out);
        };
        raw = &raw[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        let take = size.min(raw.len());
        out.extend_from_slice(&raw[..take]);
        raw = &raw[take..];
        if take < size {
            // Cut inside a chunk: keep what there is.
            return Some(out);
        }
        raw = raw
            .strip_prefix(b"\r\n")
            .or_else(|| raw.strip_prefix(b"\n"))
            .unwrap_or(raw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn response(headers: &str, payload: &[u8]) -> Vec<u8> {
        let mut v = format!("HTTP/1.1 200 OK\r\n{headers}\r\n").into_bytes();
        v.extend_from_slice(payload);
        v
    }

    #[test]
    fn payload_encodings_are_taken_off() {
        let page = b"<html><p>A page.</p></html>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(page).unwrap();
        let gz = gz.finish().unwrap();
        let mut zl = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        zl.write_all(page).unwrap();
        let zl = zl.finish().unwrap();
        let mut chunked = b"7\r\n<html><\r\n14;ext=1\r\np>A page.</p></html>\r\n0\r\n\r\n".to_vec();
        let chunked_gz = {
            let mut c = format!("{:x}\r\n", gz.len()).into_bytes();
            c.extend_from_slice(&gz);
            c.extend_from_slice(b"\r\n0\r\n\r\n");
            c
        };
        for (headers, payload) in [
            ("Content-Type: text/html\r\n", page.to_vec()),
            ("Content-Encoding: gzip\r\n", gz.clone()),
            ("Content-Encoding: deflate\r\n", zl),
            (
                "Transfer-Encoding: chunked\r\n",
                std::mem::take(&mut chunked),
            ),
            (
                "Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n",
                chunked_gz,
            ),
            // Headers that claim what a crawler already took off.
            (
                "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
                page.to_vec(),
            ),
        ] {
            let block = response(headers, &payload);
            let r = Response::parse(&block).unwrap();
            assert_eq!(r.status, 200);
            assert_eq!(r.payload(1 << 20).unwrap().as_ref(), page, "{headers}");
        }
    }

    #[test]
    fn heads_and_limits() {
        let block = b"HTTP/1.0 404 Not Found\nContent-Type: application/pdf\n\n%PDF";
        let r = Response::parse(block).unwrap();
        assert_eq!((r.status, r.is_html()), (404, false));
        assert!(Response::parse(b"GET / HTTP/1.1\r\n\r\n").is_none());
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(&[b'a'; 10_000]).unwrap();
        let block = response("Content-Encoding: gzip\r\n", &gz.finish().unwrap());
        assert!(Response::parse(&block).unwrap().payload(1000).is_err());
    }
}
