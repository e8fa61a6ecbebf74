//! Every input format end to end through the real binary: saved pages, WARC files, zip and tar
//! archives, standard input, and incremental indexing of an archive file. All pages and records
//! here are written by the tests.

mod testenv;

use std::io::Write;

use serde_json::Value;
use testenv::{Run, TestEnv};

/// Three paragraphs of article prose about `topic`.
fn prose(topic: &str) -> String {
    format!(
        "<p>The council voted on Tuesday to close the old {topic}, which has stood by the river \
         since 1898, after engineers found cracks in two of its piers.</p>\
         <p>Residents said the closure of the {topic} would add twenty minutes to their commute, \
         and the mayor, who spoke after the vote, promised a ferry within a month.</p>\
         <p>Repairs are expected to cost more than the town's yearly budget for roads, according \
         to the report, which the council published in full on its website.</p>"
    )
}

/// A page with its title in OpenGraph, its date in an `article:` tag, and furniture around it.
fn page(title: &str, date: &str) -> String {
    format!(
        "<!doctype html><html><head><meta charset=utf-8><title>{title} | Gazette</title>\
         <meta property=\"og:title\" content=\"{title}\">\
         <meta property=\"article:published_time\" content=\"{date}\"></head><body>\
         <nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>{title}</h1>{}</article>\
         <div class=newsletter><p>Sign up for our newsletter and never miss a story again.</p></div>\
         </body></html>",
        prose(&title.to_lowercase())
    )
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn jsonl(titles: &[&str]) -> String {
    titles
        .iter()
        .map(|t| format!("{{\"title\": \"{t}\", \"body\": \"Text of {t}.\"}}\n"))
        .collect()
}

/// A WARC record with the given type and HTTP block (or other block).
fn warc_record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2021-06-01T12:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{kind}-{}>\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        uri.len(),
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

fn http(status: &str, headers: &str, payload: &[u8]) -> Vec<u8> {
    let mut b = format!("HTTP/1.1 {status}\r\n{headers}\r\n").into_bytes();
    b.extend_from_slice(payload);
    b
}

fn response(uri: &str, block: &[u8]) -> Vec<u8> {
    warc_record("response", uri, "application/http; msgtype=response", block)
}

fn chunked(payload: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in payload.chunks(100) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}

/// A page in windows-1252 bytes, its charset named only in the HTTP header or its `<meta>`.
fn latin1_page(meta: bool) -> Vec<u8> {
    let charset = if meta {
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">"
    } else {
        ""
    };
    let html = format!(
        "<html><head>{charset}<title>Caf\u{e9} closes</title></head><body><article>{}\
         <p>The caf\u{e9}\u{2019}s owner said the cr\u{e8}me br\u{fb}l\u{e9}e would be missed \
         more than anything else on the menu.</p></article></body></html>",
        prose("caf\u{e9}")
    );
    let (bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(&html);
    assert!(!bad);
    bytes.into_owned()
}

fn zip_file(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    for (name, bytes) in members {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn tar_file(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    for (name, bytes) in members {
        let mut h = tar::Header::new_gnu();
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        tar.append_data(&mut h, name, *bytes).unwrap();
    }
    tar.into_inner().unwrap()
}

/// `read --json` on `path`: the articles, and the run.
fn read(env: &TestEnv, path: &str) -> (Vec<Value>, Run) {
    let r = env.run(["read", "--json", path]);
    (r.json_lines(), r)
}

fn field<'a>(articles: &'a [Value], key: &str) -> Vec<&'a str> {
    articles
        .iter()
        .map(|a| a[key].as_str().unwrap_or(""))
        .collect()
}

#[test]
fn every_format_reads_to_articles_with_their_paths() {
    let html = page("Bridge closes", "2024-03-05T09:00:00Z");
    let one_page = [("in/page.html", html.as_bytes().to_vec())];
    let warc = response(
        "http://example.com/b",
        &http("200 OK", "Content-Type: text/html\r\n", html.as_bytes()),
    );
    for (files, want) in [
        (
            vec![("in/a.json", br#"{"title": "J", "body": "B."}"#.to_vec())],
            vec![("in/a.json", "J")],
        ),
        (
            vec![("in/a.jsonl", jsonl(&["L1", "L2"]).into_bytes())],
            vec![("in/a.jsonl:1", "L1"), ("in/a.jsonl:2", "L2")],
        ),
        (
            vec![("in/a.txt", b"Plain Title\nPlain body.".to_vec())],
            vec![("in/a.txt", "Plain Title")],
        ),
        (one_page.to_vec(), vec![("in/page.html", "Bridge closes")]),
        (
            vec![("in/page.htm.gz", gzip(html.as_bytes()))],
            vec![("in/page.htm.gz", "Bridge closes")],
        ),
        (
            vec![("in/c.warc", warc.clone())],
            vec![("in/c.warc!http://example.com/b", "Bridge closes")],
        ),
        (
            vec![("in/c.warc.gz", gzip(&warc))],
            vec![("in/c.warc.gz!http://example.com/b", "Bridge closes")],
        ),
        (
            vec![(
                "in/x.zip",
                zip_file(&[
                    ("2019/03/a.html", html.as_bytes()),
                    ("b.jsonl", jsonl(&["Z"]).as_bytes()),
                ]),
            )],
            vec![
                ("in/x.zip!2019/03/a.html", "Bridge closes"),
                ("in/x.zip!b.jsonl:1", "Z"),
            ],
        ),
        (
            vec![("in/x.tar", tar_file(&[("a.txt", b"Tar Title\nBody.")]))],
            vec![("in/x.tar!a.txt", "Tar Title")],
        ),
        (
            vec![(
                "in/x.tgz",
                gzip(&tar_file(&[(
                    "d/a.json",
                    br#"{"title": "G", "body": "B."}"#,
                )])),
            )],
            vec![("in/x.tgz!d/a.json", "G")],
        ),
    ] {
        let env = TestEnv::empty();
        for (name, bytes) in &files {
            env.write(name, bytes);
        }
        let (articles, r) = read(&env, "in");
        assert_eq!(r.code, 0, "{}", r.stderr);
        let got: Vec<(&str, &str)> = field(&articles, "path")
            .into_iter()
            .zip(field(&articles, "title"))
            .collect();
        assert_eq!(
            got,
            want,
            "{:?}",
            files.iter().map(|f| f.0).collect::<Vec<_>>()
        );
    }
}

#[test]
fn a_page_reads_with_its_metadata_and_without_its_furniture() {
    let env = TestEnv::empty();
    env.write(
        "page.html",
        page("Bridge closes", "2024-03-05T09:00:00-05:00").as_bytes(),
    );
    let (articles, r) = read(&env, "page.html");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let a = &articles[0];
    assert_eq!(a["date"], "2024-03-05T09:00:00-05:00");
    let body = a["body"].as_str().unwrap();
    assert_eq!(body.split("\n\n").count(), 3, "{body}");
    assert!(
        !body.contains("Home") && !body.contains("newsletter"),
        "{body}"
    );

    // Human output: one short line an article.
    let r = env.run(["read", "page.html"]);
    assert_eq!(r.stdout.lines().count(), 1);
    assert!(
        r.stdout.contains("2024-03-05  Bridge closes"),
        "{}",
        r.stdout
    );
}

#[test]
fn charsets_are_decoded_from_the_page_and_the_http_header() {
    let env = TestEnv::empty();
    env.write("in/latin.html", &latin1_page(true));
    let block = http(
        "200 OK",
        "Content-Type: text/html; charset=ISO-8859-1\r\n",
        &latin1_page(false),
    );
    env.write(
        "in/latin.warc",
        &response("http://example.com/cafe", &block),
    );
    let (articles, r) = read(&env, "in");
    assert_eq!((r.code, articles.len()), (0, 2), "{}", r.stderr);
    for a in &articles {
        assert_eq!(a["title"], "Café closes");
        assert!(
            a["body"]
                .as_str()
                .unwrap()
                .contains("café’s owner said the crème brûlée"),
            "{a}"
        );
    }
}

#[test]
fn warc_pages_are_read_and_everything_else_is_counted_in_one_line() {
    let env = TestEnv::empty();
    let html = page("Bridge closes", "2024-03-05T09:00:00Z");
    let undated = html.replace("article:published_time", "x-none");
    let mut warc = Vec::new();
    for record in [
        warc_record("warcinfo", "", "application/warc-fields", b"software: test\r\n"),
        warc_record("request", "http://example.com/a", "application/http; msgtype=request", b"GET /a HTTP/1.1\r\n\r\n"),
        response(
            "http://example.com/a",
            &http("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", &chunked(&gzip(html.as_bytes()))),
        ),
        warc_record("metadata", "http://example.com/a", "application/warc-fields", b"fetchTimeMs: 1\r\n"),
        warc_record("revisit", "http://example.com/a", "application/http; msgtype=response", b"HTTP/1.1 200 OK\r\n\r\n"),
        response("http://example.com/gone", &http("404 Not Found", "Content-Type: text/html\r\n", b"<p>Not here</p>")),
        response("http://example.com/logo.png", &http("200 OK", "Content-Type: image/png\r\n", b"\x89PNG")),
        response("http://example.com/nav", &http("200 OK", "Content-Type: text/html\r\n", b"<nav><a href=/>Home</a></nav>")),
        response("http://example.com/undated", &http("200 OK", "Content-Type: text/html\r\n", undated.as_bytes())),
    ] {
        // One gzip member a record, as crawlers write them.
        warc.extend_from_slice(&gzip(&record));
    }
    env.write("crawl.warc.gz", &warc);
    let (articles, r) = read(&env, "crawl.warc.gz");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        field(&articles, "id"),
        ["http://example.com/a", "http://example.com/undated"]
    );
    assert_eq!(articles[0]["date"], "2024-03-05T09:00:00Z");
    assert_eq!(
        articles[1]["date"], "2021-06-01T12:00:00Z",
        "the record's date where the page has none"
    );
    assert!(articles[0]["body"]
        .as_str()
        .unwrap()
        .starts_with("The council voted"));
    let warnings: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(warnings.len(), 1, "{}", r.stderr);
    for part in [
        "passed over 7 of 9 records",
        "1 HTTP 404 responses",
        "1 metadata",
        "1 non-HTML responses",
        "1 pages without article text",
        "1 request",
        "1 revisit",
        "1 warcinfo",
    ] {
        assert!(warnings[0].contains(part), "no {part:?} in {}", warnings[0]);
    }
}

#[test]
fn a_truncated_record_is_a_warning_not_a_lost_file() {
    let env = TestEnv::empty();
    let html = page("Bridge closes", "2024-03-05T09:00:00Z");
    let whole = response(
        "http://example.com/a",
        &http("200 OK", "Content-Type: text/html\r\n", html.as_bytes()),
    );
    let cut = response(
        "http://example.com/b",
        &http("200 OK", "Content-Type: text/html\r\n", html.as_bytes()),
    );
    let cut = &cut[..cut.len() - 200];
    let mut warc = gzip(&whole);
    // The last gzip member is cut short too: no trailer, no end.
    let member = gzip(cut);
    warc.extend_from_slice(&member[..member.len() - 30]);
    env.write("cut.warc.gz", &warc);
    let (articles, r) = read(&env, "cut.warc.gz");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        field(&articles, "id"),
        ["http://example.com/a", "http://example.com/b"]
    );
    assert!(
        r.stderr
            .contains("cut.warc.gz!http://example.com/b: record truncated"),
        "{}",
        r.stderr
    );
}

#[test]
fn archive_members_are_named_and_nested_archives_said_to_be_unread() {
    let env = TestEnv::empty();
    let html = page("Bridge closes", "2024-03-05T09:00:00Z");
    let inner = zip_file(&[("x.json", br#"{"body": "B."}"#)]);
    env.write(
        "exports.zip",
        &zip_file(&[
            ("2019/03/a.html", html.as_bytes()),
            ("2019/03/README.md", b"Notes, not an article."),
            ("bad.jsonl", b"{\"body\": \"fine\"}\n{broken\n"),
            ("inner.zip", &inner),
            ("image.png", b"\x89PNG"),
        ]),
    );
    let (articles, r) = read(&env, "exports.zip");
    assert_eq!(r.code, 3, "a skipped line: {}", r.stderr);
    assert_eq!(
        field(&articles, "path"),
        ["exports.zip!2019/03/a.html", "exports.zip!bad.jsonl:1"]
    );
    assert!(
        r.stderr.contains("exports.zip!bad.jsonl:2: malformed JSON"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr
            .contains("exports.zip!inner.zip: an archive inside an archive is not read"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_archive_file_is_one_incremental_unit() {
    let env = TestEnv::empty();
    let index = || {
        let r = env.run(["index", "--json", "--quiet", "corpus"]);
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str::<Value>(r.stdout.trim()).unwrap()
    };
    let articles = || {
        let r = env.run(["stats", "--json"]);
        serde_json::from_str::<Value>(r.stdout.trim()).unwrap()["articles"].clone()
    };
    let html = page("Bridge closes", "2024-03-05T09:00:00Z");
    env.write(
        "corpus/exports.zip",
        &zip_file(&[
            ("a.html", html.as_bytes()),
            ("b.jsonl", jsonl(&["One", "Two"]).as_bytes()),
        ]),
    );
    assert_eq!(index()["indexed"], 3);
    let again = index();
    assert_eq!(
        (again["indexed"].as_u64(), again["unchanged_files"].as_u64()),
        (Some(0), Some(1))
    );

    // One member changed and one gone: the whole archive is read again, its old articles go.
    std::thread::sleep(std::time::Duration::from_millis(20));
    env.write(
        "corpus/exports.zip",
        &zip_file(&[("b.jsonl", jsonl(&["One", "Three"]).as_bytes())]),
    );
    let changed = index();
    assert_eq!(changed["indexed"], 2);
    assert_eq!(articles(), 2);
    let r = env.run(["search", "Three", "--json"]);
    assert_eq!(r.of_type("hit").len(), 1, "{}", r.stdout);
    let r = env.run(["search", "bridge", "--json"]);
    assert_eq!(r.of_type("hit").len(), 0, "{}", r.stdout);
}

#[test]
fn standard_input_is_json_lines() {
    let env = TestEnv::empty();
    let lines = jsonl(&["First", "Second"]);
    let r = env.run_with_stdin(&["read", "--json", "-"], lines.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let articles = r.json_lines();
    assert_eq!(field(&articles, "path"), ["-:1", "-:2"]);

    let r = env.run_with_stdin(&["read", "--json", "/dev/stdin"], &gzip(lines.as_bytes()));
    assert_eq!(
        (r.code, r.json_lines().len()),
        (0, 2),
        "gzip sniffed: {}",
        r.stderr
    );

    let body = r#"{"id": "q", "body": "“We will rebuild,” said Mayor Ann Lee."}"#;
    let r = env.run_with_stdin(&["extract", "--json", "-"], body.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = r.json_lines();
    assert_eq!(out[0]["id"], "q");
    assert_eq!(out[0]["quotes"][0]["text"], "We will rebuild,");

    let r = env.run_with_stdin(&["read", "-"], b"{bad\n");
    assert_eq!(r.code, 3);
    assert!(r.stderr.contains("-:1: malformed JSON"), "{}", r.stderr);
}
