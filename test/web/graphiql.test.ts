/**
 * GraphiQL in development mode (#10): `npm run dev`'s server serves it at /graphql from its own files,
 * so it works offline, and `/` links to it. It needs no database of a kind, so it runs once (SQLite).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/net.js';
import { launchBrowser, openPage, type WebServer } from './support/browser.js';

const root = join(import.meta.dirname, '../..');
const folder = mkdtempSync(join(tmpdir(), 'caro-graphiql-'));
let child: ChildProcess | undefined;
let server: WebServer;
let browser: Browser;

describe.runIf(process.env.CARO_TEST_DB !== 'postgresql')('GraphiQL in development (#10)', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', HOST: '127.0.0.1', PORT: String(port), DATABASE_URL: `file:${join(folder, 'dev.db')}`, CARO_DATA_DIR: folder };
    delete env.NODE_OPTIONS;
    child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: root, env, stdio: 'ignore' });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 300 && (await fetch(`${url}/health`).then((r) => r.status, () => 0)) !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    server = { url, close: async () => undefined };
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    child?.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  });

  it('links GraphiQL from / and serves it with no request to another host', async () => {
    // GraphiQL's own code logs to the console (editor workers); only other hosts are problems here.
    const opened = await openPage(browser, server, { expectedProblems: /^(console|page) error/ });
    try {
      await opened.visit('#/');
      const link = opened.page.getByRole('link', { name: 'GraphiQL' });
      expect(await link.getAttribute('href')).toBe('/graphql');
      await link.click();
      await opened.page.waitForSelector('.graphiql-container', { timeout: 60_000 });
      expect(opened.problems).toEqual([]);
    } finally {
      await opened.close();
    }
  });

  it('the GraphiQL page names no other host to load from', async () => {
    const html = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } }).then((r) => r.text());
    expect(html).toContain('graphiql');
    expect(html).not.toMatch(/<(script|link)[^>]+(src|href)="https?:/);
  });
});
