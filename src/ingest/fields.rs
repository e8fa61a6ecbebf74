//! Maps the field names that news dumps use onto [`Article`] (news-please's `maintext`,
//! `date_publish`, `source_domain`; fundus's `plaintext`, structured `body` and
//! `publishing_date`; and the plainer ones), and parses their many date forms.

use serde_json::{Map, Value};
use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

use super::SkipReason;
use crate::article::Article;

const TITLE: &[&str] = &["title", "headline"];
const BODY: &[&str] = &[
    "body",
    "text",
    "content",
    "maintext",
    "plaintext",
    "article",
];
const DATE: &[&str] = &[
    "date",
    "published",
    "date_publish",
    "publishing_date",
    "pub_date",
    "published_at",
];
const SOURCE: &[&str] = &["source", "source_domain", "publisher"];
const URL: &[&str] = &["url", "link"];
const AUTHORS: &[&str] = &["authors", "byline", "author"];

/// Builds an article from one JSON object. `warn` hears about fields that were present but not
/// understood (a date that does not parse); a missing body is the only reason to refuse the article.
pub fn article_from_json(
    obj: &Map<String, Value>,
    origin: String,
    warn: &mut dyn FnMut(String),
) -> Result<Article, SkipReason> {
    let title = first_string(obj, TITLE).unwrap_or_default();
    let body = match first_string(obj, BODY) {
        Some(b) => b,
        None => {
            let mut paragraphs = Vec::new();
            match (obj.get("body"), obj.get("paragraphs")) {
                (Some(Value::Object(structured)), _) => sections(structured, &mut paragraphs),
                (_, Some(ps)) => texts(ps, &mut paragraphs),
                _ => {}
            }
            paragraphs.join("\n\n")
        }
    };
    if body.trim().is_empty() {
        return Err(SkipReason::NoBody);
    }
    let date = match first_value(obj, DATE) {
        None => None,
        Some(Value::Number(n)) => n.as_i64().and_then(from_unix),
        Some(Value::String(s)) => {
            let d = parse_date(s);
            if d.is_none() {
                warn(format!(
                    "{origin}: date {s:?} not understood; indexed without a date"
                ));
            }
            d
        }
        Some(_) => None,
    };
    let url = first_string(obj, URL).or_else(|| {
        let page = obj.get("html")?.as_object()?;
        first_string(page, &["responded_url", "requested_url"])
    });
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => Article::derive_id(url.as_deref(), &title, &body),
    };
    let authors = match first_value(obj, AUTHORS) {
        Some(Value::Array(a)) => a.iter().filter_map(name_of).collect(),
        Some(v) => name_of(v).into_iter().collect(),
        None => Vec::new(),
    };
    Ok(Article {
        id,
        title: title.trim().to_string(),
        body,
        date,
        source: first_value(obj, SOURCE).and_then(name_of),
        url,
        authors,
        origin,
    })
}

/// A structured body as fundus writes it: `{"summary": [...], "sections": [{"headline": [...],
/// "paragraphs": [...]}, ...]}`, sections nesting, flattened in reading order.
fn sections(body: &Map<String, Value>, out: &mut Vec<String>) {
    for key in ["summary", "headline", "paragraphs"] {
        if let Some(v) = body.get(key) {
            texts(v, out);
        }
    }
    if let Some(Value::Array(parts)) = body.get("sections") {
        for part in parts.iter().filter_map(Value::as_object) {
            sections(part, out);
        }
    }
}

/// The non-empty strings of a string or an array of them.
fn texts(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
        Value::Array(items) => items.iter().for_each(|i| texts(i, out)),
        _ => {}
    }
}

fn first_value<'a>(obj: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter()
        .filter_map(|k| obj.get(*k))
        .find(|v| !v.is_null() && v.as_str().is_none_or(|s| !s.trim().is_empty()))
}

fn first_string(obj: &Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .filter_map(|k| obj.get(*k)?.as_str())
        .find(|s| !s.trim().is_empty())
        .map(str::to_string)
}

/// A name given as a string or as an object with a `name` field (`{"name": "Reuters"}`).
fn name_of(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.as_str(),
        Value::Object(o) => o.get("name")?.as_str()?,
        _ => return None,
    };
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

fn from_unix(n: i64) -> Option<OffsetDateTime> {
    // Milliseconds are common in dumps; no news is dated after year 5138 in seconds.
    let secs = if n.abs() > 100_000_000_000 {
        n / 1000
    } else {
        n
    };
    OffsetDateTime::from_unix_timestamp(secs).ok()
}

/// Parses RFC 3339, RFC 2822, `YYYY-MM-DD` (with an optional time), "August 16, 2025",
/// "Aug 16 2025" and "16 August 2025". Dates without an offset are taken as UTC.
pub fn parse_date(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if let Ok(d) = OffsetDateTime::parse(s, &Rfc3339) {
        return Some(d);
    }
    if let Ok(d) = OffsetDateTime::parse(s, &Rfc2822) {
        return Some(d);
    }
    iso_date(s).or_else(|| month_name_date(s))
}

fn iso_date(s: &str) -> Option<OffsetDateTime> {
    let b = s.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    let date = Date::from_calendar_date(
        num(0..4)? as i32,
        Month::try_from(num(5..7)? as u8).ok()?,
        num(8..10)? as u8,
    )
    .ok()?;
    let rest = &s[10..];
    let time = if rest.is_empty() {
        Time::MIDNIGHT
    } else {
        let r = rest.strip_prefix(['T', ' '])?;
        let t = r.get(..8).unwrap_or(r);
        let mut parts = t.split(':').map(|p| p.parse::<u8>().ok());
        let (h, m) = (parts.next()??, parts.next()??);
        let sec = parts.next().flatten().unwrap_or(0);
        Time::from_hms(h, m, sec).ok()?
    };
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

fn month_name_date(s: &str) -> Option<OffsetDateTime> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',' || c == '.')
        .filter(|w| !w.is_empty())
        .collect();
    let (month, day, year) = match words.as_slice() {
        [m, d, y, ..] if month_of(m).is_some() => (month_of(m)?, d, y),
        [d, m, y, ..] if month_of(m).is_some() => (month_of(m)?, d, y),
        _ => return None,
    };
    let day: u8 = day
        .trim_end_matches(['s', 't', 'n', 'd', 'r', 'h'])
        .parse()
        .ok()?;
    let date = Date::from_calendar_date(year.parse().ok()?, month, day).ok()?;
    Some(date.midnight().assume_utc())
}

fn month_of(w: &str) -> Option<Month> {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let w = w.to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let i = NAMES
        .iter()
        .position(|n| *n == w || (w.len() <= 4 && n.starts_with(&w)))?;
    Month::try_from(i as u8 + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn dates_in_every_documented_form() {
        let ymd = |d: OffsetDateTime| (d.year(), d.month() as u8, d.day());
        for (text, want) in [
            ("2025-08-16", Some((2025, 8, 16))),
            ("2025-08-16T21:30:00Z", Some((2025, 8, 16))),
            ("2025-08-16T23:30:00-05:00", Some((2025, 8, 16))),
            ("2025-08-16 21:30:00", Some((2025, 8, 16))),
            ("Sat, 16 Aug 2025 21:30:00 +0000", Some((2025, 8, 16))),
            ("August 16, 2025", Some((2025, 8, 16))),
            ("Aug. 16, 2025", Some((2025, 8, 16))),
            ("16 August 2025", Some((2025, 8, 16))),
            ("Sept 1st 2019", Some((2019, 9, 1))),
            ("2025-02-30", None),
            ("yesterday", None),
            ("", None),
            ("Mayday 3, 2020", None),
        ] {
            assert_eq!(parse_date(text).map(ymd), want, "{text:?}");
        }
    }

    fn article(v: Value) -> Result<Article, SkipReason> {
        let mut warnings = Vec::new();
        let r = article_from_json(v.as_object().unwrap(), "f.json".into(), &mut |w| {
            warnings.push(w)
        });
        assert!(warnings.is_empty(), "{warnings:?}");
        r
    }

    #[test]
    fn field_names_of_common_dumps() {
        let a = article(
            json!({"headline": "H", "maintext": "B", "date_publish": "2020-01-02",
            "source_domain": "example.com", "link": "http://e/1", "byline": "Ann Lee"}),
        )
        .unwrap();
        assert_eq!((a.title.as_str(), a.body.as_str()), ("H", "B"));
        assert_eq!(a.id, "http://e/1");
        assert_eq!(a.source.as_deref(), Some("example.com"));
        assert_eq!(a.authors, vec!["Ann Lee"]);
        assert_eq!(a.date.unwrap().year(), 2020);

        let a = article(json!({"id": 7, "title": "T", "paragraphs": ["One.", " ", "Two."],
            "publisher": {"name": "Wire"}, "authors": [{"name": "A"}, "B"], "published_at": 1700000000000i64}))
        .unwrap();
        assert_eq!(a.id, "7");
        assert_eq!(a.body, "One.\n\nTwo.");
        assert_eq!(a.source.as_deref(), Some("Wire"));
        assert_eq!(a.authors, vec!["A", "B"]);
        assert_eq!(a.date.unwrap().year(), 2023);
    }

    #[test]
    fn fundus_and_news_please_output() {
        let a = article(json!({"title": "T", "authors": ["Ann Lee"],
            "publishing_date": "2024-05-02 20:35:00+00:00",
            "body": {"summary": ["Lead."], "sections": [
                {"headline": [], "paragraphs": ["One.", "Two."]},
                {"headline": ["Sub"], "paragraphs": ["Three."]}]},
            "html": {"responded_url": "https://example.com/a"}}))
        .unwrap();
        assert_eq!(a.body, "Lead.\n\nOne.\n\nTwo.\n\nSub\n\nThree.");
        assert_eq!(a.date.unwrap().year(), 2024);
        assert_eq!(a.url.as_deref(), Some("https://example.com/a"));
        let a = article(json!({"title": "T", "plaintext": "Plain.", "body": {"sections": []}}))
            .unwrap();
        assert_eq!(a.body, "Plain.");
        let a = article(
            json!({"title": "T", "maintext": "M.", "authors": ["A", "B"],
            "date_publish": "2019-03-04 10:00:00", "source_domain": "example.org",
            "url": "https://example.org/x", "title_page": "T | Site"}),
        )
        .unwrap();
        assert_eq!(
            (a.body.as_str(), a.source.as_deref()),
            ("M.", Some("example.org"))
        );
        assert_eq!((a.authors.len(), a.date.unwrap().month() as u8), (2, 3));
    }

    #[test]
    fn no_body_is_refused_and_bad_date_warns() {
        assert!(matches!(
            article(json!({"title": "only a title", "body": "  "})),
            Err(SkipReason::NoBody)
        ));
        let mut warnings = Vec::new();
        let a = article_from_json(
            json!({"body": "x", "date": "someday"}).as_object().unwrap(),
            "f.jsonl:3".into(),
            &mut |w| warnings.push(w),
        )
        .unwrap();
        assert!(a.date.is_none());
        assert!(warnings[0].starts_with("f.jsonl:3: date \"someday\""));
    }
}
