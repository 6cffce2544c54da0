#!/usr/bin/env bash
# Redaction's cost: full builds of the same rows with redaction on (the default) and off
# (--no-redact), alternating, on two data sets: the demo seeder's (a fifth of the payloads carry
# a passphrase, some handler results a bearer token) and gen.py's (no secrets: the prefilter's
# cost alone). Prints wall and user-CPU seconds per build, medians, and the ratios. Redaction is
# user-space work; system time and wall time here are dominated by ext4 creating files next to
# many just-deleted ones (perf: 79 % of samples in the kernel's recently_deleted), which swings
# between runs by 2-3x whatever the build does, so user CPU is the measure of the cost.
# Usage: Benchmarks/redaction.sh [TRADES] [ROWS] [ROUNDS]   (default 4000 demo trades, 20000 gen.py rows, 3)
set -euo pipefail
cd "$(dirname "$0")/.."
TRADES=${1:-4000}
ROWS=${2:-20000}
ROUNDS=${3:-3}
PEERS=${PEERS:-$(cd ../shared/bench/site && pwd)}
source Benchmarks/lib.sh
bench_prepare
psql -q -c "CREATE DATABASE demo"
"$TOOL" seed --trades "$TRADES" --database-url "$(dsn demo)" >/dev/null
"$TOOL" backfill --all --limit 5000 --state-dir "$WORK/state" --database-url "$(dsn demo)" >/dev/null 2>&1
python3 "$PEERS/gen.py" "$ROWS" "$WORK/rows.jsonl" >/dev/null
gen_database gen "$WORK/rows.jsonl"

for db in demo gen; do
  rows=$(psql -tA -d "$db" -c "SELECT count(*) FROM telemetry_automated_signals_log")
  on=() off=()
  for round in $(seq "$ROUNDS"); do
    order=(on off)
    ((round % 2 == 0)) && order=(off on)
    for mode in "${order[@]}"; do
      flag=""
      [ "$mode" = off ] && flag=--no-redact
      rm -rf "$WORK/site-$mode"
      settle
      /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$TOOL" build --full $flag --out "$WORK/site-$mode" \
        --state-dir "$WORK/state-$mode" --database-url "$(dsn "$db")" >/dev/null 2>&1
      read -r wall user sys <"$WORK/time"
      cpu=$user
      if [ "$mode" = on ]; then on+=("$wall/$cpu"); else off+=("$wall/$cpu"); fi
    done
  done
  masked=$(grep -o '[0-9]* values were masked in [0-9]* of [0-9]* rows' "$WORK/site-on/redactions/index.html" || echo "nothing masked")
  python3 - "$db" "$rows" "$masked" "${on[*]}" "${off[*]}" <<'PY'
import statistics, sys
db, rows, masked, on, off = sys.argv[1:6]
def parse(text):
    pairs = [tuple(map(float, item.split("/"))) for item in text.split()]
    return [p[0] for p in pairs], [p[1] for p in pairs]
(won, con), (woff, coff) = parse(on), parse(off)
med = statistics.median
print(f"{db}: {int(rows):,} rows ({masked})")
print(f"  redaction on   wall {' '.join(f'{x:.2f}' for x in won)} s (median {med(won):.2f})  user {' '.join(f'{x:.2f}' for x in con)} s (median {med(con):.2f})")
print(f"  redaction off  wall {' '.join(f'{x:.2f}' for x in woff)} s (median {med(woff):.2f})  user {' '.join(f'{x:.2f}' for x in coff)} s (median {med(coff):.2f})")
print(f"  cost: user CPU {100 * (med(con) / med(coff) - 1):+.1f} % (target <= 10 %), wall {100 * (med(won) / med(woff) - 1):+.1f} %")
PY
done
