/**
 * Evaluates formulas. Leaves are compiled to SQL; every leaf asked for within one tick, or by work
 * waiting for a turn of the server's thread (inTurn; all the fields, metrics, windows and segments
 * of a GraphQL request), is collected by a dataloader, and
 * each distinct leaf (by structure, not by object) with each segment is computed once, over all
 * its windows, in one grouped statement; leaves that share their work (p50, p95 and p99 of one
 * latency) in one statement together. The statements of a batch run concurrently. Combinators
 * work on the aggregated rows, never on records.
 */
import DataLoader from 'dataloader';
import { logger } from '../logger.js';
import type { Formula } from '../registry/define-metric.js';
import type { SqlReader } from '../sql/read-pool.js';
import { compileFamily, compileLeaf, familyKey, type CompiledLeaf, type QuerySource } from './compile-leaf.js';
import { emptyValueOf, isLeaf, type Filter, type LeafBatch, type LeafFormula } from './leaf-sql.js';
import { stableJson } from './stable-json.js';
import { takeTurn } from './turns.js';
import { windowDays, type TimeWindow } from './window.js';
import { DAY_MS } from './windows-sql.js';

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
  /** The tables that answered its leaves (a rollup, or raw records). */
  tables: readonly string[];
}

/** The map key of the unsegmented total. */
export const TOTAL = '';

export function pointOf(evaluation: Evaluation, key: string): Point {
  return evaluation.points.get(key) ?? evaluation.empty;
}

/** How metric references are resolved. */
export type FormulaOf = (metricId: string) => Formula;

export interface Evaluator {
  /** The formula over the window, split by one dimension or not, and kept to `filter` (by default, everything). */
  evaluate(formula: Formula, window: TimeWindow, segmentBy: string | null, filter?: Filter): Promise<Evaluation>;
  /**
   * Runs `work`, which asks this evaluator for values, in a turn of the server's thread (turns.ts).
   * The leaves of every work waiting for a turn are still planned together, in one batch.
   */
  inTurn<T>(work: () => Promise<T>): Promise<T>;
  readonly now: Date;
}

interface LeafRequest {
  leaf: LeafFormula;
  window: TimeWindow;
  segmentBy: string | null;
  filter: Filter;
}

/** SQLite's compound-select limit is 500: an escape hatch's windows go out in parts of this many. */
const ESCAPE_HATCH_WINDOWS_PER_STATEMENT = 200;

export function createEvaluator(options: { driver: Pick<SqlReader, 'dialect' | 'query'>; formulaOf: FormulaOf; now?: Date; source?: QuerySource }): Evaluator {
  const { driver, formulaOf } = options;
  const now = options.now ?? new Date();
  const source = options.source ?? 'rollups';
  const keysOf = leafKeys();
  const structureOf = (leaf: LeafFormula) => keysOf(leaf).structure;
  const filterKey = (r: LeafRequest) => `|${Object.keys(r.filter).length === 0 ? '' : stableJson(r.filter)}`;
  const segmentAndFilter = (r: LeafRequest) => `|${r.segmentBy ?? ''}${filterKey(r)}`;
  // Leaves one statement computes together (compile-leaf.ts, familyKey) share a group; those that
  // split by their own value (a state field's) whether split or not, since the split costs nothing.
  const groupKey = (r: LeafRequest) => keysOf(r.leaf).family + (splitsByOwnValue(r.leaf) ? filterKey(r) : segmentAndFilter(r));
  // Work waiting for a turn (inTurn) asks for its leaves once let in: until none waits, the batch
  // stays open, so that a request's leaves are grouped into as few statements as in one stretch.
  let waitingForTurn = 0;
  let dispatchWhenLetIn: (() => void) | null = null;
  // Dataloader's own schedule: after the promise jobs of the tick that asked.
  const afterPromiseJobs = (callback: () => void) => void Promise.resolve().then(() => process.nextTick(callback));
  const loader = new DataLoader<LeafRequest, Evaluation, string>(
    async (requests) => {
      const answers = new Map<LeafRequest, Evaluation | Error>();
      const running: Promise<void>[] = [];
      for (const group of groupBy(requests, groupKey).values()) {
        // Statements are compiled in turns, and each runs as soon as it is compiled.
        await takeTurn();
        running.push(evaluateFamily(driver, group, structureOf, now, source).then((results) => group.forEach((request, i) => answers.set(request, results[i]!))));
      }
      await Promise.all(running);
      return requests.map((request) => answers.get(request)!);
    },
    {
      cacheKeyFn: (r) => `${structureOf(r.leaf)}${segmentAndFilter(r)}|${r.window.from.getTime()}|${r.window.to.getTime()}`,
      batchScheduleFn: (dispatch) => afterPromiseJobs(() => (waitingForTurn > 0 ? (dispatchWhenLetIn = dispatch) : dispatch())),
    },
  );

  async function inTurn<T>(work: () => Promise<T>): Promise<T> {
    waitingForTurn++;
    await takeTurn(); // never rejects
    waitingForTurn--;
    try {
      return work();
    } finally {
      // Once the last work waiting has asked for its leaves (or thrown), the batch goes out.
      if (waitingForTurn === 0 && dispatchWhenLetIn) {
        afterPromiseJobs(dispatchWhenLetIn);
        dispatchWhenLetIn = null;
      }
    }
  }

  async function evaluate(formula: Formula, window: TimeWindow, segmentBy: string | null, filter: Filter = {}): Promise<Evaluation> {
    if (isLeaf(formula)) return loader.load({ leaf: formula, window: readWindow(formula, window), segmentBy, filter });
    switch (formula.kind) {
      case 'metric':
        return evaluate(formulaOf(formula.id), window, segmentBy, filter);
      case 'ratio': {
        // Split or filtered by a whole-denominator dimension, each value is divided by the whole.
        const wholeFor = new Set(formula.wholeDenominatorFor ?? []);
        const whole = segmentBy !== null && wholeFor.has(segmentBy);
        const denominatorFilter = Object.fromEntries(Object.entries(filter).filter(([dimension]) => !wholeFor.has(dimension)));
        const [numerator, denominator] = await Promise.all([
          evaluate(formula.numerator, window, segmentBy, filter),
          evaluate(formula.denominator, window, whole ? null : segmentBy, denominatorFilter).then((d) => (whole ? broadcast(d) : d)),
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
          evaluate(formula.left, window, segmentBy, filter),
          evaluate(formula.right, window, segmentBy, filter),
        ]);
        return combine(left, right, (l, r) => ({
          value: l.value === null || r.value === null ? null : arithmetic(formula.op, l.value, r.value),
          n: Math.min(l.n, r.n),
          excluded: Math.max(l.excluded, r.excluded),
        }));
      }
      case 'share': {
        const base = await evaluate(formula.base, window, formula.of, filter);
        const total = [...base.points.values()].reduce((sum, p) => sum + (p.value ?? 0), 0);
        const share = (p: Point): Point => ({ value: total === 0 ? null : (p.value ?? 0) / total, n: total, excluded: p.excluded });
        const shares = new Map([...base.points].map(([key, p]) => [key, share(p)]));
        const empty = { value: total === 0 ? null : 0, n: total, excluded: 0 };
        if (segmentBy === formula.of) return { points: shares, empty, tables: base.tables };
        const headline = formula.headline === undefined ? { value: null, n: total, excluded: 0 } : (shares.get(formula.headline) ?? empty);
        return { points: new Map([[TOTAL, headline]]), empty, tables: base.tables };
      }
    }
  }

  return { evaluate, inTurn, now };
}

/**
 * A leaf's `structure`, equal for leaves of equal structure: plugins are data, so two metrics that
 * both count COMMAND_GENERATED events share one computation; and its `family` (compile-leaf.ts,
 * familyKey), else its structure. An escape hatch's functions do not serialize: it is keyed by
 * identity. Worked out once per leaf object: a request asks for the same leaves thousands of times.
 */
function leafKeys(): (leaf: LeafFormula) => { structure: string; family: string } {
  const keys = new WeakMap<LeafFormula, { structure: string; family: string }>();
  let hatches = 0;
  return (leaf) => {
    let known = keys.get(leaf);
    if (!known) {
      const structure = leaf.kind === 'sql' ? `sql#${++hatches}` : stableJson(leaf);
      known = { structure, family: familyKey(leaf) ?? structure };
      keys.set(leaf, known);
    }
    return known;
  };
}

/**
 * The window a leaf reads: a rolling count reads the days before the window's end, whatever its
 * start, so that windows ending together (a series' last bucket and the window itself) are one.
 */
function readWindow(leaf: LeafFormula, window: TimeWindow): TimeWindow {
  return leaf.kind === 'rollingActive' ? { from: new Date(window.to.getTime() - leaf.days * DAY_MS), to: window.to } : window;
}

/**
 * A session-state leaf is split by its own field's value or not at all, and both come from the same
 * latest values: its statement serves the two at once (rollupSessionStates).
 */
const splitsByOwnValue = (leaf: LeafFormula) => leaf.kind === 'sessionState';

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
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
  return { points: new Map(), empty: pointOf(total, TOTAL), tables: total.tables };
}

function combine(left: Evaluation, right: Evaluation, merge: (l: Point, r: Point) => Point): Evaluation {
  const keys = new Set([...left.points.keys(), ...right.points.keys()]);
  return {
    points: new Map([...keys].map((key) => [key, merge(pointOf(left, key), pointOf(right, key))])),
    empty: merge(left.empty, right.empty),
    tables: [...new Set([...left.tables, ...right.tables])],
  };
}

interface LeafRow {
  /** The leaf's position in its family's statement (compileFamily). */
  i?: number | string;
  k: number | string;
  seg: string | null;
  value: number | string | null;
  n: number | string | null;
  excluded: number | string | null;
}

const windowKey = (w: TimeWindow) => `${w.from.getTime()}|${w.to.getTime()}`;
const distinctWindows = (group: readonly LeafRequest[]) => [...new Map(group.map((r) => [windowKey(r.window), r.window])).values()];
/** Whether every member (the requests of one leaf) asks the same windows. */
const sameWindows = (members: readonly (readonly LeafRequest[])[]) => {
  const [first, ...rest] = members.map((requests) => distinctWindows(requests).map(windowKey).sort().join());
  return rest.every((set) => set === first);
};

/**
 * Requests of one family and segment: in one statement when its leaves differ and a rollup
 * computes them together, else each leaf on its own (evaluateGroup).
 */
async function evaluateFamily(
  driver: Pick<SqlReader, 'dialect' | 'query'>,
  group: readonly LeafRequest[],
  structureOf: (leaf: LeafFormula) => string,
  now: Date,
  source: QuerySource,
): Promise<(Evaluation | Error)[]> {
  // A member: the requests of one leaf and split (a group holds one split, but for splitsByOwnValue).
  const members = [...groupBy(group, (request) => `${structureOf(request.leaf)}|${request.segmentBy ?? ''}`).values()];
  const { segmentBy, filter } = group[0]!;
  const windows = distinctWindows(group);
  const windowIndex = new Map(windows.map((w, i) => [windowKey(w), i]));
  const batch: LeafBatch = { leaf: group[0]!.leaf, windows, segmentBy, filter, now };
  // A family's statement computes each leaf over every window of the group: leaves asked over
  // different windows (cohorts each shifted to their latest finished cohort) are computed apart;
  // not session states, whose latest values are looked up for every window of the statement anyway.
  const family =
    members.length > 1 && (splitsByOwnValue(batch.leaf) || sameWindows(members))
      ? compileFamily(driver.dialect, members.map((m) => ({ leaf: m[0]!.leaf, segmentBy: m[0]!.segmentBy })), batch, source)
      : null;
  const answers = new Map<LeafRequest, Evaluation | Error>();
  if (family) {
    try {
      const rows = await run(driver, family, members[0]![0]!.leaf, batch);
      members.forEach((requests, i) => {
        const byWindow = pointsByWindow(family, windows, rows.filter((row) => Number(row.i) === i));
        const empty = { value: emptyValueOf(requests[0]!.leaf), n: 0, excluded: 0 };
        for (const request of requests) answers.set(request, { points: byWindow[windowIndex.get(windowKey(request.window))!]!, empty, tables: family.tables });
      });
    } catch (error) {
      for (const request of group) answers.set(request, error as Error);
    }
  } else {
    await Promise.all(
      members.map(async (requests) => {
        const results = await evaluateGroup(driver, requests, now, source);
        requests.forEach((request, i) => answers.set(request, results[i]!));
      }),
    );
  }
  return group.map((request) => answers.get(request)!);
}

/** Runs a compiled statement, with its `leaf` debug line. */
async function run(driver: Pick<SqlReader, 'dialect' | 'query'>, compiled: CompiledLeaf, leaf: LeafFormula, batch: LeafBatch): Promise<LeafRow[]> {
  const started = performance.now();
  const rows = await driver.query<LeafRow>(compiled.query);
  logger.debug(
    { leaf: leaf.kind, segmentBy: batch.segmentBy, windows: batch.windows.length, tables: compiled.tables, rows: rows.length, ms: Math.round(performance.now() - started) },
    'leaf',
  );
  return rows;
}

/** One leaf and segment over the distinct windows of its requests: one statement (or a few, for an escape hatch). */
async function evaluateGroup(driver: Pick<SqlReader, 'dialect' | 'query'>, group: readonly LeafRequest[], now: Date, source: QuerySource): Promise<(Evaluation | Error)[]> {
  const { leaf, segmentBy, filter } = group[0]!;
  const windows = distinctWindows(group);
  const parts = leaf.kind === 'sql' ? chunk(windows, ESCAPE_HATCH_WINDOWS_PER_STATEMENT) : [windows];
  let byWindow: Map<string, Map<string, Point>>;
  let tables: readonly string[] = [];
  try {
    byWindow = new Map();
    await Promise.all(
      parts.map(async (part) => {
        const batch: LeafBatch = { leaf, windows: part, segmentBy, filter, now };
        const compiled = compileLeaf(driver.dialect, batch, source);
        tables = compiled.tables;
        const rows = await run(driver, compiled, leaf, batch);
        pointsByWindow(compiled, part, rows).forEach((points, i) => byWindow.set(windowKey(part[i]!), points));
      }),
    );
  } catch (error) {
    return group.map(() => error as Error);
  }
  const empty = { value: emptyValueOf(leaf), n: 0, excluded: 0 };
  return group.map((request) => ({ points: byWindow.get(windowKey(request.window))!, empty, tables }));
}

/** The rows of a statement as one point map per window, running sums applied for cumulative leaves. */
function pointsByWindow(compiled: CompiledLeaf, windows: readonly TimeWindow[], rows: readonly LeafRow[]): Map<string, Point>[] {
  const perK = new Map<number, Map<string, Point>>();
  for (const row of rows) {
    const k = Number(row.k);
    if (!perK.has(k)) perK.set(k, new Map());
    perK.get(k)!.set(row.seg ?? TOTAL, {
      value: row.value === null ? null : Number(row.value),
      n: Number(row.n ?? 0),
      excluded: Number(row.excluded ?? 0),
    });
  }
  if (!compiled.cumulative) return windows.map((_, k) => perK.get(k) ?? new Map());
  // Counts per slice: each window's value is the sum over the slices up to its end's.
  const running: Map<string, Point>[] = [];
  const slices = Math.max(-1, ...compiled.cumulative) + 1;
  for (let slice = 0; slice < slices; slice++) {
    const sum = new Map(running[slice - 1] ?? []);
    for (const [seg, point] of perK.get(slice) ?? []) {
      const before = sum.get(seg);
      sum.set(seg, { value: (before?.value ?? 0) + (point.value ?? 0), n: (before?.n ?? 0) + point.n, excluded: 0 });
    }
    running.push(sum);
  }
  return compiled.cumulative.map((slice) => running[slice]!);
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}
