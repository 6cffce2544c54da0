#!/usr/bin/env bash
# The site benchmark on tmpfs (`SITE_TMPFS=1 Benchmarks/site.sh` runs this): the disk's noise
# out of the way, so what is left is CPU and the kernel's file creation. For each size, in the
# same run and in alternating rounds: our full build, the Jinja2 `--twins` peer (the same
# per-row HTML and Markdown pages and trade pages) in one and in two processes, and the floor:
# `tar | tar` of our own output on the same tmpfs. Prints each contestant's median wall time,
# user CPU and peak RSS, and the ratios the targets are stated in.
# Usage: SITE_TMPFS=1 [ROUNDS=3] Benchmarks/site.sh [SIZES...]   (default: 20000 100000)
# BASELINE=/path/to/an/older/telemetry-site (with BASELINE_TEMPLATES=its Templates folder) times
# that build's full build in every round too, right after ours (before/after in the same run).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-3}
PEERS=${PEERS:-$(cd ../shared/bench/site && pwd)}
source Benchmarks/lib.sh
bench_sizes "20000 100000" "$@"
bench_prepare
python3 -c 'import jinja2' 2>/dev/null || pip install -q jinja2
SHM=$(mktemp -d /dev/shm/telemetry-site-bench.XXXXXX)
trap 'rm -rf "$SHM"; stop_cluster' EXIT

measure() { # measure LABEL COMMAND... → appends "wall user rss_mb" to $SHM/LABEL.times
  local label=$1
  shift
  /usr/bin/time -f "%e %U %M" -o "$SHM/time" "$@" >"$SHM/$label.log" 2>&1 || {
    tail -5 "$SHM/$label.log"
    return 1
  }
  awk '{ printf "%s %s %d\n", $1, $2, $3 / 1024 }' "$SHM/time" >>"$SHM/$label.times"
}
median() { # median LABEL COLUMN
  sort -n -k"$2" "$SHM/$1.times" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}

for N in "${SIZES[@]}"; do
  db="tmpfs_$N"
  python3 "$PEERS/gen.py" "$N" "$SHM/rows.jsonl" >/dev/null
  gen_database "$db" "$SHM/rows.jsonl"
  rm -f "$SHM"/*.times
  for round in $(seq "$ROUNDS"); do
    rm -rf "$SHM/ours" "$SHM/state"
    measure ours "$TOOL" build --full --out "$SHM/ours" --state-dir "$SHM/state" --templates "$(pwd)/Templates" \
      --database-url "$(dsn "$db")"
    if [ -n "${BASELINE:-}" ]; then
      rm -rf "$SHM/base" "$SHM/base-state"
      measure baseline "$BASELINE" build --full --out "$SHM/base" --state-dir "$SHM/base-state" \
        --templates "${BASELINE_TEMPLATES:?}" --database-url "$(dsn "$db")"
      rm -rf "$SHM/base" "$SHM/base-state"
    fi
    for jobs in 1 2; do
      rm -rf "$SHM/jinja"
      measure "jinja$jobs" python3 "$PEERS/jinja/render.py" "$SHM/rows.jsonl" "$SHM/jinja" --jobs "$jobs" --twins
    done
    rm -rf "$SHM/jinja" "$SHM/copy"
    mkdir -p "$SHM/copy"
    measure floor sh -c "tar -C '$SHM/ours' -cf - . | tar -C '$SHM/copy' -xf -"
    rm -rf "$SHM/copy"
    echo "rows $N: round $round of $ROUNDS done" >&2
  done
  ours_files=$(find "$SHM/ours" -type f | wc -l)
  ours_mb=$(du -sm "$SHM/ours" | cut -f1)
  printf '\n%s rows on tmpfs, median of %s rounds (ours: %s files, %s MB)\n' "$N" "$ROUNDS" "$ours_files" "$ours_mb"
  printf '%-22s %9s %9s %8s\n' contestant wall_s user_s RSS_MB
  labels=(ours)
  if [ -n "${BASELINE:-}" ]; then labels+=(baseline); fi
  for label in "${labels[@]}" jinja1 jinja2 floor; do
    printf '%-22s %9s %9s %8s\n' "$label" "$(median "$label" 1)" "$(median "$label" 2)" "$(median "$label" 3)"
  done
  python3 - "$(median ours 1)" "$(median jinja1 1)" "$(median jinja2 1)" "$(median floor 1)" "$(median ours 2)" <<'PY'
import sys
ours, j1, j2, floor, user = map(float, sys.argv[1:])
best = min(j1, j2)
print(f"ours / floor: {ours / floor:.2f}x (target <= 1.3x); ours / best jinja2: {ours / best:.2f}x (target <= 1.0x); user CPU {user:.2f} s")
PY
done
