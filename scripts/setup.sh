#!/usr/bin/env bash
# Installs what building and testing rightfit needs and is missing: Debian packages (when
# root) and the pinned npm packages (tree-sitter sources, the SARIF validator).
# clang-tidy-19 loads the rightfit-tidy plugin in a test; libclang-rt-19-dev gives the
# sanitizer and libFuzzer runtimes; git, pre-commit, neovim and chromium are the real host
# programs the integration tests drive; dpkg-dev (dpkg-shlibdeps) and file let CPack derive the
# Debian package's Depends (`make package`, tests/package_test.cpp); awscli is the AWS CLI the
# measured-usage loop test runs against a local stub (tests/usage_loop_test.cpp); patch applies
# our cmake/*.patch to a copy of a grammar's generated parser at build time.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(cmake ninja-build g++ pkg-config
          llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19
          clang-tidy-19 libclang-rt-19-dev
          libyaml-cpp-dev rapidjson-dev libxxhash-dev libcli11-dev libgtest-dev nodejs
          git pre-commit neovim chromium dpkg-dev file awscli patch)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]}" >&2
    echo "setup: run as root, or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi
command -v npm >/dev/null || { echo "setup: npm is missing (install Node.js with npm)" >&2; exit 1; }

# npm ci only when the lock file changed since the last install.
stamp=node_modules/.rightfit-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "setup: npm ci --ignore-scripts"
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
# --ignore-scripts skips the package's own chmod of the validator binary.
validator=node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
[ -f "$validator" ] && chmod +x "$validator"
exit 0
