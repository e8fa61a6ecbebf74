//! The Spark job (`contrib/spark/newsdex_spark.py`) on the sample corpus with `local[2]`: its
//! merged index must answer every query as `newsdex index` of the same files in one process
//! does. Where pyspark or java is missing the test says what it did not run, and passes: CI
//! installs both (`.ci/run`).

mod testenv;

use std::path::Path;
use std::process::Command;

use testenv::{assert_same_index, TestEnv};

/// Why the job cannot run here, if it cannot.
fn missing() -> Option<String> {
    let works = |cmd: &str, args: &[&str]| {
        Command::new(cmd)
            .args(args)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !works("python3", &["-c", "import pyspark"]) {
        return Some("python3 with pyspark (pip install pyspark)".into());
    }
    if !works("java", &["-version"]) {
        return Some("java (a JDK 17)".into());
    }
    None
}

#[test]
fn spark_job_index_equals_one_process_index() {
    if let Some(what) = missing() {
        eprintln!("NOT RUN: the Spark job test needs {what}; install it to run contrib/spark");
        return;
    }
    let env = TestEnv::with_sample_corpus();
    let direct = env.path("direct");
    let r = env.run_in(
        &direct,
        [
            "index".as_ref(),
            "--quiet".as_ref(),
            env.corpus().as_os_str(),
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("contrib/spark/newsdex_spark.py");
    let out = env.path("spark-index");
    let run = Command::new("python3")
        .arg(&script)
        .args(["--master", "local[2]", "--partitions", "3", "--newsdex"])
        .arg(env!("CARGO_BIN_EXE_newsdex"))
        .arg("--output")
        .arg(&out)
        .arg(env.corpus())
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .env("PYSPARK_PYTHON", "python3")
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "the Spark job failed:\n{stderr}");
    let figures: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(figures["articles"], 41, "{figures}");
    assert_eq!(figures["partitions"], 3, "{figures}");
    assert!(
        !env.path("spark-index.shards").exists(),
        "the shards are removed"
    );
    let snap = assert_same_index(&out, &direct);
    assert!(snap.entities.len() > 100 && snap.stats.1 > 100);
}
