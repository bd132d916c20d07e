#!/usr/bin/env bash
# Runs clang-tidy (the project's .clang-tidy) over rightfit's production sources with the
# compile commands of the build in $1 (default: build), $2 files at once (default: cores).
# Exit status non-zero on any finding (WarningsAsErrors). Sources the database does not list
# (checks/ is a unity build) get the command of a neighbour: clang's interpolation.
# -fdelayed-template-parsing: clang 19 rejects an unused member template body in Debian 12's
# RapidJSON 1.1 (GenericStringRef::operator=, "cannot assign to ... const-qualified type"),
# which GCC accepts; delaying template bodies to instantiation lets clang-tidy read those files.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
jobs=${2:-$(nproc)}
log="$build/clang-tidy.log"
git ls-files -z -- 'parsers/*.cpp' 'analyzer/*.cpp' 'checks/*.cpp' 'integrations/*.cpp' \
                   'driver/*.cpp' |
  xargs -0 -n 4 -P "$jobs" clang-tidy-19 -quiet -p "$build" \
        --extra-arg=-fdelayed-template-parsing > "$log" 2>&1 && status=0 || status=$?
count=$(git ls-files -- 'parsers/*.cpp' 'analyzer/*.cpp' 'checks/*.cpp' 'integrations/*.cpp' \
                        'driver/*.cpp' | wc -l)
if [ "$status" -ne 0 ] || grep -qE "(warning|error):" "$log"; then
  grep -E "(warning|error):" "$log" | sort -u >&2
  echo "clang-tidy: findings above in $count files (full log: $log)" >&2
  exit 1
fi
echo "clang-tidy: $count files clean"
