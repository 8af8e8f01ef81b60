/**
 * Whether an error means "the database cannot serve right now" (away, restarting, unreachable,
 * out of connections, locked, full) rather than "this request is wrong". Such failures are answered
 * 503 with Retry-After (code UNAVAILABLE) so that clients keep their records and retry; anything else
 * stays an unexpected error. Errors reach here raw from pg or better-sqlite3, or wrapped by Prisma's
 * driver adapters, so the whole cause chain is looked at.
 */

/** Node socket errors: the database host cannot be reached or dropped the connection. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 53 (insufficient resources: disk full,
 * out of memory, too many connections), 57P01–57P05 (shut down, restarting, crash recovery).
 */
const isUnavailablePgState = (code: string) => /^(08|53)[0-9A-Z]{3}$/.test(code) || /^57P0[1-5]$/.test(code);

/** SQLite primary result codes: BUSY, LOCKED, NOMEM, READONLY, IOERR, FULL, CANTOPEN, PROTOCOL. */
const SQLITE_CODES = new Set([5, 6, 7, 8, 10, 13, 14, 15]);
const SQLITE_NAMES = /^SQLITE_(BUSY|LOCKED|NOMEM|READONLY|IOERR|FULL|CANTOPEN|PROTOCOL)/;

/** Prisma's own codes for an unreachable server, a closed connection and an exhausted pool. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

/** Prisma driver-adapter error kinds that say the same. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseDoesNotExist']);

/** pg's errors without a code (its own connection handling). */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)|Can't reach database server/i;

function unavailableHere(error: Record<string, unknown>): boolean {
  const { code, kind, extendedCode, message } = error;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || PRISMA_CODES.has(code) || SQLITE_NAMES.test(code) || isUnavailablePgState(code)) return true;
    // Refused at connection time: the database exists but does not take connections (ALLOW_CONNECTIONS false).
    if (code === '55000' && typeof message === 'string' && MESSAGES.test(message)) return true;
  }
  if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return true;
  if (kind === 'postgres' && typeof code === 'string' && isUnavailablePgState(code)) return true;
  if (kind === 'sqlite' && typeof extendedCode === 'number' && SQLITE_CODES.has(extendedCode & 0xff)) return true;
  return typeof message === 'string' && MESSAGES.test(message);
}

export function isStorageUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 8) return false;
  const record = error as Record<string, unknown>;
  if (unavailableHere(record)) return true;
  const meta = record.meta as Record<string, unknown> | undefined;
  return [record.cause, record.originalError, meta?.driverAdapterError].some((inner) => inner !== undefined && isStorageUnavailable(inner, depth + 1));
}

/** Seconds a client should wait before retrying while the database is away. */
export const RETRY_AFTER_SECONDS = 5;
