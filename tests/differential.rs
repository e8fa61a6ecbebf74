//! The differential test: random sequences of what happens to an archive (files added, changed,
//! renamed and deleted, the same article in two files, alias files, merge and split decisions,
//! `--prune`, `kill -9` in the middle of a run), and after every step the index updated run by
//! run must answer exactly as a fresh index of the same files does: the same articles with the
//! same entities, quotes and facets, the same entities listed, the same figures in `stats`.
//!
//! Sequences are generated from a seed and shrunk on failure to the fewest steps that still
//! fail. `NEWSDEX_DIFF_CASES` sets how many sequences run (default 120) and `NEWSDEX_DIFF_SEED`
//! the first seed; the longer run in the README sets thousands.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::Duration;

use newsdex::extract::Extractor;
use newsdex::index::pipeline::{self, Options};
use newsdex::index::snapshot::Snapshot;
use newsdex::index::NewsIndex;
use newsdex::registry::{Decision, Decisions};

mod testenv;

static EXTRACTOR: LazyLock<Extractor> = LazyLock::new(Extractor::default);

/// A small deterministic generator (xorshift), so a seed names a sequence.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const PEOPLE: &[&str] = &[
    "Ann Lee",
    "ANN LEE",
    "Lee",
    "Bo Chen",
    "Bo S. Chen",
    "Cy Diaz",
    "Dee Fox",
];
const PLACES: &[&str] = &["Paris", "Lyon", "Rome", "Kyiv", "PARIS"];
const ORGS: &[&str] = &["Acme Corp", "Globex", "United Nations", "U.N."];
const IDS: &[&str] = &["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"];
const NAMES: &[&str] = &[
    "a.jsonl",
    "b.jsonl",
    "c.json",
    "d.txt",
    "sub/e.jsonl",
    "sub/f.json",
];

/// One article's JSON, with names drawn from a small pool so they repeat, vary and collide.
fn article(r: &mut Rng) -> String {
    let body = format!(
        "“We will {} the plan,” said {} in {}. {} of {} agreed on {}. {} said the talks would go on.",
        r.pick(&["build", "stop", "review"]),
        r.pick(PEOPLE),
        r.pick(PLACES),
        r.pick(PEOPLE),
        r.pick(ORGS),
        r.pick(&["Monday", "Friday"]),
        r.pick(PEOPLE),
    );
    format!(
        r#"{{"id": "{}", "title": "Talks {}", "date": "2019-0{}-1{}", "body": "{}"}}"#,
        r.pick(IDS),
        r.below(9),
        1 + r.below(9),
        r.below(9),
        body.replace('"', "\\\"")
    )
}

/// A file of one to three articles in the form its name says.
fn file_text(r: &mut Rng, name: &str) -> String {
    let n = 1 + r.below(3);
    let arts: Vec<String> = (0..n).map(|_| article(r)).collect();
    if name.ends_with(".jsonl") {
        arts.join("\n") + "\n"
    } else if name.ends_with(".json") {
        format!("[{}]", arts.join(", "))
    } else {
        let v: serde_json::Value = serde_json::from_str(&arts[0]).unwrap();
        format!("Talks\n{}", v["body"].as_str().unwrap())
    }
}

#[derive(Debug, Clone)]
enum Op {
    Write(String, String),
    Rename(String, String),
    Delete(String),
    Index {
        prune: bool,
        aliases: Option<BTreeMap<String, String>>,
    },
    /// `newsdex index` killed after this many milliseconds, then nothing else (the next index
    /// run must complete it).
    Killed(u64),
    Decide(Decision),
    Forget,
}

fn generate(seed: u64, kills: bool) -> Vec<Op> {
    let mut r = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut ops = Vec::new();
    let steps = 4 + r.below(8);
    for _ in 0..steps {
        let name = r.pick(NAMES).to_string();
        let op = match r.below(100) {
            0..=29 => Op::Write(name.clone(), file_text(&mut r, &name)),
            30..=37 => Op::Rename(name, r.pick(NAMES).to_string()),
            38..=45 => Op::Delete(name),
            46..=71 => Op::Index {
                prune: r.below(3) == 0,
                aliases: None,
            },
            72..=76 => {
                let mut m = BTreeMap::new();
                m.insert(r.pick(PEOPLE).to_string(), r.pick(PEOPLE).to_string());
                Op::Index {
                    prune: false,
                    aliases: Some(m),
                }
            }
            77..=84 => Op::Decide(match r.below(3) {
                0 => Decision::Split {
                    variant: r.pick(PEOPLE).to_string(),
                },
                1 => Decision::Merge {
                    into: r.pick(ORGS).to_string(),
                    name: r.pick(ORGS).to_string(),
                },
                _ => Decision::Merge {
                    into: r.pick(PEOPLE).to_string(),
                    name: r.pick(PEOPLE).to_string(),
                },
            }),
            85..=89 => Op::Forget,
            _ if kills => Op::Killed(5 + r.below(120) as u64),
            _ => Op::Index {
                prune: true,
                aliases: None,
            },
        };
        ops.push(op);
    }
    ops.push(Op::Index {
        prune: r.below(2) == 0,
        aliases: None,
    });
    ops
}

/// The world a sequence runs in: the corpus, the index updated step by step, and what the index
/// should remember (files deleted without `--prune` keep their articles).
struct World {
    root: tempfile::TempDir,
    /// Path (relative to the corpus) -> bytes as last indexed, for files the index holds.
    remembered: BTreeMap<String, String>,
    decisions: Decisions,
    /// `Some(binary)` to run `index` as a process (the kill cases).
    binary: Option<PathBuf>,
}

fn options(prune: bool, decisions: Vec<Decision>) -> Options {
    Options {
        threads: 2,
        memory_bytes: 30 << 20,
        commit_every: 3,
        prune,
        decisions,
        ..Options::default()
    }
}

impl World {
    fn new(binary: Option<PathBuf>) -> Self {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("corpus")).unwrap();
        World {
            root,
            remembered: BTreeMap::new(),
            decisions: Decisions::default(),
            binary,
        }
    }

    fn corpus(&self) -> PathBuf {
        self.root.path().join("corpus")
    }

    fn index_dir(&self) -> PathBuf {
        self.root.path().join("index")
    }

    fn files(&self) -> BTreeMap<String, String> {
        let mut out = BTreeMap::new();
        for rel in NAMES {
            if let Ok(text) = std::fs::read_to_string(self.corpus().join(rel)) {
                out.insert(rel.to_string(), text);
            }
        }
        out
    }

    fn write(&self, rel: &str, text: &str) {
        let p = self.corpus().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// One `index` run of the corpus into `dir`, in process or as the binary.
    fn index(&self, dir: &Path, prune: bool, decisions: Vec<Decision>) -> Result<(), String> {
        if let Some(bin) = &self.binary {
            let mut cmd = Command::new(bin);
            cmd.arg("--index")
                .arg(dir)
                .args(["index", "--quiet", "--commit-every", "3"]);
            if prune {
                cmd.arg("--prune");
            }
            let aliases = self.root.path().join("aliases.json");
            if !decisions.is_empty() {
                let map = Decisions { decisions }.to_alias_map();
                std::fs::write(&aliases, serde_json::to_string(&map).unwrap()).unwrap();
                cmd.arg("--aliases").arg(&aliases);
            }
            let out = cmd.arg(self.corpus()).output().unwrap();
            return match out.status.code() {
                Some(0) | Some(3) => Ok(()),
                _ => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
            };
        }
        let ix = NewsIndex::open_or_create(dir).map_err(|e| e.to_string())?;
        pipeline::run(
            &ix,
            &EXTRACTOR,
            &[self.corpus()],
            &options(prune, decisions),
            &|_| {},
        )
        .map(|_| ())
        .map_err(|e| e.to_string())
    }

    fn snapshot(dir: &Path) -> Snapshot {
        let ix = NewsIndex::open(dir).unwrap();
        ix.snapshot().unwrap()
    }

    /// Makes the corpus hold exactly `files` (relative path -> text).
    fn set_files(&self, files: &BTreeMap<String, String>) {
        for rel in NAMES {
            match files.get(*rel) {
                Some(text) => self.write(rel, text),
                None => {
                    let _ = std::fs::remove_file(self.corpus().join(rel));
                }
            }
        }
    }

    /// A fresh index of what the updated one should hold, with the same decisions: the files as
    /// the last index run saw them (those deleted but not pruned put back) while it is built.
    fn fresh(&self) -> Snapshot {
        let now = self.files();
        self.set_files(&self.remembered);
        let dir = self.root.path().join("fresh");
        let _ = std::fs::remove_dir_all(&dir);
        self.index(&dir, false, self.decisions.decisions.clone())
            .expect("fresh index");
        self.set_files(&now);
        let snap = Self::snapshot(&dir);
        std::fs::remove_dir_all(&dir).unwrap();
        snap
    }

    /// What the index holds after an index run: every file there now, those gone if not pruned.
    fn indexed(&mut self, prune: bool) {
        let now = self.files();
        if prune {
            self.remembered.retain(|k, _| now.contains_key(k));
        }
        self.remembered.extend(now);
    }

    /// Runs one step; `Some` with a difference where the updated index and a fresh one disagree.
    fn step(&mut self, op: &Op) -> Option<String> {
        match op {
            Op::Write(rel, text) => {
                self.write(rel, text);
                return None;
            }
            Op::Rename(from, to) => {
                let (a, b) = (self.corpus().join(from), self.corpus().join(to));
                if from == to || !a.exists() {
                    return None;
                }
                std::fs::create_dir_all(b.parent().unwrap()).unwrap();
                std::fs::rename(a, b).unwrap();
                return None;
            }
            Op::Delete(rel) => {
                let _ = std::fs::remove_file(self.corpus().join(rel));
                return None;
            }
            Op::Index { prune, aliases } => {
                let new: Vec<Decision> = aliases
                    .iter()
                    .flat_map(|m| {
                        let path = self.root.path().join("aliases.json");
                        std::fs::write(&path, serde_json::to_string(m).unwrap()).unwrap();
                        Decisions::read_alias_file(&path).unwrap()
                    })
                    .collect();
                if let Err(e) = self.index(&self.index_dir(), *prune, new.clone()) {
                    return Some(format!("index run failed: {e}"));
                }
                self.decisions.extend(new);
                self.indexed(*prune);
            }
            Op::Killed(ms) => {
                let bin = self.binary.clone()?;
                let mut child = Command::new(bin)
                    .arg("--index")
                    .arg(self.index_dir())
                    .args(["index", "--quiet", "--commit-every", "2"])
                    .arg(self.corpus())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap();
                std::thread::sleep(Duration::from_millis(*ms));
                let _ = child.kill();
                let _ = child.wait();
                // What a killed run leaves is not compared: the next run must complete it.
                return None;
            }
            Op::Decide(d) => {
                if !self.index_dir().join("newsdex.json").exists() {
                    return None;
                }
                self.decisions.extend([d.clone()]);
                let ix = NewsIndex::open(&self.index_dir()).unwrap();
                let _lock = ix.lock().unwrap();
                ix.set_decisions(&self.decisions).unwrap();
                ix.rebuild_registry().unwrap();
            }
            Op::Forget => {
                if !self.index_dir().join("newsdex.json").exists() {
                    return None;
                }
                self.decisions = Decisions::default();
                let ix = NewsIndex::open(&self.index_dir()).unwrap();
                let _lock = ix.lock().unwrap();
                ix.set_decisions(&self.decisions).unwrap();
                ix.rebuild_registry().unwrap();
            }
        }
        if !self.index_dir().join("newsdex.json").exists() {
            return None;
        }
        let (got, want) = (Self::snapshot(&self.index_dir()), self.fresh());
        (got != want).then(|| testenv::difference(&got, &want))
    }
}

/// Runs a sequence: `Some((step, difference))` at the first step where the two disagree.
fn run(ops: &[Op], binary: Option<&Path>) -> Option<(usize, String)> {
    let mut w = World::new(binary.map(Path::to_path_buf));
    ops.iter()
        .enumerate()
        .find_map(|(i, op)| w.step(op).map(|d| (i, d)))
}

/// The fewest steps of a failing sequence that still fail: steps taken out one at a time while
/// it keeps failing.
fn shrink(mut ops: Vec<Op>, binary: Option<&Path>) -> (Vec<Op>, String) {
    let mut last = run(&ops, binary).expect("it failed").1;
    let mut i = 0;
    while i < ops.len() {
        let mut fewer = ops.clone();
        fewer.remove(i);
        match run(&fewer, binary) {
            Some((_, d)) => {
                ops = fewer;
                last = d;
            }
            None => i += 1,
        }
    }
    (ops, last)
}

fn cases(default: u64) -> (u64, u64) {
    let n = std::env::var("NEWSDEX_DIFF_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    let seed = std::env::var("NEWSDEX_DIFF_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    (seed, n)
}

fn check(seeds: std::ops::Range<u64>, kills: bool, binary: Option<&Path>) {
    for seed in seeds {
        let ops = generate(seed, kills);
        if run(&ops, binary).is_some() {
            let (ops, diff) = shrink(ops, binary);
            panic!(
                "seed {seed}: the updated index and a fresh one differ after these steps:\n{ops:#?}\n{diff}"
            );
        }
    }
}

#[test]
fn incremental_index_equals_fresh_index() {
    let (seed, n) = cases(120);
    check(seed..seed + n, false, None);
}

/// The same through the binary, with `kill -9` at random points of a run.
#[test]
fn killed_runs_are_completed_by_the_next() {
    let (seed, n) = cases(8);
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_newsdex"));
    check(seed..seed + n.clamp(1, 8), true, Some(&bin));
}

/// The first article of a generated file, given another id.
fn with_id(text: &str, id: &str) -> String {
    let first = text.lines().next().unwrap();
    let mut v: serde_json::Value =
        serde_json::from_str(first.trim_start_matches('[').trim_end_matches(']'))
            .unwrap_or_else(|_| serde_json::from_str(first).unwrap());
    v["id"] = id.into();
    v.to_string()
}

/// The cases the issue named, spelled out, so they are always among the sequences.
#[test]
fn the_named_cases_hold() {
    let mut r = Rng(7);
    let a = file_text(&mut r, "a.jsonl");
    let b = file_text(&mut r, "b.jsonl");
    let same_id = a.lines().next().unwrap().to_string() + "\n";
    for ops in [
        // Prune twice.
        vec![
            Op::Write("a.jsonl".into(), a.clone()),
            Op::Write("b.jsonl".into(), b.clone()),
            Op::Index {
                prune: false,
                aliases: None,
            },
            Op::Delete("b.jsonl".into()),
            Op::Index {
                prune: true,
                aliases: None,
            },
            Op::Index {
                prune: true,
                aliases: None,
            },
        ],
        // The same article in two files, the winning copy deleted and pruned.
        vec![
            Op::Write("a.jsonl".into(), same_id.clone()),
            Op::Write("b.jsonl".into(), same_id.clone()),
            Op::Index {
                prune: false,
                aliases: None,
            },
            Op::Delete("b.jsonl".into()),
            Op::Index {
                prune: true,
                aliases: None,
            },
        ],
        // Aliases given once, then a file changed.
        vec![
            Op::Write("a.jsonl".into(), a.clone()),
            Op::Index {
                prune: false,
                aliases: Some(BTreeMap::from([("Lee".into(), "Bo Chen".into())])),
            },
            Op::Write("a.jsonl".into(), b.clone()),
            Op::Index {
                prune: false,
                aliases: None,
            },
        ],
        // The copy that wins goes, and the copy that comes outranks a shadow that must come back:
        // a1 in b.jsonl and twice in sub/f.json (which wins); then sub/f.json without it and a
        // new a.jsonl with it: b.jsonl's copy outranks a.jsonl's.
        vec![
            Op::Write(
                "b.jsonl".into(),
                format!("{}\n{}\n", with_id(&b, "a2"), with_id(&a, "a1")),
            ),
            Op::Write(
                "sub/f.json".into(),
                format!("[{}, {}]", with_id(&a, "a1"), with_id(&b, "a1")),
            ),
            Op::Index {
                prune: false,
                aliases: None,
            },
            Op::Write("sub/f.json".into(), format!("[{}]", with_id(&b, "a7"))),
            Op::Write("a.jsonl".into(), format!("{}\n", with_id(&b, "a1"))),
            Op::Index {
                prune: false,
                aliases: None,
            },
        ],
        // A shadowed copy's winner is in a file that comes to hold nothing but a bad line (a
        // JSON array renamed over JSON Lines): the shadow is read again all the same.
        vec![
            Op::Write("c.json".into(), format!("[{}]", with_id(&a, "a3"))),
            Op::Write(
                "a.jsonl".into(),
                format!("{}\n{}\n", with_id(&a, "a6"), with_id(&b, "a8")),
            ),
            Op::Write(
                "b.jsonl".into(),
                format!("{}\n{}\n", with_id(&b, "a3"), with_id(&a, "a8")),
            ),
            Op::Index {
                prune: true,
                aliases: None,
            },
            Op::Rename("c.json".into(), "b.jsonl".into()),
            Op::Index {
                prune: true,
                aliases: None,
            },
        ],
        // The shadowed copy sits in a file deleted without `--prune`, then the winning copy goes:
        // the deleted file's copy is the article (its file is remembered as it was read), and a
        // later `--prune` forgets the file and all it held.
        vec![
            Op::Write(
                "a.jsonl".into(),
                format!("{}\n{}\n", with_id(&a, "a1"), with_id(&a, "a2")),
            ),
            Op::Write("b.jsonl".into(), format!("{}\n", with_id(&b, "a1"))),
            Op::Index {
                prune: false,
                aliases: None,
            },
            Op::Delete("a.jsonl".into()),
            Op::Write("b.jsonl".into(), format!("{}\n", with_id(&b, "a3"))),
            Op::Index {
                prune: false,
                aliases: None,
            },
            Op::Index {
                prune: true,
                aliases: None,
            },
        ],
        // A decision, then a rename.
        vec![
            Op::Write("a.jsonl".into(), a.clone()),
            Op::Index {
                prune: false,
                aliases: None,
            },
            Op::Decide(Decision::Split {
                variant: "Lee".into(),
            }),
            Op::Rename("a.jsonl".into(), "sub/e.jsonl".into()),
            Op::Index {
                prune: true,
                aliases: None,
            },
        ],
    ] {
        if let Some((step, diff)) = run(&ops, None) {
            panic!("step {step} of {ops:#?}:\n{diff}");
        }
    }
}
