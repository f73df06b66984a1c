#!/usr/bin/env python3
"""flood: holds many raw SP connections open against a server, for tests of
its connection limits (tests/integration/transport_limits.sh) and the bench.

  flood.py HOST PORT --count N [--src ADDR] [--frame BYTES] [--hold S]

Each connection does the SP handshake of a REQ socket; with --frame it then
sends a frame header announcing BYTES and all but the last 16 bytes of the
body, and never the rest. Prints "opened=N" once every connection was tried
(N: connects that succeeded), then holds them S seconds and prints
"open=M closed=K" (K: connections the server closed meanwhile) and exits 0.
"""
import argparse
import resource
import select
import socket
import struct
import sys
import time

SP_REQ_HEADER = b"\x00SP\x00\x00\x30\x00\x00"  # protocol 0x30: req0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("--count", type=int, required=True)
    ap.add_argument("--src", default=None)
    ap.add_argument("--frame", type=int, default=0)
    ap.add_argument("--hold", type=float, default=5.0)
    a = ap.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if a.count + 16 > hard:
        print(f"flood: the open-file limit ({hard}) is below {a.count + 16}", file=sys.stderr)
        return 1

    body = b"\x00" * max(a.frame - 16, 0)
    socks, closed = [], set()
    for _ in range(a.count):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(2.0)
        try:
            if a.src:
                s.bind((a.src, 0))
            s.connect((a.host, a.port))
            s.sendall(SP_REQ_HEADER)
            if a.frame:
                s.sendall(struct.pack(">Q", a.frame) + body)
        except OSError:
            # Refused, reset or timed out: a connection the server did not keep.
            s.close()
            continue
        socks.append(s)
    print(f"opened={len(socks)}", flush=True)

    by_fd = {s.fileno(): s for s in socks}

    def reap():
        # poll, not select: descriptors go past FD_SETSIZE.
        p = select.poll()
        for fd in by_fd:
            if fd not in closed:
                p.register(fd, select.POLLIN)
        for fd, _ in p.poll(0):
            try:
                data = by_fd[fd].recv(4096)
            except OSError:
                data = b""
            if not data:
                closed.add(fd)

    until = time.monotonic() + a.hold
    while time.monotonic() < until:
        reap()
        time.sleep(0.1)
    reap()
    print(f"open={len(socks) - len(closed)} closed={len(closed)}", flush=True)
    for s in socks:
        s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
