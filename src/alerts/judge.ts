/**
 * Judges one rule over one complete period: is its condition failing, passing, or not judged (too
 * small a sample, or no data under a keep-state policy)? Plain functions over the metric engine.
 */
import { pointOf, TOTAL, type Evaluator } from '../query-engine/evaluate.js';
import { judge as judgeTarget, resolveTarget } from '../query-engine/targets.js';
import type { TimeWindow } from '../query-engine/window.js';
import type { Outcome } from './state-machine.js';
import { periodBefore } from './periods.js';
import type { ResolvedRule } from './rules.js';

export interface Judgement {
  outcome: Outcome;
  value: number | null;
  previousValue: number | null;
  sampleSize: number;
  /** Why it was not judged, when it was not. */
  reason?: string;
}

export async function judgeRule(evaluator: Evaluator, rule: ResolvedRule, period: TimeWindow): Promise<Judgement> {
  const { metric } = rule;
  const scope = rule.rule.scope;
  const key = scope ? scope.value : TOTAL;
  const needsPrevious = rule.rule.kind === 'change';
  const [current, previous] = await Promise.all([
    evaluator.evaluate(metric.formula, period, scope?.segment ?? null),
    needsPrevious ? evaluator.evaluate(metric.formula, periodBefore(period, rule.cadence), scope?.segment ?? null) : null,
  ]);
  const point = pointOf(current, key);
  const previousValue = previous ? pointOf(previous, key).value : null;
  const base = { value: point.value, previousValue, sampleSize: point.n };
  if (point.n < rule.minSampleSize) return { ...base, outcome: 'skip', reason: `sample ${point.n} < ${rule.minSampleSize}` };
  const failing = isFailing(rule, point.value, previousValue, period, scope ?? null);
  if (failing === null) {
    const outcome = rule.noData === 'alerting' ? 'failing' : rule.noData === 'ok' ? 'passing' : 'skip';
    return { ...base, outcome, reason: 'no data' };
  }
  return { ...base, outcome: failing ? 'failing' : 'passing' };
}

/** Whether the condition holds; null when there is no data to say. */
function isFailing(
  { rule, metric }: ResolvedRule,
  value: number | null,
  previous: number | null,
  period: TimeWindow,
  scope: { segment: string; value: string } | null,
): boolean | null {
  if (value === null) return null;
  switch (rule.kind) {
    case 'threshold':
      return rule.below !== undefined ? value < rule.below : value > rule.above!;
    case 'change': {
      if (previous === null) return null;
      let change: number;
      if (rule.measure === 'percent') {
        if (previous === 0) return null;
        change = ((value - previous) / Math.abs(previous)) * 100;
      } else {
        change = (value - previous) * (metric.unit === 'ratio' ? 100 : 1);
      }
      return rule.drop !== undefined ? -change > rule.drop : change > rule.rise!;
    }
    case 'targetMissed': {
      const target = resolveTarget(metric.target, metric.direction, period.to, scope ? { by: scope.segment, key: scope.value } : null);
      return judgeTarget(value, target, metric.atRiskTolerance).status === 'MISSED';
    }
  }
}
