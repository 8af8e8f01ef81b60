/**
 * Where the server agrees to listen (#6), started as `npm start` runs it: with no token defined it
 * serves on loopback only and warns; asked to listen elsewhere without a token it refuses to start
 * with a clear message; with a token it listens anywhere and every request needs one. It starts the
 * purge schedule and stops it on SIGTERM. Three starts per database: each costs a few seconds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { parseConfig } from '../../src/env.js';
import { createToken } from '../../src/privacy/tokens.js';
import { isLoopbackHost } from '../../src/server/use-auth.js';

const root = join(import.meta.dirname, '../..');
const START_SCRIPT = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string).replace(/^exec\s+/, '');
const dataDir = mkdtempSync(join(tmpdir(), 'caro-startup-'));

interface Started {
  child: ChildProcess;
  port: number;
  logs: () => string;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const running: ChildProcess[] = [];

/** `npm start` on this test file's database; resolves once the server answers /live, or has exited. */
async function start(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn('sh', ['-c', `exec ${START_SCRIPT}`], {
    cwd: root,
    env: {
      ...process.env,
      PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      PORT: String(port),
      CARO_DATA_DIR: dataDir,
      ...env,
    },
    stdio: 'pipe',
  });
  running.push(child);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  let ended = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => ((ended = true), resolve(code))));
  const deadline = Date.now() + 60_000;
  while (!ended && Date.now() < deadline) {
    if ((await fetch(`http://127.0.0.1:${port}/live`).then((r) => r.status, () => 0)) === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, port, logs: () => output, exited };
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
