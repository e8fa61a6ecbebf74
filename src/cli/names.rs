//! `newsdex names`: the name registry: an entity with its variants and counts, and the user's
//! decisions (merge, split, an alias file in and out) that every later run keeps.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use newsdex::facet::FacetKind;
use newsdex::output::json_line;
use newsdex::query::registry_entities;
use newsdex::registry::{Decision, Decisions, Registry, Resolution};

use super::entities::Kind;

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct Args {
    #[command(subcommand)]
    action: Option<Action>,
    /// A name to show (without case or accents; one word matches every name with it); without
    /// one, the entities most articles name
    name: Option<String>,
    /// Only entities of this kind
    #[arg(long = "type", value_enum)]
    kind: Option<Kind>,
    /// Entities to list
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// JSON lines: `{"type":..,"name":..,"articles":..,"variants":[{"kind":..,"name":..,"articles":..}]}`
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Record that NAME is the same entity as INTO (which it is then named by)
    Merge {
        /// The entity to keep, by any of its names
        into: String,
        /// The name (every variant spelled so) that joins it
        name: String,
    },
    /// Record that the variant VARIANT of ENTITY is someone else
    Split {
        /// The entity, by any of its names
        entity: String,
        /// The variant to take out (every variant spelled so)
        variant: String,
    },
    /// Print the decisions as an alias file, `{"variant": "canonical name"}`
    Export,
    /// Add the pairs of an alias file to the decisions
    Import {
        /// A JSON object of `"variant": "canonical name"` pairs
        file: PathBuf,
    },
    /// Forget every decision about NAME, or with --all every decision
    Forget {
        /// A name that decisions merged or split (without case or accents)
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        name: Option<String>,
        /// Forget every decision
        #[arg(long)]
        all: bool,
    },
}

pub fn run(index_dir: &Path, args: Args) -> Result<ExitCode> {
    let ix = super::open_index(index_dir)?;
    match args.action {
        None => show(&*ix.registry()?, &args),
        Some(action) => {
            let _lock = ix.lock()?;
            let mut d = ix.decisions()?;
            match action {
                Action::Merge { into, name } => {
                    if newsdex::registry::key::fold(&into) == newsdex::registry::key::fold(&name) {
                        bail!("{into:?} and {name:?} are one name already");
                    }
                    known(&*ix.registry()?, &into)?;
                    known(&*ix.registry()?, &name)?;
                    d.extend([Decision::Merge { into, name }]);
                }
                Action::Split { entity, variant } => {
                    let reg = ix.registry()?;
                    let e = known(&reg, &entity)?;
                    let fold = newsdex::registry::key::fold(&variant);
                    if !reg
                        .variants(e)
                        .any(|v| newsdex::registry::key::fold(v.name) == fold)
                    {
                        bail!(
                            "{} has no variant {variant:?}; `newsdex names {entity:?}` lists them",
                            reg.entity(e).canonical
                        );
                    }
                    d.extend([Decision::Split { variant }]);
                }
                Action::Export => {
                    let mut out = std::io::stdout().lock();
                    serde_json::to_writer_pretty(&mut out, &d.to_alias_map())?;
                    writeln!(out)?;
                    return Ok(ExitCode::SUCCESS);
                }
                Action::Import { file } => d.extend(Decisions::read_alias_file(&file)?),
                Action::Forget { name, all } => match (name, all) {
                    (_, true) => d = Decisions::default(),
                    (Some(n), false) => {
                        let fold = newsdex::registry::key::fold(&n);
                        d.decisions.retain(|x| {
                            let names = match x {
                                Decision::Merge { into, name } => vec![into, name],
                                Decision::Split { variant } => vec![variant],
                            };
                            !names
                                .into_iter()
                                .any(|s| newsdex::registry::key::fold(s) == fold)
                        });
                    }
                    (None, false) => bail!("name a name to forget, or give --all"),
                },
            }
            ix.set_decisions(&d)?;
            ix.rebuild_registry()?;
            eprintln!(
                "newsdex: {} decision{} recorded; the registry is rebuilt",
                d.decisions.len(),
                if d.decisions.len() == 1 { "" } else { "s" }
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The entity a name means, or an error saying what it could be.
fn known(reg: &Registry, name: &str) -> Result<u32> {
    let mut found = Vec::new();
    let mut suggestions = Vec::new();
    for kind in FacetKind::ALL {
        match reg.resolve(kind, name) {
            Resolution::Found(f) => found.extend(f),
            Resolution::NotFound { suggestions: s } => suggestions.extend(s),
        }
    }
    found.sort_unstable();
    found.dedup();
    match found.as_slice() {
        [e] => Ok(*e),
        [] if suggestions.is_empty() => bail!("no entity in the index is named {name:?}"),
        [] => {
            suggestions.sort();
            suggestions.dedup();
            bail!(
                "no entity in the index is named {name:?}; did you mean {}?",
                suggestions.join(", ")
            )
        }
        many => {
            let names: Vec<&str> = many.iter().map(|&e| reg.entity(e).canonical).collect();
            bail!("{name:?} is {}: give the full name", names.join(", "))
        }
    }
}

fn show(reg: &Registry, args: &Args) -> Result<ExitCode> {
    let kind: Option<FacetKind> = args.kind.map(Into::into);
    let entities = registry_entities(reg, args.name.as_deref(), kind, args.limit);
    if let (Some(name), true) = (&args.name, entities.is_empty()) {
        bail!("no entity in the index is named {name:?}");
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for e in entities {
        if args.json {
            json_line(&mut out, &e)?;
            continue;
        }
        let years = match (e.first_year, e.last_year) {
            (Some(a), Some(b)) if a == b => format!(", {a}"),
            (Some(a), Some(b)) => format!(", {a}-{b}"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{} ({}, {} articles{years})",
            e.name, e.kind, e.articles
        )?;
        for v in e.variants {
            writeln!(out, "  {:>7}  {:<8} {}", v.articles, v.kind, v.name)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
