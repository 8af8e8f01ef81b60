/**
 * Targets (#3): which bound is in force for a window (and segment), and the status of a value
 * against it: MET, AT_RISK (missed by at most 10% of the target, inclusive, or the metric's own
 * tolerance), MISSED, NO_TARGET, NO_DATA; attainment = value / target, inverted for lower-is-better.
 */
import { describe, expect, it } from 'vitest';
import { TOTAL, type Evaluator } from '../../src/query-engine/evaluate.js';
import { computeSnapshot } from '../../src/query-engine/metric-result.js';
import { judge, resolveTarget, type ResolvedTarget, type TargetStatus } from '../../src/query-engine/targets.js';
import type { Direction, MetricDefinition, TargetSpec } from '../../src/registry/define-metric.js';

const d = (iso: string) => new Date(iso.includes('T') ? iso : `${iso}T00:00:00Z`);
const atLeast = (min: number): ResolvedTarget => ({ kind: 'AT_LEAST', min, max: null });
const atMost = (max: number): ResolvedTarget => ({ kind: 'AT_MOST', min: null, max });
const between = (min: number, max: number): ResolvedTarget => ({ kind: 'BETWEEN', min, max });

describe('resolveTarget', () => {
  const schedule: TargetSpec = { schedule: [{ from: '2026-01-01', atLeast: 100 }, { from: '2026-07-01', atLeast: 200 }] };
  it.each<[string, TargetSpec | undefined, Direction, string, ResolvedTarget | null]>([
    ['none', undefined, 'higher', '2026-03-01', null],
    ['a value, higher is better: at least', { value: 10 }, 'higher', '2026-03-01', atLeast(10)],
    ['a value, lower is better: at most', { value: 10 }, 'lower', '2026-03-01', atMost(10)],
    ['atLeast, whatever the direction', { atLeast: 5 }, 'lower', '2026-03-01', atLeast(5)],
    ['atMost, whatever the direction', { atMost: 5 }, 'higher', '2026-03-01', atMost(5)],
    ['between', { between: [3, 5] }, 'higher', '2026-03-01', between(3, 5)],
    ['schedule, before its first step: none', schedule, 'higher', '2025-12-31', null],
    // A window ending at 01-01 00:00 lasts until 12-31 23:59:59.999: the first step is not yet in force.
    ['schedule, window ending as the first step starts', schedule, 'higher', '2026-01-01', null],
    ['schedule, window ending 1 ms into the first step', schedule, 'higher', '2026-01-01T00:00:00.001Z', atLeast(100)],
    ['schedule, window ending as the second step starts', schedule, 'higher', '2026-07-01', atLeast(100)],
    ['schedule, the second step in force', schedule, 'higher', '2026-07-02', atLeast(200)],
    ['schedule of values, by direction', { schedule: [{ from: '2026-01-01', value: 60 }] }, 'lower', '2026-02-01', atMost(60)],
    ['a goal on the change', { changeAtLeast: 10 }, 'higher', '2026-03-01', { kind: 'CHANGE_AT_LEAST', min: 10, max: null }],
  ])('%s', (_, spec, direction, end, expected) => {
    expect(resolveTarget(spec, direction, d(end))).toEqual(expected);
  });

  describe('bySegment with a default', () => {
    const spec: TargetSpec = {
      bySegment: {
        backend: { EMBEDDED: { atMost: 500 }, MLX: { schedule: [{ from: '2026-06-01', atMost: 50 }] } },
      },
      default: { atMost: 800 },
    };
    it.each<[string, { by: string; key: string } | null, string, ResolvedTarget | null]>([
      ['the whole metric: the default', null, '2026-03-01', atMost(800)],
      ['its own segment value', { by: 'backend', key: 'EMBEDDED' }, '2026-03-01', atMost(500)],
      // A dimension with targets of its own judges only the values it lists (support_resolution_rate:
      // YES and NO have targets, PARTIALLY none); the default is for the whole metric and other dimensions.
      ['a value not listed under its dimension: none', { by: 'backend', key: 'STATIC' }, '2026-03-01', null],
      ['a listed value before its schedule starts: none', { by: 'backend', key: 'MLX' }, '2026-03-01', null],
      ['a value with a schedule in force', { by: 'backend', key: 'MLX' }, '2026-07-01', atMost(50)],
      ['the same key under another segment: the default', { by: 'platform', key: 'EMBEDDED' }, '2026-03-01', atMost(800)],
    ])('%s', (_, segment, end, expected) => {
      expect(resolveTarget(spec, 'lower', d(end), segment)).toEqual(expected);
    });

    it('without a default, the whole metric and unlisted values have no target', () => {
      const own: TargetSpec = { bySegment: { backend: { EMBEDDED: { atMost: 500 } } } };
      expect(resolveTarget(own, 'lower', d('2026-03-01'))).toBeNull();
      expect(resolveTarget(own, 'lower', d('2026-03-01'), { by: 'backend', key: 'STATIC' })).toBeNull();
      expect(resolveTarget(own, 'lower', d('2026-03-01'), { by: 'backend', key: 'EMBEDDED' })).toEqual(atMost(500));
    });
  });
});

describe('judge', () => {
  it.each<[string, number | null, ResolvedTarget | null, TargetStatus, number | null]>([
    ['no value', null, atLeast(100), 'NO_DATA', null],
    ['no value and no target', null, null, 'NO_DATA', null],
    ['no target', 42, null, 'NO_TARGET', null],
    // At least 100: AT_RISK down to 100 − 10% × 100 = 90, inclusive.
    ['≥ 100: 120 met', 120, atLeast(100), 'MET', 1.2],
    ['≥ 100: exactly 100 met', 100, atLeast(100), 'MET', 1],
    ['≥ 100: 95 at risk', 95, atLeast(100), 'AT_RISK', 0.95],
    ['≥ 100: 90, exactly 10% short, at risk', 90, atLeast(100), 'AT_RISK', 0.9],
    ['≥ 100: 89.99 missed', 89.99, atLeast(100), 'MISSED', 0.8999],
    // Ratios: 0.7 − 0.07 = 0.63 (the execution-rate target).
    ['≥ 0.7: 0.63 at risk', 0.63, atLeast(0.7), 'AT_RISK', 0.9],
    ['≥ 0.7: 0.6299 missed', 0.6299, atLeast(0.7), 'MISSED', 0.6299 / 0.7],
    // At most 500 (lower is better): AT_RISK up to 500 + 50 = 550; attainment = 500 / value.
    ['≤ 500: 400 met', 400, atMost(500), 'MET', 1.25],
    ['≤ 500: exactly 500 met', 500, atMost(500), 'MET', 1],
    ['≤ 500: 550, exactly 10% over, at risk', 550, atMost(500), 'AT_RISK', 500 / 550],
    ['≤ 500: 550.01 missed', 550.01, atMost(500), 'MISSED', 500 / 550.01],
    ['≤ 500: 1000 missed', 1000, atMost(500), 'MISSED', 0.5],
    ['≤ 500: 0 met, attainment undefined', 0, atMost(500), 'MET', null],
    // Between 3 and 5: 10% of the bound missed on either side.
    ['[3, 5]: 4 met', 4, between(3, 5), 'MET', 1],
    ['[3, 5]: 2.7 at risk (3 − 0.3)', 2.7, between(3, 5), 'AT_RISK', 0.9],
    ['[3, 5]: 2.69 missed', 2.69, between(3, 5), 'MISSED', 2.69 / 3],
    ['[3, 5]: 5.5 at risk (5 + 0.5)', 5.5, between(3, 5), 'AT_RISK', 5 / 5.5],
    ['[3, 5]: 5.51 missed', 5.51, between(3, 5), 'MISSED', 5 / 5.51],
  ])('%s', (_, value, target, status, attainment) => {
    const result = judge(value, target);
    expect(result.status).toBe(status);
    if (attainment === null) expect(result.attainment).toBeNull();
    else expect(result.attainment).toBeCloseTo(attainment, 9);
  });

  it.each<[string, number, ResolvedTarget, number, TargetStatus]>([
    ['tolerance 5%: 95 of ≥ 100 at risk', 95, atLeast(100), 0.05, 'AT_RISK'],
    ['tolerance 5%: 94.9 of ≥ 100 missed', 94.9, atLeast(100), 0.05, 'MISSED'],
    ['tolerance 5%: 525 of ≤ 500 at risk', 525, atMost(500), 0.05, 'AT_RISK'],
    ['tolerance 5%: 526 of ≤ 500 missed', 526, atMost(500), 0.05, 'MISSED'],
    ['tolerance 0: any miss is missed', 99.99, atLeast(100), 0, 'MISSED'],
    ['tolerance 20%: 80 of ≥ 100 at risk', 80, atLeast(100), 0.2, 'AT_RISK'],
  ])('%s', (_, value, target, tolerance, status) => {
    expect(judge(value, target, tolerance).status).toBe(status);
  });
});

describe("a metric's own tolerance reaches its status", () => {
  /** An evaluator answering `value` for every window, so only the metric definition varies. */
  const constant = (value: number): Evaluator => ({
    now: d('2026-03-10'),
    evaluate: async () => ({ points: new Map([[TOTAL, { value, n: 1, excluded: 0 }]]), empty: { value: null, n: 0, excluded: 0 }, tables: [] }),
    inTurn: (work) => work(),
  });
  const definition = (atRiskTolerance?: number): MetricDefinition => ({
    id: 'example',
    title: 'Example',
    description: 'A constant.',
    unit: 'count',
    direction: 'higher',
    formula: { kind: 'newSessions' },
    segments: [],
    target: { atLeast: 100 },
    ...(atRiskTolerance === undefined ? {} : { atRiskTolerance }),
  });
  const window = { from: d('2026-03-02'), to: d('2026-03-09') };
  it.each<[string, number | undefined, number, TargetStatus]>([
    ['default 10%: 90 at risk', undefined, 90, 'AT_RISK'],
    ['default 10%: 85 missed', undefined, 85, 'MISSED'],
    ['20%: 85 at risk', 0.2, 85, 'AT_RISK'],
    ['5%: 94 missed', 0.05, 94, 'MISSED'],
  ])('%s', async (_, tolerance, value, status) => {
    const snapshot = await computeSnapshot(constant(value), definition(tolerance), window);
    expect(snapshot).toMatchObject({ value, status, attainment: value / 100, target: atLeast(100) });
  });
});
