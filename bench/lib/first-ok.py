"""Asks an HTTP server for / every 10 ms until it answers 2xx; prints the wall clock then, in ms.

    python3 bench/lib/first-ok.py <host:port> [Host header] [deadline seconds, default 180]

$POLL_MS sets another period.

One process, one try a period (10 ms) on the clock, whatever the answer: a refused connection, an
error page, or an address with nothing behind it yet (a connect gives up at the next try, where it
would otherwise wait seconds for the address to be resolved on the bridge and leave the host
quiet meanwhile). Two clients timed this way wake alike while they wait (what a try costs the
other side is its own: a refused connection, or an error page); a poller that forks a curl for
each try takes far more of two cores than this one. Exits 1 at the deadline.
"""
import os
import socket
import sys
import time

address, _, port = sys.argv[1].rpartition(":")
host = sys.argv[2] if len(sys.argv) > 2 else sys.argv[1]
deadline = time.monotonic() + (float(sys.argv[3]) if len(sys.argv) > 3 else 180)
PERIOD = int(os.environ.get("POLL_MS", "10")) / 1000
request = f"GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()


def status():
    try:
        with socket.create_connection((address, int(port)), timeout=PERIOD) as s:
            s.settimeout(2)
            s.sendall(request)
            line = s.makefile("rb").readline(200)
            return int(line.split()[1]) if line.startswith(b"HTTP/") else 0
    except (OSError, ValueError, IndexError):
        return 0


tick = time.monotonic()
while not 200 <= status() < 300:
    if time.monotonic() > deadline:
        sys.exit(f"no 2xx from {sys.argv[1]} (Host: {host})")
    tick += PERIOD
    time.sleep(max(0.0, tick - time.monotonic()))
print(time.time_ns() // 1_000_000)
