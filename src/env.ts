/**
 * Configuration, parsed once at start; nothing else reads `process.env`. A bad value stops the
 * start with a message naming the variable.
 */
import { isIP } from 'node:net';
import { Cron } from 'croner';
import { z } from 'zod';

const isCronPattern = (pattern: string): boolean => {
  try {
    new Cron(pattern, { paused: true }).stop();
    return true;
  } catch {
    return false;
  }
};

/** Which X-Forwarded-For entries to believe (see TRUST_PROXY); null: none. */
export type TrustProxy = { hops: number } | { addresses: readonly string[] } | null;

/** An IP address, or a network as address/prefix length. */
const isAddressOrNetwork = (entry: string): boolean => {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};

/** `scheme://host[:port]`, exactly as a browser sends it in `Origin`. */
const isOrigin = (text: string): boolean => {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === text;
  } catch {
    return false;
  }
};

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
  /** Folder of the metric plugins; default: metrics/ of the project. */
  METRICS_DIR: z.string().min(1).optional(),
  /** Folder for the server's own files (the session-hash secret when none is configured). */
  CARO_DATA_DIR: z.string().min(1).default('./data'),
  /** Secret for the session-id HMAC (at least 32 characters). Generated once into CARO_DATA_DIR when unset. */
  SESSION_HASH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Telemetry events and survey responses older than this many days are refused and purged. */
  RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  /** Largest accepted request body, in bytes. */
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** When the server purges records past retention (cron, UTC), or `off`. Also: `npm run purge`. */
  PURGE_SCHEDULE: z
    .string()
    .refine((v) => v === 'off' || isCronPattern(v), 'expected a cron pattern (minute hour day month weekday) or off')
    .default('7 * * * *'),
  /** Rows deleted per purge statement: ingestion waits at most for one batch. */
  PURGE_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(2000),
  /** Gauges, subscription events and safety audits (no session) older than this many days are purged. Unset: kept. */
  SESSIONLESS_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).optional(),
  /** Requests per client address per RATE_LIMIT_WINDOW_SECONDS (kept in memory only); 0: no limit. */
  RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(0).default(600),
  /** Requests per API token per RATE_LIMIT_WINDOW_SECONDS; 0: no limit. */
  RATE_LIMIT_PER_TOKEN: z.coerce.number().int().min(0).default(6000),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  /**
   * The reverse proxies in front of the server, whose X-Forwarded-For entries are believed: their
   * number (`1`: one proxy, the client is the last address it appended) or their addresses and
   * networks (`10.0.0.2,10.1.0.0/16`: entries are skipped from the right while they are these).
   * `false` (default): the socket's peer is the client. Without tokens, any value but false refuses
   * to start (every proxied caller would be ADMIN).
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((text, ctx): TrustProxy => {
      const value = text.trim().toLowerCase();
      if (value === 'false' || value === '0' || value === '') return null;
      if (/^\d+$/.test(value)) return { hops: Number(value) };
      const addresses = value.split(',').map((entry) => entry.trim());
      if (value !== 'true' && addresses.every(isAddressOrNetwork)) return { addresses };
      ctx.addIssue({
        code: 'custom',
        message:
          'expected false, a number of proxies (1) or their addresses and networks (10.0.0.2,10.1.0.0/16); ' +
          '"true" trusted whatever the first X-Forwarded-For entry said',
      });
      return z.NEVER;
    }),
  /** Largest GraphQL operation: selection depth, aliases, cost (graphql-armor's formula) and tokens. */
  MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
  MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(100),
  MAX_QUERY_COST: z.coerce.number().int().min(1).default(20_000),
  MAX_QUERY_TOKENS: z.coerce.number().int().min(1).default(10_000),
  /** Most records `exportSessionData` returns; past it the NDJSON download (POST /export) serves them. */
  EXPORT_MAX_RECORDS: z.coerce.number().int().min(1).default(10_000),
  /** When the server evaluates alert rules (cron, UTC); each rule judges its last complete period. */
  ALERT_EVALUATION_CRON: z.string().refine(isCronPattern, 'expected a cron pattern (minute hour day month weekday)').default('5 * * * *'),
  /** Where alert notifications are posted (Alertmanager webhook format), http or https; redirects are not followed. Unset: none are sent. */
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' }).optional(),
  /**
   * Signs each notification the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature).
   * `whsec_<base64>` as Standard Webhooks libraries take it, or any text of 16 characters or more.
   * Required with ALERT_WEBHOOK_URL.
   */
  ALERT_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Re-notify a rule that keeps firing this often, in minutes. */
  ALERT_REPEAT_MINUTES: z.coerce.number().int().min(1).default(240),
  /**
   * Where metric queries read: `rollups` (the default) answers each leaf from the smallest rollup
   * table that answers it exactly and from raw records otherwise; `raw` reads raw records only (for
   * comparison and tests). Both give the same values.
   */
  CARO_QUERY_SOURCE: z.enum(['rollups', 'raw']).default('rollups'),
  /** A metric query running longer than this is stopped and answered with code QUERY_TIMEOUT. */
  QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  /**
   * How long an answer of the read API (metrics, dashboards, alerts, report) may be served from the
   * server's memory while no data changed in this process; also the most a cached answer lags time
   * (a rolling window's end) or a write by another process. 0: no cache (ETags still work).
   */
  QUERY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Memory for cached answers, in MiB (approximate: their JSON size). */
  QUERY_CACHE_MB: z.coerce.number().min(1).max(4096).default(32),
  /** Metric queries run at once: SQLite worker threads, or PostgreSQL read connections. */
  QUERY_WORKERS: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * At start, in the background, each dashboard is computed over its review window this many
   * times (src/server/warm-up.ts), so that the first ones users open are faster. 0: off.
   */
  QUERY_WARM_UP_ROUNDS: z.coerce.number().int().min(0).max(10).default(2),
  /**
   * A session's first-seen record (its first telemetry time and the attributes new-user metrics
   * split by) outlives the event purge, so that total users stay cumulative and a returning session
   * is never new again. It is dropped when the session is deleted, or once the session has sent
   * nothing for this many days.
   */
  FIRST_SEEN_RETENTION_DAYS: z.coerce.number().int().min(1).max(36500).default(400),
  /**
   * Web origins allowed to call the API from a browser, comma-separated (`https://dash.example.com`).
   * Empty (the default): pages of other origins are refused and get no CORS headers; the server's own
   * origin always may.
   */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((text) => text.split(',').map((origin) => origin.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine(isOrigin, 'expected origins like https://dash.example.com (scheme, host and port only; no *)'))),
  /** A notification not delivered this many hours after it was queued is given up (retried with backoff until then). */
  ALERT_DELIVERY_EXPIRY_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(24),
  /** Session exports and deletions per client address per hour (each deletion keeps a tombstone); 0: no limit. */
  SESSION_DATA_REQUESTS_PER_HOUR: z.coerce.number().int().min(0).default(20),
  /**
   * On SIGTERM/SIGINT, how long requests under way (batches) may take to finish, in ms; then the
   * connections still open are closed and the process exits. Idle keep-alive connections close at once.
   */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(20_000),
}).refine((c) => !c.ALERT_WEBHOOK_URL || c.ALERT_WEBHOOK_SECRET, {
  path: ['ALERT_WEBHOOK_SECRET'],
  message: 'is required when ALERT_WEBHOOK_URL is set',
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
