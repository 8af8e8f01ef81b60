/**
 * The growth metrics and the north star not covered by shipped-metrics.test.ts (#4), RuleTester-style:
 * fixture records in, values per window and segment out, worked by hand in the comments. Each block
 * has its own weeks of 2026. total_users, mau and mau_ratio read everything before `to`, so their
 * block (January) comes before every other record of this file. `change`: percent for counts and
 * seconds, points × 100 for ratios.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeSegments, computeSnapshot } from '../../src/query-engine/metric-result.js';
import { metricCases, plus } from '../support/catalogue-fixtures.js';
import { d, ev, evaluatorAt, loadFixture, metric, session as S, surveyAnswer, win } from '../support/metric-fixtures.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const MAC = { platform: 'macos-aarch64' };
const LINUX = 'linux-x86_64';
const NOTHING = win('2025-06-02', '2025-06-09');

const [t0, t1, t2, t3, t4, t5, s0] = [S(), S(), S(), S(), S(), S(), S()];
const [h1, h2, h3, h4, h5, h6, h7, h8] = [S(), S(), S(), S(), S(), S(), S(), S()];
const [p1, p2, p3, p4, p5, p6, q1, q2] = [S(), S(), S(), S(), S(), S(), S(), S()];
const [u1, u2, u3, u4, u5, v1, v2, v3, v4] = [S(), S(), S(), S(), S(), S(), S(), S(), S()];
const [y1, y2, y3, y4, y5, z1, z2] = [S(), S(), S(), S(), S(), S(), S()];

beforeAll(async () => {
  await loadFixture({
    events: [
      // total_users, mau, mau_ratio. First seen: t0 2025-12-20 (ORGANIC), t1 01-06 (HN), t2 01-08 (macos,
      // GITHUB), t3 01-13 (HN), t4 01-15, t5 01-19. EXEC: t0 12-20 00:00, t1 01-06, t2 01-08, t3 01-13,
      // t4 01-21, t5 01-20. s0 only answers surveys.
      ev(t0, '2025-12-20', EXEC, { acquisitionSource: 'ORGANIC' }),
      ev(t1, '2026-01-06', 'INSTALLED', { acquisitionSource: 'HN' }), ev(t1, '2026-01-06T01:00:00Z', EXEC),
      ev(t2, '2026-01-08', 'INSTALLED', { ...MAC, acquisitionSource: 'GITHUB' }), ev(t2, '2026-01-08T01:00:00Z', EXEC, MAC),
      ev(t3, '2026-01-13', EXEC, { acquisitionSource: 'HN' }),
      ev(t4, '2026-01-15', GEN), ev(t4, '2026-01-21', EXEC),
      ev(t5, '2026-01-19', GEN), ev(t5, '2026-01-20', EXEC),
      // wau_high_satisfaction. Window [02-09, 02-16): EXEC by h1 (CSAT 5 on 02-01), h2 (macos, CSAT 4 on
      // 02-12), h3 (CSAT 5 then 2), h4 (CSAT 3 then 4), h5 (no CSAT), h6 (NPS 10 only), h8 (CSAT 5 at `to`);
      // h7 answers CSAT 5 but sends no telemetry. Previous [02-02, 02-09): h1, h3 (CSAT 5 on 02-03), h4 (CSAT 3).
      ev(h1, '2026-02-10', EXEC), ev(h2, '2026-02-11', EXEC, MAC), ev(h3, '2026-02-12', EXEC), ev(h4, '2026-02-13', EXEC),
      ev(h5, '2026-02-13', EXEC), ev(h6, '2026-02-14', EXEC), ev(h8, '2026-02-14', EXEC),
      ev(h1, '2026-02-03', EXEC), ev(h3, '2026-02-04', EXEC), ev(h4, '2026-02-05T12:00:00Z', EXEC),
      // time_to_first_success_p80. Cohort [03-02, 03-09), seconds from first seen to the first successful
      // EXEC: p1 30, p2 60 (a failed EXEC at 10 s first), p3 (macos) 20, p4 80, p5 none within 7 days,
      // p6 (macos, first seen 03-08 12:00) 50. Previous cohort: q1 40, q2 80.
      ev(p1, '2026-03-02', 'INSTALLED'), ev(p1, plus('2026-03-02', 30), EXEC),
      ev(p2, '2026-03-03', 'INSTALLED'), ev(p2, plus('2026-03-03', 10), EXEC, { success: false }), ev(p2, plus('2026-03-03', 60), EXEC),
      ev(p3, '2026-03-04', 'INSTALLED', MAC), ev(p3, plus('2026-03-04', 20), EXEC, MAC),
      ev(p4, '2026-03-05', 'INSTALLED'), ev(p4, plus('2026-03-05', 80), EXEC),
      ev(p5, '2026-03-06', 'INSTALLED'), ev(p5, '2026-03-14', EXEC),
      ev(p6, '2026-03-08T12:00:00Z', 'INSTALLED', MAC), ev(p6, plus('2026-03-08T12:00:00Z', 50), EXEC, MAC),
      ev(q1, '2026-02-24', 'INSTALLED'), ev(q1, plus('2026-02-24', 40), EXEC),
      ev(q2, '2026-02-25', 'INSTALLED'), ev(q2, plus('2026-02-25', 80), EXEC),
      // retention_w1. Cohort [04-06, 04-13), active in [first seen + 7 d, + 14 d): u1 ✓ (exactly + 7 d),
      // u2 ✓ (+ 13 d 23:59), u3 ✗ (+ 1 d and exactly + 14 d), u4 (macos) ✓, u5 (macos) ✗ (generates only).
      // Previous cohort: v1 ✓, v2 v3 v4 ✗.
      ev(u1, '2026-04-06T10:00:00Z', GEN), ev(u1, '2026-04-13T10:00:00Z', EXEC),
      ev(u2, '2026-04-07', GEN), ev(u2, '2026-04-20T23:59:00Z', EXEC),
      ev(u3, '2026-04-08', GEN), ev(u3, '2026-04-09', EXEC), ev(u3, '2026-04-22', EXEC),
      ev(u4, '2026-04-09', GEN, MAC), ev(u4, '2026-04-17', EXEC, MAC),
      ev(u5, '2026-04-10', GEN, MAC), ev(u5, '2026-04-18', GEN, MAC),
      ev(v1, '2026-03-31', GEN), ev(v1, '2026-04-08', EXEC),
      ev(v2, '2026-04-01', GEN), ev(v3, '2026-04-02', GEN), ev(v4, '2026-04-03', GEN),
      // retention_w4. Cohort [05-04, 05-11), active in [+ 28 d, + 35 d): y1 ✓, y2 ✗ (+ 15 d and exactly
      // + 35 d), y3 (macos) ✓, y4 (macos) ✗, y5 ✗. Previous cohort: z1 ✓, z2 ✗.
      ev(y1, '2026-05-04', GEN), ev(y1, '2026-06-02', EXEC),
      ev(y2, '2026-05-05', GEN), ev(y2, '2026-05-20', EXEC), ev(y2, '2026-06-09', EXEC),
      ev(y3, '2026-05-06', GEN, MAC), ev(y3, '2026-06-05', EXEC, MAC),
      ev(y4, '2026-05-07', GEN, MAC), ev(y5, '2026-05-08', GEN),
      ev(z1, '2026-04-28', GEN), ev(z1, '2026-05-27', EXEC), ev(z2, '2026-04-29', GEN),
    ],
    surveys: [
      surveyAnswer(s0, '2026-01-14', 'CSAT', 5), surveyAnswer(s0, '2026-01-14T01:00:00Z', 'NPS', 10),
      surveyAnswer(h1, '2026-02-01', 'CSAT', 5), surveyAnswer(h2, '2026-02-12', 'CSAT', 4),
      surveyAnswer(h3, '2026-02-03', 'CSAT', 5), surveyAnswer(h3, '2026-02-13', 'CSAT', 2),
      surveyAnswer(h4, '2026-02-05', 'CSAT', 3), surveyAnswer(h4, '2026-02-14', 'CSAT', 4),
      surveyAnswer(h6, '2026-02-10', 'NPS', 10), surveyAnswer(h7, '2026-02-10', 'CSAT', 5),
      surveyAnswer(h8, '2026-02-16', 'CSAT', 5),
    ],
  });
});

metricCases({
  total_users: [
    // At 01-19: t0 t1 t2 t3 t4 = 5 (s0 is no user, t5 arrives at `to`); at 01-12: t0 t1 t2 = 3.
    // Change (5 − 3) / 3 = +66.7% ≥ +10% a week: met, attainment 66.7 / 10.
    {
      name: 'value, change in percent, changeAtLeast target',
      window: win('2026-01-12', '2026-01-19'),
      snapshot: { value: 5, previousValue: 3, change: 200 / 3, changeUnit: 'PERCENT', target: { kind: 'CHANGE_AT_LEAST', min: 10, max: null }, status: 'MET', attainment: 20 / 3 },
    },
    // A change target is not judged per segment. linux t0 t1 t3 t4, macos t2.
    { name: 'by platform', window: win('2026-01-12', '2026-01-19'), segments: { by: 'platform', expected: { [LINUX]: [4, 'NO_TARGET'], 'macos-aarch64': [1, 'NO_TARGET'] } } },
    // From each session's earliest event that carries one: ORGANIC t0, HN t1 t3, GITHUB t2 (t4 sent none).
    { name: 'by acquisition source', window: win('2026-01-12', '2026-01-19'), segments: { by: 'acquisitionSource', expected: { ORGANIC: [1, 'NO_TARGET'], HN: [2, 'NO_TARGET'], GITHUB: [1, 'NO_TARGET'] } } },
    // 6 at 02-02 and 6 at 01-26: 0% < 9% (10% − 10% of it): missed.
    { name: 'no growth: target missed', window: win('2026-01-26', '2026-02-02'), snapshot: { value: 6, previousValue: 6, change: 0, status: 'MISSED', attainment: 0 } },
    // 0 users and 0 before: the change has no value, so neither does the judgement.
    { name: 'no data: 0 users, change and status without value', window: NOTHING, snapshot: { value: 0, previousValue: 0, change: null, status: 'NO_DATA' } },
  ],
  mau: [
    // Active in [12-27, 01-26): t1 t2 t3 t4 t5 = 5; in [12-20, 01-19): t0 (at 12-20 00:00, the first
    // instant) t1 t2 t3 = 4. +25%.
    { name: 'value over 30 days ending at `to`, change', window: win('2026-01-19', '2026-01-26'), snapshot: { value: 5, previousValue: 4, change: 25, changeUnit: 'PERCENT', status: 'NO_TARGET', sampleSize: 5 } },
    { name: 'by platform: linux t1 t3 t4 t5, macos t2', window: win('2026-01-19', '2026-01-26'), segments: { by: 'platform', expected: { [LINUX]: [4, 'NO_TARGET'], 'macos-aarch64': [1, 'NO_TARGET'] } } },
    { name: 'no data: 0', window: NOTHING, snapshot: { value: 0, change: null, status: 'NO_TARGET' } },
  ],
  mau_ratio: [
    // mau 5 / total users 6 (t0 … t5) at 01-26; previous 4 / 5 = 0.8. Change (5/6 − 0.8) × 100 points.
    // Target ≥ 0.5: met, attainment (5/6) / 0.5.
    { name: 'value, change in points, target', window: win('2026-01-19', '2026-01-26'), snapshot: { value: 5 / 6, previousValue: 0.8, change: (5 / 6 - 0.8) * 100, changeUnit: 'POINTS', status: 'MET', attainment: 5 / 3 } },
    { name: 'zero total users: no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA', attainment: null } },
  ],
  wau_high_satisfaction: [
    // h1 (latest CSAT 5), h2 (4), h4 (3 then 4) = 3. Not: h3 (latest 2), h5 (none), h6 (NPS only), h8
    // (its CSAT is at `to`), h7 (no telemetry). Previous at 02-09: h1 (5), h3 (5 on 02-03); h4's latest is 3.
    // +50%; target 500 from 2026-01-31: missed, attainment 3/500.
    {
      name: 'value, change, scheduled target',
      window: win('2026-02-09', '2026-02-16'),
      snapshot: { value: 3, previousValue: 2, change: 50, changeUnit: 'PERCENT', target: { kind: 'AT_LEAST', min: 500, max: null }, status: 'MISSED', attainment: 3 / 500 },
    },
    { name: 'by platform: linux h1 h4, macos h2', window: win('2026-02-09', '2026-02-16'), segments: { by: 'platform', expected: { [LINUX]: [2, 'MISSED'], 'macos-aarch64': [1, 'MISSED'] } } },
    // The schedule starts on 2026-01-31: a window ending on it has no target yet.
    { name: 'before the first step: no target', window: win('2026-01-24', '2026-01-31'), snapshot: { value: 0, target: null, status: 'NO_TARGET' } },
    // The 2 000 step from 2026-03-31 holds for a window ending after it.
    { name: 'the second step', window: win('2026-03-25', '2026-04-01'), snapshot: { value: 0, target: { kind: 'AT_LEAST', min: 2000, max: null }, status: 'MISSED' } },
  ],
  time_to_first_success_p80: [
    // [20 30 50 60 80] (p5 has no success within 7 days): rank 0.8 × 4 = 3.2 → 60 + 0.2 × 20 = 64 s,
    // within 10% of ≤ 60: at risk, attainment 60/64. Previous [40 80]: 40 + 0.8 × 40 = 72; (64 − 72) / 72.
    {
      name: 'value, change in percent, target',
      window: win('2026-03-02', '2026-03-09'),
      snapshot: { value: 64, previousValue: 72, change: (-8 / 72) * 100, changeUnit: 'PERCENT', status: 'AT_RISK', attainment: 60 / 64, sampleSize: 5, excludedCohortMembers: 0 },
    },
    // linux [30 60 80]: rank 1.6 → 60 + 0.6 × 20 = 72 > 66; macos [20 50]: 20 + 0.8 × 30 = 44.
    { name: 'by platform', window: win('2026-03-02', '2026-03-09'), segments: { by: 'platform', expected: { [LINUX]: [72, 'MISSED'], 'macos-aarch64': [44, 'MET'] } } },
    // Asked on 03-10: p1 and p2 (whose 7 days end at 03-10 00:00 exactly) are in; p3 … p6 are left out.
    // [30 60]: 30 + 0.8 × 30 = 54.
    { name: 'look-forward not over: members left out and counted', window: win('2026-03-02', '2026-03-09'), now: d('2026-03-10'), snapshot: { value: 54, sampleSize: 2, excludedCohortMembers: 4, status: 'MET' } },
    { name: 'empty cohort: no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA', sampleSize: 0 } },
  ],
  retention_w1: [
    // u1 ✓ u2 ✓ u3 ✗ u4 ✓ u5 ✗: 3/5 ≥ 0.3; previous v1 ✓ of 4: 0.25; change +35 points.
    { name: 'value, change in points, target', window: win('2026-04-06', '2026-04-13'), snapshot: { value: 0.6, previousValue: 0.25, change: 35, changeUnit: 'POINTS', status: 'MET', attainment: 2, sampleSize: 5 } },
    { name: 'by platform: linux u1 ✓ u2 ✓ u3 ✗, macos u4 ✓ u5 ✗', window: win('2026-04-06', '2026-04-13'), segments: { by: 'platform', expected: { [LINUX]: [2 / 3, 'MET'], 'macos-aarch64': [0.5, 'MET'] } } },
    // On 04-20 12:00 only u1's period (ending 04-20 10:00) is over: 1/1, the 4 others left out.
    { name: 'periods not over: left out and counted', window: win('2026-04-06', '2026-04-13'), now: d('2026-04-20T12:00:00Z'), snapshot: { value: 1, sampleSize: 1, excludedCohortMembers: 4 } },
    // On 04-13 no period is over: a zero denominator, no data (not 0).
    { name: 'no period over yet: no data', window: win('2026-04-06', '2026-04-13'), now: d('2026-04-13'), snapshot: { value: null, status: 'NO_DATA', sampleSize: 0, excludedCohortMembers: 5 } },
    { name: 'empty cohort: no data', window: NOTHING, snapshot: { value: null, status: 'NO_DATA' } },
  ],
  retention_w4: [
    // y1 ✓ y2 ✗ y3 ✓ y4 ✗ y5 ✗: 0.4 ≥ 0.2; previous z1 ✓ z2 ✗: 0.5; change −10 points.
    { name: 'value, change in points, target', window: win('2026-05-04', '2026-05-11'), snapshot: { value: 0.4, previousValue: 0.5, change: -10, status: 'MET', attainment: 2 } },
    { name: 'by platform: linux 1/3, macos 1/2', window: win('2026-05-04', '2026-05-11'), segments: { by: 'platform', expected: { [LINUX]: [1 / 3, 'MET'], 'macos-aarch64': [0.5, 'MET'] } } },
    // On 06-03 no period is over (y1's, the first, ends 05-04 + 35 d = 06-08): zero denominator.
    { name: 'periods not over: no data, all 5 left out', window: win('2026-05-04', '2026-05-11'), now: d('2026-06-03'), snapshot: { value: null, status: 'NO_DATA', excludedCohortMembers: 5 } },
  ],
});

describe('sessions that appear only in surveys are no users (#4)', () => {
  const W = win('2026-01-12', '2026-01-19');
  // s0 answered CSAT 5 and NPS 10 in W and sent no telemetry.
  it.each<[string, number]>([
    ['total_users', 5], // t0 … t4
    ['new_users', 2], // t3, t4
    ['wau', 1], // t3
  ])('%s ignores them', async (id, expected) => {
    expect((await computeSnapshot(evaluatorAt(), metric(id), W)).value).toBe(expected);
  });
  it('survey metrics count them: csat = 5 (s0 alone)', async () => {
    expect((await computeSnapshot(evaluatorAt(), metric('csat'), W)).value).toBe(5);
  });
});

describe('a late event changes first seen (#4)', () => {
  // L1 generates on 08-11 and executes on 08-12; L2 generates on 08-05 and executes on 08-06. Then
  // L1's INSTALLED of 08-04 12:00 (REDDIT) arrives: L1 is first seen a week earlier.
  const [W1, W2] = [win('2026-08-03', '2026-08-10'), win('2026-08-10', '2026-08-17')];
  const value = async (id: string, window: typeof W1) => (await computeSnapshot(evaluatorAt(), metric(id), window)).value;

  it('moves the session to the earlier cohort: new_users and retention_d1 before and after', async () => {
    const [L1, L2] = [S(), S()];
    await loadFixture({ events: [ev(L1, '2026-08-11', GEN), ev(L1, '2026-08-12', EXEC), ev(L2, '2026-08-05', GEN), ev(L2, '2026-08-06', EXEC)] });
    // Before: one new user a week, each active the next UTC day.
    expect([await value('new_users', W1), await value('new_users', W2)]).toEqual([1, 1]);
    expect([await value('retention_d1', W1), await value('retention_d1', W2)]).toEqual([1, 1]);

    await loadFixture({ events: [ev(L1, '2026-08-04T12:00:00Z', 'INSTALLED', { acquisitionSource: 'REDDIT' })] });
    // After: W1 has L1 and L2, W2 none. L1's next UTC day is now 08-05, when it did nothing: 1/2.
    // W2's cohort is empty: no data (not 0).
    expect([await value('new_users', W1), await value('new_users', W2)]).toEqual([2, 0]);
    expect([await value('retention_d1', W1), await value('retention_d1', W2)]).toEqual([0.5, null]);
    // The late INSTALLED is L1's earliest event: its acquisition source now counts.
    const split = await computeSegments(evaluatorAt(), metric('new_users'), W1, 'acquisitionSource');
    expect(split.map((s) => [s.key, s.value])).toEqual([['REDDIT', 1]]);
  });
});
