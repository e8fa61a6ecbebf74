//! `newsdex train-ner`: retrain the entity tagger from CoNLL-format data, reproducibly.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use newsdex::train::{evaluate, read_conll, train};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training files, CoNLL-2003 (`word POS chunk TAG`) or GMB (`word POS TAG`)
    #[arg(long = "train", required = true, value_name = "FILE")]
    train: Vec<PathBuf>,
    /// Development file, scored after every epoch
    #[arg(long, value_name = "FILE")]
    dev: Option<PathBuf>,
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

pub fn run(a: Args) -> Result<ExitCode> {
    let mut docs = Vec::new();
    for p in &a.train {
        docs.extend(read_conll(p)?);
    }
    let dev = a.dev.as_deref().map(read_conll).transpose()?;
    eprintln!(
        "training on {} documents, {} epochs, seed {}",
        docs.len(),
        a.epochs,
        a.seed
    );
    let model = train(&docs, a.epochs, a.seed, &mut |epoch, err| {
        eprintln!("epoch {epoch:>2}: training token error {:.4}", err);
    });
    if let Some(dev) = &dev {
        let (p, r, f) = evaluate(&model, dev);
        eprintln!("dev person/place/org: P {p:.4} R {r:.4} F1 {f:.4}");
    }
    std::fs::write(&a.out, model.to_bytes())
        .with_context(|| format!("writing {}", a.out.display()))?;
    eprintln!("wrote {}", a.out.display());
    Ok(ExitCode::SUCCESS)
}
