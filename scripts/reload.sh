#!/usr/bin/env bash
# Rolling reload of the workers (SIGUSR1), or of the task workers with --tasks (SIGUSR2).
# --wait: waits until the reload is over, prints its outcome, exits 1 with the reason if it failed.
# --tls: re-reads the TLS certificate and key instead (as SIGHUP does); prints the outcome, exits 1
# when the new pair is refused (the old one keeps serving).
# Usage: scripts/reload.sh [--tasks] [--wait] [--tls] [--run-dir DIR]
set -euo pipefail
source "$(dirname "$0")/lib/java.sh"
parse_run_dir "$@"
signal=USR1
wait_for_outcome=false
tls=false
for arg in "${REST_ARGS[@]+"${REST_ARGS[@]}"}"; do
    case "$arg" in
        --tasks) signal=USR2 ;;
        --wait) wait_for_outcome=true ;;
        --tls) tls=true ;;
        *) echo "usage: scripts/reload.sh [--tasks] [--wait] [--tls] [--run-dir DIR]" >&2; exit 2 ;;
    esac
done
pid=$(manager_pid)
if $tls; then
    find_jdk25
    drover_cli reload --tls --run-dir "$RUN_DIR"
elif $wait_for_outcome; then
    # the same reload, asked over manager.sock, which answers once it is over; exits with its outcome
    find_jdk25
    tasks=()
    if [ "$signal" = USR2 ]; then tasks=(--tasks); fi
    drover_cli reload --wait ${tasks[@]+"${tasks[@]}"} --run-dir "$RUN_DIR"
else
    kill -"$signal" "$pid"
    echo "drover: sent SIG$signal to manager pid $pid; scripts/status.sh --run-dir $RUN_DIR shows the reload"
fi
