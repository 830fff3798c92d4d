#!/usr/bin/env bash
# Runs Debian's HAProxy in front of three Drover instances on loopback ports, with haproxy.cfg from
# this folder, until Ctrl-C or SIGTERM; then stops HAProxy and every instance and removes their
# files. HAProxy is installed with apt-get when it is missing and this runs as root.
#
# Usage: deploy/haproxy/fleet.sh [--app JAR] [--http-port N] [--tcp-port N] [--base-port N]
#                                [--workers N] [--drain-delay S] [--no-install]
#   --app        the HTTP app jar every instance runs (default examples/http-hello/target/http-hello.jar)
#   --http-port  HAProxy's HTTP frontend (default 8080); --tcp-port its TCP frontend (default 8081)
#   --base-port  the instances listen on this port and the next two (/proxy: HAProxy sends PROXY v2),
#                their admin listeners (/readyz, HAProxy's checks) on the three after (default 9601)
#   --workers    worker_num of each instance (default 1); --drain-delay their drain_delay (default 3)
# Prints "fleet: ready ..." once HAProxy answers through its HTTP frontend. "$WORK/restart.sh N [JAR]"
# restarts instance N (1..3) the rolling-deploy way: stop.sh (drain, then stop), then start.sh, with
# JAR (a new app jar) when given, else --app; "$WORK/startN.sh [JAR]" starts instance N alone.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)
app="$top/examples/http-hello/target/http-hello.jar"
http_port=8080 tcp_port=8081 base_port=9601 workers=1 drain_delay=3 install=yes
usage() {
    sed -n '6,15p' "$0" >&2
    exit 2
}
while [ $# -gt 0 ]; do
    case "$1" in
        --app|--http-port|--tcp-port|--base-port|--workers|--drain-delay)
            [ $# -ge 2 ] || { echo "fleet: $1 needs a value" >&2; usage; }
            case "$1" in
                --app) app="$2" ;;
                --http-port) http_port="$2" ;;
                --tcp-port) tcp_port="$2" ;;
                --base-port) base_port="$2" ;;
                --workers) workers="$2" ;;
                --drain-delay) drain_delay="$2" ;;
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
check_range --base-port "$base_port" 1 65530
check_range --workers "$workers" 1 1024
check_range --drain-delay "$drain_delay" 0 3600

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

stop_instance() {
    if ! "$top/scripts/stop.sh" --run-dir "$1" --timeout 30 >&2; then
        local pid
        pid=$(cat "$1/manager.pid" 2>/dev/null || true)
        echo "fleet: the instance in $1 did not stop; killing manager pid ${pid:-?}" >&2
        [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null || true
    fi
}

# Runs on every exit: HAProxy first (no new connections to instances going away), then each instance.
cleanup() {
    trap - EXIT INT TERM
    if [ -n "$haproxy_pid" ] && kill -0 "$haproxy_pid" 2>/dev/null; then
        kill -TERM "$haproxy_pid" 2>/dev/null || true
        wait "$haproxy_pid" 2>/dev/null || true
    fi
    # All at once: each stop takes drain_delay and more, and nothing is balanced to them any more.
    local stopping=()
    for run_dir in ${started[@]+"${started[@]}"}; do
        [ -f "$run_dir/manager.pid" ] || continue # its start failed: nothing runs there
        stop_instance "$run_dir" &
        stopping+=($!)
    done
    for pid in ${stopping[@]+"${stopping[@]}"}; do
        wait "$pid" || true
    done
    rm -rf "$work"
    echo "fleet: stopped" >&2
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ports=("$base_port" $((base_port + 1)) $((base_port + 2)))
admin_ports=($((base_port + 3)) $((base_port + 4)) $((base_port + 5)))
# One script per instance that starts it, and restart.sh, which restarts one the rolling-deploy way
# (docs/SCALING.md): stop.sh drains it (/readyz 503 for drain_delay, so HAProxy's checks take it
# out) and stops it, then start.sh brings it back; HAProxy's checks put it back in (slowstart).
for i in 0 1 2; do
    n=$((i + 1))
    cat > "$work/start$n.sh" <<EOF
#!/usr/bin/env bash
# start$n.sh [JAR]: starts instance $n with JAR, else with the fleet's --app.
exec "$top/scripts/start.sh" --daemon --set "listen=127.0.0.1:${ports[$i]}/proxy" \\
    --set proxy_protocol_trusted=127.0.0.1 --set "admin_listen=127.0.0.1:${admin_ports[$i]}" \\
    --set "drain_delay=$drain_delay" --set "run_dir=$work/drover$n" --set "log_file=$work/drover$n.log" \\
    --set "worker_num=$workers" --set reactor_num=1 --set open_http_protocol=true "\${1:-$app}"
EOF
done
cat > "$work/restart.sh" <<EOF
#!/usr/bin/env bash
# restart.sh N [JAR]: stop instance N (drain, then stop), then start it again, with JAR when given.
set -euo pipefail
case "\${1:-}" in 1|2|3) ;; *) echo "usage: restart.sh 1|2|3 [JAR]" >&2; exit 2 ;; esac
if [ -n "\${2:-}" ] && [ ! -f "\$2" ]; then echo "restart.sh: app jar \$2 is missing" >&2; exit 2; fi
"$top/scripts/stop.sh" --run-dir "$work/drover\$1" --timeout 60
"$work/start\$1.sh" \${2:+"\$2"}
EOF
chmod +x "$work/start1.sh" "$work/start2.sh" "$work/start3.sh" "$work/restart.sh"
for n in 1 2 3; do
    started+=("$work/drover$n")
    "$work/start$n.sh" >&2
done

export FLEET_HTTP_PORT=$http_port FLEET_TCP_PORT=$tcp_port
export FLEET_ADMIN_SOCKET="$work/haproxy.sock"
export FLEET_PORT1=${ports[0]} FLEET_PORT2=${ports[1]} FLEET_PORT3=${ports[2]}
export FLEET_ADMIN_PORT1=${admin_ports[0]} FLEET_ADMIN_PORT2=${admin_ports[1]} FLEET_ADMIN_PORT3=${admin_ports[2]}
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
echo "fleet: restart an instance with $work/restart.sh N [JAR] (N = 1, 2 or 3)"
wait "$haproxy_pid"
