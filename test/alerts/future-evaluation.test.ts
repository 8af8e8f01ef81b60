/**
 * Issue #11, item 7: `evaluateAlerts(at: "2099-…")` recorded 2099 as every rule's last judged period,
 * silencing every rule until then. An `at` more than 5 minutes ahead of the server is refused.
 */
import { describe, expect, it } from 'vitest';
import { createTestClient } from '../support/client.js';
import { requestErrors } from '../support/ingestion.js';

const client = createTestClient();
const Evaluate = `mutation($at: DateTime) { evaluateAlerts(at: $at) { evaluated } }`;
const Judged = `{ alerts { ruleId lastPeriodStart } }`;

describe('evaluateAlerts refuses a moment in the future (#11)', () => {
  it('at 2099: EVALUATION_TIME_IN_FUTURE, and no rule has judged anything', async () => {
    const errors = await requestErrors(client.request(Evaluate, { at: '2099-01-01T00:00:00Z' }));
    expect(errors.map((e) => e.extensions?.code)).toEqual(['EVALUATION_TIME_IN_FUTURE']);
    const { alerts } = await client.request<{ alerts: { lastPeriodStart: string | null }[] }>(Judged);
    expect(alerts.length).toBeGreaterThan(10);
    expect(alerts.filter((a) => a.lastPeriodStart !== null)).toEqual([]);
  });

  it('6 minutes ahead is refused; 4 minutes ahead (clock skew) is evaluated, so every rule still judges', async () => {
    const ahead = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
    expect((await requestErrors(client.request(Evaluate, { at: ahead(6) }))).map((e) => e.extensions?.code)).toEqual(['EVALUATION_TIME_IN_FUTURE']);
    const { evaluateAlerts } = await client.request<{ evaluateAlerts: { evaluated: number } }>(Evaluate, { at: ahead(4) });
    const { alerts } = await client.request<{ alerts: unknown[] }>(Judged);
    expect(evaluateAlerts.evaluated).toBe(alerts.length);
  });
});
