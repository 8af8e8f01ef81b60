/**
 * Configuration, parsed once at start; nothing else reads `process.env`. A bad value stops the
 * start with a message naming the variable.
 */
import { z } from 'zod';

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  /** Port of the HTTP server. */
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  /** Address to listen on; loopback by default. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** `file:<path>` (SQLite, the default) or `postgresql://…`. */
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, 'expected file:<path> or postgresql://…')
    .default('file:./data/caro-metrics.db'),
  /** Folder for the server's own files (the session-hash secret when none is configured). */
  CARO_DATA_DIR: z.string().min(1).default('./data'),
  /** Secret for the session-id HMAC (at least 32 characters). Generated once into CARO_DATA_DIR when unset. */
  SESSION_HASH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Telemetry events and survey responses older than this many days are refused and purged. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Largest accepted request body, in bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

/** Parses a configuration; throws one error listing every bad variable. */
export function parseConfig(source: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const env: Config = parseConfig(process.env);

export type Dialect = 'sqlite' | 'postgresql';

export function dialectOf(databaseUrl: string): Dialect {
  return databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql';
}
