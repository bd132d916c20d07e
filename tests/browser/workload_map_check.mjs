// Loads a `rightfit report --format html` page in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core) and checks that its workload map is readable, as laid out: every
// label inside its box (the text's bounding box within the rectangle's), no two boxes
// overlapping, every link starting on its source box and ending on its target box, every file's
// box around its nodes, every workload of the JSON on the map (or counted in its file's box when
// the map is collapsed), the map within `max-side` pixels a side, and the page loaded within
// `max-seconds` (navigation to load event). Saves a screenshot of the whole map.
//
// usage: node workload_map_check.mjs <report.html> <report.json> <screenshot.png> <max-side>
//        <max-seconds>
// Exit 0 when every check passes (prints what it measured); 1 with the failures on stderr.
import { readFileSync } from 'node:fs';
import { finish, requireChromium, withPage } from './chromium_page.mjs';

const [report, reportJson, screenshot, maxSide, maxSeconds] = process.argv.slice(2);
if (!report || !reportJson || !screenshot || !maxSide || !maxSeconds) {
  console.error('usage: node workload_map_check.mjs <report.html> <report.json> <screenshot.png> '
    + '<max-side> <max-seconds>');
  process.exit(2);
}
requireChromium();
const expected = JSON.parse(readFileSync(reportJson, 'utf8'));

// Runs in the page: every box, label and link of the map in the SVG's own units.
function measure(svg) {
  const rect = (r) => ({ x: r.x, y: r.y, width: r.width, height: r.height });
  const nodes = [...svg.querySelectorAll('g.map-node')].map((g) => ({
    index: g.getAttribute('data-node'),
    kind: g.getAttribute('data-kind'),
    workload: g.getAttribute('data-workload'),
    workloads: Number(g.getAttribute('data-workloads') ?? 'NaN'),
    text: [...g.querySelectorAll('text')].map((t) => t.textContent).join(' '),
    box: rect(g.querySelector('rect').getBBox()),
    labels: [...g.querySelectorAll('text')].map((t) => rect(t.getBBox())),
  }));
  const edges = [...svg.querySelectorAll('path.map-edge')].map((p) => {
    const length = p.getTotalLength();
    const start = p.getPointAtLength(0);
    const end = p.getPointAtLength(length);
    return {
      from: p.getAttribute('data-from'), to: p.getAttribute('data-to'),
      start: { x: start.x, y: start.y }, end: { x: end.x, y: end.y },
    };
  });
  const clusters = [...svg.querySelectorAll('g.map-cluster')].map((g) => ({
    box: rect(g.querySelector('rect').getBBox()),
    caption: rect(g.querySelector('text').getBBox()),
  }));
  const box = svg.getBBox();
  return {
    collapsed: svg.getAttribute('data-collapsed'),
    width: Number(svg.getAttribute('width')), height: Number(svg.getAttribute('height')),
    drawn: rect(box), nodes, edges, clusters,
  };
}

const inside = (inner, outer, slack = 0.5) => inner.x >= outer.x - slack
  && inner.y >= outer.y - slack && inner.x + inner.width <= outer.x + outer.width + slack
  && inner.y + inner.height <= outer.y + outer.height + slack;
const overlap = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width
  && a.y < b.y + b.height && b.y < a.y + a.height;
// How far a point is from a rectangle's outline.
const distance = (p, r) => {
  const dx = Math.max(r.x - p.x, 0, p.x - (r.x + r.width));
  const dy = Math.max(r.y - p.y, 0, p.y - (r.y + r.height));
  if (dx > 0 || dy > 0) return Math.hypot(dx, dy);
  return Math.min(p.x - r.x, r.x + r.width - p.x, p.y - r.y, r.y + r.height - p.y);
};

function checkGeometry(map, failures) {
  const byIndex = new Map(map.nodes.map((n) => [n.index, n]));
  for (const n of map.nodes) {
    for (const label of n.labels) {
      if (!inside(label, n.box)) {
        failures.push(`node ${n.index} (${n.text}): label ${JSON.stringify(label)} outside its box ${JSON.stringify(n.box)}`);
      }
    }
  }
  // Sorted by x, so only boxes that meet across are compared.
  const sorted = [...map.nodes].sort((a, b) => a.box.x - b.box.x);
  for (let i = 0; i < sorted.length; ++i) {
    for (let j = i + 1; j < sorted.length && sorted[j].box.x < sorted[i].box.x + sorted[i].box.width; ++j) {
      if (overlap(sorted[i].box, sorted[j].box)) failures.push(`nodes ${sorted[i].index} and ${sorted[j].index} overlap`);
    }
  }
  for (const [i, e] of map.edges.entries()) {
    const from = byIndex.get(e.from);
    const to = byIndex.get(e.to);
    if (!from || !to) {
      failures.push(`link ${i}: no node ${from ? e.to : e.from}`);
      continue;
    }
    const away = Math.max(distance(e.start, from.box), distance(e.end, to.box));
    if (away > 3) failures.push(`link ${i} (${e.from} -> ${e.to}) ends ${away.toFixed(1)} px off its nodes`);
  }
  for (const [i, c] of map.clusters.entries()) {
    if (!inside(c.caption, c.box)) failures.push(`file box ${i}: caption outside the box`);
  }
  if (!(map.width > 0 && map.height > 0) || map.width > maxSide || map.height > maxSide) {
    failures.push(`the map is ${map.width} x ${map.height} px, more than ${maxSide} a side`);
  }
  if (!inside(map.drawn, { x: 0, y: 0, width: map.width, height: map.height }, 1)) {
    failures.push(`something is drawn outside the map: ${JSON.stringify(map.drawn)}`);
  }
}

function checkWorkloads(map, failures) {
  if (map.collapsed === 'by-file') {
    const counted = map.nodes.reduce((sum, n) => sum + n.workloads, 0);
    if (counted !== expected.workloads.length) {
      failures.push(`collapsed map counts ${counted} workloads, the JSON has ${expected.workloads.length}`);
    }
    return;
  }
  if (map.nodes.length !== expected.map.nodes.length) {
    failures.push(`map: ${map.nodes.length} nodes drawn, the JSON has ${expected.map.nodes.length}`);
  }
  const drawn = new Set(map.nodes.map((n) => n.workload));
  for (const w of expected.workloads) {
    if (!drawn.has(w.id)) failures.push(`${w.id}: not on the map`);
  }
}

const failures = [];
let summary = '';
await withPage(report, failures, async (page) => {
  const svg = page.locator('svg.workload-map');
  if ((await svg.count()) !== 1) {
    failures.push(`expected one workload map, found ${await svg.count()}`);
    return;
  }
  const map = await svg.evaluate(measure);
  // The page's own time, from navigation to its load event (not the browser's start).
  const seconds = await page.evaluate(
    () => performance.getEntriesByType('navigation')[0].loadEventEnd / 1000);
  checkGeometry(map, failures);
  checkWorkloads(map, failures);
  if (!(seconds < Number(maxSeconds))) failures.push(`the page took ${seconds.toFixed(1)} s to load`);
  summary = `ok: ${map.nodes.length} nodes, ${map.edges.length} links, ${map.clusters.length} files`
    + `${map.collapsed ? ' (collapsed by file)' : ''}, ${map.width} x ${map.height} px,`
    + ` loaded in ${seconds.toFixed(2)} s`;
  // The whole map, not the part its scrolled frame shows.
  await page.addStyleTag({ content: 'div.map { overflow: visible; max-height: none; }' });
  await svg.screenshot({ path: screenshot });
}, { selfContained: true });
finish(failures, summary);
