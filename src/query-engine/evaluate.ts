/**
 * Evaluates formulas. Leaves are compiled to SQL; every leaf asked for within one tick (all the
 * fields, metrics, windows and segments of a GraphQL request) goes to the database as one UNION ALL
 * statement through a dataloader. Combinators work on the aggregated rows, never on records.
 */
import DataLoader from 'dataloader';
import type { Formula } from '../registry/define-metric.js';
import type { SqlDriver } from '../sql/driver.js';
import { sql, type SqlFragment } from '../sql/fragment.js';
import { compileLeaf, emptyValueOf, isLeaf, type LeafFormula, type LeafQuery } from './compile-leaf.js';
import { windowDays, type TimeWindow } from './window.js';

/** One computed value and what it rests on. */
export interface Point {
  value: number | null;
  /** Records or sessions the value rests on. */
  n: number;
  /** Cohort members left out because their look-forward period has not ended. */
  excluded: number;
}

/** A formula's answer: the total when not segmented, else one point per segment value. */
export interface Evaluation {
  points: ReadonlyMap<string, Point>;
  /** The value for a key the database returned no row for (0 for counts, no data otherwise). */
  empty: Point;
}

/** The map key of the unsegmented total. */
export const TOTAL = '';

export function pointOf(evaluation: Evaluation, key: string): Point {
  return evaluation.points.get(key) ?? evaluation.empty;
}

/** How metric references are resolved. */
export type FormulaOf = (metricId: string) => Formula;

export interface Evaluator {
  evaluate(formula: Formula, window: TimeWindow, segmentBy: string | null): Promise<Evaluation>;
  readonly now: Date;
}

/** SQLite's compound-select limit is 500; stay under it. */
const PARTS_PER_STATEMENT = 200;

export function createEvaluator(options: { driver: SqlDriver; formulaOf: FormulaOf; now?: Date }): Evaluator {
  const { driver, formulaOf } = options;
  const now = options.now ?? new Date();
  // Leaves are keyed by identity: an escape-hatch leaf's functions do not serialize.
  const leafIds = new WeakMap<LeafFormula, number>();
  let nextLeafId = 0;
  const leafKey = (q: LeafQuery) => {
    if (!leafIds.has(q.leaf)) leafIds.set(q.leaf, ++nextLeafId);
    return `${leafIds.get(q.leaf)}|${q.window.from.getTime()}|${q.window.to.getTime()}|${q.segmentBy ?? ''}`;
  };
  const loader = new DataLoader<LeafQuery, Evaluation, string>((queries) => runLeaves(driver, queries), {
    cacheKeyFn: leafKey,
    maxBatchSize: PARTS_PER_STATEMENT,
  });

  async function evaluate(formula: Formula, window: TimeWindow, segmentBy: string | null): Promise<Evaluation> {
    if (isLeaf(formula)) return loader.load({ leaf: formula, window, segmentBy, now });
    switch (formula.kind) {
      case 'metric':
        return evaluate(formulaOf(formula.id), window, segmentBy);
      case 'ratio': {
        const whole = segmentBy !== null && formula.wholeDenominatorFor?.includes(segmentBy);
        const [numerator, denominator] = await Promise.all([
          evaluate(formula.numerator, window, segmentBy),
          evaluate(formula.denominator, window, whole ? null : segmentBy).then((d) => (whole ? broadcast(d) : d)),
        ]);
        const factor = (formula.scale ?? 1) * (formula.perDays ? formula.perDays / windowDays(window) : 1);
        return combine(numerator, denominator, (num, den) => ({
          value: num.value === null || den.value === null || den.value === 0 ? null : (num.value / den.value) * factor,
          n: den.n,
          excluded: Math.max(num.excluded, den.excluded),
        }));
      }
      case 'arithmetic': {
        const [left, right] = await Promise.all([
          evaluate(formula.left, window, segmentBy),
          evaluate(formula.right, window, segmentBy),
        ]);
        return combine(left, right, (l, r) => ({
          value: l.value === null || r.value === null ? null : arithmetic(formula.op, l.value, r.value),
          n: Math.min(l.n, r.n),
          excluded: Math.max(l.excluded, r.excluded),
        }));
      }
      case 'share': {
        const base = await evaluate(formula.base, window, formula.of);
        const total = [...base.points.values()].reduce((sum, p) => sum + (p.value ?? 0), 0);
        const share = (p: Point): Point => ({ value: total === 0 ? null : (p.value ?? 0) / total, n: total, excluded: p.excluded });
        const shares = new Map([...base.points].map(([key, p]) => [key, share(p)]));
        const empty = { value: total === 0 ? null : 0, n: total, excluded: 0 };
        if (segmentBy === formula.of) return { points: shares, empty };
        const headline = formula.headline === undefined ? { value: null, n: total, excluded: 0 } : (shares.get(formula.headline) ?? empty);
        return { points: new Map([[TOTAL, headline]]), empty };
      }
    }
  }

  return { evaluate, now };
}

function arithmetic(op: 'add' | 'subtract' | 'multiply' | 'divide', left: number, right: number): number | null {
  switch (op) {
    case 'add':
      return left + right;
    case 'subtract':
      return left - right;
    case 'multiply':
      return left * right;
    case 'divide':
      return right === 0 ? null : left / right;
  }
}

/** The unsegmented total as the value of every segment. */
function broadcast(total: Evaluation): Evaluation {
  const point = pointOf(total, TOTAL);
  return { points: new Map(), empty: point };
}

function combine(left: Evaluation, right: Evaluation, merge: (l: Point, r: Point) => Point): Evaluation {
  const keys = new Set([...left.points.keys(), ...right.points.keys()]);
  return {
    points: new Map([...keys].map((key) => [key, merge(pointOf(left, key), pointOf(right, key))])),
    empty: merge(left.empty, right.empty),
  };
}

interface LeafRow {
  k: number | string;
  seg: string | null;
  value: number | string | null;
  n: number | string | null;
  excluded: number | string | null;
}

async function runLeaves(driver: SqlDriver, queries: readonly LeafQuery[]): Promise<(Evaluation | Error)[]> {
  // Each part is wrapped so that ORDER BY/LIMIT inside it stay legal and column types line up.
  const parts: SqlFragment[] = queries.map((query, k) => {
    // An escape-hatch query returns (seg, value, n); only cohorts have excluded members.
    const excluded = query.leaf.kind === 'sql' ? sql`0` : sql`CAST(p.excluded AS BIGINT)`;
    return sql`SELECT ${sql.raw(String(k))} AS k, CAST(p.seg AS TEXT) AS seg, CAST(p.value AS DOUBLE PRECISION) AS value,
      CAST(p.n AS BIGINT) AS n, ${excluded} AS excluded FROM (${compileLeaf(driver.dialect, query)}) p`;
  });
  let rows: LeafRow[];
  try {
    rows = await driver.query<LeafRow>(sql.join(parts, ' UNION ALL '));
  } catch (error) {
    if (queries.length === 1) return [error as Error];
    // One broken query (an escape hatch) must not take the others down: run them one by one.
    return (await Promise.all(queries.map((query) => runLeaves(driver, [query])))).map((result) => result[0]!);
  }
  const points = queries.map(() => new Map<string, Point>());
  for (const row of rows) {
    points[Number(row.k)]!.set(row.seg ?? TOTAL, {
      value: row.value === null ? null : Number(row.value),
      n: Number(row.n ?? 0),
      excluded: Number(row.excluded ?? 0),
    });
  }
  return queries.map((query, k) => ({
    points: points[k]!,
    empty: { value: emptyValueOf(query.leaf), n: 0, excluded: 0 },
  }));
}
