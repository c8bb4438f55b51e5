#!/usr/bin/env bash
# A runnable jar's drain with no bridge: each framework example runs on the host with
# sandbox-runner/src/main/c/listen.c preloaded, so the app's own server listens on a Unix socket, under
# CONNECTIONS keep-alive connections of GET / for SECONDS (bench/bridge/DrainLoad.java, the load
# and the app in one JVM); half way through the library is told to drain. Counts the requests, the
# failed ones, the answers after the drain that said Connection: close and those that did not, and
# the connections the app still held once the load was gone.
#
#   bench/listen-drain.sh [seconds] [connections]   (default 8 8)
#
# Needs the examples built (./mvnw -q -DskipTests package), python3 and Java 25
# (JAVA_HOME, else java on the PATH). Writes the figures to docs/benchmarks/listen-drain.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-8} conns=${2:-8}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
apps=(hello-runnable spring-boot-4 spring-boot-3 quarkus vertx micronaut javalin helidon)
# shellcheck source=bench/lib/needs.sh
. bench/lib/needs.sh
needs sandbox-runner/target/paddock-listen.so python3 $(for app in "${apps[@]}"; do echo "examples/$app/target/$app.jar"; done)
data=$(mktemp -d -t paddock.XXXXXX)
trap 'rm -rf "$data"' EXIT
# What java -jar would take from the manifest and a class path launch does not: Add-Opens.
opens() {
  python3 - "$1" <<'PY'
import sys, zipfile
manifest = zipfile.ZipFile(sys.argv[1]).read("META-INF/MANIFEST.MF").decode().replace("\r\n ", "").replace("\n ", "")
for line in manifest.splitlines():
    if line.startswith("Add-Opens:"):
        print(" ".join(f"--add-opens={p}=ALL-UNNAMED" for p in line.split(":", 1)[1].split()))
PY
}
: >"$data/rows"
for app in "${apps[@]}"; do
  jar=examples/$app/target/$app.jar socket=$data/$app.sock
  # shellcheck disable=SC2046
  line=$(LD_PRELOAD=$PWD/sandbox-runner/target/paddock-listen.so PADDOCK_SOCKET=$socket PORT=18399 \
    "$java" -Xmx256m $(opens "$jar") -cp "$jar" \
    bench/bridge/DrainLoad.java "$jar" "$socket" "$seconds" "$conns" 2>"$data/$app.err" | sed -n "s/^drain-result //p")
  [ -n "$line" ] || { echo "$app gave no result: $(tail -5 "$data/$app.err")" >&2; exit 1; }
  read -r requests errors closing kept open <<<"$line"
  echo "$app: $requests requests, $errors failed; after the drain $closing answers said Connection: close, $kept did not; $open connections left"
  echo "| $app | $requests | $errors | $closing | $kept | $open |" >>"$data/rows"
done
out=docs/benchmarks/listen-drain.md
{
  echo "# A runnable jar's drain on its own Unix socket"
  echo
  echo "\`bench/listen-drain.sh $seconds $conns\` on $(date -u +%Y-%m-%d): $(nproc) cores"
  echo "($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $("$java" -version 2>&1 | head -1)."
  echo
  echo "Each framework example runs on the host with the sandbox's listener library preloaded"
  echo "(\`sandbox-runner/src/main/c/listen.c\`): the socket the app binds to \`\$PORT\` is a Unix socket, and the"
  echo "app's own server answers on it, as in a sandbox (\`socket-hop.md\`). In the same JVM, $conns keep-alive connections send \`GET /\` for $seconds s, each"
  echo "opening a new connection after an answer that says \`Connection: close\`, as the edge does; half"
  echo "way through, the library is told to drain (\`drain\` on its control socket):"
  echo "from then on it adds \`Connection: close\` to the next request on each connection, and to the"
  echo "answer when the app's server does not say it itself. The jar's main runs from the class path,"
  echo "with the \`Add-Opens\` of its manifest."
  echo
  echo "| example | requests | failed | answers after the drain saying close | not saying it | connections left |"
  echo "|---|---:|---:|---:|---:|---:|"
  cat "$data/rows"
} >"$out"
echo "wrote $out"
