// Headless Chromium for the report checks: Debian's /usr/bin/chromium driven by
// playwright-core, in a throwaway profile, with every console error, page error and failed
// request of the page pushed onto `failures`.
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

// Exits 1 when Chromium is not installed.
export function requireChromium() {
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: install Debian's chromium (scripts/setup.sh does it)`);
    process.exit(1);
  }
}

// Loads `file` and runs `check(page)`; the browser is closed whatever happens. With
// `selfContained`, any request beyond the file itself is a failure too.
export async function withPage(file, failures, check, { selfContained = false } = {}) {
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
    const url = pathToFileURL(file).href;
    if (selfContained) {
      page.on('request', (request) => {
        if (request.url() !== url) failures.push(`request: ${request.url()}`);
      });
    }
    const response = await page.goto(url, { waitUntil: 'load' });
    if (response && !response.ok()) failures.push(`loading ${file}: status ${response.status()}`);
    await check(page);
  } catch (error) {
    failures.push(`browser: ${error.message}`);
  } finally {
    if (context) await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

// Prints the failures and exits 1, or prints `ok`.
export function finish(failures, ok) {
  if (failures.length > 0) {
    console.error(failures.join('\n'));
    process.exit(1);
  }
  console.log(ok);
}
