//! Saved web pages: one article a page, its text without the page's furniture ([`body`]) and its
//! title, date, authors, publisher and canonical URL from the page's metadata ([`meta`]).

mod body;
mod meta;
mod text;

use encoding_rs::Encoding;
use time::OffsetDateTime;

use crate::article::Article;

/// What is known of a page from outside it, as a WARC record says.
#[derive(Debug, Clone, Default)]
pub struct PageHints {
    /// The URL the page was fetched from: the article's id.
    pub url: Option<String>,
    /// When it was fetched: the article's date where the page gives none.
    pub date: Option<OffsetDateTime>,
    /// The HTTP header's charset.
    pub charset: Option<&'static Encoding>,
}

/// The article in a page, or `None` where the page has no article text.
pub fn article_from_html(html: &str, hints: &PageHints, origin: String) -> Option<Article> {
    let doc = scraper::Html::parse_document(html);
    let meta = meta::read(&doc);
    let body = body::extract(&doc, meta.title.as_deref(), meta.description.as_deref());
    if body.trim().is_empty() {
        return None;
    }
    let title = meta.title.unwrap_or_default();
    let url = meta.url.or_else(|| hints.url.clone());
    let id = match &hints.url {
        Some(u) => u.clone(),
        None => Article::derive_id(url.as_deref(), &title, &body),
    };
    Some(Article {
        id,
        title,
        body,
        date: meta.date.or(hints.date),
        source: meta.publisher,
        url,
        authors: meta.authors,
        origin,
    })
}
