#!/usr/bin/env bash
# Shows the server's processes and the last reload. Usage: scripts/status.sh [--json] [--run-dir DIR]
set -euo pipefail
source "$(dirname "$0")/lib/java.sh"
find_jdk25
drover_cli status "$@"
