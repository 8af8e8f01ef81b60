/**
 * The committed migrations must build exactly the data model: for each provider, the schema engine
 * replays the committed migrations into a shadow database and diffs it against the schema, which must
 * find nothing. When this fails, run `npm run db:new-migration -- <name>` (or fix the migrations).
 *
 * PostgreSQL: $CARO_TEST_PG_URL is the server (no database), default postgresql://postgres@127.0.0.1:5432;
 * the scratch databases (caro_mig_*) are dropped by the helpers whatever the outcome.
 */
import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { derivePostgresSchema, POSTGRES_SCHEMA, SOURCE_SCHEMA } from '../../scripts/db/derive-postgres-schema.ts';
import { DEFAULT_PG_SERVER, diffMigrationsAgainstSchema, LAYOUT } from '../../scripts/db/schema-engine.ts';

const PG_SERVER = process.env.CARO_TEST_PG_URL || DEFAULT_PG_SERVER;
const TIMEOUT = 60_000;
/** Under a per-database vitest project (CARO_TEST_DB), only that database's case runs. */
const only = process.env.CARO_TEST_DB;
const skipUnless = (provider: string) => only !== undefined && only !== '' && only !== provider;

describe('migrations', () => {
  it.skipIf(skipUnless('sqlite'))(
    `SQLite: ${LAYOUT.sqlite.migrations} build exactly ${LAYOUT.sqlite.schema}`,
    async () => {
      const pending = await diffMigrationsAgainstSchema('sqlite');
      expect(pending, 'the schema has changes no migration makes').toBeNull();
    },
    TIMEOUT,
  );

  it.skipIf(skipUnless('postgresql'))(
    `PostgreSQL: ${LAYOUT.postgresql.migrations} build exactly ${LAYOUT.postgresql.schema}`,
    async () => {
      const pending = await diffMigrationsAgainstSchema('postgresql', { pgServer: PG_SERVER });
      expect(pending, 'the schema has changes no migration makes').toBeNull();
    },
    TIMEOUT,
  );

  it.skipIf(skipUnless('sqlite'))(`${POSTGRES_SCHEMA} is derived from the current ${SOURCE_SCHEMA}`, () => {
    const derived = derivePostgresSchema(readFileSync(SOURCE_SCHEMA, 'utf8'));
    expect(readFileSync(POSTGRES_SCHEMA, 'utf8'), 'run `npm run db:derive`').toBe(derived);
  });
});
