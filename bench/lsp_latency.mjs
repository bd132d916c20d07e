// Editor latency of `rightfit lsp`: the time from a buffer change to the diagnostics of that
// version, as an editor sees it. Drives the real binary through pipes (Node, no packages).
//
//   node bench/lsp_latency.mjs RIGHTFIT WORKSPACE FILE [--edits N]
//
// Opens FILE (inside WORKSPACE) and reports: time to the first diagnostics after didOpen,
// then N sequential incremental edits (a comment line appended, never saved), each timed
// until the publish for its version; then N edits sent back to back, counting how many
// analyses the server ran for them (pending changes are coalesced). Also reports the server's
// CPU time (user+sys, from /proc) per sequential edit and its peak RSS (VmHWM), which hold up
// on a loaded machine where wall times do not.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [binary, workspace, file] = process.argv.slice(2);
const editsAt = process.argv.indexOf('--edits');
const edits = editsAt > 0 ? Number(process.argv[editsAt + 1]) : 20;
if (!binary || !workspace || !file) {
  console.error('usage: node bench/lsp_latency.mjs RIGHTFIT WORKSPACE FILE [--edits N]');
  process.exit(2);
}

const server = spawn(binary, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
const uri = pathToFileURL(resolve(file)).href;
let buffer = Buffer.alloc(0);
const waiters = [];
const publishes = [];

server.stdout.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) return;
    const length = Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
    buffer = buffer.subarray(end + 4 + length);
    if (message.method === 'textDocument/publishDiagnostics' && message.params.uri === uri)
      publishes.push(message.params);
    for (const w of [...waiters]) {
      if (w.match(message)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(message);
      }
    }
  }
});

const send = (message) => {
  const body = JSON.stringify({ jsonrpc: '2.0', ...message });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
const waitFor = (match) => new Promise((resolve) => waiters.push({ match, resolve }));
const published = (version) => (m) =>
  m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version;
// The server's CPU time so far (user+sys, ms) and peak RSS (MiB), from /proc.
const cpuMs = () => {
  const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;  // utime, stime at 100 Hz
};
const peakRssMiB = () =>
  Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let text = readFileSync(file, 'utf8');
let lines = text.split('\n').length - 1;
const change = (version) => {
  send({ method: 'textDocument/didChange', params: {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } },
                       text: `# edit ${version}\n` }],
  } });
  lines += 1;
};

send({ id: 1, method: 'initialize', params: { processId: null, rootUri: pathToFileURL(resolve(workspace)).href, capabilities: {} } });
await waitFor((m) => m.id === 1);
send({ method: 'initialized', params: {} });
let start = performance.now();
send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'yaml', version: 1, text } } });
const opened = await waitFor(published(1));
const openMs = performance.now() - start;
// On stderr at once, so a profiler can attach for the edits alone (bench/lsp_profile.sh).
console.error(`server ${server.pid}: opened after ${openMs.toFixed(0)} ms`);

const sequential = [];
let version = 1;
const cpuBefore = cpuMs();
for (let i = 0; i < edits; ++i) {
  version += 1;
  start = performance.now();
  change(version);
  await waitFor(published(version));
  sequential.push(performance.now() - start);
}

const cpuPerEdit = (cpuMs() - cpuBefore) / edits;
const before = publishes.length;
start = performance.now();
for (let i = 0; i < edits; ++i) change(++version);
await waitFor(published(version));
const burstMs = performance.now() - start;
const analyses = publishes.length - before;

const peak = peakRssMiB();
send({ id: 2, method: 'shutdown' });
await waitFor((m) => m.id === 2);
send({ method: 'exit' });
const code = await new Promise((resolve) => server.on('exit', resolve));

console.log(`workspace: ${workspace}; file: ${file}; diagnostics in the file: ${opened.params.diagnostics.length}`);
console.log(`didOpen -> diagnostics: ${openMs.toFixed(0)} ms`);
console.log(`edit -> diagnostics, ${edits} sequential edits: median ${median(sequential).toFixed(0)} ms, ` +
            `min ${Math.min(...sequential).toFixed(0)} ms, max ${Math.max(...sequential).toFixed(0)} ms`);
console.log(`server CPU (user+sys) per sequential edit: ${cpuPerEdit.toFixed(1)} ms; peak RSS: ${peak.toFixed(0)} MiB`);
console.log(`${edits} edits back to back: ${analyses} analyses published, last version after ${burstMs.toFixed(0)} ms`);
console.log(`exit code after shutdown/exit: ${code}`);
