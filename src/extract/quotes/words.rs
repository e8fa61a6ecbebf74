//! The word lists attribution reads: verbs and nouns of speech and the small words that bound
//! phrases. They are data (`models/speech_cues.tsv`, `models/quote_words.tsv`), compiled in and
//! parsed once into one map from a word to the classes it belongs to.

use std::sync::LazyLock;

use crate::extract::features::FxMap;
use crate::extract::lexicon::tsv;
use crate::extract::tokens::Tokens;

static SPEECH_CUES: &str = include_str!("../../../models/speech_cues.tsv");
static QUOTE_WORDS: &str = include_str!("../../../models/quote_words.tsv");
static REPORTING_CUES: &str = include_str!("../../../models/reporting_cues.tsv");

/// The classes a word can belong to, as bits of one mask.
pub mod class {
    /// A form of a verb of speech ("said", "tells", "according").
    pub const SPEECH_VERB: u64 = 1 << 0;
    /// A form that is a verb even after "that" ("bottles that said").
    pub const NEVER_NOUN: u64 = 1 << 1;
    /// A form after which the speaker may follow ("..., said Kendall-Taylor").
    pub const INVERTS: u64 = 1 << 2;
    /// A noun for what someone said ("his promise").
    pub const SPEECH_NOUN: u64 = 1 << 3;
    /// The first word of a two-word verb of speech ("shot back").
    pub const PHRASAL_HEAD: u64 = 1 << 4;
    pub const DETERMINER: u64 = 1 << 5;
    pub const NP_BOUNDARY: u64 = 1 << 6;
    pub const VERB_FILLER: u64 = 1 << 7;
    pub const TIME: u64 = 1 << 8;
    pub const PREPOSITION: u64 = 1 << 9;
    pub const INDEFINITE: u64 = 1 << 10;
    pub const TITLE_SMALL: u64 = 1 << 11;
    pub const INTRODUCES: u64 = 1 << 12;
    pub const CLAUSE_OPENER: u64 = 1 << 13;
    pub const DESCRIPTION_OPENER: u64 = 1 << 14;
    pub const ROLE_HOLDER: u64 = 1 << 15;
    pub const SUBORDINATOR: u64 = 1 << 16;
    /// A word that opens a sentence before its subject ("But", "However").
    pub const SENTENCE_ADVERB: u64 = 1 << 19;
    /// A word that cannot open what a cue reports: a place or time ("told Fox News after the
    /// summit") or a verb ("everything Okafor says is true").
    pub const NOT_REPORTED: u64 = 1 << 20;
    /// A verb that reports only a "that" clause ("observed that", not "observing the rescue").
    pub const REPORTS_THAT: u64 = 1 << 21;
    /// A verb that reports only what it is followed by "to" for ("expected to win", "declined
    /// to comment"), not "as expected".
    pub const REPORTS_INFINITIVE: u64 = 1 << 22;
    /// A form of a verb that reports speech or belief, the reported clause after it ("said he
    /// would", "believes that").
    pub const REPORTS: u64 = 1 << 17;
    /// A verb that reports, with a hearer before the clause ("told reporters he would").
    pub const REPORTS_TO: u64 = 1 << 18;
    /// A verb that reports the phrase after one of its prepositions ("called for a ban",
    /// "talked about her plan"), listed in [`reporting_prepositions`].
    pub const REPORTS_PREP: u64 = 1 << 23;
    /// A noun of speech or belief that reports a "that" clause after it ("her claim that").
    pub const REPORTS_NOUN: u64 = 1 << 24;
    /// A verb that reports a clause, or what it is followed by "to" for ("vowed he would",
    /// "vowed to repeal the law").
    pub const REPORTS_ALSO_TO: u64 = 1 << 25;
    /// A word of quantity before a plural noun ("multiple reports", "three claims").
    pub const QUANTIFIER: u64 = 1 << 26;
    /// A participle whose subject holds the feeling after "is" ("are worried that"): no passive.
    pub const EXPERIENCER: u64 = 1 << 27;
    /// What something was said in ("a statement", "an interview").
    pub const MEDIUM: u64 = 1 << 28;
    /// The reporter's hedge ("seemed to", "reportedly"): what follows is reported, by nobody
    /// named.
    pub const HEDGE: u64 = 1 << 29;
    /// A verb whose "to" takes another verb with the same subject ("continued to call for",
    /// "began to argue").
    pub const CATENATIVE: u64 = 1 << 30;
    /// An auxiliary or modal verb ("was", "has", "could"): after a verb of saying, it opens
    /// what was said ("..., said the council could ...").
    pub const AUXILIARY: u64 = 1 << 31;
    /// A noun or adjective of a view that reports the phrase after its preposition ("raised
    /// questions about his health", "was critical of the plan"), its source the subject of a
    /// [`HOLDS_VIEW`] verb before it.
    pub const VIEW_PREP: u64 = 1 << 32;
    /// A verb whose subject holds the view a noun or adjective after it names ("expressed
    /// concern about", "was critical of"), not its cause ("the data eased concerns about").
    pub const HOLDS_VIEW: u64 = 1 << 33;
    /// What finds ("a study", "the poll", "an arbitration panel"): its "found" reports without
    /// "that".
    pub const FINDINGS: u64 = 1 << 34;
    /// A verb of command that reports only a hearer and what they are to do ("ordered the city
    /// to release the video") or a "that" clause, not "ordered 50 aircraft".
    pub const DIRECTIVE: u64 = 1 << 35;
    /// A word before "show" or "report" that makes it a noun ("a TV show", "a news report").
    pub const COMPOUND_NOUN: u64 = 1 << 36;
}

struct Words {
    classes: FxMap<String, u64>,
    /// Two-word verbs of speech.
    phrasal: Vec<(&'static str, &'static str)>,
    /// The prepositions after which a verb of [`class::REPORTS_PREP`] reports ("call" "for").
    preps: FxMap<String, Vec<&'static str>>,
}

static WORDS: LazyLock<Words> = LazyLock::new(build);

/// The -s, -ed and -ing forms of a regular verb.
fn inflections(w: &str) -> [String; 3] {
    if let Some(stem) = w
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o', 'u']))
    {
        [
            format!("{stem}ies"),
            format!("{stem}ied"),
            format!("{w}ing"),
        ]
    } else if let Some(stem) = w.strip_suffix('e') {
        [format!("{w}s"), format!("{w}d"), format!("{stem}ing")]
    } else if w.ends_with("ss") || w.ends_with("sh") || w.ends_with("ch") {
        [format!("{w}es"), format!("{w}ed"), format!("{w}ing")]
    } else {
        [format!("{w}s"), format!("{w}ed"), format!("{w}ing")]
    }
}

/// The forms of a word as a word list gives it: `form` as written, `verb` with its regular
/// inflections, `verb-doubling` the same with its last consonant doubled ("admitted"), `noun`
/// with its plural.
fn forms(w: &str, kind: &str) -> Option<Vec<String>> {
    match kind {
        "form" => Some(vec![w.to_string()]),
        "verb" => {
            let mut v = vec![w.to_string()];
            v.extend(inflections(w));
            Some(v)
        }
        "noun" => Some(vec![w.to_string(), format!("{w}s")]),
        "adjective" => Some(vec![w.to_string()]),
        "verb-doubling" => {
            let last = &w[w.len() - 1..];
            Some(vec![
                w.to_string(),
                format!("{w}s"),
                format!("{w}{last}ed"),
                format!("{w}{last}ing"),
            ])
        }
        _ => None,
    }
}

fn build() -> Words {
    let mut classes: FxMap<String, u64> = FxMap::default();
    let mut add = |w: &str, c: u64| *classes.entry(w.to_string()).or_default() |= c;
    let mut phrasal = Vec::new();
    for (w, kind) in tsv(SPEECH_CUES) {
        if let Some(fs) = forms(w, kind) {
            // A noun of speech is a word of speech too ("in remarks: “...”"), and one someone
            // owns ("his promise of “...”").
            let c = match kind {
                "noun" => class::SPEECH_VERB | class::SPEECH_NOUN,
                _ => class::SPEECH_VERB,
            };
            for f in fs {
                add(&f, c);
            }
            continue;
        }
        match kind {
            "phrasal" => {
                if let Some((a, b)) = w.split_once(' ') {
                    add(a, class::PHRASAL_HEAD);
                    phrasal.push((a, b));
                }
            }
            "never-noun" => add(w, class::NEVER_NOUN),
            "inverts" => add(w, class::INVERTS),
            _ => panic!("models/speech_cues.tsv: unknown kind {kind:?} for {w:?}"),
        }
    }
    for (w, c) in tsv(QUOTE_WORDS) {
        let bit = match c {
            "determiner" => class::DETERMINER,
            "np-boundary" => class::NP_BOUNDARY,
            "verb-filler" => class::VERB_FILLER,
            "time" => class::TIME,
            "preposition" => class::PREPOSITION,
            "indefinite" => class::INDEFINITE,
            "title-small" => class::TITLE_SMALL,
            "introduces" => class::INTRODUCES,
            "clause-opener" => class::CLAUSE_OPENER,
            "description-opener" => class::DESCRIPTION_OPENER,
            "role-holder" => class::ROLE_HOLDER,
            "subordinator" => class::SUBORDINATOR,
            "sentence-adverb" => class::SENTENCE_ADVERB,
            "not-reported" => class::NOT_REPORTED,
            "quantifier" => class::QUANTIFIER,
            "experiencer" => class::EXPERIENCER,
            "medium" => class::MEDIUM,
            "hedge" => class::HEDGE,
            "catenative" => class::CATENATIVE,
            "auxiliary" => class::AUXILIARY,
            "holds-view" => class::HOLDS_VIEW,
            "findings" => class::FINDINGS,
            "compound-noun" => class::COMPOUND_NOUN,
            _ => panic!("models/quote_words.tsv: unknown class {c:?} for {w:?}"),
        };
        add(w, bit);
    }
    let mut preps: FxMap<String, Vec<&'static str>> = FxMap::default();
    for (w, rest) in tsv(REPORTING_CUES) {
        let (kind, complement) = rest.split_once('\t').unwrap_or((rest, "clause"));
        let (complement, after) = complement.split_once(' ').unwrap_or((complement, ""));
        let bit = match (kind, complement) {
            ("noun", "that") => class::REPORTS_NOUN,
            (_, "clause") => class::REPORTS,
            (_, "tell") => class::REPORTS | class::REPORTS_TO,
            (_, "directive") => class::REPORTS | class::REPORTS_TO | class::DIRECTIVE,
            (_, "that") => class::REPORTS | class::REPORTS_THAT,
            (_, "to") => class::REPORTS | class::REPORTS_INFINITIVE,
            (_, "clause-or-to") => class::REPORTS | class::REPORTS_ALSO_TO,
            ("noun" | "adjective", "prep") if !after.is_empty() => {
                class::REPORTS_PREP | class::VIEW_PREP
            }
            (_, "prep") if !after.is_empty() => class::REPORTS_PREP,
            _ => panic!("models/reporting_cues.tsv: unknown complement {complement:?} for {w:?}"),
        };
        let fs = forms(w, kind).unwrap_or_else(|| {
            panic!("models/reporting_cues.tsv: unknown kind {kind:?} for {w:?}")
        });
        for f in fs {
            add(&f, bit);
            if bit & class::REPORTS_PREP != 0 {
                preps.entry(f).or_default().extend(after.split(' '));
            }
        }
    }
    Words {
        classes,
        phrasal,
        preps,
    }
}

/// Whether `w` belongs to any of the classes in the mask `c`.
#[inline]
pub fn is(w: &str, c: u64) -> bool {
    WORDS.classes.get(w).is_some_and(|&m| m & c != 0)
}

/// The prepositions after which `w` reports the phrase that follows ("called" "for").
pub fn reporting_prepositions(w: &str) -> &'static [&'static str] {
    WORDS.preps.get(w).map_or(&[], Vec::as_slice)
}

/// Whether `w` is a verb of speech ("said", "tells", "according").
pub fn is_reporting_verb(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_lowercase) && is(w, class::SPEECH_VERB)
}

/// Whether token `i` is a verb of speech used as a verb: "his promise", "the report" and "a
/// call" are nouns, "to announce" is not a saying.
pub fn is_speech_verb_at(t: &Tokens, i: usize) -> bool {
    let w = t.str(i);
    // "“...,” Bennett shot back", "Trump went on": phrasal verbs of speech.
    if is(w, class::PHRASAL_HEAD) {
        let next = t.tokens.get(i + 1).map(|_| t.str(i + 1));
        if WORDS
            .phrasal
            .iter()
            .any(|&(a, b)| a == w && next == Some(b))
        {
            return true;
        }
    }
    // "bottles that said": a form that is never a noun, after a relative "that".
    let relative = i > 0 && t.str(i - 1) == "that" && is(w, class::NEVER_NOUN);
    is_reporting_verb(w) && (relative || !(i > 0 && is(t.str(i - 1), class::DETERMINER)))
}

/// Words between a subject and its verb that do not break the link ("he also said").
pub fn is_verb_filler(w: &str) -> bool {
    is_ly_adverb(w) || is(w, class::VERB_FILLER)
}

/// An adverb in "-ly" ("repeatedly", "warmly").
pub fn is_ly_adverb(w: &str) -> bool {
    w.len() > 3 && w.ends_with("ly") && w.chars().all(char::is_lowercase)
}

/// A pronoun as an object ("told him", "urging them").
pub fn is_object_pronoun(w: &str) -> bool {
    matches!(w, "him" | "her" | "them" | "us" | "me" | "you")
}

pub fn is_np_boundary(w: &str) -> bool {
    is(w, class::NP_BOUNDARY)
}

pub fn is_preposition(w: &str) -> bool {
    is(w, class::PREPOSITION)
}

pub fn is_dash(w: &str) -> bool {
    matches!(w, "—" | "–" | "―")
}

/// Where a dash ends at token `i`, or `None`: a dash, the second hyphen of the "--" of
/// typewritten copy, whose first hyphen is returned, or a hyphen with spaces around it, as
/// copy that lost its dashes writes them ("A representative for the brand - a small firm -
/// noted").
pub fn dash_ending_at(t: &Tokens, i: usize) -> Option<usize> {
    let w = t.str(i);
    if is_dash(w) {
        Some(i)
    } else if w != "-" || i == 0 {
        None
    } else if t.str(i - 1) == "-" {
        Some(i - 1)
    } else {
        let spaced = t.tokens[i].start > t.tokens[i - 1].end
            && t.tokens
                .get(i + 1)
                .is_some_and(|n| n.start > t.tokens[i].end);
        spaced.then_some(i)
    }
}

/// Whether `w` with its first letter in lower case is in class `c` ("In" a preposition).
pub fn is_decapitalized(w: &str, c: u64) -> bool {
    let mut buf = [0u8; 24];
    let Some(slot) = buf.get_mut(..w.len()) else {
        return false;
    };
    slot.copy_from_slice(w.as_bytes());
    slot[0] = slot[0].to_ascii_lowercase();
    std::str::from_utf8(slot).is_ok_and(|l| is(l, c))
}
