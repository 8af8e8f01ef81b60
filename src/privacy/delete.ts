/**
 * Deletion of one consent session's records, by the keyed hash of the id the client presents: its
 * events and survey answers, its first-seen record and its share of every rollup, in one transaction
 * with its receipt. The receipt says when and how much, and nothing else: no session id, no hash,
 * and a time rounded down to the second, so it cannot be joined back to the session.
 */
import { randomUUID } from 'node:crypto';
import { FIRST_SEEN_TABLE } from '../rollups/definitions.js';
import { beforeRemove, eventsOfSession } from '../rollups/maintain.js';
import type { SqlDriver } from '../sql/driver.js';
import { sql } from '../sql/fragment.js';
import type { SessionCounts } from './export.js';

export interface DeletionReceipt extends SessionCounts {
  id: string;
  deletedAt: Date;
}

export async function deleteSession(driver: SqlDriver, sessionHash: string, now = new Date()): Promise<DeletionReceipt> {
  const id = randomUUID();
  const deletedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const changed = await driver.transaction([
    // Counted before the deletes, in the same transaction: the receipt says what they removed.
    sql`INSERT INTO deletion_receipts (id, deleted_at, telemetry_events, survey_responses)
      SELECT ${id}, ${deletedAt}, (SELECT COUNT(*) FROM telemetry_events WHERE session_hash = ${sessionHash}),
        (SELECT COUNT(*) FROM survey_responses WHERE session_hash = ${sessionHash})`,
    ...beforeRemove(driver.dialect, eventsOfSession(sessionHash)),
    sql`DELETE FROM ${sql.raw(FIRST_SEEN_TABLE)} WHERE session_hash = ${sessionHash}`,
    sql`DELETE FROM telemetry_events WHERE session_hash = ${sessionHash}`,
    sql`DELETE FROM survey_responses WHERE session_hash = ${sessionHash}`,
  ]);
  const [telemetryEvents, surveyResponses] = changed.slice(-2) as [number, number];
  return { id, deletedAt, telemetryEvents, surveyResponses };
}
