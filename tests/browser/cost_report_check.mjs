// Loads a `rightfit cost --format html` page in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core) and checks what a reader must see: no console or page error, and
// for each named workload a rendered chart with the Lambda line, the Fargate line, their
// crossing and today's usage. Saves a screenshot of the page and of each chart.
//
// usage: node cost_report_check.mjs <report.html> <screenshot-dir> <workload>...
// Exit 0 when every check passes; 1 with the failures on stderr otherwise.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const [report, screenshotDir, ...workloads] = process.argv.slice(2);
if (!report || !screenshotDir || workloads.length === 0) {
  console.error('usage: node cost_report_check.mjs <report.html> <screenshot-dir> <workload>...');
  process.exit(2);
}
if (!existsSync(CHROMIUM)) {
  console.error(`${CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh does it)`);
  process.exit(1);
}

const failures = [];
const userDataDir = mkdtempSync(join(tmpdir(), 'rightfit-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1200, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (msg) => {
    if (msg.type() === 'error') failures.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => failures.push(`request failed: ${request.url()}`));

  const response = await page.goto(pathToFileURL(report).href, { waitUntil: 'load' });
  if (response && !response.ok()) failures.push(`loading ${report}: status ${response.status()}`);

  for (const name of workloads) {
    const chart = page.locator(`svg.cost-chart[data-workload="${name}"]`);
    if ((await chart.count()) !== 1) {
      failures.push(`${name}: expected one chart, found ${await chart.count()}`);
      continue;
    }
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box || box.width < 100 || box.height < 100) {
      failures.push(`${name}: chart is not rendered (${JSON.stringify(box)})`);
    }
    // Each part: present, drawn inside the chart with a non-empty bounding box.
    const parts = await chart.evaluate((svg) => {
      const measure = (selector) => {
        const element = svg.querySelector(selector);
        if (!element) return null;
        const b = element.getBBox();
        const c = element.getBoundingClientRect();
        return { width: b.width, height: b.height, screenWidth: c.width, screenHeight: c.height };
      };
      return {
        lambda: measure('[data-series="lambda"]'),
        fargate: measure('[data-series="fargate"]'),
        crossing: measure('[data-marker="crossing"]'),
        usage: measure('[data-marker="usage"]'),
      };
    });
    for (const [part, b] of Object.entries(parts)) {
      if (!b) {
        failures.push(`${name}: the ${part} is missing`);
      } else if (b.width + b.height <= 0 || b.screenWidth + b.screenHeight <= 0) {
        failures.push(`${name}: the ${part} has no size (${JSON.stringify(b)})`);
      }
    }
    if (parts.lambda && parts.lambda.height <= 0) failures.push(`${name}: the Lambda line is flat`);
    await chart.screenshot({ path: join(screenshotDir, `cost_chart_${name}.png`) });
  }
  await page.screenshot({ path: join(screenshotDir, 'cost_report.png'), fullPage: true });
} catch (error) {
  failures.push(`browser: ${error.message}`);
} finally {
  if (context) await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`ok: ${workloads.length} chart(s) rendered; screenshots in ${screenshotDir}`);
