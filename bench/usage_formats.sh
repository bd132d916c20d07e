#!/bin/bash
# What reading a --usage file costs (issue 25, usage formats): an AWS Compute Optimizer Lambda
# export (CSV) of N rows read against fixtures/usage/orders (one row names its function), and an
# Infracost usage file of N entries read against a generated Terraform app of 100 functions (the
# first 100 entries name one each). Files are generated in a temporary directory.
# Instructions are counted only inside read_usage_files (callgrind); CPU time (user+sys) and peak
# RSS of the whole `rightfit cost` with and without the file come from /usr/bin/time.
# Usage: bash bench/usage_formats.sh [BINARY] [N...]   (default build/rightfit, 1000 10000)
set -euo pipefail
bin=${1:-build/rightfit}
shift || true
sizes=${*:-1000 10000}
work=$(mktemp -d /tmp/rightfit-usage-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

write_files() {  # $1 = N
  local n=$1
  {
    echo "accountId,functionArn,functionVersion,finding,numberOfInvocations,utilizationMetrics_Duration_MAXIMUM,utilizationMetrics_Duration_AVERAGE,utilizationMetrics_Memory_MAXIMUM,lookbackPeriodInDays,currentConfiguration_memorySize,errorCode,errorMessage"
    echo "1,arn:aws:lambda:us-east-1:1:function:orders-api,\$LATEST,Optimized,7000,900,95,300,14,1024,,"
    for ((i = 1; i < n; i++)); do
      echo "1,arn:aws:lambda:us-east-1:1:function:other-$i,\$LATEST,\"Optimized, mostly\",$i,900,95,300,14,1024,,"
    done
  } > "$work/co-$n.csv"
  {
    echo "version: 0.1"
    echo "resource_usage:"
    for ((i = 0; i < n; i++)); do
      echo "  aws_lambda_function.f$i:"
      echo "    monthly_requests: $((i + 1))"
      echo "    request_duration_ms: 120"
    done
  } > "$work/infracost-$n.yml"
}

cpu_rss() {  # prints "user+sys s, peak RSS KB" of one run of "$@"
  /usr/bin/time -f "%U %S %M" -o "$work/time" "$@" > /dev/null 2> /dev/null || true
  awk '{printf "%.3f s, %d KB", $1 + $2, $3}' "$work/time"
}

instructions() {  # Ir inside read_usage_files for one run of "$@"
  valgrind --tool=callgrind --callgrind-out-file="$work/cg" \
    --toggle-collect='rightfit::usage::read_usage_files*' "$@" > /dev/null 2>&1 || true
  callgrind_annotate "$work/cg" 2> /dev/null | awk '/PROGRAM TOTALS/ {print $1}'
}

mkdir -p "$work/tf"
for ((i = 0; i < 100; i++)); do
  printf 'resource "aws_lambda_function" "f%d" {\n  function_name = "f%d"\n  role = "r"\n  handler = "h.h"\n  runtime = "python3.12"\n  filename = "f.zip"\n}\n' "$i" "$i"
done > "$work/tf/main.tf"

echo "| file | entries | Ir in read_usage_files | cost with it (user+sys, peak RSS) | cost without |"
echo "|---|---:|---:|---|---|"
for n in $sizes; do
  write_files "$n"
  for f in "co-$n.csv" "infracost-$n.yml"; do
    app=fixtures/usage/orders
    [[ $f == infracost* ]] && app="$work/tf"
    without=$(cpu_rss "$bin" cost "$app" -f json)
    with=$(cpu_rss "$bin" cost "$app" -f json --usage "$work/$f")
    ir=$(instructions "$bin" cost "$app" -f json --usage "$work/$f")
    echo "| ${f%%-*} | $n | $ir | $with | $without |"
  done
done
