#!/usr/bin/env bash
# Starts a Drover server.
# Usage: scripts/start.sh [--config FILE] [--set key=value]... [--daemon] APP_JAR
#   foreground by default (Ctrl-C or kill -TERM stops it); --daemon returns once the server listens.
set -euo pipefail
source "$(dirname "$0")/lib/java.sh"
find_jdk25
drover_cli start "$@"
