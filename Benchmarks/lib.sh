# Shared helpers for the benchmark scripts: a private PostgreSQL cluster in a scratch folder.
# shellcheck shell=bash
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

start_cluster() {
  BENCH_DIR=$(mktemp -d /tmp/telemetry-bench.XXXXXX)
  chmod 755 "$BENCH_DIR"
  mkdir -p "$BENCH_DIR/pg"
  [ "$(id -u)" = 0 ] && chown postgres "$BENCH_DIR/pg"
  as_postgres "$PG_BIN/initdb" -D "$BENCH_DIR/pg" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  PGPORT=$(free_port)
  as_postgres "$PG_BIN/pg_ctl" -D "$BENCH_DIR/pg" -w -l "$BENCH_DIR/pg/server.log" \
    -o "-p $PGPORT -k $BENCH_DIR/pg -c listen_addresses=127.0.0.1 -c shared_buffers=1GB -c max_wal_size=4GB" start >/dev/null
  export PGHOST=127.0.0.1 PGPORT PGUSER=postgres
  trap stop_cluster EXIT
}

stop_cluster() {
  as_postgres "$PG_BIN/pg_ctl" -D "$BENCH_DIR/pg" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$BENCH_DIR"
}

dsn() { echo "host=127.0.0.1 port=$PGPORT user=postgres dbname=$1"; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# SIZES (an array): the script's arguments, or DEFAULT (sizes separated by spaces) without any.
bench_sizes() { # bench_sizes DEFAULT "$@"
  local default=$1
  shift
  SIZES=("${@:-$default}")
  read -r -a SIZES <<<"${SIZES[*]}"
}

# What every script does first: installs `time`, `bc` and the Debian packages named, builds the
# release tool (TOOL), starts the private cluster and makes the scratch folder (WORK).
bench_prepare() { # bench_prepare [PACKAGE…]
  scripts/setup time bc "$@" >/dev/null
  swift build -c release --product telemetry-site >/dev/null
  TOOL=$(pwd)/.build/release/telemetry-site
  start_cluster
  WORK=$BENCH_DIR/work
  mkdir -p "$WORK"
}

# A database with the tool's tables, holding gen.py's rows from FILE when one is given.
gen_database() { # gen_database DB [FILE]
  psql -q -c "CREATE DATABASE $1"
  "$TOOL" seed --schema-only --database-url "$(dsn "$1")" >/dev/null
  if [ -n "${2:-}" ]; then load_rows "$1" "$2"; fi
}

# seconds.milliseconds since the epoch
now() { date +%s.%N; }

# Loads gen.py JSON Lines (one telemetry row per line) into DB's telemetry table, ids kept.
load_rows() { # load_rows DB FILE
  psql -q -d "$1" <<SQL
CREATE TEMP TABLE staging (line text);
\copy staging FROM '$2' WITH (FORMAT csv, QUOTE e'\x01', DELIMITER e'\x02')
INSERT INTO telemetry_automated_signals_log (id, received_at, raw_payload, fused_event, validation_error, handler_result, processing_time_ms)
SELECT (j->>'id')::int, (j->>'received_at')::timestamp, NULLIF(j->'raw_payload', 'null'), NULLIF(j->'fused_event', 'null'),
       j->>'validation_error', NULLIF(j->'handler_result', 'null'), (j->>'processing_time_ms')::int
  FROM (SELECT line::jsonb AS j FROM staging) s;
SELECT setval('telemetry_automated_signals_log_id_seq', (SELECT max(id) FROM telemetry_automated_signals_log)) \g /dev/null
SQL
}

# Waits for the disk to go quiet before the next contestant: deleting the previous one's output
# leaves whoever writes next paying for ext4's discards and its recently-deleted inode checks
# (a 10,000-row Jinja2 run took 11 s instead of 2 s right after a large delete). Syncs, waits
# 10 s, then until the kernel's I/O pressure (10 s average) is under 1 % (at most 2 minutes).
settle() {
  sync
  sleep 10
  [ -r /proc/pressure/io ] || return 0
  for _ in $(seq 60); do
    awk '/^some/ { split($2, a, "="); exit !(a[2] + 0 < 1.0) }' /proc/pressure/io && return 0
    sleep 2
  done
}
