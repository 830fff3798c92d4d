#!/usr/bin/env bash
# What HAProxy and the PROXY header cost: one http-hello instance with a plain and a /proxy listener,
# HAProxy (bench.cfg) in front, and wrk GET / against each of five ways in, alternating per round, on
# 127.0.0.1 only. Prints each run's requests/s and CPU microseconds per request of the Drover server
# (manager, reactor, workers) and of HAProxy, then the median of each way. docs/BENCHMARKS.md.
#
# Usage: deploy/haproxy/bench.sh [--duration D] [--warmup D] [--rounds N] [--connections N]
#                                [--workers N] [--base-port N] [--close]
#   --duration     each measured wrk run (default 6s); --warmup: one untimed run of each way first (default 4s)
#   --rounds       how many times each way is measured (default 3)
#   --connections  wrk connections, one thread (default 50); --workers: worker_num (default 1)
#   --base-port    the instance's plain listener, then its /proxy one, then HAProxy's four frontends (default 9701)
#   --close        every request on a new connection (Connection: close), so each one pays the header
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)
app="$top/examples/http-hello/target/http-hello.jar"
duration=6s warmup=4s rounds=3 connections=50 workers=1 base_port=9701 close=no
usage() {
    sed -n '7,13p' "$0" >&2
    exit 2
}
while [ $# -gt 0 ]; do
    case "$1" in
        --duration|--warmup|--rounds|--connections|--workers|--base-port)
            [ $# -ge 2 ] || { echo "bench: $1 needs a value" >&2; usage; }
            case "$1" in
                --duration) duration="$2" ;;
                --warmup) warmup="$2" ;;
                --rounds) rounds="$2" ;;
                --connections) connections="$2" ;;
                --workers) workers="$2" ;;
                --base-port) base_port="$2" ;;
            esac
            shift 2 ;;
        --close) close=yes; shift ;;
        *) echo "bench: unknown option '$1'" >&2; usage ;;
    esac
done
for value in "$rounds" "$connections" "$workers" "$base_port"; do
    [[ "$value" =~ ^[0-9]{1,5}$ ]] && [ "$value" -ge 1 ] || { echo "bench: '$value' is not a whole number >= 1" >&2; exit 2; }
done
for value in "$duration" "$warmup"; do
    [[ "$value" =~ ^[0-9]+s$ ]] || { echo "bench: '$value' is not a duration like 6s" >&2; exit 2; }
done
for tool in haproxy wrk; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is not installed (apt-get install $tool)" >&2; exit 3; }
done
[ -f "$app" ] || { echo "bench: $app is missing: build first (mvn -B -q package -DskipTests)" >&2; exit 2; }

plain=$base_port proxied=$((base_port + 1))
export BENCH_PLAIN_LISTENER=$plain BENCH_PROXY_LISTENER=$proxied
export BENCH_HTTP_PROXY=$((base_port + 2)) BENCH_TCP_PROXY=$((base_port + 3)) BENCH_TCP_PLAIN=$((base_port + 4))
export BENCH_HTTP_PLAIN=$((base_port + 5))
work=$(mktemp -d "${TMPDIR:-/tmp}/drover-haproxy-bench.XXXXXX")
haproxy_pid=""
cleanup() {
    trap - EXIT INT TERM
    [ -n "$haproxy_pid" ] && kill -TERM "$haproxy_pid" 2>/dev/null && wait "$haproxy_pid" 2>/dev/null || true
    if [ -f "$work/run/manager.pid" ]; then
        "$top/scripts/stop.sh" --run-dir "$work/run" --timeout 30 >&2 || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$top/scripts/start.sh" --daemon --set "listen=127.0.0.1:$plain,127.0.0.1:$proxied/proxy" \
    --set proxy_protocol_trusted=127.0.0.1 --set "run_dir=$work/run" --set "log_file=$work/drover.log" \
    --set "worker_num=$workers" --set reactor_num=1 --set open_http_protocol=true "$app" >&2
haproxy -db -f "$here/bench.cfg" > "$work/haproxy.log" 2>&1 &
haproxy_pid=$!
deadline=$((SECONDS + 30))
until curl -fsS -o /dev/null "http://127.0.0.1:$BENCH_HTTP_PROXY/" 2>/dev/null; do
    if ! kill -0 "$haproxy_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
        echo "bench: HAProxy did not answer; its log:" >&2
        cat "$work/haproxy.log" >&2
        exit 1
    fi
    sleep 0.2
done
manager=$(cat "$work/run/manager.pid")

# "pid ticks" (user + system CPU) of each of these pids still running.
cpu_ticks() {
    local pid
    for pid in "$@"; do
        awk -v pid="$pid" '{ sub(/.*\) /, ""); print pid, $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || true
    done
}
# CPU milliseconds between two cpu_ticks snapshots, over the pids in both (one that exited meanwhile
# is left out rather than counted as negative).
cpu_ms_between() {
    awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { before[$1] = $2; next }
        ($1 in before) { total += $2 - before[$1] } END { printf "%d", total * 1000 / hz }' "$1" "$2"
}
# The manager and every process under it.
server_pids() {
    ps -e -o pid=,ppid= | awk -v root="$manager" '
        { parent[$1] = $2 }
        END { for (p in parent) { q = p; while (q in parent && q != root && q > 1) q = parent[q]; if (q == root) print p } }'
}

ways=("direct:$plain" "haproxy-http:$BENCH_HTTP_PLAIN" "haproxy-http-proxy:$BENCH_HTTP_PROXY"
      "haproxy-tcp:$BENCH_TCP_PLAIN" "haproxy-tcp-proxy:$BENCH_TCP_PROXY")
headers=()
[ "$close" = yes ] && headers=(-H "Connection: close")
for way in "${ways[@]}"; do
    wrk -t1 -c"$connections" -d"$warmup" ${headers[@]+"${headers[@]}"} "http://127.0.0.1:${way#*:}/" > /dev/null
done
echo "# $(date -u +%FT%TZ) connections=$connections duration=$duration close=$close workers=$workers load=$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-18s %5s %10s %8s %14s %15s\n' way round req/s errors "server us/req" "haproxy us/req"
for round in $(seq 1 "$rounds"); do
    for way in "${ways[@]}"; do
        name=${way%%:*} port=${way#*:}
        mapfile -t pids < <(server_pids)
        cpu_ticks "${pids[@]}" > "$work/server.before"
        cpu_ticks "$haproxy_pid" > "$work/haproxy.before"
        wrk -t1 -c"$connections" -d"$duration" ${headers[@]+"${headers[@]}"} "http://127.0.0.1:$port/" > "$work/wrk.out"
        cpu_ticks "${pids[@]}" > "$work/server.after"
        cpu_ticks "$haproxy_pid" > "$work/haproxy.after"
        server_cpu=$(cpu_ms_between "$work/server.before" "$work/server.after")
        haproxy_cpu=$(cpu_ms_between "$work/haproxy.before" "$work/haproxy.after")
        requests=$(awk '/requests in/ { print $1 }' "$work/wrk.out")
        rate=$(awk '/^Requests\/sec:/ { print $2 }' "$work/wrk.out")
        errors=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$work/wrk.out")
        printf '%-18s %5s %10s %8s %14s %15s\n' "$name" "$round" "$rate" "$errors" \
            "$(awk -v c="$server_cpu" -v r="$requests" 'BEGIN { printf "%.1f", r ? c * 1000 / r : 0 }')" \
            "$(awk -v c="$haproxy_cpu" -v r="$requests" 'BEGIN { printf "%.1f", r ? c * 1000 / r : 0 }')" | tee -a "$work/runs"
    done
done
echo "# median of each way"
for way in "${ways[@]}"; do
    name=${way%%:*}
    awk -v n="$name" '$1 == n { print $3 }' "$work/runs" | sort -n | awk -v n="$name" '
        { v[NR] = $1 } END { printf "%-18s %10s req/s\n", n, NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
done
