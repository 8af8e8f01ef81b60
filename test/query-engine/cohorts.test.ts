/**
 * Finished cohorts and the retention table (#13), on a hand-worked fixture. Cohorts of March 2026:
 * - a, first seen 03-02 10:00; COMMAND_EXECUTED 03-02 11:00, 03-04 09:00 and 03-10 10:00;
 * - b, first seen 03-04 12:00; COMMAND_EXECUTED 03-11 11:00 and 03-19 00:00;
 * - c, first seen 03-08 23:00; COMMAND_EXECUTED 03-16 00:00;
 * - e, first seen 03-10 08:00; COMMAND_EXECUTED 03-11 05:00;
 * - f, first seen 03-17 09:00 and never back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cohortWindowOf, retentionTable } from '../../src/query-engine/cohorts.js';
import { computeSnapshot } from '../../src/query-engine/metric-result.js';
import { registry } from '../../src/registry/catalogue.js';
import { graphql } from '../client/gql/index.js';
import { createTestClient } from '../support/client.js';
import { evaluatorAt, metric } from '../support/engine.js';
import { loadFixture } from '../support/metric-tester.js';
import { d, ev, session, win } from '../support/records.js';

const [a, b, c, e, f] = [session(), session(), session(), session(), session()];
const WEEK = win('2026-03-16', '2026-03-23');

beforeAll(async () => {
  await loadFixture({
    events: [
      ev(a, '2026-03-02T10:00:00Z', 'INSTALLED'), ev(a, '2026-03-02T11:00:00Z', 'COMMAND_EXECUTED'),
      ev(a, '2026-03-04T09:00:00Z', 'COMMAND_EXECUTED'), ev(a, '2026-03-10T10:00:00Z', 'COMMAND_EXECUTED'),
      ev(b, '2026-03-04T12:00:00Z', 'INSTALLED'), ev(b, '2026-03-11T11:00:00Z', 'COMMAND_EXECUTED'), ev(b, '2026-03-19T00:00:00Z', 'COMMAND_EXECUTED'),
      ev(c, '2026-03-08T23:00:00Z', 'INSTALLED'), ev(c, '2026-03-16T00:00:00Z', 'COMMAND_EXECUTED'),
      ev(e, '2026-03-10T08:00:00Z', 'INSTALLED'), ev(e, '2026-03-11T05:00:00Z', 'COMMAND_EXECUTED'),
      ev(f, '2026-03-17T09:00:00Z', 'INSTALLED'),
    ],
  });
});

describe('the latest finished cohort', () => {
  it('week-1 retention over the week of 03-16 reports the cohort of two weeks earlier', async () => {
    // Look-forward up to 14 days: the week moved back by two weeks, [03-02, 03-09): a, b, c.
    // a is active in [03-09 10:00, 03-16 10:00) (03-10); b's 03-11 11:00 is before its period
    // [03-11 12:00, 03-18 12:00) and 03-19 after; c is in [03-15 23:00, 03-22 23:00) (03-16): 2 of 3.
    const w1 = metric('retention_w1');
    const cohort = cohortWindowOf(w1.formula, registry.formulaOf, WEEK, 'LATEST_FINISHED');
    expect(cohort).toEqual(win('2026-03-02', '2026-03-09'));
    const snapshot = await computeSnapshot(evaluatorAt(d('2026-03-23')), w1, cohort!);
    expect(snapshot).toMatchObject({ value: 2 / 3, sampleSize: 3, excludedCohortMembers: 0 });
  });

  it('day-1 retention looks two days ahead: the week before, [03-09, 03-16): e, active the next day', async () => {
    const d1 = metric('retention_d1');
    const cohort = cohortWindowOf(d1.formula, registry.formulaOf, WEEK, 'LATEST_FINISHED')!;
    expect(cohort).toEqual(win('2026-03-09', '2026-03-16'));
    expect((await computeSnapshot(evaluatorAt(d('2026-03-23')), d1, cohort)).value).toBe(1);
  });

  it("the window's own cohort (f) is left out at its end: no data, one member excluded", async () => {
    const snapshot = await computeSnapshot(evaluatorAt(d('2026-03-23')), metric('retention_w1'), WEEK);
    expect(snapshot).toMatchObject({ value: null, sampleSize: 0, excludedCohortMembers: 1 });
  });

  it('through GraphQL: cohort LATEST_FINISHED and its cohortWindow; a metric without a cohort has none', async () => {
    const client = createTestClient();
    const { w1, wau } = await client.request(
      graphql(`
        query FinishedCohort($window: TimeWindowInput!) {
          w1: metric(id: "retention_w1", window: $window, cohort: LATEST_FINISHED) { value cohortWindow { from to } window { from to } }
          wau: metric(id: "wau", window: $window, cohort: LATEST_FINISHED) { cohortWindow { from } }
        }
      `),
      { window: { from: WEEK.from.toISOString(), to: WEEK.to.toISOString() } },
    );
    expect(w1).toEqual({
      value: 2 / 3,
      cohortWindow: { from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' },
      window: { from: '2026-03-16T00:00:00.000Z', to: '2026-03-23T00:00:00.000Z' },
    });
    expect(wau.cohortWindow).toBeNull();
  });
});

describe('the retention table', () => {
  const cohorts = win('2026-03-02', '2026-03-05');
  const condition = { eventType: 'COMMAND_EXECUTED' } as const;

  it('daily cohorts, three daily periods from each first-seen time', async () => {
    // 03-02: a, periods [03-02 10:00, 03-03 10:00) 11:00 ✓, [03-03 10:00, 03-04 10:00) 03-04 09:00 ✓,
    //        [03-04 10:00, 03-05 10:00) none. 03-03: nobody. 03-04: b, nothing in its first three days.
    const rows = await retentionTable(evaluatorAt(d('2026-04-01')), { condition, cohorts, granularity: 'DAY', periods: 3 });
    expect(rows).toEqual([
      { start: d('2026-03-02'), end: d('2026-03-03'), size: 1, periods: [1, 1, 0] },
      { start: d('2026-03-03'), end: d('2026-03-04'), size: 0, periods: [null, null, null] },
      { start: d('2026-03-04'), end: d('2026-03-05'), size: 1, periods: [0, 0, 0] },
    ]);
  });

  it('a period not over for every member is null', async () => {
    // At 03-05 00:00: a's third period ends 03-05 10:00, b's first 03-05 12:00.
    const rows = await retentionTable(evaluatorAt(d('2026-03-05')), { condition, cohorts, granularity: 'DAY', periods: 3 });
    expect(rows.map((r) => r.periods)).toEqual([[1, 1, null], [null, null, null], [null, null, null]]);
  });

  it('weekly, through GraphQL, from a cohort metric: week-1 retention of the cohort of the week of 03-02', async () => {
    // a, b, c; week 0 is each one's first 7 days: a (03-02 11:00), b (03-11 11:00, just before its
    // 03-11 12:00 end), not c (03-16 00:00 is past 03-15 23:00): 2/3. Week 1, as retention_w1: 2/3.
    const client = createTestClient();
    const { retentionTable: rows } = await client.request(
      graphql(`
        query Retention { retentionTable(metric: "retention_w1", cohorts: { from: "2026-03-02T00:00:00Z", to: "2026-03-09T00:00:00Z" }, granularity: WEEK, periods: 2) { start size periods } }
      `),
    );
    expect(rows).toEqual([{ start: '2026-03-02T00:00:00.000Z', size: 3, periods: [2 / 3, 2 / 3] }]);
  });
});
