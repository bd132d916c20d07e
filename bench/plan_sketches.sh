#!/usr/bin/env bash
# What `report --plan` adds to `report`: the same analysis, then the sketches. Runs
# `report -f json` and `report --plan -o DIR` interleaved ROUNDS times over PATHS (default: the
# 28 real-world applications), each under GNU time (CPU user+sys, peak RSS), then each once
# under callgrind (instructions). Writes the sketches to a temporary directory, nothing into
# the analysed tree.
#
#   bash bench/plan_sketches.sh build/rightfit [PATH...]
set -euo pipefail
RIGHTFIT=${1:?usage: plan_sketches.sh RIGHTFIT [PATH...]}
shift
PATHS=("$@")
[ ${#PATHS[@]} -gt 0 ] || PATHS=(../shared/realworld)
ROUNDS=${ROUNDS:-5}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

REPORT=("$RIGHTFIT" report -j 1 -f json -o "$OUT/report.json" "${PATHS[@]}")
PLAN=("$RIGHTFIT" report -j 1 --plan -o "$OUT/sketches" "${PATHS[@]}")

timed() {  # prints "cpu_seconds peak_rss_kib" of one run of the command
  /usr/bin/time -f '%U %S %M' -o "$OUT/time" "$@" >/dev/null 2>&1 || true
  awk 'END { printf "%.3f %d", $1 + $2, $3 }' "$OUT/time"
}

echo "round report_cpu_s report_rss_kib plan_cpu_s plan_rss_kib"
for round in $(seq "$ROUNDS"); do
  echo "$round $(timed "${REPORT[@]}") $(timed "${PLAN[@]}")"
done

instructions() {
  valgrind --tool=callgrind --callgrind-out-file="$OUT/cg" "$@" >/dev/null 2>&1 || true
  awk '/^summary:/ { print $2 }' "$OUT/cg"
}
echo "callgrind report $(instructions "${REPORT[@]}")"
echo "callgrind plan $(instructions "${PLAN[@]}")"
echo "sketches $(ls "$OUT/sketches" 2>/dev/null | wc -l)"
