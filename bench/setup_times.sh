#!/usr/bin/env bash
# Times `make demo` from a fresh clone in two phases (issue 27): scripts/setup.sh --build (on a
# machine with the Debian packages installed, that is its npm ci --omit=dev), then `make demo`
# itself (configure, the binary alone, its run on fixtures/demo); then, in the same
# clone, what `make test` adds to the set-up (scripts/setup.sh --test: the npm devDependencies).
# Each phase: wall, user+sys CPU and peak RSS (GNU time). ccache is disabled and npm gets an
# empty cache of its own, so nothing comes from an earlier run.
#   bench/setup_times.sh [BRANCH] [SCRATCH]   (defaults: the current branch, /tmp/rightfit-setup)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
branch=${1:-$(git -C "$repo" rev-parse --abbrev-ref HEAD)}
scratch=${2:-/tmp/rightfit-setup}
jobs=${JOBS:-2}
rm -rf "$scratch"
mkdir -p "$scratch"
git clone -q --branch "$branch" "$repo" "$scratch/clone"
cd "$scratch/clone"
export CCACHE_DISABLE=1 npm_config_cache="$scratch/npm-cache"
phase() {
  local name=$1
  shift
  /usr/bin/time -f "$name: %e s wall, %U s user + %S s sys, %M KB peak RSS" "$@" >/dev/null 2>"$scratch/$name.err" ||
    { cat "$scratch/$name.err" >&2; exit 1; }
  tail -n 1 "$scratch/$name.err"
}
echo "clone: $(git rev-parse --short HEAD) of $branch; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
phase setup-build bash scripts/setup.sh --build
# The rest of `make demo`: its set-up is then a no-op (the stamp matches), so this is the
# configure, the build of the binary alone and the run on fixtures/demo.
phase make-demo make demo JOBS="$jobs"
echo "npm, build set: $(du -sh node_modules | cut -f1)"
phase setup-test-npm bash scripts/setup.sh --test
echo "npm, test set: $(du -sh node_modules | cut -f1)"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
