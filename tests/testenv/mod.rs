//! A temporary copy of the sample corpus and an index directory, and a way to run the real binary
//! against them.

#![allow(dead_code)]

pub mod http;
pub mod server;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use newsdex::index::snapshot::Snapshot;
use serde_json::Value;

pub struct TestEnv {
    pub dir: tempfile::TempDir,
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Every stdout line parsed as JSON.
    pub fn json_lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
            .collect()
    }

    /// The `--json` lines of one `type`.
    pub fn of_type(&self, t: &str) -> Vec<Value> {
        self.json_lines()
            .into_iter()
            .filter(|v| v["type"] == t)
            .collect()
    }
}

impl From<Output> for Run {
    fn from(o: Output) -> Self {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl TestEnv {
    /// An empty temporary directory.
    pub fn empty() -> Self {
        TestEnv {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A temporary copy of `sample-corpus/` at `corpus/`.
    pub fn with_sample_corpus() -> Self {
        let env = Self::empty();
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-corpus"),
            &env.corpus(),
        );
        env
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index_dir(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// Runs `newsdex --index <index> ARGS`, with no colours.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.run_in(&self.index_dir(), args)
    }

    /// Runs `newsdex --index INDEX ARGS`, with no colours.
    pub fn run_in<I, S>(&self, index: &Path, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        Command::new(env!("CARGO_BIN_EXE_newsdex"))
            .arg("--index")
            .arg(index)
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("NEWSDEX_INDEX")
            .current_dir(self.dir.path())
            .output()
            .unwrap()
            .into()
    }

    /// Indexes the corpus copy and checks it went cleanly.
    pub fn index_corpus(&self) -> Value {
        let r = self.run(
            ["index", "--json", "--quiet"]
                .iter()
                .map(|s| s.to_string())
                .chain([self.corpus().display().to_string()]),
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str(r.stdout.trim()).unwrap()
    }
}

impl TestEnv {
    /// Runs `newsdex --index <index> ARGS` with `input` on standard input.
    pub fn run_with_stdin(&self, args: &[&str], input: &[u8]) -> Run {
        self.run_with_stdin_in(&self.index_dir(), args, input)
    }

    /// Runs `newsdex --index INDEX ARGS` with `input` on standard input.
    pub fn run_with_stdin_in(&self, index: &Path, args: &[&str], input: &[u8]) -> Run {
        use std::io::Write;
        let mut child = Command::new(env!("CARGO_BIN_EXE_newsdex"))
            .arg("--index")
            .arg(index)
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("NEWSDEX_INDEX")
            .current_dir(self.dir.path())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_vec();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        out.into()
    }
}

/// The first thing two snapshots disagree on, said briefly.
pub fn difference(got: &Snapshot, want: &Snapshot) -> String {
    let ids = |s: &Snapshot| s.articles.keys().cloned().collect::<Vec<_>>();
    if ids(got) != ids(want) {
        return format!("article ids {:?}, fresh {:?}", ids(got), ids(want));
    }
    for (id, a) in &got.articles {
        if a != &want.articles[id] {
            return format!("article {id}:\n  {a:?}\nfresh:\n  {:?}", want.articles[id]);
        }
    }
    if got.entities != want.entities {
        return format!("entities {:?}\nfresh {:?}", got.entities, want.entities);
    }
    if got.article_facets != want.article_facets {
        return format!(
            "article facets {:?}\nfresh {:?}",
            got.article_facets, want.article_facets
        );
    }
    if got.quote_facets != want.quote_facets {
        return format!(
            "quote facets {:?}\nfresh {:?}",
            got.quote_facets, want.quote_facets
        );
    }
    format!("stats {:?}, fresh {:?}", got.stats, want.stats)
}

/// What the index at `dir` answers, as one comparable value.
pub fn snapshot(dir: &Path) -> Snapshot {
    newsdex::index::NewsIndex::open(dir)
        .unwrap()
        .snapshot()
        .unwrap()
}

/// Panics with the first difference where the index at `got` does not answer as the one at
/// `want` does; returns the snapshot they share.
pub fn assert_same_index(got: &Path, want: &Path) -> Snapshot {
    let (g, w) = (snapshot(got), snapshot(want));
    assert!(
        g == w,
        "{} differs from {}: {}",
        got.display(),
        want.display(),
        difference(&g, &w)
    );
    g
}
