#!/usr/bin/env bash
# Builds the Paddock sandbox image: a Java runtime plus sandbox-runner.jar and its agent.
#
#   sandbox-runner/build-image.sh [--offline] [--rebuild-base] [--tag TAG] [--if-changed]
#
#   --offline       no registry: link a runtime from the local JDK (jlink), import it as the base
#                   image paddock/sandbox-base:<version>-offline, and build on top of it
#   --rebuild-base  with --offline, relink the base even if that image already exists
#   --tag TAG       the image to build (default paddock/sandbox:<project version>)
#   --if-changed    build only when the image's inputs (the Dockerfile and the files the build
#                   context lets in) differ from those of the existing image with that tag
#
# Without --offline the base is eclipse-temurin:25-jre, pulled from a registry.
# JAVA_HOME names the JDK to build and link with; when unset, the Temurin 25 JDK at its standard
# Debian location is used if present.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
started=$SECONDS

log() { printf '==> %s\n' "$*"; }
usage() { sed -n '2,16s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }

offline=false
rebuild_base=false
if_changed=false
tag=""
while [ $# -gt 0 ]; do
  case "$1" in
    --offline) offline=true ;;
    --rebuild-base) rebuild_base=true ;;
    --if-changed) if_changed=true ;;
    --tag) tag="${2:?--tag needs an image name}"; shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

# The project version is the first <version> after the root pom's own artifactId.
version="$(awk '/<artifactId>paddock<\/artifactId>/ { found = 1 }
  found && /<version>/ { gsub(/.*<version>|<\/version>.*/, ""); print; exit }' "$root/pom.xml")"
[ -n "$version" ] || { echo "cannot read the project version from $root/pom.xml" >&2; exit 1; }
tag="${tag:-paddock/sandbox:$version}"

# The modules of the offline base's runtime. jdk.management and jdk.jfr let the runner run the
# JVM's own diagnostic commands (thread dumps, class histograms, flight recordings) in-process.
wanted_modules=(java.se jdk.httpserver jdk.unsupported jdk.crypto.ec jdk.management jdk.jfr jdk.zipfs
  jdk.naming.dns jdk.localedata jdk.charsets jdk.net jdk.security.auth)
# The base's tag names its module list, so a changed list links a new base instead of reusing one
# that lacks a module.
base_tag="paddock/sandbox-base:$version-offline-$(printf '%s\n' "${wanted_modules[@]}" | sha256sum | cut -c1-8)"

if [ -z "${JAVA_HOME:-}" ] && [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

jar="$here/target/sandbox-runner.jar"
agent="$here/target/paddock-agent.jar"
listener="$here/target/paddock-listen.so"
if [ ! -f "$jar" ] || [ ! -f "$agent" ] || [ ! -f "$listener" ]; then
  log "building $jar, $agent and $listener"
  # Formatting is the build's business, not the image's: skip the check here.
  (cd "$root" && ./mvnw -q -pl sandbox-runner -am -DskipTests -Dspotless.check.skip=true package)
fi
chmod 0644 "$jar" "$agent" "$listener"

# Copies a host file into the root filesystem at the same path, following symlinks.
copy_in() {
  [ -e "$rootfs$1" ] || cp -L --parents "$1" "$rootfs"
}

build_offline_base() {
  local java_home="${JAVA_HOME:?JAVA_HOME must name a JDK to link the runtime from}"
  rootfs="$work/rootfs"
  mkdir -p "$rootfs/opt/java"

  local available modules=()
  available="$("$java_home/bin/java" --list-modules | sed 's/@.*//')"
  for module in "${wanted_modules[@]}"; do
    if grep -qx "$module" <<<"$available"; then modules+=("$module"); fi
  done
  local module_list
  module_list="$(IFS=,; echo "${modules[*]}")"

  local options=() plugins
  plugins="$("$java_home/bin/jlink" --help; "$java_home/bin/jlink" --list-plugins)"
  for option in --strip-debug --no-header-files --no-man-pages --generate-cds-archive; do
    if grep -q -- "$option" <<<"$plugins"; then options+=("$option"); fi
  done
  if grep -q 'zip-\[0-9\]' <<<"$plugins"; then options+=(--compress zip-6); else options+=(--compress=2); fi

  log "jlink $module_list (${options[*]})"
  "$java_home/bin/jlink" --add-modules "$module_list" "${options[@]}" \
    --output "$rootfs/opt/java/openjdk" >/dev/null
  # Only used for heaps over 32 GiB, which no sandbox has.
  rm -f "$rootfs/opt/java/openjdk/lib/server/classes_nocoops.jsa"

  log "copying the shared libraries the runtime needs (ldd)"
  local lib
  while read -r lib; do
    copy_in "$lib"
  done < <(find "$rootfs/opt/java/openjdk" -type f \( -name '*.so' -o -perm -u+x \) \
    -exec ldd {} \; 2>/dev/null | grep -oE '(=> )?/[^ ]+' | sed 's/^=> //' \
    | grep -v "^$rootfs" | sort -u)
  # glibc loads these at run time (name and user lookups, unwinding), never through DT_NEEDED.
  for lib in libnss_files.so.2 libnss_dns.so.2 libresolv.so.2 libgcc_s.so.1; do
    for dir in /lib/x86_64-linux-gnu /usr/lib/x86_64-linux-gnu /lib64 /usr/lib64; do
      if [ -e "$dir/$lib" ]; then copy_in "$dir/$lib"; break; fi
    done
  done

  log "writing a minimal /etc, /tmp, /app and /run/paddock"
  mkdir -p "$rootfs/etc" "$rootfs/tmp" "$rootfs/app" "$rootfs/run/paddock"
  chmod 1777 "$rootfs/tmp"
  chmod 0755 "$rootfs/app" "$rootfs/run" "$rootfs/run/paddock"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' \
    >"$rootfs/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$rootfs/etc/group"
  printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$rootfs/etc/nsswitch.conf"

  log "importing $base_tag"
  tar -C "$rootfs" --owner=0 --group=0 --numeric-owner -c . \
    | docker import \
      --change 'ENV PATH=/opt/java/openjdk/bin:/usr/bin:/bin' \
      --change 'ENV JAVA_HOME=/opt/java/openjdk' \
      - "$base_tag" >/dev/null
}

# What the image is made of: the Dockerfile, every file the build context lets in, and the base.
inputs="$(cd "$here" && { sed -n 's/^!//p' .dockerignore | xargs sha256sum Dockerfile; if $offline; then echo "$base_tag"; fi; } | sha256sum | cut -c1-64)"
if $if_changed && [ "$(docker image inspect --format '{{index .Config.Labels "paddock.inputs"}}' "$tag" 2>/dev/null)" = "$inputs" ]; then
  log "$tag is up to date"
  exit 0
fi

base="eclipse-temurin:25-jre"
if $offline; then
  if $rebuild_base || ! docker image inspect "$base_tag" >/dev/null 2>&1; then
    build_offline_base
  else
    log "using the existing $base_tag (--rebuild-base to relink it)"
  fi
  base="$base_tag"
fi

log "docker build --build-arg BASE=$base -t $tag $here"
DOCKER_BUILDKIT=0 docker build --quiet --build-arg BASE="$base" --label "paddock.inputs=$inputs" -t "$tag" "$here" >/dev/null

size="$(docker image inspect --format '{{.Size}}' "$tag")"
log "built $tag: $((size / 1000000)) MB in $((SECONDS - started)) s"
