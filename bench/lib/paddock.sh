# shellcheck shell=bash disable=SC2034
: "${jar:?set jar to the control plane jar before sourcing bench/lib/paddock.sh}"
# Sourced by the benchmarks that run their own control plane: starts one from the built jar with
# its own data dir, name, admin token and ports, and stops it and everything it made on exit.
# Defines: data, load, start_args, name, admin, api (…/api/v1/tenants), edge, api_port, edge_port,
# background (pids the caller starts, killed on exit), httpd_pids and the helpers below.
# Needs $jar (the control plane's jar) and $JAVA_HOME; $engine_host, if set, is the Docker
# endpoint the control plane uses (the benchmark's own commands keep the default).

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# Reads at a fixed rate (bench/lib/OpenLoop.java), its JVM on C1 and the serial collector: the
# reader's own compiling and collecting take little of the cores it shares with what it measures.
open_loop() { "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC bench/lib/OpenLoop.java "$@"; }

load=$(cut -d' ' -f1-3 /proc/loadavg)
# A short path: the apps' sockets go under <data dir>/run, which may take 65 characters at most.
data=$(mktemp -d /tmp/paddock.XXXXXX) && chmod 755 "$data"
# A copy, so that a rebuild while the benchmark runs cannot change the jar under the running JVM.
cp "$jar" "$data/paddock.jar"
api_port=$(free_port) edge_port=$(free_port) name="bench$$" admin="bench-$RANDOM$RANDOM"
# The java arguments that start it: the jar as it is, on the collector bin/control-plane-start
# chooses ($CONTROL_PLANE_GC to change it), after $CONTROL_PLANE_OPTS (JVM options) if set; the
# caller may set others before a restart.
read -ra start_args <<<"${CONTROL_PLANE_GC--XX:+UseZGC} ${CONTROL_PLANE_OPTS:-} -jar $data/paddock.jar"
# Starts the control plane (again, after a kill: same data dir, name and ports); sets cp_pid.
start_control_plane() {
  DOCKER_HOST=${engine_host:-${DOCKER_HOST:-unix:///var/run/docker.sock}} \
    PADDOCK_DATA_DIR=$data PADDOCK_NAME=$name PADDOCK_ADMIN_TOKEN=$admin SERVER_PORT=$api_port \
    PADDOCK_EDGE_PORT=$edge_port PADDOCK_EDGE_HTTPD_STOP_ON_EXIT=true PADDOCK_METRICS_INTERVAL=${PADDOCK_METRICS_INTERVAL:-1s} \
    "$JAVA_HOME/bin/java" "${start_args[@]}" >>"$data/control-plane.log" 2>&1 &
  cp_pid=$!
}
# Waits until the control plane's API answers.
await_control_plane() {
  until curl -sf "http://127.0.0.1:$api_port/actuator/health" >/dev/null; do
    kill -0 "$cp_pid" 2>/dev/null || { tail -20 "$data/control-plane.log" >&2; exit 1; }
    sleep 0.2
  done
}
start_control_plane
background=()
httpd_pids() { pgrep -f -- "-f $data/httpd/httpd.conf( |\$)" || true; }
cleanup() {
  local pid
  for pid in "${background[@]}"; do kill "$pid" 2>/dev/null || true; done
  if kill "$cp_pid" 2>/dev/null; then wait "$cp_pid" 2>/dev/null || true; fi
  # A control plane that stopped uncleanly leaves its httpd serving.
  httpd_pids | xargs -r kill 2>/dev/null || true
  docker ps -aq --filter "label=paddock.managed-by=$name" | xargs -r docker rm -f >/dev/null
  docker images -q --filter "label=paddock.managed-by=$name" | xargs -r docker rmi -f >/dev/null 2>&1 || true
  docker network ls -q --filter "label=paddock.managed-by=$name" | xargs -r docker network rm >/dev/null 2>&1 || true
  # Its egress chains stay when a control plane stops (its sandboxes would run on): not a bench's.
  local chain=${name^^}-EGRESS cmd c
  for cmd in iptables ip6tables; do
    for c in DOCKER-USER FORWARD; do while "$cmd" -D "$c" -j "$chain" 2>/dev/null; do :; done; done
    while "$cmd" -D INPUT -j "$chain-HOST" 2>/dev/null; do :; done
    for c in "$chain" "$chain-POLICY" "$chain-HOST"; do
      "$cmd" -F "$c" 2>/dev/null || true
      "$cmd" -X "$c" 2>/dev/null || true
    done
  done
  # As root each app's socket directory is a tmpfs of its own, which outlives the control plane.
  findmnt -rn -o TARGET | grep "^$data/" | xargs -r umount -l 2>/dev/null || true
  rm -rf "$data"
}
trap cleanup EXIT

api="http://127.0.0.1:$api_port/api/v1/tenants" edge="http://127.0.0.1:$edge_port"
call() { curl -sf -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' "$@"; }
await_control_plane

# Starts a rollout ($2: deploys or restart) of the app at $1 and waits until it is live.
rollout() {
  local app=$1 path=$2 code id status deadline=$((SECONDS + ${ROLLOUT_TIMEOUT:-300})) answer
  # A file of its own: rollouts of several apps may run side by side.
  answer=$(mktemp -p "$data" answer.XXXXXX)
  # 409 means a rollout of this app is still pending: try again.
  while code=$(curl -s -o "$answer" -w '%{http_code}' -X POST -H "Authorization: Bearer $admin" \
      -H 'Content-Type: application/json' "$app/$path") \
      && [ "$code" = 409 ] && [ $SECONDS -lt $deadline ]; do
    sleep 0.2
  done
  [ "$code" = 202 ] || { echo "POST $path: HTTP $code $(head -c 300 "$answer")" >&2; exit 1; }
  id=$(jq -er .id "$answer") status=pending
  rm -f "$answer"
  while [ "$status" = pending ] && [ $SECONDS -lt $deadline ]; do
    sleep 0.2
    # The same URL also streams server-sent events: ask for JSON explicitly.
    status=$(call -H 'Accept: application/json' "$app/deploys/$id" | jq -r .status) || status=pending
  done
  [ "$status" = live ] || { echo "$path ended $status" >&2; tail -20 "$data/control-plane.log" >&2; exit 1; }
}
upload() {
  call -X POST "$1/releases" -H 'Content-Type: application/java-archive' --data-binary "@$2" >/dev/null
}
# Waits until the host $1 (app.tenant) answers 200 through httpd.
answers() {
  local deadline=$((SECONDS + 30))
  until curl -sf -o /dev/null -H "Host: $1.localhost" "$edge/"; do
    [ $SECONDS -lt $deadline ] || { echo "$1 does not answer through httpd" >&2; exit 1; }
    sleep 0.1
  done
}
