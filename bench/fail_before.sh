#!/usr/bin/env bash
# Runs regression tests against the code before their fix: a detached worktree at BEFORE, the
# named test files copied over it (each as of the commit given with it, nothing else changed),
# only those test files compiled, then each test matching FILTER in its own process under a
# timeout (a test that hangs before its fix is reported as such, not waited for).
#   bash bench/fail_before.sh BEFORE FILTER WORKTREE REV:FILE...
# REV:FILE is tests/FILE as of REV (e.g. a07e740:hostile_flags_test.cpp); the files compiled
# are these and tests/fixture_expectations.cpp. ADAPT (optional, environment) is shell run in
# WORKTREE/tests after the copy: the smallest adaptation to APIs that BEFORE lacks, with
# `drop_test FILE NAME` and `keep_tests FILE NAME...` available; name each one where the
# results are recorded.
# TIMEOUT (environment, default 120) is the seconds one test may take. WRAP (environment) is a
# command prefix for the tests whose name matches the extended regex WRAP_ONLY (default: all),
# e.g. a private mount namespace for a test that, before its fix, replaces a device node.
# UNITS (environment): instead of BEFORE's whole tree, compile only the kept test files and
# these sources of BEFORE (space-separated paths), with UNIT_FLAGS, linked with GoogleTest and
# UNIT_LIBS: for unit tests whose code is a few files, when the whole tree at BEFORE would not
# be built in time.
# WORKTREE must lie under /work (ccache's base_dir) for the build to hit the shared cache. An
# existing WORKTREE is reused (checked out at BEFORE, its build directory kept), so a second
# group on a nearby commit rebuilds only what differs.
set -euo pipefail
[[ $# -ge 4 ]] || { sed -n '2,21p' "$0"; exit 2; }
here=$(cd "$(dirname "$0")/.." && pwd)
before=$1 filter=$2 tree=$3
shift 3
drop_test() {  # FILE NAME: removes the TEST/TEST_F named NAME (its body ends with "}" alone)
  perl -0pi -e "s/\nTEST[^\n]*, $2\).*?\n}\n/\n/s" "$1"
}
# FILE NAME...: removes every TEST/TEST_F/TEST_P of FILE not named (a body ends with "}" alone
# before a blank line or the namespace's end: a "}" line inside a raw string does not end it)
keep_tests() {
  local file=$1
  shift
  KEEP="$*" perl -0pi -e 'my %k = map { $_ => 1 } split / /, $ENV{KEEP};
    s/\nTEST\w*\(\w+, (\w+)\).*?\n}\n(?=\n|}  \/\/ namespace)/$k{$1} ? $& : "\n"/gse' "$file"
}

if [[ -d $tree ]]; then
  git -C "$tree" checkout -q -f --detach "$before"
  git -C "$tree" clean -q -fd -e /build
else
  git -C "$here" worktree add -q --detach "$tree" "$before"
fi
# The pinned npm packages (tree-sitter's C sources) of this checkout: `make setup` installs them.
[[ -e $tree/node_modules ]] || ln -s "$here/node_modules" "$tree/node_modules"
cd "$tree/tests"
kept=(fixture_expectations.cpp)
for s in "$@"; do
  git -C "$here" show "${s%%:*}:tests/${s#*:}" >"${s#*:}"
  kept+=("${s#*:}")
done
eval "${ADAPT:-}"
for f in *.cpp; do
  case " ${kept[*]} " in *" $f "*) ;; *) rm "$f" ;; esac
done
cd "$tree"
if [[ -n ${UNITS:-} ]]; then
  # Only the units under test: the kept test files and BEFORE's sources named in UNITS,
  # compiled as its CMakeLists does (C++20, -O2 -g, -Wall -Wextra), one job at a time.
  mkdir -p build
  read -ra units <<<"$UNITS"
  read -ra flags <<<"${UNIT_FLAGS:-}"
  objects=()
  for src in "${kept[@]/#/tests/}" "${units[@]}"; do
    obj=build/units/${src//\//_}.o
    mkdir -p build/units
    ccache g++ -std=c++20 -O2 -g -Wall -Wextra -I. -DRIGHTFIT_SOURCE_DIR="\"$tree\"" \
      -DRIGHTFIT_BINARY="\"$tree/build/rightfit\"" "${flags[@]}" -c "$src" -o "$obj" || echo "BUILD FAILED: $src"
    objects+=("$obj")
  done
  read -ra libraries <<<"${UNIT_LIBS:-}"
  g++ -o build/rightfit_tests "${objects[@]}" -lgtest_main -lgtest -pthread "${libraries[@]}" ||
    echo "LINK FAILED (see above)"
else
  # Configured as BEFORE's own Makefile does (RelWithDebInfo, ccache as the launcher).
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/dev/null
  # A test file that does not compile against BEFORE is reported; -k 0 builds the rest.
  cmake --build build -j 2 --target rightfit_tests -- -k 0 || echo "BUILD FAILED (see above)"
fi
export XDG_CACHE_HOME="$tree/build/test-cache"
mapfile -t names < <(build/rightfit_tests --gtest_filter="$filter" --gtest_list_tests |
  awk '/^[^ ]/ {suite = $1} /^  / {print suite $1}')
for name in "${names[@]}"; do
  status=0
  wrap=()
  if [[ -n ${WRAP:-} ]] && grep -Eq "${WRAP_ONLY:-.}" <<<"$name"; then read -ra wrap <<<"$WRAP"; fi
  out=$(timeout "${TIMEOUT:-120}" "${wrap[@]}" build/rightfit_tests --gtest_filter="$name" 2>&1) ||
    status=$?
  case $status in
    0) echo "PASS $name" ;;
    124) echo "HANG $name (killed after ${TIMEOUT:-120} s)" ;;
    *) echo "FAIL $name (exit $status)"
       # (|| true: a failure with none of these lines, e.g. a signal, must not end the loop)
       grep -E -A4 '(Failure|error:|Expected|Value of|no answer)' <<<"$out" | head -12 |
         cut -c1-240 | sed 's/^/    /' || true ;;
  esac
done
echo "remove with: git -C $here worktree remove --force $tree"
