#!/usr/bin/env bash
# Where an edit's time goes in `rightfit lsp`: runs bench/lsp_latency.mjs and attaches
# `perf record -F 999 --call-graph dwarf` to the server once the file is open, so the samples
# are the edits' alone. Prints the top of `perf report` (children, by symbol).
#
#   bash bench/lsp_profile.sh RIGHTFIT WORKSPACE FILE [EDITS]
#
# Use a build with symbols (build/rightfit, RelWithDebInfo). Keeps perf.data in $OUT
# (default: a temporary directory, removed).
set -euo pipefail
rightfit=$1 workspace=$2 file=$3 edits=${4:-20}
out=${OUT:-$(mktemp -d)}
log="$out/bench.log"
node "$(dirname "$0")/lsp_latency.mjs" "$rightfit" "$workspace" "$file" --edits "$edits" \
  > "$out/bench.out" 2> "$log" &
bench=$!
until grep -q "opened after" "$log" 2>/dev/null; do
  kill -0 "$bench" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.2
done
pid=$(sed -n 's/^server \([0-9]*\): opened.*/\1/p' "$log")
perf record -q -F 999 --call-graph dwarf -p "$pid" -o "$out/perf.data" 2>/dev/null &
perf_pid=$!
wait "$bench"
wait "$perf_pid" || true
cat "$out/bench.out"
perf report -i "$out/perf.data" --children --sort symbol --stdio --percent-limit 3 2>/dev/null |
  grep -E '^ +[0-9]' | head -60
