#!/usr/bin/env python3
"""Clients the end-to-end tests drive: HTTP clients that read slowly, and an echo client that waits
for an answer. Each prints one result line and exits 0 when the server behaved, 1 otherwise.

  pipeline PORT N SIZE        pipelines N POST /echo of SIZE bytes (from a writer thread) and reads
                              the responses slowly; each must come whole and in order
  get PORT TARGET KIND ARGS   one GET read slowly; KIND big SIZE: SIZE bytes 'b' (Content-Length);
                              KIND stream CHUNKS SIZE: chunked, part i all 'a' + i % 26
  echo-wait PORT MESSAGE SEC  sends MESSAGE as one length-prefixed packet, prints REPLY, CLOSED or
                              TIMEOUT: what came within SEC seconds (exit 0 in each case)
"""
import socket
import struct
import sys
import threading
import time

SLOW_START = 1.0           # seconds before the first read: the server's output piles up meanwhile ...
SLOW_READ = 32 * 1024      # ... then this many bytes per read ...
SLOW_PAUSE = 0.01          # ... and a pause after each: about 3 MB/s, far below loopback speed


class SlowReader:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        time.sleep(SLOW_START)

    def _more(self):
        chunk = self.sock.recv(SLOW_READ)
        if not chunk:
            raise EOFError("the server closed the connection")
        self.buf += chunk
        time.sleep(SLOW_PAUSE)

    def line(self):
        while b"\r\n" not in self.buf:
            self._more()
        line, self.buf = self.buf.split(b"\r\n", 1)
        return line

    def exactly(self, n):
        while len(self.buf) < n:
            self._more()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data


def response(reader):
    """(status, headers, body) of one response, Content-Length or chunked."""
    status = int(reader.line().split(b" ")[1])
    headers = {}
    while True:
        line = reader.line()
        if not line:
            break
        name, value = line.split(b":", 1)
        headers[name.strip().lower().decode()] = value.strip().decode()
    if headers.get("transfer-encoding") == "chunked":
        parts = []
        while True:
            size = int(reader.line().split(b";")[0], 16)
            if size == 0:
                while reader.line():
                    pass
                return status, headers, b"".join(parts)
            parts.append(reader.exactly(size))
            reader.exactly(2)
    return status, headers, reader.exactly(int(headers.get("content-length", "0")))


def connect(port):
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)  # small: the server's output backs up
    sock.settimeout(30)
    sock.connect(("127.0.0.1", port))
    return sock


def pipeline(port, n, size):
    sock = connect(port)
    bodies = [bytes([ord("A") + i % 26]) * size for i in range(n)]

    def write_all():
        for body in bodies:
            sock.sendall(b"POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: %d\r\n\r\n" % len(body) + body)

    threading.Thread(target=write_all, daemon=True).start()
    reader = SlowReader(sock)
    for i, body in enumerate(bodies):
        status, _, got = response(reader)
        if status != 200 or got != body:
            print("response %d: status %d, %d bytes, first %r, expected %d bytes of %r"
                  % (i, status, len(got), got[:1], len(body), body[:1]))
            return 1
    print("OK %d responses whole and in order" % n)
    return 0


def get(port, target, kind, args):
    if kind == "big":
        expected = b"b" * int(args[0])
    else:
        chunks, size = int(args[0]), int(args[1])
        expected = b"".join(bytes([ord("a") + i % 26]) * size for i in range(chunks))
    sock = connect(port)
    sock.sendall(b"GET %s HTTP/1.1\r\nHost: t\r\n\r\n" % target.encode())
    status, headers, got = response(SlowReader(sock))
    if status != 200 or got != expected:
        print("status %d, %d bytes, expected %d; equal prefix %d" % (status, len(got), len(expected),
              next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))))
        return 1
    print("OK %d bytes whole (%s)" % (len(got), headers.get("transfer-encoding", "content-length")))
    return 0


def echo_wait(port, message, seconds):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    body = message.encode()
    sock.sendall(struct.pack(">I", len(body)) + body)
    sock.settimeout(seconds)
    print("SENT", flush=True)
    try:
        data = sock.recv(65536)
        print("REPLY" if data else "CLOSED", flush=True)
    except socket.timeout:
        print("TIMEOUT", flush=True)
    except ConnectionResetError:
        print("CLOSED", flush=True)
    return 0


def main():
    mode, port = sys.argv[1], int(sys.argv[2])
    try:
        if mode == "pipeline":
            return pipeline(port, int(sys.argv[3]), int(sys.argv[4]))
        if mode == "get":
            return get(port, sys.argv[3], sys.argv[4], sys.argv[5:])
        if mode == "echo-wait":
            return echo_wait(port, sys.argv[3], float(sys.argv[4]))
    except (EOFError, OSError) as e:
        print("FAILED: %s" % e)
        return 1
    raise SystemExit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
