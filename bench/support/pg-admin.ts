/** Administrative statements (CREATE/DROP DATABASE) on a PostgreSQL server's `postgres` database. */
import pg from 'pg';

export async function pgAdmin(server: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
