# shellcheck shell=bash
# The TechEmpower Framework Benchmarks suite of scripts/bench.sh (--suite tfb): PostgreSQL in a
# temporary directory, examples/techempower on Drover, every test type checked as TFB's verifier
# would (drover.bench.tfb.TfbVerifier), and only then timed with wrk. Sourced by bench.sh, whose
# helpers (start_server, run_watched, report, server_cpu_ms ...) it uses and whose cleanup calls
# tfb_stop_postgres, so the cluster is stopped and its directory removed even on Ctrl-C or failure.

TFB_TESTS="plaintext json db queries fortunes updates"
TFB_JAR=examples/techempower/target/techempower.jar
TFB_PIPELINE=16       # TFB pipelines its plaintext requests 16 deep
PG_BIN=""             # the folder of PostgreSQL's programs
PG_DIR=""             # the cluster's folder: data, Unix socket, logs
PG_PORT=""
PG_AS=()              # how PostgreSQL's programs run: as the postgres user when this runs as root

tfb_find_postgres() {
    local dir
    # the newest installed version first; Debian keeps its real binaries out of PATH
    for dir in "${DROVER_PG_BIN:-}" $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) \
               "$(dirname "$(command -v postgres 2>/dev/null || echo /nonexistent/postgres)")"; do
        if [ -n "$dir" ] && [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/psql" ]; then
            PG_BIN=$dir
            return 0
        fi
    done
    return 1
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_run() { # a PostgreSQL program, as the user the cluster belongs to
    ${PG_AS[@]+"${PG_AS[@]}"} "$@"
}

# psql as the cluster's superuser over its Unix socket (trusted: only the socket's owner reaches it)
pg_psql() {
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_DIR" -p "$PG_PORT" -U postgres "$@"
}

# Makes a cluster in a new temporary folder, starts it on 127.0.0.1 and a Unix socket in that folder,
# and loads TFB's tables (scripts/lib/tfb-data.sql).
tfb_start_postgres() {
    local user
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/drover-tfb-pg.XXXXXX")
    if [ "$(id -u)" = 0 ]; then
        # PostgreSQL refuses to run as root: the cluster belongs to, and runs as, the postgres user
        user=postgres
        getent passwd postgres >/dev/null || user=nobody
        chown "$user" "$PG_DIR"
        PG_AS=(runuser -u "$user" --)
        if ! pg_run test -w "$PG_DIR"; then
            echo "bench.sh: PostgreSQL refuses to run as root, so it runs as $user here, who cannot reach" \
                "$PG_DIR: set TMPDIR to a folder $user can reach (e.g. /tmp)" >&2
            return 1
        fi
    fi
    if ! pg_run "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -E UTF8 --locale=C \
            --auth-local=trust --auth-host=scram-sha-256 >"$PG_DIR/initdb.log" 2>&1; then
        cat "$PG_DIR/initdb.log" >&2
        echo "bench.sh: initdb failed (above)" >&2
        return 1
    fi
    PG_PORT=$(free_port)
    # synchronous_commit=off as in TFB's own PostgreSQL configuration: an update's commit does not
    # wait for its WAL to reach the disk
    if ! pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w -t 60 -s \
            -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR -c max_connections=200 -c synchronous_commit=off" \
            start >/dev/null; then
        cat "$PG_DIR/postgres.log" >&2
        echo "bench.sh: PostgreSQL did not start (its log is above)" >&2
        return 1
    fi
    if ! pg_psql -d postgres -f scripts/lib/tfb-data.sql >"$PG_DIR/load.log" 2>&1; then
        cat "$PG_DIR/load.log" >&2
        echo "bench.sh: loading scripts/lib/tfb-data.sql failed (above)" >&2
        return 1
    fi
    echo "postgres: $("$PG_BIN/postgres" --version) on 127.0.0.1:$PG_PORT, data in $PG_DIR;" \
        "World $(pg_psql -d hello_world -At -c 'SELECT count(*) FROM world') rows," \
        "Fortune $(pg_psql -d hello_world -At -c 'SELECT count(*) FROM fortune') rows"
}

# Stops the cluster (fast: open sessions are ended) and removes its folder; a no-op when none runs.
tfb_stop_postgres() {
    local pid
    [ -n "$PG_DIR" ] || return 0
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
        if ! pg_run "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 -s stop >/dev/null 2>&1; then
            pid=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)
            if [[ "$pid" =~ ^[0-9]+$ ]]; then kill -KILL "$pid" 2>/dev/null || true; fi
        fi
    fi
    rm -rf "$PG_DIR"
    PG_DIR=""
}

# CPU time so far of the cluster: the postmaster and every backend it started.
pg_cpu_ms() {
    local postmaster pid ms total=0
    postmaster=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null) || { echo 0; return; }
    for pid in "$postmaster" $(ps -o pid= --ppid "$postmaster" 2>/dev/null); do
        ms=$(cpu_ms_of "$pid")
        if [[ "$ms" =~ ^[0-9]+$ ]]; then total=$((total + ms)); fi
    done
    echo "$total"
}

tfb_levels() { # the concurrency levels: --levels, or scaled to the cores (8, 32 and 128 per core)
    local cores
    if [ -n "$tfb_levels" ]; then
        echo "${tfb_levels//,/ }"
    else
        cores=$(nproc)
        echo "$((cores * 8)) $((cores * 32)) $((cores * 128))"
    fi
}

tfb_path() { # test, queries count: the URL path TFB times
    case "$1" in
        queries|updates) echo "/$1?queries=$2" ;;
        *) echo "/$1" ;;
    esac
}

# One timed wrk run; reports req/s, p99, errors, and what each request cost in CPU: the reactor,
# the workers and PostgreSQL (read from /proc around the run, so the load generator's share and the
# machine's other load stay out of it).
tfb_wrk() { # test, connections, path, pipeline depth, run dir
    local test="$1" c="$2" path="$3" depth="$4" dir="$5" out threads before after pg_before pg_after
    local requests rps p99 non2xx socket errors timeouts script=() depth_args=() label
    out="$WORK/wrk-$test-$c.out"
    threads=$(nproc)
    if [ "$c" -lt "$threads" ]; then threads=$c; fi
    if [ "$depth" -gt 1 ]; then script=(-s scripts/lib/wrk-pipeline.lua); depth_args=(-- "$depth"); fi
    before=$(server_cpu_ms "$dir")
    pg_before=$(pg_cpu_ms)
    run_watched "$out" wrk -t "$threads" -c "$c" -d "$duration" --latency ${script[@]+"${script[@]}"} \
        "http://127.0.0.1:$PORT$path" ${depth_args[@]+"${depth_args[@]}"} || true
    after=$(server_cpu_ms "$dir")
    pg_after=$(pg_cpu_ms)
    requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$out")
    rps=$(awk '/^Requests\/sec/ { print $2 }' "$out")
    p99=$(awk '$1 == "99%" { print $2 }' "$out")
    non2xx=$(sed -n 's/.*Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$out")
    socket=$(sed -n 's/.*Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1 \2 \3 \4/p' "$out")
    read -r -a socket <<<"${socket:-0 0 0 0}"
    errors=$(( ${non2xx:-0} + socket[0] + socket[1] + socket[2] ))
    timeouts=${socket[3]}
    if [ -z "$requests" ] || [ -z "$rps" ]; then
        echo "bench.sh: wrk printed no result for $path:" >&2
        cat "$out" >&2
        ERRORS_SEEN=true
        return 0
    fi
    if [ "$errors" -gt 0 ]; then ERRORS_SEEN=true; fi
    label="$test"
    if [ "$test" = queries ] || [ "$test" = updates ]; then label="$test ${path#*\?}"; fi
    if [ "$depth" -gt 1 ]; then label="$label pipeline=$depth"; fi
    report "tfb $label c=$c: $rps req/s, p99 $p99, errors $errors (non-2xx ${non2xx:-0}, socket" \
        "${socket[0]}/${socket[1]}/${socket[2]}), timeouts $timeouts; CPU per request:" \
        "$(awk -v a="$before" -v b="$after" -v p="$pg_before" -v q="$pg_after" -v n="$requests" 'BEGIN {
            split(a, x, " "); split(b, y, " ");
            if (n > 0) printf "reactor %.1f us, workers %.1f us, postgres %.1f us", (y[1] - x[1]) * 1000 / n, (y[2] - x[2]) * 1000 / n, (q - p) * 1000 / n;
            else printf "n/a" }')"
}

# With --profile: a JFR recording of every worker while the block runs, and its hottest methods.
tfb_profile_start() { # run dir, label
    local pid
    $tfb_profile || return 0
    for pid in $(status_json "$1" | json_eval '" ".join(str(c["pid"]) for c in s["workers"] if c["pid"])'); do
        "$DROVER_JAVA_HOME/bin/jcmd" "$pid" JFR.start name=tfb settings=profile \
            filename="$WORK/$2-worker-$pid.jfr" >/dev/null 2>&1 || echo "bench.sh: could not start JFR in worker pid $pid" >&2
    done
}

tfb_profile_stop() { # run dir, label
    local pid file
    $tfb_profile || return 0
    for pid in $(status_json "$1" | json_eval '" ".join(str(c["pid"]) for c in s["workers"] if c["pid"])'); do
        "$DROVER_JAVA_HOME/bin/jcmd" "$pid" JFR.stop name=tfb >/dev/null 2>&1 || true
    done
    for file in "$WORK/$2"-worker-*.jfr; do
        [ -f "$file" ] || continue
        echo "== profile of $2, ${file##*/}: JFR execution samples (settings=profile), hottest methods"
        "$DROVER_JAVA_HOME/bin/jfr" view --width 180 hot-methods "$file" | head -n 30
    done
}

# Warnings and errors the server logged so far (the app's libraries log there too): shown, not fatal.
tfb_log_warnings() { # run dir
    local lines
    lines=$(grep -E ' (WARN|ERROR) |Exception|SLF4J' "$1/drover.log" 2>/dev/null | head -n 20) || true
    if [ -n "$lines" ]; then
        echo "== the server logged warnings or errors:"
        echo "$lines"
    fi
}

run_tfb_suite() {
    local dir="$WORK/tfb" test c levels top path tests_to_time=() queries
    if ! tfb_find_postgres; then
        echo "bench.sh: --suite tfb needs PostgreSQL's programs (postgres, initdb, pg_ctl, psql): none found" \
            "under /usr/lib/postgresql/*/bin, on PATH or in DROVER_PG_BIN (apt-get install postgresql)" >&2
        return 1
    fi
    for test in $TFB_TESTS; do
        if wants "$test"; then tests_to_time+=("$test"); fi
    done
    levels=$(tfb_levels)
    top=${levels##* }
    echo "== tfb: PostgreSQL from $PG_BIN; concurrency levels $levels; $duration per run after $warmup warmup per test"
    tfb_start_postgres
    export TFB_DB_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/hello_world" TFB_DB_USER=benchmarkdbuser \
        TFB_DB_PASSWORD=benchmarkdbpass TFB_DB_POOL_SIZE="$tfb_pool"
    echo "== starting examples/techempower: $workers workers, pool of $tfb_pool connections each"
    start_server "$dir" "$workers" "$TFB_JAR"
    echo "== verifying every test type as TFB's verifier would"
    # every test type is checked, whichever are timed: nothing is timed unless all of them pass
    if ! "$JAVA" -cp "$BENCH_CP" drover.bench.tfb.TfbVerifier --port "$PORT" \
            --psql "$PG_BIN/psql" -h "$PG_DIR" -p "$PG_PORT" -U postgres -d hello_world; then
        # the server's log says why a request failed (a 500 carries the app's exception there)
        echo "== the last lines of the server's log" >&2
        tail -n 40 "$dir/drover.log" >&2 || true
        echo "bench.sh: the TFB verification failed (FAIL lines above): nothing was timed" >&2
        return 1
    fi
    report "tfb verify: every test type passed"
    tfb_log_warnings "$dir"
    if ! command -v wrk >/dev/null 2>&1; then
        if [ ${#tests_to_time[@]} -gt 0 ]; then report "tfb: timing skipped: wrk is not installed (apt-get install wrk)"; fi
        stop_server "$dir"
        return 0
    fi
    for test in ${tests_to_time[@]+"${tests_to_time[@]}"}; do
        local depth=1
        if [ "$test" = plaintext ]; then depth=$TFB_PIPELINE; fi
        echo "== tfb $test"
        if ! [[ "$warmup" =~ ^0+[a-z]*$ ]]; then
            run_watched "$WORK/wrk-warmup-$test.out" wrk -t "$(nproc)" -c "$top" -d "$warmup" \
                "http://127.0.0.1:$PORT$(tfb_path "$test" 20)" >/dev/null || true
        fi
        tfb_profile_start "$dir" "$test"
        if [ "$test" = queries ] || [ "$test" = updates ]; then
            # as TFB: several query counts at the highest concurrency
            for queries in ${tfb_queries//,/ }; do
                tfb_wrk "$test" "$top" "$(tfb_path "$test" "$queries")" 1 "$dir"
            done
        else
            for c in $levels; do
                tfb_wrk "$test" "$c" "$(tfb_path "$test" 1)" "$depth" "$dir"
            done
        fi
        tfb_profile_stop "$dir" "$test"
    done
    tfb_log_warnings "$dir"
    stop_server "$dir"
}
