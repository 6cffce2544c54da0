#!/usr/bin/env bash
# Backfill benchmark: telemetry-site `backfill --all` against the original per-row algorithm
# and the bare INSERT … SELECT (the floor), on the same seeded rows, in the same run.
# Usage: Benchmarks/backfill.sh [SIGNALS]   (default 1,000,000)
# BASELINE=/path/to/an/older/telemetry-site also times that build on the same rows (before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
SIGNALS=${1:-1000000}
PEERS=${PEERS:-../shared/bench}
source Benchmarks/lib.sh
scripts/setup time bc
python3 -c 'import psycopg2' 2>/dev/null || pip install -q psycopg2-binary
swift build -c release --product telemetry-site >/dev/null
TOOL=.build/release/telemetry-site
start_cluster

psql -q -c "CREATE DATABASE seed"
$TOOL seed --signals "$SIGNALS" --database-url "$(dsn seed)"
psql -q -d seed -c "CHECKPOINT"
backfilled() { psql -tA -d "$1" -c "SELECT count(*) FROM telemetry_automated_signals_log WHERE handler_result->>'source' = 'backfill_7L'"; }
fresh() { psql -q -c "CREATE DATABASE $1 TEMPLATE seed" && psql -q -d "$1" -c "CHECKPOINT"; }

fresh tool
state=$(mktemp -d)
start=$(now)
/usr/bin/time -f "%M" -o "$state/rss" $TOOL backfill --all --limit 5000 --state-dir "$state" --database-url "$(dsn tool)" >/dev/null 2>"$state/log"
tool_s=$(echo "$(now) - $start" | bc)
tool_rss_kb=$(tail -1 "$state/rss")
tool_rows=$(backfilled tool)

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

python3 - "$SIGNALS" "$tool_rows" "$tool_s" "$tool_rss_kb" "$bare_rows" "$bare_s" "$per_row_rows" "$per_row_s" $base_line <<'PY'
import sys
signals, tool_rows, tool_s, rss_kb, bare_rows, bare_s, pr_rows, pr_s = sys.argv[1:9]
tool_rows, bare_rows, pr_rows = int(tool_rows), int(bare_rows), int(pr_rows)
tool_s, bare_s, pr_s, rss_mb = float(tool_s), float(bare_s), float(pr_s), int(rss_kb) / 1024
rate = lambda rows, s: rows / s if s else 0
print(f"source signals             {int(signals):>12,}")
print(f"telemetry-site backfill    {tool_rows:>12,} rows  {tool_s:8.2f} s  {rate(tool_rows, tool_s):>10,.0f} rows/s  peak RSS {rss_mb:.1f} MB")
print(f"bare INSERT … SELECT       {bare_rows:>12,} rows  {bare_s:8.2f} s  {rate(bare_rows, bare_s):>10,.0f} rows/s")
print(f"original per-row algorithm {pr_rows:>12,} rows  {pr_s:8.2f} s  {rate(pr_rows, pr_s):>10,.0f} rows/s")
print(f"time vs bare SQL           {tool_s / bare_s:.2f}x   (target <= 1.3x)")
print(f"rows/s vs per-row          {rate(tool_rows, tool_s) / rate(pr_rows, pr_s):.1f}x   (target >= 10x)")
print(f"peak RSS                   {rss_mb:.1f} MB (target < 100 MB)")
if len(sys.argv) > 9:
    base_rows, base_s = int(sys.argv[10]), float(sys.argv[11])
    print(f"baseline (BASELINE)        {base_rows:>12,} rows  {base_s:8.2f} s  {rate(base_rows, base_s):>10,.0f} rows/s")
    print(f"time vs baseline           {tool_s / base_s:.2f}x   (below 1: faster than before)")
if tool_rows != bare_rows:
    print(f"MISMATCH: tool inserted {tool_rows}, bare SQL {bare_rows}")
    sys.exit(1)
PY
