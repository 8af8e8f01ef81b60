/**
 * The web page against a server with tokens (#10): 401 shows the sign-in, never a blank page; a READ
 * token reads; a silence asks for an ADMIN token (403) and works with one; a revoked token asks
 * again. With no token at all (loopback open mode, pages.test.ts) no sign-in is asked.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { createToken, revokeToken } from '../../src/privacy/tokens.js';
import { expectNoProblems, launchBrowser, openPage, seriousViolations, startWebServer, type WebServer } from './support/browser.js';

let server: WebServer;
let browser: Browser;
let read: string;
let admin: string;

beforeAll(async () => {
  read = (await createToken(db.prisma, { name: 'web-read', scope: 'READ' })).secret;
  admin = (await createToken(db.prisma, { name: 'web-admin', scope: 'ADMIN' })).secret;
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('signing in to a server with tokens (#10)', { timeout: 120_000 }, () => {
  it('asks for a token, keeps it for the tab, asks for ADMIN to silence, and again after a revocation', async () => {
    // The browser reports each refused request (401, 403) as a console error: those are expected here.
    const opened = await openPage(browser, server, { expectedProblems: /status of 40[13]/ });
    const { page } = opened;
    try {
      await opened.visit('#/dashboards/growth');
      expect(await page.locator('h1').textContent()).toBe('Sign in');
      expect(await page.locator('form.sign-in').textContent()).toContain('needs an API token');
      expect(await seriousViolations(page)).toEqual([]);

      await page.fill('input[name="token"]', read);
      await opened.rendered(() => page.getByRole('button', { name: 'Sign in' }).click());
      expect(await page.locator('h1').textContent()).toContain('Growth');
      expect(await page.locator('article.panel').count()).toBe(7);
      expect(await page.evaluate(() => sessionStorage.getItem('caro-metrics.token'))).toBe(read);

      // Kept in sessionStorage: a reload of the tab needs no new sign-in.
      await opened.reload();
      expect(await page.locator('h1').textContent()).toContain('Growth');

      // READ may not create a silence: the page asks for an ADMIN token, then creates it.
      await opened.visit('#/alerts');
      await page.selectOption('select[name="severity"]', 'info');
      await page.fill('input[name="comment"]', 'quiet please');
      await opened.rendered(() => page.getByRole('button', { name: 'Create silence' }).click());
      expect(await page.locator('h1').textContent()).toBe('Sign in');
      expect(await page.locator('form.sign-in').textContent()).toContain('ADMIN token');
      await page.fill('input[name="token"]', admin);
      await opened.rendered(() => page.getByRole('button', { name: 'Sign in' }).click());
      expect(await page.locator('h1').textContent()).toBe('Alerts');
      await page.selectOption('select[name="severity"]', 'info');
      await page.fill('input[name="comment"]', 'quiet please');
      await opened.rendered(() => page.getByRole('button', { name: 'Create silence' }).click());
      expect(await page.locator('table.silences tbody tr').count()).toBe(1);

      // A revoked token is refused at the next request: the sign-in comes back, saying why.
      await revokeToken(db.prisma, 'web-admin');
      await opened.reload();
      expect(await page.locator('h1').textContent()).toBe('Sign in');
      expect(await page.locator('form.sign-in').textContent()).toContain('refused this token');

      // Signing out forgets the token.
      await page.fill('input[name="token"]', read);
      await opened.rendered(() => page.getByRole('button', { name: 'Sign in' }).click());
      await opened.rendered(() => page.getByRole('button', { name: 'Sign out' }).click());
      expect(await page.evaluate(() => sessionStorage.getItem('caro-metrics.token'))).toBeNull();
      expect(await page.locator('h1').textContent()).toBe('Sign in');
      expectNoProblems(opened);
    } finally {
      await opened.close();
    }
  });

  it('serves the page itself without a token: it holds no data', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("connect-src 'self'");
    const graphql = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ dashboards { id } }"}' });
    expect(graphql.status).toBe(401);
  });
});
