//! Article furniture: the parts of wire copy that are not the story. Credit lines ("(Reporting
//! by ...; Editing by ...)"), bylines, datelines ("NEW YORK (Reuters) -"), stock tickers ("(
//! XOM.N )"), photo credits and copyright lines are masked before tagging, so their names are
//! neither mentions nor speakers; the credits name the article's authors and the dateline its
//! agency.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::entities::{names_nothing, retype_as_firms, Span};
use super::tokens::Tokens;
use super::EntityType;

/// What furniture an article has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Furniture {
    /// Byte ranges of the body that are furniture, sorted, not overlapping.
    pub ranges: Vec<Range<usize>>,
    /// The people credit lines and bylines name, in order, each once.
    pub authors: Vec<String>,
    /// The agency the dateline names.
    pub agency: Option<String>,
    /// Where the dateline's place is ("NEW YORK" of "NEW YORK (Reuters) -").
    pub dateline_place: Option<Range<usize>>,
    /// Where each ticker or index code starts, sorted.
    pub tickers: Vec<usize>,
}

struct Patterns {
    dateline: Regex,
    ticker: Regex,
    credit: Regex,
    bare_credit: Regex,
    byline: Regex,
    contributed: Regex,
    photo: Regex,
    copyright: Regex,
    role: Regex,
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    let p = |s: &str| Regex::new(s).expect("furniture pattern");
    // Words a credit names roles with, misspellings of wire desks included.
    // ASCII classes and boundaries (`-u`): the patterns stay small lazy DFAs.
    let role = r"(?:add?it?ional|with|and|also|extra|more)?[ \t]*(?:reporting|writing|editing|compiled|compiling|reported|written|edited|research|sub-?editing|production)";
    Patterns {
        // "WASHINGTON (Reuters) -", "DAVOS, Switzerland, Jan 24 (Reuters) -", "(Reuters) -": the
        // place before the agency is kept for the tagger, the agency and the dash are furniture.
        dateline: p(
            r"(?m)^[ \t]*(?:[A-Z][A-Za-z0-9_.'’&/-]*(?:[ ,]+[A-Za-z0-9][A-Za-z0-9_.'’&/-]*){0,5}[ \t]*)?(\([ \t]*([A-Z][A-Za-z0-9_!.&'’ -]{1,40}?)[ \t]*\)[ \t]*[-–—]+[ \t]*)",
        ),
        // "( XOM.N )", "(0005.HK)", "(NYSE: IBM)", a bare "VOWG.E" after a company name, and an
        // index code after a space or parenthesis (".XYZI", ".Q500"; not the "S." of "U.S.").
        ticker: p(
            r"(?-u:\B)\.[A-Z][A-Z0-9]{1,11}(?-u:\b)|\([ \t]*(?:[A-Z0-9][A-Za-z0-9&-]{0,7}\.[A-Z]{1,3}|(?:NYSE|Nasdaq|NASDAQ|AMEX|LSE|TSX|ASX|OTC)[ \t]*:[ \t]*[A-Z0-9.]{1,8})(?:[ \t]*[,/][ \t]*[A-Z0-9][A-Z0-9&-]{0,7}\.[A-Z]{1,3})*[ \t]*\)|(?-u:\b)[A-Z0-9][A-Za-z0-9&-]{1,7}\.(?:[A-Z]{1,3})(?-u:\b)(?:\.[A-Z])?",
        ),
        // A parenthesised credit ending a paragraph: "(Reporting by ...; Editing by ...)"; in
        // double parentheses, wherever it ends ("((Reporting by ...; Tel: ...)) Keywords: ...").
        credit: p(&format!(
            r"\(\([ \t]*(?i-u:{role})(?-u:\b)[^()]*\)\)|\([ \t]*(?i-u:{role})(?-u:\b)[^()]*\)[ \t]*(?:\n|$)"
        )),
        // The same without parentheses, as the article's last paragraph.
        bare_credit: p(&format!(
            r"(?:^|\n)[ \t]*((?i-u:{role}[ \t]+by)(?-u:\b)[^\n]*)\s*$"
        )),
        // "By John Smith" (and "By A and B", ", Reuters") as a line of its own at the start.
        byline: p(
            r"^[ \t]*[Bb][Yy][ \t]+([A-Z][A-Za-zÀ-ÖØ-öø-ÿ.'’-]+(?:[ \t]+[A-Z][A-Za-zÀ-ÖØ-öø-ÿ.'’-]+){1,3}(?:[ \t]*(?:,|and|&)[ \t]*[A-Z][A-Za-zÀ-ÖØ-öø-ÿ.'’-]+(?:[ \t]+[A-Z][A-Za-zÀ-ÖØ-öø-ÿ.'’-]+){1,3})*)(?:[ \t]*,[ \t]*[A-Z][A-Za-z0-9 .&-]{1,40})?[ \t]*\n",
        ),
        // "Jane Doe in Paris contributed to this report."
        contributed: p(
            r"(?:^|\n|\.[ \t]+)\(?([A-Z][^.\n()]{3,200}?)[ \t]+contributed[ \t]+(?:reporting[ \t]+)?to[ \t]+this[ \t]+(?:report|story|article)\.?\)?",
        ),
        // "REUTERS/Jason Reed", "(Photo: ...)", "AP Photo/...".
        photo: p(
            r"(?-u:\b)(?:REUTERS|AFP|AP Photo|Getty Images|EPA)/[A-Za-zÀ-ÖØ-öø-ÿ .'’-]{2,60}|\([ \t]*(?:Photo|Photograph|Picture|Image)s?[ \t]*(?:by|:)[^()\n]{1,120}\)",
        ),
        // "Copyright 2008 Reuters", "(c) Thomson Reuters 2008", "© 2019 ...", "All rights reserved."
        copyright: p(
            r"(?m)^[^\n]*(?:(?i-u:copyright)[ \t]+(?:\([cC]\)[ \t]*)?[0-9]{4}|\([cC]\)[ \t]+(?:(?i-u:copyright)[ \t]+)?[A-Za-z0-9 ]{2,40}[0-9]{4}|©|(?i-u:all rights reserved))[^\n]*$",
        ),
        role: p(&format!(
            r"(?i-u)^[ \t\n]*{role}(?:[ \t]+(?:and|&)[ \t]+[a-z]+)?[ \t]*(?:by|for)?[ \t]+"
        )),
    }
});

/// How far into the body a dateline or byline may start (after a headline line).
const DATELINE_WITHIN: usize = 300;
/// How far from the end credit lines may be.
const CREDITS_WITHIN: usize = 2000;
/// The longest credit taken: a longer parenthesis is the story's own.
const MAX_CREDIT: usize = 500;

/// Particles that may stand lower-case inside a name ("Ludwig van Beethoven").
const PARTICLES: &[&str] = &[
    "de", "da", "del", "della", "der", "di", "do", "dos", "du", "la", "le", "van", "von", "bin",
    "ibn", "al", "el", "y",
];

/// Finds an article's furniture.
pub fn find(body: &str) -> Furniture {
    let p = &*PATTERNS;
    let mut f = Furniture::default();
    // The dateline opens the story: its first line, or the one after a byline.
    let head = &body[..body.floor_char_boundary(DATELINE_WITHIN)];
    if let Some(c) = p.dateline.captures(head) {
        let (whole, agency) = (c.get(1).expect("group 1"), c.get(2).expect("group 2"));
        f.ranges.push(whole.range());
        f.agency = Some(agency.as_str().trim().to_string());
        let line = c.get(0).expect("match").start();
        f.dateline_place = (line < whole.start()).then_some(line..whole.start());
    }
    if let Some(c) = p.byline.captures(head) {
        let whole = c.get(0).expect("match");
        f.ranges.push(whole.range());
        add_names(&mut f.authors, c.get(1).expect("names").as_str());
    }
    for m in p.ticker.find_iter(body) {
        f.ranges.push(m.range());
        f.tickers.push(m.start());
    }
    // Credits close the story: they are looked for in its last paragraphs only.
    let tail_at = body.floor_char_boundary(body.len().saturating_sub(CREDITS_WITHIN));
    let tail = &body[tail_at..];
    for m in p.credit.find_iter(tail) {
        let credit = m.as_str().trim_end();
        if credit.len() > MAX_CREDIT {
            continue;
        }
        let inside = credit.trim_start_matches('(').trim_end_matches(')');
        credited(&mut f.authors, inside);
        f.ranges
            .push(tail_at + m.start()..tail_at + m.start() + credit.len());
    }
    if let Some(c) = p.bare_credit.captures(tail) {
        let m = c.get(1).expect("credit");
        if m.len() <= MAX_CREDIT {
            credited(&mut f.authors, m.as_str());
            f.ranges.push(tail_at + m.start()..tail_at + m.end());
        }
    }
    if body.contains("contributed") {
        for c in p.contributed.captures_iter(body) {
            let names = c.get(1).expect("names");
            add_names(&mut f.authors, names.as_str());
            let whole = c.get(0).expect("match");
            // The sentence, not the full stop or newline before it.
            f.ranges.push(names.start()..whole.end());
        }
    }
    let has = |words: &[&str]| words.iter().any(|w| body.contains(w));
    if has(&[
        "REUTERS/",
        "AFP/",
        "AP Photo",
        "Getty Images",
        "EPA/",
        "Photo",
        "Picture",
        "Image",
    ]) {
        for m in p.photo.find_iter(body) {
            f.ranges.push(m.range());
        }
    }
    if has(&[
        "opyright",
        "OPYRIGHT",
        "©",
        "(c)",
        "(C)",
        "ights reserved",
        "IGHTS RESERVED",
    ]) {
        for m in p.copyright.find_iter(body) {
            f.ranges.push(m.range());
        }
    }
    f.ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(f.ranges.len());
    for r in f.ranges.drain(..) {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    f.ranges = merged;
    f
}

/// The names a credit gives, segment by segment: "Additional reporting by A, B and C in Paris;
/// Editing by D".
fn credited(authors: &mut Vec<String>, credit: &str) {
    for seg in credit.split(';') {
        let names = match PATTERNS.role.find(seg) {
            Some(m) => &seg[m.end()..],
            None => seg,
        };
        add_names(authors, names);
    }
}

/// Adds the names of "A, B and C in Paris" that look like names of people.
fn add_names(authors: &mut Vec<String>, list: &str) {
    for part in list.split([',', '&']).flat_map(|p| p.split(" and ")) {
        // "Saumyadeb Chakrabarty in Bangalore": the place is where, not who.
        let name = [" in ", " at ", " from "]
            .iter()
            .filter_map(|sep| part.find(sep))
            .min()
            .map_or(part, |i| &part[..i]);
        // A role word the credit repeats inside a segment ("writing by X, editing by Y").
        let name = match PATTERNS.role.find(name) {
            Some(m) => &name[m.end()..],
            None => name,
        };
        let name = name.trim().trim_matches(|c: char| !c.is_alphanumeric());
        if looks_like_a_person(name) && !authors.iter().any(|a| a == name) {
            authors.push(name.to_string());
        }
    }
}

/// Two to five words, each capitalised (particles aside).
fn looks_like_a_person(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=5).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                || PARTICLES.contains(&w.to_lowercase().as_str())
        })
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || ".'’-".contains(c)))
}

impl Furniture {
    /// The body with its furniture blanked (each byte a space, newlines kept), the same length,
    /// so offsets into it are offsets into the body.
    pub fn mask<'a>(&self, body: &'a str) -> Cow<'a, str> {
        if self.ranges.is_empty() {
            return Cow::Borrowed(body);
        }
        let mut bytes = body.as_bytes().to_vec();
        for r in &self.ranges {
            for b in &mut bytes[r.clone()] {
                if *b != b'\n' {
                    *b = b' ';
                }
            }
        }
        // Ranges are match boundaries of valid UTF-8, so whole characters were replaced.
        Cow::Owned(String::from_utf8(bytes).expect("masked at character boundaries"))
    }

    /// Cuts the spans that run across furniture: masked, it leaves the words on either side
    /// neighbours to the tagger ("SEATTLE (Reuters) - Amazon", "Microsoft ( MSFT.O ) Steve
    /// Ballmer"), and no name runs through a dateline or a ticker.
    pub fn cut(&self, t: &Tokens, spans: &mut Vec<Span>) {
        let across = |i: usize| {
            let (before, after) = (t.tokens[i - 1].end as usize, t.tokens[i].start as usize);
            self.ranges
                .iter()
                .any(|r| before <= r.start && r.end <= after)
        };
        if self.ranges.is_empty() || !spans.iter().any(|s| (s.start + 1..s.end).any(across)) {
            return;
        }
        let mut out = Vec::with_capacity(spans.len() + 1);
        for s in spans.drain(..) {
            let mut start = s.start;
            for end in (s.start + 1..s.end).filter(|&i| across(i)).chain([s.end]) {
                // A piece may name nothing: punctuation ("Merrill Lynch & Co ( MER.N ),"), the
                // article opening the story after a dateline ("SEATTLE (Reuters) - A").
                let piece = Span {
                    start,
                    end,
                    kind: s.kind,
                };
                if !names_nothing(t, &piece) {
                    out.push(piece);
                }
                start = end;
            }
        }
        *spans = out;
    }

    /// What the furniture says of the names beside it: a name in the dateline's place is a place
    /// ("OTTAWA (Reuters) -"), and a person's name a ticker follows ("Nellie Loan NLO.N") is a
    /// company's, as is every mention of it in the article. `body` is the unmasked text the
    /// tokens' offsets point into.
    pub fn retype(&self, body: &str, t: &Tokens, spans: &mut [Span]) {
        let bytes = |s: &Span| t.tokens[s.start].start as usize..t.tokens[s.end - 1].end as usize;
        let mut companies: Vec<Vec<&str>> = Vec::new();
        for s in spans.iter_mut() {
            let at = bytes(s);
            if self
                .dateline_place
                .as_ref()
                .is_some_and(|p| p.start <= at.start && at.end <= p.end)
            {
                s.kind = EntityType::Place;
            } else if s.kind == EntityType::Person {
                let skip_space = |from: usize| body.len() - body[from..].trim_start().len();
                let mut next = skip_space(at.end);
                // "Nellie Loan's NLO.N shares": the ticker after the possessive.
                if let Some(p) = ["'s", "’s"].iter().find(|p| body[next..].starts_with(**p)) {
                    next = skip_space(next + p.len());
                }
                if self.tickers.binary_search(&next).is_ok() {
                    s.kind = EntityType::Org;
                    companies.push((s.start..s.end).map(|i| t.str(i)).collect());
                }
            }
        }
        if !companies.is_empty() {
            retype_as_firms(t, spans, &companies);
        }
    }

    /// Whether an organisation's name is the article's own agency or publisher speaking of
    /// itself ("told Reuters", "Reuters Estimates", "a Reuters poll").
    pub fn is_self_reference(&self, source: Option<&str>, org: &str) -> bool {
        const OWN: &[&str] = &[
            "estimates",
            "poll",
            "polls",
            "survey",
            "data",
            "calculations",
            "graphic",
            "graphics",
            "tally",
            "analysis",
            "breakingviews",
            "news",
            "insider",
            "tv",
            "television",
            "photo",
            "pictures",
            "life!",
            "health",
        ];
        let org = org.trim();
        [self.agency.as_deref(), source]
            .into_iter()
            .flatten()
            .filter(|a| !a.is_empty())
            .any(|agency| {
                let rest = match org.get(..agency.len()) {
                    Some(head) if head.eq_ignore_ascii_case(agency) => &org[agency.len()..],
                    _ => return false,
                };
                let rest = rest.trim();
                rest.is_empty() || OWN.iter().any(|w| rest.eq_ignore_ascii_case(w))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(body: &str) -> String {
        let f = find(body);
        f.mask(body)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn credit_lines_of_several_styles_name_the_authors() {
        for (body, authors) in [
            (
                "Profits rose. (Reporting by Gary Hill; Editing by Tim Dobbyn)",
                vec!["Gary Hill", "Tim Dobbyn"],
            ),
            (
                "Profits rose.\n\n(Additional reporting by Ann Lee , Bo Chen and Cy Diaz ; Writing by Dee Fox ; Editing by Eve Gray )",
                vec!["Ann Lee", "Bo Chen", "Cy Diaz", "Dee Fox", "Eve Gray"],
            ),
            (
                "Profits rose. (Reporting by Saumyadeb Chakrabarty in Bangalore)",
                vec!["Saumyadeb Chakrabarty"],
            ),
            (
                "Profits rose. (Reporting by Phil Gold , writing by Pat Hend; Editing by Bea Red , Rick Chan )",
                vec!["Phil Gold", "Pat Hend", "Bea Red", "Rick Chan"],
            ),
            (
                "Profits rose.\nReporting by Jan de Vries in Amsterdam; Editing by Sue Thomas",
                vec!["Jan de Vries", "Sue Thomas"],
            ),
            (
                "Profits rose.\n\n((Reporting by Ann Lee; editing by Bo Chen; ann.lee@example.com; +1 646 223 6116))",
                vec!["Ann Lee", "Bo Chen"],
            ),
            (
                "By Chris Reiter and Umesh Desai\n(Reuters) - Profits rose.",
                vec!["Chris Reiter", "Umesh Desai"],
            ),
            (
                "Profits rose. Maria Lopez in Madrid contributed to this report.",
                vec!["Maria Lopez"],
            ),
        ] {
            let f = find(body);
            assert_eq!(f.authors, authors, "{body}");
            let left = masked(body);
            assert_eq!(left.trim_end_matches('.'), "Profits rose", "{body} -> {left}");
        }
    }

    #[test]
    fn datelines_tickers_photos_and_copyright_are_furniture() {
        for (body, agency, left) in [
            (
                "NEW YORK (Reuters) - Exxon Mobil ( XOM.N ) rose.",
                Some("Reuters"),
                "NEW YORK Exxon Mobil rose.",
            ),
            (
                "DAVOS, Switzerland (Reuters) - Volkswagen VOWG.E said so.",
                Some("Reuters"),
                "DAVOS, Switzerland Volkswagen said so.",
            ),
            (
                "(Reuters) - HSBC (0005.HK) fell.",
                Some("Reuters"),
                "HSBC fell.",
            ),
            (
                "WASHINGTON (AP) — IBM (NYSE: IBM) gained.",
                Some("AP"),
                "WASHINGTON IBM gained.",
            ),
            (
                "LONDON, March 5 (AFP) - A picture. REUTERS/Jason Reed",
                Some("AFP"),
                "LONDON, March 5 A picture.",
            ),
            (
                "A story.\nCopyright 2008 Reuters. All rights reserved.",
                None,
                "A story.",
            ),
            (
                "Officials in the U.S. and the U.K. met (Photo: Ann Lee/Agency).",
                None,
                "Officials in the U.S. and the U.K. met .",
            ),
            (
                "NEW YORK (Reuters) - The Stellar index .XYZI fell, the Q500 ( .Q500 ) too.",
                Some("Reuters"),
                "NEW YORK The Stellar index fell, the Q500 ( ) too.",
            ),
        ] {
            let f = find(body);
            assert_eq!(f.agency.as_deref(), agency, "{body}");
            assert_eq!(masked(body), left, "{body}");
        }
    }

    #[test]
    fn the_story_itself_is_left_alone() {
        for body in [
            "The weak yen contributed 91 billion yen to profit.",
            "He was reporting for duty (as ordered) on Monday.",
            "By the end of the year, prices had doubled.\nMore followed.",
            "The U.S. economy grew 3.2 percent.",
        ] {
            let f = find(body);
            assert!(f.ranges.is_empty() && f.authors.is_empty(), "{body}: {f:?}");
        }
    }

    #[test]
    fn an_agency_speaking_of_itself_is_no_organisation() {
        let f = find("LONDON (Reuters) - Shares fell.");
        for (org, own) in [
            ("Reuters", true),
            ("Reuters Estimates", true),
            ("REUTERS", true),
            ("Thomson Reuters", false),
            ("Reuters Group", false),
            ("Barclays", false),
        ] {
            assert_eq!(f.is_self_reference(None, org), own, "{org}");
        }
        assert!(Furniture::default().is_self_reference(Some("Bloomberg"), "Bloomberg News"));
    }

    /// (body, the name, the kind the tagger gave it, the kind it takes).
    #[test]
    fn names_beside_furniture_take_its_kind() {
        use EntityType::*;
        let cases = [
            // A dateline's place, in capitals as datelines write it.
            ("OTTAWA (Reuters) - Prices rose.", "OTTAWA", Person, Place),
            (
                "OTTAWA (Reuters) - Ottawa said prices rose.",
                "Ottawa",
                Person,
                Person,
            ),
            // A name a ticker follows is a company, in the whole article.
            (
                "Loan firm Nellie Loan NLO.N said so. Nellie Loan fell.",
                "Nellie Loan",
                Person,
                Org,
            ),
            ("Nellie Loan ( NLO.N ) said so.", "Nellie Loan", Person, Org),
            // Also after its possessive.
            (
                "Buyers sent Nellie Loan's NLO.N shares up. Nellie Loan said so.",
                "Nellie Loan",
                Person,
                Org,
            ),
            (
                "Nellie Loan’s ( NLO.N ) shares rose.",
                "Nellie Loan",
                Person,
                Org,
            ),
            (
                "Nellie Loan said so. Later Nellie Loan ( NLO.N ) fell.",
                "Nellie Loan",
                Person,
                Org,
            ),
            // A person a company follows stays a person.
            (
                "Said Ann Lee, Nellie Loan NLO.N chief.",
                "Ann Lee",
                Person,
                Person,
            ),
            ("Ann Lee said so.", "Ann Lee", Person, Person),
        ];
        for (body, name, tagged, kind) in cases {
            let f = find(body);
            let text = f.mask(body);
            let t = Tokens::new(&text);
            let words: Vec<&str> = name.split(' ').collect();
            let mut spans: Vec<Span> = (0..t.len())
                .filter(|&i| {
                    i + words.len() <= t.len()
                        && words.iter().enumerate().all(|(k, w)| t.str(i + k) == *w)
                })
                .map(|i| Span {
                    start: i,
                    end: i + words.len(),
                    kind: tagged,
                })
                .collect();
            assert!(!spans.is_empty(), "{body}");
            f.retype(body, &t, &mut spans);
            for s in spans {
                assert_eq!(s.kind, kind, "{body}");
            }
        }
    }

    /// A title word right after the dateline opens the name the tagger ran on to from the
    /// dateline's place: the rules on titles leave it there, and the cut keeps it.
    #[test]
    fn a_title_word_after_the_dateline_opens_the_name() {
        let body = "BOSTON (Reuters) - General Stellar Co. said so.";
        let f = find(body);
        let text = f.mask(body);
        let t = Tokens::new(&text);
        let end = (0..t.len()).find(|&i| t.str(i) == "said").expect("a verb");
        let spans = vec![Span {
            start: 0,
            end,
            kind: EntityType::Org,
        }];
        let mut spans = crate::extract::entities::refine(&t, spans);
        f.cut(&t, &mut spans);
        let got: Vec<&str> = spans.iter().map(|s| t.span_str(s.start, s.end)).collect();
        assert_eq!(got, ["BOSTON", "General Stellar Co."]);
    }

    /// A span the tagger ran across masked furniture is cut there, and a piece of punctuation
    /// alone is dropped.
    #[test]
    fn no_name_runs_across_furniture() {
        let cases: [(&str, &str, &[&str]); 4] = [
            (
                "SEATTLE (Reuters) - Stellar Motors said so.",
                "SEATTLE (Reuters) - Stellar Motors",
                &["SEATTLE", "Stellar Motors"],
            ),
            (
                "Loan firm Nellie Loan ( NLO.N ) Chief Ann Lee said so.",
                "Nellie Loan ( NLO.N ) Chief Ann Lee",
                &["Nellie Loan", "Chief Ann Lee"],
            ),
            (
                "Shares of Stellar Motors ( STM.N ), a carmaker, fell.",
                "Stellar Motors ( STM.N ),",
                &["Stellar Motors"],
            ),
            (
                "SEATTLE (Reuters) - Stellar Motors said so.",
                "Stellar Motors",
                &["Stellar Motors"],
            ),
        ];
        for (body, tagged, want) in cases {
            let f = find(body);
            let text = f.mask(body);
            let t = Tokens::new(&text);
            let at = body.find(tagged).expect("in the body");
            let first = (0..t.len()).find(|&i| t.tokens[i].start as usize >= at);
            let last = (0..t.len()).rfind(|&i| t.tokens[i].end as usize <= at + tagged.len());
            let (Some(start), Some(last)) = (first, last) else {
                panic!("{body}")
            };
            let mut spans = vec![Span {
                start,
                end: last + 1,
                kind: EntityType::Org,
            }];
            f.cut(&t, &mut spans);
            let got: Vec<&str> = spans
                .iter()
                .map(|s| &body[t.tokens[s.start].start as usize..t.tokens[s.end - 1].end as usize])
                .collect();
            assert_eq!(got, want, "{body}");
        }
    }
}
