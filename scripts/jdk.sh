# Sourced by run.sh and test.sh: finds a JDK 21 or newer and exports JAVA_HOME (and PATH) for it.
# Order: $JAVA_HOME if it is 21+, then the newest 21+ JDK under /usr/lib/jvm, then `java` on the PATH.

java_major() {
  # prints the major version of the java binary $1 (8 for 1.8, 21 for 21.0.2, …), or nothing
  local spec
  spec=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1)
  case "$spec" in
    1.*) echo "${spec#1.}" ;;
    *) echo "$spec" ;;
  esac
}

jdk_ok() {
  # true when $1 is a JDK home with java and javac of version 21 or newer
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local major
  major=$(java_major "$1/bin/java")
  [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null
}

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then
    echo "$JAVA_HOME"; return 0
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*/; do
    dir=${dir%/}
    [ -L "$dir" ] && continue
    if jdk_ok "$dir"; then
      major=$(java_major "$dir/bin/java")
      if [ "$major" -gt "$best_major" ]; then best="$dir"; best_major=$major; fi
    fi
  done
  if [ -n "$best" ]; then echo "$best"; return 0; fi
  if command -v javac >/dev/null 2>&1; then
    dir=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if jdk_ok "$dir"; then echo "$dir"; return 0; fi
  fi
  return 1
}

if ! PARLEY_JDK=$(find_jdk); then
  cat >&2 <<'MSG'
Parley needs a JDK 21 or newer, and none was found
(checked $JAVA_HOME, every JDK under /usr/lib/jvm, and javac on the PATH).
Install one, for example:
  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk        (or Temurin 21/25 from https://adoptium.net)
  macOS:          brew install openjdk@21
then run this command again, or point JAVA_HOME at it:  JAVA_HOME=/path/to/jdk ./run.sh
MSG
  exit 1
fi
export JAVA_HOME="$PARLEY_JDK"
export PATH="$JAVA_HOME/bin:$PATH"
