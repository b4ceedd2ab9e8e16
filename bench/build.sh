#!/usr/bin/env bash
# Builds on berthd and Docker 20.10's classic builder in one run, through the docker CLI 28 (DOCKER_BUILDKIT=0):
# a Dockerfile with a 50 MB RUN layer and a COPY of 2,000 small files. Figures: the first build (no cache), a fully
# cached rebuild, and a rebuild after touching one of the 2,000 files (its COPY and what follows run again).
# Usage: RUNS=5 bench/build.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
docker=/usr/local/bin/docker
RUNS="${RUNS:-5}"
export DOCKER_BUILDKIT=0
tar="$bench_tmp/busybox.tar"; "$bench_top/scripts/mkimage-busybox" --tar-only "$tar" >/dev/null
ctx="$bench_tmp/ctx"; mkdir -p "$ctx/files"
for i in $(seq 1 2000); do printf 'file %d\n' "$i" >"$ctx/files/f$i.txt"; done
cat >"$ctx/Dockerfile" <<'DOCKERFILE'
FROM busybox
RUN dd if=/dev/urandom of=/big.bin bs=1M count=50 2>/dev/null
ENV APP=/srv
COPY files/ /srv/files/
RUN ls /srv/files | wc -l > /srv/count
CMD ["cat", "/srv/count"]
DOCKERFILE
start_berthd; start_dockerd
B=(-H "unix://$BERTH_SOCK"); D=(-H "unix://$DOCKER_SOCK")
$docker "${B[@]}" import "$tar" busybox >/dev/null; $docker "${D[@]}" import "$tar" busybox >/dev/null
build() { $docker "$@" build --network none -t bench:build "$ctx"; }
first() { $docker "$@" build --no-cache --network none -t bench:build "$ctx"; }
touch_one() { printf 'changed %s\n' "$(date +%s%N)" >"$ctx/files/f1000.txt"; build "$@"; }
echo "context: 2,000 files + a 50 MB RUN layer; median of $RUNS runs; ratio = docker / berth (> 1: berth faster)"
report_header
report "first build (--no-cache)" "$(median_ms "$RUNS" first "${B[@]}")" "$(median_ms "$RUNS" first "${D[@]}")"
build "${B[@]}" >/dev/null; build "${D[@]}" >/dev/null
report "fully cached rebuild" "$(median_ms "$RUNS" build "${B[@]}")" "$(median_ms "$RUNS" build "${D[@]}")"
report "one of 2,000 files touched" "$(median_ms "$RUNS" touch_one "${B[@]}")" "$(median_ms "$RUNS" touch_one "${D[@]}")"
[ "$($docker "${B[@]}" run --rm bench:build)" = 2000 ] || { echo "bench: berth's image is wrong" >&2; exit 1; }
