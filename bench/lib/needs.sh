# shellcheck shell=bash
# Sourced by the benchmarks before they start anything. `needs <file or tool>...` exits with a
# message naming the first one missing: a path (it has a slash) must be built, a tool installed.
needs() {
  local what
  for what in "$@"; do
    case $what in
      */*) [ -f "$what" ] || { echo "build first: ./mvnw -q -DskipTests package ($what is missing)" >&2; exit 1; } ;;
      *) command -v "$what" >/dev/null || { echo "$(basename "$0") needs $what" >&2; exit 1; } ;;
    esac
  done
}
