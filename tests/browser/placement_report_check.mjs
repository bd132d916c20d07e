// Loads a `rightfit report --format html` page in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core) and checks it against the same report as JSON: no console or page
// error and no request, the workload map drawn with one node per workload (coloured by its
// recommendation) and one link per edge, every node visible, and one cost chart per priced
// workload. Saves a screenshot of the page and of the map.
//
// usage: node placement_report_check.mjs <report.html> <report.json> <screenshot-dir>
// Exit 0 when every check passes; 1 with the failures on stderr otherwise.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { finish, requireChromium, withPage } from './chromium_page.mjs';

const [report, reportJson, screenshotDir] = process.argv.slice(2);
if (!report || !reportJson || !screenshotDir) {
  console.error('usage: node placement_report_check.mjs <report.html> <report.json> <screenshot-dir>');
  process.exit(2);
}
requireChromium();
const expected = JSON.parse(readFileSync(reportJson, 'utf8'));

const failures = [];
await withPage(report, failures, async (page) => {
  const map = page.locator('svg.workload-map');
  if ((await map.count()) !== 1) {
    failures.push(`expected one workload map, found ${await map.count()}`);
  } else {
    const drawn = await map.evaluate((svg) => {
      const size = (element) => {
        const b = element.getBBox();
        const c = element.getBoundingClientRect();
        return { width: b.width, height: b.height, screen: c.width * c.height };
      };
      return {
        box: size(svg),
        nodes: [...svg.querySelectorAll('g.map-node')].map((g) => ({
          workload: g.getAttribute('data-workload'),
          recommendation: g.getAttribute('data-recommendation'),
          size: size(g),
        })),
        edges: [...svg.querySelectorAll('path.map-edge')].map(size),
      };
    });
    if (drawn.box.screen < 100 * 100) failures.push(`the map is not rendered (${JSON.stringify(drawn.box)})`);
    if (drawn.nodes.length !== expected.map.nodes.length) {
      failures.push(`map: ${drawn.nodes.length} nodes drawn, the JSON has ${expected.map.nodes.length}`);
    }
    if (drawn.edges.length !== expected.map.edges.length) {
      failures.push(`map: ${drawn.edges.length} links drawn, the JSON has ${expected.map.edges.length}`);
    }
    for (const [i, e] of drawn.edges.entries()) {
      if (e.width + e.height <= 0) failures.push(`map: link ${i} has no size`);
    }
    for (const n of drawn.nodes) {
      if (n.size.width <= 0 || n.size.height <= 0 || n.size.screen <= 0) {
        failures.push(`map: node ${n.workload ?? '(not a workload)'} has no size`);
      }
    }
    for (const w of expected.workloads) {
      const nodes = drawn.nodes.filter((n) => n.workload === w.id);
      if (nodes.length !== 1) {
        failures.push(`${w.id}: expected one map node, found ${nodes.length}`);
      } else if (nodes[0].recommendation !== w.recommendation) {
        failures.push(`${w.id}: map says ${nodes[0].recommendation}, the JSON ${w.recommendation}`);
      }
    }
    await map.screenshot({ path: join(screenshotDir, 'workload_map.png') });
  }

  const priced = expected.cost.workloads.filter((w) => w.unpriced === undefined).length;
  const charts = await page.locator('svg.cost-chart').count();
  if (charts !== priced) failures.push(`cost section: ${charts} charts, ${priced} priced workloads`);
  const sections = await page.locator('section.placement[id^="placement-"]').count();
  if (sections !== expected.workloads.length) {
    failures.push(`${sections} workload sections, the JSON has ${expected.workloads.length} workloads`);
  }
  // Chromium cannot capture pages much taller than 16,384 px whole (a large repository's
  // report): then the first screen.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({
    path: join(screenshotDir, 'placement_report.png'),
    fullPage: height <= 16000,
  });
}, { selfContained: true });
finish(failures, `ok: ${expected.workloads.length} workload(s) on the map; screenshots in ${screenshotDir}`);
