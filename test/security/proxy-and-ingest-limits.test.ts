/**
 * Issue #11, item 5: the INGEST token ships in every CLI, so one script at ~100 req/s used up its
 * rate limit for every install; TRUST_PROXY believed the first X-Forwarded-For entry (which the
 * client writes); and open mode behind a proxy served every proxied caller as ADMIN. This file runs
 * behind one trusted proxy (TRUST_PROXY=1) with a per-token limit of 3 requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  Object.assign(process.env, { TRUST_PROXY: '1', RATE_LIMIT_PER_ADDRESS: '100', RATE_LIMIT_PER_TOKEN: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });
});

import { db } from '../../src/db.js';
import { parseConfig } from '../../src/env.js';
import { createToken } from '../../src/privacy/tokens.js';
import { createClientAddress } from '../../src/server/client-address.js';
import { yoga } from '../../src/yoga.js';
import { startServer } from '../support/server-process.js';

const PROXY = '10.0.0.2';

/** A request as the proxy forwards it: from the proxy's socket, with the client appended to X-Forwarded-For. */
async function viaProxy(client: string, token?: string, claimed?: string) {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': claimed ? `${claimed}, ${client}` : client };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await yoga.fetch(
    'http://metrics.example.com/graphql',
    { method: 'POST', headers, body: JSON.stringify({ query: '{ __typename }' }) },
    { req: { socket: { remoteAddress: PROXY } } },
  );
  return response.status;
}

describe('TRUST_PROXY takes a hop count or proxy addresses (#11)', () => {
  it('parses false, a count, and addresses or networks; refuses true and bad entries', () => {
    expect(parseConfig({}).TRUST_PROXY).toBeNull();
    expect(parseConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBeNull();
    expect(parseConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toEqual({ hops: 2 });
    expect(parseConfig({ TRUST_PROXY: '10.0.0.2, 10.1.0.0/16,::1' }).TRUST_PROXY).toEqual({ addresses: ['10.0.0.2', '10.1.0.0/16', '::1'] });
    for (const bad of ['true', 'yes', '10.0.0.300', '10.0.0.0/33', 'proxy.internal'])
      expect(() => parseConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY: expected false, a number of proxies/);
  });

  const address = (trust: Parameters<typeof createClientAddress>[0], peer: string, forwarded?: string) =>
    createClientAddress(trust)(
      new Request('http://x/', { headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded } }),
      { req: { socket: { remoteAddress: peer } } },
    );

  it.each([
    // [trust, socket peer, X-Forwarded-For, client address]
    [null, '198.51.100.7', '1.2.3.4', '198.51.100.7'],
    [{ hops: 1 }, PROXY, 'spoofed-by-client, 203.0.113.9', '203.0.113.9'],
    [{ hops: 2 }, PROXY, '1.2.3.4, 203.0.113.9, 10.0.0.3', '203.0.113.9'],
    [{ hops: 1 }, PROXY, undefined, PROXY],
    [{ hops: 3 }, PROXY, '203.0.113.9', '203.0.113.9'],
    [{ addresses: ['10.0.0.0/8'] }, PROXY, '192.0.2.1, 203.0.113.9, 10.0.0.5', '203.0.113.9'],
    [{ addresses: ['10.0.0.0/8'] }, '198.51.100.7', '1.2.3.4', '198.51.100.7'],
    [{ addresses: ['10.0.0.2'] }, `::ffff:${PROXY}`, '203.0.113.9', '203.0.113.9'],
    [{ addresses: ['10.0.0.0/8'] }, PROXY, '10.0.0.7, 10.0.0.5', '10.0.0.7'],
  ] as const)('trust %j, peer %s, X-Forwarded-For %s: the client is %s', (trust, peer, forwarded, expected) => {
    expect(address(trust, peer, forwarded)).toBe(expected);
  });
});

describe('open mode behind a trusted proxy (#11)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'caro-proxy-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses to start without tokens, saying why and what to do', async () => {
    const server = await startServer({ DATABASE_URL: process.env.DATABASE_URL, CARO_DATA_DIR: dataDir, TRUST_PROXY: '1' }, '/live');
    expect(await server.exited).toBe(1);
    expect(server.logs()).toMatch(/refusing to start behind a trusted proxy \(TRUST_PROXY\) without API tokens: every caller it forwards would be ADMIN/);
  }, 120_000);

  it('and the running app has no open mode either: without a token, 401', async () => {
    expect(await viaProxy('203.0.113.50')).toBe(401);
  });
});

describe('an INGEST token is limited per token and address (#11)', () => {
  const secrets = { INGEST: '', READ: '' };
  beforeAll(async () => {
    secrets.INGEST = (await createToken(db.prisma, { name: 'cli', scope: 'INGEST' })).secret;
    secrets.READ = (await createToken(db.prisma, { name: 'dash', scope: 'READ' })).secret;
  });

  it('one install’s runaway script is limited alone; other installs with the same token go on', async () => {
    for (let i = 0; i < 3; i += 1) expect(await viaProxy('203.0.113.1', secrets.INGEST)).toBe(200);
    expect(await viaProxy('203.0.113.1', secrets.INGEST)).toBe(429);
    // The script cannot dodge by writing another address into X-Forwarded-For: the proxy's entry counts.
    expect(await viaProxy('203.0.113.1', secrets.INGEST, '198.51.100.99')).toBe(429);
    for (let i = 0; i < 3; i += 1) expect(await viaProxy('203.0.113.2', secrets.INGEST)).toBe(200);
  });

  it('other tokens are limited per token, from whatever address', async () => {
    for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) expect(await viaProxy(client, secrets.READ)).toBe(200);
    expect(await viaProxy('203.0.113.4', secrets.READ)).toBe(429);
  });
});
