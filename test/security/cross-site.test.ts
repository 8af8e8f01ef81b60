/**
 * Issue #11, item 2: a web page must not be able to drive the open (no-token) server, where the
 * caller is ADMIN. The probe created a silence with a cross-site form POST, got any Origin reflected
 * with credentials, and got 200 for a rebound Host name. Now: an allow-list of origins (CORS_ORIGINS,
 * one origin listed for this file), JSON bodies and GET queries only, and the Host checked in open mode.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.CORS_ORIGINS = 'https://dash.example.com';
});

import { db } from '../../src/db.js';
import { parseConfig } from '../../src/env.js';
import { createToken } from '../../src/privacy/tokens.js';
import { yoga } from '../../src/yoga.js';
import { countRows } from '../support/ingestion.js';

const CREATE_SILENCE = 'mutation{createSilence(input:{metricId:"latency_p95",endsAt:"2099-01-01T00:00:00Z",comment:"x"}){id}}';
const EVIL = 'https://evil.example';

const call = (url: string, init: RequestInit = {}) => yoga.fetch(url, init);
const codeOf = async (response: Response) => ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;

describe('a cross-site form cannot run a mutation on the open server (#11)', () => {
  it('the probe’s urlencoded form POST gets 415 and creates no silence', async () => {
    const response = await call('http://127.0.0.1:4000/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ query: CREATE_SILENCE }).toString(),
    });
    expect([response.status, await codeOf(response)]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect(await countRows('silences')).toBe(0);
  });

  it.each([
    ['multipart/form-data; boundary=x', `--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n${CREATE_SILENCE}\r\n--x--\r\n`],
    ['text/plain', JSON.stringify({ query: CREATE_SILENCE })],
    ['', JSON.stringify({ query: CREATE_SILENCE })],
  ])('Content-Type "%s" gets 415 and runs nothing', async (type, body) => {
    const headers: Record<string, string> = type ? { 'content-type': type } : {};
    const response = await call('http://127.0.0.1:4000/graphql', { method: 'POST', headers, body });
    expect(response.status).toBe(415);
    expect(await countRows('silences')).toBe(0);
  });

  it('a JSON POST from another web origin is refused 403 before it runs', async () => {
    const response = await call('http://127.0.0.1:4000/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: EVIL },
      body: JSON.stringify({ query: CREATE_SILENCE }),
    });
    expect([response.status, await codeOf(response)]).toEqual([403, 'FORBIDDEN']);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(await countRows('silences')).toBe(0);
  });

  it('a GET query from another origin is refused too; mutations over GET never run', async () => {
    const read = await call('http://127.0.0.1:4000/graphql?query=%7B__typename%7D', { headers: { origin: EVIL } });
    expect(read.status).toBe(403);
    const mutation = await call(`http://127.0.0.1:4000/graphql?query=${encodeURIComponent(CREATE_SILENCE)}`);
    expect(mutation.status).toBe(405);
    expect(await countRows('silences')).toBe(0);
  });
});

describe('CORS: only listed origins, never with credentials (#11)', () => {
  const preflight = (origin: string) =>
    call('http://127.0.0.1:4000/graphql', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });

  it('another origin is not reflected', async () => {
    const response = await preflight(EVIL);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('a listed origin gets CORS headers without credentials, and its requests run', async () => {
    const response = await preflight('https://dash.example.com');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    // If-None-Match and ETag: a dashboard on another origin revalidates its GET answers (#13).
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization, content-type, content-encoding, if-none-match');
    const answer = await call('http://127.0.0.1:4000/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://dash.example.com' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://dash.example.com');
    expect(answer.headers.get('access-control-expose-headers')).toBe('retry-after, etag');
  });

  it('the server’s own origin may call (a page it serves), without CORS headers', async () => {
    const answer = await call('http://127.0.0.1:4000/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:4000' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('CORS_ORIGINS takes origins only: no wildcard, no path', () => {
    expect(parseConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).CORS_ORIGINS).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(parseConfig({}).CORS_ORIGINS).toEqual([]);
    for (const bad of ['*', 'https://a.example/app', 'a.example', 'ftp://a.example'])
      expect(() => parseConfig({ CORS_ORIGINS: bad }), bad).toThrow(/CORS_ORIGINS/);
  });
});

describe('DNS rebinding: the open server answers only local Host names (#11)', () => {
  const ask = (host: string) =>
    call(`http://${host}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });

  it.each(['rebind.evil.example', 'rebind.evil.example:4000', '10.0.0.5', 'localhost.evil.example'])('Host %s gets 403', async (host) => {
    const response = await ask(host);
    expect([response.status, await codeOf(response)]).toEqual([403, 'FORBIDDEN']);
  });

  it.each(['127.0.0.1:4000', 'localhost:4000', '[::1]:4000', 'caro.localhost'])('Host %s is served', async (host) => {
    expect((await ask(host)).status).toBe(200);
  });

  describe('once a token exists, the Host no longer matters (a page cannot present the token)', () => {
    let secret = '';
    beforeAll(async () => {
      secret = (await createToken(db.prisma, { name: 'cross-site', scope: 'READ' })).secret;
    });

    it('any Host with the token is served; without it, 401', async () => {
      const init = (headers: Record<string, string>) => ({
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect((await call('http://metrics.example.com/graphql', init({ authorization: `Bearer ${secret}` }))).status).toBe(200);
      expect((await call('http://rebind.evil.example/graphql', init({}))).status).toBe(401);
    });
  });
});
