/**
 * Export of one consent session's records (telemetry events, survey responses), found by the keyed
 * hash of the id the client presents, and given back in the ingestion field names: the raw
 * `sessionId` is the one presented (the database only has its hash), `receivedAt` is the server's
 * receive time. Columns are read from the record kinds' table specs, so a new column is exported
 * without a change here.
 */
import type { SessionHasher } from './session-hash.js';
import * as kinds from '../ingestion/record-kinds.js';
import type { SqlExecutor, TableSpec } from '../sql/driver.js';
import { type SqlFragment, sql } from '../sql/fragment.js';

/** The record kinds tied to a session, by their GraphQL names. */
export const SESSION_RECORDS = {
  telemetryEvents: { recordType: 'telemetryEvent', table: kinds.telemetryEvents.table },
  surveyResponses: { recordType: 'surveyResponse', table: kinds.surveyResponses.table },
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

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const idColumn = (table: TableSpec) => table.columns[0]!.name;

/** A stored row in ingestion field names; SQLite's epoch milliseconds and 0/1 become dates and booleans. */
function toRecord(table: TableSpec, row: Record<string, unknown>, sessionId: string): ExportedRecord {
  const record: ExportedRecord = {};
  for (const { name, pgType } of table.columns) {
    const value = row[name];
    if (name === 'session_hash') record.sessionId = sessionId;
    else if (value === null || value === undefined) record[camel(name)] = null;
    else if (pgType === 'timestamptz') record[camel(name)] = value instanceof Date ? value : new Date(Number(value));
    else if (pgType === 'boolean') record[camel(name)] = Boolean(value);
    else if (pgType === 'integer' || pgType === 'float8') record[camel(name)] = Number(value);
    else record[camel(name)] = String(value);
  }
  return record;
}

async function countOf(deps: ExportDeps, table: TableSpec, sessionHash: string): Promise<number> {
  const [row] = await deps.driver.query<{ n: unknown }>(
    sql`SELECT COUNT(*) AS n FROM ${sql.raw(table.name)} WHERE session_hash = ${sessionHash}`,
  );
  return Number(row?.n ?? 0);
}

/** One page in (timestamp, id) order, after `after` (keyset paging: stable under ties and inserts). */
async function pageOf(
  deps: ExportDeps,
  table: TableSpec,
  sessionHash: string,
  limit: number | null,
  after: { timestamp: Date; id: string } | null,
): Promise<Record<string, unknown>[]> {
  const id = sql.raw(idColumn(table));
  const columns = sql.raw(table.columns.map((c) => c.name).join(', '));
  const afterCondition: SqlFragment = after
    ? sql` AND (timestamp > ${after.timestamp} OR (timestamp = ${after.timestamp} AND ${id} > ${after.id}))`
    : sql``;
  const limitClause = limit === null ? sql`` : sql` LIMIT ${limit}`;
  return deps.driver.query(
    sql`SELECT ${columns} FROM ${sql.raw(table.name)} WHERE session_hash = ${sessionHash}${afterCondition}
        ORDER BY timestamp, ${id}${limitClause}`,
  );
}

/** Every record of the session, or ExportTooLargeError past `maxRecords` (the NDJSON stream has no limit). */
export async function exportSession(sessionId: string, deps: ExportDeps & { maxRecords: number }): Promise<SessionExport> {
  const sessionHash = deps.hashSession(sessionId);
  const names = Object.keys(SESSION_RECORDS) as SessionRecordName[];
  const counts = Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await countOf(deps, SESSION_RECORDS[name].table, sessionHash)] as const)),
  ) as SessionCounts;
  const total = names.reduce((sum, name) => sum + counts[name], 0);
  if (total > deps.maxRecords) throw new ExportTooLargeError(total, deps.maxRecords);
  const result = { sessionId, counts } as SessionExport;
  for (const name of names) {
    const { table } = SESSION_RECORDS[name];
    result[name] = (await pageOf(deps, table, sessionHash, null, null)).map((row) => toRecord(table, row, sessionId));
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
    const { table, recordType } = SESSION_RECORDS[name];
    let after: { timestamp: Date; id: string } | null = null;
    for (;;) {
      const rows = await pageOf(deps, table, sessionHash, pageSize, after);
      for (const row of rows) {
        const record = toRecord(table, row, sessionId);
        counts[name] += 1;
        yield { recordType, ...record };
        after = { timestamp: record.timestamp as Date, id: String(row[idColumn(table)]) };
      }
      if (rows.length < pageSize) break;
    }
  }
  yield { recordType: 'summary', sessionId, counts };
}
