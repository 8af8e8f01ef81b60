/**
 * Applies pending migrations to DATABASE_URL and exits; `npm start` does the same before serving.
 *
 *   npm run db:migrate
 */
import { db } from '../../src/db.js';
import { applyMigrations } from '../../src/sql/migrate.js';

try {
  const applied = await applyMigrations(db.sql);
  console.log(applied.length === 0 ? 'database is up to date' : `applied: ${applied.join(', ')}`);
} finally {
  await db.close();
}
