#!/usr/bin/env bash
# Runs the whole test suite with a JDK 21+ (extra arguments go to Maven, e.g. ./test.sh -Dtest='Api*').
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
if ! command -v mvn >/dev/null 2>&1; then
  echo "Running the tests needs Apache Maven 3.8+ (e.g. sudo apt-get install maven)." >&2
  exit 1
fi
echo "Testing with $JAVA_HOME" >&2
exec mvn -B test "$@"
