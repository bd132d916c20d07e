// Packages the extension as a .vsix without the network: stages this folder, the project's
// LICENSE and the extension's dependencies (vscode-languageclient and what it needs, from the
// project's node_modules, which `npm ci` filled) in OUT_DIR/extension, then runs the pinned
// @vscode/vsce there.
//   node integrations/vscode/package.mjs OUT_DIR     -> OUT_DIR/rightfit-<version>.vsix
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const project = resolve(here, '../..');
const out = resolve(process.argv[2] ?? fail('usage: node package.mjs OUT_DIR'));

function fail(message) {
  process.stderr.write(`package.mjs: ${message}\n`);
  process.exit(2);
}

const manifestOf = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

// Where Node would find package `name` required from `dir`: the nearest node_modules above it.
function locate(name, dir) {
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (d === project || dirname(d) === d) fail(`${name} (needed by ${dir}) is not installed: run npm ci`);
  }
}

// Copies the dependencies of the package in `from` to the same place relative to the stage as
// relative to the project, keeping npm's layout: a nested node_modules stays nested. The
// extension's own are resolved from the project's root, where npm installed them.
function stageDependencies(from, stage, seen = new Set()) {
  for (const name of Object.keys(manifestOf(from).dependencies ?? {})) {
    const source = locate(name, from === here ? project : from);
    if (seen.has(source)) continue;
    seen.add(source);
    const target = join(stage, relative(project, source));
    if (!existsSync(target)) cpSync(source, target, { recursive: true, dereference: true });
    stageDependencies(source, stage, seen);
  }
}

const stage = join(out, 'extension');
rmSync(out, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
for (const file of ['package.json', 'extension.js', 'README.md']) cpSync(join(here, file), join(stage, file));
cpSync(join(project, 'LICENSE'), join(stage, 'LICENSE'));
stageDependencies(here, stage);

const { version } = manifestOf(here);
const vsix = join(out, `rightfit-${version}.vsix`);
execFileSync(join(project, 'node_modules/.bin/vsce'), ['package', '--out', vsix], {
  cwd: stage,
  stdio: ['ignore', 'inherit', 'inherit'],
});
process.stdout.write(`${vsix}\n`);
