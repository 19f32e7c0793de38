#!/usr/bin/env python3
"""Stand-in of Mastodon's and Telegram's posting APIs for the delivery crash check.

usage: platform-standin.py PORT LOG [DELAY_SECONDS]

POST /api/v1/statuses behaves as Mastodon documents it: a repeated Idempotency-Key returns the status created first
instead of posting again. POST /bot<token>/sendMessage behaves as Telegram: every call posts. Each request is first
logged (one JSON line: platform, key or chat/message, whether it created a post), then answered after DELAY seconds, so
that a server killed mid-attempt leaves posts whose answer it never read.
"""
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
LOG = sys.argv[2]
DELAY = float(sys.argv[3]) if len(sys.argv) > 3 else 0.3
lock = threading.Lock()
statuses_by_key = {}
next_id = [1000]


def log(entry):
    with lock, open(LOG, "a") as out:
        out.write(json.dumps(entry) + "\n")


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server was killed while waiting for this answer: that is the point of the check

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/api/v1/statuses":
            form = urllib.parse.parse_qs(raw.decode())
            key = self.headers.get("Idempotency-Key")
            with lock:
                created = key not in statuses_by_key
                if created:
                    next_id[0] += 1
                    statuses_by_key[key] = str(next_id[0])
                status_id = statuses_by_key[key]
            log({"platform": "mastodon", "key": key, "reply_to": form.get("in_reply_to_id", [""])[0], "created": created})
            time.sleep(DELAY)
            self.answer(200, {"id": status_id, "url": f"http://127.0.0.1:{PORT}/@stadt/{status_id}"})
        elif self.path.endswith("/sendMessage"):
            body = json.loads(raw or b"{}")
            with lock:
                next_id[0] += 1
                message_id = next_id[0]
            reply = body.get("reply_parameters", {}).get("message_id")
            log({"platform": "telegram", "chat": body.get("chat_id"), "reply_to": reply, "created": True})
            time.sleep(DELAY)
            self.answer(200, {"ok": True, "result": {"message_id": message_id}})
        else:
            self.answer(404, {"error": "not found"})

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        if url.path == "/api/v1/notifications":
            # Three mentions of the authority's account, newest first, after since_id.
            since = int(query.get("since_id", ["0"])[0])
            notes = [mention(i) for i in (3, 2, 1) if i > since]
            self.answer(200, notes)
        elif url.path.endswith("/getUpdates"):
            offset = int(query.get("offset", ["0"])[0])
            updates = [update(i) for i in (500, 501) if i >= offset]
            self.answer(200, {"ok": True, "result": updates})
        elif url.path == "/healthz":
            self.answer(200, {"ok": True})
        else:
            self.answer(404, {"error": "not found"})


def mention(i):
    status = {"id": str(8000 + i), "created_at": "2026-12-06T10:00:00.000Z", "visibility": "direct" if i == 2 else "public",
              "content": f"<p>@stadt Wie beantrage ich einen Personalausweis? ({i})</p>", "account": {"acct": f"buerger{i}@social.example"}}
    return {"id": str(i), "type": "mention", "account": status["account"], "status": status}


def update(i):
    return {"update_id": i, "message": {"message_id": i * 10, "date": 1765000000, "chat": {"id": 4242, "type": "private"},
                                        "text": f"Brauche ich einen Termin? ({i})"}}


ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
