/**
 * The ingestion pipeline, the same for every record kind: check each record, correct its time for
 * the client's clock skew, refuse what is out of range, then store the good ones in one atomic
 * write that skips ids already stored. One bad record never costs the others.
 */
import type { z } from 'zod';
import { markDataChanged } from '../caching/data-version.js';
import { deletedSessionsAmong } from '../privacy/delete.js';
import type { SqlDriver } from '../sql/driver.js';
import { INGEST_ERROR_CODES, MAX_BATCH_SIZE, MAX_FUTURE_SKEW_MS, type IngestErrorCode } from './contract.js';
import type { RecordIssue, RecordKind, RowContext } from './record-kinds.js';

export interface IngestError extends RecordIssue {
  index: number;
}

export interface IngestResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: IngestError[];
}

export interface IngestOptions {
  driver: SqlDriver;
  hashSession: RowContext['hashSession'];
  retentionDays: number;
  /** The client's clock when it sent the batch; shifts every record's time by the skew. */
  sentAt?: Date | null;
  /** The server's receive time (a parameter so that tests can fix it). */
  receivedAt?: Date;
}

export class BatchTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`A batch holds at most ${MAX_BATCH_SIZE} records; this one has ${size}. Nothing was stored.`);
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function ingest<R>(kind: RecordKind<R>, inputs: readonly unknown[], options: IngestOptions): Promise<IngestResult> {
  if (inputs.length > MAX_BATCH_SIZE) throw new BatchTooLargeError(inputs.length);
  const receivedAt = options.receivedAt ?? new Date();
  const skewMs = options.sentAt ? receivedAt.getTime() - options.sentAt.getTime() : 0;
  const oldestAllowed = receivedAt.getTime() - options.retentionDays * DAY_MS;
  const errors: IngestError[] = [];
  let checked: { index: number; record: R }[] = [];

  inputs.forEach((input, index) => {
    const parsed = kind.schema.safeParse(input);
    if (!parsed.success) {
      errors.push(...parsed.error.issues.map((issue) => ({ index, ...issueOf(issue) })));
      return;
    }
    const record = parsed.data;
    const time = new Date((record[kind.timeField] as Date).getTime() + skewMs);
    (record as Record<string, unknown>)[kind.timeField] = time;
    const timeIssue = checkTime(kind.timeField, time, receivedAt, kind.retained ? oldestAllowed : null);
    if (timeIssue) errors.push({ index, ...timeIssue });
    else checked.push({ index, record });
  });

  if (kind.resolve && checked.length > 0) {
    const resolved = await kind.resolve(checked.map((c) => c.record), options.driver);
    checked = checked.flatMap(({ index }, i) => {
      const outcome = resolved[i] as R | RecordIssue;
      if (isIssue(outcome)) {
        errors.push({ index, ...outcome });
        return [];
      }
      return [{ index, record: outcome }];
    });
  }

  // A batch usually carries few sessions: hash each once.
  const hashes = new Map<string, string>();
  const hashSession = (sessionId: string) => {
    let hash = hashes.get(sessionId);
    if (hash === undefined) hashes.set(sessionId, (hash = options.hashSession(sessionId)));
    return hash;
  };

  if (kind.sessionField && checked.length > 0) {
    const field = kind.sessionField;
    const sessionOf = (record: R) => hashSession(record[field] as string);
    const deleted = await deletedSessionsAmong(options.driver, [...new Set(checked.map(({ record }) => sessionOf(record)))]);
    checked = checked.filter(({ index, record }) => {
      if (!deleted.has(sessionOf(record))) return true;
      errors.push({ index, code: 'SESSION_DELETED', field, message: 'this session was deleted; a new consent session needs a new id' });
      return false;
    });
  }

  const context: RowContext = { receivedAt, hashSession };
  const rows = checked.map(({ record }) => kind.toRow(record, context));
  const inserted = await options.driver.insertNew(kind.table, rows, kind.afterInsert?.(options.driver.dialect));
  if (inserted > 0) markDataChanged();
  return {
    accepted: inserted,
    duplicates: checked.length - inserted,
    rejected: inputs.length - checked.length,
    errors: errors.sort((a, b) => a.index - b.index),
  };
}

function checkTime(field: string, time: Date, receivedAt: Date, oldestAllowed: number | null): RecordIssue | null {
  if (time.getTime() > receivedAt.getTime() + MAX_FUTURE_SKEW_MS)
    return { code: 'TIMESTAMP_IN_FUTURE', field, message: `${time.toISOString()} is more than 24 h ahead of the server` };
  if (oldestAllowed !== null && time.getTime() < oldestAllowed)
    return {
      code: 'TIMESTAMP_TOO_OLD',
      field,
      message: `${time.toISOString()} is older than the retention window (${new Date(oldestAllowed).toISOString()})`,
    };
  return null;
}

function isIssue(value: unknown): value is RecordIssue {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value && !('index' in value);
}

/** A code a rule of record-kinds.ts gives its custom issue; INVALID_VALUE when it gives none. */
const codeOf = (code: unknown): IngestErrorCode => (typeof code === 'string' && code in INGEST_ERROR_CODES ? (code as IngestErrorCode) : 'INVALID_VALUE');

/** Maps a zod issue to the stable codes of the ingestion contract. */
function issueOf(issue: z.core.$ZodIssue): RecordIssue {
  const field = issue.path.length > 0 ? issue.path.map(String).join('.') : null;
  switch (issue.code) {
    case 'unrecognized_keys':
      return { code: 'UNKNOWN_FIELD', field: issue.keys.join(', '), message: `unknown field ${issue.keys.join(', ')}` };
    case 'invalid_type':
      return issue.input === undefined || issue.input === null
        ? { code: 'REQUIRED', field, message: `${field} is required` }
        : { code: 'INVALID_TYPE', field, message: issue.message };
    case 'too_big':
    case 'too_small':
      return { code: 'OUT_OF_RANGE', field, message: issue.message };
    case 'invalid_format':
      return { code: 'INVALID_FORMAT', field, message: issue.message };
    case 'invalid_value':
      // Only closed sets (z.enum) raise it: a value of a newer client, refused for this record alone.
      return { code: 'UNKNOWN_VALUE', field, message: issue.message };
    case 'custom':
      return { code: codeOf(issue.params?.code), field, message: issue.message };
    default:
      return { code: 'INVALID_VALUE', field, message: issue.message };
  }
}
