#!/usr/bin/env bash
# Instructions each first-pass query of the data compare costs PostgreSQL, counted by callgrind:
# a measure this noisy VM cannot blur (wall and CPU times of the same query drift by ±30 % within
# minutes). Written down in docs/performance.md.
#   bench/pg_instructions.sh [QUERIES [ROWS]]
# builds, in a throw-away cluster, the table bench_compare uses (ROWS rows, default 300,000),
# then runs each line of QUERIES (default bench/first-pass.sql; lines starting with "--" name
# the next query) in a single-user backend under callgrind and prints millions of instructions
# above a `SELECT 1` baseline. The settings are those of Ferry's compare sessions. Needs
# valgrind and Debian's PostgreSQL server; as root, the backend runs as user "postgres".
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
queries=${1:-$here/first-pass.sql}
rows=${2:-300000}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
command -v valgrind >/dev/null || { echo "pg_instructions.sh: valgrind not installed" >&2; exit 2; }
dir=$(mktemp -d /tmp/ferry-pgir.XXXXXX)
trap 'rm -rf "$dir"' EXIT
chmod 755 "$dir"
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
as_server "$bindir/initdb" -D "$dir/data" -U postgres --locale=C.UTF-8 -E UTF8 >/dev/null 2>&1
single() {
    as_server "$bindir/postgres" --single -D "$dir/data" -c max_parallel_workers_per_gather=0 \
        -c jit=off -c enable_sort=off -c shared_buffers=128MB postgres
}
printf '%s\n' \
    "CREATE TABLE t (id bigint PRIMARY KEY, account int NOT NULL, name text, amount numeric(12,2), created timestamptz, active boolean)" \
    "INSERT INTO t SELECT g, g % 9973, 'customer ' || g, (g % 100000) / 100.0, timestamptz '2020-01-01+00' + g * interval '1 second', g % 3 = 0 FROM generate_series(1, $rows) g" \
    "VACUUM ANALYZE t" | single >/dev/null 2>&1
count() {
    printf '%s\n' "$1" >"$dir/q"
    chmod 644 "$dir/q"
    local out
    out=$(as_server valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bindir/postgres" \
        --single -D "$dir/data" -c max_parallel_workers_per_gather=0 -c jit=off \
        -c enable_sort=off -c shared_buffers=128MB postgres <"$dir/q" 2>&1)
    if grep -q 'ERROR:' <<<"$out"; then echo "pg_instructions.sh: query failed: $1" >&2; grep ERROR: <<<"$out" >&2; exit 1; fi
    grep -o 'Collected : [0-9]*' <<<"$out" | grep -o '[0-9]*$'
}
base=$(count "SELECT 1")
name=""
while IFS= read -r q; do
    case "$q" in
    "") ;;
    --*) name=${q#-- } ;;
    *) echo "$(( ($(count "$q") - base) / 1000000 )) M  ${name:-${q:0:80}}"; name="" ;;
    esac
done <"$queries"
