/**
 * The server's warm-up at start (src/server/warm-up.ts): every dashboard of the catalogue over its
 * review window, once per round, through the same schema and engine as a request, and it stops
 * as soon as the server does.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/db.js';
import { warmUp } from '../../src/server/warm-up.js';

const RECORD_TABLES = /\b(telemetry_events|survey_responses|safety_audits|gauge_observations|subscription_events|\w+_days|\w+_hours|session_first_seen)\b/;

describe('query engine warm-up (#9)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('computes each dashboard over its review window, once per round: the statements of the four dashboards, twice', async () => {
    const spy = vi.spyOn(db.reads, 'query');
    const result = await warmUp({ rounds: 2, stopped: () => false });
    expect(result.errors).toEqual([]);
    expect(result.requests).toBe(8);
    // test/dashboards/dashboards.test.ts counts each dashboard over its default window:
    // growth 8, engagement 4, quality 10, satisfaction 11 statements that read records.
    const reads = spy.mock.calls.filter(([query]) => RECORD_TABLES.test(query.render(db.dialect).text)).length;
    expect(reads).toBe(2 * (8 + 4 + 10 + 11));
  });

  it('stops between dashboards once the server is stopping', async () => {
    let asked = 0;
    const result = await warmUp({ rounds: 2, stopped: () => asked++ > 0 });
    expect(result.requests).toBe(1);
  });
});
