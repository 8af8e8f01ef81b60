/**
 * Screenshots of the web page for the README (docs/), and the time to first render of the growth
 * dashboard: from navigation start to the `caro:rendered` mark the page sets once a view is drawn
 * (HTML, script, stylesheet, the view's one GraphQL request, rendering and charts), in a fresh
 * browser context each time (nothing cached). Needs a running server and Debian's Chromium.
 *
 *   npm run seed:demo && npm start &
 *   npx tsx scripts/web-screenshots.ts [--url http://127.0.0.1:4000] [--out docs] [--runs 5]
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { CHROMIUM_PATH, launchChromium } from './chromium.js';

const options = new Command('web-screenshots')
  .option('--url <url>', 'the running server', 'http://127.0.0.1:4000')
  .option('--out <dir>', 'where the PNG files go', 'docs')
  .option('--runs <n>', 'first-render measurements', (v) => Number.parseInt(v, 10), 5)
  .option('--chromium <path>', 'Chromium to drive', CHROMIUM_PATH)
  .parse()
  .opts<{ url: string; out: string; runs: number; chromium: string }>();

const browser = await launchChromium(options.chromium);

async function open(hash: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${options.url}/${hash}`);
  await page.waitForFunction(() => Number(document.documentElement.dataset.rendered ?? 0) > 0, undefined, { timeout: 120_000 });
  return { page, close: () => context.close() };
}

mkdirSync(options.out, { recursive: true });
const shots: [string, string, { width: number; height: number }, boolean][] = [
  ['dashboard-growth.png', '#/dashboards/growth', { width: 1280, height: 800 }, true],
  ['dashboard-engagement.png', '#/dashboards/engagement', { width: 1280, height: 800 }, true],
  ['dashboard-quality.png', '#/dashboards/quality', { width: 1280, height: 800 }, true],
  ['dashboard-satisfaction.png', '#/dashboards/satisfaction', { width: 1280, height: 800 }, true],
  ['phone-growth.png', '#/dashboards/growth', { width: 390, height: 844 }, false],
];
for (const [file, hash, viewport, fullPage] of shots) {
  const { page, close } = await open(hash, viewport);
  await page.screenshot({ path: join(options.out, file), fullPage });
  await close();
  console.log(`wrote ${join(options.out, file)}`);
}

const times: { render: number; request: number }[] = [];
for (let run = 0; run < options.runs; run++) {
  const { page, close } = await open('#/dashboards/growth', { width: 1280, height: 800 });
  times.push(
    await page.evaluate(() => ({
      render: performance.getEntriesByName('caro:rendered')[0]!.startTime,
      request: performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/graphql'))?.duration ?? Number.NaN,
    })),
  );
  await close();
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number) => `${Math.round(value)} ms`;
console.log(
  `growth dashboard, first render: median ${ms(median(times.map((t) => t.render)))} over ${times.length} fresh loads ` +
    `(each: ${times.map((t) => ms(t.render)).join(', ')}); of which the GraphQL request: median ${ms(median(times.map((t) => t.request)))}`,
);
await browser.close();
