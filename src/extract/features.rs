//! Features of the entity tagger, hashed into a fixed table: the same code serves training and
//! tagging, so the two cannot drift apart. Each word's forms are hashed once per sentence and
//! the templates combine those hashes; nothing here allocates per token.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

use super::lexicon::{flag, word_key, WordInfo, LEXICON};

/// Number of hash buckets (a power of two) the weights are indexed by.
pub const BUCKET_BITS: u32 = 18;
pub const BUCKETS: usize = 1 << BUCKET_BITS;

/// BIO tags over person, place and organisation, and one tag for every word of CoNLL's MISC
/// (trained on, never output): eight tags make a weight row 16 bytes, one vector load.
pub const TAGS: [&str; 8] = [
    "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "MISC",
];
pub const N_TAGS: usize = TAGS.len();
/// Stand-in for the tag before the first word.
pub const START: u8 = N_TAGS as u8;

const K: u64 = 0x517c_c1b7_2722_0a95;

/// FxHash's step: fast, and the same on every platform, so a model file means the same thing
/// everywhere.
#[inline]
fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(K)
}

/// A std hasher on the same step, for the word lists' maps (SipHash costs more than the lookups
/// it guards against).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.0 = mix(self.0, u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for &b in chunks.remainder() {
            self.0 = mix(self.0, b as u64);
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = mix(self.0, i as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;

/// What a model's weights mean: this file's templates (its text, blanks left out), the table's
/// size, the tags and every word list the features read. A model file carries the fingerprint
/// it was trained with, and a build with another refuses it.
pub static FINGERPRINT: LazyLock<u64> = LazyLock::new(|| {
    let mut h = FxHasher::default();
    let source: Vec<u8> = include_str!("features.rs")
        .bytes()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    h.write(&source);
    h.write_u8(BUCKET_BITS as u8);
    for t in TAGS {
        h.write(t.as_bytes());
    }
    h.write(&super::lexicon::data_fingerprint().to_le_bytes());
    h.finish()
});
pub type FxMap<K, V> = HashMap<K, V, FxBuild>;
pub type FxSet<K> = HashSet<K, FxBuild>;

/// A feature: a template number and the hashes of its parts.
#[inline]
fn feat(template: u64, parts: &[u64]) -> u32 {
    let mut h = (template + 1).wrapping_mul(K);
    for &p in parts {
        h = mix(h, p);
    }
    (h >> (64 - BUCKET_BITS)) as u32
}

/// Hash of a word lower-cased, with curly quotes and apostrophes made straight.
fn lower_hash(w: &str) -> u64 {
    w.chars().fold(K, |h, c| mix(h, fold_char(c) as u64))
}

/// The same, dots left out: "U.S." hashes as "US" does.
fn lower_hash_undotted(w: &str) -> u64 {
    w.chars()
        .filter(|&c| c != '.')
        .fold(K, |h, c| mix(h, fold_char(c) as u64))
}

#[inline]
fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    match c {
        '“' | '”' | '„' | '«' | '»' => '"',
        '‘' | '’' => '\'',
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Hash of the word's shape: `Xx` for "Putin", `X.X.` for "U.S.", `d` for digits, runs collapsed.
fn shape_hash(w: &str) -> u64 {
    let mut h = K;
    let (mut last, mut n) = (0u8, 0);
    for c in w.chars() {
        let s = if c.is_uppercase() {
            b'X'
        } else if c.is_lowercase() {
            b'x'
        } else if c.is_ascii_digit() {
            b'd'
        } else if c.is_alphabetic() {
            b'a'
        } else if c.is_ascii() {
            c as u8
        } else {
            b'p'
        };
        if s == last {
            continue;
        }
        if n == 8 {
            break;
        }
        h = mix(h, s as u64);
        last = s;
        n += 1;
    }
    h
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// A word of two letters or more in capitals, digits and marks allowed ("BERNANKE", "G7").
pub fn is_all_caps(w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).take(2).count() == 2
        && !w.chars().any(char::is_lowercase)
}

/// Whether `w` is written in capitals for emphasis, as in a headline, a lead-in or a dateline
/// ("BERNANKE ON RATES:", "NEW YORK (Reuters)"), not as an acronym ("NATO", "IBM Corp"): it
/// stands beside another word in capitals, or the word clusters do not know it as written and
/// it is long (five letters or more) or they know its title-case form. Such a word is tagged as
/// its title-case form would be, and a name does not run across the change of case at its edge.
pub fn is_shouted(prev: Option<&str>, w: &str, next: Option<&str>, key: &mut String) -> bool {
    if !is_all_caps(w) {
        return false;
    }
    if prev.is_some_and(is_all_caps) || next.is_some_and(is_all_caps) {
        return true;
    }
    let lex = &*LEXICON;
    if lex.word(w).cluster != 0 {
        return false;
    }
    if w.chars().filter(|c| c.is_alphabetic()).count() >= 5 {
        return true;
    }
    key.clear();
    push_title_case(w, key);
    lex.word(key).cluster != 0
}

/// What the tagger knows about one document: its words, and what they say beyond themselves.
#[derive(Default)]
pub struct DocContext<'a> {
    /// The document's words, sentences one after another; sentences are ranges of these.
    pub words: Vec<&'a str>,
    /// Each word's lower-case hash, computed once for every use.
    lower: Vec<u64>,
    /// Words seen in lower case somewhere in the document.
    lower_words: FxSet<&'a str>,
    /// For capitalised words tagged earlier in the document, how often as each entity kind:
    /// a name keeps its type through an article ("Donald Trump" ... "Trump").
    history: FxMap<u64, [u16; 4]>,
    /// For capitalised words, the lower-case hashes of the words around each use of them in
    /// the document: what one mention says about a name ("Mr. Kent", "Kent Inc") every mention
    /// can use.
    contexts: FxMap<u64, Contexts>,
}

/// Contexts kept per capitalised word.
const MAX_CONTEXTS: usize = 6;

/// Up to [`MAX_CONTEXTS`] distinct (left, right) lower-case hashes, kept inline so that building
/// a document's table allocates once.
#[derive(Default, Clone, Copy)]
struct Contexts {
    len: u8,
    pairs: [(u64, u64); MAX_CONTEXTS],
}

impl Contexts {
    fn add(&mut self, pair: (u64, u64)) {
        let len = self.len as usize;
        if len < MAX_CONTEXTS && !self.pairs[..len].contains(&pair) {
            self.pairs[len] = pair;
            self.len += 1;
        }
    }

    fn pairs(&self) -> &[(u64, u64)] {
        &self.pairs[..self.len as usize]
    }
}

impl<'a> DocContext<'a> {
    pub fn new(words: impl Iterator<Item = &'a str>) -> Self {
        let words: Vec<&'a str> = words.collect();
        let n = words.len();
        let mut lower = Vec::with_capacity(n);
        let mut lower_words = FxSet::with_capacity_and_hasher(n / 2, FxBuild::default());
        let mut contexts: FxMap<u64, Contexts> =
            FxMap::with_capacity_and_hasher(n / 8, FxBuild::default());
        // The current capitalised word waits for its right neighbour; words are keyed by their
        // lower-case form, so a headline's "ROTOR" learns from the body's "Rotor".
        let (mut prev, mut pending): (u64, Option<(u64, u64)>) = (0, None);
        for &w in &words {
            let h = lower_hash(w);
            lower.push(h);
            if let Some((c, p)) = pending.take() {
                contexts.entry(c).or_default().add((p, h));
            }
            if w.chars().next().is_some_and(char::is_lowercase) {
                lower_words.insert(w);
            } else if is_capitalized(w) {
                pending = Some((h, prev));
            }
            prev = h;
        }
        DocContext {
            words,
            lower,
            lower_words,
            contexts,
            history: FxMap::default(),
        }
    }

    /// Remembers the kinds given to the capitalised words of a tagged sentence.
    pub fn record(&mut self, sentence: Range<usize>, tags: &[u8]) {
        for (i, &t) in sentence.zip(tags) {
            if t > 0 && t < START && is_capitalized(self.words[i]) {
                self.history.entry(self.lower[i]).or_default()[((t - 1) / 2) as usize] += 1;
            }
        }
    }

    /// The kind most often given to `w` so far (1-based), 0 for none.
    fn usual_kind(&self, lower: u64) -> u64 {
        self.history.get(&lower).map_or(0, |c| {
            let (k, n) = c
                .iter()
                .enumerate()
                .max_by_key(|(_, n)| **n)
                .expect("four kinds");
            if *n > 0 {
                k as u64 + 1
            } else {
                0
            }
        })
    }
}

/// Lengths of the cluster path prefixes the features use, coarse to whole; each word's are
/// cut once per sentence.
const PREFIX_LENS: [u32; 4] = [4, 6, 8, 20];
const P4: usize = 0;
const P6: usize = 1;
const P8: usize = 2;
const P20: usize = 3;

/// The first `len` steps of a packed cluster path (the whole path if shorter), with its length.
#[inline]
fn prefix(path: u32, len: u32) -> u64 {
    let full = path >> 24;
    let len = len.min(full);
    ((path & ((1 << len) - 1)) | len << 24) as u64
}

/// The word's cluster, given what the lexicon says of it as written; an all-capitals word
/// ("JAPAN", in a headline) takes its title-case form's.
fn cluster_of(w: &str, info: WordInfo, key: &mut String) -> u32 {
    if info.cluster != 0 {
        return info.cluster;
    }
    if w.contains('’') {
        // The table was learned from text with straight apostrophes.
        key.clear();
        key.extend(w.chars().map(|c| if c == '’' { '\'' } else { c }));
        return LEXICON.word(key).cluster;
    }
    if w.len() > 1 && w.bytes().all(|b| b.is_ascii_uppercase()) {
        key.clear();
        push_title_case(w, key);
        return LEXICON.word(key).cluster;
    }
    0
}

/// Appends "Japan" for "JAPAN"; a word with a lower-case letter is appended as it is.
fn push_title_case(w: &str, out: &mut String) {
    let mut chars = w.chars();
    match chars.next() {
        Some(first) if !w.chars().any(char::is_lowercase) => {
            out.push(first);
            out.extend(chars.flat_map(char::to_lowercase));
        }
        _ => out.push_str(w),
    }
}

/// Reusable buffers for one sentence's features.
#[derive(Default)]
pub struct Scratch {
    /// Per token, the offsets of its static features in `feats`.
    pub offsets: Vec<usize>,
    pub feats: Vec<u32>,
    /// Per token, the sum of its static features' weights.
    pub scores: Vec<[i32; N_TAGS]>,
    gaz: Vec<u64>,
    /// Lower-case and shape hashes, with two sentinels on each side.
    lower: Vec<u64>,
    shape: Vec<u64>,
    /// Cluster path prefixes of [`PREFIX_LENS`] (all 0 for no cluster), with the same
    /// sentinels.
    cluster: Vec<[u64; 4]>,
    /// Word-list bits of each word as written, and of it without its final dots ("Mr." is a
    /// title), with one sentinel on each side.
    flags: Vec<(u8, u8)>,
    key: String,
    /// The title-case forms of the shouted words, one after another.
    titled: String,
    /// Per word, whether it is shouted ([`is_shouted`]); an inside tag does not follow across
    /// a change of it.
    pub shouted: Vec<bool>,
    /// Organisation gazetteer marks, one a word.
    org: Vec<u64>,
}

/// Whether word `i` of the sentence may continue the name of word `i - 1`: not across a
/// change from shouted to not or back.
#[inline]
pub fn may_continue(s: &Scratch, i: usize) -> bool {
    i == 0 || s.shouted[i] == s.shouted[i - 1]
}

const GAZ_PLACE_B: u64 = 1;
const GAZ_PLACE_I: u64 = 2;
/// Longest place name, in words, looked for inside a sentence.
const PLACE_SCAN: usize = 4;
/// Organisation gazetteer marks: the first and later words of a name of several words, a name
/// of one word, a weak name of one word (also an ordinary word or a place).
const ORG_B: u64 = 1;
const ORG_I: u64 = 2;
const ORG_ONE: u64 = 3;
const ORG_WEAK: u64 = 4;
/// Longest organisation name, in words, looked for inside a sentence.
const ORG_SCAN: usize = 8;

impl Scratch {
    /// Computes the features that do not depend on earlier tags, for every word of a sentence
    /// (a range of the document's words).
    pub fn static_features(&mut self, doc: &DocContext, sentence: Range<usize>) {
        let lex = &*LEXICON;
        let words = &doc.words[sentence.clone()];
        let n = words.len();
        self.offsets.clear();
        self.feats.clear();
        self.gaz.clear();
        self.gaz.resize(n, 0);
        self.lower.clear();
        self.shape.clear();
        self.cluster.clear();
        self.flags.clear();
        let (start_l, end_l) = (lower_hash("<s>"), lower_hash("</s>"));
        self.lower.extend([start_l, start_l]);
        self.lower.extend_from_slice(&doc.lower[sentence]);
        self.shape.extend([start_l, start_l]);
        self.cluster.extend([[0; 4], [0; 4]]);
        self.flags.push((0, 0));
        let alpha = words
            .iter()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count();
        let caps = words
            .iter()
            .filter(|w| w.chars().any(char::is_lowercase))
            .count()
            * 3
            < alpha;
        self.shouted.clear();
        for k in 0..n {
            let (prev, next) = (
                k.checked_sub(1).map(|p| words[p]),
                words.get(k + 1).copied(),
            );
            let shouted = is_shouted(prev, words[k], next, &mut self.key);
            self.shouted.push(shouted);
        }
        let any_shouted = caps || self.shouted.contains(&true);
        // Shouted words are looked up in title case ("Japan", not "JAPAN"); in an all-capitals
        // headline every word is. The forms share one buffer.
        let mut titled = std::mem::take(&mut self.titled);
        titled.clear();
        let titled_refs: Vec<&str>;
        let look: &[&str] = if any_shouted {
            let mut ends = Vec::with_capacity(n);
            for (k, w) in words.iter().enumerate() {
                if caps || self.shouted[k] {
                    push_title_case(w, &mut titled);
                } else {
                    titled.push_str(w);
                }
                ends.push(titled.len());
            }
            titled_refs = (0..n)
                .map(|k| &titled[if k == 0 { 0 } else { ends[k - 1] }..ends[k]])
                .collect();
            &titled_refs
        } else {
            words
        };
        for (&w, &titled) in words.iter().zip(look) {
            let info = lex.word(w);
            let titled_info = if any_shouted && titled.len() == w.len() && titled != w {
                lex.word(titled)
            } else {
                WordInfo::default()
            };
            let exact = info.flags | titled_info.flags;
            let undotted = w.trim_end_matches('.');
            let trimmed = if undotted.len() == w.len() {
                exact
            } else {
                lex.word(undotted).flags
            };
            self.flags.push((exact, trimmed));
            self.shape.push(shape_hash(w));
            let path = cluster_of(w, info, &mut self.key);
            self.cluster.push(PREFIX_LENS.map(|len| prefix(path, len)));
        }
        self.lower.extend([end_l, end_l]);
        self.shape.extend([end_l, end_l]);
        self.cluster.extend([[0; 4], [0; 4]]);
        self.flags.push((0, 0));
        // Longest place names, marked B and I over their words.
        let mut i = 0;
        while i < n {
            let mut matched = 0;
            // A headline's words are looked up as written ("US") and in title case ("Japan").
            for form in [words, look]
                .into_iter()
                .take(if any_shouted { 2 } else { 1 })
            {
                if matched > 0
                    || !(is_capitalized(form[i]) && lex.place_first_words.contains(form[i]))
                {
                    continue;
                }
                for len in (1..=PLACE_SCAN.min(n - i)).rev() {
                    self.key.clear();
                    for (k, w) in form[i..i + len].iter().enumerate() {
                        if k > 0 {
                            self.key.push(' ');
                        }
                        self.key.push_str(w);
                    }
                    if lex.places.contains_key(self.key.as_str()) {
                        matched = len;
                        break;
                    }
                }
            }
            if matched > 0 {
                self.gaz[i] = GAZ_PLACE_B;
                self.gaz[i + 1..i + matched].fill(GAZ_PLACE_I);
                i += matched;
            } else {
                i += 1;
            }
        }
        self.org.clear();
        self.org.resize(n, 0);
        let mut i = 0;
        while i < n {
            let mut matched = (0, false);
            for form in [words, look]
                .into_iter()
                .take(if any_shouted { 2 } else { 1 })
            {
                if matched.0 > 0
                    || !(is_capitalized(form[i])
                        && lex.org_first_words.contains(&word_key(form[i])))
                {
                    continue;
                }
                self.key.clear();
                let mut ends = [0usize; ORG_SCAN];
                let longest = ORG_SCAN.min(n - i);
                for (k, w) in form[i..i + longest].iter().enumerate() {
                    if k > 0 {
                        self.key.push(' ');
                    }
                    self.key.push_str(w);
                    ends[k] = self.key.len();
                }
                for len in (1..=longest).rev() {
                    if let Some(weak) = lex.org(&self.key[..ends[len - 1]]) {
                        matched = (len, weak);
                        break;
                    }
                }
            }
            match matched {
                (0, _) => i += 1,
                (1, weak) => {
                    self.org[i] = if weak { ORG_WEAK } else { ORG_ONE };
                    i += 1;
                }
                (len, _) => {
                    self.org[i] = ORG_B;
                    self.org[i + 1..i + len].fill(ORG_I);
                    i += len;
                }
            }
        }
        self.titled = titled;
        for (i, &w) in words.iter().enumerate() {
            self.offsets.push(self.feats.len());
            let f = &mut self.feats;
            // Index k of the hash arrays is word k - 2.
            let l = |d: isize| self.lower[(i as isize + 2 + d) as usize];
            let s = |d: isize| self.shape[(i as isize + 2 + d) as usize];
            let c = |d: isize| self.cluster[(i as isize + 2 + d) as usize];
            f.push(feat(0, &[]));
            f.push(feat(1, &[l(0)]));
            f.push(feat(2, &[l(-1)]));
            f.push(feat(3, &[l(1)]));
            f.push(feat(4, &[l(-2)]));
            f.push(feat(5, &[l(2)]));
            f.push(feat(6, &[s(0)]));
            f.push(feat(7, &[s(-1), s(0)]));
            f.push(feat(8, &[s(0), s(1)]));
            f.push(feat(9, &[l(-1), l(0)]));
            f.push(feat(10, &[l(0), l(1)]));
            f.push(feat(36, &[s(-2), s(-1), s(0)]));
            f.push(feat(37, &[s(0), s(1), s(2)]));
            if c(0)[P4] != 0 {
                for (k, p) in [P4, P8, P20].into_iter().enumerate() {
                    f.push(feat(50 + k as u64, &[c(0)[p]]));
                }
                f.push(feat(59, &[c(-1)[P6], c(0)[P6]]));
                f.push(feat(60, &[c(0)[P6], c(1)[P6]]));
            }
            for (t, d) in [(54, -1), (56, 1)] {
                if c(d)[P4] != 0 {
                    f.push(feat(t, &[c(d)[P6]]));
                    f.push(feat(t + 1, &[c(d)[P20]]));
                }
            }
            // Prefixes and suffixes of one to four characters.
            let chars = w.chars().count();
            let mut h = K;
            for (k, c) in w.chars().take(4).enumerate() {
                h = mix(h, fold_char(c) as u64);
                if k + 1 < chars {
                    f.push(feat(11, &[k as u64, h]));
                }
            }
            let mut h = K;
            for (k, c) in w.chars().rev().take(4).enumerate() {
                h = mix(h, fold_char(c) as u64);
                f.push(feat(15, &[k as u64, h]));
            }
            if i == 0 {
                f.push(feat(19, &[s(0)]));
            }
            if caps {
                f.push(feat(20, &[s(0)]));
            }
            if self.gaz[i] != 0 {
                f.push(feat(21, &[self.gaz[i]]));
                f.push(feat(22, &[self.gaz[i], s(0)]));
            }
            if self.org[i] != 0 {
                f.push(feat(63, &[self.org[i]]));
                f.push(feat(64, &[self.org[i], s(0)]));
            }
            let cap = |k: usize| is_capitalized(words[k]);
            if cap(i) {
                let before = (0..i).rev().take_while(|&k| cap(k)).count().min(3);
                let after = (i + 1..n).take_while(|&k| cap(k)).count().min(3);
                f.push(feat(38, &[before as u64, after as u64]));
            }
            let (before, (here, here_trimmed), after) =
                (self.flags[i].1, self.flags[i + 1], self.flags[i + 2].0);
            let title_here = (here | here_trimmed) & flag::TITLE != 0;
            let flags = [
                (23, here & flag::FIRST_NAME != 0),
                (24, before & flag::TITLE != 0),
                (25, title_here),
                (26, here & flag::DEMONYM != 0),
                (27, here & flag::ORG_TAIL != 0),
                (28, after & flag::ORG_TAIL != 0),
                (29, here & flag::NOT_NAME != 0),
                (65, here & flag::FURNITURE != 0),
            ];
            for (t, on) in flags {
                if on {
                    f.push(feat(t, &[]));
                }
            }
            if w.len() <= 6 && w.contains('.') {
                // "U.S." and "US" share what they learn.
                f.push(feat(31, &[lower_hash_undotted(w)]));
            } else if w.len() <= 4 && w.bytes().all(|c| c.is_ascii_uppercase()) {
                f.push(feat(31, &[l(0)]));
            }
            let usual = if cap(i) { doc.usual_kind(l(0)) } else { 0 };
            if usual > 0 {
                f.push(feat(32, &[usual]));
                f.push(feat(33, &[usual, s(0)]));
            }
            if cap(i) {
                if let Some(ctxs) = doc.contexts.get(&l(0)) {
                    for &(p, n) in ctxs.pairs() {
                        if p != l(-1) {
                            f.push(feat(61, &[p]));
                        }
                        if n != l(1) {
                            f.push(feat(62, &[n]));
                        }
                    }
                }
                self.key.clear();
                self.key.extend(w.chars().flat_map(char::to_lowercase));
                if doc.lower_words.contains(self.key.as_str()) {
                    f.push(feat(30, &[s(0)]));
                }
            }
        }
        self.offsets.push(self.feats.len());
    }
}

/// How many features depend on the previous tags.
pub const TAG_FEATURES: usize = 5;

/// The features of word `i` that depend on the two previous tags.
#[inline]
pub fn tag_features(p1: u8, p2: u8, s: &Scratch, i: usize, out: &mut [u32; TAG_FEATURES]) {
    out[0] = feat(40, &[p1 as u64]);
    out[1] = feat(41, &[p1 as u64, p2 as u64]);
    out[2] = feat(42, &[p1 as u64, s.lower[i + 2]]);
    out[3] = feat(43, &[p1 as u64, s.shape[i + 2]]);
    out[4] = feat(44, &[p1 as u64, s.cluster[i + 2][P8]]);
}
