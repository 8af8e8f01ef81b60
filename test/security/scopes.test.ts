/**
 * Tokens and scopes (#6): once a token exists every request needs `Authorization: Bearer …` of an
 * unrevoked token, and each scope may call what it should and nothing else, on every Query and
 * Mutation field of the schema (fields added later fall under the default: READ for queries, ADMIN
 * for mutations), and on the NDJSON export endpoint.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { createToken, revokeToken, type Scope } from '../../src/privacy/tokens.js';
import { schema } from '../../src/schema/index.js';
import { yoga } from '../../src/yoga.js';
import { countRows } from '../support/ingestion.js';
import { event, gauge, survey } from '../support/records.js';

/** What each scope may call besides ADMIN, written out here independently of src/server/access.ts. */
const INGEST_MAY = new Set(['Query.exportSessionData', 'Query.telemetryPolicy', 'Mutation.ingestEvents', 'Mutation.submitSurveyResponses', 'Mutation.deleteSessionData']);
const READ_MAY_NOT = new Set(['Query.exportSessionData']);

function expectedAllowed(scope: Scope, type: 'Query' | 'Mutation', field: string): boolean {
  if (scope === 'ADMIN') return true;
  if (scope === 'INGEST') return INGEST_MAY.has(`${type}.${field}`);
  return type === 'Query' && !READ_MAY_NOT.has(`${type}.${field}`);
}

const secrets = {} as Record<Scope | 'REVOKED', string>;

interface Answer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

async function post(body: unknown, auth: string | null, path = '/graphql'): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth !== null) headers.authorization = auth;
  const response = await yoga.fetch(`http://caro.localhost${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await response.text();
  let parsed: Answer['body'] = {};
  try {
    parsed = JSON.parse(text.split('\n')[0]!) as Answer['body'];
  } catch {
    // NDJSON or empty bodies are read by the caller through status alone.
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

const as = (scope: Scope | 'REVOKED') => `Bearer ${secrets[scope]}`;
const gql = (scope: Scope | 'REVOKED' | null, query: string, variables?: Record<string, unknown>, operationName?: string) =>
  post({ query, variables, operationName }, scope === null ? null : as(scope));
const codes = (answer: Answer) => (answer.body.errors ?? []).map((e) => e.extensions?.code);

beforeAll(async () => {
  for (const scope of ['INGEST', 'READ', 'ADMIN'] as const) secrets[scope] = (await createToken(db.prisma, { name: `test-${scope.toLowerCase()}`, scope })).secret;
  secrets.REVOKED = (await createToken(db.prisma, { name: 'test-revoked', scope: 'ADMIN' })).secret;
  await revokeToken(db.prisma, 'test-revoked');
});

describe('authentication (#6)', () => {
  it('without a token: 401 with a Bearer challenge, nothing runs', async () => {
    const before = await countRows('telemetry_events');
    const answer = await gql(null, 'mutation($e: [TelemetryEventInput!]!) { ingestEvents(events: $e) { accepted } }', { e: [event()] });
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
    expect(await countRows('telemetry_events')).toBe(before);
  });

  it.each([
    ['an unknown token', 'Bearer caro_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG'],
    ['a revoked token', null],
    ['another scheme', 'Basic YWRtaW46YWRtaW4='],
    ['an empty bearer', 'Bearer '],
    ['a token hash instead of the token', 'Bearer 0f343b0931126a20f133d67c2b018a3b5e2a5e2f4d3b1c9a8f7e6d5c4b3a2910'],
  ])('with %s: 401 invalid_token', async (_, header) => {
    const answer = await post({ query: '{ __typename }' }, header ?? as('REVOKED'));
    expect(answer.status).toBe(401);
    expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
  });

  it('the scheme is case-insensitive', async () => {
    const answer = await post({ query: '{ __typename }' }, `bearer ${secrets.READ}`);
    expect(answer.status).toBe(200);
  });

  it('/health and /live stay open (they tell only up or down)', async () => {
    expect((await yoga.fetch('http://caro.localhost/health')).status).toBe(200);
    expect((await yoga.fetch('http://caro.localhost/live')).status).toBe(200);
  });

  it('records when a token was last used', async () => {
    await gql('READ', '{ __typename }');
    const token = await db.prisma.apiToken.findFirstOrThrow({ where: { name: 'test-read' } });
    expect(token.lastUsedAt).not.toBeNull();
    // Only the hash is stored.
    expect(token.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(await db.prisma.apiToken.findMany())).not.toContain(secrets.READ);
  });
});

describe('every root field, every scope (#6)', () => {
  const fields = (['Query', 'Mutation'] as const).flatMap((type) => {
    const root = type === 'Query' ? schema.getQueryType() : schema.getMutationType();
    return Object.keys(root?.getFields() ?? {}).map((field) => [type, field] as const);
  });
  const cases = fields.flatMap(([type, field]) => (['INGEST', 'READ', 'ADMIN'] as const).map((scope) => [scope, type, field] as const));

  it('covers the fields of this issue and those before it', () => {
    const names = fields.map(([type, field]) => `${type}.${field}`);
    for (const name of [...INGEST_MAY, 'Query.metric', 'Query.ingestionStats', 'Mutation.recordGauges', 'Mutation.purgeExpiredData'])
      expect(names).toContain(name);
  });

  it.each(cases)('%s → %s.%s', async (scope, type, field) => {
    // The scope check comes before validation: a bare selection is enough to see it.
    const answer = await gql(scope, `${type === 'Query' ? 'query' : 'mutation'} { ${field} }`);
    if (expectedAllowed(scope, type, field)) {
      expect(codes(answer)).not.toContain('FORBIDDEN');
    } else {
      expect(answer.status).toBe(403);
      expect(codes(answer)).toEqual(['FORBIDDEN']);
      expect(answer.body.errors![0]!.message).toContain(`${type}.${field}`);
    }
  });
});

describe('what each scope does, end to end (#6)', () => {
  const session = randomUUID();
  const ingest = 'mutation($e: [TelemetryEventInput!]!) { ingestEvents(events: $e) { accepted } }';

  it('INGEST writes records, exports and deletes its session, reads the policy; reads no metrics', async () => {
    const answer = await gql('INGEST', ingest, { e: [event({ sessionId: session })] });
    expect(answer.body.data).toEqual({ ingestEvents: { accepted: 1 } });
    const surveys = await gql('INGEST', 'mutation($r: [SurveyResponseInput!]!) { submitSurveyResponses(responses: $r) { accepted } }', {
      r: [survey({ sessionId: session })],
    });
    expect(surveys.body.data).toEqual({ submitSurveyResponses: { accepted: 1 } });
    const exported = await gql('INGEST', 'query($s: UUID!) { exportSessionData(sessionId: $s) { counts { telemetryEvents surveyResponses } } }', { s: session });
    expect(exported.body.data).toEqual({ exportSessionData: { counts: { telemetryEvents: 1, surveyResponses: 1 } } });
    expect((await post({ sessionId: session }, as('INGEST'), '/export')).status).toBe(200);
    expect((await gql('INGEST', '{ telemetryPolicy { retentionDays } }')).body.data).toEqual({ telemetryPolicy: { retentionDays: 90 } });
    expect(codes(await gql('INGEST', '{ ingestionStats { telemetryEvents { count } } }'))).toEqual(['FORBIDDEN']);
    const deleted = await gql('INGEST', 'mutation($s: UUID!) { deleteSessionData(sessionId: $s) { telemetryEvents surveyResponses } }', { s: session });
    expect(deleted.body.data).toEqual({ deleteSessionData: { telemetryEvents: 1, surveyResponses: 1 } });
  });

  it('READ reads metrics and stats; it cannot write, export or delete', async () => {
    const read = await gql('READ', '{ ingestionStats { telemetryEvents { count } } m: metric(id: "wau", window: { last: "P7D" }) { value } }');
    expect(read.status).toBe(200);
    expect(read.body.errors).toBeUndefined();
    const before = await countRows('telemetry_events');
    const write = await gql('READ', ingest, { e: [event()] });
    expect([write.status, codes(write)]).toEqual([403, ['FORBIDDEN']]);
    expect(await countRows('telemetry_events')).toBe(before);
    expect((await post({ sessionId: session }, as('READ'), '/export')).status).toBe(403);
  });

  it('ADMIN does everything: gauges, purge, and what the others do', async () => {
    const gauges = await gql('ADMIN', 'mutation($o: [GaugeObservationInput!]!) { recordGauges(observations: $o) { accepted } }', { o: [gauge()] });
    expect(gauges.body.data).toEqual({ recordGauges: { accepted: 1 } });
    expect((await gql('ADMIN', 'mutation { purgeExpiredData(dryRun: true) { total } }')).body.data).toEqual({ purgeExpiredData: { total: 0 } });
    expect((await gql('ADMIN', ingest, { e: [event()] })).body.data).toEqual({ ingestEvents: { accepted: 1 } });
    expect((await post({ sessionId: session }, as('ADMIN'), '/export')).status).toBe(200);
  });
});

describe('no way around the check (#6)', () => {
  it('one forbidden field among allowed ones refuses the whole operation', async () => {
    const answer = await gql('INGEST', '{ telemetryPolicy { retentionDays } ingestionStats { telemetryEvents { count } } }');
    expect(answer.status).toBe(403);
    expect(answer.body.errors![0]!.message).toContain('Query.ingestionStats');
    expect(answer.body.data).toBeUndefined();
  });

  it('fields reached through fragments and aliases count', async () => {
    const spread = await gql('INGEST', 'query { ...F } fragment F on Query { stats: ingestionStats { telemetryEvents { count } } }');
    expect(codes(spread)).toEqual(['FORBIDDEN']);
    const inline = await gql('READ', 'mutation { ... on Mutation { x: recordGauges(observations: []) { accepted } } }');
    expect(codes(inline)).toEqual(['FORBIDDEN']);
  });

  it('every operation of a document is checked, whichever one is named', async () => {
    const document = 'query Allowed { telemetryPolicy { retentionDays } } query Forbidden { ingestionStats { telemetryEvents { count } } }';
    expect(codes(await gql('INGEST', document, undefined, 'Allowed'))).toEqual(['FORBIDDEN']);
  });

  it('GET requests are checked the same way', async () => {
    const url = `http://caro.localhost/graphql?query=${encodeURIComponent('{ ingestionStats { telemetryEvents { count } } }')}`;
    const response = await yoga.fetch(url, { headers: { authorization: as('INGEST'), accept: 'application/json' } });
    expect(response.status).toBe(403);
  });

  it('a refusal is not cached: the same document stays allowed for READ after INGEST was refused', async () => {
    const document = '{ ingestionStats { telemetryEvents { count } } }';
    expect((await gql('READ', document)).status).toBe(200);
    expect((await gql('INGEST', document)).status).toBe(403);
    expect((await gql('READ', document)).status).toBe(200);
  });

  it('introspection meta fields are open to every token', async () => {
    expect((await gql('INGEST', '{ __typename }')).body.data).toEqual({ __typename: 'Query' });
  });

  it('a token revoked while in use stops working at the next request', async () => {
    const { secret } = await createToken(db.prisma, { name: 'short-lived', scope: 'READ' });
    expect((await post({ query: '{ __typename }' }, `Bearer ${secret}`)).status).toBe(200);
    await revokeToken(db.prisma, 'short-lived');
    expect((await post({ query: '{ __typename }' }, `Bearer ${secret}`)).status).toBe(401);
  });
});
