/**
 * Compiles one leaf over its windows into one statement: from the smallest rollup that answers it
 * exactly (src/query-engine/rollup-leaves.ts), else from the raw records (raw-leaves.ts). Gauges,
 * subscriptions and surveys have no rollup: their tables are small.
 */
import type { Dialect } from '../env.js';
import type { CohortFormula, EngagedSessionsFormula, MeasureFormula, SessionStateFormula, SqlFormula, Where } from '../registry/define-metric.js';
import { sql } from '../sql/fragment.js';
import { FilterError, type LeafBatch, type LeafFormula } from './leaf-sql.js';
import {
  gaugeLeaf,
  rawCohort,
  rawEngagedSessions,
  rawMeasure,
  rawNewSessions,
  rawRollingActive,
  rawSessionState,
  subscriptionsLeaf,
  type CompiledLeaf,
} from './raw-leaves.js';
import {
  matchRollup,
  rollupCohorts,
  rollupCounts,
  rollupEngagedSessions,
  rollupMeasure,
  rollupNewSessions,
  rollupPercentiles,
  rollupRollingActive,
  rollupSessionStates,
  rollupStats,
} from './rollup-leaves.js';
import { stableJson } from './stable-json.js';

export type { CompiledLeaf };

/** Where leaves are read from: rollups where one answers exactly (the default), or raw records only. */
export type QuerySource = 'rollups' | 'raw';

export function compileLeaf(dialect: Dialect, batch: LeafBatch, source: QuerySource): CompiledLeaf {
  return (source === 'rollups' ? fromRollups(dialect, batch) : null) ?? fromRaw(dialect, batch);
}

/** Aggregates a rollup's stats columns answer (rollupStats). */
const STATS = new Set(['sum', 'avg', 'min', 'max']);

/**
 * Leaves that one statement computes together, sharing its work, have the same family key:
 * percentiles of the same values (p50, p95 and p99 of one latency: one ranking) and engaged
 * sessions with and without a survey answer (one running count), the latest values of state fields
 * (one set of active sessions), sums, averages, minima and maxima over the same events (one
 * pass over a rollup's stats columns), counts of events that one rollup answers (one pass over
 * its rows), and cohorts (one set of members, joined to the windows once). Other leaves have none.
 */
export function familyKey(leaf: LeafFormula): string | null {
  if (leaf.kind === 'measure' && leaf.aggregate === 'percentile') return stableJson({ ...leaf, percentile: null });
  if (leaf.kind === 'measure' && STATS.has(leaf.aggregate)) return stableJson({ stats: leaf.source, where: leaf.where ?? null });
  if (leaf.kind === 'measure' && leaf.aggregate === 'count' && leaf.source === 'events') {
    const rollup = matchRollup(leaf.where as Where<'events'> | undefined, [])?.rollup.table;
    return rollup ? stableJson({ counts: rollup }) : null;
  }
  if (leaf.kind === 'engagedSessions') return stableJson({ ...leaf, answeredSurvey: null });
  if (leaf.kind === 'sessionState') return 'sessionState';
  if (leaf.kind === 'cohort') return 'cohort';
  return null;
}

/**
 * Leaves of one family (familyKey), each over every window of the batch, in one statement whose
 * rows carry `i`, the member's position in `members`; null when a rollup cannot answer them (each
 * is then compiled alone). Every member has the batch's split, except session states (each split
 * or not: evaluate.ts, splitsByOwnValue).
 */
export function compileFamily(
  dialect: Dialect,
  members: readonly { leaf: LeafFormula; segmentBy: string | null }[],
  batch: LeafBatch,
  source: QuerySource,
): CompiledLeaf | null {
  if (source !== 'rollups') return null;
  const leaves = members.map((member) => member.leaf);
  const first = leaves[0]!;
  if (first.kind === 'measure' && first.aggregate === 'percentile') return rollupPercentiles(dialect, first, batch, (leaves as MeasureFormula[]).map((leaf) => leaf.percentile ?? 50));
  if (first.kind === 'measure' && first.aggregate === 'count') return rollupCounts(dialect, leaves as MeasureFormula[], batch);
  if (first.kind === 'measure') return first.source === 'events' ? rollupStats(dialect, leaves as MeasureFormula[], batch) : null;
  if (first.kind === 'engagedSessions') return rollupEngagedSessions(dialect, leaves as EngagedSessionsFormula[], batch);
  if (first.kind === 'sessionState') {
    return rollupSessionStates(dialect, members.map((member) => ({ leaf: member.leaf as SessionStateFormula, split: member.segmentBy !== null })), batch);
  }
  if (first.kind === 'cohort') return rollupCohorts(dialect, leaves as CohortFormula[], batch);
  return null;
}

/** The leaf from the smallest rollup that answers it exactly, or null when none does. */
function fromRollups(dialect: Dialect, batch: LeafBatch): CompiledLeaf | null {
  const { leaf } = batch;
  switch (leaf.kind) {
    case 'measure':
      return rollupMeasure(dialect, leaf, batch);
    case 'rollingActive':
      return rollupRollingActive(dialect, leaf, batch);
    case 'newSessions':
      return rollupNewSessions(dialect, leaf, batch);
    case 'cohort':
      return rollupCohorts(dialect, [leaf], batch);
    case 'engagedSessions':
      return rollupEngagedSessions(dialect, [leaf], batch);
    case 'sessionState':
      return rollupSessionStates(dialect, [{ leaf, split: batch.segmentBy !== null }], batch);
    default:
      return null;
  }
}

function fromRaw(dialect: Dialect, batch: LeafBatch): CompiledLeaf {
  const { leaf } = batch;
  switch (leaf.kind) {
    case 'measure':
      return rawMeasure(dialect, leaf, batch);
    case 'rollingActive':
      return rawRollingActive(dialect, leaf, batch);
    case 'newSessions':
      return rawNewSessions(dialect, leaf, batch);
    case 'cohort':
      return rawCohort(dialect, leaf, batch);
    case 'engagedSessions':
      return rawEngagedSessions(dialect, leaf, batch);
    case 'sessionState':
      return rawSessionState(dialect, leaf, batch);
    case 'gauge':
      return gaugeLeaf(dialect, leaf, batch);
    case 'subscriptions':
      return subscriptionsLeaf(dialect, leaf, batch);
    case 'sql':
      return escapeHatch(dialect, leaf, batch);
  }
}

/** The escape hatch's own query, once per window, in one statement. */
function escapeHatch(dialect: Dialect, leaf: SqlFormula, batch: LeafBatch): CompiledLeaf {
  if (Object.keys(batch.filter).length > 0) throw new FilterError('a metric computed by an escape hatch (sql) cannot be filtered');
  const parts = batch.windows.map((window, k) => {
    const query = leaf.query[dialect]({ ...window, now: batch.now, segmentBy: batch.segmentBy });
    // Cast so that the parts of the UNION line up whatever the query's own column types.
    return sql`SELECT ${sql.raw(String(k))} AS k, CAST(p.seg AS TEXT) AS seg, CAST(p.value AS DOUBLE PRECISION) AS value,
      CAST(p.n AS BIGINT) AS n, 0 AS excluded FROM (${query}) p`;
  });
  return { query: sql.join(parts, ' UNION ALL '), tables: ['(escape hatch)'] };
}
