//! `newsdex entities`: the entities of one kind, or of all, with how many articles name them.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use newsdex::facet::FacetKind;
use newsdex::output::json_line;

use super::filters::FilterArgs;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Kind {
    Person,
    Place,
    Org,
    Speaker,
    Author,
}

impl From<Kind> for FacetKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Person => FacetKind::Person,
            Kind::Place => FacetKind::Place,
            Kind::Org => FacetKind::Org,
            Kind::Speaker => FacetKind::Speaker,
            Kind::Author => FacetKind::Author,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which names to list (default: people, places and organisations)
    #[arg(long = "type", value_enum)]
    kind: Option<Kind>,
    /// Count only articles matching these words
    query: Option<String>,
    #[command(flatten)]
    filters: FilterArgs,
    /// Names to list per kind
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// JSON lines: `{"type":"person","name":...,"count":...,"variants":[[name, articles],...]}`
    #[arg(long)]
    json: bool,
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let ix = super::open_index(index_dir)?;
    let req = super::filters::resolve(&ix, &args.filters.to_params(args.query), 0)?;
    let kinds: Vec<FacetKind> = match args.kind {
        Some(k) => vec![k.into()],
        None => vec![FacetKind::Person, FacetKind::Place, FacetKind::Org],
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for &kind in &kinds {
        let lines = ix.entity_lines(kind, &req, args.limit)?;
        if args.json {
            for l in &lines {
                json_line(&mut out, l)?;
            }
        } else {
            if kinds.len() > 1 {
                writeln!(out, "{}:", kind.as_str())?;
            }
            for l in &lines {
                writeln!(out, "{:>7}  {}", l.count, l.name)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
