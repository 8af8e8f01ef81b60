/**
 * API tokens. A token is `caro_` + 256 random bits, shown once when it is created; only its SHA-256
 * is stored (with that much entropy a fast hash is enough: there is nothing to guess), so a copy of
 * the database grants nothing. Created, listed and revoked with `npm run token` (scripts/token.ts);
 * checked on every request by src/server/use-auth.ts.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { PrismaClient } from '../db.js';
import type { SqlExecutor } from '../sql/driver.js';
import { sql } from '../sql/fragment.js';

/**
 * What a token may do (src/server/access.ts maps every field to scopes):
 * INGEST writes records and exports or deletes the session whose id it presents;
 * READ reads metrics, dashboards, alerts and reports; ADMIN does everything.
 */
export const SCOPES = ['INGEST', 'READ', 'ADMIN'] as const;
export type Scope = (typeof SCOPES)[number];

export const TOKEN_PREFIX = 'caro_';
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export interface TokenInfo {
  id: string;
  name: string;
  scope: Scope;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Who is calling: a token, or the open loopback server (no token defined), which acts as ADMIN. */
export interface Principal {
  tokenId: string | null;
  name: string;
  scope: Scope;
}

export class TokenError extends Error {}

export const hashToken = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function parseScope(value: string): Scope {
  const scope = value.toUpperCase();
  if (!(SCOPES as readonly string[]).includes(scope)) throw new TokenError(`unknown scope "${value}" (${SCOPES.join(', ').toLowerCase()})`);
  return scope as Scope;
}

const toInfo = (row: { id: string; name: string; scope: string; createdAt: Date; revokedAt: Date | null; lastUsedAt: Date | null }): TokenInfo => ({
  ...row,
  scope: row.scope as Scope,
});

/** Creates a token; `secret` is returned this once and never stored. Names of active tokens are unique. */
export async function createToken(
  prisma: PrismaClient,
  input: { name: string; scope: Scope; now?: Date },
): Promise<{ token: TokenInfo; secret: string }> {
  if (!NAME_PATTERN.test(input.name)) throw new TokenError(`a token name is 1-64 letters, digits, ".", "_" or "-" (${NAME_PATTERN.source})`);
  const clash = await prisma.apiToken.findFirst({ where: { name: input.name, revokedAt: null } });
  if (clash) throw new TokenError(`an active token is already named "${input.name}"; revoke it or choose another name`);
  const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  const row = await prisma.apiToken.create({
    data: { id: randomUUID(), name: input.name, scope: input.scope, tokenHash: hashToken(secret), createdAt: input.now ?? new Date() },
  });
  return { token: toInfo(row), secret };
}

export async function listTokens(prisma: PrismaClient, options: { includeRevoked?: boolean } = {}): Promise<TokenInfo[]> {
  const rows = await prisma.apiToken.findMany({
    where: options.includeRevoked ? {} : { revokedAt: null },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toInfo);
}

/** Revokes the active token with this id or name; it stops working at the next request. */
export async function revokeToken(prisma: PrismaClient, idOrName: string, now = new Date()): Promise<TokenInfo> {
  const matches = await prisma.apiToken.findMany({ where: { revokedAt: null, OR: [{ id: idOrName }, { name: idOrName }] } });
  if (matches.length === 0) throw new TokenError(`no active token with id or name "${idOrName}"`);
  const row = await prisma.apiToken.update({ where: { id: matches[0]!.id }, data: { revokedAt: now } });
  return toInfo(row);
}

export interface TokenAuthenticator {
  /** Whether any unrevoked token exists (none: the loopback-only open mode). */
  anyActive(): Promise<boolean>;
  /** The principal of an unrevoked token, or null. */
  verify(secret: string): Promise<Principal | null>;
}

/**
 * Checks tokens on the hot path with one indexed lookup (raw SQL). No cache: a token created or
 * revoked by `npm run token` in another process counts from the next request. `last_used_at` is
 * written at most once per `touchIntervalMs` per token, so requests do not queue on writes.
 */
export function createTokenAuthenticator(
  driver: SqlExecutor,
  options: { touchIntervalMs?: number; onTouchError?: (error: unknown) => void } = {},
): TokenAuthenticator {
  const touchIntervalMs = options.touchIntervalMs ?? 60_000;
  const lastTouched = new Map<string, number>();
  const touch = (id: string) => {
    const now = Date.now();
    if (now - (lastTouched.get(id) ?? 0) < touchIntervalMs) return;
    lastTouched.set(id, now);
    driver.execute(sql`UPDATE api_tokens SET last_used_at = ${new Date(now)} WHERE id = ${id}`).catch(options.onTouchError ?? (() => {}));
  };
  return {
    async anyActive() {
      const rows = await driver.query(sql`SELECT 1 AS one FROM api_tokens WHERE revoked_at IS NULL LIMIT 1`);
      return rows.length > 0;
    },
    async verify(secret) {
      if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
      const [row] = await driver.query<{ id: string; name: string; scope: string }>(
        sql`SELECT id, name, scope FROM api_tokens WHERE token_hash = ${hashToken(secret)} AND revoked_at IS NULL`,
      );
      if (!row || !(SCOPES as readonly string[]).includes(row.scope)) return null;
      touch(row.id);
      return { tokenId: row.id, name: row.name, scope: row.scope as Scope };
    },
  };
}
