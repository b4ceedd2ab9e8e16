#!/usr/bin/env bash
# Container workloads on berthd and Docker 20.10 in one run, with berth/docker ratios (< 1: berth faster or lighter):
#   (a) `run --rm busybox true` through a CLI: docker CLI 28 against both daemons, and bin/berth against berthd
#   (b) the same through the Engine API alone (bench/ApiRun.java: create, attach, wait?condition=removed, start)
#   (c) 50 detached `sleep 3600` containers: `run -d` one after the other, then one `rm -f` of all 50
#   (d) memory (RSS and PSS from /proc/PID/smaps_rollup) of each daemon and its per-container processes
#       (berth: berthd + conmon per container; docker: dockerd + containerd + containerd-shim-runc-v2 per container)
# Every container runs with --network none: berth has no CNI networking yet, and the benchmark's dockerd has no
# bridge (--bridge=none), so neither side pays for a network namespace set-up beyond an empty one.
#
# Usage: bench/containers.sh        RUNS=15 (latency runs per row), COUNT=50 (detached containers)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
docker=/usr/local/bin/docker
berth="$bench_top/bin/berth"
RUNS="${RUNS:-15}"; COUNT="${COUNT:-50}"
[ "$RUNS" -ge 1 ] && [ "$RUNS" -le 500 ] && [ "$COUNT" -ge 1 ] && [ "$COUNT" -le 500 ] || { echo "RUNS and COUNT: 1..500" >&2; exit 2; }
B=(-H "unix://$BERTH_SOCK"); D=(-H "unix://$DOCKER_SOCK")
export DOCKER_CONFIG="$bench_tmp/docker-cli"   # no user config, no context

# Containers outlive both daemons (conmon, containerd-shim): remove them before the daemons stop.
bench_before_cleanup() {
  local a
  for a in B D; do
    local -n h="$a"
    local sock="${h[1]#unix://}"
    [ -S "$sock" ] || continue
    local ids; ids="$($docker "${h[@]}" ps -aq 2>/dev/null || true)"
    [ -z "$ids" ] || $docker "${h[@]}" rm -f $ids >/dev/null 2>&1 || true
  done
}

. "$bench_top/scripts/jdk.sh"; berth_find_jdk >/dev/null
"$bench_top/scripts/mkimage-busybox" --tar-only "$bench_tmp/busybox.tar" >/dev/null
start_berthd; start_dockerd
$docker "${B[@]}" import "$bench_tmp/busybox.tar" busybox:latest >/dev/null
$docker "${D[@]}" import "$bench_tmp/busybox.tar" busybox:latest >/dev/null

# ---- memory: processes whose command line names this run's berth or docker dirs ----
# mem PREFIX: "<rss kB> <pss kB> <processes>" summed over processes mentioning PREFIX (daemon, containerd, conmon, shims)
mem() {
  local rss=0 pss=0 n=0 p c r s
  for p in /proc/[0-9]*; do
    c="$( { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null)" || continue
    case "$c" in *"$1"*) ;; *) continue ;; esac
    read -r r s < <(awk '/^Rss:/ {r=$2} /^Pss:/ {s=$2} END {print r+0, s+0}' "$p/smaps_rollup" 2>/dev/null) || continue
    rss=$((rss + r)); pss=$((pss + s)); n=$((n + 1))
  done
  echo "$rss $pss $n"
}
# count_cmd PREFIX WORD: processes mentioning PREFIX whose command starts with WORD
count_cmd() { local n=0 p c; for p in /proc/[0-9]*; do c="$( { tr '\0' ' ' <"$p/cmdline"; } 2>/dev/null)" || continue
  case "$c" in *"$1"*) case "${c%% *}" in *"$2"*) n=$((n + 1)) ;; esac ;; esac; done; echo "$n"; }
settle() { sleep 2; }   # let both daemons finish background work (GC, events) before reading memory
declare -A M
mem_snapshot() { M[$1.b]="$(mem "$bench_tmp/berth-")"; M[$1.d]="$(mem "$bench_tmp/docker-")"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# ---- timing helpers ----
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# report_bd NAME BERTH DOCKER [UNIT]: berth/docker (< 1 means berth is faster or lighter)
report_bd() { awk -v n="$1" -v b="$2" -v d="$3" -v u="${4:-ms}" 'BEGIN { printf "%-48s %9s %-3s %9s %-3s %7.2f\n", n, b, u, d, u, (d > 0 ? b / d : 0) }'; }
# interleaved N CMD_A -- CMD_B: runs A and B alternately N times (after 3 warm-ups each); prints "median_a median_b"
interleaved() {
  local n=$1; shift; local a=() b=() ta=() tb=() i
  while [ "$1" != -- ]; do a+=("$1"); shift; done; shift; b=("$@")
  for i in 1 2 3; do "${a[@]}" >/dev/null 2>&1; "${b[@]}" >/dev/null 2>&1; done
  for i in $(seq 1 "$n"); do ta+=("$(time_ms "${a[@]}")"); tb+=("$(time_ms "${b[@]}")"); done
  echo "$(printf '%s\n' "${ta[@]}" | median) $(printf '%s\n' "${tb[@]}" | median)"
}
must_run() { "$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; "$@" >&2 || true; exit 1; }; }

settle; mem_snapshot fresh
must_run $docker "${B[@]}" run --rm --network none busybox true
must_run $docker "${D[@]}" run --rm --network none busybox true
must_run "$berth" "${B[@]}" run --rm --network none busybox true

echo "berth $(git -C "$bench_top" rev-parse --short HEAD 2>/dev/null || echo '?') vs Docker $(/usr/sbin/dockerd --version | awk '{print $3}' | tr -d ,);" \
  "$(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at start; median of $RUNS interleaved runs; ratio = berth / docker (< 1: berth better)"
printf "%-48s %13s %13s %7s\n" "workload" "berth" "docker" "ratio"
read -r tb td < <(interleaved "$RUNS" $docker "${B[@]}" run --rm --network none busybox true -- $docker "${D[@]}" run --rm --network none busybox true)
report_bd "run --rm busybox true (docker CLI 28)" "$tb" "$td"
read -r tb2 td2 < <(interleaved "$RUNS" "$berth" "${B[@]}" run --rm --network none busybox true -- $docker "${D[@]}" run --rm --network none busybox true)
report_bd "run --rm busybox true (bin/berth vs docker CLI)" "$tb2" "$td2"
read -r vb vd < <(interleaved "$RUNS" "$berth" "${B[@]}" version -- $docker "${D[@]}" version)
report_bd "  of which CLI start-up: version (same CLIs)" "$vb" "$vd"

# (b) the API alone: one JVM client, same requests for both daemons; two alternating rounds, best median kept
api_b=(); api_d=()
apirun() { "$JAVA_HOME/bin/java" -Dphases=true "$bench_top/bench/ApiRun.java" "$1" "$RUNS" 5 >"$2"; sed -n 's/.*median=\([0-9.]*\).*/\1/p' "$2"; }
for _ in 1 2; do
  api_b+=("$(apirun "$BERTH_SOCK" "$bench_tmp/api-b")"); api_d+=("$(apirun "$DOCKER_SOCK" "$bench_tmp/api-d")")
done
report_bd "run --rm true through the API (create..wait)" "$(printf '%s\n' "${api_b[@]}" | sort -n | head -1)" "$(printf '%s\n' "${api_d[@]}" | sort -n | head -1)"
echo "  berth  $(sed -n 2p "$bench_tmp/api-b")"
echo "  docker $(sed -n 2p "$bench_tmp/api-d")"

# (c) COUNT detached containers, created and started one after the other, then removed by one rm -f
settle; mem_snapshot idle
detached() { local i; for i in $(seq 1 "$COUNT"); do $docker "$@" run -d --network none busybox sleep 3600 >/dev/null || return 1; done; }
remove_all() { $docker "$@" rm -f $($docker "$@" ps -aq) >/dev/null; }
run_b=$(time_ms detached "${B[@]}"); run_d=$(time_ms detached "${D[@]}")
[ "$($docker "${B[@]}" ps -q | wc -l)" = "$COUNT" ] && [ "$($docker "${D[@]}" ps -q | wc -l)" = "$COUNT" ] \
  || { echo "bench: not $COUNT containers running on each daemon" >&2; exit 1; }
report_bd "$COUNT x run -d sleep 3600 (docker CLI 28), total" "$run_b" "$run_d"
settle; mem_snapshot running
conmons=$(count_cmd "$bench_tmp/berth-" conmon); shims=$(count_cmd "$bench_tmp/docker-" containerd-shim)
rm_b=$(time_ms remove_all "${B[@]}"); rm_d=$(time_ms remove_all "${D[@]}")
report_bd "rm -f of the $COUNT (one command)" "$rm_b" "$rm_d"
settle; mem_snapshot after

# (d) memory table: RSS / PSS in MB; per container = (total with COUNT running - total idle) / COUNT
echo
printf "%-48s %17s %17s %7s\n" "memory, RSS / PSS (MB)" "berth" "docker" "PSS"
row() { # row NAME "rss pss n" "rss pss n"
  read -r rb pb _ <<<"$2"; read -r rd pd _ <<<"$3"
  awk -v n="$1" -v rb="$rb" -v pb="$pb" -v rd="$rd" -v pd="$pd" \
    'BEGIN { printf "%-48s %8.1f / %6.1f %8.1f / %6.1f %7.2f\n", n, rb/1024, pb/1024, rd/1024, pd/1024, (pd > 0 ? pb / pd : 0) }'
}
row "idle, fresh (berthd | dockerd + containerd)" "${M[fresh.b]}" "${M[fresh.d]}"
row "idle, after the latency runs" "${M[idle.b]}" "${M[idle.d]}"
row "$COUNT running: daemon(s) + per-container processes" "${M[running.b]}" "${M[running.d]}"
per() { read -r r1 p1 _ <<<"$1"; read -r r0 p0 _ <<<"$2"; echo "$(( (r1 - r0) / COUNT )) $(( (p1 - p0) / COUNT )) 0"; }
pb="$(per "${M[running.b]}" "${M[idle.b]}")"; pd="$(per "${M[running.d]}" "${M[idle.d]}")"
awk -v n="per running container (growth / $COUNT)" -v b="$pb" -v d="$pd" 'BEGIN { split(b, x, " "); split(d, y, " ");
  printf "%-48s %8.2f / %6.2f %8.2f / %6.2f %7.2f\n", n, x[1]/1024, x[2]/1024, y[1]/1024, y[2]/1024, (y[2] > 0 ? x[2] / y[2] : 0) }'
row "after rm -f of the $COUNT" "${M[after.b]}" "${M[after.d]}"
echo "processes with $COUNT running: berth $(echo "${M[running.b]}" | cut -d' ' -f3) ($conmons conmon), docker $(echo "${M[running.d]}" | cut -d' ' -f3) ($shims containerd-shim);" \
  "the containers' own processes (sleep) are not counted"
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
