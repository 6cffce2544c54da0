#!/usr/bin/env bash
# Backfill benchmark: telemetry-site `backfill --all` against the original per-row algorithm
# and the bare INSERT … SELECT (the floor), on the same seeded rows, in the same run.
# Usage: Benchmarks/backfill.sh [SIGNALS]   (default 1,000,000)
# Our backfill runs twice on fresh copies of the same rows: --jobs 1 and --jobs JOBS (default:
# the tool's default, one per core, at most 8); the ratios are against the bare statement.
# BASELINE=/path/to/an/older/telemetry-site also times that build on the same rows (before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
SIGNALS=${1:-1000000}
PEERS=${PEERS:-../shared/bench}
source Benchmarks/lib.sh
bench_prepare
python3 -c 'import psycopg2' 2>/dev/null || pip install -q psycopg2-binary

psql -q -c "CREATE DATABASE seed"
$TOOL seed --signals "$SIGNALS" --database-url "$(dsn seed)"
psql -q -d seed -c "CHECKPOINT"
backfilled() { psql -tA -d "$1" -c "SELECT count(*) FROM telemetry_automated_signals_log WHERE handler_result->>'source' = 'backfill_7L'"; }
fresh() { psql -q -c "CREATE DATABASE $1 TEMPLATE seed" && psql -q -d "$1" -c "CHECKPOINT"; }

JOBS=${JOBS:-$(nproc)}
run_tool() { # run_tool DB JOBS → "seconds rss_kb rows"
  local state
  state=$(mktemp -d)
  fresh "$1"
  local start
  start=$(now)
  /usr/bin/time -f "%M" -o "$state/rss" $TOOL backfill --all --limit 5000 --jobs "$2" --state-dir "$state" \
    --database-url "$(dsn "$1")" >/dev/null 2>"$state/log"
  echo "$(echo "$(now) - $start" | bc) $(tail -1 "$state/rss") $(backfilled "$1")"
}
read -r one_s one_rss_kb one_rows <<<"$(run_tool tool1 1)"
read -r tool_s tool_rss_kb tool_rows <<<"$(run_tool tooln "$JOBS")"

base_line=""
if [ -n "${BASELINE:-}" ]; then
  fresh base
  start=$(now)
  "$BASELINE" backfill --all --limit 5000 --state-dir "$(mktemp -d)" --database-url "$(dsn base)" >/dev/null 2>&1
  base_s=$(echo "$(now) - $start" | bc)
  base_line="baseline $(backfilled base) $base_s"
fi

fresh bare
start=$(now)
psql -X -q -d bare -f "$PEERS/backfill_bare.sql"
bare_s=$(echo "$(now) - $start" | bc)
bare_rows=$(backfilled bare)

fresh perrow
per_row_json=$(python3 "$PEERS/backfill_per_row.py" --dsn "$(dsn perrow)" --all)
per_row_rows=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['inserted'])" "$per_row_json")
per_row_s=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['wall_s'])" "$per_row_json")

python3 - "$SIGNALS" "$tool_rows" "$tool_s" "$tool_rss_kb" "$bare_rows" "$bare_s" "$per_row_rows" "$per_row_s" \
  "$JOBS" "$one_rows" "$one_s" "$one_rss_kb" $base_line <<'PY'
import sys
signals, tool_rows, tool_s, rss_kb, bare_rows, bare_s, pr_rows, pr_s = sys.argv[1:9]
jobs, one_rows, one_s, one_rss_kb = int(sys.argv[9]), int(sys.argv[10]), float(sys.argv[11]), int(sys.argv[12]) / 1024
tool_rows, bare_rows, pr_rows = int(tool_rows), int(bare_rows), int(pr_rows)
tool_s, bare_s, pr_s, rss_mb = float(tool_s), float(bare_s), float(pr_s), int(rss_kb) / 1024
rate = lambda rows, s: rows / s if s else 0
print(f"source signals             {int(signals):>12,}")
print(f"telemetry-site, --jobs 1   {one_rows:>12,} rows  {one_s:8.2f} s  {rate(one_rows, one_s):>10,.0f} rows/s  peak RSS {one_rss_kb:.1f} MB")
print(f"telemetry-site, --jobs {jobs:<3} {tool_rows:>12,} rows  {tool_s:8.2f} s  {rate(tool_rows, tool_s):>10,.0f} rows/s  peak RSS {rss_mb:.1f} MB")
print(f"bare INSERT … SELECT       {bare_rows:>12,} rows  {bare_s:8.2f} s  {rate(bare_rows, bare_s):>10,.0f} rows/s")
print(f"original per-row algorithm {pr_rows:>12,} rows  {pr_s:8.2f} s  {rate(pr_rows, pr_s):>10,.0f} rows/s")
print(f"time vs bare SQL, --jobs 1 {one_s / bare_s:.2f}x")
print(f"time vs bare SQL, --jobs {jobs:<2}{tool_s / bare_s:.2f}x   (target <= 1.0x, stretch 0.7x)")
print(f"rows/s vs per-row          {rate(tool_rows, tool_s) / rate(pr_rows, pr_s):.1f}x   (target >= 10x)")
print(f"peak RSS                   {rss_mb:.1f} MB (target < 100 MB)")
if len(sys.argv) > 13:
    base_rows, base_s = int(sys.argv[14]), float(sys.argv[15])
    print(f"baseline (BASELINE)        {base_rows:>12,} rows  {base_s:8.2f} s  {rate(base_rows, base_s):>10,.0f} rows/s")
    print(f"time vs baseline           {tool_s / base_s:.2f}x   (below 1: faster than before)")
if not (tool_rows == one_rows == bare_rows):
    print(f"MISMATCH: tool inserted {one_rows} (--jobs 1) and {tool_rows}, bare SQL {bare_rows}")
    sys.exit(1)
PY
