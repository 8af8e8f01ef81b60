/**
 * Cohorts as a review reads them. A cohort metric over the current week cannot be over yet (week-1
 * retention looks 7 to 14 days past each member's first-seen time), so dashboards and the weekly
 * report show the latest cohort whose look-forward period has ended by the window's end: the window
 * moved back by whole window lengths. And the retention table: cohorts as rows, the share of each
 * active in each period after first seen as columns.
 */
import type { CohortFormula, Formula } from '../registry/define-metric.js';
import type { Evaluator, FormulaOf } from './evaluate.js';
import { pointOf, TOTAL } from './evaluate.js';
import { bucketsOf, type Granularity, type TimeWindow } from './window.js';

const DAY_MS = 86_400_000;

/** Which cohort a cohort metric answers for: the window's own, or the latest one over by its end. */
export type CohortChoice = 'WINDOW' | 'LATEST_FINISHED';

/** How far past a member's first-seen time its longest look-forward period can end (0: no cohort). */
export function lookAheadMs(formula: Formula, formulaOf: FormulaOf): number {
  switch (formula.kind) {
    case 'cohort':
      // The day after the first-seen day ends at most two days after the first-seen time.
      return formula.period === 'nextUtcDay' ? 2 * DAY_MS : (formula.period.offsetDays + formula.period.days) * DAY_MS;
    case 'metric':
      return lookAheadMs(formulaOf(formula.id), formulaOf);
    case 'ratio':
      return Math.max(lookAheadMs(formula.numerator, formulaOf), lookAheadMs(formula.denominator, formulaOf));
    case 'arithmetic':
      return Math.max(lookAheadMs(formula.left, formulaOf), lookAheadMs(formula.right, formulaOf));
    case 'share':
      return lookAheadMs(formula.base, formulaOf);
    default:
      return 0;
  }
}

/**
 * The window a cohort metric is computed over: the window itself, or, for LATEST_FINISHED, the
 * window moved back by as many window lengths as its look-forward needs (retention_w1 over a week:
 * the cohort of two weeks earlier), so every member's period has ended by the window's end. Null
 * for a metric without a cohort.
 */
export function cohortWindowOf(formula: Formula, formulaOf: FormulaOf, window: TimeWindow, choice: CohortChoice): TimeWindow | null {
  const ahead = lookAheadMs(formula, formulaOf);
  if (ahead === 0) return null;
  if (choice === 'WINDOW') return window;
  const length = window.to.getTime() - window.from.getTime();
  const back = Math.ceil(ahead / length) * length;
  return { from: new Date(window.from.getTime() - back), to: new Date(window.to.getTime() - back) };
}

export interface RetentionRow {
  /** The cohort: sessions first seen in [start, end). */
  start: Date;
  end: Date;
  size: number;
  /** Per period after first seen: the share of the cohort active in it; null while it is not over for every member. */
  periods: (number | null)[];
}

/**
 * The retention table: for each cohort bucket of `cohorts`, the share of its members that meet
 * `condition` in each of `periods` periods (a day or a week) counted from each member's own
 * first-seen time, as the cohort metrics count them (one statement per period, every cohort in it).
 */
export async function retentionTable(
  evaluator: Evaluator,
  options: { condition: CohortFormula['condition']; cohorts: TimeWindow; granularity: Extract<Granularity, 'DAY' | 'WEEK'>; periods: number },
): Promise<RetentionRow[]> {
  const periodDays = options.granularity === 'DAY' ? 1 : 7;
  const buckets = bucketsOf(options.cohorts, options.granularity, evaluator.now);
  const columns = Array.from({ length: options.periods }, (_, i): CohortFormula => ({
    kind: 'cohort',
    condition: options.condition,
    period: { offsetDays: i * periodDays, days: periodDays },
    result: 'share',
  }));
  const cells = await Promise.all(columns.map((formula) => Promise.all(buckets.map((b) => evaluator.evaluate(formula, b.window, null)))));
  return buckets.map((bucket, row) => {
    const points = cells.map((column) => pointOf(column[row]!, TOTAL));
    return {
      start: bucket.window.from,
      end: bucket.window.to,
      size: points[0] ? points[0].n + points[0].excluded : 0,
      periods: points.map((p) => (p.excluded > 0 ? null : p.value)),
    };
  });
}
