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

#[cfg(test)]
mod tests {
    use super::*;

    const PROSE: &str = "<p>The council voted on Tuesday to close the old bridge, which has stood over \
        the river since 1898, after engineers found cracks in two of its piers.</p>\
        <p>Residents said the closure would add twenty minutes to their commute, and the mayor, who \
        spoke after the vote, promised a ferry service within a month.</p>\
        <p>Repairs are expected to cost more than the town's yearly budget for roads, according to \
        the report, which the council published in full.</p>";

    /// A page with `head` in its head and the article in the usual furniture.
    fn page(head: &str, article_top: &str) -> String {
        format!(
            "<!doctype html><html><head>{head}</head><body>\
             <nav><a href=/>Home</a> <a href=/news>News</a> <a href=/sport>Sport</a></nav>\
             <div class=\"ad-slot\">Advertisement: buy the best boots in town today</div>\
             <main><article>{article_top}<div class=article-body>{PROSE}\
             <aside class=related><h3>Related</h3><p>Another long story about a different bridge \
             somewhere else, told at length.</p></aside></div></article>\
             <section class=comments><p>This is outrageous and the council should resign at once, \
             all of them.</p></section></main>\
             <footer><p>Copyright the Gazette, all rights reserved, since the year 1850.</p></footer>\
             </body></html>"
        )
    }

    fn read(html: &str) -> Article {
        article_from_html(html, &PageHints::default(), "p.html".into()).expect("an article")
    }

    #[test]
    fn body_leaves_out_the_furniture() {
        let a = read(&page(
            "<title>Bridge closes</title>",
            "<h1>Bridge closes</h1>",
        ));
        let paragraphs: Vec<&str> = a.body.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 3, "{}", a.body);
        assert!(paragraphs[0].starts_with("The council voted"));
        for furniture in [
            "Home",
            "Advertisement",
            "Another long story",
            "outrageous",
            "Copyright",
        ] {
            assert!(!a.body.contains(furniture), "{furniture} in {}", a.body);
        }
    }

    #[test]
    fn metadata_from_each_source_in_turn() {
        let ld = r##"<script type="application/ld+json">{"@context": "https://schema.org",
            "@graph": [{"@type": "WebSite", "@id": "#site", "name": "Gazette"},
              {"@type": "Person", "@id": "#ann", "name": "Ann Lee"},
              {"@type": ["ReportageNewsArticle"], "headline": "Bridge closes &#8211; for good",
               "datePublished": "2024-03-05T09:00:00-05:00", "author": [{"@id": "#ann"}, {"@type": "Person", "name": "Bo Chan"}],
               "publisher": {"@type": "Organization", "name": "The Gazette"}}]}</script>
            <meta property="og:title" content="Not this title">"##;
        let og = r#"<meta property="og:title" content="Bridge closes | The Gazette">
            <meta property="og:site_name" content="The Gazette">
            <meta property="og:url" content="https://gazette.example/bridge">
            <meta property="article:published_time" content="2024-03-05T09:00:00Z">
            <meta name="author" content="By Ann Lee and Bo Chan">"#;
        let tags = r#"<title>Bridge closes - Gazette</title><meta name="dc.date" content="2024/03/05">
            <meta name="parsely-author" content="Ann Lee, Bo Chan"><link rel="canonical" href="https://gazette.example/bridge">"#;
        let page_only = "<title>Gazette</title>";
        let top = "<h1>Bridge closes</h1><time datetime=\"2024-03-05\">5 March</time>\
                   <span class=byline>By <a rel=author href=/ann>Ann Lee</a> and <a rel=author href=/bo>Bo Chan</a></span>";
        for (name, head, title, source, url) in [
            (
                "json-ld",
                ld,
                "Bridge closes – for good",
                Some("The Gazette"),
                None,
            ),
            (
                "opengraph",
                og,
                "Bridge closes",
                Some("The Gazette"),
                Some("https://gazette.example/bridge"),
            ),
            (
                "meta tags",
                tags,
                "Bridge closes",
                None,
                Some("https://gazette.example/bridge"),
            ),
            ("the page", page_only, "Bridge closes", None, None),
        ] {
            let a = read(&page(head, top));
            assert_eq!(a.title, title, "{name}");
            let d = a.date.unwrap_or_else(|| panic!("{name}: no date"));
            assert_eq!((d.year(), d.month() as u8, d.day()), (2024, 3, 5), "{name}");
            assert_eq!(a.authors, ["Ann Lee", "Bo Chan"], "{name}");
            assert_eq!(a.source.as_deref(), source, "{name}");
            assert_eq!(a.url.as_deref(), url, "{name}");
        }
    }

    #[test]
    fn the_tagged_title_the_page_shows_wins() {
        let head = r#"<script type="application/ld+json">{"@type": "NewsArticle",
            "headline": "Bridge shut after cracks found in piers"}</script>
            <meta property="og:title" content="Bridge closes">"#;
        assert_eq!(
            read(&page(head, "<h1>Bridge closes</h1>")).title,
            "Bridge closes"
        );
        let a = read(&page(head, "<h1>Something else</h1>"));
        assert_eq!(a.title, "Bridge shut after cracks found in piers");
    }

    #[test]
    fn hints_give_the_id_and_a_missing_date() {
        let date = OffsetDateTime::from_unix_timestamp(1_700_000_000).unwrap();
        let hints = PageHints {
            url: Some("http://example.com/a".into()),
            date: Some(date),
            charset: None,
        };
        let a =
            article_from_html(&page("", ""), &hints, "x.warc!http://example.com/a".into()).unwrap();
        assert_eq!(
            (a.id.as_str(), a.date),
            ("http://example.com/a", Some(date))
        );
        assert!(article_from_html("<html><nav>menu</nav></html>", &hints, "o".into()).is_none());
    }
}
