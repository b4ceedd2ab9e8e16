#!/usr/bin/env bash
# Networking on berthd and Docker 20.10 in one run, with ratios:
#   (a) request rate of a small page (wrk, 10 s) through a port published on 127.0.0.1: berth (CNI portmap, DNAT)
#       against Docker (docker-proxy), and against the berth container's own address (the limit)
#   (b) throughput of a 256 MiB download (curl) on the same three paths
#   (c) `run --rm busybox true` latency with and without networking on both daemons
# Docker runs on a bridge this script makes (bbench<pid>, 10.199.253.0/24) with --iptables=false, so that it
# publishes through its userland proxy and touches no firewall rule; berthd gets its own bridge and subnet.
# Traffic goes only to 127.0.0.1 and to the addresses of containers on those two bridges. Needs wrk (Debian).
#
# Usage: bench/network.sh        SECONDS_PER_RUN=10, RUNS=9 (latency runs per row)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
docker=/usr/local/bin/docker
DURATION="${SECONDS_PER_RUN:-10}"; RUNS="${RUNS:-9}"
[ "$DURATION" -ge 1 ] && [ "$DURATION" -le 120 ] && [ "$RUNS" -ge 1 ] && [ "$RUNS" -le 100 ] || { echo "SECONDS_PER_RUN 1..120, RUNS 1..100" >&2; exit 2; }
command -v wrk >/dev/null || { echo "bench: wrk is missing: apt-get install -y wrk" >&2; exit 1; }
B=(-H "unix://$BERTH_SOCK"); D=(-H "unix://$DOCKER_SOCK")
export DOCKER_CONFIG="$bench_tmp/docker-cli"
dbridge="bbench$$"; bbridge="bbert$$"

bench_before_cleanup() {
  local ids
  for h in "${B[*]}" "${D[*]}"; do
    ids="$($docker $h ps -aq 2>/dev/null || true)"
    [ -z "$ids" ] || $docker $h rm -f $ids >/dev/null 2>&1 || true
  done
  [ -n "${dockerd_pid:-}" ] && { kill "$dockerd_pid" 2>/dev/null; for _ in $(seq 1 100); do kill -0 "$dockerd_pid" 2>/dev/null || break; sleep 0.1; done; }
  ip link delete "$dbridge" 2>/dev/null || true
}

"$bench_top/bin/berthd" --data-root "$bench_tmp/berth-data" --exec-root "$bench_tmp/berth-run" -H "unix://$BERTH_SOCK" \
  --bridge "$bbridge" --bip 10.199.254.1/24 --default-address-pool base=10.199.0.0/16 >"$bench_tmp/berthd.log" 2>&1 &
berthd_pid=$!
wait_socket "$BERTH_SOCK" berthd
berth_cgroup="berth-$(head -c 12 "$bench_tmp/berth-data/engine-id" 2>/dev/null || true)"

ip link add "$dbridge" type bridge && ip addr add 10.199.253.1/24 dev "$dbridge" && ip link set "$dbridge" up
echo "{\"deprecated-key-path\": \"$bench_tmp/key.json\"}" >"$bench_tmp/daemon.json"
/usr/sbin/dockerd --config-file "$bench_tmp/daemon.json" --data-root "$bench_tmp/docker-data" \
  --exec-root "$bench_tmp/docker-exec" --pidfile "$bench_tmp/docker.pid" -H "unix://$DOCKER_SOCK" \
  --bridge "$dbridge" --iptables=false --ip-masq=false --storage-driver=overlay2 \
  --cgroup-parent "/berth-bench-docker-$$" --containerd-namespace "berth-bench-$$" --containerd-plugins-namespace "berth-bench-$$-plugins" \
  >"$bench_tmp/dockerd.log" 2>&1 &
dockerd_pid=$!
wait_socket "$DOCKER_SOCK" dockerd

"$bench_top/scripts/mkimage-busybox" --tar-only "$bench_tmp/busybox.tar" >/dev/null
$docker "${B[@]}" import "$bench_tmp/busybox.tar" busybox:latest >/dev/null
$docker "${D[@]}" import "$bench_tmp/busybox.tar" busybox:latest >/dev/null
mkdir -p "$bench_tmp/www"
echo "hello" >"$bench_tmp/www/small.html"
head -c $((256 * 1024 * 1024)) /dev/zero >"$bench_tmp/www/big.bin"

free_port() { local p; for p in $(shuf -i 20000-40000 -n 50); do ss -Htln "sport = :$p" | grep -q . || { echo "$p"; return; }; done; return 1; }
bp=$(free_port); dp=$(free_port)
$docker "${B[@]}" run -d --name web -p "127.0.0.1:$bp:80" -v "$bench_tmp/www:/www:ro" busybox httpd -f -p 80 -h /www >/dev/null
$docker "${D[@]}" run -d --name web -p "127.0.0.1:$dp:80" -v "$bench_tmp/www:/www:ro" busybox httpd -f -p 80 -h /www >/dev/null
bip=$($docker "${B[@]}" inspect --format '{{.NetworkSettings.IPAddress}}' web)
for url in "http://127.0.0.1:$bp/small.html" "http://127.0.0.1:$dp/small.html" "http://$bip/small.html"; do
  for _ in $(seq 1 100); do curl -sf "$url" >/dev/null && break; sleep 0.1; done
done

rate() { wrk -t 2 -c 32 -d "${DURATION}s" "$1" | awk '/Requests\/sec/ {printf "%d", $2}'; }
mbps() { curl -s -o /dev/null -w '%{speed_download}' "$1" | awk '{printf "%d", $1 / 1048576}'; }
row() { awk -v n="$1" -v a="$2" -v b="$3" -v c="$4" -v u="$5" 'BEGIN { printf "%-34s %10d %10d %10d %-6s  berth/docker %.2fx\n", n, a, b, c, u, (b > 0 ? a / b : 0) }'; }

echo "load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
printf "%-34s %10s %10s %10s\n" "workload" "berth" "docker" "berth-ip"
row "small page, requests/s (wrk)" "$(rate "http://127.0.0.1:$bp/small.html")" "$(rate "http://127.0.0.1:$dp/small.html")" \
    "$(rate "http://$bip/small.html")" "req/s"
row "256 MiB download, MiB/s (curl)" "$(mbps "http://127.0.0.1:$bp/big.bin")" "$(mbps "http://127.0.0.1:$dp/big.bin")" \
    "$(mbps "http://$bip/big.bin")" "MiB/s"

$docker "${B[@]}" rm -f web >/dev/null; $docker "${D[@]}" rm -f web >/dev/null
lat() { median_ms "$RUNS" "$docker" "$@" run --rm "${NET[@]}" busybox true; }
NET=(); bn=$(lat "${B[@]}"); dn=$(lat "${D[@]}")
NET=(--network none); b0=$(lat "${B[@]}"); d0=$(lat "${D[@]}")
printf "%-34s %10s %10s\n" "run --rm busybox true (docker CLI)" "berth ms" "docker ms"
printf "%-34s %10d %10d  berth/docker %.2fx\n" "  with networking" "$bn" "$dn" "$(awk -v a="$bn" -v b="$dn" 'BEGIN{print a/b}')"
printf "%-34s %10d %10d  berth/docker %.2fx\n" "  --network none" "$b0" "$d0" "$(awk -v a="$b0" -v b="$d0" 'BEGIN{print a/b}')"
