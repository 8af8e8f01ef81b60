/**
 * The engine over the whole catalogue, for the suites that read several metrics or formulas of
 * their own: evaluators fixed at a moment, formulas evaluated over a window, metrics by id.
 */
import { pointOf, TOTAL, type Evaluation } from '../../src/query-engine/evaluate.js';
import type { TimeWindow } from '../../src/query-engine/window.js';
import { registry } from '../../src/registry/catalogue.js';
import type { Formula, MetricDefinition } from '../../src/registry/define-metric.js';
import { definition, evaluatorOver, NOW } from './metric-tester.js';

/** A fresh evaluator (its cache is per instance) at `now`, resolving metric ids from `formulas` then the registry. */
export const evaluatorAt = (now: Date = NOW, formulas: Record<string, Formula> = {}) => evaluatorOver(registry, now, formulas);

/** A formula's value (and what it rests on) over a window, or per segment value. */
export async function evaluate(formula: Formula, window: TimeWindow, options: { segmentBy?: string; now?: Date; formulas?: Record<string, Formula> } = {}) {
  return evaluatorAt(options.now, options.formulas).evaluate(formula, window, options.segmentBy ?? null);
}

export const totalOf = (evaluation: Evaluation) => pointOf(evaluation, TOTAL);

/** `{ key: value }` for every segment value returned. */
export const bySegment = (evaluation: Evaluation): Record<string, number | null> =>
  Object.fromEntries([...evaluation.points].map(([key, point]) => [key, point.value]));

/** A shipped metric by id. */
export const metric = (id: string): MetricDefinition => definition(registry, id);
