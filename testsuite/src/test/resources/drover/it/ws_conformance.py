"""WebSocketPythonIT's client: Python's websockets library (Debian's python3-websockets), not written here.

Talks to WebSocketProbeApp on 127.0.0.1:PORT and prints one line per check passed; any failure
raises, so the exit code is not 0 and the traceback says which.
"""
import asyncio
import os
import sys

import websockets


async def main(port):
    uri = "ws://127.0.0.1:%d/" % port
    # the library offers permessage-deflate by default: with websocket_compression=true it is taken
    async with websockets.connect(uri, max_size=None) as ws:
        print("extensions", [type(e).__name__ for e in ws.extensions], flush=True)
        for text in ["hello", "", "h\u00e9llo w\u00f6rld \u2713"]:
            await ws.send(text)
            assert await ws.recv() == text, text
        print("text ok", flush=True)
        for size in [0, 1, 125, 126, 65535, 65536, 1 << 20, 3 << 20]:
            data = os.urandom(size)
            await ws.send(data)
            assert await ws.recv() == data, size
        print("binary ok", flush=True)
        await ws.send(["frag", "men", "ted"])  # one message in three frames
        assert await ws.recv() == "fragmented"
        print("fragments ok", flush=True)
        pong = await ws.ping(b"abc")
        await asyncio.wait_for(pong, 10)
        print("ping ok", flush=True)
        pings = [await ws.ping(str(i).encode()) for i in range(200)]  # a flood, each answered
        await asyncio.wait_for(asyncio.gather(*pings), 20)
        await ws.send("still here")
        assert await ws.recv() == "still here"
        print("ping flood ok", flush=True)
        await ws.send("cmd:close:4002")
        try:
            await asyncio.wait_for(ws.recv(), 10)
            raise AssertionError("expected the server's close")
        except websockets.ConnectionClosed as closed:
            assert closed.rcvd.code == 4002, closed
        print("server close ok", flush=True)
    async with websockets.connect(uri) as ws:
        await ws.close(1000, "done")
        assert ws.close_code == 1000, ws.close_code
    print("client close ok", flush=True)


asyncio.run(asyncio.wait_for(main(int(sys.argv[1])), 120))
print("all ok", flush=True)
