/**
 * A metric over a window as dashboards read it: value, previous-period change, target status,
 * series and segments. Plain functions over an Evaluator, so the alert evaluator and the tests use
 * them without GraphQL.
 */
import { isSegmentKey } from '../ingestion/record-kinds.js';
import type { MetricDefinition, Unit } from '../registry/define-metric.js';
import { pointOf, TOTAL, type Evaluator } from './evaluate.js';
import { FilterError, type Filter } from './leaf-sql.js';
import { judge, resolveTarget, type ResolvedTarget, type TargetStatus } from './targets.js';
import { bucketsOf, previousWindow, type Granularity, type TimeWindow } from './window.js';

export type ChangeUnit = 'PERCENT' | 'POINTS';

export interface MetricSnapshot {
  value: number | null;
  previousValue: number | null;
  /** In percent for counts and amounts, in points for ratios (percentage points) and scores. */
  change: number | null;
  changeUnit: ChangeUnit;
  target: ResolvedTarget | null;
  status: TargetStatus;
  attainment: number | null;
  sampleSize: number;
  excludedCohortMembers: number;
}

export interface SeriesPoint {
  start: Date;
  end: Date;
  value: number | null;
  partial: boolean;
}

export interface SegmentValue {
  key: string;
  value: number | null;
  sampleSize: number;
  target: ResolvedTarget | null;
  status: TargetStatus;
}

export function changeUnitOf(unit: Unit): ChangeUnit {
  return unit === 'ratio' || unit === 'score' ? 'POINTS' : 'PERCENT';
}

/** Relative change in percent for counts and amounts; points for ratios (×100) and scores. */
export function changeOf(unit: Unit, value: number | null, previous: number | null): number | null {
  if (value === null || previous === null) return null;
  if (unit === 'ratio') return (value - previous) * 100;
  if (unit === 'score') return value - previous;
  return previous === 0 ? null : ((value - previous) / Math.abs(previous)) * 100;
}

export async function computeSnapshot(evaluator: Evaluator, metric: MetricDefinition, window: TimeWindow, filter: Filter = {}): Promise<MetricSnapshot> {
  const [current, previous] = await Promise.all([
    evaluator.evaluate(metric.formula, window, null, filter),
    evaluator.evaluate(metric.formula, previousWindow(window), null, filter),
  ]);
  const point = pointOf(current, TOTAL);
  const previousValue = pointOf(previous, TOTAL).value;
  const target = resolveTarget(metric.target, metric.direction, window.to);
  const change = changeOf(metric.unit, point.value, previousValue);
  const judged = target?.kind === 'CHANGE_AT_LEAST' ? change : point.value;
  return {
    value: point.value,
    previousValue,
    change,
    changeUnit: changeUnitOf(metric.unit),
    target,
    ...judge(judged, target, metric.atRiskTolerance),
    sampleSize: point.n,
    excludedCohortMembers: point.excluded,
  };
}

export async function computeSeries(
  evaluator: Evaluator,
  metric: MetricDefinition,
  window: TimeWindow,
  granularity: Granularity,
  filter: Filter = {},
): Promise<SeriesPoint[]> {
  const buckets = bucketsOf(window, granularity, evaluator.now);
  const values = await Promise.all(buckets.map((b) => evaluator.evaluate(metric.formula, b.window, null, filter)));
  return buckets.map((b, i) => ({ start: b.start, end: b.end, partial: b.partial, value: pointOf(values[i]!, TOTAL).value }));
}

/** One value per segment value (in key order); the caller checks that `by` is one of the metric's segments. */
export async function computeSegments(
  evaluator: Evaluator,
  metric: MetricDefinition,
  window: TimeWindow,
  by: string,
  filter: Filter = {},
): Promise<SegmentValue[]> {
  const evaluation = await evaluator.evaluate(metric.formula, window, by, filter);
  return [...evaluation.points.keys()].sort().map((key) => {
    const point = pointOf(evaluation, key);
    // Segments have no previous value here, so a goal on the change is not judged per segment.
    const resolved = resolveTarget(metric.target, metric.direction, window.to, { by, key });
    const target = resolved?.kind === 'CHANGE_AT_LEAST' ? null : resolved;
    return { key, value: point.value, sampleSize: point.n, target, status: judge(point.value, target, metric.atRiskTolerance).status };
  });
}


/**
 * A filter a metric can take: only by the dimensions it can be split by, with at least one value,
 * each one a record could hold (the value itself is not repeated back), and not a share by the very
 * dimension it divides (every value would then be 100 %).
 */
export function checkFilter(metric: MetricDefinition, filter: Filter): void {
  for (const [dimension, values] of Object.entries(filter)) {
    if (!metric.segments.includes(dimension)) {
      const allowed = metric.segments.length > 0 ? metric.segments.join(', ') : 'none';
      throw new FilterError(`${metric.id} cannot be filtered by "${dimension}" (it can by the dimensions it can be split by: ${allowed})`);
    }
    if (metric.formula.kind === 'share' && metric.formula.of === dimension) {
      throw new FilterError(`${metric.id} is a share of "${dimension}": split it by "${dimension}" instead of filtering it`);
    }
    if (values.length === 0) throw new FilterError(`the filter on "${dimension}" lists no value`);
    const impossible = values.filter((value) => !isSegmentKey(dimension, value)).length;
    if (impossible > 0)
      throw new FilterError(`the filter on "${dimension}" lists ${impossible} value(s) no record can hold; segments(by: ${dimension}) shows the values it takes`);
  }
}
