#!/usr/bin/env python3
"""Sends each argument as one length-prefixed packet (4-byte big-endian length + body) and prints the echo.
Usage: scripts/echo-client.py HOST PORT MESSAGE..."""
import socket
import struct
import sys


def recv_exact(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise SystemExit("connection closed by the server")
        data += chunk
    return data


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    host, port = sys.argv[1], int(sys.argv[2])
    with socket.create_connection((host, port), timeout=10) as sock:
        for message in sys.argv[3:]:
            body = message.encode()
            sock.sendall(struct.pack(">I", len(body)) + body)
            (length,) = struct.unpack(">I", recv_exact(sock, 4))
            print(recv_exact(sock, length).decode(errors="replace"))


if __name__ == "__main__":
    main()
