/**
 * Caching of the read API (#13): answers served from the server's memory until data changes
 * (ingestion, deletion, purge) or QUERY_CACHE_SECONDS pass; over GET, an ETag that follows the answer
 * and 304 on If-None-Match, after the scope check; automatic persisted queries (Apollo's APQ).
 * Tokens exist in this file, so every request carries one.
 */
import { createHash, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { db } from '../../src/db.js';
import { env } from '../../src/env.js';
import { createToken, type Scope } from '../../src/privacy/tokens.js';
import { yoga } from '../../src/yoga.js';
import { loadFixture } from '../support/metric-tester.js';
import { ev, event } from '../support/records.js';

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
/** Midnight UTC `n` days from today, as ISO. */
const day = (n: number, hours = 0) => new Date(today + n * DAY + hours * 3_600_000).toISOString();
const RECORD_TABLES = /\b(telemetry_events|survey_responses|gauge_observations|event_days|session_days|session_first_seen)\b/;

const secrets = {} as Record<Scope, string>;

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] } | null;
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === '' ? null : (JSON.parse(text) as Answer['body']) };
}

/** A GET of /graphql with `params` in the query string (objects as JSON). */
async function get(scope: Scope, params: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL('http://caro.localhost/graphql');
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  return answerOf(await yoga.fetch(url, { headers: { authorization: `Bearer ${secrets[scope]}`, accept: 'application/json', ...headers } }));
}

async function post(scope: Scope, body: Record<string, unknown>): Promise<Answer> {
  const headers = { authorization: `Bearer ${secrets[scope]}`, 'content-type': 'application/json' };
  return answerOf(await yoga.fetch('http://caro.localhost/graphql', { method: 'POST', headers, body: JSON.stringify(body) }));
}

const INGEST = 'mutation Ingest($events: [TelemetryEventInput!]!) { ingestEvents(events: $events) { accepted } }';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (query: string) => ({ persistedQuery: { version: 1, sha256Hash: sha256(query) } });

beforeAll(async () => {
  for (const scope of ['INGEST', 'READ', 'ADMIN'] as const) secrets[scope] = (await createToken(db.prisma, { name: `cache-${scope.toLowerCase()}`, scope })).secret;
});

describe('the ETag follows the answer; If-None-Match gets 304 (#13)', () => {
  const STARS = 'query Stars($window: TimeWindowInput) { metric(id: "github_stars", window: $window) { value } }';
  const variables = { window: { from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z' } };
  const recordStars = (value: number, observedAt: string) =>
    post('ADMIN', {
      query: 'mutation Stars($g: [GaugeObservationInput!]!) { recordGauges(observations: $g) { accepted } }',
      variables: { g: [{ source: 'github', name: 'stars', value, observedAt }] },
    });

  it('a GET query: ETag and Cache-Control private; 304 while unchanged; a new ETag and answer once a gauge is recorded', async () => {
    expect((await recordStars(100, '2026-11-03T00:00:00Z')).body?.data).toEqual({ recordGauges: { accepted: 1 } });
    const first = await get('READ', { query: STARS, variables });
    // The latest observation before `to`: 100.
    expect(first.body?.data).toEqual({ metric: { value: 100 } });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const unchanged = await get('READ', { query: STARS, variables }, { 'if-none-match': etag! });
    expect(unchanged.status).toBe(304);
    expect(unchanged.body).toBeNull();
    expect(unchanged.headers.get('etag')).toBe(etag);

    expect((await recordStars(120, '2026-11-05T00:00:00Z')).body?.data).toEqual({ recordGauges: { accepted: 1 } });
    const changed = await get('READ', { query: STARS, variables }, { 'if-none-match': etag! });
    expect(changed.status).toBe(200);
    expect(changed.body?.data).toEqual({ metric: { value: 120 } });
    expect(changed.headers.get('etag')).not.toBe(etag);

    // An observation after the window changes nothing in this answer: the same ETag, 304 again.
    await recordStars(130, '2026-11-20T00:00:00Z');
    expect((await get('READ', { query: STARS, variables }, { 'if-none-match': changed.headers.get('etag')! })).status).toBe(304);
  });

  it('a mutation has no ETag, and none over GET runs', async () => {
    const mutation = await recordStars(140, '2026-10-01T00:00:00Z');
    expect(mutation.headers.get('etag')).toBeNull();
    const overGet = await get('ADMIN', { query: 'mutation { purgeExpiredData { telemetryEvents } }' });
    expect(overGet.status).toBe(405);
    expect(overGet.headers.get('etag')).toBeNull();
  });

  it('a deleted session changes the answer and its ETag', async () => {
    const alice = randomUUID();
    const NEW_USERS = 'query NewUsers($window: TimeWindowInput) { metric(id: "new_users", window: $window) { value } }';
    const window = { window: { from: day(-7), to: day(0) } };
    // Through the API, whose ingestion stores the session id's keyed hash, as deletion looks it up.
    const install = (sessionId: string, timestamp: string) => event({ sessionId, timestamp, eventType: 'INSTALLED' });
    const sent = await post('INGEST', { query: INGEST, variables: { events: [install(alice, day(-2, 12)), install(randomUUID(), day(-3, 12))] } });
    expect(sent.body?.data).toEqual({ ingestEvents: { accepted: 2 } });
    const before = await get('READ', { query: NEW_USERS, variables: window });
    expect(before.body?.data).toEqual({ metric: { value: 2 } });
    const deleted = await post('INGEST', { query: 'mutation Forget($id: UUID!) { deleteSessionData(sessionId: $id) { telemetryEvents } }', variables: { id: alice } });
    expect(deleted.body?.data).toEqual({ deleteSessionData: { telemetryEvents: 1 } });
    const after = await get('READ', { query: NEW_USERS, variables: window }, { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(after.body?.data).toEqual({ metric: { value: 1 } });
  });

  it('purged records change the answer and its ETag', async () => {
    // Four months ago, past the 90-day retention: loaded through the ingestion core as a backfill.
    const s = randomUUID();
    await loadFixture({ events: [ev(s, day(-120, 1), 'COMMAND_GENERATED'), ev(s, day(-120, 2), 'COMMAND_EXECUTED')] });
    const RATE = 'query OldRate($window: TimeWindowInput) { metric(id: "execution_rate", window: $window) { value } }';
    const window = { window: { from: day(-121), to: day(-119) } };
    const before = await get('READ', { query: RATE, variables: window });
    expect(before.body?.data).toEqual({ metric: { value: 1 } }); // 1 EXEC / 1 GEN
    const purged = await post('ADMIN', { query: 'mutation { purgeExpiredData { telemetryEvents } }' });
    expect(purged.body?.data).toEqual({ purgeExpiredData: { telemetryEvents: 2 } });
    const after = await get('READ', { query: RATE, variables: window }, { 'if-none-match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(after.body?.data).toEqual({ metric: { value: null } }); // no generation left: no data
  });

  it('time passing: after QUERY_CACHE_SECONDS a rolling window is computed again, and has moved', async () => {
    const WAU = 'query Wau { metric(id: "wau", window: { last: "P7D" }) { window { to } } }';
    const first = await get('READ', { query: WAU });
    const again = await get('READ', { query: WAU }, { 'if-none-match': first.headers.get('etag')! });
    expect(again.status).toBe(304);
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + (env.QUERY_CACHE_SECONDS + 1) * 1000 });
    try {
      const later = await get('READ', { query: WAU }, { 'if-none-match': first.headers.get('etag')! });
      expect(later.status).toBe(200);
      const moved = new Date(later.body?.data?.metric.window.to).getTime() - new Date(first.body?.data?.metric.window.to).getTime();
      expect(moved).toBeGreaterThan(env.QUERY_CACHE_SECONDS * 1000);
    } finally {
      vi.useRealTimers();
    }
  });

  it("the scope is checked before any 304: an INGEST token with a READ answer's ETag is refused", async () => {
    const first = await get('READ', { query: STARS, variables });
    const refused = await get('INGEST', { query: STARS, variables }, { 'if-none-match': first.headers.get('etag')! });
    expect(refused.status).toBe(403);
    expect(refused.body?.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});

describe('a repeated answer costs no SQL until data changes (#13)', () => {
  it('the same query twice reads records once; after an ingestion, again', async () => {
    const QUERY = 'query Gen($w: TimeWindowInput) { metric(id: "commands_generated_per_user", window: $w) { value series(granularity: DAY) { value } } }';
    const variables = { w: { from: day(-7), to: day(0) } };
    const spy = vi.spyOn(db.reads, 'query');
    const reads = () => spy.mock.calls.filter(([query]) => RECORD_TABLES.test(query.render(db.dialect).text)).length;
    try {
      const s = randomUUID();
      await loadFixture({ events: [ev(s, day(-1, 1), 'COMMAND_GENERATED'), ev(s, day(-1, 2), 'COMMAND_EXECUTED')] });
      const first = await post('READ', { query: QUERY, variables });
      const cold = reads();
      expect(cold).toBeGreaterThan(0);
      // 1 generation / 1 active session, per 7 days of a 7-day window.
      expect(first.body?.data?.metric.value).toBe(1);
      const second = await post('READ', { query: QUERY, variables });
      expect(second.body).toEqual(first.body);
      expect(reads()).toBe(cold);

      await loadFixture({ events: [ev(s, day(-1, 3), 'COMMAND_GENERATED')] });
      const third = await post('READ', { query: QUERY, variables });
      expect(reads()).toBeGreaterThan(cold);
      expect(third.body?.data?.metric.value).toBe(2);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('automatic persisted queries (#13)', () => {
  const QUERY = 'query Persisted { metricDefinitions { id } }';

  it('hash alone: PERSISTED_QUERY_NOT_FOUND; with the document: registered; then GET with the hash alone answers, with an ETag', async () => {
    const unknown = await get('READ', { extensions: persisted(QUERY) });
    expect(unknown.status).toBe(404);
    expect(unknown.body?.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

    const registered = await post('READ', { query: QUERY, extensions: persisted(QUERY) });
    expect(registered.status).toBe(200);
    expect(registered.body?.data?.metricDefinitions).toContainEqual({ id: 'execution_rate' });

    const byHash = await get('READ', { extensions: persisted(QUERY) });
    expect(byHash.status).toBe(200);
    expect(byHash.body).toEqual(registered.body);
    const again = await get('READ', { extensions: persisted(QUERY) }, { 'if-none-match': byHash.headers.get('etag')! });
    expect(again.status).toBe(304);
  });

  it('a document under another hash: PERSISTED_QUERY_MISMATCH, nothing registered', async () => {
    const other = 'query Other { dashboards { id } }';
    const mismatch = await post('READ', { query: other, extensions: persisted('query Else { alerts { ruleId } }') });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body?.errors?.map((e) => e.extensions?.code)).toEqual(['PERSISTED_QUERY_MISMATCH']);
    expect((await get('READ', { extensions: persisted('query Else { alerts { ruleId } }') })).status).toBe(404);
  });

  it('a persisted document is scope-checked like any other: INGEST may not run a read by its hash', async () => {
    const query = 'query PersistedRead { dashboards { id } }';
    expect((await post('READ', { query, extensions: persisted(query) })).status).toBe(200);
    const refused = await get('INGEST', { extensions: persisted(query) });
    expect(refused.status).toBe(403);
    expect(refused.body?.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
