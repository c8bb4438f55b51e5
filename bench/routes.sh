#!/usr/bin/env bash
# Routes at scale on Paddock: a control plane and its managed httpd with 10, 1,000 and 10,000
# registered apps (created through the API, none deployed; each has its route, which answers its
# 503 page), and two deployed hello handlers, `one` and `neighbour` (2 CPUs each, as in
# bench/throughput.sh: the edge, not the app, is what is measured). At each count:
#   create    the API's create call (p50, p99 of the creates that brought the count up, 4 at once)
#   served    a new app's create call returning → its name routed by the edge (its 503 page instead
#             of the unknown names' 404), median and worst of 5
#   httpd     the memory of all httpd's processes (PSS), idle
#   one       req/s of `one` through the edge (wrk, 4 connections, 10 s)
#   neighbour p99 of `neighbour` under load (wrk, 4 connections), quiet (20 s) and for 30 s from
#             the start of 100 apps created then deleted (4 calls at once), with how long those
#             took and how many httpd reloads they cost
#
# Twice, one control plane each: with the route map (apps of one instance are entries of it, the
# default) at every count, and, as the baseline, with a virtual host per app
# (paddock.edge.httpd.route-map=false, what Paddock wrote before) up to 1,000 apps.
#
#   bench/routes.sh [counts...]      (default 10 1000 10000)
#
# Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package), wrk, jq and curl. Prints the
# figures and writes them, with the machine's figures, to docs/benchmarks/routes.md.
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("${@:-10 1000 10000}")
read -r -a counts <<<"${counts[*]}"
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
hello_jar=examples/hello-handler/target/hello-handler.jar
# shellcheck source=bench/lib/needs.sh
source bench/lib/needs.sh
needs "$jar" "$hello_jar" jq curl wrk python3 docker
if [ -z "${ROUTE_MAP:-}" ]; then
  rows=$(mktemp)
  small=()
  for count in "${counts[@]}"; do [ "$count" -le 1000 ] && small+=("$count"); done
  ROUTE_MAP=false ROWS=$rows "$PWD/bench/routes.sh" "${small[@]}"
  ROUTE_MAP=true ROWS=$rows "$PWD/bench/routes.sh" "${counts[@]}"
  out=docs/benchmarks/routes.md
  {
    echo "# Routes at scale (bench/routes.sh)"
    echo
    echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ { print $2 }') GiB, $(uname -r), load before: $(cut -d' ' -f1-3 /proc/loadavg);"
    echo "$(/usr/sbin/apache2 -v | head -1 | sed 's/Server version: //'), event MPM; $(date -u +%Y-%m-%d)."
    echo
    echo "A control plane and its managed httpd with N registered apps (created through the API, none"
    echo "deployed: each has its route, answering its 503 page) and two deployed hello handlers (2 CPUs"
    echo "each). \`map\`: apps of one instance over plain HTTP are entries of the edge's route map (the"
    echo "default; README, How it fits together); \`vhosts\`: a virtual host per app"
    echo "(\`paddock.edge.httpd.route-map=false\`), the baseline, up to 1,000 apps."
    echo
    echo "- create: the API's create call, p50 / p99, over the creates that brought the count up (4 at once)"
    echo "- served: from a new app's create call returning to its name routed by the edge, median / worst of 5"
    echo "- httpd: PSS of all its processes, idle; one: req/s of one app through the edge (wrk -c4, 10 s)"
    echo "- neighbour p99: another app under wrk -c4, quiet (20 s), then for 30 s from the start of 100"
    echo "  apps created then deleted, 4 calls at once (how long the 200 calls took, how many httpd reloads)"
    echo
    echo "| routes | apps | create | served | httpd | one (req/s) | neighbour p99, quiet | neighbour p99, 100 apps created and deleted |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
    cat "$rows"
  } >"$out"
  rm -f "$rows"
  echo "wrote $out"
  exit
fi
export PADDOCK_EDGE_HTTPD_ROUTE_MAP=$ROUTE_MAP
mode=$([ "$ROUTE_MAP" = true ] && echo map || echo vhosts)
# shellcheck source=bench/lib/paddock.sh
source bench/lib/paddock.sh

call -X POST "$api" -d '{"name":"rt","quota":{}}' >/dev/null
for app in one neighbour; do
  call -X POST "$api/rt/apps" -d "{\"name\":\"$app\",\"limits\":{\"cpus\":2}}" >/dev/null
  upload "$api/rt/apps/$app" "$hello_jar" && rollout "$api/rt/apps/$app" deploys
  answers "$app.rt"
done

# Creates the apps named $1<from>…$1<to>, 4 at once; prints each call's seconds.
create_apps() {
  seq "$2" "$3" | xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
    -X POST -H "Authorization: Bearer $admin" -H 'Content-Type: application/json' \
    "$api/rt/apps" -d "{\"name\":\"$1{}\"}" \
    | awk '$1 != 201 { print "create: HTTP " $1 > "/dev/stderr"; exit 1 } { print $2 }'
}
percentile() { sort -n | awk -v p="$1" '{ a[NR] = $1 } END { i = int(NR * p / 100 + 0.999); if (i < 1) i = 1; print a[i] }'; }
status() { curl -s -o /dev/null -w '%{http_code}' -H "Host: $1.rt.localhost" "$edge/"; }
# PSS of every httpd process, MiB.
httpd_mib() {
  httpd_pids | while read -r pid; do awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup" 2>/dev/null; done \
    | awk '{ kb += $1 } END { printf "%.0f", kb / 1024 }'
}
# A latency from wrk's distribution ($1: 50%, 99%), in ms.
wrk_ms() {
  awk -v p="$1" '$1 == p { v = $2; u = v; gsub(/[0-9.]/, "", u); gsub(/[a-z]/, "", v)
    print (u == "us" ? v / 1000 : u == "s" ? v * 1000 : v) }'
}
reloads() { grep -c 'Doing graceful restart' "$data/httpd/logs/error.log" || true; }

registered=0 churned=0
for count in "${counts[@]}"; do
  if [ "$count" -gt "$registered" ]; then
    started=$(now_ms)
    creates=$(create_apps a $((registered + 1)) "$count")
    registered=$count
    echo "$count apps registered in $(( ($(now_ms) - started) / 1000 )) s"
  else
    creates=0
  fi
  create_p50=$(echo "$creates" | percentile 50 | awk '{ printf "%.0f", $1 * 1000 }')
  create_p99=$(echo "$creates" | percentile 99 | awk '{ printf "%.0f", $1 * 1000 }')
  served=()
  for i in 1 2 3 4 5; do
    probe="p$count-$i"
    call -X POST "$api/rt/apps" -d "{\"name\":\"$probe\"}" >/dev/null
    t0=$(now_ms)
    until [ "$(status "$probe")" = 503 ]; do
      [ $(( $(now_ms) - t0 )) -lt 60000 ] || { echo "$probe not routed after 60 s" >&2; exit 1; }
      sleep 0.01
    done
    served+=($(( $(now_ms) - t0 )))
    call -X DELETE "$api/rt/apps/$probe" >/dev/null
  done
  served_p50=$(printf '%s\n' "${served[@]}" | percentile 50)
  served_max=$(printf '%s\n' "${served[@]}" | sort -n | tail -1)
  sleep 5
  mib=$(httpd_mib)
  one=$(wrk -t2 -c4 -d10s -H "Host: one.rt.localhost" "$edge/" | awk '/Requests\/sec/ { printf "%.0f", $2 }')
  quiet=$(wrk -t2 -c4 -d20s --latency -H "Host: neighbour.rt.localhost" "$edge/" | wrk_ms 99%)
  before=$(reloads)
  # 100 apps created, then deleted, 4 calls at once, while wrk runs.
  (
    t0=$(now_ms)
    seq 1 100 | xargs -P 4 -I{} curl -sf -o /dev/null -X POST -H "Authorization: Bearer $admin" \
      -H 'Content-Type: application/json' "$api/rt/apps" -d "{\"name\":\"c$count-{}\"}"
    seq 1 100 | xargs -P 4 -I{} curl -sf -o /dev/null -X DELETE -H "Authorization: Bearer $admin" \
      "$api/rt/apps/c$count-{}"
    echo $(( $(now_ms) - t0 )) >"$data/churned"
  ) &
  churner=$!
  background+=("$churner")
  busy=$(wrk -t2 -c4 -d30s --latency -H "Host: neighbour.rt.localhost" "$edge/" | wrk_ms 99%)
  wait "$churner"
  churned=$(awk '{ printf "%.1f", $1 / 1000 }' "$data/churned")
  reloaded=$(( $(reloads) - before ))
  row="| $mode | $count | $create_p50 / $create_p99 ms | $served_p50 / $served_max ms | $mib MiB | $one | $quiet ms | $busy ms (in $churned s, $reloaded reloads) |"
  echo "$row"
  echo "$row" >>"$ROWS"
done

