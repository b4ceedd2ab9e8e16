#!/usr/bin/env bash
# Registry push and pull of a ~200 MB image of 6 layers, made from local files only (no network): busybox, the host's
# /usr/lib/python3.11 and /usr/lib/python3 (trees of small files), libjvm.so, 30 MB of random bytes, 30 MB of text.
# In one run:
#   1. berthd vs Docker 20.10, both through the docker CLI 28, to the same local registry (berth's embedded one,
#      `berth registry serve`, and the CNCF one); ratio = docker / berth (> 1: berth faster);
#   2. berth's embedded registry vs the CNCF registry (Debian's docker-registry 2.8), the same client driving both
#      (berthd, then Docker 20.10); ratio = cncf / embedded (> 1: the embedded registry faster).
# Every push goes to an empty registry (a fresh storage dir per run), every pull to a daemon without the image's
# layers (rmi + image prune -a). Loopback only. Usage: RUNS=3 bench/registry.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
docker=/usr/local/bin/docker
RUNS="${RUNS:-3}"
export DOCKER_BUILDKIT=0
base="$bench_tmp/busybox.tar"; "$bench_top/scripts/mkimage-busybox" --tar-only "$base" >/dev/null
ctx="$bench_tmp/ctx"; mkdir -p "$ctx"
cp -a /usr/lib/python3.11 "$ctx/py311"; cp -a /usr/lib/python3 "$ctx/py3"
cp "$(readlink -f "${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}")/lib/server/libjvm.so" "$ctx/libjvm.so"
head -c 30M /dev/urandom >"$ctx/random"; head -c 22M /dev/urandom | base64 >"$ctx/text"
printf 'FROM bench/base\nCOPY py311 /usr/lib/python3.11\nCOPY py3 /usr/lib/python3\nCOPY libjvm.so /opt/libjvm.so\nCOPY random /data/random\nCOPY text /data/text\n' >"$ctx/Dockerfile"

start_berthd; start_dockerd
B=(-H "unix://$BERTH_SOCK"); D=(-H "unix://$DOCKER_SOCK")
for side in B D; do
  declare -n s=$side
  $docker "${s[@]}" import "$base" bench/base >/dev/null
  $docker "${s[@]}" build -q -t bench/img "$ctx" >/dev/null
  $docker "${s[@]}" rmi bench/base >/dev/null   # bench/img alone holds the layers: a pull after rmi fetches them all
done
size_mb=$(( $($docker "${B[@]}" image inspect --format '{{.Size}}' bench/img) / 1000000 ))

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
reg_pid=""; reg_kind=""
stop_registry() { if [ -n "$reg_pid" ]; then kill "$reg_pid" 2>/dev/null || true; wait "$reg_pid" 2>/dev/null || true; reg_pid=""; fi; }
bench_before_cleanup() { stop_registry; }
# start_registry embedded|cncf: a registry with empty storage on 127.0.0.1:$reg_port
start_registry() {
  stop_registry
  reg_kind=$1; reg_port=$(free_port); local dir="$bench_tmp/reg-$reg_kind"
  rm -rf "$dir"; mkdir -p "$dir"
  if [ "$reg_kind" = embedded ]; then
    "$bench_top/bin/berth" registry serve --listen "127.0.0.1:$reg_port" --root "$dir/root" >"$dir.log" 2>&1 &
  else
    printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
      "$dir/root" "$reg_port" >"$dir.yml"
    /usr/bin/docker-registry serve "$dir.yml" >"$dir.log" 2>&1 &
  fi
  reg_pid=$!
  local up=0
  for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$reg_port/v2/" >/dev/null 2>&1 && { up=1; break; }; sleep 0.1; done
  [ $up = 1 ] || { echo "bench: the $reg_kind registry did not start: $(cat "$dir.log")" >&2; return 1; }
  warm_up
}
# A registry in use has been running a while: before it is measured, each fresh one takes a 64 MB upload in chunks
# and serves it twice, three times over (a JVM's JIT, Go's page and buffer caches), in a repository the measured runs
# do not use.
head -c 64M /dev/urandom >"$bench_tmp/warm.bin"
warm_digest="sha256:$(sha256sum "$bench_tmp/warm.bin" | cut -d' ' -f1)"
warm_up() {
  local r="http://127.0.0.1:$reg_port" loc round
  for round in 1 2 3; do warm_up_once "$r/v2/warm/up$round" || return 1; done
}
warm_up_once() {
  local r=$1 loc
  loc=$(curl -sf -D - -o /dev/null -X POST "$r/blobs/uploads/" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  case "$loc" in http*) ;; *) loc="http://127.0.0.1:$reg_port$loc" ;; esac
  loc=$(curl -sf -D - -o /dev/null -X PATCH -H "Transfer-Encoding: chunked" -H "Content-Type: application/octet-stream" \
    --data-binary @"$bench_tmp/warm.bin" "$loc" | tr -d '\r' | sed -n 's/^[Ll]ocation: //p')
  case "$loc" in http*) ;; *) loc="http://127.0.0.1:$reg_port$loc" ;; esac
  case "$loc" in *\?*) loc="$loc&digest=$warm_digest" ;; *) loc="$loc?digest=$warm_digest" ;; esac
  curl -sf -o /dev/null -X PUT "$loc" || { echo "bench: warm-up upload to the $reg_kind registry failed" >&2; return 1; }
  for _ in 1 2; do curl -sf -o /dev/null "$r/blobs/$warm_digest" || return 1; done
}
drop_image() { $docker "$@" rmi -f "127.0.0.1:$reg_port/bench/img:v1" >/dev/null 2>&1 || true; $docker "$@" image prune -af >/dev/null; }
# one_run embedded|cncf B|D: pushes to an empty registry, then pulls into an empty store; sets run_push and run_pull (ms)
one_run() {
  declare -n cli=$2
  start_registry "$1"
  local ref="127.0.0.1:$reg_port/bench/img:v1"
  $docker "${cli[@]}" tag bench/img "$ref"
  run_push=$(time_ok_ms $docker "${cli[@]}" push "$ref")
  $docker "${cli[@]}" rmi "$ref" >/dev/null
  $docker "${cli[@]}" rmi bench/img >/dev/null   # the layers must go: keep them only in a save
  $docker "${cli[@]}" image prune -af >/dev/null
  run_pull=$(time_ok_ms $docker "${cli[@]}" pull "$ref")
  $docker "${cli[@]}" inspect "$ref" >/dev/null  # it was pulled
  $docker "${cli[@]}" tag "$ref" bench/img; $docker "${cli[@]}" rmi "$ref" >/dev/null
}
# time_ok_ms CMD...: like time_ms, but a failed command ends the benchmark with its output
time_ok_ms() {
  local s e; s=$(date +%s%N)
  "$@" >"$bench_tmp/last.out" 2>&1 || { echo "bench: failed: $*" >&2; cat "$bench_tmp/last.out" >&2; return 1; }
  e=$(date +%s%N); echo $(( (e - s) / 1000000 ))
}
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
declare -A push pull
for _ in $(seq 1 "$RUNS"); do
  for reg in embedded cncf; do
    for side in B D; do
      one_run "$reg" "$side"
      push[$reg$side]+="$run_push "; pull[$reg$side]+="$run_pull "
    done
  done
done
stop_registry
m() { median ${1}; }
echo "image: ${size_mb} MB, 6 layers (busybox, python3.11, python3, libjvm.so, 30 MB random, 30 MB text); median of $RUNS runs, each to an empty registry"
echo
echo "1. berthd vs Docker 20.10 (docker CLI 28), same registry; ratio = docker / berth (> 1: berth faster)"
report_header
report "push to berth's registry" "$(m "${push[embeddedB]}")" "$(m "${push[embeddedD]}")"
report "pull from berth's registry" "$(m "${pull[embeddedB]}")" "$(m "${pull[embeddedD]}")"
report "push to the CNCF registry" "$(m "${push[cncfB]}")" "$(m "${push[cncfD]}")"
report "pull from the CNCF registry" "$(m "${pull[cncfB]}")" "$(m "${pull[cncfD]}")"
echo
echo "2. berth's embedded registry vs the CNCF registry, same client; ratio = cncf / embedded (> 1: embedded faster)"
printf "%-40s %12s %12s %9s\n" "workload" "embedded" "cncf" "ratio"
report "push, berthd client" "$(m "${push[embeddedB]}")" "$(m "${push[cncfB]}")"
report "pull, berthd client" "$(m "${pull[embeddedB]}")" "$(m "${pull[cncfB]}")"
report "push, Docker 20.10 client" "$(m "${push[embeddedD]}")" "$(m "${push[cncfD]}")"
report "pull, Docker 20.10 client" "$(m "${pull[embeddedD]}")" "$(m "${pull[cncfD]}")"
