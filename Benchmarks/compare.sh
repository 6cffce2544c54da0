#!/usr/bin/env bash
# Before/after: full and incremental builds of this checkout against another build of the tool
# (BASELINE, with its own Templates folder) on the same rows, in the same run, alternating which
# goes first in each round so that the disk's state hits both alike. Prints every round and the
# median of each.
# Usage: Benchmarks/compare.sh BASELINE_BINARY BASELINE_TEMPLATES [ROWS] [ROUNDS]
#        (default 20000 rows, 3 rounds)
# OURS=/path/to/telemetry-site with OURS_TEMPLATES=its Templates folder puts another build in
# this checkout's place (two older commits against each other, say).
set -euo pipefail
cd "$(dirname "$0")/.."
BASELINE=$1
BASELINE_TEMPLATES=$2
ROWS=${3:-20000}
ROUNDS=${4:-3}
PEERS=${PEERS:-$(cd ../shared/bench/site && pwd)}
source Benchmarks/lib.sh
bench_prepare
OURS=${OURS:-$TOOL}
OURS_TEMPLATES=${OURS_TEMPLATES:-$(pwd)/Templates}
python3 "$PEERS/gen.py" "$ROWS" "$WORK/rows.jsonl" >/dev/null
gen_database compare "$WORK/rows.jsonl"

build() { # build NAME BINARY TEMPLATES [--full] → seconds
  local start
  start=$(now)
  "$2" build ${4:-} --out "$WORK/$1" --state-dir "$WORK/$1-state" --templates "$3" --database-url "$(dsn compare)" >/dev/null 2>&1
  echo "$(now) - $start" | bc
}
add_rows() {
  psql -q -d compare -c "INSERT INTO telemetry_automated_signals_log (received_at, raw_payload, fused_event, handler_result, processing_time_ms)
    SELECT now(), jsonb_build_object('trade_id', 'INC-' || (g % 50), 'event_type', 'MFE_UPDATE', 'mfe', g), NULL, '{\"status\": \"ok\"}', g % 40
      FROM generate_series(1, 1000) g"
}

declare -A full incremental
for round in $(seq "$ROUNDS"); do
  order=(ours baseline)
  ((round % 2 == 0)) && order=(baseline ours)
  for who in "${order[@]}"; do
    rm -rf "$WORK/$who" "$WORK/$who-state"
    settle
    if [ "$who" = ours ]; then binary=$OURS templates=$OURS_TEMPLATES; else binary=$BASELINE templates=$BASELINE_TEMPLATES; fi
    full[$who]+="$(build "$who" "$binary" "$templates" --full) "
  done
  add_rows
  for who in "${order[@]}"; do
    if [ "$who" = ours ]; then binary=$OURS templates=$OURS_TEMPLATES; else binary=$BASELINE templates=$BASELINE_TEMPLATES; fi
    incremental[$who]+="$(build "$who" "$binary" "$templates") "
  done
  last() { local values=($1); echo "${values[-1]}"; }
  echo "round $round (${order[0]} first): full ours $(last "${full[ours]}") s, baseline $(last "${full[baseline]}") s"
done
python3 - "${full[ours]}" "${full[baseline]}" "${incremental[ours]}" "${incremental[baseline]}" "$ROWS" <<'PY'
import statistics, sys
fo, fb, io, ib = ([float(x) for x in a.split()] for a in sys.argv[1:5])
rows = sys.argv[5]
def line(name, ours, base):
    mo, mb = statistics.median(ours), statistics.median(base)
    print(f"{name:<34} ours {' '.join(f'{x:.2f}' for x in ours)} (median {mo:.2f} s)  "
          f"baseline {' '.join(f'{x:.2f}' for x in base)} (median {mb:.2f} s)  ours/baseline {mo / mb:.2f}x")
line(f"full build, {rows} rows", fo, fb)
line("incremental, 1,000 new rows", io, ib)
PY
