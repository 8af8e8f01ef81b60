/**
 * The server's warm-up at start (src/server/warm-up.ts): every dashboard of the catalogue over its
 * review window, once per round, through the same schema and engine as a request; it stops as soon
 * as the server does, and a request cut by the shutdown is not an error of its own.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dashboards } from '../../src/dashboards/catalogue.js';
import { db } from '../../src/db.js';
import { warmUp } from '../../src/server/warm-up.js';
import { DASHBOARD_STATEMENTS, RECORD_TABLES } from '../support/dashboard-statements.js';

describe('query engine warm-up (#9)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('computes each dashboard over its review window, once per round: the statements of the four dashboards, twice', async () => {
    const spy = vi.spyOn(db.reads, 'query');
    const summary = await warmUp({ rounds: 2, stopping: () => false });
    expect(summary).toMatchObject({ requests: 2 * dashboards.length, errors: [], stopped: false });
    const reads = spy.mock.calls.filter(([query]) => RECORD_TABLES.test(query.render(db.dialect).text)).length;
    const perRound = Object.values(DASHBOARD_STATEMENTS).reduce((sum, n) => sum + n, 0);
    expect(reads).toBe(2 * perRound);
  });

  it('stops between dashboards once the server is stopping', async () => {
    let asked = 0;
    const summary = await warmUp({ rounds: 2, stopping: () => asked++ > 0 });
    expect(summary).toMatchObject({ requests: 1, stopped: true });
  });

  it('a request failed by the shutdown (the database closed under it) is not reported', async () => {
    let stopping = false;
    vi.spyOn(db.reads, 'query').mockImplementation(async () => {
      stopping = true;
      throw new Error('the read pool is closed');
    });
    const summary = await warmUp({ rounds: 2, stopping: () => stopping });
    expect(summary).toMatchObject({ requests: 1, errors: [], stopped: true });
  });

  it('the errors of a database that fails every request: each once, by dashboard', async () => {
    vi.spyOn(db.reads, 'query').mockRejectedValue(new Error('disk I/O error'));
    const summary = await warmUp({ rounds: 2, stopping: () => false });
    expect(summary.requests).toBe(2 * dashboards.length);
    expect(summary.stopped).toBe(false);
    expect(summary.errors.map((error) => error.split(':')[0]).sort()).toEqual(dashboards.map((d) => d.id).sort());
  });
});
