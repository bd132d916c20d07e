#!/bin/bash
# What drawing the workload map costs (issue 27: laid out by Graphviz's dot instead of by hand),
# on generated workspaces: S SAM applications of seven map nodes each (an API function and its
# database, a queue and its worker, a nightly job) and a Terraform root calling one queue+worker
# module M times, from tests/support/workload_map/ as the tests write them, in a temporary
# directory; plus any directory given with --also.
# Per binary, interleaved (before, after, before, after, ...): CPU time (user+sys) and peak RSS of
# the whole `rightfit report -f html` (GNU time, median of R rounds), then callgrind's
# instruction count inside placement_map_svg alone, and the SVG's size.
# Usage: bash bench/workload_map.sh BEFORE AFTER [--rounds R] [--also DIR]...
#        (BEFORE/AFTER: rightfit binaries; default R 5; sizes "12:3 300:10")
set -euo pipefail
before=$1 after=$2
shift 2
rounds=5
extra=()
while (($#)); do
  case $1 in
    --rounds) rounds=$2; shift 2 ;;
    --also) extra+=("$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
work=$(mktemp -d /tmp/rightfit-map-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

support=$(cd "$(dirname "$0")/../tests/support/workload_map" && pwd)

workspace() {  # $1 = directory, $2 = applications, $3 = module calls
  local dir=$1 apps=$2 calls=$3 i
  mkdir -p "$dir/modules/settlement" "$dir/stacks/payments"
  for ((i = 1; i <= apps; i++)); do
    mkdir -p "$dir/services/team$((i % 7))/app$i"
    sed "s/{n}/$i/g" "$support/application.yaml" > "$dir/services/team$((i % 7))/app$i/template.yaml"
  done
  cp "$support/settlement.tf" "$dir/modules/settlement/main.tf"
  for ((i = 1; i <= calls; i++)); do
    printf 'module "settlement_pipeline_%d" {\n  source = "../../modules/settlement"\n  name   = "settle%d"\n}\n' "$i" "$i"
  done > "$dir/stacks/payments/main.tf"
}

cpu_rss() {  # "user+sys peakKB" of one `report -f html` by binary $1 on $2
  /usr/bin/time -f "%U %S %M" -o "$work/time" "$1" report -f html -o "$work/out.html" "$2" \
    > /dev/null 2>&1 || true
  awk '{printf "%.3f %d\n", $1 + $2, $3}' "$work/time"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

instructions() {  # callgrind's count inside placement_map_svg, binary $1 on $2
  valgrind --tool=callgrind --callgrind-out-file="$work/cg" \
    --toggle-collect='rightfit::placement_map_svg*' "$1" report -f html -o "$work/out.html" "$2" \
    > /dev/null 2>&1 || true
  callgrind_annotate "$work/cg" 2> /dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}'
}

svg_size() {  # width x height of the map in $1
  grep -o '<svg class="workload-map"[^>]*>' "$1" | sed -E 's/.* width="([0-9.]+)" height="([0-9.]+)".*/\1 x \2/'
}

dirs=()
for size in 12:3 300:10; do
  dir="$work/ws-${size/:/-}"
  workspace "$dir" "${size%%:*}" "${size##*:}"
  dirs+=("$dir")
done
dirs+=("${extra[@]}")

echo "| workspace | binary | CPU s (median of $rounds) | peak RSS KB | map instructions | map px |"
echo "|---|---|---|---|---|---|"
for dir in "${dirs[@]}"; do
  : > "$work/b" && : > "$work/a"
  for ((r = 0; r < rounds; r++)); do
    cpu_rss "$before" "$dir" >> "$work/b"
    cpu_rss "$after" "$dir" >> "$work/a"
  done
  for side in before after; do
    bin=$before file=$work/b
    [ $side = after ] && bin=$after file=$work/a
    cpu=$(awk '{print $1}' "$file" | median)
    rss=$(awk '{print $2}' "$file" | median)
    count=$(instructions "$bin" "$dir")
    "$bin" report -f html -o "$work/out.html" "$dir" > /dev/null 2>&1 || true
    echo "| $(basename "$dir") | $side | $cpu | $rss | $count | $(svg_size "$work/out.html") |"
  done
done
