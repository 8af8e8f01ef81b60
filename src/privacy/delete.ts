/**
 * Deletion of one consent session's records, by the keyed hash of the id the client presents, in one
 * transaction with its receipt and the session's tombstone.
 * - The receipt says when and how much, and nothing else: no session id, no hash, and a time rounded
 *   down to the second, so it cannot be joined back to the session. Deleting a session that has
 *   nothing stored writes none (a receipt per guessed id would be a table anyone can fill).
 * - The tombstone is the keyed hash alone (deleted_sessions), kept so that the session stays deleted:
 *   ingestion refuses its later records with SESSION_DELETED (a client retrying an old batch, or
 *   one sent before the deletion that arrives after it). One INSERT, so it moves with the deletes.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db.js';
import type { SqlExecutor } from '../sql/driver.js';
import { sql } from '../sql/fragment.js';
import type { SessionCounts } from './export.js';

export interface DeletionReceipt extends SessionCounts {
  id: string;
  deletedAt: Date;
}

/** Deletes the session's records and tombstones it; the receipt, or null when nothing was stored. */
export async function deleteSession(prisma: PrismaClient, sessionHash: string, now = new Date()): Promise<DeletionReceipt | null> {
  const deletedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return prisma.$transaction(async (tx) => {
    const events = await tx.telemetryEvent.deleteMany({ where: { sessionHash } });
    const surveys = await tx.surveyResponse.deleteMany({ where: { sessionHash } });
    await tx.$executeRaw`INSERT INTO deleted_sessions (session_hash) VALUES (${sessionHash}) ON CONFLICT DO NOTHING`;
    if (events.count === 0 && surveys.count === 0) return null;
    return tx.deletionReceipt.create({
      data: { id: randomUUID(), deletedAt, telemetryEvents: events.count, surveyResponses: surveys.count },
    });
  });
}

/** Which of `sessionHashes` belong to deleted sessions. */
export async function deletedSessionsAmong(db: SqlExecutor, sessionHashes: readonly string[]): Promise<Set<string>> {
  if (sessionHashes.length === 0) return new Set();
  const rows = await db.query<{ session_hash: string }>(
    sql`SELECT session_hash FROM deleted_sessions WHERE session_hash IN (${sql.join(sessionHashes.map((hash) => sql`${hash}`))})`,
  );
  return new Set(rows.map((row) => row.session_hash));
}
