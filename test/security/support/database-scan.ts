/**
 * The whole database as text, every row of every table (Prisma's migration history included), for
 * suites that assert that something is stored nowhere.
 */
import { db } from '../../../src/db.js';
import { sql } from '../../../src/sql/fragment.js';

export async function tableNames(): Promise<string[]> {
  const rows =
    db.dialect === 'sqlite'
      ? await db.sql.query<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
      : await db.sql.query<{ name: string }>(sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`);
  return rows.map((r) => r.name);
}

/** Table name → its rows as JSON text, lower-cased (UUIDs and e-mails are case-insensitive). */
export async function dumpDatabase(): Promise<Map<string, string>> {
  const dump = new Map<string, string>();
  for (const table of await tableNames()) {
    const rows = await db.sql.query(sql`SELECT * FROM ${sql.raw(`"${table}"`)}`);
    dump.set(table, JSON.stringify(rows, (_, value) => (typeof value === 'bigint' ? String(value) : value)).toLowerCase());
  }
  return dump;
}

/** Which of `needles` occur where: `[]` when none is stored anywhere. */
export async function findInDatabase(needles: readonly string[]): Promise<{ table: string; needle: string }[]> {
  const found: { table: string; needle: string }[] = [];
  for (const [table, text] of await dumpDatabase())
    for (const needle of needles) {
      const escaped = JSON.stringify(needle.toLowerCase()).slice(1, -1);
      if (text.includes(needle.toLowerCase()) || text.includes(escaped)) found.push({ table, needle });
    }
  return found;
}
