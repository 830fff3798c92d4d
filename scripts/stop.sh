#!/usr/bin/env bash
# Stops the server gracefully (SIGTERM to the manager) and waits until it has exited. The pid in
# manager.pid is signalled only once it is confirmed to be the manager of that run dir. With
# drain_delay set, the server first drains for that long (/readyz answers 503, still serving).
# --drain: only drain, at once, and return (a later stop.sh completes the stop without waiting again
# for the part of drain_delay already spent).
# Usage: scripts/stop.sh [--drain] [--run-dir DIR] [--timeout SECONDS]   (default timeout 60)
set -euo pipefail
source "$(dirname "$0")/lib/java.sh"
parse_run_dir "$@"
timeout=60
drain_only=false
set -- "${REST_ARGS[@]+"${REST_ARGS[@]}"}"
while [ $# -gt 0 ]; do
    case "$1" in
        --timeout) timeout="${2:?--timeout needs seconds}"; shift 2 ;;
        --drain) drain_only=true; shift ;;
        *) echo "usage: scripts/stop.sh [--drain] [--run-dir DIR] [--timeout SECONDS]" >&2; exit 2 ;;
    esac
done
pid=$(manager_pid)
if $drain_only; then
    find_jdk25
    drover_cli stop --drain --run-dir "$RUN_DIR"
    exit $?
fi
kill -TERM "$pid"
deadline=$((SECONDS + timeout))
while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
        echo "drover: manager pid $pid still running after ${timeout}s" >&2
        exit 1
    fi
    sleep 0.1
done
echo "drover: stopped (manager pid $pid)"
