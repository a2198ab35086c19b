#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS from the seed files, keeping what it learns in WORK.
# usage: run-fuzzer.sh FUZZER WORK SECONDS SEED_FILE…
set -euo pipefail
fuzzer=$1 work=$2 seconds=$3
shift 3
mkdir -p "$work/corpus" "$work/artifacts" "$work/seeds"
for f in "$@"; do cp -f "$f" "$work/seeds/"; done
# -rss_limit_mb: any input that makes a reader take more than 2 GB is a finding too.
exec "$fuzzer" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -max_len=65536 \
    -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" "$work/seeds"
