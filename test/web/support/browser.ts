/**
 * Browser tests: the server (yoga over node:http, on this test file's database) and Debian's
 * Chromium driven by playwright-core (no browser download). Every page opened here fails its test on
 * a console error, an uncaught exception, a CSP violation or any request to another host.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { CHROMIUM_PATH, launchChromium } from '../../../scripts/chromium.js';
import { WEB_DIST } from '../../../src/server/use-web-page.js';
import { yoga } from '../../../src/yoga.js';

const INDEX = join(WEB_DIST, 'index.html');

export interface WebServer {
  url: string;
  close(): Promise<void>;
}

export async function startWebServer(): Promise<WebServer> {
  if (!existsSync(INDEX)) throw new Error('web/dist is not built: run npm run web:build (npm test does it first)');
  const server: Server = createServer(yoga);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`no Chromium at ${CHROMIUM_PATH}: apt-get install chromium (.ci/run does it)`);
  return launchChromium();
}

export interface OpenedPage {
  page: Page;
  /** Console errors, page errors and requests to other hosts so far. */
  problems: string[];
  /** Loads `hash` (`#/dashboards/growth?w=30d`) and waits for its view to render. */
  visit(hash: string): Promise<void>;
  /** Waits for the view after an action (a picker change) to render. */
  rendered(action: () => Promise<unknown>): Promise<void>;
  /** Reloads the page (the URL as it is) and waits for its view. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

export async function openPage(
  browser: Browser,
  server: WebServer,
  options: { viewport?: { width: number; height: number }; expectedProblems?: RegExp } = {},
): Promise<OpenedPage> {
  const origin = new URL(server.url).origin;
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, acceptDownloads: true });
  const problems: string[] = [];
  const note = (problem: string) => {
    if (!options.expectedProblems?.test(problem)) problems.push(problem);
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    note(`request to another host: ${url}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') note(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => note(`page error: ${error.message}`));
  const ticket = () => page.evaluate(() => Number(document.documentElement.dataset.rendered ?? 0));
  const rendered = async (action: () => Promise<unknown>) => {
    const before = await ticket().catch(() => 0);
    await action();
    await page.waitForFunction((n) => Number(document.documentElement.dataset.rendered ?? 0) > n, before, { timeout: 60_000 });
  };
  const firstView = () => page.waitForFunction(() => Number(document.documentElement.dataset.rendered ?? 0) > 0, undefined, { timeout: 60_000 });
  return {
    page,
    problems,
    rendered,
    async visit(hash) {
      await page.goto(`${server.url}/${hash}`);
      await firstView();
    },
    async reload() {
      await page.reload();
      await firstView();
    },
    close: () => context.close(),
  };
}

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP forbids inline scripts, rightly.
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document);
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  });
}

/** The page's problems are none (called at the end of each test that opened one). */
export function expectNoProblems(opened: OpenedPage): void {
  expect(opened.problems).toEqual([]);
}
