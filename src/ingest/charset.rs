//! Character sets of web pages: the bytes of a saved page or a WARC payload to UTF-8, from a byte
//! order mark, the HTTP header or the page's `<meta>`, as browsers decide it.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into a page its `<meta charset>` is looked for (the HTML standard's prescan says 1024;
/// real pages put long scripts first).
const PRESCAN: usize = 4096;

/// The page as text. Bytes that are valid UTF-8 are taken as UTF-8 whatever the page declares
/// (saved pages are often re-encoded without their `<meta>` being changed); otherwise the byte
/// order mark, then the HTTP charset, then the `<meta>` one, then windows-1252 decide.
pub fn decode_html<'a>(bytes: &'a [u8], http: Option<&'static Encoding>) -> Cow<'a, str> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom..]).0;
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Cow::Borrowed(s);
    }
    let enc = http
        .or_else(|| meta_charset(&bytes[..bytes.len().min(PRESCAN)]))
        .filter(|e| *e != UTF_8)
        .unwrap_or(WINDOWS_1252);
    enc.decode_without_bom_handling(bytes).0
}

/// The charset of an HTTP `Content-Type` value: `text/html; charset=ISO-8859-1`.
pub fn of_content_type(value: &str) -> Option<&'static Encoding> {
    let at = value.to_ascii_lowercase().find("charset=")?;
    let label = value[at + 8..]
        .trim_start_matches(['"', '\''])
        .split(|c: char| c == ';' || c == '"' || c == '\'' || c.is_whitespace())
        .next()?;
    Encoding::for_label(label.as_bytes())
}

/// `<meta charset="x">` or `<meta http-equiv="Content-Type" content="...; charset=x">`.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower = head.to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"charset=") {
        let start = from + at + b"charset=".len();
        let rest = &lower[start..];
        let rest = rest
            .strip_prefix(b"\"")
            .or_else(|| rest.strip_prefix(b"'"))
            .unwrap_or(rest);
        let end = rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b':'))
            .unwrap_or(rest.len());
        if let Some(enc) = Encoding::for_label(&rest[..end]) {
            return Some(enc);
        }
        from = start;
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets_from_every_source() {
        let latin1 = b"<html><head><meta charset=\"iso-8859-1\"></head><p>Caf\xe9 cr\xe8me</p>";
        let equiv = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
        let utf16 = b"\xff\xfeh\0i\0";
        let undeclared = b"<p>na\xefve \x93quote\x94</p>";
        let mislabelled = "<meta charset=\"iso-8859-1\"><p>Café</p>".as_bytes();
        for (bytes, http, want) in [
            (&latin1[..], None, "Café crème"),
            (equiv, None, "Привет"),
            (utf16, None, "hi"),
            (undeclared, None, "naïve “quote”"),
            (mislabelled, None, "Café"),
            (
                b"<p>\xc4\xe3\xba\xc3</p>",
                of_content_type("text/html; charset=GB2312"),
                "你好",
            ),
        ] {
            let text = decode_html(bytes, http);
            assert!(text.contains(want), "{text:?} lacks {want:?}");
        }
    }

    #[test]
    fn content_type_values() {
        for (value, want) in [
            ("text/html; charset=ISO-8859-1", Some("windows-1252")),
            ("text/html;charset=\"utf-8\"", Some("UTF-8")),
            ("text/html", None),
            ("text/html; charset=nonsense", None),
        ] {
            assert_eq!(of_content_type(value).map(|e| e.name()), want, "{value}");
        }
    }
}
