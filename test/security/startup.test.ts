/**
 * Where the server agrees to listen (#6), started as `npm start` runs it: with no token defined it
 * serves on loopback only and warns; asked to listen elsewhere without a token it refuses to start
 * with a clear message; with a token it listens anywhere and every request needs one. It starts the
 * purge schedule and stops it on SIGTERM. Three starts per database: each costs a few seconds.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { parseConfig } from '../../src/env.js';
import { createToken } from '../../src/privacy/tokens.js';
import { isLoopbackHost } from '../../src/server/use-auth.js';
import { type ServerProcess, startServer } from '../support/server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'caro-startup-'));
const running: ChildProcess[] = [];

/** `npm start` on this test file's database; resolves once the server answers /live, or has exited. */
async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServer({ CARO_DATA_DIR: dataDir, ...env }, '/live');
  running.push(server.child);
  return server;
}

const ask = (port: number, headers: Record<string, string> = {}) =>
  fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ telemetryPolicy { retentionDays } }' }),
  });

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('configuration (#6)', () => {
  it('refuses a PURGE_SCHEDULE that is not a cron pattern, naming it', () => {
    expect(() => parseConfig({ PURGE_SCHEDULE: 'every night' })).toThrow(/PURGE_SCHEDULE: expected a cron pattern/);
    expect(parseConfig({ PURGE_SCHEDULE: 'off' }).PURGE_SCHEDULE).toBe('off');
    expect(parseConfig({}).PURGE_SCHEDULE).toBe('7 * * * *');
  });
});

describe('loopback addresses (#6)', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1', '::ffff:10.0.0.1', 'localhost.example.com'])('%s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});

describe('listening without tokens (#6)', () => {
  it('refuses a non-loopback HOST, saying why and what to do', async () => {
    const server = await start({ HOST: '0.0.0.0' });
    expect(await server.exited).toBe(1);
    expect(server.logs()).toMatch(/refusing to listen on 0\.0\.0\.0 without API tokens/);
    expect(server.logs()).toMatch(/npm run token -- create/);
  }, 120_000);

  it('serves on loopback, open, with a warning; schedules the purge and stops it on SIGTERM', async () => {
    const server = await start({ HOST: '127.0.0.1' });
    expect((await ask(server.port)).status).toBe(200);
    expect(server.logs()).toMatch(/"level":40,.*no API token defined: serving without authentication, on loopback only/);
    expect(server.logs()).toMatch(/"schedule":"7 \* \* \* \*".*"msg":"retention purge scheduled"/);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.logs()).toContain('"msg":"stopped"');
  }, 120_000);
});

describe('listening with a token (#6)', () => {
  it('listens on any address, and every request needs the token', async () => {
    const { secret } = await createToken(db.prisma, { name: 'startup-admin', scope: 'ADMIN' });
    const server = await start({ HOST: '0.0.0.0' });
    expect(server.child.exitCode).toBeNull();
    expect((await ask(server.port)).status).toBe(401);
    const answer = await ask(server.port, { authorization: `Bearer ${secret}` });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ data: { telemetryPolicy: { retentionDays: 90 } } });
    expect(server.logs()).not.toContain('no API token defined');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  }, 120_000);
});
