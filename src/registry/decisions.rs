//! The user's decisions about names, kept in the index and applied after every rebuild: "these
//! two are one" (`newsdex names merge`, an alias file's pairs) and "this variant is someone
//! else" (`newsdex names split`). They name names, not entity numbers, so they survive
//! re-indexing, pruning and any change of the automatic rules.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::key::fold;
use crate::error::{Error, Result};

/// One decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Every variant spelled like `name` belongs to the entity of `into`, which goes by `into`.
    Merge { into: String, name: String },
    /// Variants spelled like `variant` are an entity of their own.
    Split { variant: String },
}

/// The decisions in the order they were taken; a later one wins over an earlier one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decisions {
    pub decisions: Vec<Decision>,
}

impl Decisions {
    /// Reads the decisions file; none there means no decisions.
    pub fn load(path: &Path) -> Result<Self> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Error::Data {
                path: path.to_path_buf(),
                msg: format!("line {}: {e}", e.line()),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Decisions::default()),
            Err(e) => Err(Error::io(path, e)),
        }
    }

    /// Writes the decisions file atomically.
    pub fn save(&self, path: &Path) -> Result<()> {
        let tmp = path.with_extension("json.tmp");
        let bytes = serde_json::to_vec_pretty(self).expect("decisions serialise");
        std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e))
    }

    /// Reads an alias file, `{"variant": "canonical name", ...}`: each pair merges the variant
    /// into the canonical name; a name mapped to itself is split off. Pairs are taken in the
    /// order of their variants.
    pub fn read_alias_file(path: &Path) -> Result<Vec<Decision>> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let map: BTreeMap<String, String> =
            serde_json::from_str(&text).map_err(|e| Error::Data {
                path: path.to_path_buf(),
                msg: format!(
                "line {}: {e}; expected one JSON object of \"variant\": \"canonical name\" pairs",
                e.line()
            ),
            })?;
        Ok(map
            .into_iter()
            .map(|(variant, into)| {
                if fold(&variant) == fold(&into) {
                    Decision::Split { variant }
                } else {
                    Decision::Merge {
                        into,
                        name: variant,
                    }
                }
            })
            .collect())
    }

    /// The decisions as an alias file's object (the last decision for a variant wins).
    pub fn to_alias_map(&self) -> BTreeMap<String, String> {
        let mut map = BTreeMap::new();
        for d in &self.decisions {
            match d {
                Decision::Merge { into, name } => map.insert(name.clone(), into.clone()),
                Decision::Split { variant } => map.insert(variant.clone(), variant.clone()),
            };
        }
        map
    }

    /// Adds decisions, dropping earlier ones about the same variant, which they replace. A name
    /// merged into itself is a name of its own, as an alias file says it (`{"X": "X"}`).
    pub fn extend(&mut self, new: impl IntoIterator<Item = Decision>) {
        for d in new {
            let d = match d {
                Decision::Merge { into, name } if fold(&into) == fold(&name) => {
                    Decision::Split { variant: name }
                }
                d => d,
            };
            let about = |d: &Decision| match d {
                Decision::Merge { name, .. } => fold(name),
                Decision::Split { variant } => fold(variant),
            };
            let key = about(&d);
            self.decisions.retain(|old| about(old) != key);
            self.decisions.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_files_become_decisions_and_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("aliases.json");
        std::fs::write(
            &path,
            r#"{"Zelensky": "Volodymyr Zelenskyy", "BERNANKE ON": "Bernanke On"}"#,
        )
        .unwrap();
        let got = Decisions::read_alias_file(&path).unwrap();
        assert_eq!(
            got,
            vec![
                Decision::Split {
                    variant: "BERNANKE ON".into()
                },
                Decision::Merge {
                    into: "Volodymyr Zelenskyy".into(),
                    name: "Zelensky".into()
                },
            ]
        );
        let mut d = Decisions::default();
        d.extend(got);
        d.extend([Decision::Split {
            variant: "zelensky".into(),
        }]);
        let map = d.to_alias_map();
        assert_eq!(map["zelensky"], "zelensky");
        assert!(
            !map.contains_key("Zelensky"),
            "the later decision replaced it"
        );
        let saved = dir.path().join("names.json");
        d.save(&saved).unwrap();
        assert_eq!(Decisions::load(&saved).unwrap(), d);
        assert_eq!(
            Decisions::load(&dir.path().join("none.json")).unwrap(),
            Decisions::default()
        );
        std::fs::write(&path, "{\n  \"a\": 1\n}").unwrap();
        let err = Decisions::read_alias_file(&path).unwrap_err().to_string();
        assert!(
            err.contains("aliases.json") && err.contains("line 2"),
            "{err}"
        );
    }
}
