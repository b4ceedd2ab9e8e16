#!/usr/bin/env bash
# Compose workloads on berthd and Docker 20.10 in one run: a 5-service project (a network, a named volume, depends_on
# chains, a published port; every image local, built from busybox) brought up with `up -d` (nothing there yet), `up -d`
# again (unchanged: nothing to do), then `down -v`, by each client against each daemon:
#   berth compose -> berthd          (the pair under test)
#   docker-compose 1.29 -> Docker 20.10   (the reference; Debian's python docker-compose)
#   berth compose -> Docker 20.10, docker-compose 1.29 -> berthd   (which side a difference comes from)
#   docker compose (the CLI 28 plugin) -> Docker 20.10, when the plugin is installed
# The clients run alternately, RUNS times each; medians; ratio = berth compose + berthd / the other (< 1: berth faster).
#
# Usage: bench/compose.sh        RUNS=7 (runs per row)
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
docker=/usr/local/bin/docker
berth="$bench_top/bin/berth"
compose129=/usr/bin/docker-compose
RUNS="${RUNS:-7}"
[ "$RUNS" -ge 1 ] && [ "$RUNS" -le 100 ] || { echo "RUNS: 1..100" >&2; exit 2; }
[ -x "$compose129" ] || { echo "bench: $compose129 missing: apt-get install -y docker-compose (scripts/setup does)" >&2; exit 1; }
export DOCKER_CONFIG="$bench_tmp/docker-cli"   # no user config, no context
mkdir -p "$DOCKER_CONFIG"
B=(-H "unix://$BERTH_SOCK"); D=(-H "unix://$DOCKER_SOCK")

# Containers outlive both daemons (conmon, containerd-shim): take the project down before the daemons stop.
bench_before_cleanup() {
  local sock
  for sock in "$BERTH_SOCK" "$DOCKER_SOCK"; do
    [ -S "$sock" ] || continue
    DOCKER_HOST="unix://$sock" "$compose129" -p bench5 -f "${project:-/nonexistent}/compose.yaml" down -v -t 1 >/dev/null 2>&1 || true
    local ids; ids="$($docker -H "unix://$sock" ps -aq 2>/dev/null || true)"
    [ -z "$ids" ] || $docker -H "unix://$sock" rm -f $ids >/dev/null 2>&1 || true
  done
}

# Bridges and address space of this run's own, apart from other daemons on the machine
r=$(( $$ % 40 ))
. "$bench_top/scripts/jdk.sh"; berth_find_jdk >/dev/null
"$bench_top/scripts/mkimage-busybox" --tar-only "$bench_tmp/busybox.tar" >/dev/null
start_berthd --bridge "bcb$(printf %06x $$)" --bip "10.$((150 + r)).255.1/24" --default-address-pool "base=10.$((150 + r)).0.0/16"
start_dockerd --default-address-pool "base=10.$((190 + r)).0.0/16,size=24"
$docker "${B[@]}" import -c 'CMD ["sh"]' "$bench_tmp/busybox.tar" busybox:latest >/dev/null
$docker "${D[@]}" import -c 'CMD ["sh"]' "$bench_tmp/busybox.tar" busybox:latest >/dev/null

project="$bench_tmp/bench5"
mkdir -p "$project"
port=$(( 29000 + $$ % 1000 ))
cat >"$project/compose.yaml" <<EOF
# bench/compose.sh: 5 services, one network, one named volume, depends_on chains, a published port
version: "3.8"
x-svc: &svc
  image: busybox:latest
  command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
services:
  db:
    <<: *svc
    volumes: [data:/data]
    environment: {ROLE: db}
  cache:
    <<: *svc
    environment: {ROLE: cache}
  api:
    <<: *svc
    depends_on: [db, cache]
    environment: {ROLE: api, DB_HOST: db}
  worker:
    <<: *svc
    depends_on: [db]
    environment: {ROLE: worker}
  web:
    <<: *svc
    depends_on: [api]
    ports: ["127.0.0.1:$port:80"]
    environment: {ROLE: web}
volumes:
  data:
EOF

# one client against one daemon: c_<name> ARGS... runs the compose command
c_berth_berthd() { BERTH_HOST="unix://$BERTH_SOCK" "$berth" compose -p bench5 -f "$project/compose.yaml" "$@"; }
c_129_docker() { DOCKER_HOST="unix://$DOCKER_SOCK" "$compose129" -p bench5 -f "$project/compose.yaml" "$@"; }
c_berth_docker() { BERTH_HOST="unix://$DOCKER_SOCK" "$berth" compose -p bench5 -f "$project/compose.yaml" "$@"; }
c_129_berthd() { DOCKER_HOST="unix://$BERTH_SOCK" "$compose129" -p bench5 -f "$project/compose.yaml" "$@"; }
c_v2_docker() { $docker "${D[@]}" compose -p bench5 -f "$project/compose.yaml" "$@"; }
pairs=(berth_berthd 129_docker berth_docker 129_berthd)
declare -A label=([berth_berthd]="berth compose -> berthd" [129_docker]="docker-compose 1.29 -> Docker 20.10"
  [berth_docker]="berth compose -> Docker 20.10" [129_berthd]="docker-compose 1.29 -> berthd" [v2_docker]="docker compose v2 -> Docker 20.10")
if $docker compose version >/dev/null 2>&1; then pairs+=(v2_docker); fi

running() { local sock=$BERTH_SOCK; case "$1" in *_docker) sock=$DOCKER_SOCK ;; esac
  $docker -H "unix://$sock" ps -q --filter label=com.docker.compose.project=bench5 | wc -l; }
must() { local out; out="$("$@" 2>&1)" || { echo "bench: failed: $*" >&2; echo "$out" >&2; exit 1; }; }

# warm-up: one cycle each (page cache, JIT of the daemon)
for p in "${pairs[@]}"; do must "c_$p" up -d; must "c_$p" down -v -t 1; done

declare -A T
for i in $(seq 1 "$RUNS"); do
  for p in "${pairs[@]}"; do
    T[$p.up]+="$(time_ms "c_$p" up -d) "
    [ "$(running "$p")" = 5 ] || { echo "bench: ${label[$p]}: not 5 containers running after up -d" >&2; "c_$p" ps >&2; exit 1; }
    T[$p.again]+="$(time_ms "c_$p" up -d) "
    T[$p.down]+="$(time_ms "c_$p" down -v) "
    [ "$(running "$p")" = 0 ] || { echo "bench: ${label[$p]}: containers left after down -v" >&2; exit 1; }
  done
done

med() { printf '%s\n' $1 | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "berth $(git -C "$bench_top" rev-parse --short HEAD 2>/dev/null || echo '?') vs Docker $(/usr/sbin/dockerd --version | awk '{print $3}' | tr -d ,)," \
  "docker-compose $("$compose129" version --short 2>/dev/null); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg);" \
  "median of $RUNS runs (ms); ratio = berth compose + berthd / that row (< 1: berth faster)"
printf "%-36s %8s %6s %12s %6s %8s %6s\n" "client -> daemon" "up -d" "ratio" "up -d again" "ratio" "down -v" "ratio"
for p in "${pairs[@]}"; do
  awk -v n="${label[$p]}" -v u="$(med "${T[$p.up]}")" -v a="$(med "${T[$p.again]}")" -v d="$(med "${T[$p.down]}")" \
    -v bu="$(med "${T[berth_berthd.up]}")" -v ba="$(med "${T[berth_berthd.again]}")" -v bd="$(med "${T[berth_berthd.down]}")" \
    'BEGIN { printf "%-36s %8d %6.2f %12d %6.2f %8d %6.2f\n", n, u, bu / u, a, ba / a, d, bd / d }'
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
