/**
 * PostgreSQL compares session hashes byte by byte (collation "C"), whatever the database's locale:
 * every lookup, join and GROUP BY on them is cheaper (the migration 20261203080000 says how much).
 * Hex digests sort the same either way, so no answer changes. SQLite compares text byte by byte already.
 */
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { sql } from '../../src/sql/fragment.js';

describe('session hashes', () => {
  it.skipIf(db.dialect !== 'postgresql')('every session_hash column of PostgreSQL is collated "C"', async () => {
    const columns = await db.sql.query<{ table_name: string; collation_name: string | null }>(
      sql`SELECT table_name, collation_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'session_hash' ORDER BY table_name`,
    );
    expect(columns).toEqual(
      ['deleted_sessions', 'session_days', 'session_first_seen', 'session_hours', 'survey_responses', 'telemetry_events'].map((table_name) => ({ table_name, collation_name: 'C' })),
    );
  });
});
