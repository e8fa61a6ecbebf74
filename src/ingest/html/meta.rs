//! A page's metadata, from the sources publishers fill in for search engines and social sites, in
//! the order they are trusted: JSON-LD (`NewsArticle` and its kin, `@graph` included), then
//! OpenGraph and `article:*` meta tags, then other meta tags, then the page itself.

use std::collections::HashMap;
use std::sync::LazyLock;

use scraper::{Html, Node};
use serde_json::Value;
use time::OffsetDateTime;

use super::text::{clean, decode_entities, has_letters};
use crate::extract::lexicon::word_list;
use crate::ingest::fields::parse_date;

/// What a page says about its article.
#[derive(Debug, Default)]
pub struct Meta {
    pub title: Option<String>,
    pub date: Option<OffsetDateTime>,
    pub authors: Vec<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    /// The teaser, which many pages also print above the article.
    pub description: Option<String>,
}

/// What one pass over the page's elements collects before the sources are weighed.
#[derive(Default)]
struct Found {
    meta: HashMap<String, String>,
    json_ld: Vec<String>,
    title: String,
    h1: Option<String>,
    canonical: Option<String>,
    time: Option<String>,
    itemprop_date: Option<String>,
    itemprop_authors: Vec<String>,
    rel_authors: Vec<String>,
    /// The text of the first few byline elements.
    bylines: Vec<String>,
}

/// The JSON-LD object of the article, with the `@graph` it sits in to resolve `@id` references.
struct LinkedData {
    article: serde_json::Map<String, Value>,
    by_id: HashMap<String, Value>,
}

/// Meta tags that carry the publication date, best first.
const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "parsely-pub-date",
    "sailthru.date",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "dcterms.date",
    "dcterms.issued",
    "dcterms.created",
    "citation_publication_date",
    "citation_online_date",
    "citation_date",
    "prism.publicationdate",
    "datepublished",
    "og:published_time",
    "published_time",
    "article.published",
    "article_date_original",
    "original-publish-date",
];

/// Class names of the elements that print the byline (an author box with a biography and
/// social links is not one).
const BYLINE_CLASSES: &[&str] = &[
    "byline",
    "author-name",
    "author_name",
    "authorname",
    "author__name",
];

/// Byline elements looked at, and the longest byline text taken for names.
const MAX_BYLINES: usize = 3;
const MAX_BYLINE_CHARS: usize = 120;

/// Meta tags that carry the authors' names, best first.
const AUTHOR_KEYS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "byl",
    "twitter:creator",
];

pub fn read(doc: &Html) -> Meta {
    let found = collect(doc);
    let ld = linked_data(&found.json_ld);
    let m = &found.meta;
    let get = |k: &str| {
        m.get(k)
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    };

    let site = get("og:site_name").map(|s| clean(&decode_entities(s)));
    let ld_publisher = ld
        .as_ref()
        .and_then(|l| name_of(&l.resolve(l.article.get("publisher")?)));
    let app = get("application-name").map(|s| clean(&decode_entities(s)));
    let sites: Vec<&str> = [&ld_publisher, &site, &app]
        .into_iter()
        .filter_map(|s| s.as_deref())
        .filter(|s| !s.is_empty())
        .collect();

    // A headline names no site; tags written for sharing often end with one.
    let tagged: Vec<String> = [
        ld.as_ref()
            .and_then(|l| str_field(&l.article, &["headline", "name"]))
            .map(|t| strip_site(&t, &sites, false)),
        get("og:title").map(|t| strip_site(&decode_entities(t), &sites, true)),
        get("twitter:title").map(|t| strip_site(&decode_entities(t), &sites, true)),
    ]
    .into_iter()
    .flatten()
    .map(|t| clean(&t))
    .filter(|t| !t.is_empty())
    .collect();
    let title = headline(&tagged, found.h1.as_deref())
        .or_else(|| found.h1.clone())
        .or_else(|| Some(clean(&strip_site(&found.title, &sites, true))))
        .filter(|t| !t.is_empty());

    let date = ld
        .as_ref()
        .and_then(|l| str_field(&l.article, &["datePublished", "dateCreated"]))
        .and_then(|d| page_date(&d))
        .or_else(|| DATE_KEYS.iter().find_map(|k| get(k).and_then(page_date)))
        .or_else(|| found.itemprop_date.as_deref().and_then(page_date))
        .or_else(|| found.time.as_deref().and_then(page_date));

    // The publisher named as the author is no byline: the next source may have one.
    let is_person = |n: &String| !sites.iter().any(|s| s.eq_ignore_ascii_case(n));
    let mut candidates = vec![ld.as_ref().map(ld_authors).unwrap_or_default()];
    candidates.extend(
        AUTHOR_KEYS
            .iter()
            .filter_map(|k| get(k))
            .map(|v| names(&decode_entities(v))),
    );
    candidates.push(
        found
            .itemprop_authors
            .iter()
            .flat_map(|a| names(a))
            .collect(),
    );
    candidates.push(found.rel_authors.iter().flat_map(|a| names(a)).collect());
    candidates.push(found.bylines.iter().flat_map(|a| names(a)).collect());
    let mut authors = candidates
        .iter()
        .find(|c| c.iter().any(is_person))
        .map(|c| c.iter().filter(|n| is_person(n)).cloned().collect())
        .or_else(|| candidates.into_iter().find(|c| !c.is_empty()))
        .unwrap_or_default();
    dedup(&mut authors);

    let publisher = sites.first().map(|s| s.to_string());

    let url = found
        .canonical
        .clone()
        .or_else(|| get("og:url").map(str::to_string))
        .or_else(|| ld.as_ref().and_then(|l| str_field(&l.article, &["url"])))
        .map(|u| u.trim().to_string())
        .filter(|u| u.starts_with("http"));

    let description = get("og:description")
        .or_else(|| get("description"))
        .or_else(|| get("twitter:description"))
        .map(|d| clean(&decode_entities(d)))
        .filter(|d| !d.is_empty());

    Meta {
        title,
        date,
        authors,
        publisher,
        url,
        description,
    }
}

/// One pass over the elements: meta tags, JSON-LD scripts, the title, the first `<h1>`, and the
/// page's own date and author markup.
fn collect(doc: &Html) -> Found {
    let mut f = Found::default();
    for node in doc.tree.nodes() {
        let Node::Element(el) = node.value() else {
            continue;
        };
        match el.name() {
            "meta" => {
                let key = el
                    .attr("property")
                    .or_else(|| el.attr("name"))
                    .or_else(|| el.attr("itemprop"));
                if let (Some(k), Some(v)) = (key, el.attr("content")) {
                    f.meta
                        .entry(k.trim().to_ascii_lowercase())
                        .or_insert_with(|| v.to_string());
                }
            }
            "script"
                if el
                    .attr("type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json")) =>
            {
                let text: String = node
                    .children()
                    .filter_map(|c| c.value().as_text().map(|t| &**t))
                    .collect();
                f.json_ld.push(text);
            }
            "title" if f.title.is_empty() => f.title = node_text(node),
            "h1" if f.h1.is_none() => {
                let t = clean(&node_text(node));
                if has_letters(&t) {
                    f.h1 = Some(t);
                }
            }
            "link" => {
                let rel = el.attr("rel").unwrap_or_default();
                if f.canonical.is_none() && rel.eq_ignore_ascii_case("canonical") {
                    f.canonical = el.attr("href").map(str::to_string);
                }
            }
            "time" if f.time.is_none() => f.time = el.attr("datetime").map(str::to_string),
            _ => {}
        }
        if let Some(prop) = el.attr("itemprop") {
            if prop == "datePublished" && f.itemprop_date.is_none() {
                f.itemprop_date = el
                    .attr("content")
                    .or_else(|| el.attr("datetime"))
                    .map(str::to_string);
            } else if prop == "author" && el.name() != "meta" {
                f.itemprop_authors.push(clean(&node_text(node)));
            }
        }
        if el.name() == "a" && el.attr("rel").is_some_and(|r| r.contains("author")) {
            f.rel_authors.push(clean(&node_text(node)));
        }
        if f.bylines.len() < MAX_BYLINES
            && el.attr("class").is_some_and(|c| {
                let c = c.to_ascii_lowercase();
                BYLINE_CLASSES.iter().any(|w| c.contains(w))
            })
        {
            let t = clean(&node_text(node));
            if has_letters(&t) && t.chars().count() <= MAX_BYLINE_CHARS {
                f.bylines.push(t);
            }
        }
    }
    f
}

/// The headline among the tagged sources (JSON-LD, og:title, twitter:title, in that order),
/// weighed against the page's first `<h1>`.
fn headline(tagged: &[String], h1: Option<&str>) -> Option<String> {
    // A live blog carries its running label in the h1 and often in the JSON-LD headline; a source
    // without one names the story (where every source has it, it is the story's name).
    let unlabelled: Vec<&String> = tagged.iter().filter(|t| !live_labelled(t)).collect();
    let (sources, h1) = if unlabelled.is_empty() {
        (tagged.iter().collect(), h1)
    } else {
        (unlabelled, h1.filter(|h| !live_labelled(h)))
    };
    let Some(h1) = h1.map(str::to_lowercase) else {
        return sources.first().map(|t| t.to_string());
    };
    // A source that is the h1's opening words is the headline, and the h1 adds a clause to it;
    // it must be at least half the h1, so that a kicker ("Ann Lee: ...") is not taken for it.
    let opens = |t: &&&String| {
        let t = t.to_lowercase();
        h1.strip_prefix(&t)
            .is_some_and(|rest| rest.starts_with(' '))
            && 2 * t.chars().count() >= h1.chars().count()
    };
    // Otherwise, where the sources disagree, the one the page shows is the article's.
    let shown = |t: &&&String| t.to_lowercase() == h1;
    sources
        .iter()
        .find(opens)
        .or_else(|| sources.iter().find(shown))
        .or(sources.first())
        .map(|t| t.to_string())
}

static LIVE_LABELS: &str = include_str!("../../../models/live_labels.tsv");

/// Whether a title carries a live blog's label as a word of its own ("Storm LIVE: ...").
fn live_labelled(title: &str) -> bool {
    static LABELS: LazyLock<Vec<&'static str>> = LazyLock::new(|| word_list(LIVE_LABELS).collect());
    title
        .split(|c: char| !c.is_alphanumeric())
        .any(|w| LABELS.contains(&w))
}

fn node_text(node: ego_tree::NodeRef<Node>) -> String {
    node.descendants()
        .filter_map(|n| n.value().as_text().map(|t| &**t))
        .collect()
}

/// The first JSON-LD object that is an article, searched through arrays, `@graph` and
/// `mainEntity`, but not into the objects an article links to (related articles are articles too).
fn linked_data(scripts: &[String]) -> Option<LinkedData> {
    let mut best: Option<LinkedData> = None;
    for s in scripts {
        let Ok(v) = serde_json::from_str::<Value>(s.trim().trim_end_matches(';')) else {
            continue;
        };
        let mut tops = Vec::new();
        flatten(&v, &mut tops, 0);
        let by_id: HashMap<String, Value> = tops
            .iter()
            .filter_map(|o| {
                Some((
                    o.get("@id")?.as_str()?.to_string(),
                    Value::Object((*o).clone()),
                ))
            })
            .collect();
        let rank = |o: &serde_json::Map<String, Value>| type_rank(o.get("@type"));
        if let Some(o) = tops.iter().filter(|o| rank(o) > 0).max_by_key(|o| rank(o)) {
            if best.as_ref().is_none_or(|b| rank(&b.article) < rank(o)) {
                best = Some(LinkedData {
                    article: (*o).clone(),
                    by_id,
                });
            }
        }
    }
    best
}

fn flatten<'a>(v: &'a Value, out: &mut Vec<&'a serde_json::Map<String, Value>>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(items) => items.iter().for_each(|i| flatten(i, out, depth + 1)),
        Value::Object(o) => {
            out.push(o);
            for key in ["@graph", "mainEntity"] {
                if let Some(inner) = o.get(key) {
                    flatten(inner, out, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// 3 for a news article type, 2 for another article or posting, 1 for a web page, 0 otherwise.
fn type_rank(t: Option<&Value>) -> u8 {
    let rank = |s: &str| {
        let s = s.rsplit(['/', ':']).next().unwrap_or(s);
        if s.ends_with("NewsArticle") || s == "Report" {
            3
        } else if s.ends_with("Article") || s.ends_with("Posting") {
            2
        } else if s == "WebPage" {
            1
        } else {
            0
        }
    };
    match t {
        Some(Value::String(s)) => rank(s),
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(rank)
            .max()
            .unwrap_or(0),
        _ => 0,
    }
}

impl LinkedData {
    /// An `{"@id": ...}` reference replaced by the object it names, where the graph has it.
    fn resolve(&self, v: &Value) -> Value {
        match v {
            Value::Object(o) if o.len() == 1 => o
                .get("@id")
                .and_then(Value::as_str)
                .and_then(|id| self.by_id.get(id))
                .cloned()
                .unwrap_or_else(|| v.clone()),
            Value::Array(a) => Value::Array(a.iter().map(|x| self.resolve(x)).collect()),
            _ => v.clone(),
        }
    }
}

fn ld_authors(l: &LinkedData) -> Vec<String> {
    let Some(a) = l.article.get("author").or_else(|| l.article.get("creator")) else {
        return Vec::new();
    };
    let a = l.resolve(a);
    let list = match &a {
        Value::Array(items) => items.iter().collect(),
        v => vec![v],
    };
    list.into_iter()
        .filter_map(name_of)
        .flat_map(|n| names(&n))
        .collect()
}

fn str_field(o: &serde_json::Map<String, Value>, keys: &[&str]) -> Option<String> {
    keys.iter()
        .filter_map(|k| o.get(*k)?.as_str())
        .map(decode_entities)
        .find(|s| !s.trim().is_empty())
}

/// A name given as a string or as an object with a `name`.
fn name_of(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.as_str(),
        Value::Object(o) => match o.get("name")? {
            Value::String(s) => s.as_str(),
            Value::Array(a) => a.first()?.as_str()?,
            _ => return None,
        },
        _ => return None,
    };
    let s = clean(&decode_entities(s));
    (!s.is_empty()).then_some(s)
}

/// The people in a byline: "By Ann Lee and Bo Chan" is two names; a profile URL or a bare
/// handle is none.
fn names(byline: &str) -> Vec<String> {
    let b = clean(byline);
    let b = b
        .strip_prefix("By ")
        .or_else(|| b.strip_prefix("by "))
        .or_else(|| b.strip_prefix("BY "))
        .unwrap_or(&b);
    b.split([',', ';', '|', '&'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_start_matches("and ").trim())
        .filter(|p| {
            !p.is_empty()
                && has_letters(p)
                && !p.contains("://")
                && !p.starts_with('@')
                && !p.starts_with("www.")
                && p.chars().count() <= 60
        })
        .map(str::to_string)
        .collect()
}

fn dedup(names: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(n.to_lowercase()));
}

/// A title without the site's name that pages append: "Headline | Site", "Headline - Site".
/// The tail goes where it names one of `sites`, or, if `guess`, where it is a few words after a
/// much longer headline and starts as a name does.
fn strip_site(title: &str, sites: &[&str], guess: bool) -> String {
    let t = title.trim();
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some((head, tail)) = t.rsplit_once(sep) {
            let tail = tail.trim();
            let tl = tail.to_lowercase();
            let named = sites.iter().any(|s| {
                let s = s.to_lowercase();
                tl.contains(&s) || s.contains(&tl)
            });
            // A site's name is a proper name: "- updates", "- here's how" go on the headline.
            let guessed = guess
                && tail.split_whitespace().count() <= 4
                && head.len() > tail.len() * 2
                && tail
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            if (named || guessed) && has_letters(head) {
                return head.trim().to_string();
            }
        }
    }
    t.to_string()
}

/// A date as pages write them, keeping the day as written (the offset with it where given).
pub fn page_date(s: &str) -> Option<OffsetDateTime> {
    let s = s.trim();
    if let Some(d) = parse_date(s) {
        return Some(d);
    }
    // "2024-01-07T01:20:00+0000", "2024-01-07T01:20:00.123" and the like: the day is enough.
    let b = s.as_bytes();
    if b.len() >= 10 && b[..4].iter().all(u8::is_ascii_digit) && matches!(b[4], b'-' | b'/') {
        let day = s[..10].replace('/', "-");
        return parse_date(&day);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_to_names() {
        for (byline, want) in [
            ("By Ann Lee", vec!["Ann Lee"]),
            ("Ann Lee and Bo Chan", vec!["Ann Lee", "Bo Chan"]),
            (
                "Ann Lee, Bo Chan & Cy Dee",
                vec!["Ann Lee", "Bo Chan", "Cy Dee"],
            ),
            ("https://example.com/staff/ann", vec![]),
            ("@annlee", vec![]),
        ] {
            assert_eq!(names(byline), want, "{byline}");
        }
    }

    #[test]
    fn titles_lose_the_site_name() {
        let daily: &[&str] = &["The Daily"];
        for (title, sites, guess, want) in [
            ("Rain falls | The Daily", daily, false, "Rain falls"),
            ("Rain on the town - Daily", &[], true, "Rain on the town"),
            (
                "Rain on the town - Daily",
                &[],
                false,
                "Rain on the town - Daily",
            ),
            ("Rain - and more rain", &[], true, "Rain - and more rain"),
            ("Rain falls", daily, true, "Rain falls"),
            (
                "Rain closes the valley's schools - updates",
                &[],
                true,
                "Rain closes the valley's schools - updates",
            ),
            (
                "Rain closes the valley's schools - 24 News",
                &[],
                true,
                "Rain closes the valley's schools",
            ),
        ] {
            assert_eq!(strip_site(title, sites, guess), want, "{title}");
        }
    }

    /// A page with a JSON-LD headline, an og:title, an `<h1>` and a `<title>`, each where given.
    fn page(ld: Option<&str>, og: Option<&str>, h1: Option<&str>, title: &str) -> Html {
        let ld = ld.map_or(String::new(), |t| {
            format!(
                r#"<script type="application/ld+json">{{"@type":"NewsArticle","headline":"{t}"}}</script>"#
            )
        });
        let og = og.map_or(String::new(), |t| {
            format!(r#"<meta property="og:title" content="{t}">"#)
        });
        let h1 = h1.map_or(String::new(), |t| format!("<h1>{t}</h1>"));
        Html::parse_document(&format!(
            "<html><head><title>{title}</title>{ld}{og}</head><body>{h1}<p>Text.</p></body></html>"
        ))
    }

    #[test]
    fn the_headline_among_the_sources() {
        let long = "Rain closes schools across the valley as the river rises";
        let short = "Rain closes schools across the valley";
        let live = "Floods LIVE: rain closes schools as the river rises";
        for (ld, og, h1, want) in [
            // Agreeing sources.
            (Some(short), Some(short), Some(short), short),
            // Where they disagree, the one the page shows.
            (Some(long), Some("Schools shut"), Some(long), long),
            (Some("Schools shut"), Some(long), Some(long), long),
            // None shown: JSON-LD first.
            (Some(long), Some("Schools shut"), Some("Weather"), long),
            // A source that is the h1's opening words is the headline...
            (Some(long), Some(short), Some(long), short),
            // ...but not a kicker that is less than half of it.
            (Some(long), Some("Rain closes"), Some(long), long),
            // A live blog's label: the source without one names the story.
            (Some(live), Some(short), Some(live), short),
            (Some(live), Some(live), Some(live), live),
            (None, None, Some(long), long),
            (None, None, None, "Rain falls on the valley again"),
        ] {
            let doc = page(ld, og, h1, "Rain falls on the valley again | The Daily");
            assert_eq!(
                read(&doc).title.as_deref(),
                Some(want),
                "{ld:?} {og:?} {h1:?}"
            );
        }
    }

    #[test]
    fn live_labels() {
        for (title, want) in [
            ("Floods LIVE: rain closes schools", true),
            ("Floods live updates - rain closes schools", false),
            ("Live music returns to the valley", false),
            ("OLIVER returns to the stage", false),
        ] {
            assert_eq!(live_labelled(title), want, "{title}");
        }
    }

    #[test]
    fn page_dates() {
        let ymd = |d: OffsetDateTime| (d.year(), d.month() as u8, d.day());
        for (s, want) in [
            ("2024-01-07T01:20:00+0000", Some((2024, 1, 7))),
            ("2024-01-06T21:20:00-04:00", Some((2024, 1, 6))),
            ("2024/01/07", Some((2024, 1, 7))),
            ("Jan 7, 2024", Some((2024, 1, 7))),
            ("soon", None),
        ] {
            assert_eq!(page_date(s).map(ymd), want, "{s}");
        }
    }
}
