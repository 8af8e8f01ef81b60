/**
 * Export and deletion by session id (#6): the export gives back every stored record of the session
 * in the ingestion field names, with counts, over GraphQL and as an NDJSON download; deletion removes
 * them in one transaction, keeps a receipt that cannot be linked to the session, and the metrics
 * change accordingly.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { getNamedType, isEnumType, isInputObjectType, isObjectType, isNonNullType } from 'graphql';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  // A small GraphQL export limit, so that a test can go past it.
  process.env.EXPORT_MAX_RECORDS = '1200';
});

import { db } from '../../src/db.js';
import { env } from '../../src/env.js';
import { schema } from '../../src/schema/index.js';
import { sql } from '../../src/sql/fragment.js';
import { yoga } from '../../src/yoga.js';
import { graphql } from '../client/gql/index.js';
import { createTestClient } from '../support/client.js';
import { requestErrors, send } from '../support/ingestion.js';
import { ago, DAY, event, fullEvent, HOUR, MINUTE, survey } from '../support/records.js';
import { findInDatabase } from '../security/support/database-scan.js';

const client = createTestClient();
const hmac = (sessionId: string) => createHmac('sha256', env.SESSION_HASH_SECRET!).update(sessionId.toLowerCase()).digest('hex');

const ExportSession = graphql(`
  query ExportSession($sessionId: UUID!) {
    exportSessionData(sessionId: $sessionId) {
      sessionId
      counts { telemetryEvents surveyResponses }
      telemetryEvents {
        eventId timestamp sessionId eventType backend platform caroVersion latencyMs success errorCategory
        confidenceScore validationSeverity safetyMode queryComplexity refinementCount model inferenceMs memoryMb
        cpuPercent historyEnabled pluginCount persona acquisitionSource receivedAt
      }
      surveyResponses { responseId sessionId timestamp survey score feature answer persona receivedAt }
    }
  }
`);

const DeleteSession = graphql(`
  mutation DeleteSession($sessionId: UUID!) {
    deleteSessionData(sessionId: $sessionId) { id deletedAt telemetryEvents surveyResponses }
  }
`);

const Wau = graphql(`
  query ExportDeleteWau { wau: metric(id: "wau", window: { last: "P7D" }) { value } }
`);

async function downloadNdjson(sessionId: unknown): Promise<{ status: number; type: string | null; lines: Record<string, unknown>[] }> {
  const response = await yoga.fetch('http://caro.localhost/export', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sessionId }),
  });
  const text = await response.text();
  const lines = response.status === 200 ? text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>) : [];
  return { status: response.status, type: response.headers.get('content-type'), lines };
}

const wau = async () => (await client.request(Wau)).wau.value;

describe('exportSessionData (#6)', () => {
  const alice = randomUUID();
  const bob = randomUUID();
  const sentAt = new Date(Date.now() - 5 * MINUTE);
  // Alice's client clock is 5 minutes behind: the export gives the corrected (stored) times.
  const aliceEvents = [
    fullEvent({ sessionId: alice, eventType: 'COMMAND_EXECUTED', timestamp: ago(HOUR + 5 * MINUTE) }),
    event({ sessionId: alice.toUpperCase(), timestamp: ago(2 * DAY + 5 * MINUTE) }),
  ];
  const aliceSurvey = survey({ sessionId: alice, survey: 'FEATURE', score: null, feature: 'MLX_BACKEND', answer: 'YES', persona: 'DEVOPS' });
  const bobEvent = event({ sessionId: bob, eventType: 'COMMAND_EXECUTED' });

  beforeAll(async () => {
    expect(await send.events(client, aliceEvents, sentAt.toISOString())).toMatchObject({ accepted: 2 });
    expect(await send.surveys(client, [aliceSurvey])).toMatchObject({ accepted: 1 });
    expect(await send.events(client, [bobEvent])).toMatchObject({ accepted: 1 });
  });

  it('returns every record of the session in the ingestion field names, with counts', async () => {
    const { exportSessionData: data } = await client.request(ExportSession, { sessionId: alice });
    expect(data.sessionId).toBe(alice);
    expect(data.counts).toEqual({ telemetryEvents: 2, surveyResponses: 1 });
    // Oldest first; every field as sent, the session id as presented (lower-case), the time skew-corrected.
    const [older, newer] = data.telemetryEvents;
    const skew = (e: { timestamp: string }) => new Date(e.timestamp).getTime() - new Date(aliceEvents[0]!.timestamp).getTime();
    expect(older!.eventId).toBe(aliceEvents[1]!.eventId);
    const { timestamp: sentTime, ...sentFields } = aliceEvents[0]!;
    const { timestamp, receivedAt, ...storedFields } = newer!;
    expect(storedFields).toEqual({ ...sentFields, sessionId: alice });
    // Received a few ms to a few s after sentAt + 5 min: the correction is (receive time - sentAt).
    const correction = new Date(timestamp).getTime() - new Date(sentTime).getTime();
    expect(correction).toBeGreaterThanOrEqual(5 * MINUTE);
    expect(correction).toBeLessThan(5 * MINUTE + 30_000);
    expect(new Date(receivedAt).getTime()).toBeGreaterThan(sentAt.getTime());
    expect(skew(older!)).toBeLessThan(0);
    expect(data.surveyResponses).toEqual([
      expect.objectContaining({ ...aliceSurvey, score: null, timestamp: expect.any(String), receivedAt: expect.any(String) }),
    ]);
  });

  it('a session with nothing stored exports nothing', async () => {
    const { exportSessionData: data } = await client.request(ExportSession, { sessionId: randomUUID() });
    expect(data).toMatchObject({ counts: { telemetryEvents: 0, surveyResponses: 0 }, telemetryEvents: [], surveyResponses: [] });
  });

  it('a session id that is not a UUID is refused by GraphQL', async () => {
    const errors = await requestErrors(client.request(ExportSession, { sessionId: '/home/alice' }));
    expect(errors[0]!.message).toMatch(/UUID/);
  });

  it('the exported types have exactly the fields and types of the ingestion inputs, plus receivedAt', () => {
    for (const [input, output] of [['TelemetryEventInput', 'ExportedTelemetryEvent'], ['SurveyResponseInput', 'ExportedSurveyResponse']] as const) {
      const inputType = schema.getType(input);
      const outputType = schema.getType(output);
      if (!isInputObjectType(inputType) || !isObjectType(outputType)) throw new Error(`${input} or ${output} missing`);
      const shape = (fields: Record<string, { type: Parameters<typeof getNamedType>[0] }>) =>
        Object.fromEntries(Object.entries(fields).map(([name, f]) => [name, `${getNamedType(f.type)!.name}${isNonNullType(f.type) ? '!' : ''}`]));
      const expected = shape(inputType.getFields());
      // A closed set travels in as a String listing its values (#11) and may come back as the enum of exactly those values.
      for (const [name, field] of Object.entries(inputType.getFields())) {
        const allowed = field.extensions.allowedValues as string[] | undefined;
        const out = outputType.getFields()[name] && getNamedType(outputType.getFields()[name]!.type);
        if (allowed && isEnumType(out) && out.getValues().map((v) => v.name).sort().join() === [...allowed].sort().join())
          expected[name] = expected[name]!.replace('String', out.name);
      }
      expect(shape(outputType.getFields())).toEqual({ ...expected, receivedAt: 'DateTime!' });
    }
  });

  it('NDJSON download: the same records, one per line, then a summary', async () => {
    const { status, type, lines } = await downloadNdjson(alice);
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/x-ndjson/);
    const { exportSessionData: data } = await client.request(ExportSession, { sessionId: alice });
    expect(lines.map(({ recordType, ...record }) => [recordType, record])).toEqual([
      ...data.telemetryEvents.map((e) => ['telemetryEvent', e]),
      ...data.surveyResponses.map((r) => ['surveyResponse', r]),
      ['summary', { sessionId: alice, counts: { telemetryEvents: 2, surveyResponses: 1 } }],
    ]);
  });

  it('NDJSON download refuses a body without a UUID session id (400) and other methods (405)', async () => {
    for (const bad of ['not-a-uuid', 42, null, 'alice@example.com']) expect((await downloadNdjson(bad)).status).toBe(400);
    expect((await yoga.fetch('http://caro.localhost/export', { method: 'GET' })).status).toBe(405);
  });

  it(`past EXPORT_MAX_RECORDS GraphQL answers EXPORT_TOO_LARGE; the NDJSON stream pages through all of them`, async () => {
    const carol = randomUUID();
    // 2 500 events, many sharing a timestamp: paging by (timestamp, id) must neither skip nor repeat.
    const at = [ago(3 * HOUR), ago(2 * HOUR), ago(HOUR)];
    const events = Array.from({ length: 2500 }, (_, i) => event({ sessionId: carol, timestamp: at[i % 3]! }));
    for (let i = 0; i < events.length; i += 1000) await send.events(client, events.slice(i, i + 1000));
    const errors = await requestErrors(client.request(ExportSession, { sessionId: carol }));
    expect(errors[0]!.extensions?.code).toBe('EXPORT_TOO_LARGE');
    expect(errors[0]!.message).toMatch(/2500.*1200.*\/export/);
    const { lines } = await downloadNdjson(carol);
    const ids = lines.filter((l) => l.recordType === 'telemetryEvent').map((l) => l.eventId);
    expect(new Set(ids).size).toBe(2500);
    expect(ids).toHaveLength(2500);
    expect(lines.at(-1)).toEqual({ recordType: 'summary', sessionId: carol, counts: { telemetryEvents: 2500, surveyResponses: 0 } });
  });
});

describe('deleteSessionData (#6)', () => {
  const dave = randomUUID();
  const erin = randomUUID();
  const daveEvents = [event({ sessionId: dave, eventType: 'COMMAND_EXECUTED' }), event({ sessionId: dave, eventType: 'COMMAND_EXECUTED' })];
  const erinEvent = event({ sessionId: erin, eventType: 'COMMAND_EXECUTED' });
  let wauBefore: number | null | undefined;

  beforeAll(async () => {
    wauBefore = await wau();
    await send.events(client, [...daveEvents, erinEvent]);
    await send.surveys(client, [survey({ sessionId: dave, survey: 'CSAT', score: 4 }), survey({ sessionId: dave, survey: 'NPS', score: 3 })]);
  });

  it('deletes every record of the session, returns the counts, and the metrics follow', async () => {
    expect(await wau()).toBe(wauBefore! + 2);
    const before = Date.now();
    const { deleteSessionData: receipt } = await client.request(DeleteSession, { sessionId: dave.toUpperCase() });
    expect(receipt).toMatchObject({ telemetryEvents: 2, surveyResponses: 2 });
    expect(new Date(receipt!.deletedAt).getTime()).toBeGreaterThan(before - 1000);
    expect(new Date(receipt!.deletedAt).getMilliseconds()).toBe(0);
    const { exportSessionData: left } = await client.request(ExportSession, { sessionId: dave });
    expect(left.counts).toEqual({ telemetryEvents: 0, surveyResponses: 0 });
    // Erin is untouched; dave no longer counts as a weekly active user.
    expect((await client.request(ExportSession, { sessionId: erin })).exportSessionData.counts.telemetryEvents).toBe(1);
    expect(await wau()).toBe(wauBefore! + 1);
  });

  it('keeps a receipt that holds nothing of the session (no id, no hash); the hash is only in the tombstone (#11)', async () => {
    const receipts = await db.prisma.deletionReceipt.findMany();
    expect(receipts.some((r) => r.telemetryEvents === 2 && r.surveyResponses === 2)).toBe(true);
    expect(await findInDatabase([dave, hmac(dave)])).toEqual([{ table: 'deleted_sessions', needle: hmac(dave) }]);
  });

  it('deleting again deletes nothing and keeps no second receipt (#11)', async () => {
    const receipts = await db.prisma.deletionReceipt.count();
    const { deleteSessionData: receipt } = await client.request(DeleteSession, { sessionId: dave });
    expect(receipt).toBeNull();
    expect(await db.prisma.deletionReceipt.count()).toBe(receipts);
  });

  it('is one transaction: when the receipt cannot be written, nothing is deleted', async () => {
    const frank = randomUUID();
    await send.events(client, [event({ sessionId: frank }), event({ sessionId: frank })]);
    const receiptsBefore = await db.prisma.deletionReceipt.count();
    await db.sql.execute(sql`ALTER TABLE deletion_receipts RENAME TO deletion_receipts_away`);
    try {
      const errors = await requestErrors(client.request(DeleteSession, { sessionId: frank }));
      // Unexpected errors are masked: no SQL, no table name.
      expect(errors[0]!.message).toBe('Unexpected error.');
    } finally {
      await db.sql.execute(sql`ALTER TABLE deletion_receipts_away RENAME TO deletion_receipts`);
    }
    expect((await client.request(ExportSession, { sessionId: frank })).exportSessionData.counts.telemetryEvents).toBe(2);
    expect(await db.prisma.deletionReceipt.count()).toBe(receiptsBefore);
  });
});
