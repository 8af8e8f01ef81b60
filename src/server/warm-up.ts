/**
 * Warms the query engine at start, in the background: each dashboard of the catalogue is computed
 * over its review window (what the web page opens first), `rounds` times. A fresh server answered
 * a dashboard's first requests 2–3 × slower than the next ones (SQLite at 1 M events: the
 * engagement dashboard 150–240 ms, then ~40 ms from the third request on): each read worker's
 * first runs of a statement fill its page cache and grow its thread's allocator, and the server's
 * own code is not yet compiled by V8. Two rounds, so that both read workers have run most
 * statements. Only the panels: alert states are read through Prisma's client, which a server never
 * asked for them does not load (65 MB more peak memory). Answers are thrown away; errors are logged.
 */
import { execute, parse } from 'graphql';
import type { Context } from '../builder.js';
import { dashboards } from '../dashboards/catalogue.js';
import { schema } from '../schema/index.js';

const DASHBOARD = parse(`query WarmUp($id: ID!) {
  dashboard(id: $id) {
    panels {
      result { value previousValue change status }
      segments { key value status }
      series { start value partial }
      previousSeries { start value }
    }
  }
}`);

export interface WarmUpResult {
  requests: number;
  ms: number;
  errors: string[];
}

export async function warmUp(options: { rounds: number; stopped: () => boolean }): Promise<WarmUpResult> {
  const started = performance.now();
  const errors: string[] = [];
  let requests = 0;
  const result = () => ({ requests, ms: performance.now() - started, errors });
  for (let round = 0; round < options.rounds; round++) {
    for (const dashboard of dashboards) {
      if (options.stopped()) return result();
      const contextValue: Context = { loaders: new Map() };
      const answer = await execute({ schema, document: DASHBOARD, variableValues: { id: dashboard.id }, contextValue });
      requests++;
      // A shutdown closes the database under a request: its errors are not the warm-up's.
      if (options.stopped()) return result();
      for (const error of answer.errors ?? []) errors.push(`${dashboard.id}: ${error.message}`);
    }
  }
  return result();
}
