/**
 * The formula kinds that read state (#3): sessionState, share, gauge, subscriptions, and the sql
 * escape hatch. Values are worked out by hand in the comments. (Aggregating kinds: formula-kinds.test.ts.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { previousWindow } from '../../src/query-engine/window.js';
import type { FieldCondition, Formula } from '../../src/registry/define-metric.js';
import { db } from '../../src/db.js';
import { env } from '../../src/env.js';
import { createEvaluator } from '../../src/query-engine/evaluate.js';
import { registry } from '../../src/registry/catalogue.js';
import { sql, type SqlFragment } from '../../src/sql/fragment.js';
import { loadFixture, NOW } from '../support/metric-tester.js';
import { bySegment, evaluate, totalOf } from '../support/engine.js';
import { billing, ev, gaugeAt, session, win } from '../support/records.js';

const close = (actual: number | null | undefined, expected: number | null) =>
  expected === null ? expect(actual).toBeNull() : expect(actual).toBeCloseTo(expected, 9);

const [u1, u2, u3, u4, u5] = [session(), session(), session(), session(), session()];
const [acc1, acc2, acc3, acc4] = [session(), session(), session(), session()];
const JUL = win('2026-07-06', '2026-07-13');

beforeAll(async () => {
  await loadFixture({
    events: [
      ev(u1, '2026-07-01', 'COMMAND_GENERATED', { safetyMode: 'STRICT' }),
      ev(u1, '2026-07-07', 'COMMAND_EXECUTED', { safetyMode: 'NORMAL', historyEnabled: true }),
      ev(u2, '2026-07-02', 'COMMAND_GENERATED', { safetyMode: 'PERMISSIVE', historyEnabled: false }),
      ev(u2, '2026-07-08', 'COMMAND_EXECUTED', { backend: 'EMBEDDED' }),
      ev(u3, '2026-07-09', 'COMMAND_EXECUTED', { safetyMode: 'NORMAL' }),
      ev(u3, '2026-07-13', 'COMMAND_GENERATED', { safetyMode: 'STRICT' }),
      ev(u4, '2026-07-08', 'COMMAND_GENERATED', { safetyMode: 'NORMAL' }),
      ev(u5, '2026-07-10', 'COMMAND_EXECUTED'),
    ],
    gauges: [
      gaugeAt('github.stars', '2026-03-01', 100), gaugeAt('github.stars', '2026-03-05', 120),
      gaugeAt('github.stars', '2026-03-08', 150), gaugeAt('discord.members', '2026-03-04', 999),
    ],
    subscriptions: [
      billing(acc1, '2026-01-10', 'STARTED', 'PRO', 900), billing(acc1, '2026-03-15', 'CHANGED', 'TEAM', 4900),
      billing(acc2, '2026-01-20', 'STARTED', 'FREE', 0),
      billing(acc3, '2026-02-01', 'STARTED', 'PRO', 900), billing(acc3, '2026-03-10', 'CANCELLED', 'PRO', 0),
      billing(acc4, '2026-03-20', 'STARTED', 'ENTERPRISE', 20000),
    ],
  });
});

// Conditions of either field, as the table below mixes them (the plugin types check each field's own).
const state = (field: 'safetyMode' | 'historyEnabled', match?: FieldCondition): Formula =>
  (match === undefined ? { kind: 'sessionState', field } : { kind: 'sessionState', field, match }) as Formula;

describe('sessionState', () => {
  // Active in [07-06, 07-13) and their latest safetyMode sent before 07-13: u1 NORMAL (after STRICT),
  // u2 PERMISSIVE (its EXEC carries none), u3 NORMAL (its STRICT at 07-13 is too late).
  // u4 sent NORMAL but is not active (no EXEC); u5 is active but never sent one.
  it.each<[string, Formula, number]>([
    ['sessions with a safetyMode: u1, u2, u3', state('safetyMode'), 3],
    ['latest NORMAL: u1, u3', state('safetyMode', 'NORMAL'), 2],
    ['latest STRICT or PERMISSIVE: u2', state('safetyMode', ['STRICT', 'PERMISSIVE']), 1],
    ['latest not NORMAL: u2', state('safetyMode', { not: 'NORMAL' }), 1],
    ['latest historyEnabled true: u1 (u2 false)', state('historyEnabled', true), 1],
    ['sessions with a historyEnabled: u1, u2', state('historyEnabled'), 2],
  ])('%s', async (_, formula, value) => {
    expect(totalOf(await evaluate(formula, JUL)).value).toBe(value);
  });

  it('segmented by the state itself', async () => {
    expect(bySegment(await evaluate(state('safetyMode'), JUL, { segmentBy: 'safetyMode' }))).toEqual({ NORMAL: 2, PERMISSIVE: 1 });
  });

  it('split and not, over different windows, asked at once: one statement, each answer as when asked alone', async () => {
    const statements: SqlFragment[] = [];
    const driver = { dialect: db.reads.dialect, query: <T>(query: SqlFragment) => (statements.push(query), db.reads.query<T>(query)) };
    const evaluator = createEvaluator({ driver, formulaOf: registry.formulaOf, now: NOW, source: env.CARO_QUERY_SOURCE });
    const [split, history, earlier] = await Promise.all([
      evaluator.evaluate(state('safetyMode'), JUL, 'safetyMode'),
      evaluator.evaluate(state('historyEnabled', true), JUL, null),
      // Active in [07-01, 07-08): u1 only (u2's EXEC is at 07-08, the end), its latest NORMAL (07-07).
      evaluator.evaluate(state('safetyMode', 'NORMAL'), win('2026-07-01', '2026-07-08'), null),
    ]);
    expect(bySegment(split)).toEqual({ NORMAL: 2, PERMISSIVE: 1 });
    expect(totalOf(history).value).toBe(1);
    expect(totalOf(earlier).value).toBe(1);
    // Raw records compute each leaf alone.
    expect(statements).toHaveLength(env.CARO_QUERY_SOURCE === 'raw' ? 3 : 1);
  });
});

describe('share', () => {
  const share = (headline?: string): Formula => ({ kind: 'share', base: state('safetyMode'), of: 'safetyMode', ...(headline ? { headline } : {}) }) as Formula;
  const byBackend: Formula = { kind: 'share', base: { kind: 'measure', source: 'events', aggregate: 'count' }, of: 'backend', headline: 'STATIC' };
  it.each<[string, Formula, [string, string], number | null]>([
    ['headline NORMAL: 2 / 3', share('NORMAL'), ['2026-07-06', '2026-07-13'], 2 / 3],
    ['headline with no sessions (STRICT): 0 / 3', share('STRICT'), ['2026-07-06', '2026-07-13'], 0],
    ['no headline: no single value', share(), ['2026-07-06', '2026-07-13'], null],
    ['no sessions at all: null, not 0', share('NORMAL'), ['2026-07-20', '2026-07-27'], null],
    // Events in [07-06, 07-13): u1, u3, u4, u5 STATIC, u2 EMBEDDED → 4 / 5.
    ['share of a measure: STATIC 4 / 5', byBackend, ['2026-07-06', '2026-07-13'], 0.8],
  ])('%s', async (_, formula, [from, to], value) => {
    close(totalOf(await evaluate(formula, win(from, to))).value, value);
  });

  it('split by its dimension: each value over the total', async () => {
    const split = bySegment(await evaluate(share('NORMAL'), JUL, { segmentBy: 'safetyMode' }));
    expect(Object.keys(split).sort()).toEqual(['NORMAL', 'PERMISSIVE']);
    close(split.NORMAL, 2 / 3);
    close(split.PERMISSIVE, 1 / 3);
  });
});

describe('gauge', () => {
  // github.stars: 03-01 100, 03-05 120, 03-08 150; discord.members (03-04, 999) is another gauge.
  const stars: Formula = { kind: 'gauge', gauge: 'github.stars' };
  it.each<[string, [string, string], number | null]>([
    ['latest before 03-08 (150 is at `to`)', ['2026-03-02', '2026-03-08'], 120],
    ['latest before 03-09', ['2026-03-02', '2026-03-09'], 150],
    ['none observed before 03-01: null', ['2026-02-01', '2026-03-01'], null],
  ])('%s', async (_, [from, to], value) => {
    expect(totalOf(await evaluate(stars, win(from, to))).value).toBe(value);
  });

  it('the previous value is the latest before the window starts', async () => {
    expect(totalOf(await evaluate(stars, previousWindow(win('2026-03-02', '2026-03-08')))).value).toBe(100);
  });
});

describe('subscriptions', () => {
  // acc1 PRO $9 → TEAM $49 (03-15); acc2 FREE; acc3 PRO $9, cancelled 03-10; acc4 ENTERPRISE $200 from 03-20.
  const MARCH = win('2026-03-01', '2026-04-01');
  const subs = (measure: 'mrr' | 'accounts' | 'payingAccounts' | 'cancelledPaying', at?: 'start' | 'end'): Formula =>
    at ? { kind: 'subscriptions', measure, at } : { kind: 'subscriptions', measure };
  it.each<[string, Formula, number]>([
    ['mrr at the end: 49 + 0 + 200', subs('mrr'), 249],
    ['mrr at the start: 9 + 0 + 9', subs('mrr', 'start'), 18],
    ['accounts at the end: acc1, acc2, acc4', subs('accounts'), 3],
    ['paying accounts at the end: acc1, acc4', subs('payingAccounts'), 2],
    ['paying accounts at the start: acc1, acc3', subs('payingAccounts', 'start'), 2],
    ['paying at the start and cancelled in the window: acc3', subs('cancelledPaying'), 1],
  ])('%s', async (_, formula, value) => {
    close(totalOf(await evaluate(formula, MARCH)).value, value);
  });

  it('mrr by tier', async () => {
    expect(bySegment(await evaluate(subs('mrr'), MARCH, { segmentBy: 'tier' }))).toEqual({ TEAM: 49, FREE: 0, ENTERPRISE: 200 });
  });

  it('no account yet: 0, not null', async () => {
    expect(totalOf(await evaluate(subs('mrr'), win('2025-12-01', '2026-01-01'))).value).toBe(0);
  });
});

describe('sql escape hatch', () => {
  // As define-metric.ts documents it, the query returns rows (seg, value, n); the PostgreSQL one
  // uses PostgreSQL-only casts, so each dialect must get its own.
  const where = (from: Date, to: Date) => sql`FROM telemetry_events WHERE timestamp >= ${from} AND timestamp < ${to}`;
  const counted: Formula = {
    kind: 'sql',
    dimensions: ['backend'],
    query: {
      sqlite: ({ from, to, segmentBy }) =>
        segmentBy
          ? sql`SELECT backend AS seg, COUNT(*) AS value, COUNT(*) AS n ${where(from, to)} GROUP BY backend`
          : sql`SELECT NULL AS seg, COUNT(*) AS value, COUNT(*) AS n ${where(from, to)}`,
      postgresql: ({ from, to, segmentBy }) =>
        segmentBy
          ? sql`SELECT backend AS seg, COUNT(*)::bigint AS value, COUNT(*)::bigint AS n ${where(from, to)} GROUP BY backend`
          : sql`SELECT NULL AS seg, COUNT(*)::bigint AS value, COUNT(*)::bigint AS n ${where(from, to)}`,
    },
  };

  it('runs the dialect query: 5 July events, 4 STATIC and 1 EMBEDDED', async () => {
    expect(totalOf(await evaluate(counted, JUL)).value).toBe(5);
    expect(bySegment(await evaluate(counted, JUL, { segmentBy: 'backend' }))).toEqual({ STATIC: 4, EMBEDDED: 1 });
  });

  it('a query that also returns `excluded` works', async () => {
    const withExcluded: Formula = {
      kind: 'sql',
      query: {
        sqlite: ({ from, to }) => sql`SELECT NULL AS seg, COUNT(*) AS value, COUNT(*) AS n, 0 AS excluded ${where(from, to)}`,
        postgresql: ({ from, to }) => sql`SELECT NULL AS seg, COUNT(*)::bigint AS value, COUNT(*)::bigint AS n, 0 AS excluded ${where(from, to)}`,
      },
    };
    expect(totalOf(await evaluate(withExcluded, JUL))).toEqual({ value: 5, n: 5, excluded: 0 });
  });
});
