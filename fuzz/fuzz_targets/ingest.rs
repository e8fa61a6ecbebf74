//! Every input reader on arbitrary bytes: JSON, JSON Lines, text, HTML, WARC, zip and tar, each
//! plain and gzip, and the date parser. None may panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use newsdex::ingest::{parse_date, read_from, Compression, Container, Document, Kind};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let compression = if selector & 0x80 != 0 {
        Compression::Gzip
    } else {
        Compression::None
    };
    let kind = match selector % 7 {
        0 => Kind::document(compression, Document::Json),
        1 => Kind::document(compression, Document::JsonLines),
        2 => Kind::document(compression, Document::Text),
        3 => Kind::document(compression, Document::Html),
        4 => Kind::container(compression, Container::Warc),
        5 => Kind::container(compression, Container::Tar),
        _ => Kind::container(Compression::None, Container::Zip),
    };
    read_from(bytes, Path::new("fuzz.input"), kind, 1 << 20, &mut |_| {});
    if let Ok(s) = std::str::from_utf8(bytes) {
        let _ = parse_date(s);
    }
});
