/**
 * The web page (#10) in Chromium, on seeded data (the seed:demo generator, through the ingestion
 * API): every view renders, shows the API's numbers for the window it shows, draws each panel's
 * chart, keeps its state in the URL, works with the keyboard and on a phone, and passes axe-core.
 * Every page opened fails on a console error or a request to another host (support/browser.ts).
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendActivity } from '../../scripts/demo/send.js';
import { generateActivity } from '../../scripts/demo/synthetic.js';
import { lastCompleteWeek, parseIsoWeek, parseMonth } from '../../src/calendar/iso-week.js';
import { formatValue, type Unit } from '../../src/format/format.js';
import { yoga } from '../../src/yoga.js';
import { graphql } from '../client/gql/index.js';
import { createTestClient } from '../support/client.js';
import { expectNoProblems, launchBrowser, openPage, seriousViolations, startWebServer, type OpenedPage, type WebServer } from './support/browser.js';

const client = createTestClient();
const DAY = 86_400_000;
let server: WebServer;
let browser: Browser;

beforeAll(async () => {
  for (const batch of generateActivity({ seed: 11, days: 70, end: new Date(), targetEvents: 4000 })) {
    await sendActivity((url, init) => yoga.fetch(url, init), batch);
  }
  // Alert states and a history for the alerts view: every rule judges its last complete period.
  await client.request(graphql(`mutation WebEvaluate { evaluateAlerts { evaluated } }`));
  [server, browser] = await Promise.all([startWebServer(), launchBrowser()]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens a page, runs `work`, then checks it had no problems and closes it. */
async function withPage(work: (opened: OpenedPage) => Promise<void>, viewport?: { width: number; height: number }) {
  const opened = await openPage(browser, server, viewport ? { viewport } : {});
  try {
    await work(opened);
    expectNoProblems(opened);
  } finally {
    await opened.close();
  }
}

const texts = (opened: OpenedPage, selector: string) => opened.page.locator(selector).allTextContents().then((all) => all.map((t) => t.trim()));
const shownWindow = async (opened: OpenedPage) => {
  const shown = opened.page.locator('.window-shown');
  return { from: (await shown.getAttribute('data-from'))!, to: (await shown.getAttribute('data-to'))! };
};

const DashboardNumbers = graphql(`
  query WebDashboardNumbers($id: ID!, $window: TimeWindowInput!) {
    dashboard(id: $id, window: $window) {
      window { from to }
      panels {
        metric
        segment
        result { unit status formatted { value change target } }
        segments { key value }
        series { start }
      }
    }
  }
`);

/** Every panel on screen shows the API's answer for the window the page says it shows. */
async function expectDashboardMatchesApi(opened: OpenedPage, id: string) {
  const window = await shownWindow(opened);
  const { dashboard } = await client.request(DashboardNumbers, { id, window });
  expect(dashboard.window).toEqual(window);
  const panels = opened.page.locator('article.panel');
  expect(await panels.count()).toBe(dashboard.panels.length);
  for (const [i, expected] of dashboard.panels.entries()) {
    const panel = panels.nth(i);
    expect(await panel.getAttribute('data-metric')).toBe(expected.metric);
    const { formatted, status, unit } = expected.result;
    expect((await panel.locator('[data-value]').first().textContent())?.trim(), expected.metric).toBe(formatted.value);
    expect((await panel.locator('[data-change]').textContent())?.trim(), expected.metric).toBe(formatted.change);
    expect((await panel.locator('[data-target]').textContent())?.trim(), expected.metric).toBe(formatted.target);
    expect(await panel.locator('p.target [data-status]').getAttribute('data-status')).toBe(status);
    // Its chart: uPlot's canvas, and the series table with one row per bucket.
    expect(await panel.locator('.plot canvas').count(), `${expected.metric} has a chart`).toBeGreaterThan(0);
    expect(await panel.locator('table.series tbody tr').count()).toBe(expected.series.length);
    if (expected.segments) {
      const rows = panel.locator('table.segments tbody tr[data-key]');
      expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-key')))).toEqual(expected.segments.map((s) => s.key));
      expect(await panel.locator('table.segments tbody td[data-value]').allTextContents()).toEqual(
        expected.segments.map((s) => formatValue(unit as Unit, s.value ?? null)),
      );
    }
  }
  return dashboard;
}

// Chromium shares two cores with the other suites: generous per-test time.
describe('the web page (#10)', { timeout: 120_000 }, () => {
  it('home: the dashboards, the alerts firing and the ingestion counts, as the API has them', async () => {
    await withPage(async (opened) => {
      await opened.visit('#/');
      const { page } = opened;
      expect(await page.locator('h1').textContent()).toBe('Caro Metrics');
      const data = await client.request(
        graphql(`query WebHome { dashboards { id } alerts(state: FIRING) { ruleId } ingestionStats { telemetryEvents { count last } surveyResponses { count } } }`),
      );
      expect(await page.locator('[data-dashboard]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-dashboard')))).toEqual(data.dashboards.map((d) => d.id));
      expect(await page.locator('[data-kind="telemetryEvents"] td[data-count]').getAttribute('data-count')).toBe(String(data.ingestionStats.telemetryEvents.count));
      expect(await page.locator('[data-kind="surveyResponses"] td[data-count]').getAttribute('data-count')).toBe(String(data.ingestionStats.surveyResponses.count));
      expect(data.ingestionStats.telemetryEvents.count).toBeGreaterThan(1000);
      expect(await page.locator('[data-firing]').getAttribute('data-firing')).toBe(String(data.alerts.length));
      expect(await seriousViolations(page)).toEqual([]);
    });
  });

  it.each(['growth', 'engagement', 'quality', 'satisfaction'])('the %s dashboard shows the API numbers, a chart per panel, and passes axe', async (id) => {
    await withPage(async (opened) => {
      await opened.visit(`#/dashboards/${id}`);
      // No window chosen: the dashboard's review period, as the API's default.
      const { dashboard } = await client.request(DashboardNumbers, { id, window: {} });
      const shown = await shownWindow(opened);
      expect(Date.parse(shown.to) - Date.parse(shown.from)).toBe(Date.parse(dashboard.window.to) - Date.parse(dashboard.window.from));
      await expectDashboardMatchesApi(opened, id);
      expect(await seriousViolations(opened.page)).toEqual([]);
    });
  });

  it('the window picker changes the numbers, and the URL restores them', async () => {
    await withPage(async (opened) => {
      const { page } = opened;
      await opened.visit('#/dashboards/growth?w=7d');
      const week = await shownWindow(opened);
      const before = await texts(opened, 'article.panel [data-value]');
      await opened.rendered(() => page.selectOption('select[name="window"]', '30d'));
      expect(page.url()).toContain('w=30d');
      const month = await shownWindow(opened);
      expect(Math.round((Date.parse(month.to) - Date.parse(month.from)) / DAY)).toBe(30);
      expect(Date.parse(week.to) - Date.parse(week.from)).toBe(7 * DAY);
      await expectDashboardMatchesApi(opened, 'growth');
      const after = await texts(opened, 'article.panel [data-value]');
      expect(after).not.toEqual(before);

      // Reloaded (or shared), the URL gives the same view: the picker, the window and the numbers.
      await opened.reload();
      expect(await page.locator('select[name="window"]').inputValue()).toBe('30d');
      await expectDashboardMatchesApi(opened, 'growth');
    });
  });

  it('ISO weeks, calendar months, custom ranges and granularity come from the URL', async () => {
    await withPage(async (opened) => {
      const { page } = opened;
      const week = lastCompleteWeek(new Date());
      await opened.visit(`#/dashboards/quality?w=${week}&g=DAY`);
      const weekWindow = parseIsoWeek(week);
      expect(await shownWindow(opened)).toEqual({ from: weekWindow.from.toISOString(), to: weekWindow.to.toISOString() });
      expect(await page.locator('input[name="week"]').inputValue()).toBe(week);
      const dashboard = await expectDashboardMatchesApi(opened, 'quality');
      expect(dashboard.panels[0]!.series).toHaveLength(7);

      const month = new Date(Date.now() - 31 * DAY).toISOString().slice(0, 7);
      await opened.rendered(() => page.evaluate((m) => (location.hash = `#/dashboards/engagement?w=${m}&g=WEEK`), month));
      const monthWindow = parseMonth(month);
      expect(await shownWindow(opened)).toEqual({ from: monthWindow.from.toISOString(), to: monthWindow.to.toISOString() });
      expect(await page.locator('select[name="granularity"]').inputValue()).toBe('WEEK');
      const rows = await page.locator('article.panel').first().locator('table.series tbody tr').count();
      expect(rows).toBeGreaterThanOrEqual(4);
      expect(rows).toBeLessThanOrEqual(6);

      const from = new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10);
      const to = new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10);
      await opened.rendered(() => page.evaluate((w) => (location.hash = `#/dashboards/satisfaction?w=${w}`), `${from}_${to}`));
      expect(await shownWindow(opened)).toEqual({ from: `${from}T00:00:00.000Z`, to: new Date(Date.parse(`${to}T00:00:00Z`) + DAY).toISOString() });
      await expectDashboardMatchesApi(opened, 'satisfaction');
    });
  });

  it('the metric explorer: catalogue, a metric with its split, and a CSV of what is shown', async () => {
    await withPage(async (opened) => {
      const { page } = opened;
      await opened.visit('#/metrics');
      const { metricDefinitions } = await client.request(graphql(`query WebCatalogue { metricDefinitions { id } }`));
      expect(await page.locator('table.catalogue tbody tr').count()).toBe(metricDefinitions.length);
      expect(await seriousViolations(page)).toEqual([]);

      await opened.rendered(() => page.locator('tr[data-metric="execution_rate"] a').click());
      expect(page.url()).toContain('#/metrics/execution_rate?by=backend');
      const window = await shownWindow(opened);
      const { metric } = await client.request(
        graphql(`query WebExplorerMetric($window: TimeWindowInput!) {
          metric(id: "execution_rate", window: $window) { formatted { value change target } series(granularity: DAY) { start value } segments(by: "backend") { key value } }
        }`),
        { window },
      );
      expect(await page.locator('section.panel [data-value]').first().textContent()).toBe(metric.formatted.value);
      expect(await page.locator('section.panel [data-change]').textContent()).toBe(metric.formatted.change);
      expect(await page.locator('table.segments td[data-value]').allTextContents()).toEqual(metric.segments.map((s) => formatValue('ratio', s.value ?? null)));
      expect(await page.locator('.plot canvas').count()).toBeGreaterThan(0);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download series as CSV' }).click()]);
      const csv = readFileSync((await download.path())!, 'utf8').trim().split('\r\n');
      expect(csv[0]).toBe('metric,bucket_start,bucket_end,partial,value,formatted,previous_period_value');
      expect(csv.slice(1).map((line) => line.split(',')[1])).toEqual(metric.series.map((p) => p.start));
      expect(csv.slice(1).map((line) => Number(line.split(',')[4] || Number.NaN))).toEqual(metric.series.map((p) => p.value ?? Number.NaN));
      const [segments] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download segments as CSV' }).click()]);
      expect(readFileSync((await segments.path())!, 'utf8').trim().split('\r\n')).toHaveLength(metric.segments.length + 1);

      await opened.rendered(() => page.selectOption('select[name="by"]', 'platform'));
      expect(page.url()).toContain('by=platform');
      expect(await page.locator('table.segments').getAttribute('data-by')).toBe('platform');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });

  it('alerts: firing and pending rules with their time, the history timeline, silences created and expired', async () => {
    await withPage(async (opened) => {
      const { page } = opened;
      await opened.visit('#/alerts');
      const data = await client.request(
        graphql(`query WebAlerts { alerts { ruleId state } alertHistory(window: { last: "P30D" }) { ruleId } }`),
      );
      const active = data.alerts.filter((a) => a.state === 'FIRING' || a.state === 'PENDING');
      expect(await page.locator('[data-active]').getAttribute('data-active')).toBe(String(active.length));
      expect(await page.locator('table.active tbody tr').count()).toBe(active.length);
      expect(await page.locator('ol.timeline > li').count()).toBe(data.alertHistory.length);
      expect(await seriousViolations(page)).toEqual([]);

      // A refused silence is explained beside the form; a good one is listed, then expired.
      await page.selectOption('select[name="metricId"]', 'latency_p95');
      await page.fill('input[name="comment"]', 'backend 2 migration');
      await page.getByRole('button', { name: 'Create silence' }).click();
      await expect.poll(() => page.locator('#silence-error').textContent()).toMatch(/comment/);
      await page.fill('input[name="comment"]', 'backend migration');
      await opened.rendered(() => page.getByRole('button', { name: 'Create silence' }).click());
      const row = page.locator('table.silences tbody tr').first();
      expect(await row.getAttribute('data-state')).toBe('active');
      expect(await row.locator('th').textContent()).toBe('metric latency_p95');
      await opened.rendered(() => row.getByRole('button', { name: /Expire/ }).click());
      expect(await page.locator('table.silences tbody tr').first().getAttribute('data-state')).toBe('expired');
    });
  });

  it('the weekly report for a week picked in the URL is the API report', async () => {
    await withPage(async (opened) => {
      const { page } = opened;
      const week = lastCompleteWeek(new Date(Date.now() - 7 * DAY));
      await opened.visit(`#/report?week=${week}`);
      const { weeklyReport } = await client.request(
        graphql(`query WebReport($week: String!) { weeklyReport(week: $week) { sections { lines { text } } actionItems { message } } }`),
        { week },
      );
      expect(await texts(opened, '[data-line]')).toEqual(weeklyReport.sections.flatMap((s) => s.lines.map((l) => l.text)));
      expect(await page.locator('ol.actions > li').count()).toBe(weeklyReport.actionItems.length);
      expect(await seriousViolations(page)).toEqual([]);
      await opened.rendered(() => page.locator('input[name="week"]').evaluate((input: HTMLInputElement, w) => {
        input.value = w;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      }, lastCompleteWeek(new Date())));
      expect(page.url()).toContain(`week=${lastCompleteWeek(new Date())}`);
    });
  });

  it('is usable with the keyboard alone: skip link, menus, pickers, links', async () => {
    await withPage(async (opened) => {
      const { page } = opened;
      await opened.visit('#/dashboards/growth');
      // From the top of the page, the first stop skips to the content.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
      // Tab to the window picker and change it with the arrow key.
      for (let i = 0; i < 30 && !(await page.evaluate(() => document.activeElement?.getAttribute('name') === 'window')); i++) await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('window');
      await opened.rendered(() => page.keyboard.press('ArrowDown'));
      expect(page.url()).toContain('w=7d');
      // Focus stays on the picker after a change, so the next key goes on from there.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('window');
      // A panel's title link opens the metric in the explorer.
      for (let i = 0; i < 40 && !(await page.evaluate(() => document.activeElement?.closest('article.panel h2') !== null)); i++) await page.keyboard.press('Tab');
      await opened.rendered(() => page.keyboard.press('Enter'));
      expect(page.url()).toContain('#/metrics/wau_high_satisfaction');
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    });
  });

  it.each([
    ['a 1280×800 window', { width: 1280, height: 800 }],
    ['a 390×844 phone', { width: 390, height: 844 }],
  ])('every view fits %s without sideways scrolling, and passes axe there', async (_name, viewport) => {
    await withPage(async (opened) => {
      for (const hash of ['#/', '#/dashboards/growth', '#/dashboards/quality', '#/metrics/latency_p95?by=backend', '#/alerts', '#/report']) {
        await opened.visit(hash);
        const overflow = await opened.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, hash).toBeLessThanOrEqual(0);
        expect(await seriousViolations(opened.page), hash).toEqual([]);
      }
    }, viewport);
  });
});
