#!/usr/bin/env bash
# Checks examples/ws-chat in a real browser: starts the chat on a free loopback port (its own run
# dir, removed afterwards), loads GET / in headless Chromium and checks that the page's WebSocket
# joined the room (the server's "#N joined (1 here)" broadcast shows up in the page's DOM).
# Installs Debian's chromium with apt-get when it is missing (needs root), or says why it cannot.
# Not part of the test suite: a browser is too heavy for it (docs/WEBSOCKET.md).
# Usage: examples/ws-chat/browser-check.sh   (after ./mvnw -B package -DskipTests)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
jar="$repo/examples/ws-chat/target/ws-chat.jar"
[ -f "$jar" ] || { echo "browser-check: $jar is missing: build first (./mvnw -B package -DskipTests)" >&2; exit 2; }

browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
        echo "browser-check: no chromium, and it cannot be installed here (apt-get install chromium needs root on Debian)" >&2
        exit 3
    fi
    echo "browser-check: installing Debian's chromium (apt-get install chromium)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >/dev/null \
        || { echo "browser-check: apt-get install chromium failed" >&2; exit 3; }
    browser=$(command -v chromium)
fi

home=$(mktemp -d -t ws-chat-browser.XXXXXX)
started=false
cleanup() {
    if $started; then
        "$repo/scripts/stop.sh" --run-dir "$home/run" --timeout 30 >/dev/null || echo "browser-check: stop.sh failed" >&2
    fi
    rm -rf "$home"
}
trap cleanup EXIT

# A free loopback port: bound by the kernel's choice, then released for the server.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$repo/scripts/start.sh" --daemon --set "run_dir=$home/run" --set "log_file=$home/server.log" \
    --set "listen=127.0.0.1:$port" --set worker_num=1 "$jar" >"$home/start.out" 2>&1 \
    || { echo "browser-check: the server did not start:" >&2; cat "$home/start.out" "$home/server.log" >&2 2>/dev/null; exit 1; }
started=true

# --virtual-time-budget lets the page run its scripts (the WebSocket handshake and the first
# broadcast) before the DOM is dumped; timeout bounds a browser that hangs.
timeout 60 "$browser" --headless --no-sandbox --disable-gpu --user-data-dir="$home/profile" \
    --virtual-time-budget=5000 --dump-dom "http://127.0.0.1:$port/" >"$home/dom.html" 2>"$home/browser.err" \
    || { echo "browser-check: chromium failed:" >&2; tail -20 "$home/browser.err" >&2; exit 1; }

if grep -Eq '<li>#[0-9]+ joined \(1 here\)</li>' "$home/dom.html"; then
    echo "browser-check: ok, the page joined the room: $(grep -Eo '#[0-9]+ joined \(1 here\)' "$home/dom.html" | head -1)"
else
    echo "browser-check: FAILED, the page did not show its join; its DOM was:" >&2
    cat "$home/dom.html" >&2
    exit 1
fi
