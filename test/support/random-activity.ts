/**
 * Random telemetry for the rollup property suites: a handful of sessions over a couple of weeks,
 * fields drawn from small sets (so that rollup groups collide) and times that favour the edges of
 * UTC days and exact ties (so that partial days and tie-breaks are exercised).
 */
import fc from 'fast-check';
import { db } from '../../src/db.js';
import { ingest, type IngestResult } from '../../src/ingestion/ingest.js';
import * as kinds from '../../src/ingestion/record-kinds.js';

export { emptyTables } from './empty-tables.js';

export const DAY = 86_400_000;
/**
 * Every random record lies in [START, START + SPAN days): session i's in the DAYS days from day 2i, so
 * that sessions are first seen on different days and their cohort periods (up to 35 days) can end.
 */
export const START = new Date('2026-09-01T00:00:00Z');
export const DAYS = 40;
const SESSION_SHIFT_DAYS = 2;
export const RECEIVED_AT = new Date('2026-12-01T00:00:00Z');

export const SESSIONS = Array.from({ length: 8 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
export const SPAN = DAYS + SESSION_SHIFT_DAYS * (SESSIONS.length - 1);
/** Moves a record into its session's days. */
const shifted = <T extends { sessionId: string; timestamp: Date }>(record: T): T => ({
  ...record,
  timestamp: new Date(record.timestamp.getTime() + SESSIONS.indexOf(record.sessionId) * SESSION_SHIFT_DAYS * DAY),
});

const nullable = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null, freq: 3 });

/** An instant, often on or right beside a midnight, sometimes one of a few shared instants. */
export const instant = fc.oneof(
  fc.integer({ min: 0, max: DAYS * DAY - 1 }).map((ms) => new Date(START.getTime() + ms)),
  fc.tuple(fc.integer({ min: 0, max: DAYS - 1 }), fc.constantFrom(0, 1, 999, 3_600_000, DAY - 1)).map(([day, ms]) => new Date(START.getTime() + day * DAY + ms)),
  fc.constantFrom(3.5, 7.25, 9.999).map((days) => new Date(START.getTime() + days * DAY)),
);

export const eventRecord = fc.record({
  eventId: fc.uuid({ version: 4 }),
  timestamp: instant,
  sessionId: fc.constantFrom(...SESSIONS),
  // COMMAND_EXECUTED most: active users, retention and activation need several per session.
  eventType: fc.constantFrom(
    'INSTALLED', 'COMMAND_GENERATED', 'COMMAND_GENERATED', 'COMMAND_EXECUTED', 'COMMAND_EXECUTED', 'COMMAND_EXECUTED',
    'COMMAND_EXECUTED', 'COMMAND_EXECUTED', 'COMMAND_FAILED', 'VALIDATION_BLOCKED', 'AGENT_LOOP_REPAIR', 'SAFETY_OVERRIDE',
    'HISTORY_SEARCHED',
  ),
  backend: fc.constantFrom('STATIC', 'EMBEDDED', 'MLX'),
  platform: fc.constantFrom('linux-x86_64', 'macos-arm64', 'windows-x86_64'),
  caroVersion: fc.constantFrom('1.2.3', '1.3.0'),
  latencyMs: fc.oneof(fc.constantFrom(100, 250, 1000), fc.integer({ min: 0, max: 5000 })),
  success: fc.boolean(),
  errorCategory: nullable(fc.constantFrom('timeout', 'nonzero_exit')),
  confidenceScore: nullable(fc.constantFrom(0.25, 0.5, 0.9)),
  validationSeverity: nullable(fc.constantFrom('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
  safetyMode: nullable(fc.constantFrom('STRICT', 'NORMAL', 'PERMISSIVE')),
  queryComplexity: nullable(fc.constantFrom('SIMPLE', 'MEDIUM', 'COMPLEX')),
  refinementCount: nullable(fc.integer({ min: 0, max: 3 })),
  model: nullable(fc.constantFrom('qwen', 'smollm')),
  inferenceMs: nullable(fc.oneof(fc.constantFrom(20, 300), fc.integer({ min: 0, max: 2000 }))),
  memoryMb: nullable(fc.constantFrom(420.5, 1350.25, 980)),
  cpuPercent: nullable(fc.constantFrom(45, 240.5, 280)),
  historyEnabled: nullable(fc.boolean()),
  pluginCount: nullable(fc.integer({ min: 0, max: 3 })),
  persona: nullable(fc.constantFrom('NOVICE', 'EXPERT')),
  acquisitionSource: nullable(fc.constantFrom('HN', 'GITHUB')),
}).map(shifted);

export type EventRecord = typeof eventRecord extends fc.Arbitrary<infer T> ? T : never;

export const surveyRecord = fc.oneof(
  fc.record({
    responseId: fc.uuid({ version: 4 }),
    sessionId: fc.constantFrom(...SESSIONS),
    timestamp: instant,
    survey: fc.constant('CSAT'),
    score: fc.integer({ min: 1, max: 5 }),
  }).map(shifted),
  fc.record({
    responseId: fc.uuid({ version: 4 }),
    sessionId: fc.constantFrom(...SESSIONS),
    timestamp: instant,
    survey: fc.constant('NPS'),
    score: fc.integer({ min: 0, max: 10 }),
  }).map(shifted),
);

const options = { driver: db.sql, hashSession: (id: string) => id, retentionDays: 3650, receivedAt: RECEIVED_AT };

/** Ingests events that are all good; `allowed`: refusal codes expected (SESSION_DELETED after a deletion). */
export async function ingestEvents(records: readonly unknown[], allowed: readonly string[] = []): Promise<IngestResult> {
  const result = await ingest(kinds.telemetryEvents, records, options);
  const unexpected = result.errors.filter((e) => !allowed.includes(e.code));
  if (unexpected.length > 0) throw new Error(`refused: ${JSON.stringify(unexpected.slice(0, 2))}`);
  return result;
}

export async function ingestSurveys(records: readonly unknown[]): Promise<void> {
  const result = await ingest(kinds.surveyResponses, records, options);
  if (result.rejected > 0) throw new Error(`refused: ${JSON.stringify(result.errors.slice(0, 2))}`);
}
