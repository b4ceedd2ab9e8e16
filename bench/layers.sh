#!/usr/bin/env bash
# Throughput of berth's layer codec alone (bench/LayerThroughput.java): write and unpack ~100 MB layers of
# big and of small files. No daemon; Docker has no comparable entry point (see images.sh for load/save).
set -euo pipefail
top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$top/scripts/mvn" -o -q -B package -DskipTests -pl archive -am
"$top/scripts/mvn" -o -q -B -pl archive dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.excludeGroupIds=dev.berth -Dmdep.outputFile="$top/archive/target/bench.cp" >/dev/null
. "$top/scripts/jdk.sh"; berth_find_jdk
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "$top/common/target/classes:$top/archive/target/classes:$(cat "$top/archive/target/bench.cp")" \
  "$top/bench/LayerThroughput.java"
