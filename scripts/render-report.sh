#!/usr/bin/env bash
# Checks the HTML report as a person would see it: builds a demo database from the example messages (spread over
# the last seven days, a few replies confirmed, sent, escalated and dismissed), writes `baustein report html`,
# renders it with headless Chromium and makes sure the screenshot shows a page with the daily chart on it.
#
# Usage: scripts/render-report.sh [OUT.png]       (default /tmp/baustein-report.png)
# Environment: BAUSTEIN_BINARY (skip the build and use this binary), SCRATCH_PATH (swift build --scratch-path),
#              CHROMIUM (browser command, default: chromium), KEEP=1 (keep the temporary folder).
set -euo pipefail

out="${1:-/tmp/baustein-report.png}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
browser="${CHROMIUM:-chromium}"

fail() {
    echo "render-report: FEHLER: $*" >&2
    exit 1
}

command -v python3 >/dev/null || fail "python3 fehlt (wird zum Prüfen des PNG gebraucht)."
command -v "$browser" >/dev/null || fail "'$browser' nicht gefunden; installieren mit 'apt-get install chromium' oder CHROMIUM=… setzen."

if [[ -n "${BAUSTEIN_BINARY:-}" ]]; then
    binary="$BAUSTEIN_BINARY"
else
    scratch=(); [[ -n "${SCRATCH_PATH:-}" ]] && scratch=(--scratch-path "$SCRATCH_PATH")
    echo "render-report: swift build ${scratch[*]}"
    (cd "$root" && swift build "${scratch[@]}" >/dev/null) || fail "swift build ist fehlgeschlagen."
    binary="$(cd "$root" && swift build "${scratch[@]}" --show-bin-path)/baustein"
fi
[[ -x "$binary" ]] || fail "$binary ist keine ausführbare Datei."

work="$(mktemp -d "${TMPDIR:-/tmp}/baustein-render.XXXXXX")"
if [[ "${KEEP:-0}" != 1 ]]; then trap 'rm -rf "$work"' EXIT; fi
export BAUSTEIN_DATABASE="$work/demo.sqlite" BAUSTEIN_USER=anna
unset BAUSTEIN_CONFIG

# The examples carry fixed dates; move them into the last seven days so the report's period has a rhythm to show.
python3 - "$root/examples/messages.jsonl" >"$work/messages.jsonl" <<'PY'
import json, sys, datetime
now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
for index, line in enumerate(open(sys.argv[1], encoding="utf-8")):
    if not line.strip():
        continue
    message = json.loads(line)
    back = datetime.timedelta(days=(index * 5) % 7, hours=1 + index % 9)
    message["received_at"] = (now - back).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(json.dumps(message, ensure_ascii=False))
PY

run() {
    (cd "$root" && "$binary" "$@") >>"$work/commands.log" 2>&1 || { cat "$work/commands.log" >&2; fail "baustein $* ist fehlgeschlagen."; }
}
run sync
run intake <"$work/messages.jsonl"
for item in 1 2 5 13 15; do run confirm "$item"; done
run escalate 9 --note "Presseanfrage: bitte Stellungnahme abstimmen"
echo "Guten Tag, die Pressestelle meldet sich heute bei Ihnen." | run rewrite 9 --text-file - --as petra
run dismiss 11 --reason "beleidigend" --kind beleidigend
run dismiss 12 --reason "kein Thema der Stadt" --kind keine-passende-antwort
run outbox export --jsonl --as admin
run outbox mark-sent 1 --as admin
run outbox mark-sent 2 --as admin
run report html --out "$work/report.html" --since 7d
html_bytes=$(wc -c <"$work/report.html")
echo "render-report: report.html geschrieben ($html_bytes Bytes)"

rm -f "$out"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --window-size=1000,1800 --screenshot="$out" "file://$work/report.html" >"$work/chromium.log" 2>&1 ||
    { tail -20 "$work/chromium.log" >&2; fail "Chromium konnte den Bericht nicht rendern."; }
[[ -s "$out" ]] || { tail -20 "$work/chromium.log" >&2; fail "Chromium hat kein Bildschirmfoto geschrieben ($out)."; }

# Decodes the PNG with zlib alone (no PIL): size, distinct colours, share of non-white pixels, and pixels in the
# chart's bar colour (#0b5394), so that a blank or unstyled page fails.
python3 - "$out" <<'PY'
import struct, sys, zlib

path = sys.argv[1]
data = open(path, "rb").read()
def fail(message):
    print(f"render-report: FEHLER: {path}: {message}", file=sys.stderr)
    sys.exit(1)
if data[:8] != b"\x89PNG\r\n\x1a\n":
    fail("keine PNG-Datei")
if len(data) < 20_000:
    fail(f"nur {len(data)} Bytes: die Seite ist vermutlich leer")
position, idat, header = 8, b"", None
while position < len(data):
    length, kind = struct.unpack(">I4s", data[position:position + 8])
    body = data[position + 8:position + 8 + length]
    if kind == b"IHDR":
        header = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    position += 12 + length
width, height, depth, colour, _, _, interlace = header
if depth != 8 or colour not in (2, 6) or interlace:
    fail(f"unerwartetes PNG-Format (Tiefe {depth}, Farbtyp {colour}, Interlace {interlace})")
channels = 3 if colour == 2 else 4
stride = width * channels
raw = zlib.decompress(idat)
previous = bytearray(stride)
colours, ink, bars = set(), 0, 0
for row in range(height):
    filter_type = raw[row * (stride + 1)]
    line = bytearray(raw[row * (stride + 1) + 1:(row + 1) * (stride + 1)])
    for i in range(stride):
        left = line[i - channels] if i >= channels else 0
        up = previous[i]
        up_left = previous[i - channels] if i >= channels else 0
        if filter_type == 1:
            line[i] = (line[i] + left) & 0xFF
        elif filter_type == 2:
            line[i] = (line[i] + up) & 0xFF
        elif filter_type == 3:
            line[i] = (line[i] + (left + up) // 2) & 0xFF
        elif filter_type == 4:
            p = left + up - up_left
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
            line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else up_left)) & 0xFF
    for x in range(0, stride, channels):
        pixel = bytes(line[x:x + 3])
        colours.add(pixel)
        if pixel != b"\xff\xff\xff":
            ink += 1
        if pixel == b"\x0b\x53\x94":
            bars += 1
    previous = line
share = ink / (width * height)
print(f"render-report: {path}: {width}x{height}, {len(data)} Bytes, {len(colours)} Farben, "
      f"{share:.1%} nicht weiß, {bars} Pixel in Balkenfarbe")
if len(colours) < 16:
    fail(f"nur {len(colours)} Farben: die Seite ist leer oder ohne Text")
if share < 0.02:
    fail(f"nur {share:.2%} der Pixel sind nicht weiß: die Seite ist praktisch leer")
if bars < 200:
    fail(f"nur {bars} Pixel in der Balkenfarbe #0b5394: das Tagesdiagramm fehlt")
PY
echo "render-report: OK: $out"
