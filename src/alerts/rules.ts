/**
 * Alert rules as the evaluator sees them: declared in metric plugins, identified as
 * `<metric id>.<alert name>`, with their defaults applied.
 */
import type { AlertRule, Cadence, MetricDefinition } from '../registry/define-metric.js';
import type { Registry } from '../registry/registry.js';

export interface ResolvedRule {
  id: string;
  metric: MetricDefinition;
  rule: AlertRule;
  cadence: Cadence;
  for: number;
  keepFiringFor: number;
  minSampleSize: number;
  noData: 'ok' | 'alerting' | 'keepState';
}

export function rulesOf(registry: Registry): ResolvedRule[] {
  return registry.metrics.flatMap((metric) =>
    (metric.alerts ?? []).map((rule) => ({
      id: `${metric.id}.${rule.name}`,
      metric,
      rule,
      cadence: rule.cadence ?? 'daily',
      for: rule.for ?? 1,
      keepFiringFor: rule.keepFiringFor ?? 0,
      minSampleSize: rule.minSampleSize ?? 0,
      noData: rule.noData ?? 'ok',
    })),
  );
}

/** The threshold a rule compares with, for messages and payloads. */
export function thresholdOf(rule: AlertRule): number | null {
  if (rule.kind === 'threshold') return rule.below ?? rule.above ?? null;
  if (rule.kind === 'change') return rule.drop ?? rule.rise ?? null;
  return null;
}

/** What the rule says, in words: "below 0.6", "drops by more than 0 points". */
export function describeCondition(rule: AlertRule): string {
  switch (rule.kind) {
    case 'threshold':
      return rule.below !== undefined ? `below ${rule.below}` : `above ${rule.above}`;
    case 'change': {
      const amount = `${rule.drop ?? rule.rise} ${rule.measure === 'percent' ? '%' : 'points'}`;
      return rule.drop !== undefined ? `dropped by more than ${amount}` : `rose by more than ${amount}`;
    }
    case 'targetMissed':
      return 'missed its target';
  }
}
