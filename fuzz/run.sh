#!/usr/bin/env bash
# Runs the libFuzzer targets of a fuzz build (cmake -DRIGHTFIT_FUZZ=ON, see the Makefile's
# `fuzz` target), each for a bounded time, starting from seed corpora taken from fixtures/ and
# from the crash inputs kept in fuzz/regressions/, plus, when the shared folder sits beside the
# project, the real-world data files of ../shared/realworld and ../shared/corpus, read in place
# (never copied into the project). Exits non-zero on the first crash, leak, timeout or
# out-of-memory, naming the input that caused it.
#
#   bash fuzz/run.sh BUILD_DIR SECONDS [TARGET...]     (default: every target)
set -euo pipefail
cd "$(dirname "$0")/.."

build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
((${#targets[@]})) || targets=(yaml_loader json_loader cloudformation_template cdk_assembly terraform dockerfile cpp_handler serverless python_handler node_handler frontends lsp_message_reader)

# Real-world data files beside the project, when there (CI clones ../shared): extra seeds.
shared=()
for d in ../shared/realworld ../shared/corpus; do [ -d "$d" ] && shared+=("$d"); done

# Seed files for a target: the fixtures in its format, and the shared files in it.
seeds_of() {
  case $1 in
    yaml_loader) find fixtures "${shared[@]}" -type f \( -name '*.yaml' -o -name '*.yml' \) ;;
    json_loader) find fixtures "${shared[@]}" -type f -name '*.json' ;;
    cdk_assembly) find fixtures fuzz/seeds/cdk_assembly -type f -name '*.json' ;;
    cloudformation_template) find fixtures "${shared[@]}" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) ;;
    terraform) find fixtures "${shared[@]}" -type f \( -name '*.tf' -o -name '*.tfvars' -o -name '*.tf.json' \) ;;
    dockerfile) find fixtures -type f \( -name 'Dockerfile*' -o -name '*.Dockerfile' -o -name '*.dockerfile' -o -name 'Containerfile' \) ! -name '*.expect' ;;
    cpp_handler) find fixtures -type f \( -name '*.cpp' -o -name '*.cc' \) ;;
    serverless) find fixtures "${shared[@]}" -type f \( -name 'serverless.yml' -o -name 'serverless.yaml' -o -name 'serverless.json' \) ;;
    python_handler) find fixtures -type f -name '*.py' ;;
    # The first byte picks the grammar (fuzz_node_handler.cpp): seeds get 0 (JS) or 1 (TS).
    node_handler) find fixtures -type f \( -name '*.js' -o -name '*.mjs' -o -name '*.cjs' -o -name '*.ts' -o -name '*.mts' \) ! -name '*.d.ts' ;;
    # The first byte picks the front-end (fuzz_frontends.h): the seeds carry theirs.
    frontends) find fuzz/seeds/frontends -type f ;;
    lsp_message_reader) find fuzz/seeds/lsp_message_reader -type f ;;
    *) echo "fuzz: unknown target $1" >&2; return 1 ;;
  esac
}

for t in "${targets[@]}"; do
  binary=$build/fuzz/fuzz_$t
  [ -x "$binary" ] || { echo "fuzz: $binary is not built" >&2; exit 1; }
  seeds=$build/fuzz-seeds/$t corpus=$build/fuzz-corpus/$t artifacts=$build/fuzz-artifacts/$t
  rm -rf "$seeds"
  mkdir -p "$seeds" "$corpus" "$artifacts" "fuzz/regressions/$t"
  # Flattened names: fixtures in different folders share file names.
  while IFS= read -r f; do
    if [ "$t" = node_handler ]; then  # the grammar byte, then the file
      case $f in *.ts | *.mts) printf '\001' ;; *) printf '\000' ;; esac >"$seeds/$(echo "$f" | tr / _)"
      cat "$f" >>"$seeds/$(echo "$f" | tr / _)"
    else
      cp "$f" "$seeds/$(echo "$f" | tr / _)"
    fi
  done < <(seeds_of "$t")
  echo "fuzz: $t for ${seconds}s ($(ls "$seeds" | wc -l) seeds, $(ls "fuzz/regressions/$t" | wc -l) regressions)"
  # The first corpus directory receives new inputs; the others are only read.
  if ! "$binary" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" \
      "$corpus" "$seeds" "fuzz/regressions/$t" >"$build/fuzz-$t.log" 2>&1; then
    tail -n 60 "$build/fuzz-$t.log" >&2
    echo "fuzz: $t FAILED; the input is in $artifacts/ (add it to fuzz/regressions/$t/ and a test)" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/fuzz-$t.log" | tr '\n' ' '
  echo
done
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a failure"
