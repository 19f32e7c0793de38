#!/usr/bin/env python3
"""Posts signed generic messages from several threads and records every id that got a 2xx, flushed as it comes.

Usage: load-client.py PORT SECRET ACKED_FILE SECONDS [THREADS]
Stops after SECONDS or when the server is gone (connection refused), whichever comes first.
"""
import hashlib
import hmac
import http.client
import json
import sys
import threading
import time

port, secret, acked_path, seconds = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3], float(sys.argv[4])
thread_count = int(sys.argv[5]) if len(sys.argv) > 5 else 8
deadline = time.time() + seconds
lock = threading.Lock()
acked = open(acked_path, "a", encoding="utf-8")
sent = [0]


def worker(number: int) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    n = 0
    while time.time() < deadline:
        message_id = f"crash-{number}-{n}"
        n += 1
        body = json.dumps({"id": message_id, "channel": "web", "author": "test", "text": f"Frage Nummer {n} zum Personalausweis"}).encode()
        signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
        try:
            connection.request("POST", "/webhooks/generic", body, {"Content-Type": "application/json", "X-Baustein-Signature": signature})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException):
            return  # the server is gone: whatever was not acknowledged may be lost, and that is allowed
        with lock:
            sent[0] += 1
            if 200 <= response.status < 300:
                acked.write(message_id + "\n")
                acked.flush()


threads = [threading.Thread(target=worker, args=(i,)) for i in range(thread_count)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"client: {sent[0]} answers received")
