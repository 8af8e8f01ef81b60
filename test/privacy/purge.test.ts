/**
 * Retention purge (#6): telemetry events and survey responses older than RETENTION_DAYS are deleted
 * in batches (directly, by the purgeExpiredData mutation, on a schedule and by `npm run purge`);
 * records without a session are kept unless their own window is set; the metrics change accordingly.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import * as kinds from '../../src/ingestion/record-kinds.js';
import { hashSession } from '../../src/ingestion/service.js';
import { purgeExpired, startPurgeSchedule, type PurgeResult } from '../../src/privacy/purge.js';
import { graphql } from '../client/gql/index.js';
import { createTestClient } from '../support/client.js';
import { countRows, storedIds } from '../support/ingestion.js';
import { DAY, HOUR, MINUTE } from '../support/records.js';

const client = createTestClient();
const root = join(import.meta.dirname, '../..');
const NOW = new Date();
const at = (msAgo: number) => new Date(NOW.getTime() - msAgo);

const PurgeExpiredData = graphql(`
  mutation PurgeExpiredData($dryRun: Boolean) {
    purgeExpiredData(dryRun: $dryRun) {
      cutoff sessionlessCutoff telemetryEvents surveyResponses safetyAudits gaugeObservations subscriptionEvents total durationMs
    }
  }
`);

const NewUsersYear = graphql(`
  query PurgeNewUsersYear { newUsers: metric(id: "new_users", window: { last: "P365D" }) { value } }
`);

/** Stores records as they are, past the ingestion checks (which refuse old ones): data from before a retention change. */
async function store<R>(kind: kinds.RecordKind<R>, records: R[]): Promise<void> {
  const context = { receivedAt: NOW, hashSession };
  await db.sql.insertNew(kind.table, records.map((r) => kind.toRow(r, context)), kind.afterInsert?.(db.dialect));
}

function ev(sessionId: string, timestamp: Date, eventType = 'COMMAND_EXECUTED'): kinds.TelemetryEventRecord {
  return {
    eventId: randomUUID(), timestamp, sessionId, eventType, backend: 'STATIC', platform: 'linux-x86_64', caroVersion: '1.0.0',
    latencyMs: 10, success: true, errorCategory: null, confidenceScore: null, validationSeverity: null, safetyMode: null,
    queryComplexity: null, refinementCount: null, model: null, inferenceMs: null, memoryMb: null, cpuPercent: null,
    historyEnabled: null, pluginCount: null, persona: null, acquisitionSource: null,
  } as kinds.TelemetryEventRecord;
}

const nps = (sessionId: string, timestamp: Date): kinds.SurveyResponseRecord =>
  ({ responseId: randomUUID(), sessionId, timestamp, survey: 'NPS', score: 9, feature: null, answer: null, persona: null }) as kinds.SurveyResponseRecord;

const newUsers = async () => (await client.request(NewUsersYear)).newUsers.value;

// Oliver was seen only 100 and 95 days ago; Mia 100 days ago and yesterday; Rita yesterday.
const oliver = randomUUID();
const mia = randomUUID();
const rita = randomUUID();
const expired = [ev(oliver, at(100 * DAY)), ev(oliver, at(95 * DAY)), ev(mia, at(100 * DAY)), ev(rita, at(90 * DAY + MINUTE))];
const kept = [ev(mia, at(DAY)), ev(rita, at(DAY)), ev(rita, at(90 * DAY - MINUTE))];
// 120 more expired events: several batches of 7.
const bulk = Array.from({ length: 120 }, (_, i) => ev(randomUUID(), at(91 * DAY + i * MINUTE), 'COMMAND_GENERATED'));
const oldSurvey = nps(mia, at(91 * DAY));
const newSurvey = nps(mia, at(89 * DAY));

describe('purgeExpired (#6)', () => {
  let result: PurgeResult;
  const progress: { table: string; deleted: number; total: number }[] = [];
  let usersBefore: number | null | undefined;

  beforeAll(async () => {
    await store(kinds.telemetryEvents, [...expired, ...kept, ...bulk]);
    await store(kinds.surveyResponses, [oldSurvey, newSurvey]);
    await store(kinds.gaugeObservations, [{ source: 'github', name: 'stars', value: 10, observedAt: at(400 * DAY) }]);
    await store(kinds.subscriptionEvents, [
      { eventId: randomUUID(), accountId: randomUUID(), timestamp: at(400 * DAY), kind: 'STARTED', tier: 'PRO', seats: 1, monthlyAmountCents: 900 },
    ]);
    usersBefore = await newUsers();
    result = await purgeExpired(db.sql, { retentionDays: 90, batchSize: 7, now: NOW, onProgress: (p) => progress.push(p) });
  });

  it('deletes the events and responses older than the window, and only those', async () => {
    // 4 + 120 events older than 90 days; one response older.
    expect(result.deleted).toEqual({ telemetryEvents: 124, surveyResponses: 1, safetyAudits: 0, gaugeObservations: 0, subscriptionEvents: 0 });
    expect(result.total).toBe(125);
    expect(await storedIds('telemetry_events', [...expired, ...bulk].map((e) => e.eventId))).toEqual([]);
    expect(await storedIds('telemetry_events', kept.map((e) => e.eventId))).toHaveLength(3);
    expect(await storedIds('survey_responses', [oldSurvey.responseId, newSurvey.responseId])).toEqual([newSurvey.responseId]);
    expect(result.cutoff.getTime()).toBe(NOW.getTime() - 90 * DAY);
  });

  it('keeps gauges and subscription events when no sessionless window is set', async () => {
    expect(result.sessionlessCutoff).toBeNull();
    expect(await countRows('gauge_observations')).toBe(1);
    expect(await countRows('subscription_events')).toBe(1);
  });

  it('went in batches, reporting progress per table', () => {
    const events = progress.filter((p) => p.table === 'telemetry_events');
    // A first report (0 of 124), then one per batch: ceil(124 / 7) = 18 batches.
    expect(events[0]).toEqual({ name: 'telemetryEvents', table: 'telemetry_events', deleted: 0, total: 124 });
    expect(events).toHaveLength(1 + 18);
    expect(events.map((p) => p.deleted)).toEqual([...events.map((p) => p.deleted)].sort((a, b) => a - b));
    expect(events.at(-1)!.deleted).toBe(124);
  });

  it('first seen survives the purge: new users of the year are unchanged (#9)', async () => {
    // Oliver, Mia and Rita (plus the 120 one-event sessions), before and after: their first-seen
    // records outlive their purged first events (before #9, only Mia and Rita were left: 2).
    expect(usersBefore).toBe(123);
    expect(await newUsers()).toBe(123);
  });

  it('a second run finds nothing', async () => {
    const again = await purgeExpired(db.sql, { retentionDays: 90, batchSize: 7, now: NOW });
    expect(again.total).toBe(0);
  });

  it('an aborted purge stops after its current batch', async () => {
    await store(kinds.telemetryEvents, Array.from({ length: 30 }, () => ev(randomUUID(), at(200 * DAY))));
    const controller = new AbortController();
    const partial = await purgeExpired(db.sql, {
      retentionDays: 90,
      batchSize: 10,
      now: NOW,
      signal: controller.signal,
      onProgress: (p) => p.deleted > 0 && controller.abort(),
    });
    expect(partial).toMatchObject({ aborted: true, deleted: { telemetryEvents: 10 } });
    expect((await purgeExpired(db.sql, { retentionDays: 90, batchSize: 10, now: NOW })).deleted.telemetryEvents).toBe(20);
  });

  it('with a sessionless window, old gauges, subscription events and audits go too', async () => {
    const recentBlocked = ev(rita, at(HOUR), 'VALIDATION_BLOCKED');
    await store(kinds.telemetryEvents, [recentBlocked]);
    await store(kinds.safetyAudits, [
      { auditId: randomUUID(), eventId: recentBlocked.eventId, eventType: 'VALIDATION_BLOCKED', validationSeverity: null, verdict: 'TRUE_POSITIVE', auditedAt: at(400 * DAY) },
    ]);
    const dry = await purgeExpired(db.sql, { retentionDays: 90, sessionlessRetentionDays: 365, batchSize: 7, now: NOW, dryRun: true });
    expect(dry.deleted).toMatchObject({ safetyAudits: 1, gaugeObservations: 1, subscriptionEvents: 1 });
    expect(await countRows('gauge_observations')).toBe(1);
    const done = await purgeExpired(db.sql, { retentionDays: 90, sessionlessRetentionDays: 365, batchSize: 7, now: NOW });
    expect(done.deleted).toEqual({ telemetryEvents: 0, surveyResponses: 0, safetyAudits: 1, gaugeObservations: 1, subscriptionEvents: 1 });
    expect(await countRows('safety_audits')).toBe(0);
  });
});

describe('purgeExpiredData mutation (#6)', () => {
  it('counts with dryRun, then deletes (RETENTION_DAYS = 90)', async () => {
    const old = [ev(randomUUID(), new Date(Date.now() - 95 * DAY)), ev(randomUUID(), new Date(Date.now() - 96 * DAY))];
    await store(kinds.telemetryEvents, old);
    const { purgeExpiredData: dry } = await client.request(PurgeExpiredData, { dryRun: true });
    expect(dry).toMatchObject({ telemetryEvents: 2, total: 2, sessionlessCutoff: null });
    expect(await storedIds('telemetry_events', old.map((e) => e.eventId))).toHaveLength(2);
    const { purgeExpiredData: done } = await client.request(PurgeExpiredData, {});
    expect(done).toMatchObject({ telemetryEvents: 2, surveyResponses: 0, total: 2 });
    expect(Math.abs(new Date(done.cutoff).getTime() - (Date.now() - 90 * DAY))).toBeLessThan(60_000);
    expect(await storedIds('telemetry_events', old.map((e) => e.eventId))).toEqual([]);
  });
});

describe('the purge schedule (#6)', () => {
  it('runs on its cron pattern and stops cleanly', async () => {
    const old = ev(randomUUID(), new Date(Date.now() - 120 * DAY));
    await store(kinds.telemetryEvents, [old]);
    const results: PurgeResult[] = [];
    const ran = new Promise<void>((resolve) => {
      const schedule = startPurgeSchedule({
        pattern: '* * * * * *', // every second (croner's optional seconds field)
        purge: (signal) => purgeExpired(db.sql, { retentionDays: 90, batchSize: 100, signal }),
        onResult: (r) => {
          results.push(r);
          void schedule.stop().then(resolve);
        },
        onError: (error) => {
          throw error;
        },
      });
    });
    await ran;
    expect(results[0]!.deleted.telemetryEvents).toBeGreaterThanOrEqual(1);
    expect(await storedIds('telemetry_events', [old.eventId])).toEqual([]);
  });
});

describe('npm run purge (#6)', () => {
  it('purges DATABASE_URL and prints the counts', async () => {
    const old = Array.from({ length: 25 }, () => ev(randomUUID(), new Date(Date.now() - 100 * DAY)));
    await store(kinds.telemetryEvents, old);
    await store(kinds.surveyResponses, [nps(randomUUID(), new Date(Date.now() - 100 * DAY))]);
    const { code, output } = await runScript(['--batch-size', '10']);
    expect(code, output).toBe(0);
    expect(output).toMatch(/deleted 26 records in [\d.]+ s/);
    expect(output).toMatch(/telemetryEvents\s+25/);
    expect(output).toMatch(/surveyResponses\s+1/);
    expect(output).toMatch(/gauges, subscription events and audits: kept/);
    expect(await storedIds('telemetry_events', old.map((e) => e.eventId))).toEqual([]);
  }, 60_000);
});

function runScript(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', 'purge', '--', ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'silent', NODE_OPTIONS: '' },
      stdio: 'pipe',
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
