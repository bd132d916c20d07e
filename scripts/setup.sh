#!/usr/bin/env bash
# Installs what is missing to build rightfit, and with --test to test it: Debian packages (when
# root) and the pinned npm packages. Two sets, so that trying the binary (`make demo`) does not
# wait for the test tools:
#   --build  the binary's build dependencies: the toolchain, LLVM/Clang 19 (clang-19 owns Clang's
#            CMake package), yaml-cpp, RapidJSON, xxHash, CLI11, Graphviz's libraries (the
#            workload map's layout), Node.js with npm, and the npm
#            `dependencies` (the tree-sitter runtime and grammars CMake compiles): npm ci
#            --omit=dev; patch applies our cmake/*.patch to a copy of a grammar's
#            generated parser at build time.
#   --test   (the default) those, and what the tests drive: GoogleTest; clang-tidy-19 loads the
#            rightfit-tidy plugin in a test; libclang-rt-19-dev gives the sanitizer and libFuzzer
#            runtimes; git, pre-commit, neovim and chromium are the real host programs the
#            integration tests drive; dpkg-dev (dpkg-shlibdeps) and file let CPack derive the
#            Debian package's Depends (`make package`, tests/package_test.cpp); awscli is the AWS
#            CLI the measured-usage loop test runs against a local stub
#            (tests/usage_test.cpp, UsageLoop); debootstrap, buildah, podman and runc build and
#            run the OCI image from the .deb (packaging/image/build.sh, tests/oci_image_test.cpp);
#            unzip opens the VS Code extension's .vsix (tests/vscode_package_test.cpp); and the
#            npm `devDependencies` (SARIF validator, playwright-core, the AWS CDK, the benchmark
#            peers, @vscode/vsce and the language client it packages).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; }  # the header comment
mode=test
case "${1:-}" in
  --build) mode=build ;;
  --test | "") mode=test ;;
  -h | --help) usage; exit 0 ;;
  *) echo "setup: unknown option '$1' (--build, --test or --help)" >&2; exit 2 ;;
esac

build_packages=(cmake ninja-build g++ pkg-config
                llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19
                libyaml-cpp-dev rapidjson-dev libxxhash-dev libcli11-dev libgraphviz-dev nodejs patch)
test_packages=(libgtest-dev clang-tidy-19 libclang-rt-19-dev
               git pre-commit neovim chromium dpkg-dev file awscli debootstrap buildah podman runc
               unzip)
packages=("${build_packages[@]}")
[ "$mode" = test ] && packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's nodejs comes without npm (a package of its own); a Node.js that bundles it does not.
command -v npm >/dev/null || missing+=(npm)
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

# npm ci only when the lock file changed since the last install, or when the tests need the
# devDependencies a --build install left out. The stamp is the lock file and the set installed.
stamp=node_modules/.rightfit-lock-stamp
installed=$(sed -n '1s/^# rightfit npm set: //p' "$stamp" 2>/dev/null || true)
if [ "$installed" != test ] && [ "$installed" != "$mode" ] ||
   ! tail -n +2 "$stamp" 2>/dev/null | cmp -s package-lock.json -; then
  omit=()
  [ "$mode" = build ] && omit=(--omit=dev)
  echo "setup: npm ci --ignore-scripts ${omit[*]}"
  npm ci --ignore-scripts "${omit[@]}" --no-audit --no-fund --loglevel=error
  { echo "# rightfit npm set: $mode"; cat package-lock.json; } >"$stamp"
fi
# --ignore-scripts skips the package's own chmod of the validator binary.
validator=node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
[ -f "$validator" ] && chmod +x "$validator"
exit 0
