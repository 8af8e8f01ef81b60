/**
 * Authors the next migration for both providers, as `prisma migrate dev --create-only` would,
 * without the Prisma CLI (its native schema engine cannot be downloaded offline):
 *
 *   npm run db:new-migration -- <name>
 *
 * Re-derives prisma/postgresql/schema.prisma, then writes, with one timestamp for both,
 *   prisma/migrations/<timestamp>_<name>/migration.sql             (+ migration_lock.toml)
 *   prisma/postgresql/migrations/<timestamp>_<name>/migration.sql  (+ migration_lock.toml)
 * from the migrations already on disk and the schemas. Nothing is written when the schema has no
 * change. PostgreSQL needs a server for its scratch databases: $CARO_TEST_PG_URL, default
 * postgresql://postgres@127.0.0.1:5432.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { derivePostgresSchema, POSTGRES_SCHEMA, SOURCE_SCHEMA } from './derive-postgres-schema.ts';
import {
  createMigrationFor,
  LAYOUT,
  LOCKFILE,
  lockfileContent,
  MIGRATION_FILE,
  readMigrationsList,
  type Provider,
} from './schema-engine.ts';

const PROVIDERS: Provider[] = ['sqlite', 'postgresql'];

/** Prisma's migration folder prefix: the UTC time as YYYYMMDDHHMMSS. */
function timestamp(now = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function main(): Promise<number> {
  const raw = process.argv[2];
  const name = raw?.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!name) {
    console.error('usage: npm run db:new-migration -- <name>');
    return 2;
  }

  mkdirSync('prisma/postgresql', { recursive: true });
  writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(readFileSync(SOURCE_SCHEMA, 'utf8')));
  console.log(`derived ${POSTGRES_SCHEMA}`);

  // Both scripts are computed before anything is written, so a failure leaves no half migration.
  const scripts = new Map<Provider, string>();
  for (const provider of PROVIDERS) {
    const sql = await createMigrationFor(provider);
    if (sql !== null) scripts.set(provider, sql);
  }
  if (scripts.size === 0) {
    console.log('No schema change since the last migration: nothing written.');
    return 0;
  }
  if (scripts.size !== PROVIDERS.length) {
    // The PostgreSQL schema is derived from the SQLite one, so a change shows in both or neither.
    const missing = PROVIDERS.filter((p) => !scripts.has(p)).join(', ');
    console.error(`Only some providers have a change (none for: ${missing}); nothing written.`);
    return 1;
  }

  const folder = `${timestamp()}_${name}`;
  for (const provider of PROVIDERS) {
    // Migrations apply in folder-name order: the new one must sort last.
    const taken = readMigrationsList(provider).migrationDirectories.map((d) => d.path);
    if (taken.some((p) => p >= folder)) {
      console.error(`${LAYOUT[provider].migrations} has a migration at or after ${folder}; nothing written.`);
      return 1;
    }
  }
  for (const [provider, sql] of scripts) {
    const { migrations } = LAYOUT[provider];
    mkdirSync(join(migrations, folder), { recursive: true });
    writeFileSync(join(migrations, folder, MIGRATION_FILE), sql);
    writeFileSync(join(migrations, LOCKFILE), lockfileContent(provider));
    console.log(`wrote ${join(migrations, folder, MIGRATION_FILE)}`);
    console.log(`wrote ${join(migrations, LOCKFILE)}`);
  }
  return 0;
}

process.exitCode = await main();
