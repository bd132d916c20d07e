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
// of bench/terraform_parse.mjs (both run on bench/lib.mjs): one untimed warm-up pass, then
// --runs timed passes (median reported); --cold times one pass right after the import; --json
// prints one JSON object; --serve answers one timed pass per line on stdin (bench/run.sh pairs
// those with rightfit runs). The validator logs through winston: its output is silenced so that
// only results reach stdout.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

import { listFiles, parseOptions, projectRoot, runBench, usage } from "./lib.mjs";

const require = createRequire(join(projectRoot, "package.json"));
const opts = parseOptions("cloudformation_lint", "../shared/corpus/cloudformation");
const kTemplate = /\.(ya?ml|json|template)$/i;

const startedAt = process.hrtime.bigint();
const { validateFile } = require("cfn-lint");
const files = listFiles(opts.dir, (name) => kTemplate.test(name)).map((path) => ({ path }));
if (files.length === 0) usage("cloudformation_lint", `no templates under ${opts.dir}`);
// Silence the validator's own logging (winston writes through these); lib.mjs writes results
// to process.stdout directly.
const quiet = () => {};
for (const k of ["log", "info", "warn", "error", "debug"]) console[k] = quiet;

await runBench({
  opts,
  files,
  bytes: files.reduce((n, f) => n + readFileSync(f.path).length, 0),
  work: (f) => validateFile(f.path),
  tool: { name: "cfn-lint", version: require("cfn-lint/package.json").version },
  verb: "validation",
  startedAt,
});
