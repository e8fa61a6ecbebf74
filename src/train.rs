//! Training the entity tagger: reads CoNLL-format data and learns an averaged perceptron (with
//! passive-aggressive steps) with a fixed seed, so the same data gives the same model; and
//! scores a tagger on such data as `newsdex extract` would tag it.

use std::collections::HashSet;
use std::fs;
use std::ops::Range;
use std::path::Path;

use crate::error::{Error, Result};
use crate::extract::entities::EntityTagger;
use crate::extract::features::{
    may_continue, tag_features, DocContext, Scratch, BUCKETS, N_TAGS, START, TAGS, TAG_FEATURES,
};
use crate::extract::perceptron::{allowed, spans_from_tags, Model};
use crate::extract::tokens::Tokens;
use crate::extract::EntityType;

/// One document: sentences of (word, tag index) pairs.
pub type Doc = Vec<Vec<(String, u8)>>;

/// The tag index of every word of CoNLL's MISC.
const MISC: u8 = 7;

/// Documents to learn from, and how: a set's steps are scaled by its weight, and a set that
/// does not annotate MISC ("no_misc") does not count a MISC prediction on its `O` words as a
/// mistake.
pub struct TrainSet {
    pub docs: Vec<Doc>,
    pub weight: f32,
    pub no_misc: bool,
}

/// A document's sentences, each with its range of the document's words (as the tagger's
/// [`DocContext`] numbers them).
fn with_ranges(doc: &Doc) -> impl Iterator<Item = (&Vec<(String, u8)>, Range<usize>)> {
    doc.iter().scan(0, |first, sent| {
        let range = *first..*first + sent.len();
        *first = range.end;
        Some((sent, range))
    })
}

/// Reads CoNLL-2003 (`word POS chunk TAG`), `word TAG` or GMB (`word POS TAG`) files: the tag
/// is the last column; `-DOCSTART-` lines split documents, and in a file without them every
/// sentence is a document of its own (so no document feature reaches across unrelated
/// sentences). GMB's tags are mapped onto CoNLL's.
pub fn read_conll(path: &Path) -> Result<Vec<Doc>> {
    let text = fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let split_sentences = !text.lines().any(|l| l.starts_with("-DOCSTART-"));
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
            let new_doc = split_sentences || line.starts_with("-DOCSTART-");
            if new_doc && !docs.last().expect("one doc").is_empty() {
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
        return Some(MISC);
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

/// Trains for `epochs` passes over the sets' documents, shuffled with `seed`; `report` hears
/// each epoch's number and its training-set token error rate.
pub fn train(
    sets: &[TrainSet],
    epochs: usize,
    seed: u64,
    report: &mut dyn FnMut(usize, f64),
) -> Model {
    let n = BUCKETS * N_TAGS;
    let mut w = vec![0f32; n];
    let mut total = vec![0f64; n];
    let mut stamp = vec![0u32; n];
    let mut clock: u32 = 1;
    let mut rng = Rng(seed.max(1));
    let mut order: Vec<(usize, usize)> = sets
        .iter()
        .enumerate()
        .flat_map(|(k, s)| (0..s.docs.len()).map(move |d| (k, d)))
        .collect();
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
        for &(k, d) in &order {
            let set = &sets[k];
            let doc = &set.docs[d];
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
                    let cont = may_continue(&scratch, i);
                    let pred = (0..N_TAGS)
                        .filter(|&t| allowed(p1, t as u8, cont))
                        .max_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(b.cmp(&a)))
                        .unwrap_or(0) as u8;
                    // A set without MISC cannot say a MISC word is wrong.
                    let masked = set.no_misc && pred == MISC && *gold == 0;
                    if pred != *gold && !masked {
                        errors += 1;
                        // Passive-aggressive step: just enough to score the gold tag a margin
                        // of one above the prediction, so a word with many features does not
                        // move the weights more than one with few.
                        let loss = scores[pred as usize] - scores[*gold as usize] + 1.0;
                        let step = set.weight * loss / (2 * feats.len()) as f32;
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

/// Span counts of person, place and organisation, in that order: true positives, predictions
/// and gold spans.
#[derive(Debug, Default, Clone, Copy)]
pub struct Scores {
    pub counts: [[usize; 3]; 3],
}

impl Scores {
    /// Precision, recall and F1 of one kind, or of all three together (`None`).
    pub fn prf(&self, kind: Option<EntityType>) -> (f64, f64, f64) {
        let k = |t| match t {
            EntityType::Person => 0,
            EntityType::Place => 1,
            EntityType::Org => 2,
        };
        let [tp, np, ng] = match kind {
            Some(t) => self.counts[k(t)],
            None => (0..3).fold([0; 3], |a, i| {
                std::array::from_fn(|j| a[j] + self.counts[i][j])
            }),
        };
        let p = tp as f64 / np.max(1) as f64;
        let r = tp as f64 / ng.max(1) as f64;
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (p, r, f)
    }
}

/// A gold span's bytes and kind (`None` for MISC).
type GoldSpan = (Range<usize>, Option<EntityType>);

/// A document as the gold files of `../shared/data` give it to `newsdex extract`: words joined
/// by spaces, sentences by line breaks; with its gold spans as byte ranges (MISC's kind
/// `None`).
fn doc_text(doc: &Doc) -> (String, Vec<GoldSpan>) {
    let mut text = String::new();
    let mut gold = Vec::new();
    let mut tags = Vec::new();
    for sent in doc {
        if !text.is_empty() {
            text.push('\n');
        }
        let mut starts = Vec::with_capacity(sent.len() + 1);
        for (k, (w, _)) in sent.iter().enumerate() {
            if k > 0 {
                text.push(' ');
            }
            starts.push(text.len());
            text.push_str(w);
        }
        let end_of = |j: usize, text: &str| {
            if j < sent.len() {
                starts[j] - 1
            } else {
                text.len()
            }
        };
        tags.clear();
        tags.extend(sent.iter().map(|(_, t)| *t));
        let mut spans = Vec::new();
        spans_from_tags(&tags, 0, &mut spans);
        for s in spans {
            gold.push((starts[s.start]..end_of(s.end, &text), Some(s.kind)));
        }
        let mut k = 0;
        while k < tags.len() {
            let j = k + tags[k..].iter().take_while(|&&t| t == MISC).count();
            if j > k {
                gold.push((starts[k]..end_of(j, &text), None));
                k = j;
            } else {
                k += 1;
            }
        }
    }
    (text, gold)
}

/// Scores `tagger` on tagged documents as `../shared/eval/score.py` scores `newsdex extract` on
/// the same documents as text: every span exact in place and kind, spans of MISC neither
/// rewarded nor penalised.
pub fn evaluate(tagger: &dyn EntityTagger, docs: &[Doc]) -> Scores {
    let kind_index = |k: EntityType| match k {
        EntityType::Person => 0,
        EntityType::Place => 1,
        EntityType::Org => 2,
    };
    let mut scores = Scores::default();
    for doc in docs {
        let (text, gold) = doc_text(doc);
        let t = Tokens::new(&text);
        let predicted: HashSet<(usize, usize, EntityType)> = tagger
            .tag(&t)
            .into_iter()
            .map(|s| {
                let (a, b) = (t.tokens[s.start].start, t.tokens[s.end - 1].end);
                (a as usize, b as usize, s.kind)
            })
            .collect();
        let ignore: HashSet<(usize, usize)> = gold
            .iter()
            .filter(|(_, k)| k.is_none())
            .map(|(r, _)| (r.start, r.end))
            .collect();
        let gold: HashSet<(usize, usize, EntityType)> = gold
            .iter()
            .filter_map(|(r, k)| k.map(|k| (r.start, r.end, k)))
            .collect();
        for &(a, b, k) in &predicted {
            let c = &mut scores.counts[kind_index(k)];
            if gold.contains(&(a, b, k)) {
                c[0] += 1;
                c[1] += 1;
            } else if !ignore.contains(&(a, b)) {
                c[1] += 1;
            }
        }
        for &(_, _, k) in &gold {
            scores.counts[kind_index(k)][2] += 1;
        }
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::perceptron::PerceptronTagger;

    /// A tiny corpus of our own, in `word TAG` columns.
    const CORPUS: &str = "-DOCSTART- O

Maria B-PER
Okafor I-PER
joined O
Acme B-ORG
Robotics I-ORG
in O
Lagos B-LOC
. O

Acme B-ORG
hired O
Okafor B-PER
. O

-DOCSTART- O

Tomas B-PER
Berg I-PER
left O
Oslo B-LOC
for O
Vexo B-ORG
Labs I-ORG
. O
";

    fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
        let p = dir.join(name);
        fs::write(&p, text).expect("temp file");
        p
    }

    #[test]
    fn documents_split_at_docstart_or_else_at_every_sentence() {
        let dir = tempfile::tempdir().expect("temp dir");
        let docs = read_conll(&write(dir.path(), "a.txt", CORPUS)).expect("read");
        assert_eq!(docs.iter().map(Vec::len).collect::<Vec<_>>(), vec![2, 1]);
        assert_eq!(docs[0][0][0], ("Maria".to_string(), 1));
        let plain = CORPUS.replace("-DOCSTART- O\n\n", "");
        let docs = read_conll(&write(dir.path(), "b.txt", &plain)).expect("read");
        assert_eq!(docs.iter().map(Vec::len).collect::<Vec<_>>(), vec![1, 1, 1]);
    }

    /// The same data and seed give the same model, byte for byte; the model learns its data;
    /// and the scorer counts spans as score.py does.
    #[test]
    fn training_is_deterministic_and_scores_what_ships() {
        let dir = tempfile::tempdir().expect("temp dir");
        let docs = read_conll(&write(dir.path(), "a.txt", CORPUS)).expect("read");
        let set = |no_misc| TrainSet {
            docs: docs.clone(),
            weight: 1.0,
            no_misc,
        };
        let bytes = |sets: &[TrainSet], seed| train(sets, 8, seed, &mut |_, _| {}).to_bytes();
        let a = bytes(&[set(false)], 7);
        assert_eq!(a, bytes(&[set(false)], 7));
        assert_ne!(a, bytes(&[set(false), set(true)], 7));
        let model = train(&[set(false)], 8, 7, &mut |_, _| {});
        let scores = evaluate(&PerceptronTagger::new(model), &docs);
        assert_eq!(scores.counts.iter().map(|c| c[2]).sum::<usize>(), 8);
        assert_eq!(scores.prf(None).2, 1.0, "{scores:?}");
    }

    #[test]
    fn gold_spans_are_byte_ranges_of_the_rebuilt_text() {
        let doc: Doc = vec![
            vec![("In".into(), 0), ("New".into(), 3), ("York".into(), 4)],
            vec![
                ("World".into(), MISC),
                ("Cup".into(), MISC),
                ("Acme".into(), 5),
            ],
        ];
        let (text, gold) = doc_text(&doc);
        assert_eq!(text, "In New York\nWorld Cup Acme");
        let spans: Vec<(&str, Option<EntityType>)> =
            gold.iter().map(|(r, k)| (&text[r.clone()], *k)).collect();
        assert_eq!(
            spans,
            vec![
                ("New York", Some(EntityType::Place)),
                ("Acme", Some(EntityType::Org)),
                ("World Cup", None)
            ]
        );
    }
}
