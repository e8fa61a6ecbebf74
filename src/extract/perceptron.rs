//! The trained entity tagger: an averaged perceptron over hashed features, decoding each
//! sentence greedily left to right under the BIO constraints.

use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use super::entities::{EntityTagger, Span};
use super::features::{
    may_continue, tag_features, DocContext, Scratch, BUCKETS, FINGERPRINT, N_TAGS, START,
    TAG_FEATURES,
};
use super::tokens::Tokens;
use super::EntityType;
use crate::error::{Error, Result};

const MAGIC: &[u8; 8] = b"NDXNER03";
/// Magic, then the fingerprint of the features and word lists the model was trained with.
const HEADER: usize = 16;

/// One bucket's weights, a tag each: 16 bytes, aligned so a row is one load.
#[derive(Clone, Copy, Default)]
#[repr(align(16))]
struct Row([i16; N_TAGS]);

/// Weights quantised to 16 bits: `BUCKETS` rows of `N_TAGS` columns.
pub struct Model {
    rows: Vec<Row>,
}

impl Model {
    /// Quantises trained floating-point weights.
    pub fn from_f32(w: &[f32]) -> Self {
        let max = w.iter().fold(0f32, |m, x| m.max(x.abs())).max(1e-9);
        let scale = 32767.0 / max;
        Model {
            rows: w
                .chunks_exact(N_TAGS)
                .map(|c| Row(std::array::from_fn(|k| (c[k] * scale).round() as i16)))
                .collect(),
        }
    }

    /// Reads a model file written by [`Model::to_bytes`].
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Self> {
        let bad = |msg: &str| Error::Data {
            path: path.to_path_buf(),
            msg: msg.to_string(),
        };
        let rest = bytes
            .strip_prefix(MAGIC.as_slice())
            .ok_or_else(|| bad("not a newsdex NER model of this version"))?;
        let (print, rest) = rest
            .split_first_chunk::<8>()
            .ok_or_else(|| bad("model file cut short"))?;
        let print = u64::from_le_bytes(*print);
        if print != *FINGERPRINT {
            return Err(bad(&format!(
                "trained with other features or word lists (fingerprint {print:016x}, this \
                 newsdex {:016x}): retrain it with `newsdex train-ner` (see the README)",
                *FINGERPRINT
            )));
        }
        if rest.len() != BUCKETS * N_TAGS * 2 {
            return Err(bad(
                "model size does not match this newsdex's feature table",
            ));
        }
        let rows = rest
            .chunks_exact(2 * N_TAGS)
            .map(|c| {
                Row(std::array::from_fn(|k| {
                    i16::from_le_bytes([c[2 * k], c[2 * k + 1]])
                }))
            })
            .collect();
        Ok(Model { rows })
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + self.rows.len() * 2 * N_TAGS);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FINGERPRINT.to_le_bytes());
        for w in self.rows.iter().flat_map(|r| r.0) {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// The row of feature `b`. Features are below `BUCKETS` already; the mask says so to
    /// the compiler, which then drops the bounds check from the hottest loop.
    #[inline(always)]
    fn row(&self, b: u32) -> &Row {
        &self.rows[..BUCKETS][b as usize & (BUCKETS - 1)]
    }

    /// Tags one sentence, a range of the document's words; `tags` receives one index into
    /// [`TAGS`] a word.
    pub fn tag_sentence(
        &self,
        doc: &mut DocContext,
        sentence: Range<usize>,
        s: &mut Scratch,
        tags: &mut Vec<u8>,
    ) {
        s.static_features(doc, sentence.clone());
        let n = sentence.len();
        // Every word's static rows first: these loads wait on no decision, so a tight loop
        // keeps many of them in flight (the table is larger than the L2 cache).
        s.scores.clear();
        for i in 0..n {
            let mut acc = [0i32; N_TAGS];
            for &b in &s.feats[s.offsets[i]..s.offsets[i + 1]] {
                add_row(&mut acc, self.row(b));
            }
            s.scores.push(acc);
        }
        tags.clear();
        let (mut p1, mut p2) = (START, START);
        let mut tf = [0u32; TAG_FEATURES];
        for i in 0..n {
            let mut scores = s.scores[i];
            tag_features(p1, p2, s, i, &mut tf);
            for &b in &tf {
                add_row(&mut scores, self.row(b));
            }
            let cont = may_continue(s, i);
            let best = (0..N_TAGS)
                .filter(|&t| allowed(p1, t as u8, cont))
                .max_by_key(|&t| scores[t])
                .unwrap_or(0) as u8;
            tags.push(best);
            p2 = p1;
            p1 = best;
        }
        doc.record(sentence, tags);
    }
}

#[inline(always)]
fn add_row(acc: &mut [i32; N_TAGS], row: &Row) {
    for (a, &w) in acc.iter_mut().zip(&row.0) {
        *a += w as i32;
    }
}

/// The entity kind of a tag (0 person, 1 place, 2 org, 3 misc), `None` for `O`.
#[inline]
fn kind_of(t: u8) -> Option<u8> {
    (t > 0 && t != START).then(|| (t - 1) / 2)
}

#[inline]
fn is_inside(t: u8) -> bool {
    t > 0 && t != START && t.is_multiple_of(2)
}

/// BIO: an `I-X` follows a `B-X` or an `I-X`, and only where the word may continue the name
/// before it (`cont`, see [`may_continue`]).
#[inline]
pub fn allowed(prev: u8, t: u8, cont: bool) -> bool {
    !is_inside(t) || (cont && kind_of(prev) == kind_of(t))
}

/// Spans of person, place and organisation from BIO tags (MISC is dropped).
pub fn spans_from_tags(tags: &[u8], offset: usize, out: &mut Vec<Span>) {
    let mut i = 0;
    while i < tags.len() {
        let Some(kind) = kind_of(tags[i]) else {
            i += 1;
            continue;
        };
        let mut j = i + 1;
        while j < tags.len() && is_inside(tags[j]) && kind_of(tags[j]) == Some(kind) {
            j += 1;
        }
        let kind = match kind {
            0 => Some(EntityType::Person),
            1 => Some(EntityType::Place),
            2 => Some(EntityType::Org),
            _ => None,
        };
        if let Some(kind) = kind {
            out.push(Span {
                start: offset + i,
                end: offset + j,
                kind,
            });
        }
        i = j;
    }
}

/// The committed model, compiled into the binary so no file has to travel with it.
static MODEL_BYTES: &[u8] = include_bytes!("../../models/ner.bin");

/// The built-in model, decoded once per process.
static BUILTIN: LazyLock<Model> = LazyLock::new(|| {
    Model::from_bytes(MODEL_BYTES, Path::new("models/ner.bin"))
        .expect("the model compiled into newsdex matches its feature table")
});

/// The entity tagger trained on CoNLL-2003 (see the README for provenance and scores).
pub struct PerceptronTagger {
    model: &'static Model,
}

impl PerceptronTagger {
    /// The model compiled into the binary.
    pub fn builtin() -> Self {
        PerceptronTagger { model: &BUILTIN }
    }

    /// A tagger with a model of the caller's, such as one just trained.
    pub fn new(model: Model) -> Self {
        PerceptronTagger {
            model: Box::leak(Box::new(model)),
        }
    }

    /// A tagger with the model in `path`, a file `newsdex train-ner` wrote.
    pub fn from_file(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        Ok(Self::new(Model::from_bytes(&bytes, path)?))
    }
}

impl EntityTagger for PerceptronTagger {
    fn spans(&self, t: &Tokens) -> Vec<Span> {
        let mut doc = DocContext::new((0..t.len()).map(|i| t.str(i)));
        let mut scratch = Scratch::default();
        let mut tags = Vec::new();
        let mut out = Vec::new();
        for s in &t.sentences {
            self.model
                .tag_sentence(&mut doc, s.clone(), &mut scratch, &mut tags);
            spans_from_tags(&tags, s.start, &mut out);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_model_matches_this_build() {
        assert!(Model::from_bytes(MODEL_BYTES, Path::new("models/ner.bin")).is_ok());
    }

    /// A model of other features or word lists is refused with a message that says what to do.
    #[test]
    fn a_model_with_another_fingerprint_is_refused() {
        let mut bytes = MODEL_BYTES.to_vec();
        bytes[MAGIC.len()] ^= 1;
        let err = Model::from_bytes(&bytes, Path::new("old.bin"))
            .err()
            .expect("refused")
            .to_string();
        assert!(err.contains("old.bin") && err.contains("retrain"), "{err}");
        let err = Model::from_bytes(b"NDXNER02", Path::new("older.bin"))
            .err()
            .expect("refused")
            .to_string();
        assert!(err.contains("not a newsdex NER model"), "{err}");
        let err = Model::from_bytes(&MODEL_BYTES[..100], Path::new("cut.bin"))
            .err()
            .expect("refused")
            .to_string();
        assert!(err.contains("size"), "{err}");
    }
}
