#!/usr/bin/env bash
# Crash check of two servers on one PostgreSQL database (issue 21): two `baustein serve` instances share a fresh
# database (each with its own index file, one audit key), signed messages go to both (some ids to both at once, as a
# platform delivering one message twice through two instances), approved replies are delivered by both to stand-ins of
# Mastodon and Telegram (scripts/bench/platform-standin.py, which answer slowly); mid-load one server is killed with
# SIGKILL while it delivers. The load goes on against the survivor (a message the killed server had in hand is sent
# there again), the killed one is restarted, and once nothing is left to match or deliver the check proves: every
# acknowledged id stored exactly once, every item matched exactly once with its suggestions written once and in the
# transaction that stored the match (triggers of this check log both with their transaction), one `receive` audit row
# per message, `baustein audit verify` intact, no reply posted twice. Takes about 25 seconds.
#
# PostgreSQL: BAUSTEIN_TEST_POSTGRES (a URL whose user may create databases), else the test server of
# scripts/postgres-test-server.sh (started when it is not running, and stopped again at the end then).
# Environment: PORT_A, PORT_B, PLATFORM_PORT (default: free ones), LOAD_SECONDS (8), KILL_AFTER (3), THREADS (8),
# REPLIES (per platform, 12), BIN (default: the newer of the release and debug binaries), LOAD_SAME_ID_PAIRS (2: thread
# pairs posting the same ids to both servers; see scripts/bench/load-client.py).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# Ports the system has free (another checkout's checks may run on this machine at the same time), unless given.
read -r free_a free_b free_c < <(python3 -c 'import socket
sockets = [socket.socket() for _ in range(3)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in sockets))')
PORT_A=${PORT_A:-$free_a}
PORT_B=${PORT_B:-$free_b}
PLATFORM_PORT=${PLATFORM_PORT:-$free_c}
LOAD_SECONDS=${LOAD_SECONDS:-8}
KILL_AFTER=${KILL_AFTER:-3}
THREADS=${THREADS:-8}
export LOAD_SAME_ID_PAIRS=${LOAD_SAME_ID_PAIRS:-2}
N=${REPLIES:-12}
if [ -z "${BIN:-}" ]; then # the release binary when it is there and newer than the debug one
    BIN=$ROOT/.build/release/baustein
    [ -x "$BIN" ] && [ ! "$ROOT/.build/debug/baustein" -nt "$BIN" ] || BIN=$ROOT/.build/debug/baustein
fi
[ -x "$BIN" ] || { echo "keine baustein-Binärdatei: erst 'swift build'"; exit 1; }
command -v psql >/dev/null || { echo "psql fehlt: apt-get install -y postgresql-client (oder make deps)"; exit 1; }
command -v curl >/dev/null || { echo "curl fehlt: apt-get install -y curl"; exit 1; }

WORK=$(mktemp -d /tmp/baustein-pg-crash.XXXXXX)
PID_A="" PID_B="" STANDIN_PID="" CLIENT_PID="" CONFIRM_PID="" DB_URL="" ADMIN_URL="" STARTED_POSTGRES=""
cleanup() {
    local pid
    for pid in "$CLIENT_PID" "$CONFIRM_PID" "$PID_A" "$PID_B" "$STANDIN_PID"; do
        [ -z "$pid" ] || kill -9 "$pid" 2>/dev/null || true
    done
    for pid in "$CLIENT_PID" "$CONFIRM_PID" "$PID_A" "$PID_B" "$STANDIN_PID"; do
        [ -z "$pid" ] || wait "$pid" 2>/dev/null || true
    done
    if [ -n "$DB_URL" ]; then
        psql -X -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS \"$DB_NAME\" WITH (FORCE)" >/dev/null 2>&1 \
            || echo "Datenbank $DB_NAME nicht gelöscht"
    fi
    [ -z "$STARTED_POSTGRES" ] || "$ROOT/scripts/postgres-test-server.sh" stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A fresh database next to the one the URL names (every run its own; dropped on exit).
if [ -n "${BAUSTEIN_TEST_POSTGRES:-}" ]; then
    ADMIN_URL=$BAUSTEIN_TEST_POSTGRES
else
    if ! psql -X -q "$("$ROOT/scripts/postgres-test-server.sh" url)" -c "SELECT 1" >/dev/null 2>&1; then
        STARTED_POSTGRES=1
    fi
    ADMIN_URL=$("$ROOT/scripts/postgres-test-server.sh" start | tail -n 1)
fi
DB_NAME="baustein_crash_$$_$RANDOM"
DB_URL=$(python3 -c 'import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path="/" + sys.argv[2])))' \
    "$ADMIN_URL" "$DB_NAME")
psql -X -q -v ON_ERROR_STOP=1 "$ADMIN_URL" -c "CREATE DATABASE \"$DB_NAME\"" >/dev/null
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$DB_URL" -c "$1" "${@:2}"; }

mkdir -p "$WORK/knowledge"
cp -r snippets "$WORK/"
cp knowledge/*.yaml knowledge/*.txt "$WORK/knowledge/"
cat >"$WORK/baustein.yaml" <<EOF
identity: trust-cli
team:
  - {name: anna, role: staff}
  - {name: petra, role: press}
  - {name: admin, role: admin}
server:
  host: 127.0.0.1
webhooks:
  generic: true
delivery:
  mastodon: {platform: mastodon, base_url: "http://127.0.0.1:$PLATFORM_PORT", tries: 5, backoff: 200ms, timeout: 2s}
  telegram: {platform: telegram, base_url: "http://127.0.0.1:$PLATFORM_PORT", tries: 5, backoff: 200ms, timeout: 2s}
EOF
cd "$WORK"
SECRET=pg-crash-secret
openssl rand -hex 32 >"$WORK/audit.key"
export BAUSTEIN_DATABASE=$DB_URL BAUSTEIN_AUDIT_KEY_FILE=$WORK/audit.key BAUSTEIN_GENERIC_SECRET=$SECRET
# Durability does not depend on how messages are matched: the word matcher keeps the check short.
export BAUSTEIN_EMBEDDINGS=${BAUSTEIN_EMBEDDINGS:-off}
export BAUSTEIN_MASTODON_TOKEN=crash-mastodon-token BAUSTEIN_TELEGRAM_BOT_TOKEN=4711:crash-telegram-token
cli() { BAUSTEIN_INDEX="$WORK/index-cli.sqlite" "$BIN" "$@"; }

cli migrate >"$WORK/migrate.txt" 2>&1 || { cat "$WORK/migrate.txt"; exit 1; }
grep -q "aktuell\." "$WORK/migrate.txt" || { echo "migrate meldet kein aktuelles Schema:"; cat "$WORK/migrate.txt"; exit 1; }
cli sync --as admin >/dev/null 2>&1 || { cli sync --as admin; exit 1; }
# The check's own witnesses: every write of a match outcome and every suggestion row, with its transaction.
sql "
CREATE TABLE crash_check_match (itemid bigint NOT NULL, txid bigint NOT NULL);
CREATE TABLE crash_check_suggestion (itemid bigint NOT NULL, rank bigint NOT NULL, txid bigint NOT NULL);
CREATE FUNCTION crash_check_match() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
    IF NEW.matchedat IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.matchedat IS DISTINCT FROM OLD.matchedat) THEN
        INSERT INTO crash_check_match VALUES (NEW.id, txid_current());
    END IF;
    RETURN NULL;
END \$\$;
CREATE FUNCTION crash_check_suggestion() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
    INSERT INTO crash_check_suggestion VALUES (NEW.itemid, NEW.rank, txid_current());
    RETURN NULL;
END \$\$;
CREATE TRIGGER crash_check_match AFTER INSERT OR UPDATE ON item FOR EACH ROW EXECUTE FUNCTION crash_check_match();
CREATE TRIGGER crash_check_suggestion AFTER INSERT ON suggestion FOR EACH ROW EXECUTE FUNCTION crash_check_suggestion();"

# Replies to deliver: N citizens on Mastodon and N on Telegram, stored (and matched) before the servers start.
for i in $(seq 1 "$N"); do
    printf '{"id":"m%s","channel":"mastodon","text":"Wie beantrage ich einen neuen Personalausweis? (%s)","author":"buerger%s@social.example","reply_to":"%s","public":true}\n' "$i" "$i" "$i" "$((9000 + i))"
    printf '{"id":"t%s","channel":"telegram","text":"Wie beantrage ich einen neuen Personalausweis? (%s)","author":"buerger%s","reply_to":"4242/%s"}\n' "$i" "$i" "$i" "$((7000 + i))"
done >"$WORK/messages.jsonl"
cli intake --format jsonl <"$WORK/messages.jsonl" >/dev/null 2>"$WORK/intake.err" || { cat "$WORK/intake.err"; exit 1; }
REPLY_IDS=$(sql "SELECT id FROM message WHERE channel IN ('mastodon', 'telegram') ORDER BY id")

python3 "$ROOT/scripts/bench/platform-standin.py" "$PLATFORM_PORT" "$WORK/posts.jsonl" 0.3 &
STANDIN_PID=$!
for _ in $(seq 1 50); do curl -fs "http://127.0.0.1:$PLATFORM_PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

STARTED=""
start_server() { # NAME PORT: starts a server, waits for /healthz; its pid in STARTED
    BAUSTEIN_INDEX="$WORK/index-$1.sqlite" "$BIN" serve --port "$2" --log-level warning >/dev/null 2>>"$WORK/server-$1.log" &
    STARTED=$!
    for _ in $(seq 1 150); do
        curl -fs "http://127.0.0.1:$2/healthz" >/dev/null 2>&1 && return
        kill -0 "$STARTED" 2>/dev/null || break
        sleep 0.1
    done
    echo "Server $1 startet nicht:"; cat "$WORK/server-$1.log"; exit 1
}
start_server a "$PORT_A"; PID_A=$STARTED
start_server b "$PORT_B"; PID_B=$STARTED

# wrk adds load on both servers beside the client that records every acknowledged id: one wrk per server, each body
# (a unique id wrk-<port>-<n>) posted once; after the kill, every 2xx that wrk counted must be a stored message.
WRK_PIDS=""
if command -v wrk >/dev/null; then
    for port in "$PORT_A" "$PORT_B"; do
        python3 "$ROOT/scripts/bench/make-bodies.py" $((LOAD_SECONDS * 4000)) "$SECRET" "$WORK/bodies-$port.tsv" "wrk-$port"
        BODIES="$WORK/bodies-$port.tsv" WRK_THREADS=1 wrk -t1 -c8 -d"${LOAD_SECONDS}s" -s "$ROOT/scripts/bench/intake.lua" \
            "http://127.0.0.1:$port" >"$WORK/wrk-$port.txt" 2>&1 &
        WRK_PIDS="$WRK_PIDS $!"
    done
else
    echo "wrk fehlt (apt-get install -y wrk): nur der Lastclient"
fi
python3 "$ROOT/scripts/bench/load-client.py" "$PORT_A,$PORT_B" "$SECRET" "$WORK/acked.txt" "$LOAD_SECONDS" "$THREADS" >"$WORK/client.txt" &
CLIENT_PID=$!
# Replies are approved one after another while the load runs, so that both servers deliver.
# A confirm refused with "bitte wiederholen" (a conflicting transaction) is tried again, as staff would; counted.
(for id in $REPLY_IDS; do
    for try in 1 2 3 4; do
        cli confirm "$id" --snippet personalausweis-beantragen --as anna >/dev/null 2>>"$WORK/confirm.err" && break
        [ "$try" = 4 ] && echo "confirm $id failed" >>"$WORK/confirm.err"
        echo "$id" >>"$WORK/confirm-retries.txt"
    done
done) &
CONFIRM_PID=$!

# Kill the server that has a delivery attempt in flight (its lease holder is serve:<host>:<pid>), else server a.
sleep "$KILL_AFTER"
VICTIM=""
for _ in $(seq 1 40); do
    holder=$(sql "SELECT deliveryleaseby FROM item WHERE state = 'queued' AND deliverystartedat IS NOT NULL LIMIT 1")
    case "${holder##*:}" in
    "$PID_A") VICTIM=a ;;
    "$PID_B") VICTIM=b ;;
    esac
    [ -n "$VICTIM" ] && break
    sleep 0.1
done
in_flight=yes
[ -n "$VICTIM" ] || { VICTIM=a; in_flight=no; }
if [ "$VICTIM" = a ]; then KILLED_PID=$PID_A KILLED_PORT=$PORT_A; else KILLED_PID=$PID_B KILLED_PORT=$PORT_B; fi
kill -9 "$KILLED_PID"
wait "$KILLED_PID" 2>/dev/null || true
if [ "$VICTIM" = a ]; then PID_A=""; else PID_B=""; fi
echo "server $VICTIM (port $KILLED_PORT) killed with SIGKILL mid-load (a delivery attempt in flight: $in_flight)"

for pid in $WRK_PIDS; do wait "$pid" || true; done
wait "$CLIENT_PID" || { CLIENT_PID=""; echo "load client failed"; exit 1; }
CLIENT_PID=""
cat "$WORK/client.txt"
wait "$CONFIRM_PID" || true
CONFIRM_PID=""
[ ! -s "$WORK/confirm-retries.txt" ] || echo "confirm tried again after a refusal: $(wc -l <"$WORK/confirm-retries.txt") times"
if grep -q "failed" "$WORK/confirm.err" 2>/dev/null; then echo "confirm failed:"; cat "$WORK/confirm.err"; exit 1; fi

if [ "$VICTIM" = a ]; then start_server a "$PORT_A"; PID_A=$STARTED; else start_server b "$PORT_B"; PID_B=$STARTED; fi
echo "server $VICTIM restarted; waiting until every item is matched and every reply sent or failed"
# The killed server's delivery leases run out after 2 × timeout + 10 s = 14 s.
for _ in $(seq 1 400); do
    open=$(sql "SELECT (SELECT count(*) FROM item WHERE matchedat IS NULL)
        + (SELECT count(*) FROM item JOIN message USING (id) WHERE channel IN ('mastodon', 'telegram') AND state NOT IN ('sent', 'failed'))")
    [ "$open" = 0 ] && break
    sleep 0.1
done
for name in a b; do
    if [ "$name" = a ]; then pid=$PID_A; else pid=$PID_B; fi
    kill -TERM "$pid" 2>/dev/null || { echo "server $name had exited on its own:"; tail -n 20 "$WORK/server-$name.log"; exit 1; }
done
for pid in "$PID_A" "$PID_B"; do wait "$pid" || true; done
PID_A="" PID_B=""

# What the database says, written to files for the summary below.
sql "SELECT externalid FROM message WHERE channel = 'web'" >"$WORK/stored.txt"
sql "SELECT externalid FROM message WHERE externalid LIKE 'wrk-%'" >"$WORK/stored-wrk.txt"
sql "SELECT count(*) FROM (SELECT 1 FROM message WHERE externalid IS NOT NULL
     GROUP BY channel, externalid HAVING count(*) > 1) d" >"$WORK/duplicates.txt"
sql "SELECT count(*) FROM item WHERE matchedat IS NULL" >"$WORK/unmatched.txt"
sql "SELECT count(*) FROM (SELECT itemid FROM crash_check_match GROUP BY itemid HAVING count(*) > 1) d" >"$WORK/matched-twice.txt"
# Suggestions written twice: an item whose rows came from two transactions, or from one that did not store its match.
sql "SELECT count(DISTINCT s.itemid) FROM crash_check_suggestion s
     WHERE s.itemid IN (SELECT itemid FROM crash_check_suggestion GROUP BY itemid HAVING count(DISTINCT txid) > 1)
        OR NOT EXISTS (SELECT 1 FROM crash_check_match m WHERE m.itemid = s.itemid AND m.txid = s.txid)" >"$WORK/suggestions-twice.txt"
sql "SELECT count(*) FROM item i WHERE (SELECT count(*) FROM audit a WHERE a.itemid = i.id AND a.action = 'receive') <> 1" >"$WORK/receive-off.txt"
sql "SELECT count(*) FROM item" >"$WORK/items.txt"
sql "SELECT item.state, message.channel, message.replyto, coalesce(item.deliveryerror, '')
     FROM item JOIN message USING (id) WHERE message.channel IN ('mastodon', 'telegram')" -F $'\t' >"$WORK/replies.tsv"
verify_status=0
cli audit verify >"$WORK/verify.txt" 2>"$WORK/verify.err" || verify_status=$?

python3 - "$WORK" "$N" "$verify_status" <<'PY'
import collections, json, os, sys
work, expected_replies, verify_status = sys.argv[1], 2 * int(sys.argv[2]), int(sys.argv[3])
read = lambda name: open(os.path.join(work, name), encoding="utf-8").read()
number = lambda name: int(read(name).strip() or 0)
acked_lines = [line.strip() for line in read("acked.txt").splitlines() if line.strip()]
acked = set(acked_lines)
stored = collections.Counter(line.strip() for line in read("stored.txt").splitlines() if line.strip())
lost = sorted(i for i in acked if stored[i] == 0)
acked_twice = sorted(i for i in acked if stored[i] > 1)
duplicates, unmatched = number("duplicates.txt"), number("unmatched.txt")
matched_twice, suggestions_twice, receive_off = number("matched-twice.txt"), number("suggestions-twice.txt"), number("receive-off.txt")
verify = read("verify.txt").strip().splitlines()
intact = verify_status == 0 and bool(verify) and verify[0].startswith("Protokoll intakt")

posts = [json.loads(line) for line in read("posts.jsonl").splitlines() if line.strip()] if os.path.exists(os.path.join(work, "posts.jsonl")) else []
created = collections.Counter((p["platform"], str(p["reply_to"])) for p in posts if p["created"])
attempts = collections.Counter(p["platform"] for p in posts)
replies = [line.split("\t") for line in read("replies.tsv").splitlines() if line.strip()]
states = collections.Counter(row[0] for row in replies)
posted_twice = {key: count for key, count in created.items() if count > 1}
in_doubt = [row for row in replies if row[0] == "failed" and row[3].startswith("Zustellung unklar")]
sent_without_post = []
for state, channel, reply_to, _ in replies:
    target = reply_to if channel == "mastodon" else reply_to.split("/")[1]
    if state == "sent" and created[(channel, target)] != 1:
        sent_without_post.append((channel, reply_to))

print(f"acknowledged ids: {len(acked)} ({len(acked_lines)} 2xx answers, an id posted to both servers once), "
      f"stored: {sum(stored.values())}, lost: {len(lost)}, "
      f"duplicates: {duplicates + len(acked_twice)}, items: {number('items.txt')}, unmatched: {unmatched}, "
      f"matched twice: {matched_twice}, suggestions written twice: {suggestions_twice}, receive rows not one: {receive_off}")
# wrk's 2xx answers (requests less non-2xx) per server: each must be a stored message with that server's prefix.
wrk_short = []
for name in sorted(n for n in os.listdir(work) if n.startswith("wrk-") and n.endswith(".txt") and n[4:-4].isdigit()):
    port = name[4:-4]
    text = read(name)
    requests = int(text.split("requests: ")[1].split()[0]) if "requests: " in text else 0
    refused = int(text.split("non-2xx: ")[1].split(",")[0]) if "non-2xx: " in text else 0
    stored_here = sum(1 for line in read("stored-wrk.txt").splitlines() if line.strip().startswith(f"wrk-{port}-"))
    print(f"wrk on port {port}: {requests - refused} acknowledged, {stored_here} stored")
    if stored_here < requests - refused:
        wrk_short.append(f"port {port}: {requests - refused} acknowledged, {stored_here} stored")
print(f"replies: {len(replies)}, sent: {states['sent']}, handed to staff (outcome unknown): {len(in_doubt)}, "
      f"requests to the platforms: {dict(attempts)}, posted twice: {len(posted_twice)}")
complaint = [line for line in (verify + read("verify.err").splitlines()) if line.strip() and not line.startswith("Warnung:")]
print(verify[0].split(", versiegelt")[0] if intact else "AUDIT: " + " ".join(complaint))
problems = []
if not acked:
    problems.append("no message was acknowledged; the check proves nothing")
if lost:
    problems.append(f"LOST {len(lost)} acknowledged messages, e.g. {lost[:5]}")
if wrk_short:
    problems.append(f"LOST messages wrk had acknowledged: {wrk_short}")
if duplicates or acked_twice:
    problems.append(f"STORED TWICE: {duplicates} keys, acknowledged ids e.g. {acked_twice[:5]}")
if unmatched:
    problems.append(f"{unmatched} items never matched")
if matched_twice:
    problems.append(f"MATCHED TWICE: {matched_twice} items")
if suggestions_twice:
    problems.append(f"SUGGESTIONS WRITTEN TWICE or apart from their match: {suggestions_twice} items")
if receive_off:
    problems.append(f"{receive_off} items without exactly one receive audit row")
if not intact:
    problems.append("audit chain does not verify")
if len(replies) != expected_replies:
    problems.append(f"expected {expected_replies} replies, found {len(replies)}")
if posted_twice:
    problems.append(f"POSTED TWICE: {posted_twice}")
if states["sent"] + len(in_doubt) != len(replies):
    problems.append(f"not every reply ended sent or handed to staff: {dict(states)}")
if sent_without_post:
    problems.append(f"marked sent without exactly one post: {sent_without_post[:5]}")
if problems:
    sys.exit("\n".join(problems))
PY
echo "pg crash check passed: two servers under wrk and the recording client, one killed: 0 lost, 0 stored twice, 0 matched twice, 0 posted twice, audit intact"
