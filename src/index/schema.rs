//! The tantivy schema: one document per article, one per quote, one record per file read, and
//! a marker for each copy of an article that another file's copy outranks.

use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
    STORED, STRING,
};

/// The analyzer of `title` and `body`: lower case, accents folded, English stems.
pub const TOKENIZER: &str = "newsdex";

/// What a document is, in its `kind` field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    Article,
    Quote,
    /// A record of an indexed file, for recognising it unchanged next time.
    File,
    /// A copy of an article in a file, kept out because a copy elsewhere outranks it: when that
    /// copy goes, this file is read again.
    Shadow,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Article => "article",
            DocKind::Quote => "quote",
            DocKind::File => "file",
            DocKind::Shadow => "shadow",
        }
    }
}

/// The schema's fields, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub kind: Field,
    /// The article's id; a quote carries its article's id, so one delete removes both.
    pub id: Field,
    pub title: Field,
    /// The article's body.
    pub body: Field,
    pub date: Field,
    pub source: Field,
    pub origin: Field,
    pub url: Field,
    /// The article's authors as given and as its credit lines name them, stored for display.
    pub authors: Field,
    /// `/person/..`, `/place/..`, `/org/..`, `/speaker/..`, `/author/..` and the registry's
    /// `/link/..` evidence on articles; `/speaker/..` on quotes.
    pub facets: Field,
    /// A quote's speaker as printed: the canonical name, or the words of an unnamed source.
    pub speaker: Field,
    /// `direct`, `partial` or `indirect`, searchable.
    pub quote_kind: Field,
    /// A quote's article title, stored only: searching quotes searches their words.
    pub quote_title: Field,
    /// A quote's words, in a field of their own: a word search over articles reads no quote's
    /// postings (a common word is in more quotes than articles), and the articles' term
    /// statistics are the articles' own.
    pub quote_text: Field,
    /// A number for the article's id, on the article and its quotes: quotes are filtered by
    /// the entities of their article through it.
    pub article_key: Field,
    /// The file an article came from; its records and shadows carry it too, so one delete
    /// forgets a file and everything read from it.
    pub file: Field,
    /// Where in its file an article was (the n-th article read from it): of two copies of one
    /// id the one of the greater (file, rank) is the article, whatever order they came in.
    pub rank: Field,
    /// The article's mentions, quotes and authors with their spans, as JSON.
    pub enrichment: Field,
    /// The id of a shadowed copy.
    pub shadow_id: Field,
    /// A shadowed copy itself, as an enriched record (JSON): it becomes the article again when
    /// the copy that outranks it goes, even if its file can no longer be read.
    pub copy: Field,
    /// The path on a file record (kept apart from `file` so a record can be updated alone).
    pub file_record: Field,
    /// A file record's size, modification time (ns since the epoch) and content hash.
    pub file_size: Field,
    pub file_mtime: Field,
    pub file_hash: Field,
}

pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let fields = Fields {
        kind: b.add_text_field("kind", STRING | STORED),
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text.clone()),
        date: b.add_date_field("date", INDEXED | STORED | FAST),
        source: b.add_text_field("source", STRING | STORED),
        origin: b.add_text_field("origin", STORED),
        url: b.add_text_field("url", STORED),
        authors: b.add_text_field("authors", STORED),
        facets: b.add_facet_field("facets", FacetOptions::default()),
        speaker: b.add_text_field("speaker", STORED),
        quote_kind: b.add_text_field("quote_kind", STRING | STORED),
        quote_title: b.add_text_field("quote_title", STORED),
        quote_text: b.add_text_field("quote_text", text),
        article_key: b.add_u64_field("article_key", INDEXED | FAST),
        file: b.add_text_field("file", STRING | STORED),
        rank: b.add_u64_field("rank", STORED),
        enrichment: b.add_text_field("enrichment", STORED),
        shadow_id: b.add_text_field("shadow_id", STRING),
        copy: b.add_text_field("copy", STORED),
        file_record: b.add_text_field("file_record", STRING),
        file_size: b.add_u64_field("file_size", STORED),
        file_mtime: b.add_i64_field("file_mtime", STORED),
        file_hash: b.add_text_field("file_hash", STORED),
    };
    (b.build(), fields)
}
