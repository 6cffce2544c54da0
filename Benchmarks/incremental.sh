#!/usr/bin/env bash
# The nightly case: an incremental build after 1,000 new rows on a site of N rows (default
# 1,000,000), timed with its peak RSS. With BASELINE=/path/to/an/older/telemetry-site (and
# BASELINE_TEMPLATES), that build makes its own full site of the same rows first and its
# incremental build follows ours on the same new rows (before/after in one run).
# Usage: [BASELINE=… BASELINE_TEMPLATES=…] Benchmarks/incremental.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
PEERS=${PEERS:-$(cd ../shared/bench/site && pwd)}
source Benchmarks/lib.sh
bench_prepare
python3 "$PEERS/gen.py" "$N" "$WORK/rows.jsonl" >/dev/null
gen_database inc "$WORK/rows.jsonl"
rm -f "$WORK/rows.jsonl"
url=$(dsn inc)

timed() { # timed LABEL COMMAND... → prints wall seconds, user seconds, peak RSS and the build's reason
  local label=$1
  shift
  /usr/bin/time -f "%e %U %M" -o "$WORK/time" "$@" >"$WORK/$label.log" 2>&1 || { tail -5 "$WORK/$label.log"; exit 1; }
  read -r wall user kb <"$WORK/time"
  printf '%-28s %8.2f s wall %8.2f s user %6d MB  %s\n' "$label" "$wall" "$user" $((kb / 1024)) \
    "$(grep -o '([a-z]*: [^)]*)' "$WORK/$label.log" | head -1)"
}

timed "ours: full build" "$TOOL" build --full --out "$WORK/ours" --state-dir "$WORK/state" --templates "$(pwd)/Templates" --database-url "$url"
if [ -n "${BASELINE:-}" ]; then
  timed "baseline: full build" "$BASELINE" build --full --out "$WORK/base" --state-dir "$WORK/base-state" --templates "${BASELINE_TEMPLATES:?}" --database-url "$url"
fi
psql -q -d inc -c "INSERT INTO telemetry_automated_signals_log (received_at, raw_payload, fused_event, handler_result, processing_time_ms)
  SELECT now(), jsonb_build_object('trade_id', 'INC-' || (g % 50), 'event_type', 'MFE_UPDATE', 'mfe', g), NULL, '{\"status\": \"ok\"}', g % 40
    FROM generate_series(1, 1000) g"
sync
timed "ours: incremental (+1,000)" "$TOOL" build --out "$WORK/ours" --state-dir "$WORK/state" --templates "$(pwd)/Templates" --database-url "$url"
if [ -n "${BASELINE:-}" ]; then
  timed "baseline: incremental (+1,000)" "$BASELINE" build --out "$WORK/base" --state-dir "$WORK/base-state" --templates "${BASELINE_TEMPLATES:?}" --database-url "$url"
fi
