#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 600), one after another, on one core.
# Needs cargo-fuzz (`cargo install cargo-fuzz`); RUSTC_BOOTSTRAP lets the stable toolchain
# build it, with no sanitizer. Findings land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
secs=${1:-600}
for t in ingest extract query; do
  mkdir -p "corpus/$t"
  seeds=()
  [ -d "seeds/$t" ] && seeds=("seeds/$t")
  RUSTC_BOOTSTRAP=1 cargo fuzz run -s none -O "$t" "corpus/$t" "${seeds[@]}" -- \
    -max_total_time="$secs" -rss_limit_mb=4096 -max_len=65536 2>&1 | tail -n 15
done
