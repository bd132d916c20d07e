// What bench/terraform_parse.mjs and bench/cloudformation_lint.mjs share: their command line,
// the file walk, the timed passes (warm-up, --runs, --cold, the stdin-driven --serve mode that
// bench/run.sh pairs with rightfit runs) and the result record they print.
//
// Output goes through process.stdout/stderr directly: cfn-lint logs through console.*, so
// cloudformation_lint.mjs silences those.
import { readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const out = (line) => process.stdout.write(line + "\n");

// Prints the usage line (after `message`, if any) and exits with status 2.
export function usage(script, message) {
  if (message) process.stderr.write(`${script}: ${message}\n`);
  process.stderr.write(`usage: node bench/${script}.mjs [DIR] [--runs N] [--cold] [--json] [--serve]\n`);
  process.exit(2);
}

// DIR (default `defaultDir`, relative to the project root), --runs N (default 5), --cold,
// --json, --serve.
export function parseOptions(script, defaultDir, argv = process.argv.slice(2)) {
  const opts = { dir: resolve(projectRoot, defaultDir), runs: 5, cold: false, json: false, serve: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--runs") {
      opts.runs = Number.parseInt(argv[++i], 10);
      if (!(opts.runs >= 1)) usage(script, "--runs needs a positive integer");
    } else if (a === "--cold") opts.cold = true;
    else if (a === "--json") opts.json = true;
    else if (a === "--serve") opts.serve = true;
    else if (a === "-h" || a === "--help") usage(script);
    else if (a.startsWith("-")) usage(script, `unknown option ${a}`);
    else opts.dir = resolve(a);
  }
  return opts;
}

// Every file under dir whose name passes `wanted`, sorted so runs are comparable; symlinks are
// not followed.
export function listFiles(dir, wanted) {
  const found = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && wanted(e.name)) found.push(p);
    }
  };
  walk(dir);
  return found.sort();
}

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// One pass of `work(file)` over every file: wall and CPU milliseconds (CPU: user + system of
// the whole process, so V8's helper threads count) and the files whose work threw.
async function timedPass(files, dir, work) {
  const failures = [];
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (const f of files) {
    try {
      await work(f);
    } catch (err) {
      failures.push({ file: relative(dir, f.path), error: String(err?.message ?? err).split("\n")[0] });
    }
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1e3, failures };
}

// Runs the passes `opts` asks for and prints the result (text, or one JSON object with --json).
// --serve never returns: one warm-up pass, "ready", then one timed pass per stdin line.
// `tool`: { name, version }; `verb`: what a pass does, for the text output ("parse");
// `startedAt`: process.hrtime.bigint() before the tool was loaded (the record's process_ms).
export async function runBench({ opts, files, bytes, work, tool, verb, startedAt }) {
  const pass = () => timedPass(files, opts.dir, work);
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

  const times = [];
  const cpuTimes = [];
  let failures;
  if (opts.cold) {
    const r = await pass();
    times.push(r.ms);
    cpuTimes.push(r.cpuMs);
    failures = r.failures;
  } else {
    failures = (await pass()).failures; // warm-up
    for (let i = 0; i < opts.runs; i++) {
      const r = await pass();
      times.push(r.ms);
      cpuTimes.push(r.cpuMs);
    }
  }
  const result = {
    tool: tool.name,
    version: tool.version,
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
    process_ms: Number(process.hrtime.bigint() - startedAt) / 1e6,
    max_rss_kb: process.resourceUsage().maxRSS,
    failed_files: failures,
  };
  if (opts.json) {
    out(JSON.stringify(result));
    return result;
  }
  const f = (x) => x.toFixed(1);
  out(`${result.tool} ${result.version} on Node ${result.node}: ${result.files} files, ` +
      `${(bytes / 1024).toFixed(0)} KiB, ${result.failures} failed`);
  out(`${result.mode} ${verb} of the whole set: median ${f(result.median_ms)} ms over ` +
      `${result.runs} run(s) (min ${f(result.min_ms)}, max ${f(result.max_ms)}), ` +
      `CPU ${f(result.median_cpu_ms)} ms; peak RSS ${(result.max_rss_kb / 1024).toFixed(0)} MB`);
  for (const x of failures.slice(0, 10)) out(`  failed: ${x.file}: ${x.error}`);
  if (failures.length > 10) out(`  ... and ${failures.length - 10} more`);
  return result;
}
