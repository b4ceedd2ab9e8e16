# Sourced by scripts and bin/: finds a JDK 25 and exports JAVA_HOME, or fails with a clear message.
berth_find_jdk() {
  local c
  for c in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25-jdk* /usr/lib/jvm/java-25-openjdk* /usr/lib/jvm/jdk-25*; do
    [ -n "$c" ] && [ -x "$c/bin/java" ] || continue
    # the release file names the version without starting a JVM (the CLI's start-up time counts)
    if grep -Eqs '^JAVA_VERSION="(2[5-9]|[3-9][0-9])' "$c/release" \
        || "$c/bin/java" -version 2>&1 | head -1 | grep -Eq 'version "(2[5-9]|[3-9][0-9])'; then
      export JAVA_HOME="$c"; return 0
    fi
  done
  echo "berth: no JDK 25 found (looked at \$JAVA_HOME and /usr/lib/jvm/temurin-25-jdk-amd64). Install Temurin 25 or set JAVA_HOME to a JDK 25." >&2
  return 1
}
