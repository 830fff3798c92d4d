#!/usr/bin/env bash
# Builds Drover and runs every test: unit tests, then the end-to-end tests against real JVMs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
find_jdk25
if ! command -v mvn >/dev/null 2>&1; then
    echo "drover: Maven is needed (apt-get install maven)" >&2
    exit 1
fi
JAVA_HOME="$DROVER_JAVA_HOME" exec mvn -B verify "$@"
