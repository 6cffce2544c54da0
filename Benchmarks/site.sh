#!/usr/bin/env bash
# Site benchmark: a full `telemetry-site build` of N rows against peers rendering the same rows
# (../shared/bench/site), and the floor: `cp -r` of the finished output. Then, on the largest
# size, an incremental build after 1,000 new rows.
#
# Same work first: Python/Jinja2 with --twins writes what we write (HTML and Markdown per row, a
# page per trade in both), with one and with two processes (we use both cores); the best of the
# two is the time we compare with. Hugo writes one HTML page per row only, so it is compared per
# file written (files/s), not by time. Both times are also shown against the floor.
# Usage: Benchmarks/site.sh [SIZES...]   (default: 10000 100000 1000000)
# BASELINE=/path/to/an/older/telemetry-site (with BASELINE_TEMPLATES=its Templates folder) also
# times that build's full build on the same rows, right after ours (before/after).
set -euo pipefail
cd "$(dirname "$0")/.."
# SITE_TMPFS=1: the same comparison on tmpfs, in alternating rounds (see site-tmpfs.sh).
if [ "${SITE_TMPFS:-}" = 1 ]; then exec Benchmarks/site-tmpfs.sh "$@"; fi
PEERS=${PEERS:-$(cd ../shared/bench/site && pwd)}
source Benchmarks/lib.sh
bench_sizes "10000 100000 1000000" "$@"
bench_prepare hugo
python3 -c 'import jinja2' 2>/dev/null || pip install -q jinja2
TEMPLATES=$(pwd)/Templates

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
  python3 "$PEERS/gen.py" "$N" "$WORK/rows.jsonl" >/dev/null
  gen_database "$db" "$WORK/rows.jsonl"
  settle

  rm -rf "$WORK/ours" "$WORK/state"
  timed ours "$TOOL" build --full --out "$WORK/ours" --state-dir "$WORK/state" --templates "$TEMPLATES" --database-url "$(dsn "$db")"
  ours_t=$T; ours_files=$(files "$WORK/ours")
  printf '%-9s %-22s %10.2f %8d %12.0f %12.0f %8d\n' "$N" telemetry-site "$T" "$ours_files" "$(echo "$ours_files / $T" | bc -l)" "$(echo "$N / $T" | bc -l)" "$RSS"

  if [ -n "${BASELINE:-}" ]; then
    rm -rf "$WORK/base" "$WORK/base-state"
    settle
    if timed base "$BASELINE" build --full --out "$WORK/base" --state-dir "$WORK/base-state" --templates "${BASELINE_TEMPLATES:?}" --database-url "$(dsn "$db")"; then
      printf '%-9s %-22s %10.2f %8d %12.0f %12.0f %8d\n' "$N" "baseline" "$T" "$(files "$WORK/base")" "$(echo "$(files "$WORK/base") / $T" | bc -l)" "$(echo "$N / $T" | bc -l)" "$RSS"
      echo "          ours vs baseline, time: $(printf '%.2f' "$(echo "$ours_t / $T" | bc -l)")x (below 1: faster than before)"
    fi
    rm -rf "$WORK/base" "$WORK/base-state"
  fi

  # Jinja2 --twins (the same work), one process and one per core; a peer that fails is reported
  # and left out of the ratios. Each output is removed once counted, to keep the disk in bounds.
  peer_rates=()
  twin_t=""
  for jobs in 1 2; do
    rm -rf "$WORK/jinja"
    settle
    if timed jinja python3 "$PEERS/jinja/render.py" "$WORK/rows.jsonl" "$WORK/jinja" --jobs "$jobs" --twins; then
      jinja_files=$(files "$WORK/jinja")
      printf '%-9s %-22s %10.2f %8d %12.0f %12.0f %8d\n' "$N" "jinja2 --twins x$jobs" "$T" "$jinja_files" "$(echo "$jinja_files / $T" | bc -l)" "$(echo "$N / $T" | bc -l)" "$RSS"
      peer_rates+=("$(echo "$jinja_files / $T" | bc -l)")
      if [ -z "$twin_t" ] || (( $(echo "$T < $twin_t" | bc -l) )); then twin_t=$T; fi
    else
      printf '%-9s %-22s %s\n' "$N" "jinja2 --twins x$jobs" "failed"
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
  python3 - "$ours_t" "$ours_files" "$copy_t" "${twin_t:-0}" "${peer_rates[@]}" <<'PY'
import sys
ours_t, ours_files, floor_t, twin_t = map(float, sys.argv[1:5])
rates = list(map(float, sys.argv[5:]))
same = f"{twin_t / ours_t:.2f}x in our favour" if twin_t else "n/a (the peer failed)"
print(f"          same work, time: jinja2 --twins (best of x1, x2) {twin_t:.2f} s / ours {ours_t:.2f} s = {same}")
best = max(rates, default=0)
ratio = f"{ours_files / ours_t / best:.2f}x" if best else "n/a"
print(f"          files/s vs fastest peer (jinja2 --twins, hugo): {ratio}")
peer = f"{twin_t / floor_t:.2f}x" if twin_t else "n/a"
print(f"          against the floor (cp -r of our output, {floor_t:.2f} s): ours {ours_t / floor_t:.2f}x, jinja2 --twins {peer}")
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
