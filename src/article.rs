//! The article: what every input format is read into and what the rest of the pipeline works on.

use serde::Serialize;
use time::OffsetDateTime;

/// One news article as read from the archive, before enrichment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Article {
    /// Stable id: the article's own id, else its URL, else a hash of title and body.
    pub id: String,
    pub title: String,
    pub body: String,
    #[serde(with = "time::serde::rfc3339::option")]
    pub date: Option<OffsetDateTime>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub authors: Vec<String>,
    /// Where it came from: the file, with `:LINE` for line-based formats.
    pub origin: String,
}

impl Article {
    /// An article with only an id, a title and a body, as gold files and tests give them.
    pub fn from_text(id: &str, title: &str, body: &str) -> Self {
        Article {
            id: id.to_string(),
            title: title.to_string(),
            body: body.to_string(),
            date: None,
            source: None,
            url: None,
            authors: Vec::new(),
            origin: id.to_string(),
        }
    }

    /// The id for an article that carries none: its URL, else a hash of its title and body, so that
    /// indexing the same text twice replaces rather than duplicates it.
    pub fn derive_id(url: Option<&str>, title: &str, body: &str) -> String {
        if let Some(u) = url.filter(|u| !u.trim().is_empty()) {
            return u.trim().to_string();
        }
        let mut h = blake3::Hasher::new();
        h.update(title.as_bytes());
        h.update(b"\n");
        h.update(body.as_bytes());
        let hex = h.finalize().to_hex();
        format!("sha-{}", &hex[..16])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_prefers_url_then_hash() {
        assert_eq!(
            Article::derive_id(Some(" http://x/a "), "t", "b"),
            "http://x/a"
        );
        let a = Article::derive_id(None, "t", "b");
        assert_eq!(a, Article::derive_id(Some(""), "t", "b"));
        assert_ne!(a, Article::derive_id(None, "t", "c"));
        assert!(a.starts_with("sha-") && a.len() == 20);
    }
}
