#!/usr/bin/env bash
# Issue 23: how memory and CPU grow with the size of a batch run. Builds, in a temporary
# directory, a tree of N copies of the corpus (copy-1 ... copy-N, each file a hard link to the
# corpus file, so nothing is copied and the tree is read like any other directory), then runs
# `rightfit check` over it once per binary and N, and prints one Markdown row per run: CPU
# (user+sys) and peak RSS from GNU time.
#
#   bash bench/corpus_copies.sh [RIGHTFIT...]      (default RIGHTFIT: build/rightfit)
#
# Environment: CORPUS (../shared/corpus), COPIES ("1 2 4 8"), RUNS (1: rounds; the binaries
# alternate within each round so that they see the same load), JOBS (the default of rightfit).
# Hard links: every copy of a file has the same device and inode, and rightfit sees N distinct
# paths (it keys nothing on the inode when run with --no-cache). Needs GNU time (Debian: time)
# and the temporary directory on the corpus's file system (else the files are copied there).
set -euo pipefail
cd "$(dirname "$0")/.."
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=(build/rightfit)
CORPUS=$(realpath "${CORPUS:-../shared/corpus}")
COPIES=${COPIES:-1 2 4 8}
RUNS=${RUNS:-1}
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (Debian: time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
max=0
for n in $COPIES; do ((n > max)) && max=$n; done
for ((i = 1; i <= max; i++)); do
  # Only the IaC halves: the corpus's own notes (MANIFEST.tsv, SOURCES.md) are not inputs.
  mkdir -p "$work/copy-$i"
  for half in cloudformation terraform; do
    cp -al "$CORPUS/$half" "$work/copy-$i/$half" 2>/dev/null || cp -a "$CORPUS/$half" "$work/copy-$i/$half"
  done
done

echo "| binary | copies | files | CPU (user+sys) s | peak RSS MB |"
echo "| --- | ---: | ---: | ---: | ---: |"
for ((r = 0; r < RUNS; r++)); do
  for n in $COPIES; do
    args=()
    for ((i = 1; i <= n; i++)); do args+=("$work/copy-$i"); done
    files=$(find "${args[@]}" -type f | wc -l)
    for bin in "${binaries[@]}"; do
      /usr/bin/time -f '%U %S %M' -o "$work/time" "$bin" check "${args[@]}" --no-cache \
        --fail-on never --format json -o "$work/report.json" ${JOBS:+--jobs "$JOBS"} >/dev/null 2>&1
      read -r user sys rss <"$work/time"
      printf '| %s | %d | %d | %.2f | %.0f |\n' "$bin" "$n" "$files" \
        "$(awk "BEGIN { print $user + $sys }")" "$(awk "BEGIN { print $rss / 1024 }")"
    done
  done
done
