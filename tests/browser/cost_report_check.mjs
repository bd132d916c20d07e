// Loads a `rightfit cost --format html` page in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core) and checks what a reader must see: no console or page error, and
// for each named workload a rendered chart with the Lambda line, the Fargate line, their
// crossing and today's usage. Saves a screenshot of the page and of each chart.
//
// usage: node cost_report_check.mjs <report.html> <screenshot-dir> <workload>...
// Exit 0 when every check passes; 1 with the failures on stderr otherwise.
import { join } from 'node:path';
import { finish, requireChromium, withPage } from './chromium_page.mjs';

const [report, screenshotDir, ...workloads] = process.argv.slice(2);
if (!report || !screenshotDir || workloads.length === 0) {
  console.error('usage: node cost_report_check.mjs <report.html> <screenshot-dir> <workload>...');
  process.exit(2);
}
requireChromium();

const failures = [];
await withPage(report, failures, async (page) => {
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
});
finish(failures, `ok: ${workloads.length} chart(s) rendered; screenshots in ${screenshotDir}`);
