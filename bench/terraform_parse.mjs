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
// machine load. CPU time (user + system of the whole process, so V8's helper threads count) is
// reported beside wall time: on a loaded machine it is the steadier number. The timing loop and
// the options live in bench/lib.mjs.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import { listFiles, parseOptions, projectRoot, runBench, usage } from "./lib.mjs";

const require = createRequire(join(projectRoot, "package.json"));
const opts = parseOptions("terraform_parse", "../shared/corpus/terraform");

const startedAt = process.hrtime.bigint();
const { parse } = require("@cdktf/hcl2json");
const files = listFiles(opts.dir, (name) => name.endsWith(".tf")).map((path) => ({
  path,
  text: readFileSync(path, "utf8"),
}));
if (files.length === 0) usage("terraform_parse", `no .tf files under ${opts.dir}`);

await runBench({
  opts,
  files,
  bytes: files.reduce((n, f) => n + Buffer.byteLength(f.text), 0),
  work: (f) => parse(f.path, f.text),
  tool: { name: "@cdktf/hcl2json", version: require("@cdktf/hcl2json/package.json").version },
  verb: "parse",
  startedAt,
});
