#!/usr/bin/python3
"""An SMTP relay for tests: accepts every message and saves it as
DIR/NNNN.eml (the bytes as received, before answering DATA).

  --fail-first N   answer the first N messages "451 try again later"
  --hold FILE      while FILE exists, wait before answering a saved message
                   (a test kills the sender meanwhile)
  --ready FILE     write the listening port to FILE once listening

Runs until killed. Uses aiosmtpd (Debian: python3-aiosmtpd).
"""
import argparse
import asyncio
import os
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory, fail_first, hold):
        self.dir = directory
        self.fail_left = fail_first
        self.hold = hold
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.fail_left > 0:
            self.fail_left -= 1
            return "451 4.3.0 try again later"
        self.count += 1
        path = os.path.join(self.dir, "%04d.eml" % self.count)
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Envelope-From: " + envelope.mail_from.encode() + b"\r\n")
            f.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            f.write(envelope.original_content)
        os.rename(path + ".tmp", path)
        while self.hold and os.path.exists(self.hold):
            await asyncio.sleep(0.05)
        return "250 2.0.0 queued as %04d" % self.count


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--fail-first", type=int, default=0)
    ap.add_argument("--hold")
    ap.add_argument("--ready")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    port = a.port
    if port == 0:
        import socket
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    c = Controller(Sink(a.dir, a.fail_first, a.hold), hostname="127.0.0.1", port=port,
                   decode_data=False)
    c.start()
    if a.ready:
        with open(a.ready + ".tmp", "w") as f:
            f.write(str(port))
        os.rename(a.ready + ".tmp", a.ready)
    try:
        asyncio.new_event_loop().run_forever()
    finally:
        c.stop()


if __name__ == "__main__":
    sys.exit(main())
