#!/usr/bin/env bash
# Crash check: load the server, kill -9 it mid-run, restart it on the same database, and prove that every message
# id that got a 2xx answer is stored (0 lost), that the database is intact and that matching resumes.
# Uses the release binary when it exists, else the debug one. Takes about 15 seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

PORT=${PORT:-18081}
BIN=.build/release/baustein
[ -x "$BIN" ] || BIN=.build/debug/baustein
[ -x "$BIN" ] || { echo "keine baustein-Binärdatei: erst 'swift build'"; exit 1; }
SECRET=crash-secret
WORK=$(mktemp -d /tmp/baustein-crash.XXXXXX)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill -9 "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
export BAUSTEIN_DATABASE="$WORK/crash.sqlite" BAUSTEIN_GENERIC_SECRET=$SECRET
# Durability does not depend on how messages are matched: the word matcher keeps the check short.
export BAUSTEIN_EMBEDDINGS=${BAUSTEIN_EMBEDDINGS:-off}

start_server() {
    "$BIN" serve --port "$PORT" --log-level warning 2>>"$WORK/server.log" &
    SERVER_PID=$!
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return; sleep 0.1; done
    echo "Server startet nicht:"; cat "$WORK/server.log"; exit 1
}

"$BIN" sync >/dev/null
start_server
python3 scripts/bench/load-client.py "$PORT" "$SECRET" "$WORK/acked.txt" 20 8 &
CLIENT_PID=$!
sleep "${KILL_AFTER:-3}"
kill -9 "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
echo "server killed with SIGKILL mid-load"
wait "$CLIENT_PID"

start_server
sleep 1
python3 - "$BAUSTEIN_DATABASE" "$WORK/acked.txt" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
acked = [line.strip() for line in open(sys.argv[2]) if line.strip()]
stored = {row[0] for row in con.execute("SELECT externalId FROM message WHERE channel = 'web'")}
lost = [i for i in acked if i not in stored]
integrity = con.execute("PRAGMA integrity_check").fetchone()[0]
unmatched = con.execute("SELECT COUNT(*) FROM item WHERE matchedAt IS NULL").fetchone()[0]
print(f"acknowledged: {len(acked)}, stored: {len(stored)}, lost: {len(lost)}, integrity: {integrity}, unmatched after restart: {unmatched}")
if not acked:
    sys.exit("no message was acknowledged before the kill; the check proves nothing")
if lost:
    sys.exit(f"LOST {len(lost)} acknowledged messages, e.g. {lost[:5]}")
if integrity != "ok":
    sys.exit("database integrity check failed")
PY
kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""
echo "crash check passed: 0 acknowledged messages lost"
