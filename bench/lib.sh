# Sourced by bench/*.sh: starts berthd and Docker 20.10 side by side, each with its own root and socket,
# and stops both on exit. Benchmarks run the same workload on both in one run and print ratios.
set -euo pipefail
bench_top="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_tmp="$(mktemp -d /tmp/berth-bench.XXXXXX)"
BERTH_SOCK="$bench_tmp/berth.sock"
DOCKER_SOCK="$bench_tmp/docker.sock"
export BERTH_SOCK DOCKER_SOCK

# A benchmark may define bench_before_cleanup (e.g. to remove its containers while the daemons still run).
bench_cleanup() {
  if declare -F bench_before_cleanup >/dev/null; then bench_before_cleanup || true; fi
  [ -n "${berthd_pid:-}" ] && kill "$berthd_pid" 2>/dev/null && wait "$berthd_pid" 2>/dev/null || true
  if [ -n "${dockerd_pid:-}" ]; then
    kill "$dockerd_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  grep " $bench_tmp" /proc/mounts | awk '{print $2}' | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  # the cgroup parents of this run's daemons (berthd: /berth-<id12>; dockerd: --cgroup-parent below), when empty
  # (the last containers' cgroups may go a moment after their daemon answered: retry for up to 5 s)
  local cg
  for cg in ${berth_cgroup:+"$berth_cgroup"} "berth-bench-docker-$$"; do
    for _ in $(seq 1 50); do
      rmdir /sys/fs/cgroup/*/"$cg" 2>/dev/null || true
      compgen -G "/sys/fs/cgroup/*/$cg" >/dev/null || break
      sleep 0.1
    done
  done
  rm -rf "$bench_tmp"
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

wait_socket() { for _ in $(seq 1 300); do curl -sf --unix-socket "$1" http://x/_ping >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "bench: $2 did not start" >&2; return 1; }

# start_berthd [EXTRA_ARGS...], start_dockerd [EXTRA_ARGS...] (e.g. a bridge and address pool of the benchmark's own)
start_berthd() {
  "$bench_top/bin/berthd" --data-root "$bench_tmp/berth-data" --exec-root "$bench_tmp/berth-run" -H "unix://$BERTH_SOCK" \
    "$@" >"$bench_tmp/berthd.log" 2>&1 &
  berthd_pid=$!
  wait_socket "$BERTH_SOCK" berthd
  berth_cgroup="berth-$(head -c 12 "$bench_tmp/berth-data/engine-id" 2>/dev/null || true)"
}

start_dockerd() {
  echo "{\"deprecated-key-path\": \"$bench_tmp/key.json\"}" >"$bench_tmp/daemon.json"
  /usr/sbin/dockerd --config-file "$bench_tmp/daemon.json" --data-root "$bench_tmp/docker-data" \
    --exec-root "$bench_tmp/docker-exec" --pidfile "$bench_tmp/docker.pid" -H "unix://$DOCKER_SOCK" \
    --bridge=none --iptables=false --ip-masq=false --storage-driver=overlay2 \
    --cgroup-parent "/berth-bench-docker-$$" --containerd-namespace "berth-bench-$$" --containerd-plugins-namespace "berth-bench-$$-plugins" \
    "$@" >"$bench_tmp/dockerd.log" 2>&1 &
  dockerd_pid=$!
  wait_socket "$DOCKER_SOCK" dockerd
}

# time_ms CMD...: wall time of one run in milliseconds
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }

# median of N runs: median_ms N CMD...
median_ms() {
  local n=$1; shift; local t=()
  for _ in $(seq 1 "$n"); do t+=("$(time_ms "$@")"); done
  printf '%s\n' "${t[@]}" | sort -n | sed -n "$(( (n + 1) / 2 ))p"
}

# report NAME BERTH_MS DOCKER_MS: one row of the results table, with docker/berth (> 1 means berth is faster)
report() { awk -v n="$1" -v b="$2" -v d="$3" 'BEGIN { printf "%-40s %9d ms %9d ms %8.2fx\n", n, b, d, (b > 0 ? d / b : 0) }'; }
report_header() { printf "%-40s %12s %12s %9s\n" "workload" "berth" "docker" "ratio"; }
