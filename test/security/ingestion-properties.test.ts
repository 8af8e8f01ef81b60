/**
 * Property-based tests of ingestion (#6), with fast-check: batches mixing good records, bad records
 * (one broken rule each) and duplicates (of stored ids or of ids earlier in the batch, in any case),
 * most through the ingestion core `ingest()` and some through `yoga.fetch`. For every batch:
 * nothing throws and nothing answers 500; accepted + duplicates + rejected = the batch size, each
 * count exactly what a model predicts; at the end, what is stored equals exactly the good, new records
 * (every column), and no raw session id is stored.
 */
import { createHmac, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { env } from '../../src/env.js';
import * as c from '../../src/ingestion/contract.js';
import { ingest, type IngestResult } from '../../src/ingestion/ingest.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { hashSession } from '../../src/ingestion/service.js';
import { sql } from '../../src/sql/fragment.js';
import { yoga } from '../../src/yoga.js';
import { DAY, HOUR } from '../support/records.js';
import { findInDatabase } from './support/database-scan.js';

/**
 * Batches per record kind and path, per database: 5 300 on each, 10 600 over the two projects (the
 * suite runs on SQLite and on PostgreSQL), in about 10 s and 25 s.
 */
const RUNS = { eventsCore: 3000, surveysCore: 2000, eventsHttp: 150, surveysHttp: 150 };
const PER_DATABASE = RUNS.eventsCore + RUNS.surveysCore + RUNS.eventsHttp + RUNS.surveysHttp;
const SESSIONS = Array.from({ length: 12 }, () => randomUUID());
const hmac = (id: string) => createHmac('sha256', env.SESSION_HASH_SECRET!).update(id.toLowerCase()).digest('hex');
const batchesRun = { core: 0, http: 0 };

type Json = Record<string, unknown>;

/** A generated slot of a batch: a record as the client writes it, with a time offset and what is wrong with it. */
interface Slot {
  record: Json;
  /** Stored time = receive time + offset (the client's clock skew is applied on top). */
  offsetMs: number;
  /** Null: good. Else the broken rule (applied last, after a duplicate's id is taken). */
  defect: Defect | null;
  /** Take the id of a record stored before or earlier in the batch (index into those ids), in this case. */
  duplicateOf: { pick: number; upper: boolean } | null;
}

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null, freq: 3 });
const GOOD_OFFSET = fc.integer({ min: -88 * DAY, max: 22 * HOUR });

const goodEvent = fc.record(
  {
    eventId: fc.uuid(),
    sessionId: fc.constantFrom(...SESSIONS),
    eventType: fc.constantFrom(...c.EVENT_TYPES),
    backend: fc.constantFrom(...c.BACKENDS),
    platform: fc.constantFrom(...c.PLATFORMS),
    caroVersion: fc.tuple(fc.nat(30), fc.nat(30), fc.nat(300), fc.option(fc.constantFrom(...c.PRERELEASE_TAGS.map((tag) => `-${tag}`), '-rc.2'), { nil: '' }))
      .map(([major, minor, patch, pre]) => `${major}.${minor}.${patch}${pre}`),
    latencyMs: fc.integer({ min: 0, max: c.MAX_LATENCY_MS }),
    success: fc.boolean(),
    errorCategory: optional(fc.constantFrom(...c.ERROR_CATEGORIES)),
    confidenceScore: optional(fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000)),
    validationSeverity: optional(fc.constantFrom(...c.VALIDATION_SEVERITIES)),
    safetyMode: optional(fc.constantFrom(...c.SAFETY_MODES)),
    queryComplexity: optional(fc.constantFrom(...c.QUERY_COMPLEXITIES)),
    refinementCount: optional(fc.integer({ min: 0, max: 100 })),
    model: optional(fc.tuple(fc.constantFrom('', 'mlx-'), fc.constantFrom(...c.MODEL_FAMILIES), fc.constantFrom('', '-coder', '-1.5b', '-instruct-q4_k_m')).map((p) => p.join(''))),
    inferenceMs: optional(fc.integer({ min: 0, max: c.MAX_LATENCY_MS })),
    memoryMb: optional(fc.integer({ min: 0, max: 100_000 }).map((n) => n / 10)),
    cpuPercent: optional(fc.integer({ min: 0, max: 10_000 }).map((n) => n / 10)),
    historyEnabled: optional(fc.boolean()),
    pluginCount: optional(fc.integer({ min: 0, max: 10_000 })),
    persona: optional(fc.constantFrom(...c.USER_PERSONAS)),
    acquisitionSource: optional(fc.constantFrom(...c.ACQUISITION_SOURCES)),
  },
  { requiredKeys: ['eventId', 'sessionId', 'eventType', 'backend', 'platform', 'caroVersion', 'latencyMs', 'success'] },
);

const goodSurvey = fc
  .record({
    responseId: fc.uuid(),
    sessionId: fc.constantFrom(...SESSIONS),
    kind: fc.oneof(
      fc.record({ survey: fc.constant('NPS'), score: fc.integer({ min: 0, max: 10 }) }),
      fc.record({ survey: fc.constant('CSAT'), score: fc.integer({ min: 1, max: 5 }) }),
      fc.record({ survey: fc.constant('FEATURE'), feature: fc.constantFrom(...c.SURVEY_FEATURES), answer: fc.constantFrom('YES', 'NO') }),
      fc.record({ survey: fc.constant('SUPPORT_RESPONSE_TIME'), answer: fc.constantFrom('YES', 'NO') }),
      fc.record({ survey: fc.constant('SUPPORT_RESOLUTION'), answer: fc.constantFrom('YES', 'NO', 'PARTIALLY') }),
    ),
    persona: fc.option(fc.constantFrom(...c.SURVEY_PERSONAS), { nil: undefined }),
  })
  .map(({ kind, persona, ...rest }) => ({ ...rest, ...kind, ...(persona ? { persona } : {}) }) as Json);

/** One broken rule each; `typeLevel`: GraphQL refuses it before the record rules run. */
type Defect = [name: string, typeLevel: boolean, apply: (r: Json, slot: { offsetMs: number }) => void];
const TIME_DEFECTS: Defect[] = [
  ['older than the retention window', false, (_, s) => (s.offsetMs = -100 * DAY)],
  ['more than 24 h ahead', false, (_, s) => (s.offsetMs = 3 * DAY)],
];
const EVENT_DEFECTS: Defect[] = [
  ...TIME_DEFECTS,
  ['negative latency', false, (r) => (r.latencyMs = -1)],
  ['latency over 600 000', false, (r) => (r.latencyMs = 600_001)],
  ['platform is a path', false, (r) => (r.platform = '/home/alice/bin')],
  ['platform is a host name', false, (r) => (r.platform = 'alice-macbook_pro')],
  ['version is not semver', false, (r) => (r.caroVersion = 'latest')],
  ['version carries an address', false, (r) => (r.caroVersion = '1.0.0-192.168.1.23')],
  ['error category is free text', false, (r) => (r.errorCategory = 'Timeout at /srv/app')],
  ['confidence over 1', false, (r) => (r.confidenceScore = 1.5)],
  ['refinements over 100', false, (r) => (r.refinementCount = 101)],
  ['model is an access key', false, (r) => (r.model = 'AKIA/IOSFODNN7')],
  ['model is a host name', false, (r) => (r.model = 'db01.corp.example.com')],
  // Closed sets travel as strings (#11): an unknown value is refused for its record alone.
  ['unknown event type', false, (r) => (r.eventType = 'KEYSTROKE')],
  ['unknown backend', false, (r) => (r.backend = 'CUDA')],
  ['negative memory', false, (r) => (r.memoryMb = -1)],
  ['negative plugin count', false, (r) => (r.pluginCount = -3)],
  ['event id not a UUID', true, (r) => (r.eventId = 'event-1')],
  ['session id missing', true, (r) => delete r.sessionId],
  ['unknown field', true, (r) => (r.query = 'rm -rf /')],
  ['latency not an integer', true, (r) => (r.latencyMs = 1.5)],
  ['success not a boolean', true, (r) => (r.success = 'yes')],
];
const SURVEY_DEFECTS: Defect[] = [
  ...TIME_DEFECTS,
  ['NPS score 11', false, (r) => Object.assign(r, { survey: 'NPS', score: 11, feature: null, answer: null })],
  ['CSAT score 0', false, (r) => Object.assign(r, { survey: 'CSAT', score: 0, feature: null, answer: null })],
  ['NPS without a score', false, (r) => Object.assign(r, { survey: 'NPS', score: null, feature: null, answer: null })],
  ['FEATURE without a feature', false, (r) => Object.assign(r, { survey: 'FEATURE', score: null, feature: null, answer: 'YES' })],
  ['FEATURE with a score', false, (r) => Object.assign(r, { survey: 'FEATURE', score: 5, feature: 'MLX_BACKEND', answer: 'YES' })],
  ['PARTIALLY on a FEATURE survey', false, (r) => Object.assign(r, { survey: 'FEATURE', score: null, feature: 'MLX_BACKEND', answer: 'PARTIALLY' })],
  ['NPS with an answer', false, (r) => Object.assign(r, { survey: 'NPS', score: 9, feature: null, answer: 'YES' })],
  ['unknown survey', false, (r) => Object.assign(r, { survey: 'EXIT_INTERVIEW', score: null, feature: null, answer: null })],
  ['response id not a UUID', true, (r) => (r.responseId = '42')],
  ['free-text comment', true, (r) => (r.comment = 'alice@example.com hates it')],
];

function slotArbitrary(good: fc.Arbitrary<Json>, defects: Defect[]): fc.Arbitrary<Slot> {
  return fc
    .record({
      record: good,
      offsetMs: GOOD_OFFSET,
      // About half good, a quarter bad, a quarter duplicates (a fifth of those also bad).
      role: fc.constantFrom('good', 'good', 'bad', 'dup'),
      defect: fc.constantFrom(...defects),
      badDuplicate: fc.boolean(),
      pick: fc.nat(),
      upper: fc.boolean(),
    })
    .map(({ record, offsetMs, role, defect, badDuplicate, pick, upper }) => {
      const slot: Slot = { record: { ...record }, offsetMs, defect: null, duplicateOf: null };
      if (role === 'dup') slot.duplicateOf = { pick, upper };
      if (role === 'bad' || (role === 'dup' && badDuplicate && pick % 5 === 0)) slot.defect = defect;
      return slot;
    });
}

const batchOf = (slot: fc.Arbitrary<Slot>) =>
  fc.record({
    slots: fc.array(slot, { minLength: 0, maxLength: 8 }),
    // The client's clock skew (receive time - sentAt), when it sends sentAt.
    skewMs: fc.option(fc.integer({ min: -HOUR, max: HOUR }), { nil: null }),
  });

interface KindUnderTest {
  name: 'events' | 'surveys';
  kind: kinds.RecordKind<unknown>;
  idField: 'eventId' | 'responseId';
  table: 'telemetry_events' | 'survey_responses';
  mutation: string;
  inputType: string;
  /** Stored id (lower-case) → the expected row; received_at within [from, to] when sent over HTTP. */
  model: Map<string, { row: Json; receivedFrom: number; receivedTo: number }>;
}

const EVENTS: KindUnderTest = {
  name: 'events', kind: kinds.telemetryEvents as kinds.RecordKind<unknown>, idField: 'eventId', table: 'telemetry_events',
  mutation: 'ingestEvents(events: $r, sentAt: $s)', inputType: 'TelemetryEventInput', model: new Map(),
};
const SURVEYS: KindUnderTest = {
  name: 'surveys', kind: kinds.surveyResponses as kinds.RecordKind<unknown>, idField: 'responseId', table: 'survey_responses',
  mutation: 'submitSurveyResponses(responses: $r, sentAt: $s)', inputType: 'SurveyResponseInput', model: new Map(),
};

/** The batch as the client sends it, and what the model predicts for it. */
function materialize(k: KindUnderTest, batch: { slots: Slot[]; skewMs: number | null }, receivedAt: number) {
  const known = [...k.model.keys()];
  const seen = new Set<string>();
  const records: Json[] = [];
  const expected = { accepted: 0, duplicates: 0, rejected: 0, badIndexes: [] as number[], stored: [] as [string, Json][] };
  batch.slots.forEach((slot, index) => {
    const record = { ...slot.record };
    if (slot.duplicateOf) {
      const pool = [...known, ...seen];
      if (pool.length > 0) {
        const id = pool[slot.duplicateOf.pick % pool.length]!;
        record[k.idField] = slot.duplicateOf.upper ? id.toUpperCase() : id;
      }
    }
    const time = { offsetMs: slot.offsetMs };
    slot.defect?.[2](record, time);
    const skew = batch.skewMs ?? 0;
    // The client writes its own clock: stored time = written time + skew.
    record.timestamp = new Date(receivedAt + time.offsetMs - skew);
    records.push(record);
    if (slot.defect) {
      expected.rejected += 1;
      expected.badIndexes.push(index);
      return;
    }
    const id = String(record[k.idField]).toLowerCase();
    if (k.model.has(id) || seen.has(id)) {
      expected.duplicates += 1;
      return;
    }
    seen.add(id);
    expected.accepted += 1;
    expected.stored.push([id, { ...record, timestamp: receivedAt + time.offsetMs }]);
  });
  return { records, expected, sentAt: batch.skewMs === null ? null : new Date(receivedAt - batch.skewMs) };
}

function checkCounts(result: IngestResult, expected: ReturnType<typeof materialize>['expected'], size: number) {
  expect(result.accepted + result.duplicates + result.rejected).toBe(size);
  expect({ accepted: result.accepted, duplicates: result.duplicates, rejected: result.rejected }).toEqual({
    accepted: expected.accepted,
    duplicates: expected.duplicates,
    rejected: expected.rejected,
  });
  expect([...new Set(result.errors.map((e) => e.index))]).toEqual(expected.badIndexes);
}

/** A stored row as plain values: instants as epoch ms, booleans as booleans, on either database. */
function normalize(table: string, row: Json): Json {
  const spec = (table === 'telemetry_events' ? kinds.telemetryEvents : kinds.surveyResponses).table;
  const out: Json = {};
  for (const { name, pgType } of spec.columns) {
    const value = row[name];
    if (value === null || value === undefined) out[name] = null;
    else if (pgType === 'timestamptz') out[name] = value instanceof Date ? value.getTime() : Number(value);
    else if (pgType === 'boolean') out[name] = Boolean(value);
    else if (pgType === 'integer' || pgType === 'float8') out[name] = Number(value);
    else out[name] = value;
  }
  return out;
}

/** The row a good record must become (received_at checked separately). */
function expectedRow(k: KindUnderTest, record: Json): Json {
  const value = (field: string) => (record[field] === undefined ? null : record[field]);
  if (k.name === 'events') {
    const fields = ['eventType', 'backend', 'platform', 'caroVersion', 'latencyMs', 'success', 'errorCategory', 'confidenceScore',
      'validationSeverity', 'safetyMode', 'queryComplexity', 'refinementCount', 'model', 'inferenceMs', 'memoryMb', 'cpuPercent',
      'historyEnabled', 'pluginCount', 'persona', 'acquisitionSource'];
    const row: Json = { event_id: String(record.eventId).toLowerCase(), timestamp: record.timestamp, session_hash: hmac(String(record.sessionId)) };
    for (const field of fields) row[field.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)] = value(field);
    return row;
  }
  return {
    response_id: String(record.responseId).toLowerCase(), session_hash: hmac(String(record.sessionId)), timestamp: record.timestamp,
    survey: record.survey, score: value('score'), feature: value('feature'), answer: value('answer'), persona: value('persona'),
  };
}

async function expectStoredEqualsModel(k: KindUnderTest) {
  const rows = (await db.sql.query<Json>(sql`SELECT * FROM ${sql.raw(k.table)}`)).map((row) => normalize(k.table, row));
  const idColumn = k.table === 'telemetry_events' ? 'event_id' : 'response_id';
  expect(rows.length).toBe(k.model.size);
  for (const row of rows) {
    const expected = k.model.get(String(row[idColumn]));
    expect(expected, `unexpected stored ${String(row[idColumn])}`).toBeDefined();
    const { received_at: receivedAt, ...rest } = row;
    expect(rest).toEqual(expected!.row);
    expect(receivedAt).toBeGreaterThanOrEqual(expected!.receivedFrom);
    expect(receivedAt).toBeLessThanOrEqual(expected!.receivedTo);
  }
}

const remember = (k: KindUnderTest, stored: [string, Json][], from: number, to: number) => {
  for (const [id, record] of stored) k.model.set(id, { row: expectedRow(k, record), receivedFrom: from, receivedTo: to });
};

/** Through the ingestion core, with a fixed receive time. */
function coreProperty(k: KindUnderTest, defects: Defect[], good: fc.Arbitrary<Json>) {
  return fc.asyncProperty(batchOf(slotArbitrary(good, defects)), async (batch) => {
    const receivedAt = Date.now();
    const { records, expected, sentAt } = materialize(k, batch, receivedAt);
    const result = await ingest(k.kind, records, {
      driver: db.sql, hashSession, retentionDays: env.RETENTION_DAYS, sentAt, receivedAt: new Date(receivedAt),
    });
    batchesRun.core += 1;
    checkCounts(result, expected, records.length);
    remember(k, expected.stored, receivedAt, receivedAt);
  });
}

/** Through yoga: GraphQL-level defects fail the whole request (nothing stored), never with a 500. */
function httpProperty(k: KindUnderTest, defects: Defect[], good: fc.Arbitrary<Json>) {
  return fc.asyncProperty(batchOf(slotArbitrary(good, defects)), async (batch) => {
    // Over HTTP the server's receive time is its own: no sentAt, so stored time = written time.
    const noSkew = { ...batch, skewMs: null };
    const before = Date.now();
    const { records, expected } = materialize(k, noSkew, before);
    const body = JSON.stringify({
      query: `mutation($r: [${k.inputType}!]!, $s: DateTime) { out: ${k.mutation} { accepted duplicates rejected errors { index code field message } } }`,
      variables: { r: records.map((r) => ({ ...r, timestamp: (r.timestamp as Date).toISOString() })) },
    });
    const response = await yoga.fetch('http://caro.localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const after = Date.now();
    batchesRun.http += 1;
    expect(response.status).not.toBeGreaterThanOrEqual(500);
    const answer = (await response.json()) as { data?: { out: IngestResult } | null; errors?: { message: string }[] };
    expect(JSON.stringify(answer.errors ?? [])).not.toContain('Unexpected error');
    const typeLevel = batch.slots.some((slot) => slot.defect?.[1]);
    if (typeLevel) {
      expect(answer.data ?? null).toBeNull();
      expect(answer.errors?.length).toBeGreaterThan(0);
      return;
    }
    checkCounts(answer.data!.out, expected, records.length);
    // Times within the window by a margin of hours: the few ms between `before` and the server's clock do not matter.
    remember(k, expected.stored, before, after);
  });
}

const OPTIONS = { endOnFailure: true, verbose: 1 } as const;

describe('ingestion properties (#6)', () => {
  it(`events: ${RUNS.eventsCore} batches through ingest(), ${RUNS.eventsHttp} through yoga`, async () => {
    const started = performance.now();
    await fc.assert(coreProperty(EVENTS, EVENT_DEFECTS, goodEvent), { ...OPTIONS, numRuns: RUNS.eventsCore });
    await fc.assert(httpProperty(EVENTS, EVENT_DEFECTS, goodEvent), { ...OPTIONS, numRuns: RUNS.eventsHttp });
    await expectStoredEqualsModel(EVENTS);
    console.info(`events: ${RUNS.eventsCore + RUNS.eventsHttp} batches, ${EVENTS.model.size} stored, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 600_000);

  it(`surveys: ${RUNS.surveysCore} batches through ingest(), ${RUNS.surveysHttp} through yoga`, async () => {
    const started = performance.now();
    await fc.assert(coreProperty(SURVEYS, SURVEY_DEFECTS, goodSurvey), { ...OPTIONS, numRuns: RUNS.surveysCore });
    await fc.assert(httpProperty(SURVEYS, SURVEY_DEFECTS, goodSurvey), { ...OPTIONS, numRuns: RUNS.surveysHttp });
    await expectStoredEqualsModel(SURVEYS);
    console.info(`surveys: ${RUNS.surveysCore + RUNS.surveysHttp} batches, ${SURVEYS.model.size} stored, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }, 600_000);

  it(`ran all ${PER_DATABASE} batches on this database (2 × ${PER_DATABASE} ≥ 10 000 over both), and stored no raw session id`, async () => {
    expect(batchesRun.core + batchesRun.http).toBe(PER_DATABASE);
    expect(2 * PER_DATABASE).toBeGreaterThanOrEqual(10_000);
    expect(await findInDatabase(SESSIONS)).toEqual([]);
  });
});
