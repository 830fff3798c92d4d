#!/usr/bin/env bash
# Benchmarks a real Drover server on this machine, on 127.0.0.1 only: echo throughput and latency
# (EchoLoad), RSS per process, worker spawn-to-ready, a rolling reload under load, HTTP with wrk
# (once an HTTP example exists) and, on request, the JMH micro-benchmarks; with --suite tfb, the
# TechEmpower test types on examples/techempower and PostgreSQL (scripts/lib/tfb.sh). docs/BENCHMARKS.md
# has the figures and how to read them. Every server it starts is stopped, even on Ctrl-C.
# Usage: scripts/bench.sh [--help] [options]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
source scripts/lib/tfb.sh

usage() {
    cat <<'EOF'
Usage: scripts/bench.sh [options]
  --suite NAME         core (the default: the parts below) or tfb: the TechEmpower test types on
                       examples/techempower and a temporary PostgreSQL, each verified before any is timed
  --only LIST          parts to run, comma-separated, from: echo rss spawn reload http baseline climit jmh ws
                       (default: echo,rss,spawn,reload,http; baseline, climit, jmh and ws only when named;
                       climit: the echo and http loads against the single-process C epoll server,
                       bench/src/main/c/cserver.c, built into bench/target/ with gcc;
                       ws: 64 B WebSocket echo (--connections) beside the length-framed echo, twice
                       each alternating, then a broadcast to --ws-receivers connections)
                       with --suite tfb from: verify plaintext json db queries fortunes updates
                       (default: all; verify alone checks every test type and times none)
  --workers N          worker_num of the echo, rss and spawn server (default 2)
  --reload-workers N   worker_num of the reload server (default 4)
  --connections N      EchoLoad connections (default 50)
  --sizes LIST         EchoLoad body sizes, e.g. 64,4K or 64K..1M (default 64,4K)
  --duration D         measured time per size, e.g. 10s (default 10s)
  --warmup D           load before measuring (default 8s: the reactor's C2 JIT takes ~5 s to settle;
                       HTTP adds 2 s on fresh connections so closes are warm too)
  --pipeline K         requests in flight per connection (default 1)
  --threads N          EchoLoad selector threads (default 1)
  --ws-receivers N     connections of the ws broadcast (default 1000)
  --respawns N         workers killed to time spawn-to-ready (default 5)
  --set KEY=VALUE      passed to start.sh for every server (e.g. package_max_length=65M,
                       server_mode=base); repeatable
  --app JAR            the app of the echo, rss, spawn and reload servers (default examples/echo's jar);
                       it must answer each length-prefixed packet with the same packet, as that one does
  --jmh-args "ARGS"    arguments for JMH (default: its annotations: 1 fork, 3x1s warmup, 5x1s)
  --build              rebuild the jars first (otherwise only when one is missing)
 --suite tfb only:
  --levels LIST        wrk connections, e.g. 16,64,256 (default: 8, 32 and 128 per core)
  --queries LIST       queries per request of the queries and updates runs, at the highest level (default 1,5,20)
  --pool N             database connections per worker (default 16)
  --profile            record each timed test's workers with JFR and print their hottest methods
 With --suite tfb, --duration defaults to 5s and --warmup (per test, at the highest level) to 3s.
Exits 1 when a load had errors (wrong or missing replies, failed connections), 2 on a bad option.
EOF
}

parts="echo,rss,spawn,reload,http"
workers=2
reload_workers=4
connections=50
sizes="64,4K"
duration=10s
warmup=8s
pipeline=1
threads=1
respawns=5
ws_receivers=1000
jmh_args=""
build=false
server_sets=()
app_jar=""
suite=core
parts_set=false
duration_set=false
warmup_set=false
tfb_levels=""
tfb_queries="1,5,20"
tfb_pool=16
tfb_profile=false

need_value() { # option value: refuses a missing value
    if [ $# -lt 2 ] || [ -z "$2" ]; then
        echo "bench.sh: $1 needs a value (--help lists the options)" >&2
        exit 2
    fi
}
need_count() { # option value min max
    need_value "$1" "${2:-}"
    if ! [[ "$2" =~ ^[0-9]+$ ]] || [ "$2" -lt "$3" ] || [ "$2" -gt "$4" ]; then
        echo "bench.sh: $1 $2 is not a whole number in $3..$4" >&2
        exit 2
    fi
}

while [ $# -gt 0 ]; do
    case "$1" in
        --help|-h) usage; exit 0 ;;
        --suite) need_value "$1" "${2:-}"; suite="$2"; shift 2 ;;
        --only) need_value "$1" "${2:-}"; parts="$2"; parts_set=true; shift 2 ;;
        --workers) need_count "$1" "${2:-}" 1 64; workers="$2"; shift 2 ;;
        --reload-workers) need_count "$1" "${2:-}" 1 64; reload_workers="$2"; shift 2 ;;
        --connections) need_count "$1" "${2:-}" 1 10000; connections="$2"; shift 2 ;;
        --sizes) need_value "$1" "${2:-}"; sizes="$2"; shift 2 ;;
        --duration) need_value "$1" "${2:-}"; duration="$2"; duration_set=true; shift 2 ;;
        --warmup) need_value "$1" "${2:-}"; warmup="$2"; warmup_set=true; shift 2 ;;
        --levels) need_value "$1" "${2:-}"; tfb_levels="$2"; shift 2 ;;
        --queries) need_value "$1" "${2:-}"; tfb_queries="$2"; shift 2 ;;
        --pool) need_count "$1" "${2:-}" 1 1000; tfb_pool="$2"; shift 2 ;;
        --profile) tfb_profile=true; shift ;;
        --pipeline) need_count "$1" "${2:-}" 1 4096; pipeline="$2"; shift 2 ;;
        --threads) need_count "$1" "${2:-}" 1 64; threads="$2"; shift 2 ;;
        --respawns) need_count "$1" "${2:-}" 1 100; respawns="$2"; shift 2 ;;
        --ws-receivers) need_count "$1" "${2:-}" 1 10000; ws_receivers="$2"; shift 2 ;;
        --set) need_value "$1" "${2:-}"; server_sets+=(--set "$2"); shift 2 ;;
        --jmh-args) need_value "$1" "${2:-}"; jmh_args="$2"; shift 2 ;;
        --app) need_value "$1" "${2:-}"; app_jar="$2"; shift 2 ;;
        --build) build=true; shift ;;
        *) echo "bench.sh: unknown option '$1' (--help lists the options)" >&2; exit 2 ;;
    esac
done
case "$suite" in
    core)
        for part in ${parts//,/ }; do
            case "$part" in
                echo|rss|spawn|reload|http|baseline|climit|jmh|ws) ;;
                *) echo "bench.sh: --only: unknown part '$part' (choose from echo rss spawn reload http baseline climit jmh ws)" >&2; exit 2 ;;
            esac
        done ;;
    tfb)
        if ! $parts_set; then parts="verify,${TFB_TESTS// /,}"; fi
        if ! $duration_set; then duration=5s; fi
        if ! $warmup_set; then warmup=3s; fi
        for part in ${parts//,/ }; do
            case " verify $TFB_TESTS " in
                *" $part "*) ;;
                *) echo "bench.sh: --only: unknown part '$part' of --suite tfb (choose from verify $TFB_TESTS)" >&2; exit 2 ;;
            esac
        done
        for list in "$tfb_levels" "$tfb_queries"; do
            if [ -n "$list" ] && ! [[ "$list" =~ ^[1-9][0-9]{0,4}(,[1-9][0-9]{0,4})*$ ]]; then
                echo "bench.sh: '$list' is not a comma-separated list of whole numbers (--levels, --queries)" >&2
                exit 2
            fi
        done ;;
    *) echo "bench.sh: --suite: unknown suite '$suite' (choose from core tfb)" >&2; exit 2 ;;
esac
wants() { [[ ",$parts," == *",$1,"* ]]; }

find_jdk25
JAVA="$DROVER_JAVA_HOME/bin/java"
BENCH_CP="bench/target/drover-bench.jar:bench/target/lib/*"
ECHO_JAR=examples/echo/target/echo.jar
if [ -n "$app_jar" ]; then
    if [ ! -f "$app_jar" ]; then
        echo "bench.sh: --app $app_jar: no such file" >&2
        exit 2
    fi
    ECHO_JAR=$(cd "$(dirname "$app_jar")" && pwd)/$(basename "$app_jar")
fi
if ! command -v python3 >/dev/null 2>&1; then
    echo "bench.sh: python3 is needed to read the status JSON" >&2
    exit 1
fi

# ---------------------------------------------------------------- cleanup, whatever happens
WORK=$(mktemp -d "${TMPDIR:-/tmp}/drover-bench.XXXXXX")
RUN_DIRS=()
LOAD_PID=""
BASELINE_PID=""
cleanup() {
    local status=$? dir pid
    trap - EXIT INT TERM
    if [ -n "$LOAD_PID" ] && kill -0 "$LOAD_PID" 2>/dev/null; then
        kill -TERM "$LOAD_PID" 2>/dev/null || true
        wait "$LOAD_PID" 2>/dev/null || true
    fi
    if [ -n "$BASELINE_PID" ]; then
        kill -TERM "$BASELINE_PID" 2>/dev/null || true
        wait "$BASELINE_PID" 2>/dev/null || true
    fi
    for dir in "${RUN_DIRS[@]+"${RUN_DIRS[@]}"}"; do
        if [ -f "$dir/manager.pid" ]; then
            scripts/stop.sh --run-dir "$dir" --timeout 20 >/dev/null 2>&1 || true
        fi
        # Anything of this server still alive (a stop that timed out) carries the run dir in its command line.
        for pid in $(server_pids "$dir"); do
            kill -KILL "$pid" 2>/dev/null || true
        done
    done
    tfb_stop_postgres
    rm -rf "$WORK"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

server_pids() { # run dir: pids of live processes whose command line names it
    local proc cmd
    for proc in /proc/[0-9]*; do
        cmd=$(tr '\0' ' ' 2>/dev/null <"$proc/cmdline") || continue
        if [[ " $cmd " == *" --run-dir $1 "* || " $cmd " == *" run_dir=$1 "* ]]; then
            echo "${proc#/proc/}"
        fi
    done
}

# ---------------------------------------------------------------- helpers
build_if_needed() {
    local jar missing=false app="$ECHO_JAR"
    if [ "$suite" = tfb ]; then app="$TFB_JAR"; fi
    for jar in manager/target/drover-manager.jar reactor/target/drover-reactor.jar worker/target/drover-worker.jar \
               "$app" bench/target/drover-bench.jar; do
        [ -f "$jar" ] || missing=true
    done
    if $build || $missing; then
        echo "== building (./mvnw -DskipTests package)"
        JAVA_HOME="$DROVER_JAVA_HOME" ./mvnw -B -q -DskipTests package
    fi
}

status_json() { # run dir
    scripts/status.sh --json --run-dir "$1"
}

# Reads the status JSON on stdin and prints the value of a Python expression over it (as `s`).
json_eval() {
    python3 -c 'import json, sys; s = json.load(sys.stdin); v = eval(sys.argv[1]); print("" if v is None else v)' "$1"
}

start_server() { # run dir, worker count, app jar: starts it on a free port and sets PORT
    local dir="$1" n="$2" jar="$3"
    mkdir -p "$dir"
    RUN_DIRS+=("$dir")
    # a port fixed before the start, not 0: in server_mode=base every worker binds it (SO_REUSEPORT)
    scripts/start.sh --daemon --set "listen=127.0.0.1:$(free_port)" --set "worker_num=$n" --set "run_dir=$dir" \
        "${server_sets[@]+"${server_sets[@]}"}" "$jar" >"$dir.start" 2>&1 || {
        cat "$dir.start" >&2
        echo "bench.sh: the server did not start; its log: $dir/drover.log" >&2
        return 1
    }
    PORT=$(status_json "$dir" | json_eval 's["listen"] if isinstance(s["listen"], str) else s["listen"][0]' | sed 's/.*://')
}

stop_server() { # run dir
    scripts/stop.sh --run-dir "$1" --timeout 30 >/dev/null
}

now_ns() { date +%s%N; }

# Epoch nanoseconds of a log line's leading ISO-8601 UTC timestamp.
log_time_ns() { date -d "$(cut -d' ' -f1 <<<"$1")" +%s%N; }

ms_between() { # start_ns end_ns
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'
}

median() { # numbers as arguments
    printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.1f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

result_field() { # RESULT line, key
    tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}

# Runs a long command in the background, its output shown and kept in a file, and waits for it:
# a background child lets the INT/TERM traps run at once instead of after the command ends.
run_watched() { # output file, command...
    local out="$1" code=0 tail_pid
    shift
    : >"$out" # exists before tail opens it (the background redirect may come later)
    "$@" >"$out" 2>&1 &
    LOAD_PID=$!
    tail -n +1 -f --pid="$LOAD_PID" "$out" &
    tail_pid=$!
    wait "$LOAD_PID" || code=$?
    LOAD_PID=""
    wait "$tail_pid" || true
    return "$code"
}

ERRORS_SEEN=false
note_errors() { # RESULT line: remembers a load that had errors, so the script can fail at the end
    if [ "$(result_field "$1" errors)" != 0 ]; then ERRORS_SEEN=true; fi
}

SUMMARY=()
report() { SUMMARY+=("$*"); echo "$*"; }

# ---------------------------------------------------------------- the parts
machine() {
    echo "== machine"
    echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $(nproc) cores;" \
        "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo);" \
        "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "jdk: $("$JAVA" -version 2>&1 | head -n 1)"
    if [ "$suite" = tfb ]; then echo "app: $TFB_JAR"; else echo "app: $ECHO_JAR"; fi
}

bench_echo() { # port, label, [run dir: also report the server's CPU per message]
    local size line label="${2:-echo}" dir="${3:-}" cpu_at_start cpu_text
    for size in ${sizes//,/ }; do
        echo "== echo, body $size bytes, $connections connections, pipeline $pipeline, $duration after $warmup warmup"
        rm -f "$WORK/echo.out" "$WORK/echo.cpu"
        if [ -n "$dir" ] && [[ "$warmup" =~ ^([0-9]+)s?$ ]]; then
            # The CPU count starts when the measured seconds do: EchoLoad prints one "(warmup)" line a second.
            ( until [ "$(grep -c '(warmup)' "$WORK/echo.out" 2>/dev/null || true)" -ge "${BASH_REMATCH[1]}" ]; do
                  sleep 0.02; done; server_cpu_ms "$dir" >"$WORK/echo.cpu" ) &
        fi
        # Its exit code says whether there were errors: the RESULT line counts them.
        run_watched "$WORK/echo.out" "$JAVA" -cp "$BENCH_CP" drover.bench.EchoLoad --port "$1" \
            --connections "$connections" --size "$size" --duration "$duration" --warmup "$warmup" \
            --pipeline "$pipeline" --threads "$threads" || true
        line=$(grep '^RESULT ' "$WORK/echo.out" | tail -n 1) || {
            echo "bench.sh: EchoLoad printed no result" >&2
            return 1
        }
        note_errors "$line"
        cpu_text=""
        if [ -n "$dir" ] && cpu_at_start=$(cat "$WORK/echo.cpu" 2>/dev/null) && [ -n "$cpu_at_start" ]; then
            cpu_text=", server CPU per message $(cpu_per_unit "$cpu_at_start" "$(server_cpu_ms "$dir")" "$(result_field "$line" msgs)")"
        fi
        report "$label size=$size connections=$connections pipeline=$pipeline: $(result_field "$line" msgs_per_s) msgs/s," \
            "$(result_field "$line" mb_per_s) MB/s, p50 $(result_field "$line" p50_us) us, p90 $(result_field "$line" p90_us) us," \
            "p99 $(result_field "$line" p99_us) us, max $(result_field "$line" max_us) us, errors $(result_field "$line" errors)$cpu_text"
    done
}

# WebSocketLoad (mode, port, connections, label, run dir): one RESULT, with the server's CPU per
# message from the moment it starts measuring.
ws_load() {
    local mode="$1" port="$2" n="$3" label="$4" dir="$5" line cpu_at_start unit
    rm -f "$WORK/ws.out" "$WORK/ws.cpu"
    ( until grep -q '^measuring' "$WORK/ws.out" 2>/dev/null; do sleep 0.02; done
      server_cpu_ms "$dir" >"$WORK/ws.cpu" ) &
    run_watched "$WORK/ws.out" "$JAVA" -cp "$BENCH_CP" drover.bench.WebSocketLoad "$mode" --port "$port" \
        --connections "$n" --size 64 --duration "${duration%s}" --warmup "${warmup%s}" || true
    line=$(grep '^RESULT ' "$WORK/ws.out" | tail -n 1) || {
        echo "bench.sh: WebSocketLoad printed no result" >&2
        return 1
    }
    note_errors "$line"
    unit=messages_per_s
    if [ "$mode" = broadcast ]; then unit=deliveries_per_s; fi
    cpu_at_start=$(cat "$WORK/ws.cpu" 2>/dev/null || true)
    report "$label connections=$n size=64: $(result_field "$line" "$unit") ${unit//_per_s/}/s," \
        "errors $(result_field "$line" errors), server CPU per message" \
        "$(cpu_per_unit "$cpu_at_start" "$(server_cpu_ms "$dir")" "$(result_field "$line" count)")"
}

# 64 B WebSocket echo beside Drover's length-framed echo, alternating A B A B on the same machine
# (absolute figures move with the machine's other load; the ratio much less), then a broadcast.
bench_ws() {
    local round dir sizes=64
    for jar in examples/ws-echo/target/ws-echo.jar examples/ws-chat/target/ws-chat.jar; do
        [ -f "$jar" ] || { echo "bench.sh: $jar is missing: run with --build" >&2; return 1; }
    done
    for round in 1 2; do
        dir="$WORK/ws-echo-$round"
        echo "== starting the WebSocket echo server (examples/ws-echo): $workers workers"
        start_server "$dir" "$workers" examples/ws-echo/target/ws-echo.jar
        ws_load echo "$PORT" "$connections" "ws echo (round $round)" "$dir"
        stop_server "$dir"
        dir="$WORK/ws-ref-$round"
        echo "== starting the length-framed echo server (the reference): $workers workers"
        start_server "$dir" "$workers" "$ECHO_JAR"
        bench_echo "$PORT" "length echo (round $round)" "$dir"
        stop_server "$dir"
    done
    dir="$WORK/ws-chat"
    echo "== starting the WebSocket chat server (examples/ws-chat): $workers workers"
    start_server "$dir" "$workers" examples/ws-chat/target/ws-chat.jar
    ws_load broadcast "$PORT" "$ws_receivers" "ws broadcast" "$dir"
    stop_server "$dir"
}

# CPU time so far of the server's reactors and of its workers: "REACTORS_MS WORKERS_MS". Read
# around a load, it is what each message cost the server, which the machine's other load stretches
# far less than it stretches msgs/s.
server_cpu_ms() { # run dir
    local role pid reactors=0 workers=0 ms
    while read -r role pid; do
        ms=$(cpu_ms_of "$pid")
        [[ "$ms" =~ ^[0-9]+$ ]] || continue
        if [ "$role" = reactor ]; then reactors=$((reactors + ms)); else workers=$((workers + ms)); fi
    done < <(status_json "$1" | json_eval '"\n".join(["reactor %d" % c["pid"] for c in s["reactors"]] + ["worker %d" % c["pid"] for c in s["workers"] if c["pid"]])')
    echo "$reactors $workers"
}

cpu_per_unit() { # "R W" before, "R W" after, count: prints "reactors X us, workers Y us"
    awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { split(a, x, " "); split(b, y, " ");
        if (n > 0) printf "reactors %.1f us, workers %.1f us", (y[1] - x[1]) * 1000 / n, (y[2] - x[2]) * 1000 / n;
        else printf "n/a" }'
}

# RSS counts the pages a process shares with others (libjvm.so, the JDK's class archive) in full in
# each of them; PSS divides each shared page among its sharers, so the PSS total is what the server
# takes from the machine.
bench_rss() { # run dir, label
    local json role pid kb pss total=0 total_pss=0 rows=""
    json=$(status_json "$1")
    while read -r role pid; do
        kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)
        pss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo 0)
        total=$((total + kb))
        total_pss=$((total_pss + ${pss:-0}))
        rows+="$role $((kb / 1024)) MiB, "
    done < <(json_eval '"\n".join(["manager %d" % s["manager"]["pid"]] + ["reactor#%d %d" % (c["id"], c["pid"]) for c in s["reactors"]] + ["worker#%d %d" % (c["id"], c["pid"]) for c in s["workers"]])' <<<"$json")
    report "rss $2: ${rows}total $((total / 1024)) MiB (PSS $((total_pss / 1024)) MiB)"
}

# Workers start from the AOT cache once its background training run has built it (aot_cache=true,
# the default): wait for the manager to say it is built, or that it is not, so spawns are timed with it.
await_aot_cache() { # run dir
    local deadline=$((SECONDS + 120))
    while ! grep -qE "AOT cache (built|not built)|aot_cache=false" "$1/drover.log" 2>/dev/null; do
        if ! grep -q "building the workers' AOT cache" "$1/drover.log" || [ "$SECONDS" -ge "$deadline" ]; then
            return 0
        fi
        sleep 0.2
    done
    grep -E "AOT cache (built|not built)" "$1/drover.log" | tail -n 1 | cut -d' ' -f5-
}

# CPU time (user + system, all threads) a process has used so far; a worker just ready has used
# it on its start, which the machine's other load does not stretch as it stretches wall time.
cpu_ms_of() { # pid
    awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%d", ($12 + $13) * 1000 / hz }' "/proc/$1/stat" 2>/dev/null || echo "?"
}

aot_mapped() { # pid: says whether that JVM mapped an AOT cache file
    if grep -q '\.aot$' "/proc/$1/maps" 2>/dev/null; then echo " (from the AOT cache)"; else echo " (no AOT cache)"; fi
}

# Kills a worker with SIGKILL and times its replacement from the manager's log lines.
bench_spawn() { # run dir
    local dir="$1" i slot old new json kill_ns spawned ready deadline started_at spawn_ms=() kill_ms=() cpu_ms=()
    echo "== spawn-to-ready: $respawns workers killed with SIGKILL"
    await_aot_cache "$dir"
    for ((i = 0; i < respawns; i++)); do
        slot=$((i % workers))
        json=$(status_json "$dir")
        old=$(json_eval "s['workers'][$slot]['pid']" <<<"$json")
        started_at=$(json_eval "s['workers'][$slot]['started_at']" <<<"$json")
        # A worker dying younger than 1 s is respawned with a back-off (OPERATIONS.md): let it age first.
        while [ $(( $(now_ns) - $(date -d "$started_at" +%s%N) )) -lt 1500000000 ]; do sleep 0.1; done
        kill_ns=$(now_ns)
        kill -KILL "$old"
        deadline=$((SECONDS + 60))
        while ! ready=$(grep -E "manager pid=[0-9]+ worker#$slot pid=[0-9]+ ready" "$dir/drover.log" | grep -v "pid=$old ready" | tail -n 1) \
                || [ -z "$ready" ] || [ "$(log_time_ns "$ready")" -lt "$kill_ns" ]; do
            if [ "$SECONDS" -ge "$deadline" ]; then
                echo "bench.sh: worker#$slot was not ready again within 60 s of its kill" >&2
                return 1
            fi
            sleep 0.02
        done
        new=$(sed -n 's/.* worker#[0-9]* pid=\([0-9]*\) ready.*/\1/p' <<<"$ready")
        cpu_ms+=("$(cpu_ms_of "$new")")
        spawned=$(grep -F "spawned worker#$slot pid=$new" "$dir/drover.log" | tail -n 1)
        spawn_ms+=("$(ms_between "$(log_time_ns "$spawned")" "$(log_time_ns "$ready")")")
        kill_ms+=("$(ms_between "$kill_ns" "$(log_time_ns "$ready")")")
        echo "worker#$slot pid $old killed, pid $new ready: spawn-to-ready ${spawn_ms[-1]} ms, kill-to-ready ${kill_ms[-1]} ms, CPU ${cpu_ms[-1]} ms$(aot_mapped "$new")"
    done
    json_eval '"status after: " + ", ".join("worker#%d %s" % (c["id"], c["state"]) for c in s["workers"])' <<<"$(status_json "$dir")"
    report "spawn-to-ready (median of $respawns): $(median "${spawn_ms[@]}") ms (min $(median "$(printf '%s\n' "${spawn_ms[@]}" | sort -g | head -n 1)") ms);" \
        "kill-to-ready median $(median "${kill_ms[@]}") ms; CPU to ready median $(median "${cpu_ms[@]}") ms"
}

# Counts progress lines, so the script waits for the load itself rather than for a guessed time.
await_load_lines() { # file, count
    local deadline=$((SECONDS + 60))
    while [ "$(grep -c 'msgs/s' "$1" 2>/dev/null || true)" -lt "$2" ]; do
        if ! kill -0 "$LOAD_PID" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
            echo "bench.sh: the load stopped early:" >&2
            cat "$1" >&2
            return 1
        fi
        sleep 0.1
    done
}

bench_reload() { # run dir, port
    local dir="$1" out="$WORK/reload-load.out" json before lines line deadline
    echo "== reload of $reload_workers workers under load ($connections connections, 64 B)"
    "$JAVA" -cp "$BENCH_CP" drover.bench.EchoLoad --port "$2" --connections "$connections" --size 64 \
        --duration 300s --warmup 0 --pipeline "$pipeline" --threads "$threads" >"$out" 2>&1 &
    LOAD_PID=$!
    await_load_lines "$out" 2
    before=$(status_json "$dir" | json_eval 's["reload"]["count"]')
    scripts/reload.sh --run-dir "$dir"
    deadline=$((SECONDS + 120))
    while json=$(status_json "$dir") && \
            [ "$(json_eval 'str(s["reload"]["in_progress"]).lower() == "false" and s["reload"]["count"] > '"$before" <<<"$json")" != True ]; do
        if [ "$SECONDS" -ge "$deadline" ]; then
            echo "bench.sh: the reload did not finish within 120 s" >&2
            return 1
        fi
        sleep 0.2
    done
    # A little load after the reload, on the new workers only, then stop it: it prints its summary.
    lines=$(grep -c 'msgs/s' "$out")
    await_load_lines "$out" $((lines + 2))
    kill -TERM "$LOAD_PID"
    wait "$LOAD_PID" || true
    LOAD_PID=""
    cat "$out"
    line=$(grep '^RESULT ' "$out" | tail -n 1)
    note_errors "$line"
    report "reload of $reload_workers workers under load: $(json_eval 's["reload"]["last_result"]' <<<"$json")" \
        "in $(json_eval 's["reload"]["last_duration_ms"]' <<<"$json") ms; load $(result_field "$line" msgs_per_s) msgs/s," \
        "p99 $(result_field "$line" p99_us) us, max $(result_field "$line" max_us) us, errors $(result_field "$line" errors)" \
        "(bad replies $(result_field "$line" bad_replies), disconnects $(result_field "$line" disconnects)," \
        "timeouts $(result_field "$line" timeouts)), out of order $(result_field "$line" out_of_order)"
}

# The HTTP hello benchmark: wrk against an HTTP example app, once one is built.
HTTP_JAR=examples/http-hello/target/http-hello.jar
bench_http() {
    echo "== http"
    if ! command -v wrk >/dev/null 2>&1; then
        report "http: skipped: wrk is not installed (apt-get install wrk)"
        return 0
    fi
    if [ ! -f "$HTTP_JAR" ]; then
        report "http: skipped: no HTTP example app ($HTTP_JAR) yet"
        return 0
    fi
    local dir="$WORK/http"
    start_server "$dir" "$workers" "$HTTP_JAR"
    wrk_hello "$PORT" http "$dir"
    stop_server "$dir"
}

wrk_hello() { # port, label, [run dir: also report the server's CPU per request]
    local port="$1" label="$2" dir="${3:-}" before="" requests cpu_text=""
    if ! [[ "$warmup" =~ ^0+[a-z]*$ ]]; then
        run_watched "$WORK/wrk-warmup.out" wrk -t 1 -c "$connections" -d "$warmup" "http://127.0.0.1:$port/" >/dev/null
        # wrk closes its connections only at the end, so the reactor's JIT had never seen a close:
        # the first run after the warm-up deoptimized and recompiled the reactor's loop and showed a
        # p99 of about 3 ms where later runs showed 1 ms (docs/benchmarks-history.md, "Figures after the
        # fourth round"). A second, short set of connections warms that path as a running server has it.
        run_watched "$WORK/wrk-warmup2.out" wrk -t 1 -c "$connections" -d 2s "http://127.0.0.1:$port/" >/dev/null
    fi
    if [ -n "$dir" ]; then before=$(server_cpu_ms "$dir"); fi
    run_watched "$WORK/wrk.out" wrk -t 1 -c "$connections" -d "$duration" --latency "http://127.0.0.1:$port/"
    requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$WORK/wrk.out")
    if [ -n "$dir" ]; then
        cpu_text=", server CPU per request $(cpu_per_unit "$before" "$(server_cpu_ms "$dir")" "${requests:-0}")"
    fi
    report "$label: $(grep 'Requests/sec' "$WORK/wrk.out" | tr -s ' '), p99 $(awk '$1 == "99%" { print $2 }' "$WORK/wrk.out")$cpu_text"
}

# The machine's limit: the same echo and HTTP loads against a single-process C epoll server
# (bench/src/main/c/cserver.c), to read Drover's figures as a ratio of it in the same run.
CSERVER=bench/target/cserver
bench_climit() {
    local port seconds
    echo "== climit: the single-process C epoll server"
    if [ ! -x "$CSERVER" ] || [ bench/src/main/c/cserver.c -nt "$CSERVER" ]; then
        mkdir -p bench/target
        gcc -O2 -Wall -o "$CSERVER" bench/src/main/c/cserver.c || { echo "bench.sh: climit: gcc failed" >&2; return 1; }
    fi
    seconds=$(( $(wc -w <<<"${sizes//,/ }") * 120 + 120 )) # it ends itself after that, if the trap did not run
    port=$(free_port)
    "$CSERVER" -m echo -p "$port" -w 1 -T "$seconds" >/dev/null 2>&1 &
    BASELINE_PID=$!
    await_port "$port"
    bench_echo "$port" "C limit echo"
    kill -TERM "$BASELINE_PID"; wait "$BASELINE_PID" || true
    BASELINE_PID=""
    if command -v wrk >/dev/null 2>&1; then
        port=$(free_port)
        "$CSERVER" -m http -p "$port" -w 1 -T "$seconds" >/dev/null 2>&1 &
        BASELINE_PID=$!
        await_port "$port"
        wrk_hello "$port" "C limit http"
        kill -TERM "$BASELINE_PID"; wait "$BASELINE_PID" || true
        BASELINE_PID=""
    fi
}

await_port() { # port: waits until something listens on 127.0.0.1:port
    local deadline=$((SECONDS + 10))
    until python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$1" 2>/dev/null; do
        if [ "$SECONDS" -ge "$deadline" ]; then echo "bench.sh: nothing listens on port $1" >&2; return 1; fi
        sleep 0.05
    done
}

# The same load against PlainEchoServer (one JVM, a thread per connection, no Drover): the
# ceiling of the load generator and this machine, to read Drover's figures against.
bench_baseline() {
    local seconds port
    echo "== baseline: PlainEchoServer"
    # Serves at most as long as the loads take, plus a margin; killed at the end anyway.
    seconds=$(( $(wc -w <<<"${sizes//,/ }") * 120 + 60 ))
    "$JAVA" -cp "$BENCH_CP" drover.bench.PlainEchoServer "$seconds" >"$WORK/baseline.port" &
    BASELINE_PID=$!
    while [ ! -s "$WORK/baseline.port" ]; do
        kill -0 "$BASELINE_PID" 2>/dev/null || { echo "bench.sh: PlainEchoServer did not start" >&2; return 1; }
        sleep 0.05
    done
    port=$(head -n 1 "$WORK/baseline.port")
    bench_echo "$port" "baseline echo"
    kill -TERM "$BASELINE_PID"
    wait "$BASELINE_PID" || true
    BASELINE_PID=""
}

bench_jmh() {
    echo "== jmh"
    # shellcheck disable=SC2086 # jmh_args is a list of JMH options
    run_watched "$WORK/jmh.out" "$JAVA" -cp "$BENCH_CP" org.openjdk.jmh.Main $jmh_args
    SUMMARY+=("jmh:" "$(sed -n '/^Benchmark /,$p' "$WORK/jmh.out")")
}

# ---------------------------------------------------------------- main
build_if_needed
machine
if [ "$suite" = tfb ]; then
    run_tfb_suite
    echo
    echo "== summary"
    printf '%s\n' "${SUMMARY[@]}"
    if $ERRORS_SEEN; then
        echo "bench.sh: some loads had errors: non-2xx responses or socket errors (see above)" >&2
        exit 1
    fi
    exit 0
fi
if wants echo || wants rss || wants spawn; then
    dir="$WORK/echo"
    echo "== starting the echo server: $workers workers"
    start_server "$dir" "$workers" "$ECHO_JAR"
    if wants rss; then
        bench_rss "$dir" "idle at once, $workers workers"
        # the JVMs hand freed native memory back once a second (-XX:TrimNativeHeapInterval), and the
        # start's JIT arenas go once its last compilations are done: 3 s after the AOT cache was built
        # some JVMs still held them (6 MiB each), 10 s after none did. An idle server is what an
        # operator sees (docs/benchmarks-history.md, "Figures after the fourth round")
        await_aot_cache "$dir" >/dev/null
        sleep 10
        bench_rss "$dir" "idle 10 s later, $workers workers"
    fi
    if wants echo; then
        bench_echo "$PORT" echo "$dir"
        if wants rss; then
            bench_rss "$dir" "after the echo load"
            if [[ "$sizes" == *M* ]]; then
                # megabyte bodies grow the heaps: each JVM collects once its heap has not grown for
                # 10 s, and again 30 s later if that left it past 64 MiB (HeapTrim, OPERATIONS.md);
                # the pools' and links' direct buffers stay
                sleep 45
                bench_rss "$dir" "45 s after the echo load"
            fi
        fi
    fi
    if wants spawn; then bench_spawn "$dir"; fi
    stop_server "$dir"
fi
if wants reload; then
    dir="$WORK/reload"
    echo "== starting the echo server: $reload_workers workers"
    start_server "$dir" "$reload_workers" "$ECHO_JAR"
    bench_reload "$dir" "$PORT"
    stop_server "$dir"
fi
if wants http; then bench_http; fi
if wants ws; then bench_ws; fi
if wants baseline; then bench_baseline; fi
if wants climit; then bench_climit; fi
if wants jmh; then bench_jmh; fi
echo
echo "== summary"
printf '%s\n' "${SUMMARY[@]}"
if $ERRORS_SEEN; then
    echo "bench.sh: some loads had errors: wrong or missing replies, or failed connections (see above)" >&2
    exit 1
fi
