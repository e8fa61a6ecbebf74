//! Scoring against gold annotations, exactly as `../shared/eval/score.py` scores: entities by
//! exact span and type, quotes by 30% overlap, speakers by mention overlap or name.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

use crate::article::Article;
use crate::error::{Error, Result};
use crate::extract::Extractor;
use crate::output::ExtractJson;

const TYPES: [&str; 3] = ["person", "place", "org"];

/// Precision, recall and F1.
pub type Prf = (f64, f64, f64);

fn prf(tp: usize, fp: usize, fn_: usize) -> Prf {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        0.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        0.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

/// Entity scores: per type and micro, with the number of gold mentions.
#[derive(Debug, Serialize)]
pub struct EntityScores {
    pub by_type: Vec<(String, Prf)>,
    pub micro: Prf,
    pub gold: usize,
}

/// Quote scores, as the scorer prints them.
#[derive(Debug, Serialize)]
pub struct QuoteScores {
    pub quote: Prf,
    pub speaker_accuracy: f64,
    pub who_said_what: Prf,
    pub gold: usize,
    pub predicted: usize,
}

/// Reads a gold JSONL file (`FORMAT.md`): one article a line with `entities` and/or `quotes`.
pub fn load_gold(path: &Path) -> Result<Vec<Value>> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|e| Error::Data {
                path: path.to_path_buf(),
                msg: format!("line {}: {e}", n + 1),
            })
        })
        .collect()
}

/// Runs the extractor over the gold articles and returns its output, keyed by id, with the
/// names a registry of all of them gives, as `newsdex extract` prints them.
pub fn predict(extractor: &Extractor, gold: &[Value]) -> HashMap<String, ExtractJson> {
    let mut builder = crate::registry::Builder::new();
    let enriched: Vec<(Article, crate::extract::Enrichment)> = gold
        .iter()
        .map(|g| {
            let s = |k: &str| g[k].as_str().unwrap_or_default();
            let a = Article::from_text(s("id"), s("title"), s("body"));
            let e = extractor.enrich(&a);
            crate::index::Names::of(&a, &e).observe(&mut builder, None);
            (a, e)
        })
        .collect();
    let registry = crate::registry::Registry::from_data(
        &builder.build(&crate::registry::Decisions::default()),
    );
    enriched
        .iter()
        .map(|(a, e)| {
            (
                a.id.clone(),
                ExtractJson::new(a, e).with_registry(&registry),
            )
        })
        .collect()
}

fn num(v: &Value, k: &str) -> Option<usize> {
    v.get(k)?.as_u64().map(|n| n as usize)
}

/// Entity P/R/F1; `errors` receives up to `max_errors` misses and false alarms.
pub fn score_entities(
    gold: &[Value],
    pred: &HashMap<String, ExtractJson>,
    max_errors: usize,
    errors: &mut Vec<String>,
) -> Option<EntityScores> {
    let (mut tp, mut fp, mut fn_) = (HashMap::new(), HashMap::new(), HashMap::new());
    for g in gold {
        let Some(ents) = g.get("entities").and_then(Value::as_array) else {
            continue;
        };
        let body = g["body"].as_str().unwrap_or_default();
        let id = g["id"].as_str().unwrap_or_default();
        let is_counted = |e: &&Value| {
            TYPES.contains(&e["type"].as_str().unwrap_or_default())
                && !e
                    .get("optional")
                    .is_some_and(|o| o.as_bool() != Some(false) && !o.is_null())
        };
        let gspans: HashSet<(usize, usize, String)> = ents
            .iter()
            .filter(is_counted)
            .filter_map(|e| {
                Some((
                    num(e, "start")?,
                    num(e, "end")?,
                    e["type"].as_str()?.to_string(),
                ))
            })
            .collect();
        let ignore: HashSet<(usize, usize)> = ents
            .iter()
            .filter(|e| !is_counted(e))
            .filter_map(|e| Some((num(e, "start")?, num(e, "end")?)))
            .collect();
        let pspans: HashSet<(usize, usize, String)> = pred
            .get(id)
            .map(|p| {
                p.entities
                    .iter()
                    .filter(|e| e.field.is_none() && TYPES.contains(&e.kind.as_str()))
                    .map(|e| (e.start, e.end, e.kind.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let text = |s: &(usize, usize, String)| body.get(s.0..s.1).unwrap_or("").to_string();
        for s in &pspans {
            if gspans.contains(s) {
                *tp.entry(s.2.clone()).or_insert(0) += 1;
            } else if !ignore.contains(&(s.0, s.1)) {
                *fp.entry(s.2.clone()).or_insert(0) += 1;
                if errors.len() < max_errors {
                    errors.push(format!("FP {:6} {:?} in {id}", s.2, text(s)));
                }
            }
        }
        for s in gspans.difference(&pspans) {
            *fn_.entry(s.2.clone()).or_insert(0) += 1;
            if errors.len() < max_errors {
                errors.push(format!("FN {:6} {:?} in {id}", s.2, text(s)));
            }
        }
    }
    let total = |m: &HashMap<String, usize>| m.values().sum::<usize>();
    let gold_n = total(&tp) + total(&fn_);
    if gold_n == 0 {
        return None;
    }
    let get = |m: &HashMap<String, usize>, t: &str| m.get(t).copied().unwrap_or(0);
    Some(EntityScores {
        by_type: TYPES
            .iter()
            .map(|t| (t.to_string(), prf(get(&tp, t), get(&fp, t), get(&fn_, t))))
            .collect(),
        micro: prf(total(&tp), total(&fp), total(&fn_)),
        gold: gold_n,
    })
}

/// The scorer's name normalisation: accents and case away, punctuation but `-` to spaces.
fn norm_name(s: &str) -> String {
    let s: String = s
        .nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                ' '
            }
        })
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn names_agree(pred: Option<&str>, gold: Option<&str>) -> bool {
    let (Some(a), Some(b)) = (pred, gold) else {
        return false;
    };
    let (a, b) = (norm_name(a), norm_name(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b || a.rsplit(' ').next() == b.rsplit(' ').next()
}

fn overlap(a0: usize, a1: usize, b0: usize, b1: usize) -> usize {
    a1.min(b1).saturating_sub(a0.max(b0))
}

/// Quote span P/R/F1, speaker accuracy and who-said-what P/R/F1: of quoted text (kinds direct
/// and partial), or with `all_kinds` of every attribution, reported speech included.
pub fn score_quotes(
    gold: &[Value],
    pred: &HashMap<String, ExtractJson>,
    all_kinds: bool,
    max_errors: usize,
    errors: &mut Vec<String>,
) -> Option<QuoteScores> {
    let (mut n_gold, mut n_pred, mut n_match, mut n_spk) = (0, 0, 0, 0);
    for g in gold {
        let Some(quotes) = g.get("quotes").and_then(Value::as_array) else {
            continue;
        };
        let id = g["id"].as_str().unwrap_or_default();
        let body = g["body"].as_str().unwrap_or_default();
        let gq: Vec<&Value> = quotes
            .iter()
            .filter(|q| {
                (all_kinds || q["kind"].as_str().unwrap_or("direct") != "indirect")
                    && num(q, "start").is_some()
            })
            .collect();
        let pq: Vec<&crate::output::QuoteJson> = pred
            .get(id)
            .map(|p| {
                p.quotes
                    .iter()
                    .filter(|q| all_kinds || q.kind != "indirect")
                    .collect()
            })
            .unwrap_or_default();
        n_gold += gq.len();
        n_pred += pq.len();
        let mut pairs = Vec::new();
        for (i, a) in gq.iter().enumerate() {
            let (s, e) = (num(a, "start").unwrap_or(0), num(a, "end").unwrap_or(0));
            for (j, b) in pq.iter().enumerate() {
                let ov = overlap(s, e, b.start, b.end);
                if ov as f64 >= 0.3 * (e.saturating_sub(s)).max(1) as f64 {
                    pairs.push((ov, i, j));
                }
            }
        }
        pairs.sort_unstable_by(|x, y| y.cmp(x));
        let (mut used_g, mut used_p) = (HashSet::new(), HashSet::new());
        for (_, i, j) in pairs {
            if used_g.contains(&i) || used_p.contains(&j) {
                continue;
            }
            used_g.insert(i);
            used_p.insert(j);
            n_match += 1;
            let (a, b) = (gq[i], pq[j]);
            let gs = num(a, "speaker_start");
            let mut ok = match (gs, num(a, "speaker_end"), b.speaker_start, b.speaker_end) {
                (Some(g0), Some(g1), Some(p0), Some(p1)) => overlap(g0, g1, p0, p1) > 0,
                _ => false,
            };
            let gold_speaker = a["speaker"].as_str().filter(|s| !s.is_empty());
            ok = ok || names_agree(b.speaker.as_deref(), gold_speaker);
            ok = ok
                || (gold_speaker.is_none()
                    && gs.is_none()
                    && b.speaker.as_deref().is_none_or(str::is_empty));
            if ok {
                n_spk += 1;
            } else if errors.len() < max_errors {
                let should = gold_speaker.or(a["speaker_mention"].as_str());
                let text: String = a["text"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(70)
                    .collect();
                errors.push(format!(
                    "SPEAKER {:?} should be {should:?}: {text:?} in {id}",
                    b.speaker
                ));
            }
        }
        for (i, a) in gq.iter().enumerate() {
            if !used_g.contains(&i) && errors.len() < max_errors {
                let text: String = a["text"]
                    .as_str()
                    .unwrap_or_default()
                    .chars()
                    .take(80)
                    .collect();
                errors.push(format!("MISSED {text:?} in {id}"));
            }
        }
        for (j, b) in pq.iter().enumerate() {
            if !used_p.contains(&j) && errors.len() < max_errors {
                let text: String = body
                    .get(b.start..b.end)
                    .unwrap_or("")
                    .chars()
                    .take(80)
                    .collect();
                errors.push(format!("EXTRA  {text:?} in {id}"));
            }
        }
    }
    if n_gold == 0 {
        return None;
    }
    Some(QuoteScores {
        quote: prf(n_match, n_pred - n_match, n_gold - n_match),
        speaker_accuracy: if n_match > 0 {
            n_spk as f64 / n_match as f64
        } else {
            0.0
        },
        who_said_what: prf(n_spk, n_pred - n_spk, n_gold - n_spk),
        gold: n_gold,
        predicted: n_pred,
    })
}

/// "Names across articles": B-cubed and article-pair P/R/F1 of the names given to the gold's
/// linked entities (`entity_id`), one unit per article and entity, named as most of its mentions
/// are.
#[derive(Debug, Serialize)]
pub struct NameScores {
    pub b_cubed: Prf,
    pub pairs: Prf,
    pub units: usize,
    pub entities: usize,
    pub entities_in_2plus_articles: usize,
}

pub fn score_names(gold: &[Value], pred: &HashMap<String, ExtractJson>) -> Option<NameScores> {
    // Per unit, the names its mentions got, in the order first seen (ties go to the first).
    // (type, normalised name) of a unit's mentions with their counts.
    type Names = Vec<((String, String), usize)>;
    let mut units: Vec<((String, String), Names)> = Vec::new();
    let mut at: HashMap<(String, String), usize> = HashMap::new();
    for g in gold {
        let id = g["id"].as_str().unwrap_or_default();
        let Some(p) = pred.get(id) else { continue };
        let by_span: HashMap<(usize, usize), &crate::output::EntityJson> = p
            .entities
            .iter()
            .filter(|e| e.field.is_none())
            .map(|e| ((e.start, e.end), e))
            .collect();
        for e in g
            .get("entities")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let (Some(ent), Some(kind)) = (e["entity_id"].as_str(), e["type"].as_str()) else {
                continue;
            };
            if !TYPES.contains(&kind) {
                continue;
            }
            let (Some(s), Some(t)) = (num(e, "start"), num(e, "end")) else {
                continue;
            };
            let Some(m) = by_span.get(&(s, t)) else {
                continue;
            };
            let key = (id.to_string(), ent.to_string());
            let i = *at.entry(key.clone()).or_insert_with(|| {
                units.push((key, Vec::new()));
                units.len() - 1
            });
            let name = (m.kind.clone(), norm_name(&m.name));
            let names = &mut units[i].1;
            match names.iter_mut().find(|(n, _)| *n == name) {
                Some((_, c)) => *c += 1,
                None => names.push((name, 1)),
            }
        }
    }
    if units.is_empty() {
        return None;
    }
    let unit: Vec<(&str, (String, String))> = units
        .iter()
        .map(|((_, ent), names)| {
            let best = names
                .iter()
                .fold(None::<&((String, String), usize)>, |b, x| match b {
                    Some(b) if b.1 >= x.1 => Some(b),
                    _ => Some(x),
                })
                .expect("a unit has a name");
            (ent.as_str(), best.0.clone())
        })
        .collect();
    let mut by_gold: HashMap<&str, usize> = HashMap::new();
    let mut by_pred: HashMap<&(String, String), usize> = HashMap::new();
    let mut both: HashMap<(&str, &(String, String)), usize> = HashMap::new();
    for (g, p) in &unit {
        *by_gold.entry(g).or_default() += 1;
        *by_pred.entry(p).or_default() += 1;
        *both.entry((g, p)).or_default() += 1;
    }
    let n = unit.len() as f64;
    let bp = unit
        .iter()
        .map(|(g, p)| both[&(*g, p)] as f64 / by_pred[p] as f64)
        .sum::<f64>()
        / n;
    let br = unit
        .iter()
        .map(|(g, p)| both[&(*g, p)] as f64 / by_gold[g] as f64)
        .sum::<f64>()
        / n;
    let bf = if bp + br > 0.0 {
        2.0 * bp * br / (bp + br)
    } else {
        0.0
    };
    let pairs =
        |v: &mut dyn Iterator<Item = usize>| v.map(|x| x * (x.max(1) - 1) / 2).sum::<usize>();
    let tp = pairs(&mut both.values().copied());
    let same_pred = pairs(&mut by_pred.values().copied());
    let same_gold = pairs(&mut by_gold.values().copied());
    Some(NameScores {
        b_cubed: (bp, br, bf),
        pairs: prf(tp, same_pred - tp, same_gold - tp),
        units: unit.len(),
        entities: by_gold.len(),
        entities_in_2plus_articles: by_gold.values().filter(|&&v| v > 1).count(),
    })
}

/// The scorer's printed report for names across articles.
pub fn format_names(s: &NameScores) -> String {
    let (bp, br, bf) = s.b_cubed;
    let (pp, pr, pf) = s.pairs;
    format!(
        "names across articles ({} article-entity units, {} entities, {} in two articles or more)\n  B-cubed         P {bp:.3}  R {br:.3}  F1 {bf:.3}\n  article pairs   P {pp:.3}  R {pr:.3}  F1 {pf:.3}\n",
        s.units, s.entities, s.entities_in_2plus_articles
    )
}

/// The scorer's printed report for entities.
pub fn format_entities(s: &EntityScores) -> String {
    let mut out = format!("entities ({} gold mentions)\n", s.gold);
    for (t, (p, r, f)) in s
        .by_type
        .iter()
        .map(|(t, x)| (t.as_str(), *x))
        .chain([("micro", s.micro)])
    {
        let _ = writeln!(out, "  {t:7} P {p:.3}  R {r:.3}  F1 {f:.3}");
    }
    out
}

/// The scorer's printed report for quotes.
pub fn format_quotes(s: &QuoteScores) -> String {
    let (qp, qr, qf) = s.quote;
    let (wp, wr, wf) = s.who_said_what;
    format!(
        "quotes ({} gold, {} predicted)\n  quote span      P {qp:.3}  R {qr:.3}  F1 {qf:.3}\n  speaker accuracy on matched quotes {:.3}\n  who said what   P {wp:.3}  R {wr:.3}  F1 {wf:.3}\n",
        s.gold, s.predicted, s.speaker_accuracy
    )
}

/// The scorer's printed report for every kind of attribution.
pub fn format_attributions(s: &QuoteScores) -> String {
    let (qp, qr, qf) = s.quote;
    let (wp, wr, wf) = s.who_said_what;
    format!(
        "attributions, every kind ({} gold, {} predicted)\n  content span    P {qp:.3}  R {qr:.3}  F1 {qf:.3}\n  speaker accuracy on matched attributions {:.3}\n  who said what   P {wp:.3}  R {wr:.3}  F1 {wf:.3}\n",
        s.gold, s.predicted, s.speaker_accuracy
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_agree_like_the_scorer() {
        for (a, b, want) in [
            ("Donald Trump", "Trump", true),
            ("José Núñez", "jose nunez", true),
            ("Andrea Kendall-Taylor", "Kendall-Taylor", true),
            ("William Taylor", "Andrea Kendall-Taylor", false),
            ("", "Trump", false),
        ] {
            assert_eq!(names_agree(Some(a), Some(b)), want, "{a} / {b}");
        }
    }

    #[test]
    fn scores_a_tiny_gold_set() {
        let body = "“We won,” said Ann Lee in Paris.";
        let at = |w: &str| body.find(w).unwrap();
        let (ann, paris, won) = (at("Ann Lee"), at("Paris"), at("We won,"));
        let gold: Vec<Value> = vec![serde_json::json!({
            "id": "a", "title": "", "body": body,
            "entities": [{"type": "person", "start": ann, "end": ann + 7}, {"type": "place", "start": paris, "end": paris + 5}],
            "quotes": [{"start": won, "end": won + 7, "kind": "direct", "speaker": "Ann Lee", "speaker_start": ann, "speaker_end": ann + 7, "text": "We won,"}]
        })];
        let pred = predict(&Extractor::default(), &gold);
        let mut errors = Vec::new();
        let e = score_entities(&gold, &pred, 10, &mut errors).unwrap();
        assert_eq!(e.micro, (1.0, 1.0, 1.0), "{errors:?}");
        let q = score_quotes(&gold, &pred, false, 10, &mut errors).unwrap();
        assert_eq!(q.who_said_what, (1.0, 1.0, 1.0), "{errors:?}");
    }
}
