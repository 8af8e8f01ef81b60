/**
 * Everything the three baselines write differently, and nothing else: how an instant is spelled and
 * moved, the UTC day, day-long bins, percentiles, booleans, floating division, and the one place where
 * the best plan differs (the latest value before an instant). SQLite keeps
 * instants as epoch milliseconds and booleans as 0/1 (src/db.ts); PostgreSQL as timestamptz and
 * boolean; the DuckDB copy (bench/support/duckdb.ts) as TIMESTAMP holding UTC and BOOLEAN.
 */
export type HandDialect = 'sqlite' | 'postgresql' | 'duckdb';

export const DAY_MS = 86_400_000;

export interface DialectSql {
  /** A literal instant. */
  instant(at: Date): string;
  /** A literal floating-point number. */
  double(x: number): string;
  /** `x + ms`, `ms` a whole number of milliseconds. */
  addMs(x: string, ms: number): string;
  /** Midnight UTC of the instant's day. */
  utcDay(x: string): string;
  /** Seconds from `from` to `to`, fractional. */
  seconds(from: string, to: string): string;
  /** The start of the day-long bin holding `x`, bins starting `phaseMs` after each UTC midnight. */
  dayBin(x: string, phaseMs: number): string;
  greatest(parts: readonly string[]): string;
  /** Continuous percentile (linear interpolation between closest ranks), `p` from 0 to 100. */
  percentile(x: string, p: number): string;
  isTrue(x: string): string;
  /** `x` as a double, so that `/` divides as floating point. */
  real(x: string): string;
  /**
   * How "the latest value a session sent before t" is found. A row store with the app's index on
   * (session_hash, timestamp) answers it with one index probe per session and instant (`lookup`);
   * DuckDB, a column store without that index, by joining each session's runs of equal values
   * (`runs`, window functions over one pass).
   */
  latest: 'lookup' | 'runs';
}

const greatest = (name: string) => (parts: readonly string[]) => (parts.length === 1 ? parts[0]! : `${name}(${parts.join(', ')})`);
const ms = (n: number) => String(Math.trunc(n));

const sqlite: DialectSql = {
  instant: (at) => ms(at.getTime()),
  double: (x) => (Number.isInteger(x) ? `${x}.0` : String(x)),
  addMs: (x, n) => `(${x} + ${ms(n)})`,
  // Instants are positive here (after 1970), so integer division floors.
  utcDay: (x) => `((${x} / ${DAY_MS}) * ${DAY_MS})`,
  seconds: (from, to) => `((${to} - ${from}) / 1000.0)`,
  dayBin: (x, phase) => (phase === 0 ? `((${x} / ${DAY_MS}) * ${DAY_MS})` : `(((${x} - ${phase}) / ${DAY_MS}) * ${DAY_MS} + ${phase})`),
  greatest: greatest('MAX'),
  percentile: (x, p) => `percentile(${x}, ${p})`,
  isTrue: (x) => `${x} = 1`,
  real: (x) => `CAST(${x} AS REAL)`,
  latest: 'lookup',
};

const percentileCont = (x: string, p: number) => `percentile_cont(${p / 100}) WITHIN GROUP (ORDER BY ${x})`;

const postgresql: DialectSql = {
  instant: (at) => `TIMESTAMPTZ '${at.toISOString()}'`,
  double: (x) => `CAST(${x} AS DOUBLE PRECISION)`,
  // Milliseconds, not days: a day interval on timestamptz follows the session's time zone.
  addMs: (x, n) => `(${x} + INTERVAL '${ms(n)} milliseconds')`,
  utcDay: (x) => `date_trunc('day', ${x}, 'UTC')`,
  seconds: (from, to) => `EXTRACT(EPOCH FROM (${to} - ${from}))`,
  dayBin: (x, phase) => `date_bin(INTERVAL '1 day', ${x}, TIMESTAMPTZ '${new Date(phase).toISOString()}')`,
  greatest: greatest('GREATEST'),
  percentile: percentileCont,
  isTrue: (x) => x,
  real: (x) => `CAST(${x} AS DOUBLE PRECISION)`,
  latest: 'lookup',
};

/** A naive TIMESTAMP literal of a UTC instant. */
const naive = (at: Date) => `TIMESTAMP '${at.toISOString().replace('T', ' ').replace('Z', '')}'`;

const duckdb: DialectSql = {
  ...postgresql,
  instant: naive,
  double: (x) => `CAST(${x} AS DOUBLE)`,
  utcDay: (x) => `date_trunc('day', ${x})`,
  seconds: (from, to) => `((epoch_ms(${to}) - epoch_ms(${from})) / 1000.0)`,
  dayBin: (x, phase) => `time_bucket(INTERVAL '1 day', ${x}, ${naive(new Date(phase))})`,
  real: (x) => `CAST(${x} AS DOUBLE)`,
  latest: 'runs',
};

export const DIALECTS: Record<HandDialect, DialectSql> = { sqlite, postgresql, duckdb };
