#!/usr/bin/env bash
# Image store workloads on berthd and Docker 20.10 in one run: import, save, load, list (CLI and API).
# Usage: bench/images.sh [--debian]   (--debian: a ~75 MB debootstrap image instead of busybox)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
docker=/usr/local/bin/docker
if [ "${1:-}" = --debian ]; then
  tar="$("$bench_top/scripts/mkimage-debootstrap" --print-path)"
else
  tar="$bench_tmp/busybox.tar"; "$bench_top/scripts/mkimage-busybox" --tar-only "$tar" >/dev/null
fi
start_berthd; start_dockerd
B=(-H "unix://$BERTH_SOCK"); D=(-H "unix://$DOCKER_SOCK")
echo "image: $tar ($(du -h "$tar" | cut -f1)); median of 5 runs; ratio = docker / berth (> 1: berth faster)"
report_header
report "import" "$(median_ms 5 $docker "${B[@]}" import "$tar" bench:img)" "$(median_ms 5 $docker "${D[@]}" import "$tar" bench:img)"
for i in $(seq 1 20); do $docker "${B[@]}" tag bench:img "bench/t$i:x"; $docker "${D[@]}" tag bench:img "bench/t$i:x"; done >/dev/null
report "save -o" "$(median_ms 5 $docker "${B[@]}" save -o "$bench_tmp/b.tar" bench:img)" "$(median_ms 5 $docker "${D[@]}" save -o "$bench_tmp/d.tar" bench:img)"
report "load -i (image present)" "$(median_ms 5 $docker "${B[@]}" load -i "$bench_tmp/b.tar")" "$(median_ms 5 $docker "${D[@]}" load -i "$bench_tmp/d.tar")"
load_fresh() { $docker "$1" "$2" rmi -f bench:img >/dev/null 2>&1 || true; $docker "$1" "$2" image prune -af >/dev/null; $docker "$1" "$2" load -i "$3"; }
lb=(); ld=()
for _ in 1 2 3; do
  $docker "${B[@]}" image prune -af >/dev/null; $docker "${D[@]}" image prune -af >/dev/null
  lb+=("$(time_ms $docker "${B[@]}" load -i "$bench_tmp/b.tar")"); ld+=("$(time_ms $docker "${D[@]}" load -i "$bench_tmp/d.tar")")
done
report "load -i (empty store)" "$(printf '%s\n' "${lb[@]}" | sort -n | sed -n 2p)" "$(printf '%s\n' "${ld[@]}" | sort -n | sed -n 2p)"
report "images (CLI 28, 21 tags)" "$(median_ms 11 $docker "${B[@]}" images)" "$(median_ms 11 $docker "${D[@]}" images)"
urls=(); for _ in $(seq 1 2000); do urls+=(http://x/v1.41/images/json); done
api() { curl -s --unix-socket "$1" "${urls[@]}" >/dev/null; }   # one keep-alive connection
for _ in 1 2 3; do api "$BERTH_SOCK"; api "$DOCKER_SOCK"; done      # warm up (the JIT, and Go's caches)
report "GET /images/json x2000 (keep-alive)" "$(time_ms api "$BERTH_SOCK")" "$(time_ms api "$DOCKER_SOCK")"
echo "daemon RSS after the run: berthd $(($(ps -o rss= -p "$berthd_pid") / 1024)) MB, dockerd $(($(ps -o rss= -p "$dockerd_pid") / 1024)) MB (+ its containerd)"
