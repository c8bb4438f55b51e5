#!/usr/bin/env bash
# Scale-to-zero: how long a request to a sleeping app waits for its first byte, from each tier of
# sleep. Two apps, the hello handler and the Spring Boot 4 example, each set to sleep after 1 s
# idle; each round waits until the app sleeps with its sandbox paused and times one GET through
# the httpd edge with curl (time to first byte: the activator holds it while the reconciler thaws
# the sandbox and switches the slot back), then waits until the paused sandbox is removed
# (PAUSED_FOR, 15 s here) and times a wake from stopped (a new sandbox started, health-gated).
# Beside them, in the same run: a bare `docker start` of a created container of the same sandbox
# image and a bare `docker unpause` of a paused one (until the command returns), the floors.
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
# A sleeping app's sandboxes stay paused this long, then go: both tiers are measured in one run.
paused_for=${PAUSED_FOR:-15s}
export PADDOCK_IDLE_PAUSED_FOR=$paused_for PADDOCK_RECONCILE_INTERVAL=2s
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
# Waits until the app sleeps with its sandboxes in the tier asked for: paused (frozen, kept) or
# stopped (none left).
asleep() {
  local deadline=$((SECONDS + 180)) filter="label=paddock.managed-by=$name"
  until [ "$(call "$api/sleepy/apps/$1" | jq -r .status)" = asleep ] \
      && [ -z "$(docker ps -q --filter "$filter" --filter "label=paddock.app=$1" --filter status=running)" ] \
      && if [ "$2" = paused ]; then
           [ -n "$(docker ps -q --filter "$filter" --filter "label=paddock.app=$1" --filter status=paused)" ]
         else
           [ -z "$(docker ps -aq --filter "$filter" --filter "label=paddock.app=$1")" ]
         fi; do
    [ $SECONDS -lt $deadline ] || { echo "$1 did not fall asleep ($2)" >&2; tail -20 "$data/control-plane.log" >&2; exit 1; }
    sleep 0.2
  done
}
wake() {
  curl -s -o /dev/null -w '%{time_starttransfer} %{http_code}\n' --max-time 120 \
    -H "Host: $1.sleepy.localhost" "$edge/" | awk '{ printf "%d %s\n", $1 * 1000, $2 }'
}

call -X PUT "$api/sleepy/apps/hello/idle" -d '{"sleepAfter":"PT1S"}' >/dev/null
call -X PUT "$api/sleepy/apps/boot/idle" -d '{"sleepAfter":"PT1S"}' >/dev/null
: >"$data/hello" && : >"$data/boot" && : >"$data/hello-paused" && : >"$data/boot-paused"
: >"$data/docker" && : >"$data/unpause"
# Wakes the app (from whichever tier), then times a wake from each: it sleeps again 1 s later.
measure() {
  wake "$1" >/dev/null
  asleep "$1" paused && wake "$1" | tee -a "$data/$1-paused"
  asleep "$1" stopped && wake "$1" | tee -a "$data/$1"
}
for ((i = 0; i < rounds; i++)); do
  measure hello
  if ((i % 2 == 0)); then measure boot; fi
  container=$(docker create --network none "$image")
  start=$(now_ms) && docker start "$container" >/dev/null && echo $(( $(now_ms) - start )) | tee -a "$data/docker"
  docker pause "$container" >/dev/null
  start=$(now_ms) && docker unpause "$container" >/dev/null && echo $(( $(now_ms) - start )) | tee -a "$data/unpause"
  docker rm -f "$container" >/dev/null
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
failed=$(cat "$data/hello" "$data/boot" "$data/hello-paused" "$data/boot-paused" | awk '$2 != 200' | wc -l)
woke=$(call "$api/sleepy/apps/hello/events" | jq -r '[.[] | select(.type == "app.woke")][0].message')

summary() { awk '{ print $1 }' "$1" | sort -n | awk '{ a[NR] = $1 } END { printf "%d | %d | %d | %d", NR, a[int((NR + 1) / 2)], a[1], a[NR] }'; }
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
memory=$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
{
  echo "# Wake from sleep: time to first byte"
  echo
  echo "\`bench/wake.sh $rounds\` on $(date -u +%F) at $(git rev-parse --short HEAD): $(nproc) cores ($cpu),"
  echo "$memory. Load average $load before, $load_after after. Each app sleeps after 1 s idle; its"
  echo "sandbox is paused, and removed after $paused_for (\`paddock.idle.paused-for\`). One GET through"
  echo "the httpd edge is then held by the control plane's activator on the app's own socket while the"
  echo "reconciler thaws the paused sandbox (paused tier) or starts a new one (stopped tier), waits"
  echo "until it is healthy and switches the slot; curl's time to first byte. Limits: 512 MiB, 1 CPU."
  echo "Answers other than 200: $failed. The control plane's own record of the last hello wake: \"$woke\"."
  echo
  echo "| what | runs | p50 ms | min ms | max ms |"
  echo "|---|---:|---:|---:|---:|"
  echo "| hello handler: wake from paused to first byte | $(summary "$data/hello-paused") |"
  echo "| hello handler: wake from stopped to first byte | $(summary "$data/hello") |"
  echo "| Spring Boot 4 example: wake from paused to first byte | $(summary "$data/boot-paused") |"
  echo "| Spring Boot 4 example: wake from stopped to first byte | $(summary "$data/boot") |"
  echo "| bare \`docker start\` of a created container of the sandbox image (command returns) | $(summary "$data/docker") |"
  echo "| bare \`docker unpause\` of a paused container of the sandbox image (command returns) | $(summary "$data/unpause") |"
} >docs/benchmarks/wake.md
cat docs/benchmarks/wake.md
