/**
 * Alert rules in the style of `promtool test rules`: a fixture of records, evaluation moments, and
 * the expected state and notifications of each rule at each moment (an empty list: none sent).
 * Every rule here is daily unless said otherwise, so a moment judges the UTC day before it.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateAlerts } from '../../src/alerts/evaluate-alerts.js';
import { createSilence } from '../../src/alerts/silences.js';
import { db } from '../../src/db.js';
import { ingest } from '../../src/ingestion/ingest.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { defineMetric, type MeasureFormula } from '../../src/registry/define-metric.js';
import { createRegistry } from '../../src/registry/registry.js';

const day = (d: number, hour = 12) => new Date(Date.UTC(2026, 1, d, hour)); // February 2026
const RECEIVED = day(20);

/** Events of one day: `generated` COMMAND_GENERATED events of which `failed` also have a COMMAND_FAILED. */
function dayOfEvents(d: number, generated: number, failed: number, extra: Record<string, unknown> = {}) {
  const base = { sessionId: randomUUID(), backend: 'STATIC', platform: 'linux-x86_64', caroVersion: '1.0.0', latencyMs: 10, success: true, ...extra };
  return [
    ...Array.from({ length: generated }, () => ({ ...base, eventId: randomUUID(), timestamp: day(d), eventType: 'COMMAND_GENERATED' })),
    ...Array.from({ length: failed }, () => ({ ...base, eventId: randomUUID(), timestamp: day(d), eventType: 'COMMAND_FAILED', success: false })),
  ];
}

const count = (eventType: string, where: Record<string, unknown> = {}): MeasureFormula =>
  ({ kind: 'measure', source: 'events', aggregate: 'count', where: { eventType, ...where } }) as MeasureFormula;

const failRate = {
  kind: 'ratio' as const,
  numerator: count('COMMAND_FAILED'),
  denominator: count('COMMAND_GENERATED'),
};

const registry = createRegistry([
  defineMetric({
    id: 'fail_rate',
    title: 'Fail rate',
    description: 'test',
    unit: 'ratio',
    direction: 'lower',
    formula: failRate,
    segments: ['backend'],
    alerts: [
      // Fires after 2 failing days, stays firing 1 passing day, then resolves.
      { name: 'high', kind: 'threshold', above: 0.5, severity: 'warning', for: 2, keepFiringFor: 1 },
      // Judges nothing on fewer than 5 generations.
      { name: 'high_sampled', kind: 'threshold', above: 0.5, severity: 'info', minSampleSize: 5 },
      // No data counts as failing.
      { name: 'high_or_silent', kind: 'threshold', above: 0.5, severity: 'critical', noData: 'alerting' },
      // One segment value only.
      { name: 'embedded_high', kind: 'threshold', above: 0.5, severity: 'warning', scope: { segment: 'backend', value: 'EMBEDDED' } },
    ],
  }),
]);

// Failure ratios by day (STATIC unless said): 1: 1/10 · 2: 6/10 · 3: 3/4 (sample 4) · 4: 1/10 · 5: 1/10 ·
// 6: none · 7: EMBEDDED 3/4 plus STATIC 0/10.
beforeAll(async () => {
  const records = [
    ...dayOfEvents(1, 10, 1),
    ...dayOfEvents(2, 10, 6),
    ...dayOfEvents(3, 4, 3),
    ...dayOfEvents(4, 10, 1),
    ...dayOfEvents(5, 10, 1),
    ...dayOfEvents(7, 4, 3, { backend: 'EMBEDDED' }),
    ...dayOfEvents(7, 10, 0),
  ];
  const result = await ingest(kinds.telemetryEvents, records, { driver: db.sql, hashSession: (s) => s, retentionDays: 90, receivedAt: RECEIVED });
  expect(result.rejected).toBe(0);
});

// A week between repeats: within this table only state changes notify (repeats are tested below).
const run = (at: Date) => evaluateAlerts({ at, registry, db, outbox: null, repeatIntervalMs: 7 * 86_400_000 });
const stateOf = async (ruleId: string) => (await db.prisma.alertState.findUnique({ where: { ruleId } }))?.state ?? 'INACTIVE';

describe('alert rules over a week of failures', () => {
  // [moment, { rule: [state after, notifications sent at this moment] }]
  const steps: [Date, Record<string, [string, string[]]>][] = [
    // Judges day 1: 0.1, passing everywhere; no data for EMBEDDED (scope) → ok by default.
    [day(2, 0), { high: ['INACTIVE', []], high_sampled: ['INACTIVE', []], high_or_silent: ['INACTIVE', []], embedded_high: ['INACTIVE', []] }],
    // Judges day 2: 0.6 > 0.5. `high` needs 2 → PENDING; the others fire at once.
    [day(3, 0), { high: ['PENDING', []], high_sampled: ['FIRING', ['firing']], high_or_silent: ['FIRING', ['firing']], embedded_high: ['INACTIVE', []] }],
    // Later the same day: day 3 is not over, so day 2 stays the last complete period: nothing changes.
    [day(3, 18), { high: ['PENDING', []], high_sampled: ['FIRING', []], high_or_silent: ['FIRING', []], embedded_high: ['INACTIVE', []] }],
    // Judges day 3: 3/4 = 0.75 on a sample of 4: `high_sampled` does not judge and keeps FIRING.
    [day(4, 0), { high: ['FIRING', ['firing']], high_sampled: ['FIRING', []], high_or_silent: ['FIRING', []], embedded_high: ['INACTIVE', []] }],
    // Judges day 4: 0.1. `high` keeps firing for one passing evaluation; the others resolve.
    [day(5, 0), { high: ['FIRING', []], high_sampled: ['RESOLVED', ['resolved']], high_or_silent: ['RESOLVED', ['resolved']], embedded_high: ['INACTIVE', []] }],
    // Judges day 5: 0.1 again: `high` resolves.
    [day(6, 0), { high: ['RESOLVED', ['resolved']], high_sampled: ['RESOLVED', []], high_or_silent: ['RESOLVED', []], embedded_high: ['INACTIVE', []] }],
    // Judges day 6: no events. No data is ok by default, failing for `high_or_silent`.
    [day(7, 0), { high: ['RESOLVED', []], high_sampled: ['RESOLVED', []], high_or_silent: ['FIRING', ['firing']], embedded_high: ['INACTIVE', []] }],
    // Judges day 7: all backends 3/14 ≈ 0.21 (passing); EMBEDDED alone 3/4 = 0.75 (failing).
    [day(8, 0), { high: ['RESOLVED', []], high_sampled: ['RESOLVED', []], high_or_silent: ['RESOLVED', ['resolved']], embedded_high: ['FIRING', ['firing']] }],
  ];

  it.each(steps.map(([at, expected], i) => ({ i, at, expected })))('step $i at $at', async ({ at, expected }) => {
    const result = await run(at);
    for (const [name, [state, notifications]] of Object.entries(expected)) {
      const ruleId = `fail_rate.${name}`;
      expect(await stateOf(ruleId), ruleId).toBe(state);
      expect(result.notifications.filter((n) => n.ruleId === ruleId).map((n) => n.status), ruleId).toEqual(notifications);
    }
  });

  it('keeps a history of transitions with the values that caused them', async () => {
    const history = await db.prisma.alertTransition.findMany({ where: { ruleId: 'fail_rate.high' }, orderBy: { id: 'asc' } });
    expect(history.map((h) => [h.fromState, h.toState, h.periodStart.toISOString().slice(0, 10), h.value])).toEqual([
      ['INACTIVE', 'PENDING', '2026-02-02', 0.6],
      ['PENDING', 'FIRING', '2026-02-03', 0.75],
      ['FIRING', 'RESOLVED', '2026-02-05', 0.1],
    ]);
    expect(history[1]!.message).toBe('Fail rate above 50 %: 75 % over 2026-02-03');
  });

  it('evaluating the same moment twice changes nothing', async () => {
    const before = await db.prisma.alertState.findMany({ orderBy: { ruleId: 'asc' } });
    const again = await run(day(8, 0));
    expect(again.evaluated).toBe(0);
    expect(again.transitions).toEqual([]);
    expect(await db.prisma.alertState.findMany({ orderBy: { ruleId: 'asc' } })).toEqual(before);
  });
});

describe('silences, repeats and weekly periods', () => {
  const weekly = createRegistry([
    defineMetric({
      id: 'weekly_fail_rate',
      title: 'Weekly fail rate',
      description: 'test',
      unit: 'ratio',
      direction: 'lower',
      formula: failRate,
      segments: [],
      alerts: [{ name: 'high', kind: 'threshold', above: 0.2, severity: 'critical', cadence: 'weekly' }],
    }),
  ]);
  const evaluate = (at: Date, repeatIntervalMs = 4 * 3_600_000) =>
    evaluateAlerts({ at, registry: weekly, db, outbox: null, repeatIntervalMs });

  it('judges the last complete ISO week, never the partial one', async () => {
    // Thursday 2026-02-05: the last complete week is Mon 2026-01-26 to Mon 2026-02-02, with no events.
    const thursday = await evaluate(day(5));
    expect(thursday.evaluated).toBe(1);
    expect(await stateOf('weekly_fail_rate.high')).toBe('INACTIVE');
    // Monday 2026-02-09: the week 2026-02-02..09 holds days 2 to 7: generations 10+4+10+10+4+10 = 48,
    // failures 6+3+1+1+3 = 14: 14/48 ≈ 0.29 > 0.2.
    const monday = await evaluate(day(9, 1));
    expect(monday.transitions.map((t) => t.toState)).toEqual(['FIRING']);
    expect(monday.transitions[0]!.value).toBeCloseTo(14 / 48);
  });

  it('mutes notifications of a silenced rule, and repeats while firing once the interval has passed', async () => {
    const silence = await createSilence(db.prisma, { metricId: 'weekly_fail_rate', endsAt: day(28), comment: 'known incident' }, day(9));
    expect(silence.ruleId).toBeNull();
    // Rewinding the rule's last judged period makes the next evaluation judge the same week again.
    await db.prisma.alertState.update({ where: { ruleId: 'weekly_fail_rate.high' }, data: { lastPeriodStart: new Date(Date.UTC(2026, 0, 26)) } });
    const silenced = await evaluate(day(10));
    expect(silenced.notifications).toEqual([{ ruleId: 'weekly_fail_rate.high', status: 'firing', silenced: true, deliveryId: null }]);
    await db.prisma.silence.update({ where: { id: silence.id }, data: { expiredAt: day(10) } });
    await db.prisma.alertState.update({ where: { ruleId: 'weekly_fail_rate.high' }, data: { lastPeriodStart: new Date(Date.UTC(2026, 0, 26)) } });
    const repeated = await evaluate(day(11), 60_000);
    expect(repeated.notifications).toEqual([{ ruleId: 'weekly_fail_rate.high', status: 'firing', silenced: false, deliveryId: null }]);
  });
});
