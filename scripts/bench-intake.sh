#!/usr/bin/env bash
# Load benchmark of webhook intake (not a test): a release server on 127.0.0.1 with the starter snippets,
# driven by wrk with signed generic messages, each with a unique id, for a bounded time.
# Prints messages/s, p50/p99 latency, the stored count and how long matching took to catch up.
#
# Environment: DURATION (s, default 10), CONNECTIONS (default 32), THREADS (default 2), PORT (default 18080),
# MATCH_WAIT (s to wait for matching to catch up, default 60), BAUSTEIN_EMBEDDINGS (default off: the word matcher),
# BIN (the binary, default .build/release/baustein; to compare two builds).
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
BIN=${BIN:-.build/release/baustein}
# The word matcher's throughput unless BAUSTEIN_EMBEDDINGS says otherwise (the meaning channel costs ~5-8 ms of CPU a
# message with the engine make builds, ~25 ms with the package's: with it on, "matched/s" is the figure to read, as
# matching cannot catch up with 5,000 messages/s).
export BAUSTEIN_EMBEDDINGS=${BAUSTEIN_EMBEDDINGS:-off}
MATCH_WAIT=${MATCH_WAIT:-60}
SECRET=bench-secret
WORK=$(mktemp -d /tmp/baustein-bench.XXXXXX)
SERVER_PID=""
cleanup() {
    [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "wrk fehlt: apt-get install -y wrk"; exit 1; }
[ -x "$BIN" ] || { echo "$BIN fehlt: erst 'make release'"; exit 1; }

export BAUSTEIN_DATABASE="$WORK/bench.sqlite"
"$BIN" sync >/dev/null
# Enough unique bodies for 15,000 messages/s over the whole run.
COUNT=$((DURATION * 15000))
python3 scripts/bench/make-bodies.py "$COUNT" "$SECRET" "$WORK/bodies.tsv"

BAUSTEIN_GENERIC_SECRET=$SECRET "$BIN" serve --port "$PORT" --log-level warning 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

echo "wrk: $THREADS threads, $CONNECTIONS connections, ${DURATION}s against 127.0.0.1:$PORT/webhooks/generic"
BODIES="$WORK/bodies.tsv" WRK_THREADS=$THREADS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" -s scripts/bench/intake.lua \
    "http://127.0.0.1:$PORT" | tee "$WORK/wrk.txt" | grep -E "^(requests|rate|latency|non-2xx)"

# Matching runs off the request path: wait until every stored message has its suggestions.
start=$(date +%s.%N)
backlog=""
for _ in $(seq 1 $((MATCH_WAIT * 10))); do
    unmatched=$(curl -fs "http://127.0.0.1:$PORT/metrics" | awk '/^baustein_unmatched_items/ {print $2 + 0}')
    [ -z "$backlog" ] && backlog=${unmatched:-0}
    [ "$unmatched" = "0" ] && break
    sleep 0.1
done
catchup=$(echo "$(date +%s.%N) - $start" | bc)
curl -fs "http://127.0.0.1:$PORT/metrics" > "$WORK/metrics.txt" || true

kill -TERM "$SERVER_PID"; wait "$SERVER_PID" || true; SERVER_PID=""
python3 - "$BAUSTEIN_DATABASE" "$DURATION" "$catchup" "$WORK/metrics.txt" "$backlog" "${unmatched:-0}" <<'PY'
import re, sqlite3, sys
db, duration, catchup = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
backlog, left = int(float(sys.argv[5] or 0)), int(float(sys.argv[6] or 0))
con = sqlite3.connect(db)
stored = con.execute("SELECT COUNT(*) FROM message WHERE externalId LIKE 'bench-%'").fetchone()[0]
matched = con.execute("SELECT COUNT(*) FROM item WHERE matchedAt IS NOT NULL").fetchone()[0]
with_suggestions = con.execute("SELECT COUNT(DISTINCT itemId) FROM suggestion").fetchone()[0]
print(f"stored: {stored} messages, durable: {stored / duration:.0f} messages/s")
print(f"matched: {matched} ({with_suggestions} with suggestions); matching caught up {catchup:.1f} s after the load ended")
print(f"messages/s including matching: {stored / (duration + catchup):.0f}")
# Matching throughput over the whole run (load and catch-up), whether or not it caught up.
print(f"matched/s: {matched / (duration + catchup):.0f} ({matched} matched in {duration + catchup:.1f} s)")
# The same once the load has ended (no intake competing for the cores): the backlog worked off per second.
if backlog > left and catchup > 0:
    print(f"matched/s after the load: {(backlog - left) / catchup:.0f} ({backlog - left} of a backlog of {backlog} in {catchup:.1f} s)")
# How long stored messages waited for their suggestions: the server's histogram of the time from a commit
# until the matcher had caught up with it (one observation per catch-up), as bucket upper bounds.
buckets = []
for line in open(sys.argv[4], encoding="utf-8"):
    found = re.match(r'baustein_match_delay_seconds_bucket\{le="([^"]+)"\} (\d+)', line)
    if found and found.group(1) != "+Inf":
        buckets.append((float(found.group(1)), int(found.group(2))))
total = next((int(v) for v in re.findall(r'^baustein_match_delay_seconds_count (\d+)', open(sys.argv[4]).read(), re.M)), 0)
def bound(share):
    for upper, count in buckets:
        if count >= share * total:
            return f"<= {upper * 1000:g} ms"
    return "> 10 s"
if total:
    print(f"suggestions after commit: {total} catch-ups, p50 {bound(0.5)}, p99 {bound(0.99)}")
PY
