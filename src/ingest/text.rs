//! Plain-text and Markdown articles: one file, one article, the title on a first line of its own.

use std::path::Path;

use crate::article::Article;

/// Longest first line that can still be a title rather than a paragraph.
const MAX_TITLE_CHARS: usize = 150;

/// Splits a text file into title and body: a short first line without final punctuation, followed
/// by more text, is the title (a Markdown `#` heading included); otherwise the file name is.
pub fn article_from_text(path: &Path, text: &str, origin: String) -> Option<Article> {
    let text = text.trim_start_matches('\u{feff}');
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let first_trim = first.trim().trim_start_matches('#').trim();
    let is_title = !first_trim.is_empty()
        && first_trim.chars().count() <= MAX_TITLE_CHARS
        && !first_trim.ends_with([
            '.', '!', '?', ',', ';', ':', '"', '”', '’', '\'', '»', ')', '…',
        ])
        && !rest.trim().is_empty();
    let (title, body) = if is_title {
        (first_trim.to_string(), rest.trim())
    } else {
        let stem = path.file_stem().unwrap_or_default().to_string_lossy();
        // `x.txt.gz` has the stem `x.txt`.
        let stem = stem.split('.').next().unwrap_or_default().to_string();
        (stem, text.trim())
    };
    if body.is_empty() {
        return None;
    }
    Some(Article {
        id: Article::derive_id(None, &title, body),
        title,
        body: body.to_string(),
        date: None,
        source: None,
        url: None,
        authors: Vec::new(),
        origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_rule() {
        let p = Path::new("dir/my-story.txt.gz");
        for (text, title, body) in [
            ("Big News Today\n\nThe body.", "Big News Today", "The body."),
            ("# Heading\nText", "Heading", "Text"),
            ("A sentence.\nMore.", "my-story", "A sentence.\nMore."),
            ("Only one line", "my-story", "Only one line"),
            ("\u{feff}Short title\r\nBody.", "Short title", "Body."),
        ] {
            let a = article_from_text(p, text, "o".into()).unwrap();
            assert_eq!(
                (a.title.as_str(), a.body.as_str()),
                (title, body),
                "{text:?}"
            );
        }
        let lone = article_from_text(p, "Title\n  \n", "o".into()).unwrap();
        assert_eq!(
            (lone.title.as_str(), lone.body.as_str()),
            ("my-story", "Title")
        );
        assert!(article_from_text(p, "  \n", "o".into()).is_none());
    }
}
