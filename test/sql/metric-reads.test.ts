/**
 * Nothing waits behind a metric query (#9): on SQLite the query runs in a worker thread, so the
 * server's own thread (ingestion, /live, /health) keeps answering; on both databases a query past
 * QUERY_TIMEOUT_MS is stopped, reported as QUERY_TIMEOUT, and the next query runs normally; a query
 * waiting for a busy connection waits, however long.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, db } from '../../src/db.js';
import { env } from '../../src/env.js';
import { createEvaluator } from '../../src/query-engine/evaluate.js';
import { orQueryError } from '../../src/schema/metrics.js';
import { sql } from '../../src/sql/fragment.js';
import { QueryTimeoutError } from '../../src/sql/read-pool.js';
import { yoga } from '../../src/yoga.js';

/** Seconds of pure computation on either database. */
const slowQuery = (seconds: number) =>
  db.dialect === 'postgresql'
    ? sql`SELECT NULL AS seg, 1 AS value, 1 AS n FROM pg_sleep(${seconds})`
    : sql`WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${Math.round(seconds * 12_000_000)})
          SELECT NULL AS seg, COUNT(*) AS value, 1 AS n FROM c`;

const shortTimeout = createDatabase(env.DATABASE_URL, { queryWorkers: 1, queryTimeoutMs: 300 });
afterAll(() => shortTimeout.close());

describe('nothing waits behind a metric query', () => {
  it.skipIf(db.dialect !== 'sqlite')("a two-second SQLite query leaves the server's thread free: /live answers meanwhile", async () => {
    const longest = { ms: 0 };
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest.ms = Math.max(longest.ms, now - last);
      last = now;
    }, 5);
    try {
      let queryDone = false;
      const running = db.reads.query(slowQuery(2)).then(() => (queryDone = true));
      const live = await yoga.fetch('http://test.local/live');
      // /live was answered while the query still ran, and the thread never stalled for the query's length.
      expect(live.status).toBe(200);
      expect(queryDone).toBe(false);
      await running;
      expect(longest.ms).toBeLessThan(500);
    } finally {
      clearInterval(ticker);
    }
  });

  it('a query past QUERY_TIMEOUT_MS is stopped with QueryTimeoutError, and the next one runs', async () => {
    const started = performance.now();
    await expect(shortTimeout.reads.query(slowQuery(20))).rejects.toBeInstanceOf(QueryTimeoutError);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await shortTimeout.reads.query(sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
  });

  it('queries queued behind busy read connections wait their turn: none is refused for the wait', async () => {
    // A connection timeout shorter than one query: on PostgreSQL the pool would give up on the queued ones.
    const busy = createDatabase(env.DATABASE_URL, { queryWorkers: 1, queryTimeoutMs: 5_000, connectionTimeoutMs: 100 });
    try {
      const answers = await Promise.all([1, 2, 3, 4].map(() => busy.reads.query(slowQuery(0.25))));
      expect(answers.map((rows) => rows.length)).toEqual([1, 1, 1, 1]);
    } finally {
      await busy.close();
    }
  });

  it('through the engine it is reported with the code QUERY_TIMEOUT', async () => {
    const evaluator = createEvaluator({ driver: shortTimeout.reads, formulaOf: () => ({ kind: 'newSessions' }) });
    const hatch = { kind: 'sql', query: { sqlite: () => slowQuery(5), postgresql: () => slowQuery(5) } } as const;
    const window = { from: new Date('2026-01-01'), to: new Date('2026-01-02') };
    await expect(orQueryError(() => evaluator.evaluate(hatch, window, null))).rejects.toMatchObject({
      extensions: { code: 'QUERY_TIMEOUT' },
      message: expect.stringContaining('300 ms'),
    });
  });
});
