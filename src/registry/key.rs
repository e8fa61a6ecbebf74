//! The shapes of names: which spellings are one name (case, accents, punctuation, spacing,
//! titles, possessives, initials) and which short forms can stand for a longer name (a
//! surname, an acronym, the first or last words of an institution's name).

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::extract::lexicon::{LEGAL_ENDINGS, TITLES};
pub use crate::extract::names::fold;

/// Folded title words ("mr", "president", "sen"), so a key can leave them out.
static TITLE_WORDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| TITLES.iter().map(|t| fold(t)).collect());
static LEGAL_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    LEGAL_ENDINGS
        .iter()
        .map(|t| fold(t))
        .chain(
            [
                "incorporated",
                "limited",
                "company",
                "plc",
                "llp",
                "lp",
                "cos",
                "nv",
                "bv",
                "spa",
                "se",
                "ab",
                "asa",
                "oyj",
            ]
            .map(String::from),
        )
        .collect()
});

/// Generational suffixes, not part of what tells two people apart.
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];
/// Words an institution's name may carry without changing what it names.
const ORG_FILLER: &[&str] = &[
    "the", "and", "of", "for", "de", "la", "le", "des", "du", "&",
];

/// The name without a possessive ending ("Bush's", "Jones’").
pub fn strip_possessive(name: &str) -> &str {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if let Some(s) = name.strip_suffix(suffix) {
            return s;
        }
    }
    name.strip_suffix(['\'', '’']).unwrap_or(name)
}

/// The folded words of a person's name, titles (not a company's first word), suffixes and
/// possessive left out. Hyphenated names stay one word ("kendall-taylor"); dots separate
/// ("George W.Bush" is three words).
pub fn person_words(name: &str) -> Vec<String> {
    let name = strip_possessive(name.trim());
    let mut words: Vec<String> = name
        .split(|c: char| c.is_whitespace() || c == '.' || c == ',')
        .map(person_word)
        .filter(|w| !w.is_empty())
        .collect();
    // A company's name opens with no title: "General Electric Co." is not "Electric Co.".
    let company = words
        .last()
        .is_some_and(|w| words.len() > 1 && LEGAL_WORDS.contains(w));
    while !company && words.len() > 1 && TITLE_WORDS.contains(&words[0]) {
        words.remove(0);
    }
    while words.len() > 1 && SUFFIXES.contains(&words[words.len() - 1].as_str()) {
        words.pop();
    }
    words
}

/// One word of a person's name folded, its hyphens kept ("Kendall-Taylor" is "kendall-taylor",
/// "O'Neill" is "oneill"), and the endings that transliterations of one Slavic name vary in made
/// one ("Zelenskyy", "Zelenskiy" and "Zelensky" are "zelensky").
fn person_word(w: &str) -> String {
    let mut out = folded_person_word(w);
    if out.len() > 4 && (out.ends_with("yy") || out.ends_with("iy") || out.ends_with("ii")) {
        out.truncate(out.len() - 2);
        out.push('y');
    }
    out
}

fn folded_person_word(w: &str) -> String {
    if w.is_ascii() {
        let mut out = String::with_capacity(w.len());
        for b in w.bytes() {
            if b.is_ascii_alphanumeric() {
                out.push(b.to_ascii_lowercase() as char);
            } else if b == b'-' && !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
        let trimmed = out.trim_end_matches('-').len();
        out.truncate(trimmed);
        return out;
    }
    w.split('-')
        .map(|p| fold(p).replace(' ', ""))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The key under which spellings of one institution's name meet: folded, without dots ("U.S."
/// is "us"), "the", a possessive or a legal ending ("Microsoft Corp." and "MICROSOFT" are
/// "microsoft").
pub fn org_key(name: &str) -> String {
    let undotted = strip_possessive(name.trim()).replace('.', "");
    let mut words: Vec<String> = fold(&undotted)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    if words.len() > 1 && words[0] == "the" {
        words.remove(0);
    }
    while words.len() > 1 && LEGAL_WORDS.contains(&words[words.len() - 1]) {
        words.pop();
    }
    words.join(" ")
}

/// Whether two people's middle names can be the same: one has none, or they are as many and
/// each pair agrees (the same word, or an initial and a word it begins: "S." and "Shalom").
pub fn middles_agree(a: &[String], b: &[String]) -> bool {
    if a.is_empty() || b.is_empty() {
        return true;
    }
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            x == y
                || (x.chars().count() == 1 && y.starts_with(x.as_str()))
                || (y.chars().count() == 1 && x.starts_with(y.as_str()))
        })
}

/// The letters of an acronym as written ("U.N.", "GM", "S&P"), or `None` for a word that is
/// not one: two to six capitals, dots and ampersands allowed, nothing lower-case but a
/// plural 's'.
pub fn acronym_letters(surface: &str) -> Option<String> {
    let s = surface.trim().trim_end_matches("'s").trim_end_matches("’s");
    if s.contains(' ') {
        return None;
    }
    let letters: String = s.chars().filter(|c| c.is_alphabetic()).collect();
    let caps = letters.chars().filter(|c| c.is_uppercase()).count();
    let ok = (2..=6).contains(&letters.chars().count())
        && caps == letters.chars().count()
        && s.chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '&');
    ok.then(|| letters.to_lowercase())
}

/// The initials of the words of a name that count ("Securities and Exchange Commission" is
/// "sec"; "Standard & Poor's" is "sp").
pub fn initials(key: &str) -> String {
    key.split(' ')
        .filter(|w| !w.is_empty() && !ORG_FILLER.contains(w))
        .filter_map(|w| w.chars().next())
        .collect()
}

/// How a short form of an institution's name stands for a longer one, if it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgShortForm {
    /// "GM" for "General Motors", "SEC" for "U.S. Securities and Exchange Commission".
    Acronym,
    /// The first words: "Goldman" for "Goldman Sachs".
    Head,
    /// The last words: "Treasury" for "U.S. Treasury".
    Tail,
    /// The start of the first word: "Fed" for "Federal Reserve", "Citi" for "Citigroup".
    Clipped,
}

/// An institution's name as a possible short form: its key's words and, where it is written as
/// one, its acronym's letters.
pub struct ShortOrg<'a> {
    key: &'a str,
    words: Vec<&'a str>,
    acronym: Option<String>,
    /// It is a place's name ("Chester"): a word of its own, not the clipped start of a longer one.
    place: bool,
}

/// An institution's name as a possible long form: its words and initials, with and without a
/// leading country's.
pub struct LongOrg<'a> {
    key: &'a str,
    words: Vec<&'a str>,
    initials: String,
    initials_after_first: Option<String>,
}

impl<'a> ShortOrg<'a> {
    /// `surface` as written (for the acronym), `key` its [`org_key`].
    pub fn new(surface: &str, key: &'a str) -> Self {
        ShortOrg {
            key,
            words: key.split(' ').collect(),
            acronym: acronym_letters(surface),
            place: crate::extract::lexicon::LEXICON
                .places
                .contains_key(surface.trim()),
        }
    }

    pub fn words(&self) -> &[&'a str] {
        &self.words
    }

    pub fn acronym(&self) -> Option<&str> {
        self.acronym.as_deref()
    }

    /// How this name stands for `long`, if it can.
    pub fn stands_for(&self, long: &LongOrg) -> Option<OrgShortForm> {
        let (sw, lw) = (&self.words, &long.words);
        if self.key.is_empty() || self.key == long.key {
            return None;
        }
        if let Some(letters) = &self.acronym {
            let after_first = long.initials_after_first.as_deref() == Some(letters.as_str());
            if lw.len() >= 2 && (*letters == long.initials || after_first) {
                return Some(OrgShortForm::Acronym);
            }
        }
        if sw.len() < lw.len() {
            if lw[..sw.len()] == sw[..] {
                return Some(OrgShortForm::Head);
            }
            if lw[lw.len() - sw.len()..] == sw[..] {
                return Some(OrgShortForm::Tail);
            }
        }
        if sw.len() == 1
            && !self.place
            && self.key.chars().count() >= 3
            && lw[0].len() > self.key.len()
            && lw[0].starts_with(self.key)
        {
            return Some(OrgShortForm::Clipped);
        }
        None
    }
}

impl<'a> LongOrg<'a> {
    pub fn new(key: &'a str) -> Self {
        let words: Vec<&str> = key.split(' ').collect();
        // "U.S. Securities and Exchange Commission" is also the SEC: a country's initials may
        // lead the long name.
        let initials_after_first = (words.len() >= 3).then(|| initials(&words[1..].join(" ")));
        LongOrg {
            key,
            initials: initials(key),
            initials_after_first,
            words,
        }
    }

    pub fn words(&self) -> &[&'a str] {
        &self.words
    }

    pub fn initials(&self) -> (&str, Option<&str>) {
        (&self.initials, self.initials_after_first.as_deref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        person_words(s)
    }

    #[test]
    fn spellings_of_one_person_share_their_words() {
        for (a, b) in [
            ("BERNANKE", "Bernanke"),
            ("George W.Bush", "George W. Bush"),
            ("Recep Tayyip Erdoğan", "Recep Tayyip Erdogan"),
            ("President Putin", "Putin"),
            ("Bush's", "Bush"),
            ("Martin Luther King Jr.", "Martin Luther King"),
            ("PETER KENNY", "Peter Kenny"),
            ("Volodymyr Zelenskyy", "Volodymyr Zelensky"),
            ("Dmitriy Peskov", "Dmitry Peskov"),
            ("Arkadii Dvorkovich", "Arkady Dvorkovich"),
        ] {
            assert_eq!(words(a), words(b), "{a} / {b}");
        }
        assert_eq!(words("Andrea Kendall-Taylor"), ["andrea", "kendall-taylor"]);
        assert_ne!(words("Kendall-Taylor"), words("Taylor"));
        // A title word opening a company's name is part of it.
        assert_ne!(words("General Stellar Co."), words("Stellar Co."));
    }

    #[test]
    fn middle_names_agree_by_initial_or_absence() {
        let m = |s: &[&str]| s.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        for (a, b, same) in [
            (&[][..], &["s"][..], true),
            (&["s"][..], &["shalom"][..], true),
            (&["w"][..], &["w"][..], true),
            (&["w"][..], &["h", "w"][..], false),
            (&["h"][..], &["w"][..], false),
        ] {
            assert_eq!(middles_agree(&m(a), &m(b)), same, "{a:?} {b:?}");
        }
    }

    #[test]
    fn institutions_keys_and_short_forms() {
        assert_eq!(org_key("Microsoft Corp."), "microsoft");
        assert_eq!(org_key("MICROSOFT"), "microsoft");
        assert_eq!(org_key("The New York Times"), "new york times");
        assert_eq!(org_key("Standard & Poor's"), "standard poor");
        assert_eq!(
            org_key("Cerberus Capital Management LP"),
            "cerberus capital management"
        );
        assert_eq!(org_key("Volvo AB"), "volvo");
        use OrgShortForm::*;
        for (surface, long, want) in [
            ("GM", "General Motors", Some(Acronym)),
            ("U.N.", "United Nations", Some(Acronym)),
            (
                "SEC",
                "U.S. Securities and Exchange Commission",
                Some(Acronym),
            ),
            ("S&P", "Standard & Poor's", Some(Acronym)),
            ("Goldman", "Goldman Sachs", Some(Head)),
            ("Treasury", "U.S. Treasury", Some(Tail)),
            ("Fed", "Federal Reserve", Some(Clipped)),
            ("Citi", "Citigroup", Some(Clipped)),
            ("Chester", "Chesterfield", None),
            ("Fed", "Treasury", None),
            ("Dell", "Dell", None),
            ("GM", "Goldman Sachs", None),
            ("Ford", "Gerald Ford Foundation", None),
        ] {
            let (key, long_key) = (org_key(surface), org_key(long));
            let got = ShortOrg::new(surface, &key).stands_for(&LongOrg::new(&long_key));
            assert_eq!(got, want, "{surface} / {long}");
        }
    }
}
