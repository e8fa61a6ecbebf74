//! The article's text in a page: the page cut into blocks (paragraphs, headings, list items), the
//! element that holds most of the prose found by a readability-style score, and the blocks inside
//! it kept unless they are mostly links. Navigation, ads, related links, comments, captions and
//! forms are left out by their tags, roles and class names before anything is scored.

use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use super::text::clean;

/// What a block's element is, which decides how it counts and whether it is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// A paragraph, or text straight inside a `<div>` or the like.
    Prose,
    Heading,
    /// The page's `<h1>`: the title, printed apart from the text.
    Headline,
    /// A list item, a definition, a table cell.
    Item,
}

/// A run of text between block boundaries, and the element that holds it.
#[derive(Debug)]
struct Block {
    text: String,
    /// Letters and digits in the block, and those inside links.
    chars: usize,
    link_chars: usize,
    owner: NodeId,
    role: Role,
}

impl Block {
    fn link_density(&self) -> f32 {
        self.link_chars as f32 / self.chars.max(1) as f32
    }
}

/// Elements never part of an article's text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "math",
    "canvas",
    "iframe",
    "object",
    "embed",
    "video",
    "audio",
    "picture",
    "img",
    "map",
    "button",
    "select",
    "option",
    "input",
    "textarea",
    "label",
    "nav",
    "aside",
    "footer",
    "figure",
    "figcaption",
    "dialog",
    "head",
    "form",
];

/// Elements that end a block of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "blockquote",
    "body",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "caption",
    "legend",
];

/// ARIA roles of page furniture.
const SKIPPED_ROLES: &[&str] = &[
    "navigation",
    "complementary",
    "banner",
    "contentinfo",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
    "search",
    "toolbar",
];

/// Class or id words that mark furniture wherever they appear.
const FURNITURE: &[&str] = &[
    "comment",
    "related",
    "share",
    "sharing",
    "social",
    "newsletter",
    "promo",
    "advert",
    "outbrain",
    "taboola",
    "recommend",
    "sidebar",
    "breadcrumb",
    "cookie",
    "consent",
    "popup",
    "modal",
    "subscri",
    "signup",
    "sign-up",
    "trending",
    "most-read",
    "mostread",
    "popular",
    "disqus",
    "skip-link",
    "toolbar",
    "read-more",
    "readmore",
    "more-stories",
    "next-article",
];

/// Class or id words that mark furniture unless the same name also says it is the article's.
const MAYBE_FURNITURE: &[&str] = &[
    "header",
    "footer",
    "menu",
    "nav",
    "banner",
    "masthead",
    "widget",
    "pagination",
    "pager",
    "tags",
    "caption",
    "credit",
    "byline",
    "author",
    "meta",
    "sponsor",
    "hidden",
    "extra",
    "supplemental",
    "combx",
    "community",
    "remark",
    "shoutbox",
    "skyscraper",
    "agegate",
    "print",
    "tools",
    "overlay",
    "teaser",
];

/// Class or id words of an article's own containers.
const ARTICLE_WORDS: &[&str] = &[
    "article", "body", "content", "main", "story", "text", "entry", "post", "column", "prose",
];

/// Shortest text taken as the article without a second look: shorter, and the page is read
/// again without the class and id rules (a page may put its article in a "sidebar-grid").
const ENOUGH_CHARS: usize = 500;

/// The article text of a page, paragraphs separated by blank lines; empty where none is found.
pub fn extract(doc: &Html, title: Option<&str>, teaser: Option<&str>) -> String {
    let strict = article_text(doc, title, teaser, true);
    if strict.len() >= ENOUGH_CHARS {
        return strict;
    }
    // Without the names a short article gains its furniture too: the second look wins only
    // where the first found next to nothing.
    let loose = article_text(doc, title, teaser, false);
    if loose.len() > 2 * strict.len() {
        loose
    } else {
        strict
    }
}

fn article_text(doc: &Html, title: Option<&str>, teaser: Option<&str>, by_names: bool) -> String {
    let blocks = blocks(doc, by_names);
    let Some(top) = container(doc, &blocks) else {
        return String::new();
    };
    let title = title.map(str::to_lowercase);
    let mut out = String::new();
    let mut inside = false;
    for b in &blocks {
        let within = is_within(doc, b.owner, top);
        // The teaser printed above the article (the page's description) is its first paragraph.
        let is_teaser =
            !inside && !within && teaser.is_some_and(|t| t.eq_ignore_ascii_case(&b.text));
        inside |= within;
        if !is_teaser && (!within || !keep(b, title.as_deref())) {
            continue;
        }
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&b.text);
    }
    out
}

/// Whether a block inside the article's container is part of its text.
fn keep(b: &Block, title: Option<&str>) -> bool {
    let ld = b.link_density();
    if title.is_some_and(|t| b.text.to_lowercase() == t) {
        return false;
    }
    match b.role {
        Role::Headline => false,
        Role::Heading => ld < 0.5,
        Role::Prose => (ld < 0.5 || (b.chars > 200 && ld < 0.7)) && !is_label(&b.text),
        Role::Item => ld < 0.3 && !is_label(&b.text),
    }
}

/// Fewest words a line of text needs to count as a sentence without ending like one.
const LABEL_WORDS: usize = 6;

/// A short line that is no sentence: "6 minute read", "Published May 7, 2025", "Trending".
/// Headings are kept apart from this by their tags.
fn is_label(text: &str) -> bool {
    let t = text.trim_end();
    let sentence_end = t.ends_with(['.', '!', '?', '"', '”', '’', ':', ')', '…']);
    !sentence_end && t.split_whitespace().count() < LABEL_WORDS
}

fn is_within(doc: &Html, node: NodeId, top: NodeId) -> bool {
    node == top
        || doc
            .tree
            .get(node)
            .is_some_and(|n| n.ancestors().take(MAX_LEVELS).any(|a| a.id() == top))
}

/// Cuts the page into blocks, leaving out the elements that are never article text (and, if
/// `by_names`, those whose class or id names say they are furniture).
fn blocks(doc: &Html, by_names: bool) -> Vec<Block> {
    enum Step<'a> {
        Enter(NodeRef<'a, Node>),
        Leave { block: bool, link: bool },
    }
    let mut out = Vec::new();
    let mut cur = Cur::default();
    // Block elements open around the current text: the innermost owns it.
    let mut owners: Vec<(NodeId, Role)> = vec![(doc.tree.root().id(), Role::Prose)];
    let mut stack = vec![Step::Enter(doc.tree.root())];
    let mut names = String::new();
    while let Some(step) = stack.pop() {
        match step {
            Step::Leave { block, link } => {
                if link {
                    cur.links -= 1;
                }
                if block {
                    cur.flush(&mut out, *owners.last().expect("root owner"));
                    owners.pop();
                }
            }
            Step::Enter(node) => match node.value() {
                Node::Text(t) => cur.push(t),
                Node::Element(el) => {
                    let name = el.name();
                    if name == "br" {
                        cur.text.push('\n');
                        continue;
                    }
                    if is_furniture(el, by_names, &mut names) {
                        continue;
                    }
                    let block = BLOCKS.contains(&name);
                    let link = name == "a";
                    if block {
                        cur.flush(&mut out, *owners.last().expect("root owner"));
                        owners.push((node.id(), role_of(name)));
                    }
                    if link {
                        cur.links += 1;
                    }
                    stack.push(Step::Leave { block, link });
                    let mut children: Vec<_> = node.children().collect();
                    children.reverse();
                    stack.extend(children.into_iter().map(Step::Enter));
                }
                Node::Document | Node::Fragment => {
                    let mut children: Vec<_> = node.children().collect();
                    children.reverse();
                    stack.extend(children.into_iter().map(Step::Enter));
                }
                _ => {}
            },
        }
    }
    cur.flush(&mut out, owners[0]);
    out
}

/// The block being gathered.
#[derive(Default)]
struct Cur {
    text: String,
    chars: usize,
    link_chars: usize,
    /// Links open around the current text.
    links: usize,
}

impl Cur {
    fn push(&mut self, t: &str) {
        let n = t.chars().filter(|c| c.is_alphanumeric()).count();
        self.chars += n;
        if self.links > 0 {
            self.link_chars += n;
        }
        self.text.push_str(t);
    }

    fn flush(&mut self, out: &mut Vec<Block>, (owner, role): (NodeId, Role)) {
        if self.chars > 0 {
            let text = self
                .text
                .split('\n')
                .map(clean)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            out.push(Block {
                text,
                chars: self.chars,
                link_chars: self.link_chars,
                owner,
                role,
            });
        }
        self.text.clear();
        self.chars = 0;
        self.link_chars = 0;
    }
}

fn role_of(name: &str) -> Role {
    match name {
        "h1" => Role::Headline,
        "h2" | "h3" | "h4" | "h5" | "h6" => Role::Heading,
        "li" | "dd" | "dt" | "td" | "th" => Role::Item,
        _ => Role::Prose,
    }
}

/// True for elements left out with all they hold: by tag, by being hidden, by ARIA role, or by a
/// class or id name that marks page furniture.
fn is_furniture(el: &Element, by_names: bool, buf: &mut String) -> bool {
    let name = el.name();
    if SKIPPED.contains(&name) {
        return true;
    }
    if matches!(name, "html" | "body" | "main") {
        return false;
    }
    if el.attr("hidden").is_some()
        || el.attr("aria-hidden") == Some("true")
        || el.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
    {
        return true;
    }
    if el.attr("role").is_some_and(|r| SKIPPED_ROLES.contains(&r)) {
        return true;
    }
    if !by_names {
        return false;
    }
    let (mut furniture, mut article) = (false, false);
    for attr in ["class", "id"] {
        let Some(v) = el.attr(attr) else { continue };
        buf.clear();
        buf.push_str(v);
        buf.make_ascii_lowercase();
        for word in buf.split_ascii_whitespace() {
            let own = ARTICLE_WORDS.iter().any(|w| word.contains(w));
            if FURNITURE.iter().any(|w| word.contains(w)) || is_ad(word) {
                furniture = true;
            } else if own {
                article = true;
            } else if MAYBE_FURNITURE.iter().any(|w| word.contains(w)) {
                furniture = true;
            }
        }
    }
    furniture && !article
}

/// `ad`, `ads`, `ad-slot`, `top-ad`, `dfp-ad`: "ad" as a word of a class name.
fn is_ad(name: &str) -> bool {
    name.split(['-', '_'])
        .any(|w| matches!(w, "ad" | "ads" | "adslot" | "adunit" | "dfp" | "gpt"))
}

/// How far above a block its container may be: deeper nesting is no article's, and the cap keeps
/// a hostile page of nested elements from costing the square of its size.
const MAX_LEVELS: usize = 64;

/// How much other text costs a container against the prose it holds.
const OTHER_COST: f32 = 2.0;

/// The element that holds the article: the one whose prose (paragraphs of some length, mostly
/// not links) outweighs most the other text it also holds (link lists, captions, short lines).
/// Wrappers around single paragraphs hold too little prose; the page's body holds too much else;
/// an article split by ads or figures is held whole by the parent of its parts.
fn container(doc: &Html, blocks: &[Block]) -> Option<NodeId> {
    let mut totals: HashMap<NodeId, (usize, usize)> = HashMap::new();
    for b in blocks {
        let node = doc.tree.get(b.owner)?;
        let prose = if is_prose(b) { b.chars } else { 0 };
        for a in std::iter::once(node)
            .chain(node.ancestors())
            .take(MAX_LEVELS)
        {
            let t = totals.entry(a.id()).or_default();
            t.0 += b.chars;
            t.1 += prose;
        }
    }
    let value =
        |&(chars, prose): &(usize, usize)| prose as f32 - OTHER_COST * (chars - prose) as f32;
    totals
        .iter()
        .filter(|(_, t)| t.1 > 0)
        .max_by(|a, b| {
            value(a.1)
                .total_cmp(&value(b.1))
                .then(a.1 .0.cmp(&b.1 .0).reverse())
        })
        .map(|(id, _)| *id)
}

/// A paragraph of the article's kind: of some length and mostly not links.
fn is_prose(b: &Block) -> bool {
    match b.role {
        Role::Prose => b.chars >= 25 && b.link_density() < 0.5,
        Role::Item => b.chars >= 40 && b.link_density() < 0.2,
        Role::Heading | Role::Headline => false,
    }
}
