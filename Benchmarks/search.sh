#!/usr/bin/env bash
# Static search benchmark: our index against Pagefind (pip pagefind-bin) in the same run.
#
#   Benchmarks/search.sh [SIZES…]        (default: 100000 1000000 rows of gen.py)
#   PF_SIZES="10000 100000"              the sizes Pagefind indexes (our HTML site of that size)
#
# For each of SIZES: a full build (time, peak RSS, the index's share of the build: `search_ms`
# of the build report, and its size), the bytes a browser transfers for 20 fixed queries (5
# trade ids, 5 trade prefixes, 5 parts from inside trade ids (the time of day), 10 filter + date-range combinations of at most 31 days) from the
# site served by nginx with gzip, as a static host serves it (bytes sent, from
# the server's access log, nothing cached), then 1,000 new rows and the incremental build (time, index bytes
# rewritten). For each of PF_SIZES: Pagefind indexing the same HTML site (time, peak RSS, index
# size; 30 minutes at most) and the bytes of the free-text queries both can answer (trade ids
# and validation-error words), ours for the same queries beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a PF_SIZES <<<"${PF_SIZES:-10000 100000}"
PEERS=${PEERS:-$(cd ../shared/bench/site && pwd)}
source Benchmarks/lib.sh
bench_sizes "100000 1000000" "$@"
bench_prepare nginx chromium chromium-driver
python3 -c 'import selenium, pagefind_bin' 2>/dev/null || pip install -q selenium pagefind-bin
RESULTS=$WORK/results.jsonl
: >"$RESULTS"


serve() { # serve SITE → URL; nginx with gzip (as a static host), stopped by stop_serving
  local prefix=$WORK/nginx port
  mkdir -p "$prefix"
  port=$(free_port)
  cat >"$prefix/nginx.conf" <<CONF
worker_processes 1; pid $prefix/nginx.pid; error_log $prefix/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types; default_type application/octet-stream; sendfile on;
  log_format sent '\$request_uri \$body_bytes_sent'; access_log $prefix/access.log sent;
  gzip on; gzip_min_length 256; gzip_types application/javascript text/javascript text/css application/json application/wasm application/octet-stream;
  client_body_temp_path $prefix/b; proxy_temp_path $prefix/p; fastcgi_temp_path $prefix/f; uwsgi_temp_path $prefix/u; scgi_temp_path $prefix/s;
  server { listen 127.0.0.1:$port; root $1; index index.html; }
}
CONF
  nginx -p "$prefix" -c "$prefix/nginx.conf"
  URL=http://127.0.0.1:$port
  ACCESS_LOG=$prefix/access.log
  for _ in $(seq 100); do curl -s -o /dev/null "$URL/index.html" && return 0; sleep 0.1; done
}
stop_serving() { kill "$(cat "$WORK/nginx/nginx.pid")" 2>/dev/null || true; sleep 0.3; }

# Rows: one gen.py file per size plus 1,000 more (the same seed: the first N rows are the same).
for size in $(printf '%s\n' "${SIZES[@]}" "${PF_SIZES[@]}" | sort -n -u); do
  db=s$size site=$WORK/site-$size state=$WORK/state-$size
  python3 "$PEERS/gen.py" $((size + 1000)) "$WORK/rows.jsonl" >/dev/null
  head -n "$size" "$WORK/rows.jsonl" >"$WORK/base.jsonl"
  tail -n 1000 "$WORK/rows.jsonl" >"$WORK/extra.jsonl"
  gen_database "$db" "$WORK/base.jsonl"
  psql -q -d "$db" -c "VACUUM ANALYZE"
  /usr/bin/time -f "%M" -o "$WORK/rss" "$TOOL" build --json --out "$site" --state-dir "$state" \
    --database-url "$(dsn "$db")" >"$WORK/full.json" 2>"$WORK/full.log"
  full_rss=$(tail -1 "$WORK/rss")
  index_bytes=$(du -sb "$site/search" | cut -f1)
  site_bytes=$(du -sb "$site" | cut -f1)
  python3 - "$size" "$WORK/full.json" "$full_rss" "$index_bytes" "$site_bytes" >>"$RESULTS" <<'PY'
import json, sys
size, report, rss, index, site = sys.argv[1:6]
r = json.load(open(report))
print(json.dumps({"kind": "full", "size": int(size), "ms": r["duration_ms"], "search_ms": r["search_ms"],
                  "rss_kb": int(rss), "index_bytes": int(index), "site_bytes": int(site)}))
PY
  # The fixed queries, from this database.
  read -r -a ids <<<"$(psql -tA -d "$db" -c "SELECT string_agg(raw_payload->>'trade_id', ' ') FROM (SELECT raw_payload FROM telemetry_automated_signals_log WHERE id % ($size / 5) = 7 ORDER BY id LIMIT 5) t")"
  read -r -a days <<<"$(psql -tA -d "$db" -c "SELECT string_agg(d, ' ') FROM (SELECT DISTINCT received_at::date::text AS d FROM telemetry_automated_signals_log ORDER BY 1) t")"
  group=$(python3 -c "import sys; print(sys.argv[1])" "$(grep -o '\[\"[0-9a-f]\{8\}\"' "$site/search/groups.js" | head -1 | tr -d '["')")
  first=${days[0]} last=${days[-1]}
  month_after() { python3 -c "import datetime,sys; d=datetime.date.fromisoformat(sys.argv[1]); print(d + datetime.timedelta(days=30))" "$1"; }
  mid=${days[$(( ${#days[@]} / 2 ))]}
  queries=()
  for id in "${ids[@]}"; do queries+=("q=$id"); done
  for id in "${ids[@]}"; do queries+=("q=${id:0:13}"); done
  for id in "${ids[@]}"; do queries+=("q=${id:9:9}"); done
  queries+=(
    "event=EXIT_SL&error=yes&from=$first&to=$(month_after "$first")"
    "event=ENTRY&source=live&from=$mid&to=$(month_after "$mid")"
    "error=yes&from=$last&to=$last"
    "error=no&event=MFE_UPDATE&from=$(month_after "$first")&to=$(month_after "$(month_after "$first")")"
    "group=$group&from=$first&to=$(month_after "$first")"
    "msmin=100&msmax=250&from=$mid&to=$(month_after "$mid")"
    "msmin=500&from=$first&to=$(month_after "$first")"
    "event=BE_TRIGGERED&error=yes&msmin=25&from=$mid&to=$(month_after "$mid")"
    "event=EXIT_BE&source=live&error=no&from=$last&to=$last"
    "source=backfill&from=$mid&to=$(month_after "$mid")"
  )
  free_text=("${ids[@]}" "payload too old" "unknown event_type" "invalid entry_price")
  if printf '%s\n' "${SIZES[@]}" | grep -qx "$size"; then
    serve "$site"
    python3 Benchmarks/search_bytes.py "$URL" "$ACCESS_LOG" ours "${queries[@]}" >"$WORK/ours.json"
    stop_serving
    python3 - "$size" "$WORK/ours.json" >>"$RESULTS" <<'PY'
import json, sys
print(json.dumps({"kind": "queries", "size": int(sys.argv[1]), "queries": json.load(open(sys.argv[2]))}))
PY
    # 1,000 new rows, then the incremental build.
    load_rows "$db" "$WORK/extra.jsonl"
    "$TOOL" build --json --out "$site" --state-dir "$state" --database-url "$(dsn "$db")" >"$WORK/inc.json" 2>/dev/null
    python3 - "$size" "$WORK/inc.json" "$site" >>"$RESULTS" <<'PY'
import json, os, sys
r = json.load(open(sys.argv[2]))
# The build's change list names what it wrote: `sha256<TAB>size<TAB>path` lines, one file per part.
folder, written = r.get("change_list"), []
for name in sorted(os.listdir(folder)) if folder else []:
    if name != "info.json":
        for line in open(os.path.join(folder, name), encoding="utf-8"):
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 3 and parts[2].startswith("search/"):
                written.append(parts[2])
size = sum(os.path.getsize(os.path.join(sys.argv[3], p)) for p in written)
print(json.dumps({"kind": "incremental", "size": int(sys.argv[1]), "mode": r["mode"], "ms": r["duration_ms"],
                  "search_ms": r["search_ms"], "search_files": len(written), "search_bytes": size}))
PY
  fi
  if printf '%s\n' "${PF_SIZES[@]}" | grep -qx "$size"; then
    pf=$WORK/pf-$size
    rm -rf "$pf" && cp -r "$site" "$pf" && rm -rf "$pf/search" "$pf/search.html" "$pf/exports"
    set +e
    timeout 1800 /usr/bin/time -f "%e %M" -o "$WORK/pf.time" python3 -m pagefind_bin --site "$pf" >"$WORK/pf.log" 2>&1
    pf_status=$?
    set -e
    read -r pf_s pf_rss <<<"$(tail -1 "$WORK/pf.time")"
    pf_bytes=$(du -sb "$pf/pagefind" 2>/dev/null | cut -f1 || echo 0)
    cat >"$pf/pagefind-bench.html" <<'HTML'
<!doctype html><meta charset="utf-8"><title>loading</title>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
const search = await pagefind.search(new URLSearchParams(location.search).get("q"));
await Promise.all(search.results.slice(0, 50).map((r) => r.data()));
document.title = "done " + search.results.length + " results";
</script>
HTML
    serve "$pf"
    pf_queries=()
    [ "$pf_status" -eq 0 ] && python3 Benchmarks/search_bytes.py "$URL" "$ACCESS_LOG" pagefind "${free_text[@]}" >"$WORK/pfq.json"
    stop_serving
    serve "$site"
    ours_free=()
    for text in "${free_text[@]}"; do ours_free+=("q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$text")"); done
    python3 Benchmarks/search_bytes.py "$URL" "$ACCESS_LOG" ours "${ours_free[@]}" >"$WORK/oursq.json"
    stop_serving
    python3 - "$size" "$pf_status" "$pf_s" "$pf_rss" "$pf_bytes" "$WORK/pfq.json" "$WORK/oursq.json" >>"$RESULTS" <<'PY'
import json, os, sys
size, status, s, rss, index, pfq, oursq = sys.argv[1:8]
pf = json.load(open(pfq)) if int(status) == 0 and os.path.exists(pfq) else {}
print(json.dumps({"kind": "pagefind", "size": int(size), "status": int(status), "s": float(s), "rss_kb": int(rss),
                  "index_bytes": int(index or 0), "queries": pf, "ours": json.load(open(oursq))}))
PY
    rm -f "$WORK/pfq.json"
  fi
  psql -q -c "DROP DATABASE $db"
  rm -rf "$site" "$WORK/pf-$size"
done
python3 Benchmarks/search_report.py "$RESULTS"
