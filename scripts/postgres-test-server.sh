#!/usr/bin/env bash
# A PostgreSQL server for the tests (BausteinPostgresTests): one cluster in .build-pg/ of this checkout, listening on
# 127.0.0.1:54329 only, trust authentication, TLS offered with a self-signed certificate for "localhost".
#
#   scripts/postgres-test-server.sh start   # creates the cluster once, starts it, prints the URL (idempotent)
#   scripts/postgres-test-server.sh stop    # stops it (fast shutdown: open sessions are ended)
#   scripts/postgres-test-server.sh url     # prints the URL for BAUSTEIN_TEST_POSTGRES
#
# Not for production: no password, fsync off.
set -euo pipefail

# Descriptors inherited from the caller must not live on in the server's processes: Foundation's Process (the tests)
# watches its child through one, and would wait for the server to exit.
for fd in /proc/$$/fd/*; do
    fd="${fd##*/}"
    if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
done

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.build-pg"
# As root the cluster belongs to the user postgres, which must reach it: a checkout below a private folder (/root/…)
# gets its cluster in /tmp instead (the certificate is still copied into the checkout's .build-pg/ for the TLS tests).
if [ "$(id -u)" = "0" ] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$ROOT"; then
    DIR="/tmp/baustein-pg-$(printf '%s' "$ROOT" | md5sum | cut -c1-12)"
fi
CERT_DIR="$ROOT/.build-pg"
DATA="$DIR/data"
SOCKETS="$DIR/sockets"
LOG="$DIR/postgres.log"
PORT="${BAUSTEIN_TEST_POSTGRES_PORT:-54329}"
DATABASE="baustein_test"
URL="postgres://postgres@127.0.0.1:$PORT/$DATABASE?sslmode=disable"

# Debian's server binaries (package postgresql), newest version first.
PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    echo "PostgreSQL fehlt: apt-get install -y postgresql (oder make deps)" >&2
    exit 1
fi

# initdb and postgres refuse to run as root: as root, the cluster belongs to the system user postgres.
as_owner() {
    if [ "$(id -u)" = "0" ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

is_running() {
    [ -f "$DATA/PG_VERSION" ] && as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

create_cluster() {
    mkdir -p "$DIR" "$SOCKETS"
    if [ "$(id -u)" = "0" ]; then
        id postgres >/dev/null 2>&1 || { echo "Der Systembenutzer postgres fehlt: apt-get install -y postgresql" >&2; exit 1; }
        chown postgres: "$DIR" "$SOCKETS"
    fi
    echo "Creating the test cluster in $DATA"
    as_owner "$PGBIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --no-locale >"$DIR/initdb.log" 2>&1 || {
        cat "$DIR/initdb.log" >&2
        exit 1
    }
    # A self-signed certificate so that sslmode=require and verify-full can be tested (verify-full with
    # sslrootcert=.build-pg/server.crt and the host name localhost).
    if command -v openssl >/dev/null; then
        as_owner openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=localhost" \
            -addext "subjectAltName=DNS:localhost" \
            -keyout "$DATA/server.key" -out "$DATA/server.crt" >/dev/null 2>&1
        mkdir -p "$CERT_DIR"
        cp "$DATA/server.crt" "$CERT_DIR/server.crt"
        chmod 600 "$DATA/server.key"
        ssl="on"
    else
        ssl="off"
    fi
    cat >>"$DATA/postgresql.conf" <<EOF

# Baustein's test server (scripts/postgres-test-server.sh)
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$SOCKETS'
max_connections = 500
fsync = off
synchronous_commit = off
full_page_writes = off
ssl = $ssl
EOF
}

start() {
    if ! [ -f "$DATA/PG_VERSION" ]; then
        create_cluster
    fi
    if ! is_running; then
        as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 -o "-c max_connections=500" start >/dev/null || {
            tail -n 20 "$LOG" >&2
            exit 1
        }
    fi
    for _ in $(seq 1 60); do
        "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres && break
        sleep 0.5
    done
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -U postgres || { echo "Der Testserver antwortet nicht: siehe $LOG" >&2; exit 1; }
    # The workflow tests on PostgreSQL (BAUSTEIN_TEST_STORE=postgres) leave a database per fixture: gone at the next start.
    "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc "SELECT datname FROM pg_database WHERE datname LIKE 'wf\_%'" |
        while read -r stale; do
            [ -n "$stale" ] && "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qc "DROP DATABASE IF EXISTS $stale WITH (FORCE)"
        done
    if ! "$PGBIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'" | grep -q 1; then
        "$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres "$DATABASE"
    fi
    echo "$URL"
}

stop() {
    if is_running; then
        as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w -t 60 stop >/dev/null
    fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url) echo "$URL" ;;
*)
    echo "Aufruf: $0 start|stop|url" >&2
    exit 2
    ;;
esac
