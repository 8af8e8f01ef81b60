/**
 * Deletion of one consent session's records, by the keyed hash of the id the client presents, in one
 * transaction with its receipt. The receipt says when and how much, and nothing else: no session id,
 * no hash, and a time rounded down to the second, so it cannot be joined back to the session.
 */
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db.js';
import type { SessionCounts } from './export.js';

export interface DeletionReceipt extends SessionCounts {
  id: string;
  deletedAt: Date;
}

export async function deleteSession(prisma: PrismaClient, sessionHash: string, now = new Date()): Promise<DeletionReceipt> {
  const deletedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return prisma.$transaction(async (tx) => {
    const events = await tx.telemetryEvent.deleteMany({ where: { sessionHash } });
    const surveys = await tx.surveyResponse.deleteMany({ where: { sessionHash } });
    return tx.deletionReceipt.create({
      data: { id: randomUUID(), deletedAt, telemetryEvents: events.count, surveyResponses: surveys.count },
    });
  });
}
