/**
 * Creates, lists and revokes API tokens in DATABASE_URL (applying pending migrations first, so a
 * token can be made before the server's first start).
 *
 *   npm run token -- create --scope read --name dashboard   # prints the token once
 *   npm run token -- list [--all]                           # --all: revoked ones too
 *   npm run token -- revoke <id or name>
 *
 * `create` prints the token alone on stdout (the rest goes to stderr), so that
 * `TOKEN=$(npm run -s token -- create --scope ingest --name cli)` captures just the token.
 */
import { pathToFileURL } from 'node:url';
import { Command, Option } from 'commander';
import { db } from '../src/db.js';
import { createToken, listTokens, parseScope, revokeToken, SCOPES, TokenError, type TokenInfo } from '../src/privacy/tokens.js';
import { applyMigrations } from '../src/sql/migrate.js';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

const consoleOutput: Output = { out: (line) => console.log(line), err: (line) => console.error(line) };

const when = (date: Date | null) => (date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

function table(tokens: TokenInfo[]): string[] {
  const rows = [['ID', 'NAME', 'SCOPE', 'CREATED', 'LAST USED', 'REVOKED']].concat(
    tokens.map((t) => [t.id, t.name, t.scope, when(t.createdAt), when(t.lastUsedAt), when(t.revokedAt)]),
  );
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

/** The `token` command; `output` is where it writes (tests capture it). */
export function tokenProgram(output: Output = consoleOutput): Command {
  const program = new Command('token').description('Manage API tokens (stored hashed; shown once at creation).');
  program.configureOutput({ writeOut: (s) => output.out(s.trimEnd()), writeErr: (s) => output.err(s.trimEnd()) });
  program
    .command('create')
    .description('Create a token and print it (once).')
    .addOption(new Option('--scope <scope>', 'what it may do').choices(SCOPES.map((s) => s.toLowerCase())).makeOptionMandatory())
    .requiredOption('--name <name>', 'who or what uses it, e.g. dashboard (unique among active tokens)')
    .action(async (options: { scope: string; name: string }) => {
      const { token, secret } = await createToken(db.prisma, { name: options.name, scope: parseScope(options.scope) });
      output.err(`Created ${token.scope} token "${token.name}" (id ${token.id}). Copy it now: it is not shown again.`);
      output.out(secret);
    });
  program
    .command('list')
    .description('List tokens (never their secrets).')
    .option('--all', 'include revoked tokens')
    .action(async (options: { all?: boolean }) => {
      const tokens = await listTokens(db.prisma, { includeRevoked: options.all ?? false });
      if (tokens.length === 0) output.err('No tokens: the server serves only on loopback, without authentication.');
      else for (const line of table(tokens)) output.out(line);
    });
  program
    .command('revoke')
    .description('Revoke a token by id or name; it stops working at the next request.')
    .argument('<id-or-name>')
    .action(async (idOrName: string) => {
      const token = await revokeToken(db.prisma, idOrName);
      output.err(`Revoked ${token.scope} token "${token.name}" (id ${token.id}).`);
    });
  return program;
}

/** Runs the command line; returns the exit code. */
export async function runTokenCli(argv: readonly string[], output: Output = consoleOutput): Promise<number> {
  const program = tokenProgram(output).exitOverride();
  for (const command of program.commands) command.exitOverride();
  try {
    await applyMigrations(db.sql);
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof TokenError) output.err(`token: ${error.message}`);
    else if ((error as { code?: string }).code?.startsWith('commander.')) return (error as { exitCode?: number }).exitCode ?? 1;
    else throw error;
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    process.exitCode = await runTokenCli(process.argv.slice(2));
  } finally {
    await db.close();
  }
}
