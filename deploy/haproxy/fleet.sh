#!/usr/bin/env bash
# Runs Debian's HAProxy in front of three Drover instances on loopback ports, with haproxy.cfg from
# this folder, until Ctrl-C or SIGTERM; then stops HAProxy and every instance and removes their
# files. HAProxy is installed with apt-get when it is missing and this runs as root.
#
# Usage: deploy/haproxy/fleet.sh [--app JAR] [--http-port N] [--tcp-port N] [--base-port N]
#                                [--workers N] [--no-install]
#   --app        the HTTP app jar every instance runs (default examples/http-hello/target/http-hello.jar)
#   --http-port  HAProxy's HTTP frontend (default 8080); --tcp-port its TCP frontend (default 8081)
#   --base-port  the instances listen on this port and the next two (default 9601)
#   --workers    worker_num of each instance (default 1)
# Prints "fleet: ready ..." once HAProxy answers through its HTTP frontend.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)
app="$top/examples/http-hello/target/http-hello.jar"
http_port=8080 tcp_port=8081 base_port=9601 workers=1 install=yes
usage() {
    sed -n '6,12p' "$0" >&2
    exit 2
}
while [ $# -gt 0 ]; do
    case "$1" in
        --app|--http-port|--tcp-port|--base-port|--workers)
            [ $# -ge 2 ] || { echo "fleet: $1 needs a value" >&2; usage; }
            case "$1" in
                --app) app="$2" ;;
                --http-port) http_port="$2" ;;
                --tcp-port) tcp_port="$2" ;;
                --base-port) base_port="$2" ;;
                --workers) workers="$2" ;;
            esac
            shift 2 ;;
        --no-install) install=no; shift ;;
        *) echo "fleet: unknown option '$1'" >&2; usage ;;
    esac
done

# Refuses NAME VALUE unless VALUE is a whole number in MIN..MAX.
check_range() {
    if ! [[ "$2" =~ ^[0-9]{1,5}$ ]] || [ "$2" -lt "$3" ] || [ "$2" -gt "$4" ]; then
        echo "fleet: $1 '$2' is not a whole number in $3..$4" >&2
        exit 2
    fi
}
check_range --http-port "$http_port" 1 65535
check_range --tcp-port "$tcp_port" 1 65535
check_range --base-port "$base_port" 1 65533
check_range --workers "$workers" 1 1024

if [ ! -f "$app" ]; then
    echo "fleet: app jar $app is missing: build first (mvn -B -q package -DskipTests)" >&2
    exit 2
fi

if ! command -v haproxy >/dev/null 2>&1; then
    if [ "$install" = yes ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "fleet: haproxy is missing; installing Debian's package" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >&2
    else
        echo "fleet: haproxy is not installed: run 'apt-get install haproxy' as root (Debian/Ubuntu)," \
             "or put an haproxy 2.6 or newer on PATH" >&2
        exit 3
    fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/drover-fleet.XXXXXX")
haproxy_pid=""
started=()

# Runs on every exit: HAProxy first (no new connections to instances going away), then each instance.
cleanup() {
    trap - EXIT INT TERM
    if [ -n "$haproxy_pid" ] && kill -0 "$haproxy_pid" 2>/dev/null; then
        kill -TERM "$haproxy_pid" 2>/dev/null || true
        wait "$haproxy_pid" 2>/dev/null || true
    fi
    for run_dir in ${started[@]+"${started[@]}"}; do
        [ -f "$run_dir/manager.pid" ] || continue # its start failed: nothing runs there
        if ! "$top/scripts/stop.sh" --run-dir "$run_dir" --timeout 30 >&2; then
            pid=$(cat "$run_dir/manager.pid" 2>/dev/null || true)
            echo "fleet: the instance in $run_dir did not stop; killing manager pid ${pid:-?}" >&2
            [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
        fi
    done
    rm -rf "$work"
    echo "fleet: stopped" >&2
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ports=("$base_port" $((base_port + 1)) $((base_port + 2)))
for i in 0 1 2; do
    run_dir="$work/drover$((i + 1))"
    started+=("$run_dir")
    "$top/scripts/start.sh" --daemon --set "listen=127.0.0.1:${ports[$i]}" --set "run_dir=$run_dir" \
        --set "log_file=$work/drover$((i + 1)).log" --set "worker_num=$workers" --set reactor_num=1 \
        --set open_http_protocol=true "$app" >&2
done

export FLEET_HTTP_PORT=$http_port FLEET_TCP_PORT=$tcp_port
export FLEET_ADMIN_SOCKET="$work/haproxy.sock"
export FLEET_PORT1=${ports[0]} FLEET_PORT2=${ports[1]} FLEET_PORT3=${ports[2]}
haproxy -db -f "$here/haproxy.cfg" > "$work/haproxy.log" 2>&1 &
haproxy_pid=$!

deadline=$((SECONDS + 30))
until curl -fsS -o /dev/null "http://127.0.0.1:$http_port/" 2>/dev/null; do
    if ! kill -0 "$haproxy_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
        echo "fleet: HAProxy did not answer on 127.0.0.1:$http_port; its log:" >&2
        cat "$work/haproxy.log" >&2
        exit 1
    fi
    sleep 0.2
done
echo "fleet: ready http=127.0.0.1:$http_port tcp=127.0.0.1:$tcp_port instances=${ports[*]} haproxy_pid=$haproxy_pid"
echo "fleet: logs in $work, HAProxy's runtime API on $FLEET_ADMIN_SOCKET (Ctrl-C stops everything)"
wait "$haproxy_pid"
