#!/usr/bin/env bash
# Before/after pairs of `rightfit lsp` edits, interleaved (before, after, before, after ...) so
# that both binaries see the same load on a shared machine: per run, the server's CPU time
# (user+sys) per sequential edit and its peak RSS, from bench/lsp_latency.mjs.
#
#   bash bench/lsp_pairs.sh BEFORE AFTER WORKSPACE FILE [PAIRS] [EDITS]
#
# WORKSPACE and FILE as for bench/lsp_latency.mjs (outside the project; the edits are never
# saved). Prints one line per run: binary, CPU ms per edit, peak RSS MiB, median wall ms.
set -euo pipefail
before=$1 after=$2 workspace=$3 file=$4 pairs=${5:-2} edits=${6:-8}
here=$(dirname "$0")
echo "machine: $(nproc) cores, $(uname -r); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((i = 1; i <= pairs; i++)); do
  for side in before after; do
    binary=$before
    [ "$side" = after ] && binary=$after
    out=$(node "$here/lsp_latency.mjs" "$binary" "$workspace" "$file" --edits "$edits" 2>/dev/null)
    cpu=$(sed -n 's/^server CPU (user+sys) per sequential edit: \([0-9.]*\) ms; peak RSS: \([0-9]*\) MiB/\1 \2/p' <<<"$out")
    wall=$(sed -n 's/^edit -> diagnostics, .*median \([0-9]*\) ms.*/\1/p' <<<"$out")
    echo "pair $i $side: cpu_ms_per_edit rss_mib = $cpu; wall median ms = $wall"
  done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
