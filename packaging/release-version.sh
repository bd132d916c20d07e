#!/usr/bin/env bash
# Checks that a release tag and the versions in the tree agree, so a release cannot ship a
# binary, package or image that reports another version (.github/workflows/release.yml):
#
#   packaging/release-version.sh TAG [RIGHTFIT]
#
#   TAG       vMAJOR.MINOR.PATCH (semver, CHANGELOG.md)
#   RIGHTFIT  a built binary: `rightfit --version` must print the tag's version
#
# Also checked: CMakeLists.txt's project(... VERSION), and the image tag of the
# `rightfit-docker` hook in .pre-commit-hooks.yaml. Prints the version; exit 1 on a mismatch.
set -euo pipefail
cd "$(dirname "$0")/.."

(($# >= 1 && $# <= 2)) || { sed -n '5,9s/^# \{0,1\}//p' "$0" >&2; exit 2; }
tag=$1
[[ "$tag" =~ ^v([0-9]+\.[0-9]+\.[0-9]+)$ ]] ||
  { echo "release: tag '$tag' is not vMAJOR.MINOR.PATCH" >&2; exit 1; }
version=${BASH_REMATCH[1]}

status=0
mismatch() { echo "release: $1 says '$2', the tag says '$version'" >&2; status=1; }

project=$(sed -nE 's/^project\(rightfit VERSION ([0-9.]+).*/\1/p' CMakeLists.txt)
[ "$project" = "$version" ] || mismatch "CMakeLists.txt project(VERSION)" "$project"

hook=$(sed -nE 's|^[[:space:]]*entry:[[:space:]]*[^[:space:]]*/rightfit:v([^[:space:]]+).*|\1|p' \
  .pre-commit-hooks.yaml)
[ "$hook" = "$version" ] || mismatch ".pre-commit-hooks.yaml (rightfit-docker image)" "$hook"

if (($# == 2)); then
  reported=$("$2" --version | sed -nE 's/^rightfit (.*)$/\1/p')
  [ "$reported" = "$version" ] || mismatch "'$2 --version'" "$reported"
fi
[ "$status" -ne 0 ] || echo "$version"
exit "$status"
