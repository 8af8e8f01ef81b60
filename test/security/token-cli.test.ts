/**
 * `npm run token` (#6): creates a token (shown once, stored hashed), lists tokens without their
 * secrets, revokes them; a created token works at once, a revoked one stops at once.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '../../src/db.js';
import { yoga } from '../../src/yoga.js';
import { runTokenCli } from '../../scripts/token.js';

const root = join(import.meta.dirname, '../..');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runTokenCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

const statusWith = async (secret: string, query: string) =>
  (
    await yoga.fetch('http://caro.localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query }),
    })
  ).status;

describe('npm run token (#6)', () => {
  let secret = '';

  it('create prints the token once, alone on stdout; only its hash is stored', async () => {
    const result = await cli('create', '--scope', 'read', '--name', 'dashboard');
    expect(result.code).toBe(0);
    expect(result.out).toHaveLength(1);
    secret = result.out[0]!;
    expect(secret).toMatch(/^caro_[A-Za-z0-9_-]{43}$/);
    expect(result.err.join('\n')).toMatch(/Created READ token "dashboard" \(id [0-9a-f-]{36}\)\. Copy it now/);
    const stored = await db.prisma.apiToken.findMany();
    expect(JSON.stringify(stored)).not.toContain(secret);
  });

  it('the new token works at once, within its scope', async () => {
    expect(await statusWith(secret, '{ ingestionStats { telemetryEvents { count } } }')).toBe(200);
    expect(await statusWith(secret, 'mutation { ingestEvents(events: []) { accepted } }')).toBe(403);
  });

  it('list shows name, scope and dates, never a secret', async () => {
    const { code, out } = await cli('list');
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^ID\s+NAME\s+SCOPE\s+CREATED\s+LAST USED\s+REVOKED$/);
    expect(out[1]).toMatch(/dashboard\s+READ\s+\d{4}-\d\d-\d\dT[\d:]+Z\s+\d{4}-/);
    expect(out.join('\n')).not.toContain('caro_');
  });

  it.each([
    ['an unknown scope', ['create', '--scope', 'root', '--name', 'x'], /Allowed choices are ingest, read, admin/],
    ['no scope', ['create', '--name', 'x'], /--scope/],
    ['a name taken by an active token', ['create', '--scope', 'admin', '--name', 'dashboard'], /already named "dashboard"/],
    ['a name that is not an identifier', ['create', '--scope', 'admin', '--name', 'alice@example.com'], /a token name is/],
    ['an unknown token to revoke', ['revoke', 'nope'], /no active token with id or name "nope"/],
  ])('refuses %s (exit code 1)', async (_, argv, message) => {
    const { code, err } = await cli(...argv);
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(message);
  });

  it('revoke stops the token at the next request; list --all still shows it', async () => {
    expect((await cli('revoke', 'dashboard')).code).toBe(0);
    expect(await statusWith(secret, '{ __typename }')).toBe(401);
    expect((await cli('list')).out).toEqual([]);
    const all = await cli('list', '--all');
    expect(all.out[1]).toMatch(/dashboard\s+READ\s+\S+\s+\S+\s+\d{4}-\d\d-\d\dT/);
  });

  it('`npm run -s token -- create …` prints just the token, which works', async () => {
    const { code, stdout, stderr } = await run(['run', '-s', 'token', '--', 'create', '--scope', 'ingest', '--name', 'cli']);
    expect(code, stderr).toBe(0);
    const token = stdout.trim();
    expect(token).toMatch(/^caro_[A-Za-z0-9_-]{43}$/);
    expect(stderr).toContain('Created INGEST token "cli"');
    expect(await statusWith(token, 'mutation { ingestEvents(events: []) { accepted } }')).toBe(200);
  }, 60_000);
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('npm', args, { cwd: root, env: { ...process.env, LOG_LEVEL: 'silent' }, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
