//! Reading speed of the web formats, one core: saved pages to articles, and the same pages as a
//! WARC file (plain, and gzip per record as crawls ship them) streamed through the reader.
//! `cargo bench --bench ingest`; medians of several passes, one process. The pages are the
//! shared measuring pages (`../shared/data/html/html/*.html.gz`) where they are, else pages made
//! here.

use std::io::{Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use newsdex::ingest::{self, Compression, Container, Item, Kind, PageHints};

fn pages() -> (Vec<String>, &'static str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/html/html");
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dir) {
        let mut paths: Vec<_> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        for p in paths {
            let mut s = String::new();
            let f = std::fs::File::open(&p).expect("page");
            if flate2::read::GzDecoder::new(f)
                .read_to_string(&mut s)
                .is_ok()
            {
                out.push(s);
            }
        }
    }
    if !out.is_empty() {
        return (out, "../shared/data/html pages");
    }
    let paragraph = "<p>The council voted on Tuesday to close the old bridge, which has stood \
        over the river since 1898, after engineers found cracks in two of its piers.</p>";
    let furniture = "<li><a href=/x>A link to another story on the site</a></li>";
    for i in 0..200 {
        out.push(format!(
            "<html><head><title>Story {i}</title><meta property=\"og:title\" content=\"Story {i}\">\
             </head><body><nav><ul>{}</ul></nav><article>{}</article><footer>{}</footer></body></html>",
            furniture.repeat(80),
            paragraph.repeat(40),
            furniture.repeat(40)
        ));
    }
    (out, "generated pages")
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            f();
            s.elapsed()
        })
        .collect();
    t.sort();
    t[runs / 2]
}

fn warc(pages: &[String], gzip_each: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, html) in pages.iter().enumerate() {
        let uri = format!("http://example.com/{i}");
        let request = format!("GET /{i} HTTP/1.1\r\nHost: example.com\r\n\r\n");
        let response =
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}");
        for (kind, block) in [("request", request), ("response", response)] {
            let record = format!(
                "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n\
                 Content-Type: application/http; msgtype={kind}\r\nContent-Length: {}\r\n\r\n{block}\r\n\r\n",
                block.len()
            );
            if gzip_each {
                let mut gz =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
                gz.write_all(record.as_bytes()).expect("gzip");
                out.extend_from_slice(&gz.finish().expect("gzip"));
            } else {
                out.extend_from_slice(record.as_bytes());
            }
        }
    }
    out
}

fn main() {
    let (pages, from) = pages();
    let bytes: usize = pages.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    println!(
        "{} {from}, {mb:.1} MB of HTML a pass; median of 5 passes\n",
        pages.len()
    );

    let hints = PageHints::default();
    let mut articles = 0;
    let html = median(5, || {
        articles = 0;
        for p in &pages {
            articles += usize::from(ingest::article_from_html(p, &hints, String::new()).is_some());
        }
    });
    println!(
        "pages to articles        {:>7.1} MB/s of HTML  {:>7.2} ms/page  ({articles} articles)",
        mb / html.as_secs_f64(),
        html.as_secs_f64() * 1e3 / pages.len() as f64
    );

    for (name, gzip_each, compression) in [
        ("WARC, plain            ", false, Compression::None),
        ("WARC, gzip per record  ", true, Compression::Gzip),
    ] {
        let file = warc(&pages, gzip_each);
        let kind = Kind::container(compression, Container::Warc);
        let mut n = 0;
        let t = median(5, || {
            n = 0;
            ingest::read_from(
                &file[..],
                Path::new("bench.warc"),
                kind,
                64 << 20,
                &mut |i| {
                    n += usize::from(matches!(i, Item::Article(_)));
                },
            );
        });
        println!(
            "{name}  {:>7.1} MB/s of HTML  ({:.1} MB file, {n} articles)",
            mb / t.as_secs_f64(),
            file.len() as f64 / 1e6
        );
    }
}
