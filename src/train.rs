//! Training the entity tagger: reads CoNLL-format data and learns an averaged perceptron (with
//! passive-aggressive steps) with a fixed seed, so the same data gives the same model.

use std::fs;
use std::ops::Range;
use std::path::Path;

use crate::error::{Error, Result};
use crate::extract::features::{
    tag_features, DocContext, Scratch, BUCKETS, N_TAGS, START, TAGS, TAG_FEATURES,
};
use crate::extract::perceptron::{allowed, Model};

/// One document: sentences of (word, tag index) pairs.
pub type Doc = Vec<Vec<(String, u8)>>;

/// A document's sentences, each with its range of the document's words (as the tagger's
/// [`DocContext`] numbers them).
fn with_ranges(doc: &Doc) -> impl Iterator<Item = (&Vec<(String, u8)>, Range<usize>)> {
    doc.iter().scan(0, |first, sent| {
        let range = *first..*first + sent.len();
        *first = range.end;
        Some((sent, range))
    })
}

/// Reads CoNLL-2003 (`word POS chunk TAG`) or GMB (`word POS TAG`) files: the tag is the last
/// column; `-DOCSTART-` lines split documents. GMB's tags are mapped onto CoNLL's.
pub fn read_conll(path: &Path) -> Result<Vec<Doc>> {
    let text = fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let mut docs: Vec<Doc> = vec![Vec::new()];
    let mut sent: Vec<(String, u8)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with("-DOCSTART-") {
            if !sent.is_empty() {
                docs.last_mut()
                    .expect("one doc")
                    .push(std::mem::take(&mut sent));
            }
            if line.starts_with("-DOCSTART-") && !docs.last().expect("one doc").is_empty() {
                docs.push(Vec::new());
            }
            continue;
        }
        let mut cols = line.split_whitespace();
        let word = cols.next().unwrap_or_default();
        let tag = cols.next_back().unwrap_or("O");
        let tag = map_tag(tag).ok_or_else(|| Error::Data {
            path: path.to_path_buf(),
            msg: format!("line {}: unknown tag {tag:?}", n + 1),
        })?;
        sent.push((word.to_string(), tag));
    }
    if !sent.is_empty() {
        docs.last_mut().expect("one doc").push(sent);
    }
    docs.retain(|d| !d.is_empty());
    for sent in docs.iter_mut().flatten() {
        strip_titles(sent);
    }
    Ok(docs)
}

/// GMB puts titles inside person names ("President Bush"); CoNLL and newsdex do not.
fn strip_titles(sent: &mut [(String, u8)]) {
    const B_PER: u8 = 1;
    const I_PER: u8 = 2;
    for i in 0..sent.len() {
        let is_title = crate::extract::lexicon::LEXICON
            .titles
            .contains(sent[i].0.trim_end_matches('.'));
        if sent[i].1 == B_PER && is_title && sent.get(i + 1).is_some_and(|n| n.1 == I_PER) {
            sent[i].1 = 0;
            sent[i + 1].1 = B_PER;
        }
    }
}

fn map_tag(tag: &str) -> Option<u8> {
    if tag == "O" {
        return Some(0);
    }
    let (bi, kind) = tag.split_once('-')?;
    let kind = match kind {
        "PER" | "per" => "PER",
        "LOC" | "geo" => "LOC",
        "ORG" | "org" => "ORG",
        "MISC" | "gpe" | "art" | "eve" | "nat" => "MISC",
        "tim" => return Some(0),
        _ => return None,
    };
    if kind == "MISC" {
        return Some(7);
    }
    let name = format!("{bi}-{kind}");
    TAGS.iter().position(|t| *t == name).map(|p| p as u8)
}

/// A small deterministic generator (xorshift64*): shuffles for training, corpora for the
/// benchmark, the same on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Trains for `epochs` passes over `docs`, shuffled with `seed`; `report` hears each epoch's
/// number and its training-set token error rate.
pub fn train(docs: &[Doc], epochs: usize, seed: u64, report: &mut dyn FnMut(usize, f64)) -> Model {
    let n = BUCKETS * N_TAGS;
    let mut w = vec![0f32; n];
    let mut total = vec![0f64; n];
    let mut stamp = vec![0u32; n];
    let mut clock: u32 = 1;
    let mut rng = Rng(seed.max(1));
    let mut order: Vec<usize> = (0..docs.len()).collect();
    let mut scratch = Scratch::default();
    let mut feats: Vec<u32> = Vec::new();
    let mut update = |w: &mut [f32], idx: usize, delta: f32, clock: u32| {
        total[idx] += (clock - stamp[idx]) as f64 * w[idx] as f64;
        stamp[idx] = clock;
        w[idx] += delta;
    };
    for epoch in 0..epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let (mut errors, mut tokens) = (0usize, 0usize);
        for &d in &order {
            let doc = &docs[d];
            let mut ctx = DocContext::new(doc.iter().flatten().map(|(w, _)| w.as_str()));
            let mut predicted = Vec::new();
            for (sent, range) in with_ranges(doc) {
                scratch.static_features(&ctx, range.clone());
                predicted.clear();
                let (mut p1, mut p2) = (START, START);
                let mut tf = [0u32; TAG_FEATURES];
                for (i, (_, gold)) in sent.iter().enumerate() {
                    tag_features(p1, p2, &scratch, i, &mut tf);
                    feats.clear();
                    feats.extend_from_slice(
                        &scratch.feats[scratch.offsets[i]..scratch.offsets[i + 1]],
                    );
                    feats.extend_from_slice(&tf);
                    let mut scores = [0f32; N_TAGS];
                    for &b in &feats {
                        let row = &w[b as usize * N_TAGS..][..N_TAGS];
                        for (s, x) in scores.iter_mut().zip(row) {
                            *s += x;
                        }
                    }
                    let pred = (0..N_TAGS)
                        .filter(|&t| allowed(p1, t as u8))
                        .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
                        .unwrap_or(0) as u8;
                    if pred != *gold {
                        errors += 1;
                        // Passive-aggressive step: just enough to score the gold tag a margin
                        // of one above the prediction, so a word with many features does not
                        // move the weights more than one with few.
                        let loss = scores[pred as usize] - scores[*gold as usize] + 1.0;
                        let step = loss / (2 * feats.len()) as f32;
                        for &b in &feats {
                            let row = b as usize * N_TAGS;
                            update(&mut w, row + *gold as usize, step, clock);
                            update(&mut w, row + pred as usize, -step, clock);
                        }
                    }
                    tokens += 1;
                    clock += 1;
                    predicted.push(pred);
                    p2 = p1;
                    // Learn from its own history, as it will be used.
                    p1 = pred;
                }
                ctx.record(range, &predicted);
            }
        }
        report(epoch + 1, errors as f64 / tokens.max(1) as f64);
    }
    let avg: Vec<f32> = (0..n)
        .map(|i| ((total[i] + (clock - stamp[i]) as f64 * w[i] as f64) / clock as f64) as f32)
        .collect();
    Model::from_f32(&avg)
}

/// Span-level micro precision, recall and F1 over person, place and organisation on tagged
/// documents (CoNLL's MISC neither rewarded nor penalised).
pub fn evaluate(model: &Model, docs: &[Doc]) -> (f64, f64, f64) {
    use crate::extract::perceptron::spans_from_tags;
    use std::collections::HashSet;
    let (mut tp, mut np, mut ng) = (0usize, 0usize, 0usize);
    let mut scratch = Scratch::default();
    let mut tags = Vec::new();
    for doc in docs {
        let mut ctx = DocContext::new(doc.iter().flatten().map(|(w, _)| w.as_str()));
        for (sent, range) in with_ranges(doc) {
            model.tag_sentence(&mut ctx, range, &mut scratch, &mut tags);
            let gold_tags: Vec<u8> = sent.iter().map(|(_, t)| *t).collect();
            let (mut p, mut g) = (Vec::new(), Vec::new());
            spans_from_tags(&tags, 0, &mut p);
            spans_from_tags(&gold_tags, 0, &mut g);
            let key = |s: &crate::extract::Span| (s.start, s.end, s.kind);
            let gs: HashSet<_> = g.iter().map(key).collect();
            // A prediction over a gold MISC span is neither right nor wrong.
            let misc: Vec<(usize, usize)> = misc_spans(&gold_tags);
            let ps: HashSet<_> = p
                .iter()
                .map(key)
                .filter(|s| gs.contains(s) || !misc.contains(&(s.0, s.1)))
                .collect();
            tp += ps.intersection(&gs).count();
            np += ps.len();
            ng += gs.len();
        }
    }
    let p = tp as f64 / np.max(1) as f64;
    let r = tp as f64 / ng.max(1) as f64;
    (
        p,
        r,
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        },
    )
}

fn misc_spans(tags: &[u8]) -> Vec<(usize, usize)> {
    let misc = 7u8;
    let mut out = Vec::new();
    let mut k = 0;
    while k < tags.len() {
        if tags[k] == misc {
            let s = k;
            k += 1;
            while k < tags.len() && tags[k] == misc {
                k += 1;
            }
            out.push((s, k));
        } else {
            k += 1;
        }
    }
    out
}
