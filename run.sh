#!/usr/bin/env bash
# Starts Parley with the embedded defaults (SQLite under ./data, http://127.0.0.1:8080).
# Builds target/parley.jar first when it is missing or older than the sources.
# Settings are PARLEY_* environment variables (docs/configuration.md); arguments go to the jar
# (e.g. ./run.sh token alice).
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh

if [ ! -f target/parley.jar ] || [ -n "$(find pom.xml src/main -newer target/parley.jar -print -quit)" ]; then
  if ! command -v mvn >/dev/null 2>&1; then
    echo "Building Parley needs Apache Maven 3.8+ (e.g. sudo apt-get install maven)." >&2
    exit 1
  fi
  echo "Building target/parley.jar with $JAVA_HOME ..." >&2
  mvn -B -q -DskipTests package
fi
exec "$JAVA_HOME/bin/java" -jar target/parley.jar "$@"
