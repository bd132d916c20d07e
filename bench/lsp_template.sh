#!/usr/bin/env bash
# Issue 8's editor target: `rightfit lsp` diagnostics after a change to a 1,000-line template.
# Generates the template (bench/generate_template.mjs) into a temporary directory and times
# edit -> publishDiagnostics with bench/lsp_latency.mjs in these workspaces:
#   alone     the template by itself
#   large     the template next to a copy of $CORPUS/cloudformation (770 templates)
#   corpus    the template next to a copy of the whole $CORPUS (~1,300 CloudFormation and
#             Terraform files); copies are made at run time (discovery does not follow
#             symlinked directories) and removed afterwards
#   patterns  a checkout of aws-samples/serverless-patterns ($PATTERNS, left unchanged: the
#             edits are never saved), editing its $PATTERNS_FILE
#
#   bash bench/lsp_template.sh
#   WORKSPACES="corpus patterns" PATTERNS=/tmp/serverless-patterns bash bench/lsp_template.sh
#
# Environment: RIGHTFIT (build-bench/rightfit, a Release build), CORPUS (../shared/corpus),
# EDITS (sequential edits per workspace, 20), LINES (1000), WORKSPACES ("alone large corpus",
# plus "patterns" when PATTERNS is set), PATTERNS_FILE (sqs-lambda-dotnet-sam/template.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."

RIGHTFIT=${RIGHTFIT:-build-bench/rightfit}
CORPUS=${CORPUS:-../shared/corpus}
EDITS=${EDITS:-20}
LINES=${LINES:-1000}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

PATTERNS=${PATTERNS:-}
PATTERNS_FILE=${PATTERNS_FILE:-sqs-lambda-dotnet-sam/template.yaml}
WORKSPACES=${WORKSPACES:-alone large corpus${PATTERNS:+ patterns}}

mkdir -p "$work/alone"
node bench/generate_template.mjs "$work/alone/template.yaml" "$LINES"
for workspace in $WORKSPACES; do
  case $workspace in
    large) mkdir -p "$work/large" && cp "$work/alone/template.yaml" "$work/large/" &&
             cp -r "$CORPUS/cloudformation" "$work/large/corpus" ;;
    corpus) mkdir -p "$work/corpus" && cp "$work/alone/template.yaml" "$work/corpus/" &&
              cp -r "$CORPUS" "$work/corpus/corpus" ;;
  esac
done

echo "machine: $(nproc) cores, $(uname -r); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for workspace in $WORKSPACES; do
  echo "== $workspace"
  if [ "$workspace" = patterns ]; then
    node bench/lsp_latency.mjs "$RIGHTFIT" "$PATTERNS" "$PATTERNS/$PATTERNS_FILE" --edits "$EDITS"
  else
    node bench/lsp_latency.mjs "$RIGHTFIT" "$work/$workspace" "$work/$workspace/template.yaml" \
      --edits "$EDITS"
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
