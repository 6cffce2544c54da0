#!/usr/bin/env bash
# Site benchmark: a full `telemetry-site build` of N rows against Hugo and Python/Jinja2 rendering
# the same rows (../shared/bench/site), and the floor: `cp -r` of the finished output. Then, on the
# largest size, an incremental build after 1,000 new rows.
# Usage: Benchmarks/site.sh [SIZES...]   (default: 10000 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-10000 100000 1000000}")
read -r -a SIZES <<<"${SIZES[*]}"
PEERS=${PEERS:-$(cd ../shared/bench/site && pwd)}
source Benchmarks/lib.sh
scripts/setup time bc hugo
python3 -c 'import jinja2' 2>/dev/null || pip install -q jinja2
swift build -c release --product telemetry-site >/dev/null
TOOL=$(pwd)/.build/release/telemetry-site
TEMPLATES=$(pwd)/Templates
start_cluster
WORK=$BENCH_DIR/work
mkdir -p "$WORK"

timed() { # timed LABEL COMMAND... → sets T (seconds) and RSS (MB); on failure shows the log's end
  local label=$1 start end
  shift
  start=$(now)
  if ! /usr/bin/time -f "%M" -o "$WORK/rss" "$@" >"$WORK/$label.log" 2>&1; then
    tail -5 "$WORK/$label.log"
    local kb
    kb=$(tail -1 "$WORK/rss" | tr -dc 0-9)
    RSS=$(( ${kb:-0} / 1024 ))
    return 1
  fi
  end=$(now)
  T=$(echo "$end - $start" | bc)
  RSS=$(( $(tail -1 "$WORK/rss") / 1024 ))
}
files() { find "$1" -type f | wc -l; }

printf '%-9s %-22s %10s %8s %12s %12s %8s\n' rows contestant seconds files pages/s rows/s RSS_MB
for N in "${SIZES[@]}"; do
  db="site_$N"
  psql -q -c "CREATE DATABASE $db"
  $TOOL seed --schema-only --database-url "$(dsn "$db")" >/dev/null
  python3 "$PEERS/gen.py" "$N" "$WORK/rows.jsonl" >/dev/null
  load_rows "$db" "$WORK/rows.jsonl"
  settle

  rm -rf "$WORK/ours" "$WORK/state"
  timed ours "$TOOL" build --full --out "$WORK/ours" --state-dir "$WORK/state" --templates "$TEMPLATES" --database-url "$(dsn "$db")"
  ours_t=$T; ours_files=$(files "$WORK/ours")
  printf '%-9s %-22s %10.2f %8d %12.0f %12.0f %8d\n' "$N" telemetry-site "$T" "$ours_files" "$(echo "$ours_files / $T" | bc -l)" "$(echo "$N / $T" | bc -l)" "$RSS"

  # Peers: Jinja2 with its default single process and with one process per core (we use both
  # cores too), then Hugo. A peer that fails (Hugo runs out of memory at large sizes) is reported
  # and left out of the ratio. Each output is removed once counted, to keep the disk in bounds.
  peer_rates=()
  for jobs in 1 2; do
    rm -rf "$WORK/jinja"
    settle
    if timed jinja python3 "$PEERS/jinja/render.py" "$WORK/rows.jsonl" "$WORK/jinja" --jobs "$jobs"; then
      jinja_files=$(files "$WORK/jinja")
      printf '%-9s %-22s %10.2f %8d %12.0f %12.0f %8d\n' "$N" "python/jinja2 x$jobs" "$T" "$jinja_files" "$(echo "$jinja_files / $T" | bc -l)" "$(echo "$N / $T" | bc -l)" "$RSS"
      peer_rates+=("$(echo "$jinja_files / $T" | bc -l)")
    else
      printf '%-9s %-22s %s\n' "$N" "python/jinja2 x$jobs" "failed"
    fi
    rm -rf "$WORK/jinja"
  done

  rm -rf "$WORK/hugo"
  mkdir -p "$WORK/hugo"
  python3 "$PEERS/jsonl2hugo.py" "$WORK/rows.jsonl" "$WORK/hugo" >/dev/null
  cp -r "$PEERS/hugo-site/." "$WORK/hugo/"
  settle
  # Hugo holds every page in memory (3.4 GB at 100,000 rows): cap its address space below the
  # machine's memory so at 1,000,000 rows it fails on its own instead of waking the OOM killer.
  if timed hugo sh -c "ulimit -v $((20 * 1024 * 1024)); cd '$WORK/hugo' && hugo --quiet"; then
    hugo_files=$(files "$WORK/hugo/public")
    printf '%-9s %-22s %10.2f %8d %12.0f %12.0f %8d\n' "$N" hugo "$T" "$hugo_files" "$(echo "$hugo_files / $T" | bc -l)" "$(echo "$N / $T" | bc -l)" "$RSS"
    peer_rates+=("$(echo "$hugo_files / $T" | bc -l)")
  else
    printf '%-9s %-22s %s (peak RSS %s MB)\n' "$N" hugo "failed" "$RSS"
  fi
  rm -rf "$WORK/hugo" "$WORK/copy"
  settle
  timed copy cp -r "$WORK/ours" "$WORK/copy"
  copy_t=$T
  printf '%-9s %-22s %10.2f %8d %12.0f %12.0f %8d\n' "$N" "cp -r (floor)" "$T" "$ours_files" "$(echo "$ours_files / $T" | bc -l)" "$(echo "$N / $T" | bc -l)" "$RSS"
  python3 - "$ours_t" "$ours_files" "$copy_t" "${peer_rates[@]}" <<'PY'
import sys
ot, of, ct = map(float, sys.argv[1:4])
ours = of / ot
best = max(map(float, sys.argv[4:]), default=0)
ratio = f"{ours / best:.2f}x" if best else "n/a"
print(f"          pages/s vs fastest peer {ratio} (target >= 2x); time vs cp -r floor {ot / ct:.2f}x (target <= 2x)")
PY
  rm -rf "$WORK/copy"
  LAST_DB=$db
  # Free the disk before the next size (the next contestant waits for it to settle).
  if [ "$N" != "${SIZES[-1]}" ]; then rm -rf "$WORK/ours" "$WORK/state"; fi
done

# Incremental build after 1,000 new rows on the largest site.
psql -q -d "$LAST_DB" -c "INSERT INTO telemetry_automated_signals_log (received_at, raw_payload, fused_event, handler_result, processing_time_ms)
  SELECT now(), jsonb_build_object('trade_id', 'INC-' || (g % 50), 'event_type', 'MFE_UPDATE', 'mfe', g), NULL, '{\"status\": \"ok\"}', g % 40
    FROM generate_series(1, 1000) g"
settle
timed incremental "$TOOL" build --out "$WORK/ours" --state-dir "$WORK/state" --templates "$TEMPLATES" --database-url "$(dsn "$LAST_DB")"
echo "incremental build after 1,000 new rows on ${SIZES[-1]} rows: $(printf '%.2f' "$T") s, peak RSS $RSS MB (target < 2 s)"
grep -o '([a-z]*: [^)]*)' "$WORK/incremental.log" || true
