//! `newsdex eval`: score the extractor on gold annotations of the user's own, as
//! `../shared/eval/score.py` does, every block the gold supports.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Result};
use newsdex::eval::{
    format_attributions, format_entities, format_names, format_quotes, load_gold, predict,
    score_entities, score_names, score_quotes,
};
use newsdex::extract::Extractor;

#[derive(Debug, clap::Args)]
pub struct Args {
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
    let entities = score_entities(&gold, &pred, a.errors, &mut errors);
    let names = score_names(&gold, &pred);
    let quotes = score_quotes(&gold, &pred, false, a.errors, &mut errors);
    let has_indirect = gold.iter().any(|g| {
        g["quotes"]
            .as_array()
            .is_some_and(|q| q.iter().any(|q| q["kind"] == "indirect"))
    });
    let attributions = has_indirect
        .then(|| score_quotes(&gold, &pred, true, a.errors, &mut errors))
        .flatten();
    if entities.is_none() && quotes.is_none() {
        bail!("{}: no gold entities or quotes", a.gold.display());
    }
    if a.json {
        let v = serde_json::json!({
            "entities": entities,
            "names": names,
            "quotes": quotes,
            "attributions": attributions,
        });
        println!("{v}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut report = String::new();
    if let Some(s) = &entities {
        report.push_str(&format_entities(s));
    }
    if let Some(s) = &names {
        report.push_str(&format_names(s));
    }
    if let Some(s) = &quotes {
        report.push_str(&format_quotes(s));
    }
    if let Some(s) = &attributions {
        report.push_str(&format_attributions(s));
    }
    print!("{report}");
    for e in errors {
        println!("    {e}");
    }
    Ok(ExitCode::SUCCESS)
}
