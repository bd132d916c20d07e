#!/usr/bin/env bash
# The fixed cost of one small run (issue 23: a pre-commit check of one template): two rightfit
# binaries, alternated round by round so that both see the same machine load, on one file.
#
#   bash bench/startup.sh BEFORE AFTER [FILE]     FILE: fixtures/demo/template.yaml
#
# Environment: ROUNDS (30) alternated runs of each; CALLGRIND=1 also counts the instructions
# of one run of each with valgrind --tool=callgrind (deterministic where time is noisy).
# Prints Markdown: median and range of CPU time (perf stat's task-clock: /usr/bin/time counts
# 10 ms ticks) and peak RSS and wall time (/usr/bin/time, a run of its own), and the median
# per-round ratio AFTER/BEFORE.
set -euo pipefail
cd "$(dirname "$0")/.."
before=$1 after=$2 file=${3:-fixtures/demo/template.yaml}
rounds=${ROUNDS:-30}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

measure() {  # BINARY LABEL: appends "cpu_ms rss_kb" to $out/LABEL
  local run=("$1" check "$file" --no-cache --fail-on never)
  perf stat -x, -e task-clock -o "$out/p" "${run[@]}" >/dev/null 2>&1
  /usr/bin/time -f '%M %e' -o "$out/t" "${run[@]}" >/dev/null 2>&1
  echo "$(awk -F, '/task-clock/ { print $1 }' "$out/p") $(awk '{ print $1, $2 * 1000 }' "$out/t")" \
    >>"$out/$2"
}
for ((i = 0; i < rounds; i++)); do
  measure "$before" before
  measure "$after" after
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
range() { sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { print lo " - " hi }'; }
echo "One file, \`rightfit check $file --no-cache\`, $rounds alternated rounds:"
echo
echo "| | before | after | after/before (median of rounds) |"
echo "|---|---|---|---|"
names=("" "CPU (task-clock, ms)" "peak RSS (KB)" "wall (ms, 10 ms ticks)")
for col in 1 2 3; do
  name=${names[$col]}
  b=$(cut -d' ' -f$col "$out/before" | median) a=$(cut -d' ' -f$col "$out/after" | median)
  br=$(cut -d' ' -f$col "$out/before" | range) ar=$(cut -d' ' -f$col "$out/after" | range)
  ratio=$(paste -d' ' <(cut -d' ' -f$col "$out/before") <(cut -d' ' -f$col "$out/after") |
    awk '$1 > 0 { print $2 / $1 }' | median)
  echo "| $name | $b ($br) | $a ($ar) | ${ratio:-n/a} |"
done
if [ "${CALLGRIND:-0}" = 1 ]; then
  echo
  echo "| instructions (callgrind, whole process) | before | after |"
  echo "|---|---|---|"
  for label in before after; do
    bin=$([ $label = before ] && echo "$before" || echo "$after")
    valgrind --tool=callgrind --callgrind-out-file="$out/cg.$label" "$bin" check "$file" \
      --no-cache --fail-on never >/dev/null 2>"$out/cg.$label.log" || true
    grep -o 'Collected : [0-9]*' "$out/cg.$label.log" | awk '{ print $3 }' >"$out/ir.$label"
  done
  echo "| Ir | $(cat "$out/ir.before") | $(cat "$out/ir.after") |"
fi
