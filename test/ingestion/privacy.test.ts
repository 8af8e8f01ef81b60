/**
 * Privacy (METRICS.md §1, issue #2): the raw sessionId never reaches the database; records carry
 * HMAC-SHA256(server secret, sessionId) as 64 hex characters. Nothing from the HTTP request (IP,
 * user agent) is stored either.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { db, sqlitePath } from '../../src/db.js';
import { env } from '../../src/env.js';
import { sql } from '../../src/sql/fragment.js';
import { createTestClient } from '../support/client.js';
import { send } from '../support/ingestion.js';
import { event, survey } from '../support/records.js';

const IP = '203.0.113.77';
const USER_AGENT = 'caro-cli/1.2.3 (alice-laptop)';
const client = createTestClient({ 'x-forwarded-for': IP, 'x-real-ip': IP, 'user-agent': USER_AGENT });

const alice = randomUUID();
const bob = randomUUID();
/** The hash computed independently of src/privacy, from the secret the test setup configures. */
const hmac = (sessionId: string) => createHmac('sha256', env.SESSION_HASH_SECRET!).update(sessionId.toLowerCase()).digest('hex');

async function dump(table: string): Promise<Record<string, unknown>[]> {
  return db.sql.query(sql`SELECT * FROM ${sql.raw(table)}`);
}

describe('session ids are stored only as a keyed hash (#2)', () => {
  const events = [event({ sessionId: alice }), event({ sessionId: alice.toUpperCase() }), event({ sessionId: bob })];
  const responses = [survey({ sessionId: alice }), survey({ sessionId: bob })];

  beforeAll(async () => {
    expect((await send.events(client, events)).accepted).toBe(3);
    expect((await send.surveys(client, responses)).accepted).toBe(2);
  });

  it('no table holds the raw session id, in any spelling', async () => {
    const text = JSON.stringify([await dump('telemetry_events'), await dump('survey_responses')]).toLowerCase();
    for (const id of [alice, bob]) {
      expect(text).not.toContain(id.toLowerCase());
      expect(text).not.toContain(id.replaceAll('-', '').toLowerCase());
    }
  });

  it.runIf(db.dialect === 'sqlite')('nor do the SQLite database files, byte for byte', async () => {
    const path = sqlitePath(env.DATABASE_URL);
    const files = [path, `${path}-wal`].filter(existsSync).map((file) => readFileSync(file).toString('latin1').toLowerCase());
    expect(files.length).toBeGreaterThan(0);
    for (const content of files) for (const id of [alice, bob]) expect(content).not.toContain(id);
  });

  it('session_hash is the 64-hex HMAC: same session, same hash; other session, other hash', async () => {
    const hashOf = async (eventId: string) =>
      (await db.prisma.telemetryEvent.findUniqueOrThrow({ where: { eventId } })).sessionHash;
    const [a1, a2, b] = await Promise.all(events.map((e) => hashOf(e.eventId)));
    expect(a1).toMatch(/^[0-9a-f]{64}$/);
    expect(a1).toBe(hmac(alice));
    expect(a2).toBe(a1); // upper-case spelling of the same UUID
    expect(b).toBe(hmac(bob));
    expect(b).not.toBe(a1);
  });

  it('surveys and events of one session share the hash', async () => {
    const rows = await db.prisma.surveyResponse.findMany({ where: { responseId: { in: responses.map((r) => r.responseId) } } });
    const byId = new Map(rows.map((r) => [r.responseId, r.sessionHash]));
    expect(byId.get(responses[0]!.responseId)).toBe(hmac(alice));
    expect(byId.get(responses[1]!.responseId)).toBe(hmac(bob));
  });

  it('the request IP and user agent are stored nowhere', async () => {
    const tables = ['telemetry_events', 'survey_responses', 'safety_audits', 'gauge_observations', 'subscription_events'];
    const text = JSON.stringify(await Promise.all(tables.map(dump)));
    expect(text).not.toContain(IP);
    expect(text).not.toContain('alice-laptop');
  });
});
