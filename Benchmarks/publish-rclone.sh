#!/usr/bin/env bash
# Publish benchmark, object storage: after 1,000 new rows on an N-row site, `telemetry-site
# publish --to rclone:…` (the build's change lists, uploaded with rclone --files-from and
# --no-check-dest, one run per header class) against two peers syncing the whole tree: `rclone
# sync` as it comes (size and modification time: on S3 the time is metadata, one HEAD per object
# of the same size) and `rclone sync --checksum --fast-list` (rclone's fastest correct sync of a
# tree to S3: one listing, MD5s from it, no HEAD per object). All three run in the same run, to
# the same bucket of moto's S3 server on loopback, from the same starting state: our first
# publish loads the site as it was before the 1,000 rows (and records the target); before each
# peer the bucket is put back to that state (`rclone sync --checksum` from a hard-linked copy of
# the old site: the incremental build replaces files by renaming, so the copy keeps the old bytes
# and times). Each contestant is verified right after it ran (`publish --verify`, `rclone check`).
# Every contestant uses rclone's default of 4 transfers at a time. moto is one Python process:
# each request costs a few milliseconds, the same order as a real store's round trip. Listings are
# the exception: moto sorts the whole bucket for every page, so a listing of 400,000 keys in S3's
# pages of 1,000 took moto 10 minutes (a real store: seconds). Every contestant lists in pages of
# 100,000 keys (rclone's list_chunk), which moto allows, so a listing costs each side what it
# costs moto to sort the bucket a few times.
# Usage: Benchmarks/publish-rclone.sh [SIZES...]   (default: 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
PEERS=${PEERS:-$(cd ../shared/bench/site && pwd)}
source Benchmarks/lib.sh
bench_sizes "100000" "$@"
bench_prepare rsync rclone
python3 -c 'import moto.server' 2>/dev/null || pip install -q 'moto[server]'

seconds() { echo "$2 - $1" | bc; }
MOTO_PORT=$(free_port)
setsid moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
MOTO=$!
trap 'kill -9 -$MOTO 2>/dev/null; stop_cluster' EXIT
for _ in $(seq 100); do python3 -c "import socket; socket.create_connection(('127.0.0.1', $MOTO_PORT), 0.2)" 2>/dev/null && break; sleep 0.1; done
export RCLONE_CONFIG=$WORK/rclone.conf RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other \
  RCLONE_CONFIG_BENCH_ENDPOINT=http://127.0.0.1:$MOTO_PORT RCLONE_CONFIG_BENCH_REGION=us-east-1 \
  RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=bench RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=bench \
  RCLONE_CONFIG_BENCH_LIST_CHUNK=100000
touch "$RCLONE_CONFIG"
rc() { env -u AWS_CA_BUNDLE rclone "$@"; }
puts() { grep -c '"PUT /' "$WORK/moto.log" || true; }

printf '%-8s %8s %8s %9s %10s %10s %7s %14s %7s %16s %10s\n' rows files changed first_s publish_s sync_s ratio sync_checksum_s ratio PUTs identical
for N in "${SIZES[@]}"; do
  db=r$N site=$WORK/site-$N before=$WORK/before-$N state=$WORK/state-$N remote=bench:site$N/telemetry
  python3 "$PEERS/gen.py" $((N + 1000)) "$WORK/rows.jsonl" >/dev/null
  head -n "$N" "$WORK/rows.jsonl" >"$WORK/base.jsonl"
  tail -n 1000 "$WORK/rows.jsonl" >"$WORK/extra.jsonl"
  gen_database "$db" "$WORK/base.jsonl"
  "$TOOL" build --out "$site" --state-dir "$state" --database-url "$(dsn "$db")" >"$WORK/full.log" 2>&1
  cp -al "$site" "$before"
  start=$(now)
  "$TOOL" publish --out "$site" --state-dir "$state" --to "rclone:$remote" >"$WORK/first-publish.log"
  first_s=$(seconds "$start" "$(now)")

  load_rows "$db" "$WORK/extra.jsonl"
  "$TOOL" build --json --out "$site" --state-dir "$state" --database-url "$(dsn "$db")" >"$WORK/inc.json" 2>/dev/null
  changed=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["changed"])' "$WORK/inc.json")
  files=$(find "$site" -type f | wc -l)

  puts_before=$(puts)
  start=$(now)
  "$TOOL" publish --json --out "$site" --state-dir "$state" --to "rclone:$remote" >"$WORK/ours.json"
  ours_s=$(seconds "$start" "$(now)")
  ours_puts=$(( $(puts) - puts_before ))
  identical=yes
  "$TOOL" publish --out "$site" --state-dir "$state" --to "rclone:$remote" --verify >"$WORK/verify.log" || identical=no

  # peer SECONDS-VARIABLE PUTS-VARIABLE [RCLONE SYNC OPTIONS…]: revert, run, verify.
  peer() {
    local -n seconds_out=$1 puts_out=$2
    shift 2
    rc sync --checksum --fast-list "$before" "$remote" >"$WORK/revert.log" 2>&1
    rc check --fast-list "$before" "$remote" >/dev/null 2>&1 || identical="$identical/revert-failed"
    local puts_before start
    puts_before=$(puts)
    start=$(now)
    rc sync "$@" "$site" "$remote" >"$WORK/peer.log" 2>&1
    seconds_out=$(seconds "$start" "$(now)")
    puts_out=$(( $(puts) - puts_before ))
    rc check --fast-list "$site" "$remote" >/dev/null 2>&1 || identical="$identical/peer-differs"
  }
  peer sync_s sync_puts
  peer checksum_s checksum_puts --checksum --fast-list

  printf '%-8s %8d %8s %9.1f %10.2f %10.2f %6.1fx %14.2f %6.1fx %16s %10s\n' "$N" "$files" "$changed" "$first_s" \
    "$ours_s" "$sync_s" "$(echo "$sync_s / $ours_s" | bc -l)" "$checksum_s" "$(echo "$checksum_s / $ours_s" | bc -l)" \
    "$ours_puts/$sync_puts/$checksum_puts" "$identical"
  cat "$WORK/ours.json" >&2
  echo >&2
  psql -q -c "DROP DATABASE $db"
  rm -rf "$site" "$before" "$state"
done
