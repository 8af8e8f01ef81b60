/**
 * Export of one consent session's records (telemetry events, survey responses), found by the keyed
 * hash of the id the client presents, and given back in the ingestion field names: the raw
 * `sessionId` is the one presented (the database only has its hash), `receivedAt` is the server's
 * receive time. Columns and their fields come from the record descriptions
 * (src/ingestion/records.ts), so a new field is exported without a change here.
 */
import type { SessionHasher } from './session-hash.js';
import * as kinds from '../ingestion/record-kinds.js';
import type { SqlExecutor } from '../sql/driver.js';
import { type SqlFragment, sql } from '../sql/fragment.js';

/** What the export reads of a record kind tied to a session. */
interface SessionKind {
  readonly table: kinds.RecordTable;
  readonly timeField: string;
  readonly timeColumn: string;
  readonly sessionColumn: string;
}

function tiedToSession<R>({ table, timeField, timeColumn, sessionColumn }: kinds.RecordKind<R>): SessionKind {
  if (sessionColumn === undefined) throw new Error(`${table.name} records have no session`);
  return { table, timeField, timeColumn, sessionColumn };
}

/** The record kinds tied to a session, by their GraphQL names. */
export const SESSION_RECORDS = {
  telemetryEvents: { recordType: 'telemetryEvent', kind: tiedToSession(kinds.telemetryEvents) },
  surveyResponses: { recordType: 'surveyResponse', kind: tiedToSession(kinds.surveyResponses) },
} as const;

export type SessionRecordName = keyof typeof SESSION_RECORDS;
export type ExportedRecord = Record<string, string | number | boolean | Date | null>;
export type SessionCounts = Record<SessionRecordName, number>;

export interface SessionExport extends Record<SessionRecordName, ExportedRecord[]> {
  sessionId: string;
  counts: SessionCounts;
}

export interface ExportDeps {
  driver: SqlExecutor;
  hashSession: SessionHasher;
}

export class ExportTooLargeError extends Error {
  constructor(readonly total: number, readonly max: number) {
    super(`This session has ${total} records, more than ${max} for one GraphQL answer: download them as NDJSON with POST /export`);
  }
}

/** The column of the record's (single) key: it breaks ties of time in the export's order. */
const idColumn = (kind: SessionKind) => kind.table.columns[0]!.name;

/** A stored row in ingestion field names; SQLite's epoch milliseconds and 0/1 become dates and booleans. */
function toRecord(kind: SessionKind, row: Record<string, unknown>, sessionId: string): ExportedRecord {
  const record: ExportedRecord = {};
  for (const { name, pgType, field } of kind.table.columns) {
    const value = row[name];
    if (name === kind.sessionColumn) record[field] = sessionId;
    else if (value === null || value === undefined) record[field] = null;
    else if (pgType === 'timestamptz') record[field] = value instanceof Date ? value : new Date(Number(value));
    else if (pgType === 'boolean') record[field] = Boolean(value);
    else if (pgType === 'integer' || pgType === 'float8') record[field] = Number(value);
    else record[field] = String(value);
  }
  return record;
}

async function countOf(deps: ExportDeps, kind: SessionKind, sessionHash: string): Promise<number> {
  const [row] = await deps.driver.query<{ n: unknown }>(
    sql`SELECT COUNT(*) AS n FROM ${sql.raw(kind.table.name)} WHERE ${sql.raw(kind.sessionColumn)} = ${sessionHash}`,
  );
  return Number(row?.n ?? 0);
}

/** One page in (time, id) order, after `after` (keyset paging: stable under ties and inserts). */
async function pageOf(
  deps: ExportDeps,
  kind: SessionKind,
  sessionHash: string,
  limit: number | null,
  after: { time: Date; id: string } | null,
): Promise<Record<string, unknown>[]> {
  const id = sql.raw(idColumn(kind));
  const time = sql.raw(kind.timeColumn);
  const columns = sql.raw(kind.table.columns.map((c) => c.name).join(', '));
  const afterCondition: SqlFragment = after ? sql` AND (${time} > ${after.time} OR (${time} = ${after.time} AND ${id} > ${after.id}))` : sql``;
  const limitClause = limit === null ? sql`` : sql` LIMIT ${limit}`;
  return deps.driver.query(
    sql`SELECT ${columns} FROM ${sql.raw(kind.table.name)} WHERE ${sql.raw(kind.sessionColumn)} = ${sessionHash}${afterCondition}
        ORDER BY ${time}, ${id}${limitClause}`,
  );
}

/** Every record of the session, or ExportTooLargeError past `maxRecords` (the NDJSON stream has no limit). */
export async function exportSession(sessionId: string, deps: ExportDeps & { maxRecords: number }): Promise<SessionExport> {
  const sessionHash = deps.hashSession(sessionId);
  const names = Object.keys(SESSION_RECORDS) as SessionRecordName[];
  const counts = Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await countOf(deps, SESSION_RECORDS[name].kind, sessionHash)] as const)),
  ) as SessionCounts;
  const total = names.reduce((sum, name) => sum + counts[name], 0);
  if (total > deps.maxRecords) throw new ExportTooLargeError(total, deps.maxRecords);
  const result = { sessionId, counts } as SessionExport;
  for (const name of names) {
    const { kind } = SESSION_RECORDS[name];
    result[name] = (await pageOf(deps, kind, sessionHash, null, null)).map((row) => toRecord(kind, row, sessionId));
    // Counted before reading: a record ingested in between is exported and counted.
    counts[name] = result[name].length;
  }
  return result;
}

/**
 * The session's records one by one, in pages of `pageSize` (memory stays flat whatever the size):
 * `{ recordType: 'telemetryEvent', ...fields }`, …, then `{ recordType: 'summary', sessionId, counts }`.
 */
export async function* streamSessionExport(
  sessionId: string,
  deps: ExportDeps & { pageSize?: number },
): AsyncGenerator<ExportedRecord | { recordType: 'summary'; sessionId: string; counts: SessionCounts }> {
  const sessionHash = deps.hashSession(sessionId);
  const pageSize = deps.pageSize ?? 1000;
  const counts = { telemetryEvents: 0, surveyResponses: 0 } satisfies SessionCounts;
  for (const name of Object.keys(SESSION_RECORDS) as SessionRecordName[]) {
    const { kind, recordType } = SESSION_RECORDS[name];
    let after: { time: Date; id: string } | null = null;
    for (;;) {
      const rows = await pageOf(deps, kind, sessionHash, pageSize, after);
      for (const row of rows) {
        const record = toRecord(kind, row, sessionId);
        counts[name] += 1;
        yield { recordType, ...record };
        after = { time: record[kind.timeField] as Date, id: String(row[idColumn(kind)]) };
      }
      if (rows.length < pageSize) break;
    }
  }
  yield { recordType: 'summary', sessionId, counts };
}
