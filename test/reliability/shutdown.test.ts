/**
 * Issue #11, item 8: a half-sent request kept the process alive for more than 360 s after SIGTERM.
 * Idle keep-alive connections are closed at once; requests under way get SHUTDOWN_GRACE_MS, then
 * what is still open is cut and the process exits. The real server, over raw sockets.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/env.js';
import { type ServerProcess, startServer } from '../support/server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'caro-shutdown-'));
const sockets: Socket[] = [];
let server: ServerProcess | undefined;

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
  if (server && !server.ended()) server.child.kill('SIGKILL');
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const start = (env: Record<string, string> = {}) =>
  startServer({ DATABASE_URL: process.env.DATABASE_URL, CARO_DATA_DIR: dataDir, PURGE_SCHEDULE: 'off', ...env });

/** A raw connection that has sent `text`; resolves once connected and written. */
async function openWith(port: number, text: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  await new Promise<void>((resolve) => socket.write(text, () => resolve()));
  return socket;
}

/** Milliseconds from SIGTERM to the exit, and the exit code. */
async function terminate(running: ServerProcess): Promise<{ ms: number; code: number | null }> {
  const started = Date.now();
  running.child.kill('SIGTERM');
  const code = await running.exited;
  return { ms: Date.now() - started, code };
}

describe('shutdown has a deadline (#11)', () => {
  it('SHUTDOWN_GRACE_MS defaults to 20 s', () => {
    expect(parseConfig({}).SHUTDOWN_GRACE_MS).toBe(20_000);
  });

  it('an idle keep-alive connection does not hold the process: it exits at once, well within the grace', async () => {
    server = await start();
    const socket = await openWith(server.port, 'GET /live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    const { ms, code } = await terminate(server);
    expect(code, server.logs()).toBe(0);
    // The default grace is 20 s; closing the idle connection takes no part of it.
    expect(ms).toBeLessThan(5000);
  }, 90_000);

  it('a half-sent request is cut when the grace runs out, and the process exits 0', async () => {
    server = await start({ SHUTDOWN_GRACE_MS: '1500' });
    // Announces 1 000 bytes of body and sends 10.
    await openWith(server.port, 'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const { ms, code } = await terminate(server);
    expect(code, server.logs()).toBe(0);
    // It waits for the grace (1.5 s) and not much longer (closing the database, exiting).
    expect(ms).toBeGreaterThanOrEqual(1400);
    expect(ms).toBeLessThan(1500 + 4000);
    expect(server.logs()).toContain('grace period over: closing the connections still open');
    expect(server.logs()).toContain('"msg":"stopped"');
  }, 90_000);
});
