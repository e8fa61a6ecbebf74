//! # newsdex
//!
//! newsdex turns a folder of news articles into a search index that answers "who said what".
//!
//! The data flow, one module a step:
//!
//! - [`ingest`] walks files and reads each format into [`Article`]s, skipping bad input with a
//!   reason ([`ingest::Skip`]) instead of failing the run;
//! - [`extract`] enriches an article with its people, places and organisations
//!   ([`extract::Entity`], each with a canonical name) and its quotes with their speakers
//!   ([`extract::Quote`]);
//! - [`index`] writes one tantivy document per article and one per quote, with facets
//!   `/person`, `/place`, `/org` and `/speaker`;
//! - [`query`] searches them with filters and facet counts; [`output`] prints the results.
//!
//! [`enriched`] is the file format of enriched articles, so enrichment can run apart (on a
//! cluster) and [`index::records`] index its output; [`index::merge`] joins shard indexes.
//!
//! ```
//! use newsdex::{Article, extract::Extractor};
//!
//! let article = Article::from_text(
//!     "1",
//!     "Summit",
//!     "Vladimir Putin met Donald Trump in Alaska.\n\
//!            “Next time in Moscow?” Putin said.",
//! );
//! let enriched = Extractor::default().enrich(&article);
//! let quote = &enriched.quotes[0];
//! assert_eq!(&article.body[quote.start..quote.end], "Next time in Moscow?");
//! assert_eq!(quote.speaker.as_deref(), Some("Vladimir Putin"));
//! assert!(enriched.names(newsdex::extract::EntityType::Place).contains(&"Alaska"));
//! ```

pub mod article;
pub mod enriched;
pub mod error;
pub mod eval;
pub mod extract;
pub mod facet;
pub mod index;
pub mod ingest;
pub mod output;
pub mod query;
pub mod registry;
pub mod serve;
pub mod train;

pub use article::Article;
pub use error::{Error, Result};
