"""A real SMTP submission server for the e-mail delivery tests (Debian's python3-aiosmtpd, on 127.0.0.1).

usage: python3 smtp-server.py PORT CERT KEY OUTDIR USER PASSWORD [DELAY]

STARTTLS offered and required before AUTH, AUTH PLAIN/LOGIN required before MAIL; every accepted message is written to
OUTDIR as a JSON file (envelope sender, recipients, the raw message), and answered DELAY seconds later (default 0: at once). Port 0 picks a free one. Prints "ready PORT" when it accepts connections.
"""
import asyncio
import json
import os
import signal
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

port, cert, key, outdir, user, password = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]
delay = float(sys.argv[7]) if len(sys.argv) > 7 else 0.0
if port == "0":
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(cert, key)


class Handler:
    count = 0

    async def handle_DATA(self, server, session, envelope):
        Handler.count += 1
        with open(os.path.join(outdir, f"{Handler.count}.json"), "w") as out:
            json.dump({
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "login": session.auth_data.login.decode() if session.authenticated else None,
                "tls": session.ssl is not None,
                "data": envelope.original_content.decode("ascii", "replace"),
            }, out)
        if delay:
            await asyncio.sleep(delay)
        return "250 2.0.0 Ok: queued as TEST%d" % Handler.count


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


controller = Controller(
    Handler(), hostname="127.0.0.1", port=int(port), tls_context=context, require_starttls=True,
    authenticator=authenticate, auth_required=True, server_hostname="127.0.0.1")
controller.start()
# aiosmtpd's event loop thread keeps the process alive: stop cleanly on SIGTERM.
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("ready", port, flush=True)
try:
    while True:
        time.sleep(3600)
finally:
    controller.stop()
