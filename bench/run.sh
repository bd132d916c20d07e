#!/usr/bin/env bash
# rightfit's benchmark: rightfit side by side with a peer tool on the same corpus, on this machine,
# in one run. Builds nothing: it runs $RIGHTFIT (default build-bench/rightfit, a Release build:
#   cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C build-bench rightfit)
# and the peers installed by `npm ci --ignore-scripts` (scripts/setup.sh).
#
#   bash bench/run.sh [ENTRY...]        ENTRY: terraform, cloudformation, corpus, frontends
#                                       (default: all)
#
# Environment:
#   RIGHTFIT   the binary to time                    (build-bench/rightfit)
#   FRONTEND_COST  what one file of each front-end costs (build-bench/rightfit_frontend_cost:
#              ninja -C build-bench rightfit_frontend_cost; bench/frontend_cost.cpp)
#   FLOOR      the parse-only floor binary           (build-bench/rightfit_parse_floor:
#              ninja -C build-bench rightfit_parse_floor; bench/parse_floor.cpp)
#   CFN_RUNS   timed passes of cfn-lint over the CloudFormation half (1: a pass takes minutes)
#   CFN_RESULT reuse this output of an earlier `node bench/cloudformation_lint.mjs DIR --json`
#              run instead of running cfn-lint again
#   RIGHTFIT_REV  the source revision it was built from, for the report (git describe --dirty)
#   CORPUS     the corpus root                       (../shared/corpus)
#   REALWORLD  the real-world data files             (../shared/realworld)
#   RUNS       timed runs of each command            (10; the median is reported)
#   PEER_RUNS  timed passes of the in-process peers  (5, after one warm-up pass)
#   COLD_RUNS  runs of the peers' whole process      (3)
#   PAIRED_RUNS  rounds of rightfit alternated with a warm peer pass (10)
#   BENCH_OUT  raw results (hyperfine JSON, logs)    (build-bench/bench-out)
#   NO_HYPERFINE=1  time with the shell loop even when hyperfine is installed
# Cycles and instructions are counted with `perf stat` when perf works here (Debian:
# linux-perf); without it that table is left out.
#
# Each entry prints Markdown on stdout: a table of every command timed one after another (median
# wall time, CPU time, peak RSS), then paired rounds that alternate rightfit with the peer so that
# both see the same machine load (the ratio to quote on a shared machine); the raw numbers are
# kept in $BENCH_OUT. Commands are timed with hyperfine when it is installed (Debian: hyperfine),
# else with a shell loop over `date +%s.%N`; CPU time and peak RSS come from /usr/bin/time
# (Debian: time). To add an entry (issue 8: CloudFormation against cfn-lint, our parse-only
# floor), write an `entry_NAME` function below and add NAME to ENTRIES; `time_cmd`, `peak_rss` and
# `paired` are meant to be reused.
set -euo pipefail
cd "$(dirname "$0")/.."

RIGHTFIT=${RIGHTFIT:-build-bench/rightfit}
CORPUS=${CORPUS:-../shared/corpus}
REALWORLD=${REALWORLD:-../shared/realworld}
RUNS=${RUNS:-10}
PEER_RUNS=${PEER_RUNS:-5}
COLD_RUNS=${COLD_RUNS:-3}
PAIRED_RUNS=${PAIRED_RUNS:-10}
BENCH_OUT=${BENCH_OUT:-build-bench/bench-out}
FLOOR=${FLOOR:-build-bench/rightfit_parse_floor}
FRONTEND_COST=${FRONTEND_COST:-build-bench/rightfit_frontend_cost}
CFN_RUNS=${CFN_RUNS:-1}
ENTRIES=(terraform cloudformation corpus frontends)

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$RIGHTFIT" ] || die "no rightfit binary at $RIGHTFIT (build it, or set RIGHTFIT)"
command -v node >/dev/null || die "node is missing"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package: time)"
mkdir -p "$BENCH_OUT"

# Reads a JSON file and prints the value of a JS expression over it (`j` is the parsed object).
json() { node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
                  console.log(eval(process.argv[2]))' "$1" "$2"; }
# Arithmetic on decimals, printed with $1 digits after the point.
calc() { awk -v d="$1" "BEGIN { printf \"%.\" d \"f\", $2 }"; }

# time_cmd NAME RUNS CMD...: runs CMD (no shell) once untimed, then RUNS times; sets MEDIAN,
# MIN, MAX (wall seconds) and CPU (mean user + system seconds), and keeps the raw numbers in
# $BENCH_OUT/NAME.json.
time_cmd() {
  local name=$1 runs=$2; shift 2
  local out=$BENCH_OUT/$name.json
  if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then
    # -N: no intermediate shell, so nothing is subtracted or added.
    hyperfine -N --style none --warmup 1 --runs "$runs" --export-json "$out" \
      -- "$(printf '%q ' "$@")" >"$BENCH_OUT/$name.hyperfine.txt" 2>&1 \
      || { cat "$BENCH_OUT/$name.hyperfine.txt" >&2; die "$name failed"; }
  else
    "$@" >/dev/null 2>&1 || die "$name failed"
    local walls=() users=() syss=() i s e u
    for ((i = 0; i < runs; i++)); do
      s=$(date +%s.%N)
      /usr/bin/time -f '%U %S' -o "$BENCH_OUT/$name.cpu" "$@" >/dev/null 2>&1
      e=$(date +%s.%N)
      walls+=("$(calc 6 "$e - $s")")
      read -r u s <"$BENCH_OUT/$name.cpu"; users+=("$u"); syss+=("$s")
    done
    node -e 'const [cmd, w, u, s] = process.argv.slice(1);
      const n = (x) => x.split(",").map(Number), mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
      const t = n(w).sort((a, b) => a - b), m = t.length >> 1;
      console.log(JSON.stringify({ results: [{ command: cmd, times: n(w),
        median: t.length % 2 ? t[m] : (t[m - 1] + t[m]) / 2, min: t[0], max: t[t.length - 1],
        user: mean(n(u)), system: mean(n(s)) }] }));' \
      "$*" "$(IFS=,; echo "${walls[*]}")" "$(IFS=,; echo "${users[*]}")" \
      "$(IFS=,; echo "${syss[*]}")" >"$out"
  fi
  MEDIAN=$(json "$out" 'j.results[0].median')
  MIN=$(json "$out" 'j.results[0].min')
  MAX=$(json "$out" 'j.results[0].max')
  CPU=$(json "$out" 'j.results[0].user + j.results[0].system')
}

# peak_rss NAME CMD...: one run under /usr/bin/time -v; sets RSS_MB.
peak_rss() {
  local name=$1; shift
  /usr/bin/time -v "$@" >/dev/null 2>"$BENCH_OUT/$name.time.txt" || true
  RSS_MB=$(awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$BENCH_OUT/$name.time.txt")
}

# paired NAME ROUNDS N PEER-CMD(N words) RIGHTFIT-CMD...: alternates, ROUNDS times, one run of
# the rightfit command (a whole process) with one warm pass of a peer that runs as a long-lived
# process, swapping which goes first each round, so that both see the same machine load. The peer
# protocol (terraform_parse.mjs --serve): print one line when warm, then for each line read on
# stdin do one pass and print one JSON line with "ms" and "cpu_ms". Writes $BENCH_OUT/NAME.tsv and
# sets P_RF_WALL, P_RF_CPU, P_H_WALL, P_H_CPU (median seconds) and P_WALL_RATIO, P_CPU_RATIO (the
# median of the per-round rightfit / peer ratios).
paired() {
  local name=$1 rounds=$2 n=$3; shift 3
  local peer=("${@:1:n}"); shift "$n"
  local tsv=$BENCH_OUT/$name.tsv cpu=$BENCH_OUT/$name.cpu line i s e u sy rf_wall rf_cpu h_wall h_cpu
  coproc PEER { exec "${peer[@]}"; }
  read -r line <&"${PEER[0]}" || die "${peer[*]} did not start"
  printf 'round\trightfit_wall_s\trightfit_cpu_s\tpeer_wall_s\tpeer_cpu_s\n' >"$tsv"
  rf_round() {
    s=$(date +%s.%N)
    /usr/bin/time -f '%U %S' -o "$cpu" "$@" >/dev/null 2>&1 || die "$* failed"
    e=$(date +%s.%N)
    read -r u sy <"$cpu"
    rf_wall=$(calc 6 "$e - $s"); rf_cpu=$(calc 2 "$u + $sy")
  }
  h_round() {
    echo pass >&"${PEER[1]}"
    read -r line <&"${PEER[0]}" || die "${peer[*]} stopped"
    [[ $line =~ \"ms\":([0-9.]+),\"cpu_ms\":([0-9.]+) ]] || die "${peer[*]}: $line"
    h_wall=$(calc 6 "${BASH_REMATCH[1]} / 1000"); h_cpu=$(calc 6 "${BASH_REMATCH[2]} / 1000")
  }
  for ((i = 0; i < rounds; i++)); do
    if ((i % 2)); then h_round; rf_round "$@"; else rf_round "$@"; h_round; fi
    printf '%d\t%s\t%s\t%s\t%s\n' "$i" "$rf_wall" "$rf_cpu" "$h_wall" "$h_cpu" >>"$tsv"
  done
  local fd=${PEER[1]} pid=$PEER_PID
  exec {fd}>&-
  wait "$pid" || true
  read -r P_RF_WALL P_RF_CPU P_H_WALL P_H_CPU P_WALL_RATIO P_CPU_RATIO < <(node -e '
    const rows = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").slice(1)
      .map((l) => l.split("\t").map(Number));
    const med = (xs) => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1;
                          return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
    const col = (k) => rows.map((r) => r[k]);
    console.log([med(col(1)), med(col(2)), med(col(3)), med(col(4)),
                 med(rows.map((r) => r[1] / r[3])), med(rows.map((r) => r[2] / r[4]))].join(" "));
  ' "$tsv")
}

# counts NAME CMD...: user-mode cycles and instructions of one run of CMD (all its threads), from
# `perf stat`; sets CYC and INS, or leaves them empty when perf cannot count here. Unlike times,
# instructions hardly move with the machine's load, and cycles move less than times do.
counts() {
  local name=$1; shift
  CYC='' INS=''
  command -v perf >/dev/null || return 0
  perf stat -x, -e cycles:u,instructions:u -o "$BENCH_OUT/$name.perf" "$@" >/dev/null 2>&1 || return 0
  CYC=$(awk -F, '$3 == "cycles:u" && $1 ~ /^[0-9]+$/ { print $1 }' "$BENCH_OUT/$name.perf")
  INS=$(awk -F, '$3 == "instructions:u" && $1 ~ /^[0-9]+$/ { print $1 }' "$BENCH_OUT/$name.perf")
}

ms() { calc 0 "$1 * 1000"; }

machine() {
  echo "- date: $(date)"
  echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/ { print $2 " GiB" }') memory, $(uname -sr)"
  local rev=${RIGHTFIT_REV:-$(git describe --always --dirty 2>/dev/null || echo unknown)}
  echo "- rightfit: $("$RIGHTFIT" --version) ($RIGHTFIT), built from $rev"
  local timer="shell loop over date +%s.%N"
  [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null && timer=$(hyperfine --version)
  echo "- node: $(node --version); timer: $timer"
  echo "- runs: median of $RUNS runs after 1 warm-up (rightfit, floor); peers: $PEER_RUNS in-process passes after 1 warm-up, $COLD_RUNS whole-process runs"
}

# The Terraform half: rightfit's full analysis against @cdktf/hcl2json parsing the same files.
entry_terraform() {
  local dir=$CORPUS/terraform
  [ -d "$dir" ] || die "no Terraform corpus at $dir"
  local nfiles bytes load0
  nfiles=$(find "$dir" -name '*.tf' -type f | wc -l)
  bytes=$(find "$dir" -name '*.tf' -type f -print0 | xargs -0 cat | wc -c)
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "== terraform: $dir ($nfiles .tf files, $((bytes / 1024)) KiB)" >&2

  echo "   floor: find + cat ($RUNS runs)" >&2
  time_cmd tf-floor "$RUNS" find "$dir" -name '*.tf' -type f -exec cat '{}' +
  local floor=$MEDIAN floor_r="$(ms "$MIN") – $(ms "$MAX")" floor_cpu=$CPU

  local rf=("$RIGHTFIT" check "$dir" --fail-on never --format json -o "$BENCH_OUT/report.json")  # never -o /dev/null (issue 24)
  echo "   rightfit, default jobs ($RUNS runs)" >&2
  time_cmd tf-rightfit "$RUNS" "${rf[@]}"
  local rfj=$MEDIAN rfj_r="$(ms "$MIN") – $(ms "$MAX")" rfj_cpu=$CPU
  peak_rss tf-rightfit "${rf[@]}"; local rfj_rss=$RSS_MB
  echo "   rightfit --jobs 1 ($RUNS runs)" >&2
  time_cmd tf-rightfit-j1 "$RUNS" "${rf[@]}" --jobs 1
  local rf1=$MEDIAN rf1_r="$(ms "$MIN") – $(ms "$MAX")" rf1_cpu=$CPU
  peak_rss tf-rightfit-j1 "${rf[@]}" --jobs 1; local rf1_rss=$RSS_MB
  # What rightfit found, so that a speed-up which skips work shows.
  "$RIGHTFIT" check "$dir" --fail-on never --format json -o "$BENCH_OUT/tf-rightfit-report.json"
  local findings
  findings=$(json "$BENCH_OUT/tf-rightfit-report.json" 'j.findings.length')

  echo "   hcl2json in one Node process ($PEER_RUNS passes after a warm-up)" >&2
  local hj=$BENCH_OUT/tf-hcl2json.json
  node bench/terraform_parse.mjs "$dir" --runs "$PEER_RUNS" --json >"$hj"
  local hw hw_r hw_cpu hfail hfiles hrss hver
  hw=$(json "$hj" 'j.median_ms / 1000')
  hw_r="$(json "$hj" 'Math.round(j.min_ms)') – $(json "$hj" 'Math.round(j.max_ms)')"
  hw_cpu=$(json "$hj" 'j.median_cpu_ms / 1000')
  hfail=$(json "$hj" 'j.failures')
  hfiles=$(json "$hj" 'j.files')
  hrss=$(json "$hj" 'Math.round(j.max_rss_kb / 1024)')
  hver=$(json "$hj" 'j.version')
  echo "   hcl2json, whole process, cold ($COLD_RUNS runs)" >&2
  time_cmd tf-hcl2json-cold "$COLD_RUNS" node bench/terraform_parse.mjs "$dir" --cold
  local hc=$MEDIAN hc_r="$(ms "$MIN") – $(ms "$MAX")" hc_cpu=$CPU
  echo "   paired: rightfit alternated with a warm hcl2json pass ($PAIRED_RUNS rounds)" >&2
  paired tf-paired "$PAIRED_RUNS" 4 node bench/terraform_parse.mjs "$dir" --serve "${rf[@]}"
  echo "   cycles and instructions (perf stat)" >&2
  local rc=() ri=()
  for _ in 1 2 3; do counts tf-rightfit-counts "${rf[@]}"; rc+=("$CYC"); ri+=("$INS"); done
  local rcyc rins hcyc='' hins='' c1 i1
  rcyc=$(printf '%s\n' "${rc[@]}" | sort -n | sed -n 2p); rins=$(printf '%s\n' "${ri[@]}" | sort -n | sed -n 2p)
  if [ -n "$rcyc" ]; then
    counts tf-hcl2json-counts-1 node bench/terraform_parse.mjs "$dir" --runs 1; c1=$CYC i1=$INS
    counts tf-hcl2json-counts-n node bench/terraform_parse.mjs "$dir" --runs $((PEER_RUNS + 1))
    if [ -n "$c1" ] && [ -n "$CYC" ]; then
      hcyc=$(calc 0 "($CYC - $c1) / $PEER_RUNS"); hins=$(calc 0 "($INS - $i1) / $PEER_RUNS")
    fi
  fi
  local load1; load1=$(cut -d' ' -f1-3 /proc/loadavg)

  cat <<EOF

## Terraform: $nfiles \`.tf\` files, $((bytes / 1024)) KiB

Load average before / after: $load0 / $load1.

| what | command | wall, median | wall, min – max | CPU (user+sys) | peak RSS |
| --- | --- | ---: | ---: | ---: | ---: |
| floor: find and read every file | \`find $dir -name '*.tf' -type f -exec cat {} +\` | $(ms "$floor") ms | $floor_r ms | $(ms "$floor_cpu") ms | |
| rightfit, full analysis, default jobs ($(nproc)) | \`$RIGHTFIT check $dir --fail-on never --format json -o report.json\` | $(ms "$rfj") ms | $rfj_r ms | $(ms "$rfj_cpu") ms | $rfj_rss MB |
| rightfit, full analysis, 1 job | the same with \`--jobs 1\` | $(ms "$rf1") ms | $rf1_r ms | $(ms "$rf1_cpu") ms | $rf1_rss MB |
| hcl2json $hver \`parse\` of every file, warm, in process | \`node bench/terraform_parse.mjs $dir --runs $PEER_RUNS\` | $(ms "$hw") ms | $hw_r ms | $(ms "$hw_cpu") ms | $hrss MB |
| hcl2json $hver, whole Node process, cold | \`node bench/terraform_parse.mjs $dir --cold\` | $(ms "$hc") ms | $hc_r ms | $(ms "$hc_cpu") ms | |

- rightfit reported $findings findings; hcl2json parsed $hfiles files, $hfail failed.
- Rows are timed one after another, so a change in the machine's load between them moves the
  ratios. The paired rounds below do not have that problem.

**Paired rounds** ($PAIRED_RUNS): each round runs rightfit once (whole process, default jobs) and
one warm hcl2json pass (\`node bench/terraform_parse.mjs $dir --serve\`), alternating which goes
first; raw rows in \`$BENCH_OUT/tf-paired.tsv\`.

| | rightfit full analysis | hcl2json parse alone (warm) | rightfit / hcl2json (median of rounds) | hcl2json / rightfit |
| --- | ---: | ---: | ---: | ---: |
| wall | $(ms "$P_RF_WALL") ms | $(ms "$P_H_WALL") ms | **$(calc 3 "$P_WALL_RATIO")** | **$(calc 2 "1 / $P_WALL_RATIO")x** |
| CPU (user+sys) | $(ms "$P_RF_CPU") ms | $(ms "$P_H_CPU") ms | **$(calc 3 "$P_CPU_RATIO")** | **$(calc 2 "1 / $P_CPU_RATIO")x** |

$(if [ -n "$hcyc" ]; then cat <<COUNTS
**Counted work** (\`perf stat -e cycles:u,instructions:u\`, all threads; load hardly moves instructions, cycles less than times): rightfit's whole
process (median of 3) against one warm hcl2json pass (the difference between \`--runs $((PEER_RUNS + 1))\` and
\`--runs 1\`, divided by $PEER_RUNS).

| | rightfit full analysis | hcl2json parse alone (warm) | rightfit / hcl2json | hcl2json / rightfit |
| --- | ---: | ---: | ---: | ---: |
| cycles | $(calc 2 "$rcyc / 1e9") G | $(calc 2 "$hcyc / 1e9") G | **$(calc 3 "$rcyc / $hcyc")** | **$(calc 2 "$hcyc / $rcyc")x** |
| instructions | $(calc 2 "$rins / 1e9") G | $(calc 2 "$hins / 1e9") G | $(calc 3 "$rins / $hins") | $(calc 2 "$hins / $rins")x |

COUNTS
else echo "(perf cannot count cycles here: no counted-work table.)"; fi)

Other ratios, from the table above: rightfit / floor: wall $(calc 1 "$rfj / $floor")x, CPU $(calc 1 "$rfj_cpu / $floor_cpu")x;
whole processes, hcl2json cold / rightfit: wall $(calc 1 "$hc / $rfj")x, CPU $(calc 1 "$hc_cpu / $rfj_cpu")x.
EOF
}

# floor_cmd NAME DIR: times the parse-only floor (discovery, reading, parsing into trees with
# rightfit's own parsers; no evaluation, linking or checks); sets FLOOR_WALL (median
# whole-process wall seconds) and FLOOR_MS (median of the times it reports itself).
floor_cmd() {
  local name=$1 dir=$2 i ms=()
  [ -x "$FLOOR" ] || die "no parse-only floor binary at $FLOOR (ninja -C build-bench rightfit_parse_floor)"
  time_cmd "$name" "$RUNS" "$FLOOR" "$dir"
  FLOOR_WALL=$MEDIAN
  for ((i = 0; i < RUNS; i++)); do ms+=("$("$FLOOR" "$dir" | sed -E 's/.*"ms": ([0-9.]+).*/\1/')"); done
  FLOOR_MS=$(printf '%s\n' "${ms[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }')
}

# The CloudFormation half: rightfit's full analysis against the npm cfn-lint validator
# (`validateFile` on every template in one Node process), and rightfit's parse-only floor.
entry_cloudformation() {
  local dir=$CORPUS/cloudformation
  [ -d "$dir" ] || die "no CloudFormation corpus at $dir"
  local nfiles bytes load0
  nfiles=$(find "$dir" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) | wc -l)
  bytes=$(find "$dir" -type f -print0 | xargs -0 cat | wc -c)
  load0=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "== cloudformation: $dir ($nfiles templates, $((bytes / 1024)) KiB)" >&2

  echo "   floor: find + cat ($RUNS runs)" >&2
  time_cmd cfn-read "$RUNS" find "$dir" -type f -exec cat '{}' +
  local read=$MEDIAN read_cpu=$CPU
  echo "   parse-only floor ($RUNS runs)" >&2
  floor_cmd cfn-floor "$dir"
  local fl=$FLOOR_WALL fl_cpu=$CPU fl_ms=$FLOOR_MS
  local rf=("$RIGHTFIT" check "$dir" --fail-on never --format json -o "$BENCH_OUT/report.json")  # never -o /dev/null (issue 24)
  echo "   rightfit, default jobs ($RUNS runs)" >&2
  time_cmd cfn-rightfit "$RUNS" "${rf[@]}"
  local rfj=$MEDIAN rfj_r="$(ms "$MIN") – $(ms "$MAX")" rfj_cpu=$CPU
  peak_rss cfn-rightfit "${rf[@]}"; local rfj_rss=$RSS_MB
  echo "   rightfit --jobs 1 ($RUNS runs)" >&2
  time_cmd cfn-rightfit-j1 "$RUNS" "${rf[@]}" --jobs 1
  local rf1=$MEDIAN rf1_cpu=$CPU
  "$RIGHTFIT" check "$dir" --fail-on never --format json -o "$BENCH_OUT/cfn-rightfit-report.json"
  local findings
  findings=$(json "$BENCH_OUT/cfn-rightfit-report.json" 'j.findings.length')

  echo "   cfn-lint validateFile in one Node process ($CFN_RUNS passes after a warm-up; minutes each)" >&2
  local cj=$BENCH_OUT/cfn-lint.json
  if [ -n "${CFN_RESULT:-}" ]; then
    echo "   (reusing $CFN_RESULT)" >&2
    [ "$CFN_RESULT" -ef "$cj" ] || cp "$CFN_RESULT" "$cj"
  else
    node bench/cloudformation_lint.mjs "$dir" --runs "$CFN_RUNS" --json >"$cj"
  fi
  local cw cw_cpu cfail cfiles crss cver
  cw=$(json "$cj" 'j.median_ms / 1000')
  cw_cpu=$(json "$cj" 'j.median_cpu_ms / 1000')
  cfail=$(json "$cj" 'j.failures')
  cfiles=$(json "$cj" 'j.files')
  crss=$(json "$cj" 'Math.round(j.max_rss_kb / 1024)')
  cver=$(json "$cj" 'j.version')
  local load1; load1=$(cut -d' ' -f1-3 /proc/loadavg)

  cat <<EOF

## CloudFormation: $nfiles templates, $((bytes / 1024)) KiB

Load average before / after: $load0 / $load1.

| what | command | wall, median | CPU (user+sys) | peak RSS |
| --- | --- | ---: | ---: | ---: |
| read every file | \`find $dir -type f -exec cat {} +\` | $(ms "$read") ms | $(ms "$read_cpu") ms | |
| rightfit parse-only floor (walk, read, YAML/JSON trees) | \`$FLOOR $dir\` | $(ms "$fl") ms (in process: $(calc 0 "$fl_ms") ms) | $(ms "$fl_cpu") ms | |
| rightfit, full analysis, default jobs ($(nproc)) | \`$RIGHTFIT check $dir --fail-on never --format json -o report.json\` | $(ms "$rfj") ms ($rfj_r) | $(ms "$rfj_cpu") ms | $rfj_rss MB |
| rightfit, full analysis, 1 job | the same with \`--jobs 1\` | $(ms "$rf1") ms | $(ms "$rf1_cpu") ms | |
| cfn-lint $cver \`validateFile\` of every template, warm, in process | \`node bench/cloudformation_lint.mjs $dir --runs $CFN_RUNS\` | $(ms "$cw") ms | $(ms "$cw_cpu") ms | $crss MB |

- rightfit reported $findings findings; cfn-lint validated $cfiles files, $cfail threw.
- cfn-lint / rightfit: wall **$(calc 1 "$cw / $rfj")x**, CPU **$(calc 1 "$cw_cpu / $rfj_cpu")x** (target: 20x).
- rightfit full analysis / parse-only floor: wall **$(calc 2 "$rfj / $fl")x**, CPU $(calc 2 "$rfj_cpu / $fl_cpu")x (target: within 2x).
EOF
}

# The whole corpus in one run: the parse-only floor against the full analysis, and the peak
# memory of the full analysis.
entry_corpus() {
  local dir=$CORPUS
  echo "== corpus: $dir" >&2
  echo "   parse-only floor ($RUNS runs)" >&2
  floor_cmd corpus-floor "$dir"
  local fl=$FLOOR_WALL fl_cpu=$CPU
  local rf=("$RIGHTFIT" check "$dir" --fail-on never --format json -o "$BENCH_OUT/report.json")  # never -o /dev/null (issue 24)
  echo "   rightfit, default jobs ($RUNS runs)" >&2
  time_cmd corpus-rightfit "$RUNS" "${rf[@]}"
  local rfj=$MEDIAN rfj_cpu=$CPU
  peak_rss corpus-rightfit "${rf[@]}"; local rss=$RSS_MB
  peak_rss corpus-floor "$FLOOR" "$dir"; local fl_rss=$RSS_MB
  cat <<EOF

## The whole corpus ($dir)

| what | wall, median | CPU (user+sys) | peak RSS |
| --- | ---: | ---: | ---: |
| rightfit parse-only floor (\`$FLOOR $dir\`) | $(ms "$fl") ms | $(ms "$fl_cpu") ms | $fl_rss MB |
| rightfit, full analysis (\`$RIGHTFIT check $dir ...\`) | $(ms "$rfj") ms | $(ms "$rfj_cpu") ms | $rss MB |

- full analysis / parse-only floor: wall **$(calc 2 "$rfj / $fl")x**, CPU **$(calc 2 "$rfj_cpu / $fl_cpu")x** (target: within 2x).
- peak memory of the full analysis: **$rss MB** (target: under 300 MB).
EOF
}

# What one file costs in each front-end (issue 14): every file analysed alone, in process
# (bench/frontend_cost.cpp: read, parse, link, check; no process start-up), median of
# $RUNS rounds. The inputs are the project's own fixtures and the real-world files in
# $REALWORLD (read in place), one row per front-end of the list (parsers/frontends.cpp) that
# parses some of them, and the CloudFormation half of the corpus for comparison.
files_list() { find "$@" -type f | LC_ALL=C sort | paste -sd, -; }
entry_frontends() {
  [ -x "$FRONTEND_COST" ] || die "no $FRONTEND_COST (ninja -C build-bench rightfit_frontend_cost)"
  echo "== front-ends: per-file cost ($RUNS rounds)" >&2
  local out=$BENCH_OUT/frontends.jsonl
  "$FRONTEND_COST" --rounds "$RUNS" \
    "CloudFormation/SAM (corpus)=$(files_list "$CORPUS/cloudformation")" \
    fixtures "$REALWORLD" >"$out"
  cat <<EOF

## Front-ends: what one file costs

Measured by \`$FRONTEND_COST\` in process, one thread, median of $RUNS rounds.

"Together": one analysis of all the files of the row (as \`rightfit check DIR\`), less the
cost of analysing one empty file that no front-end claims (the first row: discovery,
configuration, linking and every check around nothing), per file and per KB. "Alone": every
file analysed by itself (a pre-commit hook on one changed file), fixed cost included.

| front-end | files | KB | together: µs per file | together: µs per KB | alone: µs per file |
| --- | ---: | ---: | ---: | ---: | ---: |
EOF
  node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n")) {
      const r = JSON.parse(l), f = (x) => x.toFixed(0);
      console.log(`| ${r.group} | ${r.units} | ${f(r.bytes / 1024)} | ${f(r.together_us_per_unit)} | ${f(r.together_us_per_kb)} | ${f(r.alone_us_per_unit)} |`);
    }' "$out"
}

selected=("$@")
((${#selected[@]})) || selected=("${ENTRIES[@]}")
for e in "${selected[@]}"; do
  declare -F "entry_$e" >/dev/null || die "no entry '$e' (entries: ${ENTRIES[*]})"
done
echo "# rightfit benchmark"
echo
machine
for e in "${selected[@]}"; do "entry_$e"; done
