/**
 * Empties every table that records, their rollups and deletions write: the start of a suite that
 * shares its database (a metric's fixture, a property run).
 */
import { db } from '../../src/db.js';
import { FIRST_SEEN_TABLE, ROLLUP_TABLES } from '../../src/rollups/definitions.js';
import { sql } from '../../src/sql/fragment.js';

const TABLES = [
  'telemetry_events', 'survey_responses', 'safety_audits', 'gauge_observations', 'subscription_events',
  'deletion_receipts', 'deleted_sessions', FIRST_SEEN_TABLE, ...ROLLUP_TABLES.map((r) => r.table),
];

export async function emptyTables(): Promise<void> {
  for (const table of TABLES) await db.sql.execute(sql`DELETE FROM ${sql.raw(table)}`);
}
