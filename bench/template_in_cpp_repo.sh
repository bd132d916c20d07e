#!/usr/bin/env bash
# Issue 23: a pre-commit check of one CloudFormation template in a C++ repository no Lambda
# runs (google/leveldb: 76 .cc files), cold (--no-cache), CPU and peak RSS, for the binaries
# named (e.g. main's and a branch's). The repository is read where it lies after one scratch
# copy in a temporary directory (the template is written there, never into the repository or
# into rightfit's tree); this script fetches nothing.
#
#   bash bench/template_in_cpp_repo.sh LEVELDB_DIR [RIGHTFIT...]
#     (default RIGHTFIT: build/rightfit)
#
# Environment: RUNS (3), CALLGRIND=1 to also count instructions (valgrind; slow under Clang).
# Needs GNU time (Debian: time).
set -euo pipefail
LEVELDB=$(realpath "${1:?usage: template_in_cpp_repo.sh LEVELDB_DIR [RIGHTFIT...]}")
shift
cd "$(dirname "$0")/.."
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=(build/rightfit)
RUNS=${RUNS:-3}
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is missing (Debian: time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -a "$LEVELDB" "$work/repo"
cat > "$work/repo/template.yaml" <<'YAML'
AWSTemplateFormatVersion: "2010-09-09"
Description: One queue worker next to a C++ library no Lambda runs.
Resources:
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 60
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Timeout: 30
      MemorySize: 256
      Role: arn:aws:iam::123456789012:role/worker
      Code:
        ZipFile: |
          def handler(event, context):
              return len(event.get("Records", []))
  WorkerJobs:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Worker
      EventSourceArn: !GetAtt Jobs.Arn
YAML
cc_files=$(find "$work/repo" -name '*.cc' | wc -l)
echo "| binary | run | user+sys s | wall s | max RSS MB | C++ files not parsed |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for bin in "${binaries[@]}"; do
  abs=$(realpath "$bin")
  for run in $(seq 1 "$RUNS"); do
    (cd "$work/repo" && /usr/bin/time -f '%U %S %e %M' -o "$work/time" \
      "$abs" check template.yaml --no-cache --fail-on never --verbose >/dev/null 2>"$work/err")
    read -r user sys wall rss <"$work/time"
    skipped=$(grep -c 'not parsed: no Lambda reaches it' "$work/err" || true)
    printf '| %s | %d | %.2f | %.2f | %.0f | %s of %s |\n' "$bin" "$run" \
      "$(echo "$user + $sys" | bc)" "$wall" "$(echo "$rss / 1024" | bc)" "$skipped" "$cc_files"
  done
  if [ "${CALLGRIND:-0}" = 1 ]; then
    (cd "$work/repo" && valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
      "$abs" check template.yaml --no-cache --fail-on never >/dev/null 2>"$work/cg.err")
    echo "callgrind $bin: $(grep -o 'Collected : [0-9]*' "$work/cg.err" | tail -1)"
  fi
done
