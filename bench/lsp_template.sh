#!/usr/bin/env bash
# Issue 8's editor target: `rightfit lsp` diagnostics after a change to a 1,000-line template.
# Generates the template (bench/generate_template.mjs) into a temporary directory and times
# edit -> publishDiagnostics with bench/lsp_latency.mjs in two workspaces:
#   alone   the template by itself
#   large   the template next to a copy of $CORPUS/cloudformation (770 templates), copied at
#           run time (discovery does not follow symlinked directories) and removed afterwards
#
#   bash bench/lsp_template.sh
#
# Environment: RIGHTFIT (build-bench/rightfit, a Release build), CORPUS (../shared/corpus),
# EDITS (sequential edits per workspace, 20), LINES (1000).
set -euo pipefail
cd "$(dirname "$0")/.."

RIGHTFIT=${RIGHTFIT:-build-bench/rightfit}
CORPUS=${CORPUS:-../shared/corpus}
EDITS=${EDITS:-20}
LINES=${LINES:-1000}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/alone" "$work/large"
node bench/generate_template.mjs "$work/alone/template.yaml" "$LINES"
cp "$work/alone/template.yaml" "$work/large/template.yaml"
cp -r "$CORPUS/cloudformation" "$work/large/corpus"

echo "machine: $(nproc) cores, $(uname -r); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
for workspace in alone large; do
  echo "== $workspace"
  node bench/lsp_latency.mjs "$RIGHTFIT" "$work/$workspace" "$work/$workspace/template.yaml" \
    --edits "$EDITS"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
