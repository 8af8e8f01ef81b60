/**
 * The formula kinds that aggregate events and surveys (#3): measure, ratio, arithmetic, metric
 * references, rollingActive, newSessions, cohort. Each kind reads its own month of 2026 with its own
 * sessions, so the tables do not see each other's records. Values are worked out in the comments.
 * sessionState, share, gauge, subscriptions and sql are in formula-kinds-state.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Formula, MeasureFormula } from '../../src/registry/define-metric.js';
import { bySegment, evaluate, totalOf } from '../support/engine.js';
import { loadFixture } from '../support/metric-tester.js';
import { d, ev, session, surveyAnswer, win } from '../support/records.js';

const close = (actual: number | null | undefined, expected: number | null) =>
  expected === null ? expect(actual).toBeNull() : expect(actual).toBeCloseTo(expected, 9);

const [s1, s2, s3, s4, s5] = [session(), session(), session(), session(), session()];
const [m1, m2] = [session(), session()];
const [a, b, c, dd, e, f] = [session(), session(), session(), session(), session(), session()];
const [p, q, r, s, t] = [session(), session(), session(), session(), session()];
const [c1, c2, c3, c4, c5] = [session(), session(), session(), session(), session()];
const MAC = { platform: 'macos-aarch64' };

beforeAll(async () => {
  await loadFixture({
    events: [
      // January, newSessions: p and q first seen in [01-05, 01-12); r before; s at `to`.
      ev(p, '2026-01-05', 'INSTALLED'), ev(p, '2026-01-06', 'COMMAND_GENERATED', { acquisitionSource: 'HN' }),
      ev(q, '2026-01-11T23:59:59Z', 'COMMAND_GENERATED', MAC),
      ev(r, '2026-01-02', 'COMMAND_GENERATED'), ev(r, '2026-01-07', 'COMMAND_EXECUTED'),
      ev(s, '2026-01-12', 'COMMAND_GENERATED'),
      // February, measures over [02-02, 02-09).
      ev(s1, '2026-02-02', 'COMMAND_GENERATED', { latencyMs: 100 }),
      ev(s1, '2026-02-03', 'COMMAND_GENERATED', { latencyMs: 200, success: false }),
      ev(s2, '2026-02-04', 'COMMAND_GENERATED', { backend: 'EMBEDDED', latencyMs: 300 }),
      ev(s2, '2026-02-04T01:00:00Z', 'COMMAND_EXECUTED', { backend: 'EMBEDDED', latencyMs: 400 }),
      ev(s3, '2026-02-05', 'COMMAND_GENERATED', { backend: 'MLX', latencyMs: 1000, refinementCount: 2, queryComplexity: 'COMPLEX' }),
      ev(s3, '2026-02-06', 'COMMAND_FAILED', { latencyMs: 50, success: false, errorCategory: 'timeout' }),
      ev(s4, '2026-02-01T23:59:59.999Z', 'COMMAND_GENERATED', { latencyMs: 9999 }),
      ev(s4, '2026-02-09', 'COMMAND_GENERATED', { latencyMs: 9999 }),
      // March, ratios and arithmetic over [03-02, 03-09).
      ev(m1, '2026-03-02', 'COMMAND_GENERATED'), ev(m1, '2026-03-03', 'COMMAND_GENERATED'),
      ev(m2, '2026-03-04', 'COMMAND_GENERATED', { backend: 'EMBEDDED' }), ev(m2, '2026-03-05', 'COMMAND_GENERATED', { backend: 'EMBEDDED' }),
      ev(m1, '2026-03-03T01:00:00Z', 'COMMAND_EXECUTED'), ev(m2, '2026-03-05T01:00:00Z', 'COMMAND_EXECUTED', { backend: 'EMBEDDED' }),
      ev(m1, '2026-03-06', 'COMMAND_EXECUTED', { backend: 'MLX' }),
      // April, rolling active users ending 04-13.
      ev(a, '2026-04-12T12:00:00Z', 'COMMAND_EXECUTED'), ev(b, '2026-04-06', 'COMMAND_EXECUTED', MAC),
      ev(c, '2026-04-05T23:59:59Z', 'COMMAND_EXECUTED'), ev(dd, '2026-04-08', 'COMMAND_GENERATED'),
      ev(e, '2026-04-13', 'COMMAND_EXECUTED'), ev(f, '2026-03-20', 'COMMAND_EXECUTED'),
      // May, the cohort first seen in [05-04, 05-11): c1 (linux), c2..c4 (macos); c5 seen before.
      ev(c1, '2026-05-04T10:00:00Z', 'COMMAND_GENERATED'), ev(c1, '2026-05-05T10:00:00Z', 'COMMAND_EXECUTED'),
      ev(c1, '2026-05-06T10:00:00Z', 'COMMAND_EXECUTED'), ev(c1, '2026-05-11T09:59:59Z', 'COMMAND_EXECUTED'),
      ev(c2, '2026-05-05', 'COMMAND_GENERATED', MAC), ev(c2, '2026-05-05T12:00:00Z', 'COMMAND_EXECUTED', MAC),
      ev(c2, '2026-05-07', 'COMMAND_EXECUTED', MAC), ev(c2, '2026-05-08', 'COMMAND_EXECUTED', { ...MAC, success: false }),
      ev(c3, '2026-05-06', 'COMMAND_GENERATED', MAC), ev(c3, '2026-05-07T12:00:00Z', 'COMMAND_EXECUTED', MAC),
      ev(c3, '2026-05-08', 'COMMAND_EXECUTED', MAC), ev(c3, '2026-05-13', 'COMMAND_EXECUTED', MAC),
      ev(c4, '2026-05-10T12:00:00Z', 'COMMAND_GENERATED', MAC), ev(c4, '2026-05-11', 'COMMAND_EXECUTED', MAC),
      ev(c4, '2026-05-12', 'COMMAND_EXECUTED', MAC), ev(c4, '2026-05-13', 'COMMAND_EXECUTED', MAC),
      ev(c4, '2026-05-20', 'COMMAND_EXECUTED', MAC),
      ev(c5, '2026-05-01', 'COMMAND_GENERATED'), ev(c5, '2026-05-05', 'COMMAND_EXECUTED'),
    ],
    surveys: [
      surveyAnswer(s1, '2026-02-03', 'CSAT', 4), surveyAnswer(s2, '2026-02-04', 'CSAT', 5),
      surveyAnswer(s5, '2026-02-05', 'CSAT', 3), surveyAnswer(s1, '2026-02-03', 'NPS', 10),
      surveyAnswer(t, '2026-01-06', 'NPS', 9),
      surveyAnswer(a, '2026-04-01', 'CSAT', 5), surveyAnswer(a, '2026-04-10', 'CSAT', 3), surveyAnswer(a, '2026-04-11', 'NPS', 9),
      surveyAnswer(b, '2026-04-07', 'CSAT', 4), surveyAnswer(c, '2026-04-08', 'CSAT', 5),
    ],
  });
});

const events = (aggregate: MeasureFormula['aggregate'], rest: Partial<Extract<MeasureFormula, { source: 'events' }>> = {}): Formula =>
  ({ kind: 'measure', source: 'events', aggregate, ...rest }) as Formula;
const GEN = { eventType: 'COMMAND_GENERATED' } as const;
const EXEC = { eventType: 'COMMAND_EXECUTED' } as const;

describe('measure', () => {
  const FEB = win('2026-02-02', '2026-02-09');
  // In the window: s1 GEN 100 ✓, s1 GEN 200 ✗, s2 GEN EMBEDDED 300, s2 EXEC 400, s3 GEN MLX 1000, s3 FAILED 50 ✗.
  // s4's two 9999 ms events lie 1 ms before `from` and exactly at `to`: outside [from, to).
  it.each<[string, Formula, number | null, number]>([
    ['count of every event', events('count'), 6, 6],
    ['count where eventType', events('count', { where: GEN }), 4, 4],
    ['distinct sessions generating (s1, s2, s3)', events('countSessions', { where: GEN }), 3, 3],
    ['count where eventType in a list (4 GEN + 1 EXEC)', events('count', { where: { eventType: ['COMMAND_GENERATED', 'COMMAND_EXECUTED'] } }), 5, 5],
    ['count where not FAILED', events('count', { where: { eventType: { not: ['COMMAND_FAILED'] } } }), 5, 5],
    ['latency in [200, 400]: 200, 300, 400', events('count', { where: { latencyMs: { gte: 200, lte: 400 } } }), 3, 3],
    ['latency in (200, 1000): 300, 400', events('count', { where: { latencyMs: { gt: 200, lt: 1000 } } }), 2, 2],
    ['success true (boolean condition)', events('count', { where: { success: true } }), 4, 4],
    ['errorCategory notNull', events('count', { where: { errorCategory: { notNull: true } } }), 1, 1],
    ['sum latency of GEN: 100 + 200 + 300 + 1000', events('sum', { field: 'latencyMs', where: GEN }), 1600, 4],
    ['avg latency of GEN: 1600 / 4', events('avg', { field: 'latencyMs', where: GEN }), 400, 4],
    ['min latency of GEN', events('min', { field: 'latencyMs', where: GEN }), 100, 4],
    ['max latency of GEN', events('max', { field: 'latencyMs', where: GEN }), 1000, 4],
    // Continuous: rank = p × (n − 1) over [100, 200, 300, 1000]; 0.5 × 3 = 1.5 → 200 + 0.5 × 100.
    ['p50 latency of GEN', events('percentile', { field: 'latencyMs', percentile: 50, where: GEN }), 250, 4],
    // 0.95 × 3 = 2.85 → 300 + 0.85 × (1000 − 300) = 895.
    ['p95 latency of GEN', events('percentile', { field: 'latencyMs', percentile: 95, where: GEN }), 895, 4],
    ['p100 is the max', events('percentile', { field: 'latencyMs', percentile: 100, where: GEN }), 1000, 4],
    ['avg over the records that carry the field (s3 only)', events('avg', { field: 'refinementCount' }), 2, 1],
    ['count over no records is 0', events('count', { where: { eventType: 'HISTORY_SEARCHED' } }), 0, 0],
    ['avg over no records has no value', events('avg', { field: 'latencyMs', where: { eventType: 'HISTORY_SEARCHED' } }), null, 0],
    // CSAT 4 (s1), 5 (s2), 3 (s5): mean 4, three sessions; the NPS answer is filtered out.
    ['avg survey score where CSAT', { kind: 'measure', source: 'surveys', aggregate: 'avg', field: 'score', where: { survey: 'CSAT' } }, 4, 3],
    ['distinct survey sessions', { kind: 'measure', source: 'surveys', aggregate: 'countSessions' }, 3, 3],
  ])('%s', async (_, formula, value, n) => {
    const point = totalOf(await evaluate(formula, FEB));
    close(point.value, value);
    expect(point.n).toBe(n);
  });

  it('segmented: one value per backend, records without a value left out', async () => {
    // GEN: STATIC 100, 200; EMBEDDED 300; MLX 1000.
    expect(bySegment(await evaluate(events('count', { where: GEN }), FEB, { segmentBy: 'backend' }))).toEqual({ STATIC: 2, EMBEDDED: 1, MLX: 1 });
    expect(bySegment(await evaluate(events('max', { field: 'latencyMs', where: GEN }), FEB, { segmentBy: 'backend' }))).toEqual({ STATIC: 200, EMBEDDED: 300, MLX: 1000 });
    // Only s3's GEN carries a queryComplexity; booleans split as 'true'/'false' on both databases.
    expect(bySegment(await evaluate(events('count'), FEB, { segmentBy: 'queryComplexity' }))).toEqual({ COMPLEX: 1 });
    expect(bySegment(await evaluate(events('count'), FEB, { segmentBy: 'success' }))).toEqual({ true: 4, false: 2 });
  });
});

const genCount = events('count', { where: GEN });
const execCount = events('count', { where: EXEC });
const none = events('count', { where: { eventType: 'HISTORY_SEARCHED' } });

describe('ratio, arithmetic and metric references', () => {
  // [03-02, 03-09): GEN STATIC ×2 (m1), EMBEDDED ×2 (m2); EXEC STATIC (m1), EMBEDDED (m2), MLX (m1).
  const MAR = win('2026-03-02', '2026-03-09');
  const ratio = (numerator: Formula, denominator: Formula, extra: object = {}): Formula => ({ kind: 'ratio', numerator, denominator, ...extra });
  const arith = (op: 'add' | 'subtract' | 'multiply' | 'divide', left: Formula, right: Formula): Formula => ({ kind: 'arithmetic', op, left, right });
  const perUser = ratio(execCount, events('countSessions', { where: EXEC }), { perDays: 7 });
  it.each<[string, Formula, [string, string], number | null]>([
    ['EXEC / GEN = 3 / 4', ratio(execCount, genCount), ['2026-03-02', '2026-03-09'], 0.75],
    ['scaled × 100', ratio(execCount, genCount, { scale: 100 }), ['2026-03-02', '2026-03-09'], 75],
    ['per 7 days over 7 days: 3 EXEC / 2 sessions × 7/7', perUser, ['2026-03-02', '2026-03-09'], 1.5],
    ['per 7 days over 14 days: 1.5 × 7/14', perUser, ['2026-03-02', '2026-03-16'], 0.75],
    ['zero denominator, empty window: null, not 0', ratio(execCount, genCount), ['2026-03-16', '2026-03-23'], null],
    ['zero denominator, 3 / 0: null, not an error', ratio(execCount, none), ['2026-03-02', '2026-03-09'], null],
    ['add 4 + 3', arith('add', genCount, execCount), ['2026-03-02', '2026-03-09'], 7],
    ['subtract 4 − 3', arith('subtract', genCount, execCount), ['2026-03-02', '2026-03-09'], 1],
    ['multiply 4 × 3', arith('multiply', genCount, execCount), ['2026-03-02', '2026-03-09'], 12],
    ['divide 4 / 3', arith('divide', genCount, execCount), ['2026-03-02', '2026-03-09'], 4 / 3],
    ['divide by 0: null', arith('divide', genCount, none), ['2026-03-02', '2026-03-09'], null],
    ['an operand without value: null', arith('add', genCount, events('avg', { field: 'latencyMs', where: { eventType: 'HISTORY_SEARCHED' } })), ['2026-03-02', '2026-03-09'], null],
  ])('%s', async (_, formula, [from, to], value) => {
    const point = totalOf(await evaluate(formula, win(from, to)));
    close(point.value, value);
  });

  it('a zero-denominator total rests on 0 records', async () => {
    expect(totalOf(await evaluate(ratio(execCount, genCount), win('2026-03-16', '2026-03-23')))).toEqual({ value: null, n: 0, excluded: 0 });
  });

  it('segmented ratio: a segment with no denominator has no value', async () => {
    // STATIC 1/2, EMBEDDED 1/2, MLX 1/0.
    expect(bySegment(await evaluate(ratio(execCount, genCount), MAR, { segmentBy: 'backend' }))).toEqual({ STATIC: 0.5, EMBEDDED: 0.5, MLX: null });
  });

  it('segmented ratio over the whole denominator (wholeDenominatorFor): each backend over all 4 GEN', async () => {
    const whole = ratio(execCount, genCount, { wholeDenominatorFor: ['backend'] });
    expect(bySegment(await evaluate(whole, MAR, { segmentBy: 'backend' }))).toEqual({ STATIC: 0.25, EMBEDDED: 0.25, MLX: 0.25 });
    close(totalOf(await evaluate(whole, MAR)).value, 0.75);
  });

  it('segmented arithmetic: a segment missing on one side counts as 0 for counts', async () => {
    // GEN − EXEC: STATIC 2 − 1, EMBEDDED 2 − 1, MLX 0 − 1.
    expect(bySegment(await evaluate(arith('subtract', genCount, execCount), MAR, { segmentBy: 'backend' }))).toEqual({ STATIC: 1, EMBEDDED: 1, MLX: -1 });
  });

  it('metric references resolve through formulaOf, also to shipped metrics', async () => {
    const formulas: Record<string, Formula> = {
      gen: genCount,
      exec: execCount,
      rate: ratio({ kind: 'metric', id: 'exec' }, { kind: 'metric', id: 'gen' }),
    };
    close(totalOf(await evaluate({ kind: 'metric', id: 'rate' }, MAR, { formulas })).value, 0.75);
    expect(bySegment(await evaluate({ kind: 'metric', id: 'rate' }, MAR, { formulas, segmentBy: 'backend' }))).toEqual({ STATIC: 0.5, EMBEDDED: 0.5, MLX: null });
    // execution_rate is the same ratio: 0.75; the derived difference rate − execution_rate is 0.
    close(totalOf(await evaluate(arith('subtract', { kind: 'metric', id: 'rate' }, { kind: 'metric', id: 'execution_rate' }), MAR, { formulas })).value, 0);
  });
});

describe('rollingActive', () => {
  // EXEC: a 04-12 12:00, b 04-06 00:00 (macos), c 04-05 23:59:59, e 04-13 00:00 (at `to`), f 03-20; d only GEN.
  it.each<[string, Formula, [string, string], number]>([
    ['7 days ending 04-13: a, b', { kind: 'rollingActive', days: 7 }, ['2026-04-06', '2026-04-13'], 2],
    ['8 days: a, b, c', { kind: 'rollingActive', days: 8 }, ['2026-04-06', '2026-04-13'], 3],
    ['30 days ending 04-13, whatever `from`: a, b, c, f', { kind: 'rollingActive', days: 30 }, ['2026-04-12', '2026-04-13'], 4],
    // Latest CSAT before 04-13: a 3 (04-10, after a 5), b 4; c's 5 counts not (c not active in 7 days).
    ['latest CSAT ≥ 4: b', { kind: 'rollingActive', days: 7, latestSurvey: { survey: 'CSAT', scoreAtLeast: 4 } }, ['2026-04-06', '2026-04-13'], 1],
    ['latest NPS ≥ 9: a (its CSAT does not matter)', { kind: 'rollingActive', days: 7, latestSurvey: { survey: 'NPS', scoreAtLeast: 9 } }, ['2026-04-06', '2026-04-13'], 1],
  ])('%s', async (_, formula, [from, to], value) => {
    expect(totalOf(await evaluate(formula, win(from, to))).value).toBe(value);
  });

  it('segmented by platform', async () => {
    expect(bySegment(await evaluate({ kind: 'rollingActive', days: 7 }, win('2026-04-06', '2026-04-13'), { segmentBy: 'platform' }))).toEqual({
      'linux-x86_64': 1,
      'macos-aarch64': 1,
    });
  });
});

describe('newSessions', () => {
  // p first seen 01-05 00:00 (INSTALLED), q 01-11 23:59:59 (macos), r 01-02, s 01-12 00:00; t answered a survey only.
  const JAN = win('2026-01-05', '2026-01-12');
  it.each<[string, Formula, [string, string], number]>([
    ['first seen in the window: p, q', { kind: 'newSessions' }, ['2026-01-05', '2026-01-12'], 2],
    ['first seen before `to`: p, q, r (t is no user)', { kind: 'newSessions', firstSeen: 'beforeEnd' }, ['2026-01-05', '2026-01-12'], 3],
    ['the next week: s', { kind: 'newSessions' }, ['2026-01-12', '2026-01-19'], 1],
  ])('%s', async (_, formula, [from, to], value) => {
    expect(totalOf(await evaluate(formula, win(from, to))).value).toBe(value);
  });

  it('segments by the first value a session sent', async () => {
    expect(bySegment(await evaluate({ kind: 'newSessions' }, JAN, { segmentBy: 'platform' }))).toEqual({ 'linux-x86_64': 1, 'macos-aarch64': 1 });
    // p sent HN on its second event; q never sent one.
    expect(bySegment(await evaluate({ kind: 'newSessions' }, JAN, { segmentBy: 'acquisitionSource' }))).toEqual({ HN: 1 });
    expect(bySegment(await evaluate({ kind: 'newSessions', firstSeen: 'beforeEnd' }, JAN, { segmentBy: 'platform' }))).toEqual({
      'linux-x86_64': 2,
      'macos-aarch64': 1,
    });
  });
});

describe('cohort', () => {
  const MAY = win('2026-05-04', '2026-05-11');
  const SUCCESS = { eventType: 'COMMAND_EXECUTED', where: { success: true } } as const;
  const activation: Formula = { kind: 'cohort', condition: { ...SUCCESS, atLeast: 3 }, period: { offsetDays: 0, days: 7 }, result: 'share' };
  const nextDay: Formula = { kind: 'cohort', condition: { eventType: 'COMMAND_EXECUTED' }, period: 'nextUtcDay', result: 'share' };
  const week1: Formula = { kind: 'cohort', condition: { eventType: 'COMMAND_EXECUTED' }, period: { offsetDays: 7, days: 7 }, result: 'share' };
  const p50: Formula = { kind: 'cohort', condition: SUCCESS, period: { offsetDays: 0, days: 7 }, result: { percentileSeconds: 50 } };
  // Cohort: c1 05-04 10:00, c2 05-05, c3 05-06, c4 05-10 12:00 (c5 was first seen 05-01).
  // ≥ 3 successes in 7 days: c1 ✓ (05-05, 05-06, 05-11 09:59:59); c2 2 (+1 failed); c3 2 (05-13 is its end); c4 ✓.
  // Next UTC day: c1 05-05 ✓; c2 05-06 ✗ (05-07 00:00 is past it); c3 05-07 ✓; c4 05-11 00:00 ✓.
  // Days 7-13: c1 ✗ (05-11 09:59:59 is 1 s early); c2 ✗; c3 05-13 00:00 ✓; c4 05-20 ✓.
  // Seconds to first success: c1 86 400, c2 43 200, c3 129 600, c4 43 200.
  it.each<[string, Formula, string, { value: number; n: number; excluded: number }]>([
    ['activation, all periods over: 2 / 4', activation, '2026-06-01', { value: 0.5, n: 4, excluded: 0 }],
    ['activation, c4 (ends 05-17 12:00) not over: 1 / 3, 1 excluded', activation, '2026-05-15', { value: 1 / 3, n: 3, excluded: 1 }],
    ['activation, c4 ends exactly now: counted', activation, '2026-05-17T12:00:00Z', { value: 0.5, n: 4, excluded: 0 }],
    ['next UTC day: 3 / 4', nextDay, '2026-06-01', { value: 0.75, n: 4, excluded: 0 }],
    ['next UTC day, c4 (05-11) not over: 2 / 3', nextDay, '2026-05-11T12:00:00Z', { value: 2 / 3, n: 3, excluded: 1 }],
    ['days 7 to 13: 2 / 4', week1, '2026-06-01', { value: 0.5, n: 4, excluded: 0 }],
    // [43 200, 43 200, 86 400, 129 600]: rank 1.5 → 43 200 + 0.5 × 43 200.
    ['p50 seconds to first success', p50, '2026-06-01', { value: 64_800, n: 4, excluded: 0 }],
    // c4 left out: [43 200, 86 400, 129 600] → 86 400.
    ['p50 seconds, c4 not over', p50, '2026-05-15', { value: 86_400, n: 3, excluded: 1 }],
  ])('%s', async (_, formula, now, expected) => {
    const point = totalOf(await evaluate(formula, MAY, { now: d(now) }));
    close(point.value, expected.value);
    expect({ n: point.n, excluded: point.excluded }).toEqual({ n: expected.n, excluded: expected.excluded });
  });

  it('segmented by platform: linux c1 ✓; macos c2 ✗, c3 ✗, c4 ✓', async () => {
    const split = bySegment(await evaluate(activation, MAY, { segmentBy: 'platform' }));
    expect(Object.keys(split).sort()).toEqual(['linux-x86_64', 'macos-aarch64']);
    close(split['linux-x86_64'], 1);
    close(split['macos-aarch64'], 1 / 3);
  });
});

