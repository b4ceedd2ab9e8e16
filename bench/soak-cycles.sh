#!/usr/bin/env bash
# Soak: N create/start/stop/rm cycles against a dedicated berthd, then checks that nothing of a removed container
# is left: overlay mounts, cgroup dirs (cgroup v1: /sys/fs/cgroup/<controller>/berth-<daemon>/<id>), conmon
# processes, runc state dirs (<exec-root>/runtime/<id>), exec-root and data-root files named after a container.
# Also reports berthd's RSS, live heap (after a full GC), open fds and threads before and after.
# Exits 1 if anything leaked.
#
# Usage: bench/soak-cycles.sh [N]      N cycles (default 1000, at most 100000), through the Engine API with curl;
#        SOAK_CLI=1 bench/soak-cycles.sh 100   the same through the docker CLI 28 (slower: 4 CLI starts a cycle)
# The cycles vary like ContainerLeakTest: every other one runs with --init and stops with SIGTERM (the init
# forwards it), the others stop with SIGKILL at once (stop -t 0); every fifth is removed running (rm -f).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
N="${1:-1000}"
case "$N" in ''|*[!0-9]*) echo "usage: $0 [N]" >&2; exit 2 ;; esac
[ "$N" -ge 1 ] && [ "$N" -le 100000 ] || { echo "N: 1..100000" >&2; exit 2; }
docker=/usr/local/bin/docker
export DOCKER_CONFIG="$bench_tmp/docker-cli"
data="$bench_tmp/berth-data"; run="$bench_tmp/berth-run"

bench_before_cleanup() {
  [ -S "$BERTH_SOCK" ] || return 0
  local ids; ids="$($docker -H "unix://$BERTH_SOCK" ps -aq 2>/dev/null || true)"
  [ -z "$ids" ] || $docker -H "unix://$BERTH_SOCK" rm -f $ids >/dev/null 2>&1 || true
}

. "$bench_top/scripts/jdk.sh"; berth_find_jdk >/dev/null
"$bench_top/scripts/mkimage-busybox" --tar-only "$bench_tmp/busybox.tar" >/dev/null
start_berthd
$docker -H "unix://$BERTH_SOCK" import "$bench_tmp/busybox.tar" busybox:latest >/dev/null

api() { # api METHOD PATH [JSON]: the response body; fails on an HTTP error
  local out
  if [ $# -ge 3 ]; then out="$(curl -sS -f --unix-socket "$BERTH_SOCK" -X "$1" -H 'Content-Type: application/json' -d "$3" "http://x/v1.41$2")"
  else out="$(curl -sS -f --unix-socket "$BERTH_SOCK" -X "$1" "http://x/v1.41$2")"; fi || { echo "soak: $1 $2 failed" >&2; return 1; }
  printf '%s' "$out"
}
ids_file="$bench_tmp/ids"; : >"$ids_file"
cycle() { # cycle I: one container's whole life
  local i=$1 init=false id
  [ $((i % 2)) = 0 ] && init=true
  if [ "${SOAK_CLI:-0}" = 1 ]; then
    local D=(-H "unix://$BERTH_SOCK") opt=()
    [ "$init" = true ] && opt=(--init)
    id="$($docker "${D[@]}" create --network none "${opt[@]}" busybox sleep 3600)"
    echo "$id" >>"$ids_file"
    $docker "${D[@]}" start "$id" >/dev/null
    if [ $((i % 5)) = 4 ]; then $docker "${D[@]}" rm -f "$id" >/dev/null; return; fi
    if [ "$init" = true ]; then $docker "${D[@]}" stop "$id" >/dev/null; else $docker "${D[@]}" stop -t 0 "$id" >/dev/null; fi
    $docker "${D[@]}" rm "$id" >/dev/null
  else
    id="$(api POST /containers/create "{\"Image\":\"busybox\",\"Cmd\":[\"sleep\",\"3600\"],\"HostConfig\":{\"NetworkMode\":\"none\",\"Init\":$init}}" | jq -r .Id)"
    echo "$id" >>"$ids_file"
    api POST "/containers/$id/start" >/dev/null
    if [ $((i % 5)) = 4 ]; then api DELETE "/containers/$id?force=1" >/dev/null; return; fi
    if [ "$init" = true ]; then api POST "/containers/$id/stop" >/dev/null; else api POST "/containers/$id/stop?t=0" >/dev/null; fi
    api DELETE "/containers/$id" >/dev/null
  fi
}

# daemon_stats: "rss_kB live_heap_kB fds threads" (live heap: used after a full GC)
daemon_stats() {
  "$JAVA_HOME/bin/jcmd" "$berthd_pid" GC.run >/dev/null 2>&1 || true
  local heap; heap="$("$JAVA_HOME/bin/jcmd" "$berthd_pid" GC.heap_info 2>/dev/null | awk '/^[A-Za-z]/ && / used / { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); s += v } } END { print s + 0 }')"
  echo "$(awk '/^VmRSS:/ {print $2}' "/proc/$berthd_pid/status") $heap $(ls "/proc/$berthd_pid/fd" | wc -l) $(ls "/proc/$berthd_pid/task" | wc -l)"
}

for i in $(seq 1 10); do cycle "$i"; done      # warm-up (JIT, caches), then the baseline
sleep 1; read -r rss0 heap0 fd0 th0 < <(daemon_stats)
echo "soak: $N cycles (create, start, stop or rm -f, rm) against berthd $(git -C "$bench_top" rev-parse --short HEAD 2>/dev/null || echo '?')," \
  "through $([ "${SOAK_CLI:-0}" = 1 ] && echo 'the docker CLI 28' || echo 'the API (curl)'); load $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s%N)
for i in $(seq 1 "$N"); do
  cycle "$i"
  if [ $((i % 100)) = 0 ] || [ "$i" = "$N" ]; then
    echo "  $i cycles, $(( ($(date +%s%N) - start) / 1000000 / i )) ms a cycle on average, berthd RSS $(( $(awk '/^VmRSS:/ {print $2}' "/proc/$berthd_pid/status") / 1024 )) MB"
  fi
done
sleep 1; read -r rss1 heap1 fd1 th1 < <(daemon_stats)

# ---- leak checks: every id that ever existed must be gone everywhere ----
sort -u "$ids_file" -o "$ids_file"
left_containers=$(curl -sf --unix-socket "$BERTH_SOCK" "http://x/v1.41/containers/json?all=1" | jq length)
overlays=$(awk -v d="$bench_tmp/" '$3 == "overlay" && index($2, d) == 1' /proc/mounts | wc -l)
cgroups=$(find /sys/fs/cgroup -mindepth 2 -maxdepth 3 -type d -regextype egrep -regex '.*/[0-9a-f]{64}' 2>/dev/null \
  | awk -F/ '{print $NF}' | grep -cFx -f "$ids_file" || true)
conmons=0; for p in /proc/[0-9]*; do c="$( { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null)" || continue
  case "$c" in *conmon*"$run/"*) conmons=$((conmons + 1)) ;; esac; done
runc_state=$( (ls "$run/runtime" 2>/dev/null || true) | grep -cFx -f "$ids_file" || true)
exec_files=$(find "$run" -mindepth 1 2>/dev/null | grep -v "^$run/runtime/" | grep -cF -f "$ids_file" || true)
data_files=$(find "$data" -mindepth 1 2>/dev/null | grep -cF -f "$ids_file" || true)

printf '%-44s %s\n' "containers created" "$(wc -l <"$ids_file")" \
  "containers still listed (ps -a)" "$left_containers" \
  "overlay mounts under the daemon's dirs" "$overlays" \
  "cgroup dirs named after a removed container" "$cgroups" \
  "conmon processes" "$conmons" \
  "runc state dirs ($run/runtime)" "$runc_state" \
  "exec-root files naming a container" "$exec_files" \
  "data-root files naming a container" "$data_files"
printf '%-44s %s\n' "berthd RSS before / after" "$((rss0 / 1024)) MB / $((rss1 / 1024)) MB ($(( (rss1 - rss0) / 1024 )) MB)" \
  "berthd live heap after full GC, before / after" "$((heap0 / 1024)) MB / $((heap1 / 1024)) MB ($(( (heap1 - heap0) / 1024 )) MB)" \
  "berthd open fds before / after" "$fd0 / $fd1" \
  "berthd threads before / after" "$th0 / $th1"
leaks=$((left_containers + overlays + cgroups + conmons + runc_state + exec_files + data_files))
warn=""
[ $((fd1 - fd0)) -gt 10 ] && warn="$warn fds grew by $((fd1 - fd0));"
[ $((heap1 - heap0)) -gt $((16 * 1024)) ] && warn="$warn live heap grew by $(( (heap1 - heap0) / 1024 )) MB;"
[ -n "$warn" ] && echo "soak: WARNING (daemon growth, a leak to look at):$warn"
if [ "$leaks" -gt 0 ]; then
  echo "soak: FAILED: $leaks leftovers of removed containers" >&2
  exit 1
fi
echo "soak: ok, nothing of $N removed containers is left"
