//! Small text helpers for pages: whitespace as a reader sees it, and the character references
//! that JSON-LD and meta tags carry undecoded.

/// Whitespace runs (no-break spaces included) made one space, zero-width spaces dropped, ends
/// trimmed.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c == '\u{200b}' || c == '\u{feff}' {
            continue;
        }
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

pub fn has_letters(s: &str) -> bool {
    s.chars().any(char::is_alphabetic)
}

/// `&#8217;`, `&#x2019;`, `&amp;` and the other common named references decoded; anything else
/// is left as written.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| entity(&rest[1..e]));
        match (end, decoded) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_and_whitespace() {
        for (s, want) in [
            ("Swift&#8217;s &#x2018;best&#x2019;", "Swift’s ‘best’"),
            ("Tom &amp; Jerry &copy; &", "Tom & Jerry &copy; &"),
            ("no refs", "no refs"),
            ("&#xD800; &#99999999;", "&#xD800; &#99999999;"),
        ] {
            assert_eq!(decode_entities(s), want, "{s}");
        }
        assert_eq!(clean("  a\u{a0}\n b\u{200b}c  "), "a bc");
    }
}
