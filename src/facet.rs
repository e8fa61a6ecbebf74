//! The kinds of name the index files articles and quotes under, one enum instead of the kind
//! strings, and how a name is written as a tantivy facet.

use serde::{Deserialize, Serialize};
use tantivy::schema::Facet;

use crate::extract::EntityType;

/// What a facet value names. People, places and organisations are the article's mentions;
/// speakers are who its quotes are attributed to; authors come from its byline and credits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FacetKind {
    Person,
    Place,
    Org,
    Speaker,
    Author,
}

impl FacetKind {
    /// Every kind, in the order output lists them.
    pub const ALL: [FacetKind; 5] = [
        FacetKind::Person,
        FacetKind::Place,
        FacetKind::Org,
        FacetKind::Speaker,
        FacetKind::Author,
    ];

    /// The facet root (`/person`, ...) and the name in `--json` output.
    pub fn as_str(self) -> &'static str {
        match self {
            FacetKind::Person => "person",
            FacetKind::Place => "place",
            FacetKind::Org => "org",
            FacetKind::Speaker => "speaker",
            FacetKind::Author => "author",
        }
    }

    pub fn parse(s: &str) -> Option<FacetKind> {
        FacetKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The kinds whose names are entity mentions in the text.
    pub fn is_mention(self) -> bool {
        matches!(self, FacetKind::Person | FacetKind::Place | FacetKind::Org)
    }

    /// The facet of a name of this kind.
    pub fn facet(self, name: &str) -> Facet {
        Facet::from_path([self.as_str(), name])
    }
}

impl From<EntityType> for FacetKind {
    fn from(t: EntityType) -> Self {
        match t {
            EntityType::Person => FacetKind::Person,
            EntityType::Place => FacetKind::Place,
            EntityType::Org => FacetKind::Org,
        }
    }
}

/// The root of the facets that record a short form standing for a full name in one article
/// (`/link/person/Putin/Vladimir Putin`): evidence for the name registry, never counted.
pub const LINK_ROOT: &str = "link";

/// The facet recording that, in one article, `short` stands for `full`.
pub fn link_facet(kind: FacetKind, short: &str, full: &str) -> Facet {
    Facet::from_path([LINK_ROOT, kind.as_str(), short, full])
}

/// What an encoded facet term (`kind\0name`, `link\0kind\0short\0full`) says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Term<'a> {
    Name(FacetKind, &'a str),
    Link(FacetKind, &'a str, &'a str),
}

/// Decodes the bytes of a facet term as the segment dictionaries hold them.
pub fn decode(bytes: &[u8]) -> Option<Term<'_>> {
    let s = std::str::from_utf8(bytes).ok()?;
    let mut parts = s.split('\0');
    let root = parts.next()?;
    if root == LINK_ROOT {
        let kind = FacetKind::parse(parts.next()?)?;
        let (short, full) = (parts.next()?, parts.next()?);
        return parts
            .next()
            .is_none()
            .then_some(Term::Link(kind, short, full));
    }
    let kind = FacetKind::parse(root)?;
    let name = parts.next()?;
    parts.next().is_none().then_some(Term::Name(kind, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facets_round_trip_through_their_encoding() {
        let f = FacetKind::Person.facet("Ben S. Bernanke");
        assert_eq!(
            decode(f.encoded_str().as_bytes()),
            Some(Term::Name(FacetKind::Person, "Ben S. Bernanke"))
        );
        let l = link_facet(FacetKind::Org, "Fed", "Federal Reserve");
        assert_eq!(
            decode(l.encoded_str().as_bytes()),
            Some(Term::Link(FacetKind::Org, "Fed", "Federal Reserve"))
        );
        assert_eq!(decode(b"nokind\0x"), None);
        for k in FacetKind::ALL {
            assert_eq!(FacetKind::parse(k.as_str()), Some(k));
        }
    }
}
