#!/usr/bin/env bash
# The hello-handler app through Paddock's managed httpd edge over HTTP/1.1, HTTP/1.1 over TLS and
# HTTP/2 over TLS, side by side, with its certificate from a private ACME server (Debian's pebble)
# as a public CA would give it. Every case runs once per round, in an order rotated each round,
# after a warm-up of each case; h2load drives all three (keep-alive connections; for HTTP/2, each
# connection carries `streams` requests at once).
#
#   bench/tls.sh [rounds] [seconds] [connections] [streams]   (default 3 10 32 1)
#
# RENEW=N instead renews under load: pebble issues certificates valid for 60 s, httpd renews them
# at half their life (checked every 2 s) and the control plane activates each with a graceful
# reload, while h2load sends keep-alive HTTPS requests for N seconds; it prints h2load's failed
# requests and status codes and each certificate serial the edge served meanwhile.
#
# Runs as root. Needs ./paddock test's setup, a build (./mvnw -q -DskipTests package) and the
# Debian packages pebble, nghttp2-client (h2load), openssl, jq and curl.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3} seconds=${2:-10} conns=${3:-32} streams=${4:-1} warmup=${WARMUP:-3}
: "${JAVA_HOME:=/usr/lib/jvm/temurin-25-jdk-amd64}"
jar=control-plane/target/paddock.jar
example=examples/hello-handler/target/hello-handler.jar
source bench/lib/needs.sh
needs "$jar" "$example" pebble h2load openssl jq curl python3 docker

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR == 0 ? "-" : NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# The ACME server, with a certificate for its own API.
acme=$(mktemp -d /tmp/pebble.XXXXXX)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$acme/key.pem" -out "$acme/cert.pem" 2>/dev/null
acme_port=$(free_port) acme_admin=$(free_port) validity=
[ -z "${RENEW:-}" ] || validity=', "certificateValidityPeriod": 60'
cat >"$acme/pebble.json" <<JSON
{"pebble": {"listenAddress": "127.0.0.1:$acme_port", "managementListenAddress": "127.0.0.1:$acme_admin",
 "certificate": "$acme/cert.pem", "privateKey": "$acme/key.pem", "httpPort": $(free_port),
 "tlsPort": $(free_port), "ocspResponderURL": "", "externalAccountBindingRequired": false$validity}}
JSON
PEBBLE_VA_ALWAYS_VALID=1 PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 \
  pebble -config "$acme/pebble.json" -strict=false >"$acme/pebble.log" 2>&1 &
pebble_pid=$!
stop_pebble() { kill "$pebble_pid" 2>/dev/null || true; rm -rf "$acme"; }
trap stop_pebble EXIT
until curl -s --cacert "$acme/cert.pem" "https://127.0.0.1:$acme_port/dir" >/dev/null; do sleep 0.1; done

https_port=$(free_port)
export PADDOCK_EDGE_HTTPS_PORT=$https_port
export PADDOCK_EDGE_ACME_DIRECTORY=https://127.0.0.1:$acme_port/dir
export PADDOCK_EDGE_ACME_CA_CERTIFICATE=$acme/cert.pem PADDOCK_EDGE_ACME_EMAIL=bench@example.com
export PADDOCK_EDGE_ACME_CHECK_INTERVAL=1s
if [ -n "${RENEW:-}" ]; then
  export PADDOCK_EDGE_ACME_RENEW_WINDOW=50% PADDOCK_EDGE_ACME_RENEW_CHECK_INTERVAL=2s
fi
source bench/lib/paddock.sh
trap 'cleanup; stop_pebble' EXIT
# Stopped by a signal (a timeout, Ctrl-C): clean up all the same.
trap 'exit 143' INT TERM

call -X POST "$api" -d '{"name":"bench"}' >/dev/null
call -X POST "$api/bench/apps" -d '{"name":"hello","limits":{"cpus":2}}' >/dev/null
app=$api/bench/apps/hello
upload "$app" "$example"
rollout "$app" deploys
host=hello.bench.localhost
deadline=$((SECONDS + 60))
until [ "$(call "$app/https" | jq -r '.names[0].certificate')" = active ]; do
  [ $SECONDS -lt $deadline ] || { echo "no certificate: $(call "$app/https")" >&2; exit 1; }
  sleep 0.5
done
# Plain HTTP is measured too: no redirect.
call -X PUT "$app/https" -d '{"httpsOnly": false}' >/dev/null
sleep 2
curl -s --cacert <(curl -s --cacert "$acme/cert.pem" "https://127.0.0.1:$acme_admin/roots/0") \
  --resolve "$host:$https_port:127.0.0.1" -o /dev/null -w 'https: %{http_code} over HTTP/%{http_version}\n' \
  "https://$host:$https_port/"

if [ -n "${RENEW:-}" ]; then
  root=$data/pebble-root.pem
  curl -s --cacert "$acme/cert.pem" "https://127.0.0.1:$acme_admin/roots/0" >"$root"
  serial() {
    openssl s_client -connect "127.0.0.1:$https_port" -servername "$host" -CAfile "$root" \
      </dev/null 2>/dev/null | openssl x509 -noout -serial 2>/dev/null | cut -d= -f2
  }
  echo "first serial: $(serial); load before: $load"
  # h2load, not wrk: it sends the name in SNI (--connect-to keeps it) and reconnects when httpd
  # closes a connection at a reload.
  h2load --h1 -c "$conns" -D "$RENEW" --connect-to 127.0.0.1 "https://$host:$https_port/" \
    >"$data/h2load.out" 2>&1 &
  load_pid=$!
  : >"$data/serials"
  while kill -0 "$load_pid" 2>/dev/null; do serial >>"$data/serials"; sleep 2; done
  wait "$load_pid" || { tail -5 "$data/h2load.out" >&2; exit 1; }
  grep -E "^finished in|^requests:|^status codes:" "$data/h2load.out"
  echo "serials served during the run: $(grep . "$data/serials" | uniq | tr '\n' ' ')"
  echo "renewals recorded: $(call "$app/events" | jq '[.[] | select(.type == "certificate.renewed")] | length')"
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

# One case: $1 its name, $2 seconds; prints "req/s mean-ms max-ms".
run() {
  local url args=(-c "$conns" -D "$2" --connect-to "127.0.0.1")
  case $1 in
    http) url="http://$host:$edge_port/" args+=(--h1) ;;
    h1-tls) url="https://$host:$https_port/" args+=(--h1) ;;
    h2-tls) url="https://$host:$https_port/" args+=(-m "$streams") ;;
  esac
  h2load "${args[@]}" "$url" >"$data/h2load.out" 2>&1 || { tail -5 "$data/h2load.out" >&2; exit 1; }
  awk '
    /^finished in/ {rps = $4}
    /^requests:/ {failed = $10; errored = $12}
    /^time for request:/ {mean = $6; max = $5}
    END {print rps, mean, max, failed + errored}' "$data/h2load.out"
}

cases=(http h1-tls h2-tls)
for c in "${cases[@]}"; do run "$c" "$warmup" >/dev/null; done
declare -A rps
for ((r = 0; r < rounds; r++)); do
  for ((i = 0; i < ${#cases[@]}; i++)); do
    c=${cases[$(((i + r) % ${#cases[@]}))]}
    read -r got mean max bad < <(run "$c" "$seconds")
    echo "round $((r + 1)) $c: $got req/s, mean $mean, max $max, failed $bad"
    rps[$c]+="$got "
  done
done
echo "medians over $rounds rounds of ${seconds}s, $conns connections (load before: $load):"
for c in "${cases[@]}"; do
  printf '  %-7s %s req/s\n' "$c" "$(tr ' ' '\n' <<<"${rps[$c]}" | grep . | median)"
done
