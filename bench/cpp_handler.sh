#!/usr/bin/env bash
# C++ handler parsing: rightfit on one handler file cold (--no-cache: a Clang parse) and
# cached (.rightfit-cache/ warm: a read and a hash), against `clang-19 -fsyntax-only` on the
# same file with the same headers (rightfit's stand-in <aws/lambda-runtime/runtime.h>, given
# to clang with -I). Issue 5's targets: cold <= 1.3x fsyntax-only, cached <= 50 ms.
#
#   bash bench/cpp_handler.sh [FILE]   (default: fixtures/cpp/threads/handler.cpp)
#
# Environment: RIGHTFIT (build-bench/rightfit, a Release build), RUNS (10).
# Needs hyperfine (Debian: hyperfine); counts instructions with perf when it works here.
set -euo pipefail
cd "$(dirname "$0")/.."

RIGHTFIT=$(realpath "${RIGHTFIT:-build-bench/rightfit}")
RUNS=${RUNS:-10}
SOURCE=$(realpath "${1:-fixtures/cpp/threads/handler.cpp}")
OVERLAY=$(realpath parsers/cpp/overlay)
CLANG=${CLANG:-clang-19}
command -v hyperfine >/dev/null || { echo "bench: hyperfine is missing (Debian: hyperfine)" >&2; exit 1; }
[ -x "$RIGHTFIT" ] || { echo "bench: no rightfit at $RIGHTFIT" >&2; exit 1; }

# A directory of its own: a file named alone is analysed within its project (here: just it).
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$SOURCE" "$work/handler.cpp"
cd "$work"

fsyntax="$CLANG -x c++ -std=c++20 -fsyntax-only -w -I$OVERLAY handler.cpp"
cold="$RIGHTFIT check handler.cpp --no-cache --fail-on never"
cached="$RIGHTFIT check handler.cpp --fail-on never"
$cached >/dev/null  # warms .rightfit-cache/

hyperfine -N -w 1 -r "$RUNS" --export-json times.json \
  -n "clang-19 -fsyntax-only" "$fsyntax" -n "rightfit cold" "$cold" -n "rightfit cached" "$cached" \
  >/dev/null 2>&1 || true
node -e '
const r = JSON.parse(require("fs").readFileSync("times.json", "utf8")).results;
const med = (x) => x.median * 1000;
const base = med(r[0]);
console.log("| command | median ms | min ms | max ms | vs fsyntax-only |");
console.log("|---|---:|---:|---:|---:|");
for (const x of r)
  console.log(`| ${x.command} | ${med(x).toFixed(1)} | ${(x.min * 1000).toFixed(1)} | ${(x.max * 1000).toFixed(1)} | ${(med(x) / base).toFixed(2)}x |`);
'
if perf stat -e instructions:u true >/dev/null 2>&1; then
  count() { perf stat -x, -e instructions:u "$@" 2>&1 >/dev/null | awk -F, '/instructions/ {print $1}'; }
  a=$(count $fsyntax); b=$(count $cold); c=$(count $cached)
  echo
  echo "| instructions (user) | count | vs fsyntax-only |"
  echo "|---|---:|---:|"
  awk -v a="$a" -v b="$b" -v c="$c" 'BEGIN {
    printf "| clang-19 -fsyntax-only | %.0f | 1.00x |\n", a
    printf "| rightfit cold | %.0f | %.2fx |\n", b, b / a
    printf "| rightfit cached | %.0f | %.3fx |\n", c, c / a }'
fi
