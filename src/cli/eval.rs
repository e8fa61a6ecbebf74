//! `newsdex eval`: score the extractor on gold annotations of the user's own, as
//! `../shared/eval/score.py` does.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use newsdex::eval::{
    format_entities, format_quotes, load_gold, predict, score_entities, score_quotes,
};
use newsdex::extract::Extractor;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum What {
    /// Entity mentions: exact span and type
    Ner,
    /// Quotes and their speakers
    Quotes,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to score
    #[arg(value_enum)]
    what: What,
    /// Gold file: one article a line with `entities` and/or `quotes` (see FORMAT.md)
    gold: PathBuf,
    /// Print up to N misses and false alarms
    #[arg(long, default_value_t = 0)]
    errors: usize,
    /// Print the figures as one JSON object
    #[arg(long)]
    json: bool,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let gold = load_gold(&a.gold)?;
    let pred = predict(&Extractor::default(), &gold);
    let mut errors = Vec::new();
    let (report, json) = match a.what {
        What::Ner => {
            let Some(s) = score_entities(&gold, &pred, a.errors, &mut errors) else {
                bail!("{}: no gold entities", a.gold.display())
            };
            (format_entities(&s), serde_json::to_string(&s)?)
        }
        What::Quotes => {
            let Some(s) = score_quotes(&gold, &pred, a.errors, &mut errors) else {
                bail!("{}: no gold quotes", a.gold.display())
            };
            (format_quotes(&s), serde_json::to_string(&s)?)
        }
    };
    if a.json {
        println!("{json}");
    } else {
        print!("{report}");
        for e in errors {
            println!("    {e}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
