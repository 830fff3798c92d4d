#!/usr/bin/env bash
# Builds Drover and runs every test: unit tests, then the end-to-end tests against real JVMs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/java.sh
find_jdk25
# ./mvnw: the Maven version the project pins (.mvn/wrapper), fetched once into ~/.m2/wrapper
JAVA_HOME="$DROVER_JAVA_HOME" exec ./mvnw -B verify "$@"
