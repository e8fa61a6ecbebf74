//! `newsdex train-ner`: retrain the entity tagger from CoNLL-format data, reproducibly.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::str::FromStr;

use anyhow::{bail, Context, Result};
use newsdex::extract::perceptron::PerceptronTagger;
use newsdex::extract::EntityType;
use newsdex::train::{evaluate, read_conll, train, TrainSet};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training file, CoNLL-2003 (`word POS chunk TAG`), `word TAG` or GMB (`word POS TAG`),
    /// with options after commas: `weight=W` scales its steps, `no-misc` for a set that does
    /// not annotate MISC
    #[arg(
        long = "train",
        required = true,
        value_name = "FILE[,weight=W][,no-misc]"
    )]
    train: Vec<Spec>,
    /// Development file, scored as `newsdex extract` tags it (refinements included) once
    /// training ends; several give a table and their macro average
    #[arg(long, value_name = "FILE")]
    dev: Vec<PathBuf>,
    /// Passes over the training data
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Shuffling seed
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where to write the model
    #[arg(long, default_value = "models/ner.bin")]
    out: PathBuf,
}

/// A training file and how to learn from it.
#[derive(Debug, Clone)]
struct Spec {
    path: PathBuf,
    weight: f32,
    no_misc: bool,
}

impl FromStr for Spec {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, String> {
        let mut parts = s.split(',');
        let path = PathBuf::from(parts.next().unwrap_or_default());
        let mut spec = Spec {
            path,
            weight: 1.0,
            no_misc: false,
        };
        for opt in parts {
            match opt.split_once('=') {
                Some(("weight", w)) => {
                    spec.weight = w.parse().map_err(|_| format!("bad weight {w:?}"))?;
                }
                None if opt == "no-misc" => spec.no_misc = true,
                _ => return Err(format!("unknown option {opt:?} (weight=W, no-misc)")),
            }
        }
        Ok(spec)
    }
}

/// A data file's name in the table: its folder's for `dev.txt`-like names, else its own.
fn label(p: &Path) -> String {
    let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
    match p
        .parent()
        .and_then(|d| d.file_name())
        .and_then(|s| s.to_str())
    {
        Some(dir) if matches!(stem, "dev" | "train" | "test") => format!("{dir}/{stem}"),
        _ => stem.to_string(),
    }
}

pub fn run(a: Args) -> Result<ExitCode> {
    let mut sets = Vec::new();
    for s in &a.train {
        if s.weight <= 0.0 {
            bail!("{}: the weight must be above 0", s.path.display());
        }
        sets.push(TrainSet {
            docs: read_conll(&s.path)?,
            weight: s.weight,
            no_misc: s.no_misc,
        });
    }
    let devs = a
        .dev
        .iter()
        .map(|p| Ok((label(p), read_conll(p)?)))
        .collect::<newsdex::Result<Vec<_>>>()?;
    let docs: usize = sets.iter().map(|s| s.docs.len()).sum();
    eprintln!(
        "training on {docs} documents of {} files, {} epochs, seed {}",
        sets.len(),
        a.epochs,
        a.seed
    );
    let model = train(&sets, a.epochs, a.seed, &mut |epoch, err| {
        eprintln!("epoch {epoch:>2}: training token error {err:.4}");
    });
    std::fs::write(&a.out, model.to_bytes())
        .with_context(|| format!("writing {}", a.out.display()))?;
    eprintln!("wrote {}", a.out.display());
    if !devs.is_empty() {
        let tagger = PerceptronTagger::new(model);
        eprintln!(
            "{:<24} {:>6} {:>6} {:>6} {:>6} {:>6} {:>6}",
            "dev", "P", "R", "F1", "person", "place", "org"
        );
        let mut sum = 0.0;
        for (name, docs) in &devs {
            let s = evaluate(&tagger, docs);
            let (p, r, f) = s.prf(None);
            let f1 = |k| s.prf(Some(k)).2;
            eprintln!(
                "{name:<24} {p:>6.4} {r:>6.4} {f:>6.4} {:>6.4} {:>6.4} {:>6.4}",
                f1(EntityType::Person),
                f1(EntityType::Place),
                f1(EntityType::Org)
            );
            sum += f;
        }
        eprintln!("{:<24} {:>20.4}", "macro F1", sum / devs.len() as f64);
    }
    Ok(ExitCode::SUCCESS)
}
