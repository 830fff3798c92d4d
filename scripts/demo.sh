#!/usr/bin/env bash
# Builds Drover and starts the echo example in the foreground on 127.0.0.1:9501 (Ctrl-C stops it).
# Extra arguments go to start.sh, e.g. scripts/demo.sh --set worker_num=4
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
find_jdk25
JAVA_HOME="$DROVER_JAVA_HOME" ./mvnw -B -q -DskipTests package
echo "drover: try it: python3 scripts/echo-client.py 127.0.0.1 9501 hello"
exec scripts/start.sh "$@" examples/echo/target/echo.jar
