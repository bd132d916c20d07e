#!/usr/bin/env node
// Parses every .tf file under a directory with @cdktf/hcl2json (HashiCorp's HCL parser, Go
// compiled to WebAssembly) in ONE Node process, and reports how long the whole set takes.
//
//   node bench/terraform_parse.mjs [DIR] [--runs N] [--cold] [--json]
//   node bench/terraform_parse.mjs [DIR] --serve
//
// DIR defaults to ../shared/corpus/terraform relative to the project root. The files are read
// into memory first; each timed run then calls `parse(filename, contents)` on every file in turn
// (the package's own API: the Go parser plus its JSON hand-over to JavaScript). One untimed
// warm-up pass runs first (WebAssembly instantiation, JIT), then --runs timed passes (default 5);
// the median is reported. --cold instead times a single pass that starts right after the module
// is imported, so it includes instantiating the WebAssembly module. --json prints one JSON object
// on stdout instead of the text lines (bench/run.sh reads it). --serve does the warm-up pass,
// prints "ready", then does one timed pass per line read on stdin and prints its result as one
// JSON line: bench/run.sh alternates those passes with rightfit runs so that both see the same
// machine load. CPU time (user + system of the
// whole process, so V8's helper threads count) is reported beside wall time: on a loaded machine
// it is the steadier number.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(root, "package.json"));

function usage(message) {
  if (message) console.error(`terraform_parse: ${message}`);
  console.error("usage: node bench/terraform_parse.mjs [DIR] [--runs N] [--cold] [--json] [--serve]");
  process.exit(2);
}

const opts = { dir: resolve(root, "../shared/corpus/terraform"), runs: 5, cold: false, json: false };
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

// Every *.tf file under dir, sorted so runs are comparable; symlinks are not followed.
function listTf(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith(".tf")) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

const t0 = process.hrtime.bigint();
const { parse } = require("@cdktf/hcl2json");
const files = listTf(opts.dir).map((path) => ({ path, text: readFileSync(path, "utf8") }));
if (files.length === 0) usage(`no .tf files under ${opts.dir}`);
const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);

// One pass over every file; returns elapsed milliseconds and the files that failed to parse.
async function pass() {
  const failures = [];
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const f of files) {
    try {
      await parse(f.path, f.text);
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
  console.log(JSON.stringify({ ready: true, files: files.length, failures: warm.failures.length }));
  const { createInterface } = await import("node:readline");
  for await (const _ of createInterface({ input: process.stdin })) {
    const r = await pass();
    console.log(JSON.stringify({ ms: r.ms, cpu_ms: r.cpuMs, failures: r.failures.length }));
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
  tool: "@cdktf/hcl2json",
  version: require("@cdktf/hcl2json/package.json").version,
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
  console.log(JSON.stringify(result));
} else {
  const f = (x) => x.toFixed(1);
  console.log(`hcl2json ${result.version} on Node ${result.node}: ${result.files} files, ` +
              `${(bytes / 1024).toFixed(0)} KiB, ${result.failures} failed`);
  console.log(`${result.mode} parse of the whole set: median ${f(result.median_ms)} ms over ` +
              `${result.runs} run(s) (min ${f(result.min_ms)}, max ${f(result.max_ms)}), ` +
              `CPU ${f(result.median_cpu_ms)} ms; peak RSS ${(result.max_rss_kb / 1024).toFixed(0)} MB`);
  for (const x of failures.slice(0, 10)) console.log(`  failed: ${x.file}: ${x.error}`);
  if (failures.length > 10) console.log(`  ... and ${failures.length - 10} more`);
}
