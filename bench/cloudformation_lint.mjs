#!/usr/bin/env node
// Validates every CloudFormation template under a directory with the npm `cfn-lint` package
// (its `validateFile` API) in ONE Node process, and reports how long the whole set takes.
//
//   node bench/cloudformation_lint.mjs [DIR] [--runs N] [--cold] [--json]
//   node bench/cloudformation_lint.mjs [DIR] --serve
//
// DIR defaults to ../shared/corpus/cloudformation relative to the project root. Each timed run
// calls `validateFile(path)` on every *.yaml, *.yml, *.json and *.template file in turn (the
// package reads and parses the file itself, as rightfit does). The options and output are those
// of bench/terraform_parse.mjs: one untimed warm-up pass, then --runs timed passes (median
// reported); --cold times one pass right after the import; --json prints one JSON object;
// --serve answers one timed pass per line on stdin (bench/run.sh pairs those with rightfit
// runs). The validator logs through winston: its output is silenced so that only results
// reach stdout.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

function usage(message) {
  if (message) console.error(`cloudformation_lint: ${message}`);
  console.error("usage: node bench/cloudformation_lint.mjs [DIR] [--runs N] [--cold] [--json] [--serve]");
  process.exit(2);
}

const opts = { dir: resolve(root, "../shared/corpus/cloudformation"), runs: 5, cold: false, json: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--runs") {
    opts.runs = Number.parseInt(argv[++i], 10);
    if (!(opts.runs >= 1)) usage("--runs needs a positive integer");
  } else if (a === "--cold") opts.cold = true;
  else if (a === "--json") opts.json = true;
  else if (a === "--serve") opts.serve = true;
  else if (a === "-h" || a === "--help") usage();
  else if (a.startsWith("-")) usage(`unknown option ${a}`);
  else opts.dir = resolve(a);
}

const kTemplate = /\.(ya?ml|json|template)$/i;

// Every template file under dir, sorted so runs are comparable; symlinks are not followed.
function listTemplates(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && kTemplate.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

const t0 = process.hrtime.bigint();
const { validateFile } = require("cfn-lint");
const files = listTemplates(opts.dir).map((path) => ({ path }));
if (files.length === 0) usage(`no templates under ${opts.dir}`);
const bytes = files.reduce((n, f) => n + readFileSync(f.path).length, 0);
// Silence the validator's own logging (winston writes through these).
const quiet = () => {};
for (const k of ["log", "info", "warn", "error", "debug"]) console[k] = quiet;
const out = (line) => process.stdout.write(line + "\n");

// One pass over every file; returns elapsed milliseconds and the files that failed to parse.
async function pass() {
  const failures = [];
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const f of files) {
    try {
      validateFile(f.path);
    } catch (err) {
      failures.push({ file: relative(opts.dir, f.path), error: String(err?.message ?? err).split("\n")[0] });
    }
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1e3, failures };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

if (opts.serve) {
  const warm = await pass();
  out(JSON.stringify({ ready: true, files: files.length, failures: warm.failures.length }));
  const { createInterface } = await import("node:readline");
  for await (const _ of createInterface({ input: process.stdin })) {
    const r = await pass();
    out(JSON.stringify({ ms: r.ms, cpu_ms: r.cpuMs, failures: r.failures.length }));
  }
  process.exit(0);
}

let times = [];
let cpuTimes = [];
let failures;
if (opts.cold) {
  const r = await pass();
  times = [r.ms];
  cpuTimes = [r.cpuMs];
  failures = r.failures;
} else {
  failures = (await pass()).failures; // warm-up
  for (let i = 0; i < opts.runs; i++) {
    const r = await pass();
    times.push(r.ms);
    cpuTimes.push(r.cpuMs);
  }
}
const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;

const result = {
  tool: "cfn-lint",
  version: require("cfn-lint/package.json").version,
  node: process.version,
  dir: opts.dir,
  files: files.length,
  bytes,
  failures: failures.length,
  mode: opts.cold ? "cold" : "warm",
  runs: times.length,
  median_ms: median(times),
  min_ms: Math.min(...times),
  max_ms: Math.max(...times),
  times_ms: times,
  median_cpu_ms: median(cpuTimes),
  cpu_times_ms: cpuTimes,
  process_ms: totalMs,
  max_rss_kb: process.resourceUsage().maxRSS,
  failed_files: failures,
};

if (opts.json) {
  out(JSON.stringify(result));
} else {
  const f = (x) => x.toFixed(1);
  out(`cfn-lint ${result.version} on Node ${result.node}: ${result.files} files, ` +
              `${(bytes / 1024).toFixed(0)} KiB, ${result.failures} failed`);
  out(`${result.mode} validation of the whole set: median ${f(result.median_ms)} ms over ` +
              `${result.runs} run(s) (min ${f(result.min_ms)}, max ${f(result.max_ms)}), ` +
              `CPU ${f(result.median_cpu_ms)} ms; peak RSS ${(result.max_rss_kb / 1024).toFixed(0)} MB`);
  for (const x of failures.slice(0, 10)) out(`  failed: ${x.file}: ${x.error}`);
  if (failures.length > 10) out(`  ... and ${failures.length - 10} more`);
}
