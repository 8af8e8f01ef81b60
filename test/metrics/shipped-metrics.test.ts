/**
 * The shipped metrics (#3), RuleTester-style: one hand-made fixture per metric, with its value, one
 * segment split, the change against the previous window and the target status worked out below.
 * Event metrics each read their own weeks of 2026 with fresh sessions, so cohort, first-seen and
 * rolling metrics do not see each other's records. `change`: percent for counts and amounts,
 * points × 100 for ratios, points for scores (changeOf in src/query-engine/metric-result.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeSegments, computeSnapshot, type MetricSnapshot } from '../../src/query-engine/metric-result.js';
import type { TargetStatus } from '../../src/query-engine/targets.js';
import { billing, d, ev, evaluatorAt, gaugeAt, loadFixture, metric, NOW, session, surveyAnswer, win } from '../support/metric-fixtures.js';

/** `n` records made one minute apart from `day` 00:00. */
const on = (day: string, n: number, make: (at: string, i: number) => Record<string, unknown>) =>
  Array.from({ length: n }, (_, i) => make(`${day}T00:${String(i).padStart(2, '0')}:00Z`, i));
const MAC = { platform: 'macos-aarch64' };
const S = session;

type Expected = Partial<Record<keyof MetricSnapshot, unknown>>;
async function expectSnapshot(id: string, window: { from: Date; to: Date }, expected: Expected, now = NOW) {
  const snapshot = await computeSnapshot(evaluatorAt(now), metric(id), window);
  for (const [key, value] of Object.entries(expected)) {
    const actual = snapshot[key as keyof MetricSnapshot];
    if (typeof value === 'number') expect(actual, key).toBeCloseTo(value, 6);
    else expect(actual, key).toEqual(value);
  }
}
async function expectSegments(id: string, window: { from: Date; to: Date }, by: string, expected: Record<string, [number, TargetStatus]>) {
  const segments = await computeSegments(evaluatorAt(), metric(id), window, by);
  expect(segments.map((s) => s.key)).toEqual(Object.keys(expected).sort());
  for (const s of segments) {
    expect(s.value, s.key).toBeCloseTo(expected[s.key]![0], 6);
    expect(s.status, s.key).toBe(expected[s.key]![1]);
  }
}

const [x1, x2, x3] = [S(), S(), S()];
const [w1, w2, w3, w4, w5, w6, w7] = [S(), S(), S(), S(), S(), S(), S()];
const [n1, n2, n3, n4, n5, n6, n7] = [S(), S(), S(), S(), S(), S(), S()];
const [a1, a2, a3, a4, a5, a6, a7] = [S(), S(), S(), S(), S(), S(), S()];
const [r1, r2, r3, r4, r5, r6, r7] = [S(), S(), S(), S(), S(), S(), S()];
const [b1, b2, b3, b4, b5] = [S(), S(), S(), S(), S()];
const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const REPAIR = 'AGENT_LOOP_REPAIR';

beforeAll(async () => {
  await loadFixture({
    events: [
      // execution_rate. Previous [01-05, 01-12): 5 GEN, 3 EXEC. Window [01-12, 01-19): STATIC 4 GEN 4 EXEC,
      // EMBEDDED 4 GEN 2 EXEC, MLX 3 GEN 2 EXEC. Next week [01-19, 01-26): 2 EXEC and no GEN.
      ...on('2026-01-06', 5, (at) => ev(x1, at, GEN)), ...on('2026-01-07', 3, (at) => ev(x1, at, EXEC)),
      ...on('2026-01-13', 4, (at) => ev(x1, at, GEN)), ...on('2026-01-14', 4, (at) => ev(x1, at, EXEC)),
      ...on('2026-01-15', 4, (at) => ev(x2, at, GEN, { backend: 'EMBEDDED' })), ...on('2026-01-16', 2, (at) => ev(x2, at, EXEC, { backend: 'EMBEDDED' })),
      ...on('2026-01-17', 3, (at) => ev(x3, at, GEN, { backend: 'MLX' })), ...on('2026-01-18', 2, (at) => ev(x3, at, EXEC, { backend: 'MLX' })),
      ...on('2026-01-20', 2, (at) => ev(x3, at, EXEC)),
      // wau. Window [02-02, 02-09): EXEC by w1 (linux), w2 (linux, EMBEDDED), w3 (macos), w4 (linux, twice);
      // w5 only generates. Previous [01-26, 02-02): w1 and w7.
      ev(w1, '2026-02-03', EXEC), ev(w2, '2026-02-04', EXEC, { backend: 'EMBEDDED' }), ev(w3, '2026-02-05', EXEC, MAC),
      ev(w4, '2026-02-06', EXEC), ev(w4, '2026-02-07', EXEC), ev(w5, '2026-02-06', GEN),
      ev(w1, '2026-01-27', EXEC), ev(w7, '2026-01-28', EXEC),
      // new_users. Window [03-02, 03-09): n1 (HN), n2 (GITHUB), n3 (macos, HN); n4 was first seen in the
      // previous week, as was n7; n6 arrives at `to`. (n5 only answers a survey.)
      ev(n1, '2026-03-02', 'INSTALLED', { acquisitionSource: 'HN' }), ev(n2, '2026-03-04', GEN, { acquisitionSource: 'GITHUB' }),
      ev(n3, '2026-03-08T23:00:00Z', GEN, { ...MAC, acquisitionSource: 'HN' }),
      ev(n4, '2026-02-25', GEN), ev(n4, '2026-03-03', EXEC), ev(n7, '2026-02-24', GEN), ev(n6, '2026-03-09', GEN),
      // activation_rate_7d. Window [03-23, 03-30): a1 ✓ (3 successes), a2 ✗ (2), a3 ✗ (its third is at
      // its period's end, 04-01 00:00), a4 (macos) ✓, period ending 04-05 12:00. Previous: a5 ✓, a6 ✓, a7 ✗.
      ev(a1, '2026-03-23', GEN), ...on('2026-03-24', 3, (at) => ev(a1, at, EXEC)),
      ev(a2, '2026-03-24', GEN), ...on('2026-03-25', 2, (at) => ev(a2, at, EXEC)), ev(a2, '2026-03-26', EXEC, { success: false }),
      ev(a3, '2026-03-25', GEN), ev(a3, '2026-03-26', EXEC), ev(a3, '2026-03-27', EXEC), ev(a3, '2026-04-01', EXEC),
      ev(a4, '2026-03-29T12:00:00Z', GEN, MAC), ...on('2026-04-02', 3, (at) => ev(a4, at, EXEC, MAC)),
      ev(a5, '2026-03-16', GEN), ...on('2026-03-17', 3, (at) => ev(a5, at, EXEC)),
      ev(a6, '2026-03-20', GEN), ev(a6, '2026-03-21', EXEC), ev(a6, '2026-03-22', EXEC), ev(a6, '2026-03-24', EXEC),
      ev(a7, '2026-03-22', GEN), ev(a7, '2026-03-23', EXEC),
      // retention_d1. Window [04-20, 04-27): r1 ✓, r2 ✗ (active the same day and two days later), r3 (macos) ✓,
      // r4 (macos) ✓ on 04-27, after `to`; r5 ✗. Previous: r6 ✓, r7 ✗.
      ev(r1, '2026-04-20T23:00:00Z', GEN), ev(r1, '2026-04-21T00:30:00Z', EXEC),
      ev(r2, '2026-04-21', GEN), ev(r2, '2026-04-21T23:59:00Z', EXEC), ev(r2, '2026-04-23', EXEC),
      ev(r3, '2026-04-22T12:00:00Z', GEN, MAC), ev(r3, '2026-04-23T12:00:00Z', EXEC, MAC),
      ev(r4, '2026-04-26T20:00:00Z', GEN, MAC), ev(r4, '2026-04-27T10:00:00Z', EXEC, MAC),
      ev(r5, '2026-04-25', GEN),
      ev(r6, '2026-04-14', GEN), ev(r6, '2026-04-15', EXEC), ev(r7, '2026-04-15', GEN),
      // latency_p95. Window [05-11, 05-18), GEN: EMBEDDED 100 200 300 400 550, STATIC 50 60; an EXEC of 9 999
      // does not count. Previous [05-04, 05-11): 100 200 300.
      ...[100, 200, 300, 400, 550].map((ms, i) => ev(S(), `2026-05-12T0${i}:00:00Z`, GEN, { backend: 'EMBEDDED', latencyMs: ms })),
      ...[50, 60].map((ms, i) => ev(S(), `2026-05-13T0${i}:00:00Z`, GEN, { latencyMs: ms })),
      ev(S(), '2026-05-14', EXEC, { latencyMs: 9999 }),
      ...[100, 200, 300].map((ms, i) => ev(S(), `2026-05-05T0${i}:00:00Z`, GEN, { latencyMs: ms })),
      // safety_mode_share. Window [06-01, 06-08): 8 active sessions whose latest mode is NORMAL ×6, STRICT,
      // PERMISSIVE; one active without a mode, one with a mode but not active. Previous: 2 active, NORMAL.
      ...['NORMAL', 'NORMAL', 'NORMAL', 'NORMAL', 'NORMAL', 'NORMAL', 'STRICT', 'PERMISSIVE'].map((mode, i) =>
        ev(S(), `2026-06-0${2 + (i % 5)}`, EXEC, { safetyMode: mode as 'NORMAL' })),
      ev(S(), '2026-06-03', EXEC), ev(S(), '2026-06-03', GEN, { safetyMode: 'STRICT' }),
      ev(S(), '2026-05-26', EXEC, { safetyMode: 'NORMAL' }), ev(S(), '2026-05-27', EXEC, { safetyMode: 'NORMAL' }),
      // Quality. Window [06-22, 06-29): STATIC 10 GEN (9 ✓) + 1 REPAIR ✓; EMBEDDED 10 GEN (7 ✓) + 2 REPAIR ✓
      // + 1 REPAIR ✗. Previous: 10 GEN (9 ✓). Next week: a REPAIR and no GEN.
      ...on('2026-06-22', 10, (at, i) => ev(S(), at, GEN, { success: i < 9 })), ev(S(), '2026-06-23', REPAIR),
      ...on('2026-06-24', 10, (at, i) => ev(S(), at, GEN, { backend: 'EMBEDDED', success: i < 7 })),
      ...on('2026-06-25', 3, (at, i) => ev(S(), at, REPAIR, { backend: 'EMBEDDED', success: i < 2 })),
      ...on('2026-06-16', 10, (at, i) => ev(S(), at, GEN, { success: i < 9 })),
      ev(S(), '2026-06-30', REPAIR),
    ],
    surveys: [
      surveyAnswer(w6, '2026-02-04', 'CSAT', 5), surveyAnswer(n5, '2026-03-05', 'NPS', 10),
      // nps. Window [08-03, 08-10): DEVOPS 10 9 6; DEVELOPER 9 8 7 3 10 9 0; a CSAT 5. Previous: 10 10 5 8.
      ...[10, 9, 6].map((score, i) => surveyAnswer(S(), `2026-08-04T0${i}:00:00Z`, 'NPS', score, { persona: 'DEVOPS' })),
      ...[9, 8, 7, 3, 10, 9, 0].map((score, i) => surveyAnswer(S(), `2026-08-05T0${i}:00:00Z`, 'NPS', score, { persona: 'DEVELOPER' })),
      surveyAnswer(S(), '2026-08-06', 'CSAT', 5),
      ...[10, 10, 5, 8].map((score, i) => surveyAnswer(S(), `2026-07-28T0${i}:00:00Z`, 'NPS', score)),
    ],
    gauges: [
      gaugeAt('github.stars', '2026-08-01', 500), gaugeAt('github.stars', '2026-08-05', 520),
      gaugeAt('github.stars', '2026-08-09', 560), gaugeAt('github.stars', '2026-08-10', 600),
    ],
    subscriptions: [
      billing(b1, '2026-05-01', 'STARTED', 'PRO', 900), billing(b2, '2026-06-10', 'STARTED', 'TEAM', 4900),
      billing(b3, '2026-07-10', 'STARTED', 'ENTERPRISE', 450000), billing(b4, '2026-06-01', 'STARTED', 'PRO', 900),
      billing(b4, '2026-07-20', 'CANCELLED', 'PRO', 0), billing(b5, '2026-06-05', 'STARTED', 'FREE', 0),
    ],
  });
});

describe('execution_rate', () => {
  const W = win('2026-01-12', '2026-01-19');
  // (4 + 2 + 2) / (4 + 4 + 3) = 8/11 ≈ 0.727 ≥ 0.7; previous 3/5 = 0.6; change (8/11 − 0.6) × 100 points.
  it('value, change in points, target', () =>
    expectSnapshot('execution_rate', W, { value: 8 / 11, previousValue: 0.6, change: (8 / 11 - 0.6) * 100, changeUnit: 'POINTS', status: 'MET', attainment: 8 / 11 / 0.7 }));
  // STATIC 4/4; EMBEDDED 2/4 < 0.63; MLX 2/3 ≈ 0.667 within 10% of 0.7.
  it('by backend', () => expectSegments('execution_rate', W, 'backend', { STATIC: [1, 'MET'], EMBEDDED: [0.5, 'MISSED'], MLX: [2 / 3, 'AT_RISK'] }));
  it('executions without generations: zero denominator, no data', () =>
    expectSnapshot('execution_rate', win('2026-01-19', '2026-01-26'), { value: null, change: null, status: 'NO_DATA', attainment: null }));
  it('no events at all: no data', () =>
    expectSnapshot('execution_rate', win('2025-06-02', '2025-06-09'), { value: null, previousValue: null, status: 'NO_DATA', sampleSize: 0 }));
});

describe('wau', () => {
  const W = win('2026-02-02', '2026-02-09');
  // w1, w2, w3, w4 (w5 never executes; w6 only answered a survey); previous w1, w7: +100%.
  it('value, change in percent, no target', () =>
    expectSnapshot('wau', W, { value: 4, previousValue: 2, change: 100, changeUnit: 'PERCENT', status: 'NO_TARGET', sampleSize: 4 }));
  it('by platform', () => expectSegments('wau', W, 'platform', { 'linux-x86_64': [3, 'NO_TARGET'], 'macos-aarch64': [1, 'NO_TARGET'] }));
  it('by backend', () => expectSegments('wau', W, 'backend', { STATIC: [3, 'NO_TARGET'], EMBEDDED: [1, 'NO_TARGET'] }));
  it('a quiet week is 0 users, and a change from 0 has no value', () =>
    expectSnapshot('wau', win('2026-02-16', '2026-02-23'), { value: 0, previousValue: 0, change: null }));
});

describe('new_users', () => {
  const W = win('2026-03-02', '2026-03-09');
  // n1, n2, n3 (n5 only answered a survey: no user); previous n4, n7: +50%. The March step is 1 073 a week.
  it('value, change, scheduled target', () =>
    expectSnapshot('new_users', W, { value: 3, previousValue: 2, change: 50, target: { kind: 'AT_LEAST', min: 1073, max: null }, status: 'MISSED', attainment: 3 / 1073 }));
  it('by acquisition source', () => expectSegments('new_users', W, 'acquisitionSource', { HN: [2, 'MISSED'], GITHUB: [1, 'MISSED'] }));
  it('before 2026 there is no target', () => expectSnapshot('new_users', win('2025-06-02', '2025-06-09'), { value: 0, status: 'NO_TARGET' }));
});

describe('activation_rate_7d', () => {
  const W = win('2026-03-23', '2026-03-30');
  // a1 ✓ a2 ✗ a3 ✗ a4 ✓: 2/4 < 0.54; previous a5 ✓ a6 ✓ a7 ✗: 2/3; change (0.5 − 2/3) × 100.
  it('value, change in points, target', () =>
    expectSnapshot('activation_rate_7d', W, { value: 0.5, previousValue: 2 / 3, change: -50 / 3, status: 'MISSED', attainment: 0.5 / 0.6, sampleSize: 4, excludedCohortMembers: 0 }));
  it('by platform: linux a1 ✓ a2 ✗ a3 ✗; macos a4 ✓', () =>
    expectSegments('activation_rate_7d', W, 'platform', { 'linux-x86_64': [1 / 3, 'MISSED'], 'macos-aarch64': [1, 'MET'] }));
  it('asked on 04-01, a4 (period ending 04-05 12:00) is left out and counted', () =>
    expectSnapshot('activation_rate_7d', W, { value: 1 / 3, sampleSize: 3, excludedCohortMembers: 1 }, d('2026-04-01')));
});

describe('retention_d1', () => {
  const W = win('2026-04-20', '2026-04-27');
  // r1 ✓ r2 ✗ r3 ✓ r4 ✓ r5 ✗: 3/5 ≥ 0.4; previous r6 ✓ r7 ✗: 0.5; change +10 points.
  it('value, change, target', () =>
    expectSnapshot('retention_d1', W, { value: 0.6, previousValue: 0.5, change: 10, status: 'MET', attainment: 1.5 }));
  it('by platform: linux 1/3 (< 0.36), macos 2/2', () =>
    expectSegments('retention_d1', W, 'platform', { 'linux-x86_64': [1 / 3, 'MISSED'], 'macos-aarch64': [1, 'MET'] }));
  it('asked on 04-27 12:00, r4 (next day 04-27) is left out: 2/4', () =>
    expectSnapshot('retention_d1', W, { value: 0.5, sampleSize: 4, excludedCohortMembers: 1 }, d('2026-04-27T12:00:00Z')));
});

describe('latency_p95', () => {
  const W = win('2026-05-11', '2026-05-18');
  // All 7 GEN [50 60 100 200 300 400 550]: rank 0.95 × 6 = 5.7 → 400 + 0.7 × 150 = 505. Previous
  // [100 200 300]: 1.9 → 290. Change (505 − 290) / 290. No target for the whole metric (EMBEDDED only).
  it('value, change in percent, no overall target', () =>
    expectSnapshot('latency_p95', W, { value: 505, previousValue: 290, change: (215 / 290) * 100, changeUnit: 'PERCENT', status: 'NO_TARGET', sampleSize: 7 }));
  // EMBEDDED [100 … 550]: 0.95 × 4 = 3.8 → 400 + 0.8 × 150 = 520, within 10% of ≤ 500. STATIC: 50 + 0.95 × 10.
  it('by backend: the EMBEDDED target', () => expectSegments('latency_p95', W, 'backend', { EMBEDDED: [520, 'AT_RISK'], STATIC: [59.5, 'NO_TARGET'] }));
});

describe('safety_mode_share', () => {
  const W = win('2026-06-01', '2026-06-08');
  // Headline NORMAL 6/8 = 0.75, within 10% of the default 0.8; previous 2/2 = 1; change −25 points.
  it('headline value, change, target', () =>
    expectSnapshot('safety_mode_share', W, { value: 0.75, previousValue: 1, change: -25, status: 'AT_RISK', attainment: 0.75 / 0.8 }));
  // STRICT 1/8 ≥ 0.1; PERMISSIVE 1/8 = 0.125 > 0.1 + 0.01.
  it('by mode, each against its own target', () =>
    expectSegments('safety_mode_share', W, 'safetyMode', { NORMAL: [0.75, 'AT_RISK'], STRICT: [0.125, 'MET'], PERMISSIVE: [0.125, 'MISSED'] }));
  it('no active session: no data', () => expectSnapshot('safety_mode_share', win('2025-06-01', '2025-06-08'), { value: null, status: 'NO_DATA' }));
});

describe('first_attempt_success_rate, post_repair_success_rate, agent_loop_value', () => {
  const W = win('2026-06-22', '2026-06-29');
  // First attempt 16/20 = 0.8 (≥ 0.765: at risk); post repair (16 + 3) / 20 = 0.95 (met exactly);
  // the loop adds 0.15. Previous: 9/10 both, so the loop added 0.
  it.each<[string, Expected]>([
    ['first_attempt_success_rate', { value: 0.8, previousValue: 0.9, change: -10, status: 'AT_RISK', attainment: 0.8 / 0.85 }],
    ['post_repair_success_rate', { value: 0.95, previousValue: 0.9, change: 5, status: 'MET', attainment: 1 }],
    ['agent_loop_value', { value: 0.15, previousValue: 0, change: 15, changeUnit: 'POINTS', status: 'NO_TARGET' }],
  ])('%s', (id, expected) => expectSnapshot(id, W, expected));
  // STATIC 9/10 → 10/10; EMBEDDED 7/10 → 9/10.
  it.each<[string, Record<string, [number, TargetStatus]>]>([
    ['first_attempt_success_rate', { STATIC: [0.9, 'MET'], EMBEDDED: [0.7, 'MISSED'] }],
    ['post_repair_success_rate', { STATIC: [1, 'MET'], EMBEDDED: [0.9, 'AT_RISK'] }],
    ['agent_loop_value', { STATIC: [0.1, 'NO_TARGET'], EMBEDDED: [0.2, 'NO_TARGET'] }],
  ])('%s by backend', (id, expected) => expectSegments(id, W, 'backend', expected));
  it.each(['first_attempt_success_rate', 'post_repair_success_rate', 'agent_loop_value'])('%s: repairs without generations, no data', (id) =>
    expectSnapshot(id, win('2026-06-29', '2026-07-06'), { value: null, status: 'NO_DATA' }));
});

describe('nps', () => {
  const W = win('2026-08-03', '2026-08-10');
  // 10 answers: promoters 5 (10 9 9 10 9), detractors 3 (6 3 0): 50 − 30 = 20; target 40 from 07-01.
  // Previous 10 10 5 8: 50 − 25 = 25; change −5 points.
  it('value, change in points, target', () =>
    expectSnapshot('nps', W, { value: 20, previousValue: 25, change: -5, changeUnit: 'POINTS', status: 'MISSED', attainment: 0.5 }));
  // DEVOPS 10 9 6: 200/3 − 100/3; DEVELOPER 9 8 7 3 10 9 0: 300/7 − 200/7.
  it('by persona', () => expectSegments('nps', W, 'persona', { DEVOPS: [100 / 3, 'MISSED'], DEVELOPER: [100 / 7, 'MISSED'] }));
  it('no answers: no data, not 0', () => expectSnapshot('nps', win('2026-09-07', '2026-09-14'), { value: null, status: 'NO_DATA' }));
});

describe('mrr', () => {
  const JULY = win('2026-07-01', '2026-08-01');
  // At 08-01: 9 + 49 + 4 500 + 0 (b4 cancelled) = 4 558, within 10% of 5 000. The previous 31 days end
  // 07-01: 9 + 49 + 9 + 0 = 67.
  it('value, change in percent, scheduled target', () =>
    expectSnapshot('mrr', JULY, { value: 4558, previousValue: 67, change: ((4558 - 67) / 67) * 100, changeUnit: 'PERCENT', status: 'AT_RISK', attainment: 4558 / 5000 }));
  it('by tier', () =>
    expectSegments('mrr', JULY, 'tier', { PRO: [9, 'MISSED'], TEAM: [49, 'MISSED'], ENTERPRISE: [4500, 'AT_RISK'], FREE: [0, 'MISSED'] }));
  it('before any account: 0, and no target yet', () => expectSnapshot('mrr', win('2025-12-01', '2026-01-01'), { value: 0, status: 'NO_TARGET' }));
});

describe('github_stars', () => {
  // Latest before 08-10: 560 (600 is at `to`); latest before 08-03: 500; +12%.
  it('latest value and change', () =>
    expectSnapshot('github_stars', win('2026-08-03', '2026-08-10'), { value: 560, previousValue: 500, change: 12, status: 'NO_TARGET' }));
  it('never observed: no data', () => expectSnapshot('github_stars', win('2026-07-01', '2026-07-08'), { value: null, status: 'NO_DATA' }));
});
