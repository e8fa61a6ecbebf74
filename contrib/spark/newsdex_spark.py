#!/usr/bin/env python3
"""Enrich and index a news archive on a Spark cluster, then merge the shards into one newsdex index.

The job, in three steps (each a newsdex command; Spark only moves bytes and lines):

1. every archive file (local, HDFS or S3 paths, as Spark reads them) is read on an executor by
   `newsdex read --records --stdin-name PATH -`: its articles as records, keyed by the file and
   their place in it exactly as `newsdex index PATH` keys them;
2. the records are spread over N partitions by a hash of the article id (so every copy of an id
   meets the others in one shard, which resolves them as one process would), and each partition
   is piped through `newsdex extract --articles --records -` (the costly step: tagging) into
   `newsdex index --enriched -`, which builds one shard index per partition;
3. the driver joins the shards with `newsdex merge`.

The result answers every query as `newsdex index` of the same files in one process would.

    spark-submit --master local[2] --files target/release/newsdex contrib/spark/newsdex_spark.py \\
        --partitions 4 --output /data/newsdex-index /data/archive
    python3 contrib/spark/newsdex_spark.py --master local[2] --newsdex target/release/newsdex \\
        --output /tmp/ix sample-corpus

The shards are written under --work (default: beside --output), which the executors and the
driver must all see: on a cluster, a shared filesystem (NFS, a mounted bucket). The newsdex binary
is found as --newsdex names it: an absolute path, a file shipped with `spark-submit --files`, or a
name on the executors' PATH. Prints one JSON object of figures on stdout.
"""

import argparse
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
import time
import zlib

# newsdex exits 3 when it finished but skipped some input (each skip is on its stderr).
OK_CODES = (0, 3)
RECORD_PREFIX = '{"newsdex_enriched":1,"id":'


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("inputs", nargs="+", metavar="PATH", help="archive files or directories")
    p.add_argument("--output", required=True, help="the merged index (must not exist or be empty)")
    p.add_argument("--partitions", type=int, default=0,
                   help="shards to build (default: Spark's default parallelism)")
    p.add_argument("--newsdex", default="newsdex",
                   help="the newsdex binary: a path, a file shipped with --files, or a name on PATH")
    p.add_argument("--work", help="directory for the shards (default: OUTPUT.shards)")
    p.add_argument("--master", help="Spark master when run without spark-submit, e.g. local[2]")
    p.add_argument("--memory", type=int, default=128,
                   help="index writer memory per shard, MB (default 128)")
    p.add_argument("--keep-shards", action="store_true", help="leave the shards after merging")
    return p.parse_args(argv)


def resolve_binary(name):
    """The newsdex binary on this machine: as given, shipped with --files, or on PATH."""
    candidates = [name]
    try:
        from pyspark import SparkFiles

        candidates.append(SparkFiles.get(os.path.basename(name)))
    except Exception:  # no SparkContext here (the driver before it starts)
        pass
    for c in candidates:
        if os.path.isfile(c):
            if not os.access(c, os.X_OK):
                os.chmod(c, os.stat(c).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
            return os.path.abspath(c)
    found = shutil.which(name)
    if found:
        return found
    raise RuntimeError(f"newsdex binary {name!r} not found (ship it with --files or put it on PATH)")


def local_name(path):
    """A file's name as newsdex should key it: a local path without Spark's `file:` scheme."""
    if path.startswith("file://"):
        return path[len("file://"):]
    if path.startswith("file:"):
        return path[len("file:"):]
    return path


def run_checked(cmd, **kw):
    r = subprocess.run(cmd, **kw)
    if r.returncode not in OK_CODES:
        raise RuntimeError(f"{' '.join(cmd)} exited with {r.returncode}")
    return r


def read_records(newsdex_name):
    """Step 1, per file: its articles as record lines."""

    def read(path_bytes):
        path, data = path_bytes
        binary = resolve_binary(newsdex_name)
        r = run_checked([binary, "read", "--records", "--stdin-name", local_name(path), "-"],
                        input=data, stdout=subprocess.PIPE)
        return r.stdout.decode("utf-8").splitlines()

    return read


def record_id(line):
    """The article id of a record line, without parsing the whole line."""
    if line.startswith(RECORD_PREFIX):
        return json.JSONDecoder().raw_decode(line, len(RECORD_PREFIX))[0]
    return json.loads(line)["id"]


def id_partition(key):
    """A hash of the id that every Python process agrees on (str.__hash__ is salted per process)."""
    return zlib.crc32(key.encode("utf-8"))


def build_shards(newsdex_name, work, memory):
    """Step 2, per partition: enrich its records and index them into one shard."""

    def build(index, records):
        binary = resolve_binary(newsdex_name)
        shard = os.path.join(work, f"shard-{index:05d}")
        # A retried task starts its shard again.
        shutil.rmtree(shard, ignore_errors=True)
        started = time.time()
        # One task is one core: one tagging thread.
        extract = subprocess.Popen([binary, "extract", "--articles", "--records", "--threads", "1", "-"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        indexer = subprocess.Popen(
            [binary, "--index", shard, "index", "--enriched", "--quiet", "--json",
             "--threads", "1", "--memory", str(memory), "-"],
            stdin=extract.stdout, stdout=subprocess.PIPE)
        extract.stdout.close()
        count = [0]

        def feed():
            try:
                for line in records:
                    extract.stdin.write(line.encode("utf-8"))
                    extract.stdin.write(b"\n")
                    count[0] += 1
            finally:
                extract.stdin.close()

        feeder = threading.Thread(target=feed)
        feeder.start()
        summary = indexer.stdout.read()
        feeder.join()
        for name, proc in (("extract", extract), ("index --enriched", indexer)):
            code = proc.wait()
            if code not in OK_CODES:
                raise RuntimeError(f"newsdex {name} exited with {code} on partition {index}")
        yield {
            "partition": index,
            "shard": shard,
            "records": count[0],
            "seconds": round(time.time() - started, 2),
            "index": json.loads(summary or b"{}"),
        }

    return build


def main(argv):
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("newsdex")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    # Archives are trees (year/month/...): every file under a directory is read.
    sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
    output = os.path.abspath(args.output)
    work = os.path.abspath(args.work or output + ".shards")
    partitions = args.partitions or sc.defaultParallelism
    newsdex = resolve_binary(args.newsdex)
    # In local mode the executors are this machine; elsewhere they look the binary up themselves
    # (the same path, the file shipped with --files, or PATH).
    local = sc.master.startswith("local")
    executor_newsdex = newsdex if local else args.newsdex
    os.makedirs(work, exist_ok=True)

    started = time.time()
    files = sc.binaryFiles(",".join(args.inputs), minPartitions=partitions)
    records = files.flatMap(read_records(executor_newsdex))
    spread = (records.map(lambda line: (record_id(line), line))
              .partitionBy(partitions, id_partition)
              .values())
    shards = spread.mapPartitionsWithIndex(
        build_shards(executor_newsdex, work, args.memory)).collect()
    built = time.time()

    shard_dirs = [s["shard"] for s in sorted(shards, key=lambda s: s["partition"])]
    merged = subprocess.run([newsdex, "--index", output, "merge", "--json", *shard_dirs],
                            stdout=subprocess.PIPE)
    if merged.returncode != 0:
        print(f"newsdex merge exited with {merged.returncode}; shards kept in {work}",
              file=sys.stderr)
        return 1
    done = time.time()
    if not args.keep_shards:
        shutil.rmtree(work, ignore_errors=True)
    merge_summary = json.loads(merged.stdout)
    articles = merge_summary["articles"]
    total = done - started
    print(json.dumps({
        "articles": articles,
        "partitions": partitions,
        "records": sum(s["records"] for s in shards),
        "enrich_and_index_seconds": round(built - started, 2),
        "merge_seconds": round(done - built, 2),
        "seconds": round(total, 2),
        "articles_per_second": round(articles / total, 1) if total > 0 else None,
        "merge_share": round((done - built) / total, 3) if total > 0 else None,
        "output": output,
    }))
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
