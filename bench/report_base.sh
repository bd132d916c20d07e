#!/usr/bin/env bash
# What `rightfit report --base` costs over `rightfit report`: a second analysis, `git archive`
# piped through tar into a private directory, and the diff.
#
#   bash bench/report_base.sh RIGHTFIT APP_DIR [ROUNDS]
#
# Builds a scratch git repository under $TMPDIR from APP_DIR (hard links where possible; the
# project and APP_DIR are not touched): one commit of the app, then a second one that edits a
# line, so the diff has work to do. Then runs `report -f json .` and `report --base HEAD~1
# -f json .` interleaved, ROUNDS times each, under GNU time (user+sys of rightfit and the git
# and tar it waits for, and the peak RSS of the largest of them), and once each under
# callgrind (rightfit's own instructions; git and tar are not traced). Prints a Markdown table.
set -euo pipefail
rightfit=$(realpath "$1")
app=$(realpath "$2")
rounds=${3:-5}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/rightfit-bench-base-XXXXXX")
trap 'rm -rf "$scratch"' EXIT
repo="$scratch/repo"
cp -al "$app" "$repo" 2>/dev/null || cp -a "$app" "$repo"
cd "$repo"
git init -q
git add -A
git -c user.name=bench -c user.email=bench@localhost commit -qm app
# The second commit: one template gets a line appended (a copy, so APP_DIR's inode stays as it is).
first=$(git ls-files '*.yaml' '*.yml' '*.tf' | head -n 1)
cp --remove-destination "$first" "$first.new" && mv "$first.new" "$first"
printf '\n# edited by bench/report_base.sh\n' >>"$first"
git -c user.name=bench -c user.email=bench@localhost commit -qam edit

measure() {  # prints "cpu_seconds peak_rss_kb"
  /usr/bin/time -f '%U %S %M' -o "$scratch/time" "$@" >/dev/null 2>"$scratch/err" || {
    cat "$scratch/err" >&2
    exit 1
  }
  awk '{printf "%.3f %d\n", $1 + $2, $3}' "$scratch/time"
}
median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

: >"$scratch/plain" && : >"$scratch/base"
for _ in $(seq "$rounds"); do
  measure "$rightfit" report -f json . >>"$scratch/plain"
  measure "$rightfit" report --base HEAD~1 -f json . >>"$scratch/base"
done
instructions() {
  valgrind --tool=callgrind --callgrind-out-file="$scratch/cg.out" "$@" >/dev/null 2>"$scratch/cg.err"
  awk '/^summary:/ {print $2}' "$scratch/cg.out"
}
ir_plain=$(instructions "$rightfit" report -f json -j 1 .)
ir_base=$(instructions "$rightfit" report --base HEAD~1 -f json -j 1 .)
files=$(git ls-files | wc -l)

cpu_plain=$(cut -d' ' -f1 "$scratch/plain" | median)
cpu_base=$(cut -d' ' -f1 "$scratch/base" | median)
rss_plain=$(cut -d' ' -f2 "$scratch/plain" | median)
rss_base=$(cut -d' ' -f2 "$scratch/base" | median)
echo "| command ($files files, $rounds interleaved rounds) | CPU s (median) | peak RSS MB | instructions (callgrind, -j 1) |"
echo "| --- | ---: | ---: | ---: |"
awk -v c="$cpu_plain" -v r="$rss_plain" -v i="$ir_plain" \
  'BEGIN {printf "| `report -f json .` | %.2f | %.1f | %\047d |\n", c, r / 1024, i}'
awk -v c="$cpu_base" -v r="$rss_base" -v i="$ir_base" \
  'BEGIN {printf "| `report --base HEAD~1 -f json .` | %.2f | %.1f | %\047d |\n", c, r / 1024, i}'
awk -v a="$cpu_plain" -v b="$cpu_base" -v x="$ir_plain" -v y="$ir_base" \
  'BEGIN {printf "| ratio | %.2fx | | %.2fx |\n", b / a, y / x}'
