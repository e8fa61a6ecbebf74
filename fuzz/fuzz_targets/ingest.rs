//! Every input parser on arbitrary bytes: JSON, JSON Lines, text, each plain and gzip, and
//! the date parser. None may panic.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use newsdex::ingest::{parse_date, read_from, Format};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let format = match selector % 3 {
        0 => Format::Json,
        1 => Format::JsonLines,
        _ => Format::Text,
    };
    let gzip = selector & 0x80 != 0;
    read_from(bytes, Path::new("fuzz.input"), format, gzip, 1 << 20, &mut |_| {});
    if let Ok(s) = std::str::from_utf8(bytes) {
        let _ = parse_date(s);
    }
});
