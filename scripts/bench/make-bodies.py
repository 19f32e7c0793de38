#!/usr/bin/env python3
"""Writes N signed generic webhook bodies, one per line: <hex HMAC-SHA256>\t<json body>.

Usage: make-bodies.py COUNT SECRET OUTPUT [PREFIX]
Every body has a unique id (PREFIX-<n>), so each request stores one new message.
"""
import hashlib
import hmac
import json
import sys

QUESTIONS = [
    "Mein Perso ist abgelaufen, was muss ich tun?",
    "wann wird bei uns der sperrmüll abgeholt",
    "Brauche einen Kitaplatz für meine Tochter",
    "Wie melde ich mich nach dem Umzug um?",
    "Wo beantrage ich einen Anwohnerparkausweis?",
    "Hat das Bürgerbüro am Samstag geöffnet?",
    "Wie hoch ist die Hundesteuer in Musterstadt?",
    "Ich brauche eine Geburtsurkunde für meinen Sohn",
]
# The generic webhook refuses the platforms' own channels (they have their own webhooks): channels it accepts.
CHANNELS = ["web", "email", "phone", "letter", "x", "bluesky"]


def main() -> None:
    count, secret, output = int(sys.argv[1]), sys.argv[2].encode(), sys.argv[3]
    prefix = sys.argv[4] if len(sys.argv) > 4 else "bench"
    with open(output, "w", encoding="utf-8") as out:
        for n in range(count):
            body = json.dumps(
                {
                    "id": f"{prefix}-{n}",
                    "channel": CHANNELS[n % len(CHANNELS)],
                    "author": f"buerger{n % 997}",
                    "text": f"{QUESTIONS[n % len(QUESTIONS)]} (Nachricht {n})",
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            signature = hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
            out.write(f"{signature}\t{body}\n")


if __name__ == "__main__":
    main()
