/**
 * Deletion of one consent session's records, by the keyed hash of the id the client presents: its
 * events and survey answers, its first-seen record and its share of every rollup, in one transaction
 * with its receipt and the session's tombstone.
 * - The receipt says when and how much, and nothing else: no session id, no hash, and a time rounded
 *   down to the second, so it cannot be joined back to the session. Deleting a session that has
 *   nothing stored writes none (a receipt per guessed id would be a table anyone can fill).
 * - The tombstone is the keyed hash alone (deleted_sessions), kept so that the session stays deleted:
 *   ingestion refuses its later records with SESSION_DELETED (a client retrying an old batch, or
 *   one sent before the deletion that arrives after it).
 */
import { randomUUID } from 'node:crypto';
import { markDataChanged } from '../caching/data-version.js';
import { FIRST_SEEN_TABLE } from '../rollups/definitions.js';
import { beforeRemove, eventsOfSession } from '../rollups/maintain.js';
import type { SqlDriver, SqlExecutor } from '../sql/driver.js';
import { sql } from '../sql/fragment.js';
import type { SessionCounts } from './export.js';

export interface DeletionReceipt extends SessionCounts {
  id: string;
  deletedAt: Date;
}

/** Deletes the session's records and tombstones it; the receipt, or null when nothing was stored. */
export async function deleteSession(driver: SqlDriver, sessionHash: string, now = new Date()): Promise<DeletionReceipt | null> {
  const id = randomUUID();
  const deletedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const events = sql`SELECT 1 FROM telemetry_events WHERE session_hash = ${sessionHash}`;
  const surveys = sql`SELECT 1 FROM survey_responses WHERE session_hash = ${sessionHash}`;
  const changed = await driver.transaction([
    // Counted before the deletes, in the same transaction: the receipt says what they removed.
    sql`INSERT INTO deletion_receipts (id, deleted_at, telemetry_events, survey_responses)
      SELECT ${id}, ${deletedAt}, (SELECT COUNT(*) FROM telemetry_events WHERE session_hash = ${sessionHash}),
        (SELECT COUNT(*) FROM survey_responses WHERE session_hash = ${sessionHash})
      WHERE EXISTS (${events}) OR EXISTS (${surveys})`,
    sql`INSERT INTO deleted_sessions (session_hash) VALUES (${sessionHash}) ON CONFLICT DO NOTHING`,
    ...beforeRemove(driver.dialect, eventsOfSession(sessionHash)),
    sql`DELETE FROM ${sql.raw(FIRST_SEEN_TABLE)} WHERE session_hash = ${sessionHash}`,
    sql`DELETE FROM telemetry_events WHERE session_hash = ${sessionHash}`,
    sql`DELETE FROM survey_responses WHERE session_hash = ${sessionHash}`,
  ]);
  if (changed[0] === 0) return null;
  markDataChanged();
  const [telemetryEvents, surveyResponses] = changed.slice(-2) as [number, number];
  return { id, deletedAt, telemetryEvents, surveyResponses };
}

/** Which of `sessionHashes` belong to deleted sessions. */
export async function deletedSessionsAmong(db: SqlExecutor, sessionHashes: readonly string[]): Promise<Set<string>> {
  if (sessionHashes.length === 0) return new Set();
  const rows = await db.query<{ session_hash: string }>(
    sql`SELECT session_hash FROM deleted_sessions WHERE session_hash IN (${sql.join(sessionHashes.map((hash) => sql`${hash}`))})`,
  );
  return new Set(rows.map((row) => row.session_hash));
}
