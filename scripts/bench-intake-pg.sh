#!/usr/bin/env bash
# Load benchmark of webhook intake on PostgreSQL (not a test): one, then two `baustein serve` instances on one database
# on this machine, each with its own index file, driven by one wrk per server with signed generic messages
# (scripts/bench/intake.lua, unique ids), next to bench-intake.sh's single SQLite server at the same connections in the
# same run.
# Prints a table: requests/s, durable messages/s (stored ÷ load time), p50/p99 latency over all requests, non-2xx, and
# how long matching took to catch up after the load.
#
# PostgreSQL: by default a throwaway cluster in a temporary folder with PostgreSQL's own durability settings (fsync and
# synchronous_commit on, as SQLite's synchronous=FULL: acknowledged means on disk). BENCH_POSTGRES=URL uses a server
# of your own instead (a fresh database is created next to the one it names and dropped; the table says whether that
# server syncs: scripts/postgres-test-server.sh's does not).
#
# Environment: DURATION (s, 10), CONNECTIONS (32, split over the servers), THREADS (2, split over the wrk processes),
# PG_SERVERS (server counts to measure on PostgreSQL, "1 2"), SQLITE (1: also run bench-intake.sh; 0: skip),
# MATCH_WAIT (s, 60), BAUSTEIN_EMBEDDINGS (off), BIN (default: the release binary if it exists, else the debug one),
# PORT (the SQLite server's), BENCH_PG_PORT (the throwaway cluster's); ports not given are ones the system has free.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PG_SERVERS=${PG_SERVERS:-"1 2"}
MATCH_WAIT=${MATCH_WAIT:-60}
# Ports the system has free (another checkout's checks may run on this machine at the same time), unless given.
free_ports() { # COUNT distinct ports, one a line
    python3 -c 'import socket, sys
sockets = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in sockets: s.bind(("127.0.0.1", 0))
print("\n".join(str(s.getsockname()[1]) for s in sockets))' "$1"
}
PORT=${PORT:-$(free_ports 1)}
BENCH_PG_PORT=${BENCH_PG_PORT:-$(free_ports 1)}
export BAUSTEIN_EMBEDDINGS=${BAUSTEIN_EMBEDDINGS:-off}
if [ -z "${BIN:-}" ]; then
    BIN=$ROOT/.build/release/baustein
    [ -x "$BIN" ] || BIN=$ROOT/.build/debug/baustein
fi
case "$BIN" in /*) ;; *) BIN=$ROOT/$BIN ;; esac
[ -x "$BIN" ] || { echo "$BIN fehlt: erst 'make release' (oder 'swift build')"; exit 1; }
case "$BIN" in */debug/*) BUILD="debug build: figures far below a release build's" ;; *) BUILD="release build" ;; esac
command -v wrk >/dev/null || { echo "wrk fehlt: apt-get install -y wrk"; exit 1; }
command -v psql >/dev/null || { echo "psql fehlt: apt-get install -y postgresql (oder make deps)"; exit 1; }

WORK=$(mktemp -d /tmp/baustein-bench-pg.XXXXXX)
chmod 755 "$WORK"
SERVER_PIDS=() WRK_PIDS=() ADMIN_URL="" DB_URL="" DB_NAME="" CLUSTER=""
PGBIN=${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
as_owner() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    local pid
    for pid in "${WRK_PIDS[@]}" "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${WRK_PIDS[@]}" "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if [ -n "$DB_URL" ] && [ -z "$CLUSTER" ]; then
        psql -X -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 || echo "Datenbank $DB_NAME nicht gelöscht"
    fi
    [ -z "$CLUSTER" ] || as_owner "$PGBIN/pg_ctl" -D "$CLUSTER/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 1. SQLite: bench-intake.sh as it is, at the same connections.
if [ "${SQLITE:-1}" = 1 ]; then
    echo "SQLite: one server (scripts/bench-intake.sh)"
    BIN=$BIN PORT=$PORT DURATION=$DURATION CONNECTIONS=$CONNECTIONS THREADS=$THREADS MATCH_WAIT=$MATCH_WAIT \
        "$ROOT/scripts/bench-intake.sh" | tee "$WORK/sqlite.txt"
fi

# 2. PostgreSQL: a throwaway cluster, or the server BENCH_POSTGRES names.
if [ -n "${BENCH_POSTGRES:-}" ]; then
    ADMIN_URL=$BENCH_POSTGRES
else
    [ -x "$PGBIN/initdb" ] || { echo "PostgreSQL fehlt: apt-get install -y postgresql (oder make deps)"; exit 1; }
    CLUSTER=$WORK/pg
    mkdir -p "$CLUSTER"
    [ "$(id -u)" != "0" ] || chown postgres: "$CLUSTER"
    as_owner "$PGBIN/initdb" -D "$CLUSTER/data" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$WORK/initdb.log" 2>&1 \
        || { cat "$WORK/initdb.log"; exit 1; }
    as_owner sh -c "cat >>'$CLUSTER/data/postgresql.conf'" <<EOF
listen_addresses = '127.0.0.1'
port = $BENCH_PG_PORT
unix_socket_directories = '$CLUSTER'
max_connections = 200
EOF
    as_owner "$PGBIN/pg_ctl" -D "$CLUSTER/data" -l "$CLUSTER/postgres.log" -w -t 60 start >/dev/null \
        || { tail -n 20 "$CLUSTER/postgres.log"; exit 1; }
    ADMIN_URL="postgres://postgres@127.0.0.1:$BENCH_PG_PORT/postgres?sslmode=disable"
fi
settings=$(psql -X -At "$ADMIN_URL" -c "SELECT 'PostgreSQL ' || current_setting('server_version') || ', fsync ' || current_setting('fsync')
    || ', synchronous_commit ' || current_setting('synchronous_commit')")

SECRET=bench-secret
mkdir -p "$WORK/run"
cp -r snippets "$WORK/run/"
mkdir -p "$WORK/run/knowledge"
cp knowledge/*.yaml knowledge/*.txt "$WORK/run/knowledge/"
cat >"$WORK/run/baustein.yaml" <<EOF
server:
  host: 127.0.0.1
webhooks:
  generic: true
EOF
openssl rand -hex 32 >"$WORK/audit.key"
export BAUSTEIN_AUDIT_KEY_FILE=$WORK/audit.key BAUSTEIN_GENERIC_SECRET=$SECRET

run_postgres() { # SERVERS: one fresh database, SERVERS servers, one wrk per server; appends a line to pg-results.txt
    local servers=$1 i port pid connections threads start catchup unmatched backlog
    DB_NAME="baustein_bench_$$_${servers}_$RANDOM"
    DB_URL=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
        "$ADMIN_URL" "$DB_NAME")
    psql -X -q -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null
    export BAUSTEIN_DATABASE=$DB_URL
    (cd "$WORK/run" && BAUSTEIN_INDEX="$WORK/index-cli-$servers.sqlite" "$BIN" migrate >/dev/null \
        && BAUSTEIN_INDEX="$WORK/index-cli-$servers.sqlite" "$BIN" sync >/dev/null 2>&1)
    connections=$((CONNECTIONS / servers)) threads=$((THREADS / servers))
    [ "$threads" -ge 1 ] || threads=1
    [ "$connections" -ge "$threads" ] || connections=$threads
    SERVER_PIDS=()
    mapfile -t PORTS < <(free_ports "$servers")
    for i in $(seq 1 "$servers"); do
        port=${PORTS[$((i - 1))]}
        python3 scripts/bench/make-bodies.py $((DURATION * 15000 / servers)) "$SECRET" "$WORK/bodies-$i.tsv" "bench-$i"
        (cd "$WORK/run" && exec env BAUSTEIN_INDEX="$WORK/index-$servers-$i.sqlite" "$BIN" serve --port "$port" --log-level warning \
            >/dev/null 2>>"$WORK/server-$servers-$i.log") &
        SERVER_PIDS+=($!)
    done
    for i in $(seq 1 "$servers"); do
        port=${PORTS[$((i - 1))]}
        for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
        curl -fs "http://127.0.0.1:$port/healthz" >/dev/null || { echo "Server $i startet nicht:"; cat "$WORK/server-$servers-$i.log"; exit 1; }
    done
    echo
    echo "PostgreSQL: $servers server(s) on one database ($settings); per server one wrk: $threads thread(s), $connections connections, ${DURATION}s"
    WRK_PIDS=()
    for i in $(seq 1 "$servers"); do
        port=${PORTS[$((i - 1))]}
        BODIES="$WORK/bodies-$i.tsv" WRK_THREADS=$threads LATENCY_OUT="$WORK/latency-$servers-$i.txt" \
            wrk -t"$threads" -c"$connections" -d"${DURATION}s" -s scripts/bench/intake.lua "http://127.0.0.1:$port" >"$WORK/wrk-$servers-$i.txt" &
        WRK_PIDS+=($!)
    done
    for pid in "${WRK_PIDS[@]}"; do wait "$pid"; done
    WRK_PIDS=()
    for i in $(seq 1 "$servers"); do
        echo "  server $i: $(grep -E '^(rate|latency)' "$WORK/wrk-$servers-$i.txt" | tr '\n' ' ')"
    done
    start=$(date +%s.%N)
    backlog=""
    for _ in $(seq 1 $((MATCH_WAIT * 10))); do
        unmatched=$(psql -X -At "$DB_URL" -c "SELECT count(*) FROM item WHERE matchedat IS NULL")
        [ -n "$backlog" ] || backlog=$unmatched
        [ "$unmatched" = 0 ] && break
        sleep 0.1
    done
    catchup=$(python3 -c "import sys, time; print(f'{time.time() - float(sys.argv[1]):.1f}')" "$start")
    stored=$(psql -X -At "$DB_URL" -c "SELECT count(*) FROM message WHERE externalid LIKE 'bench-%'")
    duplicates=$(psql -X -At "$DB_URL" -c "SELECT count(*) FROM (SELECT 1 FROM message WHERE externalid IS NOT NULL
        GROUP BY channel, externalid HAVING count(*) > 1) d")
    for pid in "${SERVER_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    SERVER_PIDS=()
    psql -X -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null
    DB_URL=""
    python3 - "$WORK" "$servers" "$DURATION" "$stored" "$unmatched" "$backlog" "$catchup" "$duplicates" >>"$WORK/pg-results.txt" <<'PY'
import bisect, glob, sys
work, servers, duration, stored, left, backlog, catchup, duplicates = sys.argv[1:9]
runs = []
for path in sorted(glob.glob(f"{work}/latency-{servers}-*.txt")):
    lines = open(path).read().split("\n")
    requests, failed = int(lines[0].split()[1]), int(lines[1].split()[1])
    points = [tuple(map(float, line.split())) for line in lines[2:] if line.strip()]
    runs.append((requests, failed, points))
total = sum(r[0] for r in runs)
def cdf(points, x):  # share of one run's requests at or below x microseconds (its percentile curve, interpolated)
    values = [v for _, v in points]
    i = bisect.bisect_right(values, x)
    return 0.0 if i == 0 else points[i - 1][0] / 100
def quantile(p):  # of all runs together, weighted by their requests
    low, high = 0.0, max(points[-1][1] for _, _, points in runs)
    for _ in range(60):
        middle = (low + high) / 2
        if sum(r * cdf(points, middle) for r, _, points in runs) / total >= p: high = middle
        else: low = middle
    return high / 1000
note = f"{int(left)} unmatched after {catchup}" if int(left) else catchup
print(f"PostgreSQL, {servers} server(s)|{total / float(duration):.0f}|{int(stored) / float(duration):.0f}|{quantile(0.5):.2f}|"
      f"{quantile(0.99):.2f}|{sum(r[1] for r in runs)}|{stored} ({duplicates} stored twice)|{note}")
PY
}

for servers in $PG_SERVERS; do run_postgres "$servers"; done

echo
echo "Intake: $CONNECTIONS connections, ${DURATION}s, binary ${BIN#"$ROOT"/} ($BUILD), matching: ${BAUSTEIN_EMBEDDINGS}"
python3 - "$WORK" "$settings" <<'PY'
import os, re, sys
work, settings = sys.argv[1], sys.argv[2]
rows = []
sqlite = os.path.join(work, "sqlite.txt")
if os.path.exists(sqlite):
    text = open(sqlite).read()
    find = lambda pattern: (re.search(pattern, text) or [None, "?"])[1]
    rows.append(["SQLite, 1 server (synchronous=FULL)", find(r"rate: (\d+)"), find(r"durable: (\d+)"), find(r"p50: ([\d.]+)"),
                 find(r"p99: ([\d.]+)"), find(r"non-2xx: (\d+)"), find(r"stored: (\d+)"), find(r"caught up ([\d.]+) s")])
for line in open(os.path.join(work, "pg-results.txt")):
    rows.append(line.rstrip("\n").split("|"))
header = ["store", "requests/s", "durable msg/s", "p50 ms", "p99 ms", "non-2xx", "stored", "catch-up s"]
widths = [max(len(str(row[i])) for row in rows + [header]) for i in range(len(header))]
for row in [header, ["-" * w for w in widths]] + rows:
    print(" | ".join(str(cell).ljust(width) if i == 0 else str(cell).rjust(width) for i, (cell, width) in enumerate(zip(row, widths))))
print(f"PostgreSQL: {settings}")
PY
