# shellcheck shell=bash
# Sourced by benchmarks that time commands: timed and summary.

# Times $2 runs of the command $1 (its output discarded), in milliseconds, one per line.
timed() {
  local i t0
  for i in $(seq "$2"); do
    t0=$(date +%s%N); eval "$1" >/dev/null; echo $(( ($(date +%s%N) - t0) / 1000000 ))
  done
}

# "runs | p50 | p99 | max" of the numbers in file $1, one per line.
summary() {
  python3 - "$1" <<'PY'
import sys
xs = sorted(int(l) for l in open(sys.argv[1]) if l.strip())
q = lambda p: xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
print(f"{len(xs)} | {q(50)} | {q(99)} | {xs[-1]}" if xs else "0 | – | – | –")
PY
}
