/** Export, deletion and purge bound to the server's database, configuration and session hasher. */
import { db } from '../db.js';
import { env } from '../env.js';
import { hashSession } from '../ingestion/service.js';
import { deleteSession, type DeletionReceipt } from './delete.js';
import { exportSession, type SessionExport, streamSessionExport } from './export.js';
import { type PurgeOptions, type PurgeResult, purgeExpired } from './purge.js';

export const exportSessionData = (sessionId: string): Promise<SessionExport> =>
  exportSession(sessionId, { driver: db.sql, hashSession, maxRecords: env.EXPORT_MAX_RECORDS });

export const streamSessionData = (sessionId: string) => streamSessionExport(sessionId, { driver: db.sql, hashSession });

export const deleteSessionData = (sessionId: string): Promise<DeletionReceipt | null> => deleteSession(db.sql, hashSession(sessionId));

export const purgeExpiredData = (options: Partial<PurgeOptions> = {}): Promise<PurgeResult> =>
  purgeExpired(db.sql, {
    retentionDays: env.RETENTION_DAYS,
    sessionlessRetentionDays: env.SESSIONLESS_RETENTION_DAYS,
    firstSeenRetentionDays: env.FIRST_SEEN_RETENTION_DAYS,
    batchSize: env.PURGE_BATCH_SIZE,
    ...options,
  });
