#!/usr/bin/env python3
"""Posts signed generic messages from several threads and records every id that got a 2xx, flushed as it comes.

Usage: load-client.py PORT[,PORT...] SECRET ACKED_FILE SECONDS [THREADS]
Stops after SECONDS or when the server is gone (connection refused), whichever comes first.

With several ports (several servers on one database), the threads are spread over them; a thread whose server is
gone sends the message it had in hand to the next server that answers (as a load balancer or a platform's retry
would) and goes on there. An id acknowledged by any server counts. Environment:
  LOAD_ID_PREFIX     prefix of the message ids (default "crash"); ids are PREFIX-THREAD-N
  LOAD_SAME_ID_PAIRS with several ports: this many extra thread groups that post the same ids ("PREFIX-same-G-N") to
                     every server at once, as a platform delivering one message twice through two instances (default 0)
"""
import collections
import hashlib
import hmac
import http.client
import json
import os
import sys
import threading
import time

ports = [int(p) for p in sys.argv[1].split(",") if p]
secret, acked_path, seconds = sys.argv[2].encode(), sys.argv[3], float(sys.argv[4])
thread_count = int(sys.argv[5]) if len(sys.argv) > 5 else 8
prefix = os.environ.get("LOAD_ID_PREFIX", "crash")
same_id_groups = int(os.environ.get("LOAD_SAME_ID_PAIRS", "0")) if len(ports) > 1 else 0
deadline = time.time() + seconds
lock = threading.Lock()
acked = open(acked_path, "a", encoding="utf-8")
sent = [0]
statuses = collections.Counter()
acked_by_port = collections.Counter()
failovers = [0]
dead_ports = set()


def post(connection: http.client.HTTPConnection, message_id: str, n: int) -> int:
    body = json.dumps({"id": message_id, "channel": "web", "author": "test", "text": f"Frage Nummer {n} zum Personalausweis"}).encode()
    signature = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    connection.request("POST", "/webhooks/generic", body, {"Content-Type": "application/json", "X-Baustein-Signature": signature})
    response = connection.getresponse()
    response.read()
    return response.status


def record(message_id: str, port: int, status: int) -> None:
    with lock:
        sent[0] += 1
        statuses[status] += 1
        if 200 <= status < 300:
            acked_by_port[port] += 1
            acked.write(message_id + "\n")
            acked.flush()


def worker(number: int, first_port: int, ids: str) -> None:
    port_index = first_port
    connection = http.client.HTTPConnection("127.0.0.1", ports[port_index], timeout=10)
    n = 0
    while time.time() < deadline:
        message_id = f"{ids}-{n}"
        n += 1
        while True:
            port = ports[port_index]
            try:
                status = post(connection, message_id, n)
                break
            except (OSError, http.client.HTTPException):
                # The server is gone: whatever it did not acknowledge may be lost, and that is allowed. With another
                # server to go to, the same message goes there, as a retry would.
                connection.close()
                with lock:
                    dead_ports.add(port)
                    alive = [i for i, p in enumerate(ports) if p not in dead_ports]
                if not alive:
                    return
                port_index = alive[number % len(alive)]
                connection = http.client.HTTPConnection("127.0.0.1", ports[port_index], timeout=10)
                with lock:
                    failovers[0] += 1
        record(message_id, port, status)


threads = [threading.Thread(target=worker, args=(i, i % len(ports), f"{prefix}-{i}")) for i in range(thread_count)]
for group in range(same_id_groups):
    threads += [threading.Thread(target=worker, args=(1000 + group, i, f"{prefix}-same-{group}")) for i in range(len(ports))]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
if len(ports) == 1:
    print(f"client: {sent[0]} answers received")
else:
    by_port = ", ".join(f"{port}: {acked_by_port[port]}" for port in ports)
    other = sum(count for status, count in statuses.items() if not 200 <= status < 300)
    print(f"client: {sent[0]} answers received, 2xx by port {by_port}, non-2xx: {other} {dict(statuses)}, "
          f"re-sent to another server: {failovers[0]}")
