#!/usr/bin/env bash
# Serving benchmark: wrk on loopback against `telemetry-site serve --public`, nginx and Flask
# (gunicorn) serving the same built site, in the same run: the index page and random detail
# pages, 64 and 256 connections. Prints req/s, p99 and the ratios to nginx.
# Usage: Benchmarks/serve.sh [ROWS] [SECONDS]   (default 10000 rows, 10 s a measurement)
# BASELINE=/path/to/an/older/telemetry-site also serves the same site on its own port (before/after).
# wrk is one client: ours runs with --max-per-client 1024 so that 256 connections from it are served,
# not refused by the per-client cap (64 by default), which would measure reconnects instead.
# TLS=1 serves HTTPS: ours with --tls-cert/--tls-key, nginx with the same certificate (an ECDSA P-256
# one made here, TLS 1.2+); wrk speaks TLS to both (Flask, which serves no TLS, is left out).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-10000}
DURATION=${2:-10}
PEERS=${PEERS:-$(cd ../shared/bench && pwd)}
source Benchmarks/lib.sh
bench_prepare wrk nginx
python3 -c 'import flask, gunicorn' 2>/dev/null || pip install -q flask gunicorn
mkdir -p "$WORK/nginx"
python3 "$PEERS/site/gen.py" "$ROWS" "$WORK/rows.jsonl" >/dev/null
gen_database serve "$WORK/rows.jsonl"
SITE=$WORK/Site
SCHEME=http
TLS_ARGS=()
if [ "${TLS:-0}" = 1 ]; then
  SCHEME=https
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
  TLS_ARGS=(--tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem")
fi
$TOOL build --out "$SITE" --state-dir "$WORK/state" --database-url "$(dsn serve)" >/dev/null
wait_port() { for _ in $(seq 100); do curl -sk -o /dev/null "$2://127.0.0.1:$1/index.html" && return 0; sleep 0.1; done; return 1; }

OURS=$(free_port); NGINX=$(free_port); FLASK=$(free_port); BASE=$(free_port)
$TOOL serve --public --site "$SITE" --port "$OURS" --state-dir "$WORK/state" --database-url "$(dsn serve)" --log-format json --max-per-client 1024 "${TLS_ARGS[@]}" 2>/dev/null &
PIDS=$!
LISTEN="s|listen 127.0.0.1:@PORT@;|listen 127.0.0.1:@PORT@;|"
if [ "$SCHEME" = https ]; then
  LISTEN="s|listen 127.0.0.1:@PORT@;|listen 127.0.0.1:@PORT@ ssl; ssl_certificate $WORK/cert.pem; ssl_certificate_key $WORK/key.pem; ssl_protocols TLSv1.2 TLSv1.3;|"
fi
sed -e "$LISTEN" -e "s|@WORKERS@|auto|" -e "s|@PORT@|$NGINX|" -e "s|@PREFIX@|$WORK/nginx|" -e "s|@SITE@|$SITE|" "$PEERS/http/nginx.conf" >"$WORK/nginx/nginx.conf"
nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' &
PIDS="$PIDS $!"
[ "$SCHEME" = https ] || (cd "$PEERS/http" && SITE_DIR=$SITE exec gunicorn -w 2 -b "127.0.0.1:$FLASK" -k gthread --threads 8 flask_app:app >/dev/null 2>&1) &
PIDS="$PIDS $!"
if [ -n "${BASELINE:-}" ]; then
  "$BASELINE" serve --public --site "$SITE" --port "$BASE" --state-dir "$WORK/base-state" --database-url "$(dsn serve)" --log-format json "${TLS_ARGS[@]}" 2>/dev/null &
  PIDS="$PIDS $!"
fi
trap 'kill $PIDS 2>/dev/null; stop_cluster' EXIT
wait_port "$OURS" "$SCHEME"; wait_port "$NGINX" "$SCHEME"
if [ "$SCHEME" = http ]; then wait_port "$FLASK" http; fi
if [ -n "${BASELINE:-}" ]; then wait_port "$BASE" "$SCHEME"; fi

measure() { # measure PORT CONNECTIONS KIND → "req/s p99_ms"
  local args=(-t2 -c"$2" -d"${DURATION}s" --latency)
  if [ "$3" = random ]; then
    NPAGES=$ROWS wrk "${args[@]}" -s "$PEERS/http/random.lua" "$SCHEME://127.0.0.1:$1" >"$WORK/wrk.txt"
  else
    wrk "${args[@]}" "$SCHEME://127.0.0.1:$1/index.html" >"$WORK/wrk.txt"
  fi
  python3 - "$WORK/wrk.txt" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", text)
value = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {value:.2f} {errors.group(1) if errors else 0}")
PY
}

printf '%-8s %-6s %-16s %10s %9s %7s %10s\n' page conns server req/s p99_ms errors vs_nginx
for kind in index random; do
  for conns in 64 256; do
    read -r n_rps n_p99 n_err <<<"$(measure "$NGINX" "$conns" "$kind")"
    read -r o_rps o_p99 o_err <<<"$(measure "$OURS" "$conns" "$kind")"
    if [ "$SCHEME" = http ]; then read -r f_rps f_p99 f_err <<<"$(measure "$FLASK" "$conns" "$kind")"; fi
    printf '%-8s %-6s %-16s %10s %9s %7s %10s\n' "$kind" "$conns" nginx "$n_rps" "$n_p99" "$n_err" 1.00
    printf '%-8s %-6s %-16s %10s %9s %7s %10.2f\n' "$kind" "$conns" telemetry-site "$o_rps" "$o_p99" "$o_err" "$(echo "$o_rps / $n_rps" | bc -l)"
    if [ "$SCHEME" = http ]; then
      printf '%-8s %-6s %-16s %10s %9s %7s %10.2f\n' "$kind" "$conns" flask/gunicorn "$f_rps" "$f_p99" "$f_err" "$(echo "$f_rps / $n_rps" | bc -l)"
    fi
    if [ -n "${BASELINE:-}" ]; then
      read -r b_rps b_p99 b_err <<<"$(measure "$BASE" "$conns" "$kind")"
      printf '%-8s %-6s %-16s %10s %9s %7s %10.2f\n' "$kind" "$conns" baseline "$b_rps" "$b_p99" "$b_err" "$(echo "$b_rps / $n_rps" | bc -l)"
    fi
  done
done
echo "targets: telemetry-site >= 0.5x nginx req/s, p99 < 10 ms at 64 connections"
