/**
 * Alert rules as the evaluator sees them: declared in metric plugins, identified as
 * `<metric id>.<alert name>`, with their defaults applied.
 */
import { formatChangeAmount, formatValue } from '../format/format.js';
import type { AlertRule, Cadence, MetricDefinition, NoDataPolicy, Unit } from '../registry/define-metric.js';
import type { Registry } from '../registry/registry.js';

export interface ResolvedRule {
  id: string;
  metric: MetricDefinition;
  rule: AlertRule;
  cadence: Cadence;
  for: number;
  keepFiringFor: number;
  minSampleSize: number;
  noData: NoDataPolicy;
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

/** The threshold in the metric's units: "60 %" (threshold), "5 pp" or "10 %" (change); empty for targetMissed. */
export function formatThreshold(rule: AlertRule, unit: Unit): string {
  if (rule.kind === 'threshold') return formatValue(unit, rule.below ?? rule.above!);
  if (rule.kind === 'change') return formatChangeAmount(unit, rule.measure === 'percent' ? 'PERCENT' : 'POINTS', rule.drop ?? rule.rise!);
  return '';
}

/** What the rule says, in words: "below 60 %", "dropped by more than 5 pp", "dropped". */
export function describeCondition(rule: AlertRule, unit: Unit): string {
  switch (rule.kind) {
    case 'threshold':
      return `${rule.below !== undefined ? 'below' : 'above'} ${formatThreshold(rule, unit)}`;
    case 'change': {
      const verb = rule.drop !== undefined ? 'dropped' : 'rose';
      return (rule.drop ?? rule.rise) === 0 ? verb : `${verb} by more than ${formatThreshold(rule, unit)}`;
    }
    case 'targetMissed':
      return 'missed its target';
  }
}
