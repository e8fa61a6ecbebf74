//! Features of the entity tagger, hashed into a fixed table: the same code serves training and
//! tagging, so the two cannot drift apart. Nothing here allocates per token.

use std::collections::{HashMap, HashSet};

use super::lexicon::LEXICON;

/// Number of hash buckets (a power of two) the weights are indexed by.
pub const BUCKET_BITS: u32 = 20;
pub const BUCKETS: usize = 1 << BUCKET_BITS;

/// BIO tags over person, place, organisation and CoNLL's MISC (trained on, never output).
pub const TAGS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC",
];
pub const N_TAGS: usize = TAGS.len();
/// Stand-in for the tag before the first word.
pub const START: u8 = N_TAGS as u8;

/// A 64-bit FxHash-style hasher: fast, and the same on every platform, so a model file
/// means the same thing everywhere.
#[derive(Clone, Copy)]
pub struct Fx(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl Fx {
    #[inline]
    pub fn new(template: u8) -> Self {
        Fx((template as u64 + 1).wrapping_mul(K))
    }
    #[inline]
    pub fn byte(self, b: u8) -> Self {
        Fx((self.0.rotate_left(5) ^ b as u64).wrapping_mul(K))
    }
    #[inline]
    pub fn bytes(mut self, s: &[u8]) -> Self {
        for &b in s {
            self = self.byte(b);
        }
        self.byte(0xff)
    }
    /// The word lower-cased, with curly quotes and apostrophes made straight.
    #[inline]
    pub fn lower(mut self, w: &str) -> Self {
        if w.is_ascii() {
            for &b in w.as_bytes() {
                self = self.byte(b.to_ascii_lowercase());
            }
        } else {
            for c in w.chars() {
                let c = match c {
                    '“' | '”' | '„' | '«' | '»' => '"',
                    '‘' | '’' => '\'',
                    c => c,
                };
                for l in c.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &b in l.encode_utf8(&mut buf).as_bytes() {
                        self = self.byte(b);
                    }
                }
            }
        }
        self.byte(0xff)
    }
    #[inline]
    pub fn bucket(self) -> u32 {
        (self.0 >> (64 - BUCKET_BITS)) as u32
    }
}

/// The word's shape: `Xx` for "Putin", `X.X.` for "U.S.", `d` for digits, runs collapsed.
#[inline]
fn shape(w: &str) -> ([u8; 8], usize) {
    let mut out = [0u8; 8];
    let mut n = 0;
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
        if n > 0 && out[n - 1] == s {
            continue;
        }
        if n == out.len() {
            break;
        }
        out[n] = s;
        n += 1;
    }
    (out, n)
}

/// What the tagger knows about one document beyond its words.
#[derive(Default)]
pub struct DocContext<'a> {
    /// Words seen in lower case somewhere in the document.
    pub lower_words: HashSet<&'a str>,
    /// For capitalised words tagged earlier in the document, how often as each entity kind:
    /// a name keeps its type through an article ("Donald Trump" ... "Trump").
    history: HashMap<&'a str, [u16; 4]>,
}

impl<'a> DocContext<'a> {
    pub fn new(words: impl Iterator<Item = &'a str>) -> Self {
        let lower_words = words
            .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
            .collect();
        DocContext {
            lower_words,
            history: HashMap::new(),
        }
    }

    /// Remembers the kinds given to the capitalised words of a tagged sentence.
    pub fn record(&mut self, words: &[&'a str], tags: &[u8]) {
        for (w, &t) in words.iter().zip(tags) {
            if t > 0 && t < START && w.chars().next().is_some_and(char::is_uppercase) {
                self.history.entry(w).or_default()[((t - 1) / 2) as usize] += 1;
            }
        }
    }

    /// The kind most often given to `w` so far (1-based), 0 for none.
    fn usual_kind(&self, w: &str) -> u8 {
        self.history.get(w).map_or(0, |c| {
            let (k, n) = c
                .iter()
                .enumerate()
                .max_by_key(|(_, n)| **n)
                .expect("four kinds");
            if *n > 0 {
                k as u8 + 1
            } else {
                0
            }
        })
    }
}

/// Reusable buffers for one sentence's features.
#[derive(Default)]
pub struct Scratch {
    /// Per token, the offsets of its static features in `feats`.
    pub offsets: Vec<usize>,
    pub feats: Vec<u32>,
    gaz: Vec<u8>,
    key: String,
}

const GAZ_NONE: u8 = 0;
const GAZ_PLACE_B: u8 = 1;
const GAZ_PLACE_I: u8 = 2;

impl Scratch {
    /// Computes the features that do not depend on earlier tags, for every word of a sentence.
    pub fn static_features(&mut self, words: &[&str], doc: &DocContext) {
        let lex = &*LEXICON;
        self.offsets.clear();
        self.feats.clear();
        self.gaz.clear();
        self.gaz.resize(words.len(), GAZ_NONE);
        // Longest place names, marked B and I over their words.
        let mut i = 0;
        while i < words.len() {
            let mut matched = 0;
            if words[i].chars().next().is_some_and(char::is_uppercase) {
                for n in (1..=lex.place_max_tokens.min(words.len() - i)).rev() {
                    self.key.clear();
                    for (k, w) in words[i..i + n].iter().enumerate() {
                        if k > 0 {
                            self.key.push(' ');
                        }
                        self.key.push_str(w);
                    }
                    if lex.places.contains_key(self.key.as_str()) {
                        matched = n;
                        break;
                    }
                }
            }
            if matched > 0 {
                self.gaz[i] = GAZ_PLACE_B;
                for g in &mut self.gaz[i + 1..i + matched] {
                    *g = GAZ_PLACE_I;
                }
                i += matched;
            } else {
                i += 1;
            }
        }
        let caps = words
            .iter()
            .filter(|w| w.chars().any(char::is_lowercase))
            .count()
            * 3
            < words
                .iter()
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
        let get = |i: isize| -> &str {
            if i < 0 {
                "<s>"
            } else if i as usize >= words.len() {
                "</s>"
            } else {
                words[i as usize]
            }
        };
        for (i, &w) in words.iter().enumerate() {
            self.offsets.push(self.feats.len());
            let ii = i as isize;
            let f = &mut self.feats;
            let (sh, shn) = shape(w);
            let sh = &sh[..shn];
            let (p1, n1) = (get(ii - 1), get(ii + 1));
            let (ps, pn) = shape(p1);
            let (ns, nn) = shape(n1);
            f.push(Fx::new(0).bucket());
            f.push(Fx::new(1).lower(w).bucket());
            f.push(Fx::new(2).lower(p1).bucket());
            f.push(Fx::new(3).lower(n1).bucket());
            f.push(Fx::new(4).lower(get(ii - 2)).bucket());
            f.push(Fx::new(5).lower(get(ii + 2)).bucket());
            f.push(Fx::new(6).bytes(sh).bucket());
            f.push(Fx::new(7).bytes(&ps[..pn]).bytes(sh).bucket());
            f.push(Fx::new(8).bytes(sh).bytes(&ns[..nn]).bucket());
            f.push(Fx::new(9).lower(p1).lower(w).bucket());
            f.push(Fx::new(10).lower(w).lower(n1).bucket());
            let mut ends = w.char_indices().map(|(k, _)| k).skip(1);
            for (t, end) in (11u8..15).zip(ends.by_ref()) {
                f.push(Fx::new(t).lower(&w[..end]).bucket());
            }
            let mut starts = w.char_indices().map(|(k, _)| k).rev();
            for (t, start) in (15u8..19).zip(starts.by_ref()) {
                f.push(Fx::new(t).lower(&w[start..]).bucket());
            }
            if i == 0 {
                f.push(Fx::new(19).bytes(sh).bucket());
            }
            let (p2s, p2n) = shape(get(ii - 2));
            let (n2s, n2n) = shape(get(ii + 2));
            f.push(Fx::new(34).lower(p1).bytes(sh).bucket());
            f.push(Fx::new(35).bytes(sh).lower(n1).bucket());
            f.push(
                Fx::new(36)
                    .bytes(&p2s[..p2n])
                    .bytes(&ps[..pn])
                    .bytes(sh)
                    .bucket(),
            );
            f.push(
                Fx::new(37)
                    .bytes(sh)
                    .bytes(&ns[..nn])
                    .bytes(&n2s[..n2n])
                    .bucket(),
            );
            // Where the word sits in its run of capitalised words.
            let cap = |k: usize| words[k].chars().next().is_some_and(char::is_uppercase);
            if cap(i) {
                let before = (0..i).rev().take_while(|&k| cap(k)).count();
                let after = (i + 1..words.len()).take_while(|&k| cap(k)).count();
                f.push(
                    Fx::new(38)
                        .byte(before.min(3) as u8)
                        .byte(after.min(3) as u8)
                        .bucket(),
                );
            }
            if caps {
                f.push(Fx::new(20).bytes(sh).bucket());
            }
            if self.gaz[i] != GAZ_NONE {
                f.push(Fx::new(21).byte(self.gaz[i]).bucket());
                f.push(Fx::new(22).byte(self.gaz[i]).bytes(sh).bucket());
            }
            if lex.first_names.contains_key(w) {
                f.push(Fx::new(23).bucket());
            }
            if lex.titles.contains(p1.trim_end_matches('.')) {
                f.push(Fx::new(24).bucket());
            }
            if lex.titles.contains(w.trim_end_matches('.')) {
                f.push(Fx::new(25).bucket());
            }
            if lex.demonyms.contains(w) {
                f.push(Fx::new(26).bucket());
            }
            if lex.org_tail.contains(w) {
                f.push(Fx::new(27).bucket());
            }
            if lex.org_tail.contains(n1) {
                f.push(Fx::new(28).bucket());
            }
            if lex.not_names.contains(w) {
                f.push(Fx::new(29).bucket());
            }
            if w.len() <= 6 && w.contains('.') {
                // "U.S." and "US" share what they learn.
                self.key.clear();
                self.key.extend(w.chars().filter(|&c| c != '.'));
                f.push(Fx::new(31).lower(&self.key).bucket());
            } else if w.len() <= 4 && w.chars().all(|c| c.is_ascii_uppercase()) {
                f.push(Fx::new(31).lower(w).bucket());
            }
            let usual = doc.usual_kind(w);
            if usual > 0 {
                f.push(Fx::new(32).byte(usual).bucket());
                f.push(Fx::new(33).byte(usual).bytes(sh).bucket());
            }
            if w.chars().next().is_some_and(char::is_uppercase) {
                self.key.clear();
                self.key.extend(w.chars().flat_map(char::to_lowercase));
                if doc.lower_words.contains(self.key.as_str()) {
                    f.push(Fx::new(30).bytes(sh).bucket());
                }
            }
        }
        self.offsets.push(self.feats.len());
    }
}

/// The features that depend on the two previous tags.
#[inline]
pub fn tag_features(p1: u8, p2: u8, w: &str, out: &mut [u32; 3]) {
    out[0] = Fx::new(40).byte(p1).bucket();
    out[1] = Fx::new(41).byte(p1).byte(p2).bucket();
    out[2] = Fx::new(42).byte(p1).lower(w).bucket();
}
