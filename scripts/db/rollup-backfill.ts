/**
 * Prints the SQL that fills the rollup tables from the stored events (src/rollups/maintain.ts,
 * `backfill`), for one provider, to append to the migration that creates or changes a rollup:
 *
 *   npm run db:rollup-backfill -- sqlite >> prisma/migrations/<timestamp>_<name>/migration.sql
 *   npm run db:rollup-backfill -- postgresql >> prisma/postgresql/migrations/<timestamp>_<name>/migration.sql
 *   npm run db:rollup-backfill -- sqlite inference_days     # only these tables
 *
 * A migration that changes a rollup's columns must empty it first (DELETE FROM <table>) and fill it
 * again with this.
 */
import { backfill } from '../../src/rollups/maintain.js';

const [dialect, ...tables] = process.argv.slice(2);
if (dialect !== 'sqlite' && dialect !== 'postgresql') {
  console.error('usage: npm run db:rollup-backfill -- sqlite|postgresql [table …]');
  process.exit(2);
}
console.log('\n-- Backfill: the rollups of the events already stored (npm run db:rollup-backfill).');
/** A value of the rollup definitions (never input) as an SQL literal: migrations are plain scripts. */
const literal = (value: unknown): string => {
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return dialect === 'postgresql' ? String(value).toUpperCase() : value ? '1' : '0';
  throw new Error(`no literal for ${String(value)}`);
};
for (const statement of backfill(dialect, tables.length > 0 ? tables : undefined)) {
  const { text, values } = statement.render(dialect);
  let next = 0;
  const script = dialect === 'postgresql' ? text.replace(/\$(\d+)/g, (_, n: string) => literal(values[Number(n) - 1])) : text.replace(/\?/g, () => literal(values[next++]));
  console.log(`${script.replace(/\n\s+/g, '\n  ')};\n`);
}
