/**
 * Who may call what: the one table of scopes per root field and per HTTP endpoint. ADMIN may call
 * everything. A field not listed takes the safe default: a Query field needs READ, a Mutation field
 * ADMIN, so a new field is never open to INGEST tokens (which every CLI install carries) by accident.
 *
 * Adding a field that INGEST or READ tokens must reach: list it here, and test/security/scopes.test.ts
 * checks it for every scope.
 */
import type { Scope } from '../privacy/tokens.js';

/** Scopes that may call a field besides ADMIN. */
type Allowed = readonly Exclude<Scope, 'ADMIN'>[];

export const FIELD_ACCESS = {
  Query: {
    telemetryPolicy: ['INGEST', 'READ'],
    exportSessionData: ['INGEST'],
    ingestionStats: ['READ'],
    metric: ['READ'],
    metrics: ['READ'],
    metricDefinitions: ['READ'],
  },
  Mutation: {
    ingestEvents: ['INGEST'],
    submitSurveyResponses: ['INGEST'],
    deleteSessionData: ['INGEST'],
    // Listed to say so, though the default says it too: admin only.
    recordSafetyAudits: [],
    recordGauges: [],
    recordSubscriptionEvents: [],
    purgeExpiredData: [],
  },
} as const satisfies Record<'Query' | 'Mutation', Record<string, Allowed>>;

/** Unlisted fields: any Query field is a read, anything else (mutations, subscriptions) is admin. */
export const DEFAULT_ACCESS = { Query: ['READ'], Mutation: [], Subscription: [] } as const satisfies Record<string, Allowed>;

/**
 * Endpoints outside /graphql, by exact path or by a prefix ending in `/*`. /health and /live are
 * open (they tell nothing but up or down).
 */
export const HTTP_ACCESS = {
  // A session's own records (use-export-download.ts).
  '/export': ['INGEST'],
  // A metric as CSV (use-metric-csv.ts): the read API in another shape.
  '/export/metrics/*': ['READ'],
} as const satisfies Record<string, Allowed>;

export const PUBLIC_PATHS: readonly string[] = ['/health', '/live'];

export type RootType = keyof typeof DEFAULT_ACCESS;

/**
 * The scopes that may call `field` of `type` (ADMIN always included). `__typename` is open to every
 * token; introspection (`__schema`, `__type`) is for READ and ADMIN: it describes every field to
 * whoever holds the INGEST token that every CLI install carries.
 */
export function scopesFor(type: RootType, field: string): readonly Scope[] {
  if (field === '__typename') return ['INGEST', 'READ', 'ADMIN'];
  if (field.startsWith('__')) return ['READ', 'ADMIN'];
  const listed = (FIELD_ACCESS as Record<string, Record<string, Allowed> | undefined>)[type]?.[field];
  return [...(listed ?? DEFAULT_ACCESS[type]), 'ADMIN'];
}

export function scopesForPath(path: string): readonly Scope[] {
  const table = HTTP_ACCESS as Record<string, Allowed>;
  const prefix = Object.keys(table).find((pattern) => pattern.endsWith('/*') && path.startsWith(pattern.slice(0, -1)));
  return [...(table[path] ?? (prefix ? table[prefix] : undefined) ?? []), 'ADMIN'];
}
