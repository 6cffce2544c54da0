#!/usr/bin/env bash
# Publish benchmark: after 1,000 new rows on an N-row site, `telemetry-site publish` (the build's
# change lists, sent with rsync --files-from in upload-safe order) against `rsync -a --delete` of
# the whole tree, in the same run, doing the same work: both targets are local folders holding
# the site as it was before the 1,000 rows. They are hard-linked copies of it (a 1,000,000-row
# site is about 23 GB; this machine has no room for two more): rsync, ours and the peer's, and
# the incremental build all replace a file by renaming a new one in, so no copy ever shares a
# change. A first `publish` to ours records the target (it finds every file already there).
# The page cache is dropped before each contestant (when the kernel lets us), as for a nightly
# job. Afterwards both targets are compared with the site by checksum (`publish --verify` for
# ours, rsync --checksum --dry-run for the peer's).
# Usage: Benchmarks/publish.sh [SIZES...]   (default: 100000 1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS=${PEERS:-$(cd ../shared/bench/site && pwd)}
source Benchmarks/lib.sh
bench_sizes "100000 1000000" "$@"
bench_prepare rsync

cold() { sync; { echo 3 >/proc/sys/vm/drop_caches; } 2>/dev/null && echo cold || echo warm; }
seconds() { echo "$2 - $1" | bc; }

printf '%-9s %9s %8s %12s %12s %12s %7s %8s %9s\n' rows files changed cache publish rsync_-a ratio RSS_MB identical
for N in "${SIZES[@]}"; do
  db=p$N site=$WORK/site-$N state=$WORK/state-$N ours=$WORK/target-ours-$N peer=$WORK/target-rsync-$N
  python3 "$PEERS/gen.py" $((N + 1000)) "$WORK/rows.jsonl" >/dev/null
  head -n "$N" "$WORK/rows.jsonl" >"$WORK/base.jsonl"
  tail -n 1000 "$WORK/rows.jsonl" >"$WORK/extra.jsonl"
  gen_database "$db" "$WORK/base.jsonl"
  "$TOOL" build --out "$site" --state-dir "$state" --database-url "$(dsn "$db")" >"$WORK/full.log" 2>&1
  cp -al "$site" "$ours"
  cp -al "$site" "$peer"
  "$TOOL" publish --out "$site" --state-dir "$state" --to "$ours" >"$WORK/first-publish.log"

  load_rows "$db" "$WORK/extra.jsonl"
  "$TOOL" build --json --out "$site" --state-dir "$state" --database-url "$(dsn "$db")" >"$WORK/inc.json" 2>/dev/null
  changed=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["changed"], r["mode"])' "$WORK/inc.json")
  files=$(find "$site" -type f | wc -l)
  settle

  cache=$(cold)
  start=$(now)
  /usr/bin/time -f "%M" -o "$WORK/rss" "$TOOL" publish --json --out "$site" --state-dir "$state" --to "$ours" >"$WORK/ours.json"
  ours_s=$(seconds "$start" "$(now)")
  rss=$(( $(tail -1 "$WORK/rss") / 1024 ))
  cold >/dev/null
  start=$(now)
  rsync -a --delete "$site/" "$peer/"
  peer_s=$(seconds "$start" "$(now)")

  identical=yes
  "$TOOL" publish --out "$site" --state-dir "$state" --to "$ours" --verify >"$WORK/verify.log" || identical=no
  [ -z "$(rsync -rlpt --checksum --dry-run --delete --itemize-changes "$site/" "$peer/" | grep -v '^\.' || true)" ] || identical="$identical/peer-differs"
  printf '%-9s %9d %8s %12s %12.2f %12.2f %6.1fx %8d %9s\n' "$N" "$files" "${changed%% *}" "$cache" "$ours_s" "$peer_s" \
    "$(echo "$peer_s / $ours_s" | bc -l)" "$rss" "$identical"
  cat "$WORK/ours.json" >&2
  echo >&2
  psql -q -c "DROP DATABASE $db"
  rm -rf "$site" "$state" "$ours" "$peer"
done
