/**
 * SQL pieces every leaf compiler shares: conditions on fields, segment keys, grouping. They read
 * columns by their ingestion-contract names (src/registry/sources.ts), so the same piece works on a
 * raw table and on a rollup, whose dimension columns carry the raw columns' names.
 */
import type {
  CohortFormula,
  EngagedSessionsFormula,
  FieldCondition,
  Formula,
  GaugeFormula,
  MeasureFormula,
  NewSessionsFormula,
  RollingActiveFormula,
  SessionStateFormula,
  SqlFormula,
  SubscriptionFormula,
  Where,
} from '../registry/define-metric.js';
import { BOOLEAN_FIELDS, columnOf, type SourceName } from '../registry/sources.js';
import { sql, type SqlFragment } from '../sql/fragment.js';
import type { TimeWindow } from './window.js';

export type LeafFormula =
  | MeasureFormula
  | RollingActiveFormula
  | NewSessionsFormula
  | CohortFormula
  | EngagedSessionsFormula
  | SessionStateFormula
  | GaugeFormula
  | SubscriptionFormula
  | SqlFormula;

const LEAF_KINDS = new Set(['measure', 'rollingActive', 'newSessions', 'cohort', 'engagedSessions', 'sessionState', 'gauge', 'subscriptions', 'sql']);

export function isLeaf(formula: Formula): formula is LeafFormula {
  return LEAF_KINDS.has(formula.kind);
}

/** One leaf over every window asked for in one tick, split or not by one segment. */
export interface LeafBatch {
  leaf: LeafFormula;
  windows: readonly TimeWindow[];
  segmentBy: string | null;
  /** Cohort periods ending after this are not over yet. */
  now: Date;
}

/** Count-like leaves are 0, not "no data", over no records. */
export function emptyValueOf(leaf: LeafFormula): number | null {
  switch (leaf.kind) {
    case 'measure':
      return leaf.aggregate === 'count' || leaf.aggregate === 'countSessions' ? 0 : null;
    case 'rollingActive':
    case 'newSessions':
    case 'engagedSessions':
    case 'sessionState':
    case 'subscriptions':
      return 0;
    default:
      return null;
  }
}

export const col = (source: SourceName, field: string, alias = ''): SqlFragment => sql.raw(`${alias}${columnOf(source, field)!}`);

/** A column as a segment key: text, with booleans as 'true'/'false' on both databases. */
export function segmentKey(source: SourceName, field: string, alias = ''): SqlFragment {
  const column = col(source, field, alias);
  return BOOLEAN_FIELDS.has(field)
    ? sql`CASE WHEN ${column} IS NULL THEN NULL WHEN ${column} THEN 'true' ELSE 'false' END`
    : sql`CAST(${column} AS TEXT)`;
}

export function condition(column: SqlFragment, test: FieldCondition): SqlFragment[] {
  if (Array.isArray(test)) return [sql`${column} IN (${sql.join(test.map((v) => sql`${v}`))})`];
  if (typeof test !== 'object' || test === null) return [sql`${column} = ${test as string | number | boolean}`];
  const parts: SqlFragment[] = [];
  const t = test as Exclude<FieldCondition, string | number | boolean | readonly unknown[]>;
  if (t.gte !== undefined) parts.push(sql`${column} >= ${t.gte}`);
  if (t.gt !== undefined) parts.push(sql`${column} > ${t.gt}`);
  if (t.lte !== undefined) parts.push(sql`${column} <= ${t.lte}`);
  if (t.lt !== undefined) parts.push(sql`${column} < ${t.lt}`);
  if (t.notNull) parts.push(sql`${column} IS NOT NULL`);
  if (t.not !== undefined) {
    const values = Array.isArray(t.not) ? t.not : [t.not];
    parts.push(sql`${column} NOT IN (${sql.join(values.map((v) => sql`${v}`))})`);
  }
  return parts;
}

export function whereClauses(source: SourceName, where: Where | undefined, alias = ''): SqlFragment[] {
  return Object.entries(where ?? {}).flatMap(([field, test]) =>
    test === undefined ? [] : condition(col(source, field, alias), test as FieldCondition),
  );
}

export const and = (parts: readonly SqlFragment[]) => (parts.length === 0 ? sql`TRUE` : sql.join(parts, ' AND '));

/** The segment column (or NULL) and the filter that keeps only records that have one. */
export function segmentOf(source: SourceName, segmentBy: string | null, alias = ''): { seg: SqlFragment; filter: SqlFragment[] } {
  if (segmentBy === null) return { seg: sql`NULL`, filter: [] };
  return { seg: segmentKey(source, segmentBy, alias), filter: [sql`${col(source, segmentBy, alias)} IS NOT NULL`] };
}
