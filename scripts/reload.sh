#!/usr/bin/env bash
# Rolling reload of the workers (SIGUSR1), or of the task workers with --tasks (SIGUSR2).
# Usage: scripts/reload.sh [--tasks] [--run-dir DIR]
set -euo pipefail
source "$(dirname "$0")/lib/java.sh"
parse_run_dir "$@"
signal=USR1
for arg in "${REST_ARGS[@]}"; do
    case "$arg" in
        --tasks) signal=USR2 ;;
        *) echo "usage: scripts/reload.sh [--tasks] [--run-dir DIR]" >&2; exit 2 ;;
    esac
done
pid=$(manager_pid)
kill -"$signal" "$pid"
echo "drover: sent SIG$signal to manager pid $pid; scripts/status.sh --run-dir $RUN_DIR shows the reload"
