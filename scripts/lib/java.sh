# Sourced by the scripts: finds a JDK 25+ (JAVA_HOME first, then /usr/lib/jvm) and sets
# DROVER_JAVA_HOME, or says clearly that there is none.

# Prints the major version of the java binary $1, or nothing. The options the environment gives every
# JVM are left out: options meant for JDK 25 (JAVA_TOOL_OPTIONS=-XX:+UseCompactObjectHeaders) make an
# older JDK refuse to start, and a JDK that cannot start is simply not a candidate.
java_major() {
    env -u JAVA_TOOL_OPTIONS -u JDK_JAVA_OPTIONS -u _JAVA_OPTIONS "$1" -XshowSettings:properties -version 2>&1 \
        | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1 || true
}

find_jdk25() {
    local candidates=() dir major
    [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
    for dir in /usr/lib/jvm/*; do candidates+=("$dir"); done
    for dir in "${candidates[@]}"; do
        [ -x "$dir/bin/java" ] && [ -x "$dir/bin/javac" ] || continue
        major=$(java_major "$dir/bin/java") || major=""
        if [ -n "$major" ] && [ "$major" -ge 25 ]; then
            DROVER_JAVA_HOME=$(cd "$dir" && pwd -P)
            export DROVER_JAVA_HOME
            return 0
        fi
    done
    echo "drover: no JDK 25 or newer found (looked at JAVA_HOME=${JAVA_HOME:-unset} and /usr/lib/jvm/*)." >&2
    echo "drover: install one (e.g. Temurin 25) and set JAVA_HOME to it." >&2
    return 1
}

DROVER_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
export DROVER_HOME

# Runs the drover CLI (the manager jar) with the found JDK: from lib/manager/ in a distribution
# (dist/: bin/lib/java.sh), from manager/target/ in a source tree (scripts/lib/java.sh).
drover_cli() {
    local jar="$DROVER_HOME/manager/target/drover-manager.jar" class_path
    class_path="$jar:$DROVER_HOME/manager/target/lib/*"
    if [ -d "$DROVER_HOME/lib/manager" ]; then
        jar="$DROVER_HOME/lib/manager/drover-manager.jar"
        class_path="$DROVER_HOME/lib/manager/*"
    fi
    if [ ! -f "$jar" ]; then
        echo "drover: $jar is missing: build first (./mvnw -DskipTests package, or scripts/demo.sh)" >&2
        return 2
    fi
    # The manager's JVM flags, the same as JvmFlags.manager() (JvmFlagsTest compares the two lists).
    local manager_flags=(-XX:+UseSerialGC -XX:TrimNativeHeapInterval=1000 -XX:-ShrinkHeapInSteps -XX:-UsePerfData -Xms2m -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xshare:off --enable-native-access=ALL-UNNAMED)
    local flags=() flag
    for flag in "${manager_flags[@]}"; do
        # A manager in the foreground lives as long as the server: no CDS archive, 2 MiB less idle RSS
        # (JvmFlags says why). The short commands (status, stop, reload) keep it: they start faster.
        if [ "$flag" != -Xshare:off ] || [ "${1:-}" = start ]; then
            flags+=("$flag")
        fi
    done
    exec "$DROVER_JAVA_HOME/bin/java" "${flags[@]}" \
        -Ddrover.home="$DROVER_HOME" -cp "$class_path" drover.manager.ManagerMain "$@"
}

# Reads --run-dir DIR out of the arguments (default ./run); the rest stay in REST_ARGS.
parse_run_dir() {
    RUN_DIR=run
    REST_ARGS=()
    while [ $# -gt 0 ]; do
        case "$1" in
            --run-dir) RUN_DIR="${2:?--run-dir needs a directory}"; shift 2 ;;
            --run-dir=*) RUN_DIR="${1#--run-dir=}"; shift ;;
            *) REST_ARGS+=("$1"); shift ;;
        esac
    done
}

# Prints the pid in RUN_DIR/manager.pid once it is confirmed to be the Drover manager of RUN_DIR:
# a live process that holds the lock on RUN_DIR/manager.lock (the kernel's word, from /proc/locks)
# and runs drover.manager.ManagerMain. A stale or forged pid file names some other process, which
# must not be signalled: then this says why and fails.
manager_pid() {
    local pid inode holder cmd
    pid=$(cat "$RUN_DIR/manager.pid" 2>/dev/null) || { echo "drover: no manager.pid in $RUN_DIR: is the server running?" >&2; return 1; }
    if ! [[ "$pid" =~ ^[0-9]+$ ]]; then
        echo "drover: $RUN_DIR/manager.pid does not hold a pid; nothing signalled" >&2
        return 1
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
        echo "drover: manager pid $pid (from $RUN_DIR/manager.pid) is not running" >&2
        return 1
    fi
    inode=$(stat -L -c %i "$RUN_DIR/manager.lock" 2>/dev/null) || inode=""
    holder=""
    if [ -n "$inode" ] && [ -r /proc/locks ]; then
        holder=$(awk -v ino="$inode" '$2 != "->" && $4 == "WRITE" { n = split($6, f, ":"); if (f[n] == ino) print $5 }' /proc/locks | head -n 1)
    fi
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") || cmd=""
    if [ "$holder" != "$pid" ] || [[ "$cmd" != *drover.manager.ManagerMain* ]]; then
        echo "drover: pid $pid (from $RUN_DIR/manager.pid) is not the Drover manager of $RUN_DIR:" \
            "the lock on $RUN_DIR/manager.lock is held by ${holder:-no process}; nothing signalled" >&2
        return 1
    fi
    echo "$pid"
}
