/**
 * Parameterized SQL that renders for either dialect. Every hot-path query (ingestion, aggregation)
 * is built from these, so values never reach the SQL text.
 *
 *   sql`SELECT count(*) FROM telemetry_events WHERE timestamp >= ${from}`
 */
import type { Dialect } from '../env.js';

export type SqlValue = string | number | boolean | null | Date | bigint | readonly unknown[];

export class SqlFragment {
  constructor(
    readonly strings: readonly string[],
    readonly values: readonly (SqlValue | SqlFragment)[],
  ) {}

  /** Text with dialect placeholders (`?` or `$n`) and the driver values, Dates and booleans converted. */
  render(dialect: Dialect): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const text = this.renderInto(dialect, values);
    return { text, values };
  }

  private renderInto(dialect: Dialect, out: unknown[]): string {
    let text = this.strings[0] ?? '';
    this.values.forEach((value, i) => {
      if (value instanceof SqlFragment) {
        text += value.renderInto(dialect, out);
      } else {
        out.push(toDriverValue(dialect, value));
        text += dialect === 'postgresql' ? `$${out.length}` : '?';
      }
      text += this.strings[i + 1] ?? '';
    });
    return text;
  }
}

/**
 * SQLite keeps instants as epoch milliseconds (Prisma's `unixepoch-ms` format, see src/db.ts) and
 * booleans as 0/1; PostgreSQL takes Dates and booleans as they are.
 */
export function toDriverValue(dialect: Dialect, value: SqlValue): unknown {
  if (dialect === 'postgresql') return value;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

export function sql(strings: TemplateStringsArray, ...values: (SqlValue | SqlFragment)[]): SqlFragment {
  return new SqlFragment(strings, values);
}

/** Trusted SQL text (identifiers from code, never from input). */
sql.raw = (text: string): SqlFragment => new SqlFragment([text], []);

sql.join = (parts: readonly SqlFragment[], separator = ', '): SqlFragment => {
  if (parts.length === 0) return sql.raw('');
  const strings = ['', ...parts.slice(1).map(() => separator), ''];
  return new SqlFragment(strings, parts);
};
