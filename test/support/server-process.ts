/**
 * The real server as `npm start` runs it (package.json's start script, `exec`'d so that signals reach
 * the server itself), for the suites that need a process: restarts, signals, kill -9, dropped
 * database connections. Output is kept for assertions and failure messages.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from './net.js';

const root = join(import.meta.dirname, '../..');
/** package.json's start script, without a leading `exec` (the spawn adds its own). */
const START_SCRIPT = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start as string).replace(/^exec\s+/, '');

export interface ServerProcess {
  url: string;
  port: number;
  child: ChildProcess;
  logs(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Whether the process has exited. */
  ended(): boolean;
}

/**
 * Starts the server with `env` over a production-like environment (variables given as undefined are
 * removed), and resolves once `ready` answers 200, or the process has exited, or after 60 s.
 */
export async function startServer(env: Record<string, string | undefined>, ready: '/health' | '/live' = '/health'): Promise<ServerProcess> {
  const port = await freePort();
  const merged: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${join(root, 'node_modules/.bin')}:${process.env.PATH ?? ''}`,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    ...env,
  };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete merged[name];
  const child = spawn('sh', ['-c', `exec ${START_SCRIPT}`], { cwd: root, env: merged, stdio: 'pipe' });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  let ended = false;
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => ((ended = true), resolve(code))));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (!ended && Date.now() < deadline) {
    if ((await fetch(`${url}${ready}`).then((r) => r.status, () => 0)) === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, port, child, logs: () => output, exited, ended: () => ended };
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** One GraphQL POST over HTTP; the body is parsed when it is JSON. */
export async function postGraphQL(url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: HttpAnswer['body'] = {};
  try {
    body = JSON.parse(text) as HttpAnswer['body'];
  } catch {
    // Not JSON: the status says it all.
  }
  return { status: response.status, headers: response.headers, body };
}

export const INGEST_EVENTS = 'mutation($e: [TelemetryEventInput!]!) { ingestEvents(events: $e) { accepted duplicates rejected } }';
