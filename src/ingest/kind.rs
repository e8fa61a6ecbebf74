//! What a file is, told from its name in three layers: a compression around a container
//! (zip, tar, WARC) or a document (JSON, JSON Lines, text, HTML), so each reader handles one layer.

/// A compression around the whole file (a WARC file's per-record gzip members included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    None,
    Gzip,
}

/// A file that holds one article, or one article an object or line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// One article object, or an array of them.
    Json,
    /// One article object a line (`.jsonl`, `.ndjson`), streamed.
    JsonLines,
    /// Plain text or Markdown: one article a file.
    Text,
    /// A saved web page: one article a page.
    Html,
}

/// A file that holds other files or records, each read as a document of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Zip,
    Tar,
    /// A web archive: each HTML `response` record is a page.
    Warc,
}

/// The innermost layer of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Document(Document),
    Container(Container),
}

/// The layers of a file, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kind {
    pub compression: Compression,
    pub layout: Layout,
}

/// A folder's notes, which are not articles even where their extension says text.
const NOTES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "attribution",
    "changelog",
    "contributing",
    "copying",
    "notice",
    "authors",
];

impl Kind {
    /// The layers of a file named `name` (a path or an archive member's path), or `None` for
    /// files that are not articles: other extensions, hidden files, and a folder's notes.
    pub fn of(name: &str) -> Option<Kind> {
        let name = name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(name)
            .to_ascii_lowercase();
        let stem = name.split('.').next().unwrap_or_default();
        if name.starts_with('.') || NOTES.contains(&stem) {
            return None;
        }
        if name.ends_with(".tgz") {
            return Some(Kind::container(Compression::Gzip, Container::Tar));
        }
        let (name, compression) = match name.strip_suffix(".gz") {
            Some(n) => (n, Compression::Gzip),
            None => (name.as_str(), Compression::None),
        };
        let layout = match name.rsplit_once('.')?.1 {
            "json" => Layout::Document(Document::Json),
            "jsonl" | "ndjson" => Layout::Document(Document::JsonLines),
            "txt" | "md" | "markdown" => Layout::Document(Document::Text),
            "html" | "htm" | "xhtml" => Layout::Document(Document::Html),
            "warc" => Layout::Container(Container::Warc),
            "tar" => Layout::Container(Container::Tar),
            "zip" if compression == Compression::None => Layout::Container(Container::Zip),
            _ => return None,
        };
        Some(Kind {
            compression,
            layout,
        })
    }

    /// JSON Lines, as standard input is read.
    pub fn json_lines() -> Kind {
        Kind::document(Compression::None, Document::JsonLines)
    }

    pub fn document(compression: Compression, doc: Document) -> Kind {
        Kind {
            compression,
            layout: Layout::Document(doc),
        }
    }

    pub fn container(compression: Compression, c: Container) -> Kind {
        Kind {
            compression,
            layout: Layout::Container(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_to_layers() {
        use Compression::*;
        let doc = Kind::document;
        let box_ = Kind::container;
        for (name, want) in [
            ("a.json", Some(doc(None, Document::Json))),
            ("dir/A.JSONL", Some(doc(None, Document::JsonLines))),
            ("a.ndjson.gz", Some(doc(Gzip, Document::JsonLines))),
            ("story.md", Some(doc(None, Document::Text))),
            ("page.htm", Some(doc(None, Document::Html))),
            ("page.html.gz", Some(doc(Gzip, Document::Html))),
            ("crawl.warc", Some(box_(None, Container::Warc))),
            ("CC-NEWS-1.warc.gz", Some(box_(Gzip, Container::Warc))),
            ("exports.zip", Some(box_(None, Container::Zip))),
            ("x.tar", Some(box_(None, Container::Tar))),
            ("x.tar.gz", Some(box_(Gzip, Container::Tar))),
            ("x.tgz", Some(box_(Gzip, Container::Tar))),
            ("x.zip.gz", Option::None),
            ("README.md", Option::None),
            ("zip/LICENSE.txt", Option::None),
            (".hidden.json", Option::None),
            ("image.png", Option::None),
            ("noext", Option::None),
        ] {
            assert_eq!(Kind::of(name), want, "{name}");
        }
    }
}
