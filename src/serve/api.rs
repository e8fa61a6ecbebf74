//! The HTTP API: a URL's query string becomes the library's [`Params`] (the CLI's flag names,
//! checked here for what only a URL can get wrong), the library answers, and the answer is
//! written in the shapes `--json` prints.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::sync::Arc;

use percent_encoding::percent_decode_str;
use serde::Serialize;
use serde_json::json;
use tiny_http::{Method, Response};

use super::export::{Export, ExportFormat};
use super::{common_headers, header, status};
use crate::error::Error;
use crate::facet::FacetKind;
use crate::index::NewsIndex;
use crate::query::{registry_entities, Note, Params, Request, SortBy, Target};

/// The longest query (`q`), in characters.
pub const MAX_QUERY_CHARS: usize = 1_000;
/// The longest name a filter may give, in characters.
const MAX_NAME_CHARS: usize = 200;
/// The most values of name filters and kinds in one request.
const MAX_VALUES: usize = 32;
/// The most hits one page returns.
pub const MAX_PAGE: usize = 100;
/// The deepest a page may start: deeper pages cost more than anyone reads them for (an
/// export reads everything).
pub const MAX_OFFSET: usize = 10_000;
/// The most names an entity list returns.
const MAX_NAMES: usize = 1_000;
/// The longest URL answered.
const MAX_URL: usize = 8_192;

/// The API's paths, as the OpenAPI document names them.
pub const ENDPOINTS: [&str; 10] = [
    "/api/search",
    "/api/quotes",
    "/api/entities",
    "/api/names",
    "/api/articles/{id}",
    "/api/stats",
    "/api/timeline",
    "/api/sources",
    "/api/export",
    "/api/openapi.json",
];

/// The filters every search-like endpoint takes.
const FILTERS: [&str; 9] = [
    "q", "person", "place", "org", "speaker", "author", "source", "since", "until",
];
/// Parameters that may be given more than once (all must hold, or for `kind` any).
const REPEATABLE: [&str; 6] = ["person", "place", "org", "speaker", "author", "kind"];

const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const STYLE_CSS: &str = include_str!("page/style.css");
const OPENAPI: &str = include_str!("openapi.json");

/// An answer before it is written.
pub struct Reply {
    code: u16,
    content_type: &'static str,
    body: Body,
    disposition: Option<String>,
}

enum Body {
    Bytes(Vec<u8>),
    Stream(Box<dyn Read + Send>),
}

impl Reply {
    fn bytes(content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            code: 200,
            content_type,
            body: Body::Bytes(body.into()),
            disposition: None,
        }
    }

    fn json<T: Serialize>(value: &T) -> Reply {
        Reply::bytes(
            "application/json; charset=utf-8",
            serde_json::to_vec(value).expect("answers serialise"),
        )
    }

    /// A JSON error: `{"error": message, "param": name}`.
    pub fn error(code: u16, param: Option<&str>, message: &str) -> Reply {
        let mut r = Reply::json(&error_body(param, message));
        r.code = code;
        r
    }

    pub fn into_response(self) -> Response<Box<dyn Read + Send>> {
        let (reader, len): (Box<dyn Read + Send>, Option<usize>) = match self.body {
            Body::Bytes(b) => {
                let n = b.len();
                (Box::new(Cursor::new(b)), Some(n))
            }
            Body::Stream(r) => (r, None),
        };
        let mut resp = Response::new(status(self.code), Vec::new(), reader, len, None)
            .with_header(header("Content-Type", self.content_type));
        if let Some(d) = &self.disposition {
            resp.add_header(header("Content-Disposition", d));
        }
        common_headers(resp)
    }
}

fn error_body(param: Option<&str>, message: &str) -> serde_json::Value {
    match param {
        Some(p) => json!({ "error": message, "param": p }),
        None => json!({ "error": message }),
    }
}

/// A JSON error response, for answers given outside a worker (503).
pub fn error_response(
    code: u16,
    param: Option<&str>,
    message: &str,
) -> Response<Box<dyn Read + Send>> {
    Reply::error(code, param, message).into_response()
}

/// Why a request was not answered.
#[derive(Debug)]
struct Refused {
    code: u16,
    param: Option<String>,
    message: String,
}

fn bad(param: &str, message: impl Into<String>) -> Refused {
    Refused {
        code: 400,
        param: Some(param.to_string()),
        message: format!("{param}: {}", message.into()),
    }
}

impl From<Error> for Refused {
    fn from(e: Error) -> Self {
        match e {
            Error::Parameter { name, msg } => bad(&name, msg),
            Error::UnknownName { kind, .. } => Refused {
                code: 400,
                param: Some(kind.to_string()),
                message: e.to_string(),
            },
            other => {
                eprintln!("newsdex: {other}");
                Refused {
                    code: 500,
                    param: None,
                    message: "the index could not answer; the server log says why".into(),
                }
            }
        }
    }
}

/// Answers one request.
pub fn route(ix: &Arc<NewsIndex>, method: &Method, url: &str) -> Reply {
    if url.len() > MAX_URL {
        return Reply::error(414, None, "URL too long");
    }
    if !matches!(method, Method::Get | Method::Head) {
        return Reply::error(405, None, "only GET");
    }
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let answer = match path {
        "/" | "/index.html" => Ok(Reply::bytes("text/html; charset=utf-8", INDEX_HTML)),
        "/app.js" => Ok(Reply::bytes("text/javascript; charset=utf-8", APP_JS)),
        "/style.css" => Ok(Reply::bytes("text/css; charset=utf-8", STYLE_CSS)),
        "/api/openapi.json" => Ok(Reply::bytes("application/json; charset=utf-8", OPENAPI)),
        "/api/search" => search(ix, query, Target::Articles),
        "/api/quotes" => search(ix, query, Target::Quotes),
        "/api/entities" => entities(ix, query),
        "/api/names" => names(ix, query),
        "/api/stats" => Args::parse(query, &[]).and_then(|_| Ok(Reply::json(&ix.stats()?))),
        "/api/timeline" => timeline(ix, query),
        "/api/sources" => sources(ix, query),
        "/api/export" => export(ix, query),
        p => match p.strip_prefix("/api/articles/") {
            Some(id) => article(ix, id, query),
            None => Err(Refused {
                code: 404,
                param: None,
                message: format!("no such page: {}", p.chars().take(100).collect::<String>()),
            }),
        },
    };
    answer.unwrap_or_else(|r| Reply::error(r.code, r.param.as_deref(), &r.message))
}

/// A query string's parameters, checked against the names an endpoint takes.
struct Args {
    values: BTreeMap<String, Vec<String>>,
}

impl Args {
    fn parse(query: &str, allowed: &[&str]) -> Result<Args, Refused> {
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, v) in form_urlencoded::parse(query.as_bytes()) {
            if !allowed.contains(&k.as_ref()) {
                let name: String = k.chars().take(40).collect();
                return Err(bad(
                    &name,
                    format!("unknown parameter; this endpoint takes {}", list(allowed)),
                ));
            }
            // An empty field of a form means the field was left empty.
            if v.trim().is_empty() {
                continue;
            }
            let slot = values.entry(k.to_string()).or_default();
            if !slot.is_empty() && !REPEATABLE.contains(&k.as_ref()) {
                return Err(bad(&k, "given more than once"));
            }
            slot.push(v.into_owned());
        }
        let n: usize = REPEATABLE
            .iter()
            .filter_map(|k| values.get(*k))
            .map(Vec::len)
            .sum();
        if n > MAX_VALUES {
            return Err(bad(
                REPEATABLE
                    .iter()
                    .find(|k| values.contains_key(**k))
                    .unwrap_or(&"person"),
                format!("at most {MAX_VALUES} filter values in one request"),
            ));
        }
        Ok(Args { values })
    }

    fn one(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    fn all(&self, name: &str) -> Vec<String> {
        self.values.get(name).cloned().unwrap_or_default()
    }

    fn number(&self, name: &str, max: usize) -> Result<Option<usize>, Refused> {
        let Some(v) = self.one(name) else {
            return Ok(None);
        };
        let n: usize = v
            .parse()
            .map_err(|_| bad(name, format!("{v:?} is not a number")))?;
        if n > max {
            return Err(bad(name, format!("at most {max}")));
        }
        Ok(Some(n))
    }

    /// The library's parameters; each name and the query checked for length.
    fn params(&self) -> Result<Params, Refused> {
        if let Some(q) = self.one("q") {
            if q.chars().count() > MAX_QUERY_CHARS {
                return Err(bad("q", format!("at most {MAX_QUERY_CHARS} characters")));
            }
        }
        for k in ["person", "place", "org", "speaker", "author", "source"] {
            if self
                .all(k)
                .iter()
                .any(|v| v.chars().count() > MAX_NAME_CHARS)
            {
                return Err(bad(k, format!("at most {MAX_NAME_CHARS} characters")));
            }
        }
        let sort = match self.one("sort") {
            None | Some("relevance") => SortBy::Relevance,
            Some("date") => SortBy::Date,
            Some(s) => return Err(bad("sort", format!("{s:?} is not relevance or date"))),
        };
        Ok(Params {
            q: self.one("q").map(str::to_string),
            person: self.all("person"),
            place: self.all("place"),
            org: self.all("org"),
            speaker: self.all("speaker"),
            author: self.all("author"),
            source: self.one("source").map(str::to_string),
            since: self.one("since").map(str::to_string),
            until: self.one("until").map(str::to_string),
            kind: self.all("kind"),
            sort,
            limit: self.number("limit", MAX_PAGE)?,
            offset: self.number("offset", MAX_OFFSET)?,
        })
    }

    /// `target`: articles (the default) or quotes.
    fn target(&self) -> Result<Target, Refused> {
        match self.one("target") {
            None | Some("articles") => Ok(Target::Articles),
            Some("quotes") => Ok(Target::Quotes),
            Some(t) => Err(bad("target", format!("{t:?} is not articles or quotes"))),
        }
    }
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        names.join(", ")
    }
}

fn with<'a>(base: &[&'a str], more: &[&'a str]) -> Vec<&'a str> {
    base.iter().chain(more).copied().collect()
}

fn resolve(
    ix: &NewsIndex,
    p: &Params,
    default_limit: usize,
) -> Result<(Request, Vec<Note>), Refused> {
    Ok(ix.resolve(p, default_limit)?)
}

/// What `/api/search` and `/api/quotes` answer: the summary's fields with the hits inside.
#[derive(Serialize)]
struct SearchAnswer<'a> {
    total: usize,
    offset: usize,
    hits: &'a [crate::query::Hit],
    facets: &'a BTreeMap<String, Vec<(String, u64)>>,
    notes: Vec<Note>,
}

fn search(ix: &NewsIndex, query: &str, target: Target) -> Result<Reply, Refused> {
    let (allowed, default_limit) = match target {
        Target::Articles => (with(&FILTERS, &["sort", "limit", "offset"]), 10),
        Target::Quotes => (with(&FILTERS, &["kind", "sort", "limit", "offset"]), 20),
    };
    let args = Args::parse(query, &allowed)?;
    let params = args.params()?;
    let (req, notes) = resolve(ix, &params, default_limit)?;
    let res = ix.search(target, &req)?;
    Ok(Reply::json(&SearchAnswer {
        total: res.total,
        offset: req.offset,
        hits: &res.hits,
        facets: &res.facets,
        notes,
    }))
}

fn kind_param(args: &Args) -> Result<Option<FacetKind>, Refused> {
    args.one("type")
        .map(|t| {
            FacetKind::parse(t).ok_or_else(|| {
                bad(
                    "type",
                    format!("{t:?} is not person, place, org, speaker or author"),
                )
            })
        })
        .transpose()
}

fn entities(ix: &NewsIndex, query: &str) -> Result<Reply, Refused> {
    let args = Args::parse(query, &with(&FILTERS, &["type", "limit"]))?;
    let kinds = match kind_param(&args)? {
        Some(k) => vec![k],
        None => vec![FacetKind::Person, FacetKind::Place, FacetKind::Org],
    };
    let limit = args.number("limit", MAX_NAMES)?.unwrap_or(20);
    let (req, notes) = resolve(ix, &args.params()?, 0)?;
    let mut lines = Vec::new();
    for kind in kinds {
        lines.extend(ix.entity_lines(kind, &req, limit)?);
    }
    Ok(Reply::json(&json!({ "entities": lines, "notes": notes })))
}

fn names(ix: &NewsIndex, query: &str) -> Result<Reply, Refused> {
    let args = Args::parse(query, &["name", "type", "limit"])?;
    let kind = kind_param(&args)?;
    let limit = args.number("limit", MAX_NAMES)?.unwrap_or(20);
    let name = args.one("name");
    if name.is_some_and(|n| n.chars().count() > MAX_NAME_CHARS) {
        return Err(bad("name", format!("at most {MAX_NAME_CHARS} characters")));
    }
    let found = registry_entities(&*ix.registry()?, name, kind, limit);
    if let (Some(n), true) = (name, found.is_empty()) {
        return Err(Refused {
            code: 404,
            param: Some("name".into()),
            message: format!("no entity in the index is named {n:?}"),
        });
    }
    Ok(Reply::json(&json!({ "entities": found })))
}

fn article(ix: &NewsIndex, raw_id: &str, query: &str) -> Result<Reply, Refused> {
    Args::parse(query, &[])?;
    let id = percent_decode_str(raw_id)
        .decode_utf8()
        .map_err(|_| bad("id", "not UTF-8"))?;
    match ix.article(&id)? {
        Some(a) => Ok(Reply::json(&a)),
        None => Err(Refused {
            code: 404,
            param: Some("id".into()),
            message: format!(
                "no article {:?}",
                id.chars().take(MAX_NAME_CHARS).collect::<String>()
            ),
        }),
    }
}

fn timeline(ix: &NewsIndex, query: &str) -> Result<Reply, Refused> {
    let args = Args::parse(query, &with(&FILTERS, &["kind", "target"]))?;
    let target = args.target()?;
    let (req, _) = resolve(ix, &args.params()?, 0)?;
    Ok(Reply::json(&json!({ "months": ix.months(target, &req)? })))
}

fn sources(ix: &NewsIndex, query: &str) -> Result<Reply, Refused> {
    let args = Args::parse(query, &with(&FILTERS, &["kind", "target"]))?;
    let target = args.target()?;
    let (req, _) = resolve(ix, &args.params()?, 0)?;
    Ok(Reply::json(
        &json!({ "sources": ix.source_counts(target, &req)? }),
    ))
}

fn export(ix: &Arc<NewsIndex>, query: &str) -> Result<Reply, Refused> {
    let args = Args::parse(
        query,
        &with(&FILTERS, &["kind", "target", "sort", "format"]),
    )?;
    let target = args.target()?;
    let format = match args.one("format") {
        None | Some("jsonl") => ExportFormat::Jsonl,
        Some("csv") => ExportFormat::Csv,
        Some(f) => return Err(bad("format", format!("{f:?} is not csv or jsonl"))),
    };
    let (req, _) = resolve(ix, &args.params()?, 0)?;
    let (content_type, ext) = match format {
        ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
        ExportFormat::Jsonl => ("application/x-ndjson; charset=utf-8", "jsonl"),
    };
    let name = match target {
        Target::Articles => "articles",
        Target::Quotes => "quotes",
    };
    Ok(Reply {
        code: 200,
        content_type,
        body: Body::Stream(Box::new(Export::new(Arc::clone(ix), target, req, format))),
        disposition: Some(format!("attachment; filename=\"newsdex-{name}.{ext}\"")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openapi_names_every_endpoint_and_no_other() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).unwrap();
        let mut paths: Vec<&str> = doc["paths"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        paths.sort_unstable();
        let mut ours = ENDPOINTS.to_vec();
        ours.sort_unstable();
        assert_eq!(paths, ours);
    }

    #[test]
    fn query_strings_are_checked_and_name_the_parameter() {
        let allowed = with(&FILTERS, &["sort", "limit", "offset", "kind"]);
        // (query, the parameter refused, or None when accepted)
        let table: &[(&str, Option<&str>)] = &[
            ("q=peace&person=Putin&person=Trump", None),
            ("q=&person=", None),
            ("q=a+b&sort=date&limit=100&offset=10000", None),
            ("nope=1", Some("nope")),
            ("q=a&q=b", Some("q")),
            ("limit=101", Some("limit")),
            ("limit=ten", Some("limit")),
            ("offset=10001", Some("offset")),
            ("sort=random", Some("sort")),
            ("source=a&source=b", Some("source")),
        ];
        for (query, refused) in table {
            let got = Args::parse(query, &allowed).and_then(|a| a.params());
            match (got, refused) {
                (Ok(_), None) => {}
                (Err(e), Some(p)) => assert_eq!(e.param.as_deref(), Some(*p), "{query}"),
                (Ok(_), Some(p)) => panic!("{query}: accepted, expected {p} refused"),
                (Err(e), None) => panic!("{query}: refused: {}", e.message),
            }
        }
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        assert_eq!(
            Args::parse(&long, &allowed)
                .and_then(|a| a.params())
                .err()
                .and_then(|e| e.param),
            Some("q".to_string())
        );
        let many = vec!["person=x"; MAX_VALUES + 1].join("&");
        assert!(Args::parse(&many, &allowed).is_err());
        let p = Args::parse("person=A&person=B&kind=direct&since=2019-01-01", &allowed)
            .unwrap()
            .params()
            .unwrap();
        assert_eq!(p.person, ["A", "B"]);
        assert_eq!(p.kind, ["direct"]);
        assert_eq!(p.since.as_deref(), Some("2019-01-01"));
    }
}
