/** new_users: sessions first seen (earliest telemetry event of any type) in the window. */
import { beforeAll, describe, expect, it } from 'vitest';
import { computeSegments, computeSnapshot } from '../../../src/query-engine/metric-result.js';
import { definition, evaluatorOver, loadFixture, registryOf, testMetric } from '../../support/metric-tester.js';
import type { Registry } from '../../../src/registry/registry.js';
import { ev, session as S, surveyAnswer, win } from '../../support/records.js';

const GEN = 'COMMAND_GENERATED';
const EXEC = 'COMMAND_EXECUTED';
const MAC = { platform: 'macos-aarch64' };
const [n1, n2, n3, n4, n5, n6, n7] = [S(), S(), S(), S(), S(), S(), S()];
const [t3, t4, s0] = [S(), S(), S()];
const W = win('2026-03-02', '2026-03-09');

testMetric('new_users', {
  records: {
    events: [
      // Window [03-02, 03-09): n1 (HN), n2 (GITHUB), n3 (macos, HN); n4 was first seen in the previous
      // week, as was n7; n6 arrives at `to`. (n5 only answers a survey.)
      ev(n1, '2026-03-02', 'INSTALLED', { acquisitionSource: 'HN' }), ev(n2, '2026-03-04', GEN, { acquisitionSource: 'GITHUB' }),
      ev(n3, '2026-03-08T23:00:00Z', GEN, { ...MAC, acquisitionSource: 'HN' }),
      ev(n4, '2026-02-25', GEN), ev(n4, '2026-03-03', EXEC), ev(n7, '2026-02-24', GEN), ev(n6, '2026-03-09', GEN),
      // Week [01-12, 01-19): t3 and t4 are first seen; s0 only answers surveys.
      ev(t3, '2026-01-13', EXEC), ev(t4, '2026-01-15', GEN),
    ],
    surveys: [
      surveyAnswer(n5, '2026-03-05', 'NPS', 10),
      surveyAnswer(s0, '2026-01-14', 'CSAT', 5), surveyAnswer(s0, '2026-01-14T01:00:00Z', 'NPS', 10),
    ],
  },
  cases: [
    // n1, n2, n3 (n5 only answered a survey: no user); previous n4, n7: +50%. The March step is 1 073 a week.
    { name: 'value, change, scheduled target', window: W, snapshot: { value: 3, previousValue: 2, change: 50, target: { kind: 'AT_LEAST', min: 1073, max: null }, status: 'MISSED', attainment: 3 / 1073 } },
    { name: 'by acquisition source', window: W, segments: { by: 'acquisitionSource', expected: { HN: [2, 'MISSED'], GITHUB: [1, 'MISSED'] } } },
    { name: 'before 2026 there is no target', window: win('2025-06-02', '2025-06-09'), snapshot: { value: 0, status: 'NO_TARGET' } },
    // t3, t4; s0 answered CSAT 5 and NPS 10 in the week and sent no telemetry.
    { name: 'sessions that appear only in surveys are no users', window: win('2026-01-12', '2026-01-19'), snapshot: { value: 2 } },
  ],
});

describe('a late event changes first seen (#4)', () => {
  // L1 generates on 08-11 and executes on 08-12; L2 generates on 08-05 and executes on 08-06. Then
  // L1's INSTALLED of 08-04 12:00 (REDDIT) arrives: L1 is first seen a week earlier.
  const [W1, W2] = [win('2026-08-03', '2026-08-10'), win('2026-08-10', '2026-08-17')];
  let registry: Registry;
  beforeAll(async () => {
    registry = await registryOf('new_users', 'retention_d1');
  });
  const value = async (id: string, window: typeof W1) => (await computeSnapshot(evaluatorOver(registry), definition(registry, id), window)).value;

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
    const split = await computeSegments(evaluatorOver(registry), definition(registry, 'new_users'), W1, 'acquisitionSource');
    expect(split.map((s) => [s.key, s.value])).toEqual([['REDDIT', 1]]);
  });
});
