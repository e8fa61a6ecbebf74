//! Archive files: the members of a zip or tar (or tar.gz) file, each read in place as a document
//! of its own and named `archive!member`. Archives inside archives are not read (a warning says so).

use std::io::{Read, Seek};

use super::document::{read_document, Context};
use super::{Compression, Document, Item, Kind, Layout, Skip, SkipReason};

/// Reads a zip file's members through its central directory, without unpacking it anywhere.
pub fn read_zip(raw: impl Read + Seek, shown: &str, max_size: u64, emit: &mut dyn FnMut(Item)) {
    let mut zip = match zip::ZipArchive::new(raw) {
        Ok(z) => z,
        Err(e) => {
            return emit(Item::Skip(Skip {
                origin: shown.to_string(),
                reason: SkipReason::Unreadable(e.to_string()),
            }))
        }
    };
    for i in 0..zip.len() {
        match zip.by_index(i) {
            Ok(entry) if entry.is_file() => {
                let name = entry.name().map_or_else(
                    |_| String::from_utf8_lossy(entry.name_raw()).into_owned(),
                    |n| n.into_owned(),
                );
                let size = entry.size();
                read_member(entry, &name, size, shown, max_size, emit);
            }
            Ok(_) => {}
            Err(e) => emit(Item::Skip(Skip {
                origin: format!("{shown}!#{i}"),
                reason: SkipReason::Unreadable(e.to_string()),
            })),
        }
    }
}

/// Streams a tar file's members in order; a damaged tar file is read up to the damage.
pub fn read_tar(raw: impl Read, shown: &str, max_size: u64, emit: &mut dyn FnMut(Item)) {
    let mut tar = tar::Archive::new(raw);
    let unreadable = |e: std::io::Error| {
        Item::Skip(Skip {
            origin: shown.to_string(),
            reason: SkipReason::Unreadable(e.to_string()),
        })
    };
    let entries = match tar.entries() {
        Ok(e) => e,
        Err(e) => return emit(unreadable(e)),
    };
    for entry in entries {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => return emit(unreadable(e)),
        };
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let name = entry.path().map_or_else(
            |_| String::from_utf8_lossy(&entry.path_bytes()).into_owned(),
            |p| p.to_string_lossy().into_owned(),
        );
        let name = name.trim_start_matches("./").to_string();
        let size = entry.size();
        read_member(entry, &name, size, shown, max_size, emit);
    }
}

/// One member: passed over silently where its name is no article kind, like a file in a folder.
fn read_member(
    reader: impl Read,
    name: &str,
    size: u64,
    archive: &str,
    max_size: u64,
    emit: &mut dyn FnMut(Item),
) {
    let Some(kind) = Kind::of(name) else { return };
    let shown = format!("{archive}!{name}");
    let doc = match kind.layout {
        Layout::Document(doc) => doc,
        Layout::Container(_) => {
            return emit(Item::Warning(format!(
                "{shown}: an archive inside an archive is not read"
            )))
        }
    };
    if size > max_size && kind.compression == Compression::None && doc != Document::JsonLines {
        return emit(Item::Skip(Skip {
            origin: shown,
            reason: SkipReason::TooLarge(max_size),
        }));
    }
    let reader: Box<dyn Read + '_> = match kind.compression {
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(reader)),
        Compression::None => Box::new(reader),
    };
    let ctx = Context::new(shown, name);
    read_document(doc, reader, &ctx, max_size, emit);
}
