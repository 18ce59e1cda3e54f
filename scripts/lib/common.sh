# Sourced by every script in scripts/: finds a JDK 25+, the repository root, and builds when needed.
# shellcheck shell=bash

VEIL_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VEIL_VERSION="0.1.0-SNAPSHOT"

# Sets JAVA_HOME and PATH to a JDK 25 or newer: $JAVA_HOME if it is one, else one under /usr/lib/jvm.
veil_require_jdk() {
  local who="$1" home version
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*; do
    [ -n "$home" ] && [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || continue
    version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ -n "$version" ] && [ "${version%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$home"
      export PATH="$home/bin:$PATH"
      return 0
    fi
  done
  echo "$who: needs a JDK 25 or newer and found none (install Temurin 25, e.g. the temurin-25-jdk package, or set JAVA_HOME)" >&2
  exit 2
}

# Options of the long-running JVMs (servers, load generators): 8-byte object headers (JDK 25, JEP 519) leave less to
# allocate and to copy in each young collection and a smaller heap; their throughput gain was inside the bench's noise
# (README). e2e's ChildJvm gives the processes it starts the same.
VEIL_JVM_OPTS=(-XX:+UseCompactObjectHeaders)

# A service's own JVM options, from cfg/<service>/jvm.options (one per line; blank lines and # comments skipped), into
# the array VEIL_CFG_JVM_OPTS. e2e's JvmOptionsFile reads the same file for the processes the demo, tests and bench start.
veil_cfg_jvm_opts() {
  local file="$VEIL_ROOT/cfg/$1/jvm.options" line n=0
  VEIL_CFG_JVM_OPTS=()
  [ -f "$file" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    if [ -z "$line" ] || [ "${line:0:1}" = "#" ]; then continue; fi
    if [ "${line:0:1}" != "-" ] || [[ "$line" =~ [[:space:]] ]]; then
      echo "$file line $n: one JVM option per line, starting with -, got '$line'" >&2
      exit 2
    fi
    VEIL_CFG_JVM_OPTS+=("$line")
  done < "$file"
}

# Maven's own libraries touch sun.misc.Unsafe: on JDK 24+ that prints warnings, not errors.
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

veil_require_maven() {
  command -v mvn >/dev/null 2>&1 || { echo "$1: needs Apache Maven 3.8+ on the PATH (apt-get install maven)" >&2; exit 2; }
}

# Builds all modules (no tests) when a runnable module's jars are missing or older than any source.
# The second argument names the module whose jars the caller runs (default e2e).
veil_build_if_needed() {
  local who="$1" stamp="$VEIL_ROOT/${2:-e2e}/target/lib"
  if [ -d "$stamp" ] && [ -z "$(find "$VEIL_ROOT" -path "$VEIL_ROOT/data" -prune -o \
        \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  veil_require_maven "$who"
  echo "$who: building Veil (mvn package, tests skipped) ..." >&2
  (cd "$VEIL_ROOT" && mvn -B -q -ntp -DskipTests package) >&2 || { echo "$who: the build failed (see above)" >&2; exit 2; }
  touch "$stamp"
}

# The class path of a module's jar and its runtime dependencies.
veil_classpath() {
  local module="$1" artifact="$2"
  echo "$VEIL_ROOT/$module/target/$artifact-$VEIL_VERSION.jar:$VEIL_ROOT/$module/target/lib/*"
}
