/**
 * Warms the query engine at start, in the background: each dashboard of the catalogue is computed
 * over its review window (what the web page opens first), `rounds` times, through the same schema
 * and engine as a request. A fresh server's first requests are slow (README, "How queries are
 * answered"): each read worker's first runs of a statement fill its page cache and grow its
 * thread's allocator, and V8 has not compiled the server's code yet. Two rounds by default, so
 * that both read workers run most statements. Panels only: alert states are read through Prisma's
 * client, which a server never asked for them does not load. Answers are thrown away.
 */
import { execute, parse } from 'graphql';
import type { Context } from '../builder.js';
import { dashboards } from '../dashboards/catalogue.js';
import { schema } from '../schema/index.js';

const WARM_UP_QUERY = parse(`query WarmUp($id: ID!) {
  dashboard(id: $id) {
    panels {
      result { value previousValue change status }
      segments { key value status }
      series { start value partial }
      previousSeries { start value }
    }
  }
}`);

export interface WarmUpSummary {
  requests: number;
  ms: number;
  /** Distinct error messages, by dashboard: a database that is away fails every round alike. */
  errors: string[];
  /** Cut short by a shutdown (whose closing of the database fails the request under way). */
  stopped: boolean;
}

export async function warmUp(options: { rounds: number; stopping: () => boolean }): Promise<WarmUpSummary> {
  const started = performance.now();
  const errors = new Set<string>();
  let requests = 0;
  const summary = (stopped: boolean) => ({ requests, ms: performance.now() - started, errors: [...errors], stopped });
  for (let round = 0; round < options.rounds; round++) {
    for (const dashboard of dashboards) {
      if (options.stopping()) return summary(true);
      const contextValue: Context = { loaders: new Map() };
      const answer = await execute({ schema, document: WARM_UP_QUERY, variableValues: { id: dashboard.id }, contextValue });
      requests++;
      if (options.stopping()) return summary(true);
      for (const error of answer.errors ?? []) errors.add(`${dashboard.id}: ${error.message}`);
    }
  }
  return summary(false);
}
