/** Ingestion bound to the server's database and configuration. */
import { db } from '../db.js';
import { env } from '../env.js';
import { createSessionHasher, loadSessionSecret } from '../privacy/session-hash.js';
import { ingest, type IngestResult } from './ingest.js';
import type { RecordKind } from './record-kinds.js';

/** The server's session-id hasher: ingestion stores its output; export and deletion look records up by it. */
export const hashSession = createSessionHasher(
  loadSessionSecret({ secret: env.SESSION_HASH_SECRET, dataDir: env.CARO_DATA_DIR }),
);

export function ingestBatch<R>(kind: RecordKind<R>, inputs: readonly unknown[], sentAt?: Date | null): Promise<IngestResult> {
  return ingest(kind, inputs, { driver: db.sql, hashSession, retentionDays: env.RETENTION_DAYS, sentAt });
}
