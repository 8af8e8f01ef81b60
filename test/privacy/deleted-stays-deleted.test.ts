/**
 * Issue #11, item 4: after deleteSessionData, the client retrying an old batch stored the session's
 * events again. Now a tombstone (the keyed hash only) refuses later records of a deleted session
 * with SESSION_DELETED; a delete of a session with nothing stored writes no receipt; export and
 * delete are limited per caller address (3 per hour in this file); and on SQLite the deleted rows
 * are not left readable in the database file.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.SESSION_DATA_REQUESTS_PER_HOUR = '3';
});

import { db, sqlitePath } from '../../src/db.js';
import { env } from '../../src/env.js';
import { sql } from '../../src/sql/fragment.js';
import { yoga } from '../../src/yoga.js';
import { graphql } from '../client/gql/index.js';
import { createTestClient } from '../support/client.js';
import { countRows, send, storedIds } from '../support/ingestion.js';
import { event, survey } from '../support/records.js';

const client = createTestClient();
const hmac = (sessionId: string) => createHmac('sha256', env.SESSION_HASH_SECRET!).update(sessionId.toLowerCase()).digest('hex');

const DeleteSession = graphql(`
  mutation DeleteSessionAgain($sessionId: UUID!) {
    deleteSessionData(sessionId: $sessionId) { id telemetryEvents surveyResponses }
  }
`);

describe('a deleted session stays deleted (#11)', () => {
  const alice = randomUUID();
  const bob = randomUUID();
  const oldEvents = [event({ sessionId: alice }), event({ sessionId: alice }), event({ sessionId: bob })];
  const oldSurvey = survey({ sessionId: alice });

  beforeAll(async () => {
    await send.events(client, oldEvents);
    await send.surveys(client, [oldSurvey]);
    const { deleteSessionData } = await client.request(DeleteSession, { sessionId: alice });
    expect(deleteSessionData).toMatchObject({ telemetryEvents: 2, surveyResponses: 1 });
  });

  it('the client retrying its old batch stores none of the session’s events; the other session’s are duplicates as before', async () => {
    const result = await send.events(client, oldEvents);
    expect(result).toEqual({
      accepted: 0,
      duplicates: 1,
      rejected: 2,
      errors: [0, 1].map((index) => ({ index, code: 'SESSION_DELETED', field: 'sessionId', message: expect.any(String) })),
    });
    expect(await storedIds('telemetry_events', oldEvents.map((e) => e.eventId))).toEqual([oldEvents[2]!.eventId.toLowerCase()]);
  });

  it('new records of the session, events or survey answers, in any spelling of its id, are refused too', async () => {
    const events = await send.events(client, [event({ sessionId: alice.toUpperCase() }), event()]);
    expect(events).toMatchObject({ accepted: 1, rejected: 1, errors: [{ index: 0, code: 'SESSION_DELETED' }] });
    expect(await send.surveys(client, [oldSurvey])).toMatchObject({ accepted: 0, rejected: 1, errors: [{ index: 0, code: 'SESSION_DELETED' }] });
  });

  it('the tombstone is the keyed hash alone', async () => {
    const rows = await db.sql.query(sql`SELECT * FROM deleted_sessions`);
    expect(rows).toEqual([{ session_hash: hmac(alice) }]);
  });
});

describe('a delete of a session with nothing stored writes no receipt (#11)', () => {
  it('answers null and adds no receipt row, and the session is refused from then on', async () => {
    const receipts = await countRows('deletion_receipts');
    const unknown = randomUUID();
    expect((await client.request(DeleteSession, { sessionId: unknown })).deleteSessionData).toBeNull();
    expect(await countRows('deletion_receipts')).toBe(receipts);
    // A batch sent before the deletion that arrives after it.
    expect(await send.events(client, [event({ sessionId: unknown })])).toMatchObject({ accepted: 0, rejected: 1 });
  });
});

describe('export and delete are limited per caller address (#11)', () => {
  const from = (address: string) => ({ req: { socket: { remoteAddress: address } } });
  const gql = (query: string, address: string) =>
    yoga.fetch('http://caro.localhost/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) }, from(address));
  const exportOne = `{ exportSessionData(sessionId: "${randomUUID()}") { counts { telemetryEvents } } }`;
  const deleteOne = () => `mutation { deleteSessionData(sessionId: "${randomUUID()}") { id } }`;

  it('the 4th export or delete from one address in the hour gets 429 with Retry-After; another address goes on', async () => {
    expect((await gql(exportOne, '198.51.100.20')).status).toBe(200);
    expect((await gql(deleteOne(), '198.51.100.20')).status).toBe(200);
    const download = await yoga.fetch('http://caro.localhost/export', { method: 'POST', body: JSON.stringify({ sessionId: randomUUID() }) }, from('198.51.100.20'));
    expect(download.status).toBe(200);
    await download.text();

    const limited = await gql(deleteOne(), '198.51.100.20');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(3000);
    expect(await limited.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
    const limitedDownload = await yoga.fetch('http://caro.localhost/export', { method: 'POST', body: '{}' }, from('198.51.100.20'));
    expect(limitedDownload.status).toBe(429);

    expect((await gql(exportOne, '198.51.100.21')).status).toBe(200);
  });

  it('other requests from that address are not counted against it', async () => {
    expect((await gql('{ telemetryPolicy { retentionDays } }', '198.51.100.20')).status).toBe(200);
    expect((await gql(`mutation EmptyBatch { ingestEvents(events: []) { accepted } }`, '198.51.100.20')).status).toBe(200);
  });
});

describe.runIf(db.dialect === 'sqlite')('on SQLite, deleted rows do not stay readable in the file (#11)', () => {
  it('an event id deleted with its session is found neither in the database file nor in its WAL', async () => {
    const carol = randomUUID();
    const marker = event({ sessionId: carol });
    await send.events(client, [marker]);
    await client.request(DeleteSession, { sessionId: carol });
    await db.sql.runScript('PRAGMA wal_checkpoint(TRUNCATE)');
    const file = sqlitePath(env.DATABASE_URL);
    for (const path of [file, `${file}-wal`]) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        continue;
      }
      expect(bytes.includes(marker.eventId.toLowerCase()), path).toBe(false);
    }
  });
});
