/**
 * Limits (#6): requests per client address and per token (429 with Retry-After, counted in memory
 * only), the size of an operation (depth, aliases, cost, tokens: QUERY_TOO_COMPLEX), and masked
 * unexpected errors. Small limits are configured for this file before src/env.ts loads.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  Object.assign(process.env, {
    RATE_LIMIT_PER_ADDRESS: '5',
    RATE_LIMIT_PER_TOKEN: '8',
    RATE_LIMIT_WINDOW_SECONDS: '60',
    MAX_QUERY_DEPTH: '5',
    MAX_QUERY_ALIASES: '3',
    MAX_QUERY_COST: '200',
    MAX_QUERY_TOKENS: '300',
  });
});

import { db } from '../../src/db.js';
import { createToken } from '../../src/privacy/tokens.js';
import { yoga } from '../../src/yoga.js';
import { event } from '../support/records.js';
import { findInDatabase } from './support/database-scan.js';

const tokens: Record<string, string> = {};

async function ask(query: string, options: { token: string; address?: string; headers?: Record<string, string>; variables?: unknown }) {
  const serverContext = options.address ? { req: { socket: { remoteAddress: options.address } } } : {};
  const response = await yoga.fetch(
    'http://caro.localhost/graphql',
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}`, ...options.headers },
      body: JSON.stringify({ query, variables: options.variables }),
    },
    serverContext,
  );
  const body = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body, codes: (body.errors ?? []).map((e) => e.extensions?.code) };
}

beforeAll(async () => {
  for (const name of ['address-a', 'address-b', 'token-a', 'token-b', 'shape', 'mask'])
    tokens[name] = (await createToken(db.prisma, { name, scope: 'ADMIN' })).secret;
});

describe('rate limit per client address (#6)', () => {
  it('the 6th request in the window from one address gets 429 with Retry-After; other addresses go on', async () => {
    const from = { token: tokens['address-a']!, address: '198.51.100.7' };
    for (let i = 0; i < 5; i += 1) expect((await ask('{ __typename }', from)).status).toBe(200);
    const limited = await ask('{ __typename }', from);
    expect(limited.status).toBe(429);
    expect(limited.codes).toEqual(['RATE_LIMITED']);
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(limited.retryAfter)).toBeLessThanOrEqual(60);
    expect((await ask('{ __typename }', { token: tokens['address-b']!, address: '198.51.100.8' })).status).toBe(200);
  });

  it('counts before authentication: guessing tokens from one address is limited too', async () => {
    const guess = await ask('{ __typename }', { token: 'caro_guess', address: '198.51.100.7' });
    expect(guess.status).toBe(429);
  });

  it('X-Forwarded-For is not trusted unless TRUST_PROXY is set', async () => {
    const spoofed = await ask('{ __typename }', { token: tokens['address-a']!, address: '198.51.100.7', headers: { 'x-forwarded-for': '192.0.2.1' } });
    expect(spoofed.status).toBe(429);
  });

  it('/health is never limited', async () => {
    const context = { req: { socket: { remoteAddress: '198.51.100.7' } } };
    expect((await yoga.fetch('http://caro.localhost/health', {}, context)).status).toBe(200);
  });
});

describe('rate limit per token (#6)', () => {
  it('the 9th request of one token in the window gets 429, from whatever address; other tokens go on', async () => {
    for (let i = 0; i < 8; i += 1) expect((await ask('{ __typename }', { token: tokens['token-a']!, address: `203.0.113.${i}` })).status).toBe(200);
    const limited = await ask('{ __typename }', { token: tokens['token-a']!, address: '203.0.113.99' });
    expect([limited.status, limited.codes]).toEqual([429, ['RATE_LIMITED']]);
    expect((await ask('{ __typename }', { token: tokens['token-b']! })).status).toBe(200);
  });

  it('no client address is written anywhere', async () => {
    expect(await findInDatabase(['198.51.100.7', '198.51.100.8', '203.0.113.', '192.0.2.1'])).toEqual([]);
  });
});

describe('operation size limits (#6)', () => {
  const shape = () => ({ token: tokens.shape! });
  const tooComplex = (answer: { codes: (string | undefined)[] }) => expect(answer.codes).toContain('QUERY_TOO_COMPLEX');

  it('depth beyond MAX_QUERY_DEPTH', async () => {
    tooComplex(await ask('{ a { b { c { d { e { f } } } } } }', shape()));
  });

  it('aliases beyond MAX_QUERY_ALIASES', async () => {
    const stats = 'ingestionStats { telemetryEvents { count } }';
    const answer = await ask(`{ a: ${stats} b: ${stats} c: ${stats} d: ${stats} }`, shape());
    tooComplex(answer);
    expect(answer.body.errors![0]!.message).toMatch(/Aliases limit of 3 exceeded, found 4/);
  });

  it('cost beyond MAX_QUERY_COST', async () => {
    const stats = 'ingestionStats { telemetryEvents { count first last } surveyResponses { count first last } safetyAudits { count } }';
    tooComplex(await ask(`{ ${Array(10).fill(stats).join(' ')} }`, shape()));
  });

  it('tokens beyond MAX_QUERY_TOKENS', async () => {
    tooComplex(await ask(`{ ${Array(400).fill('__typename').join(' ')} }`, shape()));
  });

  it('an ordinary batch of 1 000 events passes them all', async () => {
    const answer = await ask('mutation($e: [TelemetryEventInput!]!) { ingestEvents(events: $e) { accepted } }', {
      ...shape(),
      variables: { e: Array.from({ length: 1000 }, () => event()) },
    });
    expect(answer.body).toEqual({ data: { ingestEvents: { accepted: 1000 } } });
  });

  it('field suggestions are not given away', async () => {
    const answer = await ask('{ ingestionStat { telemetryEvents { count } } }', shape());
    expect(answer.body.errors![0]!.message).not.toMatch(/Did you mean/);
  });
});

describe('unexpected errors are masked (#6)', () => {
  it('a failing token check answers 503 without details', async () => {
    const spy = vi.spyOn(db.sql, 'query').mockRejectedValueOnce(new Error('SELECT id FROM api_tokens: connection refused'));
    try {
      const response = await yoga.fetch('http://caro.localhost/graphql?query=%7B__typename%7D', { headers: { authorization: `Bearer ${tokens.mask}` } });
      expect(response.status).toBe(503);
      const text = await response.text();
      expect(text).not.toMatch(/SELECT|api_tokens|refused|at /);
      expect(JSON.parse(text)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'UNAVAILABLE' } }] });
    } finally {
      spy.mockRestore();
    }
  });

  it('no SQL, no stack, no cause reaches the client', async () => {
    const query = db.sql.query.bind(db.sql);
    const failure = new Error('SELECT secret FROM telemetry_events: syntax error at /srv/caro/src/x.ts:1');
    const spy = vi.spyOn(db.sql, 'query').mockImplementation((fragment) =>
      fragment.render(db.dialect).text.includes('session_hash') ? Promise.reject(failure) : query(fragment),
    );
    try {
      const answer = await ask('query($s: UUID!) { exportSessionData(sessionId: $s) { counts { telemetryEvents } } }', {
        token: tokens.mask!,
        variables: { s: '6f1c2b0e-8d4a-4c8e-9a57-0b7e1f0c2d11' },
      });
      expect(answer.body.errors).toEqual([expect.objectContaining({ message: 'Unexpected error.' })]);
      const text = JSON.stringify(answer.body);
      for (const leak of ['SELECT', 'telemetry_events', '/srv/caro', 'stack', 'syntax error']) expect(text).not.toContain(leak);
    } finally {
      spy.mockRestore();
    }
  });
});
