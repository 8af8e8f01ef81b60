/** The alerting GraphQL API (#5): rules, state, history, silences and on-demand evaluation. */
import { describe, expect, it } from 'vitest';
import { graphql } from '../client/gql/index.js';
import { createTestClient } from '../support/client.js';

const client = createTestClient();

describe('alerting API (#5)', () => {
  it('lists the rules declared in the metric plugins, with their defaults', async () => {
    const { alertRules } = await client.request(
      graphql(`query AlertRules { alertRules { id metric name kind severity cadence for keepFiringFor minSampleSize noData } }`),
    );
    expect(alertRules.find((r) => r.id === 'latency_p95.above_1000_ms')).toEqual({
      id: 'latency_p95.above_1000_ms',
      metric: 'latency_p95',
      name: 'above_1000_ms',
      kind: 'threshold',
      severity: 'critical',
      cadence: 'daily',
      for: 1,
      keepFiringFor: 0,
      minSampleSize: 0,
      noData: 'ok',
    });
    expect(alertRules.map((r) => r.id)).toContain('safety_true_positive_rate.critical_below_100_percent');
  });

  it('evaluates on demand, idempotently, and shows state and history', async () => {
    const Evaluate = graphql(`mutation EvaluateAlerts($at: DateTime) { evaluateAlerts(at: $at) { evaluated transitions { ruleId toState } } }`);
    // Over an empty database every rule has no data: ok by default, so all stay INACTIVE.
    const first = await client.request(Evaluate, { at: '2026-03-02T01:00:00Z' });
    expect(first.evaluateAlerts.evaluated).toBeGreaterThan(10);
    expect(first.evaluateAlerts.transitions).toEqual([]);
    const again = await client.request(Evaluate, { at: '2026-03-02T01:00:00Z' });
    expect(again.evaluateAlerts.evaluated).toBe(0);

    const { alerts } = await client.request(graphql(`query InactiveAlerts { alerts(state: INACTIVE) { ruleId state lastPeriodStart } }`));
    expect(alerts.find((a) => a.ruleId === 'latency_p95.above_1000_ms')).toEqual({
      ruleId: 'latency_p95.above_1000_ms',
      state: 'INACTIVE',
      lastPeriodStart: '2026-03-01T00:00:00.000Z',
    });
    const firing = await client.request(graphql(`query FiringAlerts { alerts(state: FIRING) { ruleId } }`));
    expect(firing.alerts).toEqual([]);
    const history = await client.request(
      graphql(`query History($ruleId: ID!) { alertHistory(ruleId: $ruleId) { toState } }`),
      { ruleId: 'latency_p95.above_1000_ms' },
    );
    expect(history.alertHistory).toEqual([]);
    await expect(client.request(`{ alertHistory(ruleId: "nope.nope") { toState } }`)).rejects.toMatchObject({
      response: { errors: [{ extensions: { code: 'ALERT_RULE_NOT_FOUND' } }] },
    });
  });

  it('creates, lists and expires silences, and refuses bad ones', async () => {
    const Create = graphql(`mutation CreateSilence($input: SilenceInput!) { createSilence(input: $input) { id ruleId severity endsAt comment expiredAt } }`);
    const endsAt = new Date(Date.now() + 3_600_000).toISOString();
    const { createSilence } = await client.request(Create, { input: { severity: 'warning', endsAt, comment: 'deploy window' } });
    expect(createSilence).toMatchObject({ ruleId: null, severity: 'warning', endsAt, comment: 'deploy window', expiredAt: null });

    const active = await client.request(graphql(`query ActiveSilences { silences(active: true) { id } }`));
    expect(active.silences.map((s) => s.id)).toEqual([createSilence.id]);
    await client.request(graphql(`mutation Expire($id: ID!) { expireSilence(id: $id) { expiredAt } }`), { id: createSilence.id });
    expect((await client.request(graphql(`query ActiveSilencesAfter { silences(active: true) { id } }`))).silences).toEqual([]);

    for (const input of [
      { endsAt, comment: 'matches nothing' },
      { ruleId: 'wau.declining_wow', endsAt: '2020-01-01T00:00:00Z', comment: 'already over' },
      { ruleId: 'wau.declining_wow', endsAt, comment: ' ' },
      // Comments are words: no path, address or key rides in one.
      { ruleId: 'wau.declining_wow', endsAt, comment: 'see /home/alice/notes' },
      { ruleId: 'wau.declining_wow', endsAt, comment: 'ask alice@example.com' },
    ]) {
      await expect(client.request(Create, { input })).rejects.toMatchObject({ response: { errors: [{ extensions: { code: 'INVALID_SILENCE' } }] } });
    }
    await expect(client.request(Create, { input: { ruleId: 'no.rule', endsAt, comment: 'x' } })).rejects.toMatchObject({
      response: { errors: [{ extensions: { code: 'ALERT_RULE_NOT_FOUND' } }] },
    });
  });
});
