#!/usr/bin/env bash
# Scale-to-zero: how long a request to a sleeping app waits for its first byte. Two apps, the hello
# handler and the Spring Boot 4 example, each set to sleep after 1 s idle; each round waits until
# the app sleeps (no container runs), then times one GET through the httpd edge with curl (time to
# first byte: the activator holds it while the reconciler starts a sandbox, waits until it is
# healthy and switches the slot). Beside them, in the same run: a bare `docker start` of a created
# container of the same sandbox image (until the command returns), the floor any wake stands on.
#
#   bench/wake.sh [rounds]        (default 10; Spring Boot gets half as many)
#
# Run under `flock -x /tmp/quiet.lock`. Needs ./paddock test's setup, a build
# (./mvnw -q -DskipTests package), jq and curl. Prints the figures and writes them, with the
# machine's figures, to docs/benchmarks/wake.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-10}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
hello_jar=examples/hello-handler/target/hello-handler.jar
boot_jar=examples/spring-boot-4/target/spring-boot-4.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$hello_jar" "$boot_jar" jq curl python3 docker
# Apps here sleep after a second; users get a minute at least.
export PADDOCK_IDLE_MINIMUM=1s
# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh

call -X POST "$api" -d '{"name":"sleepy"}' >/dev/null
for app in hello boot; do
  call -X POST "$api/sleepy/apps" -d "{\"name\":\"$app\",\"limits\":{\"memory\":\"512MiB\",\"cpus\":1}}" >/dev/null
done
upload "$api/sleepy/apps/hello" "$hello_jar" && rollout "$api/sleepy/apps/hello" deploys
upload "$api/sleepy/apps/boot" "$boot_jar" && rollout "$api/sleepy/apps/boot" deploys
answers hello.sleepy && answers boot.sleepy
image=$(docker ps --filter "label=paddock.managed-by=$name" --filter label=paddock.app=hello --format '{{.Image}}' | head -1)

median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
# Waits until the app at $1 sleeps and none of its containers runs.
asleep() {
  local deadline=$((SECONDS + 120))
  until [ "$(call "$api/sleepy/apps/$1" | jq -r .status)" = asleep ] \
      && [ -z "$(docker ps -q --filter "label=paddock.managed-by=$name" --filter "label=paddock.app=$1")" ]; do
    [ $SECONDS -lt $deadline ] || { echo "$1 did not fall asleep" >&2; tail -20 "$data/control-plane.log" >&2; exit 1; }
    sleep 0.2
  done
}
# One wake of the app $1: ms to the first byte of a GET, and its status.
wake() {
  curl -s -o /dev/null -w '%{time_starttransfer} %{http_code}\n' --max-time 120 \
    -H "Host: $1.sleepy.localhost" "$edge/" | awk '{ printf "%d %s\n", $1 * 1000, $2 }'
}

call -X PUT "$api/sleepy/apps/hello/idle" -d '{"sleepAfter":"PT1S"}' >/dev/null
call -X PUT "$api/sleepy/apps/boot/idle" -d '{"sleepAfter":"PT1S"}' >/dev/null
: >"$data/hello" && : >"$data/boot" && : >"$data/docker"
for ((i = 0; i < rounds; i++)); do
  asleep hello && wake hello | tee -a "$data/hello"
  if ((i % 2 == 0)); then asleep boot && wake boot | tee -a "$data/boot"; fi
  container=$(docker create --network none "$image")
  start=$(now_ms) && docker start "$container" >/dev/null && echo $(( $(now_ms) - start )) | tee -a "$data/docker"
  docker rm -f "$container" >/dev/null
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
failed=$(cat "$data/hello" "$data/boot" | awk '$2 != 200' | wc -l)
woke=$(call "$api/sleepy/apps/hello/events" | jq -r '[.[] | select(.type == "app.woke")][0].message')

summary() { awk '{ print $1 }' "$1" | sort -n | awk '{ a[NR] = $1 } END { printf "%d | %d | %d | %d", NR, a[int((NR + 1) / 2)], a[1], a[NR] }'; }
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
{
  echo "# Wake from sleep: time to first byte"
  echo
  echo "\`bench/wake.sh $rounds\` on $(date -u +%F) at $(git rev-parse --short HEAD): $(nproc) cores ($cpu),"
  echo "$memory. Load average $load before, $load_after after. Each app sleeps after 1 s idle (no"
  echo "container left); one GET through the httpd edge is then held by the control plane's activator"
  echo "on the app's own socket while the reconciler starts a sandbox, waits until it is healthy and"
  echo "switches the slot; curl's time to first byte. Limits: 512 MiB, 1 CPU. Answers other than 200:"
  echo "$failed. The control plane's own record of the last hello wake: \"$woke\"."
  echo
  echo "| what | runs | p50 ms | min ms | max ms |"
  echo "|---|---:|---:|---:|---:|"
  echo "| hello handler: wake to first byte | $(summary "$data/hello") |"
  echo "| Spring Boot 4 example: wake to first byte | $(summary "$data/boot") |"
  echo "| bare \`docker start\` of a created container of the sandbox image (command returns) | $(summary "$data/docker") |"
} >docs/benchmarks/wake.md
cat docs/benchmarks/wake.md
